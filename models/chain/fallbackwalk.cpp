#include "chain/graphchecks.h"

#include <algorithm>

namespace headroom {

QStringList FallbackWalk::pathTo(int step) const
{
    QStringList path;
    while (step >= 0 && step < int(steps.size())) {
        path.prepend(steps[std::size_t(step)].group);
        step = steps[std::size_t(step)].parent;
    }
    return path;
}

FallbackWalker::FallbackWalker(const FallbackChain &chain, const QStringList &groups)
    : m_chain(chain)
    , m_groups(groups)
    , m_known(groups.begin(), groups.end())
{
    const auto id = [this](const QString &name) {
        const auto it = m_ids.constFind(name);
        if (it != m_ids.constEnd()) {
            return it.value();
        }
        const int next = int(m_names.size());
        m_ids.insert(name, next);
        m_names.push_back(name);
        m_next.emplace_back();
        return next;
    };
    for (const ChainEdge &edge : chain.edges(groups)) {
        if (edge.kind == FallbackKind::General || edge.kind == FallbackKind::Default) {
            const int from = id(edge.from);
            const int to = id(edge.to);
            m_next[std::size_t(from)].push_back(to);
        }
    }
}

FallbackWalk FallbackWalker::walk(const QString &group, std::optional<int> maxFallbacks) const
{
    if (!m_known.contains(group)) {
        // A group the list does not have still matches "*" or default_fallbacks: walk a chain
        // that lists it (rare: the checks and the views ask about known groups).
        QStringList groups = m_groups;
        groups.append(group);
        return FallbackWalker(m_chain, groups).walk(group, maxFallbacks);
    }
    FallbackWalk walk;
    const auto start = m_ids.constFind(group);
    if (start == m_ids.constEnd()) {
        walk.steps.push_back(WalkStep{group, 0, -1}); // no fallbacks at all
        return walk;
    }
    const int maxDepth =
        std::max(0, maxFallbacks.value_or(m_chain.fallbacks.maxFallbacks.value_or(5)));
    std::vector<char> attempted(m_names.size(), 0);
    std::vector<std::pair<int, int>> cut; // (step, target id)
    // Depth-first, as the router nests: a target's own fallbacks run before the next target.
    // Iterative, so that a chain of any length cannot run the stack out.
    struct Frame {
        int node;
        int step;
        int tried;            // the router's fallback_depth, one up for each target tried
        std::size_t next = 0; // the next of node's targets to look at
    };
    std::vector<Frame> frames;
    const auto enter = [&](int node, int depth, int parent) {
        attempted[std::size_t(node)] = 1;
        walk.steps.push_back(WalkStep{m_names[std::size_t(node)], depth, parent});
        const int step = int(walk.steps.size()) - 1;
        if (depth >= maxDepth) {
            // run_async_fallback's base case: this group starts no walk of its own.
            for (const int target : m_next[std::size_t(node)]) {
                if (target != node && attempted[std::size_t(target)] == 0) {
                    cut.emplace_back(step, target);
                }
            }
            return;
        }
        frames.push_back(Frame{node, step, depth});
    };
    enter(start.value(), 0, -1);
    while (!frames.empty()) {
        Frame &frame = frames.back();
        const std::vector<int> &targets = m_next[std::size_t(frame.node)];
        if (frame.next == targets.size()) {
            frames.pop_back();
            continue;
        }
        const int target = targets[frame.next++];
        if (target == frame.node || attempted[std::size_t(target)] != 0) {
            continue; // the group itself, or tried already in this request
        }
        // fallback_depth = fallback_depth + 1 for each target tried, siblings included.
        const int depth = ++frame.tried;
        const int parent = frame.step;
        enter(target, depth, parent); // may grow frames: frame is not used after this
    }
    // A target cut at one branch may still have been tried through another.
    for (const auto &[step, target] : cut) {
        if (attempted[std::size_t(target)] == 0) {
            walk.cut.emplace_back(step, m_names[std::size_t(target)]);
        }
    }
    return walk;
}

int FallbackWalker::worstCaseAttempts(const QString &group) const
{
    return worstCaseAttempts(walk(group));
}

int FallbackWalker::worstCaseAttempts(const FallbackWalk &walk) const
{
    const int perGroup = 1 + std::max(0, m_chain.settings.numRetries.value_or(2));
    int reached = 0;
    for (const WalkStep &step : walk.steps) {
        // A target that is no group fails at once, before any upstream call.
        if (step.depth == 0 || m_groups.isEmpty() || m_known.contains(step.group)) {
            ++reached;
        }
    }
    return perGroup * reached;
}

FallbackWalk generalFallbackWalk(const FallbackChain &chain, const QStringList &groups,
                                 const QString &group, std::optional<int> maxFallbacks)
{
    return FallbackWalker(chain, groups).walk(group, maxFallbacks);
}

int worstCaseAttempts(const FallbackChain &chain, const QStringList &groups, const QString &group)
{
    return FallbackWalker(chain, groups).worstCaseAttempts(group);
}

} // namespace headroom
