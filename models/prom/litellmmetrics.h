#pragma once
// LiteLLM's Prometheus metrics as typed values per deployment, model group and fallback edge,
// read from a /metrics body with either the current or the pre-2026 (legacy) metric names.

#include "formats/parseresult.h"
#include "prom/promtext.h"

#include <optional>
#include <QString>
#include <string_view>
#include <vector>

namespace headroom {

enum class MetricNaming {
    None,        // no LiteLLM metric at all (prometheus callback off, or another exporter)
    Current,     // litellm_remaining_requests_metric, … (LiteLLM PR #18463, Dec 2025, and later)
    Legacy,      // litellm_remaining_requests, litellm_remaining_tokens (older builds)
    Mixed,       // both: a proxy mid-upgrade, or several workers on different builds
    Unversioned, // LiteLLM metrics, but none whose name changed between the two namings
};

struct DeploymentMetrics {
    // model_id label (= /model/info model_info.id); older builds have none, and then the key is
    // "litellm_model_name@api_base".
    QString key;
    QString modelId;
    QString group; // model_group of the remaining-* gauges, when present
    QString litellmModelName;
    QString apiBase;
    QString apiProvider;
    // LiteLLM writes these gauges only when the value is truthy, so a real 0 never appears and a
    // gauge keeps its last non-zero value: treat them as "at least this stale".
    std::optional<double> remainingRequests; // lowest over the series (one per API key)
    std::optional<double> remainingTokens;
    std::optional<double> rpmLimit;
    std::optional<double> tpmLimit;
    std::optional<int> state; // 0 healthy, 1 partial outage, 2 complete outage
    double cooledDownTotal = 0;
    double successTotal = 0;
    double failureTotal = 0;     // every failed attempt, retries included
    double rateLimitedTotal = 0; // failed attempts with exception_status 429
    double totalRequestsTotal = 0;
    double totalTokens = 0;
};

struct GroupMetrics {
    QString group;
    std::optional<double> remainingRequests; // lowest over the group's deployments
    std::optional<double> remainingTokens;
    double proxyRequestsTotal = 0;    // client-facing requests that asked for this group
    double proxyFailedTotal = 0;      // … that ended in an error for the client
    double proxyRateLimitedTotal = 0; // … that ended in a 429
    double routerRejectsTotal = 0;    // failures before any deployment was picked
};

struct FallbackEdgeMetrics {
    QString from; // requested_model: the group that failed
    QString to;   // fallback_model: the group tried instead
    double successTotal = 0;
    double failedTotal = 0;
};

struct LiteLlmMetrics {
    std::vector<DeploymentMetrics> deployments; // sorted by key
    std::vector<GroupMetrics> groups;           // sorted by group
    std::vector<FallbackEdgeMetrics> fallbacks; // sorted by (from, to)
    MetricNaming naming = MetricNaming::None;
    // Builds from Oct 2024 to late 2025 without an enterprise key expose only
    // litellm_not_a_premium_user_metric.
    bool premiumGated = false;
    std::size_t samplesRead = 0;
    std::size_t samplesUsed = 0;
    // LiteLLM samples dropped because their value cannot be what the metric means: NaN or ±Inf
    // anywhere, a negative counter or remaining gauge, a limit of 0 or less, a deployment state
    // other than 0, 1, 2. Kept out so that one bad line never becomes a rate or a headroom.
    std::size_t samplesRejected = 0;
    // A LiteLLM series (name and label set) seen again in the same body: the later copies are
    // dropped, not summed. prometheus_client never writes one twice; a body that does comes from
    // a broken exporter or concatenated workers, and summing would double-count.
    std::size_t duplicateSeries = 0;

    const DeploymentMetrics *deployment(const QString &key) const;
    const GroupMetrics *group(const QString &name) const;
    const FallbackEdgeMetrics *fallback(const QString &from, const QString &to) const;
};

ParseResult<LiteLlmMetrics> parseLiteLlmMetrics(std::string_view text,
                                                const prom::ParseOptions &options = {});

} // namespace headroom
