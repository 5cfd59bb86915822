#include "graphitems.h"
#include "itemmodels/boardformat.h"

#include <QDateTime>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace headroom::ui {

namespace {

using M = FallbackGraphModel;

std::optional<double> optionalDouble(const QVariant &v)
{
    return v.isValid() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

const QColor kPredicted(0xE6, 0x9F, 0x00); // Okabe–Ito orange: "predicted" wherever it shows
const QColor kSelected(0x00, 0x72, 0xB2);  // blue
const QColor kFinding(0xD5, 0x5E, 0x00);   // vermillion

QFont font(qreal points, bool bold = false)
{
    QFont f;
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

} // namespace

QColor levelColor(HeadroomLevel level)
{
    return QColor(headroomLevelColorName(level));
}

NodeStyle NodeStyle::from(const QModelIndex &g)
{
    NodeStyle s;
    s.name = g.data(M::NameRole).toString();
    s.known = g.data(M::KnownRole).toBool();
    s.rpmFraction = optionalDouble(g.data(M::RpmFractionRole));
    s.rpmLevel = HeadroomLevel(g.data(M::RpmLevelRole).toInt());
    s.rpmText = g.data(M::RpmTextRole).toString();
    s.tpmFraction = optionalDouble(g.data(M::TpmFractionRole));
    s.tpmLevel = HeadroomLevel(g.data(M::TpmLevelRole).toInt());
    s.tpmText = g.data(M::TpmTextRole).toString();
    s.level = HeadroomLevel(g.data(M::LevelRole).toInt());
    s.deployment429 = optionalDouble(g.data(M::Deployment429Role));
    s.client429 = optionalDouble(g.data(M::Client429Role));
    s.cooling = g.data(M::CoolingCountRole).toInt();
    s.deployments = g.data(M::DeploymentCountRole).toInt();
    s.coolingUntilMs = g.data(M::CoolingUntilRole).toLongLong();
    s.predicted = g.data(M::PredictedRole).toBool();
    s.predictedIn = optionalDouble(g.data(M::PredictedInRole));
    s.fedBy = g.data(M::FedByRole).toString();
    s.findings = int(g.data(M::FindingsRole).toStringList().size());
    const QVariant severity = g.data(M::FindingSeverityRole);
    s.findingSeverity = severity.isValid() ? std::optional<int>(severity.toInt()) : std::nullopt;
    return s;
}

GraphNodeItem::GraphNodeItem(const QString &group, QSizeF size)
    : m_group(group)
    , m_size(size)
{
    setFlags(ItemIsSelectable | ItemIsFocusable);
    setZValue(2);
}

void GraphNodeItem::setStyle(NodeStyle style)
{
    if (style == m_style) {
        return;
    }
    m_style = std::move(style);
    update();
}

QRectF GraphNodeItem::boundingRect() const
{
    // The node, its selection ring and the findings badge that sticks out of its corner.
    return QRectF(-m_size.width() / 2, -m_size.height() / 2, m_size.width(), m_size.height())
        .adjusted(-6, -10, 10, 6);
}

void GraphNodeItem::paintBar(QPainter *painter, QRectF row, const QString &what,
                             std::optional<double> fraction, HeadroomLevel level,
                             const QString &text) const
{
    painter->setFont(font(7.5, true));
    painter->setPen(QColor(0x44, 0x44, 0x44));
    const QRectF label(row.left(), row.top(), 30, row.height());
    painter->drawText(label, Qt::AlignVCenter | Qt::AlignLeft, what);
    const QRectF track = row.adjusted(32, 1, 0, -1);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0, 0, 0, 22));
    painter->drawRoundedRect(track, 3, 3);
    if (fraction) {
        QRectF filled = track;
        filled.setWidth(std::max(*fraction > 0 ? 3.0 : 0.0, track.width() * *fraction));
        QColor colour = levelColor(level);
        colour.setAlpha(150);
        painter->setBrush(colour);
        painter->drawRoundedRect(filled, 3, 3);
    }
    // The level in words as well as colour: "4% critical".
    QFont f = font(7.5, level == HeadroomLevel::Exhausted || level == HeadroomLevel::Critical);
    painter->setFont(f);
    painter->setPen(Qt::black);
    painter->drawText(track.adjusted(6, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
}

void GraphNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const NodeStyle &s = m_style;
    const QRectF box(-m_size.width() / 2, -m_size.height() / 2, m_size.width(), m_size.height());
    painter->setRenderHint(QPainter::Antialiasing, true);

    if (option->state & QStyle::State_Selected) {
        painter->setPen(QPen(kSelected, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(-4, -4, 4, 4), 9, 9);
    }
    // The border says the level: its colour, and a heavier line the worse it is.
    const double widths[] = {1.0, 1.5, 2.0, 3.0, 4.0}; // Unknown … Exhausted
    QPen border(s.known ? levelColor(s.level) : QColor(0x88, 0x88, 0x88),
                widths[std::clamp(int(s.level), 0, 4)]);
    if (!s.known) {
        border.setStyle(Qt::DashLine);
    }
    painter->setPen(border);
    painter->setBrush(s.predicted ? QColor(0xFF, 0xF4, 0xDE) : QColor(Qt::white));
    painter->drawRoundedRect(box, 6, 6);
    if (s.predicted) {
        painter->setPen(QPen(kPredicted, 2.5, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(-2.5, -2.5, 2.5, 2.5), 8, 8);
    }

    const qreal left = box.left() + 8;
    const qreal width = box.width() - 16;
    qreal y = box.top() + 4;
    // Zoomed far out (a fleet fitted into the window) text would be a few pixels high: the
    // node shows its border, name and bars, and the rest appears when zoomed in.
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.45) {
        painter->setFont(font(11, true));
        painter->setPen(Qt::black);
        painter->drawText(QRectF(left, y, width, 22), Qt::AlignVCenter | Qt::AlignLeft, s.name);
        const std::pair<std::optional<double>, HeadroomLevel> bars[] = {
            {s.rpmFraction, s.rpmLevel}, {s.tpmFraction, s.tpmLevel}};
        qreal barY = y + 30;
        for (const auto &[fraction, level] : bars) {
            const QRectF track(left, barY, width, 18);
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0, 0, 0, 22));
            painter->drawRect(track);
            painter->setBrush(levelColor(level));
            painter->drawRect(
                QRectF(track.topLeft(), QSizeF(track.width() * fraction.value_or(0), 18)));
            barY += 24;
        }
        if (s.cooling > 0) {
            painter->setBrush(QColor(0x3A, 0x3A, 0x3A));
            painter->drawRoundedRect(QRectF(left, barY + 4, width / 2, 16), 8, 8);
        }
        return;
    }
    painter->setFont(font(9.5, true));
    painter->setPen(Qt::black);
    const QFontMetricsF nameMetrics(painter->font());
    const qreal badgeRoom = s.findings > 0 ? 34 : 0;
    painter->drawText(QRectF(left, y, width - badgeRoom, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      nameMetrics.elidedText(s.name, Qt::ElideMiddle, width - badgeRoom));
    y += 20;

    if (!s.known) {
        painter->setFont(font(8));
        painter->setPen(QColor(0x55, 0x55, 0x55));
        painter->drawText(QRectF(left, y, width, 36), Qt::AlignLeft | Qt::TextWordWrap,
                          QObject::tr("Not served by the proxy: only the chain names it"));
    } else {
        paintBar(painter, QRectF(left, y, width, 16), QStringLiteral("RPM"), s.rpmFraction,
                 s.rpmLevel, s.rpmText);
        y += 19;
        paintBar(painter, QRectF(left, y, width, 16), QStringLiteral("TPM"), s.tpmFraction,
                 s.tpmLevel, s.tpmText);
        y += 20;
        // What the deployments refused and what clients got: fallbacks hide the first.
        const bool refusing = s.deployment429.value_or(0) > 0 || s.client429.value_or(0) > 0;
        painter->setFont(font(8));
        painter->setPen(refusing ? QColor(0xA0, 0x30, 0x00) : QColor(0x44, 0x44, 0x44));
        const auto number = [](std::optional<double> perSecond) {
            QString text = formatPerSecond(perSecond);
            if (text.endsWith(QStringLiteral("/s"))) {
                text.chop(2);
            }
            return text;
        };
        const QString refused = QObject::tr("429/s: %1 refused · %2 to clients")
                                    .arg(number(s.deployment429), number(s.client429));
        painter->drawText(
            QRectF(left, y, width, 16), Qt::AlignVCenter | Qt::AlignLeft,
            QFontMetricsF(painter->font()).elidedText(refused, Qt::ElideRight, width));
        y += 18;
        if (s.cooling > 0) {
            // A badge: a filled pill with the count, so it reads without colour.
            const QString text =
                QObject::tr("%1 of %2 cooling").arg(s.cooling).arg(s.deployments) +
                (s.coolingUntilMs > 0 ? QObject::tr(" · back by %1")
                                            .arg(QDateTime::fromMSecsSinceEpoch(s.coolingUntilMs)
                                                     .toString(QStringLiteral("HH:mm:ss")))
                                      : QString());
            painter->setFont(font(7.5, true));
            const qreal w =
                std::min(width, QFontMetricsF(painter->font()).horizontalAdvance(text) + 14);
            const QRectF pill(left, y, w, 16);
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0x3A, 0x3A, 0x3A));
            painter->drawRoundedRect(pill, 8, 8);
            painter->setPen(Qt::white);
            painter->drawText(pill, Qt::AlignCenter, text);
        } else if (s.deployments > 0) {
            painter->setFont(font(7.5));
            painter->setPen(QColor(0x66, 0x66, 0x66));
            painter->drawText(QRectF(left, y, width, 16), Qt::AlignVCenter | Qt::AlignLeft,
                              QObject::tr("0 of %1 cooling").arg(s.deployments));
        }
        y += 19;
    }
    if (s.predicted) {
        painter->setFont(font(7.5, true));
        painter->setPen(QColor(0x8A, 0x50, 0x00));
        // A group refusing now whose prediction starts from a fresh minute window would read
        // "saturates in 31 s" beside its own 429s: say both what is and what comes.
        const bool refusingNow =
            s.level == HeadroomLevel::Exhausted || (s.deployment429 && *s.deployment429 > 0);
        QString text =
            refusingNow && s.predictedIn && *s.predictedIn > 0
                ? QObject::tr("saturated now; again %1").arg(formatTimeToExhaustion(*s.predictedIn))
                : QObject::tr("predicted: saturates %1")
                      .arg(s.predictedIn ? formatTimeToExhaustion(*s.predictedIn) : unknownText());
        if (!s.fedBy.isEmpty()) {
            text += QObject::tr(" (from %1)").arg(s.fedBy);
        }
        painter->drawText(QRectF(left, box.bottom() - 18, width, 16),
                          Qt::AlignVCenter | Qt::AlignLeft,
                          QFontMetricsF(painter->font()).elidedText(text, Qt::ElideRight, width));
    }
    if (s.findings > 0) {
        // A warning triangle with the count: the findings panel lists them.
        const QPointF corner(box.right() - 14, box.top() + 2);
        QPolygonF triangle;
        triangle << corner + QPointF(0, -8) << corner + QPointF(11, 12)
                 << corner + QPointF(-11, 12);
        painter->setPen(QPen(Qt::black, 1));
        painter->setBrush(s.findingSeverity.value_or(1) == 0 ? kFinding : kPredicted);
        painter->drawPolygon(triangle);
        painter->setFont(font(7.5, true));
        painter->setPen(Qt::black);
        painter->drawText(QRectF(corner.x() - 8, corner.y() - 2, 16, 14), Qt::AlignCenter,
                          s.findings > 1 ? QString::number(s.findings) : QStringLiteral("!"));
    }
}

GraphPoolItem::GraphPoolItem(QRectF outline, QString label)
    : m_outline(outline)
    , m_label(std::move(label))
{
    setZValue(0);
    setToolTip(m_label);
}

QRectF GraphPoolItem::boundingRect() const
{
    return m_outline.adjusted(-2, -2, 2, 2);
}

void GraphPoolItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(QColor(0x55, 0x55, 0x55), 1.5, Qt::DashDotLine));
    painter->setBrush(QColor(0x56, 0xB4, 0xE9, 28)); // sky blue, faint
    painter->drawRoundedRect(m_outline, 10, 10);
    painter->setFont(font(7.5, true));
    painter->setPen(QColor(0x33, 0x33, 0x33));
    const QRectF text = m_outline.adjusted(10, 1, -10, 0);
    painter->drawText(QRectF(text.left(), text.top(), text.width(), 15),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(painter->font())
                          .elidedText(QObject::tr("shared quota: %1").arg(m_label), Qt::ElideRight,
                                      text.width()));
}

} // namespace headroom::ui
