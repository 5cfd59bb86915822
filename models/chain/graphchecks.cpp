#include "chain/graphchecks.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <QLocale>
#include <QSet>

namespace headroom {

QString findingKindName(ChainFinding::Kind kind)
{
    switch (kind) {
    case ChainFinding::Kind::SelfFallback:
        return QStringLiteral("self_fallback");
    case ChainFinding::Kind::Cycle:
        return QStringLiteral("cycle");
    case ChainFinding::Kind::UnknownTarget:
        return QStringLiteral("unknown_target");
    case ChainFinding::Kind::CutByMaxFallbacks:
        return QStringLiteral("cut_by_max_fallbacks");
    case ChainFinding::Kind::SmallerContextWindow:
        return QStringLiteral("smaller_context_window");
    case ChainFinding::Kind::SamePool:
        return QStringLiteral("same_pool");
    case ChainFinding::Kind::UnprotectedDependency:
        return QStringLiteral("unprotected_dependency");
    case ChainFinding::Kind::ExactNameOnly:
        return QStringLiteral("exact_name_only");
    case ChainFinding::Kind::RetryAmplification:
        return QStringLiteral("retry_amplification");
    case ChainFinding::Kind::FileListReturns:
        return QStringLiteral("file_list_returns");
    }
    return {};
}

namespace {

using Kind = ChainFinding::Kind;
using Severity = ChainFinding::Severity;

QString setting(FallbackKind kind)
{
    return QStringLiteral("router_settings.") + fallbackKindSetting(kind);
}

QString arrowPath(const QStringList &groups)
{
    return groups.join(QStringLiteral(" → "));
}

bool isGeneral(const ChainEdge &edge)
{
    return edge.kind == FallbackKind::General || edge.kind == FallbackKind::Default;
}

// Everything the checks share: the known groups, the edges, and the order findings list groups in.
struct Graph {
    const FallbackChain &chain;
    const ChainFacts &facts;
    std::vector<ChainEdge> edges;
    QStringList nodes; // known groups first, then any other name the maps use, as they appear
    QSet<QString> groupSet;
    QHash<QString, qsizetype> place; // index in nodes

    Graph(const FallbackChain &c, const ChainFacts &f)
        : chain(c)
        , facts(f)
        , edges(c.edges(f.groups))
        , nodes(f.groups)
        , groupSet(f.groups.begin(), f.groups.end())
    {
        for (qsizetype i = 0; i < nodes.size(); ++i) {
            place.insert(nodes[i], i);
        }
        for (const ChainEdge &e : edges) {
            for (const QString *name : {&e.from, &e.to}) {
                if (!place.contains(*name)) {
                    place.insert(*name, nodes.size());
                    nodes.append(*name);
                }
            }
        }
    }
    // Without a list of groups nothing can be called unknown.
    bool known(const QString &group) const
    {
        return facts.groups.isEmpty() || groupSet.contains(group);
    }
    // General fallbacks also match a group by its name without the provider prefix
    // ("openai/gpt-4" asks for the entry "gpt-4").
    bool knownKey(const QString &key, FallbackKind kind) const
    {
        if (key == u"*" || known(key)) {
            return true;
        }
        if (kind != FallbackKind::General) {
            return false;
        }
        return !strippedMatch(key).isEmpty();
    }
    // The group whose name without its provider prefix is `key` ("openai/gpt-4" for "gpt-4").
    QString strippedMatch(const QString &key) const
    {
        if (known(key)) {
            return {};
        }
        for (const QString &g : facts.groups) {
            const qsizetype slash = g.indexOf(u'/');
            if (slash >= 0 && g.mid(slash + 1) == key) {
                return g;
            }
        }
        return {};
    }
};

void add(std::vector<ChainFinding> &out, Severity severity, Kind kind, QStringList groups,
         QString settingName, QString message)
{
    out.push_back(ChainFinding{severity, kind, std::move(groups), std::move(settingName),
                               std::move(message)});
}

const std::pair<const FallbackMap FallbackConfig::*, FallbackKind> kMaps[] = {
    {&FallbackConfig::fallbacks, FallbackKind::General},
    {&FallbackConfig::contextWindowFallbacks, FallbackKind::ContextWindow},
    {&FallbackConfig::contentPolicyFallbacks, FallbackKind::ContentPolicy},
};

void checkSelf(const Graph &g, std::vector<ChainFinding> &out)
{
    for (const auto &[member, kind] : kMaps) {
        for (const auto &[key, targets] : g.chain.fallbacks.*member) {
            if (key != u"*" && targets.contains(key)) {
                // An error: the admin API's POST /fallback refuses it, so a draft with one
                // cannot be pushed.
                add(out, Severity::Error, Kind::SelfFallback, {key}, setting(kind),
                    QStringLiteral("%1 lists itself in its %2: LiteLLM skips a fallback to the "
                                   "group that failed (and POST /fallback refuses one), so it "
                                   "adds nothing; remove it or name another group.")
                        .arg(key, fallbackKindSetting(kind)));
            }
        }
    }
}

// Loops through any kinds: a context-window fallback's target is a full call whose own rate
// limits walk its general fallbacks, so a → b (context window) → a (general) is walked too.
void checkCycles(const Graph &g, std::vector<ChainFinding> &out)
{
    QHash<QString, std::vector<const ChainEdge *>> next;
    for (const ChainEdge &e : g.edges) {
        if (e.from != e.to) {
            next[e.from].push_back(&e);
        }
    }
    const std::vector<const ChainEdge *> none;
    // A lookup that never inserts: the recursion below iterates these lists while it goes on.
    const auto outOf = [&next, &none](const QString &v) -> const std::vector<const ChainEdge *> & {
        const auto it = next.constFind(v);
        return it == next.constEnd() ? none : it.value();
    };
    // Tarjan's strongly connected components; each component of two or more groups is a loop.
    // Iterative: a proxy's chain of a hundred thousand groups must not run the stack out.
    QHash<QString, int> index;
    QHash<QString, int> low;
    QStringList stack;
    QSet<QString> onStack;
    std::vector<QStringList> components;
    int counter = 0;
    struct Frame {
        QString node;
        std::size_t next = 0; // the next edge of node's to look at
    };
    std::vector<Frame> frames;
    const auto enter = [&](const QString &v) {
        index.insert(v, counter);
        low.insert(v, counter);
        ++counter;
        stack.append(v);
        onStack.insert(v);
        frames.push_back(Frame{v, 0});
    };
    for (const QString &root : g.nodes) {
        if (index.contains(root)) {
            continue;
        }
        enter(root);
        while (!frames.empty()) {
            Frame &frame = frames.back();
            const std::vector<const ChainEdge *> &edges = outOf(frame.node);
            if (frame.next < edges.size()) {
                const QString &to = edges[frame.next++]->to;
                if (!index.contains(to)) {
                    enter(to); // frame is not used past this point: frames may have moved
                } else if (onStack.contains(to)) {
                    low[frame.node] = std::min(low.value(frame.node), index.value(to));
                }
                continue;
            }
            const QString v = frame.node;
            frames.pop_back();
            if (!frames.empty()) {
                const QString &parent = frames.back().node;
                low[parent] = std::min(low.value(parent), low.value(v));
            }
            if (low.value(v) == index.value(v)) {
                QStringList component;
                QString w;
                do {
                    w = stack.takeLast();
                    onStack.remove(w);
                    component.append(w);
                } while (w != v);
                if (component.size() > 1) {
                    components.push_back(component);
                }
            }
        }
    }
    std::vector<std::pair<qsizetype, ChainFinding>> loops; // by the first group's place
    for (const QStringList &component : components) {
        QString start = component.constFirst();
        for (const QString &v : component) {
            if (g.place.value(v) < g.place.value(start)) {
                start = v;
            }
        }
        const QSet<QString> members(component.begin(), component.end());
        // The shortest loop through the component's first group, edges taken in their order.
        QHash<QString, const ChainEdge *> via;
        QStringList queue{start};
        const ChainEdge *closing = nullptr;
        for (qsizetype i = 0; i < queue.size() && closing == nullptr; ++i) {
            for (const ChainEdge *e : outOf(queue[i])) {
                if (!members.contains(e->to)) {
                    continue;
                }
                if (e->to == start) {
                    closing = e;
                    break;
                }
                if (!via.contains(e->to)) {
                    via[e->to] = e;
                    queue.append(e->to);
                }
            }
        }
        if (closing == nullptr) {
            continue; // cannot happen in a component of two or more; never index an empty path
        }
        QStringList path;
        QStringList settings;
        for (const ChainEdge *e = closing; e != nullptr;
             e = e->from == start ? nullptr : via.value(e->from)) {
            path.prepend(e->from);
            if (!settings.contains(setting(e->kind))) {
                settings.prepend(setting(e->kind));
            }
        }
        QString message =
            QStringLiteral("Fallbacks loop: %1 → %2. LiteLLM skips groups a request already "
                           "tried, so the walk ends, but these groups carry each other's "
                           "overflow and none adds headroom when all are short; remove one "
                           "edge, e.g. %3 → %2.")
                .arg(arrowPath(path), start, path.constLast());
        if (component.size() > path.size()) {
            message += QStringLiteral(" (%1 groups loop together in all.)").arg(component.size());
        }
        loops.emplace_back(g.place.value(start),
                           ChainFinding{Severity::Warning, Kind::Cycle, path,
                                        settings.join(QStringLiteral(", ")), message});
    }
    // Tarjan finds components in reverse order; list them as the groups are listed.
    std::stable_sort(loops.begin(), loops.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &[place, finding] : loops) {
        out.push_back(std::move(finding));
    }
}

void checkUnknown(const Graph &g, std::vector<ChainFinding> &out)
{
    if (g.facts.groups.isEmpty()) {
        return;
    }
    for (const auto &[member, kind] : kMaps) {
        for (const auto &[key, targets] : g.chain.fallbacks.*member) {
            if (!g.knownKey(key, kind) && g.strippedMatch(key).isEmpty()) {
                add(out, Severity::Error, Kind::UnknownTarget, {key}, setting(kind),
                    QStringLiteral("%1 has an entry for %2, which is no model group on this "
                                   "proxy, so it never applies; fix the name (a typo?) or "
                                   "remove the entry.")
                        .arg(fallbackKindSetting(kind), key));
            }
            for (const QString &target : targets) {
                if (!g.known(target)) {
                    add(out, Severity::Error, Kind::UnknownTarget, {key, target}, setting(kind),
                        QStringLiteral("%1's %2 name %3, which is no model group on this proxy: "
                                       "that hop fails at once and protects nothing; fix the "
                                       "name or add the group.")
                            .arg(key, fallbackKindSetting(kind), target));
                }
            }
        }
    }
    for (const QString &target : g.chain.fallbacks.defaultFallbacks) {
        if (!g.known(target)) {
            add(out, Severity::Error, Kind::UnknownTarget, {target}, setting(FallbackKind::Default),
                QStringLiteral("default_fallbacks names %1, which is no model group on this "
                               "proxy: that hop fails at once for every group; fix the name or "
                               "add the group.")
                    .arg(target));
        }
    }
}

void checkAmplification(const Graph &g, const FallbackWalker &walker, const QString &start,
                        const FallbackWalk &walk, std::vector<ChainFinding> &out);

// The depth each group's walk is cut at, and (from the same walks: one walk per group is the
// cost of both) the attempts each costs, listed after the depth findings.
void checkDepth(const Graph &g, std::vector<ChainFinding> &out)
{
    std::vector<ChainFinding> amplified;
    const int maxFallbacks = g.chain.fallbacks.maxFallbacks.value_or(5);
    const FallbackWalker walker(g.chain, g.facts.groups);
    // One walk per group costs groups × chain length: bounded, so that a hostile or enormous
    // chain (a hundred thousand groups in one line) cannot keep the checks busy for minutes.
    qsizetype budget = kWalkStepBudget;
    for (const QString &start : g.nodes) {
        if (!g.known(start)) {
            continue;
        }
        if (budget <= 0) {
            add(out, Severity::Info, Kind::CutByMaxFallbacks, {start},
                QStringLiteral("router_settings.max_fallbacks"),
                QStringLiteral("The chain is too large to follow every group's fallback walk: "
                               "the depth check stopped at %1, so walks from it and the groups "
                               "listed after it were not checked against max_fallbacks.")
                    .arg(start));
            break;
        }
        const FallbackWalk walk = walker.walk(start);
        budget -= qsizetype(walk.steps.size());
        checkAmplification(g, walker, start, walk, amplified);
        if (walk.cut.empty()) {
            continue;
        }
        const auto &[step, target] = walk.cut.front();
        QStringList path = walk.pathTo(step);
        path.append(target);
        // What max_fallbacks would have to be for the walk to go on unhindered: above the
        // depth of every group whose fallbacks the whole walk tries.
        const FallbackWalk whole = walker.walk(start, std::numeric_limits<int>::max());
        budget -= qsizetype(whole.steps.size());
        int needed = 0;
        for (const WalkStep &s : whole.steps) {
            if (s.parent >= 0) {
                needed = std::max(needed, whole.steps[std::size_t(s.parent)].depth + 1);
            }
        }
        add(out, Severity::Warning, Kind::CutByMaxFallbacks, path,
            QStringLiteral("router_settings.max_fallbacks"),
            QStringLiteral("From %1 the fallback walk reaches max_fallbacks (%2; the router "
                           "counts every target it tries, siblings included), so %3 is never "
                           "tried: %4; raise max_fallbacks to %5 or shorten the chain.")
                .arg(start)
                .arg(maxFallbacks)
                .arg(target, arrowPath(path))
                .arg(needed));
    }
    std::move(amplified.begin(), amplified.end(), std::back_inserter(out));
}

QString tokens(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

void checkContextWindows(const Graph &g, std::vector<ChainFinding> &out)
{
    const auto &windows = g.facts.maxInputTokens;
    for (const ChainEdge &e : g.edges) {
        if (e.kind != FallbackKind::ContextWindow) {
            continue;
        }
        const auto from = windows.find(e.from);
        const auto to = windows.find(e.to);
        if (from == windows.end() || to == windows.end() || to->second > from->second) {
            continue;
        }
        add(out, Severity::Warning, Kind::SmallerContextWindow, {e.from, e.to},
            setting(FallbackKind::ContextWindow),
            QStringLiteral("%1's context-window fallback %2 takes %3 input tokens, %4 %1's %5: "
                           "a request too long for %1 is too long for %2 too; fall back to a "
                           "group with a larger window.")
                .arg(e.from, e.to, tokens(to->second),
                     to->second < from->second ? QStringLiteral("fewer than")
                                               : QStringLiteral("no more than"),
                     tokens(from->second)));
    }
}

void checkPools(const Graph &g, std::vector<ChainFinding> &out)
{
    QHash<QString, std::vector<const QuotaPool *>> poolsOf;
    for (const QuotaPool &pool : g.facts.pools) {
        for (const QString &group : pool.groups) {
            poolsOf[group].push_back(&pool);
        }
    }
    for (const ChainEdge &e : g.edges) {
        if (!isGeneral(e) || e.from == e.to) {
            continue;
        }
        const auto from = poolsOf.constFind(e.from);
        if (from == poolsOf.constEnd()) {
            continue;
        }
        for (const QuotaPool *pool : from.value()) {
            if (pool->groups.contains(e.to)) {
                add(out, Severity::Warning, Kind::SamePool, {e.from, e.to}, setting(e.kind),
                    QStringLiteral("%1 falls back to %2, but both draw on %3: when %1 is "
                                   "rate-limited so is %2, and the fallback adds no headroom; "
                                   "fall back to a group on another credential or provider.")
                        .arg(e.from, e.to, pool->reason));
                break;
            }
        }
    }
}

void checkUnprotected(const Graph &g, std::vector<ChainFinding> &out)
{
    QHash<QString, QStringList> dependents;
    QSet<QString> protectedGroups;
    for (const ChainEdge &e : g.edges) {
        if (!isGeneral(e) || e.from == e.to) {
            continue;
        }
        protectedGroups.insert(e.from);
        if (!dependents[e.to].contains(e.from)) {
            dependents[e.to].append(e.from);
        }
    }
    for (const QString &group : g.nodes) {
        const auto it = dependents.constFind(group);
        if (it == dependents.constEnd() || protectedGroups.contains(group) || !g.known(group)) {
            continue;
        }
        QStringList groups{group};
        groups += it.value();
        add(out, Severity::Info, Kind::UnprotectedDependency, groups,
            setting(FallbackKind::General),
            QStringLiteral("%1 is the fallback of %2 but has no fallback of its own: when it "
                           "is short too, their overflow reaches clients as errors; give %1 a "
                           "fallback on another provider.")
                .arg(group, it.value().join(QStringLiteral(", "))));
    }
}

// LiteLLM looks context-window and content-policy lists up by the exact group name (router.py,
// the ContextWindowExceededError and ContentPolicyViolationError branches of
// async_function_with_fallbacks); only general fallbacks try the provider-stripped name and "*".
void checkExactNames(const Graph &g, std::vector<ChainFinding> &out)
{
    for (const auto &[member, kind] : kMaps) {
        if (kind == FallbackKind::General) {
            continue;
        }
        for (const auto &[key, targets] : g.chain.fallbacks.*member) {
            if (key == u"*") {
                add(out, Severity::Warning, Kind::ExactNameOnly, {key}, setting(kind),
                    QStringLiteral("%1 has a \"*\" entry, but LiteLLM matches %1 by exact "
                                   "group name only, so it never applies; give each group that "
                                   "needs it an entry of its own.")
                        .arg(fallbackKindSetting(kind)));
                continue;
            }
            if (g.facts.groups.isEmpty()) {
                continue;
            }
            if (const QString group = g.strippedMatch(key); !group.isEmpty()) {
                add(out, Severity::Error, Kind::ExactNameOnly, {key, group}, setting(kind),
                    QStringLiteral("%1 has an entry for %2, which names %3 without its "
                                   "provider: LiteLLM matches %1 by exact group name only, so "
                                   "it never applies; rename the entry to %3.")
                        .arg(fallbackKindSetting(kind), key, group));
            }
        }
    }
}

// Each group reached is a full call with its own 1 + num_retries attempts: a wide or deep chain
// turns one client request into many upstream calls, most of them while providers are short.
void checkAmplification(const Graph &g, const FallbackWalker &walker, const QString &start,
                        const FallbackWalk &walk, std::vector<ChainFinding> &out)
{
    const int attempts = walker.worstCaseAttempts(walk);
    if (attempts <= g.facts.attemptBudget) {
        return;
    }
    const int perGroup = 1 + std::max(0, g.chain.settings.numRetries.value_or(2));
    QStringList reached;
    for (const WalkStep &s : walk.steps) {
        if (s.depth == 0 || g.known(s.group)) { // an unknown target costs no upstream call
            reached.append(s.group);
        }
    }
    add(out, Severity::Warning, Kind::RetryAmplification, reached,
        QStringLiteral("router_settings.num_retries"),
        QStringLiteral("One request to %1 may cost %2 upstream attempts (%3 groups reached, %4 "
                       "attempts each with num_retries %5), over the budget of %6: when "
                       "providers are short this multiplies their load; lower num_retries or "
                       "shorten %1's fallbacks.")
            .arg(start)
            .arg(attempts)
            .arg(reached.size())
            .arg(perGroup)
            .arg(perGroup - 1)
            .arg(g.facts.attemptBudget));
}

QString mapText(const FallbackMap &map)
{
    QStringList parts;
    for (const auto &[key, targets] : map) {
        parts.append(QStringLiteral("%1 → [%2]").arg(key, targets.join(QStringLiteral(", "))));
    }
    return parts.join(QStringLiteral("; "));
}

// The proxy merges its database's router_settings over the file's key by key, and an empty list
// in the database counts as unset (docs/litellm-api.md §10): emptying a list the file also sets
// brings the file's list back instead of removing the fallbacks.
void checkFileLists(const Graph &g, std::vector<ChainFinding> &out)
{
    if (!g.facts.fileFallbacks) {
        return;
    }
    const FallbackConfig &file = *g.facts.fileFallbacks;
    for (const auto &[member, kind] : kMaps) {
        const FallbackMap &fileMap = file.*member;
        const bool fileSets = std::any_of(fileMap.begin(), fileMap.end(), [](const auto &entry) {
            return !entry.second.isEmpty();
        });
        const FallbackMap &chainMap = g.chain.fallbacks.*member;
        const bool chainEmpty =
            std::all_of(chainMap.begin(), chainMap.end(),
                        [](const auto &entry) { return entry.second.isEmpty(); });
        if (!fileSets || !chainEmpty) {
            continue;
        }
        QStringList groups;
        for (const auto &[key, targets] : fileMap) {
            groups.append(key);
        }
        add(out, Severity::Warning, Kind::FileListReturns, groups, setting(kind),
            QStringLiteral("This leaves %1 empty, but LiteLLM reads an empty list in its database "
                           "as unset and uses config.yaml's instead (%2): the file's fallbacks "
                           "come back rather than none; remove them from the file too, or keep "
                           "one fallback here.")
                .arg(fallbackKindSetting(kind), mapText(fileMap)));
    }
    if (g.chain.fallbacks.defaultFallbacks.isEmpty() && !file.defaultFallbacks.isEmpty()) {
        add(out, Severity::Warning, Kind::FileListReturns, file.defaultFallbacks,
            setting(FallbackKind::Default),
            QStringLiteral("This leaves default_fallbacks empty, but LiteLLM reads an empty list "
                           "in its database as unset and uses config.yaml's instead ([%1]): the "
                           "file's default fallbacks come back rather than none.")
                .arg(file.defaultFallbacks.join(QStringLiteral(", "))));
    }
}

} // namespace

std::vector<ChainFinding> checkChain(const FallbackChain &chain, const ChainFacts &facts)
{
    const Graph graph(chain, facts);
    std::vector<ChainFinding> out;
    checkSelf(graph, out);
    checkCycles(graph, out);
    checkUnknown(graph, out);
    checkExactNames(graph, out);
    checkDepth(graph, out);
    checkContextWindows(graph, out);
    checkPools(graph, out);
    checkUnprotected(graph, out);
    checkFileLists(graph, out);
    return out;
}

ChainFacts chainFactsFrom(const std::vector<Deployment> &deployments, QStringList groups)
{
    ChainFacts facts;
    const bool listed = !groups.isEmpty();
    facts.groups = std::move(groups);
    for (const Deployment &d : deployments) {
        if (d.group.isEmpty()) {
            continue;
        }
        if (!listed && !facts.groups.contains(d.group)) {
            facts.groups.append(d.group);
        }
        if (!d.maxInputTokens) {
            continue;
        }
        auto [it, added] = facts.maxInputTokens.try_emplace(d.group, *d.maxInputTokens);
        if (!added) {
            it->second = std::min(it->second, *d.maxInputTokens);
        }
    }
    facts.pools = findQuotaPools(deployments);
    return facts;
}

} // namespace headroom
