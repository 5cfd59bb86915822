#pragma once
// The draft laid over the live chain, edge by edge: what an edit added, removed, moved within its
// list or turned into another kind, so the graph can draw the draft over the live one.

#include "chain/fallbackchain.h"
#include "draft/chainedit.h"

#include <QStringList>
#include <vector>

namespace headroom {

enum class EdgeChange { Unchanged, Added, Removed, Moved, KindChanged };

QString edgeChangeName(EdgeChange change); // "unchanged", "added", …

struct OverlayEdge {
    ChainEdge edge; // the draft's edge; the live one for Removed
    EdgeChange change = EdgeChange::Unchanged;
    int liveOrder = 0; // Moved: the place it has in the live chain (1 = first)
    FallbackKind liveKind = FallbackKind::General; // KindChanged: the kind it has live
    friend bool operator==(const OverlayEdge &, const OverlayEdge &) = default;
};

// Every edge of both chains (expanded over `groups`, as FallbackChain::edges does): the draft's
// in its order, each removed one after them in the live chain's order. An edge is the same edge
// in both when from, to and kind match; a (from, to) pair whose kind alone differs is
// KindChanged, not a removal and an addition.
std::vector<OverlayEdge> overlayDraft(const FallbackChain &live, const FallbackChain &draft,
                                      const QStringList &groups);

// The chain the graph draws while a draft is edited: the draft with every edge it removed put
// back at the end of its list, so removed edges are drawn (as removed) where they were.
FallbackChain drawnChain(const FallbackChain &live, const FallbackChain &draft,
                         const QStringList &groups);

// The list an edge of FallbackChain::edges lives in: its own group's, the "*" entry's, or
// default_fallbacks (key: the edge's group).
FallbackListRef listOfEdge(const ChainEdge &edge);

} // namespace headroom
