#include "analysis/headroomanalysis.h"

#include <algorithm>
#include <cmath>

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

struct Window {
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

using Usage = std::vector<TrendPoint>; // per minute, oldest first

// Per-minute usage from a rate series (raw tier). Empty if it has no points.
Usage rateUsage(const MetricsStore &store, const SeriesKey &key, const Window &w)
{
    Usage out;
    const auto points = store.points(key, w.fromMs, w.toMs, 0);
    out.reserve(points.size());
    for (const SeriesPoint &p : points) {
        out.push_back({p.timeMs, p.mean * 60.0});
    }
    return out;
}

// Usage of the current minute from a deployment's remaining gauge: limit − remaining at each
// poll (every series of the store is written at the same instants, so the times line up).
Usage gaugeUsage(const MetricsStore &store, const QString &id, const UsageMetrics &m,
                 const Window &w)
{
    const auto limits = store.points(SeriesKey::deployment(id, m.limit), w.fromMs, w.toMs, 0);
    const auto remaining =
        store.points(SeriesKey::deployment(id, m.remaining), w.fromMs, w.toMs, 0);
    Usage out;
    std::size_t j = 0;
    for (const SeriesPoint &r : remaining) {
        while (j < limits.size() && limits[j].timeMs < r.timeMs) {
            ++j;
        }
        if (j < limits.size() && limits[j].timeMs == r.timeMs) {
            out.push_back({r.timeMs, std::max(0.0, limits[j].mean - r.mean)});
        }
    }
    return out;
}

Headroom evaluate(std::optional<double> limit, const Usage &points, UsageSource source,
                  const AnalysisOptions &options, qint64 nowMs)
{
    if (points.empty()) {
        return makeHeadroom(limit, std::nullopt, std::nullopt, UsageSource::None);
    }
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
    // One reading for both: the time to exhaustion starts from the same used as the headroom.
    const auto tte = limit && used ? timeToExhaustion(points, *used, *limit, options.minTrendPoints)
                                   : std::nullopt;
    return makeHeadroom(limit, used, tte, source);
}

Headroom deploymentSide(const MetricsStore &store, const QString &id, const UsageMetrics &m,
                        const AnalysisOptions &options)
{
    const qint64 now = store.clock().latestTimeMs();
    const Window w{now - options.trendWindowMs, now};
    const auto limit = store.latest(SeriesKey::deployment(id, m.limit));
    const SeriesKey rate = SeriesKey::deployment(id, m.rate);
    if (Usage usage = rateUsage(store, rate, w); !usage.empty()) {
        return evaluate(limit, usage, UsageSource::Counters, options, now);
    }
    // A series dropped under the store's cap still has its latest value: a usage without a trend.
    if (const auto latest = store.latest(rate); latest && !store.hasSeries(rate)) {
        return evaluate(limit, {{now, *latest * 60.0}}, UsageSource::Counters, options, now);
    }
    return evaluate(limit, gaugeUsage(store, id, m, w), UsageSource::RemainingGauge, options, now);
}

// Which of a group's series holds its usage (see groupUsageSeries).
struct UsageMetric {
    Metric metric = Metric::AttemptsPerSec;
    double perMinute = 60.0;
    UsageSource source = UsageSource::None;
};

UsageMetric usageMetric(const MetricsStore &store, MetricsStore::EntityRef group, Side side)
{
    // The store sums a group's deployments at ingest (attempts, tokens, gauge usage), so a group
    // reads one series: a 1,000-group board costs one lookup a group, and deployment series
    // dropped under the store's cap lose nothing here.
    const bool requests = side == Side::Requests;
    const Metric summed = requests ? Metric::AttemptsPerSec : Metric::TokensPerSec;
    if (store.hasSeries(group, summed)) {
        return {summed, 60.0, UsageSource::Counters};
    }
    if (requests && store.hasSeries(group, Metric::RequestsPerSec)) {
        return {Metric::RequestsPerSec, 60.0, UsageSource::ClientRequests};
    }
    const Metric gauge = requests ? Metric::GaugeRequestsUsed : Metric::GaugeTokensUsed;
    if (store.hasSeries(group, gauge)) {
        return {gauge, 1.0, UsageSource::RemainingGauge};
    }
    return {summed, 60.0, UsageSource::None};
}

// The raw slots of the trend window: the same for every series, found once per board update.
struct TrendSlots {
    qint64 nowMs = 0;
    qint64 firstSlot = 0;        // raw tier; the window's slots are consecutive
    std::vector<qint64> timesMs; // of each slot of the window
};

TrendSlots trendSlots(const MetricsStore &store, const AnalysisOptions &options)
{
    const qint64 now = store.clock().latestTimeMs();
    const std::vector<qint64> indexes =
        store.clock().slotsBetween(0, now - options.trendWindowMs, now);
    TrendSlots window{now, indexes.empty() ? 0 : indexes.front(), {}};
    window.timesMs.reserve(indexes.size());
    for (const qint64 slot : indexes) {
        window.timesMs.push_back(store.clock().slotTime(0, slot).value_or(0));
    }
    return window;
}

// Buffers reused from one group to the next: a fleet's analysis is thousands of windows a poll.
struct Scratch {
    std::vector<float> values;
    Usage usage;
};

Headroom groupSide(const MetricsStore &store, MetricsStore::EntityRef group, Side side,
                   const TrendSlots &window, const AnalysisOptions &options, Scratch &buffers)
{
    std::vector<float> &scratch = buffers.values;
    const auto limit =
        store.latest(group, side == Side::Requests ? Metric::RpmLimit : Metric::TpmLimit);
    const UsageMetric series = usageMetric(store, group, side);
    scratch.resize(window.timesMs.size());
    store.rawValues(group, series.metric, window.firstSlot, scratch);
    Usage &usage = buffers.usage;
    usage.clear();
    for (std::size_t i = 0; i < scratch.size(); ++i) {
        if (!std::isnan(scratch[i])) {
            usage.push_back({window.timesMs[i], double(scratch[i]) * series.perMinute});
        }
    }
    return evaluate(limit, usage, series.source, options, window.nowMs);
}

EntityHeadroom groupHeadroom(const MetricsStore &store, const QString &group,
                             MetricsStore::EntityRef ref, const TrendSlots &window,
                             const AnalysisOptions &options, Scratch &scratch)
{
    EntityHeadroom out;
    out.name = group;
    out.group = group;
    out.rpm = groupSide(store, ref, Side::Requests, window, options, scratch);
    out.tpm = groupSide(store, ref, Side::Tokens, window, options, scratch);
    return out;
}

} // namespace

UsageSeries groupUsageSeries(const MetricsStore &store, const QString &group, Side side)
{
    const UsageMetric m = usageMetric(store, store.find(Scope::Group, group), side);
    return {SeriesKey::group(group, m.metric), m.perMinute, m.source};
}

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

std::optional<double> timeToExhaustion(std::span<const TrendPoint> usage, double used, double limit,
                                       int minPoints)
{
    if (used >= limit) {
        return 0.0;
    }
    if (usage.empty() || int(usage.size()) < minPoints) {
        return std::nullopt;
    }
    const auto trend = fitTrend(usage);
    // Flat within rounding (values are stored as floats): not heading anywhere.
    if (!trend || trend->slopePerSecond <= 1e-9 * std::max(1.0, limit)) {
        return std::nullopt;
    }
    return (limit - used) / trend->slopePerSecond;
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

std::optional<double> attemptsPerRequest(std::optional<double> attemptsPerSec,
                                         std::optional<double> clientRequestsPerSec,
                                         std::optional<double> fallbacksInPerSec)
{
    if (!attemptsPerSec || (!clientRequestsPerSec && !fallbacksInPerSec)) {
        return std::nullopt;
    }
    const double requests = clientRequestsPerSec.value_or(0) + fallbacksInPerSec.value_or(0);
    if (!(requests > 0) || !std::isfinite(*attemptsPerSec)) {
        return std::nullopt;
    }
    return *attemptsPerSec / requests;
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
    Scratch scratch;
    return groupHeadroom(store, group, store.find(Scope::Group, group), trendSlots(store, options),
                         options, scratch);
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
    const TrendSlots window = trendSlots(store, options);
    const std::vector<GroupSample> &groups = store.latestSample().groups;
    std::vector<MetricsStore::EntityRef> refs;
    refs.reserve(groups.size());
    for (const GroupSample &g : groups) {
        refs.push_back(store.find(Scope::Group, g.group));
    }
    // Each group's windows are a few cache lines in a ring of their own: ask for those of a few
    // groups ahead, so that they load while this group is worked out.
    constexpr std::size_t kAhead = 4;
    const auto prefetch = [&](std::size_t i) {
        if (i < refs.size()) {
            for (const Side side : {Side::Requests, Side::Tokens}) {
                store.prefetchRaw(refs[i], usageMetric(store, refs[i], side).metric,
                                  window.firstSlot, window.timesMs.size());
            }
        }
    };
    for (std::size_t i = 0; i < kAhead; ++i) {
        prefetch(i);
    }
    Scratch scratch;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        prefetch(i + kAhead);
        out.push_back(groupHeadroom(store, groups[i].group, refs[i], window, options, scratch));
    }
    return out;
}

} // namespace headroom
