#pragma once
// The fallback chain as one sample sees it: the facts its checks need (groups, context windows,
// shared-quota pools) and the chain, its findings and each group's worst-case attempts as JSON.

#include "chain/graphchecks.h"
#include "sample/proxysample.h"

#include <nlohmann/json_fwd.hpp>
#include <vector>

namespace headroom {

// The sample's deployments as Deployment values (what findQuotaPools reads).
std::vector<Deployment> sampleDeployments(const ProxySample &sample);

// Groups, the smallest max_input_tokens per group, and the pools from the sample's deployments
// together with the chain's config.yaml deployments (their credential fingerprints), if any.
ChainFacts chainFacts(const ProxySample &sample);

// {"origin": {"kind", "where", "problem"}, "known", "router_settings": {…}, "findings": […],
//  "worst_case_attempts": {group: n}, "quota_pools": […]}; null without a chain.
nlohmann::json chainToJson(const ProxySample &sample);

// {"kind", "severity", "groups", "setting", "message"}: one finding, as inspect and lint print it.
nlohmann::json findingToJson(const ChainFinding &finding);

QString chainOriginKindName(ChainOrigin::Kind kind);          // "unknown", "proxy_admin", …
QString findingSeverityName(ChainFinding::Severity severity); // "error", "warning", "info"

} // namespace headroom
