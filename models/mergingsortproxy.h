#pragma once
// The sorting and filtering proxy of the board's polled tables: compares the rows' numeric sort
// values directly instead of through QVariant, because every poll of a 1,000-group fleet re-sorts
// the whole table.

#include <QSortFilterProxyModel>

namespace headroom {

class MergingSortProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit MergingSortProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const class MergingTableModel *m_merging = nullptr; // the source, when it is one
};

} // namespace headroom
