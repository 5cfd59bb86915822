// HeadroomChart: what the charts hold for a scripted run of polls (used vs limit, 429 markers,
// cooldown bands), bulk replacement per refresh, tiers per window, the empty state, and a
// rendering for people to look at (HEADROOM_SCREENSHOT_DIR).

#include "analysis/headroomanalysis.h"
#include "headroomchart.h"
#include "store/metricsstore.h"

#include <cmath>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QLineSeries>
#include <QTest>

using namespace headroom;
using headroom::ui::HeadroomChart;

namespace {

constexpr qint64 kT0 = 1'700'000'100'000; // a whole 5 minutes since the epoch
constexpr qint64 kStep = 5000;
const QString kGpt = QStringLiteral("gpt-4o");
const QString kClaude = QStringLiteral("claude");

qint64 at(int i)
{
    return kT0 + i * kStep;
}

// What poll i saw: counters that grow at the given rates (per second), so each rate is exact.
struct Load {
    double gptRequests = 1;      // client requests/s for gpt-4o: RPM 60
    double gptTokens = 100;      // tokens/s over both gpt deployments: TPM 6,000
    double gptLimited = 0;       // 429s/s answered to gpt-4o clients
    double gptRefused = 0;       // attempts/s the gpt deployments refused with 429 (both)
    bool gptCooldown = false;    // gpt-a was cooled down since the previous poll
    double claudeRequests = 0.5; // RPM 30 (rates a float holds exactly)
    double claudeTokens = 50;    // TPM 3,000
};

class Script {
public:
    ProxySample next(const Load &load)
    {
        const double dt = m_polls == 0 ? 0 : kStep / 1000.0;
        m_gptRequests += load.gptRequests * dt;
        m_gptTokens += load.gptTokens / 2 * dt;
        m_gptLimited += load.gptLimited * dt;
        m_gptRefused += load.gptRefused / 2 * dt;
        m_cooldowns += load.gptCooldown ? 1 : 0;
        m_claudeRequests += load.claudeRequests * dt;
        m_claudeTokens += load.claudeTokens * dt;

        ProxySample s;
        s.timeMs = at(m_polls++);
        s.metricsAvailable = true;
        s.deployments = {deployment(kClaude, QStringLiteral("claude-a"), 100, m_claudeRequests,
                                    m_claudeTokens, 0),
                         deployment(kGpt, QStringLiteral("gpt-a"), 600, m_gptRequests / 2,
                                    m_gptTokens, m_cooldowns, m_gptRefused),
                         deployment(kGpt, QStringLiteral("gpt-b"), 600, m_gptRequests / 2,
                                    m_gptTokens, 0, m_gptRefused)};
        s.groups = {group(kClaude, {QStringLiteral("claude-a")}, 100, m_claudeRequests, 0),
                    group(kGpt, {QStringLiteral("gpt-a"), QStringLiteral("gpt-b")}, 1200,
                          m_gptRequests, m_gptLimited)};
        return s;
    }

private:
    static DeploymentSample deployment(const QString &group, const QString &id, qint64 rpm,
                                       double requests, double tokens, double cooldowns,
                                       double refused = 0)
    {
        DeploymentSample d;
        d.group = group;
        d.id = id;
        d.rpmLimit = rpm;
        d.tpmLimit = rpm * 100;
        d.successTotal = requests;
        d.failureTotal = refused; // a refused attempt is a failed one, and counts as an attempt
        d.rateLimitedTotal = refused;
        d.cooledDownTotal = cooldowns;
        d.tokensTotal = tokens;
        return d;
    }
    static GroupSample group(const QString &name, const QStringList &ids, qint64 rpm,
                             double requests, double limited)
    {
        GroupSample g;
        g.group = name;
        g.deploymentIds = ids;
        g.rpmLimit = rpm;
        g.tpmLimit = rpm * 100;
        g.requestsTotal = requests;
        g.rateLimitedTotal = limited;
        return g;
    }

    int m_polls = 0;
    double m_gptRequests = 0;
    double m_gptTokens = 0;
    double m_gptLimited = 0;
    double m_gptRefused = 0;
    double m_cooldowns = 0;
    double m_claudeRequests = 0;
    double m_claudeTokens = 0;
};

// Polls 0..12 (one minute): a 429 burst at polls 6–8, gpt-a cooled down at poll 7.
Load scripted(int i)
{
    Load load;
    load.gptLimited = i >= 6 && i <= 8 ? 2 : 0;
    load.gptCooldown = i == 7;
    return load;
}

QList<QPointF> line(int first, int last, double y)
{
    QList<QPointF> out;
    for (int i = first; i <= last; ++i) {
        out.append(QPointF(double(at(i)), y));
    }
    return out;
}

// Something a person might see: load swinging towards the limit, 429s and cooldowns at the top.
Load realistic(int i)
{
    Load load;
    const double phase = std::sin(i / 90.0) * 0.5 + 0.5 + 0.08 * std::sin(i / 7.0);
    load.gptRequests = 4 + 17 * phase; // up to ~1,260 RPM against a 1,200 limit
    load.gptTokens = load.gptRequests * 90;
    load.gptLimited = load.gptRequests > 20 ? (load.gptRequests - 20) * 4 : 0;
    load.gptCooldown = load.gptRequests > 20.3 && i % 6 == 0;
    load.claudeRequests = 0.6 + 0.5 * std::sin(i / 40.0 + 1) + 0.5;
    load.claudeTokens = load.claudeRequests * 60;
    return load;
}

} // namespace

class TestHeadroomChart : public QObject {
    Q_OBJECT
private slots:
    void emptyState();
    void seriesFollowTheStore();
    void refreshReplacesInBulk();
    void windowsSwitchTiers();
    void showAroundPinsTheWindow();
    void atMostFourGroups();
    void plotAreasLineUp();
    void burstReadsAsTheMinute();
    void refusedStackOnAccepted();
    void labelsSurviveRangeChanges();
    void screenshot();
};

void TestHeadroomChart::burstReadsAsTheMinute()
{
    // A router that takes a minute's quota in its first seconds: one 5-s poll at 25 requests/s
    // amid 1/s. The chart shows the rolling minute, which is what the RPM limit counts, and its
    // last point is the groups table's "used".
    MetricsStore store;
    Script script;
    for (int i = 0; i < 30; ++i) {
        Load load;
        load.gptRequests = i == 24 ? 25 : 1;
        QVERIFY(store.ingest(script.next(load)));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt});
    const QList<QPointF> used = chart.usedPoints(kGpt, HeadroomChart::Chart::Rpm);
    QVERIFY(!used.isEmpty());
    double top = 0;
    for (const QPointF &p : used) {
        top = std::max(top, p.y());
    }
    // Eleven polls at 60 RPM and one at 1,500: 180, not 1,500.
    QCOMPARE(top, (11 * 60.0 + 1500.0) / 12);
    const auto table = groupHeadroom(store, kGpt).rpm.used;
    QVERIFY(table.has_value());
    QCOMPARE(used.last().y(), *table);
}

void TestHeadroomChart::refusedStackOnAccepted()
{
    // The cascade's overflow: 1 request/s accepted by the gpt deployments and 2 attempts/s
    // refused with 429. The RPM chart's top is every attempt (180 a minute, what the limit and
    // the table count); the group's line below it is the 60 accepted; the 120 between them is
    // the refused stack.
    MetricsStore store;
    Script script;
    for (int i = 0; i <= 12; ++i) {
        Load load;
        load.gptRefused = 2;
        QVERIFY(store.ingest(script.next(load)));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt, kClaude});
    QCOMPARE(chart.usedPoints(kGpt, HeadroomChart::Chart::Rpm), line(1, 12, 180));
    QCOMPARE(chart.acceptedPoints(kGpt), line(1, 12, 60));
    // Nothing refused: one line, the stack is empty.
    QCOMPARE(chart.acceptedPoints(kClaude), chart.usedPoints(kClaude, HeadroomChart::Chart::Rpm));
    QCOMPARE(chart.acceptedPoints(kClaude), line(1, 12, 30));
    QCOMPARE(groupHeadroom(store, kGpt).rpm.used.value_or(-1), 180.0);
}

void TestHeadroomChart::emptyState()
{
    HeadroomChart chart;
    QVERIFY(chart.isShowingEmptyState());
    QCOMPARE(chart.emptyStateText(), QStringLiteral("Waiting for the first poll…"));
    QVERIFY(chart.noteText().isEmpty()); // no "Last 5 minutes" over nothing
    MetricsStore store;
    chart.setStore(&store);
    chart.setGroups({kGpt});
    QVERIFY(chart.isShowingEmptyState());
    QVERIFY(chart.usedPoints(kGpt, HeadroomChart::Chart::Rpm).isEmpty());

    Script script;
    QVERIFY(store.ingest(script.next({})));
    chart.setGroups({});
    QVERIFY(chart.isShowingEmptyState());
    QVERIFY(chart.emptyStateText().contains(QStringLiteral("Select")));
    chart.setGroups({kGpt});
    QVERIFY(!chart.isShowingEmptyState());
    // One poll: limits already, rates need a second one.
    QCOMPARE(chart.limitPoints(kGpt, HeadroomChart::Chart::Rpm), line(0, 0, 1200));
    QVERIFY(chart.usedPoints(kGpt, HeadroomChart::Chart::Rpm).isEmpty());
}

void TestHeadroomChart::seriesFollowTheStore()
{
    MetricsStore store;
    Script script;
    for (int i = 0; i <= 12; ++i) {
        QVERIFY(store.ingest(script.next(scripted(i))));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt, kClaude});
    QCOMPARE(chart.shownGroups(), (QStringList{kGpt, kClaude}));
    QCOMPARE(chart.rangeEndMs(), at(12));
    QCOMPARE(chart.rangeStartMs(), at(12) - 300'000);
    QCOMPARE(chart.tier(), 0);

    using C = HeadroomChart::Chart;
    // Requests/s × 60 against the per-minute limits.
    QCOMPARE(chart.usedPoints(kGpt, C::Rpm), line(1, 12, 60));
    QCOMPARE(chart.usedPoints(kGpt, C::Tpm), line(1, 12, 6000));
    QCOMPARE(chart.limitPoints(kGpt, C::Rpm), line(0, 12, 1200));
    QCOMPARE(chart.limitPoints(kGpt, C::Tpm), line(0, 12, 120'000));
    QCOMPARE(chart.usedPoints(kClaude, C::Rpm), line(1, 12, 30));
    QCOMPARE(chart.usedPoints(kClaude, C::Tpm), line(1, 12, 3000));
    QCOMPARE(chart.limitPoints(kClaude, C::Rpm), line(0, 12, 100));

    // 429s at polls 6–8, drawn on the RPM line; none for claude.
    QCOMPARE(chart.rateLimitMarkers(kGpt), line(6, 8, 60));
    QVERIFY(chart.rateLimitMarkers(kClaude).isEmpty());
    // gpt-a cooled down at poll 7; the next quiet poll, 5 s later, ended it.
    QCOMPARE(chart.cooldownBands(kGpt), (QList<HeadroomChart::Interval>{{at(7), at(8)}}));
    QVERIFY(chart.cooldownBands(kClaude).isEmpty());
    // Unknown groups chart nothing.
    QVERIFY(chart.usedPoints(QStringLiteral("nope"), C::Rpm).isEmpty());
}

void TestHeadroomChart::refreshReplacesInBulk()
{
    MetricsStore store;
    Script script;
    for (int i = 0; i <= 12; ++i) {
        QVERIFY(store.ingest(script.next(scripted(i))));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt});
    const QList<const QObject *> series = chart.seriesObjects();
    QVERIFY(!series.isEmpty());

    for (int i = 13; i <= 24; ++i) {
        QVERIFY(store.ingest(script.next({})));
    }
    chart.refresh();
    QCOMPARE(chart.seriesObjects(), series);
    QCOMPARE(chart.usedPoints(kGpt, HeadroomChart::Chart::Rpm), line(1, 24, 60));
    QCOMPARE(chart.rangeEndMs(), at(24));

    // Switching groups and back reuses the same objects too.
    chart.setGroups({kClaude, kGpt});
    chart.setGroups({kGpt});
    QCOMPARE(chart.seriesObjects(), series);
    QVERIFY(chart.usedPoints(kClaude, HeadroomChart::Chart::Rpm).isEmpty());
}

void TestHeadroomChart::windowsSwitchTiers()
{
    MetricsStore store;
    Script script;
    // Two hours of 5-s polls, one cooldown half an hour in.
    for (int i = 0; i <= 1440; ++i) {
        Load load;
        load.gptCooldown = i == 360;
        QVERIFY(store.ingest(script.next(load)));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt});
    using C = HeadroomChart::Chart;

    chart.setWindow(HeadroomChart::Window::FiveMinutes);
    QCOMPARE(chart.tier(), 0); // raw polls
    QCOMPARE(chart.usedPoints(kGpt, C::Rpm).size(), 61);

    chart.setWindow(HeadroomChart::Window::OneHour);
    QCOMPARE(chart.tier(), 0);
    QCOMPARE(chart.usedPoints(kGpt, C::Rpm).size(), 720); // what the raw tier retains
    QVERIFY(chart.cooldownBands(kGpt).isEmpty());         // 90 min ago

    chart.setWindow(HeadroomChart::Window::OneDay);
    QCOMPARE(chart.tier(), 2); // 5-min buckets: 1-min ones would be 1,440 points
    const QList<QPointF> day = chart.usedPoints(kGpt, C::Rpm);
    QCOMPARE(day.size(), 25); // 2 h in 5-min buckets, from the one that holds poll 1
    for (qsizetype i = 1; i < day.size(); ++i) {
        QCOMPARE(day[i].x() - day[i - 1].x(), 300'000.0);
        QCOMPARE(day[i].y(), 60.0);
    }
    // The cooldown event's 5 s, and the 5-min bucket that counted it.
    const qint64 bucket = at(360) / 300'000 * 300'000;
    QCOMPARE(chart.cooldownBands(kGpt),
             (QList<HeadroomChart::Interval>{{bucket, bucket + 300'000}}));
    for (const QList<QPointF> &points : {day, chart.limitPoints(kGpt, C::Tpm)}) {
        QVERIFY(points.size() <= HeadroomChart::kMaxPoints);
    }
}

void TestHeadroomChart::showAroundPinsTheWindow()
{
    MetricsStore store;
    Script script;
    for (int i = 0; i <= 720; ++i) {
        QVERIFY(store.ingest(script.next({})));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt});
    QVERIFY(chart.isFollowingLive());

    chart.showAround(at(360));
    QVERIFY(!chart.isFollowingLive());
    QCOMPARE(chart.rangeStartMs(), at(360) - 150'000);
    QCOMPARE(chart.rangeEndMs(), at(360) + 150'000);
    QVERIFY(chart.noteText().contains(QStringLiteral("pinned")));
    // New polls do not move a pinned window.
    QVERIFY(store.ingest(script.next({})));
    chart.refresh();
    QCOMPARE(chart.rangeEndMs(), at(360) + 150'000);
    // Near the present, the window ends at the latest poll.
    chart.showAround(at(720));
    QCOMPARE(chart.rangeEndMs(), at(721));

    chart.followLive();
    QVERIFY(chart.isFollowingLive());
    QCOMPARE(chart.rangeEndMs(), at(721));
    QVERIFY(!chart.noteText().contains(QStringLiteral("pinned")));
}

void TestHeadroomChart::atMostFourGroups()
{
    MetricsStore store;
    Script script;
    QVERIFY(store.ingest(script.next({})));
    HeadroomChart chart;
    chart.setStore(&store);
    const QStringList six{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                          QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f")};
    const qsizetype seriesCount = chart.seriesObjects().size();
    chart.setGroups(six);
    QCOMPARE(chart.shownGroups(), six.first(HeadroomChart::kMaxGroups));
    QVERIFY(chart.noteText().contains(QStringLiteral("4 of 6")));
    QCOMPARE(chart.seriesObjects().size(), seriesCount);
}

void TestHeadroomChart::plotAreasLineUp()
{
    // RPM labels ("1500") are narrower than TPM ones ("150000"): the plot areas must still start
    // and end at one x, so a moment lines up across the two charts.
    MetricsStore store;
    Script script;
    for (int i = 0; i <= 24; ++i) {
        QVERIFY(store.ingest(script.next(scripted(i))));
    }
    HeadroomChart chart;
    chart.resize(900, 560);
    chart.show();
    chart.setStore(&store);
    chart.setGroups({kGpt});
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QRectF rpm = chart.plotArea(HeadroomChart::Chart::Rpm);
    const QRectF tpm = chart.plotArea(HeadroomChart::Chart::Tpm);
    QVERIFY2(std::abs(rpm.left() - tpm.left()) < 1.0,
             qPrintable(QStringLiteral("%1 vs %2").arg(rpm.left()).arg(tpm.left())));
    QVERIFY2(std::abs(rpm.right() - tpm.right()) < 1.0,
             qPrintable(QStringLiteral("%1 vs %2").arg(rpm.right()).arg(tpm.right())));
}

void TestHeadroomChart::screenshot()
{
    MetricsStore store;
    Script script;
    for (int i = 0; i <= 720; ++i) {
        QVERIFY(store.ingest(script.next(realistic(i))));
    }
    HeadroomChart chart;
    chart.setStore(&store);
    chart.setGroups({kGpt, kClaude});
    chart.resize(960, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QString dir = qEnvironmentVariable("HEADROOM_SCREENSHOT_DIR");
    for (const auto &[window, name] :
         {std::pair{HeadroomChart::Window::OneHour, QStringLiteral("headroomchart-1h.png")},
          std::pair{HeadroomChart::Window::FiveMinutes, QStringLiteral("headroomchart-5min.png")},
          std::pair{HeadroomChart::Window::OneDay, QStringLiteral("headroomchart-24h.png")}}) {
        chart.setWindow(window);
        QTest::qWait(50); // let the chart scenes lay out
        const QPixmap image = chart.grab();
        QVERIFY(!image.isNull());
        // The screenshot shows gpt-4o's RPM limit where its value is: the dashed line's colour
        // on the row the chart maps the limit to.
        // (limitPoints is in epoch ms; the series is in ms since the window's start.)
        QList<QPointF> limit = chart.limitPoints(kGpt, HeadroomChart::Chart::Rpm);
        QVERIFY(!limit.isEmpty());
        for (QPointF &p : limit) {
            p.rx() -= double(chart.rangeStartMs());
        }
        QChartView *rpmView = chart.findChildren<QChartView *>().value(0);
        QVERIFY(rpmView);
        QLineSeries *limitSeries = nullptr;
        for (QAbstractSeries *series : rpmView->chart()->series()) {
            auto *line = qobject_cast<QLineSeries *>(series);
            if (line && line->isVisible() && line->points() == limit) {
                limitSeries = line;
            }
        }
        QVERIFY(limitSeries);
        const QColor ink = limitSeries->pen().color();
        const QImage shot = image.toImage();
        const auto inkAround = [&](const QPointF &value, int rowOffset) {
            const QPointF inChart = rpmView->chart()->mapToPosition(value, limitSeries);
            const QPoint inView = rpmView->mapFromScene(rpmView->chart()->mapToScene(inChart));
            const QPoint at = rpmView->mapTo(&chart, inView) + QPoint(0, rowOffset);
            int count = 0;
            for (int y = at.y() - 1; y <= at.y() + 1; ++y) {
                for (int x = at.x() - 30; x <= at.x() + 30; ++x) {
                    const QColor c = shot.pixelColor(x, y);
                    const int distance = std::abs(c.red() - ink.red()) +
                                         std::abs(c.green() - ink.green()) +
                                         std::abs(c.blue() - ink.blue());
                    count += distance < 90 ? 1 : 0;
                }
            }
            return count;
        };
        // At a quarter, half and three quarters of the line (the group's used line has the same
        // colour but not the same row all along).
        for (const qsizetype at : {limit.size() / 4, limit.size() / 2, limit.size() * 3 / 4}) {
            const int count = inkAround(limit[at], 0);
            QVERIFY2(count >= 10,
                     qPrintable(QStringLiteral("%1 limit-coloured pixels on the limit's row (%2)")
                                    .arg(count)
                                    .arg(name)));
        }
        QCOMPARE(limitSeries->pen().style(), Qt::CustomDashLine);
        if (!dir.isEmpty()) {
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(image.save(QDir(dir).filePath(name)));
        }
    }
    chart.setStore(nullptr);
    QTest::qWait(50);
    if (!dir.isEmpty()) {
        QVERIFY(chart.grab().save(QDir(dir).filePath(QStringLiteral("headroomchart-empty.png"))));
    }
}

void TestHeadroomChart::labelsSurviveRangeChanges()
{
    // The cascade grows TPM by orders of magnitude within minutes, and the charts' plot areas
    // move as the label columns widen. Each time, the value labels and the title must be drawn,
    // in the window as a screenshot renders it, with the new values.
    MetricsStore store;
    Script script;
    QWidget window;
    window.resize(1280, 820);
    HeadroomChart chart(&window);
    chart.setGeometry(600, 290, 670, 470); // where the board puts it
    window.show();
    chart.setStore(&store);
    chart.setGroups({kGpt});
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    using C = HeadroomChart::Chart;
    const auto views = chart.findChildren<QGraphicsView *>();
    QCOMPARE(views.size(), 2); // RPM above TPM
    for (int i = 0; i < 50; ++i) {
        Load load;
        load.gptRequests = 1 + i * i;
        load.gptTokens = load.gptRequests * (i < 25 ? 100 : 3000);
        QVERIFY(store.ingest(script.next(load)));
        chart.refresh();
        QTest::qWait(5);
        if (i < 2) {
            continue;
        }
        const QImage shot = window.grab().toImage();
        for (const C which : {C::Rpm, C::Tpm}) {
            const QGraphicsView *view = views[which == C::Rpm ? 0 : 1];
            const QRectF area = chart.plotArea(which);
            // Ink in the column left of the plot: labels and the title, nothing else.
            const QPoint origin = view->mapTo(&window, QPoint(0, 0));
            int ink = 0;
            for (int y = int(area.top()); y < int(area.bottom()); ++y) {
                for (int x = 0; x < int(area.left()) - 3; ++x) {
                    ink += qGray(shot.pixel(origin + QPoint(x, y))) < 140 ? 1 : 0;
                }
            }
            QVERIFY2(ink > 200, qPrintable(QStringLiteral("poll %1, %2 chart: %3 dark pixels")
                                               .arg(i)
                                               .arg(which == C::Rpm ? u"RPM" : u"TPM")
                                               .arg(ink)));
            // The labels shown reach the highest value charted, and the title is there.
            double topLabel = -1;
            bool titled = false;
            for (const QGraphicsItem *item : view->scene()->items()) {
                const auto *text = dynamic_cast<const QGraphicsTextItem *>(item);
                if (text == nullptr || !text->isVisible()) {
                    continue;
                }
                bool number = false;
                const double value = text->toPlainText().toDouble(&number);
                topLabel = number ? std::max(topLabel, value) : topLabel;
                titled = titled ||
                         text->toPlainText().startsWith(which == C::Rpm ? QStringLiteral("RPM")
                                                                        : QStringLiteral("TPM"));
            }
            double top = 0;
            for (const QPointF &p : chart.usedPoints(kGpt, which)) {
                top = std::max(top, p.y());
            }
            QVERIFY2(topLabel >= top, qPrintable(QStringLiteral("poll %1: top label %2, data %3")
                                                     .arg(i)
                                                     .arg(topLabel)
                                                     .arg(top)));
            QVERIFY(titled);
        }
    }
}

QTEST_MAIN(TestHeadroomChart)
#include "tst_headroomchart.moc"
