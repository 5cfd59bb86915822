#pragma once
// A snapshot's bytes on disk: gzip-compressed JSON (".headroom") or the plain JSON (".json").
// Reading recognises either by its first bytes, not by the name, and inflates within a bound, so
// a "zip bomb" is refused instead of filling memory.

#include "formats/parseresult.h"
#include "snapshot/snapshotjson.h"

#include <functional>
#include <QByteArray>
#include <QString>

namespace headroom {

enum class SnapshotEncoding { Gzip, Json };

// ".json" gives Json, anything else (".headroom") Gzip.
SnapshotEncoding encodingForPath(const QString &path);

// The file's bytes. progress(share) may return false to cancel: then an empty array.
QByteArray encodeSnapshot(const Snapshot &snapshot, SnapshotEncoding encoding,
                          const std::function<bool(double)> &progress = {});

// gzip of bytes (level 1: see the .cpp); the compressor of encodeSnapshot.
QByteArray gzipBytes(const QByteArray &bytes, const std::function<bool(double)> &progress = {});
// The bytes a gzip stream holds, at most maxBytes of them; a ParseError when they are more, or
// the stream is corrupt or truncated.
ParseResult<QByteArray> gunzipBytes(const QByteArray &gzip, qint64 maxBytes);

// Reads a snapshot file's bytes (either encoding).
ParseResult<Snapshot> decodeSnapshot(const QByteArray &bytes, const SnapshotLimits &limits = {});

// Reads and writes files: a ParseError whose message names the file on failure. Writing goes
// through a temporary file renamed into place, so a failed export never leaves half a file.
ParseResult<Snapshot> readSnapshotFile(const QString &path, const SnapshotLimits &limits = {});
// An empty string when written, else why not.
QString writeSnapshotFile(const QString &path, const QByteArray &bytes);

} // namespace headroom
