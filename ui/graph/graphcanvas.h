#pragma once
// The QGraphicsView of the fallback graph: zoom (Ctrl+wheel, Ctrl++ / Ctrl+-), pan (drag), fit
// (F, Ctrl+0) and keyboard navigation between nodes (arrow keys to the nearest node that way,
// Tab / Shift+Tab in name order). It fits the graph until the operator zooms or pans.

#include <QGraphicsView>

class QGraphicsLineItem;

namespace headroom::ui {

class GraphScene;

class GraphCanvas : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphCanvas(GraphScene *scene, QWidget *parent = nullptr);

    void zoomBy(double factor);
    void fit();
    double zoom() const { return transform().m11(); }
    bool autoFit() const { return m_autoFit; }

    // While a draft is edited, a drag from a group to a group adds a fallback (a ghost edge
    // follows the mouse; a drop on no group cancels); a drag from empty space still pans.
    void setEditing(bool editing);
    bool isDraggingFallback() const { return m_ghost != nullptr; }

signals:
    void fallbackDragged(const QString &from, const QString &to);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void step(int dx, int dy);
    void cycle(bool forward);

    QString groupAt(QPoint viewPos) const;
    void endDrag();

    GraphScene *m_scene;
    bool m_autoFit = true;
    bool m_editing = false;
    QString m_dragFrom;                   // the group a press in edit mode began on
    QPoint m_pressAt;                     // where, in view coordinates
    QGraphicsLineItem *m_ghost = nullptr; // the ghost edge, once the drag has begun
};

} // namespace headroom::ui
