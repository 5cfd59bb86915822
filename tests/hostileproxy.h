#pragma once
// A small local TCP (or TLS) server that misbehaves on cue, for the hostile-proxy suite: it
// never answers, trickles, floods, speaks garbage, redirects in circles or dies mid-answer.

#include <atomic>
#include <memory>
#include <optional>
#include <QByteArray>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace headroom::test {

class HostileProxy : public QObject {
public:
    enum class Mode {
        Silent,         // accept, read, never answer
        Trickle,        // headers, then one byte of body a second
        HugeDeclared,   // Content-Length: 1 GB, then bytes as fast as the socket takes them
        HugeUndeclared, // no Content-Length, an endless body until the peer hangs up
        NotHttp,        // random bytes instead of an HTTP response
        GarbageBody,    // 200 with a body that is neither JSON nor Prometheus text
        TruncatedJson,  // 200 application/json, cut off mid-document
        HtmlErrorPage,  // 502 text/html from "a load balancer"
        Unauthorized,   // 401 with LiteLLM's envelope
        RateLimited,    // 429 with LiteLLM's envelope, every time
        ServerError,    // 500 with LiteLLM's envelope, every time
        RedirectLoop,   // 302 to the same path, forever
        RedirectAway,   // 302 to another origin
        DieMidAnswer,   // half a status line, then the connection is reset
        // 200 with every body complete in itself (valid JSON, Prometheus text ending on a line
        // break) but shorter than its declared Content-Length; then the connection closes.
        CutShortDeclared,
        // The same with chunked encoding: whole chunks, then a close without the final chunk
        // (not asserted: see tst_hostileproxy).
        CutShortChunked,
        // Every endpoint answers well except /metrics, which is cut short (declared length).
        CutShortMetricsOnly,
        // 401 whose message echoes the key it was sent, as LiteLLM's auth errors have done
        // ("Received API Key = sk-…").
        EchoKey,
        Fine,               // every endpoint answers well (for the TLS cases)
        SlowHeaders,        // a status line, then one byte of headers a second
        HugeHeaders,        // a status line, then header lines without end
        GzipBomb,           // 200, Content-Encoding: gzip, 64 KiB that inflate to 64 MiB
        DeflateBomb,        // the same with Content-Encoding: deflate
        ChunkedBadHex,      // a chunk size that is not hexadecimal
        ChunkedHuge,        // a chunk size of 2^64
        HtmlLogin,          // 200 text/html: a sign-in page in front of the proxy
        JsonNestingBomb,    // the JSON endpoints answer [[[[… a million deep; /metrics is fine
        ContinueFlood,      // "100 Continue" interim answers without end
        RetryAfter,         // 429 with Retry-After: 2, every time
        OneEndpointGarbage, // /model_group/info answers garbage, every other endpoint is fine
        GzipFine,           // every endpoint answers well, gzip-compressed (as /metrics often is)
        DeflateFine,        // the same, deflate
        GzipCutShort,       // gzip bodies that stop mid-stream (their length declared as sent)
    };

    explicit HostileProxy(Mode mode, QObject *parent = nullptr)
        : HostileProxy(mode, std::nullopt, parent)
    {}
    // With a TLS configuration (certificate and key), it speaks HTTPS.
    HostileProxy(Mode mode, const std::optional<QSslConfiguration> &tls, QObject *parent = nullptr)
        : QObject(parent)
        , m_mode(mode)
    {
        if (tls) {
            auto *server = new QSslServer(this); // a child, so that moveToThread takes it along
            server->setSslConfiguration(*tls);
            m_server = server;
        } else {
            m_server = new QTcpServer(this);
        }
        // A TLS server offers its sockets once their handshake is done.
        connect(m_server, &QTcpServer::newConnection, this, &HostileProxy::accept);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HostileProxy::accept);
    }

    bool listen(quint16 port = 0) { return m_server->listen(QHostAddress::LocalHost, port); }
    quint16 port() const { return m_server->serverPort(); }
    void close()
    {
        m_server->close();
        for (QTcpSocket *socket : findChildren<QTcpSocket *>()) {
            socket->abort();
        }
    }
    int connections() const { return m_connections; }
    // The *Bomb modes' bodies, each made once on first use (compressing 64 MiB is not free under
    // sanitizers: a suite makes them before its clock starts).
    static const QByteArray &bombBody(bool gzip)
    {
        static const QByteArray gzipBody = compressed(QByteArray(64 * 1024 * 1024, '0'), true);
        static const QByteArray deflateBody = compressed(QByteArray(64 * 1024 * 1024, '0'), false);
        return gzip ? gzipBody : deflateBody;
    }
    qint64 bytesSent() const { return m_bytesSent.load(); }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            socket->setParent(this);
            ++m_connections;
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { request(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            if (socket->bytesAvailable() > 0) {
                request(socket); // arrived with the TLS handshake, before we listened
            }
        }
    }

    static QByteArray response(int status, const char *reason, const QByteArray &type,
                               const QByteArray &body, const QByteArray &extra = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
               "\r\nContent-Type: " + type +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" +
               body;
    }

    static QByteArray envelope(int code, const char *message)
    {
        return R"({"error": {"message": ")" + QByteArray(message) +
               R"(", "type": "None", "param": "None", "code": ")" + QByteArray::number(code) +
               "\"}}";
    }

    // A body that parses on its own for each endpoint the poller reads.
    static QByteArray wholeBody(const QByteArray &path)
    {
        if (path.startsWith("/metrics")) {
            return "# TYPE litellm_deployment_success_responses counter\n"
                   "litellm_deployment_success_responses_total{model_id=\"a\",requested_model="
                   "\"g\",litellm_model_name=\"openai/g\",api_base=\"None\",api_provider="
                   "\"openai\"} 7\n";
        }
        if (path.startsWith("/health/readiness")) {
            return R"({"status": "healthy", "db": "Not connected"})";
        }
        return R"({"data": []})";
    }

    void send(QTcpSocket *socket, const QByteArray &bytes) { m_bytesSent += socket->write(bytes); }

    // Sends `piece` again and again as the socket drains (never more than a few in memory),
    // until the peer hangs up or 1 GiB went out.
    void flood(QTcpSocket *socket, const QByteArray &piece)
    {
        connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket, piece] {
            while (socket->bytesToWrite() < 256 * 1024 && m_bytesSent < (1LL << 30)) {
                send(socket, piece);
            }
        });
        send(socket, piece);
    }

    // `plain` compressed as gzip (RFC 1952) or as HTTP's deflate (a zlib stream, RFC 1950).
    static QByteArray compressed(const QByteArray &plain, bool gzipped)
    {
        // qCompress: a 4-byte length, then a zlib stream (RFC 1950) — what HTTP calls deflate.
        const QByteArray zlib = qCompress(plain, 9).mid(4);
        if (!gzipped) {
            return zlib;
        }
        // gzip (RFC 1952): a 10-byte header, the raw deflate data (the zlib stream without its
        // 2-byte header and 4-byte checksum), the CRC-32 and the length of the plain data.
        QByteArray gzip("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff", 10);
        gzip += zlib.mid(2, zlib.size() - 6);
        const auto le32 = [&gzip](quint32 v) {
            for (int i = 0; i < 4; ++i) {
                gzip += char((v >> (8 * i)) & 0xff);
            }
        };
        le32(crc32(plain));
        le32(quint32(plain.size()));
        return gzip;
    }

    static quint32 crc32(const QByteArray &data)
    {
        quint32 table[256];
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        quint32 crc = 0xffffffffu;
        for (const char byte : data) {
            crc = table[(crc ^ quint8(byte)) & 0xff] ^ (crc >> 8);
        }
        return crc ^ 0xffffffffu;
    }

    void request(QTcpSocket *socket)
    {
        // Requests may share a keep-alive connection (a followed redirect does): answer each.
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0 || socket->property("streaming").toBool()) {
            socket->setProperty("buffer", buffer);
            return;
        }
        const QByteArray head = buffer.left(end);
        socket->setProperty("buffer", buffer.mid(end + 4));
        const QByteArray path = head.split(' ').value(1);
        switch (m_mode) {
        case Mode::Silent:
            return;
        case Mode::Trickle: {
            socket->setProperty("streaming", true);
            send(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 1000\r\n\r\n");
            auto *timer = new QTimer(socket);
            connect(timer, &QTimer::timeout, socket, [this, socket] { send(socket, "{"); });
            timer->start(1000);
            return;
        }
        case Mode::HugeDeclared:
        case Mode::HugeUndeclared: {
            socket->setProperty("streaming", true);
            send(socket, m_mode == Mode::HugeDeclared
                             ? QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                          "Content-Length: 1073741824\r\n\r\n")
                             : QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                          "Connection: close\r\n\r\n"));
            const QByteArray chunk(64 * 1024, 'x');
            // Refill as the socket drains, never holding more than a few chunks in memory.
            connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket, chunk] {
                if (socket->bytesToWrite() < 4 * chunk.size() && m_bytesSent < (1LL << 30)) {
                    send(socket, chunk);
                }
            });
            send(socket, chunk);
            return;
        }
        case Mode::NotHttp:
            send(socket, QByteArray("\x16\x03\x01\x02\x00garbage\xff\xfe not http at all\r\n\r\n"));
            socket->disconnectFromHost();
            return;
        case Mode::GarbageBody:
            send(socket, response(200, "OK", "application/json", "<<<\x01\x02 ?? }{ ]["));
            return;
        case Mode::TruncatedJson:
            send(socket,
                 response(200, "OK", "application/json", R"({"data": [{"model_name": "gp)"));
            return;
        case Mode::HtmlErrorPage:
            send(socket, response(502, "Bad Gateway", "text/html",
                                  "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"));
            return;
        case Mode::Unauthorized:
            send(socket,
                 response(
                     401, "Unauthorized", "application/json",
                     envelope(401, "Authentication Error, Invalid proxy server token passed.")));
            return;
        case Mode::RateLimited:
            send(socket, response(429, "Too Many Requests", "application/json",
                                  envelope(429, "No deployments available for selected model.")));
            return;
        case Mode::ServerError:
            send(socket, response(500, "Internal Server Error", "application/json",
                                  envelope(500, "Internal Server Error")));
            return;
        case Mode::RedirectLoop:
            send(socket, response(302, "Found", "text/plain", "", "Location: " + path + "\r\n"));
            return;
        case Mode::RedirectAway:
            send(socket, response(302, "Found", "text/plain", "",
                                  "Location: http://127.0.0.1:9" + path + "\r\n"));
            return;
        case Mode::CutShortDeclared:
        case Mode::CutShortChunked:
        case Mode::CutShortMetricsOnly: {
            const QByteArray body = wholeBody(path);
            const bool cut = m_mode != Mode::CutShortMetricsOnly || path.startsWith("/metrics");
            const QByteArray type = path.startsWith("/metrics") ? "text/plain" : "application/json";
            if (!cut) {
                send(socket, response(200, "OK", type, body));
                return;
            }
            socket->setProperty("streaming", true);
            if (m_mode == Mode::CutShortChunked) {
                send(socket, "HTTP/1.1 200 OK\r\nContent-Type: " + type +
                                 "\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                 QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n");
            } else {
                send(socket, "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " +
                                 QByteArray::number(body.size() + 512) + "\r\n\r\n" + body);
            }
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
        case Mode::EchoKey: {
            QByteArray key;
            for (const QByteArray &line : head.split('\n')) {
                if (line.toLower().startsWith("authorization:")) {
                    key = line.mid(line.indexOf(':') + 1).trimmed();
                    key = key.mid(key.indexOf(' ') + 1); // after "Bearer"
                }
            }
            const QByteArray message =
                "Authentication Error, Invalid proxy server token passed. Received API Key = " +
                key + ", Key Hash (Token) = none";
            send(socket, response(401, "Unauthorized", "application/json",
                                  envelope(401, message.constData())));
            return;
        }
        case Mode::DieMidAnswer:
            send(socket, "HTTP/1.1 20");
            socket->flush();
            socket->abort();
            return;
        case Mode::Fine:
            send(socket, response(200, "OK",
                                  path.startsWith("/metrics") ? "text/plain" : "application/json",
                                  wholeBody(path)));
            return;
        case Mode::SlowHeaders: {
            socket->setProperty("streaming", true);
            send(socket, "HTTP/1.1 200 OK\r\n");
            auto *timer = new QTimer(socket);
            connect(timer, &QTimer::timeout, socket, [this, socket] { send(socket, "X"); });
            timer->start(1000);
            return;
        }
        case Mode::HugeHeaders:
            socket->setProperty("streaming", true);
            send(socket, "HTTP/1.1 200 OK\r\n");
            flood(socket, "X-Padding: " + QByteArray(1000, 'p') + "\r\n");
            return;
        case Mode::GzipBomb:
        case Mode::DeflateBomb: {
            const bool gzip = m_mode == Mode::GzipBomb;
            send(socket,
                 response(200, "OK", "text/plain", bombBody(gzip),
                          QByteArray("Content-Encoding: ") + (gzip ? "gzip" : "deflate") + "\r\n"));
            return;
        }
        case Mode::ChunkedBadHex:
        case Mode::ChunkedHuge:
            socket->setProperty("streaming", true);
            send(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n");
            send(socket, m_mode == Mode::ChunkedBadHex ? QByteArray("zz\r\n{}\r\n")
                                                       : QByteArray("10000000000000000\r\n"));
            flood(socket, QByteArray(64 * 1024, '['));
            return;
        case Mode::HtmlLogin:
            send(socket, response(200, "OK", "text/html; charset=utf-8",
                                  "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                                  "<body><form action=\"/login\"><input name=\"user\">"
                                  "</form></body></html>"));
            return;
        case Mode::JsonNestingBomb:
            if (path.startsWith("/metrics")) {
                send(socket, response(200, "OK", "text/plain", wholeBody(path)));
            } else {
                const int depth = 1000 * 1000;
                send(socket, response(200, "OK", "application/json",
                                      QByteArray(depth, '[') + QByteArray(depth, ']')));
            }
            return;
        case Mode::ContinueFlood:
            socket->setProperty("streaming", true);
            flood(socket, "HTTP/1.1 100 Continue\r\n\r\n");
            return;
        case Mode::RetryAfter:
            send(socket, response(429, "Too Many Requests", "application/json",
                                  envelope(429, "Rate limit reached, try again later."),
                                  "Retry-After: 2\r\n"));
            return;
        case Mode::GzipFine:
        case Mode::DeflateFine:
        case Mode::GzipCutShort: {
            QByteArray body = compressed(wholeBody(path), m_mode != Mode::DeflateFine);
            if (m_mode == Mode::GzipCutShort) {
                body.chop(12); // the end of the deflate data, the CRC and the length
            }
            send(socket,
                 response(200, "OK",
                          path.startsWith("/metrics") ? "text/plain" : "application/json", body,
                          m_mode == Mode::DeflateFine ? "Content-Encoding: deflate\r\n"
                                                      : "Content-Encoding: gzip\r\n"));
            return;
        }
        case Mode::OneEndpointGarbage:
            if (path.startsWith("/model_group/info")) {
                send(socket, response(200, "OK", "application/json", "{\"data\": [oops"));
            } else {
                send(socket,
                     response(200, "OK",
                              path.startsWith("/metrics") ? "text/plain" : "application/json",
                              wholeBody(path)));
            }
            return;
        }
    }

    Mode m_mode;
    QTcpServer *m_server = nullptr; // a child (QSslServer for TLS)
    std::atomic<int> m_connections = 0;
    std::atomic<qint64> m_bytesSent = 0;
};

// A HostileProxy on its own thread, so that its flooding never counts as a stall of the
// thread under test.
class ThreadedHostileProxy {
public:
    explicit ThreadedHostileProxy(HostileProxy::Mode mode, quint16 port = 0,
                                  const std::optional<QSslConfiguration> &tls = std::nullopt)
        : m_proxy(new HostileProxy(mode, tls))
    {
        m_proxy->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_proxy, [this, port] { m_listening = m_proxy->listen(port); },
            Qt::BlockingQueuedConnection);
    }
    ~ThreadedHostileProxy()
    {
        // The proxy lives on the thread: delete it there, then stop the thread.
        QMetaObject::invokeMethod(
            m_proxy, [this] { delete m_proxy; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    ThreadedHostileProxy(const ThreadedHostileProxy &) = delete;
    ThreadedHostileProxy &operator=(const ThreadedHostileProxy &) = delete;

    bool listening() const { return m_listening; }
    quint16 port() const { return m_proxy->port(); }
    qint64 bytesSent() const { return m_proxy->bytesSent(); }
    void close()
    {
        QMetaObject::invokeMethod(
            m_proxy, [this] { m_proxy->close(); }, Qt::BlockingQueuedConnection);
    }

private:
    QThread m_thread;
    HostileProxy *m_proxy; // owned: deleted on its thread in the destructor
    bool m_listening = false;
};

} // namespace headroom::test
