// The fallback graph's layout: Graphviz's dot places groups left to right by fallback order,
// pooled groups inside their pool's outline, deterministically; the same chain with different
// traffic gives the same shape and so the same node positions; the layouter runs off the UI
// thread and drops a stale result.

#include "boardfleet.h"
#include "graph/graphlayout.h"
#include "itemmodels/fallbackgraphmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::test;
using namespace headroom::ui;

namespace {

GraphShape chainShape(bool withPool)
{
    // gpt-4o → mini (1st) → claude (2nd); mini → claude; a context-window edge gpt-4o → claude.
    GraphShape s;
    const QString pool = withPool ? QStringLiteral("cred-1") : QString();
    s.nodes = {{QStringLiteral("claude"), {}, true},
               {QStringLiteral("gpt-4o"), pool, true},
               {QStringLiteral("mini"), pool, true}};
    s.links = {{QStringLiteral("gpt-4o"), QStringLiteral("mini"), FallbackKind::General, 1,
                EdgeOrigin::Configured},
               {QStringLiteral("gpt-4o"), QStringLiteral("claude"), FallbackKind::General, 2,
                EdgeOrigin::Configured},
               {QStringLiteral("gpt-4o"), QStringLiteral("claude"), FallbackKind::ContextWindow, 1,
                EdgeOrigin::Configured},
               {QStringLiteral("mini"), QStringLiteral("claude"), FallbackKind::General, 1,
                EdgeOrigin::Configured}};
    return s;
}

// A model fed by a fleet whose edge traffic is `perSec`.
GraphShape shapeWithTraffic(double perSec)
{
    BoardFleet fleet;
    fleet.add(QStringLiteral("gpt-4o"), QStringLiteral("g1"), 10);
    fleet.add(QStringLiteral("mini"), QStringLiteral("m1"), 5);
    fleet.add(QStringLiteral("claude"), QStringLiteral("c1"), perSec);
    fleet.edges[{QStringLiteral("gpt-4o"), QStringLiteral("mini")}] = {perSec, perSec / 4};
    MetricsStore store;
    fleet.feed(store, 3);
    FallbackChain chain;
    chain.origin.kind = ChainOrigin::Kind::ConfigFile;
    chain.fallbacks.fallbacks = {{QStringLiteral("gpt-4o"), {QStringLiteral("mini")}},
                                 {QStringLiteral("mini"), {QStringLiteral("claude")}}};
    FallbackGraphModel model;
    FallbackGraphInput input;
    input.store = &store;
    input.chain = &chain;
    model.update(input);
    return model.shape();
}

} // namespace

class TestGraphLayout : public QObject {
    Q_OBJECT
private slots:
    void leftToRightByOrder_data();
    void leftToRightByOrder();
    void deterministic();
    void trafficDoesNotMoveNodes();
    void partsDoNotOverlap();
    void asyncDropsStale();
    void empty();
};

void TestGraphLayout::leftToRightByOrder_data()
{
    QTest::addColumn<bool>("pool");
    QTest::newRow("no pool") << false;
    QTest::newRow("gpt-4o and mini pooled") << true;
}

void TestGraphLayout::leftToRightByOrder()
{
    QFETCH(bool, pool);
    const GraphLayout layout = layoutGraph(chainShape(pool));
    QVERIFY2(layout.error.isEmpty(), qPrintable(layout.error));
    QCOMPARE(layout.nodes.size(), 3);
    const QPointF g = layout.nodes.value(QStringLiteral("gpt-4o"));
    const QPointF m = layout.nodes.value(QStringLiteral("mini"));
    const QPointF c = layout.nodes.value(QStringLiteral("claude"));
    // Each fallback one rank to the right of the group it serves: ranks are at least a node
    // width apart.
    const double w = graphNodeSize().width();
    QVERIFY2(m.x() - g.x() >= w, qPrintable(QStringLiteral("%1 %2").arg(g.x()).arg(m.x())));
    QVERIFY(c.x() - m.x() >= w);
    QCOMPARE(layout.edges.size(), std::size_t(4));
    for (const GraphLayout::Edge &e : layout.edges) {
        QVERIFY(!e.path.isEmpty());
        // The arrow ends at the target's left border (LR): within half a node width of it.
        const QPointF to = layout.nodes.value(e.to);
        QVERIFY2(std::abs(e.arrowTip.x() - (to.x() - w / 2)) < 8,
                 qPrintable(QStringLiteral("%1 → %2: tip %3, node %4")
                                .arg(e.from, e.to)
                                .arg(e.arrowTip.x())
                                .arg(to.x())));
    }
    QCOMPARE(layout.pools.size(), pool ? 1 : 0);
    if (pool) {
        const QRectF outline = layout.pools.value(QStringLiteral("cred-1"));
        const QSizeF half = graphNodeSize() / 2;
        for (const QPointF p : {g, m}) {
            QVERIFY(outline.contains(
                QRectF(p - QPointF(half.width(), half.height()), graphNodeSize())));
        }
        QVERIFY(!outline.contains(c));
    }
    QVERIFY(layout.bounds.contains(g) && layout.bounds.contains(c));
}

void TestGraphLayout::deterministic()
{
    const GraphLayout a = layoutGraph(chainShape(true));
    const GraphLayout b = layoutGraph(chainShape(true));
    QCOMPARE(a.nodes, b.nodes);
    QCOMPARE(a.pools, b.pools);
    QCOMPARE(a.bounds, b.bounds);
    for (std::size_t i = 0; i < a.edges.size(); ++i) {
        QCOMPARE(a.edges[i].path, b.edges[i].path);
    }
}

void TestGraphLayout::trafficDoesNotMoveNodes()
{
    const GraphShape quiet = shapeWithTraffic(0.5);
    const GraphShape busy = shapeWithTraffic(9);
    QCOMPARE(busy, quiet); // traffic is no part of the shape
    const GraphLayout a = layoutGraph(quiet);
    const GraphLayout b = layoutGraph(busy);
    QCOMPARE(a.nodes.size(), 3);
    QCOMPARE(a.nodes, b.nodes);
}

// Twelve chains of two and four lone groups: each part is laid out apart and placed in rows;
// no two nodes overlap, every edge ends at its own target, and the whole is wider than tall.
void TestGraphLayout::partsDoNotOverlap()
{
    GraphShape s;
    for (int i = 0; i < 28; ++i) {
        s.nodes.push_back({QStringLiteral("g%1").arg(i, 2, 10, QLatin1Char('0')), {}, true});
    }
    for (int i = 0; i < 24; i += 2) {
        s.links.push_back({s.nodes[std::size_t(i)].name, s.nodes[std::size_t(i) + 1].name,
                           FallbackKind::General, 1, EdgeOrigin::Configured});
    }
    const GraphLayout layout = layoutGraph(s);
    QCOMPARE(layout.nodes.size(), 28);
    const QSizeF size = graphNodeSize();
    QList<QRectF> boxes;
    for (const GraphShape::Node &n : s.nodes) {
        const QPointF c = layout.nodes.value(n.name);
        const QRectF box(c - QPointF(size.width() / 2, size.height() / 2), size);
        for (const QRectF &other : boxes) {
            QVERIFY2(!box.intersects(other), qPrintable(n.name));
        }
        QVERIFY(layout.bounds.adjusted(-1, -1, 1, 1).contains(box));
        boxes.append(box);
    }
    for (std::size_t i = 0; i < layout.edges.size(); ++i) {
        const QPointF to = layout.nodes.value(s.links[i].to);
        QVERIFY(std::abs(layout.edges[i].arrowTip.x() - (to.x() - size.width() / 2)) < 8);
        QVERIFY(std::abs(layout.edges[i].arrowTip.y() - to.y()) < size.height() / 2);
    }
    QVERIFY(layout.bounds.width() > layout.bounds.height());
}

void TestGraphLayout::asyncDropsStale()
{
    GraphLayouter layouter;
    QSignalSpy spy(&layouter, &GraphLayouter::laidOut);
    GraphShape first = chainShape(false);
    layouter.request(first);
    const quint64 latest = layouter.request(chainShape(true));
    QVERIFY(spy.wait(10000));
    QTRY_VERIFY(!layouter.busy());
    QCOMPARE(spy.count(), 1);
    const auto layout = spy.first().first().value<GraphLayout>();
    QCOMPARE(layout.generation, latest);
    QCOMPARE(layout.pools.size(), 1); // the second shape's
}

void TestGraphLayout::empty()
{
    const GraphLayout layout = layoutGraph(GraphShape{});
    QVERIFY(layout.nodes.isEmpty());
    QVERIFY(layout.error.isEmpty());
}

QTEST_MAIN(TestGraphLayout)
#include "tst_graphlayout.moc"
