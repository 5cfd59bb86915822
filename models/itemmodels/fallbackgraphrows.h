#pragma once
// FallbackGraphModel's rows, shared by its two source files (the model and its update): not for
// other users.

#include "itemmodels/fallbackgraphmodel.h"

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
