#pragma once
// The what-if side by side, for the push dialog: one row per group (429s to clients, upstream
// attempts per request and saturation, under the chain running now and under the desired one)
// and one row per fallback edge (its requests under each), merged in place on every re-run so a
// selection survives the operator's next edit.

#include "itemmodels/mergingtablemodel.h"
#include "predict/whatif.h"

namespace headroom {

// Rows are ordered by group name; views sort with a MergingSortProxy (by SortRole).
class WhatIfGroupsModel : public MergingTableModel {
    Q_OBJECT
public:
    enum Column {
        Group,
        Live429,    // 429s to the group's clients over the replay, chain running now
        Desired429, // … with the desired chain
        Change429,  // desired − live: negative is better
        LiveAttempts,
        DesiredAttempts, // upstream calls per client request
        LiveSaturates,   // "at 40 s (5 min in all)" or "never"
        DesiredSaturates,
        Confidence, // share of the group's replayed demand that was observed
        ColumnCount
    };
    Q_ENUM(Column)
    static constexpr int GroupRole = KeyRole;

    explicit WhatIfGroupsModel(QObject *parent = nullptr);
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Merges the result's groups in place (rows of groups no longer there are removed).
    void setResult(const WhatIfResult &result);

protected:
    bool isNumericColumn(int column) const override;
};

// Rows are ordered by "from → to".
class WhatIfEdgesModel : public MergingTableModel {
    Q_OBJECT
public:
    enum Column {
        From,
        To,
        LiveRequests,    // fallback requests over the replay, chain running now
        DesiredRequests, // … with the desired chain
        ColumnCount
    };
    Q_ENUM(Column)

    explicit WhatIfEdgesModel(QObject *parent = nullptr);
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void setResult(const WhatIfResult &result);

protected:
    bool isNumericColumn(int column) const override;
};

} // namespace headroom
