#include "livesession.h"

#include "predict/predictioninput.h"

namespace headroom::app {

LiveSession::LiveSession(ProxySourceConfig config, QObject *parent)
    : QObject(parent)
    , m_source(std::make_unique<ProxySource>(std::move(config)))
{
    connect(
        m_source.get(), &ProxySource::sampleReady, this,
        [this](const std::shared_ptr<const ProxySample> &sample) {
            const qint64 timeMs = sample->timeMs;
            std::shared_ptr<const ProxySample> replaced = m_store.latestSampleShared();
            if (m_store.ingest(sample)) {
                m_lastGoodPollMs = timeMs;
                emit updated();
                // The input is read from the store on this thread (5–7 ms at 1,000 groups ×
                // 5): after the views have repainted, not in the same frame. Until the chain
                // has been read: no fallbacks and LiteLLM's defaults.
                QMetaObject::invokeMethod(
                    this,
                    [this, timeMs] {
                        if (m_store.latestSample().timeMs != timeMs) {
                            return; // a newer sample is in: its own call follows
                        }
                        m_predictor.predict(
                            predictionInput(m_store, m_chain ? *m_chain : FallbackChain{}), timeMs);
                    },
                    Qt::QueuedConnection);
            }
            // Freeing a 5,000-deployment sample takes most of a millisecond: do it once the
            // views have repainted (their update requests were posted during updated()).
            QMetaObject::invokeMethod(
                this, [old = std::move(replaced)]() mutable { old.reset(); }, Qt::QueuedConnection);
        });
    connect(&m_predictor, &CascadePredictor::predicted, this, &LiveSession::predictionReady);
    connect(m_source.get(), &ProxySource::pollFinished, this, [this](const PollOutcome &outcome) {
        m_lastOutcome = outcome;
        if (!outcome.hasSample()) {
            m_store.recordPollFailure(outcome.timeMs, outcome.summary(proxy()));
            emit updated(); // the event log changed
        }
        emit pollFinished(outcome);
    });
}

LiveSession::~LiveSession() = default;

void LiveSession::predictionReady(std::shared_ptr<const CascadePrediction> prediction,
                                  qint64 sampleTimeMs)
{
    m_prediction = std::move(prediction);
    emit predictionUpdated();
    if (const auto change = m_cascadeEvents.update(sampleTimeMs, *m_prediction)) {
        m_store.recordCascade(sampleTimeMs, change->predicted, change->group, change->message);
        emit updated(); // the event log changed
    }
}

void LiveSession::start()
{
    m_paused = false;
    m_source->start();
}

void LiveSession::setPaused(bool paused)
{
    if (paused == m_paused) {
        return;
    }
    m_paused = paused;
    if (paused) {
        m_source->stop();
    } else {
        m_source->start();
    }
    emit pausedChanged(paused);
}

void LiveSession::pollNow()
{
    m_paused = false;
    m_source->pollNow();
}

} // namespace headroom::app
