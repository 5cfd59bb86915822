#pragma once
// The QGraphicsView of the fallback graph: zoom (Ctrl+wheel, Ctrl++ / Ctrl+-), pan (drag), fit
// (F, Ctrl+0) and keyboard navigation between nodes (arrow keys to the nearest node that way,
// Tab / Shift+Tab in name order). It fits the graph until the operator zooms or pans.

#include <QGraphicsView>

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

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void step(int dx, int dy);
    void cycle(bool forward);

    GraphScene *m_scene;
    bool m_autoFit = true;
};

} // namespace headroom::ui
