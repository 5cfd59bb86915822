#include "headroombardelegate.h"

#include "analysis/headroomlevel.h"
#include "itemmodels/mergingtablemodel.h"

#include <QApplication>
#include <QPainter>

namespace headroom::ui {

HeadroomBarDelegate::HeadroomBarDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void HeadroomBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QVariant fraction = index.data(MergingTableModel::HeadroomFractionRole);
    const auto level = HeadroomLevel(index.data(MergingTableModel::HeadroomLevelRole).toInt());
    const QRect track = opt.rect.adjusted(4, 4, -4, -4);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    QColor background = opt.palette.color(QPalette::Mid);
    background.setAlpha(60);
    painter->setBrush(background);
    painter->drawRoundedRect(track, 3, 3);
    if (fraction.isValid()) {
        const double f = std::clamp(fraction.toDouble(), 0.0, 1.0);
        QRect filled = track;
        filled.setWidth(std::max(f > 0 ? 3 : 0, int(track.width() * f)));
        QColor colour(headroomLevelColorName(level));
        colour.setAlpha(opt.state & QStyle::State_Selected ? 200 : 120);
        painter->setBrush(colour);
        painter->drawRoundedRect(filled, 3, 3);
    }
    // Text on a light halo so it reads over any fill.
    painter->setPen(opt.palette.color(QPalette::Text));
    QFont font = opt.font;
    if (level == HeadroomLevel::Exhausted || level == HeadroomLevel::Critical) {
        font.setBold(true);
    }
    painter->setFont(font);
    painter->drawText(track.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    painter->restore();
}

QSize HeadroomBarDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width() + 24, 120));
    size.setHeight(std::max(size.height(), 24));
    return size;
}

} // namespace headroom::ui
