// The routing core shared by both faces. A call carries an amount of requests: one request in the
// single-request face (a seeded random pick per attempt), a fluid batch (demand × dt) in the
// aggregate face, split across deployments by the strategy's expected shares. Everything else —
// provider quotas, retries, cooldowns, fallbacks with depth — is the same code for both.

#include "router/routerstate.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace headroom::router::detail {

double State::uniform()
{
    return double(rng() >> 11) * 0x1.0p-53;
}

namespace {

// Latency of one attempt in the single face: a provider refusal is a short round trip; an answer
// takes a base latency plus time per output token. Slow faults add to both.
constexpr double kFailLatency = 0.05;
constexpr double kBaseLatency = 0.2;
constexpr double kPerOutputToken = 0.01;

void record(const CallCtx &ctx, const State &s, int group, int dep, ErrorClass error, int depth,
            double latency)
{
    if (!ctx.outcome) {
        return;
    }
    Attempt a;
    a.group = s.groups[group].name;
    if (dep >= 0) {
        a.deploymentId = s.spec.deployments[dep].id;
    }
    a.error = error;
    a.fallbackDepth = depth;
    ctx.outcome->attempts.push_back(a);
    ctx.outcome->latencySeconds += latency;
}

} // namespace

// No fault and no request-bound error on this deployment: only its quota decides.
inline bool State::plainCall(const Dep &d, const CallCtx &ctx) const
{
    return !d.outage && d.storm <= 0 && ctx.injected == ErrorClass::None &&
           d.maxInput >= ctx.inputTokens;
}

// The aggregate face's common case, kept branch-light: a fluid amount meets the quota.
inline void State::quotaOnly(int i, double x, const CallCtx &ctx, RoundOut &r)
{
    Dep &d = deps[i];
    d.minReq += x;
    const double tokens = ctx.inputTokens + ctx.outputTokens;
    const double cap = std::min(d.rpm - d.minOk, (d.tpm - d.minTok) * ctx.invTokens);
    const double ok = std::clamp(cap, 0.0, x);
    d.minOk += ok;
    d.minTok += ok * tokens;
    d.successes += ok;
    d.tokens += ok * tokens;
    r.served += ok;
    if (ok < x) {
        onFailure(i, ErrorClass::RateLimit, x - ok, ctx);
        r.fail(ErrorClass::RateLimit, x - ok);
    } else {
        d.state = 0;
    }
}

// One attempt per unit of flow on deployment i. The deployment's rpm/tpm are the provider's quota
// (in both strategies): this minute's accepted requests + 1 must fit rpm and accepted tokens + the
// request's tokens must fit tpm, else the provider answers 429.
void State::attemptOn(int i, double x, int depth, const CallCtx &ctx, RoundOut &r)
{
    Dep &d = deps[i];
    if (!ctx.single && plainCall(d, ctx)) {
        quotaOnly(i, x, ctx, r);
        return;
    }
    d.minReq += x; // router rpm usage counts every routed attempt, failures included
    const double tokens = ctx.inputTokens + ctx.outputTokens;
    ErrorClass hard = ErrorClass::None;
    if (d.outage) {
        hard = ErrorClass::ServiceUnavailable;
    } else if (ctx.injected != ErrorClass::None && d.group == ctx.injectedGroup) {
        hard = ctx.injected;
    } else if (d.maxInput < ctx.inputTokens) {
        hard = ErrorClass::ContextWindowExceeded;
    }
    if (hard != ErrorClass::None) {
        onFailure(i, hard, x, ctx);
        r.fail(hard, x);
        r.dep = i;
        r.error = hard;
        record(ctx, *this, d.group, i, hard, depth, kFailLatency + d.slow);
        return;
    }
    double rest = x;
    double refused = 0;
    if (d.storm > 0) {
        if (ctx.single) {
            refused = uniform() < d.storm ? x : 0;
        } else {
            refused = d.storm * x; // exactly that fraction in the aggregate face
        }
        rest -= refused;
    }
    double ok = 0;
    if (ctx.single) {
        ok =
            rest > 0 && d.minOk + 1 <= d.rpm + 1e-9 && d.minTok + tokens <= d.tpm + 1e-9 ? rest : 0;
    } else {
        const double cap = std::min(d.rpm - d.minOk, (d.tpm - d.minTok) * ctx.invTokens);
        ok = std::clamp(cap, 0.0, rest);
    }
    refused += rest - ok;
    if (ok > 0) {
        d.minOk += ok;
        d.minTok += ok * tokens;
        d.successes += ok;
        d.tokens += ok * tokens;
        d.state = 0;
        r.served += ok;
    }
    if (refused > 0) {
        onFailure(i, ErrorClass::RateLimit, refused, ctx);
        r.fail(ErrorClass::RateLimit, refused);
    }
    r.dep = i;
    r.error = refused > 0 ? ErrorClass::RateLimit : ErrorClass::None;
    if (ctx.single) {
        const double latency =
            refused > 0 ? kFailLatency : kBaseLatency + ctx.outputTokens * kPerOutputToken;
        record(ctx, *this, d.group, i, r.error, depth, latency + d.slow);
    }
}

// Candidates, then the strategy's pick (single) or shares (aggregate).
RoundOut State::attemptRound(int g, double amount, int depth, const CallCtx &ctx)
{
    RoundOut r;
    const Group &grp = groups[g];
    if (!ctx.single && grp.fastShuffle && !cfg.preCallChecks &&
        cfg.strategy == Strategy::SimpleShuffle) {
        // Aggregate simple-shuffle with a common weight basis: shares straight from the members
        // (their static total while none of them is cooling down).
        const bool allUp = grp.coolingUntil <= ctx.now;
        double total = grp.shuffleTotal;
        if (!allUp) {
            total = 0;
            for (int m = grp.begin; m < grp.end; ++m) {
                const Dep &d = deps[members[m]];
                total += available(d, ctx.now) ? d.shuffleW : 0.0;
            }
        }
        if (total > 0) {
            const double scale = amount / total;
            for (int m = grp.begin; m < grp.end; ++m) {
                const int i = members[m];
                Dep &d = deps[i];
                if ((!allUp && !available(d, ctx.now)) || d.shuffleW <= 0) {
                    continue;
                }
                const double x = d.shuffleW * scale;
                if (plainCall(d, ctx)) {
                    quotaOnly(i, x, ctx, r);
                } else {
                    attemptOn(i, x, depth, ctx, r);
                }
            }
            return r;
        }
    }
    // Router._async_get_healthy_deployments: drop cooling deployments; then pre-call checks
    // (context window, with enable_pre_call_checks); then keep the lowest `order`.
    cand.clear();
    bool contextFiltered = false;
    int minOrder = INT_MAX;
    for (int m = grp.begin; m < grp.end; ++m) {
        const int i = members[m];
        const Dep &d = deps[i];
        if (!available(d, ctx.now)) {
            continue;
        }
        if (cfg.preCallChecks && d.maxInput < ctx.inputTokens) {
            contextFiltered = true;
            continue;
        }
        cand.push_back(i);
        if (d.hasOrder) {
            minOrder = std::min(minOrder, d.order);
        }
    }
    if (minOrder != INT_MAX) {
        std::erase_if(cand, [&](int i) { return !deps[i].hasOrder || deps[i].order != minOrder; });
    }

    auto reject = [&](ErrorClass e, double x) {
        r.fail(e, x);
        r.error = e;
        if (e == ErrorClass::NoDeployments) {
            groups[g].routerRejects += x;
        }
        record(ctx, *this, g, -1, e, depth, 0);
    };
    if (cand.empty()) {
        reject(contextFiltered ? ErrorClass::ContextWindowExceeded : ErrorClass::NoDeployments,
               amount);
        return r;
    }
    const int n = int(cand.size());

    if (cfg.strategy == Strategy::SimpleShuffle) {
        // simple_shuffle: weights from `weight` if the first candidate has one, else rpm, else
        // tpm (a deployment missing the field weighs 0), else a uniform pick.
        const Dep &first = deps[cand[0]];
        weights.resize(n);
        double total = 0;
        for (int k = 0; k < n; ++k) {
            const Dep &d = deps[cand[k]];
            double w = 1;
            if (first.hasWeight) {
                w = d.hasWeight ? d.weight : 0;
            } else if (first.hasRpm) {
                w = d.hasRpm ? d.rpm : 0;
            } else if (first.hasTpm) {
                w = d.hasTpm ? d.tpm : 0;
            }
            weights[k] = std::max(0.0, w);
            total += weights[k];
        }
        if (total <= 0) {
            std::fill(weights.begin(), weights.end(), 1.0);
            total = n;
        }
        if (ctx.single) {
            double u = uniform() * total;
            int k = 0;
            while (k < n - 1 && u >= weights[k]) {
                u -= weights[k];
                ++k;
            }
            attemptOn(cand[k], amount, depth, ctx, r);
        } else {
            for (int k = 0; k < n; ++k) {
                if (weights[k] > 0) {
                    attemptOn(cand[k], amount * weights[k] / total, depth, ctx, r);
                }
            }
        }
        return r;
    }

    // usage-based-routing-v2 (lowest_tpm_rpm_v2): a deployment is eligible while this minute's
    // tokens + the prompt's input tokens fit its tpm and its routed requests + 1 stay BELOW its rpm
    // (LiteLLM's `>=` test: the router leaves one request per minute of rpm unused). Lowest
    // current-minute TPM wins, ties at random. In the aggregate face the flow is split equally and
    // what a deployment cannot take goes to the others (the fluid image of "lowest usage first").
    const double tokens = ctx.inputTokens + ctx.outputTokens;
    caps.resize(n);
    for (int k = 0; k < n; ++k) {
        const Dep &d = deps[cand[k]];
        double cap = d.hasRpm ? d.rpm - 1 - d.minReq : kInf;
        if (d.hasTpm) {
            const double room = d.tpm - d.minTok - ctx.inputTokens;
            cap = std::min(cap, room < 0 ? 0.0 : room / tokens + 1);
        }
        caps[k] = std::max(0.0, cap);
    }
    if (ctx.single) {
        int best = -1;
        int ties = 0;
        for (int k = 0; k < n; ++k) {
            if (caps[k] < 1 - 1e-9) {
                continue;
            }
            const double used = deps[cand[k]].minTok;
            if (best < 0 || used < deps[cand[best]].minTok) {
                best = k;
                ties = 1;
            } else if (used == deps[cand[best]].minTok && uniform() * ++ties < 1.0) {
                best = k; // reservoir choice among equals
            }
        }
        if (best < 0) {
            reject(ErrorClass::NoDeployments, amount);
        } else {
            attemptOn(cand[best], amount, depth, ctx, r);
        }
        return r;
    }
    weights.assign(n, 0.0); // given to each deployment
    double rest = amount;
    for (int round = 0; round < n && rest > kEps; ++round) {
        int open = 0;
        for (int k = 0; k < n; ++k) {
            open += caps[k] - weights[k] > kEps ? 1 : 0;
        }
        if (open == 0) {
            break;
        }
        const double share = rest / open;
        for (int k = 0; k < n; ++k) {
            const double room = caps[k] - weights[k];
            if (room <= kEps) {
                continue;
            }
            const double give = std::min(share, room);
            weights[k] += give;
            rest -= give;
        }
    }
    for (int k = 0; k < n; ++k) {
        if (weights[k] > 0) {
            attemptOn(cand[k], weights[k], depth, ctx, r);
        }
    }
    if (rest > kEps) {
        reject(ErrorClass::NoDeployments, rest);
    }
    return r;
}

// async_function_with_retries: the first round, then up to num_retries re-picks within the group
// while the retry gate allows (checked before the loop and after every failed retry).
RetryOut State::callWithRetries(int g, double amount, int depth, const CallCtx &ctx)
{
    RetryOut out;
    const RoundOut first = attemptRound(g, amount, depth, ctx);
    out.served = first.served;
    out.dep = first.dep;
    out.error = first.error;
    if (first.failedTotal <= 0) {
        return out;
    }
    for (int c = 0; c < kErrorCount; ++c) {
        if (first.failed[c] <= 0) {
            continue;
        }
        bool policy = false;
        const int retries = retriesFor(ErrorClass(c), &policy);
        if (retries == 0 || (!policy && !retryGate(ErrorClass(c), g, ctx.now))) {
            out.exhaust(c, first.failed[c]);
            continue;
        }
        double pending = first.failed[c];
        for (int k = 1; k <= retries; ++k) {
            if (ctx.outcome) {
                ctx.outcome->latencySeconds += retrySleep(g, k, retries, ctx.now);
            }
            const RoundOut r = attemptRound(g, pending, depth, ctx);
            out.served += r.served;
            out.dep = r.dep;
            out.error = r.error;
            out.retries = k;
            pending = 0;
            for (int e = 0; e < kErrorCount; ++e) {
                if (r.failed[e] <= 0) {
                    continue;
                }
                if (k == retries || (!policy && !retryGate(ErrorClass(e), g, ctx.now))) {
                    out.exhaust(e, r.failed[e]);
                } else {
                    pending += r.failed[e];
                }
            }
            if (pending <= kEps) {
                out.exhaust(idx(r.error == ErrorClass::None ? ErrorClass(c) : r.error), pending);
                break;
            }
        }
    }
    return out;
}

// async_function_with_fallbacks + run_async_fallback. After the group's retries, its error picks
// a map (context window / content policy when configured, else the general one); each target is
// a full call (its own retries and fallbacks) at depth + 1, + 1 per sibling tried; a target equal
// to this group is skipped; the walk does not start once depth >= max_fallbacks. The edge is
// labelled from THIS group (LiteLLM's original_model_group is the kwargs model of the hop whose
// fallbacks run: the requested group at depth 0, the intermediate group deeper), and a hop
// counts as a success when the target's call succeeded, through its own fallbacks or not.
// A fallback to a name that is no group: the router's BadRequestError, no further walk.
GroupOut State::unknownTarget(const Hop &hop, double amount, int depth, const CallCtx &ctx) const
{
    GroupOut sub;
    sub.failed = amount;
    sub.maxDepth = depth;
    if (ctx.single) {
        sub.error = ErrorClass::BadRequest;
        sub.message = QStringLiteral("litellm.BadRequestError: You passed in model=%1. There are "
                                     "no healthy deployments for this model")
                          .arg(edges[hop.edge].to);
    }
    return sub;
}

GroupOut State::callGroup(int g, double amount, int depth, const CallCtx &ctx)
{
    return walkFallbacks(g, callWithRetries(g, amount, depth, ctx), depth, ctx);
}

GroupOut State::walkFallbacks(int g, const RetryOut &ro, int depth, const CallCtx &ctx)
{
    GroupOut o;
    o.maxDepth = depth;
    o.served = ro.served;
    if (ctx.single && ro.served > 0) {
        o.servedGroup = g;
        o.servedDep = ro.dep;
        o.servedRetries = ro.retries;
        o.servedDepth = depth;
        return o;
    }
    if (ro.exhaustedTotal <= 0) {
        return o;
    }
    if (ctx.single) {
        o.error = ro.error;
        o.errorRetries = ro.retries;
        o.message = errorMessage(ro.error, g, ro.dep);
    }

    const Group &grp = groups[g];
    enum { General, ContextWindow, ContentPolicy };
    // Which map each error class walks, and how much flow each map gets.
    std::array<int, kErrorCount> chainOf{};
    chainOf.fill(General);
    if (cfg.cwConfigured) {
        chainOf[idx(ErrorClass::ContextWindowExceeded)] = ContextWindow;
    }
    if (cfg.cpConfigured) {
        chainOf[idx(ErrorClass::ContentPolicyViolation)] = ContentPolicy;
    }
    std::array<double, 3> flows{};
    for (int c = 0; c < kErrorCount; ++c) {
        flows[chainOf[c]] += ro.exhausted[c];
    }
    QString detail;
    QStringList tried;
    for (int kind : {General, ContextWindow, ContentPolicy}) {
        const double flow = flows[kind];
        if (flow <= 0) {
            continue;
        }
        const Chain &chain = kind == General         ? grp.general
                             : kind == ContextWindow ? grp.contextWindow
                                                     : grp.contentPolicy;
        double rest = flow;
        if (chain.found && depth < cfg.maxFallbacks) {
            int d = depth;
            for (int h = chain.begin; h < chain.end && rest > kEps; ++h) {
                const Hop hop = hops[h];
                if (hop.target == g) {
                    continue;
                }
                ++d;
                const GroupOut sub = hop.target >= 0 ? callGroup(hop.target, rest, d, ctx)
                                                     : unknownTarget(hop, rest, d, ctx);
                Edge &e = edges[hop.edge];
                e.successes += sub.served;
                e.failures += sub.failed;
                for (int c = 0; c < kErrorCount; ++c) {
                    if (chainOf[c] == kind && ro.exhausted[c] > 0) {
                        e.byError[c] += rest * ro.exhausted[c] / flow;
                    }
                }
                if (ctx.single) {
                    tried << e.to;
                    o.maxDepth = std::max(o.maxDepth, sub.maxDepth);
                    if (sub.served > 0) {
                        o.servedGroup = sub.servedGroup;
                        o.servedDep = sub.servedDep;
                        o.servedRetries = sub.servedRetries;
                        o.servedDepth = sub.servedDepth;
                    } else {
                        detail = sub.message;
                    }
                }
                rest = sub.failed;
            }
        } else if (ctx.single && !chain.found && kind == General &&
                   (!spec.fallbacks.fallbacks.empty() ||
                    !spec.fallbacks.defaultFallbacks.isEmpty()) &&
                   ro.error != ErrorClass::NoDeployments) {
            o.message +=
                QStringLiteral("No fallback model group found for original model_group=%1. "
                               "Fallbacks=%2")
                    .arg(grp.name, fallbacksRepr());
        }
        o.served += flow - rest;
        o.failed += rest;
        for (int c = 0; c < kErrorCount; ++c) {
            if (chainOf[c] == kind && httpStatus(ErrorClass(c)) == 429) {
                o.failedRateLimited += rest * ro.exhausted[c] / flow;
            }
        }
    }
    // The original exception is re-raised; LiteLLM's own exceptions (not the router's
    // RouterRateLimitError, which has no .message) get the fallback outcome appended.
    if (ctx.single && o.served <= 0 && !tried.isEmpty() && ro.error != ErrorClass::NoDeployments) {
        QStringList quoted;
        for (const QString &t : tried) {
            quoted << QLatin1Char('\'') + t + QLatin1Char('\'');
        }
        o.message +=
            QStringLiteral(". Received Model Group=%1\nAvailable Model Group Fallbacks=[%2]"
                           "\nError doing the fallback: %3")
                .arg(grp.name, quoted.join(QStringLiteral(", ")), detail);
    }
    return o;
}

// The aggregate face: 1-second substeps (setSubstepSeconds: longer ones, for a prediction's far
// horizon) that also stop at minute boundaries, so that windows roll
// where LiteLLM's calendar-minute keys do; cooldowns set in a substep start at its end and are
// seen from the next substep on (expiry resolution: one substep). Retries and fallbacks of a
// substep's flow happen within it (retry backoff is not modelled in this face). Groups are served
// in the order given, so fallback flow into a group competes with that group's own demand in
// that order.
void State::routeFlows(const std::vector<IndexedDemand> &demand, double dt)
{
    const double end = now + std::max(0.0, dt);
    while (now < end) {
        const double t = now;
        const double nextMinute = double(minute + 1) * 60.0;
        double grid =
            substep == 1.0 ? std::floor(t) + 1.0 : std::floor(t / substep) * substep + substep;
        if (grid <= t) {
            grid = t + substep;
        }
        const double next = std::min({grid, nextMinute, end});
        const double h = next - t;
        if (!faults.empty()) {
            applyFaults(t);
        }
        for (const IndexedDemand &dm : demand) {
            if (dm.group < 0 || dm.group >= int(groups.size()) || !(dm.requestsPerSecond > 0)) {
                continue;
            }
            CallCtx ctx;
            ctx.inputTokens = std::max(0.0, dm.inputTokens);
            ctx.outputTokens = std::max(0.0, dm.outputTokens);
            if (ctx.inputTokens + ctx.outputTokens <= 0) {
                ctx.outputTokens = 1;
            }
            ctx.invTokens = 1.0 / (ctx.inputTokens + ctx.outputTokens);
            ctx.now = t;
            ctx.cooldownBase = next;
            const double amount = dm.requestsPerSecond * h;
            Group &grp = groups[dm.group];
            grp.requests += amount;
            const RetryOut ro = callWithRetries(dm.group, amount, 0, ctx);
            if (ro.exhaustedTotal <= 0) {
                continue; // the common case: no fallback walk, nothing failed
            }
            const GroupOut o = walkFallbacks(dm.group, ro, 0, ctx);
            grp.failed += o.failed;
            grp.rateLimited += o.failedRateLimited;
        }
        now = next;
        rollTo(now);
    }
}

} // namespace headroom::router::detail
