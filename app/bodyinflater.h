#pragma once
// Inflates a gzip or deflate HTTP body as it arrives, in bounded steps, so that a body limit
// holds on the inflated size: a small compressed body that would inflate to gigabytes is cut off
// at the limit instead of being inflated in one piece (which is what Qt's own decoding does).

#include <memory>
#include <optional>
#include <QByteArray>
#include <QByteArrayList>
#include <QString>

namespace headroom::app {

class BodyInflater {
public:
    // For a Content-Encoding value: gzip (x-gzip) and deflate inflate, identity (or none) is
    // nullopt with no error; anything else sets `error` to say what arrived.
    static std::unique_ptr<BodyInflater> forEncoding(const QByteArray &contentEncoding,
                                                     QString *error);
    ~BodyInflater();
    BodyInflater(const BodyInflater &) = delete;
    BodyInflater &operator=(const BodyInflater &) = delete;

    // Appends the inflated bytes of `compressed` to `out`, stopping once `out` would pass
    // `limit` bytes in all (then returns false with tooLarge() set). Returns false on a corrupt
    // stream too (error() says why).
    bool feed(const QByteArray &compressed, QByteArrayList &out, qint64 &outSize, qint64 limit);
    bool finished() const { return m_finished; } // the stream's end was reached
    bool tooLarge() const { return m_tooLarge; }
    QString error() const { return m_error; }

private:
    explicit BodyInflater(bool gzip);
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    QByteArray m_encoding;
    bool m_finished = false;
    bool m_tooLarge = false;
    QString m_error;
};

} // namespace headroom::app
