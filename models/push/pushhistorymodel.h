#pragma once
// The applies recorded for one proxy as a table for the history panel, newest first: when, who,
// outcome, changes. The records themselves stay available for "Re-apply".

#include "push/pushrecord.h"

#include <QAbstractTableModel>
#include <vector>

namespace headroom::push {

class PushHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { When, Who, Outcome, Changes, ColumnCount };
    // Qt::UserRole on any column: the record's id.
    static constexpr int IdRole = Qt::UserRole;

    explicit PushHistoryModel(QObject *parent = nullptr);

    // Records oldest first, as the history file holds them; shown newest first.
    void setRecords(std::vector<PushRecord> records);
    const PushRecord *record(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<PushRecord> m_records; // newest first
};

} // namespace headroom::push
