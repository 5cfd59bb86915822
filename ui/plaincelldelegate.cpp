#include "plaincelldelegate.h"

#include <QApplication>
#include <QPainter>

namespace headroom::ui {

PlainCellDelegate::PlainCellDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void PlainCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    const QStyle::State state = option.state;
    const QPalette::ColorGroup group = !(state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (state & QStyle::State_Active) ? QPalette::Active
                                                                        : QPalette::Inactive;
    const bool selected = state & QStyle::State_Selected;
    if (selected) {
        painter->fillRect(option.rect, option.palette.brush(group, QPalette::Highlight));
    } else if (option.features & QStyleOptionViewItem::Alternate) {
        painter->fillRect(option.rect, option.palette.brush(group, QPalette::AlternateBase));
    }

    const QStyle *style = option.widget != nullptr ? option.widget->style() : QApplication::style();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, option.widget) + 1;
    const QRect text = option.rect.adjusted(margin, 0, -margin, 0);
    const QVariant alignment = index.data(Qt::TextAlignmentRole);
    const auto align = alignment.isValid()
                           ? Qt::Alignment(alignment.toInt()) & Qt::AlignHorizontal_Mask
                           : Qt::AlignLeft;
    const QString full = index.data(Qt::DisplayRole).toString();
    const QString shown = surelyFits(full, option.font, text.width())
                              ? full
                              : option.fontMetrics.elidedText(full, Qt::ElideRight, text.width());
    painter->save();
    painter->setPen(
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(text, int(align | Qt::AlignVCenter | Qt::TextSingleLine), shown);
    if ((state & QStyle::State_HasFocus) && (state & QStyle::State_KeyboardFocusChange)) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.backgroundColor =
            option.palette.color(group, selected ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, option.widget);
    }
    painter->restore();
}

bool PlainCellDelegate::surelyFits(const QString &text, const QFont &font, qreal width) const
{
    if (!(font == m_font)) {
        m_font = font;
        m_advances.clear();
    }
    const QFontMetricsF metrics(m_font);
    qreal sum = 0;
    for (const QChar c : text) {
        if (c.isSurrogate()) {
            return false; // outside the basic plane: let the full measurement decide
        }
        auto it = m_advances.constFind(c.unicode());
        if (it == m_advances.constEnd()) {
            it = m_advances.insert(c.unicode(), metrics.horizontalAdvance(c));
        }
        sum += *it;
    }
    // Kerning and shaping can only move a line of text by a little: keep well clear of the edge.
    return sum * 1.05 + 1 <= width;
}

} // namespace headroom::ui
