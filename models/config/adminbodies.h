#pragma once
// The bodies of LiteLLM's admin API that read and change fallbacks and router settings
// (docs/litellm-api.md §9): POST/GET/DELETE /fallback, POST /config/update, GET /router/settings.
// One reader and one writer per shape, so the simulator that answers them and the push client
// that sends them cannot drift apart.

#include "config/proxyconfig.h"
#include "config/routersettingsjson.h"
#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <string_view>
#include <vector>

namespace headroom {

// Which of the router's three fallback lists a request is about (`fallback_type`).
enum class FallbackType { General, ContextWindow, ContentPolicy };

// "general", "context_window", "content_policy".
const char *fallbackTypeName(FallbackType type);
// The type a fallback_type value names: empty is general (LiteLLM's default); nullopt otherwise.
std::optional<FallbackType> fallbackTypeFromName(QStringView name);
// The list of `config` that a type selects.
FallbackMap &fallbackMap(FallbackConfig &config, FallbackType type);
const FallbackMap &fallbackMap(const FallbackConfig &config, FallbackType type);

// Admin bodies are small: 1 MiB and 16 levels are far over any real one.
ParseLimits adminBodyLimits();

// POST /fallback: one group's list of one type.
struct FallbackRequest {
    QString model;
    QStringList fallbackModels; // at least one (LiteLLM's min_length=1)
    FallbackType type = FallbackType::General;

    friend bool operator==(const FallbackRequest &, const FallbackRequest &) = default;
};

ParseResult<FallbackRequest> readFallbackRequest(std::string_view body,
                                                 const ParseLimits &limits = adminBodyLimits());
nlohmann::json fallbackRequestToJson(const FallbackRequest &request);

// The answers of the /fallback requests: POST has every member, GET /fallback/{model} no
// message, DELETE /fallback/{model} no fallback_models.
struct FallbackResponse {
    QString model;
    std::optional<QStringList> fallbackModels;
    FallbackType type = FallbackType::General;
    std::optional<QString> message;

    friend bool operator==(const FallbackResponse &, const FallbackResponse &) = default;
};

ParseResult<FallbackResponse> readFallbackResponse(std::string_view body,
                                                   const ParseLimits &limits = adminBodyLimits());
nlohmann::json fallbackResponseToJson(const FallbackResponse &response);

// POST /config/update (LiteLLM's ConfigYAML). router_settings is typed, read over a base (keys
// present replace the base's, absent ones keep it); the other sections are kept as JSON objects.
// The proxy drops some router_settings keys silently (max_fallbacks, content_policy_fallbacks,
// default_fallbacks, disable_cooldowns, allowed_fails_policy): a push must not rely on them.
struct ConfigUpdateRequest {
    std::optional<RouterSettingsUpdate> routerSettings;
    std::optional<nlohmann::json> generalSettings;
    std::optional<nlohmann::json> litellmSettings;
    std::optional<nlohmann::json> environmentVariables;
};

ParseResult<ConfigUpdateRequest>
readConfigUpdateRequest(std::string_view body, const RouterSettingsUpdate &base,
                        const ParseLimits &limits = adminBodyLimits());
nlohmann::json configUpdateRequestToJson(const ConfigUpdateRequest &request);

// {"message": "…"}: the answer of POST /config/update.
ParseResult<QString> readAdminMessage(std::string_view body,
                                      const ParseLimits &limits = adminBodyLimits());
nlohmann::json adminMessageToJson(const QString &message);

// GET /router/settings: a description of each field, the values in force (live values
// overwritten by the persisted config, so not necessarily what each pod runs) and the strategies.
struct RouterSettingsField {
    QString name;
    QString type;
    QString description;
    nlohmann::json defaultValue;
    nlohmann::json value;

    friend bool operator==(const RouterSettingsField &, const RouterSettingsField &) = default;
};

struct RouterSettingsResponse {
    std::vector<RouterSettingsField> fields;
    RouterSettingsUpdate current;
    std::vector<std::pair<QString, QString>> strategyDescriptions; // strategy, what it does
};

// The response for these values: the fields LiteLLM describes, each with its value in `current`.
RouterSettingsResponse routerSettingsResponse(const RouterSettingsUpdate &current);
ParseResult<RouterSettingsResponse>
readRouterSettingsResponse(std::string_view body, const ParseLimits &limits = adminBodyLimits());
nlohmann::json routerSettingsResponseToJson(const RouterSettingsResponse &response);

} // namespace headroom
