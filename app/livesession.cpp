#include "livesession.h"

#include "predict/predictioninput.h"
#include "sample/samplechain.h"

#include <QHash>
#include <QtConcurrent/QtConcurrentRun>
#include <utility>

namespace headroom::app {

LiveSession::LiveSession(ProxySourceConfig config, QObject *parent)
    : QObject(parent)
    , m_source(std::make_unique<ProxySource>(std::move(config)))
{
    wire(m_source.get());
}

LiveSession::LiveSession(PromSourceConfig config, QObject *parent)
    : QObject(parent)
    , m_fleet(std::make_unique<PromSource>(std::move(config)))
{
    wire(m_fleet.get());
}

template<typename Source>
void LiveSession::wire(Source *source)
{
    connect(source, &Source::sampleReady, this,
            [this](const std::shared_ptr<const ProxySample> &sample) {
                const qint64 timeMs = sample->timeMs;
                std::shared_ptr<const ProxySample> replaced = m_store.latestSampleShared();
                if (m_store.ingest(sample)) {
                    m_history.observeChain(sample->timeMs, sample->chain);
                    m_lastGoodPollMs = timeMs;
                    updateChain(sample);
                    emit updated();
                    // The input is read from the store on this thread (5–7 ms at 1,000 groups ×
                    // 5): after the views have repainted, not in the same frame. The chain is the
                    // sample's own; until one has been read: no fallbacks and LiteLLM's defaults.
                    QMetaObject::invokeMethod(
                        this,
                        [this, timeMs] {
                            if (m_store.latestSample().timeMs != timeMs) {
                                return; // a newer sample is in: its own call follows
                            }
                            const auto &chain = m_store.latestSample().chain;
                            m_predictor.predict(
                                predictionInput(m_store, chain ? *chain : FallbackChain{}), timeMs);
                        },
                        Qt::QueuedConnection);
                }
                // Freeing a 5,000-deployment sample takes most of a millisecond: do it once the
                // views have repainted (their update requests were posted during updated()).
                QMetaObject::invokeMethod(
                    this, [old = std::move(replaced)]() mutable { old.reset(); },
                    Qt::QueuedConnection);
            });
    connect(&m_predictor, &CascadePredictor::predicted, this, &LiveSession::predictionReady);
    connect(&m_chainWork, &QFutureWatcher<ChainState>::finished, this, &LiveSession::chainWorkDone);
    connect(source, &Source::pollFinished, this, [this](const PollOutcome &outcome) {
        m_lastOutcome = outcome;
        if (!outcome.hasSample()) {
            m_store.recordPollFailure(outcome.timeMs, outcome.summary(proxy()));
            emit updated(); // the event log changed
        }
        emit pollFinished(outcome);
    });
}

LiveSession::~LiveSession()
{
    m_chainWork.waitForFinished();
}

void LiveSession::updateChain(const std::shared_ptr<const ProxySample> &sample)
{
    size_t signature = qHash(sample->deployments.size());
    for (const DeploymentSample &d : sample->deployments) {
        signature = qHashMulti(signature, d.group, d.model, d.apiBase, d.credentialFingerprint,
                               d.maxInputTokens.value_or(-1));
    }
    if (sample->chain == m_chainAsked && signature == m_deploymentsSignature) {
        return;
    }
    m_deploymentsSignature = signature;
    m_chainAsked = sample->chain;
    if (m_chainWork.isRunning()) {
        m_chainPending = sample; // only the latest matters
        return;
    }
    startChainWork(sample);
}

void LiveSession::startChainWork(std::shared_ptr<const ProxySample> sample)
{
    m_chainWork.setFuture(QtConcurrent::run([sample = std::move(sample)] {
        ChainState state;
        state.chain = sample->chain;
        if (state.chain) {
            const ChainFacts facts = chainFacts(*sample);
            state.findings = checkChain(*state.chain, facts);
            state.pools = facts.pools;
        } else {
            state.pools = findQuotaPools(sampleDeployments(*sample));
        }
        return state;
    }));
}

void LiveSession::chainWorkDone()
{
    ChainState state = m_chainWork.result();
    if (m_chainPending) {
        startChainWork(std::exchange(m_chainPending, nullptr));
    }
    const bool changed =
        state.chain != m_chain || state.findings != m_findings || state.pools != m_pools;
    m_chain = std::move(state.chain);
    m_findings = std::move(state.findings);
    m_pools = std::move(state.pools);
    if (changed) {
        emit chainChanged();
    }
}

void LiveSession::predictionReady(std::shared_ptr<const CascadePrediction> prediction,
                                  qint64 sampleTimeMs)
{
    m_prediction = std::move(prediction);
    m_history.observePrediction(sampleTimeMs, m_prediction);
    emit predictionUpdated();
    if (const auto change = m_cascadeEvents.update(sampleTimeMs, *m_prediction)) {
        m_store.recordCascade(sampleTimeMs, change->predicted, change->group, change->message);
        emit updated(); // the event log changed
    }
}

void LiveSession::startSource()
{
    if (m_fleet) {
        m_fleet->start();
    } else {
        m_source->start();
    }
}

void LiveSession::stopSource()
{
    if (m_fleet) {
        m_fleet->stop();
    } else {
        m_source->stop();
    }
}

void LiveSession::start()
{
    m_paused = false;
    startSource();
}

void LiveSession::setPaused(bool paused)
{
    if (paused == m_paused) {
        return;
    }
    m_paused = paused;
    if (paused) {
        stopSource();
    } else {
        startSource();
    }
    emit pausedChanged(paused);
}

void LiveSession::pollNow()
{
    m_paused = false;
    if (m_fleet) {
        m_fleet->pollNow();
    } else {
        m_source->pollNow();
    }
}

} // namespace headroom::app
