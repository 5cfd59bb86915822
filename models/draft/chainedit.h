#pragma once
// The editor's changes to a fallback chain as values: add, remove, move a fallback, change an
// edge's kind, set a router setting. Applying one gives the exact steps that undo it, so an undo
// stack (ui/editor) can hold values and the chain comes back byte for byte.

#include "chain/fallbackchain.h"

#include <optional>
#include <QString>
#include <variant>
#include <vector>

namespace headroom {

// The list an edge lives in: a map key ("*" for wildcard entries) and a kind. Default edges live
// in default_fallbacks, one list for every group: their key is ignored.
struct FallbackListRef {
    QString key;
    FallbackKind kind = FallbackKind::General;
    friend bool operator==(const FallbackListRef &, const FallbackListRef &) = default;
};

// The router settings the editor offers, with LiteLLM's defaults (router.py).
enum class RouterSettingKey { NumRetries, AllowedFails, CooldownTime, MaxFallbacks, RetryAfter };

struct RouterSettingInfo {
    const char *name; // LiteLLM's key, e.g. "num_retries"
    const char *unit; // "attempts", "s", … (shown beside the value)
    double liteLLMDefault;
    bool integral; // an int setting: a fraction is refused
    const char *meaning;
};
const RouterSettingInfo &routerSettingInfo(RouterSettingKey key);
inline constexpr RouterSettingKey kRouterSettingKeys[] = {
    RouterSettingKey::NumRetries, RouterSettingKey::AllowedFails, RouterSettingKey::CooldownTime,
    RouterSettingKey::MaxFallbacks, RouterSettingKey::RetryAfter};
// The value the chain sets (nullopt: not set, LiteLLM's default applies).
std::optional<double> routerSettingValue(const FallbackChain &chain, RouterSettingKey key);

// Adds `to` to `list` at `index` (0 = tried first; -1 or past the end = last). A key without an
// entry gets one at the end of its map.
struct AddFallback {
    FallbackListRef list;
    QString to;
    int index = -1;
};
// Removes `to` from `list`; a list left empty loses its entry (no entry is no fallback, for the
// router and for the admin API's DELETE /fallback).
struct RemoveFallback {
    FallbackListRef list;
    QString to;
};
// Moves `to` within `list` to `index` (0-based, clamped to the list).
struct MoveFallback {
    FallbackListRef list;
    QString to;
    int index = 0;
};
// Moves `to` from `list` to the same key's list of `kind` (appended last).
struct ChangeFallbackKind {
    FallbackListRef list;
    QString to;
    FallbackKind kind = FallbackKind::General;
};
// Sets a router setting; nullopt removes it (LiteLLM's default applies).
struct SetRouterSetting {
    RouterSettingKey key = RouterSettingKey::NumRetries;
    std::optional<double> value;
};

using ChainEdit =
    std::variant<AddFallback, RemoveFallback, MoveFallback, ChangeFallbackKind, SetRouterSetting>;

// One exact primitive change; a sequence of them undoes an edit.
struct EditStep {
    enum class Op { InsertTarget, RemoveTarget, InsertEntry, RemoveEntry, SetValue };
    Op op = Op::InsertTarget;
    FallbackListRef list;
    QString to;
    int index = 0; // target index in the list, or entry index in the map
    RouterSettingKey key = RouterSettingKey::NumRetries;
    std::optional<double> value;
    friend bool operator==(const EditStep &, const EditStep &) = default;
};
using EditSteps = std::vector<EditStep>;

struct EditOutcome {
    bool ok = false;
    QString error;  // why the edit cannot apply (the chain is left as it was)
    EditSteps undo; // applied in order, they restore the chain exactly
};

// Applies `edit` to `chain`. A refused edit (e.g. removing a fallback that is not there, a
// fraction for num_retries, a negative value) leaves the chain untouched.
EditOutcome applyEdit(FallbackChain &chain, const ChainEdit &edit);
// Applies steps (e.g. an edit's undo); returns the steps that undo them in turn.
EditSteps applySteps(FallbackChain &chain, const EditSteps &steps);

// One line for an undo history: "Add gpt-4o → claude (fallbacks, 2nd)".
QString describeEdit(const ChainEdit &edit);

// The list a ref names, or nullptr when the chain has no entry for it.
const QStringList *fallbackList(const FallbackChain &chain, const FallbackListRef &list);

} // namespace headroom
