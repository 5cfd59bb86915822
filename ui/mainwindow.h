#pragma once
// Headroom's main window: the proxy selector, the headroom board, the status bar with the poll
// state and the age of the last good poll, and a keyboard shortcut for every action.

#include "proxyentry.h"
#include "sample/polloutcome.h"

#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;

namespace headroom {
class MetricsStore;
}

namespace headroom::ui {

class BoardView;
class EmptyStatePage;
class GraphView;
class PushHistoryPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class View { Board, Graph }; // what the window shows once there is data

    enum class StartState {
        NoProxy, // started without a proxy to watch
    };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void showStartState(StartState state);
    // Something kept Headroom from starting what was asked; says what and what to do.
    void showStartError(const QString &title, const QString &explanation, const QString &nextStep);

    // Starts showing a proxy: "connecting" until the store has data, then the board.
    void watch(const ProxyEntry &proxy, const MetricsStore *store, const QString &note = {});
    // The proxies the selector offers, most recent first (app/ keeps them in the settings).
    void setRecentProxies(const QList<ProxyEntry> &proxies);
    // Call after every poll that changed the store, and with every poll's outcome.
    void storeUpdated();
    void pollFinished(const headroom::PollOutcome &outcome);
    void setPaused(bool paused);
    // Where the fallback chain came from ("the proxy's GET /router/settings", a file), and, when
    // it could not be read, why and what to do: a small read-only text in the status bar.
    void setChainOrigin(const QString &origin, const QString &problem = {});

    QString statusText() const;
    QString chainOriginText() const;
    QString pollAgeText() const;
    const EmptyStatePage *statePage() const { return m_statePage; }
    BoardView *board() const { return m_board; }
    bool boardShown() const;
    GraphView *graph() const { return m_graph; }
    bool graphShown() const;
    // Switches between the board and the fallback graph (shown once the store has data).
    void showView(View view);
    // Snapshots: the recent files the File menu offers, most recent first.
    void setRecentSnapshots(const QStringList &paths);
    // A replay instead of a live proxy: the description says whose and when (status bar, title);
    // polling is off. Empty: live again.
    void setReplay(const QString &description);
    bool replaying() const { return !m_replay.isEmpty(); }
    // The replay went back: the same views, another store.
    void replaceStore(const MetricsStore *store);
    View currentView() const { return m_view; }
    // View → Push History: the applies recorded for the proxy watched, in a dock; null until
    // first shown. Showing it asks the owner for the records (pushHistoryRequested).
    void showPushHistory();
    PushHistoryPanel *pushHistoryPanel() const { return m_pushHistory; }

signals:
    void pollNowRequested();
    void pauseRequested(bool paused);
    // The operator chose a proxy; typedKey is non-empty when a key was typed for the keychain,
    // typedPrometheusSecret when a fleet's Prometheus token or password was.
    void connectRequested(const headroom::ui::ProxyEntry &proxy, const QString &typedKey,
                          const QString &typedPrometheusSecret);
    void settingsRequested();   // File → Settings…
    void applyDraftRequested(); // Chain → Apply Draft…
    // The push history panel was shown: fill it (PushHistoryPanel::setHistory).
    void pushHistoryRequested();
    void openSnapshotRequested(const QString &path); // File → Open Snapshot…, recent, a drop
    void exportSnapshotRequested();                  // File → Export Snapshot…

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void refreshRecentProxies();
    void openProxyDialog();
    void updateAge();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();

    QStackedWidget *m_pages = nullptr;
    EmptyStatePage *m_statePage = nullptr;
    BoardView *m_board = nullptr;
    GraphView *m_graph = nullptr;
    PushHistoryPanel *m_pushHistory = nullptr;
    View m_view = View::Board;
    QLabel *m_connectionStatus = nullptr;
    QLabel *m_pollAge = nullptr;
    QLabel *m_chainOrigin = nullptr;
    QComboBox *m_proxies = nullptr;
    QTimer *m_ageTimer = nullptr;
    QAction *m_pollNow = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_export = nullptr;
    QMenu *m_recentSnapshots = nullptr;
    QString m_replay; // the replay's description; empty when live
    const MetricsStore *m_store = nullptr;
    ProxyEntry m_proxy;
    QList<ProxyEntry> m_recentProxies;
    qint64 m_lastGoodMs = 0;
    bool m_paused = false;
};

} // namespace headroom::ui
