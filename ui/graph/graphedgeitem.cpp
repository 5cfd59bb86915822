#include "graphitems.h"
#include "itemmodels/boardformat.h"

#include <cmath>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace headroom::ui {

namespace {

using M = FallbackGraphModel;

std::optional<double> optionalDouble(const QVariant &v)
{
    return v.isValid() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

const QColor kPredicted(0xE6, 0x9F, 0x00);
const QColor kUnconfigured(0xCC, 0x79, 0xA7); // reddish purple
const QColor kQuiet(0xA8, 0xA8, 0xA8);
const QColor kBusy(0x30, 0x30, 0x30);
const QColor kDraft(0x00, 0x72, 0xB2);   // Okabe–Ito blue: the draft's own edges
const QColor kRemoved(0xD5, 0x5E, 0x00); // vermillion: edges the draft removes

QFont labelFont(bool bold)
{
    QFont f;
    f.setPointSizeF(7.5);
    f.setBold(bold);
    return f;
}

bool carries(const EdgeStyle &s)
{
    return s.traffic.value_or(0) > 0;
}

// Width by traffic: a hairline when idle, up to ~9 px for a few hundred hops/s; logarithmic, as
// the traffic of one chain spans orders of magnitude.
double lineWidth(const EdgeStyle &s)
{
    if (!carries(s)) {
        return 1.2;
    }
    return 1.8 + std::min(7.0, 1.6 * std::log2(1.0 + *s.traffic));
}

} // namespace

EdgeStyle EdgeStyle::from(const QModelIndex &e)
{
    EdgeStyle s;
    s.kind = FallbackKind(e.data(M::KindRole).toInt());
    s.order = e.data(M::OrderRole).toInt();
    s.origin = EdgeOrigin(e.data(M::OriginRole).toInt());
    s.traffic = optionalDouble(e.data(M::TrafficRole));
    s.failedShare = optionalDouble(e.data(M::FailedShareRole));
    s.predicted = e.data(M::PredictedRole).toBool();
    s.predictedIn = optionalDouble(e.data(M::PredictedInRole));
    s.predictedTraffic = optionalDouble(e.data(M::PredictedTrafficRole));
    s.findings = int(e.data(M::FindingsRole).toStringList().size());
    return s;
}

QString EdgeStyle::label() const
{
    QStringList parts;
    // A removed edge is drawn where it was but has no place in the draft's order.
    if (order > 0 && change != EdgeChange::Removed) {
        parts.append(ordinalText(order));
    }
    if (kind != FallbackKind::General) {
        parts.append(fallbackKindText(kind));
    }
    parts.append(formatPerSecond(traffic));
    if (failedShare && *failedShare > 0) {
        parts.append(QObject::tr("%1% failed").arg(std::lround(*failedShare * 100)));
    }
    QString text = parts.join(QStringLiteral(" · "));
    if (origin == EdgeOrigin::Unconfigured) {
        text += QObject::tr("\nnot configured");
    }
    if (predicted) {
        text += QObject::tr("\npredicted %1 %2")
                    .arg(formatPerSecond(predictedTraffic),
                         predictedIn ? formatTimeToExhaustion(*predictedIn) : QString());
    }
    if (findings > 0) {
        text += QObject::tr("\n⚠ %n finding(s)", nullptr, findings);
    }
    switch (change) {
    case EdgeChange::Unchanged:
        break;
    case EdgeChange::Added:
        text += QObject::tr("\n+ added in draft");
        break;
    case EdgeChange::Removed:
        text += QObject::tr("\n× removed in draft");
        break;
    case EdgeChange::Moved:
        text += QObject::tr("\n↕ moved in draft (was %1)").arg(ordinalText(liveOrder));
        break;
    case EdgeChange::KindChanged:
        text += QObject::tr("\n⇄ kind changed in draft (was %1)").arg(fallbackKindText(liveKind));
        break;
    }
    return text;
}

QString GraphEdgeItem::changeMark(EdgeChange change)
{
    switch (change) {
    case EdgeChange::Unchanged:
        return {};
    case EdgeChange::Added:
        return QStringLiteral("+");
    case EdgeChange::Removed:
        return QStringLiteral("×");
    case EdgeChange::Moved:
        return QStringLiteral("↕");
    case EdgeChange::KindChanged:
        return QStringLiteral("⇄");
    }
    return {};
}

Qt::PenStyle GraphEdgeItem::penStyle(FallbackKind kind)
{
    switch (kind) {
    case FallbackKind::General:
        return Qt::SolidLine;
    case FallbackKind::ContextWindow:
        return Qt::DashLine;
    case FallbackKind::ContentPolicy:
        return Qt::DotLine;
    case FallbackKind::Default:
        return Qt::DashDotLine;
    }
    return Qt::SolidLine;
}

GraphEdgeItem::GraphEdgeItem(QString from, QString to, FallbackKind kind, const QPainterPath &path,
                             QPointF arrowTip, QPointF labelAt)
    : m_from(std::move(from))
    , m_to(std::move(to))
    , m_kind(kind)
    , m_path(path)
    , m_tip(arrowTip)
    , m_labelAt(labelAt)
{
    setZValue(1);
    m_style.kind = kind;
    m_bounds = m_path.boundingRect().united(QRectF(m_tip, QSizeF(1, 1))).adjusted(-14, -14, 14, 14);
    EdgeStyle initial;
    initial.kind = kind;
    setStyle(initial);
}

void GraphEdgeItem::setStyle(EdgeStyle style)
{
    if (style == m_style && !m_label.isEmpty()) {
        return;
    }
    QString label = style.label();
    const QFontMetricsF metrics(labelFont(carries(style)));
    const QRectF text = metrics.boundingRect(QRectF(0, 0, 400, 200), Qt::AlignCenter, label);
    QRectF plate(0, 0, text.width() + 8, text.height() + 2);
    plate.moveCenter(m_labelAt);
    if (plate != m_labelRect) {
        prepareGeometryChange();
        m_labelRect = plate;
    }
    m_style = style;
    m_label = std::move(label);
    update();
}

QRectF GraphEdgeItem::boundingRect() const
{
    return m_bounds.united(m_labelRect.adjusted(-1, -1, 1, 1));
}

QPainterPath GraphEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    QPainterPath p = stroker.createStroke(m_path);
    p.addRect(m_labelRect);
    return p;
}

void GraphEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const EdgeStyle &s = m_style;
    painter->setRenderHint(QPainter::Antialiasing, true);
    const double width = lineWidth(s);
    QColor colour = s.origin == EdgeOrigin::Unconfigured ? kUnconfigured
                    : carries(s)                         ? kBusy
                                                         : kQuiet;
    if (s.change == EdgeChange::Removed) {
        colour = kRemoved;
    } else if (s.change != EdgeChange::Unchanged) {
        colour = kDraft;
    }
    if (isSelected()) {
        // The edge the editor's keys act on: a wide pale band under the line.
        painter->setPen(
            QPen(QColor(0x56, 0xB4, 0xE9, 150), width + 10, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
    }
    if (s.predicted) {
        // A halo under the line: the predicted path, before it carries anything.
        QColor halo = kPredicted;
        halo.setAlpha(120);
        painter->setPen(QPen(halo, width + 9, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
    }
    QPen pen(colour, width, penStyle(s.kind), Qt::FlatCap);
    if (s.kind != FallbackKind::General) {
        pen.setDashPattern(s.kind == FallbackKind::ContextWindow   ? QList<qreal>{5, 3}
                           : s.kind == FallbackKind::ContentPolicy ? QList<qreal>{1, 2.5}
                                                                   : QList<qreal>{6, 2.5, 1, 2.5});
        pen.setWidthF(std::max(width, 1.6));
    }
    if (s.change == EdgeChange::Added || s.change == EdgeChange::KindChanged) {
        pen.setWidthF(pen.widthF() + 1.5); // the draft's edges stand out by weight too
    }
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (s.change == EdgeChange::Removed) {
        // Crossed out along its length: a removed edge reads as removed without its colour.
        painter->setPen(QPen(kRemoved, 2));
        for (const double at : {0.3, 0.5, 0.7}) {
            const QPointF c = m_path.pointAtPercent(at);
            painter->drawLine(c + QPointF(-5, -5), c + QPointF(5, 5));
            painter->drawLine(c + QPointF(-5, 5), c + QPointF(5, -5));
        }
    }
    if (const QString mark = changeMark(s.change);
        !mark.isEmpty() && s.change != EdgeChange::Removed) {
        // A round badge with the change's mark where the line leaves its group.
        const QPointF c = m_path.pointAtPercent(0.2);
        const QRectF badge(c - QPointF(8, 8), QSizeF(16, 16));
        painter->setPen(QPen(colour, 1.5));
        painter->setBrush(Qt::white);
        painter->drawEllipse(badge);
        QFont f = labelFont(true);
        f.setPointSizeF(9);
        painter->setFont(f);
        painter->drawText(badge, Qt::AlignCenter, mark);
    }

    // Arrow head from the spline's end to the tip.
    const QPointF end = m_path.currentPosition();
    QLineF shaft(end, m_tip);
    if (shaft.length() < 1) {
        shaft = QLineF(m_path.pointAtPercent(0.95), m_tip);
    }
    const double angle = std::atan2(shaft.dy(), shaft.dx());
    const double size = 7 + width;
    const QPointF a = m_tip - QPointF(std::cos(angle - 0.45) * size, std::sin(angle - 0.45) * size);
    const QPointF b = m_tip - QPointF(std::cos(angle + 0.45) * size, std::sin(angle + 0.45) * size);
    painter->setPen(QPen(colour, 1));
    painter->setBrush(colour);
    painter->drawPolygon(QPolygonF{m_tip, a, b});
    if (shaft.length() >= 1) {
        painter->setPen(QPen(colour, width));
        painter->drawLine(end, m_tip - (m_tip - end) * 0.5);
    }

    if (QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()) < 0.35) {
        return; // too small to read: the label appears when zoomed in
    }
    // The label on a light plate so it reads over lines.
    const QRectF &plate = m_labelRect;
    painter->setPen(QPen(s.predicted ? kPredicted : QColor(0xCC, 0xCC, 0xCC), 1));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(plate, 4, 4);
    painter->setFont(labelFont(carries(s)));
    painter->setPen(s.origin == EdgeOrigin::Unconfigured ? QColor(0x8A, 0x2A, 0x6A)
                    : carries(s)                         ? Qt::black
                                                         : QColor(0x66, 0x66, 0x66));
    painter->drawText(plate, Qt::AlignCenter, m_label);
}

} // namespace headroom::ui
