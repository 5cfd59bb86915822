#pragma once
// The fallback graph view of the main window: the graph canvas, and beside it the prediction,
// where the chain came from, the legend and the findings panel. Owns the graph's item model.

#include "itemmodels/fallbackgraphmodel.h"

#include <QWidget>

class QLabel;
class QListWidget;

namespace headroom::ui {

class GraphCanvas;
class GraphScene;

class GraphView : public QWidget {
    Q_OBJECT
public:
    explicit GraphView(QWidget *parent = nullptr);
    ~GraphView() override;

    // Merges what the input says now into the model (the scene restyles; it lays out again only
    // if the shape changed). summary: the prediction's sentence, empty when none.
    void refresh(const FallbackGraphInput &input, const QString &summary);
    void clear();

    const FallbackGraphModel *model() const { return m_model; }
    GraphScene *scene() const { return m_scene; }
    GraphCanvas *canvas() const { return m_canvas; }
    QString findingsText() const; // the panel's lines, for tests
    QString summaryText() const;

    void selectGroup(const QString &group);
    QString selectedGroup() const;
    void focusGraph();

signals:
    void groupSelected(const QString &group); // the operator chose a node here

private:
    void updatePanel(const FallbackGraphInput &input, const QString &summary);

    FallbackGraphModel *m_model;
    GraphScene *m_scene;
    GraphCanvas *m_canvas;
    QLabel *m_summary;
    QLabel *m_origin;
    QLabel *m_problem; // the layout's failure, if any
    QListWidget *m_findings;
    QStringList m_findingLines;
};

} // namespace headroom::ui
