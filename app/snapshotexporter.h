#pragma once
// The window's export: the store is copied a few series at a time between events on the UI
// thread (it is the UI thread's, and a day of a thousand groups is too much to copy in 16 ms),
// then encoded, compressed and written with its report on the thread pool. Progress and cancel
// in both halves.

#include "snapshotexport.h"

#include <atomic>
#include <memory>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

namespace headroom::app {

class SnapshotExporter : public QObject {
    Q_OBJECT
public:
    explicit SnapshotExporter(QObject *parent = nullptr);
    ~SnapshotExporter() override;

    // Starts exporting [request.fromMs, request.toMs] of the store to path; the store and the
    // history must stay alive until finished. False if an export is already running.
    bool start(const MetricsStore &store, const SnapshotHistory *history, SnapshotRequest request,
               const QString &path);
    void cancel();
    bool running() const { return m_running; }
    // The longest the UI thread spent in one capture step, ms (the benchmark reads it).
    double longestStepMs() const { return m_longestStepMs; }

signals:
    void progressChanged(double share); // 0..1
    // Written, failed, or cancelled (error "cancelled"); the files are complete or absent.
    void finished(const std::shared_ptr<const headroom::app::SnapshotWritten> &result);

private:
    void captureStep();
    void startWriting();
    void writingDone();

    struct Shared {
        std::atomic<int> permille{0};
        std::atomic<bool> cancel{false};
    };
    std::unique_ptr<SnapshotCapture> m_capture;
    QString m_path;
    QTimer m_steps;
    QTimer m_poll; // reads the writer's progress
    std::shared_ptr<Shared> m_shared;
    QFutureWatcher<std::shared_ptr<const SnapshotWritten>> m_writing;
    bool m_running = false;
    double m_longestStepMs = 0;
};

} // namespace headroom::app
