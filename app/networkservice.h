#pragma once
// The one owner of Headroom's QNetworkAccessManager: every HTTP request to a proxy (the polls'
// GETs, the push's admin writes) goes through it,
// with a timeout, a body size limit, TLS verification, same-origin redirects only, and a result
// struct instead of a live reply.

#include <functional>
#include <memory>
#include <QByteArray>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

class QNetworkReply;

namespace headroom::app {

class BodyInflater;

struct FetchRequest {
    QUrl url;
    QByteArray method = QByteArrayLiteral("GET"); // or POST, DELETE (the admin writes)
    QByteArray body;                              // sent as application/json when not empty
    QByteArray authorization; // full header value ("Bearer sk-…"); empty: none sent
    int timeoutMs = 5000;     // whole request, connect to last byte
    qint64 maxBytes = 64LL * 1024 * 1024;
    bool insecureTls = false; // skip certificate checks (a per-proxy opt-in, shown as a warning)
    int maxRedirects = 3;
};

struct FetchResult {
    enum class Status {
        Ok,          // a complete HTTP response arrived (any status code)
        Timeout,     // no complete answer within timeoutMs
        Unreachable, // connection refused, host not found, reset before an answer
        TooLarge,    // the body passed maxBytes (the transfer was aborted)
        TlsError,    // certificate or handshake failure
        Redirect,    // a redirect to another origin, or too many redirects
        Protocol,    // the peer spoke something that is not HTTP
        Truncated,   // an HTTP status arrived, but the body was cut short (connection closed)
        Aborted,     // cancelled by the caller
    };
    Status status = Status::Ok;
    QUrl url;
    int httpStatus = 0;
    QByteArray body;
    QByteArray contentType;
    QString errorText; // for a person, no secrets
    qint64 elapsedMs = 0;
    // Body bytes taken from the reply (inflated, when the body was compressed), kept or not: a
    // transfer aborted at the size limit stops within one read of it.
    qint64 bytesReceived = 0;
    // The answer's Retry-After (seconds, or an HTTP date made relative), in ms; -1 without one.
    qint64 retryAfterMs = -1;

    bool ok() const { return status == Status::Ok; }
    static QString statusName(Status status);
};

// A Retry-After value (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) as ms from `nowMs`;
// -1 when it is absent or neither form. A date in the past is 0.
qint64 parseRetryAfter(const QByteArray &value, qint64 nowMs);

class NetworkService : public QObject {
    Q_OBJECT
public:
    explicit NetworkService(QObject *parent = nullptr);
    ~NetworkService() override;

    using Callback = std::function<void(FetchResult)>;
    // Starts the request (request.method, a GET unless set); callback runs once on this
    // object's thread when it ends. The returned id cancels it (the callback then gets Aborted).
    quint64 send(const FetchRequest &request, Callback callback);
    quint64 get(const FetchRequest &request, Callback callback)
    {
        return send(request, std::move(callback));
    }
    void cancel(quint64 id);
    void cancelAll();

private:
    struct Pending;
    void inflateThenDeliver(std::unique_ptr<BodyInflater> inflater, FetchResult result,
                            qint64 maxBytes, Callback deliver);

    QNetworkAccessManager m_network;
    quint64 m_nextId = 1;
};

} // namespace headroom::app
