#pragma once
// Writing a snapshot and its browser report to disk, for `headroom snapshot` and the window's
// File → Export snapshot…: the environment Headroom fills in, the encoding by file name, the
// report beside the file.

#include "snapshot/snapshotcapture.h"

#include <functional>
#include <QString>

namespace headroom::app {

// The environment of this Headroom: its version, the machine's time zone, the poll interval.
SnapshotEnvironment localEnvironment(qint64 pollIntervalMs);

struct SnapshotWritten {
    QString error; // empty when both files were written
    QString path;
    QString reportPath;
    qint64 bytes = 0;
};

// Encodes the snapshot by the path's name (.json plain, else gzip), writes it and the report
// beside it (FILE.html). progress(share) may return false to cancel: then nothing is written and
// error says "cancelled". Runs on any thread.
SnapshotWritten writeSnapshotAndReport(const Snapshot &snapshot, const QString &path,
                                       const std::function<bool(double)> &progress = {});

} // namespace headroom::app
