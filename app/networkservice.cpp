#include "networkservice.h"

#include "bodyinflater.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QtConcurrent>
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
    if (declared >= 0) {
        return QStringLiteral("body cut short: %1 of %2 bytes arrived before the connection closed")
            .arg(arrived)
            .arg(declared);
    }
    return QStringLiteral("body cut short: %1 bytes arrived, then the connection closed before "
                          "the body's end")
        .arg(arrived);
}

// What the TLS checks refused, in Qt's words, and what to do about it. The errors come from
// sslErrors (the handshake's own error string only says that it failed).
QString tlsText(const QStringList &errors, const QString &fallback)
{
    QString text = QStringLiteral("TLS: ") + (errors.isEmpty() ? fallback : errors.join(u"; "));
    if (!errors.isEmpty()) {
        text +=
            QStringLiteral(". If this proxy is yours and you trust it, --insecure (or "
                           "\"Do not verify the TLS certificate\" in the Watch dialog) turns the "
                           "checks off for it");
    }
    return text;
}

} // namespace

qint64 parseRetryAfter(const QByteArray &value, qint64 nowMs)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty()) {
        return -1;
    }
    bool ok = false;
    const qlonglong seconds = text.toLongLong(&ok);
    if (ok) {
        // A day is far over any real Retry-After; a larger one is read as a day.
        return seconds < 0 ? -1 : std::min<qint64>(seconds, 86400) * 1000;
    }
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    if (!text.endsWith(" GMT")) {
        return -1;
    }
    const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(text.chopped(4)),
                                                   QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!when.isValid()) {
        return -1;
    }
    const QDateTime utc(when.date(), when.time(), Qt::UTC);
    return std::clamp<qint64>(utc.toMSecsSinceEpoch() - nowMs, 0, qint64(86400) * 1000);
}

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
    qint64 received = 0; // every body byte taken (inflated), including those dropped
    qint64 raw = 0;      // bytes as they came over the wire (compressed, if they were)
    std::unique_ptr<BodyInflater> inflater; // for a gzip or deflate body
    int redirects = 0;
    QStringList tlsErrors; // what the certificate checks found, if anything

    void add(QByteArray chunk)
    {
        size += chunk.size();
        received += chunk.size();
        chunks.append(std::move(chunk));
    }
    void drop()
    {
        chunks.clear();
        size = 0;
    }
    // Takes bytes as they came over the wire, never past the limit. False when the transfer must
    // stop (refusal says why). A compressed body is inflated once it is complete, off this
    // thread (see inflateThenDeliver).
    FetchResult::Status refusal = FetchResult::Status::Ok;
    QString refusalText;
    bool take(QByteArray bytes)
    {
        raw += bytes.size();
        add(std::move(bytes));
        if (size > request.maxBytes) {
            drop();
            refusal = FetchResult::Status::TooLarge;
            refusalText = QStringLiteral("body over the %1-byte limit").arg(request.maxBytes);
            return false;
        }
        return true;
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
    // Compressed bodies are inflated here (BodyInflater), not by Qt: Qt inflates a whole body
    // at once (its bomb guard in 6.4 ends the reply as a success with an empty body, which would
    // read as an empty /metrics), while the limit must hold on the inflated size as it grows.
    // Naming the encodings ourselves turns Qt's own decoding off.
    networkRequest.setRawHeader("Accept-Encoding", "gzip, deflate");
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
        if (!reply->isOpen() || pending->forced != FetchResult::Status::Ok) {
            return;
        }
        if (!pending->take(reply->readAll())) {
            abortWith(pending->refusal, pending->refusalText);
        }
    });
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, pending, abortWith] {
        // Each answer of a redirect chain has its own encoding.
        QString problem;
        pending->inflater =
            BodyInflater::forEncoding(reply->rawHeader("Content-Encoding"), &problem);
        if (!problem.isEmpty()) {
            abortWith(FetchResult::Status::Protocol, problem);
            return;
        }
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
            [reply, request, pending](const QList<QSslError> &errors) {
                if (request.insecureTls) {
                    reply->ignoreSslErrors(errors);
                    return;
                }
                for (const QSslError &error : errors) {
                    if (!pending->tlsErrors.contains(error.errorString())) {
                        pending->tlsErrors << error.errorString();
                    }
                }
            });
    connect(reply, &QNetworkReply::finished, this, [this, reply, pending] {
        FetchResult result;
        result.url = pending->request.url;
        result.elapsedMs = pending->clock.elapsed();
        result.bytesReceived = pending->received;
        result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (reply->hasRawHeader("Retry-After")) {
            result.retryAfterMs = parseRetryAfter(reply->rawHeader("Retry-After"),
                                                  QDateTime::currentMSecsSinceEpoch());
        }
        if (pending->forced != FetchResult::Status::Ok) {
            result.status = pending->forced;
            result.errorText = pending->forcedText;
        } else {
            if (reply->isOpen() && !pending->take(reply->readAll())) {
                result.status = pending->refusal;
                result.errorText = pending->refusalText;
            }
            switch (result.status != FetchResult::Status::Ok ? QNetworkReply::NoError
                                                             : reply->error()) {
            case QNetworkReply::NoError:
                break;
            case QNetworkReply::OperationCanceledError:
                result.status = FetchResult::Status::Aborted;
                result.errorText = QStringLiteral("cancelled");
                break;
            case QNetworkReply::SslHandshakeFailedError:
                result.status = FetchResult::Status::TlsError;
                result.errorText = tlsText(pending->tlsErrors, reply->errorString());
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
                    result.errorText = truncationText(*reply, pending->raw);
                }
            }
            // Qt may also end a short body without an error; the declared length (of the bytes
            // on the wire) tells, and a compressed stream knows its own end.
            if (result.status == FetchResult::Status::Ok && declaredLength(*reply) > pending->raw) {
                result.status = FetchResult::Status::Truncated;
                result.errorText = truncationText(*reply, pending->raw);
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
        if (!pending->callback) {
            return;
        }
        auto deliver = std::move(pending->callback); // not `callback`: that was moved from
        if (result.status == FetchResult::Status::Ok && pending->inflater) {
            inflateThenDeliver(std::move(pending->inflater), std::move(result),
                               pending->request.maxBytes, std::move(deliver));
        } else {
            deliver(std::move(result));
        }
    });
    return id;
}

// Inflating a compressed body is the one step whose cost the peer chooses (a few KiB can inflate
// to gigabytes): it runs on a worker thread, stops at the limit, and hands the result back here.
void NetworkService::inflateThenDeliver(std::unique_ptr<BodyInflater> inflater, FetchResult result,
                                        qint64 maxBytes, Callback deliver)
{
    struct Inflated {
        QByteArray body;
        qint64 size = 0;
        FetchResult::Status status = FetchResult::Status::Ok;
        QString errorText;
    };
    std::shared_ptr<BodyInflater> shared(std::move(inflater));
    QByteArray compressed = std::move(result.body);
    auto *watcher = new QFutureWatcher<std::shared_ptr<Inflated>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [watcher, result = std::move(result), deliver = std::move(deliver)]() mutable {
                const std::shared_ptr<Inflated> inflated = watcher->result();
                watcher->deleteLater();
                result.bytesReceived = inflated->size;
                result.status = inflated->status;
                result.errorText = inflated->errorText;
                result.body = inflated->status == FetchResult::Status::Ok
                                  ? std::move(inflated->body)
                                  : QByteArray();
                deliver(std::move(result));
            });
    watcher->setFuture(QtConcurrent::run([shared, compressed = std::move(compressed), maxBytes] {
        auto out = std::make_shared<Inflated>();
        QByteArrayList chunks;
        if (!shared->feed(compressed, chunks, out->size, maxBytes)) {
            out->status =
                shared->tooLarge() ? FetchResult::Status::TooLarge : FetchResult::Status::Protocol;
            out->errorText =
                shared->tooLarge()
                    ? QStringLiteral("inflated body over the %1-byte limit").arg(maxBytes)
                    : shared->error();
        } else if (!shared->finished()) {
            out->status = FetchResult::Status::Truncated;
            out->errorText = QStringLiteral("body cut short: the compressed body stops before "
                                            "its end (%1 bytes arrived)")
                                 .arg(compressed.size());
        } else {
            out->body = chunks.size() == 1 ? chunks.front() : chunks.join();
        }
        return out;
    }));
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
