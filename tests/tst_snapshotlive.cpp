// Snapshots of the simulator's scenarios, end to end: polled through ProxySource, stored,
// predicted, exported to a .headroom file, opened and replayed; the replayed store, exported
// again, must be the snapshot, and its series must be the recording store's.

#include "predict/cascadeevents.h"
#include "predict/predictioninput.h"
#include "proxysource.h"
#include "simfixture.h"
#include "snapshot/snapshotcapture.h"
#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreplay.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::Literals::StringLiterals;
using headroom::test::RunningSim;

namespace {

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

} // namespace

class TestSnapshotLive : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void scenarioRoundTrip_data();
    void scenarioRoundTrip();
};

void TestSnapshotLive::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestSnapshotLive::scenarioRoundTrip_data()
{
    QTest::addColumn<QString>("scenario");
    const QDir dir(QStringLiteral(HEADROOM_SCENARIOS_DIR));
    for (const QString &file : dir.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name)) {
        QTest::newRow(qPrintable(file)) << QFileInfo(file).completeBaseName();
    }
    QVERIFY(dir.entryList({u"*.yaml"_s}).size() >= 5);
}

void TestSnapshotLive::scenarioRoundTrip()
{
    QFETCH(QString, scenario);
    RunningSim sim;
    QVERIFY(sim.start(scenario));
    ProxySourceConfig config;
    config.url = sim.url;
    config.key = sim.key;
    config.intervalMs = 600000; // polled by hand
    ProxySource source(config);
    MetricsStore store;
    SnapshotHistory history;
    CascadeEventGate gate;
    for (int i = 0; i < 30; ++i) { // 150 simulated seconds, 5 s a poll
        sim.engine->advanceBy(5);
        const auto polled = poll(source);
        QVERIFY(polled);
        auto sample = std::make_shared<ProxySample>(*polled);
        sample->timeMs = kEpochMs + qint64(sim.engine->now() * 1000);
        history.observeChain(sample->timeMs, sample->chain);
        QVERIFY(store.ingest(std::shared_ptr<const ProxySample>(sample)));
        auto prediction = std::make_shared<const CascadePrediction>(predictCascade(
            predictionInput(store, sample->chain ? *sample->chain : FallbackChain{})));
        if (const auto change = gate.update(sample->timeMs, *prediction)) {
            store.recordCascade(sample->timeMs, change->predicted, change->group, change->message);
        }
        history.observePrediction(sample->timeMs, prediction);
    }
    SnapshotRequest request;
    request.fromMs = store.clock().firstTimeMs();
    request.toMs = store.clock().latestTimeMs();
    request.environment.headroomVersion = u"test"_s;
    request.environment.pollIntervalMs = 5000;
    const auto exported = captureSnapshot(store, &history, request);
    QVERIFY(exported);
    QVERIFY(!exported->series.empty());
    QCOMPARE(exported->environment.proxyHost, sim.url.toString());
    QVERIFY(!exported->chains.empty());
    QVERIFY(exported->chains.front().chain.known());
    QVERIFY(!exported->predictions.empty());

    QTemporaryDir dir;
    const QString path = dir.filePath(scenario + u".headroom"_s);
    QCOMPARE(writeSnapshotFile(path, encodeSnapshot(*exported, SnapshotEncoding::Gzip)), QString());
    const auto opened = readSnapshotFile(path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().toString()));
    QString where;
    QVERIFY2(sameSnapshot(*exported, opened.value(), &where), qPrintable(where));

    const SnapshotReplay replay(std::make_shared<const Snapshot>(opened.value()));
    const auto replayed = replay.storeAt(request.toMs);
    const SnapshotHistory replayedHistory = replay.history();
    // A replay exported again keeps the recording's environment (LiteLLM's version came from a
    // readiness answer the replay does not make up).
    SnapshotRequest againRequest = request;
    againRequest.environment = opened.value().environment;
    const auto again = captureSnapshot(*replayed, &replayedHistory, againRequest);
    QVERIFY2(sameSnapshot(*exported, *again, &where), qPrintable(where));
    // Every series, at every tier, is the recording store's.
    for (const SeriesKey &key : store.seriesKeys()) {
        for (int tier = 0; tier < int(store.clock().tiers().size()); ++tier) {
            const auto a = store.points(key, request.fromMs, request.toMs, tier);
            const auto b = replayed->points(key, request.fromMs, request.toMs, tier);
            QCOMPARE(b.size(), a.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(b[i].timeMs, a[i].timeMs);
                QCOMPARE(float(b[i].min), float(a[i].min));
                QCOMPARE(float(b[i].max), float(a[i].max));
                QCOMPARE(float(b[i].mean), float(a[i].mean));
            }
        }
    }
    QCOMPARE(replayed->events().size(), store.events().size());
    QCOMPARE(replayed->latestSample().groups.size(), store.latestSample().groups.size());
    QCOMPARE(replayed->latestSample().deployments.size(), store.latestSample().deployments.size());
}

QTEST_GUILESS_MAIN(TestSnapshotLive)
#include "tst_snapshotlive.moc"
