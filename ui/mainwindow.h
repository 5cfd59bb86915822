#pragma once
// Headroom's main window: menus, status bar and the page that shows the current state.

#include <QMainWindow>

class QLabel;

namespace headroom::ui {

class EmptyStatePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // What the window has to show at start, before any proxy data exists.
    enum class StartState {
        NoProxy, // started without a proxy to watch
    };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void showStartState(StartState state);
    // The embedded simulator is serving the demo at url.
    void showDemoRunning(const QString &url, const QString &scenario);
    // Something kept Headroom from starting what was asked; says what and what to do.
    void showStartError(const QString &title, const QString &explanation, const QString &nextStep);

    QString statusText() const;
    const EmptyStatePage *statePage() const { return m_statePage; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();

    EmptyStatePage *m_statePage = nullptr;
    QLabel *m_connectionStatus = nullptr;
};

} // namespace headroom::ui
