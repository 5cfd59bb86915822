#include "headroomchart.h"

#include "analysis/chartseries.h"
#include "chartlegend.h"
#include "store/metricsstore.h"
#include "timelabelstrip.h"

#include <algorithm>
#include <cmath>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <utility>

namespace headroom::ui {

namespace {

// Okabe–Ito: distinguishable with the common colour-vision deficiencies. Each group also gets its
// own line style, so colour is never the only cue.
const std::array<QColor, HeadroomChart::kMaxGroups> kColours = {
    QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
    QColor(0xCC, 0x79, 0xA7)};
const std::array<QList<qreal>, HeadroomChart::kMaxGroups> kDashes = {
    QList<qreal>{}, QList<qreal>{5, 1.5, 1, 1.5}, QList<qreal>{1, 1},
    QList<qreal>{8, 1.5, 1, 1.5, 1, 1.5}};
} // namespace

HeadroomChart::HeadroomChart(QWidget *parent)
    : QWidget(parent)
    , m_bar(new ChartWindowBar(this))
    , m_note(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_legend(new ChartLegend(this))
    , m_timeLabels(new TimeLabelStrip(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(kMargin, 0, kMargin, 0);
    header->addWidget(m_note, 1);
    header->addWidget(m_bar);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_empty);

    auto *charts = new QWidget(this);
    auto *chartsLayout = new QVBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(0);
    buildPlot(m_plots[0], tr("RPM (attempts/min)"));
    buildPlot(m_plots[1], tr("TPM (tokens/min)"));
    for (Plot &plot : m_plots) {
        plot.view->setParent(charts);
        chartsLayout->addWidget(plot.view, 1);
    }
    m_timeLabels->setParent(charts);
    // The theme paints the chart's background as a gradient: its last stop meets the strip.
    const QBrush background = m_plots[1].chart->backgroundBrush();
    const QGradient *gradient = background.gradient();
    m_timeLabels->setColours(gradient != nullptr && !gradient->stops().isEmpty()
                                 ? gradient->stops().constLast().second
                                 : background.color(),
                             m_plots[1].value->labelsBrush().color());
    chartsLayout->addWidget(m_timeLabels);
    chartsLayout->addSpacing(kMargin);
    chartsLayout->addWidget(m_legend);
    m_stack->addWidget(charts);

    // Bands first so every line is drawn over them, markers last so they stay visible.
    for (int i = 0; i < kMaxGroups; ++i) {
        buildSlot(i);
    }
    for (Slot &slot : m_slots) {
        m_plots[0].chart->addSeries(slot.markers);
        slot.markers->attachAxis(m_plots[0].time);
        slot.markers->attachAxis(m_plots[0].value);
    }

    connect(m_bar, &ChartWindowBar::windowSelected, this, &HeadroomChart::setWindow);
    connect(m_bar, &ChartWindowBar::liveRequested, this, &HeadroomChart::followLive);
    refresh();
}

HeadroomChart::~HeadroomChart() = default;

void HeadroomChart::buildPlot(Plot &plot, const QString &valueTitle)
{
    plot.view = new QChartView(this);
    plot.view->setRenderHint(QPainter::Antialiasing);
    plot.view->setFrameShape(QFrame::NoFrame);
    // Each poll moves nearly every item of the plot: tracking dirty rectangles and a BSP index of
    // item positions only costs time (about a millisecond a poll between them).
    plot.view->setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    plot.view->scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    plot.view->setMinimumHeight(140);
    plot.view->setAccessibleName(valueTitle);
    plot.chart = plot.view->chart(); // owned by the view
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    plot.chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    plot.chart->setBackgroundRoundness(0);
    plot.chart->layout()->setContentsMargins(0, 0, 0, 0); // the margins below are the only ones
    plot.chart->setMargins(QMargins(kMargin, kMargin, kMargin, kMargin));
    plot.chart->legend()->hide(); // ChartLegend is the key for both charts
    // Any layout (a resize too) may move one plot area and not the other.
    connect(plot.chart, &QChart::plotAreaChanged, this, &HeadroomChart::alignPlotAreas);
    // Qt Charts sizes the label column from unlocalised text: localised labels ("1,200") came
    // out truncated ("4…") or overlapping the axis title.
    plot.chart->setLocalizeNumbers(false);

    plot.time = new QValueAxis(plot.chart);
    // Neither chart draws time labels or ticks: TimeLabelStrip does, once for both, at round times.
    plot.time->setLabelsVisible(false);
    plot.time->setLineVisible(false);
    plot.time->setTickCount(2);
    plot.chart->addAxis(plot.time, Qt::AlignBottom);
    plot.value = new QValueAxis(plot.chart);
    plot.value->setTitleText(valueTitle);
    plot.value->setLabelFormat(QStringLiteral("%.0f"));
    QFont titleFont = plot.value->titleFont();
    titleFont.setPointSizeF(font().pointSizeF());
    titleFont.setBold(false);
    plot.value->setTitleFont(titleFont);
    plot.chart->addAxis(plot.value, Qt::AlignLeft);
    // No grid lines (antialiased lines are drawn pixel by pixel by the raster engine: the grid
    // was a third of a 1,000-group board's paint time) and no shaded value rows either: grey
    // horizontal bands read as the cooldown bands of the key. The labelled ticks are the scale.
    plot.time->setGridLineVisible(false);
    plot.value->setGridLineVisible(false);
    plot.value->setShadesVisible(false);
    plot.band = new QValueAxis(plot.chart);
    plot.band->setRange(0, 1);
    plot.band->setVisible(false);
    plot.chart->addAxis(plot.band, Qt::AlignRight);
}

void HeadroomChart::buildSlot(int index)
{
    Slot &slot = m_slots[std::size_t(index)];
    const QColor colour = kColours[std::size_t(index)];
    for (std::size_t c = 0; c < 2; ++c) {
        Plot &plot = m_plots[c];
        slot.bandEdge[c] = new QLineSeries(plot.chart);
        slot.band[c] = new QAreaSeries(plot.chart);
        slot.band[c]->setUpperSeries(slot.bandEdge[c]);
        slot.band[c]->setPen(Qt::NoPen);
        slot.band[c]->setBrush(bandBrush(colour));
        plot.chart->addSeries(slot.band[c]);
        slot.band[c]->attachAxis(plot.time);
        slot.band[c]->attachAxis(plot.band);
    }
    // RPM: the refused attempts, stacked on the accepted ones, under every line.
    Plot &rpm = m_plots[0];
    slot.refusedTop = new QLineSeries(rpm.chart);
    slot.refusedBottom = new QLineSeries(rpm.chart);
    slot.refused = new QAreaSeries(rpm.chart);
    slot.refused->setUpperSeries(slot.refusedTop);
    slot.refused->setLowerSeries(slot.refusedBottom);
    slot.refused->setPen(Qt::NoPen);
    slot.refused->setBrush(refusedColour());
    rpm.chart->addSeries(slot.refused);
    slot.refused->attachAxis(rpm.time);
    slot.refused->attachAxis(rpm.value);
    for (std::size_t c = 0; c < 2; ++c) {
        Plot &plot = m_plots[c];
        slot.limit[c] = new QLineSeries(plot.chart);
        slot.limit[c]->setPen(limitLinePen(colour));
        slot.used[c] = new QLineSeries(plot.chart);
        // RPM: every attempt, the top of the refused stack, thin; the accepted line below is the
        // group's line. TPM: tokens, the group's line.
        slot.used[c]->setPen(c == 0 ? attemptsLinePen(colour)
                                    : usedLinePen(colour, kDashes[std::size_t(index)]));
        for (QLineSeries *series : {slot.limit[c], slot.used[c]}) {
            plot.chart->addSeries(series);
            series->attachAxis(plot.time);
            series->attachAxis(plot.value);
        }
    }
    slot.accepted = new QLineSeries(rpm.chart);
    slot.accepted->setPen(usedLinePen(colour, kDashes[std::size_t(index)]));
    rpm.chart->addSeries(slot.accepted);
    slot.accepted->attachAxis(rpm.time);
    slot.accepted->attachAxis(rpm.value);
    slot.markers = new QScatterSeries(m_plots[0].chart);
    slot.markers->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    slot.markers->setMarkerSize(11);
    slot.markers->setColor(colour);
    slot.markers->setBorderColor(QColor(0x20, 0x20, 0x20));
}

void HeadroomChart::setStore(const MetricsStore *store)
{
    m_store = store;
    refresh();
}

void HeadroomChart::setGroups(const QStringList &groups)
{
    m_groups = groups;
    refresh();
}

void HeadroomChart::setWindow(Window window)
{
    m_bar->setWindow(window);
    if (window == m_window) {
        return;
    }
    m_window = window;
    emit windowChanged(window);
    refresh();
}

qint64 HeadroomChart::windowMs(Window window)
{
    switch (window) {
    case Window::FiveMinutes:
        return 5 * 60'000;
    case Window::OneHour:
        return 60 * 60'000;
    case Window::OneDay:
        break;
    }
    return 24 * 60 * 60'000;
}

void HeadroomChart::setEndTime(qint64 ms)
{
    m_live = false;
    m_endMs = ms;
    m_bar->setLive(false);
    refresh();
}

void HeadroomChart::followLive()
{
    m_live = true;
    m_bar->setLive(true);
    refresh();
}

void HeadroomChart::showAround(qint64 timeMs)
{
    qint64 end = timeMs + windowMs(m_window) / 2;
    // Near the present, end at the latest poll rather than show empty future.
    if (m_store && m_store->hasSample()) {
        end = std::max(timeMs, std::min(end, m_store->clock().latestTimeMs()));
    }
    setEndTime(end);
}

void HeadroomChart::refresh()
{
    if (!m_store || !m_store->hasSample()) {
        showEmpty(tr("Waiting for the first poll…"));
        return;
    }
    if (m_groups.isEmpty()) {
        showEmpty(tr("Select one or more model groups to chart their RPM and TPM headroom."));
        return;
    }
    m_toMs = m_live ? m_store->clock().latestTimeMs() : m_endMs;
    m_fromMs = m_toMs - windowMs(m_window);
    m_tier = chartTier(*m_store, m_fromMs, windowMs(m_window), kMaxPoints);
    for (Plot &plot : m_plots) {
        plot.top = 0;
    }
    QList<ChartLegend::Entry> legend;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        Slot &slot = m_slots[i];
        if (qsizetype(i) < m_groups.size()) {
            slot.group = m_groups[qsizetype(i)];
            fillSlot(slot);
            legend.append({slot.group, kColours[i], kDashes[i]});
        } else {
            clearSlot(slot);
        }
    }
    m_legend->setEntries(legend);
    updateAxes();
    // Lay the axes out now rather than from a posted event: the view then paints each poll
    // once, with the new series and axes together, instead of once before and once after.
    // The axis text items are not cached as pixmaps (DeviceCoordinateCache): once the layout
    // moved them, the window's rendering (screenshots, grab) drew their cached pixmaps blank,
    // and the TPM chart lost its value labels and title after minutes of the demo.
    for (Plot &plot : m_plots) {
        plot.chart->layout()->activate();
    }
    alignPlotAreas();
    m_stack->setCurrentIndex(1);
    updateHeader();
}

QRectF HeadroomChart::plotArea(Chart chart) const
{
    return m_plots[chart == Chart::Rpm ? 0 : 1].chart->plotArea();
}

void HeadroomChart::alignPlotAreas()
{
    if (m_aligning || m_plots[0].chart == nullptr || m_plots[1].chart == nullptr) {
        return; // the margin set below lays the chart out again, which lands here
    }
    m_aligning = true;
    // One moment must sit at one x in both charts, or a spike in RPM and its TPM spike look
    // apart: the chart whose value labels are narrower gets the difference as left margin.
    const qreal left =
        std::max(m_plots[0].chart->plotArea().left(), m_plots[1].chart->plotArea().left());
    for (Plot &plot : m_plots) {
        const int missing = int(std::lround(left - plot.chart->plotArea().left()));
        if (missing > 0) {
            QMargins margins = plot.chart->margins();
            margins.setLeft(margins.left() + missing);
            plot.chart->setMargins(margins);
            plot.chart->layout()->activate();
        }
    }
    m_aligning = false;
    updateTimeLabels();
}

void HeadroomChart::updateTimeLabels()
{
    if (m_timeLabels == nullptr) {
        return; // a layout while the constructor builds the charts
    }
    // The strip sits under the bottom chart: its plot area's edges, in the strip's coordinates
    // (mapFromScene gives the view's viewport coordinates).
    const Plot &plot = m_plots[1];
    const QRectF area = plot.chart->plotArea();
    const auto stripX = [&](QPointF scenePoint) {
        const QWidget *viewport = plot.view->viewport();
        return m_timeLabels
            ->mapFromGlobal(viewport->mapToGlobal(plot.view->mapFromScene(scenePoint)))
            .x();
    };
    const int left = stripX(area.topLeft());
    const int right = stripX(area.topRight());
    m_timeLabels->setWindow(m_fromMs, m_toMs, left, right);
}

void HeadroomChart::showEmpty(const QString &text)
{
    for (Slot &slot : m_slots) {
        clearSlot(slot);
    }
    m_tier = -1;
    m_fromMs = m_toMs = 0;
    m_empty->setText(text);
    m_legend->setEntries({});
    m_stack->setCurrentIndex(0);
    updateHeader();
}

void HeadroomChart::clearSlot(Slot &slot)
{
    slot.group.clear();
    slot.bands.clear();
    for (std::size_t c = 0; c < 2; ++c) {
        for (QXYSeries *series :
             {static_cast<QXYSeries *>(slot.used[c]), static_cast<QXYSeries *>(slot.limit[c]),
              static_cast<QXYSeries *>(slot.bandEdge[c])}) {
            if (series->count() > 0) {
                series->clear();
            }
        }
        slot.used[c]->setVisible(false);
        slot.limit[c]->setVisible(false);
        slot.band[c]->setVisible(false);
    }
    for (QLineSeries *series : {slot.accepted, slot.refusedTop, slot.refusedBottom}) {
        if (series->count() > 0) {
            series->clear();
        }
    }
    slot.accepted->setVisible(false);
    slot.refused->setVisible(false);
    if (slot.markers->count() > 0) {
        slot.markers->clear();
    }
    slot.markers->setVisible(false);
}

} // namespace headroom::ui
