// Headroom and time to exhaustion: fractions, a linear ramp's exact seconds from the same used
// the headroom reads, none when falling, 0 only when exhausted, and groups as the sum of their
// deployments.

#include "analysis/headroomanalysis.h"

#include <QTest>

using namespace headroom;

namespace {

constexpr qint64 kT0 = 1'700'000'100'000;

DeploymentSample deployment(const QString &id, qint64 rpm, double requests)
{
    DeploymentSample d;
    d.id = id;
    d.group = QStringLiteral("g");
    d.rpmLimit = rpm;
    d.tpmLimit = rpm * 100;
    d.successTotal = requests;
    d.failureTotal = 0;
    d.tokensTotal = requests * 100;
    return d;
}

ProxySample withGroup(qint64 timeMs, std::vector<DeploymentSample> deployments)
{
    ProxySample s;
    s.timeMs = timeMs;
    GroupSample g;
    g.group = QStringLiteral("g");
    for (const DeploymentSample &d : deployments) {
        g.deploymentIds.append(d.id);
        g.rpmLimit = g.rpmLimit.value_or(0) + d.rpmLimit.value_or(0);
    }
    s.deployments = std::move(deployments);
    s.groups = {g};
    return s;
}

std::vector<TrendPoint> line(double start, double perSecond, int n, qint64 stepMs = 5000)
{
    std::vector<TrendPoint> out;
    out.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        out.push_back({kT0 + i * stepMs, start + perSecond * double(i * stepMs) / 1000.0});
    }
    return out;
}

} // namespace

class TestHeadroomAnalysis : public QObject {
    Q_OBJECT
private slots:
    void fractions_data();
    void fractions();
    void timeToExhaustion_data();
    void timeToExhaustion();
    void deploymentRampFromCounters();
    void groupAggregatesDeployments();
    void remainingGaugeWithoutCounters();
    void noLimitNoFraction();
    void attemptsPerRequest_data();
    void attemptsPerRequest();
};

void TestHeadroomAnalysis::fractions_data()
{
    QTest::addColumn<double>("limit");
    QTest::addColumn<double>("used");
    QTest::addColumn<double>("headroom");
    QTest::addColumn<double>("fraction");
    QTest::newRow("idle") << 600.0 << 0.0 << 600.0 << 1.0;
    QTest::newRow("quarter used") << 600.0 << 150.0 << 450.0 << 0.75;
    QTest::newRow("at limit") << 600.0 << 600.0 << 0.0 << 0.0;
    // Over the limit (retries, or a limit lowered mid-minute): clamped, never negative.
    QTest::newRow("over") << 600.0 << 900.0 << 0.0 << 0.0;
    QTest::newRow("zero limit") << 0.0 << 0.0 << 0.0 << 0.0;
}

void TestHeadroomAnalysis::fractions()
{
    QFETCH(double, limit);
    QFETCH(double, used);
    QFETCH(double, headroom);
    QFETCH(double, fraction);
    const Headroom h = makeHeadroom(limit, used, std::nullopt, UsageSource::Counters);
    QCOMPARE(h.headroom.value_or(-1), headroom);
    QCOMPARE(h.fraction.value_or(-1), fraction);
    // Used at or over the limit means exhausted now.
    if (used >= limit) {
        QCOMPARE(h.secondsToExhaustion.value_or(-1), 0.0);
    } else {
        QVERIFY(!h.secondsToExhaustion);
    }
}

void TestHeadroomAnalysis::timeToExhaustion_data()
{
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<int>("points");
    QTest::addColumn<double>("used"); // the minute's mean, what the limit counts
    QTest::addColumn<double>("limit");
    QTest::addColumn<double>("seconds"); // -1 = none
    // 600 + 12/s over 120 s (25 points); from a used of 2,040: (3,000 − 2,040) / 12 = 80 s.
    QTest::newRow("ramp") << 600.0 << 12.0 << 25 << 2040.0 << 3000.0 << 80.0;
    // The minute's mean lags the ramp: from 1,680, (3,000 − 1,680) / 12 = 110 s.
    QTest::newRow("from the minute's mean") << 600.0 << 12.0 << 25 << 1680.0 << 3000.0 << 110.0;
    // 100 + 0.5/s over 60 s, used 130: (1,000 − 130) / 0.5 = 1,740 s.
    QTest::newRow("slow ramp") << 100.0 << 0.5 << 13 << 130.0 << 1000.0 << 1740.0;
    QTest::newRow("falling") << 2000.0 << -5.0 << 25 << 1700.0 << 3000.0 << -1.0;
    QTest::newRow("flat") << 2000.0 << 0.0 << 25 << 2000.0 << 3000.0 << -1.0;
    // Used at or over the limit, even while falling: 0.
    QTest::newRow("exhausted") << 3500.0 << -1.0 << 25 << 3440.0 << 3000.0 << 0.0;
    QTest::newRow("used reaches it") << 0.0 << 25.0 << 25 << 3000.0 << 3000.0 << 0.0;
    // Issue #19: 1,050 used of 1,200 while the trend's fitted last value (900 + 5/s × 120 s =
    // 1,500) is over the limit. Not "now": (1,200 − 1,050) / 5 = 30 s.
    QTest::newRow("13% tight is not now") << 900.0 << 5.0 << 25 << 1050.0 << 1200.0 << 30.0;
    QTest::newRow("too few points") << 600.0 << 12.0 << 2 << 600.0 << 3000.0 << -1.0;
    QTest::newRow("too few points, exhausted") << 600.0 << 12.0 << 2 << 3100.0 << 3000.0 << 0.0;
}

void TestHeadroomAnalysis::timeToExhaustion()
{
    QFETCH(double, start);
    QFETCH(double, perSecond);
    QFETCH(int, points);
    QFETCH(double, used);
    QFETCH(double, limit);
    QFETCH(double, seconds);
    const auto tte = headroom::timeToExhaustion(line(start, perSecond, points), used, limit, 3);
    if (seconds < 0) {
        QVERIFY(!tte);
    } else {
        QVERIFY(tte);
        QCOMPARE(*tte, seconds);
    }
}

void TestHeadroomAnalysis::deploymentRampFromCounters()
{
    MetricsStore store;
    // Poll i every 5 s; the counter grows by 5·i over poll i's interval, so the rate stored at
    // poll i is exactly i req/s = 60·i RPM: a ramp of 12 RPM a second.
    double total = 0;
    for (int i = 0; i <= 40; ++i) {
        total += 5.0 * i;
        QVERIFY(store.ingest(
            withGroup(kT0 + i * 5000, {deployment(QStringLiteral("d"), 3000, total)})));
    }
    const EntityHeadroom h = deploymentHeadroom(store, QStringLiteral("d"));
    QCOMPARE(h.group, QStringLiteral("g"));
    QCOMPARE(h.rpm.source, UsageSource::Counters);
    QCOMPARE(h.rpm.limit.value_or(-1), 3000.0);
    // Used: mean over the last minute, polls 29…40: 60 · 34.5 = 2,070 RPM.
    QCOMPARE(h.rpm.used.value_or(-1), 2070.0);
    QCOMPARE(h.rpm.headroom.value_or(-1), 930.0);
    QCOMPARE(h.rpm.fraction.value_or(-1), 0.31);
    // Trend over the last 2 min (polls 16…40) is the line itself, +12/s; the minute's mean
    // rises at that slope from 2,070: (3,000 − 2,070) / 12 = 77.5 s (not 50 s from the line's
    // 2,400, a reading the headroom beside it does not use).
    QCOMPARE(h.rpm.secondsToExhaustion.value_or(-1), 77.5);
    // Tokens are 100 per request against a TPM of 300,000: the same shape, ×100.
    QCOMPARE(h.tpm.used.value_or(-1), 207000.0);
    QCOMPARE(h.tpm.secondsToExhaustion.value_or(-1), 77.5);
}

void TestHeadroomAnalysis::groupAggregatesDeployments()
{
    MetricsStore store;
    // a: 5 req/s (300 RPM) of 600; b: 10 req/s (600 RPM) of 1,200. Group: 900 of 1,800.
    for (int i = 0; i <= 30; ++i) {
        QVERIFY(store.ingest(
            withGroup(kT0 + i * 5000, {deployment(QStringLiteral("a"), 600, 25.0 * i),
                                       deployment(QStringLiteral("b"), 1200, 50.0 * i)})));
    }
    const EntityHeadroom g = groupHeadroom(store, QStringLiteral("g"));
    QCOMPARE(g.rpm.source, UsageSource::Counters);
    QCOMPARE(g.rpm.limit.value_or(-1), 1800.0);
    QCOMPARE(g.rpm.used.value_or(-1), 900.0);
    QCOMPARE(g.rpm.headroom.value_or(-1), 900.0);
    QCOMPARE(g.rpm.fraction.value_or(-1), 0.5);
    QVERIFY(!g.rpm.secondsToExhaustion); // flat
    const auto all = deploymentHeadrooms(store);
    QCOMPARE(all.size(), std::size_t(2));
    QCOMPARE(all[0].name, QStringLiteral("a"));
    QCOMPARE(all[0].rpm.fraction.value_or(-1), 0.5);
    QCOMPARE(all[1].rpm.used.value_or(-1), 600.0);
    QCOMPARE(groupHeadrooms(store).size(), std::size_t(1));
}

void TestHeadroomAnalysis::remainingGaugeWithoutCounters()
{
    MetricsStore store;
    // No /metrics counters, only the gauge: 200 of 600 requests left this minute → 400 used.
    for (int i = 0; i < 3; ++i) {
        DeploymentSample d;
        d.id = QStringLiteral("d");
        d.group = QStringLiteral("g");
        d.rpmLimit = 600;
        d.remainingRequests = 400 - 100 * i; // 400, 300, 200
        QVERIFY(store.ingest(withGroup(kT0 + i * 5000, {d})));
    }
    const EntityHeadroom h = deploymentHeadroom(store, QStringLiteral("d"));
    QCOMPARE(h.rpm.source, UsageSource::RemainingGauge);
    QCOMPARE(h.rpm.used.value_or(-1), 400.0);
    QCOMPARE(h.rpm.headroom.value_or(-1), 200.0);
    QCOMPARE(h.rpm.fraction.value_or(-1), 1.0 / 3);
    // Used 200, 300, 400 at 0, 5, 10 s: +20/s; (600 − 400) / 20 = 10 s.
    QCOMPARE(h.rpm.secondsToExhaustion.value_or(-1), 10.0);
    const EntityHeadroom g = groupHeadroom(store, QStringLiteral("g"));
    QCOMPARE(g.rpm.source, UsageSource::RemainingGauge);
    QCOMPARE(g.rpm.used.value_or(-1), 400.0);
    // No TPM limit, no token gauge: nothing known.
    QCOMPARE(h.tpm.source, UsageSource::None);
    QVERIFY(!h.tpm.fraction);
}

void TestHeadroomAnalysis::noLimitNoFraction()
{
    MetricsStore store;
    for (int i = 0; i < 3; ++i) {
        DeploymentSample d = deployment(QStringLiteral("d"), 0, 10.0 * i);
        d.rpmLimit.reset();
        d.tpmLimit.reset();
        ProxySample s = withGroup(kT0 + i * 5000, {d});
        s.groups[0].rpmLimit.reset();
        QVERIFY(store.ingest(s));
    }
    const EntityHeadroom h = deploymentHeadroom(store, QStringLiteral("d"));
    QCOMPARE(h.rpm.used.value_or(-1), 120.0); // 2 req/s
    QVERIFY(!h.rpm.limit);
    QVERIFY(!h.rpm.headroom);
    QVERIFY(!h.rpm.fraction);
    QVERIFY(!h.rpm.secondsToExhaustion);
    QVERIFY(!groupHeadroom(store, QStringLiteral("g")).rpm.fraction);
}

void TestHeadroomAnalysis::attemptsPerRequest_data()
{
    QTest::addColumn<double>("attempts"); // per second; negative = unknown
    QTest::addColumn<double>("clients");
    QTest::addColumn<double>("fallbacksIn");
    QTest::addColumn<double>("perRequest"); // -1 = none
    QTest::newRow("no retries") << 10.0 << 10.0 << 0.0 << 1.0;
    // num_retries 2 on an exhausted group: every request is tried three times.
    QTest::newRow("retries") << 30.0 << 10.0 << 0.0 << 3.0;
    // claude-sonnet in the cascade: no clients of its own, 80 hops/s in, 45.25 attempts/s.
    QTest::newRow("fallback hops only") << 45.25 << 0.0 << 80.0 << 45.25 / 80.0;
    QTest::newRow("clients and hops") << 60.0 << 5.0 << 15.0 << 3.0;
    QTest::newRow("idle") << 0.0 << 0.0 << 0.0 << -1.0;
    QTest::newRow("attempts unknown") << -1.0 << 5.0 << 0.0 << -1.0;
    QTest::newRow("requests unknown") << 5.0 << -1.0 << -1.0 << -1.0;
    QTest::newRow("hops unknown") << 12.0 << 4.0 << -1.0 << 3.0;
}

void TestHeadroomAnalysis::attemptsPerRequest()
{
    QFETCH(double, attempts);
    QFETCH(double, clients);
    QFETCH(double, fallbacksIn);
    QFETCH(double, perRequest);
    const auto known = [](double v) {
        return v < 0 ? std::nullopt : std::optional<double>(v);
    };
    const auto got =
        headroom::attemptsPerRequest(known(attempts), known(clients), known(fallbacksIn));
    QCOMPARE(got.value_or(-1), perRequest);
}

QTEST_APPLESS_MAIN(TestHeadroomAnalysis)
#include "tst_headroomanalysis.moc"
