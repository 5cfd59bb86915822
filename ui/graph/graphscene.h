#pragma once
// The fallback graph's scene: builds node, edge and pool items from a FallbackGraphModel where
// its layout puts them, lays out again (off the UI thread) only when the model's shape changes,
// and restyles items in place on dataChanged, so nothing moves between polls.

#include "draft/draftoverlay.h"
#include "graphlayout.h"

#include <QGraphicsScene>
#include <QHash>

namespace headroom::ui {

class GraphEdgeItem;
class GraphNodeItem;
class GraphPoolItem;

class GraphScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit GraphScene(const FallbackGraphModel *model, QObject *parent = nullptr);
    ~GraphScene() override;

    // Replaces every item by the layout's (keeps the selected group selected). Called with the
    // layouter's results; public for the benchmark, which lays out on its own thread.
    void applyLayout(const GraphLayout &layout);
    bool hasLayout() const { return m_hasLayout; }
    const GraphLayout &layout() const { return m_layout; }
    int layoutsApplied() const { return m_layoutsApplied; }

    GraphNodeItem *node(const QString &group) const { return m_nodes.value(group); }
    GraphEdgeItem *edge(const QString &from, const QString &to, FallbackKind kind, int order) const;
    // Nodes in the model's order (by name), for Tab.
    QList<GraphNodeItem *> nodes() const;
    QString selectedGroup() const;
    // notify: emit groupSelected (the operator chose it here, not the board).
    void selectGroup(const QString &group, bool notify = false);

    // While a draft is edited: what it does to each edge (drawn on the edges), and edges become
    // selectable. An empty overlay: the live graph alone.
    void setOverlay(const std::vector<OverlayEdge> &overlay);
    void setEditing(bool editing);
    bool isEditing() const { return m_editing; }
    GraphEdgeItem *selectedEdge() const;
    // The edge to select once the next layout brings it (an edit moved or re-kinded it).
    void wantEdge(const QString &from, const QString &to, FallbackKind kind);
    void selectEdge(GraphEdgeItem *edge);
    QList<GraphEdgeItem *> edges() const { return m_edges.values(); }

signals:
    void laidOut();                           // items were (re)built
    void layoutFailed(const QString &reason); // the items stay as they were
    void groupSelected(const QString &group); // by the operator, in the scene
    void edgeSelected();                      // by the operator, while editing (selectedEdge())

protected:
    // Tooltips are made when asked for (a hover), from the model: formatting 200 of them on
    // every poll would be most of a restyle.
    void helpEvent(QGraphicsSceneHelpEvent *event) override;

private:
    void shapeChanged();
    void restyle(const QModelIndex &index);
    void restyleAll();

    const FallbackGraphModel *m_model;
    GraphLayouter *m_layouter;
    GraphLayout m_layout;
    bool m_hasLayout = false;
    int m_layoutsApplied = 0;
    QHash<QString, GraphNodeItem *> m_nodes;
    QHash<QString, GraphEdgeItem *> m_edges; // by (from, to, kind, order)
    QString m_wanted;                        // the group to select, kept across layouts
    bool m_selecting = false;
    bool m_editing = false;
    QHash<QString, OverlayEdge> m_overlay; // by (from, to, kind)
    QString m_wantedEdge;                  // the edge to select, kept across layouts
};

} // namespace headroom::ui
