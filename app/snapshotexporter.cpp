#include "snapshotexporter.h"

#include <QElapsedTimer>
#include <QtConcurrent>

namespace headroom::app {

namespace {
constexpr qint64 kStepBudgetNs = 6'000'000; // of the 16 ms a frame has
constexpr double kCaptureShare = 0.3;       // of the progress bar
} // namespace

SnapshotExporter::SnapshotExporter(QObject *parent)
    : QObject(parent)
{
    m_steps.setInterval(0);
    connect(&m_steps, &QTimer::timeout, this, &SnapshotExporter::captureStep);
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_shared) {
            emit progressChanged(kCaptureShare + (1 - kCaptureShare) * m_shared->permille / 1000.0);
        }
    });
    connect(&m_writing, &QFutureWatcher<std::shared_ptr<const SnapshotWritten>>::finished, this,
            &SnapshotExporter::writingDone);
}

SnapshotExporter::~SnapshotExporter()
{
    cancel();
    m_writing.waitForFinished();
}

bool SnapshotExporter::start(const MetricsStore &store, const SnapshotHistory *history,
                             SnapshotRequest request, const QString &path)
{
    if (m_running) {
        return false;
    }
    m_running = true;
    m_longestStepMs = 0;
    m_path = path;
    m_shared = std::make_shared<Shared>();
    m_capture = std::make_unique<SnapshotCapture>(store, history, std::move(request));
    m_steps.start();
    return true;
}

void SnapshotExporter::cancel()
{
    if (!m_running) {
        return;
    }
    if (m_shared) {
        m_shared->cancel = true;
    }
    if (m_capture) { // still copying on this thread: stop now
        m_steps.stop();
        m_capture.reset();
        m_running = false;
        auto result = std::make_shared<SnapshotWritten>();
        result->path = m_path;
        result->error = QStringLiteral("cancelled");
        emit finished(result);
    }
}

void SnapshotExporter::captureStep()
{
    QElapsedTimer clock;
    clock.start();
    // A few series at a time until the budget is spent: a series is microseconds to copy.
    while (!m_capture->done() && clock.nsecsElapsed() < kStepBudgetNs) {
        m_capture->step(16);
    }
    m_longestStepMs = std::max(m_longestStepMs, double(clock.nsecsElapsed()) / 1e6);
    emit progressChanged(kCaptureShare * m_capture->progress());
    if (m_capture->done()) {
        m_steps.stop();
        startWriting();
    }
}

void SnapshotExporter::startWriting()
{
    std::shared_ptr<const Snapshot> snapshot = m_capture->take();
    m_capture.reset();
    const std::shared_ptr<Shared> shared = m_shared;
    const QString path = m_path;
    m_poll.start();
    m_writing.setFuture(QtConcurrent::run([snapshot, shared, path] {
        const SnapshotWritten written = writeSnapshotAndReport(*snapshot, path, [&](double share) {
            shared->permille = int(share * 1000);
            return !shared->cancel.load();
        });
        return std::make_shared<const SnapshotWritten>(written);
    }));
}

void SnapshotExporter::writingDone()
{
    m_poll.stop();
    m_running = false;
    std::shared_ptr<const SnapshotWritten> result = m_writing.result();
    emit progressChanged(1.0);
    emit finished(result);
}

} // namespace headroom::app
