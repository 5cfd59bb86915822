#include "graphcanvas.h"

#include "graphitems.h"
#include "graphscene.h"

#include <cmath>
#include <QApplication>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QWheelEvent>

namespace headroom::ui {

namespace {
constexpr double kMinZoom = 0.1;
constexpr double kMaxZoom = 4.0;
} // namespace

GraphCanvas::GraphCanvas(GraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setObjectName(QStringLiteral("graphCanvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    // Items repaint themselves on restyle; a full update is simpler than tracking their rects.
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setBackgroundBrush(QColor(0xFA, 0xFA, 0xF8));
    setFocusPolicy(Qt::StrongFocus);
    connect(scene, &GraphScene::laidOut, this, [this] {
        if (m_autoFit) {
            fit();
        }
    });
}

void GraphCanvas::zoomBy(double factor)
{
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (target == zoom()) {
        return;
    }
    m_autoFit = false;
    scale(target / zoom(), target / zoom());
}

void GraphCanvas::fit()
{
    if (scene() == nullptr || scene()->items().isEmpty()) {
        return;
    }
    resetTransform();
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    // A small graph is enlarged a little, never more: text would look bloated.
    if (zoom() > 1.3) {
        resetTransform();
        scale(1.3, 1.3);
    }
    m_autoFit = true;
}

void GraphCanvas::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void GraphCanvas::setEditing(bool editing)
{
    m_editing = editing;
    endDrag();
}

QString GraphCanvas::groupAt(QPoint viewPos) const
{
    for (QGraphicsItem *item : items(viewPos)) {
        if (auto *node = dynamic_cast<GraphNodeItem *>(item)) {
            return node->group();
        }
    }
    return {};
}

void GraphCanvas::endDrag()
{
    delete m_ghost; // the scene forgets a deleted item
    m_ghost = nullptr;
    m_dragFrom.clear();
    setDragMode(QGraphicsView::ScrollHandDrag);
}

void GraphCanvas::mousePressEvent(QMouseEvent *event)
{
    m_autoFit = false; // a drag pans: keep what the operator looks at
    if (m_editing && event->button() == Qt::LeftButton) {
        m_dragFrom = groupAt(event->position().toPoint());
        m_pressAt = event->position().toPoint();
        if (!m_dragFrom.isEmpty()) {
            setDragMode(QGraphicsView::NoDrag); // a drag from a group draws, not pans
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragFrom.isEmpty() && (event->buttons() & Qt::LeftButton)) {
        const QPoint at = event->position().toPoint();
        if (m_ghost == nullptr &&
            (at - m_pressAt).manhattanLength() >= QApplication::startDragDistance()) {
            m_ghost = new QGraphicsLineItem;
            QPen pen(QColor(0x00, 0x72, 0xB2), 2, Qt::DashLine);
            m_ghost->setPen(pen);
            m_ghost->setZValue(10);
            m_scene->addItem(m_ghost);
        }
        if (m_ghost != nullptr) {
            const GraphNodeItem *from = m_scene->node(m_dragFrom);
            const QPointF start =
                from != nullptr ? from->sceneBoundingRect().center() : mapToScene(m_pressAt);
            m_ghost->setLine(QLineF(start, mapToScene(at)));
            event->accept();
            return;
        }
    }
    QGraphicsView::mouseMoveEvent(event);
}

void GraphCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_ghost != nullptr && event->button() == Qt::LeftButton) {
        const QString from = m_dragFrom;
        const QString to = groupAt(event->position().toPoint());
        endDrag();
        event->accept();
        if (!to.isEmpty() && to != from) {
            emit fallbackDragged(from, to); // dropped on empty space (or its own group): nothing
        }
        return;
    }
    if (!m_dragFrom.isEmpty()) {
        m_dragFrom.clear();
        setDragMode(QGraphicsView::ScrollHandDrag);
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void GraphCanvas::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit) {
        fit();
    }
}

void GraphCanvas::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        if (ctrl) {
            zoomBy(1.25);
            return;
        }
        break;
    case Qt::Key_Minus:
        if (ctrl) {
            zoomBy(0.8);
            return;
        }
        break;
    case Qt::Key_0:
        if (ctrl) {
            fit();
            return;
        }
        break;
    case Qt::Key_F:
        if (event->modifiers() == Qt::NoModifier) {
            fit();
            return;
        }
        break;
    case Qt::Key_Left:
        step(-1, 0);
        return;
    case Qt::Key_Right:
        step(1, 0);
        return;
    case Qt::Key_Up:
        step(0, -1);
        return;
    case Qt::Key_Down:
        step(0, 1);
        return;
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        // Tab walks the groups, so Ctrl+Tab (and Ctrl+Shift+Tab) leaves the canvas, as it leaves
        // Qt's other widgets that take Tab for themselves: the keyboard is never trapped here.
        if (ctrl) {
            QGraphicsView::focusNextPrevChild(event->key() == Qt::Key_Tab &&
                                              !(event->modifiers() & Qt::ShiftModifier));
            return;
        }
        break;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

bool GraphCanvas::focusNextPrevChild(bool next)
{
    if (m_scene->nodes().isEmpty()) {
        return QGraphicsView::focusNextPrevChild(next);
    }
    cycle(next);
    return true;
}

void GraphCanvas::cycle(bool forward)
{
    const QList<GraphNodeItem *> nodes = m_scene->nodes();
    const QString current = m_scene->selectedGroup();
    int at = -1;
    for (int i = 0; i < nodes.size(); ++i) {
        if (nodes[i]->group() == current) {
            at = i;
        }
    }
    const int n = int(nodes.size());
    const int next = at < 0 ? (forward ? 0 : n - 1) : ((at + (forward ? 1 : -1)) % n + n) % n;
    m_scene->selectGroup(nodes[next]->group(), /*notify=*/true);
    ensureVisible(nodes[next], 40, 40);
}

// To the nearest node in the direction, preferring ones straight that way: distance along it
// plus twice the distance across.
void GraphCanvas::step(int dx, int dy)
{
    const QList<GraphNodeItem *> nodes = m_scene->nodes();
    GraphNodeItem *from = m_scene->node(m_scene->selectedGroup());
    if (from == nullptr) {
        cycle(true);
        return;
    }
    GraphNodeItem *best = nullptr;
    double bestScore = 0;
    for (GraphNodeItem *candidate : nodes) {
        if (candidate == from) {
            continue;
        }
        const QPointF d = candidate->pos() - from->pos();
        const double along = d.x() * dx + d.y() * dy;
        if (along <= 1) {
            continue;
        }
        const double across = std::abs(d.x() * dy) + std::abs(d.y() * dx);
        const double score = along + 2 * across;
        if (best == nullptr || score < bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    if (best != nullptr) {
        m_scene->selectGroup(best->group(), /*notify=*/true);
        ensureVisible(best, 40, 40);
    }
}

} // namespace headroom::ui
