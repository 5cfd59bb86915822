#include "push/pushhistorymodel.h"

#include <algorithm>

namespace headroom::push {

PushHistoryModel::PushHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PushHistoryModel::setRecords(std::vector<PushRecord> records)
{
    std::reverse(records.begin(), records.end());
    beginResetModel();
    m_records = std::move(records);
    endResetModel();
}

const PushRecord *PushHistoryModel::record(int row) const
{
    return row >= 0 && row < int(m_records.size()) ? &m_records[std::size_t(row)] : nullptr;
}

int PushHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int PushHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PushHistoryModel::data(const QModelIndex &index, int role) const
{
    const PushRecord *r = index.isValid() ? record(index.row()) : nullptr;
    if (r == nullptr) {
        return {};
    }
    if (role == IdRole) {
        return r->id;
    }
    if (role == Qt::ToolTipRole) {
        return r->message;
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case When:
        return r->when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Who:
        return r->who;
    case Outcome:
        return pushOutcomeName(r->outcome);
    case Changes:
        if (r->diff.isEmpty()) {
            return QStringLiteral("no change");
        }
        return r->diff.size() == 1 ? r->diff.front()
                                   : QStringLiteral("%1 (and %2 more)")
                                         .arg(r->diff.front())
                                         .arg(r->diff.size() - 1);
    default:
        return {};
    }
}

QVariant PushHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case When:
        return QStringLiteral("When");
    case Who:
        return QStringLiteral("Who");
    case Outcome:
        return QStringLiteral("Outcome");
    case Changes:
        return QStringLiteral("Changes");
    default:
        return {};
    }
}

} // namespace headroom::push
