#pragma once
// The headroom board's groups table: one row per model group of the latest poll, with RPM/TPM
// used, limits and headroom, 429s, fallbacks, cooldowns and time to exhaustion, merged in place.

#include "analysis/headroomanalysis.h"
#include "itemmodels/mergingtablemodel.h"

namespace headroom {

// Rows are ordered by group name (the merge inserts new groups there); views sort and filter with
// a MergingSortProxy (by SortRole; filterKeyColumn = Group for the text filter).
class GroupsTableModel : public MergingTableModel {
    Q_OBJECT
public:
    enum Column {
        Group,
        RpmUsed, // requests per minute used (see UsageSource in the tooltip)
        RpmLimit,
        RpmHeadroom, // HeadroomFractionRole drives the bar; text "71% OK"
        TpmUsed,
        TpmLimit,
        TpmHeadroom,
        RateLimitedPerSec,     // client requests answered 429, per second
        FallbacksOutPerSec,    // hops from this group to its fallbacks (successful + failed)
        FallbacksInPerSec,     // hops into this group from others
        DeploymentsInCooldown, // "2 of 5"
        TimeToExhaustion,      // the sooner of RPM and TPM on the fitted trend
        ColumnCount
    };
    Q_ENUM(Column)
    // SortRole, HeadroomFractionRole, HeadroomLevelRole, HeadroomLevelTextRole come from
    // MergingTableModel. The fraction is set on the two headroom columns only; the level there is
    // that side's, on every other column the row's worse one (to tint or mark the whole row).
    static constexpr int GroupNameRole = KeyRole;

    explicit GroupsTableModel(QObject *parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setAnalysisOptions(const AnalysisOptions &options) { m_options = options; }
    // Merges the store's latest sample: removes vanished groups, inserts new ones in place and
    // emits dataChanged for exactly the cells that changed. Never resets.
    void update(const MetricsStore &store);
    // Drops every row (another proxy): the one place this model resets.
    void clear();

protected:
    bool isNumericColumn(int column) const override;

private:
    AnalysisOptions m_options;
    std::vector<TableRow> m_fresh; // each poll's rows, before the merge: kept for their storage
};

} // namespace headroom
