#pragma once
// Paints a table cell as one line of text over the row's background, without the style's item
// panel: a 1,000-group board repaints every visible cell on each poll, and the style's text
// layout was most of that.

#include <QFont>
#include <QHash>
#include <QStyledItemDelegate>

namespace headroom::ui {

class PlainCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PlainCellDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

    // Whether the text surely fits the width, from per-character advances: eliding measures the
    // whole text with a full shaping pass, which was half of a cell's cost, and nearly every cell
    // fits with room to spare. False for a near miss, which paint() then measures properly.
    bool surelyFits(const QString &text, const QFont &font, qreal width) const;

private:
    mutable QFont m_font; // the advances below are this font's
    mutable QHash<char16_t, qreal> m_advances;
};

} // namespace headroom::ui
