// DeploymentsModel: one group's deployments with limits, usage, headroom, 429s, cooldown and
// health; merged in place every poll under QAbstractItemModelTester, reset only on another group.

#include "boardfleet.h"
#include "itemmodels/deploymentsmodel.h"
#include "modeldump.h"

#include <cmath>
#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::test;

namespace {

using Columns = DeploymentsModel::Column;
constexpr auto kQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

HealthEndpoint endpoint(const QString &id, const QString &error = {})
{
    HealthEndpoint e;
    e.modelId = id;
    e.error = error;
    return e;
}

// alpha: a1 healthy at 5/s; a2 at 8/s with a TPM limit of 54,000 and 2 429s/s. beta elsewhere.
void setUp(BoardFleet &fleet)
{
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 5);
    auto &a2 = fleet.add(QStringLiteral("alpha"), QStringLiteral("a2"), 8);
    a2.tpm = 54'000;
    a2.rateLimitedPerSec = 2;
    a2.state = 1;
    fleet.add(QStringLiteral("beta"), QStringLiteral("b1"), 1);
}

} // namespace

class TestDeploymentsModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void display_data();
    void display();
    void mergeInPlace();
    void otherGroupsDoNotTouchIt();
    void cooldownRemainingCountsDown();
    void cooldownTimeFromTheProxyIsChecked_data();
    void cooldownTimeFromTheProxyIsChecked();
};

void TestDeploymentsModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDeploymentsModel::display_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("counters")
        << 0
        << QStringList{QStringLiteral("a1 | openai | https://a1.example | fp-alpha | 600 | "
                                      "60,000 | 300 | 30,000 | 50% OK (RPM) | 0/s | — | healthy"),
                       QStringLiteral("a2 | openai | https://a2.example | fp-alpha | 600 | "
                                      "54,000 | 600 | 48,000 | 0% exhausted (RPM) | 2.0/s | "
                                      "≤ 5 s left | partial outage")};
    QTest::newRow("/health checks")
        << 1
        << QStringList{
               QStringLiteral("a1 | openai | https://a1.example | fp-alpha | 600 | 60,000 | "
                              "300 | 30,000 | 50% OK (RPM) | 0/s | — | healthy, check "
                              "passed"),
               QStringLiteral("a2 | openai | https://a2.example | fp-alpha | 600 | 54,000 | "
                              "600 | 48,000 | 0% exhausted (RPM) | 2.0/s | ≤ 5 s left | "
                              "partial outage, check failed")};
    QTest::newRow("no /metrics, no state")
        << 2
        << QStringList{
               QStringLiteral("a1 | openai | https://a1.example | fp-alpha | 600 | 60,000 | "
                              "— | — | — | — | — | —"),
               QStringLiteral("a2 | openai | https://a2.example | fp-alpha | 600 | 54,000 | "
                              "— | — | — | — | — | —")};
}

void TestDeploymentsModel::display()
{
    QFETCH(int, scenario);
    QFETCH(QStringList, expected);

    BoardFleet fleet;
    setUp(fleet);
    if (scenario == 1) {
        HealthReport report;
        report.healthy = {endpoint(QStringLiteral("a1"))};
        report.unhealthy = {endpoint(QStringLiteral("a2"), QStringLiteral("RateLimitError"))};
        fleet.health = report;
    }
    if (scenario == 2) {
        fleet.metrics = false;
        for (auto &d : fleet.deps) {
            d.state.reset();
        }
    }
    MetricsStore store;
    DeploymentsModel model;
    QAbstractItemModelTester tester(&model, kQtTest);
    model.setGroup(QStringLiteral("alpha"));
    for (int i = 0; i < 3; ++i) {
        if (i == 2) {
            fleet.dep(QStringLiteral("a2")).coolNext = true;
        }
        fleet.feed(store);
        model.update(store);
    }
    QCOMPARE(dumpModel(model), expected);
    if (scenario == 1) {
        QVERIFY(model.index(1, Columns::Health)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("RateLimitError")));
    }
    QCOMPARE(model.index(0, Columns::Deployment).data(DeploymentsModel::DeploymentIdRole),
             QVariant(QStringLiteral("a1")));
}

void TestDeploymentsModel::mergeInPlace()
{
    BoardFleet fleet;
    setUp(fleet);
    MetricsStore store;
    fleet.feed(store, 3);
    DeploymentsModel model;
    QAbstractItemModelTester tester(&model, kQtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Choosing a group is a new list: one reset, straight to its rows.
    model.setGroup(QStringLiteral("alpha"), store);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(dumpColumn(model, Columns::Deployment),
             (QStringList{QStringLiteral("a1"), QStringLiteral("a2")}));
    const QPersistentModelIndex selected = model.index(1, Columns::Headroom); // a2

    // A new deployment sorts in; the old rows do not change.
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a0"), 1);
    fleet.feed(store);
    model.update(store);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(selected.row(), 2);

    // a0's first rate, then a1 leaves the group.
    changed.clear();
    fleet.remove(QStringLiteral("a1"));
    fleet.feed(store);
    model.update(store);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(selected.row(), 1);
    QCOMPARE(dumpModel(model).at(0),
             QStringLiteral("a0 | openai | https://a0.example | fp-alpha | 600 | 60,000 | 60 | "
                            "6,000 | 90% OK (RPM) | 0/s | — | healthy"));

    // The state gauge goes to outage: exactly the Health cell of a2.
    changed.clear();
    fleet.dep(QStringLiteral("a2")).state = 2;
    fleet.feed(store);
    model.update(store);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(1, Columns::Health));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(1, Columns::Health));
    QCOMPARE(selected.data().toString(), QStringLiteral("0% exhausted (RPM)"));

    // Nothing changed: nothing emitted, and never a reset during polls.
    changed.clear();
    inserted.clear();
    removed.clear();
    fleet.feed(store, 2);
    model.update(store);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(reset.size(), 1);

    // Another group: a reset; the same group again: a plain update.
    model.setGroup(QStringLiteral("beta"), store);
    QCOMPARE(reset.size(), 2);
    QVERIFY(!selected.isValid());
    QCOMPARE(dumpColumn(model, Columns::Deployment), QStringList{QStringLiteral("b1")});
    model.setGroup(QStringLiteral("beta"), store);
    QCOMPARE(reset.size(), 2);
    model.setGroup(QString());
    QCOMPARE(model.rowCount(), 0);
}

void TestDeploymentsModel::otherGroupsDoNotTouchIt()
{
    BoardFleet fleet;
    setUp(fleet);
    MetricsStore store;
    fleet.feed(store, 3);
    DeploymentsModel model;
    QAbstractItemModelTester tester(&model, kQtTest);
    model.setGroup(QStringLiteral("beta"), store);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    fleet.dep(QStringLiteral("a1")).perSec = 9;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a9"), 1);
    fleet.feed(store, 2);
    model.update(store);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    // The group vanishing empties the list, row by row.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    fleet.remove(QStringLiteral("b1"));
    fleet.feed(store);
    model.update(store);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestDeploymentsModel)
void TestDeploymentsModel::cooldownRemainingCountsDown()
{
    // A deployment with cooldown_time 20 s, cooled down once: the cell counts down from the poll
    // that saw it (an upper bound: LiteLLM does not expose the remaining time), then clears.
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 1).cooldownSeconds = 20;
    MetricsStore store;
    DeploymentsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setGroup(QStringLiteral("alpha"));
    const auto cooldownText = [&] {
        return model.index(0, DeploymentsModel::Cooldown).data().toString();
    };
    fleet.feed(store);
    fleet.feed(store);
    model.update(store);
    QCOMPARE(cooldownText(), QStringLiteral("—"));
    fleet.dep(QStringLiteral("a1")).coolNext = true;
    QStringList seen;
    for (int i = 0; i < 6; ++i) {
        fleet.feed(store);
        model.update(store);
        seen << cooldownText();
    }
    QCOMPARE(seen, (QStringList{QStringLiteral("≤ 20 s left"), QStringLiteral("≤ 15 s left"),
                                QStringLiteral("≤ 10 s left"), QStringLiteral("≤ 5 s left"),
                                QStringLiteral("—"), QStringLiteral("—")}));
    fleet.dep(QStringLiteral("a1")).coolNext = true;
    fleet.feed(store);
    model.update(store);
    QVERIFY(model.index(0, DeploymentsModel::Cooldown)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("its cooldown_time, 20 s")));
}

void TestDeploymentsModel::cooldownTimeFromTheProxyIsChecked_data()
{
    // cooldown_time comes from /model/info: what a hostile or broken proxy sends must neither
    // overflow (1e300 s as milliseconds) nor make a cooldown end before it began.
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("said");
    QTest::newRow("huge") << 1e300 << QStringLiteral("≤ 24 h left")
                          << QStringLiteral("its cooldown_time, 24 h");
    QTest::newRow("negative") << -30.0 << QStringLiteral("≤ 5 s left")
                              << QStringLiteral("default cooldown_time, 5 s");
    QTest::newRow("not a number") << std::nan("") << QStringLiteral("≤ 5 s left")
                                  << QStringLiteral("default cooldown_time, 5 s");
    QTest::newRow("zero") << 0.0 << QStringLiteral("ending")
                          << QStringLiteral("its cooldown_time, 0 s");
}

void TestDeploymentsModel::cooldownTimeFromTheProxyIsChecked()
{
    QFETCH(double, seconds);
    QFETCH(QString, shown);
    QFETCH(QString, said);
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 1).cooldownSeconds = seconds;
    MetricsStore store;
    DeploymentsModel model;
    model.setGroup(QStringLiteral("alpha"));
    fleet.feed(store);
    fleet.dep(QStringLiteral("a1")).coolNext = true;
    fleet.feed(store);
    model.update(store);
    const QModelIndex cell = model.index(0, DeploymentsModel::Cooldown);
    QCOMPARE(cell.data().toString(), shown);
    QVERIFY2(cell.data(Qt::ToolTipRole).toString().contains(said),
             qPrintable(cell.data(Qt::ToolTipRole).toString()));
}

#include "tst_deploymentsmodel.moc"
