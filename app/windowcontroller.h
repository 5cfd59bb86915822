#pragma once
// Wires the main window to the data path: starts the demo proxy or resolves a proxy's key,
// runs one LiveSession at a time, and carries the window's requests (poll now, pause, switch
// proxy) to it. Also takes the --screenshot picture.

#include "commandline.h"
#include "credentials.h"
#include "demoproxy.h"
#include "livesession.h"
#include "proxyentry.h"

#include <memory>
#include <QObject>

namespace headroom::ui {
class MainWindow;
}

namespace headroom::app {

class WindowController : public QObject {
    Q_OBJECT
public:
    WindowController(ui::MainWindow &window, CommandLine commandLine, QObject *parent = nullptr);
    ~WindowController() override;

    void start();

signals:
    // --screenshot is done: the application should exit with this code.
    void finished(int exitCode);

private:
    void connectTo(const ui::ProxyEntry &entry, const QString &typedKey,
                   const QString &typedPrometheusSecret = {});
    // The proxy's (or the fleet's admin replica's) key, then startSession.
    void connectWithKey(const ui::ProxyEntry &entry, const QString &typedKey,
                        const QByteArray &prometheusAuthorization, const QString &promNote);
    void startSession(const ui::ProxyEntry &entry, const QString &key, const QString &note,
                      bool remember = true, const QByteArray &prometheusAuthorization = {});
    void takeScreenshot();
    // Feeds the fallback graph: the store, the chain, its findings and pools, the prediction.
    void refreshGraph();

    ui::MainWindow &m_window;
    CommandLine m_commandLine;
    KeychainStore m_keychain;
    std::unique_ptr<DemoProxy> m_demo;
    std::unique_ptr<LiveSession> m_session;
};

} // namespace headroom::app
