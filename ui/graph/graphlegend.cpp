#include "graphlegend.h"

#include "analysis/headroomlevel.h"
#include "graphitems.h"

#include <QPainter>

namespace headroom::ui {

namespace {
constexpr int kRow = 18;
constexpr int kRows = 12;
} // namespace

GraphLegend::GraphLegend(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("graphLegend"));
}

QSize GraphLegend::sizeHint() const
{
    return {220, kRows * kRow + 8};
}

void GraphLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    QFont f = font();
    f.setPointSizeF(8);
    p.setFont(f);
    int y = 4;
    const auto text = [&](const QString &s) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(52, y, width() - 56, kRow), Qt::AlignVCenter | Qt::AlignLeft, s);
        y += kRow;
    };
    const auto line = [&](const QPen &pen, const QString &s) {
        p.setPen(pen);
        p.drawLine(QPointF(6, y + kRow / 2.0), QPointF(44, y + kRow / 2.0));
        text(s);
    };
    const auto dashed = [](FallbackKind kind, QColor colour, double width) {
        QPen pen(colour, width, GraphEdgeItem::penStyle(kind), Qt::FlatCap);
        if (kind == FallbackKind::ContextWindow) {
            pen.setDashPattern({5, 3});
        } else if (kind == FallbackKind::ContentPolicy) {
            pen.setDashPattern({1, 2.5});
        } else if (kind == FallbackKind::Default) {
            pen.setDashPattern({6, 2.5, 1, 2.5});
        }
        return pen;
    };
    const QColor busy(0x30, 0x30, 0x30);
    line(dashed(FallbackKind::General, busy, 2), tr("fallbacks (1st, 2nd … in order)"));
    line(dashed(FallbackKind::ContextWindow, busy, 2), tr("context window fallbacks"));
    line(dashed(FallbackKind::ContentPolicy, busy, 2), tr("content policy fallbacks"));
    line(dashed(FallbackKind::Default, busy, 2), tr("default fallbacks"));
    line(QPen(busy, 6), tr("wider: more fallback traffic/s"));
    line(QPen(QColor(0xA8, 0xA8, 0xA8), 1.2), tr("configured, carrying nothing"));
    line(QPen(QColor(0xCC, 0x79, 0xA7), 3), tr("traffic outside the chain"));
    QColor halo(0xE6, 0x9F, 0x00, 120);
    line(QPen(halo, 9, Qt::SolidLine, Qt::RoundCap), tr("predicted cascade path"));
    // Node borders by level, in words.
    const HeadroomLevel levels[] = {HeadroomLevel::Healthy, HeadroomLevel::Tight,
                                    HeadroomLevel::Critical, HeadroomLevel::Exhausted};
    for (int i = 0; i < 4; ++i) {
        p.setPen(QPen(levelColor(levels[i]), 1.5 + i * 0.8));
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(6 + i * 10, y + 3, 8, kRow - 6), 2, 2);
    }
    text(tr("border: OK, tight, critical, exhausted"));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x3A, 0x3A, 0x3A));
    p.drawRoundedRect(QRectF(6, y + 3, 38, kRow - 6), 6, 6);
    text(tr("deployments cooling down"));
    p.setPen(QPen(QColor(0x55, 0x55, 0x55), 1.5, Qt::DashDotLine));
    p.setBrush(QColor(0x56, 0xB4, 0xE9, 28));
    p.drawRoundedRect(QRectF(6, y + 2, 38, kRow - 4), 4, 4);
    text(tr("groups sharing one quota"));
    QPolygonF triangle;
    triangle << QPointF(25, y + 3) << QPointF(33, y + kRow - 3) << QPointF(17, y + kRow - 3);
    p.setPen(QPen(Qt::black, 1));
    p.setBrush(QColor(0xE6, 0x9F, 0x00));
    p.drawPolygon(triangle);
    text(tr("a finding (listed below)"));
}

} // namespace headroom::ui
