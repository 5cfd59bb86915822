#pragma once
// Paints a headroom cell as a bar filled to the fraction left, in the level's colour, with the
// model's text ("71% OK") drawn over it: colour is never the only cue.

#include <QStyledItemDelegate>

namespace headroom::ui {

class HeadroomBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit HeadroomBarDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace headroom::ui
