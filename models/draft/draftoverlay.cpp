#include "draft/draftoverlay.h"

#include <QHash>
#include <QSet>

namespace headroom {

QString edgeChangeName(EdgeChange change)
{
    switch (change) {
    case EdgeChange::Unchanged:
        return QStringLiteral("unchanged");
    case EdgeChange::Added:
        return QStringLiteral("added");
    case EdgeChange::Removed:
        return QStringLiteral("removed");
    case EdgeChange::Moved:
        return QStringLiteral("moved");
    case EdgeChange::KindChanged:
        return QStringLiteral("kind_changed");
    }
    return {};
}

namespace {

QString pairKey(const ChainEdge &e)
{
    return e.from + QChar(0) + e.to;
}

QString edgeKey(const ChainEdge &e)
{
    return pairKey(e) + QChar(0) + QString::number(int(e.kind));
}

} // namespace

std::vector<OverlayEdge> overlayDraft(const FallbackChain &live, const FallbackChain &draft,
                                      const QStringList &groups)
{
    const std::vector<ChainEdge> before = live.edges(groups);
    const std::vector<ChainEdge> after = draft.edges(groups);
    QHash<QString, const ChainEdge *> liveByEdge;
    QHash<QString, std::vector<const ChainEdge *>> liveByPair;
    for (const ChainEdge &e : before) {
        liveByEdge.insert(edgeKey(e), &e);
        liveByPair[pairKey(e)].push_back(&e);
    }
    QSet<QString> draftEdges;
    for (const ChainEdge &e : after) {
        draftEdges.insert(edgeKey(e));
    }
    QSet<const ChainEdge *> matched;
    std::vector<OverlayEdge> out;
    out.reserve(after.size());
    for (const ChainEdge &e : after) {
        OverlayEdge o{e, EdgeChange::Unchanged, e.order, e.kind};
        if (const ChainEdge *was = liveByEdge.value(edgeKey(e), nullptr)) {
            matched.insert(was);
            if (was->order != e.order) {
                o.change = EdgeChange::Moved;
                o.liveOrder = was->order;
            }
        } else {
            o.change = EdgeChange::Added;
            // The same pair live under another kind the draft no longer has: a kind change.
            for (const ChainEdge *other : liveByPair.value(pairKey(e))) {
                if (!matched.contains(other) && !draftEdges.contains(edgeKey(*other))) {
                    matched.insert(other);
                    o.change = EdgeChange::KindChanged;
                    o.liveKind = other->kind;
                    o.liveOrder = other->order;
                    break;
                }
            }
        }
        out.push_back(o);
    }
    for (const ChainEdge &e : before) {
        if (!matched.contains(&e)) {
            out.push_back(OverlayEdge{e, EdgeChange::Removed, e.order, e.kind});
        }
    }
    return out;
}

FallbackListRef listOfEdge(const ChainEdge &edge)
{
    if (edge.kind == FallbackKind::General && edge.viaWildcard) {
        return FallbackListRef{QStringLiteral("*"), edge.kind};
    }
    return FallbackListRef{edge.from, edge.kind};
}

FallbackChain drawnChain(const FallbackChain &live, const FallbackChain &draft,
                         const QStringList &groups)
{
    FallbackChain drawn = draft;
    for (const OverlayEdge &o : overlayDraft(live, draft, groups)) {
        if (o.change == EdgeChange::Removed) {
            applyEdit(drawn, AddFallback{listOfEdge(o.edge), o.edge.to, -1}); // a wildcard's
            // second group finds the target listed already: the refusal is what is wanted
        }
    }
    return drawn;
}

} // namespace headroom
