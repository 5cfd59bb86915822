// Replaying a snapshot in the window: the session's store at the scrubber's instant, forward and
// back, played at a speed; the window saying plainly that it is a replay, with polling off; and
// the window's export (capture between events, writing on the pool, cancel).

#include "boardview.h"
#include "itemmodels/groupstablemodel.h"
#include "mainwindow.h"
#include "replaybar.h"
#include "replaysession.h"
#include "snapshot/snapshotfile.h"
#include "snapshotexporter.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::Literals::StringLiterals;

namespace {

std::shared_ptr<const Snapshot> cascade()
{
    auto read = readSnapshotFile(QStringLiteral(HEADROOM_TESTDATA_DIR) +
                                 u"/snapshots/cascade-v1.headroom"_s);
    return read ? std::make_shared<const Snapshot>(std::move(read).value()) : nullptr;
}

} // namespace

class TestReplaySession : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void opensAtTheEnd();
    void seeksBackAndForth();
    void plays();
    void windowSaysReplay();
    void replayBarSeeks();
    void exports();
    void exportCancels();
};

void TestReplaySession::opensAtTheEnd()
{
    const auto snapshot = cascade();
    QVERIFY(snapshot);
    ReplaySession replay(snapshot);
    QCOMPARE(replay.position(), snapshot->toMs);
    QCOMPARE(replay.store().latestSample().timeMs, snapshot->toMs);
    QCOMPARE(replay.store().events().size(), snapshot->events.size());
    QVERIFY(replay.description().startsWith(u"Replay of http://127.0.0.1:47615, recorded "_s));
    QVERIFY(replay.prediction());
}

void TestReplaySession::seeksBackAndForth()
{
    const auto snapshot = cascade();
    ReplaySession replay(snapshot);
    QSignalSpy replaced(&replay, &ReplaySession::storeReplaced);
    QSignalSpy updated(&replay, &ReplaySession::updated);
    const qint64 middle = snapshot->fromMs + (snapshot->toMs - snapshot->fromMs) / 2;
    replay.seek(middle);
    QCOMPARE(replaced.size(), 1);
    QVERIFY(replay.store().latestSample().timeMs <= middle);
    QVERIFY(replay.store().events().size() < snapshot->events.size());
    const MetricsStore *before = &replay.store();
    replay.seek(snapshot->toMs);
    QCOMPARE(replaced.size(), 1); // forward: the same store took the frames
    QCOMPARE(&replay.store(), before);
    QCOMPARE(replay.store().latestSample().timeMs, snapshot->toMs);
    QCOMPARE(replay.store().events().size(), snapshot->events.size());
    QCOMPARE(updated.size(), 2);
    replay.seek(snapshot->toMs + 3'600'000); // clamped
    QCOMPARE(replay.position(), replay.endMs());
}

void TestReplaySession::plays()
{
    ReplaySession replay(cascade());
    replay.seek(replay.startMs());
    replay.setSpeed(60);
    QSignalSpy playing(&replay, &ReplaySession::playingChanged);
    replay.setPlaying(true);
    QVERIFY(replay.playing());
    // 29 recorded seconds at 60×: about half a second.
    QTRY_VERIFY_WITH_TIMEOUT(!replay.playing(), 10000);
    QCOMPARE(replay.position(), replay.endMs());
    QCOMPARE(playing.size(), 2);
}

void TestReplaySession::windowSaysReplay()
{
    ReplaySession replay(cascade());
    ui::MainWindow window;
    window.resize(1280, 820);
    window.show();
    ui::ProxyEntry entry;
    entry.url = QUrl(replay.snapshot().environment.proxyHost);
    window.watch(entry, &replay.store(), replay.description());
    window.setReplay(replay.description());
    window.storeUpdated();
    QAbstractItemModelTester tester(const_cast<GroupsTableModel *>(window.board()->groupsModel()),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(window.boardShown());
    QVERIFY(window.replaying());
    QVERIFY(window.statusText().startsWith(u"Replay of http://127.0.0.1:47615"_s));
    QVERIFY(window.statusText().contains(u"nothing is polled"_s));
    QCOMPARE(window.pollAgeText(), u"Replay"_s);
    QVERIFY(window.windowTitle().startsWith(u"Replay: "_s));
    QCOMPARE(window.board()->groupsModel()->rowCount(), 3);
    // Polling is off while replaying.
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text().contains(u"Poll &Now"_s) || action->text().contains(u"&Pause"_s)) {
            QVERIFY(!action->isEnabled());
        }
    }
    // Back: another store, the same views.
    QSignalSpy replaced(&replay, &ReplaySession::storeReplaced);
    QObject::connect(&replay, &ReplaySession::storeReplaced, &window,
                     [&] { window.replaceStore(&replay.store()); });
    replay.seek(replay.startMs() + 5000);
    window.storeUpdated();
    QCOMPARE(replaced.size(), 1);
    QVERIFY(window.boardShown());
    window.setReplay({});
    QVERIFY(!window.replaying());
}

void TestReplaySession::replayBarSeeks()
{
    ui::ReplayBar bar;
    QSignalSpy seek(&bar, &ui::ReplayBar::seekRequested);
    QSignalSpy play(&bar, &ui::ReplayBar::playRequested);
    bar.setRange(1'000'000, 1'030'000);
    QCOMPARE(bar.scrubber()->maximum(), 30);
    bar.setPosition(1'010'000, u"x"_s);
    QCOMPARE(bar.scrubber()->value(), 10);
    QCOMPARE(seek.size(), 0); // setting the position is no request
    bar.scrubber()->setValue(20);
    QCOMPARE(seek.size(), 1);
    QCOMPARE(seek.at(0).at(0).toLongLong(), 1'020'000);
    bar.setDescription(u"Replay of p"_s);
    QCOMPARE(bar.descriptionText(), u"Replay of p"_s);
}

void TestReplaySession::exports()
{
    ReplaySession replay(cascade());
    QTemporaryDir dir;
    const QString path = dir.filePath(u"again.headroom"_s);
    SnapshotExporter exporter;
    QSignalSpy finished(&exporter, &SnapshotExporter::finished);
    QSignalSpy progress(&exporter, &SnapshotExporter::progressChanged);
    SnapshotRequest request;
    request.fromMs = replay.snapshot().fromMs;
    request.toMs = replay.snapshot().toMs;
    request.environment = replay.snapshot().environment;
    QVERIFY(exporter.start(replay.store(), nullptr, request, path));
    QVERIFY(!exporter.start(replay.store(), nullptr, request, path)); // one at a time
    QVERIFY(finished.wait(20000));
    const auto written = finished.at(0).at(0).value<std::shared_ptr<const SnapshotWritten>>();
    QVERIFY(written);
    QVERIFY2(written->error.isEmpty(), qPrintable(written->error));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    const auto read = readSnapshotFile(path);
    QVERIFY(read);
    QCOMPARE(read->series.size(), replay.snapshot().series.size());
    QVERIFY(QFile::exists(dir.filePath(u"again.html"_s)));
}

void TestReplaySession::exportCancels()
{
    ReplaySession replay(cascade());
    QTemporaryDir dir;
    const QString path = dir.filePath(u"never.headroom"_s);
    SnapshotExporter exporter;
    QSignalSpy finished(&exporter, &SnapshotExporter::finished);
    SnapshotRequest request;
    request.fromMs = replay.snapshot().fromMs;
    request.toMs = replay.snapshot().toMs;
    QVERIFY(exporter.start(replay.store(), nullptr, request, path));
    exporter.cancel(); // while it copies: at once
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<std::shared_ptr<const SnapshotWritten>>()->error,
             u"cancelled"_s);
    QTest::qWait(50);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!exporter.running());
}

QTEST_MAIN(TestReplaySession)
#include "tst_replaysession.moc"
