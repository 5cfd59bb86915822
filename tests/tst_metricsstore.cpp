// MetricsStore: counters to rates (across a proxy restart), lazy series under a cap, tiers, and
// memory that stays fixed once every series exists.

#include "store/metricsstore.h"

#if defined(__SANITIZE_ADDRESS__)
// From the sanitizer runtime's interface (GCC links it but ships no header for it).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

#include <QTest>

using namespace headroom;

namespace {

constexpr qint64 kT0 = 1'700'000'100'000; // a whole 5 minutes since the epoch

DeploymentSample deployment(const QString &group, const QString &id, double requests = 0)
{
    DeploymentSample d;
    d.group = group;
    d.id = id;
    d.rpmLimit = 600;
    d.tpmLimit = 60'000;
    d.successTotal = requests;
    d.failureTotal = 0;
    d.rateLimitedTotal = 0;
    d.cooledDownTotal = 0;
    d.tokensTotal = requests * 100;
    return d;
}

GroupSample group(const QString &name, const QStringList &ids, double requests = 0)
{
    GroupSample g;
    g.group = name;
    g.deploymentIds = ids;
    g.rpmLimit = 600 * qint64(ids.size());
    g.tpmLimit = 60'000 * qint64(ids.size());
    g.requestsTotal = requests;
    g.rateLimitedTotal = 0;
    return g;
}

// One group "g" with one deployment "d" whose success counter is `requests`.
// Heap bytes in use now, from the allocator (ASan's when sanitised, glibc's otherwise).
std::size_t heapInUse()
{
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#endif
}

ProxySample simple(qint64 timeMs, double requests)
{
    ProxySample s;
    s.timeMs = timeMs;
    s.metricsAvailable = true;
    s.deployments = {deployment(QStringLiteral("g"), QStringLiteral("d"), requests)};
    s.groups = {group(QStringLiteral("g"), {QStringLiteral("d")}, requests)};
    return s;
}

QList<double> means(const std::vector<SeriesPoint> &points)
{
    QList<double> out;
    for (const SeriesPoint &p : points) {
        out.append(p.mean);
    }
    return out;
}

const SeriesKey kDeploymentRequests =
    SeriesKey::deployment(QStringLiteral("d"), Metric::RequestsPerSec);

} // namespace

class TestMetricsStore : public QObject {
    Q_OBJECT
private slots:
    void ratesAcrossCounterReset();
    void refusesOlderSamples();
    void gaugesLimitsAndLatest();
    void groupTokensSumDeployments();
    void groupGaugeUsageWithoutCounters();
    void edgeRates();
    void noCountersNoRateSeries();
    void seriesCapDropsDeploymentsFirst();
    void seriesCapKeepsRoomForGroups();
    void entitiesFollowTheirIdsNotPositions();
    void limitsAreKeptAsSteps();
    void minuteTierMinMaxMean();
    void pointsPickTierByWindow();
    void memoryFixedOnceSeriesExist();
    void staleEntitiesArePruned();
};

void TestMetricsStore::ratesAcrossCounterReset()
{
    MetricsStore store;
    // Counter 100, 150, 200, then the simulator restarts and counts 30, 80.
    // Rates: none, 50/5 = 10, 10, restart: 30/5 = 6 (counted from 0), then 50/5 = 10.
    const QList<double> counter{100, 150, 200, 30, 80};
    for (int i = 0; i < counter.size(); ++i) {
        QVERIFY(store.ingest(simple(kT0 + i * 5000, counter[i])));
    }
    const auto points = store.points(kDeploymentRequests, kT0, kT0 + 60'000);
    QCOMPARE(means(points), (QList<double>{10, 10, 6, 10}));
    QCOMPARE(points.front().timeMs, kT0 + 5000);
    for (const SeriesPoint &p : points) {
        QVERIFY(p.min >= 0);
    }
    // Tokens are 100 × requests: 1000/s, then 600/s across the reset.
    QCOMPARE(means(store.points(SeriesKey::deployment(QStringLiteral("d"), Metric::TokensPerSec),
                                kT0, kT0 + 60'000)),
             (QList<double>{1000, 1000, 600, 1000}));
    // The group's client counter reset the same way.
    QCOMPARE(means(store.points(SeriesKey::group(QStringLiteral("g"), Metric::RequestsPerSec), kT0,
                                kT0 + 60'000)),
             (QList<double>{10, 10, 6, 10}));
    QCOMPARE(store.latest(kDeploymentRequests).value_or(-1), 10.0);
    // One restart, one event (every counter of the sample went down at once).
    int resets = 0;
    for (const Event &e : store.events().events()) {
        resets += e.kind == EventKind::CountersReset ? 1 : 0;
    }
    QCOMPARE(resets, 1);
}

void TestMetricsStore::refusesOlderSamples()
{
    MetricsStore store;
    QVERIFY(store.ingest(simple(kT0 + 5000, 10)));
    QVERIFY(!store.ingest(simple(kT0 + 5000, 20)));
    QVERIFY(!store.ingest(simple(kT0, 20)));
    QCOMPARE(store.clock().sampleCount(), qint64(1));
    QVERIFY(store.ingest(simple(kT0 + 10'000, 20)));
    // The refused samples did not move the baseline: (20 − 10) / 5 s = 2/s.
    QCOMPARE(store.latest(kDeploymentRequests).value_or(-1), 2.0);
}

void TestMetricsStore::gaugesLimitsAndLatest()
{
    MetricsStore store;
    ProxySample s = simple(kT0, 0);
    s.deployments[0].remainingRequests = 450;
    s.deployments[0].remainingTokens = 42'000;
    QVERIFY(store.ingest(s));
    const QString d = QStringLiteral("d");
    QCOMPARE(store.latest(SeriesKey::deployment(d, Metric::RemainingRequests)).value_or(-1), 450.0);
    QCOMPARE(store.latest(SeriesKey::deployment(d, Metric::RemainingTokens)).value_or(-1), 42000.0);
    QCOMPARE(store.latest(SeriesKey::deployment(d, Metric::RpmLimit)).value_or(-1), 600.0);
    QCOMPARE(store.latest(SeriesKey::group(QStringLiteral("g"), Metric::RpmLimit)).value_or(-1),
             600.0);
    // A rate needs two polls.
    QVERIFY(!store.latest(kDeploymentRequests));
    QCOMPARE(store.latestSample().timeMs, kT0);
    QCOMPARE(store.latestSample().deployments.size(), std::size_t(1));
    // Unknown keys.
    QVERIFY(!store.latest(SeriesKey::deployment(QStringLiteral("x"), Metric::RpmLimit)));
    QVERIFY(store.points(SeriesKey::group(QStringLiteral("x"), Metric::RpmLimit), 0, kT0).empty());
}

void TestMetricsStore::groupTokensSumDeployments()
{
    MetricsStore store;
    const auto sample = [](qint64 t, double a, double b) {
        ProxySample s;
        s.timeMs = t;
        s.deployments = {deployment(QStringLiteral("g"), QStringLiteral("a"), a),
                         deployment(QStringLiteral("g"), QStringLiteral("b"), b)};
        s.deployments[0].rateLimitedTotal = a / 10;
        s.groups = {group(QStringLiteral("g"), {QStringLiteral("a"), QStringLiteral("b")})};
        return s;
    };
    QVERIFY(store.ingest(sample(kT0, 0, 0)));
    QVERIFY(store.ingest(sample(kT0 + 10'000, 100, 50)));
    // a: 10 req/s = 1,000 tokens/s; b: 5 req/s = 500 tokens/s. Group: 1,500 tokens/s.
    QCOMPARE(store.latest(SeriesKey::group(QStringLiteral("g"), Metric::TokensPerSec)).value_or(-1),
             1500.0);
    QCOMPARE(store.latest(SeriesKey::group(QStringLiteral("g"), Metric::RpmLimit)).value_or(-1),
             1200.0);
    QCOMPARE(store.latest(SeriesKey::deployment(QStringLiteral("a"), Metric::RateLimitedPerSec))
                 .value_or(-1),
             1.0);
    // Attempts are what the deployments' RPM limits count: 10 + 5 per second.
    QCOMPARE(
        store.latest(SeriesKey::group(QStringLiteral("g"), Metric::AttemptsPerSec)).value_or(-1),
        15.0);
    // What the deployments refused with 429, summed: a's 10 over 10 s, b's none.
    QCOMPARE(store.latest(SeriesKey::group(QStringLiteral("g"), Metric::RefusedAttemptsPerSec))
                 .value_or(-1),
             1.0);
    // With counters, the gauges' coarse usage is not kept.
    QVERIFY(!store.hasSeries(SeriesKey::group(QStringLiteral("g"), Metric::GaugeRequestsUsed)));
}

void TestMetricsStore::groupGaugeUsageWithoutCounters()
{
    // No counters anywhere (no /metrics counters, only LiteLLM's remaining gauges): the group
    // keeps Σ limit − remaining over its deployments, per poll.
    MetricsStore store;
    const auto gauges = [](qint64 t, double remainingA, double remainingB) {
        ProxySample s;
        s.timeMs = t;
        s.metricsAvailable = true;
        for (const auto &[id, remaining] : {std::pair{QStringLiteral("a"), remainingA},
                                            std::pair{QStringLiteral("b"), remainingB}}) {
            DeploymentSample d;
            d.id = id;
            d.group = QStringLiteral("g");
            d.rpmLimit = 600;
            d.tpmLimit = 60'000;
            d.remainingRequests = remaining;
            d.remainingTokens = remaining * 100;
            s.deployments.push_back(d);
        }
        GroupSample g;
        g.group = QStringLiteral("g");
        g.deploymentIds = {QStringLiteral("a"), QStringLiteral("b")};
        g.rpmLimit = 1200;
        g.tpmLimit = 120'000;
        s.groups = {g};
        return s;
    };
    QVERIFY(store.ingest(gauges(kT0, 550, 590)));
    QVERIFY(store.ingest(gauges(kT0 + 5000, 500, 700))); // b above its limit: counts as 0
    const auto used = SeriesKey::group(QStringLiteral("g"), Metric::GaugeRequestsUsed);
    QCOMPARE(means(store.points(used, kT0, kT0 + 5000)), (QList<double>{60, 100}));
    QCOMPARE(
        store.latest(SeriesKey::group(QStringLiteral("g"), Metric::GaugeTokensUsed)).value_or(-1),
        10'000.0);
    QVERIFY(!store.hasSeries(SeriesKey::group(QStringLiteral("g"), Metric::AttemptsPerSec)));
}

void TestMetricsStore::edgeRates()
{
    MetricsStore store;
    for (int i = 0; i < 3; ++i) {
        ProxySample s = simple(kT0 + i * 5000, 0);
        // +10 successful and +5 failed hops every 5 s: 2/s and 1/s.
        s.fallbacks = {{QStringLiteral("g"), QStringLiteral("h"), 10.0 * i, 5.0 * i}};
        QVERIFY(store.ingest(s));
    }
    const auto ok =
        SeriesKey::edge(QStringLiteral("g"), QStringLiteral("h"), Metric::FallbacksPerSec);
    const auto failed =
        SeriesKey::edge(QStringLiteral("g"), QStringLiteral("h"), Metric::FailedFallbacksPerSec);
    QCOMPARE(means(store.points(ok, kT0, kT0 + 10'000)), (QList<double>{2, 2}));
    QCOMPARE(store.latest(failed).value_or(-1), 1.0);
    QVERIFY(!store.hasSeries(
        SeriesKey::edge(QStringLiteral("h"), QStringLiteral("g"), Metric::FallbacksPerSec)));
}

void TestMetricsStore::noCountersNoRateSeries()
{
    // A proxy without /metrics: limits from /model/info only; no counter, no rate series.
    MetricsStore store;
    for (int i = 0; i < 3; ++i) {
        ProxySample s;
        s.timeMs = kT0 + i * 5000;
        DeploymentSample d;
        d.id = QStringLiteral("d");
        d.group = QStringLiteral("g");
        d.rpmLimit = 100;
        s.deployments = {d};
        QVERIFY(store.ingest(s));
    }
    QVERIFY(store.hasSeries(SeriesKey::deployment(QStringLiteral("d"), Metric::RpmLimit)));
    QVERIFY(!store.hasSeries(kDeploymentRequests));
    QVERIFY(!store.hasSeries(SeriesKey::deployment(QStringLiteral("d"), Metric::TpmLimit)));
    QVERIFY(
        !store.hasSeries(SeriesKey::deployment(QStringLiteral("d"), Metric::RemainingRequests)));
    // Limits are kept as the values they changed to: no ring series.
    QCOMPARE(store.seriesCount(), std::size_t(0));
    QCOMPARE(means(store.points(SeriesKey::deployment(QStringLiteral("d"), Metric::RpmLimit), kT0,
                                kT0 + 10'000)),
             (QList<double>{100, 100, 100}));
}

void TestMetricsStore::seriesCapDropsDeploymentsFirst()
{
    MetricsStoreOptions options;
    options.maxSeries = 8;
    MetricsStore store(options);
    for (int i = 0; i < 3; ++i) {
        ProxySample s;
        s.timeMs = kT0 + i * 5000;
        s.deployments = {deployment(QStringLiteral("g"), QStringLiteral("a"), i * 10.0),
                         deployment(QStringLiteral("g"), QStringLiteral("b"), i * 10.0)};
        s.groups = {
            group(QStringLiteral("g"), {QStringLiteral("a"), QStringLiteral("b")}, i * 20.0)};
        QVERIFY(store.ingest(s));
    }
    // Series are made as values first appear, groups before deployments in each sample; limits
    // are no series. Poll 2 brings the rates: g's client requests, attempts, tokens, 429s to
    // clients and refused attempts (5, the room kept for a group), then a's first three rates
    // (8); a's cooldowns and b's four are dropped, each counted once however many polls follow.
    QCOMPARE(store.seriesCount(), std::size_t(8));
    QCOMPARE(store.droppedSeries(), std::size_t(5));
    QVERIFY(store.hasSeries(SeriesKey::deployment(QStringLiteral("a"), Metric::RateLimitedPerSec)));
    QVERIFY(!store.hasSeries(SeriesKey::deployment(QStringLiteral("a"), Metric::CooldownsPerSec)));
    QVERIFY(store.hasSeries(SeriesKey::group(QStringLiteral("g"), Metric::RefusedAttemptsPerSec)));
    QVERIFY(store.hasSeries(SeriesKey::group(QStringLiteral("g"), Metric::RequestsPerSec)));
    QVERIFY(store.hasSeries(SeriesKey::group(QStringLiteral("g"), Metric::AttemptsPerSec)));
    QVERIFY(store.hasSeries(SeriesKey::group(QStringLiteral("g"), Metric::TpmLimit)));
    QVERIFY(!store.hasSeries(SeriesKey::deployment(QStringLiteral("b"), Metric::RequestsPerSec)));
    // A dropped series still has its latest value.
    QCOMPARE(store.latest(SeriesKey::deployment(QStringLiteral("b"), Metric::RequestsPerSec))
                 .value_or(-1),
             2.0);
}

void TestMetricsStore::seriesCapKeepsRoomForGroups()
{
    // The first poll has limits and gauges only: 4 deployments × 2 gauges would fill a cap of 8
    // before any rate exists, and the group's rates of the second poll would find no room. The
    // store keeps 5 series for each group of the sample (2 for each edge) instead.
    MetricsStoreOptions options;
    options.maxSeries = 8;
    MetricsStore store(options);
    const QStringList ids = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                             QStringLiteral("d")};
    for (int i = 0; i < 3; ++i) {
        ProxySample s;
        s.timeMs = kT0 + i * 5000;
        for (const QString &id : ids) {
            s.deployments.push_back(deployment(QStringLiteral("g"), id, i * 10.0));
            s.deployments.back().remainingRequests = 500;
            s.deployments.back().remainingTokens = 50'000;
        }
        s.groups = {group(QStringLiteral("g"), ids, i * 40.0)};
        QVERIFY(store.ingest(s));
    }
    for (const Metric m : {Metric::RequestsPerSec, Metric::AttemptsPerSec, Metric::TokensPerSec,
                           Metric::RateLimitedPerSec, Metric::RefusedAttemptsPerSec,
                           Metric::RpmLimit, Metric::TpmLimit}) {
        QVERIFY2(store.hasSeries(SeriesKey::group(QStringLiteral("g"), m)),
                 qPrintable(metricName(m)));
    }
    QCOMPARE(store.seriesCount(), std::size_t(8));
    QVERIFY(store.droppedSeries() > 0);
}

void TestMetricsStore::entitiesFollowTheirIdsNotPositions()
{
    // The store finds last poll's entity by position first; a reordered, shrunk or grown list
    // must still land every counter on its own deployment.
    MetricsStore store;
    const auto poll = [&](int i, const QList<std::pair<QString, double>> &deps) {
        ProxySample s;
        s.timeMs = kT0 + i * 10'000;
        QStringList ids;
        for (const auto &[id, total] : deps) {
            s.deployments.push_back(deployment(QStringLiteral("g"), id, total));
            ids << id;
        }
        s.groups = {group(QStringLiteral("g"), ids)};
        QVERIFY(store.ingest(s));
    };
    const auto rate = [&](const QString &id) {
        return store.latest(SeriesKey::deployment(id, Metric::RequestsPerSec)).value_or(-1);
    };
    const QString a = QStringLiteral("a");
    const QString b = QStringLiteral("b");
    const QString c = QStringLiteral("c");
    poll(0, {{a, 0}, {b, 0}});
    poll(1, {{b, 20}, {a, 100}}); // swapped: a 10/s, b 2/s
    QCOMPARE(rate(a), 10.0);
    QCOMPARE(rate(b), 2.0);
    poll(2, {{c, 0}, {a, 200}}); // b gone, c new in its place
    QCOMPARE(rate(a), 10.0);
    QCOMPARE(rate(c), -1.0); // first sight: no rate yet
    QCOMPARE(rate(b), -1.0); // not in the latest sample
    poll(3, {{a, 250}, {b, 70}, {c, 30}});
    QCOMPARE(rate(a), 5.0);
    QCOMPARE(rate(b), 2.5); // 50 more over the 20 s since it was last seen
    QCOMPARE(rate(c), 3.0);
}

void TestMetricsStore::limitsAreKeptAsSteps()
{
    // A limit is stored as the values it changed to; points() gives the value in force at each
    // poll, and a step shows where the configuration changed.
    MetricsStore store;
    for (int i = 0; i < 10; ++i) {
        ProxySample s = simple(kT0 + i * 5000, i * 10.0);
        s.deployments[0].rpmLimit = i < 6 ? 600 : 900;
        QVERIFY(store.ingest(s));
    }
    const auto rpm = SeriesKey::deployment(QStringLiteral("d"), Metric::RpmLimit);
    QCOMPARE(means(store.points(rpm, kT0, kT0 + 45'000, 0)),
             (QList<double>{600, 600, 600, 600, 600, 600, 900, 900, 900, 900}));
    QCOMPARE(store.latest(rpm).value_or(-1), 900.0);
    // The analysis's fast read agrees.
    std::vector<float> raw(10);
    store.rawValues(store.find(Scope::Deployment, QStringLiteral("d")), Metric::RpmLimit, 0, raw);
    QCOMPARE(raw.front(), 600.0f);
    QCOMPARE(raw.back(), 900.0f);
    // Only the latest 32 changes are kept: before the oldest kept one there is no value.
    for (int i = 10; i < 50; ++i) {
        ProxySample s = simple(kT0 + i * 5000, i * 10.0);
        s.deployments[0].rpmLimit = 1000 + i;
        QVERIFY(store.ingest(s));
    }
    const auto early = store.points(rpm, kT0, kT0 + 5000 * 17, 0);
    QVERIFY(early.empty());
    QCOMPARE(store.points(rpm, kT0 + 5000 * 18, kT0 + 5000 * 18, 0).at(0).mean, 1018.0);
}

void TestMetricsStore::minuteTierMinMaxMean()
{
    MetricsStore store;
    // Remaining-requests gauge every 5 s for two minutes: 100, except 20 at 10 s and 500 at 40 s
    // of the first minute. That minute's bucket: min 20, max 500, mean (10 × 100 + 20 + 500) / 12
    // = 126.67. The second minute is all 100.
    for (int i = 0; i < 24; ++i) {
        ProxySample s = simple(kT0 + i * 5000, 0);
        s.deployments[0].remainingRequests = i == 2 ? 20 : i == 8 ? 500 : 100;
        QVERIFY(store.ingest(s));
    }
    const auto key = SeriesKey::deployment(QStringLiteral("d"), Metric::RemainingRequests);
    const auto minutes = store.points(key, kT0, kT0 + 120'000, 1);
    QCOMPARE(minutes.size(), std::size_t(2));
    QCOMPARE(minutes[0].timeMs, kT0);
    QCOMPARE(minutes[0].min, 20.0);
    QCOMPARE(minutes[0].max, 500.0);
    QCOMPARE(float(minutes[0].mean), float(1520.0 / 12));
    QCOMPARE(minutes[1].timeMs, kT0 + 60'000);
    QCOMPARE(minutes[1].min, 100.0);
    QCOMPARE(minutes[1].max, 100.0);
    // 5-minute tier: one bucket with all 24 values: (22 × 100 + 520) / 24 = 113.33.
    const auto fives = store.points(key, kT0, kT0 + 120'000, 2);
    QCOMPARE(fives.size(), std::size_t(1));
    QCOMPARE(fives[0].min, 20.0);
    QCOMPARE(fives[0].max, 500.0);
    QCOMPARE(float(fives[0].mean), float(2720.0 / 24));
}

void TestMetricsStore::pointsPickTierByWindow()
{
    MetricsStore store;
    // 2 h of 5-s polls at 1 req/s: the raw tier (720 samples) holds the last hour.
    for (int i = 0; i <= 1440; ++i) {
        QVERIFY(store.ingest(simple(kT0 + i * 5000, i * 5.0)));
    }
    const qint64 now = kT0 + 1440 * 5000;
    const auto lastFive = store.points(kDeploymentRequests, now - 300'000, now);
    QCOMPARE(lastFive.size(), std::size_t(61)); // raw: 300 s / 5 s + 1
    const auto lastHour = store.points(kDeploymentRequests, now - 3'300'000, now);
    QCOMPARE(lastHour.size(), std::size_t(661)); // raw still covers 55 min
    // 90 min: the raw tier no longer reaches; 1-min buckets starting in [now − 90 min, now].
    const auto ninety = store.points(kDeploymentRequests, now - 5'400'000, now);
    QCOMPARE(ninety.size(), std::size_t(91));
    for (const SeriesPoint &p : ninety) {
        QCOMPARE(p.mean, 1.0);
    }
}

// Measured by the allocator, not by the store's own count: once every series exists, a day of
// polls allocates nothing more, and each series stays within the budget the benchmark holds
// the store to (64 MB for 5,000 series: 13.4 KB a series).
void TestMetricsStore::memoryFixedOnceSeriesExist()
{
    const auto fleetAt = [](qint64 timeMs, double requests) {
        ProxySample s;
        s.timeMs = timeMs;
        s.metricsAvailable = true;
        for (int g = 0; g < 100; ++g) {
            const QString name = QStringLiteral("g%1").arg(g);
            QStringList ids;
            for (int d = 0; d < 5; ++d) {
                ids << QStringLiteral("%1-d%2").arg(name).arg(d);
                s.deployments.push_back(deployment(name, ids.last(), requests));
            }
            s.groups.push_back(group(name, ids, requests));
        }
        return s;
    };
    const std::size_t empty = heapInUse();
    {
        MetricsStore store;
        QVERIFY(store.ingest(fleetAt(kT0, 0)));
        QVERIFY(store.ingest(fleetAt(kT0 + 5000, 5)));
        const std::size_t series = store.seriesCount();
        QVERIFY(series >= 500);
        const std::size_t withSeries = heapInUse();
        QVERIFY(withSeries > empty);
        const double perSeries = double(withSeries - empty) / double(series);
        QVERIFY2(perSeries <= 64.0e6 / 5000.0,
                 qPrintable(QStringLiteral("%1 bytes a series").arg(perSeries)));
        for (int i = 2; i < 2000; ++i) {
            QVERIFY(store.ingest(fleetAt(kT0 + i * 5000, i * 5.0)));
        }
        QCOMPARE(store.seriesCount(), series);
        const std::size_t later = heapInUse();
        qInfo("%zu series, %.0f bytes a series, %lld bytes more after 1,998 polls", series,
              perSeries, qint64(later) - qint64(withSeries));
        // The event log is bounded and these polls raise none; allow an allocator's slack.
        QVERIFY2(later <= withSeries + 64 * 1024,
                 qPrintable(QStringLiteral("grew by %1 bytes over 1,998 polls")
                                .arg(qint64(later) - qint64(withSeries))));
    }
}

void TestMetricsStore::staleEntitiesArePruned()
{
    MetricsStore store;
    ProxySample s = simple(kT0, 0);
    s.deployments.push_back(deployment(QStringLiteral("g"), QStringLiteral("old"), 0));
    QVERIFY(store.ingest(s));
    QVERIFY(store.hasSeries(SeriesKey::deployment(QStringLiteral("old"), Metric::RpmLimit)));
    // 25 h later (one poll a minute), "old" has not been seen for longer than the 24-h tier.
    for (int i = 1; i <= 1500; ++i) {
        QVERIFY(store.ingest(simple(kT0 + i * 60'000, i)));
    }
    QVERIFY(!store.hasSeries(SeriesKey::deployment(QStringLiteral("old"), Metric::RpmLimit)));
    QVERIFY(store.hasSeries(SeriesKey::deployment(QStringLiteral("d"), Metric::RpmLimit)));
}

QTEST_APPLESS_MAIN(TestMetricsStore)
#include "tst_metricsstore.moc"
