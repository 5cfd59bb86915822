#pragma once
// Polls one LiteLLM proxy: cheap endpoints every tick, /model/info every minute, the fallback
// chain (GET /router/settings) every half minute unless a config.yaml is named, /health only on
// request. Parsing runs on a worker thread; each poll carries an id and a stale answer is dropped
// before it reaches anything. Failures back off exponentially with jitter.

#include "chainsource.h"
#include "networkservice.h"
#include "pollevaluation.h"
#include "sample/polloutcome.h"
#include "sample/proxysample.h"

#include <memory>
#include <optional>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <random>
#include <vector>

namespace headroom::app {

struct ProxySourceConfig {
    QUrl url;    // base URL of the proxy, e.g. http://127.0.0.1:4000
    QString key; // the master or a virtual key; held in memory only, never logged
    int intervalMs = 5000;
    int modelInfoIntervalMs = 60000;
    // The chain changes rarely and the endpoint is admin-only: read it on the first poll, then
    // this often.
    int routerSettingsIntervalMs = 30000;
    // After a refusal that will not pass by itself (a key that is no admin's, a proxy without
    // the endpoint), ask this seldom: each refused call is an auth error in the proxy's logs.
    int routerSettingsRefusedIntervalMs = 10 * 60 * 1000;
    // A config.yaml to read the chain from instead of the proxy (re-read when it changes).
    QString configFile;
    int timeoutMs = 5000;
    int slowMs = 2000;
    qint64 maxBodyBytes = 64LL * 1024 * 1024;
    bool insecureTls = false;
    // GET /health makes a real LLM call to every deployment, spending the very quota being
    // watched: never by default.
    bool pollHealth = false;
    int maxBackoffMs = 5 * 60 * 1000;
};

class ProxySource : public QObject {
    Q_OBJECT
public:
    explicit ProxySource(ProxySourceConfig config, QObject *parent = nullptr);
    ~ProxySource() override;

    const ProxySourceConfig &config() const { return m_config; }
    // The URL as shown to people: no user info, no query.
    QString displayUrl() const;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    // Polls at once; a poll still in flight is abandoned and its answers dropped.
    void pollNow();
    // Polls /model/info in the next poll, e.g. after a config push.
    void refreshModelInfo() { m_modelInfoDue = true; }
    // Reads the chain again in the next poll (or from the file now), e.g. after a push.
    void refreshChain();
    // The chain the next sample will carry; null before anything was read.
    std::shared_ptr<const FallbackChain> chain() const { return m_chain; }

    quint64 currentPollId() const { return m_pollId; }
    // The endpoints the latest poll asked for, in order.
    QStringList lastEndpoints() const { return m_lastEndpoints; }
    int consecutiveFailures() const { return m_failures; }
    // Milliseconds until the next poll given the failures so far (backoff with jitter), and
    // never sooner than the last poll's Retry-After.
    int nextDelayMs();

signals:
    void sampleReady(std::shared_ptr<const headroom::ProxySample> sample);
    void pollFinished(const headroom::PollOutcome &outcome);

private:
    void startPoll();
    void replyArrived(quint64 pollId, EndpointReply reply);
    void evaluated();
    void schedule();
    void takeChain(std::shared_ptr<const FallbackChain> chain);

    ProxySourceConfig m_config;
    NetworkService m_network;
    QTimer m_timer;
    // The result travels as a shared pointer: QFuture::result() copies its value, and the
    // sample inside is large.
    QFutureWatcher<std::shared_ptr<PollResult>> m_watcher;
    std::vector<EndpointReply> m_replies;
    QStringList m_lastEndpoints;
    std::size_t m_expected = 0;
    quint64 m_pollId = 0;
    quint64 m_evaluatingPollId = 0;
    qint64 m_pollStartMs = 0;
    qint64 m_lastModelInfoMs = 0;
    bool m_modelInfoDue = true;
    bool m_running = false;
    int m_failures = 0;
    qint64 m_retryAfterMs = -1; // what the last poll's 429/503 answers asked for
    std::optional<std::vector<Deployment>> m_deployments;
    std::shared_ptr<const FallbackChain> m_chain;
    std::unique_ptr<ConfigFileChain> m_configFile;
    bool m_waitingForFile = false; // the first poll waits for the file's first read
    qint64 m_lastRouterSettingsMs = 0;
    bool m_routerSettingsDue = true;
    bool m_routerSettingsRefused = false;
    std::mt19937 m_random;
};

} // namespace headroom::app
