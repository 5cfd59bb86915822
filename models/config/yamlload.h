#pragma once
// Loads one untrusted YAML document into a yaml-cpp tree, refusing it first when it is too large,
// badly encoded, too deeply nested or an alias bomb, so later traversals of the tree are bounded.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <string_view>
#include <yaml-cpp/yaml.h>

namespace headroom::yaml {

// Nesting the loader accepts whatever the limits say: yaml-cpp recurses per level while parsing
// and emitting, so this keeps every recursion over a loaded tree far from the stack's end.
inline constexpr int kHardMaxDepth = 512;

// The first (only) document of `text`. An empty document yields a null node. Depth counts
// through aliases (an alias is as deep as what it names); cyclic aliases are TooDeep; a document
// whose aliases would expand to far more nodes than it contains is TooLarge.
ParseResult<YAML::Node> loadDocument(std::string_view text, const ParseLimits &limits);

// A ParseError of `kind` located at a yaml-cpp mark (made 1-based), with an optional path.
ParseError errorAt(ParseError::Kind kind, const YAML::Mark &mark, const QString &message,
                   const QString &path = {});

} // namespace headroom::yaml
