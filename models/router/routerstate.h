#pragma once
// RouterModel's inside: the spec resolved to integer indices (deployments, groups, fallback
// chains), the mutable per-minute and cooldown state, and the one routing core that both faces
// (single requests, aggregate fluid flows) run through. Not part of the public API.

#include "router/routermodel.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <QHash>
#include <QString>
#include <random>
#include <vector>

namespace headroom::router::detail {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Flows smaller than this are numerical noise in the aggregate face: they neither retry, fall
// back nor trigger a cooldown.
constexpr double kEps = 1e-9;
constexpr int kErrorCount = int(ErrorClass::BadRequest) + 1;
// LiteLLM walks fallbacks recursively and a cyclic map branches at every level, so the work per
// failed request grows ~2^max_fallbacks; values above this are clamped (documented in rules).
constexpr int kMaxFallbacksCap = 10;

inline int idx(ErrorClass e)
{
    return int(e);
}

enum class Strategy {
    SimpleShuffle, // also least-busy, latency-based and cost-based routing (not modelled)
    UsageBasedV2,  // also usage-based-routing (v1)
};

// The router settings with LiteLLM's defaults applied (see routerrules.cpp for the sources).
struct Resolved {
    Strategy strategy = Strategy::SimpleShuffle;
    int numRetries = 2;
    double retryAfter = 0;
    std::array<int, kErrorCount> policyRetries{}; // -1 = the retry policy says nothing
    bool legacyCooldown = false;                  // allowed_fails / allowed_fails_policy mode
    int allowedFails = 3;
    std::array<int, kErrorCount> allowedFailsPolicy{}; // 0 = not set (LiteLLM: `policy or router`)
    double routerCooldown = 5;
    bool disableCooldowns = false;
    bool preCallChecks = false;
    int maxFallbacks = 5;
    bool cwConfigured = false; // context_window_fallbacks non-empty
    bool cpConfigured = false; // content_policy_fallbacks non-empty
};

// Fields the aggregate face touches for every deployment and second come first (two cache
// lines); the rest is read on failures, cooldowns and in the single face.
struct Dep {
    // Hot.
    double cooldownUntil = -kInf;
    double shuffleW = 0; // simple-shuffle weight under the group's common basis (fast path)
    // Configured limits: the provider's real quota (both strategies) and, under usage-based
    // routing, the router's pre-call filter.
    double rpm = kInf;
    double tpm = kInf;
    // This minute's window (reset on every simulated minute boundary).
    double minReq = 0; // router usage: every attempt routed here, failures included
    double minTok = 0; // tokens of successful calls
    double minOk = 0;  // successful calls = requests the provider accepted
    double successes = 0;
    double tokens = 0;
    double maxInput = kInf;
    // Per-substep fault effects, refreshed from the fault list.
    double storm = 0;
    bool outage = false;
    int state = 0; // LiteLLM deployment_state: 1 when the last call failed

    // Cold.
    double minFail = 0; // failed calls this minute (cooldown failure-rate rule)
    double slow = 0;
    double weight = 0;
    double cooldownSeconds = 5; // deployment cooldown_time, else the router's
    // Legacy allowed_fails counter: a fixed window of router cooldown_time from the first failure.
    double legacyFails = 0;
    double legacyWindowEnd = -kInf;
    double failures = 0;
    double rateLimited = 0;
    double cooldowns = 0;
    int group = 0;
    int order = 0;
    bool hasRpm = false;
    bool hasTpm = false;
    bool hasWeight = false;
    bool hasOrder = false;
    bool cooldownOff = false; // deployment cooldown_time ≈ 0 or disable_cooldowns
};

struct Hop {
    int target = -1; // group index, -1 for a name that is not a group
    int edge = -1;
};

struct Chain {
    int begin = 0;
    int end = 0;
    bool found = false; // the map has an entry for this group (possibly empty)
};

struct Group {
    QString name;
    int begin = 0; // into State::members
    int end = 0;
    // Every member has the same weight basis (weight / rpm / tpm / none) and no `order`: the
    // aggregate simple-shuffle split needs no per-call candidate list.
    bool fastShuffle = false;
    double shuffleTotal = 0;     // sum of the members' shuffleW
    double coolingUntil = -kInf; // latest cooldownUntil among the members
    Chain general; // fallbacks + {"*": default_fallbacks}: exact, provider-stripped, "*"
    Chain contextWindow;
    Chain contentPolicy;
    double requests = 0;
    double failed = 0;
    double rateLimited = 0;
    double routerRejects = 0;
};

struct Edge {
    int from = 0;
    QString to;
    int toGroup = -1; // index of `to`, -1 for a name that is no group
    double successes = 0;
    double failures = 0;
    std::array<double, kErrorCount> byError{};
};

// One call's context: which face, the request's tokens and where its trace goes.
struct CallCtx {
    bool single = false;
    double inputTokens = 500;
    double outputTokens = 200;
    double invTokens = 1.0 / 700; // 1 / (input + output)
    double now = 0;               // when attempts happen
    double cooldownBase = 0;      // when cooldowns start (aggregate: end of the substep)
    ErrorClass injected = ErrorClass::None;
    int injectedGroup = -1;
    Outcome *outcome = nullptr; // single face: attempts and latency
};

// One round of attempts at a group: every unit of flow tries one deployment once.
struct RoundOut {
    double served = 0;
    double failedTotal = 0;
    std::array<double, kErrorCount> failed{};
    void fail(ErrorClass e, double x)
    {
        failed[idx(e)] += x;
        failedTotal += x;
    }
    int dep = -1;                        // single face: deployment that was tried
    ErrorClass error = ErrorClass::None; // single face: its error
};

// A group's retries done.
struct RetryOut {
    double served = 0;
    double exhaustedTotal = 0;
    std::array<double, kErrorCount> exhausted{}; // by latest error class
    void exhaust(int e, double x)
    {
        exhausted[e] += x;
        exhaustedTotal += x;
    }
    int dep = -1;
    int retries = 0;
    ErrorClass error = ErrorClass::None;
};

// A group's retries and fallbacks done.
struct GroupOut {
    double served = 0;
    double failed = 0;
    double failedRateLimited = 0; // … of which this group's own error was a 429
    // Single face.
    int servedGroup = -1;
    int servedDep = -1;
    int servedRetries = 0;
    int servedDepth = 0;
    int maxDepth = 0;
    ErrorClass error = ErrorClass::None; // this group's error (LiteLLM re-raises it)
    int errorRetries = 0;
    QString message;
};

struct State {
    RouterSpec spec;
    Resolved cfg;
    std::vector<Dep> deps;
    std::vector<Group> groups;
    std::vector<int> members; // deployment indices per group, contiguous per group
    std::vector<Hop> hops;
    std::vector<Edge> edges;
    std::vector<Fault> faults;
    QHash<QString, int> groupByName;
    std::mt19937_64 rng;
    double now = 0;
    double substep = 1; // aggregate face: substep length (seconds), see routeFlows
    qint64 minute = 0;
    double faultsAppliedAt = -kInf;

    // Scratch, reused so that steady-state ticks allocate nothing.
    std::vector<int> cand;
    std::vector<double> weights;
    std::vector<double> caps;
    std::vector<double> prev; // counters at the start of a reported tick

    // routerbuild.cpp
    void build(quint64 seed); // deployments and groups from spec (once)
    void rebuildSettings();   // cfg and per-deployment cooldowns from spec.settings
    void rebuildFallbacks();  // chains and edges from spec.fallbacks (edges kept by name)
    int findGroup(const QString &name) const;

    // routermodel.cpp
    void rollTo(double t); // minute windows roll over
    void applyFaults(double t);

    // routerflow.cpp
    double uniform(); // [0, 1)
    bool available(const Dep &d, double t) const { return d.cooldownUntil <= t; }
    int healthy(int group, double t) const;
    RoundOut attemptRound(int group, double amount, int depth, const CallCtx &ctx);
    void attemptOn(int dep, double amount, int depth, const CallCtx &ctx, RoundOut &out);
    bool plainCall(const Dep &d, const CallCtx &ctx) const;
    void quotaOnly(int dep, double amount, const CallCtx &ctx, RoundOut &out);
    RetryOut callWithRetries(int group, double amount, int depth, const CallCtx &ctx);
    GroupOut callGroup(int group, double amount, int depth, const CallCtx &ctx);
    GroupOut walkFallbacks(int group, const RetryOut &retried, int depth, const CallCtx &ctx);
    GroupOut unknownTarget(const Hop &hop, double amount, int depth, const CallCtx &ctx) const;
    void routeFlows(const std::vector<IndexedDemand> &demand, double dt);

    // routerrules.cpp
    int retriesFor(ErrorClass first, bool *policyApplies) const;
    bool retryGate(ErrorClass error, int group, double t) const;
    double retrySleep(int group, int retryNumber, int numRetries, double t) const;
    void onFailure(int dep, ErrorClass error, double amount, const CallCtx &ctx);
    QString noDeploymentsMessage(int group, double t) const;
    QString errorMessage(ErrorClass error, int group, int dep) const;
    QString fallbacksRepr() const;
    std::optional<qint64> remaining(int group, bool tokens) const;
};

bool retryableStatus(ErrorClass error);
bool cooldownEligible(ErrorClass error);

} // namespace headroom::router::detail
