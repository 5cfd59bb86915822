#include "networkservice.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimer>

namespace headroom::app {

namespace {

const char *kIdProperty = "headroomFetchId";

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == u"https" ? 443 : 80) == b.port(b.scheme() == u"https" ? 443 : 80);
}

// The body's declared length, or -1 when the answer declared none (chunked, or close-delimited).
qint64 declaredLength(const QNetworkReply &reply)
{
    const QVariant header = reply.header(QNetworkRequest::ContentLengthHeader);
    return header.isValid() ? header.toLongLong() : -1;
}

QString truncationText(const QNetworkReply &reply, qint64 arrived)
{
    const qint64 declared = declaredLength(reply);
    if (declared >= 0 && !reply.hasRawHeader("Content-Encoding")) {
        return QStringLiteral("body cut short: %1 of %2 bytes arrived before the connection closed")
            .arg(arrived)
            .arg(declared);
    }
    return QStringLiteral("body cut short: %1 bytes arrived, then the connection closed before "
                          "the body's end")
        .arg(arrived);
}

} // namespace

struct NetworkService::Pending {
    FetchRequest request;
    Callback callback;
    QElapsedTimer clock;
    FetchResult::Status forced = FetchResult::Status::Ok; // why we aborted it, if we did
    QString forcedText;
    // Kept as the chunks that arrived: growing one buffer would copy it again and again on this
    // thread, a stall of many milliseconds for a flooding peer.
    QByteArrayList chunks;
    qint64 size = 0;
    int redirects = 0;

    void add(QByteArray chunk)
    {
        size += chunk.size();
        chunks.append(std::move(chunk));
    }
    void drop()
    {
        chunks.clear();
        size = 0;
    }
};

QString FetchResult::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Timeout:
        return QStringLiteral("timed out");
    case Status::Unreachable:
        return QStringLiteral("unreachable");
    case Status::TooLarge:
        return QStringLiteral("body too large");
    case Status::TlsError:
        return QStringLiteral("TLS error");
    case Status::Redirect:
        return QStringLiteral("redirect refused");
    case Status::Protocol:
        return QStringLiteral("not HTTP");
    case Status::Truncated:
        return QStringLiteral("body cut short");
    case Status::Aborted:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("error");
}

NetworkService::NetworkService(QObject *parent)
    : QObject(parent)
{
    // Poll answers are small; a shared cache would only keep stale metrics and credentials.
    m_network.setCookieJar(nullptr);
}

// Replies still in flight are torn down now, with their callbacks unrun: a reply left to
// deleteLater after the event loop has stopped would never be freed.
NetworkService::~NetworkService()
{
    const auto replies = m_network.findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect();
        reply->abort();
        delete reply;
    }
}

quint64 NetworkService::send(const FetchRequest &request, Callback callback)
{
    const quint64 id = m_nextId++;
    QNetworkRequest networkRequest(request.url);
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::UserVerifiedRedirectPolicy);
    networkRequest.setMaximumRedirectsAllowed(request.maxRedirects);
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                                QNetworkRequest::AlwaysNetwork);
    networkRequest.setRawHeader("Accept", "application/json, text/plain;q=0.9, */*;q=0.1");
    networkRequest.setRawHeader("User-Agent", "Headroom");
    if (!request.authorization.isEmpty()) {
        networkRequest.setRawHeader("Authorization", request.authorization);
    }

    QNetworkReply *reply = nullptr;
    if (request.method == "GET") {
        reply = m_network.get(networkRequest);
    } else {
        if (!request.body.isEmpty()) {
            networkRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                                     QByteArrayLiteral("application/json"));
        }
        reply = m_network.sendCustomRequest(networkRequest, request.method, request.body);
    }
    reply->setProperty(kIdProperty, id);
    // Bounds what the network thread buffers ahead of us, so a flooding peer arrives in small
    // pieces instead of one large copy on this thread.
    reply->setReadBufferSize(qint64(256) * 1024);
    auto pending = std::make_shared<Pending>();
    pending->request = request;
    pending->callback = std::move(callback);
    pending->clock.start();

    auto abortWith = [reply, pending](FetchResult::Status status, const QString &text) {
        if (pending->forced == FetchResult::Status::Ok) {
            pending->forced = status;
            pending->forcedText = text;
        }
        reply->abort();
    };

    // A timer owned by the reply: it dies with it.
    auto *timeout = new QTimer(reply);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, reply, [abortWith, request] {
        abortWith(FetchResult::Status::Timeout,
                  QStringLiteral("no complete answer within %1 ms").arg(request.timeoutMs));
    });
    timeout->start(request.timeoutMs);

    // Read as it arrives, so that an endless body is cut off at the limit instead of buffered.
    connect(reply, &QNetworkReply::readyRead, reply, [reply, pending, abortWith] {
        if (!reply->isOpen()) {
            return;
        }
        pending->add(reply->readAll());
        if (pending->size > pending->request.maxBytes) {
            pending->drop();
            abortWith(FetchResult::Status::TooLarge,
                      QStringLiteral("body over the %1-byte limit").arg(pending->request.maxBytes));
        }
    });
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, pending, abortWith] {
        const qint64 declared = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (declared > pending->request.maxBytes) {
            abortWith(FetchResult::Status::TooLarge,
                      QStringLiteral("declared body of %1 bytes is over the %2-byte limit")
                          .arg(declared)
                          .arg(pending->request.maxBytes));
        }
    });
    connect(reply, &QNetworkReply::redirected, reply,
            [reply, request, pending, abortWith](const QUrl &to) {
                if (++pending->redirects > request.maxRedirects) {
                    abortWith(FetchResult::Status::Redirect,
                              QStringLiteral("more than %1 redirects (a redirect loop?)")
                                  .arg(request.maxRedirects));
                } else if (sameOrigin(request.url, to)) {
                    emit reply->redirectAllowed();
                } else {
                    abortWith(
                        FetchResult::Status::Redirect,
                        QStringLiteral("redirect to another origin (%1) refused")
                            .arg(to.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString()));
                }
            });
    connect(reply, &QNetworkReply::sslErrors, reply,
            [reply, request](const QList<QSslError> &errors) {
                if (request.insecureTls) {
                    reply->ignoreSslErrors(errors);
                }
            });
    connect(reply, &QNetworkReply::finished, this, [reply, pending] {
        FetchResult result;
        result.url = pending->request.url;
        result.elapsedMs = pending->clock.elapsed();
        result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (pending->forced != FetchResult::Status::Ok) {
            result.status = pending->forced;
            result.errorText = pending->forcedText;
        } else {
            if (reply->isOpen()) {
                pending->add(reply->readAll());
            }
            switch (reply->error()) {
            case QNetworkReply::NoError:
                break;
            case QNetworkReply::OperationCanceledError:
                result.status = FetchResult::Status::Aborted;
                result.errorText = QStringLiteral("cancelled");
                break;
            case QNetworkReply::SslHandshakeFailedError:
                result.status = FetchResult::Status::TlsError;
                result.errorText = reply->errorString();
                break;
            case QNetworkReply::TooManyRedirectsError:
                // Qt's own cap (set to ours) and the count in `redirected` race for the same
                // limit: say the same either way.
                result.status = FetchResult::Status::Redirect;
                result.errorText = QStringLiteral("more than %1 redirects (a redirect loop?)")
                                       .arg(pending->request.maxRedirects);
                break;
            case QNetworkReply::InsecureRedirectError:
                result.status = FetchResult::Status::Redirect;
                result.errorText = reply->errorString();
                break;
            case QNetworkReply::ProtocolFailure:
            case QNetworkReply::ProtocolUnknownError:
            case QNetworkReply::ProtocolInvalidOperationError:
                result.status = FetchResult::Status::Protocol;
                result.errorText = reply->errorString();
                break;
            case QNetworkReply::TimeoutError:
                result.status = FetchResult::Status::Timeout;
                result.errorText = reply->errorString();
                break;
            default:
                // An HTTP error status is still an answer; the caller reads the code. But a
                // connection-level error (below 100 in Qt's numbering: closed, reset, …) after
                // the status line means the body stopped before its end.
                if (result.httpStatus == 0) {
                    result.status = FetchResult::Status::Unreachable;
                    result.errorText = reply->errorString();
                } else if (reply->error() < QNetworkReply::ContentAccessDenied) {
                    result.status = FetchResult::Status::Truncated;
                    result.errorText = truncationText(*reply, pending->size);
                }
            }
            // Qt may also end a short body without an error; the declared length tells. With a
            // Content-Encoding, Qt has decompressed the body and the length is not comparable.
            if (result.status == FetchResult::Status::Ok &&
                declaredLength(*reply) > pending->size &&
                !reply->hasRawHeader("Content-Encoding")) {
                result.status = FetchResult::Status::Truncated;
                result.errorText = truncationText(*reply, pending->size);
            }
            if (result.status == FetchResult::Status::Ok &&
                pending->size > pending->request.maxBytes) {
                result.status = FetchResult::Status::TooLarge;
                result.errorText =
                    QStringLiteral("body over the %1-byte limit").arg(pending->request.maxBytes);
            }
        }
        if (result.status == FetchResult::Status::Ok) {
            result.body =
                pending->chunks.size() == 1 ? pending->chunks.front() : pending->chunks.join();
        }
        pending->drop();
        reply->deleteLater();
        if (pending->callback) {
            auto deliver = std::move(pending->callback); // not `callback`: that was moved from
            deliver(std::move(result));
        }
    });
    return id;
}

void NetworkService::cancel(quint64 id)
{
    for (QNetworkReply *reply : m_network.findChildren<QNetworkReply *>()) {
        if (reply->property(kIdProperty).toULongLong() == id) {
            reply->abort();
        }
    }
}

void NetworkService::cancelAll()
{
    for (QNetworkReply *reply : m_network.findChildren<QNetworkReply *>()) {
        reply->abort();
    }
}

} // namespace headroom::app
