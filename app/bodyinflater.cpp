#include "bodyinflater.h"

#include <zlib.h>

namespace headroom::app {

struct BodyInflater::Stream {
    z_stream z{};
    bool open = false;
};

std::unique_ptr<BodyInflater> BodyInflater::forEncoding(const QByteArray &contentEncoding,
                                                        QString *error)
{
    const QByteArray encoding = contentEncoding.trimmed().toLower();
    if (encoding.isEmpty() || encoding == "identity") {
        return nullptr;
    }
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
        std::unique_ptr<BodyInflater> inflater(new BodyInflater(encoding != "deflate"));
        if (!inflater->m_stream->open) {
            *error = QStringLiteral("could not start inflating the %1 body")
                         .arg(QString::fromLatin1(encoding));
            return nullptr;
        }
        return inflater;
    }
    *error = QStringLiteral("the body is encoded as %1, which Headroom did not ask for (it "
                            "accepts gzip and deflate)")
                 .arg(QString::fromLatin1(encoding.left(40)));
    return nullptr;
}

BodyInflater::BodyInflater(bool gzip)
    : m_stream(std::make_unique<Stream>())
    , m_encoding(gzip ? "gzip" : "deflate")
{
    // 15 window bits, +16: a gzip wrapper; +32 (deflate): a zlib wrapper, as HTTP's deflate is.
    m_stream->open = inflateInit2(&m_stream->z, gzip ? 15 + 16 : 15 + 32) == Z_OK;
}

BodyInflater::~BodyInflater()
{
    if (m_stream->open) {
        inflateEnd(&m_stream->z);
    }
}

bool BodyInflater::feed(const QByteArray &compressed, QByteArrayList &out, qint64 &outSize,
                        qint64 limit)
{
    if (!m_error.isEmpty() || m_tooLarge) {
        return false;
    }
    if (m_finished) {
        return compressed.isEmpty(); // bytes after the stream's end: not one body any more
    }
    z_stream &z = m_stream->z;
    // zlib's API takes non-const input; it does not write to it.
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
    z.avail_in = uInt(compressed.size());
    // Small steps: no step inflates more than 64 KiB past what the limit allows.
    constexpr qsizetype kStep = 64 * 1024;
    while (z.avail_in > 0 && !m_finished) {
        QByteArray chunk(kStep, Qt::Uninitialized);
        z.next_out = reinterpret_cast<Bytef *>(chunk.data());
        z.avail_out = uInt(chunk.size());
        const int status = inflate(&z, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
            m_error = QStringLiteral("the %1 body is corrupt (%2)")
                          .arg(QString::fromLatin1(m_encoding),
                               QString::fromLatin1(z.msg ? z.msg : "inflate failed"));
            return false;
        }
        chunk.truncate(kStep - qsizetype(z.avail_out));
        outSize += chunk.size();
        if (!chunk.isEmpty()) {
            out.append(std::move(chunk));
        }
        if (outSize > limit) {
            m_tooLarge = true;
            return false;
        }
        m_finished = status == Z_STREAM_END;
        if (status == Z_BUF_ERROR && z.avail_out > 0) {
            break; // needs more input
        }
    }
    if (m_finished && z.avail_in > 0) {
        m_error = QStringLiteral("bytes follow the end of the %1 body")
                      .arg(QString::fromLatin1(m_encoding));
        return false;
    }
    return true;
}

} // namespace headroom::app
