#pragma once
// Runs the cascade prediction off the UI thread: the input is built on the caller's thread
// (cheap), predictCascade runs on the global thread pool, and the result comes back by a queued
// signal. One run at a time; a result made stale by a newer input is dropped.

#include "predict/cascadeprediction.h"

#include <memory>
#include <optional>
#include <QFutureWatcher>
#include <QObject>

namespace headroom::app {

class CascadePredictor : public QObject {
    Q_OBJECT
public:
    explicit CascadePredictor(QObject *parent = nullptr);
    ~CascadePredictor() override; // waits for a run under way (it owns nothing of ours)

    // Predicts from `input`, made from the sample of sampleTimeMs. While a run is under way the
    // input waits (a newer one replaces it, and makes the running one's result stale).
    void predict(PredictionInput input, qint64 sampleTimeMs);
    bool busy() const { return m_running; }
    // Results dropped because a newer input had arrived meanwhile (for tests and the log).
    int dropped() const { return m_dropped; }

signals:
    void predicted(std::shared_ptr<const headroom::CascadePrediction> prediction,
                   qint64 sampleTimeMs);

private:
    void start(PredictionInput input, qint64 sampleTimeMs);
    void finished();

    QFutureWatcher<std::shared_ptr<const CascadePrediction>> m_watcher;
    bool m_running = false;
    qint64 m_runningTimeMs = 0;
    std::optional<std::pair<PredictionInput, qint64>> m_pending;
    int m_dropped = 0;
};

} // namespace headroom::app
