// What the store holds, turned into a run's starting point. The providers' minute windows are
// calendar minutes (LiteLLM keys usage by UTC "%H-%M"), so the sample's time says where in the
// minute "now" is; the usage so far is the deployments' rates integrated since the minute began.

#include "predict/predictioninput.h"

#include "analysis/headroomanalysis.h"

#include <algorithm>
#include <cmath>
#include <QHash>

namespace headroom {

namespace {

constexpr qint64 kMinuteMs = 60'000;
// Tokens per request when the store has no token rates (LiteLLM's docs' typical chat call).
constexpr double kDefaultTokens = 700;
constexpr double kInputShare = 500.0 / 700.0;

// ∫ rate dt over (fromMs, toMs]: each point's rate covers the interval since the point before
// (the first one, as long as the next interval: the poll period).
double integrate(const std::vector<SeriesPoint> &points, qint64 fromMs, qint64 toMs)
{
    double sum = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const qint64 previous = i > 0               ? points[i - 1].timeMs
                                : points.size() > 1 ? 2 * points[0].timeMs - points[1].timeMs
                                                    : points[0].timeMs;
        const qint64 begin = std::max(previous, fromMs);
        const qint64 end = std::min(points[i].timeMs, toMs);
        if (end > begin) {
            sum += points[i].mean * double(end - begin) / 1000.0;
        }
    }
    return sum;
}

double latestOr(const MetricsStore &store, MetricsStore::EntityRef entity, Metric metric)
{
    const std::optional<double> v = store.latest(entity, metric);
    return v && std::isfinite(*v) ? *v : 0.0;
}

// R² of the line through the points: how much of their spread it explains (1 for points on a
// line; 0 for flat points, which have no trend to follow anyway).
double fitQuality(const std::vector<TrendPoint> &line, const Trend &trend)
{
    double mean = 0;
    for (const TrendPoint &p : line) {
        mean += p.value;
    }
    mean /= double(line.size());
    double total = 0;
    double residual = 0;
    const qint64 last = line.back().timeMs;
    for (const TrendPoint &p : line) {
        const double fitted =
            trend.valueAtLast + trend.slopePerSecond * double(p.timeMs - last) / 1000.0;
        total += (p.value - mean) * (p.value - mean);
        residual += (p.value - fitted) * (p.value - fitted);
    }
    return total > 0 ? 1.0 - residual / total : 0.0;
}

} // namespace

Deployment deploymentOf(const DeploymentSample &d)
{
    Deployment dep;
    dep.group = d.group;
    dep.id = d.id;
    dep.model = d.model;
    dep.provider = d.provider;
    dep.apiBase = d.apiBase;
    dep.credentialFingerprint = d.credentialFingerprint;
    dep.rpm = d.rpmLimit;
    dep.tpm = d.tpmLimit;
    dep.cooldownTime = d.cooldownSeconds;
    return dep;
}

std::pair<double, double> groupTokens(const MetricsStore &store, const GroupSample &group)
{
    // Tokens per accepted call, from the group's deployments.
    double tokens = 0;
    double accepted = 0;
    for (const QString &id : group.deploymentIds) {
        const MetricsStore::EntityRef dep = store.find(Scope::Deployment, id);
        if (!dep) {
            continue;
        }
        tokens += latestOr(store, dep, Metric::TokensPerSec);
        accepted += latestOr(store, dep, Metric::RequestsPerSec) -
                    latestOr(store, dep, Metric::RateLimitedPerSec);
    }
    const double perCall = accepted > 1e-6 && tokens > 0 ? tokens / accepted : kDefaultTokens;
    return {perCall * kInputShare, perCall - perCall * kInputShare};
}

PredictionInput predictionInput(const MetricsStore &store, const FallbackChain &chain,
                                const PredictionInputOptions &options)
{
    PredictionInput in;
    in.horizonSeconds = options.horizonSeconds;
    in.stepSeconds = options.stepSeconds;
    in.trendSeconds = options.trendSeconds;
    in.spec.settings = chain.settings;
    in.spec.fallbacks = chain.fallbacks;
    if (!store.hasSample()) {
        return in;
    }
    const ProxySample &sample = store.latestSample();
    const qint64 nowMs = sample.timeMs;
    const qint64 minuteStartMs = nowMs - ((nowMs % kMinuteMs) + kMinuteMs) % kMinuteMs;
    in.minuteElapsedSeconds = double(nowMs - minuteStartMs) / 1000.0;
    // Slots of the raw tier, found once for every series (the same for all of them).
    const std::vector<qint64> minuteSlots =
        store.clock().slotsBetween(0, minuteStartMs - kMinuteMs, nowMs);
    const std::vector<qint64> trendSlots =
        store.clock().slotsBetween(0, nowMs - options.trendWindowMs, nowMs);
    std::vector<SeriesPoint> points;

    for (const DeploymentSample &d : sample.deployments) {
        in.spec.deployments.push_back(deploymentOf(d));

        // This minute so far; one poll before it gives the first interval's start.
        DeploymentStart start;
        start.id = d.id;
        const MetricsStore::EntityRef entity = store.find(Scope::Deployment, d.id);
        if (entity) {
            const auto read = [&](Metric metric) {
                points.clear();
                store.appendPoints(entity, metric, 0, minuteSlots, points);
                return integrate(points, minuteStartMs, nowMs);
            };
            start.minuteAttempts = read(Metric::RequestsPerSec);
            start.minuteAccepted =
                std::max(0.0, start.minuteAttempts - read(Metric::RateLimitedPerSec));
            start.minuteTokens = read(Metric::TokensPerSec);
        }
        in.start.push_back(std::move(start));
    }
    // The deployments cooling down, looked up once each (not once for every deployment).
    const auto cooling = store.deploymentsInCooldown();
    if (!cooling.empty()) {
        QHash<QString, std::size_t> byId;
        byId.reserve(qsizetype(in.start.size()));
        for (std::size_t i = 0; i < in.start.size(); ++i) {
            byId.insert(in.start[i].id, i);
        }
        for (const auto &[group, id] : cooling) {
            const auto estimate = store.cooldownEstimate(id);
            const auto it = byId.constFind(id);
            const double left = estimate ? double(estimate->endsByMs - nowMs) / 1000.0 : 0.0;
            if (it != byId.cend() && left > 0) {
                in.start[*it].cooldownSeconds = left;
            }
        }
    }

    for (const GroupSample &g : sample.groups) {
        DemandForecast f;
        f.group = g.group;
        // What clients ask of the group; without the proxy's request counter, what its
        // deployments were asked (retries and fallbacks in included: an overestimate).
        const MetricsStore::EntityRef entity = store.find(Scope::Group, g.group);
        if (!entity) {
            continue;
        }
        const Metric metric = store.latest(entity, Metric::RequestsPerSec) ? Metric::RequestsPerSec
                                                                           : Metric::AttemptsPerSec;
        points.clear();
        store.appendPoints(entity, metric, 0, trendSlots, points);
        if (points.empty()) {
            continue;
        }
        f.requestsPerSecond = std::max(0.0, points.back().mean);
        if (int(points.size()) >= options.minTrendPoints) {
            std::vector<TrendPoint> line;
            line.reserve(points.size());
            for (const SeriesPoint &p : points) {
                line.push_back({p.timeMs, p.mean});
            }
            if (const auto trend = fitTrend(line);
                trend && fitQuality(line, *trend) >= options.minTrendFit) {
                f.slopePerSecondSquared = trend->slopePerSecond;
            }
        }
        const auto [input, output] = groupTokens(store, g);
        f.inputTokens = input;
        f.outputTokens = output;
        in.demand.push_back(std::move(f));
    }
    return in;
}

} // namespace headroom
