#pragma once
// What one poll of a proxy saw at one moment, joined across its endpoints (model info, model
// group info, readiness, metrics): an immutable value the store and every view read.

#include "chain/fallbackchain.h"
#include "formats/deployment.h"
#include "formats/healthbody.h"
#include "formats/modelgroupinfo.h"
#include "prom/litellmmetrics.h"

#include <memory>
#include <optional>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

struct DeploymentSample {
    QString id; // model_info.id = metrics model_id; "name@api_base" when only metrics know it
    QString group;
    QString model;
    QString provider;
    QString apiBase;
    QString credentialFingerprint;
    std::optional<qint64> rpmLimit; // configured (model info) or reported (metrics gauge)
    std::optional<qint64> tpmLimit;
    std::optional<double> remainingRequests; // LiteLLM's gauges (never 0: see LiteLlmMetrics)
    std::optional<double> remainingTokens;
    std::optional<int> state; // 0 healthy, 1 partial outage, 2 complete outage
    // litellm_params.cooldown_time from /model/info, seconds; none: the router's (default 5 s).
    std::optional<double> cooldownSeconds;
    std::optional<qint64> maxInputTokens; // model_info.max_input_tokens, for the chain checks
    // Cumulative counters from /metrics; absent when the proxy serves no metrics.
    std::optional<double> successTotal;
    std::optional<double> failureTotal;
    std::optional<double> rateLimitedTotal;
    std::optional<double> cooledDownTotal;
    std::optional<double> tokensTotal;
};

struct GroupSample {
    QString group;
    QStringList providers;
    QStringList deploymentIds;
    std::optional<qint64> rpmLimit; // sum over the group's deployments
    std::optional<qint64> tpmLimit;
    std::optional<double> remainingRequests; // lowest over the group's deployments
    std::optional<double> remainingTokens;
    std::optional<double> requestsTotal; // client requests for the group (cumulative)
    std::optional<double> failedTotal;
    std::optional<double> rateLimitedTotal;
    std::optional<double> routerRejectsTotal;
};

struct FallbackEdgeSample {
    QString from;
    QString to;
    double successTotal = 0;
    double failedTotal = 0;
};

// One replica of a fleet read through Prometheus, named by its `instance` label.
struct ReplicaSample {
    QString instance;
    // False: the replica was seen in Prometheus within the last hour but reports nothing now
    // (stopped, unscrapeable, or taken out of the load balancer).
    bool reporting = true;
    std::optional<double> requestsPerSecond; // client requests, rate() over the window
    std::size_t series = 0;                  // LiteLLM series it exposes now
};

// Set when the sample is a fleet's, read through Prometheus; absent for a single proxy.
struct FleetSample {
    QString matchers;                    // the label matchers the fleet was selected with
    std::vector<ReplicaSample> replicas; // sorted by instance
    // Where the chain, the limits and the groups came from: a replica's admin endpoints, a
    // config file, or the metrics alone. For a person.
    QString adminSource;
    QStringList warnings; // Prometheus' warnings: the numbers are partial
};

struct ProxySample {
    QString proxy;                             // base URL, without credentials
    quint64 pollId = 0;                        // increases with every poll of this proxy
    qint64 timeMs = 0;                         // when the poll started, ms since the epoch
    std::vector<DeploymentSample> deployments; // sorted by group, then id
    std::vector<GroupSample> groups;           // sorted by group
    std::vector<FallbackEdgeSample> fallbacks; // sorted by (from, to)
    bool metricsAvailable = false;
    MetricNaming metricNaming = MetricNaming::None;
    bool metricsPremiumGated = false;
    std::optional<Readiness> readiness;
    std::optional<HealthReport> health; // only when /health polling was opted into
    // The fallback chain in force when the poll ran (read every ~30 s, or from a config.yaml):
    // one value shared by every sample while it is unchanged, so a snapshot can replay it.
    // Null when nothing has tried to read it.
    std::shared_ptr<const FallbackChain> chain;
    std::optional<FleetSample> fleet;

    const DeploymentSample *deployment(const QString &id) const;
    const GroupSample *group(const QString &name) const;
};

// Joins what the endpoints answered into one sample. Any part may be missing (an endpoint that
// failed, or /metrics not enabled); the join key is the deployment id (model_info.id = model_id).
ProxySample buildProxySample(const QString &proxy, quint64 pollId, qint64 timeMs,
                             const std::vector<Deployment> *deployments,
                             const std::vector<ModelGroupInfo> *groups,
                             const LiteLlmMetrics *metrics, const Readiness *readiness);

} // namespace headroom

Q_DECLARE_METATYPE(headroom::ProxySample)
