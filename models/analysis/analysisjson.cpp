#include "analysis/analysisjson.h"

#include "formats/jsonbody.h"

#include <nlohmann/json.hpp>

namespace headroom {

namespace {

using Json = nlohmann::json;
using json::orNull;

const char *sourceName(UsageSource source)
{
    switch (source) {
    case UsageSource::None:
        return "none";
    case UsageSource::Counters:
        return "counters";
    case UsageSource::ClientRequests:
        return "client_requests";
    case UsageSource::RemainingGauge:
        return "remaining_gauge";
    }
    return "none";
}

Json limitToJson(const Headroom &h)
{
    return {{"limit", orNull(h.limit)},
            {"used", orNull(h.used)},
            {"headroom", orNull(h.headroom)},
            {"fraction", orNull(h.fraction)},
            {"seconds_to_exhaustion", orNull(h.secondsToExhaustion)},
            {"source", sourceName(h.source)}};
}

} // namespace

Json headroomToJson(const EntityHeadroom &headroom)
{
    return {{"name", headroom.name.toStdString()},
            {"group", headroom.group.toStdString()},
            {"rpm", limitToJson(headroom.rpm)},
            {"tpm", limitToJson(headroom.tpm)}};
}

Json eventToJson(const Event &event)
{
    return {{"seq", event.seq},
            {"time_ms", event.timeMs},
            {"kind", eventKindName(event.kind).toStdString()},
            {"severity", severityName(event.severity).toStdString()},
            {"group", event.group.toStdString()},
            {"deployment", event.deployment.toStdString()},
            {"edge_from", event.edgeFrom.toStdString()},
            {"edge_to", event.edgeTo.toStdString()},
            {"message", event.message.toStdString()}};
}

Json analysisToJson(const MetricsStore &store)
{
    Json groups = Json::array();
    for (const EntityHeadroom &h : groupHeadrooms(store)) {
        groups.push_back(headroomToJson(h));
    }
    Json deployments = Json::array();
    for (const EntityHeadroom &h : deploymentHeadrooms(store)) {
        deployments.push_back(headroomToJson(h));
    }
    return {{"groups", groups}, {"deployments", deployments}};
}

} // namespace headroom
