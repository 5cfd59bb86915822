// The fallback what-if: its cost at fleet scale, and how well it foretells what the simulator
// then does.
//
// 1. 1,000 groups × 5 deployments, 15 minutes of replayed demand (5-s intervals, around
//    capacity, a per-group phase), each group falling back to the one half the fleet away (in
//    opposite phase: it absorbs the spill); the desired chain sends it to the next group instead
//    (in phase: 429s everywhere). Both replays, thread CPU time, p50 / p99 over kRuns runs; and
//    the input's build from a store holding those 15 minutes of polls (on the UI thread).
// 2. headroom-sim's `cascade` scenario with one more group, gpt-4.1 (two idle deployments of
//    300 rpm: the headroom the live chain does not use), polled every 5 s into a MetricsStore as
//    the app would. At 330, 450 and 600 s the what-if replays the last 5 minutes with a desired
//    chain that sends gpt-4o's spill to gpt-4.1 first (then on to gpt-4o-mini and
//    claude-sonnet, as now); the chain is then applied to the simulator
//    (SimEngine::setFallbacks), and the 429s its clients get over the next 5 simulated minutes
//    are counted. A second engine, left on the live chain, is the control. The demand of the
//    next 5 minutes is the spike's, as in the replayed ones (except at 330 s, whose window holds
//    the spike's first minute): this measures the model more than the forecast.
//
// bench_whatif [--fleet-only | --sim-only]

#include "predict/whatif.h"
#include "prom/litellmmetrics.h"
#include "simengine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <QCoreApplication>
#include <vector>

using namespace headroom;

namespace {

constexpr int kGroups = 1000;
constexpr int kDeployments = 5;
constexpr int kIntervals = 180; // 15 min of 5 s
constexpr int kRuns = 15;
constexpr qint64 kEpochMs = 1'700'000'040'000; // a calendar minute's start

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(std::lround(q * double(v.size() - 1))))];
}

QString groupName(int g)
{
    return QStringLiteral("group-%1").arg(g);
}

// rps of group g in interval k: 30–60 rps against 50 of capacity (3,000 rpm a group).
double rps(int g, int k)
{
    return 45.0 + 15.0 * std::sin(2 * M_PI * (k * 5.0 + g * 0.9) / 900.0);
}

FallbackChain fleetChain(int offset)
{
    FallbackChain c;
    for (int g = 0; g < kGroups; ++g) {
        c.fallbacks.fallbacks.emplace_back(groupName(g),
                                           QStringList{groupName((g + offset) % kGroups)});
    }
    return c;
}

std::vector<Deployment> fleetDeployments()
{
    std::vector<Deployment> out;
    for (int g = 0; g < kGroups; ++g) {
        for (int d = 0; d < kDeployments; ++d) {
            Deployment dep;
            dep.group = groupName(g);
            dep.id = QStringLiteral("%1-d%2").arg(dep.group).arg(d);
            dep.model = QStringLiteral("azure/") + dep.group;
            dep.provider = QStringLiteral("azure");
            dep.rpm = 300 + 150 * d;
            dep.tpm = dep.rpm.value() * 1000;
            out.push_back(dep);
        }
    }
    return out;
}

// 15 minutes of polls of the same fleet, for the input's build.
void fillStore(MetricsStore &store, const std::vector<Deployment> &deployments)
{
    std::vector<double> counters(std::size_t(kGroups), 0.0);
    for (int poll = 0; poll <= kIntervals; ++poll) {
        ProxySample s;
        s.proxy = QStringLiteral("bench");
        s.pollId = quint64(poll) + 1;
        s.timeMs = kEpochMs + qint64(poll) * 5000;
        s.metricsAvailable = true;
        for (const Deployment &d : deployments) {
            DeploymentSample ds;
            ds.id = d.id;
            ds.group = d.group;
            ds.provider = d.provider;
            ds.rpmLimit = d.rpm;
            ds.tpmLimit = d.tpm;
            s.deployments.push_back(std::move(ds));
        }
        for (int g = 0; g < kGroups; ++g) {
            counters[std::size_t(g)] += poll > 0 ? rps(g, poll - 1) * 5.0 : 0.0;
            GroupSample gs;
            gs.group = groupName(g);
            for (int d = 0; d < kDeployments; ++d) {
                gs.deploymentIds << QStringLiteral("%1-d%2").arg(gs.group).arg(d);
            }
            gs.requestsTotal = counters[std::size_t(g)];
            gs.failedTotal = 0;
            gs.rateLimitedTotal = 0;
            s.groups.push_back(std::move(gs));
        }
        store.ingest(std::move(s));
    }
}

void fleet()
{
    WhatIfInput in;
    in.deployments = fleetDeployments();
    in.live = fleetChain(kGroups / 2);
    in.desired = fleetChain(1);
    for (int g = 0; g < kGroups; ++g) {
        ReplayedDemand d;
        d.group = groupName(g);
        for (int k = 0; k < kIntervals; ++k) {
            d.requestsPerSecond.push_back(rps(g, k));
            d.observed.push_back(true);
        }
        in.demand.push_back(std::move(d));
    }
    std::vector<double> times;
    WhatIfResult last;
    for (int run = 0; run < kRuns; ++run) {
        const double t0 = threadCpuMs();
        last = runWhatIf(in);
        times.push_back(threadCpuMs() - t0);
    }
    int saturating = 0;
    for (const WhatIfGroup &g : last.groups) {
        saturating += g.live.saturatesAtSeconds ? 1 : 0;
    }
    std::fprintf(stderr, "# fleet: %d of %d groups saturate in the live replay; 429s %.0f → %.0f\n",
                 saturating, kGroups, last.live429, last.desired429);
    std::printf("whatif_cpu_1000x5_900s_p50 %.1f ms\n", percentile(times, 0.5));
    std::printf("whatif_cpu_1000x5_900s_p99 %.1f ms\n", percentile(times, 0.99));

    MetricsStore store;
    fillStore(store, in.deployments);
    std::vector<double> inputTimes;
    for (int run = 0; run < kRuns; ++run) {
        const double t0 = threadCpuMs();
        const WhatIfInput built = whatIfInput(store, in.live, in.desired);
        inputTimes.push_back(threadCpuMs() - t0);
        if (built.demand.size() != std::size_t(kGroups)) {
            std::fprintf(stderr, "# input: %zu groups\n", built.demand.size());
        }
    }
    std::printf("whatif_input_cpu_1000x5_900s_p50 %.1f ms\n", percentile(inputTimes, 0.5));
    std::printf("whatif_input_cpu_1000x5_900s_p99 %.1f ms\n", percentile(inputTimes, 0.99));
}

// ---- the simulator ----

constexpr double kPollSeconds = 5;
// The chain is applied at three moments of the spike (20 s to 920 s): at 330 s the replayed
// window holds the spike's first minute, at 450 s the chain switches mid-minute, at 600 s both
// windows are on the plateau. Each is printed with an _at_<s>s suffix; the headline figures are
// their sums (see docs/whatif.md for why one alone swings).
constexpr double kApplyAt[] = {330, 450, 600};
const QString kSpare = QStringLiteral("gpt-4.1");
constexpr double kObserveSeconds = 300;
double clientRateLimited(const router::RouterModel &model)
{
    double n = 0;
    for (const router::GroupCounters &g : model.groupCounters()) {
        n += g.rateLimited;
    }
    return n;
}

bool poll(sim::SimEngine &engine, MetricsStore &store, const std::vector<Deployment> &deployments,
          quint64 pollId)
{
    const QByteArray text = engine.metricsText();
    auto metrics =
        parseLiteLlmMetrics(std::string_view(text.constData(), std::size_t(text.size())));
    if (!metrics) {
        std::fprintf(stderr, "metrics: %s\n", qPrintable(metrics.error().toString()));
        return false;
    }
    const ProxySample sample =
        buildProxySample(QStringLiteral("sim"), pollId, kEpochMs + qint64(engine.now() * 1000),
                         &deployments, nullptr, &metrics.value(), nullptr);
    store.ingest(sample);
    return true;
}

struct Figures {
    double predicted = 0; // 429s to clients over the next 5 minutes, desired chain
    double observed = 0;
    double predictedLive = 0; // … live chain (the control engine)
    double observedLive = 0;
    double confidence = 1;
};

void print(const Figures &f, const QByteArray &suffix)
{
    const auto figure = [&](const char *name, double value, const char *unit) {
        std::printf("%s%s %.3f %s\n", name, suffix.constData(), value, unit);
    };
    const auto ratio = [](double a, double b) {
        return b > 0 ? a / b : (a > 0 ? 1e9 : 1.0);
    };
    figure("whatif_predicted_429", f.predicted, "requests");
    figure("whatif_observed_429", f.observed, "requests");
    figure("whatif_predicted_vs_observed", ratio(f.predicted, f.observed), "ratio");
    figure("whatif_live_predicted_429", f.predictedLive, "requests");
    figure("whatif_live_observed_429", f.observedLive, "requests");
    figure("whatif_live_predicted_vs_observed", ratio(f.predictedLive, f.observedLive), "ratio");
    // The share of the live chain's 429s the change removes: predicted, and observed against
    // the control.
    figure("whatif_predicted_cut", 1 - ratio(f.predicted, f.predictedLive), "ratio");
    figure("whatif_observed_cut", 1 - ratio(f.observed, f.observedLive), "ratio");
    figure("whatif_confidence_cascade", f.confidence, "ratio");
}

std::optional<Figures> simulator(double applyAt)
{
    auto loaded = sim::loadScenario(QStringLiteral(":/headroom/scenarios/cascade.yaml"));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error().toString()));
        return std::nullopt;
    }
    sim::Scenario scenario = std::move(loaded).value();
    for (const QString &region : {QStringLiteral("eu"), QStringLiteral("us")}) {
        Deployment spare;
        spare.group = kSpare;
        spare.id = QStringLiteral("gpt-4.1-") + region;
        spare.model = QStringLiteral("azure/gpt-4.1-") + region;
        spare.provider = QStringLiteral("azure");
        spare.apiBase = QStringLiteral("https://%1.sim-azure.invalid/").arg(region);
        spare.rpm = 300;
        spare.tpm = 2'000'000;
        scenario.config.deployments.push_back(spare);
    }
    sim::SimEngine engine(scenario, 1.0, sim::MetricNames::Current);
    sim::SimEngine control(scenario, 1.0, sim::MetricNames::Current);
    FallbackChain live;
    live.fallbacks = engine.scenario().config.fallbacks;
    live.settings = engine.scenario().config.router;
    live.origin.kind = ChainOrigin::Kind::Scenario;
    FallbackChain desired = live;
    for (auto &[group, targets] : desired.fallbacks.fallbacks) {
        if (group == QStringLiteral("gpt-4o")) {
            targets.prepend(kSpare);
        }
    }
    const std::vector<Deployment> deployments = engine.model().spec().deployments;

    MetricsStore store;
    quint64 pollId = 0;
    std::vector<router::GroupCounters> atWindowStart;
    for (int second = 0; second <= int(applyAt); ++second) {
        if (second > 0) {
            engine.advanceBy(1);
            control.advanceBy(1);
        }
        if (second == int(applyAt - kObserveSeconds)) {
            atWindowStart = engine.model().groupCounters();
        }
        if (second % int(kPollSeconds) == 0 && !poll(engine, store, deployments, ++pollId)) {
            return std::nullopt;
        }
    }
    WhatIfOptions options;
    options.windowSeconds = kObserveSeconds;
    if (qEnvironmentVariableIsSet("BENCH_STEP")) { // for experiments: the replay's resolution
        options.stepSeconds = qEnvironmentVariable("BENCH_STEP").toDouble();
    }
    const WhatIfResult predicted = runWhatIf(whatIfInput(store, live, desired, options));
    std::fprintf(stderr, "# at %.0f s: %s\n", applyAt, qPrintable(predicted.summary()));
    for (const WhatIfGroup &g : predicted.groups) {
        std::fprintf(stderr,
                     "#   %-13s 429s %6.0f → %6.0f  calls/request %.2f → %.2f  (data %.0f %%)\n",
                     qPrintable(g.group), g.live.client429, g.desired.client429,
                     g.live.attemptsPerRequest, g.desired.attemptsPerRequest, g.confidence * 100);
    }

    if (qEnvironmentVariableIsSet("BENCH_TRACE")) {
        // The replayed window against what the simulator did in it.
        const auto now = engine.model().groupCounters();
        for (std::size_t g = 0; g < now.size(); ++g) {
            const WhatIfGroup *p = predicted.group(now[g].group);
            std::fprintf(
                stderr, "# window %-13s requests %6.0f replayed %6.0f; 429s %6.0f replayed %6.0f\n",
                qPrintable(now[g].group), now[g].requests - atWindowStart[g].requests,
                p ? p->live.clientRequests : 0.0, now[g].rateLimited - atWindowStart[g].rateLimited,
                p ? p->live.client429 : 0.0);
        }
    }
    engine.setFallbacks(desired.fallbacks);
    const double before = clientRateLimited(engine.model());
    const double controlBefore = clientRateLimited(control.model());
    for (int second = 0; second < int(kObserveSeconds); ++second) {
        engine.advanceBy(1);
        control.advanceBy(1);
    }
    const double observed = clientRateLimited(engine.model()) - before;
    const double observedLive = clientRateLimited(control.model()) - controlBefore;
    // Per 5 minutes, should the store have held less than asked.
    const double scale =
        predicted.replayedSeconds > 0 ? kObserveSeconds / predicted.replayedSeconds : 0.0;
    const double predictedDesired = predicted.desired429 * scale;
    const double predictedLive = predicted.live429 * scale;
    return Figures{predictedDesired, observed, predictedLive, observedLive, predicted.confidence};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    bool ok = true;
    if (!args.contains(QStringLiteral("--sim-only"))) {
        fleet();
    }
    if (!args.contains(QStringLiteral("--fleet-only"))) {
        Figures sum;
        sum.confidence = 1;
        for (const double at : kApplyAt) {
            const std::optional<Figures> f = simulator(at);
            if (!f) {
                return 1;
            }
            print(*f, "_at_" + QByteArray::number(qint64(at)) + "s");
            sum.predicted += f->predicted;
            sum.observed += f->observed;
            sum.predictedLive += f->predictedLive;
            sum.observedLive += f->observedLive;
            sum.confidence = std::min(sum.confidence, f->confidence);
        }
        print(sum, {});
    }
    return ok ? 0 : 1;
}
