#pragma once
// The key under the RPM/TPM charts, painted by hand: one entry per charted group (its colour and
// line style) and what the dashed lines, the refused stack, triangles and hatched bands mean.
// Qt Charts' own legend would list six entries per group and truncate them.

#include <QColor>
#include <QList>
#include <QWidget>

namespace headroom::ui {

class ChartLegend : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        QString name;
        QColor colour;
        QList<qreal> dashes; // the used line's dash pattern, empty for a solid line
    };

    explicit ChartLegend(QWidget *parent = nullptr);

    void setEntries(const QList<Entry> &entries);
    QList<Entry> entries() const { return m_entries; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Entry> m_entries;
};

// Pens shared by the chart and its key, so the two cannot drift apart.
QPen usedLinePen(const QColor &colour, const QList<qreal> &dashes);
QPen limitLinePen(const QColor &colour);
// RPM: the thin line on top of the refused stack (every attempt).
QPen attemptsLinePen(const QColor &colour);
// Attempts refused with 429: the 429 colour (Okabe–Ito vermillion), translucent.
QColor refusedColour();
// A deployment cooling down: a hatched time band, unlike any value band or line.
QBrush bandBrush(const QColor &colour);

} // namespace headroom::ui
