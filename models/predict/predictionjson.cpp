#include "predict/predictionjson.h"

#include "formats/jsonbody.h"

#include <nlohmann/json.hpp>

namespace headroom {

nlohmann::json predictionToJson(const CascadePrediction &p)
{
    using Json = nlohmann::json;
    Json path = Json::array();
    for (const QString &g : p.path) {
        path.push_back(g.toStdString());
    }
    Json groups = Json::array();
    for (const GroupPrediction &g : p.groups) {
        groups.push_back({{"group", g.group.toStdString()},
                          {"saturates_in_s", json::orNull(g.saturatesInSeconds)},
                          {"fed_by", g.fedBy.isEmpty() ? Json() : Json(g.fedBy.toStdString())},
                          {"attempts_per_request", g.attemptsPerRequest},
                          {"worst_case_attempts", g.worstCaseAttempts},
                          {"client_429_per_s", g.clientErrorsPerSecond}});
    }
    Json edges = Json::array();
    for (const PredictedEdge &e : p.edges) {
        edges.push_back({{"from", e.from.toStdString()},
                         {"to", e.to.toStdString()},
                         {"requests_per_s", e.requestsPerSecond}});
    }
    return {{"cascade", p.isCascade()},
            {"summary", p.summary().toStdString()},
            {"horizon_s", p.horizonSeconds},
            {"path", path},
            {"groups", groups},
            {"edges", edges}};
}

} // namespace headroom
