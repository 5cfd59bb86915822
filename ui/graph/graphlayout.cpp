#include "graphlayout.h"

#include <cmath>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <map>
#include <numeric>
#include <QFutureWatcher>
#include <QMutex>
#include <QtConcurrent>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEADROOM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HEADROOM_ASAN 1
#endif

#ifdef HEADROOM_ASAN
// Graphviz 2.42's dot leaks a few hundred bytes of virtual and auxiliary edges per layout
// (make_aux_edge, new_virtual_edge; fixed in later Graphviz). Layouts run only when the chain's
// shape changes, so it is bounded. LeakSanitizer's fast unwinder stops at Graphviz's allocator
// (built without frame pointers), so the leaks are matched by it: Graphviz's own only.
// NOLINTNEXTLINE(bugprone-reserved-identifier): the name LeakSanitizer looks up
extern "C" const char *__lsan_default_suppressions()
{
    return "leak:libgvplugin_dot_layout.so\nleak:libgvc.so\n";
}
#endif

namespace headroom::ui {

namespace {

// Graphviz 2.42 takes char * for names and values it only reads.
char *cstr(QByteArray &bytes)
{
    return bytes.data();
}

void set(void *object, const char *name, const QByteArray &value)
{
    QByteArray n(name);
    QByteArray v(value);
    QByteArray empty;
    agsafeset(object, cstr(n), cstr(v), cstr(empty));
}

QByteArray inches(double sceneUnits)
{
    return QByteArray::number(sceneUnits / 72.0, 'f', 4);
}

// One Graphviz context for the process, made on first use and kept: making one loads the
// plugins, which is most of a small layout's cost.
QMutex &graphvizLock()
{
    static QMutex lock;
    return lock;
}

GVC_t *context()
{
    static GVC_t *gvc = gvContext();
    return gvc;
}

} // namespace

constexpr QSizeF kLabelSize(150, 40);

QSizeF graphNodeSize()
{
    return {236, 112};
}

namespace {

// One connected part of the graph, laid out by dot (the caller holds the Graphviz lock).
GraphLayout layoutComponent(const GraphShape &shape, QSizeF nodeSize)
{
    GraphLayout out;
    out.shape = shape;
    GVC_t *gvc = context();
    if (gvc == nullptr) {
        out.error = QStringLiteral("Graphviz could not start (no layout plugins?)");
        return out;
    }
    QByteArray name("fallbacks");
    Agraph_t *g = agopen(cstr(name), Agdirected, nullptr);
    set(g, "rankdir", "LR");
    set(g, "ordering", "out"); // a group's 1st fallback above its 2nd
    set(g, "nodesep", "0.5");
    set(g, "ranksep", "0.3"); // edge labels get a rank of their own (see below)
    set(g, "splines", "spline");
    set(g, "margin", "0");

    // Pools as clusters: dot keeps their groups together, and the cluster's box is the outline.
    QHash<QString, Agraph_t *> clusters;
    std::vector<Agnode_t *> nodes;
    QHash<QString, Agnode_t *> byName;
    QHash<QString, QString> poolOf;
    for (std::size_t i = 0; i < shape.nodes.size(); ++i) {
        const GraphShape::Node &node = shape.nodes[i];
        Agraph_t *parent = g;
        if (!node.pool.isEmpty()) {
            Agraph_t *&cluster = clusters[node.pool];
            if (cluster == nullptr) {
                QByteArray clusterName = "cluster_" + QByteArray::number(clusters.size());
                cluster = agsubg(g, cstr(clusterName), 1);
                set(cluster, "margin", "18");
            }
            parent = cluster;
        }
        QByteArray id = "n" + QByteArray::number(qulonglong(i));
        Agnode_t *n = agnode(parent, cstr(id), 1);
        set(n, "shape", "box");
        set(n, "fixedsize", "true");
        set(n, "label", "");
        set(n, "width", inches(nodeSize.width()));
        set(n, "height", inches(nodeSize.height()));
        nodes.push_back(n);
        byName.insert(node.name, n);
        poolOf.insert(node.name, node.pool);
    }
    // Each edge goes through a label node: a box of the size of the label the scene draws
    // (order, traffic, failed share, a line for "predicted" and one for findings), the same
    // whatever the traffic, so dot keeps labels off the groups and the layout still depends on
    // the shape alone. Graphviz's own edge labels would measure text with fontconfig on this
    // thread, which is slower and leaks.
    std::vector<std::pair<Agedge_t *, Agedge_t *>> edges;
    std::vector<Agnode_t *> labels;
    for (std::size_t i = 0; i < shape.links.size(); ++i) {
        const GraphShape::Link &link = shape.links[i];
        const QString fromPool = poolOf.value(link.from);
        Agraph_t *parent =
            !fromPool.isEmpty() && fromPool == poolOf.value(link.to) ? clusters.value(fromPool) : g;
        QByteArray labelId = "l" + QByteArray::number(qulonglong(i));
        Agnode_t *label = agnode(parent, cstr(labelId), 1);
        set(label, "shape", "box");
        set(label, "fixedsize", "true");
        set(label, "label", "");
        set(label, "width", inches(kLabelSize.width()));
        set(label, "height", inches(kLabelSize.height()));
        labels.push_back(label);
        QByteArray inId = "a" + QByteArray::number(qulonglong(i));
        QByteArray outId = "b" + QByteArray::number(qulonglong(i));
        Agedge_t *first = agedge(g, byName.value(link.from), label, cstr(inId), 1);
        Agedge_t *second = agedge(g, label, byName.value(link.to), cstr(outId), 1);
        // General fallbacks set the ranks; the other kinds bend around them.
        const char *weight = link.kind == FallbackKind::General ? "4" : "1";
        set(first, "weight", weight);
        set(second, "weight", weight);
        edges.emplace_back(first, second);
    }

    if (gvLayout(gvc, g, "dot") != 0) {
        out.error = QStringLiteral("Graphviz's dot layout failed");
        agclose(g);
        return out;
    }
    const boxf bb = GD_bb(g);
    const auto point = [&bb](pointf p) {
        return QPointF(p.x - bb.LL.x, bb.UR.y - p.y);
    };
    out.bounds = QRectF(0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        out.nodes.insert(shape.nodes[i].name, point(ND_coord(nodes[i])));
    }
    for (auto it = clusters.cbegin(); it != clusters.cend(); ++it) {
        const boxf cb = GD_bb(it.value());
        out.pools.insert(it.key(), QRectF(point(cb.LL), point(cb.UR)).normalized());
    }
    // A spline as a path (appended to `path`, joined by a line when it has a start already).
    const auto append = [&point](QPainterPath &path, const splines *spl) -> const bezier * {
        if (spl == nullptr || spl->size < 1 || spl->list[0].size < 4) {
            return nullptr;
        }
        const bezier &bz = spl->list[0];
        if (path.elementCount() == 0) {
            path.moveTo(point(bz.list[0]));
        } else {
            path.lineTo(point(bz.list[0]));
        }
        for (int p = 1; p + 2 < bz.size; p += 3) {
            path.cubicTo(point(bz.list[p]), point(bz.list[p + 1]), point(bz.list[p + 2]));
        }
        return &bz;
    };
    for (std::size_t i = 0; i < edges.size(); ++i) {
        GraphLayout::Edge edge;
        edge.from = shape.links[i].from;
        edge.to = shape.links[i].to;
        edge.kind = shape.links[i].kind;
        QPainterPath path;
        append(path, ED_spl(edges[i].first));
        if (const bezier *last = append(path, ED_spl(edges[i].second))) {
            edge.arrowTip = last->eflag ? point(last->ep) : point(last->list[last->size - 1]);
        }
        edge.path = path;
        edge.labelAt = point(ND_coord(labels[i]));
        out.edges.push_back(std::move(edge));
    }
    gvFreeLayout(gvc, g);
    agclose(g);
    return out;
}

// The groups joined by edges (or a pool: dot draws a pool as one cluster), each set with the
// links among them, in the shape's order.
std::vector<std::pair<GraphShape, std::vector<std::size_t>>> components(const GraphShape &shape)
{
    QHash<QString, int> index;
    for (std::size_t i = 0; i < shape.nodes.size(); ++i) {
        index.insert(shape.nodes[i].name, int(i));
    }
    std::vector<int> parent(shape.nodes.size());
    std::iota(parent.begin(), parent.end(), 0);
    const auto find = [&parent](int x) {
        while (parent[std::size_t(x)] != x) {
            x = parent[std::size_t(x)] = parent[std::size_t(parent[std::size_t(x)])];
        }
        return x;
    };
    const auto join = [&](int a, int b) {
        a = find(a);
        b = find(b);
        if (a != b) {
            parent[std::size_t(std::max(a, b))] = std::min(a, b);
        }
    };
    for (const GraphShape::Link &l : shape.links) {
        join(index.value(l.from), index.value(l.to));
    }
    QHash<QString, int> poolFirst;
    for (std::size_t i = 0; i < shape.nodes.size(); ++i) {
        if (const QString &pool = shape.nodes[i].pool; !pool.isEmpty()) {
            join(int(i), poolFirst.value(pool, int(i)));
            poolFirst.insert(pool, poolFirst.value(pool, int(i)));
        }
    }
    std::map<int, std::size_t> slot; // root → component, in the order of the first node
    std::vector<std::pair<GraphShape, std::vector<std::size_t>>> out;
    for (std::size_t i = 0; i < shape.nodes.size(); ++i) {
        const int root = find(int(i));
        auto [it, added] = slot.try_emplace(root, out.size());
        if (added) {
            out.emplace_back();
        }
        out[it->second].first.nodes.push_back(shape.nodes[i]);
    }
    for (std::size_t l = 0; l < shape.links.size(); ++l) {
        auto &[part, links] = out[slot.at(find(index.value(shape.links[l].from)))];
        part.links.push_back(shape.links[l]);
        links.push_back(l);
    }
    return out;
}

} // namespace

// Each connected part is laid out on its own and the parts are placed in rows, left to right,
// in the shape's order, as near 1.6 times as wide as tall as they go: many small chains then fill
// a window instead of one tall column. (Graphviz's own packing crashed in 2.42 with clusters.)
GraphLayout layoutGraph(const GraphShape &shape, QSizeF nodeSize)
{
    GraphLayout out;
    out.shape = shape;
    if (shape.nodes.empty()) {
        return out;
    }
    const QMutexLocker locker(&graphvizLock());
    if (context() == nullptr) {
        out.error = QStringLiteral("Graphviz could not start (no layout plugins?)");
        return out;
    }
    const auto parts = components(shape);
    std::vector<GraphLayout> laid;
    double widest = 0;
    for (const auto &[part, links] : parts) {
        laid.push_back(layoutComponent(part, nodeSize));
        if (!laid.back().error.isEmpty()) {
            out.error = laid.back().error;
            return out;
        }
        widest = std::max(widest, laid.back().bounds.width());
    }
    constexpr double kGap = 40;
    // The row width whose rows come closest to 1.6 : 1 (a window's shape), among the widths of
    // the first parts side by side.
    const auto packedSize = [&laid](double rowWidth) {
        double x = 0, y = 0, row = 0, wide = 0;
        for (const GraphLayout &part : laid) {
            if (x > 0 && x + part.bounds.width() > rowWidth) {
                y += row + kGap;
                x = row = 0;
            }
            x += part.bounds.width() + kGap;
            wide = std::max(wide, x - kGap);
            row = std::max(row, part.bounds.height());
        }
        return QSizeF(wide, y + row);
    };
    double rowWidth = widest;
    double bestScore = -1;
    double prefix = -kGap;
    for (const GraphLayout &part : laid) {
        prefix += part.bounds.width() + kGap;
        const double candidate = std::max(widest, prefix);
        const QSizeF size = packedSize(candidate);
        const double score = std::abs(std::log(size.width() / std::max(1.0, size.height()) / 1.6));
        if (bestScore < 0 || score < bestScore - 1e-9) {
            bestScore = score;
            rowWidth = candidate;
        }
    }
    out.edges.resize(shape.links.size());
    QPointF at(0, 0);
    double rowHeight = 0;
    for (std::size_t c = 0; c < laid.size(); ++c) {
        const GraphLayout &part = laid[c];
        if (at.x() > 0 && at.x() + part.bounds.width() > rowWidth) {
            at = QPointF(0, at.y() + rowHeight + kGap);
            rowHeight = 0;
        }
        for (auto it = part.nodes.cbegin(); it != part.nodes.cend(); ++it) {
            out.nodes.insert(it.key(), it.value() + at);
        }
        for (auto it = part.pools.cbegin(); it != part.pools.cend(); ++it) {
            out.pools.insert(it.key(), it.value().translated(at));
        }
        const std::vector<std::size_t> &links = parts[c].second;
        for (std::size_t e = 0; e < part.edges.size(); ++e) {
            GraphLayout::Edge edge = part.edges[e];
            edge.path.translate(at);
            edge.arrowTip += at;
            edge.labelAt += at;
            out.edges[links[e]] = std::move(edge);
        }
        out.bounds = out.bounds.united(part.bounds.translated(at));
        at.rx() += part.bounds.width() + kGap;
        rowHeight = std::max(rowHeight, part.bounds.height());
    }
    return out;
}

GraphLayouter::GraphLayouter(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<headroom::ui::GraphLayout>();
}

GraphLayouter::~GraphLayouter() = default;

quint64 GraphLayouter::request(const GraphShape &shape)
{
    const quint64 generation = ++m_generation;
    ++m_running;
    auto *watcher = new QFutureWatcher<GraphLayout>(this);
    connect(watcher, &QFutureWatcher<GraphLayout>::finished, this, [this, watcher, generation] {
        --m_running;
        GraphLayout layout = watcher->result();
        watcher->deleteLater();
        if (generation != m_generation) {
            return; // a newer shape was asked for meanwhile: this one is stale
        }
        layout.generation = generation;
        emit laidOut(layout);
    });
    watcher->setFuture(QtConcurrent::run([shape] { return layoutGraph(shape); }));
    return generation;
}

} // namespace headroom::ui
