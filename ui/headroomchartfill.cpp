// HeadroomChart, the per-tick half: what refresh() writes into the series and axes, and the
// read-only views of it for tests. Construction and the setters are in headroomchart.cpp.

#include "analysis/chartseries.h"
#include "analysis/headroomanalysis.h"
#include "headroomchart.h"
#include "store/metricsstore.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <QAreaSeries>
#include <QChart>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QValueAxis>

namespace headroom::ui {

namespace {

// At most this many 429 markers across a window: one per poll would pave a 1-h chart over.
constexpr int kMaxMarkers = 60;

// The smallest "nice" step (1, 2, 2.5, 5 × 10^k, whole numbers only) with at most four steps
// up to value, so the axis ends just above the data with round labels.
double niceStep(double value)
{
    const double raw = std::max(value, 4.0) / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        const double step = f * magnitude;
        if (step >= raw && (step >= 10 || f != 2.5)) {
            return step;
        }
    }
    return 10 * magnitude;
}

// x: milliseconds since the window's start (see Plot::time).
QList<QPointF> toPoints(const std::vector<SeriesPoint> &points, double scale, qint64 originMs)
{
    QList<QPointF> out;
    out.reserve(qsizetype(points.size()));
    for (const SeriesPoint &p : points) {
        out.append(QPointF(double(p.timeMs - originMs), p.mean * scale));
    }
    return out;
}

// The points a series holds, x back in milliseconds since the epoch.
QList<QPointF> inEpochTime(const QXYSeries *series, qint64 originMs)
{
    QList<QPointF> points = series->points();
    for (QPointF &p : points) {
        p.setX(p.x() + double(originMs));
    }
    return points;
}

double maxY(const QList<QPointF> &points)
{
    double top = 0;
    for (const QPointF &p : points) {
        top = std::max(top, p.y());
    }
    return top;
}

} // namespace

void HeadroomChart::fillSlot(Slot &slot)
{
    const auto read = [this, &slot](Metric metric) {
        return m_store->points(SeriesKey::group(slot.group, metric), m_fromMs, m_toMs, m_tier);
    };
    // The line the groups table's "used" comes from (attempts summed over the deployments when
    // there are counters), put per minute like the limits. On the raw tier, each point is the
    // mean over the minute up to it, as the table's "used" is (see trailingMeans); a bucket of
    // the coarser tiers is a minute or more already, and a remaining-gauge usage is a count
    // within the current minute as it is.
    const qint64 minute = AnalysisOptions().usageWindowMs;
    const auto usage = [&](const UsageSeries &series) {
        if (m_tier != 0 || series.source == UsageSource::RemainingGauge) {
            return m_store->points(series.key, m_fromMs, m_toMs, m_tier);
        }
        return trailingMeans(m_store->points(series.key, m_fromMs - minute, m_toMs, m_tier), minute,
                             m_fromMs);
    };
    const UsageSeries rpmSeries = groupUsageSeries(*m_store, slot.group, Side::Requests);
    const UsageSeries tpmSeries = groupUsageSeries(*m_store, slot.group, Side::Tokens);
    const std::vector<SeriesPoint> requests = usage(rpmSeries);
    // What the deployments refused with 429, read the same way: the attempts less it are what
    // they accepted, the part the limit line is a ceiling for.
    std::vector<SeriesPoint> accepted = requests;
    if (rpmSeries.source == UsageSource::Counters) {
        const UsageSeries refused{SeriesKey::group(slot.group, Metric::RefusedAttemptsPerSec),
                                  rpmSeries.perMinute, rpmSeries.source};
        accepted = acceptedAttempts(requests, usage(refused));
    }
    const QList<QPointF> acceptedLine = toPoints(accepted, rpmSeries.perMinute, m_fromMs);
    const std::array<QList<QPointF>, 2> used = {
        toPoints(requests, rpmSeries.perMinute, m_fromMs),
        toPoints(usage(tpmSeries), tpmSeries.perMinute, m_fromMs)};
    const std::array<QList<QPointF>, 2> limits = {toPoints(read(Metric::RpmLimit), 1, m_fromMs),
                                                  toPoints(read(Metric::TpmLimit), 1, m_fromMs)};

    // A marker sits on the RPM line at each point where clients were answered 429. The store
    // writes every series at the same instants, so one pass pairs the two.
    QList<QPointF> markers;
    std::size_t j = 0;
    const qint64 spacing = windowMs(m_window) / kMaxMarkers;
    qint64 lastMarker = std::numeric_limits<qint64>::min() / 2;
    for (const SeriesPoint &p : read(Metric::RateLimitedPerSec)) {
        if (p.max <= 0 || p.timeMs < lastMarker + spacing) {
            continue;
        }
        lastMarker = p.timeMs;
        while (j < requests.size() && requests[j].timeMs < p.timeMs) {
            ++j;
        }
        const bool paired = j < requests.size() && requests[j].timeMs == p.timeMs;
        markers.append(QPointF(double(p.timeMs - m_fromMs),
                               paired ? requests[j].mean * rpmSeries.perMinute : 0));
    }

    slot.bands = cooldownIntervals(*m_store, slot.group, m_fromMs, m_toMs, m_tier);
    QList<QPointF> band;
    band.reserve(slot.bands.size() * 4);
    for (const Interval &span : slot.bands) {
        const auto from = double(span.first - m_fromMs);
        const auto to = double(span.second - m_fromMs);
        band.append({from, 0});
        band.append({from, 1});
        band.append({to, 1});
        band.append({to, 0});
    }

    for (std::size_t c = 0; c < 2; ++c) {
        m_plots[c].top = std::max({m_plots[c].top, maxY(used[c]), maxY(limits[c])});
        slot.used[c]->replace(used[c]);
        slot.limit[c]->replace(limits[c]);
        slot.bandEdge[c]->replace(band);
        slot.used[c]->setName(slot.group);
        slot.limit[c]->setName(tr("%1 limit").arg(slot.group));
        slot.used[c]->setVisible(true);
        slot.limit[c]->setVisible(true);
        slot.band[c]->setVisible(true);
    }
    slot.accepted->replace(acceptedLine);
    slot.accepted->setName(tr("%1 accepted").arg(slot.group));
    slot.accepted->setVisible(true);
    slot.refusedTop->replace(used[0]);
    slot.refusedBottom->replace(acceptedLine);
    slot.refused->setVisible(true);
    slot.markers->replace(markers);
    slot.markers->setName(tr("%1 429s").arg(slot.group));
    slot.markers->setVisible(true);
}

void HeadroomChart::updateAxes()
{
    for (std::size_t c = 0; c < 2; ++c) {
        Plot &plot = m_plots[c];
        plot.time->setRange(0, double(m_toMs - m_fromMs));
        // Room above the highest line, ending on a round number.
        const double step = niceStep(plot.top * 1.05);
        const int steps = std::max(1, int(std::ceil(plot.top * 1.05 / step)));
        plot.value->setRange(0, step * steps);
        plot.value->setTickCount(steps + 1);
    }
    // Both plot areas start and end at the same x, so a moment lines up across RPM and TPM, with
    // room on the right for half a time label centred on the plot's end (TimeLabelStrip).
    const int overhang = fontMetrics().horizontalAdvance(QStringLiteral("00:00:00")) / 2;
    // The plot areas are lined up after layout (alignPlotAreas): the narrower value axis gets the
    // difference as left margin. The bottom chart ends on its plot area: the time labels follow.
    const std::array<QMargins, 2> margins = {QMargins(kMargin, kMargin, kMargin * 2 + overhang, 0),
                                             QMargins(kMargin, kMargin, kMargin * 2 + overhang, 0)};
    for (std::size_t c = 0; c < 2; ++c) {
        Plot &plot = m_plots[c];
        const QString format = QStringLiteral("%.0f");
        // Qt Charts measures the label column when the layout runs, not when the range changes:
        // a range grown since (0…1 at the first poll, 0…400 later) left "4…" truncated labels.
        // So the layout runs again whenever what it measures changed, and only then: a poll
        // that only slides the time axis costs a third as much.
        const QMargins &m = margins[c];
        const QString measured = QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8")
                                     .arg(plot.value->max())
                                     .arg(plot.value->tickCount())
                                     .arg(format, QString::number(m_toMs - m_fromMs))
                                     .arg(m.left())
                                     .arg(m.top())
                                     .arg(m.right())
                                     .arg(m.bottom());
        if (measured != plot.laidOutFor) {
            plot.chart->setMargins(m);
            plot.value->setLabelFormat(format);
            plot.chart->layout()->invalidate();
            plot.laidOutFor = measured;
        }
    }
}

void HeadroomChart::updateHeader()
{
    QString text;
    if (!isShowingEmptyState()) {
        const QString window = m_window == Window::FiveMinutes ? tr("5 minutes")
                               : m_window == Window::OneHour   ? tr("hour")
                                                               : tr("24 hours");
        text = m_live ? tr("Last %1").arg(window)
                      : tr("The %1 up to %2 (pinned)")
                            .arg(window, QDateTime::fromMSecsSinceEpoch(m_toMs).toString(
                                             QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        if (m_groups.size() > kMaxGroups) {
            text += tr(" · showing the first %1 of %2 selected groups")
                        .arg(kMaxGroups)
                        .arg(m_groups.size());
        }
    }
    m_note->setText(text);
}

const HeadroomChart::Slot *HeadroomChart::slotFor(const QString &group) const
{
    for (const Slot &slot : m_slots) {
        if (!slot.group.isEmpty() && slot.group == group) {
            return &slot;
        }
    }
    return nullptr;
}

QStringList HeadroomChart::shownGroups() const
{
    QStringList groups;
    for (const Slot &slot : m_slots) {
        if (!slot.group.isEmpty()) {
            groups.append(slot.group);
        }
    }
    return groups;
}

bool HeadroomChart::isShowingEmptyState() const
{
    return m_stack->currentIndex() == 0;
}

QString HeadroomChart::emptyStateText() const
{
    return isShowingEmptyState() ? m_empty->text() : QString();
}

QString HeadroomChart::noteText() const
{
    return m_note->text();
}

QList<QPointF> HeadroomChart::usedPoints(const QString &group, Chart chart) const
{
    const Slot *slot = slotFor(group);
    return slot ? inEpochTime(slot->used[std::size_t(chart)], m_fromMs) : QList<QPointF>();
}

QList<QPointF> HeadroomChart::acceptedPoints(const QString &group) const
{
    const Slot *slot = slotFor(group);
    return slot ? inEpochTime(slot->accepted, m_fromMs) : QList<QPointF>();
}

QList<QPointF> HeadroomChart::limitPoints(const QString &group, Chart chart) const
{
    const Slot *slot = slotFor(group);
    return slot ? inEpochTime(slot->limit[std::size_t(chart)], m_fromMs) : QList<QPointF>();
}

QList<QPointF> HeadroomChart::rateLimitMarkers(const QString &group) const
{
    const Slot *slot = slotFor(group);
    return slot ? inEpochTime(slot->markers, m_fromMs) : QList<QPointF>();
}

QList<HeadroomChart::Interval> HeadroomChart::cooldownBands(const QString &group) const
{
    const Slot *slot = slotFor(group);
    return slot ? slot->bands : QList<Interval>();
}

QList<const QObject *> HeadroomChart::seriesObjects() const
{
    QList<const QObject *> out;
    for (const Plot &plot : m_plots) {
        for (const QAbstractSeries *series : plot.chart->series()) {
            out.append(series);
        }
    }
    return out;
}

} // namespace headroom::ui
