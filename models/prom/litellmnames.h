#pragma once
// LiteLLM's Prometheus metric families in one table: the exposed name under the current and the
// pre-2026 naming, the type and the help text (litellm/integrations/prometheus.py; see
// docs/litellm-api.md §5). The parser (prom/litellmmetrics) and both writers (the simulator's
// /metrics and the benchmark's generator) read it, so a rename upstream is one edit here.

#include <span>
#include <string_view>

namespace headroom::litellm {

enum class Family {
    RemainingRequests,
    RemainingTokens,
    RpmLimit,
    TpmLimit,
    State,
    CooledDown,
    Success,
    Failure,
    TotalRequests,
    SuccessfulFallbacks,
    FailedFallbacks,
    ProxyTotalRequests,
    ProxyFailedRequests,
    TotalTokens,
    NotPremium,
};

enum class Naming {
    Current, // LiteLLM PR #18463 (Dec 2025) and later
    Legacy,  // before it
};

struct FamilyInfo {
    Family family;
    // As exposed: counters with prometheus_client's "_total" suffix. Equal when the name did
    // not change between the namings.
    std::string_view current;
    std::string_view legacy;
    std::string_view type; // "gauge" or "counter"
    std::string_view help;
};

// Every family Headroom reads, in the order LiteLLM registers them.
std::span<const FamilyInfo> families();
const FamilyInfo &familyInfo(Family family);
// The exposed name of a family under a naming.
std::string_view metricName(Family family, Naming naming = Naming::Current);
// A counter's name without "_total" (prometheus_client adds it, and "_created" beside it).
std::string_view counterBase(Family family, Naming naming = Naming::Current);

} // namespace headroom::litellm
