#include "formats/healthbody.h"

#include "formats/jsonbody.h"
#include "formats/redaction.h"

#include <set>
#include <string>

namespace headroom {

namespace {

using Json = nlohmann::json;

std::vector<HealthEndpoint> readEndpoints(const Json &document, std::string_view key)
{
    std::vector<HealthEndpoint> endpoints;
    const Json *list = json::member(document, key);
    if (list == nullptr) {
        return endpoints;
    }
    const QString path = json::childPath(QString(), key);
    if (!list->is_array()) {
        json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected a list"));
    }
    endpoints.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json &item = (*list)[i];
        const QString itemPath = json::childPath(path, i);
        if (!item.is_object()) {
            json::fail(ParseError::Kind::WrongType, itemPath, QStringLiteral("expected an object"));
        }
        HealthEndpoint endpoint;
        endpoint.model = json::string(item, "model", itemPath);
        endpoint.modelId = json::scalarText(item.value("model_id", Json()));
        endpoint.apiBase = redactUrl(json::string(item, "api_base", itemPath));
        endpoint.provider = json::string(item, "custom_llm_provider", itemPath);
        endpoint.mode = json::string(item, "mode", itemPath);
        if (const Json *error = json::member(item, "error")) {
            endpoint.error = redactSecrets(json::scalarText(*error));
        }
        if (const auto status = json::integer(item, "exception_status", itemPath)) {
            endpoint.exceptionStatus = int(*status);
        }
        endpoint.rpm = json::integer(item, "rpm", itemPath);
        endpoint.tpm = json::integer(item, "tpm", itemPath);
        static const std::set<std::string> known = {
            "model", "model_id", "api_base",         "custom_llm_provider",
            "mode",  "error",    "exception_status", "rpm",
            "tpm"};
        for (auto it = item.begin(); it != item.end(); ++it) {
            if (known.count(it.key()) == 0) {
                endpoint.extra.emplace_back(QString::fromStdString(it.key()),
                                            json::scalarText(it.value()));
            }
        }
        endpoints.push_back(std::move(endpoint));
    }
    return endpoints;
}

void requireObject(const Json &document, const char *what)
{
    if (!document.is_object()) {
        json::fail(ParseError::Kind::WrongType, QStringLiteral("/"),
                   QStringLiteral("expected a %1 object, found %2")
                       .arg(QLatin1String(what), QLatin1String(document.type_name())));
    }
}

} // namespace

bool Readiness::isReady() const
{
    return status == u"healthy" || status == u"connected";
}

bool Readiness::hasPrometheusCallback() const
{
    return successCallbacks.contains(QStringLiteral("prometheus")) ||
           successCallbacks.contains(QStringLiteral("PrometheusLogger"));
}

ParseResult<HealthReport> parseHealth(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<HealthReport>(body, limits, [](const Json &document) {
        requireObject(document, "/health");
        HealthReport report;
        report.healthy = readEndpoints(document, "healthy_endpoints");
        report.unhealthy = readEndpoints(document, "unhealthy_endpoints");
        if (const auto count = json::integer(document, "healthy_count", QString())) {
            report.healthyCount = int(*count);
        }
        if (const auto count = json::integer(document, "unhealthy_count", QString())) {
            report.unhealthyCount = int(*count);
        }
        return report;
    });
}

ParseResult<Readiness> parseReadiness(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<Readiness>(body, limits, [](const Json &document) {
        requireObject(document, "/health/readiness");
        Readiness readiness;
        readiness.status = json::requiredString(document, "status", QString());
        readiness.db = json::scalarText(document.value("db", Json()));
        readiness.cache = json::scalarText(document.value("cache", Json()));
        readiness.litellmVersion = json::string(document, "litellm_version", QString());
        readiness.successCallbacks = json::stringList(document, "success_callbacks", QString());
        readiness.lastUpdated = json::string(document, "last_updated", QString());
        return readiness;
    });
}

ParseResult<QString> parseLiveliness(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<QString>(body, limits, [](const Json &document) {
        if (!document.is_string()) {
            json::fail(ParseError::Kind::WrongType, QStringLiteral("/"),
                       QStringLiteral("expected a JSON string, found %1")
                           .arg(QLatin1String(document.type_name())));
        }
        return QString::fromStdString(document.get_ref<const std::string &>());
    });
}

} // namespace headroom
