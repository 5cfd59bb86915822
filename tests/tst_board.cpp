// The headroom board end to end, offscreen: LiveSession polls headroom-sim and the window's
// tables, charts, status bar and states follow — healthy, cascade, proxy down, no /metrics.

#include "boardview.h"
#include "emptystatepage.h"
#include "headroomchart.h"
#include "itemmodels/eventsmodel.h"
#include "itemmodels/groupstablemodel.h"
#include "livesession.h"
#include "mainwindow.h"
#include "simfixture.h"

#include <memory>
#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::RunningSim;
using headroom::test::startSim;
using headroom::ui::MainWindow;

namespace {

// Wires a session to a window the way the application does, and polls once.
struct Watched {
    std::unique_ptr<LiveSession> session;

    Watched(MainWindow &window, const QUrl &url, const QString &key)
    {
        ProxySourceConfig config;
        config.url = url;
        config.key = key;
        config.intervalMs = 600000; // the test polls by hand
        config.timeoutMs = 1500;
        session = std::make_unique<LiveSession>(config);
        QObject::connect(session.get(), &LiveSession::updated, &window, &MainWindow::storeUpdated);
        QObject::connect(session.get(), &LiveSession::pollFinished, &window,
                         &MainWindow::pollFinished);
        ui::ProxyEntry entry;
        entry.url = url;
        window.watch(entry, &session->store());
    }

    bool poll()
    {
        QSignalSpy finished(session.get(), &LiveSession::pollFinished);
        session->pollNow();
        return finished.wait(10000);
    }
};

QStringList groupColumn(const QAbstractItemModel *model)
{
    QStringList groups;
    for (int row = 0; row < model->rowCount(); ++row) {
        groups << model->index(row, GroupsTableModel::Group).data().toString();
    }
    return groups;
}

void saveShot(QWidget &window, const char *name)
{
    const QByteArray dir = qgetenv("HEADROOM_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        window.grab().save(QString::fromLocal8Bit(dir) + u'/' + QLatin1String(name) +
                           QStringLiteral(".png"));
    }
}

} // namespace

class TestBoard : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void healthy();
    void cascade();
    void proxyDown();
    void noMetricsEndpoint();
    void pausedBannerResumes();
    void layoutSurvivesRestart();
    void opensOnTheWorstGroupAndFitsTheDetails();
};

void TestBoard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestBoard::healthy()
{
    RunningSim sim = startSim(QStringLiteral("healthy"));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QAbstractItemModelTester tester(const_cast<GroupsTableModel *>(window.board()->groupsModel()),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    Watched watched(window, sim.url, sim.key);
    sim.engine->advanceBy(120);
    QVERIFY(watched.poll());
    QVERIFY(window.boardShown());
    QTest::qWait(30);
    sim.engine->advanceBy(30);
    QVERIFY(watched.poll());
    QCOMPARE(groupColumn(window.board()->groupsModel()).size(), 2);
    QVERIFY(window.statusText().startsWith(QStringLiteral("Polled ")));
    QVERIFY(window.pollAgeText().startsWith(QStringLiteral("Last data")));
    QCOMPARE(window.board()->selectedGroups().size(), 1); // the tightest group, selected
    saveShot(window, "board-healthy");
}

void TestBoard::cascade()
{
    RunningSim sim = startSim(QStringLiteral("cascade"));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QAbstractItemModelTester tester(const_cast<GroupsTableModel *>(window.board()->groupsModel()),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    Watched watched(window, sim.url, sim.key);
    // Polls through the spike, as the demo's first minute would see them.
    for (int i = 0; i < 8; ++i) {
        sim.engine->advanceBy(15);
        QVERIFY(watched.poll());
        QTest::qWait(20);
    }
    QVERIFY(window.boardShown());
    window.board()->selectGroup(QStringLiteral("gpt-4o"));
    const QModelIndex gpt4o = [&] {
        const auto *model = window.board()->groupsModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data().toString() == u"gpt-4o") {
                return model->index(row, GroupsTableModel::RpmHeadroom);
            }
        }
        return QModelIndex();
    }();
    QVERIFY(gpt4o.isValid());
    // The primary is out of headroom, and says so in words, not colour alone.
    QCOMPARE(gpt4o.data(GroupsTableModel::HeadroomFractionRole).toDouble(), 0.0);
    QVERIFY(gpt4o.data().toString().contains(QStringLiteral("exhausted")));
    // The events say what happened.
    QVERIFY(window.board()->eventsModel()->rowCount() > 0);
    window.board()->showTab(ui::BoardView::Tab::Events);
    saveShot(window, "board-cascade-events");
    window.board()->showTab(ui::BoardView::Tab::Deployments);
    saveShot(window, "board-cascade");
}

void TestBoard::proxyDown()
{
    MainWindow window;
    window.show();
    Watched watched(window, QUrl(QStringLiteral("http://127.0.0.1:1")), QString());
    QVERIFY(watched.poll());
    QVERIFY(!window.boardShown());
    QVERIFY(window.statePage()->title().startsWith(QStringLiteral("Cannot reach")));
    QVERIFY(window.statusText().contains(QStringLiteral("unreachable")));
    saveShot(window, "board-proxy-down");
}

void TestBoard::noMetricsEndpoint()
{
    RunningSim sim = startSim(QStringLiteral("healthy"), sim::MetricNames::Off);
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    Watched watched(window, sim.url, sim.key);
    QVERIFY(watched.poll());
    QVERIFY(window.boardShown());
    QVERIFY(window.statusText().contains(QStringLiteral("callbacks: [\"prometheus\"]")));
    QCOMPARE(groupColumn(window.board()->groupsModel()).size(), 2);
    saveShot(window, "board-no-metrics");
}

QTEST_MAIN(TestBoard)
void TestBoard::pausedBannerResumes()
{
    RunningSim sim = startSim(QStringLiteral("healthy"));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    Watched watched(window, sim.url, sim.key);
    sim.engine->advanceBy(120);
    QVERIFY(watched.poll());
    sim.engine->advanceBy(30);
    QVERIFY(watched.poll());
    QVERIFY(window.boardShown());
    QVERIFY(!window.board()->pausedBannerShown());

    // The session says it paused; the board says so over the frozen numbers.
    QObject::connect(&window, &MainWindow::pauseRequested, watched.session.get(),
                     &LiveSession::setPaused);
    QObject::connect(watched.session.get(), &LiveSession::pausedChanged, &window,
                     &MainWindow::setPaused);
    emit window.pauseRequested(true);
    QVERIFY(window.board()->pausedBannerShown());
    QVERIFY(window.statusText().contains(QStringLiteral("Paused")));
    QTest::qWait(30);
    saveShot(window, "board-paused");

    QSignalSpy pause(&window, &MainWindow::pauseRequested);
    auto *resume = window.board()->findChild<QPushButton *>(QStringLiteral("resumeButton"));
    QVERIFY(resume != nullptr);
    QTest::mouseClick(resume, Qt::LeftButton);
    QCOMPARE(pause.size(), 1);
    QCOMPARE(pause.at(0).at(0).toBool(), false);
    QVERIFY(!watched.session->isPaused());
    QVERIFY(!window.board()->pausedBannerShown());
}

void TestBoard::layoutSurvivesRestart()
{
    using headroom::ui::BoardView;
    const auto splitter = [](BoardView &board) {
        return board.findChild<QSplitter *>(QStringLiteral("boardSplitter"));
    };
    BoardView before;
    before.resize(1200, 800);
    before.show();
    splitter(before)->setSizes({150, 600});
    before.groupsView()->horizontalHeader()->resizeSection(GroupsTableModel::Group, 222);
    before.groupsView()->sortByColumn(GroupsTableModel::TpmHeadroom, Qt::DescendingOrder);
    before.showTab(BoardView::Tab::Events);
    const QList<int> sizes = splitter(before)->sizes();
    const QByteArray state = before.saveState();

    BoardView after;
    after.resize(1200, 800);
    after.show();
    QVERIFY(!after.restoreState(QByteArray("not a board state")));
    QVERIFY(after.restoreState(state));
    QCOMPARE(splitter(after)->sizes(), sizes);
    const QHeaderView *header = after.groupsView()->horizontalHeader();
    QCOMPARE(header->sectionSize(GroupsTableModel::Group), 222);
    QCOMPARE(header->sortIndicatorSection(), int(GroupsTableModel::TpmHeadroom));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(after.findChild<QTabWidget *>()->currentIndex(), 1);
}

void TestBoard::opensOnTheWorstGroupAndFitsTheDetails()
{
    RunningSim sim = startSim(QStringLiteral("cascade"));
    MainWindow window; // the default size
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Watched watched(window, sim.url, sim.key);
    const GroupsTableModel *groups = window.board()->groupsModel();
    for (int i = 0; i < 8; ++i) {
        sim.engine->advanceBy(15);
        QVERIFY(watched.poll());
        QTest::qWait(20);
        // Nothing chosen: the board is on the group in the worst state, and so are the charts.
        HeadroomLevel worst = HeadroomLevel::Unknown;
        const QString group = groups->worstGroup(&worst);
        const QStringList selected = window.board()->selectedGroups();
        QCOMPARE(selected.size(), 1);
        const int row = groups->rowOfKey(selected.first());
        QCOMPARE(groups->index(row, GroupsTableModel::Group)
                     .data(GroupsTableModel::HeadroomLevelRole)
                     .toInt(),
                 int(worst));
        QCOMPARE(window.board()->chart()->shownGroups(), selected);
    }
    // The deployments table shows every column, TPM limit and after, without a scroll bar.
    auto *deployments = window.board()->findChild<QTableView *>(QStringLiteral("deploymentsView"));
    QVERIFY(deployments != nullptr);
    QVERIFY(!deployments->horizontalScrollBar()->isVisible());
    // Nor does the groups table, its chain column included.
    QVERIFY(!window.board()->groupsView()->horizontalScrollBar()->isVisible());
    // Once the operator chooses, the board stays where they put it.
    const QString chosen = groupColumn(groups).last() == window.board()->selectedGroups().first()
                               ? groupColumn(groups).first()
                               : groupColumn(groups).last();
    window.board()->selectGroup(chosen);
    sim.engine->advanceBy(15);
    QVERIFY(watched.poll());
    QCOMPARE(window.board()->selectedGroups(), QStringList{chosen});
}

#include "tst_board.moc"
