#pragma once
// The chart's time controls: which window (5 min / 1 h / 24 h) and whether it follows the latest
// poll. A plain widget so the main window can place it without knowing about Qt Charts.

#include <QWidget>

class QButtonGroup;
class QToolButton;

namespace headroom::ui {

enum class ChartWindow { FiveMinutes, OneHour, OneDay };

class ChartWindowBar : public QWidget {
    Q_OBJECT
public:
    explicit ChartWindowBar(QWidget *parent = nullptr);

    void setWindow(ChartWindow window);
    ChartWindow window() const;
    // Live: the charts end at the latest poll. Not live: pinned to a moment (an event elsewhere).
    void setLive(bool live);
    bool isLive() const;

signals:
    void windowSelected(headroom::ui::ChartWindow window);
    void liveRequested();

private:
    QButtonGroup *m_windows = nullptr;
    QToolButton *m_live = nullptr;
};

} // namespace headroom::ui
