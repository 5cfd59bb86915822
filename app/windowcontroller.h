#pragma once
// Wires the main window to the data path: starts the demo proxy or resolves a proxy's key,
// runs one LiveSession at a time, and carries the window's requests (poll now, pause, switch
// proxy) to it. Also takes the --screenshot picture.

#include "commandline.h"
#include "credentials.h"
#include "demoproxy.h"
#include "livesession.h"
#include "proxyentry.h"
#include "replaysession.h"
#include "snapshotexporter.h"
#include "whatifrunner.h"

#include <memory>
#include <QFutureWatcher>
#include <QObject>

namespace headroom::ui {
class MainWindow;
class ReplayBar;
} // namespace headroom::ui

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
    // File → Settings…: shows the preferences and the remembered proxies, stores what was
    // accepted, applies the thresholds at once (the polling ones from the next watch).
    void openSettings();
    void applyChartWindow(int minutes); // what the charts open on (Settings)
    // Chain → Apply Draft…: the editor's draft, unless it has errors, through pushDesired.
    void applyDraft();
    void pushDesired(const FallbackChain &desired);
    // View → Push History: the watched proxy's applies, with re-apply and restore.
    void fillPushHistory();
    // Feeds the fallback graph: the store, the chain, its findings and pools, the prediction.
    void refreshGraph();
    // Snapshots: read off the UI thread, then replayed (the live session, if any, stops).
    void openSnapshot(const QString &path);
    void snapshotRead();
    void startReplay(std::shared_ptr<const Snapshot> snapshot, const QString &path);
    void replayMoved();
    void exportSnapshot();
    void endReplay();

    ui::MainWindow &m_window;
    CommandLine m_commandLine;
    KeychainStore m_keychain;
    std::unique_ptr<DemoProxy> m_demo;
    std::unique_ptr<LiveSession> m_session;
    std::unique_ptr<WhatIfRunner> m_whatIf; // over m_session's store: reset with it
    std::unique_ptr<ReplaySession> m_replay;
    ui::ReplayBar *m_replayBar = nullptr; // the window's, shown while replaying
    struct Opened {
        QString path;
        std::shared_ptr<const Snapshot> snapshot; // null: error says why
        QString error;
    };
    QFutureWatcher<std::shared_ptr<const Opened>> m_opening;
    SnapshotExporter m_exporter;
};

} // namespace headroom::app
