#include "mergingsortproxy.h"

#include "mergingtablemodel.h"

namespace headroom {

MergingSortProxy::MergingSortProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(MergingTableModel::SortRole);
}

void MergingSortProxy::setSourceModel(QAbstractItemModel *source)
{
    m_merging = qobject_cast<const MergingTableModel *>(source);
    QSortFilterProxyModel::setSourceModel(source);
}

bool MergingSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_merging != nullptr && sortRole() == MergingTableModel::SortRole &&
        left.column() == right.column()) {
        const SortKey &a = m_merging->sortKeyAt(left.row(), left.column());
        const SortKey &b = m_merging->sortKeyAt(right.row(), right.column());
        if (a.number && b.number) {
            // The order QVariant gives: NaN never occurs (sortNumber maps unknowns to a number).
            return *a.number < *b.number;
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace headroom
