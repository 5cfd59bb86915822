#include "sample/samplejson.h"

#include "formats/jsonbody.h"
#include "sample/samplechain.h"

#include <nlohmann/json.hpp>
#include <QDateTime>

namespace headroom {

namespace {

using Json = nlohmann::json;
using json::orNull;

Json text(const QString &value)
{
    return value.toStdString();
}

const char *namingName(MetricNaming naming)
{
    switch (naming) {
    case MetricNaming::None:
        return "none";
    case MetricNaming::Current:
        return "current";
    case MetricNaming::Legacy:
        return "legacy";
    case MetricNaming::Mixed:
        return "mixed";
    case MetricNaming::Unversioned:
        return "unversioned";
    }
    return "none";
}

} // namespace

Json sampleToJson(const ProxySample &sample)
{
    Json deployments = Json::array();
    for (const DeploymentSample &d : sample.deployments) {
        deployments.push_back({{"id", text(d.id)},
                               {"group", text(d.group)},
                               {"model", text(d.model)},
                               {"provider", text(d.provider)},
                               {"api_base", text(d.apiBase)},
                               {"credential_fingerprint", text(d.credentialFingerprint)},
                               {"rpm_limit", orNull(d.rpmLimit)},
                               {"tpm_limit", orNull(d.tpmLimit)},
                               {"remaining_requests", orNull(d.remainingRequests)},
                               {"remaining_tokens", orNull(d.remainingTokens)},
                               {"state", orNull(d.state)},
                               {"success_total", orNull(d.successTotal)},
                               {"failure_total", orNull(d.failureTotal)},
                               {"rate_limited_total", orNull(d.rateLimitedTotal)},
                               {"cooled_down_total", orNull(d.cooledDownTotal)},
                               {"tokens_total", orNull(d.tokensTotal)}});
    }
    Json groups = Json::array();
    for (const GroupSample &g : sample.groups) {
        groups.push_back({{"group", text(g.group)},
                          {"providers", json::stringArray(g.providers)},
                          {"deployments", json::stringArray(g.deploymentIds)},
                          {"rpm_limit", orNull(g.rpmLimit)},
                          {"tpm_limit", orNull(g.tpmLimit)},
                          {"remaining_requests", orNull(g.remainingRequests)},
                          {"remaining_tokens", orNull(g.remainingTokens)},
                          {"requests_total", orNull(g.requestsTotal)},
                          {"failed_total", orNull(g.failedTotal)},
                          {"rate_limited_total", orNull(g.rateLimitedTotal)},
                          {"router_rejects_total", orNull(g.routerRejectsTotal)}});
    }
    Json fallbacks = Json::array();
    for (const FallbackEdgeSample &e : sample.fallbacks) {
        fallbacks.push_back({{"from", text(e.from)},
                             {"to", text(e.to)},
                             {"success_total", e.successTotal},
                             {"failed_total", e.failedTotal}});
    }
    Json readiness;
    if (sample.readiness) {
        readiness = {{"status", text(sample.readiness->status)},
                     {"db", text(sample.readiness->db)},
                     {"litellm_version", text(sample.readiness->litellmVersion)},
                     {"prometheus_callback", sample.readiness->hasPrometheusCallback()}};
    }
    Json health;
    if (sample.health) {
        health = {{"healthy", sample.health->healthy.size()},
                  {"unhealthy", sample.health->unhealthy.size()}};
    }
    Json fleet;
    if (sample.fleet) {
        Json replicas = Json::array();
        for (const ReplicaSample &r : sample.fleet->replicas) {
            replicas.push_back({{"instance", text(r.instance)},
                                {"reporting", r.reporting},
                                {"requests_per_second", orNull(r.requestsPerSecond)},
                                {"series", r.series}});
        }
        Json warnings = Json::array();
        for (const QString &w : sample.fleet->warnings) {
            warnings.push_back(text(w));
        }
        fleet = {{"matchers", text(sample.fleet->matchers)},
                 {"admin_source", text(sample.fleet->adminSource)},
                 {"replicas", replicas},
                 {"warnings", warnings}};
    }
    return {{"proxy", text(sample.proxy)},
            {"poll_id", sample.pollId},
            {"time_ms", sample.timeMs},
            {"time", QDateTime::fromMSecsSinceEpoch(sample.timeMs, Qt::UTC)
                         .toString(Qt::ISODateWithMs)
                         .toStdString()},
            {"metrics",
             {{"available", sample.metricsAvailable},
              {"naming", namingName(sample.metricNaming)},
              {"premium_gated", sample.metricsPremiumGated}}},
            {"readiness", readiness},
            {"health", health},
            {"groups", groups},
            {"deployments", deployments},
            {"fallbacks", fallbacks},
            {"chain", chainToJson(sample)},
            {"fleet", fleet}};
}

} // namespace headroom
