#include "config/adminbodies.h"

#include "formats/jsonbody.h"

#include <utility>

namespace headroom {

namespace {

using Json = nlohmann::json;

void requireObject(const Json &value, const QString &path)
{
    if (!value.is_object()) {
        json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected an object"));
    }
}

FallbackType readType(const Json &object)
{
    const QString name = json::string(object, "fallback_type", QString());
    const auto type = fallbackTypeFromName(name);
    if (!type) {
        json::fail(
            ParseError::Kind::WrongType, QStringLiteral("/fallback_type"),
            QStringLiteral("\"%1\" is not general, context_window or content_policy").arg(name));
    }
    return *type;
}

// The fields GET /router/settings describes (router_settings_endpoints.py), with LiteLLM's
// defaults (docs/litellm-api.md §7).
struct FieldSpec {
    const char *name;
    const char *type;
    const char *description;
    Json defaultValue;
};

std::vector<FieldSpec> fieldSpecs()
{
    return {
        {"routing_strategy", "String",
         "Routing strategy to use for load balancing across deployments", "simple-shuffle"},
        {"num_retries", "Integer", "Number of retries for failed requests", 2},
        {"retry_after", "Float", "Minimum seconds to wait before retrying a request", 0},
        {"allowed_fails", "Integer", "Failures allowed per minute before a deployment cools down",
         3},
        {"cooldown_time", "Float", "Seconds a failed deployment is cooled down", 5},
        {"fallbacks", "List", "Fallback model groups for general errors", Json::array()},
        {"context_window_fallbacks", "List", "Fallbacks for context window exceeded errors",
         Json::array()},
        {"content_policy_fallbacks", "List", "Fallbacks for content policy violations",
         Json::array()},
        {"max_fallbacks", "Integer", "Maximum number of fallbacks to try", 5},
        {"enable_pre_call_checks", "Boolean", "Check context window and rate limits before a call",
         false},
        {"disable_cooldowns", "Boolean", "Never cool down deployments", false},
    };
}

} // namespace

const char *fallbackTypeName(FallbackType type)
{
    switch (type) {
    case FallbackType::ContextWindow:
        return "context_window";
    case FallbackType::ContentPolicy:
        return "content_policy";
    case FallbackType::General:
        break;
    }
    return "general";
}

std::optional<FallbackType> fallbackTypeFromName(QStringView name)
{
    if (name.isEmpty() || name == u"general") {
        return FallbackType::General;
    }
    if (name == u"context_window") {
        return FallbackType::ContextWindow;
    }
    if (name == u"content_policy") {
        return FallbackType::ContentPolicy;
    }
    return std::nullopt;
}

const FallbackMap &fallbackMap(const FallbackConfig &config, FallbackType type)
{
    switch (type) {
    case FallbackType::ContextWindow:
        return config.contextWindowFallbacks;
    case FallbackType::ContentPolicy:
        return config.contentPolicyFallbacks;
    case FallbackType::General:
        break;
    }
    return config.fallbacks;
}

FallbackMap &fallbackMap(FallbackConfig &config, FallbackType type)
{
    // The same choice; `config` itself is not const, so the cast only gives back its constness.
    return const_cast<FallbackMap &>(fallbackMap(std::as_const(config), type));
}

ParseLimits adminBodyLimits()
{
    ParseLimits limits;
    limits.maxBytes = 1024 * 1024;
    limits.maxDepth = 16;
    return limits;
}

ParseResult<FallbackRequest> readFallbackRequest(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<FallbackRequest>(body, limits, [](const Json &object) {
        requireObject(object, QStringLiteral("/"));
        FallbackRequest request;
        // An empty name reads (LiteLLM's model is a plain str); the proxy answers it with 404.
        request.model = json::requiredString(object, "model", QString());
        if (json::member(object, "fallback_models") == nullptr) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/fallback_models"),
                       QStringLiteral("required field \"fallback_models\" is missing"));
        }
        request.fallbackModels = json::stringList(object, "fallback_models", QString());
        if (request.fallbackModels.isEmpty()) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/fallback_models"),
                       QStringLiteral("at least one fallback model is needed"));
        }
        request.type = readType(object);
        return request;
    });
}

Json fallbackRequestToJson(const FallbackRequest &request)
{
    return {{"model", request.model.toStdString()},
            {"fallback_models", json::stringArray(request.fallbackModels)},
            {"fallback_type", fallbackTypeName(request.type)}};
}

ParseResult<FallbackResponse> readFallbackResponse(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<FallbackResponse>(body, limits, [](const Json &object) {
        requireObject(object, QStringLiteral("/"));
        FallbackResponse response;
        response.model = json::requiredString(object, "model", QString());
        if (json::member(object, "fallback_models") != nullptr) {
            response.fallbackModels = json::stringList(object, "fallback_models", QString());
        }
        response.type = readType(object);
        if (json::member(object, "message") != nullptr) {
            response.message = json::string(object, "message", QString());
        }
        return response;
    });
}

Json fallbackResponseToJson(const FallbackResponse &response)
{
    Json object = {{"model", response.model.toStdString()}};
    if (response.fallbackModels) {
        object["fallback_models"] = json::stringArray(*response.fallbackModels);
    }
    object["fallback_type"] = fallbackTypeName(response.type);
    if (response.message) {
        object["message"] = response.message->toStdString();
    }
    return object;
}

ParseResult<ConfigUpdateRequest> readConfigUpdateRequest(std::string_view body,
                                                         const RouterSettingsUpdate &base,
                                                         const ParseLimits &limits)
{
    return json::readBody<ConfigUpdateRequest>(body, limits, [&base](const Json &object) {
        requireObject(object, QStringLiteral("/"));
        ConfigUpdateRequest request;
        const auto section = [&object](std::string_view key) -> const Json * {
            const Json *value = json::member(object, key);
            if (value != nullptr) {
                requireObject(*value, json::childPath(QString(), key));
            }
            return value;
        };
        if (const Json *value = section("router_settings")) {
            auto settings =
                readRouterSettingsJson(*value, base, json::childPath(QString(), "router_settings"));
            if (!settings) {
                throw json::FieldError(settings.error());
            }
            request.routerSettings = std::move(settings.value());
        }
        if (const Json *value = section("general_settings")) {
            request.generalSettings = *value;
        }
        if (const Json *value = section("litellm_settings")) {
            request.litellmSettings = *value;
        }
        if (const Json *value = section("environment_variables")) {
            request.environmentVariables = *value;
        }
        return request;
    });
}

Json configUpdateRequestToJson(const ConfigUpdateRequest &request)
{
    Json object = Json::object();
    if (request.routerSettings) {
        object["router_settings"] = routerSettingsToJson(request.routerSettings->settings,
                                                         request.routerSettings->fallbacks);
    }
    if (request.generalSettings) {
        object["general_settings"] = *request.generalSettings;
    }
    if (request.litellmSettings) {
        object["litellm_settings"] = *request.litellmSettings;
    }
    if (request.environmentVariables) {
        object["environment_variables"] = *request.environmentVariables;
    }
    return object;
}

ParseResult<QString> readAdminMessage(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<QString>(body, limits, [](const Json &object) {
        requireObject(object, QStringLiteral("/"));
        return json::requiredString(object, "message", QString());
    });
}

Json adminMessageToJson(const QString &message)
{
    return {{"message", message.toStdString()}};
}

RouterSettingsResponse routerSettingsResponse(const RouterSettingsUpdate &current)
{
    RouterSettingsResponse response;
    response.current = current;
    const Json values = routerSettingsToJson(current.settings, current.fallbacks);
    for (const FieldSpec &spec : fieldSpecs()) {
        response.fields.push_back({QString::fromUtf8(spec.name), QString::fromUtf8(spec.type),
                                   QString::fromUtf8(spec.description), spec.defaultValue,
                                   values.value(spec.name, spec.defaultValue)});
    }
    response.strategyDescriptions = {
        {QStringLiteral("simple-shuffle"),
         QStringLiteral("Randomly picks a deployment, weighted by rpm/tpm/weight")},
        {QStringLiteral("usage-based-routing-v2"),
         QStringLiteral("Picks the deployment with the lowest TPM usage this minute, under its "
                        "limits")},
    };
    return response;
}

ParseResult<RouterSettingsResponse> readRouterSettingsResponse(std::string_view body,
                                                               const ParseLimits &limits)
{
    return json::readBody<RouterSettingsResponse>(body, limits, [](const Json &object) {
        requireObject(object, QStringLiteral("/"));
        RouterSettingsResponse response;
        const Json *current = json::member(object, "current_values");
        if (current == nullptr) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/current_values"),
                       QStringLiteral("required field \"current_values\" is missing"));
        }
        auto values = readRouterSettingsJson(*current, {}, QStringLiteral("/current_values"));
        if (!values) {
            throw json::FieldError(values.error());
        }
        response.current = std::move(values.value());
        if (const Json *fields = json::member(object, "fields")) {
            if (!fields->is_array()) {
                json::fail(ParseError::Kind::WrongType, QStringLiteral("/fields"),
                           QStringLiteral("expected a list of fields"));
            }
            for (std::size_t i = 0; i < fields->size(); ++i) {
                const Json &field = (*fields)[i];
                const QString path = json::childPath(QStringLiteral("/fields"), i);
                requireObject(field, path);
                response.fields.push_back({json::requiredString(field, "field_name", path),
                                           json::string(field, "field_type", path),
                                           json::string(field, "field_description", path),
                                           field.value("field_default", Json()),
                                           field.value("field_value", Json())});
            }
        }
        if (const Json *descriptions = json::member(object, "routing_strategy_descriptions")) {
            const QString path = QStringLiteral("/routing_strategy_descriptions");
            requireObject(*descriptions, path);
            for (auto it = descriptions->begin(); it != descriptions->end(); ++it) {
                response.strategyDescriptions.emplace_back(
                    QString::fromStdString(it.key()), json::string(*descriptions, it.key(), path));
            }
        }
        return response;
    });
}

Json routerSettingsResponseToJson(const RouterSettingsResponse &response)
{
    Json fields = Json::array();
    for (const RouterSettingsField &field : response.fields) {
        fields.push_back({{"field_name", field.name.toStdString()},
                          {"field_type", field.type.toStdString()},
                          {"field_description", field.description.toStdString()},
                          {"field_default", field.defaultValue},
                          {"field_value", field.value}});
    }
    Json descriptions = Json::object();
    for (const auto &[strategy, text] : response.strategyDescriptions) {
        descriptions[strategy.toStdString()] = text.toStdString();
    }
    return {{"fields", fields},
            {"current_values",
             routerSettingsToJson(response.current.settings, response.current.fallbacks)},
            {"routing_strategy_descriptions", descriptions}};
}

} // namespace headroom
