// The two replays: the observed demand, interval by interval, through RouterModel's aggregate
// face with one chain and then the other, everything else (deployments, tokens, the minute's
// phase) the same. Cumulative counters are read once at the end, the per-step totals only for
// when a group saturates. What the replay cannot know is in docs/whatif.md.

#include "predict/whatif.h"

#include "predict/attemptsfold.h"
#include "predict/cascadeprediction.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <QLocale>

namespace headroom {

const WhatIfGroup *WhatIfResult::group(const QString &name) const
{
    for (const WhatIfGroup &g : groups) {
        if (g.group == name) {
            return &g;
        }
    }
    return nullptr;
}

const WhatIfEdge *WhatIfResult::edge(const QString &from, const QString &to) const
{
    for (const WhatIfEdge &e : edges) {
        if (e.from == from && e.to == to) {
            return &e;
        }
    }
    return nullptr;
}

QString WhatIfResult::summary() const
{
    const QLocale c(QLocale::English); // one summary whatever the desktop (logs, the CLI)
    const auto count = [&](double x) {
        return c.toString(qint64(std::llround(x)));
    };
    QString text =
        QStringLiteral("429s to clients over the last %1 min: %2 → %3 (confidence %4 %)")
            .arg(c.toString(replayedSeconds / 60.0, 'f', replayedSeconds < 600 ? 1 : 0),
                 count(live429), count(desired429), QString::number(std::lround(confidence * 100)));
    QStringList cleared;
    QStringList added;
    for (const WhatIfGroup &g : groups) {
        if (g.live.saturatesAtSeconds && !g.desired.saturatesAtSeconds) {
            cleared << g.group;
        } else if (!g.live.saturatesAtSeconds && g.desired.saturatesAtSeconds) {
            added << g.group;
        }
    }
    if (!cleared.isEmpty()) {
        text += QStringLiteral("; no longer saturating: ") + cleared.join(QStringLiteral(", "));
    }
    if (!added.isEmpty()) {
        text += QStringLiteral("; newly saturating: ") + added.join(QStringLiteral(", "));
    }
    return text;
}

namespace {

struct Replay {
    std::vector<WhatIfSide> sides; // groupIndex order
    std::map<std::pair<QString, QString>, double> edges;
};

std::size_t intervalCount(const WhatIfInput &in)
{
    std::size_t n = 0;
    for (const ReplayedDemand &d : in.demand) {
        n = std::max(n, d.requestsPerSecond.size());
    }
    return n;
}

Replay replay(const WhatIfInput &in, const FallbackChain &chain, std::size_t intervals,
              std::size_t warmup)
{
    router::RouterSpec spec;
    spec.deployments = in.deployments;
    spec.settings = chain.settings;
    spec.fallbacks = chain.fallbacks;
    router::RouterModel model(std::move(spec));
    const auto n = std::size_t(model.groups().size());
    Replay out;
    out.sides.resize(n);

    const double phase = std::clamp(in.minuteElapsedSeconds, 0.0, 59.999);
    model.advanceTo(phase);
    const double step = std::clamp(in.stepSeconds, 0.1, 60.0);
    model.setSubstepSeconds(step);
    const double interval = std::max(0.1, in.intervalSeconds);

    std::vector<router::IndexedDemand> demand;
    std::vector<const ReplayedDemand *> source;
    for (const ReplayedDemand &d : in.demand) {
        const int g = model.groupIndex(d.group);
        if (g >= 0) {
            demand.push_back({g, 0, d.inputTokens, d.outputTokens});
            source.push_back(&d);
        }
    }

    // The counters when the counted window begins (after the warm-up).
    std::vector<router::GroupTotals> base;
    std::vector<router::GroupCounters> baseGroups;
    std::vector<router::EdgeCounters> baseEdges;
    const auto snapshot = [&] {
        model.groupTotals(base);
        baseGroups = model.groupCounters();
        baseEdges = model.edgeCounters();
    };
    const double counted = double(warmup) * interval;
    if (warmup == 0) {
        snapshot();
    }

    std::vector<router::GroupTotals> prev;
    std::vector<router::GroupTotals> cur;
    model.groupTotals(prev);
    const double horizon = double(intervals) * interval;
    double t = 0;
    while (t < horizon - 1e-9) {
        const auto k = std::min(intervals - 1, std::size_t(std::floor(t / interval + 1e-9)));
        const double grid = std::floor(model.now() / step + 1e-9) * step + step;
        const double dt = std::min({grid - model.now(), double(k + 1) * interval - t, horizon - t});
        for (std::size_t i = 0; i < demand.size(); ++i) {
            const std::vector<double> &rps = source[i]->requestsPerSecond;
            demand[i].requestsPerSecond = k < rps.size() ? std::max(0.0, rps[k]) : 0.0;
        }
        model.tickIndexed(demand, dt);
        model.groupTotals(cur);
        if (t >= counted - 1e-9) {
            for (std::size_t g = 0; g < n; ++g) {
                const double arrived = cur[g].clientRequests - prev[g].clientRequests +
                                       cur[g].fallbacksIn - prev[g].fallbacksIn;
                const double refused = cur[g].refused - prev[g].refused;
                if (refused < kMinRefusedPerSecond * dt || refused < kSaturatedShare * arrived) {
                    continue;
                }
                WhatIfSide &side = out.sides[g];
                if (!side.saturatesAtSeconds) {
                    side.saturatesAtSeconds = t - counted;
                }
                side.saturatedSeconds += dt;
            }
        }
        prev.swap(cur);
        t = model.now() - phase;
        if (warmup > 0 && std::abs(t - counted) < 1e-9) {
            snapshot();
        }
    }
    if (base.size() != n) {
        snapshot(); // a warm-up as long as the replay: nothing counted
    }

    // The totals over the counted window, and the attempts per request folded over it.
    const std::vector<router::GroupCounters> groups = model.groupCounters();
    const std::vector<router::EdgeCounters> edges = model.edgeCounters();
    model.groupTotals(cur);
    std::vector<double> arrivals(n);
    std::vector<double> attempts(n);
    for (std::size_t g = 0; g < n; ++g) {
        arrivals[g] = cur[g].clientRequests + cur[g].fallbacksIn - base[g].clientRequests -
                      base[g].fallbacksIn;
        attempts[g] = cur[g].attempts - base[g].attempts;
        out.sides[g].clientRequests = groups[g].requests - baseGroups[g].requests;
        out.sides[g].client429 = groups[g].rateLimited - baseGroups[g].rateLimited;
        out.sides[g].clientErrors = groups[g].failed - baseGroups[g].failed;
    }
    std::vector<int> edgeFrom;
    std::vector<int> edgeTo;
    std::vector<double> traffic;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        // The chain does not change during a replay: the edges keep their order.
        const router::EdgeCounters &e = edges[i];
        const double before =
            i < baseEdges.size() ? baseEdges[i].successes + baseEdges[i].failures : 0.0;
        edgeFrom.push_back(model.groupIndex(e.from));
        edgeTo.push_back(model.groupIndex(e.to));
        traffic.push_back(e.successes + e.failures - before);
        if (traffic.back() > 1e-6) {
            out.edges[{e.from, e.to}] += traffic.back();
        }
    }
    const int depth = std::clamp(chain.fallbacks.maxFallbacks.value_or(5), 0, 10) + 1;
    std::vector<double> apr;
    std::vector<double> scratch;
    foldAttempts(arrivals, attempts, edgeFrom, edgeTo, traffic, depth, apr, scratch);
    for (std::size_t g = 0; g < n; ++g) {
        out.sides[g].attemptsPerRequest = apr[g];
    }
    return out;
}

} // namespace

WhatIfResult runWhatIf(const WhatIfInput &input)
{
    WhatIfResult out;
    out.requestedSeconds = input.requestedSeconds;
    const std::size_t intervals = intervalCount(input);
    const std::size_t warmup = std::min(input.warmupIntervals, intervals);
    out.replayedSeconds = double(intervals - warmup) * std::max(0.1, input.intervalSeconds);
    if (out.requestedSeconds <= 0) {
        out.requestedSeconds = out.replayedSeconds;
    }
    Replay live = replay(input, input.live, intervals, warmup);
    Replay desired = replay(input, input.desired, intervals, warmup);

    // Names in the deployments' order (RouterModel's group order).
    QStringList names;
    for (const Deployment &d : input.deployments) {
        if (!names.contains(d.group)) {
            names << d.group;
        }
    }
    double observedAll = 0;
    double demandAll = 0;
    double observedIntervals = 0;
    double allIntervals = 0;
    out.groups.resize(std::size_t(names.size()));
    for (qsizetype g = 0; g < names.size(); ++g) {
        WhatIfGroup &row = out.groups[std::size_t(g)];
        row.group = names[g];
        if (std::size_t(g) < live.sides.size()) {
            row.live = live.sides[std::size_t(g)];
            row.desired = desired.sides[std::size_t(g)];
        }
        out.live429 += row.live.client429;
        out.desired429 += row.desired.client429;
        const auto it = std::find_if(input.demand.begin(), input.demand.end(),
                                     [&](const ReplayedDemand &d) { return d.group == names[g]; });
        allIntervals += double(intervals - warmup);
        if (it == input.demand.end()) {
            continue; // no data: replayed as idle, confidence 0
        }
        double observed = 0;
        double total = 0;
        double seen = 0;
        for (std::size_t k = warmup; k < it->requestsPerSecond.size(); ++k) {
            const double x = std::max(0.0, it->requestsPerSecond[k]);
            const bool known = k < it->observed.size() && it->observed[k];
            total += x;
            observed += known ? x : 0;
            seen += known ? 1 : 0;
        }
        row.confidence = total > 0 ? observed / total
                                   : (intervals > warmup ? seen / double(intervals - warmup) : 0);
        observedAll += observed;
        demandAll += total;
        observedIntervals += seen;
    }
    out.confidence = demandAll > 0      ? observedAll / demandAll
                     : allIntervals > 0 ? observedIntervals / allIntervals
                                        : 0;

    std::map<std::pair<QString, QString>, WhatIfEdge> edges;
    for (const auto &[key, x] : live.edges) {
        WhatIfEdge &e = edges[key];
        e.from = key.first;
        e.to = key.second;
        e.liveRequests = x;
    }
    for (const auto &[key, x] : desired.edges) {
        WhatIfEdge &e = edges[key];
        e.from = key.first;
        e.to = key.second;
        e.desiredRequests = x;
    }
    for (auto &[key, e] : edges) {
        out.edges.push_back(std::move(e));
    }
    return out;
}

} // namespace headroom
