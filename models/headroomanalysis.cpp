#include "headroomanalysis.h"

#include <algorithm>
#include <map>

namespace headroom {

// Why counter rates come first: LiteLLM's remaining-* gauges count down within the provider's or
// router's per-minute window, so "limit − remaining" is the usage of the minute so far (low at
// the start of each minute, a saw-tooth), and they are written only when non-zero, so an
// exhausted deployment shows its last non-zero value for as long as it stays exhausted. Counter
// rates averaged over a minute are what an RPM/TPM limit is compared against. The gauges are the
// fallback for proxies that serve no counters.

namespace {

struct UsageMetrics {
    Metric rate;
    Metric remaining;
    Metric limit;
};
constexpr UsageMetrics kRpm{Metric::RequestsPerSec, Metric::RemainingRequests, Metric::RpmLimit};
constexpr UsageMetrics kTpm{Metric::TokensPerSec, Metric::RemainingTokens, Metric::TpmLimit};

using Summed = std::map<qint64, double>;

struct Window {
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

std::vector<TrendPoint> toPoints(const Summed &summed)
{
    std::vector<TrendPoint> out;
    out.reserve(summed.size());
    for (const auto &[t, v] : summed) {
        out.push_back({t, v});
    }
    return out;
}

// Per-minute usage from a rate series, added into `sum` by time (raw tier: every series of the
// store is written at the same poll times, so the times line up). False if it had no points.
bool addRate(const MetricsStore &store, const SeriesKey &key, const Window &w, Summed &sum)
{
    const auto points = store.points(key, w.fromMs, w.toMs, 0);
    for (const SeriesPoint &p : points) {
        sum[p.timeMs] += p.mean * 60.0;
    }
    return !points.empty();
}

// Usage of the current minute from the remaining gauge: limit − remaining at each poll.
bool addGaugeUsage(const MetricsStore &store, const QString &id, const UsageMetrics &m,
                   const Window &w, Summed &sum)
{
    const auto limits = store.points(SeriesKey::deployment(id, m.limit), w.fromMs, w.toMs, 0);
    const auto remaining =
        store.points(SeriesKey::deployment(id, m.remaining), w.fromMs, w.toMs, 0);
    bool any = false;
    std::size_t j = 0;
    for (const SeriesPoint &r : remaining) {
        while (j < limits.size() && limits[j].timeMs < r.timeMs) {
            ++j;
        }
        if (j < limits.size() && limits[j].timeMs == r.timeMs) {
            sum[r.timeMs] += std::max(0.0, limits[j].mean - r.mean);
            any = true;
        }
    }
    return any;
}

Headroom evaluate(std::optional<double> limit, const Summed &summed, UsageSource source,
                  const AnalysisOptions &options, qint64 nowMs)
{
    if (summed.empty()) {
        return makeHeadroom(limit, std::nullopt, std::nullopt, UsageSource::None);
    }
    const std::vector<TrendPoint> points = toPoints(summed);
    std::optional<double> used;
    if (source == UsageSource::RemainingGauge) {
        used = points.back().value; // a count within the current minute: only the latest means it
    } else {
        double total = 0;
        int n = 0;
        for (const TrendPoint &p : points) {
            if (p.timeMs > nowMs - options.usageWindowMs) {
                total += p.value;
                ++n;
            }
        }
        used = n > 0 ? std::optional<double>(total / n) : std::nullopt;
    }
    const auto tte =
        limit ? timeToExhaustion(points, *limit, options.minTrendPoints) : std::nullopt;
    return makeHeadroom(limit, used, tte, source);
}

Headroom deploymentSide(const MetricsStore &store, const QString &id, const UsageMetrics &m,
                        const AnalysisOptions &options)
{
    const qint64 now = store.clock().latestTimeMs();
    const Window w{now - options.trendWindowMs, now};
    const auto limit = store.latest(SeriesKey::deployment(id, m.limit));
    Summed summed;
    if (addRate(store, SeriesKey::deployment(id, m.rate), w, summed)) {
        return evaluate(limit, summed, UsageSource::Counters, options, now);
    }
    addGaugeUsage(store, id, m, w, summed);
    return evaluate(limit, summed, UsageSource::RemainingGauge, options, now);
}

Headroom groupSide(const MetricsStore &store, const QString &group, const QStringList &ids,
                   const UsageMetrics &m, const AnalysisOptions &options)
{
    const qint64 now = store.clock().latestTimeMs();
    const Window w{now - options.trendWindowMs, now};
    auto limit = store.latest(SeriesKey::group(group, m.limit));
    if (!limit) {
        for (const QString &id : ids) {
            if (const auto l = store.latest(SeriesKey::deployment(id, m.limit))) {
                limit = limit.value_or(0) + *l;
            }
        }
    }
    Summed summed;
    bool any = false;
    for (const QString &id : ids) {
        any = addRate(store, SeriesKey::deployment(id, m.rate), w, summed) || any;
    }
    if (any) {
        return evaluate(limit, summed, UsageSource::Counters, options, now);
    }
    if (addRate(store, SeriesKey::group(group, m.rate), w, summed)) {
        return evaluate(limit, summed, UsageSource::ClientRequests, options, now);
    }
    for (const QString &id : ids) {
        addGaugeUsage(store, id, m, w, summed);
    }
    return evaluate(limit, summed, UsageSource::RemainingGauge, options, now);
}

} // namespace

std::optional<Trend> fitTrend(std::span<const TrendPoint> points)
{
    if (points.size() < 2) {
        return std::nullopt;
    }
    // Seconds relative to the last point, so that epoch milliseconds lose no precision.
    const qint64 last = points.back().timeMs;
    double mx = 0;
    double my = 0;
    for (const TrendPoint &p : points) {
        mx += double(p.timeMs - last) / 1000.0;
        my += p.value;
    }
    mx /= double(points.size());
    my /= double(points.size());
    double sxy = 0;
    double sxx = 0;
    for (const TrendPoint &p : points) {
        const double dx = double(p.timeMs - last) / 1000.0 - mx;
        sxy += dx * (p.value - my);
        sxx += dx * dx;
    }
    if (sxx <= 0) {
        return std::nullopt;
    }
    const double slope = sxy / sxx;
    return Trend{slope, my - slope * mx};
}

std::optional<double> timeToExhaustion(std::span<const TrendPoint> usage, double limit,
                                       int minPoints)
{
    if (usage.empty() || int(usage.size()) < minPoints) {
        return std::nullopt;
    }
    if (usage.back().value >= limit) {
        return 0.0;
    }
    const auto trend = fitTrend(usage);
    if (!trend) {
        return std::nullopt;
    }
    if (trend->valueAtLast >= limit) {
        return 0.0;
    }
    // Flat within rounding (values are stored as floats): not heading anywhere.
    if (trend->slopePerSecond <= 1e-9 * std::max(1.0, limit)) {
        return std::nullopt;
    }
    return (limit - trend->valueAtLast) / trend->slopePerSecond;
}

Headroom makeHeadroom(std::optional<double> limit, std::optional<double> used,
                      std::optional<double> secondsToExhaustion, UsageSource source)
{
    Headroom h;
    h.limit = limit;
    h.used = used;
    h.source = source;
    h.secondsToExhaustion = secondsToExhaustion;
    if (limit && used) {
        h.headroom = std::max(0.0, *limit - *used);
        h.fraction = *limit > 0 ? std::clamp(*h.headroom / *limit, 0.0, 1.0) : 0.0;
        if (*used >= *limit) {
            h.secondsToExhaustion = 0.0;
        }
    }
    return h;
}

EntityHeadroom deploymentHeadroom(const MetricsStore &store, const QString &id,
                                  const AnalysisOptions &options)
{
    EntityHeadroom out;
    out.name = id;
    if (const DeploymentSample *d = store.latestSample().deployment(id)) {
        out.group = d->group;
    }
    out.rpm = deploymentSide(store, id, kRpm, options);
    out.tpm = deploymentSide(store, id, kTpm, options);
    return out;
}

EntityHeadroom groupHeadroom(const MetricsStore &store, const QString &group,
                             const AnalysisOptions &options)
{
    EntityHeadroom out;
    out.name = group;
    out.group = group;
    const GroupSample *g = store.latestSample().group(group);
    const QStringList ids = g != nullptr ? g->deploymentIds : QStringList();
    out.rpm = groupSide(store, group, ids, kRpm, options);
    out.tpm = groupSide(store, group, ids, kTpm, options);
    return out;
}

std::vector<EntityHeadroom> deploymentHeadrooms(const MetricsStore &store,
                                                const AnalysisOptions &options)
{
    std::vector<EntityHeadroom> out;
    out.reserve(store.latestSample().deployments.size());
    for (const DeploymentSample &d : store.latestSample().deployments) {
        out.push_back(deploymentHeadroom(store, d.id, options));
    }
    return out;
}

std::vector<EntityHeadroom> groupHeadrooms(const MetricsStore &store,
                                           const AnalysisOptions &options)
{
    std::vector<EntityHeadroom> out;
    out.reserve(store.latestSample().groups.size());
    for (const GroupSample &g : store.latestSample().groups) {
        out.push_back(groupHeadroom(store, g.group, options));
    }
    return out;
}

} // namespace headroom
