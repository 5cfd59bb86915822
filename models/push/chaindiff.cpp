#include "push/chaindiff.h"

#include "formats/jsonbody.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <QHash>
#include <QSet>

namespace headroom::push {

namespace {

using Json = nlohmann::json;

// Each key's first list (LiteLLM reads the first of a repeated key); an empty list is no
// fallback at all, as for the router, so it is left out.
std::vector<std::pair<QString, QStringList>> firstLists(const FallbackMap &map)
{
    std::vector<std::pair<QString, QStringList>> out;
    QSet<QString> seen;
    for (const auto &[key, targets] : map) {
        if (!seen.contains(key)) {
            seen.insert(key);
            if (!targets.isEmpty()) {
                out.emplace_back(key, targets);
            }
        }
    }
    return out;
}

FallbackMap &mapOf(FallbackConfig &config, FallbackKind kind)
{
    switch (kind) {
    case FallbackKind::ContextWindow:
        return config.contextWindowFallbacks;
    case FallbackKind::ContentPolicy:
        return config.contentPolicyFallbacks;
    case FallbackKind::General:
    case FallbackKind::Default:
        break;
    }
    return config.fallbacks;
}

// The line describeChainChange gives for this one list's change, so both read alike.
QString listText(FallbackKind kind, const QString &group, const QStringList &before,
                 const QStringList &after)
{
    FallbackChain was;
    FallbackChain is;
    if (kind == FallbackKind::Default) {
        was.fallbacks.defaultFallbacks = before;
        is.fallbacks.defaultFallbacks = after;
    } else {
        if (!before.isEmpty()) {
            mapOf(was.fallbacks, kind).emplace_back(group, before);
        }
        if (!after.isEmpty()) {
            mapOf(is.fallbacks, kind).emplace_back(group, after);
        }
    }
    return describeChainChange(was, is).value(0);
}

ListChange listChange(FallbackKind kind, const QString &group, const QStringList &before,
                      const QStringList &after)
{
    ListChange change;
    change.kind = kind;
    change.group = group;
    change.before = before;
    change.after = after;
    for (const QString &target : after) {
        if (!before.contains(target)) {
            change.addedTargets.append(target);
        }
    }
    for (const QString &target : before) {
        if (!after.contains(target)) {
            change.removedTargets.append(target);
        }
    }
    if (before.isEmpty()) {
        change.change = ListChangeKind::Added;
    } else if (after.isEmpty()) {
        change.change = ListChangeKind::Removed;
    } else if (change.addedTargets.isEmpty() && change.removedTargets.isEmpty()) {
        change.change = ListChangeKind::Reordered;
    } else {
        change.change = ListChangeKind::Changed;
    }
    change.text = listText(kind, group, before, after);
    return change;
}

void diffMap(std::vector<ListChange> &out, FallbackKind kind, const FallbackMap &before,
             const FallbackMap &after)
{
    const auto was = firstLists(before);
    const auto is = firstLists(after);
    QHash<QString, QStringList> wasByGroup;
    QHash<QString, QStringList> isByGroup;
    for (const auto &[group, targets] : was) {
        wasByGroup.insert(group, targets);
    }
    for (const auto &[group, targets] : is) {
        isByGroup.insert(group, targets);
    }
    for (const auto &[group, targets] : was) {
        const QStringList now = isByGroup.value(group);
        if (now != targets) {
            out.push_back(listChange(kind, group, targets, now));
        }
    }
    for (const auto &[group, targets] : is) {
        if (!wasByGroup.contains(group)) {
            out.push_back(listChange(kind, group, {}, targets));
        }
    }
}

// One router setting: its name and how to copy it from one chain to another.
struct SettingField {
    const char *name;
    std::function<void(FallbackChain &to, const FallbackChain &from)> copy;
};

const std::vector<SettingField> &settingFields()
{
    static const std::vector<SettingField> fields = {
        {"routing_strategy",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.routingStrategy = f.settings.routingStrategy;
         }},
        {"num_retries",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.numRetries = f.settings.numRetries;
         }},
        {"retry_after",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.retryAfter = f.settings.retryAfter;
         }},
        {"allowed_fails",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.allowedFails = f.settings.allowedFails;
         }},
        {"cooldown_time",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.cooldownTime = f.settings.cooldownTime;
         }},
        {"disable_cooldowns",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.disableCooldowns = f.settings.disableCooldowns;
         }},
        {"enable_pre_call_checks",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.enablePreCallChecks = f.settings.enablePreCallChecks;
         }},
        {"retry_policy",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.retryPolicy = f.settings.retryPolicy;
         }},
        {"allowed_fails_policy",
         [](FallbackChain &t, const FallbackChain &f) {
             t.settings.allowedFailsPolicy = f.settings.allowedFailsPolicy;
         }},
        {"max_fallbacks",
         [](FallbackChain &t, const FallbackChain &f) {
             t.fallbacks.maxFallbacks = f.fallbacks.maxFallbacks;
         }},
    };
    return fields;
}

} // namespace

QString listChangeKindName(ListChangeKind kind)
{
    switch (kind) {
    case ListChangeKind::Added:
        return QStringLiteral("added");
    case ListChangeKind::Removed:
        return QStringLiteral("removed");
    case ListChangeKind::Reordered:
        return QStringLiteral("reordered");
    case ListChangeKind::Changed:
        return QStringLiteral("changed");
    }
    return {};
}

QStringList ChainDiff::lines() const
{
    QStringList out;
    for (const ListChange &change : lists) {
        out.append(change.text);
    }
    for (const SettingChange &change : settings) {
        out.append(change.text);
    }
    return out;
}

ChainDiff diffChains(const FallbackChain &before, const FallbackChain &after)
{
    ChainDiff diff;
    diffMap(diff.lists, FallbackKind::General, before.fallbacks.fallbacks,
            after.fallbacks.fallbacks);
    diffMap(diff.lists, FallbackKind::ContextWindow, before.fallbacks.contextWindowFallbacks,
            after.fallbacks.contextWindowFallbacks);
    diffMap(diff.lists, FallbackKind::ContentPolicy, before.fallbacks.contentPolicyFallbacks,
            after.fallbacks.contentPolicyFallbacks);
    if (before.fallbacks.defaultFallbacks != after.fallbacks.defaultFallbacks) {
        diff.lists.push_back(listChange(FallbackKind::Default, QString(),
                                        before.fallbacks.defaultFallbacks,
                                        after.fallbacks.defaultFallbacks));
    }
    // Each setting alone: `before` with only that one field taken from `after`.
    FallbackChain base;
    base.settings = before.settings;
    base.fallbacks.maxFallbacks = before.fallbacks.maxFallbacks;
    for (const SettingField &field : settingFields()) {
        FallbackChain changed = base;
        field.copy(changed, after);
        const QStringList text = describeChainChange(base, changed);
        if (!text.isEmpty()) {
            diff.settings.push_back({QLatin1String(field.name), text.front()});
        }
    }
    return diff;
}

bool copySetting(const QString &name, FallbackChain &to, const FallbackChain &from)
{
    for (const SettingField &field : settingFields()) {
        if (name == QLatin1String(field.name)) {
            field.copy(to, from);
            return true;
        }
    }
    return false;
}

Json chainDiffToJson(const ChainDiff &diff)
{
    Json lists = Json::array();
    for (const ListChange &change : diff.lists) {
        lists.push_back({{"kind", fallbackKindSetting(change.kind).toStdString()},
                         {"group", change.group.toStdString()},
                         {"change", listChangeKindName(change.change).toStdString()},
                         {"before", json::stringArray(change.before)},
                         {"after", json::stringArray(change.after)},
                         {"added", json::stringArray(change.addedTargets)},
                         {"removed", json::stringArray(change.removedTargets)},
                         {"text", change.text.toStdString()}});
    }
    Json settings = Json::array();
    for (const SettingChange &change : diff.settings) {
        settings.push_back(
            {{"name", change.name.toStdString()}, {"text", change.text.toStdString()}});
    }
    return {{"lists", lists}, {"settings", settings}};
}

} // namespace headroom::push
