// What the store holds, turned into a run's starting point. The providers' minute windows are
// calendar minutes (LiteLLM keys usage by UTC "%H-%M"), so the sample's time says where in the
// minute "now" is; the usage so far is the deployments' rates integrated since the minute began.

#include "predict/predictioninput.h"

#include "analysis/headroomanalysis.h"

#include <algorithm>
#include <cmath>

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

double latestOr(const MetricsStore &store, const SeriesKey &key, double fallback)
{
    const std::optional<double> v = store.latest(key);
    return v && std::isfinite(*v) ? *v : fallback;
}

} // namespace

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

    for (const DeploymentSample &d : sample.deployments) {
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
        in.spec.deployments.push_back(std::move(dep));

        // This minute so far; one poll before it gives the first interval's start.
        DeploymentStart start;
        start.id = d.id;
        const qint64 from = minuteStartMs - options.trendWindowMs;
        const auto attempts =
            store.points(SeriesKey::deployment(d.id, Metric::RequestsPerSec), from, nowMs, 0);
        const auto refused =
            store.points(SeriesKey::deployment(d.id, Metric::RateLimitedPerSec), from, nowMs, 0);
        const auto tokens =
            store.points(SeriesKey::deployment(d.id, Metric::TokensPerSec), from, nowMs, 0);
        start.minuteAttempts = integrate(attempts, minuteStartMs, nowMs);
        start.minuteAccepted =
            std::max(0.0, start.minuteAttempts - integrate(refused, minuteStartMs, nowMs));
        start.minuteTokens = integrate(tokens, minuteStartMs, nowMs);
        if (const auto cooling = store.cooldownEstimate(d.id); cooling && store.inCooldown(d.id)) {
            const double left = double(cooling->endsByMs - nowMs) / 1000.0;
            if (left > 0) {
                start.cooldownSeconds = left;
            }
        }
        in.start.push_back(std::move(start));
    }

    for (const GroupSample &g : sample.groups) {
        DemandForecast f;
        f.group = g.group;
        // What clients ask of the group; without the proxy's request counter, what its
        // deployments were asked (retries and fallbacks in included: an overestimate).
        SeriesKey key = SeriesKey::group(g.group, Metric::RequestsPerSec);
        if (!store.latest(key)) {
            key = SeriesKey::group(g.group, Metric::AttemptsPerSec);
        }
        const auto points = store.points(key, nowMs - options.trendWindowMs, nowMs, 0);
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
            if (const auto trend = fitTrend(line)) {
                f.slopePerSecondSquared = trend->slopePerSecond;
            }
        }
        // Tokens per accepted call, from the group's deployments.
        double tokens = 0;
        double accepted = 0;
        for (const QString &id : g.deploymentIds) {
            tokens += latestOr(store, SeriesKey::deployment(id, Metric::TokensPerSec), 0);
            accepted += latestOr(store, SeriesKey::deployment(id, Metric::RequestsPerSec), 0) -
                        latestOr(store, SeriesKey::deployment(id, Metric::RateLimitedPerSec), 0);
        }
        const double perCall = accepted > 1e-6 && tokens > 0 ? tokens / accepted : kDefaultTokens;
        f.inputTokens = perCall * kInputShare;
        f.outputTokens = perCall - f.inputTokens;
        in.demand.push_back(std::move(f));
    }
    return in;
}

} // namespace headroom
