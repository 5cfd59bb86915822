#pragma once
// The simulator's HTTP face: LiteLLM's real paths, JSON shapes, headers, status codes and error
// envelopes, served on loopback by Qt HttpServer over a SimEngine.

#include "adminfault.h"
#include "simhttp.h"

#include <functional>
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

    // Arms a fault for the admin writes (also POST /sim/admin-fault and --admin-fault).
    void armAdminFault(const AdminFault &fault) { m_adminFaults.arm(fault); }
    AdminFault armedAdminFault() const { return m_adminFaults.armed(); }

private:
    void addHealthRoutes();
    void addModelRoutes();
    void addCompletionRoutes();
    void addAdminRoutes();
    // The 401 for a request whose key may not call the route, or nullopt.
    std::optional<QHttpServerResponse> refuse(const QHttpServerRequest &request,
                                              Access access) const;
    // One admin write: the key checked, then `write` run under the armed fault, if any.
    void adminWrite(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                    const std::function<QHttpServerResponse()> &write);

    SimEngine &m_engine;
    QHttpServer m_server;
    AdminFaults m_adminFaults;
};

} // namespace headroom::sim
