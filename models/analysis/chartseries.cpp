#include "analysis/chartseries.h"

#include "store/metricsstore.h"

#include <algorithm>
#include <QHash>

namespace headroom {

int chartTier(const MetricsStore &store, qint64 fromMs, qint64 windowMs, int maxPoints)
{
    const SeriesClock &clock = store.clock();
    const std::vector<TierSpec> &tiers = clock.tiers();
    if (tiers.empty()) {
        return -1;
    }
    const qint64 wanted = windowMs / std::max(1, maxPoints);
    const auto fine = [&](int tier) {
        const TierSpec &spec = tiers[std::size_t(tier)];
        if (spec.bucketMs > 0) {
            return spec.bucketMs < wanted;
        }
        if (spec.capacity > maxPoints) {
            return true;
        }
        // Raw: one slot per poll. Polls drift a little around their interval, so allow up to
        // twice the wanted resolution (the capacity still caps the count) instead of flapping
        // between tiers from one tick to the next.
        const qint64 n = clock.sampleCount();
        const qint64 interval = n > 1 ? (clock.latestTimeMs() - clock.firstTimeMs()) / (n - 1) : 0;
        return interval * 2 < wanted;
    };
    // A tier of n polls spans n − 1 intervals: the raw tier (720 × 5 s) falls one poll short of
    // an hour, and missing that would drop a 1-h chart to 1-min buckets. Allow a tier to leave
    // the oldest 5% of the window empty.
    int tier = std::max(0, clock.tierFor(fromMs + windowMs / 20));
    while (tier + 1 < int(tiers.size()) && fine(tier)) {
        ++tier;
    }
    return tier;
}

QList<TimeInterval> cooldownIntervals(const MetricsStore &store, const QString &group,
                                      qint64 fromMs, qint64 toMs, int tier)
{
    QList<TimeInterval> spans;
    QHash<QString, qint64> open; // deployment → start of its cooldown
    const EventLog &log = store.events();
    for (std::size_t i = 0; i < log.size(); ++i) {
        const Event &e = log.at(i);
        if (e.group != group) {
            continue;
        }
        if (e.kind == EventKind::CooldownStarted && !open.contains(e.deployment)) {
            open.insert(e.deployment, e.timeMs);
        } else if (e.kind == EventKind::CooldownEnded) {
            // Without its start (evicted from the log), it began before anything retained.
            const qint64 start = open.contains(e.deployment) ? open.take(e.deployment) : fromMs;
            spans.append({start, e.timeMs});
        }
    }
    for (auto it = open.cbegin(); it != open.cend(); ++it) {
        spans.append({it.value(), std::max(it.value(), store.clock().latestTimeMs())});
    }

    const std::vector<TierSpec> &tiers = store.clock().tiers();
    const qint64 bucketMs =
        tier >= 0 && std::size_t(tier) < tiers.size() ? tiers[std::size_t(tier)].bucketMs : 0;
    if (bucketMs > 0) {
        const ProxySample &latest = store.latestSample();
        for (const DeploymentSample &d : latest.deployments) {
            if (d.group != group) {
                continue;
            }
            const auto key = SeriesKey::deployment(d.id, Metric::CooldownsPerSec);
            for (const SeriesPoint &p : store.points(key, fromMs - bucketMs, toMs, tier)) {
                if (p.max > 0) {
                    spans.append({p.timeMs, p.timeMs + bucketMs});
                }
            }
        }
    }

    std::sort(spans.begin(), spans.end());
    QList<TimeInterval> merged;
    for (const TimeInterval &span : spans) {
        const TimeInterval clipped{std::max(span.first, fromMs), std::min(span.second, toMs)};
        if (clipped.first > clipped.second) {
            continue;
        }
        if (!merged.isEmpty() && clipped.first <= merged.last().second) {
            merged.last().second = std::max(merged.last().second, clipped.second);
        } else {
            merged.append(clipped);
        }
    }
    return merged;
}

std::vector<SeriesPoint> trailingMeans(const std::vector<SeriesPoint> &points, qint64 windowMs,
                                       qint64 fromMs)
{
    std::vector<SeriesPoint> out;
    out.reserve(points.size());
    double sum = 0;
    std::size_t first = 0; // the oldest point inside the window of the point at i
    for (std::size_t i = 0; i < points.size(); ++i) {
        sum += points[i].mean;
        while (points[first].timeMs <= points[i].timeMs - windowMs) {
            sum -= points[first++].mean;
        }
        if (points[i].timeMs < fromMs) {
            continue;
        }
        const double mean = sum / double(i - first + 1);
        out.push_back({points[i].timeMs, mean, mean, mean});
    }
    return out;
}

std::vector<SeriesPoint> acceptedAttempts(const std::vector<SeriesPoint> &attempts,
                                          const std::vector<SeriesPoint> &refused)
{
    std::vector<SeriesPoint> out;
    out.reserve(attempts.size());
    std::size_t j = 0;
    for (const SeriesPoint &p : attempts) {
        while (j < refused.size() && refused[j].timeMs < p.timeMs) {
            ++j;
        }
        const double less =
            j < refused.size() && refused[j].timeMs == p.timeMs ? refused[j].mean : 0;
        const double accepted = std::max(0.0, p.mean - less);
        out.push_back({p.timeMs, accepted, accepted, accepted});
    }
    return out;
}

} // namespace headroom
