#include "prom/litellmnames.h"

#include <array>

namespace headroom::litellm {

namespace {

using F = Family;

// Help texts as LiteLLM writes them (typos included: "deploymeny" is upstream's).
constexpr std::array kFamilies{
    FamilyInfo{F::RemainingRequests, "litellm_remaining_requests_metric",
               "litellm_remaining_requests", "gauge",
               "LLM Deployment Analytics - remaining requests for model, returned from LLM API "
               "Provider"},
    FamilyInfo{F::RemainingTokens, "litellm_remaining_tokens_metric", "litellm_remaining_tokens",
               "gauge",
               "LLM Deployment Analytics - remaining tokens for model, returned from LLM API "
               "Provider"},
    FamilyInfo{F::RpmLimit, "litellm_deployment_rpm_limit", "litellm_deployment_rpm_limit", "gauge",
               "LLM Deployment Analytics - rpm limit of the deployment"},
    FamilyInfo{F::TpmLimit, "litellm_deployment_tpm_limit", "litellm_deployment_tpm_limit", "gauge",
               "LLM Deployment Analytics - tpm limit of the deployment"},
    FamilyInfo{F::State, "litellm_deployment_state", "litellm_deployment_state", "gauge",
               "LLM Deployment Analytics - The state of the deployment: 0 = healthy, 1 = partial "
               "outage, 2 = complete outage"},
    FamilyInfo{F::CooledDown, "litellm_deployment_cooled_down_total",
               "litellm_deployment_cooled_down_total", "counter",
               "LLM Deployment Analytics - Number of times a deployment has been cooled down by "
               "LiteLLM load balancing logic. exception_status is the status of the exception "
               "that caused the deployment to be cooled down"},
    FamilyInfo{F::Success, "litellm_deployment_success_responses_total",
               "litellm_deployment_success_responses_total", "counter",
               "LLM Deployment Analytics - Total number of successful LLM API calls via litellm"},
    FamilyInfo{F::Failure, "litellm_deployment_failure_responses_total",
               "litellm_deployment_failure_responses_total", "counter",
               "LLM Deployment Analytics - Total number of failed LLM API calls for a specific "
               "LLM deploymeny. exception_status is the status of the exception from the llm api"},
    FamilyInfo{F::TotalRequests, "litellm_deployment_total_requests_total",
               "litellm_deployment_total_requests_total", "counter",
               "LLM Deployment Analytics - Total number of LLM API calls via litellm - success + "
               "failure"},
    FamilyInfo{F::SuccessfulFallbacks, "litellm_deployment_successful_fallbacks_total",
               "litellm_deployment_successful_fallbacks_total", "counter",
               "LLM Deployment Analytics - Number of successful fallback requests from primary "
               "model -> fallback model"},
    FamilyInfo{F::FailedFallbacks, "litellm_deployment_failed_fallbacks_total",
               "litellm_deployment_failed_fallbacks_total", "counter",
               "LLM Deployment Analytics - Number of failed fallback requests from primary model "
               "-> fallback model"},
    FamilyInfo{F::ProxyTotalRequests, "litellm_proxy_total_requests_metric_total",
               "litellm_proxy_total_requests_metric_total", "counter",
               "Total number of requests made to the proxy server - track number of client side "
               "requests"},
    FamilyInfo{F::ProxyFailedRequests, "litellm_proxy_failed_requests_metric_total",
               "litellm_proxy_failed_requests_metric_total", "counter",
               "Total number of failed responses from proxy - the client did not get a success "
               "response from litellm proxy"},
    FamilyInfo{F::TotalTokens, "litellm_total_tokens_metric_total", "litellm_total_tokens_total",
               "counter", "Total number of input + output tokens from LLM requests"},
    // Only read (an unlicensed proxy's lone metric), never written: no help text kept.
    FamilyInfo{F::NotPremium, "litellm_not_a_premium_user_metric",
               "litellm_not_a_premium_user_metric", "gauge", ""},
};

} // namespace

std::span<const FamilyInfo> families()
{
    return kFamilies;
}

const FamilyInfo &familyInfo(Family family)
{
    for (const FamilyInfo &info : kFamilies) {
        if (info.family == family) {
            return info;
        }
    }
    return kFamilies.front(); // unreachable: every Family has a row (tst_litellmmetrics checks)
}

std::string_view metricName(Family family, Naming naming)
{
    const FamilyInfo &info = familyInfo(family);
    return naming == Naming::Current ? info.current : info.legacy;
}

std::string_view counterBase(Family family, Naming naming)
{
    std::string_view name = metricName(family, naming);
    constexpr std::string_view suffix = "_total";
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
        name.remove_suffix(suffix.size());
    }
    return name;
}

} // namespace headroom::litellm
