#include "simresponses.h"

#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"
#include "simengine.h"
#include "simhttp.h"

#include <algorithm>
#include <QDateTime>
#include <QSet>
#include <QUuid>

namespace headroom::sim {

namespace {

using Json = nlohmann::json;

const char *kLiteLlmVersion = "1.80.0";

std::string str(const QString &text)
{
    return text.toStdString();
}

Json deploymentHealthItem(const Deployment &d)
{
    Json item = {{"model", str(d.model)},
                 {"model_id", str(d.id)},
                 {"custom_llm_provider", str(d.provider)},
                 {"mode", "chat"}};
    if (!d.apiBase.isEmpty()) {
        item["api_base"] = str(d.apiBase);
    }
    if (d.rpm) {
        item["rpm"] = *d.rpm;
    }
    if (d.tpm) {
        item["tpm"] = *d.tpm;
    }
    return item;
}

Json deploymentInfo(const Deployment &d)
{
    Json params = {{"model", str(d.model)}};
    if (!d.apiBase.isEmpty()) {
        params["api_base"] = str(d.apiBase);
    }
    if (d.rpm) {
        params["rpm"] = *d.rpm;
    }
    if (d.tpm) {
        params["tpm"] = *d.tpm;
    }
    if (d.weight) {
        params["weight"] = *d.weight;
    }
    if (d.order) {
        params["order"] = *d.order;
    }
    Json info = {
        {"id", str(d.id)}, {"db_model", false}, {"mode", d.mode.isEmpty() ? "chat" : str(d.mode)}};
    if (d.maxInputTokens) {
        info["max_input_tokens"] = *d.maxInputTokens;
    }
    if (d.maxOutputTokens) {
        info["max_output_tokens"] = *d.maxOutputTokens;
    }
    return {{"model_name", str(d.group)}, {"litellm_params", params}, {"model_info", info}};
}

QStringList groupsOf(const router::RouterSpec &spec)
{
    QStringList groups;
    for (const Deployment &d : spec.deployments) {
        if (!groups.contains(d.group)) {
            groups.append(d.group);
        }
    }
    return groups;
}

// The map a fallback_type names, or nullptr for an unknown type.
FallbackMap *mapFor(FallbackConfig &config, const QString &type)
{
    if (type.isEmpty() || type == u"general") {
        return &config.fallbacks;
    }
    if (type == u"context_window") {
        return &config.contextWindowFallbacks;
    }
    if (type == u"content_policy") {
        return &config.contentPolicyFallbacks;
    }
    return nullptr;
}

QHttpServerResponse badFallbackType(const QString &type)
{
    return detailError(Status::UnprocessableEntity,
                       Json::array({{{"loc", {"query", "fallback_type"}},
                                     {"msg", "Input should be 'general', 'context_window' or "
                                             "'content_policy'"},
                                     {"input", str(type)}}}));
}

Json sortedNames(const QStringList &names)
{
    QStringList sorted = names;
    sorted.sort();
    Json list = Json::array();
    for (const QString &name : sorted) {
        list.push_back(str(name));
    }
    return list;
}

Json names(const QStringList &list)
{
    Json out = Json::array();
    for (const QString &name : list) {
        out.push_back(str(name));
    }
    return out;
}

const char *typeName(const QString &type)
{
    if (type == u"context_window") {
        return "context_window";
    }
    if (type == u"content_policy") {
        return "content_policy";
    }
    return "general";
}

} // namespace

Json readinessBody(const SimEngine &engine)
{
    Json callbacks = Json::array();
    if (engine.metricNames() != MetricNames::Off) {
        callbacks.push_back("prometheus");
    }
    callbacks.push_back("_PROXY_track_cost_callback");
    return {{"status", "healthy"},
            {"db", engine.runtimeChangesAllowed() ? "connected" : "Not connected"},
            {"cache", nullptr},
            {"litellm_version", kLiteLlmVersion},
            {"success_callbacks", callbacks},
            {"use_aiohttp_transport", true},
            {"log_level", "WARNING"},
            {"is_detailed_debug", false}};
}

Json healthBody(const SimEngine &engine, const QString &model)
{
    Json healthy = Json::array();
    Json unhealthy = Json::array();
    for (const Deployment &d : engine.model().spec().deployments) {
        if (!model.isEmpty() && d.group != model) {
            continue;
        }
        Json item = deploymentHealthItem(d);
        if (engine.deploymentDown(d.id)) {
            item["error"] = "litellm.ServiceUnavailableError: " + str(d.provider) +
                            "Exception - Service Unavailable (simulated outage)";
            item["exception_status"] = 503;
            unhealthy.push_back(std::move(item));
        } else {
            healthy.push_back(std::move(item));
        }
    }
    const auto healthyCount = healthy.size();
    const auto unhealthyCount = unhealthy.size();
    return {{"healthy_endpoints", std::move(healthy)},
            {"unhealthy_endpoints", std::move(unhealthy)},
            {"healthy_count", healthyCount},
            {"unhealthy_count", unhealthyCount}};
}

std::optional<Json> modelInfoBody(const SimEngine &engine, const QString &modelId)
{
    const auto &deployments = engine.model().spec().deployments;
    if (!modelId.isEmpty()) {
        const auto it = std::find_if(deployments.begin(), deployments.end(),
                                     [&](const Deployment &d) { return d.id == modelId; });
        if (it == deployments.end()) {
            return std::nullopt;
        }
        return Json{{"data", deploymentInfo(*it)}};
    }
    Json data = Json::array();
    for (const Deployment &d : deployments) {
        data.push_back(deploymentInfo(d));
    }
    return Json{{"data", data}};
}

Json modelGroupInfoBody(const SimEngine &engine, const QString &group)
{
    const router::RouterSpec &spec = engine.model().spec();
    Json data = Json::array();
    for (const QString &name : groupsOf(spec)) {
        if (!group.isEmpty() && name != group) {
            continue;
        }
        QStringList providers;
        std::optional<qint64> rpm;
        std::optional<qint64> tpm;
        std::optional<qint64> maxInput;
        std::optional<qint64> maxOutput;
        for (const Deployment &d : spec.deployments) {
            if (d.group != name) {
                continue;
            }
            if (!providers.contains(d.provider)) {
                providers.append(d.provider);
            }
            if (d.rpm) {
                rpm = rpm.value_or(0) + *d.rpm;
            }
            if (d.tpm) {
                tpm = tpm.value_or(0) + *d.tpm;
            }
            if (d.maxInputTokens) {
                maxInput = std::max(maxInput.value_or(0), *d.maxInputTokens);
            }
            if (d.maxOutputTokens) {
                maxOutput = std::max(maxOutput.value_or(0), *d.maxOutputTokens);
            }
        }
        const auto orNull = [](const std::optional<qint64> &v) {
            return v ? Json(*v) : Json();
        };
        data.push_back(
            {{"model_group", str(name)},
             {"providers", names(providers)},
             {"max_input_tokens", orNull(maxInput)},
             {"max_output_tokens", orNull(maxOutput)},
             {"input_cost_per_token", nullptr},
             {"output_cost_per_token", nullptr},
             {"mode", "chat"},
             {"tpm", orNull(tpm)},
             {"rpm", orNull(rpm)},
             {"supports_parallel_function_calling", false},
             {"supports_vision", false},
             {"supports_function_calling", false},
             {"supported_openai_params", {"temperature", "max_tokens", "stream", "stop", "n"}}});
    }
    return {{"data", data}};
}

Json modelsBody(const SimEngine &engine)
{
    Json data = Json::array();
    for (const QString &group : groupsOf(engine.model().spec())) {
        data.push_back({{"id", str(group)},
                        {"object", "model"},
                        {"created", 1677610602},
                        {"owned_by", "openai"}});
    }
    return {{"data", data}, {"object", "list"}};
}

Json routerSettingsBody(const SimEngine &engine)
{
    const router::RouterSpec &spec = engine.model().spec();
    const Json current = routerSettingsToJson(spec.settings, spec.fallbacks);
    struct Field {
        const char *name;
        const char *type;
        const char *description;
        Json defaultValue;
    };
    const Field fields[] = {
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
    Json list = Json::array();
    for (const Field &f : fields) {
        list.push_back({{"field_name", f.name},
                        {"field_type", f.type},
                        {"field_description", f.description},
                        {"field_default", f.defaultValue},
                        {"field_value", current.value(f.name, f.defaultValue)}});
    }
    return {{"fields", list},
            {"current_values", current},
            {"routing_strategy_descriptions",
             {{"simple-shuffle", "Randomly picks a deployment, weighted by rpm/tpm/weight"},
              {"usage-based-routing-v2", "Picks the deployment with the lowest TPM usage this "
                                         "minute, under its limits"}}}};
}

ParseResult<router::Request> completionRequest(const Json &body)
{
    return [&]() -> ParseResult<router::Request> {
        try {
            if (!body.is_object()) {
                json::fail(ParseError::Kind::WrongType, QStringLiteral("/"),
                           QStringLiteral("expected a JSON object"));
            }
            router::Request request;
            request.group = json::requiredString(body, "model", QString());
            qint64 characters = 0;
            qint64 messages = 0;
            if (const Json *list = json::member(body, "messages")) {
                if (!list->is_array()) {
                    json::fail(ParseError::Kind::WrongType, QStringLiteral("/messages"),
                               QStringLiteral("expected a list of messages"));
                }
                for (const Json &message : *list) {
                    ++messages;
                    if (message.is_object() && message.contains("content") &&
                        message["content"].is_string()) {
                        characters +=
                            qint64(message["content"].get_ref<const std::string &>().size());
                    }
                }
            }
            // About four characters per token, plus a few tokens of framing per message.
            request.inputTokens = std::max<qint64>(1, characters / 4 + 4 * messages);
            const auto maxTokens = json::integer(body, "max_tokens", QString());
            request.outputTokens = std::clamp<qint64>(maxTokens.value_or(200), 1, 1000000);
            if (json::boolean(body, "mock_testing_context_fallbacks", QString()).value_or(false)) {
                request.injected = router::ErrorClass::ContextWindowExceeded;
            }
            if (json::boolean(body, "mock_testing_content_policy_fallbacks", QString())
                    .value_or(false)) {
                request.injected = router::ErrorClass::ContentPolicyViolation;
            }
            return request;
        } catch (const json::FieldError &e) {
            return e.error();
        }
    }();
}

QHttpServerResponse completionResponse(const SimEngine &engine, const router::Request &request,
                                       const router::Outcome &outcome)
{
    QHttpServerResponse response = [&] {
        if (!outcome.ok) {
            const bool noDeployments = outcome.error == router::ErrorClass::NoDeployments;
            const QString type = noDeployments ? QStringLiteral("None")
                                 : outcome.error == router::ErrorClass::RateLimit
                                     ? QStringLiteral("rate_limit_error")
                                     : QStringLiteral("None");
            return errorEnvelope(Status(outcome.httpStatus), outcome.message, type);
        }
        QString modelName;
        for (const Deployment &d : engine.model().spec().deployments) {
            if (d.id == outcome.deploymentId) {
                modelName = d.model;
            }
        }
        const Json body = {
            {"id", "chatcmpl-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString()},
            {"object", "chat.completion"},
            {"created", QDateTime::currentSecsSinceEpoch()},
            {"model", str(modelName)},
            {"choices",
             {{{"index", 0},
               {"message",
                {{"role", "assistant"}, {"content", "This is a mock response from headroom-sim."}}},
               {"finish_reason", "stop"}}}},
            {"usage",
             {{"prompt_tokens", request.inputTokens},
              {"completion_tokens", request.outputTokens},
              {"total_tokens", request.inputTokens + request.outputTokens}}}};
        return jsonResponse(body);
    }();
    const RouterSettings &settings = engine.model().spec().settings;
    response.setHeader(QByteArrayLiteral("x-litellm-attempted-retries"),
                       QByteArray::number(outcome.attemptedRetries));
    response.setHeader(QByteArrayLiteral("x-litellm-max-retries"),
                       QByteArray::number(settings.numRetries.value_or(2)));
    response.setHeader(QByteArrayLiteral("x-litellm-attempted-fallbacks"),
                       QByteArray::number(outcome.attemptedFallbacks));
    response.setHeader(QByteArrayLiteral("x-litellm-version"), QByteArray(kLiteLlmVersion));
    response.setHeader(QByteArrayLiteral("x-litellm-response-duration-ms"),
                       QByteArray::number(qint64(outcome.latencySeconds * 1000)));
    if (outcome.ok) {
        response.setHeader(QByteArrayLiteral("x-litellm-model-id"), outcome.deploymentId.toUtf8());
        response.setHeader(QByteArrayLiteral("x-litellm-model-group"),
                           outcome.servedGroup.toUtf8());
    }
    if (outcome.remainingRequests) {
        response.setHeader(QByteArrayLiteral("x-ratelimit-remaining-requests"),
                           QByteArray::number(*outcome.remainingRequests));
    }
    if (outcome.remainingTokens) {
        response.setHeader(QByteArrayLiteral("x-ratelimit-remaining-tokens"),
                           QByteArray::number(*outcome.remainingTokens));
    }
    return response;
}

QHttpServerResponse createFallback(SimEngine &engine, std::string_view body)
{
    ParseLimits limits;
    limits.maxBytes = 1024 * 1024;
    limits.maxDepth = 16;
    const auto parsed = json::parse(body, limits);
    if (!parsed) {
        return errorEnvelope(Status::BadRequest,
                             QStringLiteral("Invalid request body: ") + parsed.error().toString(),
                             QStringLiteral("invalid_request_error"));
    }
    QString model;
    QStringList targets;
    QString type;
    try {
        const Json &request = parsed.value();
        if (!request.is_object()) {
            json::fail(ParseError::Kind::WrongType, QStringLiteral("/"),
                       QStringLiteral("expected an object"));
        }
        model = json::requiredString(request, "model", QString());
        if (json::member(request, "fallback_models") == nullptr) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/fallback_models"),
                       QStringLiteral("required field \"fallback_models\" is missing"));
        }
        targets = json::stringList(request, "fallback_models", QString());
        type = json::string(request, "fallback_type", QString());
    } catch (const json::FieldError &e) {
        return errorEnvelope(Status::BadRequest,
                             QStringLiteral("Invalid request body: ") + e.error().toString(),
                             QStringLiteral("invalid_request_error"));
    }
    FallbackConfig config = engine.fallbacks();
    FallbackMap *map = mapFor(config, type);
    if (map == nullptr) {
        return errorEnvelope(Status::BadRequest,
                             QStringLiteral("Invalid request body: fallback_type must be "
                                            "general, context_window or content_policy"),
                             QStringLiteral("invalid_request_error"));
    }
    // Checks in LiteLLM's order (fallback_management_endpoints.py).
    const QStringList known = groupsOf(engine.model().spec());
    if (!known.contains(model)) {
        return detailError(Status::NotFound,
                           {{"error", "Model '" + str(model) + "' not found in router"},
                            {"available_models", sortedNames(known)}});
    }
    QStringList invalid;
    for (const QString &target : targets) {
        if (!known.contains(target)) {
            invalid.append(QStringLiteral("'%1'").arg(target));
        }
    }
    if (!invalid.isEmpty()) {
        return detailError(Status::BadRequest, {{"error", "Invalid fallback models: [" +
                                                              str(invalid.join(u", ")) + "]"},
                                                {"available_models", sortedNames(known)}});
    }
    if (targets.contains(model)) {
        return detailError(Status::BadRequest,
                           {{"error", "Model '" + str(model) + "' cannot be its own fallback"}});
    }
    if (!engine.runtimeChangesAllowed()) {
        return detailError(Status::BadRequest,
                           {{"error", "Database storage not enabled. Set 'STORE_MODEL_IN_DB=True' "
                                      "in your environment to use this feature."}});
    }
    const auto existing = std::find_if(map->begin(), map->end(),
                                       [&](const auto &entry) { return entry.first == model; });
    const bool updated = existing != map->end();
    if (updated) {
        existing->second = targets;
    } else {
        map->emplace_back(model, targets);
    }
    engine.setFallbacks(config);
    return jsonResponse({{"model", str(model)},
                         {"fallback_models", names(targets)},
                         {"fallback_type", typeName(type)},
                         {"message", std::string("Fallback configuration ") +
                                         (updated ? "updated" : "created") + " successfully"}});
}

QHttpServerResponse getFallback(const SimEngine &engine, const QString &model,
                                const QString &fallbackType)
{
    FallbackConfig config = engine.fallbacks();
    const FallbackMap *map = mapFor(config, fallbackType);
    if (map == nullptr) {
        return badFallbackType(fallbackType);
    }
    QStringList targets;
    for (const auto &[group, list] : *map) {
        if (group == model) {
            targets = list;
            break;
        }
    }
    if (targets.isEmpty() && (fallbackType.isEmpty() || fallbackType == u"general")) {
        // The wildcard and default_fallbacks apply to every group for general errors.
        for (const auto &[group, list] : *map) {
            if (group == u"*") {
                targets = list;
            }
        }
        if (targets.isEmpty()) {
            targets = config.defaultFallbacks;
        }
    }
    if (targets.isEmpty()) {
        return detailError(Status::NotFound,
                           {{"error", std::string("No ") + typeName(fallbackType) +
                                          " fallbacks configured for model '" + str(model) + "'"}});
    }
    return jsonResponse({{"model", str(model)},
                         {"fallback_models", names(targets)},
                         {"fallback_type", typeName(fallbackType)}});
}

QHttpServerResponse deleteFallback(SimEngine &engine, const QString &model,
                                   const QString &fallbackType)
{
    FallbackConfig config = engine.fallbacks();
    FallbackMap *map = mapFor(config, fallbackType);
    if (map == nullptr) {
        return badFallbackType(fallbackType);
    }
    if (!engine.runtimeChangesAllowed()) {
        return detailError(Status::BadRequest,
                           {{"error", "Database storage not enabled. Set 'STORE_MODEL_IN_DB=True' "
                                      "in your environment to use this feature."}});
    }
    const auto before = map->size();
    map->erase(std::remove_if(map->begin(), map->end(),
                              [&](const auto &entry) { return entry.first == model; }),
               map->end());
    if (map->size() == before) {
        return detailError(Status::NotFound,
                           {{"error", std::string("No ") + typeName(fallbackType) +
                                          " fallbacks configured for model '" + str(model) + "'"}});
    }
    engine.setFallbacks(config);
    return jsonResponse({{"model", str(model)},
                         {"fallback_type", typeName(fallbackType)},
                         {"message", "Fallback configuration deleted successfully"}});
}

QHttpServerResponse updateConfig(SimEngine &engine, std::string_view body)
{
    if (!engine.runtimeChangesAllowed()) {
        return detailError(Status::InternalServerError,
                           {{"error", "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this "
                                      "feature."}});
    }
    ParseLimits limits;
    limits.maxBytes = 4 * 1024 * 1024;
    limits.maxDepth = 16;
    const auto parsed = json::parse(body, limits);
    if (!parsed) {
        return errorEnvelope(Status::BadRequest,
                             QStringLiteral("Invalid request body: ") + parsed.error().toString(),
                             QStringLiteral("invalid_request_error"));
    }
    const Json &request = parsed.value();
    if (!request.is_object()) {
        return errorEnvelope(Status::BadRequest,
                             QStringLiteral("Invalid request body: expected a ConfigYAML object"),
                             QStringLiteral("invalid_request_error"));
    }
    for (const char *section :
         {"router_settings", "general_settings", "litellm_settings", "environment_variables"}) {
        const Json *value = json::member(request, section);
        if (value != nullptr && !value->is_object()) {
            return errorEnvelope(Status::BadRequest,
                                 QStringLiteral("Invalid request body: %1 must be an object")
                                     .arg(QLatin1String(section)),
                                 QStringLiteral("invalid_request_error"));
        }
    }
    if (const Json *routerSettings = json::member(request, "router_settings")) {
        // The DB row is replaced whole, over what the config file says: start from the file.
        const RouterSettingsUpdate fromFile{engine.scenario().config.router,
                                            engine.scenario().config.fallbacks};
        const auto update =
            readRouterSettingsJson(*routerSettings, fromFile, QStringLiteral("/router_settings"));
        if (!update) {
            return errorEnvelope(Status::BadRequest,
                                 QStringLiteral("Invalid request body: ") +
                                     update.error().toString(),
                                 QStringLiteral("invalid_request_error"));
        }
        engine.setSettings(update.value().settings);
        engine.setFallbacks(update.value().fallbacks);
    }
    return jsonResponse({{"message", "Config updated successfully"}});
}

} // namespace headroom::sim
