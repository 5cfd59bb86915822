// RingSeries, SeriesClock and CounterRate: the fixed-memory rings under MetricsStore.

#include "store/counterrate.h"
#include "store/ringseries.h"
#include "store/seriesclock.h"
#include "store/seriespool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <QTest>

using namespace headroom;

namespace {
const std::vector<TierSpec> kRawOnly{{0, 4}};
// Raw × 8, 10-s buckets × 4.
const std::vector<TierSpec> kTwoTiers{{0, 8}, {10'000, 4}};
} // namespace

class TestRingSeries : public QObject {
    Q_OBJECT
private slots:
    void rawRingWrapsAndKeepsGaps();
    void rawValuesReadAWindowLikeAt();
    void olderSlotsAndNonFiniteValuesAreIgnored();
    void bucketMinMaxMean_data();
    void bucketMinMaxMean();
    void memoryIsFixedAtConstruction();
    void poolMakesNeighboursAndReusesPlaces();
    void clockRefusesTimeGoingBack();
    void clockSlotsBetween();
    void clockPicksFinestCoveringTier();
    void counterRate_data();
    void counterRate();
};

void TestRingSeries::rawRingWrapsAndKeepsGaps()
{
    RingSeries s(kRawOnly);
    QCOMPARE(s.head(0), qint64(-1));
    QVERIFY(!s.at(0, 0));
    for (qint64 i = 0; i < 6; ++i) {
        const qint64 slot[] = {i};
        QVERIFY(s.add(slot, 10.0 + double(i)));
    }
    // Capacity 4: slots 2…5 retained, 0 and 1 overwritten.
    QVERIFY(!s.at(0, 0));
    QVERIFY(!s.at(0, 1));
    QCOMPARE(s.at(0, 2)->mean, 12.0f);
    QCOMPARE(s.at(0, 5)->min, 15.0f);
    QCOMPARE(s.at(0, 5)->max, 15.0f);
    QVERIFY(!s.at(0, 6)); // not written yet
    // Skip slots 6 and 7: they become gaps, not the stale values 2 and 3 that shared their cells.
    const qint64 slot8[] = {8};
    QVERIFY(s.add(slot8, 18.0));
    QVERIFY(!s.at(0, 6));
    QVERIFY(!s.at(0, 7));
    QCOMPARE(s.at(0, 8)->mean, 18.0f);
    QCOMPARE(s.at(0, 5)->mean, 15.0f);
    // A jump over more than a whole ring leaves only the new value.
    const qint64 slot100[] = {100};
    QVERIFY(s.add(slot100, 1.0));
    for (qint64 i = 97; i < 100; ++i) {
        QVERIFY(!s.at(0, i));
    }
    QCOMPARE(s.at(0, 100)->mean, 1.0f);
}

void TestRingSeries::rawValuesReadAWindowLikeAt()
{
    // The analysis's fast read must agree with at() on every slot: retained, overwritten,
    // skipped (a gap), and not written yet.
    RingSeries s(kTwoTiers);
    for (const qint64 i : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12}) { // 10 skipped
        const qint64 at[] = {i, i / 2};
        QVERIFY(s.add(at, double(i) * 1.5));
    }
    std::vector<float> window(16);
    s.rawValues(0, -2, window);
    for (qint64 i = 0; i < qint64(window.size()); ++i) {
        const auto expected = s.at(0, i - 2);
        QVERIFY2(expected ? window[std::size_t(i)] == expected->mean
                          : std::isnan(window[std::size_t(i)]),
                 qPrintable(QStringLiteral("slot %1").arg(i - 2)));
    }
    QCOMPARE(window[std::size_t(12 - -2)], 18.0f);
    QVERIFY(std::isnan(window[std::size_t(10 - -2)])); // the gap
    QVERIFY(std::isnan(window[std::size_t(4 - -2)]));  // overwritten (capacity 8)
    // Only a raw tier can be read this way.
    s.rawValues(1, 0, window);
    QVERIFY(std::all_of(window.begin(), window.end(), [](float v) { return std::isnan(v); }));
}

void TestRingSeries::olderSlotsAndNonFiniteValuesAreIgnored()
{
    RingSeries s(kRawOnly);
    const qint64 five[] = {5};
    const qint64 four[] = {4};
    QVERIFY(s.add(five, 1.0));
    QVERIFY(!s.add(four, 2.0));
    QVERIFY(!s.at(0, 4));
    QVERIFY(!s.add(five, std::numeric_limits<double>::quiet_NaN()));
    QVERIFY(!s.add(five, std::numeric_limits<double>::infinity()));
    QCOMPARE(s.at(0, 5)->mean, 1.0f);
}

void TestRingSeries::bucketMinMaxMean_data()
{
    QTest::addColumn<QList<double>>("values"); // all in one 10-s bucket
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("mean");
    QTest::newRow("one") << QList<double>{7} << 7.0 << 7.0 << 7.0;
    // (1 + 9 + 5) / 3 = 5
    QTest::newRow("spike") << QList<double>{1, 9, 5} << 1.0 << 9.0 << 5.0;
    // (100 + 100 + 20 + 500) / 4 = 180
    QTest::newRow("dip and spike") << QList<double>{100, 100, 20, 500} << 20.0 << 500.0 << 180.0;
    QTest::newRow("negative") << QList<double>{-2, -4} << -4.0 << -2.0 << -3.0;
}

void TestRingSeries::bucketMinMaxMean()
{
    QFETCH(QList<double>, values);
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(double, mean);
    SeriesClock clock(kTwoTiers);
    RingSeries s(clock.tiers());
    // Samples 1 s apart from t = 20 s: all in bucket 2 ([20 s, 30 s)).
    for (int i = 0; i < values.size(); ++i) {
        QVERIFY(clock.advance(20'000 + i * 1000));
        QVERIFY(s.add(clock.currentSlots(), values[i]));
    }
    QCOMPARE(clock.currentSlots()[1], qint64(2));
    const auto bucket = s.at(1, 2);
    QVERIFY(bucket);
    QCOMPARE(double(bucket->min), min);
    QCOMPARE(double(bucket->max), max);
    QCOMPARE(double(bucket->mean), mean);
    QCOMPARE(*clock.slotTime(1, 2), qint64(20'000));
    // The raw tier kept every value.
    QCOMPARE(double(s.at(0, values.size() - 1)->mean), values.back());
}

void TestRingSeries::memoryIsFixedAtConstruction()
{
    // Default store tiers: 720 raw floats + (360 + 288) buckets × 3 floats = 2,664 floats.
    const std::vector<TierSpec> tiers{{0, 720}, {60'000, 360}, {300'000, 288}};
    QCOMPARE(RingSeries::storageBytes(tiers), std::size_t(2664 * 4));
    SeriesClock clock(tiers);
    RingSeries s(clock.tiers());
    const std::size_t before = s.memoryBytes();
    QCOMPARE(before, sizeof(RingSeries) + std::size_t(2664 * 4));
    for (int i = 0; i < 20'000; ++i) {
        QVERIFY(clock.advance(qint64(i) * 5000));
        s.add(clock.currentSlots(), i);
    }
    QCOMPARE(s.memoryBytes(), before);
}

void TestRingSeries::poolMakesNeighboursAndReusesPlaces()
{
    SeriesPool pool;
    std::vector<RingSeries *> made;
    for (int i = 0; i < 600; ++i) { // more than two chunks
        made.push_back(pool.make(kTwoTiers));
        const qint64 at[] = {i, 0};
        QVERIFY(made.back()->add(at, double(i)));
    }
    QCOMPARE(pool.size(), std::size_t(600));
    // Made one after another: neighbours in memory, not a ring's storage apart.
    QCOMPARE(reinterpret_cast<const char *>(made[1]) - reinterpret_cast<const char *>(made[0]),
             reinterpret_cast<const char *>(made[2]) - reinterpret_cast<const char *>(made[1]));
    QVERIFY(std::abs(reinterpret_cast<const char *>(made[1]) -
                     reinterpret_cast<const char *>(made[0])) < 512);
    // Released places are reused; the others keep their values.
    RingSeries *freed = made[300];
    pool.release(freed);
    pool.release(nullptr);
    QCOMPARE(pool.size(), std::size_t(599));
    RingSeries *again = pool.make(kTwoTiers);
    QCOMPARE(again, freed);
    QVERIFY(!again->at(0, 300)); // a new series, nothing of the old one
    QCOMPARE(made[299]->at(0, 299)->mean, 299.0f);
    QCOMPARE(made[599]->at(0, 599)->mean, 599.0f);
    for (RingSeries *series : made) {
        pool.release(series);
    }
    QCOMPARE(pool.size(), std::size_t(0));
}

void TestRingSeries::clockRefusesTimeGoingBack()
{
    SeriesClock clock(kTwoTiers);
    QVERIFY(clock.advance(5000));
    QVERIFY(!clock.advance(5000));
    QVERIFY(!clock.advance(4000));
    QCOMPARE(clock.sampleCount(), qint64(1));
    QVERIFY(clock.advance(6000));
    QCOMPARE(clock.currentSlots()[0], qint64(1));
    QCOMPARE(clock.latestTimeMs(), qint64(6000));
}

void TestRingSeries::clockSlotsBetween()
{
    SeriesClock clock(kTwoTiers);
    // Raw samples at 3, 6, …, 36 s: capacity 8 keeps the last 8 (15…36 s, slots 4…11).
    for (int i = 1; i <= 12; ++i) {
        QVERIFY(clock.advance(i * 3000));
    }
    QCOMPARE(clock.slotsBetween(0, 0, 100'000), (std::vector<qint64>{4, 5, 6, 7, 8, 9, 10, 11}));
    // [20 s, 30 s] holds the samples at 21, 24, 27, 30 s.
    QCOMPARE(clock.slotsBetween(0, 20'000, 30'000), (std::vector<qint64>{6, 7, 8, 9}));
    QCOMPARE(*clock.slotTime(0, 6), qint64(21'000));
    QVERIFY(!clock.slotTime(0, 3));
    // Buckets of 10 s starting in [5 s, 40 s]: 1 (10 s), 2, 3 (the first sample was in bucket 0).
    QCOMPARE(clock.slotsBetween(1, 5000, 40'000), (std::vector<qint64>{1, 2, 3}));
    QVERIFY(clock.slotsBetween(1, 40'000, 5000).empty());
}

void TestRingSeries::clockPicksFinestCoveringTier()
{
    // Raw × 12 (1 min at 5 s), 1 min × 10, 5 min × 12.
    SeriesClock clock({{0, 12}, {60'000, 10}, {300'000, 12}});
    const qint64 start = 3'600'000;
    QVERIFY(clock.advance(start));
    // Young store: the raw tier still holds everything, whatever the window.
    QCOMPARE(clock.tierFor(start - 86'400'000), 0);
    for (qint64 t = start + 5000; t <= start + 30 * 60'000; t += 5000) {
        QVERIFY(clock.advance(t));
    }
    const qint64 now = clock.latestTimeMs();
    QCOMPARE(clock.tierFor(now - 30'000), 0);      // raw holds 55 s
    QCOMPARE(clock.tierFor(now - 300'000), 1);     // 1-min buckets reach back 9 min
    QCOMPARE(clock.tierFor(now - 20 * 60'000), 2); // 5-min tier holds all since the start
}

void TestRingSeries::counterRate_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QList<qint64>>("timesMs");
    QTest::addColumn<QList<double>>("rates"); // -1 = no rate
    QTest::newRow("steady") << QList<double>{100, 150, 200} << QList<qint64>{0, 5000, 10'000}
                            << QList<double>{-1, 10, 10};
    // 200 → 30 is a restart: 30 counted since, over 5 s = 6/s; then (80 − 30) / 5 = 10/s.
    QTest::newRow("reset") << QList<double>{100, 200, 30, 80}
                           << QList<qint64>{0, 5000, 10'000, 15'000}
                           << QList<double>{-1, 20, 6, 10};
    QTest::newRow("reset to zero")
        << QList<double>{50, 0, 5} << QList<qint64>{0, 5000, 10'000} << QList<double>{-1, 0, 1};
    // Same time again: no rate, and 100 stays the baseline: (110 − 100) / 2 s = 5/s.
    QTest::newRow("repeated time") << QList<double>{100, 105, 110}
                                   << QList<qint64>{1000, 1000, 3000} << QList<double>{-1, -1, 5};
    // maxGap 60 s: the 120-s gap gives no rate, its end is the next baseline.
    QTest::newRow("gap") << QList<double>{0, 600, 650} << QList<qint64>{0, 120'000, 125'000}
                         << QList<double>{-1, -1, 10};
    QTest::newRow("not a number") << QList<double>{10, std::numeric_limits<double>::quiet_NaN(), -5,
                                                   20}
                                  << QList<qint64>{0, 1000, 2000, 5000}
                                  << QList<double>{-1, -1, -1, 2};
}

void TestRingSeries::counterRate()
{
    QFETCH(QList<double>, values);
    QFETCH(QList<qint64>, timesMs);
    QFETCH(QList<double>, rates);
    CounterRate rate(60'000);
    for (int i = 0; i < values.size(); ++i) {
        const auto r = rate.update(values[i], timesMs[i]);
        if (rates[i] < 0) {
            QVERIFY2(!r, qPrintable(QStringLiteral("step %1").arg(i)));
        } else {
            QVERIFY2(r, qPrintable(QStringLiteral("step %1").arg(i)));
            QCOMPARE(*r, rates[i]);
            QVERIFY(*r >= 0);
        }
    }
}

QTEST_APPLESS_MAIN(TestRingSeries)
#include "tst_ringseries.moc"
