// The series the headroom charts plot, without a widget: rolling-minute means, attempts split
// into accepted and refused, the tier a window is read from, and cooldown intervals.

#include "analysis/chartseries.h"
#include "store/metricsstore.h"

#include <QTest>

using namespace headroom;

namespace {

constexpr qint64 kT0 = 1'700'000'100'000; // a whole 5 minutes since the epoch

std::vector<SeriesPoint> series(const QList<qint64> &seconds, const QList<double> &values)
{
    std::vector<SeriesPoint> points;
    for (qsizetype i = 0; i < seconds.size(); ++i) {
        points.push_back({kT0 + seconds[i] * 1000, values[i], values[i], values[i]});
    }
    return points;
}

QList<double> means(const std::vector<SeriesPoint> &points)
{
    QList<double> out;
    for (const SeriesPoint &p : points) {
        out.append(p.mean);
    }
    return out;
}

// One poll of a group with one deployment: the counters given, cooled down `cooldowns` times.
ProxySample poll(int i, double cooldowns)
{
    ProxySample s;
    s.timeMs = kT0 + i * 5000;
    s.metricsAvailable = true;
    DeploymentSample d;
    d.group = QStringLiteral("g");
    d.id = QStringLiteral("d");
    d.rpmLimit = 600;
    d.successTotal = 5.0 * i;
    d.failureTotal = 0;
    d.cooledDownTotal = cooldowns;
    s.deployments = {d};
    GroupSample g;
    g.group = QStringLiteral("g");
    g.deploymentIds = {QStringLiteral("d")};
    g.rpmLimit = 600;
    g.requestsTotal = 5.0 * i;
    s.groups = {g};
    return s;
}

} // namespace

class TestChartSeries : public QObject {
    Q_OBJECT
private slots:
    void trailingMeans_data();
    void trailingMeans();
    void acceptedAttempts_data();
    void acceptedAttempts();
    void tierPerWindow();
    void cooldownIntervalsFromEvents();
};

void TestChartSeries::trailingMeans_data()
{
    QTest::addColumn<QList<qint64>>("times"); // seconds
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<qint64>("fromSeconds");
    QTest::addColumn<QList<double>>("means");
    QTest::newRow("steady") << QList<qint64>{0, 5, 10, 15} << QList<double>{4, 4, 4, 4} << qint64(0)
                            << QList<double>{4, 4, 4, 4};
    // A window of 10 s: each point and the one before it (the one 10 s back is out).
    QTest::newRow("one burst") << QList<qint64>{0, 5, 10, 15, 20} << QList<double>{1, 1, 9, 1, 1}
                               << qint64(0) << QList<double>{1, 1, 5, 5, 1};
    QTest::newRow("a missed poll: fewer points, not zeros")
        << QList<qint64>{0, 5, 15, 20} << QList<double>{2, 4, 6, 8} << qint64(0)
        << QList<double>{2, 3, 6, 7};
    QTest::newRow("points before the window feed it")
        << QList<qint64>{0, 5, 10, 15} << QList<double>{8, 2, 2, 2} << qint64(10)
        << QList<double>{2, 2};
    QTest::newRow("none") << QList<qint64>{} << QList<double>{} << qint64(0) << QList<double>{};
}

void TestChartSeries::trailingMeans()
{
    QFETCH(QList<qint64>, times);
    QFETCH(QList<double>, values);
    QFETCH(qint64, fromSeconds);
    QFETCH(QList<double>, means);
    const auto got =
        headroom::trailingMeans(series(times, values), 10'000, kT0 + fromSeconds * 1000);
    QCOMPARE(::means(got), means);
}

void TestChartSeries::acceptedAttempts_data()
{
    QTest::addColumn<QList<qint64>>("attemptTimes");
    QTest::addColumn<QList<double>>("attempts");
    QTest::addColumn<QList<qint64>>("refusedTimes");
    QTest::addColumn<QList<double>>("refused");
    QTest::addColumn<QList<double>>("accepted");
    // claude-sonnet in the cascade: 2,715 attempts a minute against 300, 2,415 of them refused.
    QTest::newRow("overflow refused")
        << QList<qint64>{0, 5} << QList<double>{2715, 2715} << QList<qint64>{0, 5}
        << QList<double>{2415, 2400} << QList<double>{300, 315};
    QTest::newRow("nothing refused")
        << QList<qint64>{0, 5, 10} << QList<double>{60, 90, 120} << QList<qint64>{0, 5, 10}
        << QList<double>{0, 0, 0} << QList<double>{60, 90, 120};
    // A poll without a refused value (no counter yet) counts as all accepted.
    QTest::newRow("refused missing at a poll")
        << QList<qint64>{0, 5, 10} << QList<double>{100, 100, 100} << QList<qint64>{0, 10}
        << QList<double>{40, 10} << QList<double>{60, 100, 90};
    // Counters read at different instants can say more refused than attempted: never below 0.
    QTest::newRow("never negative") << QList<qint64>{0} << QList<double>{10} << QList<qint64>{0}
                                    << QList<double>{12} << QList<double>{0};
    QTest::newRow("no refused series") << QList<qint64>{0, 5} << QList<double>{7, 8}
                                       << QList<qint64>{} << QList<double>{} << QList<double>{7, 8};
}

void TestChartSeries::acceptedAttempts()
{
    QFETCH(QList<qint64>, attemptTimes);
    QFETCH(QList<double>, attempts);
    QFETCH(QList<qint64>, refusedTimes);
    QFETCH(QList<double>, refused);
    QFETCH(QList<double>, accepted);
    const auto got =
        headroom::acceptedAttempts(series(attemptTimes, attempts), series(refusedTimes, refused));
    QCOMPARE(means(got), accepted);
    QCOMPARE(got.size(), attempts.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].timeMs, kT0 + attemptTimes[qsizetype(i)] * 1000);
    }
}

void TestChartSeries::tierPerWindow()
{
    MetricsStore store;
    // Two hours of 5-s polls.
    for (int i = 0; i <= 1440; ++i) {
        QVERIFY(store.ingest(poll(i, 0)));
    }
    const qint64 now = kT0 + 1440 * 5000;
    // 5 min: 60 polls fit in 720 points. 1 h: the raw tier's 720 polls, one short of the hour,
    // still serve it. 24 h: 1-min buckets would be 1,440 points, so 5-min ones.
    QCOMPARE(chartTier(store, now - 300'000, 300'000, 720), 0);
    QCOMPARE(chartTier(store, now - 3'600'000, 3'600'000, 720), 0);
    QCOMPARE(chartTier(store, now - 86'400'000, 86'400'000, 720), 2);
}

void TestChartSeries::cooldownIntervalsFromEvents()
{
    MetricsStore store;
    // Cooled down once at poll 7; poll 8 sees no new cooldown and ends it.
    for (int i = 0; i <= 12; ++i) {
        QVERIFY(store.ingest(poll(i, i >= 7 ? 1 : 0)));
    }
    const qint64 from = kT0;
    const qint64 to = kT0 + 12 * 5000;
    QCOMPARE(cooldownIntervals(store, QStringLiteral("g"), from, to, 0),
             (QList<TimeInterval>{{kT0 + 7 * 5000, kT0 + 8 * 5000}}));
    // Clipped to the window asked for, and nothing for another group.
    QCOMPARE(cooldownIntervals(store, QStringLiteral("g"), kT0 + 37'500, to, 0),
             (QList<TimeInterval>{{kT0 + 37'500, kT0 + 8 * 5000}}));
    QVERIFY(cooldownIntervals(store, QStringLiteral("h"), from, to, 0).isEmpty());
}

QTEST_APPLESS_MAIN(TestChartSeries)
#include "tst_chartseries.moc"
