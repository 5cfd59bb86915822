// Editing the fallback chain on the graph, offscreen, with the operator's gestures: remove an
// edge with Delete, reorder with Alt+Up/Down, change its kind with K, add by the picker (type to
// filter, Enter) and by a drag from a group to a group (a drop on empty space cancels), undo and
// redo with the standard shortcuts, the draft drawn over the live graph, the draft's findings,
// the live chain changing under a draft, and Discard.

#include "boardfleet.h"
#include "draft/chaindraft.h"
#include "editor/chaineditor.h"
#include "editor/editorpanel.h"
#include "editor/fallbackpicker.h"
#include "graph/graphcanvas.h"
#include "graph/graphitems.h"
#include "graph/graphscene.h"
#include "graph/graphview.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

using namespace headroom;
using namespace headroom::test;
using namespace headroom::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kAlpha = u"alpha"_s;
const QString kBeta = u"beta"_s;
const QString kGamma = u"gamma"_s;

struct Fixture {
    BoardFleet fleet;
    MetricsStore store;
    FallbackChain chain;

    Fixture()
    {
        fleet.add(kAlpha, u"a1"_s, 5);
        fleet.add(kBeta, u"b1"_s, 3);
        fleet.add(kGamma, u"c1"_s, 1);
        fleet.edges[{kAlpha, kBeta}] = {2, 0};
        chain.origin.kind = ChainOrigin::Kind::ConfigFile;
        chain.origin.where = u"/etc/litellm/config.yaml"_s;
        chain.fallbacks.fallbacks = {{kAlpha, {kBeta, kGamma}}, {kBeta, {kGamma}}};
        fleet.feed(store, 2);
    }
    FallbackGraphInput input() const
    {
        FallbackGraphInput in;
        in.store = &store;
        in.chain = &chain;
        return in;
    }
};

QStringList list(const FallbackChain &chain, const QString &group,
                 FallbackKind kind = FallbackKind::General)
{
    const QStringList *l = fallbackList(chain, FallbackListRef{group, kind});
    return l != nullptr ? *l : QStringList{};
}

// Where a group's node is, in the canvas viewport's coordinates.
QPoint nodeAt(GraphView &view, const QString &group)
{
    const GraphNodeItem *node = view.scene()->node(group);
    return view.canvas()->mapFromScene(node->sceneBoundingRect().center());
}

void mouse(QWidget *viewport, QEvent::Type type, QPoint at, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, QPointF(at), viewport->mapToGlobal(QPointF(at)),
                      type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, buttons,
                      Qt::NoModifier);
    QApplication::sendEvent(viewport, &event);
}

// A drag with the left button from `from` to `to` in steps, as a hand makes it.
void drag(QWidget *viewport, QPoint from, QPoint to)
{
    mouse(viewport, QEvent::MouseButtonPress, from, Qt::LeftButton);
    for (int i = 1; i <= 8; ++i) {
        mouse(viewport, QEvent::MouseMove, from + (to - from) * i / 8, Qt::LeftButton);
    }
    mouse(viewport, QEvent::MouseButtonRelease, to, Qt::NoButton);
}

} // namespace

class TestChainEditor : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();
    void deleteUndoRedo();
    void reorder();
    void edgeByKeyboard();
    void changeKind();
    void addByPicker();
    void addByDrag();
    void findingsOfTheDraft();
    void panel();
    void liveChangesUnderDraft();
    void anotherProxyForgetsTheDraft();

private:
    bool laidOut(); // waits for the next layout
    GraphEdgeItem *select(const QString &from, const QString &to,
                          FallbackKind kind = FallbackKind::General);
    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void shoot(const QString &name);

    std::unique_ptr<Fixture> m_f;
    std::unique_ptr<GraphView> m_view;
};

void TestChainEditor::init()
{
    m_f = std::make_unique<Fixture>();
    m_view = std::make_unique<GraphView>();
    m_view->resize(1280, 800);
    m_view->show();
    m_view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    QSignalSpy spy(m_view->scene(), &GraphScene::laidOut);
    m_view->refresh(m_f->input(), {});
    QVERIFY(spy.wait(10000));
    QTest::keyClick(m_view->canvas(), Qt::Key_E, Qt::ControlModifier);
    QVERIFY(m_view->isEditing());
    QVERIFY(m_view->editorPanel()->isVisible());
    QVERIFY(m_view->editor()->hasLive());
    QTRY_COMPARE(m_view->editor()->groups(), (QStringList{kAlpha, kBeta, kGamma}));
    m_view->canvas()->setFocus();
}

void TestChainEditor::cleanup()
{
    m_view.reset();
    m_f.reset();
}

bool TestChainEditor::laidOut()
{
    QSignalSpy spy(m_view->scene(), &GraphScene::laidOut);
    return spy.wait(10000);
}

GraphEdgeItem *TestChainEditor::select(const QString &from, const QString &to, FallbackKind kind)
{
    for (GraphEdgeItem *e : m_view->scene()->edges()) {
        if (e->from() == from && e->to() == to && e->kind() == kind) {
            m_view->scene()->selectEdge(e);
            return e;
        }
    }
    return nullptr;
}

void TestChainEditor::key(Qt::Key key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(m_view->canvas(), key, modifiers);
}

// HEADROOM_EDITOR_SHOTS=DIR keeps a picture of the edit in progress (docs/ holds them).
void TestChainEditor::shoot(const QString &name)
{
    const QString dir = qEnvironmentVariable("HEADROOM_EDITOR_SHOTS");
    if (!dir.isEmpty()) {
        QTest::qWait(200);
        m_view->grab().save(QDir(dir).filePath(name));
    }
}

void TestChainEditor::deleteUndoRedo()
{
    ChainEditor *editor = m_view->editor();
    QVERIFY(select(kAlpha, kBeta) != nullptr);
    QSignalSpy changed(editor, &ChainEditor::draftChanged);
    key(Qt::Key_Delete);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(list(editor->draftChain(), kAlpha), QStringList{kGamma});
    QVERIFY(editor->isDirty());
    // The removed edge is still drawn, as removed; the live chain is untouched.
    QVERIFY(laidOut());
    const GraphEdgeItem *removed = m_view->scene()->edge(kAlpha, kBeta, FallbackKind::General, 2);
    QVERIFY(removed != nullptr);
    QCOMPARE(removed->style().change, EdgeChange::Removed);
    QVERIFY(removed->style().label().contains(u"× removed in draft"_s));
    QCOMPARE(list(editor->draft().live(), kAlpha), (QStringList{kBeta, kGamma}));
    QCOMPARE(editor->undoStack()->count(), 1);
    QCOMPARE(editor->undoStack()->text(0), u"Remove alpha → beta (fallbacks)"_s);

    key(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(list(editor->draftChain(), kAlpha), (QStringList{kBeta, kGamma}));
    QVERIFY(!editor->isDirty());
    QVERIFY(editor->draftChain() == editor->draft().live());
    key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(list(editor->draftChain(), kAlpha), QStringList{kGamma});
    // Delete on the edge drawn as removed says so and changes nothing.
    QVERIFY(laidOut());
    shoot(u"editor-remove.png"_s);
    QVERIFY(select(kAlpha, kBeta) != nullptr);
    key(Qt::Key_Delete);
    QCOMPARE(editor->undoStack()->count(), 1);
    QVERIFY(m_view->editorPanel()
                ->findChild<QLabel *>(u"draftMessage"_s)
                ->text()
                .contains(u"removed in the draft already"_s));
}

void TestChainEditor::reorder()
{
    ChainEditor *editor = m_view->editor();
    QVERIFY(select(kAlpha, kBeta) != nullptr);
    key(Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(list(editor->draftChain(), kAlpha), (QStringList{kGamma, kBeta}));
    QVERIFY(laidOut());
    // The moved edge stays selected across the new layout, drawn as moved with its old place.
    GraphEdgeItem *moved = m_view->scene()->selectedEdge();
    QVERIFY(moved != nullptr);
    QCOMPARE(moved->to(), kBeta);
    QCOMPARE(moved->style().change, EdgeChange::Moved);
    QVERIFY(moved->style().label().contains(u"moved in draft (was 1st)"_s));
    shoot(u"editor-reorder.png"_s);
    // Already last: nothing changes, and the panel says why.
    key(Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(list(editor->draftChain(), kAlpha), (QStringList{kGamma, kBeta}));
    key(Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(list(editor->draftChain(), kAlpha), (QStringList{kBeta, kGamma}));
    QVERIFY(!editor->isDirty());
    QCOMPARE(editor->undoStack()->count(), 2);
}

// No mouse at all: Tab to a group, N to its fallbacks in order, Delete, Esc back to the group.
void TestChainEditor::edgeByKeyboard()
{
    ChainEditor *editor = m_view->editor();
    m_view->scene()->selectGroup(kAlpha, true);
    key(Qt::Key_N);
    const GraphEdgeItem *e = m_view->scene()->selectedEdge();
    QVERIFY(e != nullptr);
    QCOMPARE(e->to(), kBeta); // alpha's first
    key(Qt::Key_N);
    QCOMPARE(m_view->scene()->selectedEdge()->to(), kGamma);
    key(Qt::Key_N); // round again
    QCOMPARE(m_view->scene()->selectedEdge()->to(), kBeta);
    key(Qt::Key_N, Qt::ShiftModifier);
    QCOMPARE(m_view->scene()->selectedEdge()->to(), kGamma);
    key(Qt::Key_Delete);
    QCOMPARE(list(editor->draftChain(), kAlpha), QStringList{kBeta});
    key(Qt::Key_Escape);
    QCOMPARE(m_view->scene()->selectedGroup(), kAlpha);
    QVERIFY(m_view->scene()->selectedEdge() == nullptr);
}

void TestChainEditor::changeKind()
{
    ChainEditor *editor = m_view->editor();
    QVERIFY(select(kBeta, kGamma) != nullptr);
    key(Qt::Key_K);
    QCOMPARE(list(editor->draftChain(), kBeta), QStringList{});
    QCOMPARE(list(editor->draftChain(), kBeta, FallbackKind::ContextWindow), QStringList{kGamma});
    QVERIFY(laidOut());
    const GraphEdgeItem *e = m_view->scene()->selectedEdge();
    QVERIFY(e != nullptr);
    QCOMPARE(e->kind(), FallbackKind::ContextWindow);
    QCOMPARE(e->style().change, EdgeChange::KindChanged);
    key(Qt::Key_K);
    QCOMPARE(list(editor->draftChain(), kBeta, FallbackKind::ContentPolicy), QStringList{kGamma});
    key(Qt::Key_Z, Qt::ControlModifier);
    key(Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(editor->draftChain() == editor->draft().live());
}

void TestChainEditor::addByPicker()
{
    ChainEditor *editor = m_view->editor();
    m_view->scene()->selectGroup(kGamma, true);
    key(Qt::Key_A);
    FallbackPicker *picker = m_view->picker();
    QVERIFY(picker->isVisible());
    QCOMPARE(picker->list()->count(), 2); // alpha and beta: not gamma itself
    QTest::keyClicks(picker->filter(), u"alp"_s);
    QCOMPARE(picker->list()->count(), 1);
    QCOMPARE(picker->list()->currentItem()->text(), kAlpha);
    QTest::keyClick(picker->filter(), Qt::Key_Return);
    QVERIFY(!picker->isVisible());
    QCOMPARE(list(editor->draftChain(), kGamma), QStringList{kAlpha});
    QVERIFY(laidOut());
    const GraphEdgeItem *added = m_view->scene()->edge(kGamma, kAlpha, FallbackKind::General, 1);
    QVERIFY(added != nullptr);
    QCOMPARE(added->style().change, EdgeChange::Added);
    QVERIFY(added->style().label().contains(u"+ added in draft"_s));
    // Esc closes without adding.
    key(Qt::Key_A);
    QVERIFY(picker->isVisible());
    QTest::keyClick(picker->filter(), Qt::Key_Escape);
    QVERIFY(!picker->isVisible());
    QCOMPARE(editor->undoStack()->count(), 1);
}

void TestChainEditor::addByDrag()
{
    ChainEditor *editor = m_view->editor();
    QWidget *viewport = m_view->canvas()->viewport();
    // Dropped on empty space: cancelled, no ghost left behind.
    const QPoint empty(5, viewport->height() - 5);
    QVERIFY(m_view->scene()->itemAt(m_view->canvas()->mapToScene(empty), QTransform()) == nullptr);
    drag(viewport, nodeAt(*m_view, kGamma), empty);
    QVERIFY(!m_view->canvas()->isDraggingFallback());
    QCOMPARE(editor->undoStack()->count(), 0);
    // Group to group: a fallback, last in the list.
    drag(viewport, nodeAt(*m_view, kBeta), nodeAt(*m_view, kAlpha));
    QCOMPARE(list(editor->draftChain(), kBeta), (QStringList{kGamma, kAlpha}));
    QCOMPARE(editor->undoStack()->count(), 1);
    QVERIFY(laidOut());
    // The ghost follows the mouse while dragging.
    const QPoint from = nodeAt(*m_view, kGamma);
    mouse(viewport, QEvent::MouseButtonPress, from, Qt::LeftButton);
    mouse(viewport, QEvent::MouseMove, from + QPoint(-120, 60), Qt::LeftButton);
    QVERIFY(m_view->canvas()->isDraggingFallback());
    shoot(u"editor-drag.png"_s);
    mouse(viewport, QEvent::MouseButtonRelease, from + QPoint(-120, 60), Qt::NoButton);
    QVERIFY(!m_view->canvas()->isDraggingFallback());
    key(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(list(editor->draftChain(), kBeta), QStringList{kGamma});
}

void TestChainEditor::findingsOfTheDraft()
{
    ChainEditor *editor = m_view->editor();
    QSignalSpy checked(editor, &ChainEditor::findingsChanged);
    // gamma → alpha closes loops through alpha: a warning, not blocking.
    QVERIFY(editor->edit(AddFallback{FallbackListRef{kGamma, FallbackKind::General}, kAlpha, -1}));
    QVERIFY(checked.wait(5000));
    QVERIFY(!editor->hasBlockingErrors());
    QListWidget *findings = m_view->editorPanel()->findingsList();
    const auto loopItem = [findings]() -> QListWidgetItem * {
        for (int i = 0; i < findings->count(); ++i) {
            if (findings->item(i)->text().contains(u"Fallbacks loop"_s)) {
                return findings->item(i);
            }
        }
        return nullptr;
    };
    QListWidgetItem *loop = loopItem();
    QVERIFY(loop != nullptr);
    QVERIFY(editor->hasUnacknowledgedWarnings());
    loop->setCheckState(Qt::Checked);
    QVERIFY(!editor->hasUnacknowledgedWarnings());
    QTRY_VERIFY(m_view->scene()->edge(kGamma, kAlpha, FallbackKind::General, 1) != nullptr);
    loop = loopItem(); // a check may have finished meanwhile and rebuilt the list
    QVERIFY(loop != nullptr);
    QCOMPARE(loop->checkState(), Qt::Checked); // the acknowledgement outlives a rebuild
    // Clicking the finding selects its first edge on the graph: the shortest loop through alpha
    // is alpha → gamma → alpha (alpha lists gamma itself).
    m_view->findChild<QScrollArea *>(u"editorScroll"_s)->ensureWidgetVisible(findings);
    findings->scrollToItem(loop);
    const QRect rect = findings->visualItemRect(loop);
    QTest::mouseClick(findings->viewport(), Qt::LeftButton, {}, rect.center());
    const GraphEdgeItem *selected = m_view->scene()->selectedEdge();
    QVERIFY(selected != nullptr);
    QCOMPARE(selected->from(), kAlpha);
    QCOMPARE(selected->to(), kGamma);
    // num_retries 9: ten attempts a group, three groups: over the budget of 20.
    QDoubleSpinBox *retries = m_view->editorPanel()->setting(RouterSettingKey::NumRetries);
    QCOMPARE(retries->text(), u"default: 2 retries"_s);
    retries->setValue(9);
    emit retries->editingFinished();
    QCOMPARE(editor->draftChain().settings.numRetries, std::optional<int>(9));
    QVERIFY(checked.wait(5000));
    QTRY_VERIFY(m_view->editorPanel()->statusText().contains(u"nothing blocks applying it"_s));
    shoot(u"editor-findings.png"_s);
    // An unknown target is an error: it blocks applying.
    QVERIFY(
        editor->edit(AddFallback{FallbackListRef{kAlpha, FallbackKind::General}, u"nope"_s, -1}));
    QVERIFY(checked.wait(5000));
    QVERIFY(editor->hasBlockingErrors());
    QVERIFY(m_view->editorPanel()->statusText().contains(u"1 error blocks applying it"_s));
}

void TestChainEditor::panel()
{
    ChainEditor *editor = m_view->editor();
    m_view->scene()->selectGroup(kAlpha, true);
    QListWidget *general = m_view->editorPanel()->list(FallbackKind::General);
    QCOMPARE(general->count(), 2);
    QCOMPARE(general->item(0)->text(), kBeta);
    // A drag in the list moves one row: the draft follows, as one command.
    QVERIFY(general->model()->moveRows({}, 1, 1, {}, 0));
    QCOMPARE(list(editor->draftChain(), kAlpha), (QStringList{kGamma, kBeta}));
    QCOMPARE(editor->undoStack()->count(), 1);
    QCOMPARE(general->item(0)->text(), kGamma);
    // Discard: back to the chain in force, history gone.
    QTest::mouseClick(m_view->editorPanel()->findChild<QPushButton *>(u"discardDraft"_s),
                      Qt::LeftButton);
    QVERIFY(!editor->isDirty());
    QCOMPARE(editor->undoStack()->count(), 0);
    QCOMPARE(general->item(0)->text(), kBeta);
}

void TestChainEditor::liveChangesUnderDraft()
{
    ChainEditor *editor = m_view->editor();
    QVERIFY(editor->edit(AddFallback{FallbackListRef{kGamma, FallbackKind::General}, kBeta, -1}));
    // Someone else pushes: alpha's fallbacks are now gamma only.
    m_f->chain.fallbacks.fallbacks = {{kAlpha, {kGamma}}, {kBeta, {kGamma}}};
    m_f->fleet.feed(m_f->store);
    m_view->refresh(m_f->input(), {});
    QVERIFY(editor->draft().liveChangedUnderDraft());
    const auto *banner = m_view->editorPanel()->findChild<QLabel *>(u"draftLiveChanged"_s);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(u"alpha fallbacks: [beta, gamma] → [gamma] (removed beta)"_s));
    // The draft keeps its edit; the graph shows it over the chain in force now.
    QCOMPARE(list(editor->draftChain(), kGamma), QStringList{kBeta});
    QCOMPARE(list(editor->draftChain(), kAlpha), (QStringList{kBeta, kGamma}));
    QVERIFY(laidOut());
    shoot(u"editor-live-changed.png"_s);
    // Redo my edits on the new chain: both changes are kept.
    QTest::mouseClick(m_view->editorPanel()->findChild<QPushButton *>(u"draftReplay"_s),
                      Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    QVERIFY(!editor->draft().liveChangedUnderDraft());
    QCOMPARE(list(editor->draftChain(), kAlpha), QStringList{kGamma});
    QCOMPARE(list(editor->draftChain(), kGamma), QStringList{kBeta});
    QCOMPARE(editor->undoStack()->count(), 1);
    // Leaving edit mode draws the live chain alone again.
    QTest::keyClick(m_view->canvas(), Qt::Key_E, Qt::ControlModifier);
    QVERIFY(!m_view->isEditing());
    QVERIFY(laidOut());
    QVERIFY(m_view->scene()->edge(kGamma, kBeta, FallbackKind::General, 1) == nullptr);
}

// clear() is another proxy: the editor knows no chain until the new one is read.
void TestChainEditor::anotherProxyForgetsTheDraft()
{
    ChainEditor *editor = m_view->editor();
    QVERIFY(editor->edit(AddFallback{FallbackListRef{kGamma, FallbackKind::General}, kBeta, -1}));
    m_view->clear();
    QVERIFY(!editor->hasLive());
    QVERIFY(!editor->isDirty());
    QCOMPARE(editor->undoStack()->count(), 0);
    QVERIFY(editor->findings().empty());
    QVERIFY(editor->groups().isEmpty());
    QVERIFY(m_view->editorPanel()->statusText().contains(u"has not been read"_s));
}

QTEST_MAIN(TestChainEditor)
#include "tst_chaineditor.moc"
