#include "chain/fallbackchain.h"

#include <array>
#include <QHash>
#include <QSet>
#include <type_traits>

namespace headroom {

QString fallbackKindSetting(FallbackKind kind)
{
    switch (kind) {
    case FallbackKind::General:
        return QStringLiteral("fallbacks");
    case FallbackKind::ContextWindow:
        return QStringLiteral("context_window_fallbacks");
    case FallbackKind::ContentPolicy:
        return QStringLiteral("content_policy_fallbacks");
    case FallbackKind::Default:
        return QStringLiteral("default_fallbacks");
    }
    return {};
}

namespace {

void appendEdges(std::vector<ChainEdge> &out, const QString &from, const QStringList &targets,
                 FallbackKind kind, bool viaWildcard)
{
    int order = 1;
    for (const QString &to : targets) {
        out.push_back(ChainEdge{from, to, kind, order++, viaWildcard});
    }
}

} // namespace

std::vector<ChainEdge> FallbackChain::edges(const QStringList &groups) const
{
    std::vector<ChainEdge> out;
    const std::pair<const FallbackMap *, FallbackKind> maps[] = {
        {&fallbacks.fallbacks, FallbackKind::General},
        {&fallbacks.contextWindowFallbacks, FallbackKind::ContextWindow},
        {&fallbacks.contentPolicyFallbacks, FallbackKind::ContentPolicy},
    };
    // Each map's first entry per key, looked up by name: a fleet of a thousand groups must not
    // cost a thousand linear scans per map.
    std::array<QHash<QString, const QStringList *>, 3> entries;
    for (std::size_t i = 0; i < 3; ++i) {
        for (const auto &[key, targets] : *maps[i].first) {
            if (!entries[i].contains(key)) {
                entries[i].insert(key, &targets); // a repeated key: LiteLLM uses the first
            }
        }
    }
    // Groups the map names but the proxy does not list still get their edges (an unknown key is
    // a finding of the graph checks, not something to hide).
    QStringList from = groups;
    QSet<QString> listed(groups.begin(), groups.end());
    for (const auto &[map, kind] : maps) {
        for (const auto &[key, targets] : *map) {
            if (key != QLatin1String("*") && !listed.contains(key)) {
                listed.insert(key);
                from.append(key);
            }
        }
    }
    const QString wildcard = QStringLiteral("*");
    for (const QString &group : from) {
        for (std::size_t i = 0; i < 3; ++i) {
            const FallbackKind kind = maps[i].second;
            if (const QStringList *own = entries[i].value(group, nullptr)) {
                appendEdges(out, group, *own, kind, false);
            } else if (kind == FallbackKind::General) {
                // LiteLLM matches the group's own key, then "*"; default_fallbacks is appended
                // as {"*": default_fallbacks}, so it applies only where neither matched.
                if (const QStringList *wild = entries[i].value(wildcard, nullptr)) {
                    appendEdges(out, group, *wild, kind, true);
                } else if (!fallbacks.defaultFallbacks.isEmpty()) {
                    QStringList targets = fallbacks.defaultFallbacks;
                    targets.removeAll(group); // the router skips the original group
                    appendEdges(out, group, targets, FallbackKind::Default, true);
                }
            }
        }
    }
    return out;
}

namespace {

QString listText(const QStringList &names)
{
    return u'[' + names.join(QStringLiteral(", ")) + u']';
}

// What a list change did besides the order: "added c; removed a", or "reordered".
QString listDelta(const QStringList &before, const QStringList &after)
{
    QStringList added;
    QStringList removed;
    for (const QString &name : after) {
        if (!before.contains(name)) {
            added.append(name);
        }
    }
    for (const QString &name : before) {
        if (!after.contains(name)) {
            removed.append(name);
        }
    }
    QStringList parts;
    if (!added.isEmpty()) {
        parts.append(QStringLiteral("added ") + added.join(QStringLiteral(", ")));
    }
    if (!removed.isEmpty()) {
        parts.append(QStringLiteral("removed ") + removed.join(QStringLiteral(", ")));
    }
    if (parts.isEmpty()) {
        parts.append(QStringLiteral("reordered"));
    }
    return parts.join(QStringLiteral("; "));
}

void describeList(QStringList &out, const QString &what, const QStringList *before,
                  const QStringList *after)
{
    const QStringList none;
    const QStringList &b = before != nullptr ? *before : none;
    const QStringList &a = after != nullptr ? *after : none;
    if (b == a) {
        return; // an empty list is no fallback at all, as for the router
    }
    out.append(QStringLiteral("%1: %2 → %3 (%4)")
                   .arg(what, before != nullptr ? listText(b) : QStringLiteral("none"),
                        after != nullptr ? listText(a) : QStringLiteral("none"), listDelta(b, a)));
}

QHash<QString, const QStringList *> firstEntries(const FallbackMap &map)
{
    QHash<QString, const QStringList *> entries;
    for (const auto &[key, targets] : map) {
        if (!entries.contains(key)) {
            entries.insert(key, &targets); // a repeated key: LiteLLM uses the first
        }
    }
    return entries;
}

// One line per group whose entry in this map changed, in the order of `after`, then the groups
// `before` had and `after` dropped.
void describeMap(QStringList &out, const QString &setting, const FallbackMap &before,
                 const FallbackMap &after)
{
    const auto was = firstEntries(before);
    const auto is = firstEntries(after);
    for (const auto &[group, targets] : after) {
        if (is.value(group) == &targets) {
            describeList(out, group + u' ' + setting, was.value(group, nullptr), &targets);
        }
    }
    for (const auto &[group, targets] : before) {
        if (was.value(group) == &targets && !is.contains(group)) {
            describeList(out, group + u' ' + setting, &targets, nullptr);
        }
    }
}

template<typename T>
QString valueText(const std::optional<T> &value, const QString &fallback)
{
    if (!value) {
        return fallback;
    }
    if constexpr (std::is_same_v<T, bool>) {
        return *value ? QStringLiteral("true") : QStringLiteral("false");
    } else {
        return QString::number(*value);
    }
}

template<typename T>
void describeValue(QStringList &out, const char *name, const std::optional<T> &before,
                   const std::optional<T> &after, const QString &unset)
{
    if (before != after) {
        out.append(
            QStringLiteral("%1: %2 → %3")
                .arg(QLatin1String(name), valueText(before, unset), valueText(after, unset)));
    }
}

QString policyText(const std::vector<std::pair<QString, int>> &policy)
{
    if (policy.empty()) {
        return QStringLiteral("none");
    }
    QStringList parts;
    for (const auto &[name, count] : policy) {
        parts.append(QStringLiteral("%1: %2").arg(name).arg(count));
    }
    return u'{' + parts.join(QStringLiteral(", ")) + u'}';
}

} // namespace

QStringList describeChainChange(const FallbackChain &before, const FallbackChain &after)
{
    QStringList out;
    const FallbackConfig &fb = before.fallbacks;
    const FallbackConfig &fa = after.fallbacks;
    describeMap(out, fallbackKindSetting(FallbackKind::General), fb.fallbacks, fa.fallbacks);
    describeMap(out, fallbackKindSetting(FallbackKind::ContextWindow), fb.contextWindowFallbacks,
                fa.contextWindowFallbacks);
    describeMap(out, fallbackKindSetting(FallbackKind::ContentPolicy), fb.contentPolicyFallbacks,
                fa.contentPolicyFallbacks);
    if (fb.defaultFallbacks != fa.defaultFallbacks) {
        describeList(out, fallbackKindSetting(FallbackKind::Default), &fb.defaultFallbacks,
                     &fa.defaultFallbacks);
    }
    describeValue(out, "max_fallbacks", fb.maxFallbacks, fa.maxFallbacks,
                  QStringLiteral("default (5)"));

    const RouterSettings &sb = before.settings;
    const RouterSettings &sa = after.settings;
    if (sb.routingStrategy != sa.routingStrategy) {
        const QString unset = QStringLiteral("default (simple-shuffle)");
        out.append(QStringLiteral("routing_strategy: %1 → %2")
                       .arg(sb.routingStrategy.isEmpty() ? unset : sb.routingStrategy,
                            sa.routingStrategy.isEmpty() ? unset : sa.routingStrategy));
    }
    describeValue(out, "num_retries", sb.numRetries, sa.numRetries, QStringLiteral("default (2)"));
    describeValue(out, "retry_after", sb.retryAfter, sa.retryAfter, QStringLiteral("default (0)"));
    describeValue(out, "allowed_fails", sb.allowedFails, sa.allowedFails,
                  QStringLiteral("default"));
    describeValue(out, "cooldown_time", sb.cooldownTime, sa.cooldownTime,
                  QStringLiteral("default (5)"));
    describeValue(out, "disable_cooldowns", sb.disableCooldowns, sa.disableCooldowns,
                  QStringLiteral("default (false)"));
    describeValue(out, "enable_pre_call_checks", sb.enablePreCallChecks, sa.enablePreCallChecks,
                  QStringLiteral("default (false)"));
    if (sb.retryPolicy != sa.retryPolicy) {
        out.append(QStringLiteral("retry_policy: %1 → %2")
                       .arg(policyText(sb.retryPolicy), policyText(sa.retryPolicy)));
    }
    if (sb.allowedFailsPolicy != sa.allowedFailsPolicy) {
        out.append(QStringLiteral("allowed_fails_policy: %1 → %2")
                       .arg(policyText(sb.allowedFailsPolicy), policyText(sa.allowedFailsPolicy)));
    }
    return out;
}

} // namespace headroom
