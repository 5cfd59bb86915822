#pragma once
// The deployments of the group selected on the headroom board: where its traffic goes (provider,
// api_base, credential), their limits, usage, cooldown and health, merged in place every poll.

#include "analysis/headroomanalysis.h"
#include "itemmodels/mergingtablemodel.h"

namespace headroom {

// Rows are ordered by deployment id; views sort with a MergingSortProxy (by SortRole).
class DeploymentsModel : public MergingTableModel {
    Q_OBJECT
public:
    enum Column {
        Deployment, // model_info.id
        Provider,
        ApiBase,
        CredentialFingerprint, // a tag, never the key: equal tags share one provider quota
        RpmLimit,
        TpmLimit,
        RpmUsed,
        TpmUsed,
        Headroom, // the worse of RPM and TPM: "12% tight (TPM)"; HeadroomFractionRole for a bar
        RateLimitedPerSec, // attempts on this deployment refused with 429, per second
        Cooldown,          // "cooling down" or "—" (LiteLLM exposes no remaining time)
        Health,            // state gauge, plus the /health check when that is polled
        ColumnCount
    };
    Q_ENUM(Column)
    // HeadroomFractionRole is set on the Headroom column only; HeadroomLevelRole on every column
    // (the worse side), so a delegate can mark the whole row.
    static constexpr int DeploymentIdRole = KeyRole;

    explicit DeploymentsModel(QObject *parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString group() const { return m_group; }
    // Another group is another list: this resets the model (empty until the next update).
    void setGroup(const QString &group);
    // … or straight to the new group's rows, in the same single reset.
    void setGroup(const QString &group, const MetricsStore &store);
    void setAnalysisOptions(const AnalysisOptions &options) { m_options = options; }
    // Merges the store's latest sample for the current group in place; never resets.
    void update(const MetricsStore &store);

protected:
    bool isNumericColumn(int column) const override;

private:
    std::vector<TableRow> rowsFor(const MetricsStore &store) const;

    QString m_group;
    AnalysisOptions m_options;
};

} // namespace headroom
