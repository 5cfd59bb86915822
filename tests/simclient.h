#pragma once
// A blocking HTTP client for the integration tests: one request, its status, headers and body.

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace headroom::test {

struct HttpReply {
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString error;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return {};
    }
    std::string_view view() const { return {body.constData(), std::size_t(body.size())}; }
};

class SimClient {
public:
    explicit SimClient(QUrl base, QString key = {})
        : m_base(std::move(base))
        , m_key(std::move(key))
    {}

    void setKey(const QString &key) { m_key = key; }

    HttpReply get(const QString &path) { return send("GET", path, {}); }
    HttpReply post(const QString &path, const QByteArray &body) { return send("POST", path, body); }
    HttpReply remove(const QString &path) { return send("DELETE", path, {}); }

    HttpReply send(const QByteArray &verb, const QString &path, const QByteArray &body)
    {
        QNetworkRequest request(m_base.resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        if (!m_key.isEmpty()) {
            request.setRawHeader("Authorization", "Bearer " + m_key.toUtf8());
        }
        QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        HttpReply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        if (!reply->isFinished()) {
            result.error = QStringLiteral("timed out");
            reply->abort();
        }
        reply->deleteLater();
        return result;
    }

private:
    QNetworkAccessManager m_network;
    QUrl m_base;
    QString m_key;
};

} // namespace headroom::test
