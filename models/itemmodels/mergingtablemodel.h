#pragma once
// Base of the board's polled tables: rows kept sorted by a key, each poll merged in place into
// row inserts, removes and dataChanged, never a reset, so that selection, current index and
// scroll position survive every poll. dataChanged covers each run of consecutive changed rows
// once, over the columns that changed in them: a poll that changes a 1,000-group fleet is one
// signal per run, not thousands, and mergeFinished tells a sorting proxy when to re-sort, once.

#include "analysis/headroomlevel.h"

#include <memory>
#include <optional>
#include <QAbstractTableModel>
#include <QString>
#include <QVariant>
#include <vector>

namespace headroom {

// How a cell's text is made from its value (see cellText in boardformat.h).
enum class CellKind : quint8 {
    Text,             // `text` as it is
    Count,            // value: "1,200"
    PerSecond,        // value: "12.5/s"
    TimeToExhaustion, // value in seconds: "in 3 min"
    Headroom,         // fraction and level: "71% OK"; limited tells "—" from "no limit"
    OfTotal,          // value of total: "2 of 5"
    RatePair,         // value and total per second: "35.0/s · 0/s"; total < 0 when unknown
};

// What a cell sorts by: a number for numeric columns, else its text. Compared without QVariant
// (MergingSortProxy), because every poll of a 1,000-group fleet re-sorts the table.
struct SortKey {
    std::optional<double> number;
    QString text;

    SortKey() = default;
    SortKey(double value) // NOLINT(google-explicit-constructor): cells assign numbers
        : number(value)
    {}
    SortKey(QString value) // NOLINT(google-explicit-constructor)
        : text(std::move(value))
    {}
    QVariant toVariant() const { return number ? QVariant(*number) : QVariant(text); }

    friend bool operator==(const SortKey &, const SortKey &) = default;
};

// Everything a view reads from one cell, kept raw so that a merge can tell what changed. The
// text is made only when a view asks (DisplayRole): a poll of a 1,000-group fleet then formats
// the few dozen visible cells instead of twelve thousand.
struct TableCell {
    CellKind kind = CellKind::Text;
    QString text;                   // Text cells: what is shown
    std::optional<double> value;    // Count, PerSecond, TimeToExhaustion, OfTotal
    double total = 0;               // OfTotal; RatePair: the second rate (< 0: unknown)
    bool limited = false;           // Headroom: a limit is configured
    SortKey sortValue;              // SortRole: a raw number (or the text) for the sorting proxy
    QString toolTip;                // Qt::ToolTipRole: where the value comes from, what it means
    std::optional<double> fraction; // HeadroomFractionRole: 0..1, for a bar
    HeadroomLevel level = HeadroomLevel::Unknown;

    friend bool operator==(const TableCell &, const TableCell &) = default;
};

// What a row's tooltips are made from, kept with the row and formatted only when a view asks (a
// hover): formatting every tooltip of a 1,000-row table on each poll was most of its cost.
struct RowDetail {
    virtual ~RowDetail() = default;
    virtual QString toolTip(int column) const = 0;
};

struct TableRow {
    QString key;                  // unique per row; rows are ordered by it
    std::vector<TableCell> cells; // one per column
    // Tooltips of cells whose toolTip is empty. Not compared: replaced on every merge, so a
    // tooltip always tells the latest poll.
    std::shared_ptr<const RowDetail> detail;
};

class MergingTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value: a number, or text for text columns
        HeadroomFractionRole,        // double 0..1, or invalid when unknown
        HeadroomLevelRole,           // int(HeadroomLevel)
        HeadroomLevelTextRole,       // "OK", "tight", …: what the colour says, as text
        KeyRole,                     // the row's key (group name, deployment id)
    };
    Q_ENUM(Role)

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString keyAt(int row) const;
    // True while a poll is merged: its dataChanged signals are parts of one change, which a
    // sorting proxy answers once, on mergeFinished.
    bool isMerging() const { return m_mergingNow; }
    // SortRole of a cell without a QVariant: for MergingSortProxy's comparisons.
    const SortKey &sortKeyAt(int row, int column) const;
    int rowOfKey(const QString &key) const; // -1 if absent

Q_SIGNALS:
    void mergeFinished();

protected:
    MergingTableModel(int columns, QObject *parent);

    // Merges the rows of a new poll (any order; sorted and de-duplicated here) into the model.
    // What it takes is moved out of `rows`, which a caller may fill again for the next poll: its
    // rows keep their cells' storage (a thousand allocations a poll fewer).
    void mergeRows(std::vector<TableRow> &rows);
    // Replaces every row: for a different list (another group), never for a new poll.
    void resetRows(std::vector<TableRow> rows);
    // Numeric columns are right-aligned.
    virtual bool isNumericColumn(int column) const = 0;

private:
    struct ChangedRun {
        int firstRow = -1;
        int lastRow = -1;
        int firstColumn = 0;
        int lastColumn = 0;
    };

    void normalize(std::vector<TableRow> &rows) const;
    // The first and last column that changed, none if the row is as it was.
    std::optional<std::pair<int, int>> updateRow(int row, TableRow &&fresh);
    void flush(ChangedRun &run);

    int m_columns = 0;
    std::vector<TableRow> m_rows;
    bool m_mergingNow = false;
};

} // namespace headroom
