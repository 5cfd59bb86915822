#pragma once
// A deterministic (seeded), discrete-time model of LiteLLM's router: per-minute RPM/TPM windows,
// deployment choice, retries, cooldowns and fallbacks. The simulator serves single requests
// through it; the cascade predictor and fallback what-ifs push aggregate demand through it.

#include "config/proxyconfig.h"
#include "formats/deployment.h"

#include <map>
#include <memory>
#include <optional>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom::router {

// Why an attempt failed, as LiteLLM classifies it.
enum class ErrorClass {
    None,
    RateLimit,              // provider 429 (RateLimitError)
    NoDeployments,          // router: no deployment available (RouterRateLimitError → HTTP 429)
    ContextWindowExceeded,  // → context_window_fallbacks
    ContentPolicyViolation, // → content_policy_fallbacks
    ServiceUnavailable,     // provider 5xx
    Timeout,                // 408
    BadRequest,             // 400: unknown group etc.; never retried, never cooled down
};

int httpStatus(ErrorClass error);
// Prometheus exception_class as LiteLLM writes it, e.g. "Openai.RateLimitError"; the router's own
// errors carry no provider prefix.
QString exceptionClass(ErrorClass error, const QString &provider = {});

// Something wrong with a provider, for a time window of simulated seconds.
struct Fault {
    enum class Kind {
        Outage,         // every call to the matched deployments fails with 503
        RateLimitStorm, // a fraction of calls fail with a provider 429
        Slow,           // calls take latencySeconds longer
    };
    Kind kind = Kind::Outage;
    QString provider;     // matches Deployment::provider; empty = any
    QString deploymentId; // empty = every deployment of the provider
    double start = 0;
    double end = 1e300;
    double fraction = 1.0;       // RateLimitStorm: share of calls refused
    double latencySeconds = 0.0; // Slow
};

// What the router is configured with: LiteLLM's defaults fill what the settings leave out.
struct RouterSpec {
    std::vector<Deployment> deployments;
    RouterSettings settings;
    FallbackConfig fallbacks;

    static RouterSpec fromConfig(const ProxyConfig &config);
};

// One client request (single-request face).
struct Request {
    QString group;
    qint64 inputTokens = 500;
    qint64 outputTokens = 200;
    // Errors that depend on the request, not the load: a prompt over every deployment's context
    // window, or content a provider refuses. RateLimit etc. come from the model itself.
    // The injected error is raised by every deployment of the REQUESTED group only, so that the
    // context-window / content-policy fallback groups can answer it (a prompt too long for a
    // deployment's max_input_tokens fails with ContextWindowExceeded on any group by itself).
    ErrorClass injected = ErrorClass::None;
};

struct Attempt {
    QString group;
    QString deploymentId; // empty when the router found no deployment
    ErrorClass error = ErrorClass::None;
    int fallbackDepth = 0;
};

struct Outcome {
    bool ok = false;
    int httpStatus = 200;
    ErrorClass error = ErrorClass::None;
    QString message;          // LiteLLM's message for the final error
    QString servedGroup;      // group that answered
    QString deploymentId;     // deployment that answered (x-litellm-model-id)
    int attemptedRetries = 0; // in the group that answered; on failure, in the requested group
    // Fallback depth of the group that answered (LiteLLM's depth counter: +1 for every fallback
    // target tried on the way, siblings included); on failure, the deepest depth reached.
    int attemptedFallbacks = 0;
    double latencySeconds = 0;
    std::optional<qint64> remainingRequests; // router's group view after this request
    std::optional<qint64> remainingTokens;
    std::vector<Attempt> attempts;
};

// Aggregate demand on one group (aggregate face): requests per second and mean tokens.
struct GroupDemand {
    QString group;
    double requestsPerSecond = 0;
    double inputTokens = 500;
    double outputTokens = 200;
};

// Cumulative counters per deployment since the model started (what /metrics exposes).
struct DeploymentCounters {
    QString id;
    QString group;
    QString provider;
    double successes = 0;
    double failures = 0;    // every failed attempt, retries included
    double rateLimited = 0; // failed attempts with status 429
    double tokens = 0;
    double cooldowns = 0;      // times put in cooldown
    double minuteRequests = 0; // usage in the current minute window
    double minuteTokens = 0;
    std::optional<double> cooldownUntil; // simulated time, while cooling down
    int state = 0; // LiteLLM deployment_state: 0 healthy, 1 partial outage (last call failed)
};

struct EdgeCounters {
    QString from;
    QString to;
    double successes = 0;
    double failures = 0;
    std::map<ErrorClass, double> byError; // original error that caused the fallback
};

struct GroupCounters {
    QString group;
    double requests = 0;      // client requests that asked for this group
    double failed = 0;        // … that ended in an error
    double rateLimited = 0;   // … that ended in a 429
    double routerRejects = 0; // attempts with no deployment available
};

// Aggregate demand addressed by group index (RouterModel::groupIndex), for the fast path.
struct IndexedDemand {
    int group = -1;
    double requestsPerSecond = 0;
    double inputTokens = 500;
    double outputTokens = 200;
};

// Cumulative totals of one group (groupIndex order), for loops that read them after every tick.
struct GroupTotals {
    double clientRequests = 0;    // client requests that asked for the group
    double clientRateLimited = 0; // … that ended in a 429
    double attempts = 0;          // upstream calls to its deployments, retries included
    double refused = 0;           // … answered 429, plus the router's "no deployments" rejects
    double fallbacksIn = 0;       // fallback hops into the group
};

// What one aggregate tick did: the per-tick deltas of the counters above. Deployments and groups
// are all listed, in spec order (minuteRequests, minuteTokens, cooldownUntil and state are current
// values, not deltas); edges only when they carried traffic during the tick.
struct TickReport {
    double time = 0; // simulated time at the end of the tick
    double dt = 0;
    std::vector<DeploymentCounters> deployments;
    std::vector<EdgeCounters> edges;
    std::vector<GroupCounters> groups;
};

class RouterModel {
public:
    explicit RouterModel(RouterSpec spec, quint64 seed = 1);
    ~RouterModel();
    RouterModel(const RouterModel &) = delete;
    RouterModel &operator=(const RouterModel &) = delete;

    double now() const;
    // Moves the clock forward (never back): minute windows roll over, cooldowns expire.
    void advanceTo(double seconds);

    // Single-request face: routes one request at now(), as LiteLLM would.
    Outcome route(const Request &request);

    // Aggregate face: demand over [now, now + dt) as fluid flows through the same rules; moves
    // the clock to now + dt.
    TickReport tick(const std::vector<GroupDemand> &demand, double dtSeconds);
    // The same without building a report or looking names up: for prediction loops and the
    // benchmark. Read the cumulative counters afterwards.
    void tickIndexed(const std::vector<IndexedDemand> &demand, double dtSeconds);
    // Length of the aggregate face's substeps, 1 s unless set (0.1 … 60 s): the resolution of
    // cooldown expiry and of when a limit is reached. Longer substeps cost proportionally less.
    void setSubstepSeconds(double seconds);
    // Index of a model group in spec order (first appearance in the deployment list), -1 if none.
    int groupIndex(const QString &group) const;
    QStringList groups() const;

    // Starts a deployment from a known present (the cascade predictor): this minute's routed
    // attempts, accepted requests and tokens, and until when (simulated time) it is cooling
    // down. Set the clock inside the minute with advanceTo() first. False for an unknown id.
    bool presetDeployment(const QString &id, double minuteAttempts, double minuteAccepted,
                          double minuteTokens, std::optional<double> cooldownUntil);
    // Cumulative group totals and fallback traffic per edge (successes + failures, in
    // edgeCounters() order), into reused vectors: no names, no allocation once sized.
    void groupTotals(std::vector<GroupTotals> &out) const;
    void edgeTraffic(std::vector<double> &out) const;

    // Admin changes take effect for the next request or tick.
    void setFallbacks(const FallbackConfig &fallbacks);
    void setSettings(const RouterSettings &settings);
    void setFaults(std::vector<Fault> faults);
    const RouterSpec &spec() const;

    std::vector<DeploymentCounters> deploymentCounters() const;
    std::vector<EdgeCounters> edgeCounters() const;
    std::vector<GroupCounters> groupCounters() const;
    // Router's view for x-ratelimit-remaining-*: configured group limit − current-minute usage;
    // nullopt when the group's deployments have no such limit.
    std::optional<qint64> remainingRequests(const QString &group) const;
    std::optional<qint64> remainingTokens(const QString &group) const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace headroom::router
