#pragma once
// A model as readable text for the item-model tests: one line per row, the DisplayRole of each
// column joined by " | ", so a failing comparison shows which row and cell went wrong.

#include <QAbstractItemModel>
#include <QStringList>

namespace headroom::test {

inline QStringList dumpModel(const QAbstractItemModel &model, int role = Qt::DisplayRole)
{
    QStringList lines;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c) {
            cells.append(model.index(r, c).data(role).toString());
        }
        lines.append(cells.join(QStringLiteral(" | ")));
    }
    return lines;
}

// One column of every row, e.g. the keys or the headroom levels.
inline QStringList dumpColumn(const QAbstractItemModel &model, int column,
                              int role = Qt::DisplayRole)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        out.append(model.index(r, column).data(role).toString());
    }
    return out;
}

} // namespace headroom::test
