// The replay's demand from the store. Each retained sample's rate covers the span since the
// sample before it (a bucket of a coarser tier covers its own span); each interval of the window
// takes the value of the slot covering its middle. An interval no value covers (a failed poll, a
// rate across too long a gap, the first sample, which has no rate) is filled with the nearest
// observed value before it, else after it, and counted as not observed: the confidence.

#include "predict/predictioninput.h"
#include "predict/whatif.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace headroom {

namespace {

constexpr qint64 kMinuteMs = 60'000;

// The span a slot's value covers: (begin, end] for raw samples, [begin, end) for buckets.
struct Cover {
    qint64 begin = 0;
    qint64 end = 0;
    qint64 key = 0; // the time its points carry
};

} // namespace

WhatIfInput whatIfInput(const MetricsStore &store, const FallbackChain &live,
                        const FallbackChain &desired, const WhatIfOptions &options)
{
    WhatIfInput in;
    in.live = live;
    in.desired = desired;
    in.requestedSeconds = std::max(0.0, options.windowSeconds);
    in.stepSeconds = std::clamp(options.stepSeconds, 0.1, 60.0);
    in.intervalSeconds = in.stepSeconds;
    if (!store.hasSample()) {
        return in;
    }
    // The deployments and tokens per call as the cascade prediction reads them.
    const ProxySample &sample = store.latestSample();
    in.deployments.reserve(sample.deployments.size());
    for (const DeploymentSample &d : sample.deployments) {
        in.deployments.push_back(deploymentOf(d));
    }

    const SeriesClock &clock = store.clock();
    const qint64 nowMs = clock.latestTimeMs();
    const auto intervalMs = qint64(std::llround(in.intervalSeconds * 1000));
    const qint64 wantedFrom = nowMs - qint64(std::llround(in.requestedSeconds * 1000));
    const qint64 fromMs = std::max(wantedFrom, clock.firstTimeMs());
    const auto counted = std::max<qint64>(0, (nowMs - fromMs) / intervalMs);
    // The warm-up: from the top of the minute before the one the window starts in, as far as the
    // store reaches back.
    const qint64 windowStartMs = nowMs - counted * intervalMs;
    const qint64 minuteStartMs =
        windowStartMs - ((windowStartMs % kMinuteMs) + kMinuteMs) % kMinuteMs;
    const qint64 warmFromMs = std::max(minuteStartMs - kMinuteMs, clock.firstTimeMs());
    const auto intervals =
        std::size_t(std::max<qint64>(counted, (nowMs - warmFromMs) / intervalMs));
    in.warmupIntervals = intervals - std::size_t(counted);
    const qint64 startMs = nowMs - qint64(intervals) * intervalMs;
    // The window's place in the calendar minute, on the step grid (the replay ticks on it).
    const double phase = double(((startMs % kMinuteMs) + kMinuteMs) % kMinuteMs) / 1000.0;
    in.minuteElapsedSeconds = std::fmod(std::round(phase / in.stepSeconds) * in.stepSeconds, 60.0);
    if (counted == 0) {
        in.warmupIntervals = 0;
        return in;
    }

    // The slotIndexes over the window (and one before it, where the first interval's rate began).
    const int tier = clock.tierFor(startMs);
    const qint64 bucketMs = clock.tiers()[std::size_t(tier)].bucketMs;
    const std::vector<qint64> slotIndexes =
        clock.slotsBetween(tier, startMs - std::max<qint64>(bucketMs, 2 * kMinuteMs), nowMs);
    std::vector<Cover> covers;
    covers.reserve(slotIndexes.size());
    for (std::size_t i = 0; i < slotIndexes.size(); ++i) {
        const qint64 t = clock.slotTime(tier, slotIndexes[i]).value_or(0);
        if (bucketMs > 0) {
            covers.push_back({t, t + bucketMs, t});
        } else if (i > 0) {
            covers.push_back({covers.back().end, t, t});
        } else {
            covers.push_back({t, t, t}); // covers nothing: no sample before it is retained
        }
    }
    // For each interval, the slot whose span holds its middle (or -1).
    std::vector<int> intervalCover(intervals, -1);
    {
        std::size_t c = 0;
        for (std::size_t k = 0; k < intervals; ++k) {
            const qint64 mid = startMs + qint64(k) * intervalMs + intervalMs / 2;
            while (c < covers.size() && covers[c].end < mid) {
                ++c;
            }
            if (c < covers.size() && covers[c].begin <= mid && mid <= covers[c].end &&
                covers[c].end > covers[c].begin) {
                intervalCover[k] = int(c);
            }
        }
    }

    std::vector<SeriesPoint> points;
    std::vector<double> value(covers.size());
    for (const GroupSample &g : sample.groups) {
        const MetricsStore::EntityRef entity = store.find(Scope::Group, g.group);
        if (!entity) {
            continue;
        }
        // Client requests; without the proxy's request counter, what the group's deployments
        // were asked (retries and fallbacks in included: an overestimate, as the prediction's).
        const Metric metric = store.hasSeries(entity, Metric::RequestsPerSec)
                                  ? Metric::RequestsPerSec
                                  : Metric::AttemptsPerSec;
        points.clear();
        store.appendPoints(entity, metric, tier, slotIndexes, points);
        // Points and slots are both in time order: one walk matches them.
        std::fill(value.begin(), value.end(), std::nan(""));
        std::size_t at = 0;
        for (const SeriesPoint &p : points) {
            while (at < covers.size() && covers[at].key < p.timeMs) {
                ++at;
            }
            if (at < covers.size() && covers[at].key == p.timeMs && std::isfinite(p.mean)) {
                value[at] = std::max(0.0, p.mean);
            }
        }
        ReplayedDemand d;
        d.group = g.group;
        d.requestsPerSecond.assign(intervals, 0.0);
        d.observed.assign(intervals, false);
        bool any = false;
        for (std::size_t k = 0; k < intervals; ++k) {
            const int c = intervalCover[k];
            if (c >= 0 && std::isfinite(value[std::size_t(c)])) {
                d.requestsPerSecond[k] = value[std::size_t(c)];
                d.observed[k] = true;
                any = true;
            }
        }
        if (!any) {
            continue; // nothing observed: the group is replayed idle, with no confidence
        }
        // Fill the gaps: hold the value before, else (at the start) take the first one after.
        std::optional<double> held;
        for (std::size_t k = 0; k < intervals; ++k) {
            if (d.observed[k]) {
                held = d.requestsPerSecond[k];
            } else if (held) {
                d.requestsPerSecond[k] = *held;
            }
        }
        const auto first =
            std::size_t(std::find(d.observed.begin(), d.observed.end(), true) - d.observed.begin());
        std::fill(d.requestsPerSecond.begin(), d.requestsPerSecond.begin() + qsizetype(first),
                  d.requestsPerSecond[first]);
        std::tie(d.inputTokens, d.outputTokens) = groupTokens(store, g);
        in.demand.push_back(std::move(d));
    }
    return in;
}

} // namespace headroom
