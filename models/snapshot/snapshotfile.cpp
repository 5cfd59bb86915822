#include "snapshot/snapshotfile.h"

#include <QFile>
#include <QSaveFile>
#include <zlib.h>

namespace headroom {

namespace {

constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024;

ParseError error(ParseError::Kind kind, const QString &message)
{
    ParseError e;
    e.kind = kind;
    e.message = message;
    return e;
}

bool isGzip(const QByteArray &bytes)
{
    return bytes.size() >= 2 && quint8(bytes[0]) == 0x1f && quint8(bytes[1]) == 0x8b;
}

} // namespace

SnapshotEncoding encodingForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? SnapshotEncoding::Json
                                                                      : SnapshotEncoding::Gzip;
}

QByteArray gzipBytes(const QByteArray &bytes, const std::function<bool(double)> &progress)
{
    z_stream stream{};
    // 15 + 16: a gzip header and trailer, not a bare zlib stream (what gzip(1) and browsers read).
    // The fastest level: the export's budget is time (2 s), and the file has room to spare (a day
    // of 1,000 groups was 7.3 MB at level 6, of the 50 MB allowed; bench_snapshot).
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return {};
    }
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(bytes.size()))));
    constexpr qsizetype kChunk = 4 * 1024 * 1024; // progress and cancel between chunks
    qsizetype offset = 0;
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    int status = Z_OK;
    do {
        const qsizetype n = std::min(kChunk, bytes.size() - offset);
        stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData() + offset));
        stream.avail_in = uInt(n);
        offset += n;
        status = deflate(&stream, offset == bytes.size() ? Z_FINISH : Z_NO_FLUSH);
        if (progress && !progress(bytes.isEmpty() ? 1.0 : double(offset) / double(bytes.size()))) {
            deflateEnd(&stream);
            return {};
        }
    } while (offset < bytes.size() && status == Z_OK);
    while (status == Z_OK) {
        status = deflate(&stream, Z_FINISH);
    }
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

ParseResult<QByteArray> gunzipBytes(const QByteArray &gzip, qint64 maxBytes)
{
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) {
        return error(ParseError::Kind::Syntax, QStringLiteral("cannot start decompressing"));
    }
    QByteArray out;
    out.resize(std::min<qint64>(std::max<qint64>(gzip.size() * 4, 1 << 16), maxBytes + 1));
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gzip.constData()));
    stream.avail_in = uInt(gzip.size());
    int status = Z_OK;
    while (status == Z_OK) {
        if (qint64(stream.total_out) > maxBytes) {
            inflateEnd(&stream);
            return error(ParseError::Kind::TooLarge,
                         QStringLiteral("it expands past %1 MB: not a snapshot Headroom wrote")
                             .arg(maxBytes / (1024 * 1024)));
        }
        if (qsizetype(stream.total_out) == out.size()) {
            out.resize(qsizetype(std::min<qint64>(qint64(out.size()) * 2, maxBytes + 1)));
        }
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + stream.total_out);
        stream.avail_out = uInt(out.size() - qsizetype(stream.total_out));
        status = inflate(&stream, Z_NO_FLUSH);
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            break; // the input ended before the stream did
        }
        if (status == Z_BUF_ERROR) {
            status = Z_OK; // more room was needed
        }
    }
    const auto total = qint64(stream.total_out);
    const bool trailing = status == Z_STREAM_END && stream.avail_in > 0;
    inflateEnd(&stream);
    if (total > maxBytes) {
        return error(ParseError::Kind::TooLarge,
                     QStringLiteral("it expands past %1 MB: not a snapshot Headroom wrote")
                         .arg(maxBytes / (1024 * 1024)));
    }
    if (status != Z_STREAM_END) {
        return error(ParseError::Kind::Syntax,
                     status == Z_OK || status == Z_BUF_ERROR
                         ? QStringLiteral("the compressed data ends early: the file is truncated")
                         : QStringLiteral("the compressed data is corrupt"));
    }
    if (trailing) {
        return error(ParseError::Kind::Syntax,
                     QStringLiteral("bytes follow the compressed data: the file is damaged"));
    }
    out.resize(qsizetype(total));
    return out;
}

QByteArray encodeSnapshot(const Snapshot &snapshot, SnapshotEncoding encoding,
                          const std::function<bool(double)> &progress)
{
    const std::string json = snapshotToJson(snapshot);
    QByteArray bytes(json.data(), qsizetype(json.size()));
    if (encoding == SnapshotEncoding::Json) {
        return bytes;
    }
    return gzipBytes(bytes, progress);
}

ParseResult<Snapshot> decodeSnapshot(const QByteArray &bytes, const SnapshotLimits &limits)
{
    if (bytes.isEmpty()) {
        return error(ParseError::Kind::Syntax, QStringLiteral("the file is empty"));
    }
    if (isGzip(bytes)) {
        auto json = gunzipBytes(bytes, limits.maxJsonBytes);
        if (!json) {
            return json.error();
        }
        const QByteArray &text = json.value();
        return readSnapshotJson({text.constData(), std::size_t(text.size())}, limits);
    }
    const char first = bytes.trimmed().isEmpty() ? '\0' : bytes.trimmed().at(0);
    if (first != '{') {
        return error(ParseError::Kind::Syntax,
                     QStringLiteral("not a Headroom snapshot (neither gzip nor JSON)"));
    }
    return readSnapshotJson({bytes.constData(), std::size_t(bytes.size())}, limits);
}

ParseResult<Snapshot> readSnapshotFile(const QString &path, const SnapshotLimits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return error(ParseError::Kind::Syntax,
                     QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
    }
    if (file.size() > kMaxFileBytes) {
        return error(ParseError::Kind::TooLarge,
                     QStringLiteral("%1: %2 MB, over the %3 MB a snapshot may be")
                         .arg(path)
                         .arg(file.size() / (1024 * 1024))
                         .arg(kMaxFileBytes / (1024 * 1024)));
    }
    auto read = decodeSnapshot(file.readAll(), limits);
    if (!read) {
        ParseError e = read.error();
        e.message = QStringLiteral("%1: %2").arg(path, e.toString());
        return e;
    }
    return read;
}

QString writeSnapshotFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    }
    return {};
}

} // namespace headroom
