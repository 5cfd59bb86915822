#include "chain/graphchecks.h"

#include <algorithm>
#include <functional>
#include <map>
#include <QSet>

namespace headroom {

namespace {

// A group's general targets in order: its own entry, else "*", else default_fallbacks.
std::map<QString, QStringList> generalTargets(const FallbackChain &chain, QStringList groups,
                                              const QString &start)
{
    if (!groups.contains(start)) {
        groups.append(start);
    }
    std::map<QString, QStringList> targets;
    for (const ChainEdge &edge : chain.edges(groups)) {
        if (edge.kind == FallbackKind::General || edge.kind == FallbackKind::Default) {
            targets[edge.from].append(edge.to);
        }
    }
    return targets;
}

} // namespace

QStringList FallbackWalk::pathTo(int step) const
{
    QStringList path;
    while (step >= 0 && step < int(steps.size())) {
        path.prepend(steps[std::size_t(step)].group);
        step = steps[std::size_t(step)].parent;
    }
    return path;
}

FallbackWalk generalFallbackWalk(const FallbackChain &chain, const QStringList &groups,
                                 const QString &group, std::optional<int> maxFallbacks)
{
    const int maxDepth =
        std::max(0, maxFallbacks.value_or(chain.fallbacks.maxFallbacks.value_or(5)));
    const std::map<QString, QStringList> targets = generalTargets(chain, groups, group);
    FallbackWalk walk;
    QSet<QString> attempted;
    // Depth-first, as the router nests: a target's own fallbacks run before the next target.
    const std::function<void(const QString &, int, int)> visit = [&](const QString &name, int depth,
                                                                     int parent) {
        attempted.insert(name);
        walk.steps.push_back(WalkStep{name, depth, parent});
        const int self = int(walk.steps.size()) - 1;
        const auto it = targets.find(name);
        if (it == targets.end()) {
            return;
        }
        for (const QString &target : it->second) {
            if (attempted.contains(target)) {
                continue; // AttemptedFallbackTargets: tried already in this request
            }
            if (depth >= maxDepth) {
                walk.cut.emplace_back(self, target);
                continue;
            }
            visit(target, depth + 1, self);
        }
    };
    visit(group, 0, -1);
    // A target cut at one branch may still have been tried through another.
    std::erase_if(walk.cut,
                  [&attempted](const auto &cut) { return attempted.contains(cut.second); });
    return walk;
}

int worstCaseAttempts(const FallbackChain &chain, const QStringList &groups, const QString &group)
{
    const int perGroup = 1 + std::max(0, chain.settings.numRetries.value_or(2));
    const FallbackWalk walk = generalFallbackWalk(chain, groups, group);
    int reached = 0;
    for (const WalkStep &step : walk.steps) {
        // A target that is no group fails at once, before any upstream call.
        if (step.depth == 0 || groups.isEmpty() || groups.contains(step.group)) {
            ++reached;
        }
    }
    return perGroup * reached;
}

} // namespace headroom
