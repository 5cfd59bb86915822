#include "graphscene.h"

#include "graphitems.h"

#include <QGraphicsSceneHelpEvent>
#include <QToolTip>

namespace headroom::ui {

namespace {

// A chain may name one target twice: the order tells the two edges apart.
QString edgeKey(const QString &from, const QString &to, FallbackKind kind, int order)
{
    return from + QChar(0x1f) + to + QChar(0x1f) + QString::number(int(kind)) + QChar(0x1f) +
           QString::number(order);
}

QString overlayKey(const QString &from, const QString &to, FallbackKind kind)
{
    return from + QChar(0x1f) + to + QChar(0x1f) + QString::number(int(kind));
}

} // namespace

GraphScene::GraphScene(const FallbackGraphModel *model, QObject *parent)
    : QGraphicsScene(parent)
    , m_model(model)
    , m_layouter(new GraphLayouter(this))
{
    // A scene of a few hundred items that move only on a new layout: no BSP tree to rebuild.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    connect(m_model, &FallbackGraphModel::shapeChanged, this, &GraphScene::shapeChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex group = topLeft.parent();
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    restyle(m_model->index(row, 0, group));
                }
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, &GraphScene::shapeChanged);
    connect(m_layouter, &GraphLayouter::laidOut, this, &GraphScene::applyLayout);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        if (!m_selecting && selectedEdge() != nullptr) {
            const GraphEdgeItem *e = selectedEdge();
            m_wantedEdge = overlayKey(e->from(), e->to(), e->kind());
            emit edgeSelected();
            return;
        }
        if (!m_selecting) {
            m_wantedEdge.clear();
            const QString group = selectedGroup();
            if (!group.isEmpty()) {
                m_wanted = group;
                emit groupSelected(group);
            }
        }
    });
    if (!m_model->shape().nodes.empty()) {
        shapeChanged();
    }
}

// QGraphicsScene's destructor removes the items, which changes the selection: by then this
// part of the object is gone, so nothing may answer it.
GraphScene::~GraphScene()
{
    disconnect(this, &QGraphicsScene::selectionChanged, nullptr, nullptr);
    clear();
}

void GraphScene::shapeChanged()
{
    // Until the new layout arrives the old items stay where they are and keep being restyled.
    m_layouter->request(m_model->shape());
}

void GraphScene::applyLayout(const GraphLayout &layout)
{
    if (!layout.error.isEmpty()) {
        emit layoutFailed(layout.error);
        return;
    }
    const QString current = selectedGroup();
    const QString selected = current.isEmpty() ? m_wanted : current;
    m_selecting = true; // m_wantedEdge already follows the selected edge, or an edit's wish
    clear();
    m_nodes.clear();
    m_edges.clear();
    m_layout = layout;
    for (auto it = layout.pools.cbegin(); it != layout.pools.cend(); ++it) {
        QString reason;
        for (const GraphShape::Node &n : layout.shape.nodes) {
            if (n.pool == it.key()) {
                reason =
                    m_model->groupIndex(n.name).data(FallbackGraphModel::PoolReasonRole).toString();
                break;
            }
        }
        addItem(new GraphPoolItem(it.value(), reason.isEmpty() ? it.key() : reason));
    }
    for (std::size_t i = 0; i < layout.edges.size(); ++i) {
        const GraphLayout::Edge &e = layout.edges[i];
        auto *item = new GraphEdgeItem(e.from, e.to, e.kind, e.path, e.arrowTip, e.labelAt);
        item->setFlag(QGraphicsItem::ItemIsSelectable, m_editing);
        addItem(item);
        m_edges.insert(edgeKey(e.from, e.to, e.kind, layout.shape.links[i].order), item);
    }
    const QSizeF size = graphNodeSize();
    for (const GraphShape::Node &n : layout.shape.nodes) {
        auto *item = new GraphNodeItem(n.name, size);
        item->setPos(layout.nodes.value(n.name));
        addItem(item);
        m_nodes.insert(n.name, item);
    }
    setSceneRect(layout.bounds.adjusted(-24, -24, 24, 24));
    m_hasLayout = true;
    ++m_layoutsApplied;
    restyleAll();
    GraphEdgeItem *wantedEdge = nullptr;
    for (GraphEdgeItem *e : std::as_const(m_edges)) {
        if (m_editing && overlayKey(e->from(), e->to(), e->kind()) == m_wantedEdge) {
            wantedEdge = e;
        }
    }
    if (wantedEdge != nullptr) {
        wantedEdge->setSelected(true);
    } else if (GraphNodeItem *item = m_nodes.value(selected)) {
        item->setSelected(true);
    }
    m_selecting = false;
    emit laidOut();
}

GraphEdgeItem *GraphScene::edge(const QString &from, const QString &to, FallbackKind kind,
                                int order) const
{
    return m_edges.value(edgeKey(from, to, kind, order));
}

QList<GraphNodeItem *> GraphScene::nodes() const
{
    QList<GraphNodeItem *> out;
    for (const GraphShape::Node &n : m_layout.shape.nodes) {
        if (GraphNodeItem *item = m_nodes.value(n.name)) {
            out.append(item);
        }
    }
    return out;
}

QString GraphScene::selectedGroup() const
{
    for (QGraphicsItem *item : selectedItems()) {
        if (auto *node = dynamic_cast<GraphNodeItem *>(item)) {
            return node->group();
        }
    }
    return {};
}

void GraphScene::selectGroup(const QString &group, bool notify)
{
    m_wanted = group; // a group without a node yet is selected once the layout brings it
    GraphNodeItem *item = m_nodes.value(group);
    if (item == nullptr) {
        return;
    }
    if (!item->isSelected() || selectedItems().size() != 1) {
        m_selecting = true;
        clearSelection();
        item->setSelected(true);
        setFocusItem(item);
        m_selecting = false;
    }
    if (notify) {
        emit groupSelected(group);
    }
}

void GraphScene::helpEvent(QGraphicsSceneHelpEvent *event)
{
    QString tip;
    for (QGraphicsItem *item : items(event->scenePos())) {
        if (auto *node = dynamic_cast<GraphNodeItem *>(item)) {
            tip = m_model->groupIndex(node->group()).data(Qt::ToolTipRole).toString();
            break;
        }
        if (auto *edge = dynamic_cast<GraphEdgeItem *>(item)) {
            tip = m_model->edgeIndex(edge->from(), edge->to(), edge->kind())
                      .data(Qt::ToolTipRole)
                      .toString();
            break;
        }
    }
    if (tip.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(event->screenPos(), tip, event->widget());
    }
    event->setAccepted(!tip.isEmpty());
}

void GraphScene::restyle(const QModelIndex &index)
{
    if (!index.isValid()) {
        return;
    }
    if (!index.parent().isValid()) {
        if (GraphNodeItem *item =
                m_nodes.value(index.data(FallbackGraphModel::NameRole).toString())) {
            item->setStyle(NodeStyle::from(index));
        }
        return;
    }
    const QString from = index.data(FallbackGraphModel::FromRole).toString();
    const QString to = index.data(FallbackGraphModel::NameRole).toString();
    const auto kind = FallbackKind(index.data(FallbackGraphModel::KindRole).toInt());
    const int order = index.data(FallbackGraphModel::OrderRole).toInt();
    if (GraphEdgeItem *item = edge(from, to, kind, order)) {
        EdgeStyle style = EdgeStyle::from(index);
        if (const auto it = m_overlay.constFind(overlayKey(from, to, kind));
            it != m_overlay.cend()) {
            style.change = it->change;
            style.liveOrder = it->liveOrder;
            style.liveKind = it->liveKind;
        }
        item->setStyle(style);
    }
}

void GraphScene::setOverlay(const std::vector<OverlayEdge> &overlay)
{
    QHash<QString, OverlayEdge> next;
    for (const OverlayEdge &o : overlay) {
        if (o.change != EdgeChange::Unchanged) {
            next.insert(overlayKey(o.edge.from, o.edge.to, o.edge.kind), o);
        }
    }
    if (next == m_overlay) {
        return;
    }
    m_overlay = std::move(next);
    restyleAll();
}

void GraphScene::setEditing(bool editing)
{
    m_editing = editing;
    for (GraphEdgeItem *e : std::as_const(m_edges)) {
        e->setFlag(QGraphicsItem::ItemIsSelectable, editing);
    }
    if (!editing) {
        m_wantedEdge.clear();
    }
}

void GraphScene::wantEdge(const QString &from, const QString &to, FallbackKind kind)
{
    m_wantedEdge = overlayKey(from, to, kind);
}

GraphEdgeItem *GraphScene::selectedEdge() const
{
    for (QGraphicsItem *item : selectedItems()) {
        if (auto *e = dynamic_cast<GraphEdgeItem *>(item)) {
            return e;
        }
    }
    return nullptr;
}

void GraphScene::selectEdge(GraphEdgeItem *edge)
{
    if (edge == nullptr || !m_editing) {
        return;
    }
    m_selecting = true;
    clearSelection();
    edge->setSelected(true);
    m_selecting = false;
    m_wantedEdge = overlayKey(edge->from(), edge->to(), edge->kind());
    emit edgeSelected();
}

void GraphScene::restyleAll()
{
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex group = m_model->index(r, 0);
        restyle(group);
        for (int e = 0; e < m_model->rowCount(group); ++e) {
            restyle(m_model->index(e, 0, group));
        }
    }
}

} // namespace headroom::ui
