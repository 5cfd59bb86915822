#pragma once
// One watched proxy, end to end: its ProxySource, the MetricsStore its samples go into, and the
// poll state the status bar shows. The window observes it; it never fetches or parses itself.

#include "cascadepredictor.h"
#include "chain/fallbackchain.h"
#include "chain/graphchecks.h"
#include "chain/quotapools.h"
#include "predict/cascadeevents.h"
#include "predict/cascadeprediction.h"
#include "promsource.h"
#include "proxysource.h"
#include "sample/polloutcome.h"
#include "snapshot/snapshothistory.h"
#include "store/metricsstore.h"

#include <memory>
#include <optional>
#include <QFutureWatcher>
#include <QObject>

namespace headroom::app {

class LiveSession : public QObject {
    Q_OBJECT
public:
    explicit LiveSession(ProxySourceConfig config, QObject *parent = nullptr);
    // A fleet read through Prometheus: the same store, chain and prediction, fed by a PromSource
    // (with its backfill of the last hour on start).
    explicit LiveSession(PromSourceConfig config, QObject *parent = nullptr);
    ~LiveSession() override;

    const MetricsStore &store() const { return m_store; }
    // The single proxy's source; only for a session made with ProxySourceConfig.
    const ProxySource &source() const { return *m_source; }
    bool isFleet() const { return m_fleet != nullptr; }
    QString proxy() const { return m_fleet ? m_fleet->displayUrl() : m_source->displayUrl(); }

    void start();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void pollNow();
    // Reads the fallback chain again with the next poll (e.g. after a push).
    void refreshChain()
    {
        if (m_source) {
            m_source->refreshChain();
        }
    }

    std::optional<PollOutcome> lastOutcome() const { return m_lastOutcome; }
    // Wall-clock time of the last poll that gave data, ms since the epoch; 0 before the first.
    qint64 lastGoodPollMs() const { return m_lastGoodPollMs; }

    // The fallback chain in force and where it came from; null until it has been read.
    std::shared_ptr<const FallbackChain> chain() const { return m_chain; }
    // The chain's findings and the quota pools, for the chain above and the latest sample.
    const std::vector<ChainFinding> &findings() const { return m_findings; }
    const std::vector<QuotaPool> &pools() const { return m_pools; }
    // The latest cascade prediction (made off the UI thread after each sample); null before.
    std::shared_ptr<const CascadePrediction> prediction() const { return m_prediction; }
    // The chain changes and predictions a snapshot exports with the store.
    const SnapshotHistory &history() const { return m_history; }

signals:
    void updated(); // the store took a new sample
    void pollFinished(const headroom::PollOutcome &outcome);
    void pausedChanged(bool paused);
    void chainChanged();      // chain(), findings() or pools() changed
    void predictionUpdated(); // prediction() was replaced

private:
    void predictionReady(std::shared_ptr<const CascadePrediction> prediction, qint64 sampleTimeMs);
    // Findings and pools for the sample's chain and deployments, worked out off the UI thread
    // (a thousand groups take milliseconds); chainChanged follows if they changed. Nothing runs
    // when neither the chain nor the deployments' identities (group, model, api_base,
    // credential, context window) changed.
    struct ChainState {
        std::shared_ptr<const FallbackChain> chain;
        std::vector<ChainFinding> findings;
        std::vector<QuotaPool> pools;
    };
    void updateChain(const std::shared_ptr<const ProxySample> &sample);
    void startChainWork(std::shared_ptr<const ProxySample> sample);
    void chainWorkDone();

    template<typename Source>
    void wire(Source *source);
    void startSource();
    void stopSource();

    std::unique_ptr<ProxySource> m_source; // one of the two
    std::unique_ptr<PromSource> m_fleet;
    MetricsStore m_store;
    std::optional<PollOutcome> m_lastOutcome;
    qint64 m_lastGoodPollMs = 0;
    bool m_paused = false;
    std::shared_ptr<const FallbackChain> m_chain;
    std::vector<ChainFinding> m_findings;
    std::vector<QuotaPool> m_pools;
    size_t m_deploymentsSignature = 0;
    std::shared_ptr<const FallbackChain> m_chainAsked; // the chain of the latest work asked for
    QFutureWatcher<ChainState> m_chainWork;
    std::shared_ptr<const ProxySample> m_chainPending; // arrived while the work ran
    std::shared_ptr<const CascadePrediction> m_prediction;
    CascadePredictor m_predictor;
    CascadeEventGate m_cascadeEvents;
    SnapshotHistory m_history;
};

} // namespace headroom::app
