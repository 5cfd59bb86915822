// GroupsTableModel: formatted cells for healthy, tight, exhausted, unlimited and counter-less
// groups, and polls merged in place (inserts, removes, one dataChanged per run of changed rows over
// the columns that changed, never a reset) under QAbstractItemModelTester.

#include "boardfleet.h"
#include "itemmodels/groupstablemodel.h"
#include "itemmodels/mergingsortproxy.h"
#include "modeldump.h"

#include <limits>
#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace headroom;
using namespace headroom::test;

namespace {

using Columns = GroupsTableModel::Column;

// Counts what a model emitted between two polls.
struct Spies {
    explicit Spies(QAbstractItemModel *model)
        : reset(model, &QAbstractItemModel::modelReset)
        , inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , layout(model, &QAbstractItemModel::layoutChanged)
    {}
    void clear()
    {
        inserted.clear();
        removed.clear();
        changed.clear();
    }
    // dataChanged ranges as "row:first-last" (all on one row each).
    QStringList changedCells() const
    {
        QStringList out;
        for (const QList<QVariant> &args : changed) {
            const auto from = args.at(0).value<QModelIndex>();
            const auto to = args.at(1).value<QModelIndex>();
            out.append(
                QStringLiteral("%1:%2-%3").arg(from.row()).arg(from.column()).arg(to.column()));
            if (from.row() != to.row()) {
                out.last() += QStringLiteral(" (rows %1-%2)").arg(from.row()).arg(to.row());
            }
        }
        return out;
    }
    // Whether a dataChanged range covered the cell.
    bool covers(int row, int column) const
    {
        for (const QList<QVariant> &args : changed) {
            const auto from = args.at(0).value<QModelIndex>();
            const auto to = args.at(1).value<QModelIndex>();
            if (from.row() <= row && row <= to.row() && from.column() <= column &&
                column <= to.column()) {
                return true;
            }
        }
        return false;
    }
    QSignalSpy reset, inserted, removed, changed, layout;
};

// The fleets of the data-driven tests; returns how many polls the scenario wants.
int setUp(BoardFleet &fleet, int scenario)
{
    switch (scenario) {
    case 0: // half of two deployments
        fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 5);
        fleet.add(QStringLiteral("alpha"), QStringLiteral("a2"), 5);
        break;
    case 1: // 8 and 9.5 requests/s of 600 rpm; beta's TPM is the nearer limit
        fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 8).tpm = 54'000;
        fleet.add(QStringLiteral("gamma"), QStringLiteral("c1"), 9.5);
        break;
    case 2: { // 12 attempts/s of 600 rpm, 2 of them 429; 3.5 hops/s to spare
        auto &hot = fleet.add(QStringLiteral("hot"), QStringLiteral("h1"), 10);
        hot.rateLimitedPerSec = 2;
        fleet.add(QStringLiteral("spare"), QStringLiteral("s1"), 0);
        fleet.edges[{QStringLiteral("hot"), QStringLiteral("spare")}] = {3, 0.5};
        break;
    }
    case 3: {
        auto &open = fleet.add(QStringLiteral("open"), QStringLiteral("o1"), 2);
        open.rpm.reset();
        open.tpm.reset();
        break;
    }
    case 4:
        fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 5);
        return 1;
    case 5:
        fleet.add(QStringLiteral("quiet"), QStringLiteral("q1"), 5);
        fleet.metrics = false;
        break;
    case 6: {
        auto &storm = fleet.add(QStringLiteral("storm"), QStringLiteral("s1"), 10);
        storm.rateLimitedPerSec = 2;
        storm.clientsSee429s = false;
        break;
    }
    }
    return 3;
}

} // namespace

class TestGroupsTableModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void display_data();
    void display();
    void levels_data();
    void levels();
    void roles();
    void mergeInPlace();
    void unchangedPollEmitsNothing_data();
    void unchangedPollEmitsNothing();
    void consecutiveChangedRowsAreOneSignal();
    void fastSortMatchesQVariantOrder_data();
    void fastSortMatchesQVariantOrder();
    void sortAndFilterThroughProxy();
    void timeToExhaustionOnRamp();
    void attemptsToolTipSaysWhatARequestCost();
    void chainColumn();
    void worstGroup_data();
    void worstGroup();
};

void TestGroupsTableModel::initTestCase()
{
    // Group separators in the expected text ("1,200") do not depend on the machine's locale.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestGroupsTableModel::display_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("healthy: half of two deployments")
        << 0
        << QStringList{QStringLiteral(
               "alpha | 600 | 1,200 | 50% OK | 60,000 | 120,000 | 50% OK | 0/s · 0/s | 0/s | "
               "0/s | 0 of 2 | — | —")};
    QTest::newRow("tight and critical")
        << 1
        << QStringList{
               QStringLiteral(
                   "beta | 480 | 600 | 20% tight | 48,000 | 54,000 | 11% tight | 0/s · 0/s | 0/s | "
                   "0/s | 0 of 1 | — | —"),
               QStringLiteral("gamma | 570 | 600 | 5% critical | 57,000 | 60,000 | 5% "
                              "critical | 0/s · 0/s | 0/s | 0/s | 0 of 1 | — | —")};
    QTest::newRow("exhausted with 429s, fallbacks and a cooldown")
        << 2
        << QStringList{
               QStringLiteral("hot | 720 | 600 | 0% exhausted | 60,000 | 60,000 | 0% exhausted | "
                              "2.0/s · 2.0/s | 3.5/s | 0/s | 1 of 1 | now | —"),
               QStringLiteral("spare | 0 | 600 | 100% OK | 0 | 60,000 | 100% OK | 0/s · 0/s | "
                              "0/s | 3.5/s | 0 of 1 | — | —")};
    QTest::newRow("no limits") << 3
                               << QStringList{QStringLiteral(
                                      "open | 120 | — | no limit | 12,000 | — | no limit | "
                                      "0/s · 0/s | 0/s | 0/s | 0 of 1 | — | —")};
    QTest::newRow("first poll: no rates yet")
        << 4
        << QStringList{QStringLiteral(
               "alpha | — | 600 | — | — | 60,000 | — | — | 0/s | 0/s | 0 of 1 | — | —")};
    // The cascade's start: gpt-4o's deployment refuses 2 attempts/s and fallbacks answer for
    // them, so clients get no 429 at all. The table shows both: the storm is visible where it
    // starts. Attempts are 12/s (720 a minute), 2 refused.
    QTest::newRow("refusals hidden by fallbacks")
        << 6
        << QStringList{QStringLiteral("storm | 720 | 600 | 0% exhausted | 60,000 | 60,000 | 0% "
                                      "exhausted | 2.0/s · 0/s | 0/s | 0/s | 0 of 1 | now | —")};
    QTest::newRow("no /metrics: nothing made up")
        << 5
        << QStringList{
               QStringLiteral("quiet | — | 600 | — | — | 60,000 | — | — | — | — | 0 of 1 | — | —")};
}

void TestGroupsTableModel::display()
{
    QFETCH(int, scenario);
    QFETCH(QStringList, expected);

    BoardFleet fleet;
    const int polls = setUp(fleet, scenario);
    MetricsStore store;
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < polls; ++i) {
        fleet.feed(store);
        if (scenario == 2 && i == polls - 2) {
            fleet.dep(QStringLiteral("h1")).coolNext = true;
        }
        model.update(store);
    }
    QCOMPARE(dumpModel(model), expected);
}

void TestGroupsTableModel::levels_data()
{
    QTest::addColumn<double>("fraction"); // negative: unknown
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << -1.0 << int(HeadroomLevel::Unknown) << QStringLiteral("no limit");
    QTest::newRow("all left") << 1.0 << int(HeadroomLevel::Healthy) << QStringLiteral("OK");
    QTest::newRow("31%") << 0.31 << int(HeadroomLevel::Healthy) << QStringLiteral("OK");
    QTest::newRow("30%") << 0.3 << int(HeadroomLevel::Tight) << QStringLiteral("tight");
    QTest::newRow("11%") << 0.11 << int(HeadroomLevel::Tight) << QStringLiteral("tight");
    QTest::newRow("10%") << 0.1 << int(HeadroomLevel::Critical) << QStringLiteral("critical");
    QTest::newRow("a sliver") << 0.001 << int(HeadroomLevel::Critical)
                              << QStringLiteral("critical");
    QTest::newRow("none") << 0.0 << int(HeadroomLevel::Exhausted) << QStringLiteral("exhausted");
}

void TestGroupsTableModel::levels()
{
    QFETCH(double, fraction);
    QFETCH(int, level);
    QFETCH(QString, text);
    const auto l = headroomLevel(fraction < 0 ? std::nullopt : std::optional<double>(fraction));
    QCOMPARE(int(l), level);
    QCOMPARE(headroomLevelText(l), text);
    QVERIFY(headroomLevelColorName(l).startsWith(QLatin1Char('#')));
}

void TestGroupsTableModel::roles()
{
    BoardFleet fleet;
    const int polls = setUp(fleet, 1); // beta tight (TPM nearer), gamma critical
    MetricsStore store;
    fleet.feed(store, polls);
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(store);

    const auto at = [&](int row, int column, int role) {
        return model.index(row, column).data(role);
    };
    using R = MergingTableModel::Role;
    QCOMPARE(at(0, Columns::RpmHeadroom, R::HeadroomFractionRole).toDouble(), 0.2);
    QCOMPARE(at(0, Columns::RpmHeadroom, R::HeadroomLevelRole).toInt(), int(HeadroomLevel::Tight));
    QCOMPARE(at(1, Columns::TpmHeadroom, R::HeadroomLevelTextRole).toString(),
             QStringLiteral("critical"));
    // The fraction only on the bars; the row's worse level on every cell.
    QVERIFY(!at(0, Columns::Group, R::HeadroomFractionRole).isValid());
    QCOMPARE(at(1, Columns::Group, R::HeadroomLevelRole).toInt(), int(HeadroomLevel::Critical));
    QCOMPARE(at(1, Columns::Group, GroupsTableModel::GroupNameRole).toString(),
             QStringLiteral("gamma"));
    QCOMPARE(model.rowOfKey(QStringLiteral("gamma")), 1);
    QCOMPARE(model.rowOfKey(QStringLiteral("nope")), -1);
    // Raw numbers to sort on, not text.
    QCOMPARE(at(0, Columns::RpmUsed, R::SortRole).toDouble(), 480.0);
    QCOMPARE(at(0, Columns::TpmLimit, R::SortRole).toDouble(), 54000.0);
    QCOMPARE(at(0, Columns::TimeToExhaustion, R::SortRole).toDouble(),
             std::numeric_limits<double>::infinity());
    // Tooltips say where "used" comes from.
    QVERIFY(
        at(0, Columns::RpmUsed, Qt::ToolTipRole).toString().contains(QStringLiteral("/metrics")));
    QCOMPARE(at(0, Columns::RpmUsed, Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.headerData(Columns::RateLimitedPerSec, Qt::Horizontal).toString(),
             QStringLiteral("429/s\nrefused · clients"));
    // "Used" says what it counts: attempts.
    QCOMPARE(model.headerData(Columns::RpmUsed, Qt::Horizontal).toString(),
             QStringLiteral("RPM\nattempts"));
    QCOMPARE(at(0, Columns::Chain, Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignLeft | Qt::AlignVCenter));
}

void TestGroupsTableModel::mergeInPlace()
{
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 5);
    fleet.add(QStringLiteral("gamma"), QStringLiteral("c1"), 5);
    MetricsStore store;
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Spies spies(&model);
    const auto poll = [&] {
        spies.clear();
        fleet.feed(store);
        model.update(store);
    };

    // First poll: both rows in one insert, limits known, no rates yet.
    poll();
    QCOMPARE(spies.inserted.size(), 1);
    QCOMPARE(dumpColumn(model, Columns::Group),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("gamma")}));
    QCOMPARE(dumpColumn(model, Columns::RpmHeadroom),
             (QStringList{QStringLiteral("—"), QStringLiteral("—")}));

    // Second poll: rates arrive, rows change in place.
    poll();
    QCOMPARE(spies.inserted.size(), 0);
    QVERIFY(!spies.changed.isEmpty());
    QCOMPARE(
        dumpModel(model),
        (QStringList{QStringLiteral("alpha | 300 | 600 | 50% OK | 30,000 | 60,000 | 50% OK | 0/s · "
                                    "0/s | 0/s | 0/s | 0 of 1 | — | —"),
                     QStringLiteral("gamma | 300 | 600 | 50% OK | 30,000 | 60,000 | 50% OK | 0/s · "
                                    "0/s | 0/s | 0/s | 0 of 1 | — | —")}));

    // New groups go where their name sorts; a selected row follows its group.
    const QPersistentModelIndex selected = model.index(1, Columns::TpmHeadroom); // gamma
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 5);
    fleet.add(QStringLiteral("zeta"), QStringLiteral("z1"), 5);
    poll();
    QCOMPARE(spies.inserted.size(), 2);
    QCOMPARE(spies.inserted.at(0).at(1).toInt(), 1); // beta before gamma
    QCOMPARE(spies.inserted.at(1).at(1).toInt(), 3); // zeta after it
    QCOMPARE(spies.changedCells(), QStringList());   // alpha and gamma did not change
    QCOMPARE(dumpColumn(model, Columns::Group),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma"),
                          QStringLiteral("zeta")}));
    QCOMPARE(selected.row(), 2);
    QCOMPARE(selected.column(), int(Columns::TpmHeadroom));

    // A group that vanished is removed; nothing else moves but the rows after it.
    fleet.remove(QStringLiteral("a1"));
    poll();
    QCOMPARE(spies.removed.size(), 1);
    QCOMPARE(spies.removed.at(0).at(1).toInt(), 0);
    QCOMPARE(spies.inserted.size(), 0);
    QCOMPARE(selected.row(), 1);
    QCOMPARE(selected.data(GroupsTableModel::GroupNameRole).toString(), QStringLiteral("gamma"));
    // beta and zeta got their first rates in this poll.
    QCOMPARE(dumpColumn(model, Columns::RpmHeadroom),
             (QStringList{QStringLiteral("50% OK"), QStringLiteral("50% OK"),
                          QStringLiteral("50% OK")}));

    // gamma speeds up within its level: its row only, from used to time-to-exhaustion (the name
    // did not change). Used is the mean of the last minute (300, 300, 300, 360): 315; the trend
    // through those points rises 3.6 rpm/s, so used reaches 600 in (600 − 315) / 3.6 = 79 s.
    fleet.dep(QStringLiteral("c1")).perSec = 6;
    poll();
    QCOMPARE(spies.changedCells(), QStringList{QStringLiteral("1:1-11")});
    QCOMPARE(dumpModel(model).at(1),
             QStringLiteral("gamma | 315 | 600 | 48% OK | 31,500 | 60,000 | 48% OK | 0/s · 0/s | "
                            "0/s | 0/s | 0 of 1 | in 1 min | —"));

    // A deployment cools down: the cooldown cell of its group changes.
    fleet.dep(QStringLiteral("b1")).coolNext = true;
    poll();
    QVERIFY(spies.covers(0, Columns::DeploymentsInCooldown));
    QCOMPARE(dumpColumn(model, Columns::DeploymentsInCooldown),
             (QStringList{QStringLiteral("1 of 1"), QStringLiteral("0 of 1"),
                          QStringLiteral("0 of 1")}));

    // Everything gone, then back: removes and inserts, still no reset.
    fleet.deps.clear();
    poll();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(spies.removed.size(), 1);
    QVERIFY(!selected.isValid());
    fleet.add(QStringLiteral("omega"), QStringLiteral("o1"), 1);
    poll();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(spies.layout.size(), 0);

    // Switching proxy is the one reset.
    model.clear();
    QCOMPARE(spies.reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void TestGroupsTableModel::unchangedPollEmitsNothing_data()
{
    QTest::addColumn<int>("scenario");
    QTest::newRow("healthy") << 0;
    QTest::newRow("tight and critical") << 1;
    QTest::newRow("exhausted, 429s and fallbacks") << 2;
    QTest::newRow("no limits") << 3;
    QTest::newRow("no /metrics") << 5;
}

void TestGroupsTableModel::unchangedPollEmitsNothing()
{
    QFETCH(int, scenario);
    BoardFleet fleet;
    setUp(fleet, scenario);
    MetricsStore store;
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 3; ++i) {
        fleet.feed(store);
        model.update(store);
    }
    const QStringList before = dumpModel(model);
    Spies spies(&model);
    for (int i = 0; i < 4; ++i) {
        fleet.feed(store);
        model.update(store);
    }
    QCOMPARE(spies.changedCells(), QStringList());
    QCOMPARE(spies.inserted.size(), 0);
    QCOMPARE(spies.removed.size(), 0);
    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(dumpModel(model), before);
}

void TestGroupsTableModel::consecutiveChangedRowsAreOneSignal()
{
    // What keeps a 1,000-group poll cheap: rows changed side by side are one dataChanged (a
    // sorting proxy re-sorts once per signal); an unchanged row splits the run.
    BoardFleet fleet;
    for (const QString &name :
         {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}) {
        fleet.add(name, name + QStringLiteral("1"), 5);
    }
    MetricsStore store;
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 3; ++i) {
        fleet.feed(store);
        model.update(store);
    }
    Spies spies(&model);
    for (const QString &id : {QStringLiteral("a1"), QStringLiteral("b1"), QStringLiteral("d1")}) {
        fleet.dep(id).perSec = 6;
    }
    fleet.feed(store);
    model.update(store);
    QCOMPARE(spies.changedCells(),
             (QStringList{QStringLiteral("0:1-11 (rows 0-1)"), QStringLiteral("3:1-11")}));
    QCOMPARE(spies.layout.size(), 0);
}

void TestGroupsTableModel::fastSortMatchesQVariantOrder_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    for (int c = 0; c < Columns::ColumnCount; ++c) {
        const QByteArray name = GroupsTableModel::staticMetaObject.enumerator(0).valueToKey(c);
        QTest::newRow((name + " ascending").constData()) << c << false;
        QTest::newRow((name + " descending").constData()) << c << true;
    }
}

void TestGroupsTableModel::fastSortMatchesQVariantOrder()
{
    // MergingSortProxy sorts by SortKey without QVariant; the order must be
    // QSortFilterProxyModel's, ties (same value, kept in source order) and unknowns included.
    QFETCH(int, column);
    QFETCH(bool, descending);
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 5);
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 8).rateLimitedPerSec = 1;
    fleet.add(QStringLiteral("delta"), QStringLiteral("d1"), 5);
    fleet.add(QStringLiteral("gamma"), QStringLiteral("c1"), 9.5).tpm = 54'000;
    fleet.add(QStringLiteral("open"), QStringLiteral("o1"), 1).rpm.reset();
    fleet.add(QStringLiteral("zero"), QStringLiteral("z1"), 0);
    fleet.edges[{QStringLiteral("beta"), QStringLiteral("alpha")}] = {2, 0.5};
    MetricsStore store;
    GroupsTableModel model;
    fleet.feed(store, 4);
    model.update(store);
    MergingSortProxy fast;
    QSortFilterProxyModel plain;
    plain.setSortRole(MergingTableModel::SortRole);
    plain.setSortCaseSensitivity(Qt::CaseInsensitive);
    for (QAbstractProxyModel *proxy :
         {static_cast<QAbstractProxyModel *>(&fast), static_cast<QAbstractProxyModel *>(&plain)}) {
        proxy->setSourceModel(&model);
        proxy->sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    }
    QCOMPARE(dumpColumn(fast, Columns::Group), dumpColumn(plain, Columns::Group));
}

void TestGroupsTableModel::sortAndFilterThroughProxy()
{
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 5);            // 50%
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 8);             // 20%
    fleet.add(QStringLiteral("gamma"), QStringLiteral("c1"), 9.5);          // 5%
    fleet.add(QStringLiteral("open"), QStringLiteral("o1"), 1).rpm.reset(); // unknown
    MetricsStore store;
    GroupsTableModel model;
    MergingSortProxy proxy; // what the board uses
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(Columns::Group);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    fleet.feed(store, 3);
    model.update(store);

    // Tightest first; an unknown headroom last.
    proxy.sort(Columns::RpmHeadroom, Qt::AscendingOrder);
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             (QStringList{QStringLiteral("gamma"), QStringLiteral("beta"), QStringLiteral("alpha"),
                          QStringLiteral("open")}));
    // Numbers, not text: 570 > 480 > 300 > 60.
    proxy.sort(Columns::RpmUsed, Qt::DescendingOrder);
    QCOMPARE(dumpColumn(proxy, Columns::RpmUsed),
             (QStringList{QStringLiteral("570"), QStringLiteral("480"), QStringLiteral("300"),
                          QStringLiteral("60")}));

    // The proxy keeps its order while the source merges a poll in which beta runs out.
    proxy.sort(Columns::RpmHeadroom, Qt::AscendingOrder);
    fleet.dep(QStringLiteral("b1")).perSec = 20;
    fleet.feed(store, 12);
    model.update(store);
    QCOMPARE(dumpColumn(proxy, Columns::Group),
             (QStringList{QStringLiteral("beta"), QStringLiteral("gamma"), QStringLiteral("alpha"),
                          QStringLiteral("open")}));
    QCOMPARE(proxy.index(0, Columns::RpmHeadroom).data().toString(),
             QStringLiteral("0% exhausted"));

    proxy.setFilterFixedString(QStringLiteral("ta")); // beta, delta… not gamma
    QCOMPARE(dumpColumn(proxy, Columns::Group), QStringList{QStringLiteral("beta")});
}

void TestGroupsTableModel::timeToExhaustionOnRamp()
{
    BoardFleet fleet;
    auto &ramp = fleet.add(QStringLiteral("ramp"), QStringLiteral("r1"), 1);
    ramp.tpm.reset();
    MetricsStore store;
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QStringList seen;
    // 1, 2, 3 … requests/s: 60, 120, 180 … rpm per poll against a 600 rpm limit.
    for (int i = 0; i < 12; ++i) {
        fleet.feed(store);
        model.update(store);
        seen.append(model.index(0, Columns::TimeToExhaustion).data().toString());
        fleet.dep(QStringLiteral("r1")).perSec += 1;
    }
    // A rate needs two polls and a trend three points. Poll k ≥ 1 charges 60·(k + 1) rpm, so
    // used (the mean of polls 1…k) is 30·(k + 3) and rises 12 rpm a second, like the ramp:
    // (600 − 30·(k + 3)) / 12 s, shown rounded up.
    QCOMPARE(seen, (QStringList{QStringLiteral("—"), QStringLiteral("—"), QStringLiteral("—"),
                                QStringLiteral("in 35 s"), QStringLiteral("in 33 s"),
                                QStringLiteral("in 30 s"), QStringLiteral("in 28 s"),
                                QStringLiteral("in 25 s"), QStringLiteral("in 23 s"),
                                QStringLiteral("in 20 s"), QStringLiteral("in 18 s"),
                                QStringLiteral("in 15 s")}));
    // One reading: 420 of 600 used is 30 % left and not yet "now" (issue #19).
    QCOMPARE(model.index(0, Columns::RpmHeadroom).data().toString(), QStringLiteral("30% tight"));
    // Once the minute's mean passes the limit it is "now": at poll 15 (polls 4…15: 60 · 10.5 =
    // 630); fed up to poll 17.
    for (int i = 12; i < 18; ++i) {
        fleet.feed(store);
        model.update(store);
        fleet.dep(QStringLiteral("r1")).perSec += 1;
    }
    QCOMPARE(model.index(0, Columns::TimeToExhaustion).data().toString(), QStringLiteral("now"));
    QCOMPARE(model.index(0, Columns::RpmHeadroom).data().toString(),
             QStringLiteral("0% exhausted"));
}

void TestGroupsTableModel::attemptsToolTipSaysWhatARequestCost()
{
    // hot: 10 accepted + 2 refused attempts/s; clients ask for 12/s; 3.5 hops/s go to spare.
    // spare: nothing of its own. hot's requests cost 12 / 12 = 1.0 attempt each.
    BoardFleet fleet;
    const int polls = setUp(fleet, 2);
    MetricsStore store;
    fleet.feed(store, polls);
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(store);
    const QString tip = model.index(0, Columns::RpmUsed).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("720 attempts/min, 120 of them refused with 429")),
             qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("(720 from clients and 0 fallback hops in, per minute) "
                                         "cost 1.0 attempts")),
             qPrintable(tip));
    const QString pair =
        model.index(0, Columns::RateLimitedPerSec).data(Qt::ToolTipRole).toString();
    QVERIFY2(pair.contains(QStringLiteral("refused with 429: 2.0/s")), qPrintable(pair));
}

void TestGroupsTableModel::chainColumn()
{
    BoardFleet fleet;
    for (const char *group : {"gpt-4o", "gpt-4o-mini", "claude", "solo"}) {
        fleet.add(QString::fromLatin1(group), QString::fromLatin1(group) + QStringLiteral("-1"), 1);
    }
    MetricsStore store;
    fleet.feed(store, 2);
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(store);
    // Rows by name: claude, gpt-4o, gpt-4o-mini, solo. No chain read yet: "—", and why.
    QCOMPARE(dumpColumn(model, Columns::Chain), QStringList(4, QStringLiteral("—")));
    QVERIFY(model.index(0, Columns::Chain)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("not been read")));

    auto chain = std::make_shared<FallbackChain>();
    chain->fallbacks.fallbacks = {
        {QStringLiteral("gpt-4o"), {QStringLiteral("gpt-4o-mini"), QStringLiteral("claude")}},
        {QStringLiteral("gpt-4o-mini"), {QStringLiteral("claude")}}};
    chain->origin = {ChainOrigin::Kind::ConfigFile, QStringLiteral("/etc/litellm/config.yaml"), {}};
    model.setChain(chain);
    fleet.feed(store);
    model.update(store);
    const QString walk = QStringLiteral("gpt-4o → gpt-4o-mini → claude");
    QCOMPARE(dumpColumn(model, Columns::Chain),
             (QStringList{walk, walk, walk, QStringLiteral("none")}));
    QVERIFY(model.index(1, Columns::Chain)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("/etc/litellm/config.yaml")));

    // A chain that could not be read says so, and names nothing.
    auto refused = std::make_shared<FallbackChain>();
    refused->origin = {ChainOrigin::Kind::ProxyAdmin,
                       QStringLiteral("http://proxy/router/settings"),
                       QStringLiteral("The key may not read the router settings.")};
    model.setChain(refused);
    fleet.feed(store);
    model.update(store);
    QCOMPARE(dumpColumn(model, Columns::Chain), QStringList(4, QStringLiteral("—")));
    QVERIFY(model.index(0, Columns::Chain)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("may not read")));
}

void TestGroupsTableModel::worstGroup_data()
{
    QTest::addColumn<int>("scenario"); // -1: two exhausted groups, one refusing attempts
    QTest::addColumn<int>("polls");
    QTest::addColumn<QString>("worst");
    QTest::addColumn<int>("level");
    QTest::newRow("first poll: nothing known, the first by name")
        << 0 << 1 << QStringLiteral("alpha") << int(HeadroomLevel::Unknown);
    // beta is tight (11 % TPM left), gamma critical (5 %).
    QTest::newRow("critical before tight")
        << 1 << 3 << QStringLiteral("gamma") << int(HeadroomLevel::Critical);
    QTest::newRow("exhausted before OK")
        << 2 << 3 << QStringLiteral("hot") << int(HeadroomLevel::Exhausted);
    // Both exhausted; b's deployment refuses 1 attempt/s (fallbacks hide it from clients).
    QTest::newRow("the storm before a full group")
        << -1 << 3 << QStringLiteral("b") << int(HeadroomLevel::Exhausted);
}

void TestGroupsTableModel::worstGroup()
{
    QFETCH(int, scenario);
    QFETCH(int, polls);
    QFETCH(QString, worst);
    QFETCH(int, level);
    BoardFleet fleet;
    if (scenario >= 0) {
        setUp(fleet, scenario);
    } else {
        fleet.add(QStringLiteral("a"), QStringLiteral("a1"), 10); // 600 of 600 rpm
        auto &b = fleet.add(QStringLiteral("b"), QStringLiteral("b1"), 10);
        b.rateLimitedPerSec = 1;
        b.clientsSee429s = false;
    }
    MetricsStore store;
    fleet.feed(store, polls);
    GroupsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(store);
    HeadroomLevel got = HeadroomLevel::Healthy;
    QCOMPARE(model.worstGroup(&got), worst);
    QCOMPARE(int(got), level);
    QVERIFY(GroupsTableModel().worstGroup().isEmpty());
}

QTEST_GUILESS_MAIN(TestGroupsTableModel)
#include "tst_groupstablemodel.moc"
