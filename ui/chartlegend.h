#pragma once
// The key under the RPM/TPM charts, painted by hand: one entry per charted group (its colour and
// line style) and what the dashed lines, triangles and bands mean. Qt Charts' own legend would
// list four entries per group and truncate them once a few groups are shown.

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
QColor bandColour(const QColor &colour);

} // namespace headroom::ui
