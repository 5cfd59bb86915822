#include "editorpanel.h"

#include "chaineditor.h"
#include "itemmodels/fallbackgraphmodel.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace headroom::ui {

namespace {

constexpr FallbackKind kKinds[] = {FallbackKind::General, FallbackKind::ContextWindow,
                                   FallbackKind::ContentPolicy, FallbackKind::Default};

QString severityWord(ChainFinding::Severity s)
{
    switch (s) {
    case ChainFinding::Severity::Error:
        return QObject::tr("error");
    case ChainFinding::Severity::Warning:
        return QObject::tr("warning");
    case ChainFinding::Severity::Info:
        return QObject::tr("note");
    }
    return {};
}

QString settingName(RouterSettingKey key)
{
    return QLatin1String(routerSettingInfo(key).name);
}

} // namespace

EditorPanel::EditorPanel(ChainEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_status(new QLabel(this))
    , m_liveChanged(new QLabel(this))
    , m_acceptLive(new QPushButton(tr("Keep my draft as it is"), this))
    , m_replay(new QPushButton(tr("Redo my edits on the new chain"), this))
    , m_message(new QLabel(this))
    , m_groupBox(new QGroupBox(this))
    , m_findings(new QListWidget(this))
    , m_history(new QUndoView(editor->undoStack(), this))
    , m_discard(new QPushButton(tr("Discard draft"), this))
{
    setObjectName(QStringLiteral("editorPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QFont bold = font();
    bold.setBold(true);
    m_status->setObjectName(QStringLiteral("draftStatus"));
    m_status->setWordWrap(true);
    m_status->setFont(bold);
    m_liveChanged->setObjectName(QStringLiteral("draftLiveChanged"));
    m_liveChanged->setWordWrap(true);
    m_liveChanged->setStyleSheet(QStringLiteral("QLabel { background: #FFF4D6; padding: 4px; }"));
    m_acceptLive->setObjectName(QStringLiteral("draftAcceptLive"));
    m_message->setObjectName(QStringLiteral("draftMessage"));
    m_message->setWordWrap(true);
    // The marks the graph draws on the draft's edges, and the editor's keys.
    auto *marks = new QLabel(
        tr("On the graph: <b>+</b> added · <b>×</b> removed (crossed out) · <b>↕</b> moved · "
           "<b>⇄</b> kind changed; draft edges are drawn heavier, in blue, removed ones in "
           "vermillion.<br>Keys: select an edge (click, or N / Shift+N through the group's), then "
           "Delete remove · Alt+↑/↓ reorder · K "
           "change kind · A add from the selected group · drag from a group to a group to add."),
        this);
    marks->setObjectName(QStringLiteral("draftMarks"));
    marks->setWordWrap(true);
    QFont small = marks->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    marks->setFont(small);
    layout->addWidget(marks);
    layout->addWidget(m_status);
    layout->addWidget(m_liveChanged);
    m_replay->setObjectName(QStringLiteral("draftReplay"));
    layout->addWidget(m_replay);
    layout->addWidget(m_acceptLive);
    layout->addWidget(m_message);

    // The selected group's lists, in the order LiteLLM tries them.
    auto *lists = new QVBoxLayout(m_groupBox);
    lists->setContentsMargins(4, 4, 4, 4);
    for (std::size_t i = 0; i < 4; ++i) {
        const FallbackKind kind = kKinds[i];
        auto *title =
            new QLabel(kind == FallbackKind::Default ? tr("default_fallbacks (every group's)")
                                                     : fallbackKindSetting(kind),
                       m_groupBox);
        auto *list = new QListWidget(m_groupBox);
        list->setObjectName(u"draftList_"_s + fallbackKindSetting(kind));
        list->setAccessibleName(
            tr("%1 of the selected group, in order").arg(fallbackKindSetting(kind)));
        list->setDragDropMode(QAbstractItemView::InternalMove);
        list->setDefaultDropAction(Qt::MoveAction);
        list->setMaximumHeight(52);
        connect(list->model(), &QAbstractItemModel::rowsMoved, this,
                [this, kind] { listReordered(kind); });
        title->setWordWrap(true);
        lists->addWidget(title);
        lists->addWidget(list);
        m_lists[i] = list;
    }
    layout->addWidget(m_groupBox);

    auto *router = new QGroupBox(tr("Router settings (empty: LiteLLM's default)"), this);
    auto *form = new QFormLayout(router);
    form->setContentsMargins(4, 4, 4, 4);
    for (const RouterSettingKey key : kRouterSettingKeys) {
        const RouterSettingInfo &info = routerSettingInfo(key);
        auto *box = new QDoubleSpinBox(router);
        box->setObjectName(u"setting_"_s + settingName(key));
        box->setDecimals(info.integral ? 0 : 1);
        box->setRange(-1, 1'000'000);
        box->setSuffix(u' ' + QLatin1String(info.unit));
        // -1 reads "default": the setting is not written and LiteLLM's own value applies.
        box->setSpecialValueText(
            tr("default: %1 %2").arg(info.liteLLMDefault).arg(QLatin1String(info.unit)));
        box->setToolTip(QLatin1String(info.meaning));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::editingFinished, this, [this, key, box] {
            if (m_updating) {
                return;
            }
            const double v = box->value();
            m_editor->edit(SetRouterSetting{key, v < 0 ? std::nullopt : std::optional<double>(v)});
        });
        form->addRow(settingName(key), box);
        m_settings[std::size_t(key)] = box;
    }
    layout->addWidget(router);

    auto *findingsTitle = new QLabel(tr("Findings of the draft"), this);
    findingsTitle->setFont(bold);
    m_findings->setObjectName(QStringLiteral("draftFindings"));
    m_findings->setAccessibleName(tr("Findings of the draft"));
    m_findings->setWordWrap(true);
    m_findings->setMinimumHeight(160);
    layout->addWidget(findingsTitle);
    layout->addWidget(m_findings, 1);
    auto *historyTitle = new QLabel(tr("History (Ctrl+Z undo, Ctrl+Shift+Z redo)"), this);
    historyTitle->setFont(bold);
    m_history->setObjectName(QStringLiteral("draftHistory"));
    m_history->setAccessibleName(tr("Edit history"));
    m_history->setEmptyLabel(tr("<live chain>"));
    m_history->setMaximumHeight(110);
    layout->addWidget(historyTitle);
    layout->addWidget(m_history);
    m_discard->setObjectName(QStringLiteral("discardDraft"));
    layout->addWidget(m_discard);

    connect(m_discard, &QPushButton::clicked, m_editor, &ChainEditor::discard);
    connect(m_acceptLive, &QPushButton::clicked, m_editor, &ChainEditor::acceptLive);
    connect(m_replay, &QPushButton::clicked, this, [this] {
        const QStringList dropped = m_editor->replayOnLive();
        if (!dropped.isEmpty()) {
            m_message->setText(tr("Left out, as they no longer apply: %1.")
                                   .arg(dropped.join(QStringLiteral("; "))));
        }
    });
    connect(m_editor, &ChainEditor::draftChanged, this, [this] {
        m_message->clear();
        updateStatus();
        updateLists();
        updateSettings();
    });
    connect(m_editor, &ChainEditor::findingsChanged, this, [this] {
        updateStatus();
        updateFindings();
    });
    connect(m_editor, &ChainEditor::editRefused, this, &EditorPanel::showMessage);
    connect(m_findings, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        emit findingActivated(item->data(Qt::UserRole).toStringList());
    });
    connect(m_findings, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (!m_updating && (item->flags() & Qt::ItemIsUserCheckable)) {
            m_editor->acknowledge(item->data(Qt::UserRole + 1).toString(),
                                  item->checkState() == Qt::Checked);
        }
    });
    updateStatus();
    updateLists();
    updateSettings();
    updateFindings();
}

QListWidget *EditorPanel::list(FallbackKind kind) const
{
    return m_lists[std::size_t(kind)];
}

QDoubleSpinBox *EditorPanel::setting(RouterSettingKey key) const
{
    return m_settings[std::size_t(key)];
}

QString EditorPanel::statusText() const
{
    return m_status->text();
}

void EditorPanel::setGroup(const QString &group)
{
    m_group = group;
    updateLists();
}

void EditorPanel::showMessage(const QString &text)
{
    m_message->setText(text.isEmpty() ? QString() : tr("Not changed: %1.").arg(text));
}

void EditorPanel::updateStatus()
{
    const ChainDraft &draft = m_editor->draft();
    const qsizetype changes = draft.changes().size();
    QString status;
    if (!m_editor->hasLive()) {
        status = tr("Editing: the chain has not been read yet.");
    } else if (changes == 0) {
        status = tr("Draft: no changes from the chain in force.");
    } else {
        status = changes == 1 ? tr("Draft: 1 change from the chain in force")
                              : tr("Draft: %1 changes from the chain in force").arg(changes);
        int errors = 0;
        for (const ChainFinding &f : m_editor->findings()) {
            errors += f.severity == ChainFinding::Severity::Error ? 1 : 0;
        }
        status += errors == 0   ? tr(" · nothing blocks applying it")
                  : errors == 1 ? tr(" · 1 error blocks applying it")
                                : tr(" · %1 errors block applying it").arg(errors);
        if (m_editor->checking()) {
            status += tr(" (checking…)");
        }
    }
    m_status->setText(status);
    const bool moved = draft.liveChangedUnderDraft();
    m_liveChanged->setVisible(moved);
    m_acceptLive->setVisible(moved);
    m_replay->setVisible(moved);
    if (moved) {
        m_liveChanged->setText(
            tr("The chain in force changed while you edited (someone else pushed): %1. The graph "
               "shows your draft over the chain in force now: redo your edits on it to keep "
               "both changes, or keep your draft as it is (it undoes theirs).")
                .arg(draft.liveChanges().join(QStringLiteral("; "))));
    }
    m_discard->setEnabled(m_editor->isDirty() || m_editor->undoStack()->count() > 0);
}

void EditorPanel::updateLists()
{
    m_updating = true;
    const FallbackChain chain = m_editor->draftChain();
    m_groupBox->setTitle(m_group.isEmpty() ? tr("Select a group on the graph")
                                           : tr("%1's fallbacks, in the order tried").arg(m_group));
    for (std::size_t i = 0; i < 4; ++i) {
        const FallbackKind kind = kKinds[i];
        QListWidget *list = m_lists[i];
        list->clear();
        if (m_group.isEmpty()) {
            continue;
        }
        const QStringList *own = fallbackList(chain, FallbackListRef{m_group, kind});
        const QStringList *wild = kind == FallbackKind::General
                                      ? fallbackList(chain, FallbackListRef{u"*"_s, kind})
                                      : nullptr;
        // Only a group's own list is reordered here: "*" and default_fallbacks are every group's.
        list->setDragDropMode(own != nullptr && kind != FallbackKind::Default
                                  ? QAbstractItemView::InternalMove
                                  : QAbstractItemView::NoDragDrop);
        if (own != nullptr) {
            list->addItems(*own);
        } else if (wild != nullptr) {
            for (const QString &to : *wild) {
                auto *item = new QListWidgetItem(tr("%1 (from \"*\")").arg(to), list);
                item->setData(Qt::UserRole, to);
            }
        }
    }
    m_updating = false;
}

void EditorPanel::listReordered(FallbackKind kind)
{
    if (m_updating || m_group.isEmpty()) {
        return;
    }
    const QListWidget *list = this->list(kind);
    const QStringList *was =
        fallbackList(m_editor->draft().chain(), FallbackListRef{m_group, kind});
    QStringList now;
    for (int row = 0; row < list->count(); ++row) {
        now.append(list->item(row)->text());
    }
    if (was == nullptr || now == *was) {
        updateLists();
        return;
    }
    // A drag moves one group: the one whose removal from both orders leaves them equal.
    for (const QString &moved : now) {
        QStringList a = *was;
        QStringList b = now;
        a.removeOne(moved);
        b.removeOne(moved);
        if (a == b) {
            m_editor->edit(
                MoveFallback{FallbackListRef{m_group, kind}, moved, int(now.indexOf(moved))});
            return;
        }
    }
    updateLists();
}

void EditorPanel::updateSettings()
{
    m_updating = true;
    const FallbackChain chain = m_editor->draftChain();
    for (const RouterSettingKey key : kRouterSettingKeys) {
        const std::optional<double> v = routerSettingValue(chain, key);
        m_settings[std::size_t(key)]->setValue(v.value_or(-1));
    }
    m_updating = false;
}

void EditorPanel::updateFindings()
{
    m_updating = true;
    m_findings->clear();
    for (const ChainFinding &f : m_editor->findings()) {
        auto *item = new QListWidgetItem(
            QStringLiteral("%1: %2 (%3)").arg(severityWord(f.severity), f.message, f.setting),
            m_findings);
        item->setData(Qt::UserRole, f.groups);
        const QString id = findingId(f);
        item->setData(Qt::UserRole + 1, id);
        if (f.severity == ChainFinding::Severity::Warning) {
            // A warning may be acknowledged: the operator has read it and applies anyway.
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(m_editor->isAcknowledged(id) ? Qt::Checked : Qt::Unchecked);
        }
        item->setToolTip(f.groups.join(QStringLiteral(" → ")));
    }
    if (m_editor->findings().empty()) {
        auto *item =
            new QListWidgetItem(tr("No findings: the draft passes every check."), m_findings);
        item->setFlags(Qt::ItemIsEnabled);
    }
    m_updating = false;
}

} // namespace headroom::ui
