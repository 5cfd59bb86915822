#pragma once
// The live fallback graph as one item model for the graph view: top-level rows are model groups
// (headroom, 429s, cooldowns, pool, prediction, findings), their children the group's outgoing
// fallback edges in order (traffic, failed share, configured or not, prediction, findings).

#include "analysis/headroomanalysis.h"
#include "chain/fallbackchain.h"
#include "chain/graphchecks.h"
#include "chain/quotapools.h"
#include "predict/cascadeprediction.h"

#include <array>
#include <memory>
#include <QAbstractItemModel>
#include <span>
#include <vector>

namespace headroom {

namespace graphrows {
struct ChainCache;
}

// Where an edge of the graph comes from.
enum class EdgeOrigin {
    Configured,   // in the chain the proxy runs
    Unconfigured, // traffic the proxy's metrics show on an edge the chain does not have
    Observed,     // traffic seen while the chain is not known (yet): configured or not, unknown
};

// What the graph's layout depends on, and nothing else: when this is unchanged between two
// updates the view keeps every node where it is and only restyles.
struct GraphShape {
    struct Node {
        QString name;
        QString pool;      // quota pool id, empty if none
        bool known = true; // a group the proxy serves (not only a name in the chain)
        friend bool operator==(const Node &, const Node &) = default;
    };
    struct Link {
        QString from;
        QString to;
        FallbackKind kind = FallbackKind::General;
        int order = 0; // 1 = first tried; 0 for traffic outside the chain
        EdgeOrigin origin = EdgeOrigin::Configured;
        friend bool operator==(const Link &, const Link &) = default;
    };
    std::vector<Node> nodes; // by name
    std::vector<Link> links; // by from, then the group's edge order
    friend bool operator==(const GraphShape &, const GraphShape &) = default;
};

// What one update reads. Only the store is required.
struct FallbackGraphInput {
    const MetricsStore *store = nullptr;
    const FallbackChain *chain = nullptr; // null: not read; observed edges are drawn instead
    std::span<const ChainFinding> findings;
    std::span<const QuotaPool> pools;
    const CascadePrediction *prediction = nullptr;
    AnalysisOptions options;
};

// "1st", "2nd", "3rd", "4th", … "11th", "21st".
QString ordinalText(int order);
// "fallbacks", "context window", "content policy", "default".
QString fallbackKindText(FallbackKind kind);

class FallbackGraphModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class RowKind { Group, Edge };
    enum Role {
        RowKindRole = Qt::UserRole + 1, // int(RowKind)
        NameRole,                       // group: its name; edge: the target group
        FindingsRole,                   // QStringList: the findings' messages
        FindingSeverityRole,            // int(ChainFinding::Severity) of the worst, or invalid
        PredictedRole,                  // bool: on the predicted cascade
        PredictedInRole,                // double s: group saturates / edge starts carrying
        // Groups
        KnownRole,             // bool: the proxy serves it
        RpmFractionRole,       // double 0..1 or invalid
        RpmLevelRole,          // int(HeadroomLevel)
        RpmTextRole,           // "71% OK"
        TpmFractionRole,       //
        TpmLevelRole,          //
        TpmTextRole,           //
        LevelRole,             // int(HeadroomLevel): the worse of RPM and TPM
        DeploymentCountRole,   // int
        Deployment429Role,     // double/s: attempts its deployments refused with 429
        Client429Role,         // double/s: client requests for it answered 429
        CoolingCountRole,      // int: deployments cooling down
        CoolingUntilRole,      // qint64 ms since the epoch: the last of them back by
        PoolRole,              // quota pool id, or empty
        PoolReasonRole,        // what the pool's groups share
        FedByRole,             // prediction: whose overflow saturates it
        WorstAttemptsRole,     // int: upstream attempts one client request may cost, or invalid
        PredictedAttemptsRole, // double: predicted attempts per request
        // Edges
        FromRole,             // source group
        KindRole,             // int(FallbackKind)
        OrderRole,            // int, 1 = first tried; 0 outside the chain
        OriginRole,           // int(EdgeOrigin)
        ViaWildcardRole,      // bool: from "*" or default_fallbacks
        TrafficRole,          // double hops/s (successful + failed), or invalid
        FailedShareRole,      // double 0..1 of the traffic that failed, or invalid
        PredictedTrafficRole, // double/s
        LastRole = PredictedTrafficRole,
    };
    Q_ENUM(Role)

    explicit FallbackGraphModel(QObject *parent = nullptr);
    ~FallbackGraphModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Merges what the input says now: rows are inserted and removed only where the graph's
    // shape changed, values change by dataChanged (only the roles that changed), never a reset.
    void update(const FallbackGraphInput &input);
    void clear(); // another proxy: the one place this model resets

    const GraphShape &shape() const { return m_shape; }
    QModelIndex groupIndex(const QString &group) const;
    QModelIndex edgeIndex(const QString &from, const QString &to, FallbackKind kind) const;
    // One line per group, then one indented line per edge: what the tests compare (the worst-case
    // attempts are left out: checkChain's worstCaseAttempts is tested on its own).
    QStringList dump() const;

signals:
    // After an update whose shape() differs from the one before: the view lays out again.
    void shapeChanged();

public:
    static constexpr int kRoleCount = LastRole - RowKindRole + 1;
    using Values = std::array<QVariant, kRoleCount>;
    struct Node;

private:
    QString toolTip(const QModelIndex &index) const;
    QString display(const QModelIndex &index) const;
    const Values *valuesAt(const QModelIndex &index) const;
    void mergeEdges(int row, Node &node, Node &fresh);
    void renumber();

    std::vector<std::unique_ptr<Node>> m_nodes; // by name
    GraphShape m_shape;
    std::unique_ptr<graphrows::ChainCache> m_cache;
};

} // namespace headroom
