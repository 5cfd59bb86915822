// The fallback graph view: items restyled in place when only traffic changes (no new layout,
// no node moves), a new layout when the shape changes, keyboard navigation, zoom and fit, the
// findings panel, and one group selection shared with the board.

#include "boardfleet.h"
#include "boardview.h"
#include "graph/graphcanvas.h"
#include "graph/graphitems.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"
#include "mainwindow.h"

#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace headroom;
using namespace headroom::test;
using namespace headroom::ui;

namespace {

const QString kAlpha = QStringLiteral("alpha");
const QString kBeta = QStringLiteral("beta");
const QString kGamma = QStringLiteral("gamma");

struct Fixture {
    BoardFleet fleet;
    MetricsStore store;
    FallbackChain chain;
    std::vector<ChainFinding> findings;

    Fixture()
    {
        fleet.add(kAlpha, QStringLiteral("a1"), 5);
        fleet.add(kBeta, QStringLiteral("b1"), 3);
        fleet.add(kGamma, QStringLiteral("c1"), 1);
        fleet.edges[{kAlpha, kBeta}] = {2, 0};
        chain.origin.kind = ChainOrigin::Kind::ConfigFile;
        chain.origin.where = QStringLiteral("/etc/litellm/config.yaml");
        chain.fallbacks.fallbacks = {{kAlpha, {kBeta, kGamma}}, {kBeta, {kGamma}}};
        fleet.feed(store, 2);
    }
    FallbackGraphInput input() const
    {
        FallbackGraphInput in;
        in.store = &store;
        in.chain = &chain;
        in.findings = findings;
        return in;
    }
};

QHash<QString, QPointF> positions(const GraphScene &scene)
{
    QHash<QString, QPointF> out;
    for (GraphNodeItem *node : scene.nodes()) {
        out.insert(node->group(), node->pos());
    }
    return out;
}

void sendKey(QWidget *widget, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(widget, key, modifiers);
}

} // namespace

class TestGraphView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void trafficRestylesInPlace();
    void shapeChangeLaysOutAgain();
    void keyboardNavigation_data();
    void keyboardNavigation();
    void zoomAndFit();
    void findingsPanel();
    void selectionFollowsBoard();
};

void TestGraphView::trafficRestylesInPlace()
{
    Fixture f;
    GraphView view;
    view.resize(1000, 600);
    QSignalSpy laidOut(view.scene(), &GraphScene::laidOut);
    view.refresh(f.input(), {});
    QVERIFY(laidOut.wait(10000));
    const QHash<QString, QPointF> before = positions(*view.scene());
    QCOMPARE(before.size(), 3);
    GraphEdgeItem *edge = view.scene()->edge(kAlpha, kBeta, FallbackKind::General, 1);
    QVERIFY(edge != nullptr);
    QCOMPARE(edge->style().label(), QStringLiteral("1st · 2.0/s"));
    // alpha: 5/s × 60 = 300 of 600 rpm → 50 % left.
    QCOMPARE(view.scene()->node(kAlpha)->style().rpmText, QStringLiteral("50% OK"));

    // Traffic only: alpha's usage doubles (600 of 600 → exhausted) and its fallback carries
    // 3 + 1 failed per second.
    f.fleet.dep(QStringLiteral("a1")).perSec = 10;
    f.fleet.edges[{kAlpha, kBeta}] = {3, 1};
    for (int i = 0; i < 12; ++i) { // a minute: the usage window holds only the new rate
        f.fleet.feed(f.store);
        view.refresh(f.input(), {});
    }
    QTest::qWait(100); // a layout, had one been asked for, would have arrived
    QCOMPARE(laidOut.count(), 1);
    QCOMPARE(view.scene()->layoutsApplied(), 1);
    QCOMPARE(positions(*view.scene()), before);
    QCOMPARE(view.scene()->edge(kAlpha, kBeta, FallbackKind::General, 1), edge);
    QCOMPARE(edge->style().label(), QStringLiteral("1st · 4.0/s · 25% failed"));
    QCOMPARE(view.scene()->node(kAlpha)->style().rpmText, QStringLiteral("0% exhausted"));
    QCOMPARE(view.scene()->node(kAlpha)->style().level, HeadroomLevel::Exhausted);
}

void TestGraphView::shapeChangeLaysOutAgain()
{
    Fixture f;
    GraphView view;
    QSignalSpy laidOut(view.scene(), &GraphScene::laidOut);
    view.refresh(f.input(), {});
    QVERIFY(laidOut.wait(10000));
    f.chain.fallbacks.fallbacks.push_back({kGamma, {kAlpha}});
    view.refresh(f.input(), {});
    QVERIFY(laidOut.wait(10000));
    QCOMPARE(view.scene()->layoutsApplied(), 2);
    QVERIFY(view.scene()->edge(kGamma, kAlpha, FallbackKind::General, 1) != nullptr);
    // gamma is the last fallback of alpha's chain: right of alpha.
    QVERIFY(view.scene()->node(kGamma)->x() > view.scene()->node(kAlpha)->x());
}

void TestGraphView::keyboardNavigation_data()
{
    QTest::addColumn<QList<int>>("keys");
    QTest::addColumn<QStringList>("selected"); // after each key
    // Tab walks the groups by name; Shift+Tab back (wrapping).
    QTest::newRow("tab") << QList<int>{Qt::Key_Tab, Qt::Key_Tab, Qt::Key_Tab, Qt::Key_Tab}
                         << QStringList{kAlpha, kBeta, kGamma, kAlpha};
    QTest::newRow("backtab") << QList<int>{Qt::Key_Backtab, Qt::Key_Backtab}
                             << QStringList{kGamma, kBeta};
    // alpha → beta → gamma are ranks left to right: Right from alpha reaches a rank further.
    QTest::newRow("arrows") << QList<int>{Qt::Key_Tab, Qt::Key_Right, Qt::Key_Right, Qt::Key_Left,
                                          Qt::Key_Left}
                            << QStringList{kAlpha, kBeta, kGamma, kBeta, kAlpha};
}

void TestGraphView::keyboardNavigation()
{
    QFETCH(QList<int>, keys);
    QFETCH(QStringList, selected);
    Fixture f;
    f.chain.fallbacks.fallbacks = {{kAlpha, {kBeta}}, {kBeta, {kGamma}}};
    GraphView view;
    view.resize(1000, 600);
    view.show();
    QSignalSpy laidOut(view.scene(), &GraphScene::laidOut);
    view.refresh(f.input(), {});
    QVERIFY(laidOut.wait(10000));
    QSignalSpy chosen(&view, &GraphView::groupSelected);
    QStringList seen;
    for (const int key : keys) {
        sendKey(view.canvas(), Qt::Key(key),
                key == Qt::Key_Backtab ? Qt::ShiftModifier : Qt::NoModifier);
        seen.append(view.selectedGroup());
    }
    QCOMPARE(seen, selected);
    QCOMPARE(chosen.count(), keys.size());
    QCOMPARE(chosen.last().first().toString(), selected.last());
}

void TestGraphView::zoomAndFit()
{
    Fixture f;
    GraphView view;
    view.resize(1000, 600);
    view.show();
    QSignalSpy laidOut(view.scene(), &GraphScene::laidOut);
    view.refresh(f.input(), {});
    QVERIFY(laidOut.wait(10000));
    GraphCanvas *canvas = view.canvas();
    QVERIFY(canvas->autoFit());
    const double fitted = canvas->zoom();
    sendKey(canvas, Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(canvas->zoom(), fitted * 1.25);
    QVERIFY(!canvas->autoFit());
    sendKey(canvas, Qt::Key_Minus, Qt::ControlModifier);
    sendKey(canvas, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(canvas->zoom(), fitted * 1.25 * 0.8 * 0.8);
    sendKey(canvas, Qt::Key_F);
    QCOMPARE(canvas->zoom(), fitted);
    QVERIFY(canvas->autoFit());
    sendKey(canvas, Qt::Key_Plus, Qt::ControlModifier);
    sendKey(canvas, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(canvas->zoom(), fitted);
    // Fitted, every node is inside the viewport.
    for (GraphNodeItem *node : view.scene()->nodes()) {
        const QRect r = canvas->mapFromScene(node->sceneBoundingRect()).boundingRect();
        QVERIFY(canvas->viewport()->rect().contains(r));
    }
}

void TestGraphView::findingsPanel()
{
    Fixture f;
    f.findings.push_back({ChainFinding::Severity::Error,
                          ChainFinding::Kind::Cycle,
                          {kAlpha, kBeta, kAlpha},
                          QStringLiteral("router_settings.fallbacks"),
                          QStringLiteral("alpha and beta fall back to each other")});
    GraphView view;
    QSignalSpy laidOut(view.scene(), &GraphScene::laidOut);
    view.refresh(f.input(), QStringLiteral("cascade predicted: alpha → beta in ~40 s"));
    QVERIFY(laidOut.wait(10000));
    QCOMPARE(view.findingsText(), QStringLiteral("error: alpha and beta fall back to each other "
                                                 "(router_settings.fallbacks)"));
    QCOMPARE(view.summaryText(), QStringLiteral("cascade predicted: alpha → beta in ~40 s"));
    QCOMPARE(view.scene()->node(kAlpha)->style().findings, 1);
    QCOMPARE(view.scene()->node(kGamma)->style().findings, 0);
    QCOMPARE(view.scene()->edge(kAlpha, kBeta, FallbackKind::General, 1)->style().findings, 1);
}

void TestGraphView::selectionFollowsBoard()
{
    Fixture f;
    MainWindow window;
    window.watch(ProxyEntry{}, &f.store, {});
    window.storeUpdated();
    QSignalSpy laidOut(window.graph()->scene(), &GraphScene::laidOut);
    window.graph()->refresh(f.input(), {});
    QVERIFY(laidOut.wait(10000));
    window.showView(MainWindow::View::Graph);
    QVERIFY(window.graphShown());
    window.storeUpdated(); // a poll keeps the graph shown
    QVERIFY(window.graphShown());

    // The board's own choice (its first row when none) is the graph's too.
    const QString first = window.board()->selectedGroups().value(0);
    QVERIFY(!first.isEmpty());
    QCOMPARE(window.graph()->selectedGroup(), first);
    window.board()->groupsView()->clearSelection();
    window.board()->selectGroup(kGamma);
    QCOMPARE(window.graph()->selectedGroup(), kGamma);
    sendKey(window.graph()->canvas(), Qt::Key_Tab); // gamma → alpha (wraps)
    QCOMPARE(window.graph()->selectedGroup(), kAlpha);
    QCOMPARE(window.board()->selectedGroups(), QStringList{kAlpha});
    // Tab is the canvas's own; Ctrl+Tab leaves it for the next control, keeping the selection.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.graph()->canvas()->setFocus();
    QTRY_VERIFY(window.graph()->canvas()->hasFocus());
    sendKey(window.graph()->canvas(), Qt::Key_Tab, Qt::ControlModifier);
    QVERIFY(!window.graph()->canvas()->hasFocus());
    QVERIFY(QApplication::focusWidget() != nullptr);
    QCOMPARE(window.graph()->selectedGroup(), kAlpha);
    window.showView(MainWindow::View::Board);
    QVERIFY(window.boardShown());
}

QTEST_MAIN(TestGraphView)
#include "tst_graphview.moc"
