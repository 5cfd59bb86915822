#pragma once
// A snapshot replayed in the window: the store as it stood at the scrubber's instant, played
// forward on a timer at a chosen speed, rebuilt when the scrubber goes back. Nothing here polls
// a proxy: every value comes from the snapshot (models/snapshot/snapshotreplay.h).

#include "snapshot/snapshotreplay.h"

#include <memory>
#include <QObject>
#include <QTimer>

namespace headroom::app {

class ReplaySession : public QObject {
    Q_OBJECT
public:
    explicit ReplaySession(std::shared_ptr<const Snapshot> snapshot, QObject *parent = nullptr);
    ~ReplaySession() override;

    const Snapshot &snapshot() const { return m_replay.snapshot(); }
    // The store at position(); a new object after a seek backwards (storeReplaced).
    const MetricsStore &store() const { return *m_store; }
    qint64 position() const { return m_position; }
    qint64 startMs() const;
    qint64 endMs() const;
    // The latest prediction made at or before position(); null if none.
    std::shared_ptr<const CascadePrediction> prediction() const { return m_prediction; }
    // "Replay of http://proxy:4000, recorded 2026-12-01 19:45:18 – 19:45:47 (Europe/Paris)".
    QString description() const;

    // Stands at timeMs (clamped to the recording): forward by feeding frames, back by rebuilding.
    void seek(qint64 timeMs);
    void setPlaying(bool playing);
    bool playing() const { return m_timer.isActive(); }
    // Recorded seconds per second of the wall clock (1, 10, 60…).
    void setSpeed(double speed);
    double speed() const { return m_speed; }

signals:
    void storeReplaced(); // store() is another object: views must take the new one
    void updated();       // position() moved (the store took frames, or was replaced)
    void playingChanged(bool playing);

private:
    void tick();
    void updatePrediction();

    std::shared_ptr<const Snapshot> m_snapshot; // owns what the predictions point into
    SnapshotReplay m_replay;
    std::unique_ptr<MetricsStore> m_store;
    std::size_t m_nextFrame = 0;
    qint64 m_position = 0;
    double m_speed = 10;
    QTimer m_timer;
    qint64 m_lastTickMs = 0;
    std::shared_ptr<const CascadePrediction> m_prediction;
};

} // namespace headroom::app
