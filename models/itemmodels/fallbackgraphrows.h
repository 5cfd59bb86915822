#pragma once
// FallbackGraphModel's rows, shared by its two source files (the model and its update): not for
// other users.

#include "itemmodels/fallbackgraphmodel.h"

#include <optional>
#include <QHash>

namespace headroom::graphrows {

using Role = FallbackGraphModel::Role;
using Values = FallbackGraphModel::Values;

inline QVariant &at(Values &values, Role role)
{
    return values[std::size_t(role - FallbackGraphModel::RowKindRole)];
}

inline const QVariant &at(const Values &values, Role role)
{
    return values[std::size_t(role - FallbackGraphModel::RowKindRole)];
}

// The edges to draw: the configured chain's, then traffic the chain does not explain.
struct Links {
    std::vector<GraphShape::Link> links;
    std::vector<bool> viaWildcard;
};

// What only a new chain, a new list of groups or a new set of observed edges changes: expanding
// the chain and walking it for every group is most of an update otherwise.
struct ChainCache {
    bool valid = false;
    std::optional<FallbackChain> chain;
    QStringList served;
    std::vector<std::pair<QString, QString>> observed;
    Links links;
    QHash<QString, int> worstAttempts;
};

struct EdgeRow {
    QString key; // kind, order, origin and target: a change of any is a change of shape
    GraphShape::Link link;
    Values values;
};

} // namespace headroom::graphrows

namespace headroom {

struct FallbackGraphModel::Node {
    QString name;
    int row = 0;
    GraphShape::Node shape;
    Values values;
    std::vector<graphrows::EdgeRow> edges;
};

} // namespace headroom
