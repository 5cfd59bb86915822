// TimeLabelStrip: the charts' time labels land on round local times inside the window, as far
// apart as their text needs, at the x the plot gives each moment; and HeadroomChart keeps its
// strip on the window it shows.

#include "headroomchart.h"
#include "store/metricsstore.h"
#include "timelabelstrip.h"

#include <QDateTime>
#include <QTest>

using namespace headroom;
using headroom::ui::HeadroomChart;
using headroom::ui::TimeLabelStrip;

namespace {

qint64 localMs(int hour, int minute, int second)
{
    return QDateTime(QDate(2026, 11, 25), QTime(hour, minute, second)).toMSecsSinceEpoch();
}

} // namespace

class TestTimeLabelStrip : public QObject {
    Q_OBJECT
private slots:
    void stepFor_data();
    void stepFor();
    void labelsAtRoundLocalTimes_data();
    void labelsAtRoundLocalTimes();
    void chartKeepsItsStripOnTheWindow();
};

void TestTimeLabelStrip::stepFor_data()
{
    QTest::addColumn<qint64>("spanMs");
    QTest::addColumn<double>("widthPx");
    QTest::addColumn<double>("labelPx");
    QTest::addColumn<qint64>("step");
    // A step must leave the label's width plus 24 px between two labels.
    QTest::newRow("5 min, narrow") << qint64(300'000) << 500.0 << 55.0 << qint64(60'000);
    QTest::newRow("5 min, wide") << qint64(300'000) << 1200.0 << 55.0 << qint64(30'000);
    QTest::newRow("1 h") << qint64(3'600'000) << 500.0 << 40.0 << qint64(600'000);
    QTest::newRow("24 h") << qint64(86'400'000) << 500.0 << 40.0 << qint64(21'600'000);
    QTest::newRow("24 h on a huge screen")
        << qint64(86'400'000) << 20'000.0 << 40.0 << qint64(300'000);
    QTest::newRow("no window") << qint64(0) << 500.0 << 40.0 << qint64(43'200'000);
    QTest::newRow("no width") << qint64(300'000) << 0.0 << 40.0 << qint64(43'200'000);
}

void TestTimeLabelStrip::stepFor()
{
    QFETCH(qint64, spanMs);
    QFETCH(double, widthPx);
    QFETCH(double, labelPx);
    QFETCH(qint64, step);
    QCOMPARE(TimeLabelStrip::stepFor(spanMs, widthPx, labelPx), step);
}

void TestTimeLabelStrip::labelsAtRoundLocalTimes_data()
{
    QTest::addColumn<qint64>("fromMs");
    QTest::addColumn<qint64>("toMs");
    QTest::addColumn<double>("widthPx");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("5 min") << localMs(10, 2, 30) << localMs(10, 7, 30) << 500.0
                           << QStringList{QStringLiteral("10:03"), QStringLiteral("10:04"),
                                          QStringLiteral("10:05"), QStringLiteral("10:06"),
                                          QStringLiteral("10:07")};
    QTest::newRow("5 min, wide: seconds")
        << localMs(10, 2, 30) << localMs(10, 4, 30) << 700.0
        << QStringList{
               QStringLiteral("10:02:30"), QStringLiteral("10:02:45"), QStringLiteral("10:03:00"),
               QStringLiteral("10:03:15"), QStringLiteral("10:03:30"), QStringLiteral("10:03:45"),
               QStringLiteral("10:04:00"), QStringLiteral("10:04:15"), QStringLiteral("10:04:30")};
    QTest::newRow("1 h") << localMs(9, 58, 0) << localMs(10, 58, 0) << 500.0
                         << QStringList{QStringLiteral("10:00"), QStringLiteral("10:10"),
                                        QStringLiteral("10:20"), QStringLiteral("10:30"),
                                        QStringLiteral("10:40"), QStringLiteral("10:50")};
}

void TestTimeLabelStrip::labelsAtRoundLocalTimes()
{
    QFETCH(qint64, fromMs);
    QFETCH(qint64, toMs);
    QFETCH(double, widthPx);
    QFETCH(QStringList, labels);
    TimeLabelStrip strip;
    strip.resize(int(widthPx) + 40, strip.sizeHint().height());
    strip.setWindow(fromMs, toMs, 20, 20 + widthPx);
    QCOMPARE(strip.labels(), labels);
}

void TestTimeLabelStrip::chartKeepsItsStripOnTheWindow()
{
    // Live polls slide the window: the strip shows times inside it, and moves with it.
    MetricsStore store;
    HeadroomChart chart;
    chart.resize(900, 600);
    chart.setStore(&store);
    chart.show();
    ProxySample s;
    s.metricsAvailable = true;
    DeploymentSample d;
    d.group = QStringLiteral("gpt-4o");
    d.id = QStringLiteral("gpt-a");
    d.rpmLimit = 600;
    GroupSample g;
    g.group = d.group;
    g.deploymentIds = {d.id};
    g.rpmLimit = 600;
    const qint64 t0 = localMs(10, 0, 0);
    for (int i = 0; i < 40; ++i) {
        s.timeMs = t0 + i * 5000;
        d.successTotal = i * 25.0;
        g.requestsTotal = i * 25.0;
        s.deployments = {d};
        s.groups = {g};
        store.ingest(s);
    }
    chart.setGroups({QStringLiteral("gpt-4o")});
    chart.refresh();
    QCoreApplication::processEvents();
    const auto *strip = chart.findChild<TimeLabelStrip *>();
    QVERIFY(strip != nullptr);
    QVERIFY(strip->isVisible());
    const QStringList labels = strip->labels();
    QVERIFY2(labels.size() >= 3, qPrintable(labels.join(u' ')));
    // Placed for the bottom chart's plot area: the strip starts where that chart's view does.
    const QRectF area = chart.plotArea(HeadroomChart::Chart::Tpm);
    QCOMPARE(strip->plotEdges().first, qreal(qRound(area.left())));
    QCOMPARE(strip->plotEdges().second, qreal(qRound(area.right())));
    const QString format =
        labels.first().size() > 5 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    for (const QString &label : labels) {
        const QTime time = QTime::fromString(label, format);
        QVERIFY2(time.isValid(), qPrintable(label));
        const qint64 ms = QDateTime(QDate(2026, 11, 25), time).toMSecsSinceEpoch();
        QVERIFY2(ms >= chart.rangeStartMs() && ms <= chart.rangeEndMs(), qPrintable(label));
    }
    // A minute later the window has moved on, and so have the labels.
    for (int i = 40; i < 52; ++i) {
        s.timeMs = t0 + i * 5000;
        s.deployments = {d};
        s.groups = {g};
        store.ingest(s);
    }
    chart.refresh();
    QVERIFY(strip->labels() != labels);
}

QTEST_MAIN(TestTimeLabelStrip)
#include "tst_timelabelstrip.moc"
