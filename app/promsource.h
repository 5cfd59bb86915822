#pragma once
// Reads a fleet of LiteLLM replicas through the Prometheus that scrapes them, instead of polling
// one proxy: PromQL over Prometheus' HTTP API (prom/fleetqueries says how the replicas combine),
// discovery by /api/v1/series, a backfill of the last hour by query_range on start. It yields
// the same ProxySample a ProxySource does (with its fleet part set), so the store, the board and
// the graph take a fleet as they take one proxy.
//
// The chain, the limits and the groups are not in Prometheus' answers: they come from one
// replica's admin endpoints (adminUrl: /model/info, /model_group/info, /router/settings), or a
// config.yaml for the chain, or, with neither, from the limit gauges in the metrics alone.
// sample.fleet->adminSource names which.

#include "chainsource.h"
#include "fleetevaluation.h"
#include "networkservice.h"
#include "prom/fleetqueries.h"
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

struct PromSourceConfig {
    QUrl url; // Prometheus' base URL, e.g. http://127.0.0.1:9090 (a path prefix is kept)
    // The full Authorization header value ("Bearer …" or "Basic …"), from the keychain or the
    // environment; held in memory only, never logged.
    QByteArray authorization;
    QString matchers; // e.g. job="litellm"; checked with prom::checkMatchers
    QString replicaLabel = QStringLiteral("instance");
    int intervalMs = 5000;
    int rateWindowSeconds = 60;
    int discoveryIntervalMs = 5 * 60 * 1000;
    int timeoutMs = 10000;
    int slowMs = 3000;
    qint64 maxBodyBytes = 256LL * 1024 * 1024;
    bool insecureTls = false;
    int maxBackoffMs = 5 * 60 * 1000;
    // Backfill: on start, query_range fills this much history (the store's last hour) at this
    // step, emitted as samples in time order before the first live one.
    bool backfill = false;
    int backfillSeconds = 3600;
    int backfillStepSeconds = 15;

    // Where the chain, the limits and the groups come from (see above).
    QUrl adminUrl;
    QString adminKey; // for adminUrl; memory only
    QString configFile;
    int modelInfoIntervalMs = 60000;
    int routerSettingsIntervalMs = 30000;
};

class PromSource : public QObject {
    Q_OBJECT
public:
    explicit PromSource(PromSourceConfig config, QObject *parent = nullptr);
    ~PromSource() override;

    const PromSourceConfig &config() const { return m_config; }
    QString displayUrl() const;
    // Where the chain, limits and groups come from, for a person.
    QString adminSource() const;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    void pollNow();
    quint64 currentPollId() const { return m_pollId; }
    int consecutiveFailures() const { return m_failures; }
    std::shared_ptr<const FallbackChain> chain() const { return m_chain; }

    // The request URL of a query (for tests and --verbose); no credentials in it.
    QUrl queryUrl(prom::FleetQuery query, qint64 timeMs) const;

signals:
    void sampleReady(std::shared_ptr<const headroom::ProxySample> sample);
    void pollFinished(const headroom::PollOutcome &outcome);
    // After the backfill: how many samples it gave, and the problem if it failed.
    void backfillFinished(int samples, const QString &problem);

private:
    struct Pending;
    void startBackfill();
    void backfillArrived(std::vector<FetchResult> results);
    void drainBackfill();
    void startPoll();
    void replyArrived(quint64 pollId);
    void evaluated();
    void schedule();
    int nextDelayMs();
    FetchRequest promRequest(const QString &path, const QString &query) const;
    void takeChain(std::shared_ptr<const FallbackChain> chain);

    PromSourceConfig m_config;
    prom::FleetQueryOptions m_queries;
    NetworkService m_network;
    QTimer m_timer;
    QFutureWatcher<std::shared_ptr<FleetPollResult>> m_watcher;
    struct Backfill {
        std::vector<ProxySample> samples;
        QString problem;
    };
    QFutureWatcher<std::shared_ptr<Backfill>> m_backfillWatcher;
    std::shared_ptr<Backfill> m_backfill; // being handed over, one sample per event-loop turn
    std::size_t m_backfillNext = 0;
    std::unique_ptr<Pending> m_pending;
    quint64 m_pollId = 0;
    qint64 m_pollStartMs = 0;
    bool m_running = false;
    bool m_backfilling = false;
    int m_failures = 0;
    std::optional<QStringList> m_knownReplicas;
    qint64 m_lastDiscoveryMs = 0;
    std::optional<std::vector<Deployment>> m_deployments;
    qint64 m_lastModelInfoMs = 0;
    qint64 m_lastRouterSettingsMs = 0;
    bool m_routerSettingsDue = true;
    std::shared_ptr<const FallbackChain> m_chain;
    std::unique_ptr<ConfigFileChain> m_configFile;
    std::mt19937 m_random;
};

} // namespace headroom::app
