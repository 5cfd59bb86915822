// The whole live-data path against headroom-sim: ProxySource → ProxySample → MetricsStore →
// analysis. Rates equal the counters' change over the poll interval, and stay right (never
// negative, a reset event) when the simulator restarts and its counters start over.

#include "analysis/analysisjson.h"
#include "analysis/headroomanalysis.h"
#include "proxysource.h"
#include "simfixture.h"
#include "store/metricsstore.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::RunningSim;

namespace {

ProxySample poll(ProxySource &source)
{
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    if (!finished.wait(10000) || samples.isEmpty()) {
        return {};
    }
    return *samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
}

} // namespace

class TestLiveData : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void ratesFollowCountersAcrossARestart_data();
    void ratesFollowCountersAcrossARestart();
};

void TestLiveData::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestLiveData::ratesFollowCountersAcrossARestart_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("deployment");
    QTest::newRow("healthy") << QStringLiteral("healthy") << QStringLiteral("gpt-4o-mini-openai");
    QTest::newRow("cascade") << QStringLiteral("cascade") << QStringLiteral("gpt-4o-eu");
    QTest::newRow("flaky") << QStringLiteral("flaky") << QStringLiteral("gpt-4o-us");
}

void TestLiveData::ratesFollowCountersAcrossARestart()
{
    QFETCH(QString, scenario);
    QFETCH(QString, deployment);
    RunningSim sim;
    sim.start(scenario);
    QVERIFY(sim.port != 0);

    ProxySourceConfig config;
    config.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(sim.port));
    config.key = sim.engine->scenario().masterKey;
    config.intervalMs = 60000;
    ProxySource source(config);
    MetricsStore store;
    const auto attempts = [&](const ProxySample &s) {
        const DeploymentSample *d = s.deployment(deployment);
        return d ? d->successTotal.value_or(0) + d->failureTotal.value_or(0) : -1.0;
    };

    sim.engine->advanceBy(60);
    const ProxySample first = poll(source);
    QVERIFY(first.metricsAvailable);
    QVERIFY(store.ingest(first));
    QVERIFY(!store.latest(SeriesKey::deployment(deployment, Metric::RequestsPerSec)));

    QTest::qWait(50); // polls must be apart in time for a rate
    sim.engine->advanceBy(60);
    const ProxySample second = poll(source);
    QVERIFY(store.ingest(second));
    const double seconds = double(second.timeMs - first.timeMs) / 1000.0;
    QVERIFY(seconds > 0);
    const auto rate = store.latest(SeriesKey::deployment(deployment, Metric::RequestsPerSec));
    QVERIFY(rate.has_value());
    QVERIFY(attempts(second) > attempts(first));
    QCOMPARE(*rate, (attempts(second) - attempts(first)) / seconds);

    // The proxy restarts on the same port: its counters start over from zero.
    sim.start(scenario, headroom::sim::MetricNames::Current, sim.port);
    QVERIFY(sim.port != 0);
    sim.engine->advanceBy(30);
    QTest::qWait(50);
    const ProxySample third = poll(source);
    QVERIFY(attempts(third) < attempts(second));
    QVERIFY(store.ingest(third));
    const auto afterReset = store.latest(SeriesKey::deployment(deployment, Metric::RequestsPerSec));
    QVERIFY(afterReset.has_value());
    QVERIFY(*afterReset >= 0);
    QCOMPARE(*afterReset, attempts(third) / (double(third.timeMs - second.timeMs) / 1000.0));
    bool resetSeen = false;
    for (const Event &event : store.events().events()) {
        resetSeen = resetSeen || event.kind == EventKind::CountersReset;
    }
    QVERIFY(resetSeen);

    // The analysis reads the same store: a limit for every group of the scenario.
    for (const EntityHeadroom &h : groupHeadrooms(store)) {
        QVERIFY2(h.rpm.limit.has_value(), qPrintable(h.name));
        QVERIFY(h.rpm.used.value_or(-1) >= 0);
    }
    QVERIFY(analysisToJson(store).at("groups").size() >= 2);
}

QTEST_GUILESS_MAIN(TestLiveData)
#include "tst_livedata.moc"
