#pragma once
// Writes a yaml-cpp tree back to text without changing what it means to PyYAML: unlike
// YAML::Dump, scalars quoted in the source stay quoted ("600", 'yes', "2024-02-01" stay strings).

#include "formats/parseresult.h"

#include <QByteArray>

namespace YAML {
class Node;
}

namespace headroom::yaml {

// Nodes the tree shares (YAML aliases) are written once with an anchor and then as aliases.
// Scalars tagged "!" (quoted in the source, or built as strings) are written double-quoted.
ParseResult<QByteArray> emitDocument(const YAML::Node &root);

} // namespace headroom::yaml
