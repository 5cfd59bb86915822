#include "chain/fallbackchain.h"

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

const QStringList *ownEntry(const FallbackMap &map, const QString &group)
{
    for (const auto &[key, targets] : map) {
        if (key == group) {
            return &targets;
        }
    }
    return nullptr;
}

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
    // Groups the map names but the proxy does not list still get their edges (an unknown key is
    // a finding of the graph checks, not something to hide).
    QStringList from = groups;
    for (const auto &[map, kind] : maps) {
        for (const auto &[key, targets] : *map) {
            if (key != QLatin1String("*") && !from.contains(key)) {
                from.append(key);
            }
        }
    }
    for (const QString &group : from) {
        for (const auto &[map, kind] : maps) {
            if (const QStringList *own = ownEntry(*map, group)) {
                appendEdges(out, group, *own, kind, false);
            } else if (kind == FallbackKind::General) {
                // LiteLLM matches the group's own key, then "*"; default_fallbacks is appended
                // as {"*": default_fallbacks}, so it applies only where neither matched.
                if (const QStringList *wild = ownEntry(*map, QStringLiteral("*"))) {
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

QStringList describeChainChange(const FallbackChain &before, const FallbackChain &after)
{
    // Filled in with the chain work; until then any change is one line.
    if (before.fallbacks == after.fallbacks && before.settings == after.settings) {
        return {};
    }
    return {QStringLiteral("fallback configuration changed")};
}

} // namespace headroom
