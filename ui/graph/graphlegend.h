#pragma once
// The graph's legend: the four fallback kinds by line style, idle, unconfigured and predicted
// edges, what a node's border and badges mean, and the pool outline.

#include <QWidget>

namespace headroom::ui {

class GraphLegend : public QWidget {
    Q_OBJECT
public:
    explicit GraphLegend(QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace headroom::ui
