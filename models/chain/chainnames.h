#pragma once
// Which fallback chain each model group is in, named for a table cell: the order LiteLLM would
// try groups from the chain's root, e.g. "gpt-4o → gpt-4o-mini → claude-sonnet".

#include "chain/fallbackchain.h"

#include <QHash>
#include <QString>
#include <vector>

namespace headroom {

// Over the edges a rate limit walks (general fallbacks and default_fallbacks; context-window and
// content-policy fallbacks answer other errors): a chain's root is a group no other group falls
// back to, and its name is the root's walk, targets in order and depth first, each group once
// (LiteLLM skips targets already tried), at most maxNames names before "… (+N)". Every group the
// walk reaches gets that name; a group two roots reach gets the longer walk (then the root first
// by name); a cycle with no root is walked from its group first by name. Groups on no edge are
// absent: they are in no chain.
QHash<QString, QString> chainNames(const std::vector<ChainEdge> &edges, int maxNames = 5);

} // namespace headroom
