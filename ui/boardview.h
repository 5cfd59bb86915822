#pragma once
// The headroom board: every group's RPM/TPM headroom in a sortable, filterable table; below it
// the selected group's deployments (or the events timeline), and its charts over time.

#include <memory>
#include <QWidget>

class QComboBox;
class QCheckBox;
class QLabel;
class QSplitter;
class QLineEdit;
class QTableView;
class QTabWidget;

namespace headroom {
struct FallbackChain;
class DeploymentsModel;
class EventsFilterProxy;
class EventsModel;
class GroupsTableModel;
class MergingSortProxy;
class MetricsStore;
} // namespace headroom

namespace headroom::ui {

class HeadroomChart;

class BoardView : public QWidget {
    Q_OBJECT
public:
    enum class Tab { Deployments, Events };

    explicit BoardView(QWidget *parent = nullptr);
    ~BoardView() override;

    // The store the board shows; refresh() re-reads it (call after every poll).
    void setStore(const MetricsStore *store);
    void refresh();

    // Polling paused: a banner over the board says the data is frozen and offers to resume.
    void setPaused(bool paused);
    bool pausedBannerShown() const;

    // The splitters, the groups table's columns and sort order, and the open tab, for the
    // window's saved layout. restoreState ignores data it does not recognise.
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    void focusFilter();
    void focusGroups();
    void showTab(Tab tab);
    void selectGroup(const QString &group);
    QStringList selectedGroups() const;
    // The fallback chain in force, for the groups table's Chain column (null: not known).
    void setChain(std::shared_ptr<const FallbackChain> chain);

    HeadroomChart *chart() const { return m_chart; }
    const GroupsTableModel *groupsModel() const { return m_groups; }
    const DeploymentsModel *deploymentsModel() const { return m_deployments; }
    const EventsModel *eventsModel() const { return m_events; }
    QTableView *groupsView() const { return m_groupsView; }

signals:
    void resumeRequested();

private:
    void selectionChanged();
    void eventActivated(const QModelIndex &index);
    void updateEventFilter();
    // Until the operator chooses, the board follows the group in the worst state.
    void followWorstGroup();
    // The first time there are rows: the groups table and the tabs get the height their rows
    // need, the charts the rest.
    void sizeSections();

    const MetricsStore *m_store = nullptr;
    GroupsTableModel *m_groups = nullptr;
    MergingSortProxy *m_groupsProxy = nullptr;
    DeploymentsModel *m_deployments = nullptr;
    MergingSortProxy *m_deploymentsProxy = nullptr;
    EventsModel *m_events = nullptr;
    EventsFilterProxy *m_eventsProxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_groupsView = nullptr;
    QWidget *m_pausedBanner = nullptr;
    QLabel *m_pausedText = nullptr;
    QSplitter *m_split = nullptr; // groups, then the tabs, then the charts, all full width
    bool m_sized = false;         // sizeSections() ran, or the operator's sizes were restored
    QString m_autoSelected;       // the group the board chose; empty once the operator chose
    QTableView *m_deploymentsView = nullptr;
    QTableView *m_eventsView = nullptr;
    QComboBox *m_eventKinds = nullptr;
    QCheckBox *m_eventsOfSelection = nullptr;
    QTabWidget *m_tabs = nullptr;
    HeadroomChart *m_chart = nullptr;
    bool m_operatorChose = false; // a selection the board did not make: stop following
    bool m_selecting = false;     // the board is selecting (followWorstGroup)
};

} // namespace headroom::ui
