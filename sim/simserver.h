#pragma once
// The simulator's HTTP face: LiteLLM's real paths, JSON shapes, headers, status codes and error
// envelopes, served on loopback by Qt HttpServer over a SimEngine.

#include "simhttp.h"

#include <optional>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>

namespace headroom::sim {

class SimEngine;

class SimServer : public QObject {
    Q_OBJECT
public:
    explicit SimServer(SimEngine &engine, QObject *parent = nullptr);

    // Listens on address:port (0 = a free port); returns the port, or 0 when it cannot listen.
    quint16 listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);

private:
    void addHealthRoutes();
    void addModelRoutes();
    void addCompletionRoutes();
    void addAdminRoutes();
    // The 401 for a request whose key may not call the route, or nullopt.
    std::optional<QHttpServerResponse> refuse(const QHttpServerRequest &request,
                                              Access access) const;

    SimEngine &m_engine;
    QHttpServer m_server;
};

} // namespace headroom::sim
