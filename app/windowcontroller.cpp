#include "windowcontroller.h"

#include "boardview.h"
#include "graph/graphview.h"
#include "mainwindow.h"
#include "promauth.h"
#include "proxysettings.h"

#include <QImage>
#include <QPixmap>
#include <QStatusBar>
#include <QTimer>

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
    m_window.setRecentProxies(storedProxies());
}

// The session polls the demo proxy: stop it before the proxy goes.
WindowController::~WindowController()
{
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
    m_session.reset();
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
        m_session = std::make_unique<LiveSession>(fleet);
    } else {
        ProxySourceConfig config;
        config.url = entry.url;
        config.key = key;
        config.insecureTls = entry.insecureTls;
        config.configFile = entry.configFile;
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
