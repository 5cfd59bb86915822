#pragma once
// A small local TCP server that misbehaves on cue, for the hostile-proxy suite: it never
// answers, trickles, floods, speaks garbage, redirects in circles or dies mid-answer.

#include <atomic>
#include <QByteArray>
#include <QPointer>
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
    };

    explicit HostileProxy(Mode mode, QObject *parent = nullptr)
        : QObject(parent)
        , m_mode(mode)
        , m_server(this) // a child, so that moveToThread takes it along
    {
        connect(&m_server, &QTcpServer::newConnection, this, &HostileProxy::accept);
    }

    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    quint16 port() const { return m_server.serverPort(); }
    void close()
    {
        m_server.close();
        for (QTcpSocket *socket : findChildren<QTcpSocket *>()) {
            socket->abort();
        }
    }
    int connections() const { return m_connections; }
    qint64 bytesSent() const { return m_bytesSent.load(); }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            ++m_connections;
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { request(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
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
        }
    }

    Mode m_mode;
    QTcpServer m_server;
    std::atomic<int> m_connections = 0;
    std::atomic<qint64> m_bytesSent = 0;
};

// A HostileProxy on its own thread, so that its flooding never counts as a stall of the
// thread under test.
class ThreadedHostileProxy {
public:
    explicit ThreadedHostileProxy(HostileProxy::Mode mode, quint16 port = 0)
        : m_proxy(new HostileProxy(mode))
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
