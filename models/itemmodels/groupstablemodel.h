#pragma once
// The headroom board's groups table: one row per model group of the latest poll, with RPM
// attempts and TPM used, limits and headroom, 429s, fallbacks, cooldowns, time to exhaustion and
// the fallback chain the group is in, merged in place.

#include "analysis/headroomanalysis.h"
#include "chain/fallbackchain.h"
#include "itemmodels/mergingtablemodel.h"

#include <memory>

namespace headroom {

// Rows are ordered by group name (the merge inserts new groups there); views sort and filter with
// a MergingSortProxy (by SortRole; filterKeyColumn = Group for the text filter).
class GroupsTableModel : public MergingTableModel {
    Q_OBJECT
public:
    enum Column {
        Group,
        // Attempts per minute on the group's deployments, accepted and refused alike: what
        // LiteLLM counts against the rpm limits (see UsageSource in the tooltip).
        RpmUsed,
        RpmLimit,
        RpmHeadroom, // HeadroomFractionRole drives the bar; text "71% OK"
        TpmUsed,
        TpmLimit,
        TpmHeadroom,
        // "35.0/s · 0/s": attempts the deployments refused with 429 · client requests
        // answered 429, per second (fallbacks can hide the first from clients); sorts by the
        // first.
        RateLimitedPerSec,
        FallbacksOutPerSec,    // hops from this group to its fallbacks (successful + failed)
        FallbacksInPerSec,     // hops into this group from others
        DeploymentsInCooldown, // "2 of 5"
        TimeToExhaustion,      // the sooner of RPM and TPM on the fitted trend
        Chain, // the fallback chain the group is in ("a → b → c"); "—" while the chain is unknown
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
    // The fallback chain in force (LiveSession::chain()), for the Chain column; null while it is
    // not known. Applies from the next update().
    void setChain(std::shared_ptr<const FallbackChain> chain);
    // Merges the store's latest sample: removes vanished groups, inserts new ones in place and
    // emits dataChanged for exactly the cells that changed. Never resets.
    void update(const MetricsStore &store);
    // Drops every row (another proxy): the one place this model resets.
    void clear();

    // The group in the worst state, for a board nothing has been chosen on yet: the worse
    // headroom level first (exhausted, critical, tight, OK, unknown), then the most attempts
    // its deployments refuse with 429, then the least headroom left, then the name. Empty
    // without rows. `level` gets that group's level.
    QString worstGroup(HeadroomLevel *level = nullptr) const;

protected:
    bool isNumericColumn(int column) const override;

private:
    // Each group's chain name, worked out again only when the chain or the groups change.
    void updateChainNames(const ProxySample &sample);

    AnalysisOptions m_options;
    std::vector<TableRow> m_fresh; // each poll's rows, before the merge: kept for their storage
    std::shared_ptr<const FallbackChain> m_chain;
    std::shared_ptr<const FallbackChain> m_namedFor; // the chain m_chainNames were made for
    QStringList m_namedGroups;                       // and the groups
    QHash<QString, QString> m_chainNames;
};

} // namespace headroom
