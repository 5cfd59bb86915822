#pragma once
// What differs between two fallback chains, structured: per fallback kind and group the lists
// added, removed, reordered or changed, and the router settings changed, each with a line for a
// person. The push plan decides per entry which admin call carries it.

#include "chain/fallbackchain.h"

#include <nlohmann/json_fwd.hpp>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom::push {

enum class ListChangeKind {
    Added,     // the group had no list of this kind
    Removed,   // the group's list of this kind is gone
    Reordered, // the same targets in another order
    Changed,   // targets added or removed (maybe reordered too)
};

// "added", "removed", "reordered", "changed".
QString listChangeKindName(ListChangeKind kind);

struct ListChange {
    FallbackKind kind = FallbackKind::General;
    QString group; // "*" for the wildcard key; empty for default_fallbacks (one list, no group)
    QStringList before;
    QStringList after;
    ListChangeKind change = ListChangeKind::Changed;
    QStringList addedTargets;   // in `after`'s order
    QStringList removedTargets; // in `before`'s order
    QString text;               // "gpt-4o fallbacks: [a, b] → [b]"

    friend bool operator==(const ListChange &, const ListChange &) = default;
};

struct SettingChange {
    QString name; // LiteLLM's key: "num_retries", "max_fallbacks", …
    QString text; // "num_retries: 2 → 3"

    friend bool operator==(const SettingChange &, const SettingChange &) = default;
};

struct ChainDiff {
    std::vector<ListChange> lists;
    std::vector<SettingChange> settings;

    bool empty() const { return lists.empty() && settings.empty(); }
    // Every change's line, lists first (in kind, then group order), then settings.
    QStringList lines() const;
};

// before → after. Groups keep the order they have in `before`, new ones follow in `after`'s
// order; a map's repeated key counts once (its first entry, as LiteLLM reads it).
ChainDiff diffChains(const FallbackChain &before, const FallbackChain &after);

// Copies the router setting LiteLLM calls `name` (one of those diffChains reports) from one chain
// to another; false for a name it does not know.
bool copySetting(const QString &name, FallbackChain &to, const FallbackChain &from);

// {"lists": [{kind, group, change, before, after, added, removed, text}], "settings": [...]}.
nlohmann::json chainDiffToJson(const ChainDiff &diff);

} // namespace headroom::push
