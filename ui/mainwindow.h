#pragma once
// Headroom's main window: the proxy selector, the headroom board, the status bar with the poll
// state and the age of the last good poll, and a keyboard shortcut for every action.

#include "proxyentry.h"
#include "sample/polloutcome.h"

#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTimer;

namespace headroom {
class MetricsStore;
}

namespace headroom::ui {

class BoardView;
class EmptyStatePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
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

    QString statusText() const;
    QString pollAgeText() const;
    const EmptyStatePage *statePage() const { return m_statePage; }
    BoardView *board() const { return m_board; }
    bool boardShown() const;

signals:
    void pollNowRequested();
    void pauseRequested(bool paused);
    // The operator chose a proxy; typedKey is non-empty when a key was typed for the keychain.
    void connectRequested(const headroom::ui::ProxyEntry &proxy, const QString &typedKey);

protected:
    void closeEvent(QCloseEvent *event) override;

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
    QLabel *m_connectionStatus = nullptr;
    QLabel *m_pollAge = nullptr;
    QComboBox *m_proxies = nullptr;
    QTimer *m_ageTimer = nullptr;
    QAction *m_pollNow = nullptr;
    QAction *m_pause = nullptr;
    const MetricsStore *m_store = nullptr;
    ProxyEntry m_proxy;
    QList<ProxyEntry> m_recentProxies;
    qint64 m_lastGoodMs = 0;
    bool m_paused = false;
};

} // namespace headroom::ui
