#include "mergingsortproxy.h"

#include "mergingtablemodel.h"

namespace headroom {

MergingSortProxy::MergingSortProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(MergingTableModel::SortRole);
}

bool MergingSortProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto *source = qobject_cast<const MergingTableModel *>(sourceModel());
    if (source != nullptr && sortRole() == MergingTableModel::SortRole &&
        left.column() == right.column()) {
        const QVariant &a = source->sortValueAt(left.row(), left.column());
        const QVariant &b = source->sortValueAt(right.row(), right.column());
        if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) {
            // Same order as QVariant's: NaN never occurs (sortNumber maps unknowns to a number).
            return *static_cast<const double *>(a.constData()) <
                   *static_cast<const double *>(b.constData());
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace headroom
