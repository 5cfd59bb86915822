#include "itemmodels/mergingtablemodel.h"

#include "itemmodels/boardformat.h"

#include <algorithm>
#include <iterator>

namespace headroom {

MergingTableModel::MergingTableModel(int columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(columns)
{}

int MergingTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MergingTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant MergingTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const TableRow &row = m_rows[std::size_t(index.row())];
    const TableCell &cell = row.cells[std::size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return cellText(cell);
    case Qt::ToolTipRole: {
        const QString text = !cell.toolTip.isEmpty() ? cell.toolTip
                             : row.detail            ? row.detail->toolTip(index.column())
                                                     : QString();
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    case Qt::TextAlignmentRole:
        return isNumericColumn(index.column()) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                               : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case SortRole:
        return cell.sortValue.toVariant();
    case HeadroomFractionRole:
        return cell.fraction ? QVariant(*cell.fraction) : QVariant();
    case HeadroomLevelRole:
        return int(cell.level);
    case HeadroomLevelTextRole:
        return headroomLevelText(cell.level);
    case KeyRole:
        return row.key;
    default:
        return {};
    }
}

QHash<int, QByteArray> MergingTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(HeadroomFractionRole, "headroomFraction");
    names.insert(HeadroomLevelRole, "headroomLevel");
    names.insert(HeadroomLevelTextRole, "headroomLevelText");
    names.insert(KeyRole, "key");
    return names;
}

QString MergingTableModel::keyAt(int row) const
{
    return row >= 0 && std::size_t(row) < m_rows.size() ? m_rows[std::size_t(row)].key : QString();
}

const SortKey &MergingTableModel::sortKeyAt(int row, int column) const
{
    return m_rows[std::size_t(row)].cells[std::size_t(column)].sortValue;
}

int MergingTableModel::rowOfKey(const QString &key) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), key,
                                     [](const TableRow &r, const QString &k) { return r.key < k; });
    return it != m_rows.end() && it->key == key ? int(it - m_rows.begin()) : -1;
}

void MergingTableModel::normalize(std::vector<TableRow> &rows) const
{
    // Samples come sorted by group: check before sorting. Stable: of two rows with one key (a
    // malformed sample), the first one wins.
    const auto byKey = [](const TableRow &a, const TableRow &b) {
        return a.key < b.key;
    };
    if (!std::is_sorted(rows.begin(), rows.end(), byKey)) {
        std::stable_sort(rows.begin(), rows.end(), byKey);
    }
    rows.erase(std::unique(rows.begin(), rows.end(),
                           [](const TableRow &a, const TableRow &b) { return a.key == b.key; }),
               rows.end());
    for (TableRow &r : rows) {
        r.cells.resize(std::size_t(m_columns));
    }
}

void MergingTableModel::mergeRows(std::vector<TableRow> &rows)
{
    normalize(rows);
    m_mergingNow = true;
    // Both lists are sorted by key: one walk, contiguous runs of removed or added rows batched.
    std::size_t i = 0;
    std::size_t j = 0;
    ChangedRun run;
    const auto oldBeforeNew = [&](std::size_t oi, std::size_t nj) {
        return nj == rows.size() || (oi < m_rows.size() && m_rows[oi].key < rows[nj].key);
    };
    while (i < m_rows.size() || j < rows.size()) {
        if (i < m_rows.size() && oldBeforeNew(i, j)) {
            flush(run);
            std::size_t end = i + 1;
            while (end < m_rows.size() && oldBeforeNew(end, j)) {
                ++end;
            }
            beginRemoveRows({}, int(i), int(end - 1));
            m_rows.erase(m_rows.begin() + qsizetype(i), m_rows.begin() + qsizetype(end));
            endRemoveRows();
        } else if (i == m_rows.size() || rows[j].key < m_rows[i].key) {
            flush(run);
            std::size_t end = j + 1;
            while (end < rows.size() && (i == m_rows.size() || rows[end].key < m_rows[i].key)) {
                ++end;
            }
            beginInsertRows({}, int(i), int(i + (end - j) - 1));
            m_rows.insert(m_rows.begin() + qsizetype(i),
                          std::make_move_iterator(rows.begin() + qsizetype(j)),
                          std::make_move_iterator(rows.begin() + qsizetype(end)));
            endInsertRows();
            i += end - j;
            j = end;
        } else {
            const auto columns = updateRow(int(i), std::move(rows[j]));
            if (!columns) {
                flush(run);
            } else if (run.firstRow < 0) {
                run = {int(i), int(i), columns->first, columns->second};
            } else {
                run.lastRow = int(i);
                run.firstColumn = std::min(run.firstColumn, columns->first);
                run.lastColumn = std::max(run.lastColumn, columns->second);
            }
            ++i;
            ++j;
        }
    }
    flush(run);
    m_mergingNow = false;
    Q_EMIT mergeFinished();
}

void MergingTableModel::flush(ChangedRun &run)
{
    if (run.firstRow < 0) {
        return;
    }
    Q_EMIT dataChanged(index(run.firstRow, run.firstColumn), index(run.lastRow, run.lastColumn));
    run = {};
}

std::optional<std::pair<int, int>> MergingTableModel::updateRow(int row, TableRow &&fresh)
{
    m_rows[std::size_t(row)].detail = std::move(fresh.detail);
    std::vector<TableCell> &cells = m_rows[std::size_t(row)].cells;
    int first = -1;
    int last = -1;
    for (int c = 0; c < m_columns; ++c) {
        if (!(cells[std::size_t(c)] == fresh.cells[std::size_t(c)])) {
            cells[std::size_t(c)] = std::move(fresh.cells[std::size_t(c)]);
            first = first < 0 ? c : first;
            last = c;
        }
    }
    return first < 0 ? std::nullopt : std::optional(std::pair{first, last});
}

void MergingTableModel::resetRows(std::vector<TableRow> rows)
{
    normalize(rows);
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

} // namespace headroom
