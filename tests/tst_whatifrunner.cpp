// WhatIfRunner: the what-if off the UI thread, debounced, re-run when the desired chain changes,
// its result in two item models under QAbstractItemModelTester. The store holds 16 minutes of
// 5-s polls of A asking 15 rps of a 600-rpm deployment; B (600 rpm) is idle. Replayed over the
// last 15 minutes from the top of a minute, A refuses 300 a minute with no fallback: 4,500 429s;
// with A → B, B takes them all: none (tst_whatif works the same case by hand).

#include "whatifrunner.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;

namespace {

constexpr auto kQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;
const QString A = QStringLiteral("A");
const QString B = QStringLiteral("B");
const QString C = QStringLiteral("C");

void fill(MetricsStore &store)
{
    constexpr qint64 kMinute = 1'700'000'040'000; // a multiple of 60,000 ms
    double requests = 0;
    for (int i = 0; i <= 192; ++i) {
        requests += i > 0 ? 15 * 5 : 0;
        ProxySample s;
        s.proxy = QStringLiteral("http://p");
        s.pollId = quint64(i) + 1;
        s.timeMs = kMinute + qint64(i) * 5000;
        s.metricsAvailable = true;
        for (const QString &group : {A, B, C}) {
            DeploymentSample d;
            d.id = group.toLower();
            d.group = group;
            d.provider = QStringLiteral("openai");
            d.rpmLimit = group == C ? 120 : 600;
            d.tpmLimit = 100'000'000;
            s.deployments.push_back(d);
        }
        GroupSample g;
        g.group = A;
        g.deploymentIds = {QStringLiteral("a")};
        g.requestsTotal = requests;
        g.failedTotal = 0;
        g.rateLimitedTotal = 0;
        s.groups = {g};
        QVERIFY(store.ingest(s));
    }
}

FallbackChain chainTo(const QStringList &targets)
{
    FallbackChain c;
    if (!targets.isEmpty()) {
        c.fallbacks.fallbacks = {{A, targets}};
    }
    c.settings.numRetries = 0;
    c.settings.disableCooldowns = true;
    return c;
}

std::shared_ptr<const WhatIfResult> resultOf(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<std::shared_ptr<const WhatIfResult>>();
}

} // namespace

class TestWhatIfRunner : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void comparesOffTheUiThread();
    void debouncesEdits();
    void sameDesiredDoesNotRerun();
    void latestInputWins();

private:
    MetricsStore m_store;
};

void TestWhatIfRunner::initTestCase()
{
    qRegisterMetaType<std::shared_ptr<const WhatIfResult>>();
    fill(m_store);
}

void TestWhatIfRunner::comparesOffTheUiThread()
{
    WhatIfRunner runner(m_store);
    QAbstractItemModelTester groupsTester(runner.groupsModel(), kQtTest);
    QAbstractItemModelTester edgesTester(runner.edgesModel(), kQtTest);
    QSignalSpy ready(&runner, &WhatIfRunner::resultReady);
    runner.compare(chainTo({}), chainTo({B}));
    QVERIFY(runner.busy());
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.size(), 1);
    const auto r = resultOf(ready, 0);
    QVERIFY(r);
    QCOMPARE(runner.result(), r);
    QVERIFY2(std::abs(r->live429 - 4500) < 0.5, qPrintable(QString::number(r->live429)));
    QVERIFY2(std::abs(r->desired429) < 0.5, qPrintable(QString::number(r->desired429)));

    WhatIfGroupsModel *groups = runner.groupsModel();
    QCOMPARE(groups->rowCount(), 3);
    const int a = groups->rowOfKey(A);
    QVERIFY(a >= 0);
    const auto sortOf = [&](int row, int column) {
        return groups->data(groups->index(row, column), MergingTableModel::SortRole).toDouble();
    };
    QCOMPARE(sortOf(a, WhatIfGroupsModel::Live429), 4500.0);
    QCOMPARE(sortOf(a, WhatIfGroupsModel::Desired429), 0.0);
    QCOMPARE(sortOf(a, WhatIfGroupsModel::Change429), -4500.0);
    QCOMPARE(sortOf(a, WhatIfGroupsModel::Confidence), 1.0);
    // B never saturates: "never", and it sorts after any time.
    const int b = groups->rowOfKey(B);
    QCOMPARE(groups->data(groups->index(b, WhatIfGroupsModel::DesiredSaturates)).toString(),
             QStringLiteral("never"));
    QVERIFY(groups->data(groups->index(a, WhatIfGroupsModel::LiveSaturates))
                .toString()
                .startsWith(QStringLiteral("at 40 s")));
    WhatIfEdgesModel *edges = runner.edgesModel();
    QCOMPARE(edges->rowCount(), 1);
    QCOMPARE(edges->data(edges->index(0, WhatIfEdgesModel::To)).toString(), B);
    QCOMPARE(
        edges->data(edges->index(0, WhatIfEdgesModel::DesiredRequests), MergingTableModel::SortRole)
            .toDouble(),
        4500.0);
}

void TestWhatIfRunner::debouncesEdits()
{
    WhatIfRunner runner(m_store);
    QAbstractItemModelTester groupsTester(runner.groupsModel(), kQtTest);
    runner.setDebounceMs(100);
    QSignalSpy ready(&runner, &WhatIfRunner::resultReady);
    runner.compare(chainTo({}), chainTo({B}));
    // Five quick edits ending on A → C (120 rpm, idle: takes 120 of the 300 a minute, so
    // 180 · 15 = 2,700 429s remain): one run, with the last.
    for (const QString &target : {B, C, B, B, C}) {
        runner.setDesired(chainTo({target}));
    }
    QVERIFY(ready.wait(10000));
    QTest::qWait(300); // nothing else comes
    QCOMPARE(ready.size(), 1);
    QCOMPARE(runner.runs(), 1);
    const auto r = resultOf(ready, 0);
    QVERIFY2(std::abs(r->desired429 - 2700) < 0.5, qPrintable(QString::number(r->desired429)));
    // The edit moves the models in place: the A → B row goes, A → C comes.
    QCOMPARE(runner.edgesModel()->rowCount(), 1);
    QCOMPARE(runner.edgesModel()->keyAt(0), QStringLiteral("A → C"));
}

void TestWhatIfRunner::sameDesiredDoesNotRerun()
{
    WhatIfRunner runner(m_store);
    runner.setDebounceMs(20);
    QSignalSpy ready(&runner, &WhatIfRunner::resultReady);
    runner.setDesired(chainTo({B})); // no live chain yet: nothing to compare
    QTest::qWait(100);
    QCOMPARE(ready.size(), 0);
    runner.compare(chainTo({}), chainTo({B}));
    QVERIFY(ready.wait(10000));
    runner.setDesired(chainTo({B}));
    QTest::qWait(200);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(runner.runs(), 1);
    runner.refresh(); // new demand: a run, though the chains are the same
    QVERIFY(ready.wait(10000));
    QCOMPARE(runner.runs(), 2);
}

void TestWhatIfRunner::latestInputWins()
{
    // An edit that arrives while a replay runs makes that replay's result stale: whether or not
    // it was still running, the last result out is the latest chain's.
    WhatIfRunner runner(m_store);
    runner.setDebounceMs(0);
    QSignalSpy ready(&runner, &WhatIfRunner::resultReady);
    runner.compare(chainTo({}), chainTo({B}));
    QTRY_COMPARE(runner.runs(), 1);
    runner.setDesired(chainTo({C}));
    QTRY_VERIFY(!runner.busy());
    QVERIFY(!ready.isEmpty());
    QCOMPARE(runner.runs(), 2);
    QCOMPARE(ready.size() + runner.dropped(), 2);
    QVERIFY(std::abs(resultOf(ready, ready.size() - 1)->desired429 - 2700) < 0.5);
    QCOMPARE(runner.result(), resultOf(ready, ready.size() - 1));
}

QTEST_GUILESS_MAIN(TestWhatIfRunner)
#include "tst_whatifrunner.moc"
