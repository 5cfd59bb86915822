#pragma once
// The one widget that owns all Qt Charts use (Qt Charts is deprecated from Qt 6.10: swapping it
// for Qt Graphs touches this file only). Two stacked charts over the same time window, RPM on top
// and TPM below, for up to four selected groups: what each group used against its limit (RPM:
// the attempts its deployments accepted, with those they refused with 429 stacked on top in the
// 429 colour), clients' 429 responses as markers and cooldowns as hatched time bands. Everything
// is read from a MetricsStore; refresh() replaces each series' points in bulk, reusing the
// series objects.

#include "chartwindowbar.h"

#include <array>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QStringList>
#include <QWidget>
#include <utility>

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QStackedWidget;
class QValueAxis;
QT_END_NAMESPACE

namespace headroom {
class MetricsStore;
}

namespace headroom::ui {

class ChartLegend;

class TimeLabelStrip;

class HeadroomChart : public QWidget {
    Q_OBJECT
public:
    using Window = ChartWindow;
    enum class Chart { Rpm, Tpm };
    using Interval = std::pair<qint64, qint64>; // [start, end] in ms since the epoch

    static constexpr int kMaxGroups = 4;   // more lines than this are unreadable
    static constexpr int kMaxPoints = 720; // per series: the finest tier's capacity

    explicit HeadroomChart(QWidget *parent = nullptr);
    ~HeadroomChart() override;

    // The store must outlive this widget, or be unset first.
    void setStore(const MetricsStore *store);
    void setGroups(const QStringList &groups);
    void setWindow(Window window);
    Window window() const { return m_window; }
    static qint64 windowMs(Window window);

    // A fixed end instead of the latest poll; followLive() goes back to the latest.
    void setEndTime(qint64 ms);
    void followLive();
    bool isFollowingLive() const { return m_live; }
    // Centres the window on a moment (an event selected elsewhere).
    void showAround(qint64 timeMs);

    // What the last refresh() showed, for tests and screenshots.
    QStringList shownGroups() const;
    int tier() const { return m_tier; }
    qint64 rangeStartMs() const { return m_fromMs; }
    qint64 rangeEndMs() const { return m_toMs; }
    bool isShowingEmptyState() const;
    QString emptyStateText() const;
    QString noteText() const;
    // RPM: every attempt (accepted + refused, what the table's "RPM attempts" and the limit
    // count); TPM: tokens.
    QList<QPointF> usedPoints(const QString &group, Chart chart) const;
    // RPM only: the attempts the deployments accepted, the bottom of the stack.
    QList<QPointF> acceptedPoints(const QString &group) const;
    // Where a chart draws its data, in its view's coordinates.
    QRectF plotArea(Chart chart) const;
    QList<QPointF> limitPoints(const QString &group, Chart chart) const;
    QList<QPointF> rateLimitMarkers(const QString &group) const;
    QList<Interval> cooldownBands(const QString &group) const;
    // Every series object of both charts: the same objects across refreshes.
    QList<const QObject *> seriesObjects() const;

public slots:
    // Re-reads the store: call once per poll.
    void refresh();

signals:
    void windowChanged(headroom::ui::ChartWindow window);

private:
    static constexpr int kMargin = 6; // around and between the charts' plot areas

    struct Plot {
        QChartView *view = nullptr;
        QChart *chart = nullptr;
        // Milliseconds since the window's start, labels hidden (TimeLabelStrip shows the times):
        // its range stays put while the live window slides, so Qt Charts, which lays an axis's
        // labels out as rich text on every range change, has nothing to redo each poll.
        QValueAxis *time = nullptr;
        QValueAxis *value = nullptr;
        QValueAxis *band = nullptr; // hidden 0..1 axis: bands span the full height
        double top = 0;             // largest value charted in this refresh
        QString laidOutFor;         // what the layout last measured (ranges, formats, margins)
    };
    struct Slot {
        QString group;
        std::array<QLineSeries *, 2> used{};
        std::array<QLineSeries *, 2> limit{};
        std::array<QAreaSeries *, 2> band{};
        std::array<QLineSeries *, 2> bandEdge{}; // the band's outline, not shown by itself
        QLineSeries *accepted = nullptr;         // RPM: attempts accepted
        QAreaSeries *refused = nullptr;          // RPM: from accepted up to every attempt
        QLineSeries *refusedTop = nullptr;       // the refused area's edges, not shown by
        QLineSeries *refusedBottom = nullptr;    // themselves
        QScatterSeries *markers = nullptr;
        QList<Interval> bands;
    };

    void buildPlot(Plot &plot, const QString &valueTitle);
    void buildSlot(int index);
    void showEmpty(const QString &text);
    void clearSlot(Slot &slot);
    void fillSlot(Slot &slot);
    void updateAxes();
    void alignPlotAreas();
    void updateTimeLabels();
    bool m_aligning = false;
    void updateHeader();
    const Slot *slotFor(const QString &group) const;

    const MetricsStore *m_store = nullptr;
    QStringList m_groups;
    Window m_window = Window::FiveMinutes;
    bool m_live = true;
    qint64 m_endMs = 0;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    int m_tier = -1;

    ChartWindowBar *m_bar = nullptr;
    QLabel *m_note = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
    ChartLegend *m_legend = nullptr;
    TimeLabelStrip *m_timeLabels = nullptr; // under the bottom chart, for both
    std::array<Plot, 2> m_plots{};
    std::array<Slot, kMaxGroups> m_slots{};
};

} // namespace headroom::ui
