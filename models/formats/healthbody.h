#pragma once
// The proxy's health bodies: /health (per-deployment check results), /health/readiness and
// /health/liveliness. Field names differ between LiteLLM versions; both shapes are accepted.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <optional>
#include <QString>
#include <QStringList>
#include <string_view>
#include <utility>
#include <vector>

namespace headroom {

struct HealthEndpoint {
    QString model;   // litellm_params.model of the deployment checked
    QString modelId; // model_info.id when the proxy shows it
    QString apiBase;
    QString provider; // custom_llm_provider when shown
    QString mode;
    QString error; // why an unhealthy deployment failed its check
    std::optional<int> exceptionStatus;
    std::optional<qint64> rpm, tpm;
    std::vector<std::pair<QString, QString>> extra; // other display params, e.g. x-ms-region
};

struct HealthReport {
    std::vector<HealthEndpoint> healthy;
    std::vector<HealthEndpoint> unhealthy;
    std::optional<int> healthyCount; // newer proxies only; else the list sizes
    std::optional<int> unhealthyCount;
};

struct Readiness {
    QString status; // "healthy" (current) or "connected" (v1.40 and older)
    QString db;     // "connected", "disconnected", "Not connected"
    QString cache;  // null when no cache is configured
    QString litellmVersion;
    QStringList successCallbacks;
    QString lastUpdated; // older proxies only

    bool isReady() const;
    // Whether the proxy reports the prometheus callback (needed for /metrics).
    bool hasPrometheusCallback() const;
};

ParseResult<HealthReport> parseHealth(std::string_view body, const ParseLimits &limits = {});
ParseResult<Readiness> parseReadiness(std::string_view body, const ParseLimits &limits = {});
// /health/liveliness answers a bare JSON string, "I'm alive!".
ParseResult<QString> parseLiveliness(std::string_view body, const ParseLimits &limits = {});

} // namespace headroom
