#include "windowcontroller.h"

#include "boardview.h"
#include "editor/chaineditor.h"
#include "graph/graphview.h"
#include "headroomchart.h"
#include "mainwindow.h"
#include "preferences.h"
#include "promauth.h"
#include "proxysettings.h"
#include "push/pushhistorypanel.h"
#include "pushflow.h"
#include "pushhistory.h"
#include "replaybar.h"
#include "settingsdialog.h"
#include "snapshot/snapshotfile.h"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QInputDialog>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QSaveFile>
#include <QStatusBar>
#include <QtConcurrent>
#include <QTimer>
#include <QTimeZone>

namespace headroom::app {

namespace {

// The recent proxies in the settings, as the window shows them (unreadable entries left out).
QList<ui::ProxyEntry> storedProxies()
{
    QList<ui::ProxyEntry> entries;
    for (const QString &text : recentProxies()) {
        const ui::ProxyEntry entry = ui::ProxyEntry::deserialize(text);
        if (entry.url.isValid() || entry.isFleet()) {
            entries << entry;
        }
    }
    return entries;
}

} // namespace

WindowController::WindowController(ui::MainWindow &window, CommandLine commandLine, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_commandLine(std::move(commandLine))
{
    connect(&m_window, &ui::MainWindow::connectRequested, this, &WindowController::connectTo);
    connect(&m_window, &ui::MainWindow::settingsRequested, this, &WindowController::openSettings);
    connect(&m_window, &ui::MainWindow::applyDraftRequested, this, &WindowController::applyDraft);
    connect(&m_window, &ui::MainWindow::pushHistoryRequested, this,
            &WindowController::fillPushHistory);
    connect(&m_window, &ui::MainWindow::openSnapshotRequested, this,
            &WindowController::openSnapshot);
    connect(&m_window, &ui::MainWindow::exportSnapshotRequested, this,
            &WindowController::exportSnapshot);
    connect(&m_opening, &QFutureWatcher<std::shared_ptr<const Opened>>::finished, this,
            &WindowController::snapshotRead);
    m_window.setRecentProxies(storedProxies());
    m_window.setRecentSnapshots(recentSnapshots());
    const Preferences preferences = loadPreferences();
    setHeadroomThresholds(preferences.thresholds);
    applyChartWindow(preferences.chartWindowMinutes);
}

void WindowController::applyChartWindow(int minutes)
{
    using W = ui::HeadroomChart::Window;
    m_window.board()->chart()->setWindow(minutes >= 1440 ? W::OneDay
                                         : minutes >= 60 ? W::OneHour
                                                         : W::FiveMinutes);
}

void WindowController::openSettings()
{
    const Preferences preferences = loadPreferences();
    ui::SettingsDialog dialog(&m_window);
    dialog.setValues({preferences.pollIntervalSeconds, preferences.pollHealth,
                      preferences.thresholds, preferences.chartWindowMinutes, storedProxies()});
    connect(&dialog, &ui::SettingsDialog::importRequested, &dialog, [&dialog](const QString &path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            dialog.showFileProblem(tr("Cannot read %1: %2").arg(path, file.errorString()));
            return;
        }
        QString problem;
        const auto entries = ui::proxyListFromJson(file.read(1024 * 1024 + 1), &problem);
        if (!entries) {
            dialog.showFileProblem(tr("%1: %2").arg(path, problem));
            return;
        }
        dialog.importProxies(*entries);
    });
    connect(&dialog, &ui::SettingsDialog::exportRequested, &dialog,
            [&dialog](const QString &path, const QList<ui::ProxyEntry> &proxies) {
                QSaveFile file(path);
                if (!file.open(QIODevice::WriteOnly) ||
                    file.write(ui::proxyListToJson(proxies)) < 0 || !file.commit()) {
                    dialog.showFileProblem(tr("Cannot write %1: %2").arg(path, file.errorString()));
                }
            });
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const ui::SettingsValues values = dialog.values();
    QSettings settings;
    savePreferences({values.pollIntervalSeconds, values.pollHealth, values.thresholds,
                     values.chartWindowMinutes},
                    settings);
    applyChartWindow(values.chartWindowMinutes);
    QStringList entries;
    for (const ui::ProxyEntry &entry : values.proxies) {
        entries << entry.serialize();
    }
    storeProxies(entries, settings);
    setHeadroomThresholds(values.thresholds);
    m_window.setRecentProxies(storedProxies());
    m_window.storeUpdated(); // the levels' colours and words follow the new thresholds
}

void WindowController::fillPushHistory()
{
    ui::PushHistoryPanel *panel = m_window.pushHistoryPanel();
    if (panel == nullptr) {
        return;
    }
    if (m_session == nullptr) {
        panel->setHistory(QString(), {});
        return;
    }
    const PushHistory history(m_session->source().config().url.toString());
    PushHistory::Loaded loaded = history.load();
    panel->setHistory(history.target(), std::move(loaded.records), loaded.problems);
    // Re-apply and restore: the same dialog as any push, against the chain in force.
    panel->disconnect(this);
    const auto push = [this](const FallbackChain &desired) {
        pushDesired(desired);
    };
    connect(panel, &ui::PushHistoryPanel::reapplyRequested, this,
            [push](const push::PushRecord &record) { push(record.after); });
    connect(panel, &ui::PushHistoryPanel::restoreRequested, this,
            [push](const push::PushRecord &record) { push(record.before); });
}

void WindowController::applyDraft()
{
    ui::ChainEditor *editor = m_window.graph()->editor();
    if (m_session == nullptr || editor == nullptr) {
        return;
    }
    if (editor->hasBlockingErrors()) {
        m_window.statusBar()->showMessage(
            tr("The draft has errors (listed beside the graph): fix them before applying it."),
            8000);
        return;
    }
    pushDesired(editor->draftChain());
}

// Every push goes the same way: the what-if of the desired chain against the one in force,
// off the UI thread, then the push dialog (diff, what cannot be carried, apply, verify,
// restore) with its summary; after an apply, the history and the chain are read again.
void WindowController::pushDesired(const FallbackChain &desired)
{
    if (m_session == nullptr) {
        return;
    }
    const auto liveChain = m_session->chain();
    const FallbackChain live = liveChain ? *liveChain : FallbackChain{};
    if (!m_whatIf) {
        m_whatIf = std::make_unique<WhatIfRunner>(m_session->store());
        m_whatIf->setDebounceMs(0);
    }
    m_window.statusBar()->showMessage(tr("Replaying the last minutes with the change…"));
    m_whatIf->disconnect(this);
    connect(
        m_whatIf.get(), &WhatIfRunner::resultReady, this,
        [this, live, desired](const std::shared_ptr<const WhatIfResult> &result) {
            m_window.statusBar()->clearMessage();
            if (m_session == nullptr) {
                return;
            }
            openPushDialog(&m_window, pushTargetOf(m_session->source().config()), live, desired,
                           result ? result->summary() : QString(), [this] {
                               fillPushHistory();
                               if (m_session) {
                                   m_session->refreshChain();
                                   m_session->pollNow();
                               }
                           });
        },
        Qt::SingleShotConnection);
    m_whatIf->compare(live, desired);
}

// The session polls the demo proxy: stop it before the proxy goes.
WindowController::~WindowController()
{
    m_whatIf.reset(); // it reads the session's store
    m_opening.waitForFinished();
    m_exporter.cancel();
    m_replay.reset();
    m_session.reset();
    m_demo.reset();
}

void WindowController::start()
{
    if (m_commandLine.demo) {
        m_demo = std::make_unique<DemoProxy>();
        if (!m_demo->start(m_commandLine.scenario)) {
            m_window.showStartError(tr("The demo proxy did not start"), m_demo->errorString(),
                                    tr("Run headroom-sim by hand to see its output."));
        } else {
            ui::ProxyEntry entry;
            entry.url = m_demo->url();
            entry.configFile = m_commandLine.configFile;
            startSession(entry, m_demo->masterKey(),
                         m_commandLine.scenario == u"cascade"
                             ? tr("The demo: headroom-sim serves the \"%1\" scenario here — a "
                                  "traffic spike on gpt-4o that spills into its fallbacks within "
                                  "a minute.")
                                   .arg(m_demo->scenarioName())
                             : tr("The demo: headroom-sim serves the \"%1\" scenario here.")
                                   .arg(m_demo->scenarioName()),
                         /*remember=*/false);
        }
    } else if (!m_commandLine.prometheus.isEmpty()) {
        ui::ProxyEntry entry;
        entry.prometheusUrl = QUrl::fromUserInput(m_commandLine.prometheus);
        entry.matchers = m_commandLine.matchers;
        entry.url =
            m_commandLine.proxy.isEmpty() ? QUrl() : QUrl::fromUserInput(m_commandLine.proxy);
        entry.keyEnv = m_commandLine.keyEnv;
        entry.insecureTls = m_commandLine.insecure;
        entry.configFile = m_commandLine.configFile;
        connectTo(entry, QString());
    } else if (!m_commandLine.snapshotFile.isEmpty()) {
        openSnapshot(m_commandLine.snapshotFile);
    } else if (!m_commandLine.proxy.isEmpty()) {
        ui::ProxyEntry entry;
        entry.url = QUrl::fromUserInput(m_commandLine.proxy);
        entry.keyEnv = m_commandLine.keyEnv;
        entry.insecureTls = m_commandLine.insecure;
        entry.configFile = m_commandLine.configFile;
        connectTo(entry, QString());
    }
    if (!m_commandLine.screenshot.isEmpty()) {
        QTimer::singleShot(int(m_commandLine.screenshotAfter * 1000), this,
                           &WindowController::takeScreenshot);
    }
}

void WindowController::connectTo(const ui::ProxyEntry &entry, const QString &typedKey,
                                 const QString &typedPrometheusSecret)
{
    if (!entry.isFleet()) {
        connectWithKey(entry, typedKey, {}, {});
        return;
    }
    using Auth = ui::ProxyEntry::PrometheusAuth;
    const QString account = prometheusKeychainAccount(entry.prometheusUrl);
    if (entry.prometheusAuth == Auth::None) {
        connectWithKey(entry, typedKey, {}, {});
        return;
    }
    if (!typedPrometheusSecret.isEmpty()) {
        const QString secret = entry.prometheusAuth == Auth::Bearer
                                   ? bearerSecret(typedPrometheusSecret)
                                   : basicSecret(entry.prometheusUser, typedPrometheusSecret);
        m_keychain.write(account, secret, [this](bool ok, const QString &problem) {
            if (!ok) {
                m_window.statusBar()->showMessage(
                    tr("Prometheus' credential was not saved: %1").arg(problem), 15000);
            }
        });
        connectWithKey(entry, typedKey,
                       authorizationFromSecret(secret, nullptr).value_or(QByteArray()), {});
        return;
    }
    m_keychain.read(account, [this, entry, typedKey](const CredentialLookup &lookup) {
        QString problem = lookup.problem;
        QByteArray authorization;
        if (lookup.key) {
            authorization = authorizationFromSecret(*lookup.key, &problem).value_or(QByteArray());
        }
        connectWithKey(entry, typedKey, authorization,
                       authorization.isEmpty()
                           ? tr("No Prometheus credential in the keychain (%1): watch again "
                                "(Ctrl+O) and type it.")
                                 .arg(problem)
                           : QString());
    });
}

void WindowController::connectWithKey(const ui::ProxyEntry &entry, const QString &typedKey,
                                      const QByteArray &prometheusAuthorization,
                                      const QString &promNote)
{
    if (entry.isFleet() && entry.url.isEmpty()) {
        startSession(entry, {}, promNote, true, prometheusAuthorization);
        return;
    }
    const QString account = entry.url.toString(QUrl::RemoveUserInfo);
    if (!typedKey.isEmpty()) {
        // Keep it for next time; use it now either way.
        m_keychain.write(account, typedKey, [this](bool ok, const QString &problem) {
            if (!ok) {
                m_window.statusBar()->showMessage(tr("The key was not saved: %1").arg(problem),
                                                  15000);
            }
        });
        startSession(entry, typedKey, promNote, true, prometheusAuthorization);
        return;
    }
    if (!entry.keyEnv.isEmpty()) {
        const CredentialLookup lookup = keyFromEnvironment(entry.keyEnv);
        if (!lookup.key) {
            m_window.showStartError(tr("No key for %1").arg(entry.label()), lookup.problem,
                                    tr("Set the variable before starting Headroom, or choose "
                                       "the keychain (Ctrl+O)."));
            return;
        }
        startSession(entry, *lookup.key, promNote, true, prometheusAuthorization);
        return;
    }
    m_keychain.read(
        account, [this, entry, prometheusAuthorization, promNote](const CredentialLookup &lookup) {
            // No key is fine (a proxy without a master key); the first poll says if one is needed.
            startSession(entry, lookup.key.value_or(QString()),
                         !promNote.isEmpty() ? promNote
                         : lookup.key        ? QString()
                                             : lookup.problem,
                         true, prometheusAuthorization);
        });
}

void WindowController::startSession(const ui::ProxyEntry &entry, const QString &key,
                                    const QString &note, bool remember,
                                    const QByteArray &prometheusAuthorization)
{
    m_whatIf.reset();
    endReplay();
    m_exporter.cancel(); // it reads the session's store
    m_session.reset();
    const Preferences preferences = loadPreferences();
    if (entry.isFleet()) {
        PromSourceConfig fleet;
        fleet.url = entry.prometheusUrl;
        fleet.authorization = prometheusAuthorization;
        fleet.matchers = entry.matchers;
        fleet.insecureTls = entry.insecureTls;
        fleet.adminUrl = entry.url;
        fleet.adminKey = key;
        fleet.configFile = entry.configFile;
        fleet.backfill = true; // the charts start with the last hour, not empty
        fleet.intervalMs = preferences.pollIntervalSeconds * 1000;
        m_session = std::make_unique<LiveSession>(fleet);
    } else {
        ProxySourceConfig config;
        config.url = entry.url;
        config.key = key;
        config.insecureTls = entry.insecureTls;
        config.configFile = entry.configFile;
        config.intervalMs = preferences.pollIntervalSeconds * 1000;
        config.pollHealth = preferences.pollHealth;
        m_session = std::make_unique<LiveSession>(config);
    }
    LiveSession *session = m_session.get();
    m_window.setChainOrigin({});
    connect(session, &LiveSession::chainChanged, &m_window, [this, session] {
        if (const auto chain = session->chain()) {
            m_window.setChainOrigin(describeChainOrigin(chain->origin), chain->origin.problem);
        }
    });
    connect(session, &LiveSession::updated, &m_window, &ui::MainWindow::storeUpdated);
    connect(session, &LiveSession::updated, this, &WindowController::refreshGraph);
    connect(session, &LiveSession::chainChanged, this, &WindowController::refreshGraph);
    connect(session, &LiveSession::predictionUpdated, this, &WindowController::refreshGraph);
    connect(session, &LiveSession::pollFinished, &m_window, &ui::MainWindow::pollFinished);
    connect(session, &LiveSession::pausedChanged, &m_window, &ui::MainWindow::setPaused);
    connect(&m_window, &ui::MainWindow::pollNowRequested, session, &LiveSession::pollNow);
    connect(&m_window, &ui::MainWindow::pauseRequested, session, &LiveSession::setPaused);
    // The groups table's Chain column names each group's chain once the session has read it.
    connect(session, &LiveSession::chainChanged, this,
            [this, session] { m_window.board()->setChain(session->chain()); });
    if (remember) { // not the demo's ephemeral port
        rememberProxy(entry.serialize());
        m_window.setRecentProxies(storedProxies());
    }
    m_window.watch(entry, &session->store(), note);
    m_window.board()->setChain(session->chain());
    session->start();
}

void WindowController::openSnapshot(const QString &path)
{
    if (m_opening.isRunning()) {
        return;
    }
    m_window.statusBar()->showMessage(tr("Opening %1…").arg(path));
    m_opening.setFuture(QtConcurrent::run([path] {
        auto opened = std::make_shared<Opened>();
        opened->path = path;
        auto read = readSnapshotFile(path);
        if (read) {
            opened->snapshot = std::make_shared<const Snapshot>(std::move(read).value());
        } else {
            opened->error = read.error().message;
        }
        return std::shared_ptr<const Opened>(std::move(opened));
    }));
}

void WindowController::snapshotRead()
{
    const std::shared_ptr<const Opened> opened = m_opening.result();
    m_window.statusBar()->clearMessage();
    if (opened->snapshot == nullptr) {
        // A live session, if any, goes on: a bad file loses nothing.
        QMessageBox::warning(&m_window, tr("Cannot open the snapshot"), opened->error);
        return;
    }
    const auto &axes = opened->snapshot->axes;
    if (std::all_of(axes.begin(), axes.end(), [](const auto &a) { return a.timesMs.empty(); })) {
        QMessageBox::information(&m_window, tr("Nothing to replay"),
                                 tr("%1 holds no sample: it was exported before the first poll "
                                    "gave data.")
                                     .arg(opened->path));
        return;
    }
    startReplay(opened->snapshot, opened->path);
}

void WindowController::startReplay(std::shared_ptr<const Snapshot> snapshot, const QString &path)
{
    m_exporter.cancel();
    m_session.reset(); // nothing polls a proxy while replaying
    m_replay = std::make_unique<ReplaySession>(std::move(snapshot));
    ReplaySession *replay = m_replay.get();
    if (m_replayBar == nullptr) {
        m_replayBar = new ui::ReplayBar(&m_window);
        m_window.addToolBarBreak();
        m_window.addToolBar(m_replayBar);
    }
    m_replayBar->disconnect(this);
    m_replayBar->show();
    m_replayBar->setDescription(replay->description());
    m_replayBar->setRange(replay->startMs(), replay->endMs());
    m_replayBar->setPlaying(false);
    connect(m_replayBar, &ui::ReplayBar::seekRequested, this,
            [this](qint64 t) { m_replay->seek(t); });
    connect(m_replayBar, &ui::ReplayBar::playRequested, this,
            [this](bool play) { m_replay->setPlaying(play); });
    connect(m_replayBar, &ui::ReplayBar::speedRequested, this,
            [this](double speed) { m_replay->setSpeed(speed); });
    connect(replay, &ReplaySession::playingChanged, m_replayBar, &ui::ReplayBar::setPlaying);
    connect(replay, &ReplaySession::storeReplaced, this,
            [this] { m_window.replaceStore(&m_replay->store()); });
    connect(replay, &ReplaySession::updated, this, &WindowController::replayMoved);

    ui::ProxyEntry entry;
    entry.url = QUrl(replay->snapshot().environment.proxyHost);
    m_window.watch(entry, &replay->store(), replay->description());
    m_window.setReplay(replay->description());
    const FallbackChain *chain = replay->snapshot().chainAt(replay->position());
    m_window.setChainOrigin(chain != nullptr ? describeChainOrigin(chain->origin) : QString(),
                            chain != nullptr ? chain->origin.problem : QString());
    rememberSnapshot(path);
    m_window.setRecentSnapshots(recentSnapshots());
    replayMoved();
}

void WindowController::replayMoved()
{
    const ReplaySession *replay = m_replay.get();
    if (replay == nullptr) {
        return;
    }
    QTimeZone zone(replay->snapshot().environment.timeZone.toUtf8());
    if (!zone.isValid()) {
        zone = QTimeZone::utc();
    }
    const qint64 t = replay->position();
    m_replayBar->setPosition(
        t, tr("%1 (%2 s of %3 s)")
               .arg(QDateTime::fromMSecsSinceEpoch(t, zone).toString(QStringLiteral("HH:mm:ss")))
               .arg((t - replay->startMs()) / 1000)
               .arg((replay->endMs() - replay->startMs()) / 1000));
    m_window.board()->setChain(replay->store().latestSample().chain);
    m_window.storeUpdated();
    m_window.setReplay(replay->description());
    FallbackGraphInput input;
    input.store = &replay->store();
    const std::shared_ptr<const FallbackChain> chain = replay->store().latestSample().chain;
    input.chain = chain.get();
    const std::shared_ptr<const CascadePrediction> prediction = replay->prediction();
    input.prediction = prediction.get();
    m_window.graph()->refresh(input, prediction ? prediction->summary() : QString());
}

void WindowController::endReplay()
{
    if (m_replay == nullptr) {
        return;
    }
    m_replay.reset();
    m_replayBar->hide();
    m_window.setReplay({});
}

void WindowController::exportSnapshot()
{
    if (m_session == nullptr || !m_session->store().hasSample()) {
        QMessageBox::information(&m_window, tr("Export Snapshot"),
                                 m_replay != nullptr
                                     ? tr("This is already a snapshot: its file is the export.")
                                     : tr("Watch a proxy first: a snapshot holds what Headroom "
                                          "polled from it."));
        return;
    }
    if (m_exporter.running()) {
        return;
    }
    const QStringList windows = {tr("Last 5 minutes"), tr("Last 15 minutes"),
                                 tr("Last 60 minutes")};
    bool ok = false;
    const QString window = QInputDialog::getItem(&m_window, tr("Export Snapshot"),
                                                 tr("Time window:"), windows, 1, false, &ok);
    if (!ok) {
        return;
    }
    const int minutes = QList<int>{5, 15, 60}.value(int(windows.indexOf(window)), 15);
    const QString suggested =
        QStringLiteral("headroom-%1-%2.headroom")
            .arg(m_session->source().config().url.host(),
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")));
    const QString path =
        QFileDialog::getSaveFileName(&m_window, tr("Export Snapshot"), suggested,
                                     tr("Headroom snapshots (*.headroom);;Plain JSON (*.json)"));
    if (path.isEmpty()) {
        return;
    }
    const MetricsStore &store = m_session->store();
    SnapshotRequest request;
    request.toMs = store.clock().latestTimeMs();
    request.fromMs = request.toMs - qint64(minutes) * 60'000;
    request.environment = localEnvironment(m_session->source().config().intervalMs);
    auto *progress = new QProgressDialog(tr("Exporting the last %n minute(s)…", nullptr, minutes),
                                         tr("Cancel"), 0, 1000, &m_window);
    progress->setWindowTitle(tr("Export Snapshot"));
    progress->setMinimumDuration(300);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(progress, &QProgressDialog::canceled, &m_exporter, &SnapshotExporter::cancel);
    connect(&m_exporter, &SnapshotExporter::progressChanged, progress,
            [progress](double share) { progress->setValue(int(share * 1000)); });
    connect(
        &m_exporter, &SnapshotExporter::finished, progress,
        [this, progress](const std::shared_ptr<const SnapshotWritten> &written) {
            progress->close();
            if (written->error.isEmpty()) {
                rememberSnapshot(written->path);
                m_window.setRecentSnapshots(recentSnapshots());
                m_window.statusBar()->showMessage(
                    tr("Snapshot written: %1 (%2 KB) and its report %3")
                        .arg(written->path)
                        .arg((written->bytes + 1023) / 1024)
                        .arg(written->reportPath),
                    20000);
            } else if (written->error != u"cancelled") {
                QMessageBox::warning(&m_window, tr("Export Snapshot"), written->error);
            }
        },
        Qt::SingleShotConnection);
    // The session's history and store outlive the export: a new session first cancels it.
    m_exporter.start(store, &m_session->history(), request, path);
}

void WindowController::refreshGraph()
{
    const LiveSession *session = m_session.get();
    if (session == nullptr || !session->store().hasSample()) {
        return;
    }
    // The shared values stay alive for the call: the model copies what it shows.
    const std::shared_ptr<const FallbackChain> chain = session->chain();
    const std::shared_ptr<const CascadePrediction> prediction = session->prediction();
    FallbackGraphInput input;
    input.store = &session->store();
    input.chain = chain.get();
    input.findings = session->findings();
    input.pools = session->pools();
    input.prediction = prediction.get();
    m_window.graph()->refresh(input, prediction ? prediction->summary() : QString());
}

void WindowController::takeScreenshot()
{
    if (m_commandLine.view == u"graph") {
        m_window.showView(ui::MainWindow::View::Graph);
    } else if (m_commandLine.view == u"events") {
        m_window.board()->showTab(ui::BoardView::Tab::Events);
    } else if (m_commandLine.view == u"deployments") {
        m_window.board()->showTab(ui::BoardView::Tab::Deployments);
    }
    const QImage image = m_window.grab().toImage();
    const bool saved = image.save(m_commandLine.screenshot, "PNG");
    if (!saved) {
        qWarning("headroom: cannot write the screenshot to %s",
                 qPrintable(m_commandLine.screenshot));
    }
    emit finished(saved ? 0 : 2);
}

} // namespace headroom::app
