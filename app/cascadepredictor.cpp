#include "cascadepredictor.h"

#include <QtConcurrent/QtConcurrentRun>

namespace headroom::app {

CascadePredictor::CascadePredictor(QObject *parent)
    : QObject(parent)
{
    // QFutureWatcher signals arrive through this thread's event loop: queued by construction.
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &CascadePredictor::finished);
}

CascadePredictor::~CascadePredictor()
{
    m_watcher.waitForFinished();
}

void CascadePredictor::predict(PredictionInput input, qint64 sampleTimeMs)
{
    if (m_running) {
        m_pending.emplace(std::move(input), sampleTimeMs);
        return;
    }
    start(std::move(input), sampleTimeMs);
}

void CascadePredictor::start(PredictionInput input, qint64 sampleTimeMs)
{
    m_running = true;
    m_runningTimeMs = sampleTimeMs;
    m_watcher.setFuture(QtConcurrent::run([in = std::move(input)] {
        return std::shared_ptr<const CascadePrediction>(
            std::make_shared<CascadePrediction>(predictCascade(in)));
    }));
}

void CascadePredictor::finished()
{
    m_running = false;
    std::shared_ptr<const CascadePrediction> result = m_watcher.future().result();
    if (m_pending) {
        // A newer sample arrived meanwhile: this result is stale, the newer input runs now.
        ++m_dropped;
        auto [input, timeMs] = std::move(*m_pending);
        m_pending.reset();
        start(std::move(input), timeMs);
        return;
    }
    emit predicted(std::move(result), m_runningTimeMs);
}

} // namespace headroom::app
