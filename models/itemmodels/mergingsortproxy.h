#pragma once
// The sorting and filtering proxy of the board's polled tables (MergingTableModel sources): a
// flat row permutation re-sorted in one pass when a poll changes the sort column, instead of
// QSortFilterProxyModel's per-row remove and binary insert (most of a 1,000-group poll's model
// time). Rows keep their identity across re-sorts (persistent indexes, hence selection, follow
// them), and a filter change inserts and removes rows rather than resetting.

#include <QAbstractProxyModel>
#include <vector>

namespace headroom {

class MergingTableModel;
struct SortKey;

class MergingSortProxy : public QAbstractProxyModel {
    Q_OBJECT
public:
    explicit MergingSortProxy(QObject *parent = nullptr);

    // Only a MergingTableModel is shown; any other model leaves the proxy empty.
    void setSourceModel(QAbstractItemModel *source) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // By SortRole, as QSortFilterProxyModel would order it: numbers numerically, text without
    // regard to case, ties in source (key) order. Column -1: source order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_order; }

    // Rows whose filter column's text contains the string (any case); empty: every row.
    void setFilterKeyColumn(int column);
    int filterKeyColumn() const { return m_filterColumn; }
    void setFilterFixedString(const QString &text);
    QString filterFixedString() const { return m_filter; }

private:
    struct Change {
        int firstRow = -1; // source rows
        int lastRow = -1;
        int firstColumn = 0;
        int lastColumn = 0;
        QList<int> roles;
    };

    bool accepts(int sourceRow) const;
    std::vector<int> orderedRows() const;
    // Brings the rows to orderedRows(): removes, re-orders, then inserts, each with its signals.
    void syncRows();
    void dropRows(const std::vector<bool> &keep);
    void reorder(std::vector<int> order);
    void addRows(const std::vector<int> &target);
    void rebuildIndex();

    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void emitChange(const Change &change);
    void flushPendingChange();
    void sourceMergeFinished();
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceLayoutAboutToBeChanged();
    void sourceLayoutChanged();
    void sourceAboutToBeReset();
    void sourceReset();

    const MergingTableModel *m_merging = nullptr;
    std::vector<int> m_rows;    // proxy row → source row
    std::vector<int> m_proxyOf; // source row → proxy row, -1 if filtered out
    int m_sortColumn = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    int m_filterColumn = 0;
    QString m_filter;
    bool m_syncPending = false; // a merge changed sort or filter keys: sync when it finishes
    Change m_pendingChange;     // rows the merge changed so far
    QList<QPersistentModelIndex> m_layoutSources; // during a source layout change
    QModelIndexList m_layoutProxies;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace headroom
