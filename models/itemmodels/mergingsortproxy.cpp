#include "itemmodels/mergingsortproxy.h"

#include "itemmodels/mergingtablemodel.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace headroom {

namespace {

// QSortFilterProxyModel's order of two SortRole values (numbers; text without case), made a
// total order: NaN after every number, and a number before any text (neither occurs in one
// column today, but std::sort must never see an inconsistent comparison).
int compareKeys(const SortKey &a, const SortKey &b)
{
    if (a.number && b.number) {
        const bool aNan = std::isnan(*a.number);
        const bool bNan = std::isnan(*b.number);
        if (aNan || bNan) {
            return int(aNan) - int(bNan);
        }
        return *a.number < *b.number ? -1 : *b.number < *a.number ? 1 : 0;
    }
    if (a.number || b.number) {
        return a.number ? -1 : 1;
    }
    return a.text.compare(b.text, Qt::CaseInsensitive);
}

} // namespace

MergingSortProxy::MergingSortProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{}

void MergingSortProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections)) {
        disconnect(c);
    }
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    m_merging = qobject_cast<const MergingTableModel *>(source);
    if (m_merging != nullptr) {
        const auto *s = m_merging;
        m_connections = {
            connect(s, &QAbstractItemModel::dataChanged, this,
                    &MergingSortProxy::sourceDataChanged),
            connect(s, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    &MergingSortProxy::sourceRowsAboutToBeRemoved),
            connect(s, &QAbstractItemModel::rowsRemoved, this,
                    &MergingSortProxy::sourceRowsRemoved),
            connect(s, &QAbstractItemModel::rowsInserted, this,
                    &MergingSortProxy::sourceRowsInserted),
            connect(s, &QAbstractItemModel::layoutAboutToBeChanged, this,
                    &MergingSortProxy::sourceLayoutAboutToBeChanged),
            connect(s, &QAbstractItemModel::layoutChanged, this,
                    &MergingSortProxy::sourceLayoutChanged),
            connect(s, &QAbstractItemModel::modelAboutToBeReset, this,
                    &MergingSortProxy::sourceAboutToBeReset),
            connect(s, &QAbstractItemModel::modelReset, this, &MergingSortProxy::sourceReset),
            connect(s, &MergingTableModel::mergeFinished, this,
                    &MergingSortProxy::sourceMergeFinished),
            connect(s, &QObject::destroyed, this,
                    [this] {
                        beginResetModel();
                        m_merging = nullptr;
                        m_rows.clear();
                        m_proxyOf.clear();
                        endResetModel();
                    }),
            connect(s, &QAbstractItemModel::headerDataChanged, this,
                    [this](Qt::Orientation orientation, int first, int last) {
                        if (orientation == Qt::Horizontal) {
                            Q_EMIT headerDataChanged(orientation, first, last);
                        } else if (!m_rows.empty()) {
                            Q_EMIT headerDataChanged(orientation, 0, int(m_rows.size()) - 1);
                        }
                    }),
            // Columns are fixed in a MergingTableModel; should they change, start over.
            connect(s, &QAbstractItemModel::columnsAboutToBeInserted, this,
                    &MergingSortProxy::sourceAboutToBeReset),
            connect(s, &QAbstractItemModel::columnsInserted, this, &MergingSortProxy::sourceReset),
            connect(s, &QAbstractItemModel::columnsAboutToBeRemoved, this,
                    &MergingSortProxy::sourceAboutToBeReset),
            connect(s, &QAbstractItemModel::columnsRemoved, this, &MergingSortProxy::sourceReset),
        };
    }
    m_rows = orderedRows();
    rebuildIndex();
    endResetModel();
}

QModelIndex MergingSortProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount()) {
        return {};
    }
    return createIndex(row, column);
}

QModelIndex MergingSortProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex MergingSortProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int MergingSortProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MergingSortProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_merging == nullptr ? 0 : m_merging->columnCount();
}

bool MergingSortProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex MergingSortProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || m_merging == nullptr ||
        std::size_t(proxyIndex.row()) >= m_rows.size()) {
        return {};
    }
    return m_merging->index(m_rows[std::size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex MergingSortProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_merging ||
        std::size_t(sourceIndex.row()) >= m_proxyOf.size()) {
        return {};
    }
    const int row = m_proxyOf[std::size_t(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QVariant MergingSortProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (m_merging == nullptr) {
        return {};
    }
    if (orientation == Qt::Vertical) {
        // Rows are numbered as the proxy shows them, like QSortFilterProxyModel does.
        return section >= 0 && std::size_t(section) < m_rows.size() && role == Qt::DisplayRole
                   ? QVariant(section + 1)
                   : QVariant();
    }
    return m_merging->headerData(section, orientation, role);
}

void MergingSortProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_order) {
        return;
    }
    m_sortColumn = column; // kept as asked: a column the source lacks sorts by nothing
    m_order = order;
    syncRows();
}

void MergingSortProxy::setFilterKeyColumn(int column)
{
    if (column != m_filterColumn) {
        m_filterColumn = column;
        syncRows();
    }
}

void MergingSortProxy::setFilterFixedString(const QString &text)
{
    if (text != m_filter) {
        m_filter = text;
        syncRows();
    }
}

bool MergingSortProxy::accepts(int sourceRow) const
{
    if (m_filter.isEmpty()) {
        return true;
    }
    return m_merging->index(sourceRow, m_filterColumn)
        .data()
        .toString()
        .contains(m_filter, Qt::CaseInsensitive);
}

std::vector<int> MergingSortProxy::orderedRows() const
{
    std::vector<int> rows;
    if (m_merging == nullptr) {
        return rows;
    }
    const int count = m_merging->rowCount();
    rows.reserve(std::size_t(count));
    for (int r = 0; r < count; ++r) {
        if (accepts(r)) {
            rows.push_back(r);
        }
    }
    if (m_sortColumn < 0 || m_sortColumn >= m_merging->columnCount()) {
        return rows;
    }
    // The keys are gathered once: a row's cells are kilobytes apart, and comparing them in place
    // cost a cache miss per comparison (milliseconds for 1,000 rows).
    struct Entry {
        const SortKey *key;
        int row;
    };
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    bool numeric = true;
    for (const int r : rows) {
        const SortKey &key = m_merging->sortKeyAt(r, m_sortColumn);
        numeric = numeric && key.number && !std::isnan(*key.number);
        entries.push_back({&key, r});
    }
    const bool ascending = m_order == Qt::AscendingOrder;
    if (numeric) {
        std::vector<std::pair<double, int>> keyed;
        keyed.reserve(entries.size());
        for (const Entry &e : entries) {
            keyed.emplace_back(ascending ? *e.key->number : -*e.key->number, e.row);
        }
        std::sort(keyed.begin(), keyed.end()); // ties by row: the source's order
        for (std::size_t i = 0; i < keyed.size(); ++i) {
            rows[i] = keyed[i].second;
        }
        return rows;
    }
    std::sort(entries.begin(), entries.end(), [ascending](const Entry &a, const Entry &b) {
        const int c = compareKeys(*a.key, *b.key);
        if (c != 0) {
            return ascending ? c < 0 : c > 0;
        }
        return a.row < b.row; // ties keep the source's order in both directions
    });
    for (std::size_t i = 0; i < entries.size(); ++i) {
        rows[i] = entries[i].row;
    }
    return rows;
}

void MergingSortProxy::rebuildIndex()
{
    m_proxyOf.assign(m_merging != nullptr ? std::size_t(m_merging->rowCount()) : 0, -1);
    for (std::size_t p = 0; p < m_rows.size(); ++p) {
        m_proxyOf[std::size_t(m_rows[p])] = int(p);
    }
}

void MergingSortProxy::syncRows()
{
    const std::vector<int> target = orderedRows();
    std::vector<bool> wanted(m_proxyOf.size(), false);
    for (const int r : target) {
        wanted[std::size_t(r)] = true;
    }
    std::vector<bool> keep(m_rows.size());
    for (std::size_t p = 0; p < m_rows.size(); ++p) {
        keep[p] = wanted[std::size_t(m_rows[p])];
    }
    dropRows(keep);
    // The rows that stay, in the target's order: a layout change (a re-sort) if that differs.
    std::vector<bool> present(m_proxyOf.size(), false);
    for (const int r : m_rows) {
        present[std::size_t(r)] = true;
    }
    std::vector<int> staying;
    staying.reserve(m_rows.size());
    for (const int r : target) {
        if (present[std::size_t(r)]) {
            staying.push_back(r);
        }
    }
    reorder(std::move(staying));
    addRows(target);
}

void MergingSortProxy::dropRows(const std::vector<bool> &keep)
{
    // From the bottom up, one signal per run of consecutive rows, so earlier rows keep their rows.
    for (int p = int(m_rows.size()) - 1; p >= 0;) {
        if (keep[std::size_t(p)]) {
            --p;
            continue;
        }
        int first = p;
        while (first > 0 && !keep[std::size_t(first - 1)]) {
            --first;
        }
        beginRemoveRows({}, first, p);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + p + 1);
        rebuildIndex();
        endRemoveRows();
        p = first - 1;
    }
}

void MergingSortProxy::reorder(std::vector<int> order)
{
    if (order == m_rows) {
        return;
    }
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> sources;
    sources.reserve(std::size_t(from.size()));
    for (const QModelIndex &index : from) {
        sources.push_back(m_rows[std::size_t(index.row())]);
    }
    m_rows = std::move(order);
    rebuildIndex();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        to.append(createIndex(m_proxyOf[std::size_t(sources[std::size_t(i)])], from[i].column()));
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void MergingSortProxy::addRows(const std::vector<int> &target)
{
    // The rows present are already in the target's relative order: walk the target, and insert
    // each run of new rows at its final position.
    for (std::size_t i = 0; i < target.size();) {
        if (m_proxyOf[std::size_t(target[i])] >= 0) {
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        while (end < target.size() && m_proxyOf[std::size_t(target[end])] < 0) {
            ++end;
        }
        beginInsertRows({}, int(i), int(end - 1));
        m_rows.insert(m_rows.begin() + qsizetype(i), target.begin() + qsizetype(i),
                      target.begin() + qsizetype(end));
        rebuildIndex();
        endInsertRows();
        i = end;
    }
}

void MergingSortProxy::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                         const QList<int> &roles)
{
    const auto covers = [&](int column) {
        return column >= topLeft.column() && column <= bottomRight.column();
    };
    const bool keysChanged =
        covers(m_sortColumn) || (!m_filter.isEmpty() && covers(m_filterColumn));
    if (m_merging->isMerging()) {
        // A poll's merge signals each run of changed rows: sort once and signal once, when it is
        // done (mergeFinished).
        m_syncPending = m_syncPending || keysChanged;
        Change &c = m_pendingChange;
        if (c.firstRow < 0) {
            c = {topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(), roles};
        } else {
            c.firstRow = std::min(c.firstRow, topLeft.row());
            c.lastRow = std::max(c.lastRow, bottomRight.row());
            c.firstColumn = std::min(c.firstColumn, topLeft.column());
            c.lastColumn = std::max(c.lastColumn, bottomRight.column());
            c.roles = c.roles == roles ? c.roles : QList<int>();
        }
        return;
    }
    if (keysChanged) {
        syncRows();
    }
    emitChange({topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(), roles});
}

void MergingSortProxy::emitChange(const Change &change)
{
    int first = -1;
    int last = -1;
    for (int r = change.firstRow; r <= change.lastRow; ++r) {
        const int p = m_proxyOf[std::size_t(r)];
        if (p >= 0) {
            first = first < 0 ? p : std::min(first, p);
            last = std::max(last, p);
        }
    }
    if (first >= 0) {
        Q_EMIT dataChanged(index(first, change.firstColumn), index(last, change.lastColumn),
                           change.roles);
    }
}

void MergingSortProxy::flushPendingChange()
{
    // Before rows move in the source, the pending rows' numbers still hold: signal them now.
    if (m_pendingChange.firstRow >= 0) {
        const Change change = std::exchange(m_pendingChange, {});
        emitChange(change);
    }
}

void MergingSortProxy::sourceMergeFinished()
{
    if (m_syncPending) {
        m_syncPending = false;
        syncRows();
    }
    flushPendingChange();
}

void MergingSortProxy::sourceRowsAboutToBeRemoved(const QModelIndex &, int first, int last)
{
    flushPendingChange();
    std::vector<bool> keep(m_rows.size(), true);
    for (std::size_t p = 0; p < m_rows.size(); ++p) {
        keep[p] = m_rows[p] < first || m_rows[p] > last;
    }
    dropRows(keep);
}

void MergingSortProxy::sourceRowsRemoved(const QModelIndex &, int first, int last)
{
    const int count = last - first + 1;
    for (int &r : m_rows) {
        r -= r > last ? count : 0;
    }
    rebuildIndex();
}

void MergingSortProxy::sourceRowsInserted(const QModelIndex &, int first, int last)
{
    flushPendingChange();
    const int count = last - first + 1;
    for (int &r : m_rows) {
        r += r >= first ? count : 0;
    }
    rebuildIndex();
    addRows(orderedRows());
}

void MergingSortProxy::sourceLayoutAboutToBeChanged()
{
    flushPendingChange();
    Q_EMIT layoutAboutToBeChanged();
    m_layoutProxies = persistentIndexList();
    m_layoutSources.clear();
    for (const QModelIndex &index : std::as_const(m_layoutProxies)) {
        m_layoutSources.append(mapToSource(index));
    }
}

void MergingSortProxy::sourceLayoutChanged()
{
    m_rows = orderedRows();
    rebuildIndex();
    QModelIndexList to;
    for (const QPersistentModelIndex &source : std::as_const(m_layoutSources)) {
        to.append(mapFromSource(source));
    }
    changePersistentIndexList(m_layoutProxies, to);
    m_layoutProxies.clear();
    m_layoutSources.clear();
    Q_EMIT layoutChanged();
}

void MergingSortProxy::sourceAboutToBeReset()
{
    flushPendingChange();
    beginResetModel();
}

void MergingSortProxy::sourceReset()
{
    m_rows = orderedRows();
    rebuildIndex();
    endResetModel();
}

} // namespace headroom
