#pragma once
// The fallback graph view of the main window: the graph canvas, and beside it the prediction,
// where the chain came from, the legend and the findings panel. Owns the graph's item model.

#include "itemmodels/fallbackgraphmodel.h"

#include <memory>
#include <optional>
#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;

namespace headroom::ui {

class ChainEditor;
class EditorPanel;
class FallbackPicker;
class GraphCanvas;
class GraphEdgeItem;
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

    // Edit mode (Ctrl+E, or the Edit chain button): the draft drawn over the live graph, the
    // editor's keys on the graph (Delete, Alt+Up/Down, K, A for the picker), drag from a group
    // to a group, the editor's panel beside it, N / Shift+N to step through the selected group's
    // edges and Esc back to the group. Traffic keeps updating on the graph.
    void setEditing(bool editing);
    bool isEditing() const { return m_editing; }
    // The draft, its undo stack and its findings: what an "Apply draft…" action reads.
    ChainEditor *editor() const { return m_editor; }
    EditorPanel *editorPanel() const { return m_editorPanel; }
    FallbackPicker *picker() const { return m_picker; }
    QAction *editAction() const { return m_editAction; }

signals:
    void groupSelected(const QString &group); // the operator chose a node here

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updatePanel(const FallbackGraphInput &input, const QString &summary);
    void render(); // the last input again, with the draft over it while editing
    bool editKey(const QKeyEvent *event);
    void edgeMenu(QPoint at);
    void selectNextEdge(int by);
    void removeEdge(const GraphEdgeItem *edge);
    void moveEdge(const GraphEdgeItem *edge, int by);
    void changeKind(const GraphEdgeItem *edge, std::optional<FallbackKind> kind = std::nullopt);
    void openPicker();
    void selectFinding(const QStringList &groups);

    FallbackGraphModel *m_model;
    GraphScene *m_scene;
    GraphCanvas *m_canvas;
    QLabel *m_summary;
    QLabel *m_origin;
    QLabel *m_problem; // the layout's failure, if any
    QListWidget *m_findings;
    QLabel *m_findingsTitle;
    QWidget *m_legend;
    QLabel *m_keys;
    QSplitter *m_split = nullptr;
    QWidget *m_editorScroll; // the editor's panel, scrolled: it must not make the window taller
    QStringList m_findingLines;

    ChainEditor *m_editor;
    EditorPanel *m_editorPanel;
    FallbackPicker *m_picker;
    QAction *m_editAction;
    QPushButton *m_editButton;
    bool m_editing = false;
    // The last input, kept so an edit redraws at once, between polls.
    const MetricsStore *m_store = nullptr;
    std::optional<FallbackChain> m_liveChain;
    std::vector<ChainFinding> m_liveFindings;
    std::vector<QuotaPool> m_pools;
    std::shared_ptr<const CascadePrediction> m_prediction;
    AnalysisOptions m_options;
    QString m_summaryText;
};

} // namespace headroom::ui
