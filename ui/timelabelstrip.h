#pragma once
// The time labels under the charts, at round times, painted as plain text: Qt Charts lays each
// axis label out as a rich-text document, about 0.7 ms a poll as the live window slides.

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>
#include <utility>

namespace headroom::ui {

class TimeLabelStrip : public QWidget {
    Q_OBJECT
public:
    explicit TimeLabelStrip(QWidget *parent = nullptr);

    // The charts' background and label colour, so that the labels read as part of the chart.
    void setColours(const QColor &background, const QColor &text);

    // The window shown, and where the plot's left and right edges are in this widget.
    void setWindow(qint64 fromMs, qint64 toMs, qreal plotLeft, qreal plotRight);

    // The labels the last window gets, and the plot's edges they were placed for: for tests.
    QStringList labels() const;
    std::pair<qreal, qreal> plotEdges() const { return {m_left, m_right}; }
    // Milliseconds between two labels for a window of spanMs across widthPx pixels, each label
    // labelPx wide: the smallest round step (1 s … 6 h) that keeps labels apart.
    static qint64 stepFor(qint64 spanMs, qreal widthPx, qreal labelPx);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Tick {
        qreal x = 0;
        QString text;
    };
    QList<Tick> ticks() const;

    QColor m_ink = palette().color(QPalette::WindowText);
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    qreal m_left = 0;
    qreal m_right = 0;
};

} // namespace headroom::ui
