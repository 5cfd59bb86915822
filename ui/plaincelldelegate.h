#pragma once
// Paints a table cell as one line of text over the row's background, without the style's item
// panel: a 1,000-group board repaints every visible cell on each poll, and the style's text
// layout was most of that.

#include <QStyledItemDelegate>

namespace headroom::ui {

class PlainCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PlainCellDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace headroom::ui
