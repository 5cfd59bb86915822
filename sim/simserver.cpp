#include "simserver.h"

#include "config/adminbodies.h"
#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"
#include "simadmin.h"
#include "simbodies.h"
#include "simcompletions.h"
#include "simengine.h"
#include "simhttp.h"

#include <nlohmann/json.hpp>
#include <QHttpServerResponder>
#include <QTcpSocket>

namespace headroom::sim {

namespace {

using Json = nlohmann::json;
using Method = QHttpServerRequest::Method;

std::string_view bodyView(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// Request bodies are bounded like everything else the simulator reads.
ParseLimits requestLimits()
{
    ParseLimits limits;
    limits.maxBytes = 4 * 1024 * 1024;
    limits.maxDepth = 32;
    return limits;
}

} // namespace

SimServer::SimServer(SimEngine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    addHealthRoutes();
    addModelRoutes();
    addCompletionRoutes();
    addAdminRoutes();
    m_server.setMissingHandler([](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        responder.write(QByteArrayLiteral(R"({"detail":"Not Found"})"),
                        QByteArrayLiteral("application/json"),
                        QHttpServerResponder::StatusCode::NotFound);
    });
}

std::optional<QHttpServerResponse> SimServer::refuse(const QHttpServerRequest &request,
                                                     Access access) const
{
    const Scenario &scenario = m_engine.scenario();
    return checkKey(request, scenario.masterKey, scenario.virtualKeys, access);
}

quint16 SimServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

void SimServer::addHealthRoutes()
{
    const auto alive = [](const QHttpServerRequest &) {
        return jsonResponse(Json("I'm alive!"));
    };
    m_server.route(QStringLiteral("/health/liveliness"), Method::Get, alive);
    m_server.route(QStringLiteral("/health/liveness"), Method::Get, alive);
    m_server.route(
        QStringLiteral("/health/readiness"), Method::Get,
        [this](const QHttpServerRequest &) { return jsonResponse(readinessBody(m_engine)); });
    m_server.route(QStringLiteral("/health"), Method::Get, [this](const QHttpServerRequest &r) {
        if (auto refused = refuse(r, Access::AnyKey)) {
            return std::move(*refused);
        }
        return jsonResponse(
            healthBody(m_engine, r.query().queryItemValue(QStringLiteral("model"))));
    });
}

void SimServer::addModelRoutes()
{
    const auto modelInfo = [this](const QHttpServerRequest &r) {
        if (auto refused = refuse(r, Access::AnyKey)) {
            return std::move(*refused);
        }
        const QString id = r.query().queryItemValue(QStringLiteral("litellm_model_id"));
        auto body = modelInfoBody(m_engine, id);
        if (!body) {
            return detailError(Status::NotFound, {{"error", "Model id = " + id.toStdString() +
                                                                " not found on litellm proxy"}});
        }
        return jsonResponse(*body);
    };
    m_server.route(QStringLiteral("/model/info"), Method::Get, modelInfo);
    m_server.route(QStringLiteral("/v1/model/info"), Method::Get, modelInfo);
    m_server.route(QStringLiteral("/model_group/info"), Method::Get,
                   [this](const QHttpServerRequest &r) {
                       if (auto refused = refuse(r, Access::AnyKey)) {
                           return std::move(*refused);
                       }
                       return jsonResponse(modelGroupInfoBody(
                           m_engine, r.query().queryItemValue(QStringLiteral("model_group"))));
                   });
    const auto models = [this](const QHttpServerRequest &r) {
        if (auto refused = refuse(r, Access::AnyKey)) {
            return std::move(*refused);
        }
        return jsonResponse(modelsBody(m_engine));
    };
    m_server.route(QStringLiteral("/v1/models"), Method::Get, models);
    m_server.route(QStringLiteral("/models"), Method::Get, models);

    const auto metrics = [this](const QHttpServerRequest &r) {
        if (m_engine.metricNames() == MetricNames::Off) {
            // Without the prometheus callback the route is not mounted at all.
            return detailError(Status::NotFound, Json("Not Found"));
        }
        if (m_engine.scenario().metricsRequireAuth) {
            if (auto refused = refuse(r, Access::AnyKey)) {
                return std::move(*refused);
            }
        }
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                                   m_engine.metricsText());
    };
    m_server.route(QStringLiteral("/metrics"), Method::Get, metrics);
    m_server.route(QStringLiteral("/metrics/"), Method::Get, metrics);

    // Not LiteLLM's: the simulator's own ground truth (this replica's counters read from the
    // model, not from /metrics), for tests that check what a scraper made of /metrics.
    m_server.route(QStringLiteral("/sim/ground_truth"), Method::Get,
                   [this](const QHttpServerRequest &r) {
                       if (auto refused = refuse(r, Access::AdminOnly)) {
                           return std::move(*refused);
                       }
                       return jsonResponse(m_engine.groundTruth());
                   });
}

void SimServer::addCompletionRoutes()
{
    const auto completions = [this](const QHttpServerRequest &r) {
        if (auto refused = refuse(r, Access::AnyKey)) {
            return std::move(*refused);
        }
        const auto body = json::parse(bodyView(r.body()), requestLimits());
        if (!body) {
            return errorEnvelope(Status::BadRequest,
                                 QStringLiteral("Invalid JSON body: ") + body.error().toString(),
                                 QStringLiteral("invalid_request_error"));
        }
        auto request = completionRequest(body.value());
        if (!request) {
            return errorEnvelope(Status::BadRequest, request.error().toString(),
                                 QStringLiteral("invalid_request_error"));
        }
        return completionResponse(m_engine, request.value(), m_engine.route(request.value()));
    };
    m_server.route(QStringLiteral("/chat/completions"), Method::Post, completions);
    m_server.route(QStringLiteral("/v1/chat/completions"), Method::Post, completions);
}

void SimServer::adminWrite(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                           const std::function<QHttpServerResponse()> &write)
{
    if (auto refused = refuse(request, Access::AdminOnly)) {
        refused->write(std::move(responder));
        return;
    }
    switch (m_adminFaults.next()) {
    case AdminFault::Mode::None:
        write().write(std::move(responder));
        return;
    case AdminFault::Mode::Error:
        errorEnvelope(Status::InternalServerError,
                      QStringLiteral("Simulated fault (headroom-sim admin fault 'error'): the "
                                     "database write failed; nothing was changed."))
            .write(std::move(responder));
        return;
    case AdminFault::Mode::Partial: {
        // Answered as accepted, but the change is lost: only a read-back can tell.
        const FallbackConfig fallbacks = m_engine.fallbacks();
        const RouterSettings settings = m_engine.model().spec().settings;
        const QHttpServerResponse response = write();
        m_engine.setFallbacks(fallbacks);
        m_engine.setSettings(settings);
        response.write(std::move(responder));
        return;
    }
    case AdminFault::Mode::Drop: {
        // Applied, then the connection dies halfway through the answer: the client cannot know
        // whether the write landed. Half a body after a status line also keeps a client from
        // quietly sending the request again, as it may when a connection closes unanswered.
        const QHttpServerResponse response = write();
        const QByteArray body = response.data();
        responder.writeStatusLine(response.statusCode());
        responder.writeHeader(QByteArrayLiteral("Content-Type"), response.mimeType());
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
        responder.writeBody(body.left(body.size() / 2));
        if (QTcpSocket *socket = responder.socket()) {
            socket->flush();
            socket->disconnectFromHost();
        }
        return;
    }
    }
}

void SimServer::addAdminRoutes()
{
    m_server.route(QStringLiteral("/fallback"), Method::Post,
                   [this](const QHttpServerRequest &r, QHttpServerResponder &&responder) {
                       adminWrite(r, std::move(responder), [this, &r] {
                           return createFallback(m_engine, bodyView(r.body()));
                       });
                   });
    m_server.route(QStringLiteral("/fallback/<arg>"), Method::Get,
                   [this](const QString &model, const QHttpServerRequest &r) {
                       if (auto refused = refuse(r, Access::AdminOnly)) {
                           return std::move(*refused);
                       }
                       return getFallback(
                           m_engine, model,
                           r.query().queryItemValue(QStringLiteral("fallback_type")));
                   });
    m_server.route(QStringLiteral("/fallback/<arg>"), Method::Delete,
                   [this](const QString &model, const QHttpServerRequest &r,
                          QHttpServerResponder &&responder) {
                       adminWrite(r, std::move(responder), [this, &r, &model] {
                           return deleteFallback(
                               m_engine, model,
                               r.query().queryItemValue(QStringLiteral("fallback_type")));
                       });
                   });
    m_server.route(QStringLiteral("/router/settings"), Method::Get,
                   [this](const QHttpServerRequest &r) {
                       if (auto refused = refuse(r, Access::AdminOnly)) {
                           return std::move(*refused);
                       }
                       return jsonResponse(routerSettingsBody(m_engine));
                   });
    m_server.route(QStringLiteral("/config/update"), Method::Post,
                   [this](const QHttpServerRequest &r, QHttpServerResponder &&responder) {
                       adminWrite(r, std::move(responder), [this, &r] {
                           return updateConfig(m_engine, bodyView(r.body()));
                       });
                   });
    // Not LiteLLM's: the test hook that arms an admin fault (sim/adminfault.h).
    m_server.route(
        QStringLiteral("/sim/admin-fault"), Method::Post, [this](const QHttpServerRequest &r) {
            if (auto refused = refuse(r, Access::AdminOnly)) {
                return std::move(*refused);
            }
            const auto fault = readAdminFaultRequest(bodyView(r.body()));
            if (!fault) {
                return errorEnvelope(Status::BadRequest, fault.error().toString(),
                                     QStringLiteral("invalid_request_error"));
            }
            m_adminFaults.arm(fault.value());
            return jsonResponse(
                adminMessageToJson(QStringLiteral("Admin fault armed: %1 after %2 write(s)")
                                       .arg(adminFaultModeName(fault->mode))
                                       .arg(fault->after)));
        });
}

} // namespace headroom::sim
