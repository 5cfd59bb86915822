#include "graphview.h"

#include "editor/chaineditor.h"
#include "editor/editorpanel.h"
#include "editor/fallbackpicker.h"
#include "graphcanvas.h"
#include "graphitems.h"
#include "graphlegend.h"
#include "graphscene.h"
#include "store/metricsstore.h"

#include <QAction>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QUndoStack>
#include <QVBoxLayout>

namespace headroom::ui {

namespace {

QString originText(const FallbackChain *chain)
{
    if (chain == nullptr) {
        return QObject::tr("The fallback chain has not been read: the edges drawn are the "
                           "fallbacks the proxy's metrics show (configured or not, unknown).");
    }
    if (!chain->origin.problem.isEmpty()) {
        return QObject::tr("The chain could not be read: %1").arg(chain->origin.problem);
    }
    switch (chain->origin.kind) {
    case ChainOrigin::Kind::ProxyAdmin:
        return QObject::tr("Chain read from the proxy (%1).").arg(chain->origin.where);
    case ChainOrigin::Kind::ConfigFile:
        return QObject::tr("Chain read from %1.").arg(chain->origin.where);
    case ChainOrigin::Kind::Scenario:
        return QObject::tr("Chain of the simulator's scenario.");
    case ChainOrigin::Kind::Unknown:
        break;
    }
    return QObject::tr("Where the chain came from is unknown.");
}

QString severityText(ChainFinding::Severity severity)
{
    switch (severity) {
    case ChainFinding::Severity::Error:
        return QObject::tr("error");
    case ChainFinding::Severity::Warning:
        return QObject::tr("warning");
    case ChainFinding::Severity::Info:
        return QObject::tr("note");
    }
    return {};
}

} // namespace

GraphView::GraphView(QWidget *parent)
    : QWidget(parent)
    , m_model(new FallbackGraphModel(this))
    , m_scene(new GraphScene(m_model, this))
    , m_canvas(new GraphCanvas(m_scene, this))
    , m_summary(new QLabel(this))
    , m_origin(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_findings(new QListWidget(this))
    , m_findingsTitle(nullptr)
    , m_legend(nullptr)
    , m_keys(nullptr)
    , m_editorScroll(nullptr)
    , m_editor(new ChainEditor(this))
    , m_editorPanel(nullptr)
    , m_picker(nullptr)
    , m_editAction(new QAction(tr("&Edit Chain"), this))
    , m_editButton(nullptr)
{
    m_canvas->setAccessibleName(tr("Fallback graph"));
    m_canvas->setAccessibleDescription(
        tr("Model groups and their fallbacks; arrow keys and Tab move between groups"));
    m_findings->setAccessibleName(tr("Findings of the fallback chain"));
    setObjectName(QStringLiteral("graphView"));
    auto *panel = new QWidget(this);
    auto *side = new QVBoxLayout(panel);
    side->setContentsMargins(8, 4, 4, 4);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("graphSummary"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_origin->setWordWrap(true);
    m_origin->setObjectName(QStringLiteral("graphOrigin"));
    m_findings->setObjectName(QStringLiteral("graphFindings"));
    m_findings->setWordWrap(true);
    m_findings->setAlternatingRowColors(true);
    auto *findingsTitle = new QLabel(tr("Findings"), panel);
    findingsTitle->setFont(bold);
    m_findingsTitle = findingsTitle;
    auto *keys = new QLabel(tr("Ctrl+wheel or Ctrl++ / Ctrl+− zoom · drag to pan · F fit · "
                               "arrows and Tab move between groups"),
                            panel);
    keys->setWordWrap(true);
    QFont small = keys->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    keys->setFont(small);
    side->addWidget(m_summary);
    side->addWidget(m_origin);
    side->addWidget(m_problem);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("graphProblem"));
    m_problem->hide();
    m_legend = new GraphLegend(panel);
    side->addWidget(m_legend);
    side->addWidget(findingsTitle);
    side->addWidget(m_findings, 1);
    side->addWidget(keys);
    m_keys = keys;

    // Edit mode: the editor's panel takes the findings' place (it lists the draft's).
    m_editButton = new QPushButton(tr("Edit chain (Ctrl+E)"), panel);
    m_editButton->setObjectName(QStringLiteral("editChain"));
    m_editButton->setCheckable(true);
    side->insertWidget(0, m_editButton);
    auto *scroll = new QScrollArea(panel);
    scroll->setObjectName(QStringLiteral("editorScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_editorPanel = new EditorPanel(m_editor, scroll);
    scroll->setWidget(m_editorPanel);
    scroll->hide();
    m_editorScroll = scroll;
    side->addWidget(scroll, 3);
    m_editAction->setObjectName(QStringLiteral("editChainAction"));
    m_editAction->setCheckable(true);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_editAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_editAction);
    connect(m_editAction, &QAction::toggled, this, &GraphView::setEditing);
    connect(m_editButton, &QPushButton::toggled, this, &GraphView::setEditing);
    QAction *undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    undo->setObjectName(QStringLiteral("draftUndo"));
    QAction *redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    redo->setObjectName(QStringLiteral("draftRedo"));
    addAction(undo);
    addAction(redo);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_canvas);
    split->addWidget(panel);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setSizes({900, 300});
    m_split = split;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_scene, &GraphScene::groupSelected, this, &GraphView::groupSelected);
    connect(m_scene, &GraphScene::layoutFailed, this, [this](const QString &reason) {
        m_problem->setText(tr("The graph could not be laid out: %1. The groups and their "
                              "figures are on the board (Ctrl+1).")
                               .arg(reason));
        m_problem->show();
    });
    connect(m_scene, &GraphScene::laidOut, m_problem, &QWidget::hide);
    connect(m_findings, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString group = item->data(Qt::UserRole).toString();
        if (!group.isEmpty()) {
            m_scene->selectGroup(group, /*notify=*/true);
        }
    });
    connect(m_findings, &QListWidget::itemClicked, m_findings, &QListWidget::itemActivated);

    m_picker = new FallbackPicker(m_canvas);
    connect(m_picker, &FallbackPicker::picked, this,
            [this](const QString &from, const QString &to, FallbackKind kind) {
                m_editor->edit(AddFallback{FallbackListRef{from, kind}, to, -1});
                m_canvas->setFocus(Qt::OtherFocusReason);
            });
    connect(m_canvas, &GraphCanvas::fallbackDragged, this,
            [this](const QString &from, const QString &to) {
                m_editor->edit(AddFallback{FallbackListRef{from, FallbackKind::General}, to, -1});
            });
    m_canvas->installEventFilter(this);
    m_canvas->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_canvas, &QWidget::customContextMenuRequested, this, &GraphView::edgeMenu);
    connect(m_editor, &ChainEditor::draftChanged, this, [this] {
        if (m_editing) {
            render();
        }
    });
    connect(m_editor, &ChainEditor::findingsChanged, this, [this] {
        if (m_editing) {
            render();
        }
    });
    connect(m_scene, &GraphScene::groupSelected, m_editorPanel, &EditorPanel::setGroup);
    connect(m_scene, &GraphScene::edgeSelected, this, [this] {
        if (const GraphEdgeItem *e = m_scene->selectedEdge()) {
            m_editorPanel->setGroup(e->from());
        }
    });
    connect(m_editorPanel, &EditorPanel::findingActivated, this, &GraphView::selectFinding);
    updatePanel({}, {});
}

GraphView::~GraphView() = default;

void GraphView::refresh(const FallbackGraphInput &input, const QString &summary)
{
    m_store = input.store;
    if (input.chain != nullptr) {
        if (!m_liveChain || !(*m_liveChain == *input.chain)) {
            m_liveChain = *input.chain;
        }
    } else {
        m_liveChain.reset();
    }
    m_liveFindings.assign(input.findings.begin(), input.findings.end());
    m_pools.assign(input.pools.begin(), input.pools.end());
    m_prediction = input.prediction != nullptr
                       ? std::make_shared<const CascadePrediction>(*input.prediction)
                       : nullptr;
    m_options = input.options;
    m_summaryText = summary;
    if (m_liveChain && m_liveChain->known() && m_store != nullptr && m_store->hasSample()) {
        m_editor->setLive(*m_liveChain, m_store->latestSampleShared());
    }
    render();
}

void GraphView::render()
{
    FallbackGraphInput input;
    input.store = m_store;
    input.chain = m_liveChain ? &*m_liveChain : nullptr;
    input.findings = m_liveFindings;
    input.pools = m_pools;
    input.prediction = m_prediction.get();
    input.options = m_options;
    FallbackChain drawn;
    const bool overlay = m_editing && m_editor->hasLive();
    if (overlay) {
        drawn = m_editor->drawnChain();
        input.chain = &drawn;
        input.findings = m_editor->findings();
    }
    if (input.store != nullptr) {
        m_model->update(input);
    }
    m_scene->setOverlay(overlay ? m_editor->overlay() : std::vector<OverlayEdge>{});
    updatePanel(input, m_summaryText);
}

void GraphView::clear()
{
    m_model->clear();
    m_store = nullptr;
    m_liveChain.reset();
    m_liveFindings.clear();
    m_pools.clear();
    m_prediction.reset();
    m_editor->reset();
    updatePanel({}, {});
}

void GraphView::setEditing(bool editing)
{
    if (editing == m_editing) {
        return;
    }
    m_editing = editing;
    for (QObject *toggle :
         {static_cast<QObject *>(m_editAction), static_cast<QObject *>(m_editButton)}) {
        const QSignalBlocker block(toggle);
        if (auto *a = qobject_cast<QAction *>(toggle)) {
            a->setChecked(editing);
        } else if (auto *b = qobject_cast<QPushButton *>(toggle)) {
            b->setChecked(editing);
        }
    }
    m_scene->setEditing(editing);
    m_canvas->setEditing(editing);
    // The editor's panel takes the place of the legend (it has the draft's marks) and of the
    // live findings (it lists the draft's).
    m_editorScroll->setVisible(editing);
    // The editor's panel needs room for its lists and settings: a wider side while editing.
    const int total = m_split->sizes().value(0) + m_split->sizes().value(1);
    const int side = editing ? 420 : 300;
    m_split->setSizes({std::max(0, total - side), side});
    for (QWidget *w : {static_cast<QWidget *>(m_findings), static_cast<QWidget *>(m_findingsTitle),
                       m_legend, static_cast<QWidget *>(m_keys)}) {
        w->setVisible(!editing);
    }
    m_editButton->setText(editing ? tr("Stop editing (Ctrl+E): the draft is kept")
                                  : tr("Edit chain (Ctrl+E)"));
    if (!editing) {
        m_picker->hide();
    }
    m_editorPanel->setGroup(m_scene->selectedGroup());
    render();
}

bool GraphView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_canvas && m_editing && event->type() == QEvent::KeyPress &&
        editKey(static_cast<QKeyEvent *>(event))) {
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

// The editor's keys on the graph; false: not one of them (the canvas navigates).
bool GraphView::editKey(const QKeyEvent *event)
{
    const GraphEdgeItem *edge = m_scene->selectedEdge();
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    switch (event->key()) {
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        if (edge != nullptr && mods == Qt::NoModifier) {
            removeEdge(edge);
            return true;
        }
        return false;
    case Qt::Key_Up:
    case Qt::Key_Down:
        if (edge != nullptr && mods == Qt::AltModifier) {
            moveEdge(edge, event->key() == Qt::Key_Up ? -1 : 1);
            return true;
        }
        return false;
    case Qt::Key_K:
        if (edge != nullptr && mods == Qt::NoModifier) {
            changeKind(edge);
            return true;
        }
        return false;
    case Qt::Key_N:
        // The keyboard way to an edge: N (Shift+N back) steps through the selected group's
        // fallbacks in the order tried; Delete, Alt+Up/Down and K then act on it.
        if (mods == Qt::NoModifier || mods == Qt::ShiftModifier) {
            selectNextEdge(mods == Qt::ShiftModifier ? -1 : 1);
            return true;
        }
        return false;
    case Qt::Key_Escape:
        if (edge != nullptr && mods == Qt::NoModifier) {
            m_scene->selectGroup(edge->from(), /*notify=*/true);
            return true;
        }
        return false;
    case Qt::Key_A:
    case Qt::Key_Insert:
        if (mods == Qt::NoModifier) {
            openPicker();
            return true;
        }
        return false;
    default:
        return false;
    }
}

namespace {

ChainEdge chainEdgeOf(const FallbackGraphModel *model, const GraphEdgeItem *item)
{
    const QModelIndex index = model->edgeIndex(item->from(), item->to(), item->kind());
    ChainEdge e;
    e.from = item->from();
    e.to = item->to();
    e.kind = item->kind();
    e.order = item->style().order;
    e.viaWildcard = index.data(FallbackGraphModel::ViaWildcardRole).toBool();
    return e;
}

} // namespace

void GraphView::selectNextEdge(int by)
{
    const GraphEdgeItem *current = m_scene->selectedEdge();
    const QString group = current != nullptr ? current->from() : m_scene->selectedGroup();
    const QModelIndex node = m_model->groupIndex(group);
    QList<GraphEdgeItem *> edges; // the group's edges in the model's order: the order tried
    for (int r = 0; r < m_model->rowCount(node); ++r) {
        const QModelIndex e = m_model->index(r, 0, node);
        if (GraphEdgeItem *item =
                m_scene->edge(group, e.data(FallbackGraphModel::NameRole).toString(),
                              FallbackKind(e.data(FallbackGraphModel::KindRole).toInt()),
                              e.data(FallbackGraphModel::OrderRole).toInt())) {
            edges.append(item);
        }
    }
    if (edges.isEmpty()) {
        m_editorPanel->showMessage(group.isEmpty() ? tr("select a group first")
                                                   : tr("%1 has no fallbacks").arg(group));
        return;
    }
    const qsizetype at = edges.indexOf(const_cast<GraphEdgeItem *>(current)); // NOLINT: lookup
    const qsizetype n = edges.size();
    const qsizetype next = at < 0 ? (by > 0 ? 0 : n - 1) : ((at + by) % n + n) % n;
    m_scene->selectEdge(edges[next]);
    m_canvas->ensureVisible(edges[next], 40, 40);
}

void GraphView::removeEdge(const GraphEdgeItem *edge)
{
    if (edge->style().change == EdgeChange::Removed) {
        m_editorPanel->showMessage(
            tr("%1 → %2 is removed in the draft already (undo brings it back)")
                .arg(edge->from(), edge->to()));
        return;
    }
    const ChainEdge e = chainEdgeOf(m_model, edge);
    m_editor->edit(RemoveFallback{listOfEdge(e), e.to});
}

void GraphView::moveEdge(const GraphEdgeItem *edge, int by)
{
    const ChainEdge e = chainEdgeOf(m_model, edge);
    const FallbackListRef list = listOfEdge(e);
    const QStringList *targets = fallbackList(m_editor->draft().chain(), list);
    const qsizetype at = targets != nullptr ? targets->indexOf(e.to) : -1;
    if (at < 0) {
        return;
    }
    const int to = int(at) + by;
    if (to < 0 || to >= targets->size()) {
        m_editorPanel->showMessage(
            tr("%1 is %2 in its list already").arg(e.to, by < 0 ? tr("first") : tr("last")));
        return;
    }
    m_scene->wantEdge(e.from, e.to, e.kind);
    m_editor->edit(MoveFallback{list, e.to, to});
}

void GraphView::changeKind(const GraphEdgeItem *edge, std::optional<FallbackKind> kind)
{
    const ChainEdge e = chainEdgeOf(m_model, edge);
    if (!kind) {
        // K cycles fallbacks → context window → content policy → fallbacks (a default edge
        // becomes the group's own fallback).
        switch (e.kind) {
        case FallbackKind::General:
            kind = FallbackKind::ContextWindow;
            break;
        case FallbackKind::ContextWindow:
            kind = FallbackKind::ContentPolicy;
            break;
        case FallbackKind::ContentPolicy:
        case FallbackKind::Default:
            kind = FallbackKind::General;
            break;
        }
    }
    const FallbackListRef list = listOfEdge(e);
    m_scene->wantEdge(e.from, e.to, *kind);
    if (list.key == u"*" && *kind != FallbackKind::Default) {
        // The wildcard's list is every group's: this group gets a list of that kind of its own.
        m_editor->edit(AddFallback{FallbackListRef{e.from, *kind}, e.to, -1});
        return;
    }
    m_editor->edit(ChangeFallbackKind{list, e.to, *kind});
}

void GraphView::edgeMenu(QPoint at)
{
    if (!m_editing) {
        return;
    }
    GraphEdgeItem *edge = nullptr;
    for (QGraphicsItem *item : m_canvas->items(at)) {
        if ((edge = dynamic_cast<GraphEdgeItem *>(item)) != nullptr) {
            break;
        }
    }
    QMenu menu(this);
    if (edge == nullptr) {
        const QString group = m_scene->selectedGroup();
        if (group.isEmpty()) {
            return;
        }
        menu.addAction(tr("Add a fallback from %1…\tA").arg(group), this, &GraphView::openPicker);
        menu.exec(m_canvas->viewport()->mapToGlobal(at));
        return;
    }
    m_scene->selectEdge(edge);
    menu.addSection(tr("%1 → %2").arg(edge->from(), edge->to()));
    QMenu *kinds = menu.addMenu(tr("Change kind to\tK"));
    for (const FallbackKind k : {FallbackKind::General, FallbackKind::ContextWindow,
                                 FallbackKind::ContentPolicy, FallbackKind::Default}) {
        QAction *a =
            kinds->addAction(fallbackKindText(k), this, [this, edge, k] { changeKind(edge, k); });
        a->setEnabled(k != edge->kind());
    }
    menu.addAction(tr("Move earlier\tAlt+Up"), this, [this, edge] { moveEdge(edge, -1); });
    menu.addAction(tr("Move later\tAlt+Down"), this, [this, edge] { moveEdge(edge, 1); });
    menu.addAction(tr("Remove\tDelete"), this, [this, edge] { removeEdge(edge); });
    menu.exec(m_canvas->viewport()->mapToGlobal(at));
}

void GraphView::openPicker()
{
    QString from = m_scene->selectedGroup();
    if (const GraphEdgeItem *e = m_scene->selectedEdge(); from.isEmpty() && e != nullptr) {
        from = e->from();
    }
    if (from.isEmpty()) {
        m_editorPanel->showMessage(tr("select the group to add a fallback from first"));
        return;
    }
    QStringList groups = m_editor->groups();
    m_picker->move(12, 12);
    m_picker->open(from, groups);
}

// A finding of two groups or more names an edge (from, to): select it; else its group.
void GraphView::selectFinding(const QStringList &groups)
{
    if (groups.size() >= 2) {
        for (GraphEdgeItem *e : m_scene->edges()) {
            if (e->from() == groups[0] && e->to() == groups[1]) {
                m_scene->selectEdge(e);
                m_canvas->ensureVisible(e, 40, 40);
                return;
            }
        }
    }
    if (!groups.isEmpty()) {
        m_scene->selectGroup(groups.constFirst(), /*notify=*/true);
    }
}

void GraphView::updatePanel(const FallbackGraphInput &input, const QString &summary)
{
    QString headline = summary;
    if (headline.isEmpty() && input.prediction != nullptr && !input.prediction->path.isEmpty()) {
        const QStringList &path = input.prediction->path;
        constexpr qsizetype kShown = 6; // a fleet-wide cascade would fill the panel
        QString groups = path.mid(0, kShown).join(QStringLiteral(" → "));
        if (path.size() > kShown) {
            groups += tr(" → … (%n more)", nullptr, int(path.size() - kShown));
        }
        headline = tr("Predicted to saturate: %1").arg(groups);
    }
    if (headline.isEmpty()) {
        headline = input.prediction != nullptr ? tr("No cascade predicted.")
                                               : tr("Cascade prediction: not available yet.");
    }
    if (m_summary->text() != headline) {
        m_summary->setText(headline);
    }
    const QString origin = originText(input.chain);
    if (m_origin->text() != origin) {
        m_origin->setText(origin);
    }
    QStringList lines;
    for (const ChainFinding &f : input.findings) {
        lines.append(
            QStringLiteral("%1: %2 (%3)").arg(severityText(f.severity), f.message, f.setting));
    }
    if (lines == m_findingLines && m_findings->count() > 0) {
        return; // the list is rebuilt only when a finding changes: the selection survives
    }
    m_findingLines = lines;
    m_findings->clear();
    for (std::size_t i = 0; i < input.findings.size(); ++i) {
        auto *item = new QListWidgetItem(lines[qsizetype(i)], m_findings);
        item->setData(Qt::UserRole, input.findings[i].groups.value(0));
        item->setToolTip(input.findings[i].groups.join(QStringLiteral(" → ")));
    }
    if (lines.isEmpty()) {
        auto *item = new QListWidgetItem(input.chain != nullptr
                                             ? tr("No findings: the chain passes every check.")
                                             : tr("No findings: the chain has not been read."),
                                         m_findings);
        item->setFlags(Qt::ItemIsEnabled);
    }
}

QString GraphView::findingsText() const
{
    return m_findingLines.join(u'\n');
}

QString GraphView::summaryText() const
{
    return m_summary->text();
}

void GraphView::selectGroup(const QString &group)
{
    m_scene->selectGroup(group);
}

QString GraphView::selectedGroup() const
{
    return m_scene->selectedGroup();
}

void GraphView::focusGraph()
{
    m_canvas->setFocus(Qt::ShortcutFocusReason);
}

} // namespace headroom::ui
