#include "snapshotexport.h"

#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

namespace headroom::app {

SnapshotEnvironment localEnvironment(qint64 pollIntervalMs)
{
    SnapshotEnvironment env;
    env.headroomVersion = QCoreApplication::applicationVersion();
    env.timeZone = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    env.pollIntervalMs = pollIntervalMs;
    env.exportedAtMs = QDateTime::currentMSecsSinceEpoch();
    return env;
}

SnapshotWritten writeSnapshotAndReport(const Snapshot &snapshot, const QString &path,
                                       const std::function<bool(double)> &progress)
{
    SnapshotWritten written;
    written.path = path;
    written.reportPath = reportPathFor(path);
    bool cancelled = false;
    // The encoding is most of the work: it takes the first 90 %.
    const QByteArray bytes = encodeSnapshot(snapshot, encodingForPath(path), [&](double share) {
        cancelled = progress && !progress(share * 0.9);
        return !cancelled;
    });
    if (cancelled || (progress && !progress(0.9))) {
        written.error = QStringLiteral("cancelled");
        return written;
    }
    if (bytes.isEmpty()) {
        written.error = QStringLiteral("%1: the snapshot could not be encoded").arg(path);
        return written;
    }
    const QByteArray report = snapshotReportHtml(snapshot);
    if (progress && !progress(0.97)) {
        written.error = QStringLiteral("cancelled");
        return written;
    }
    written.error = writeSnapshotFile(path, bytes);
    if (written.error.isEmpty()) {
        written.error = writeSnapshotFile(written.reportPath, report);
    }
    written.bytes = bytes.size();
    if (progress) {
        progress(1.0);
    }
    return written;
}

} // namespace headroom::app
