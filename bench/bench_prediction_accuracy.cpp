// How well the cascade prediction foretells what headroom-sim then does: each scenario runs in
// simulated time, polled every 5 s into a MetricsStore as the app would (its /metrics text
// parsed, the sample built from it and the deployments), a prediction made at every poll.
// Ground truth: the second in which each group first refused material traffic (the predictor's
// own definition, kSaturatedShare and kMinRefusedPerSecond, on the simulator's counters).
// Scored on "this group saturates within 2 minutes", for every (poll, group) before that group
// first saturated: recall, precision, and the lead (how long before saturating the unbroken run
// of correct predictions began), averaged over the groups that saturated.
//
// bench_prediction_accuracy [SCENARIO...]  (built-in names or files; default: cascade,
// shared-quota, bench/data/prediction-holdout.yaml (held out at first, then used to tune the
// trend window) and bench/data/prediction-holdout-2.yaml (never tuned on); see bench/README.md)

#include "predict/predictioninput.h"
#include "prom/litellmmetrics.h"
#include "simengine.h"

#include <cstdio>
#include <map>
#include <QCoreApplication>
#include <QStringList>

using namespace headroom;

namespace {

constexpr double kPollSeconds = 5;
constexpr double kRunSeconds = 600;
constexpr double kWithinSeconds = 120;
constexpr qint64 kEpochMs = 1'700'000'040'000; // a calendar minute's start: the sim's minute 0

struct Truth {
    std::map<QString, double> firstSaturation; // group → simulated second
};

struct Poll {
    double time = 0;
    std::map<QString, std::optional<double>> predicted; // group → saturates in (s)
};

// Refusals and arrivals per group as the simulator counts them, cumulative.
void totals(const router::RouterModel &model, std::map<QString, std::pair<double, double>> &out)
{
    out.clear();
    for (const router::DeploymentCounters &d : model.deploymentCounters()) {
        out[d.group].first += d.rateLimited;
    }
    for (const router::GroupCounters &g : model.groupCounters()) {
        out[g.group].first += g.routerRejects;
        out[g.group].second += g.requests;
    }
    for (const router::EdgeCounters &e : model.edgeCounters()) {
        out[e.to].second += e.successes + e.failures;
    }
}

QString scenarioPath(const QString &nameOrPath)
{
    return nameOrPath.contains(u'/')
               ? nameOrPath
               : QStringLiteral(":/headroom/scenarios/%1.yaml").arg(nameOrPath);
}

bool runScenario(const QString &nameOrPath)
{
    auto loaded = sim::loadScenario(scenarioPath(nameOrPath));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error().toString()));
        return false;
    }
    const QString name = loaded.value().name.isEmpty() ? nameOrPath : loaded.value().name;
    sim::SimEngine engine(std::move(loaded).value(), 1.0, sim::MetricNames::Current);
    FallbackChain chain; // what the chain reader gives: the scenario's own
    chain.fallbacks = engine.scenario().config.fallbacks;
    chain.settings = engine.scenario().config.router;
    chain.origin.kind = ChainOrigin::Kind::Scenario;
    const std::vector<Deployment> deployments = engine.model().spec().deployments;

    MetricsStore store;
    Truth truth;
    std::vector<Poll> polls;
    std::map<QString, std::pair<double, double>> before;
    std::map<QString, std::pair<double, double>> after;
    totals(engine.model(), before);
    quint64 pollId = 0;
    for (int second = 0; second <= int(kRunSeconds); ++second) {
        if (second > 0) {
            engine.advanceBy(1);
            totals(engine.model(), after);
            for (const auto &[group, now] : after) {
                const double refused = now.first - before[group].first;
                const double arrived = now.second - before[group].second;
                if (!truth.firstSaturation.count(group) && refused >= kMinRefusedPerSecond &&
                    refused >= kSaturatedShare * arrived) {
                    // The second that just ended: [second − 1, second).
                    truth.firstSaturation[group] = second - 1;
                }
            }
            before.swap(after);
        }
        if (second % int(kPollSeconds) != 0) {
            continue;
        }
        const QByteArray text = engine.metricsText();
        auto metrics = parseLiteLlmMetrics(std::string_view(text.constData(), text.size()));
        if (!metrics) {
            std::fprintf(stderr, "metrics: %s\n", qPrintable(metrics.error().toString()));
            return false;
        }
        const ProxySample sample =
            buildProxySample(QStringLiteral("sim"), ++pollId, kEpochMs + qint64(second) * 1000,
                             &deployments, nullptr, &metrics.value(), nullptr);
        store.ingest(sample);
        PredictionInputOptions options;
        if (qEnvironmentVariableIsSet("BENCH_TREND_S")) { // for experiments: see bench/README.md
            options.trendSeconds = qEnvironmentVariable("BENCH_TREND_S").toDouble();
        }
        if (qEnvironmentVariableIsSet("BENCH_WINDOW_S")) {
            options.trendWindowMs = qEnvironmentVariable("BENCH_WINDOW_S").toLongLong() * 1000;
        }
        const CascadePrediction p = predictCascade(predictionInput(store, chain, options));
        Poll poll;
        poll.time = second;
        for (const GroupPrediction &g : p.groups) {
            poll.predicted[g.group] = g.saturatesInSeconds;
        }
        polls.push_back(std::move(poll));
    }

    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (const Poll &poll : polls) {
        for (const auto &[group, predicted] : poll.predicted) {
            const auto it = truth.firstSaturation.find(group);
            if (it != truth.firstSaturation.end() && poll.time >= it->second) {
                continue; // already saturated: not a prediction any more
            }
            const bool actual =
                it != truth.firstSaturation.end() && it->second - poll.time <= kWithinSeconds;
            const bool said = predicted && *predicted <= kWithinSeconds;
            if (said != actual && qEnvironmentVariableIsSet("BENCH_TRACE")) {
                std::fprintf(stderr, "# %s at %.0f s: %s predicted %s, saturated %s\n",
                             qPrintable(name), poll.time, qPrintable(group),
                             predicted ? qPrintable(QString::number(*predicted)) : "never",
                             it != truth.firstSaturation.end()
                                 ? qPrintable(QString::number(it->second))
                                 : "never");
            }
            tp += said && actual ? 1 : 0;
            fp += said && !actual ? 1 : 0;
            fn += !said && actual ? 1 : 0;
        }
    }
    double leadSum = 0;
    for (const auto &[group, at] : truth.firstSaturation) {
        double lead = 0;
        for (auto it = polls.rbegin(); it != polls.rend(); ++it) {
            if (it->time >= at) {
                continue;
            }
            const auto predicted = it->predicted[group];
            if (!predicted || *predicted > kWithinSeconds) {
                break;
            }
            lead = at - it->time;
        }
        leadSum += lead;
        std::fprintf(stderr, "# %s: %s saturates at %.0f s, predicted %.0f s ahead\n",
                     qPrintable(name), qPrintable(group), at, lead);
    }
    const auto groups = double(truth.firstSaturation.size());
    const QByteArray tag = name.toUtf8().replace('-', '_');
    std::printf("prediction_lead_s_%s %.1f s\n", tag.constData(),
                groups > 0 ? leadSum / groups : 0.0);
    std::printf("prediction_recall_%s %.3f ratio\n", tag.constData(),
                tp + fn > 0 ? double(tp) / (tp + fn) : 1.0);
    std::printf("prediction_precision_%s %.3f ratio\n", tag.constData(),
                tp + fp > 0 ? double(tp) / (tp + fp) : 1.0);
    std::printf("prediction_pairs_%s %d pairs\n", tag.constData(), tp + fp + fn);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList scenarios = app.arguments().mid(1);
    if (scenarios.isEmpty()) {
        scenarios = {QStringLiteral("cascade"), QStringLiteral("shared-quota"),
                     QStringLiteral(HEADROOM_BENCH_DATA "/prediction-holdout.yaml"),
                     QStringLiteral(HEADROOM_BENCH_DATA "/prediction-holdout-2.yaml")};
    }
    bool ok = true;
    for (const QString &s : scenarios) {
        ok = runScenario(s) && ok;
    }
    return ok ? 0 : 1;
}
