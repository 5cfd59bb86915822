// RouterModel's public faces: the clock, single requests, aggregate ticks and the counters. The
// rules live in routerrules.cpp, the routing core in routerflow.cpp, index building in
// routerbuild.cpp.
//
// Modelling decisions, in one place:
// - Usage windows are fixed calendar minutes of simulated time (LiteLLM keys usage by UTC
//   "%H-%M"). Router rpm usage counts every attempt routed to a deployment; tpm usage counts the
//   tokens of successful calls.
// - A deployment's rpm/tpm is also its provider's real quota, in every strategy: an attempt
//   beyond this minute's accepted requests/tokens gets a provider 429 (RateLimitError). Under
//   simple-shuffle the router treats rpm/tpm only as weights, so saturation shows up as provider
//   429s; under usage-based-routing-v2 the router filters first and answers "No deployments
//   available" (RouterRateLimitError, 429) before the provider would refuse.
// - The final error of a request is the REQUESTED group's own error after its retries (LiteLLM
//   re-raises the original exception once fallbacks fail), with the fallback outcome appended to
//   the message as async_function_with_fallbacks_common_utils does.
// - Every failed attempt runs the cooldown logic (the SDK router; the proxy's shared logging
//   object runs it only for the first failure of a request and for fallback hops).
// - An unknown requested group is a 400 BadRequestError with no retry and no fallback (newer
//   routers would route it to the first default fallback; the proxy rejects it before routing).

#include "router/routerstate.h"

#include <algorithm>
#include <cmath>

namespace headroom::router {

using detail::idx;
using detail::kErrorCount;

RouterSpec RouterSpec::fromConfig(const ProxyConfig &config)
{
    RouterSpec spec;
    spec.deployments = config.deployments;
    spec.settings = config.router;
    spec.fallbacks = config.fallbacks;
    return spec;
}

namespace detail {

void State::rollTo(double t)
{
    const auto m = qint64(std::floor(t / 60.0));
    if (m == minute) {
        return;
    }
    minute = m;
    for (Dep &d : deps) {
        d.minReq = 0;
        d.minTok = 0;
        d.minOk = 0;
        d.minFail = 0;
    }
}

// Fault effects per deployment at time t; several faults on one deployment combine (storms as
// independent refusals, slowness adds up).
void State::applyFaults(double t)
{
    if (t == faultsAppliedAt) {
        return;
    }
    faultsAppliedAt = t;
    for (std::size_t i = 0; i < deps.size(); ++i) {
        Dep &d = deps[i];
        d.outage = false;
        double pass = 1;
        d.slow = 0;
        const Deployment &spec_ = spec.deployments[i];
        for (const Fault &f : faults) {
            if (t < f.start || t >= f.end) {
                continue;
            }
            if (!f.provider.isEmpty() && f.provider != spec_.provider) {
                continue;
            }
            if (!f.deploymentId.isEmpty() && f.deploymentId != spec_.id) {
                continue;
            }
            switch (f.kind) {
            case Fault::Kind::Outage:
                d.outage = true;
                break;
            case Fault::Kind::RateLimitStorm:
                pass *= 1.0 - std::clamp(f.fraction, 0.0, 1.0);
                break;
            case Fault::Kind::Slow:
                d.slow += std::max(0.0, f.latencySeconds);
                break;
            }
        }
        d.storm = 1.0 - pass;
    }
}

QString State::fallbacksRepr() const
{
    QStringList entries;
    auto add = [&](const QString &key, const QStringList &list) {
        QStringList quoted;
        for (const QString &s : list) {
            quoted << QLatin1Char('\'') + s + QLatin1Char('\'');
        }
        entries << QStringLiteral("{'%1': [%2]}").arg(key, quoted.join(QStringLiteral(", ")));
    };
    for (const auto &[key, list] : spec.fallbacks.fallbacks) {
        add(key, list);
    }
    if (!spec.fallbacks.defaultFallbacks.isEmpty()) {
        add(QStringLiteral("*"), spec.fallbacks.defaultFallbacks);
    }
    return QLatin1Char('[') + entries.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace detail

// The pimpl the header declares is the detail state itself.
struct RouterModel::State : detail::State {};

RouterModel::RouterModel(RouterSpec spec, quint64 seed)
    : m_state(std::make_unique<State>())
{
    m_state->spec = std::move(spec);
    m_state->build(seed);
}

RouterModel::~RouterModel() = default;

double RouterModel::now() const
{
    return m_state->now;
}

void RouterModel::advanceTo(double seconds)
{
    if (!(seconds > m_state->now)) {
        return;
    }
    m_state->now = seconds;
    m_state->rollTo(seconds);
}

Outcome RouterModel::route(const Request &request)
{
    State &s = *m_state;
    Outcome out;
    const int g = s.findGroup(request.group);
    if (g < 0) {
        // Router._common_checks_available_deployment: no deployments for the name → 400.
        out.httpStatus = 400;
        out.error = ErrorClass::BadRequest;
        out.message = QStringLiteral("litellm.BadRequestError: You passed in model=%1. There are "
                                     "no healthy deployments for this model")
                          .arg(request.group);
        Attempt a;
        a.group = request.group;
        a.error = ErrorClass::BadRequest;
        out.attempts.push_back(a);
        return out;
    }
    if (!s.faults.empty()) {
        s.applyFaults(s.now);
    }
    detail::CallCtx ctx;
    ctx.single = true;
    ctx.inputTokens = double(std::max<qint64>(0, request.inputTokens));
    ctx.outputTokens = double(std::max<qint64>(0, request.outputTokens));
    if (ctx.inputTokens + ctx.outputTokens <= 0) {
        ctx.outputTokens = 1;
    }
    ctx.invTokens = 1.0 / (ctx.inputTokens + ctx.outputTokens);
    ctx.now = s.now;
    ctx.cooldownBase = s.now;
    ctx.injected = request.injected;
    ctx.injectedGroup = g;
    ctx.outcome = &out;

    s.groups[g].requests += 1;
    const detail::GroupOut o = s.callGroup(g, 1.0, 0, ctx);
    if (o.served > 0.5 && o.servedGroup >= 0) {
        out.ok = true;
        out.httpStatus = 200;
        out.servedGroup = s.groups[o.servedGroup].name;
        out.deploymentId = s.spec.deployments[o.servedDep].id;
        out.attemptedRetries = o.servedRetries;
        out.attemptedFallbacks = o.servedDepth;
        out.remainingRequests = s.remaining(o.servedGroup, false);
        out.remainingTokens = s.remaining(o.servedGroup, true);
    } else {
        out.error = o.error;
        out.httpStatus = httpStatus(o.error);
        out.message = o.message;
        out.attemptedRetries = o.errorRetries;
        out.attemptedFallbacks = o.maxDepth;
        out.remainingRequests = s.remaining(g, false);
        out.remainingTokens = s.remaining(g, true);
        s.groups[g].failed += 1;
        if (out.httpStatus == 429) {
            s.groups[g].rateLimited += 1;
        }
    }
    return out;
}

void RouterModel::tickIndexed(const std::vector<IndexedDemand> &demand, double dtSeconds)
{
    m_state->routeFlows(demand, dtSeconds);
}

TickReport RouterModel::tick(const std::vector<GroupDemand> &demand, double dtSeconds)
{
    State &s = *m_state;
    std::vector<IndexedDemand> indexed;
    indexed.reserve(demand.size());
    for (const GroupDemand &d : demand) {
        indexed.push_back(IndexedDemand{s.findGroup(d.group), d.requestsPerSecond, d.inputTokens,
                                        d.outputTokens});
    }

    // Snapshot the cumulative counters, route, report the differences.
    constexpr int kDepFields = 5;
    constexpr int kEdgeFields = 2 + kErrorCount;
    constexpr int kGroupFields = 4;
    std::vector<double> &prev = s.prev;
    prev.clear();
    for (const detail::Dep &d : s.deps) {
        prev.insert(prev.end(), {d.successes, d.failures, d.rateLimited, d.tokens, d.cooldowns});
    }
    for (const detail::Edge &e : s.edges) {
        prev.push_back(e.successes);
        prev.push_back(e.failures);
        prev.insert(prev.end(), e.byError.begin(), e.byError.end());
    }
    for (const detail::Group &g : s.groups) {
        prev.insert(prev.end(), {g.requests, g.failed, g.rateLimited, g.routerRejects});
    }

    s.routeFlows(indexed, dtSeconds);

    TickReport report;
    report.time = s.now;
    report.dt = dtSeconds;
    report.deployments = deploymentCounters();
    std::size_t p = 0;
    for (DeploymentCounters &c : report.deployments) {
        c.successes -= prev[p];
        c.failures -= prev[p + 1];
        c.rateLimited -= prev[p + 2];
        c.tokens -= prev[p + 3];
        c.cooldowns -= prev[p + 4];
        p += kDepFields;
    }
    for (const detail::Edge &e : s.edges) {
        EdgeCounters c;
        c.from = s.groups[e.from].name;
        c.to = e.to;
        c.successes = e.successes - prev[p];
        c.failures = e.failures - prev[p + 1];
        for (int k = 0; k < kErrorCount; ++k) {
            const double delta = e.byError[k] - prev[p + 2 + k];
            if (delta != 0) {
                c.byError[ErrorClass(k)] = delta;
            }
        }
        if (c.successes != 0 || c.failures != 0) {
            report.edges.push_back(std::move(c));
        }
        p += kEdgeFields;
    }
    report.groups = groupCounters();
    for (GroupCounters &c : report.groups) {
        c.requests -= prev[p];
        c.failed -= prev[p + 1];
        c.rateLimited -= prev[p + 2];
        c.routerRejects -= prev[p + 3];
        p += kGroupFields;
    }
    return report;
}

void RouterModel::setFallbacks(const FallbackConfig &fallbacks)
{
    m_state->spec.fallbacks = fallbacks;
    m_state->rebuildFallbacks();
}

void RouterModel::setSettings(const RouterSettings &settings)
{
    m_state->spec.settings = settings;
    m_state->rebuildSettings();
}

void RouterModel::setFaults(std::vector<Fault> faults)
{
    State &s = *m_state;
    s.faults = std::move(faults);
    s.faultsAppliedAt = -detail::kInf;
    s.applyFaults(s.now); // also clears the effects of faults that were removed
}

const RouterSpec &RouterModel::spec() const
{
    return m_state->spec;
}

std::vector<DeploymentCounters> RouterModel::deploymentCounters() const
{
    const State &s = *m_state;
    std::vector<DeploymentCounters> out;
    out.reserve(s.deps.size());
    for (std::size_t i = 0; i < s.deps.size(); ++i) {
        const detail::Dep &d = s.deps[i];
        const Deployment &spec = s.spec.deployments[i];
        DeploymentCounters c;
        c.id = spec.id;
        c.group = spec.group;
        c.provider = spec.provider;
        c.successes = d.successes;
        c.failures = d.failures;
        c.rateLimited = d.rateLimited;
        c.tokens = d.tokens;
        c.cooldowns = d.cooldowns;
        c.minuteRequests = d.minReq;
        c.minuteTokens = d.minTok;
        if (!s.available(d, s.now)) {
            c.cooldownUntil = d.cooldownUntil;
        }
        c.state = d.state;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<EdgeCounters> RouterModel::edgeCounters() const
{
    const State &s = *m_state;
    std::vector<EdgeCounters> out;
    out.reserve(s.edges.size());
    for (const detail::Edge &e : s.edges) {
        EdgeCounters c;
        c.from = s.groups[e.from].name;
        c.to = e.to;
        c.successes = e.successes;
        c.failures = e.failures;
        for (int k = 0; k < kErrorCount; ++k) {
            if (e.byError[k] != 0) {
                c.byError[ErrorClass(k)] = e.byError[k];
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<GroupCounters> RouterModel::groupCounters() const
{
    const State &s = *m_state;
    std::vector<GroupCounters> out;
    out.reserve(s.groups.size());
    for (const detail::Group &g : s.groups) {
        out.push_back({g.name, g.requests, g.failed, g.rateLimited, g.routerRejects});
    }
    return out;
}

std::optional<qint64> RouterModel::remainingRequests(const QString &group) const
{
    const int g = m_state->findGroup(group);
    return g < 0 ? std::nullopt : m_state->remaining(g, false);
}

std::optional<qint64> RouterModel::remainingTokens(const QString &group) const
{
    const int g = m_state->findGroup(group);
    return g < 0 ? std::nullopt : m_state->remaining(g, true);
}

bool RouterModel::presetDeployment(const QString &id, double minuteAttempts, double minuteAccepted,
                                   double minuteTokens, std::optional<double> cooldownUntil)
{
    State &s = *m_state;
    for (std::size_t i = 0; i < s.deps.size(); ++i) {
        if (s.spec.deployments[i].id != id) {
            continue;
        }
        detail::Dep &d = s.deps[i];
        d.minOk = std::max(0.0, minuteAccepted);
        d.minReq = std::max(d.minOk, minuteAttempts);
        d.minFail = d.minReq - d.minOk;
        d.minTok = std::max(0.0, minuteTokens);
        if (cooldownUntil && *cooldownUntil > s.now && !d.cooldownOff) {
            d.cooldownUntil = *cooldownUntil;
            detail::Group &g = s.groups[d.group];
            g.coolingUntil = std::max(g.coolingUntil, d.cooldownUntil);
        }
        return true;
    }
    return false;
}

void RouterModel::groupTotals(std::vector<GroupTotals> &out) const
{
    const State &s = *m_state;
    out.assign(s.groups.size(), GroupTotals{});
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
        const detail::Group &grp = s.groups[g];
        GroupTotals &t = out[g];
        t.clientRequests = grp.requests;
        t.clientRateLimited = grp.rateLimited;
        t.refused = grp.routerRejects;
        for (int m = grp.begin; m < grp.end; ++m) {
            const detail::Dep &d = s.deps[s.members[m]];
            t.attempts += d.successes + d.failures;
            t.refused += d.rateLimited;
        }
    }
    for (const detail::Edge &e : s.edges) {
        if (e.toGroup >= 0) {
            out[e.toGroup].fallbacksIn += e.successes + e.failures;
        }
    }
}

void RouterModel::edgeTraffic(std::vector<double> &out) const
{
    const State &s = *m_state;
    out.resize(s.edges.size());
    for (std::size_t e = 0; e < s.edges.size(); ++e) {
        out[e] = s.edges[e].successes + s.edges[e].failures;
    }
}

void RouterModel::setSubstepSeconds(double seconds)
{
    m_state->substep = std::clamp(seconds, 0.1, 60.0);
}

int RouterModel::groupIndex(const QString &group) const
{
    return m_state->findGroup(group);
}

QStringList RouterModel::groups() const
{
    QStringList out;
    for (const detail::Group &g : m_state->groups) {
        out << g.name;
    }
    return out;
}

} // namespace headroom::router
