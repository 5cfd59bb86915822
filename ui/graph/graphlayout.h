#pragma once
// Where the fallback graph's nodes and edges go: Graphviz's dot (in-process, libgvc), left to
// right by fallback order, run off the UI thread and only when the graph's shape changes.

#include "itemmodels/fallbackgraphmodel.h"

#include <QHash>
#include <QObject>
#include <QPainterPath>
#include <QRectF>
#include <QSizeF>
#include <vector>

namespace headroom::ui {

struct GraphLayout {
    struct Edge {
        QString from;
        QString to;
        FallbackKind kind = FallbackKind::General;
        QPainterPath path; // from the tail to where the arrow head starts
        QPointF arrowTip;  // the head's point (at the target's border)
        QPointF labelAt;   // the middle of the spline, for the edge's label
    };
    quint64 generation = 0;
    GraphShape shape;              // what was laid out
    QHash<QString, QPointF> nodes; // node centres, scene units (1 = 1/72 inch, y down)
    std::vector<Edge> edges;       // in shape.links order
    QHash<QString, QRectF> pools;  // pool id → the outline around its groups
    QRectF bounds;
    QString error; // why there is no layout; empty when it worked
};

// The size every node is laid out with, scene units.
QSizeF graphNodeSize();

// Lays the shape out now, on the calling thread (thread-safe: layouts run one at a time, as
// Graphviz's context is not reentrant). Deterministic: the same shape gives the same layout.
GraphLayout layoutGraph(const GraphShape &shape, QSizeF nodeSize = graphNodeSize());

// Runs layoutGraph on the thread pool and delivers the result on the thread it lives in; a
// result made for an older request than the latest is dropped, never delivered.
class GraphLayouter : public QObject {
    Q_OBJECT
public:
    explicit GraphLayouter(QObject *parent = nullptr);
    ~GraphLayouter() override;

    // Returns the request's generation (the one laidOut will carry).
    quint64 request(const GraphShape &shape);
    bool busy() const { return m_running > 0; }

signals:
    void laidOut(const headroom::ui::GraphLayout &layout);

private:
    quint64 m_generation = 0;
    int m_running = 0;
};

} // namespace headroom::ui
