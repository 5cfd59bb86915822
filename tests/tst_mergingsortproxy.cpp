// MergingSortProxy: the board's sorting and filtering proxy follows random polls (groups coming
// and going, rates changing) in the order QSortFilterProxyModel would give, under
// QAbstractItemModelTester; a poll is one re-sort and one dataChanged; selection (persistent
// indexes) follows rows through re-sorts and filter changes, which insert and remove, never reset.

#include "boardfleet.h"
#include "itemmodels/groupstablemodel.h"
#include "itemmodels/mergingsortproxy.h"
#include "modeldump.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace headroom;
using namespace headroom::test;

namespace {

using Columns = GroupsTableModel::Column;

// The order a fresh QSortFilterProxyModel gives the same rows: the reference.
QStringList referenceOrder(GroupsTableModel &model, int column, Qt::SortOrder order,
                           const QString &filter)
{
    QSortFilterProxyModel plain;
    plain.setSortRole(MergingTableModel::SortRole);
    plain.setSortCaseSensitivity(Qt::CaseInsensitive);
    plain.setFilterCaseSensitivity(Qt::CaseInsensitive);
    plain.setFilterKeyColumn(Columns::Group);
    plain.setFilterFixedString(filter);
    plain.setSourceModel(&model);
    plain.sort(column, order);
    return dumpColumn(plain, Columns::Group);
}

QString groupName(int i)
{
    return QStringLiteral("group-%1").arg(i, 2, 10, QLatin1Char('0'));
}

} // namespace

class TestMergingSortProxy : public QObject {
    Q_OBJECT
private slots:
    void followsRandomPolls_data();
    void followsRandomPolls();
    void pollIsOneResortAndOneChange();
    void selectionFollowsItsRow();
    void filterInsertsAndRemoves();
    void unsortedKeepsSourceOrder();
    void sortChosenBeforeTheSource();
};

void TestMergingSortProxy::followsRandomPolls_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("filter");
    QTest::newRow("headroom ascending")
        << int(Columns::RpmHeadroom) << Qt::AscendingOrder << QString();
    QTest::newRow("rpm used descending")
        << int(Columns::RpmUsed) << Qt::DescendingOrder << QString();
    QTest::newRow("group descending, filtered")
        << int(Columns::Group) << Qt::DescendingOrder << QStringLiteral("1");
    QTest::newRow("429/s ascending, filtered")
        << int(Columns::RateLimitedPerSec) << Qt::AscendingOrder << QStringLiteral("GROUP-0");
}

void TestMergingSortProxy::followsRandomPolls()
{
    // Groups appear and go, rates move (ties included: several groups share a rate), and after
    // every poll the proxy shows what a fresh QSortFilterProxyModel would.
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, filter);
    QRandomGenerator random(42);
    BoardFleet fleet;
    std::vector<bool> present(30, false);
    for (int i = 0; i < 12; ++i) {
        fleet.add(groupName(i), groupName(i) + QStringLiteral("-d"), double(i % 4));
        present[std::size_t(i)] = true;
    }
    MetricsStore store;
    GroupsTableModel model;
    MergingSortProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(Columns::Group);
    proxy.setFilterFixedString(filter);
    proxy.sort(column, order);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int poll = 0; poll < 40; ++poll) {
        for (int change = 0; change < 4; ++change) {
            const int i = int(random.bounded(30));
            const QString id = groupName(i) + QStringLiteral("-d");
            if (!present[std::size_t(i)]) {
                fleet.add(groupName(i), id, double(random.bounded(5)));
                present[std::size_t(i)] = true;
            } else if (random.bounded(4) == 0) {
                fleet.remove(id);
                present[std::size_t(i)] = false;
            } else {
                fleet.dep(id).perSec = double(random.bounded(10));
                fleet.dep(id).rateLimitedPerSec = double(random.bounded(3));
            }
        }
        fleet.feed(store);
        model.update(store);
        QCOMPARE(dumpColumn(proxy, Columns::Group), referenceOrder(model, column, order, filter));
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const QModelIndex p = proxy.index(r, Columns::RpmUsed);
            QCOMPARE(proxy.mapFromSource(proxy.mapToSource(p)), p);
            QCOMPARE(p.data(), proxy.mapToSource(p).data());
        }
    }
}

void TestMergingSortProxy::pollIsOneResortAndOneChange()
{
    // A poll that changes every row of a sorted table reaches the view as one layout change and
    // one dataChanged, not one re-sort per run of changed rows.
    BoardFleet fleet;
    for (int i = 0; i < 20; ++i) {
        fleet.add(groupName(i), groupName(i) + QStringLiteral("-d"), double(i % 7));
    }
    MetricsStore store;
    GroupsTableModel model;
    MergingSortProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(Columns::RpmHeadroom, Qt::AscendingOrder);
    for (int i = 0; i < 3; ++i) {
        fleet.feed(store);
        model.update(store);
    }
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    QSignalSpy sourceChanged(&model, &QAbstractItemModel::dataChanged);
    // Every other group changes: the source signals one run each.
    for (int i = 0; i < 20; i += 2) {
        fleet.dep(groupName(i) + QStringLiteral("-d")).perSec = double(i % 7) + 0.5;
    }
    fleet.feed(store);
    model.update(store);
    QCOMPARE(sourceChanged.size(), 10);
    QCOMPARE(layout.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             referenceOrder(model, Columns::RpmHeadroom, Qt::AscendingOrder, {}));
    // A poll that changes no sort key re-sorts nothing.
    layout.clear();
    changed.clear();
    fleet.feed(store);
    model.update(store);
    QCOMPARE(layout.size(), 0);
}

void TestMergingSortProxy::selectionFollowsItsRow()
{
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 1);
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 5);
    fleet.add(QStringLiteral("gamma"), QStringLiteral("c1"), 9);
    MetricsStore store;
    GroupsTableModel model;
    MergingSortProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(Columns::RpmHeadroom, Qt::AscendingOrder);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    fleet.feed(store, 3);
    model.update(store);
    QCOMPARE(
        dumpColumn(proxy, Columns::Group),
        (QStringList{QStringLiteral("gamma"), QStringLiteral("beta"), QStringLiteral("alpha")}));
    const QPersistentModelIndex selected = proxy.index(0, Columns::Group); // gamma
    // gamma calms down, alpha heats up: the order turns around and the index follows gamma.
    fleet.dep(QStringLiteral("c1")).perSec = 0;
    fleet.dep(QStringLiteral("a1")).perSec = 9.9;
    fleet.feed(store, 12);
    model.update(store);
    QCOMPARE(
        dumpColumn(proxy, Columns::Group),
        (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")}));
    QVERIFY(selected.isValid());
    QCOMPARE(selected.row(), 2);
    QCOMPARE(selected.data().toString(), QStringLiteral("gamma"));
    // A group inserted before it moves it down; one removed moves it up.
    fleet.add(QStringLiteral("delta"), QStringLiteral("d1"), 0.5);
    fleet.feed(store, 3);
    model.update(store);
    QCOMPARE(selected.data().toString(), QStringLiteral("gamma"));
    fleet.remove(QStringLiteral("a1"));
    fleet.feed(store);
    model.update(store);
    QCOMPARE(selected.data().toString(), QStringLiteral("gamma"));
    QCOMPARE(proxy.mapToSource(selected).data(GroupsTableModel::KeyRole).toString(),
             QStringLiteral("gamma"));
}

void TestMergingSortProxy::filterInsertsAndRemoves()
{
    BoardFleet fleet;
    for (const QString &g : {QStringLiteral("alpha"), QStringLiteral("beta"),
                             QStringLiteral("delta"), QStringLiteral("gamma")}) {
        fleet.add(g, g + QStringLiteral("-1"), 1);
    }
    MetricsStore store;
    GroupsTableModel model;
    MergingSortProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(Columns::Group);
    proxy.sort(Columns::Group, Qt::AscendingOrder);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    fleet.feed(store, 2);
    model.update(store);
    const QPersistentModelIndex delta = proxy.index(2, Columns::Group);
    QCOMPARE(delta.data().toString(), QStringLiteral("delta"));
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);

    proxy.setFilterFixedString(QStringLiteral("TA")); // beta, delta: any case
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             (QStringList{QStringLiteral("beta"), QStringLiteral("delta")}));
    QCOMPARE(removed.size(), 2); // alpha, then gamma: not adjacent
    QCOMPARE(delta.row(), 1);
    QCOMPARE(delta.data().toString(), QStringLiteral("delta"));

    proxy.setFilterFixedString({});
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("delta"),
                          QStringLiteral("gamma")}));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(delta.row(), 2);
    QCOMPARE(reset.size(), 0);
}

void TestMergingSortProxy::unsortedKeepsSourceOrder()
{
    BoardFleet fleet;
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 9);
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 1);
    MetricsStore store;
    GroupsTableModel model;
    MergingSortProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(Columns::RpmHeadroom, Qt::AscendingOrder);
    fleet.feed(store, 3);
    model.update(store);
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             (QStringList{QStringLiteral("beta"), QStringLiteral("alpha")}));
    proxy.sort(-1);
    QCOMPARE(proxy.sortColumn(), -1);
    QCOMPARE(dumpColumn(proxy, Columns::Group), dumpColumn(model, Columns::Group));
}

void TestMergingSortProxy::sortChosenBeforeTheSource()
{
    // A view may restore its sort column before the proxy has a model: it still applies.
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 1);
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 9);
    MetricsStore store;
    GroupsTableModel model;
    fleet.feed(store, 3);
    model.update(store);
    MergingSortProxy proxy;
    proxy.sort(Columns::RpmUsed, Qt::DescendingOrder);
    proxy.setSourceModel(&model);
    QCOMPARE(proxy.sortColumn(), int(Columns::RpmUsed));
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             (QStringList{QStringLiteral("beta"), QStringLiteral("alpha")}));
}

QTEST_GUILESS_MAIN(TestMergingSortProxy)
#include "tst_mergingsortproxy.moc"
