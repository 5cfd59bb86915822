#include "chain/chainnames.h"

#include <algorithm>
#include <QSet>
#include <QStringList>

namespace headroom {

namespace {

using Adjacency = QHash<QString, std::vector<const ChainEdge *>>;

// Depth first in fallback order, each group once: the order a request that found the root
// exhausted would try the groups.
void walk(const Adjacency &out, const QString &group, QStringList &order, QSet<QString> &seen)
{
    if (seen.contains(group)) {
        return;
    }
    seen.insert(group);
    order.append(group);
    const auto it = out.constFind(group);
    if (it == out.cend()) {
        return;
    }
    for (const ChainEdge *edge : it.value()) {
        walk(out, edge->to, order, seen);
    }
}

QString nameOf(const QStringList &order, int maxNames)
{
    const QString arrow = QStringLiteral(" → ");
    if (order.size() <= maxNames) {
        return order.join(arrow);
    }
    return order.first(maxNames).join(arrow) +
           QStringLiteral(" → … (+%1)").arg(order.size() - maxNames);
}

} // namespace

QHash<QString, QString> chainNames(const std::vector<ChainEdge> &edges, int maxNames)
{
    Adjacency out;
    QSet<QString> targets;
    QStringList groups; // on some edge, sorted
    for (const ChainEdge &e : edges) {
        if (e.kind != FallbackKind::General && e.kind != FallbackKind::Default) {
            continue;
        }
        if (e.from == e.to) {
            continue; // LiteLLM skips the original group: no chain of its own
        }
        out[e.from].push_back(&e);
        targets.insert(e.to);
        groups << e.from << e.to;
    }
    for (auto it = out.begin(); it != out.end(); ++it) {
        std::stable_sort(it->begin(), it->end(), [](const ChainEdge *a, const ChainEdge *b) {
            return a->order < b->order;
        });
    }
    groups.sort();
    groups.removeDuplicates();

    QHash<QString, QString> names;
    QHash<QString, qsizetype> lengths; // of the walk each group's name comes from
    const auto name = [&](const QString &root, bool onlyUnnamed) {
        QStringList order;
        QSet<QString> seen;
        walk(out, root, order, seen);
        const QString text = nameOf(order, maxNames);
        for (const QString &group : order) {
            if (onlyUnnamed ? !names.contains(group) : order.size() > lengths.value(group, 0)) {
                names.insert(group, text);
                lengths.insert(group, order.size());
            }
        }
    };
    for (const QString &group : groups) {
        if (!targets.contains(group)) {
            name(group, false);
        }
    }
    // Cycles no root leads into: from their first group by name.
    for (const QString &group : groups) {
        if (!names.contains(group)) {
            name(group, true);
        }
    }
    return names;
}

} // namespace headroom
