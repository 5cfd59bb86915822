#pragma once
// The editor's side panel beside the graph: the draft's state (changes, blocking errors, the
// live chain changing underneath), the selected group's four fallback lists in order (drag to
// reorder), the router settings with units and LiteLLM's defaults, the draft's findings (each
// selects its edge or group; warnings can be acknowledged), the undo history and Discard.

#include "draft/chainedit.h"

#include <QWidget>

class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QUndoView;

namespace headroom::ui {

class ChainEditor;

class EditorPanel : public QWidget {
    Q_OBJECT
public:
    EditorPanel(ChainEditor *editor, QWidget *parent = nullptr);

    void setGroup(const QString &group); // the group whose lists are shown
    QString group() const { return m_group; }
    void showMessage(const QString &text); // e.g. why an edit was refused

    QListWidget *list(FallbackKind kind) const;
    QListWidget *findingsList() const { return m_findings; }
    QDoubleSpinBox *setting(RouterSettingKey key) const;
    QString statusText() const;

signals:
    // A finding was chosen: its groups (from, to for an edge) to select on the graph.
    void findingActivated(const QStringList &groups);

private:
    void updateStatus();
    void updateLists();
    void updateSettings();
    void updateFindings();
    void listReordered(FallbackKind kind);

    ChainEditor *m_editor;
    QString m_group;
    QLabel *m_status;
    QLabel *m_liveChanged;
    QPushButton *m_acceptLive;
    QPushButton *m_replay;
    QLabel *m_message;
    QGroupBox *m_groupBox;
    QListWidget *m_lists[4] = {};
    QDoubleSpinBox *m_settings[5] = {};
    QListWidget *m_findings;
    QUndoView *m_history;
    QPushButton *m_discard;
    bool m_updating = false;
};

} // namespace headroom::ui
