#include "chartlegend.h"

#include <QPainter>
#include <QPainterPath>
#include <QPen>

namespace headroom::ui {

namespace {

constexpr int kSample = 28;  // width of a line sample
constexpr int kGap = 6;      // between a sample and its text
constexpr int kSpacing = 18; // between entries
constexpr int kPadding = 4;

} // namespace

QPen usedLinePen(const QColor &colour, const QList<qreal> &dashes)
{
    QPen pen(colour, 2.2);
    pen.setCapStyle(Qt::FlatCap);
    if (!dashes.isEmpty()) {
        pen.setDashPattern(dashes);
    }
    return pen;
}

QPen limitLinePen(const QColor &colour)
{
    // Thinner and evenly dashed: a ceiling, not a measurement.
    QPen pen(colour, 1.4);
    pen.setDashPattern({4, 3});
    return pen;
}

QPen attemptsLinePen(const QColor &colour)
{
    return QPen(colour, 1.0);
}

QColor refusedColour()
{
    return QColor(0xD5, 0x5E, 0x00, 120);
}

QBrush bandBrush(const QColor &colour)
{
    // Hatched, so a cooldown reads as a stretch of time and never as a shaded value row.
    QColor c = colour;
    c.setAlpha(150);
    return QBrush(c, Qt::BDiagPattern);
}

ChartLegend::ChartLegend(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ChartLegend::setEntries(const QList<Entry> &entries)
{
    m_entries = entries;
    updateGeometry();
    update();
}

QSize ChartLegend::sizeHint() const
{
    // Two rows: the groups, then the key.
    return {400, 2 * fontMetrics().height() + 3 * kPadding};
}

QSize ChartLegend::minimumSizeHint() const
{
    return {100, sizeHint().height()};
}

void ChartLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int rowHeight = fm.height();
    const QColor text = palette().color(QPalette::WindowText);
    const QColor muted = palette().color(QPalette::PlaceholderText);

    // Draws a sample with paint(), then its label; returns false once the row is full.
    int x = kPadding;
    int y = kPadding;
    const auto item = [&](const QString &label, const QColor &colour, auto paint) {
        const int labelWidth = fm.horizontalAdvance(label);
        const int available = width() - kPadding - x - kSample - kGap;
        if (available < fm.horizontalAdvance(QStringLiteral("Www…"))) {
            return;
        }
        paint(QRect(x, y, kSample, rowHeight));
        p.setPen(colour);
        const QString shown = fm.elidedText(label, Qt::ElideMiddle, available);
        p.drawText(QRect(x + kSample + kGap, y, available, rowHeight), Qt::AlignVCenter, shown);
        x += kSample + kGap + std::min(labelWidth, available) + kSpacing;
    };
    const auto line = [&p](const QPen &pen) {
        return [&p, pen](const QRect &r) {
            p.setPen(pen);
            p.drawLine(QPointF(r.left(), r.center().y() + 0.5),
                       QPointF(r.right(), r.center().y() + 0.5));
        };
    };

    for (const Entry &e : m_entries) {
        item(e.name, text, line(usedLinePen(e.colour, e.dashes)));
    }

    x = kPadding;
    y += rowHeight + kPadding;
    item(tr("limit (dashed)"), muted, line(limitLinePen(muted)));
    item(tr("refused with 429 (stacked)"), muted, [&p](const QRect &r) {
        p.setPen(Qt::NoPen);
        p.setBrush(refusedColour());
        p.drawRect(r.adjusted(2, 2, -2, -2));
    });
    item(tr("clients got 429"), muted, [&p, muted](const QRect &r) {
        const QPointF c = QRectF(r).center();
        QPainterPath triangle;
        triangle.moveTo(c.x(), c.y() - 5);
        triangle.lineTo(c.x() + 5.5, c.y() + 4.5);
        triangle.lineTo(c.x() - 5.5, c.y() + 4.5);
        triangle.closeSubpath();
        p.setPen(QPen(Qt::black, 1));
        p.setBrush(muted);
        p.drawPath(triangle);
    });
    item(tr("cooling down (hatched)"), muted, [&p, muted](const QRect &r) {
        p.setPen(Qt::NoPen);
        p.setBrush(bandBrush(muted.darker(130)));
        p.drawRect(r.adjusted(4, 0, -4, 0));
    });
}

} // namespace headroom::ui
