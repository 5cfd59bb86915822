// The prediction runner against headroom-sim's `cascade` scenario: polls every 5 simulated
// seconds, a prediction off the UI thread after each, and the cascade_predicted event must come
// before gpt-4o-mini (the first group fed by another's overflow) starts refusing. Also: one run
// at a time, a stale result dropped.

#include "cascadepredictor.h"
#include "predict/cascadeevents.h"
#include "predict/predictioninput.h"
#include "proxysource.h"
#include "simfixture.h"
#include "store/metricsstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::RunningSim;

namespace {

// A multiple of 60,000 ms: the samples are stamped with simulated time from here, so that the
// store's calendar minutes are the simulator's.
constexpr qint64 kEpochMs = 1'700'000'040'000;

std::shared_ptr<const ProxySample> poll(ProxySource &source)
{
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    if (!finished.wait(10000) || samples.isEmpty()) {
        return {};
    }
    return samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
}

// Refused calls of a group so far, as the simulator counts them (the ground truth).
double refused(const router::RouterModel &model, const QString &group)
{
    double n = 0;
    for (const router::DeploymentCounters &d : model.deploymentCounters()) {
        n += d.group == group ? d.rateLimited : 0;
    }
    for (const router::GroupCounters &g : model.groupCounters()) {
        n += g.group == group ? g.routerRejects : 0;
    }
    return n;
}

} // namespace

class TestCascadePredictor : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void predictsTheCascadeBeforeItSpreads();
    void staleResultIsDropped();
};

void TestCascadePredictor::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestCascadePredictor::predictsTheCascadeBeforeItSpreads()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral("cascade")));
    ProxySourceConfig config;
    config.url = sim.url;
    config.key = sim.key;
    config.intervalMs = 600000; // polled by hand
    ProxySource source(config);
    MetricsStore store;
    CascadePredictor predictor;
    CascadeEventGate gate;
    QSignalSpy predicted(&predictor, &CascadePredictor::predicted);
    FallbackChain chain; // what the chain reader will give: the scenario's own
    chain.fallbacks = sim.engine->scenario().config.fallbacks;
    chain.settings = sim.engine->scenario().config.router;

    const QString mini = QStringLiteral("gpt-4o-mini");
    std::optional<double> eventAt;
    std::optional<double> miniSaturatedAt;
    QString summary;
    double miniRefusedBefore = 0;
    for (int i = 0; i <= 40 && !(eventAt && miniSaturatedAt); ++i) {
        if (i > 0) {
            miniRefusedBefore = refused(sim.engine->model(), mini);
            sim.engine->advanceBy(5);
            // Material refusals in the last 5 s: the group is saturated.
            if (!miniSaturatedAt && refused(sim.engine->model(), mini) - miniRefusedBefore > 1) {
                miniSaturatedAt = sim.engine->now();
            }
        }
        const auto polled = poll(source);
        QVERIFY(polled);
        ProxySample sample = *polled;
        sample.timeMs = kEpochMs + qint64(sim.engine->now() * 1000);
        QVERIFY(store.ingest(std::move(sample)));
        predictor.predict(predictionInput(store, chain), store.latestSample().timeMs);
        QVERIFY(predictor.busy());
        QVERIFY(predicted.wait(10000));
        const auto args = predicted.takeFirst();
        const auto result = args.at(0).value<std::shared_ptr<const CascadePrediction>>();
        QVERIFY(result);
        QCOMPARE(args.at(1).toLongLong(), store.latestSample().timeMs);
        if (const auto change = gate.update(args.at(1).toLongLong(), *result)) {
            store.recordCascade(args.at(1).toLongLong(), change->predicted, change->group,
                                change->message);
            if (change->predicted && !eventAt) {
                eventAt = sim.engine->now();
                summary = change->message;
            }
        }
    }
    QVERIFY2(eventAt, "no cascade_predicted event");
    QVERIFY2(miniSaturatedAt, "gpt-4o-mini never saturated");
    qInfo("cascade_predicted at %.0f s (%s); gpt-4o-mini saturated by %.0f s", *eventAt,
          qPrintable(summary), *miniSaturatedAt);
    QVERIFY(*eventAt < *miniSaturatedAt - 5); // before the poll that would have seen it
    QVERIFY(summary.startsWith(QStringLiteral("cascade predicted: gpt-4o")));
    QVERIFY(summary.contains(mini));

    int events = 0;
    for (const Event &e : store.events().events()) {
        if (e.kind == EventKind::CascadePredicted) {
            ++events;
            QCOMPARE(e.severity, Severity::Warning);
            QCOMPARE(e.group, QStringLiteral("gpt-4o"));
        }
    }
    QCOMPARE(events, 1); // once per cascade, however many polls predicted it
}

void TestCascadePredictor::staleResultIsDropped()
{
    // Three inputs at once: the first runs, the second waits and is replaced by the third,
    // whose arrival makes the first's result stale. One result comes back: the third's.
    CascadePredictor predictor;
    QSignalSpy predicted(&predictor, &CascadePredictor::predicted);
    PredictionInput in;
    Deployment d;
    d.group = QStringLiteral("A");
    d.id = QStringLiteral("a");
    d.rpm = 600;
    in.spec.deployments = {d};
    in.demand = {DemandForecast{QStringLiteral("A"), 15, 0, 500, 200}};
    predictor.predict(in, 1);
    predictor.predict(in, 2);
    in.horizonSeconds = 60;
    predictor.predict(in, 3);
    QVERIFY(predicted.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(predictor.busy(), false, 10000);
    QTest::qWait(20);
    QCOMPARE(predicted.size(), 1);
    QCOMPARE(predicted.at(0).at(1).toLongLong(), 3);
    const auto result = predicted.at(0).at(0).value<std::shared_ptr<const CascadePrediction>>();
    QCOMPARE(result->horizonSeconds, 60.0);
    QCOMPARE(predictor.dropped(), 1);
}

QTEST_GUILESS_MAIN(TestCascadePredictor)
#include "tst_cascadepredictor.moc"
