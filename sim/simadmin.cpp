#include "simadmin.h"

#include "config/adminbodies.h"
#include "simengine.h"
#include "simhttp.h"

#include <algorithm>

namespace headroom::sim {

namespace {

using Json = nlohmann::json;

QHttpServerResponse badBody(const ParseError &error)
{
    return errorEnvelope(Status::BadRequest,
                         QStringLiteral("Invalid request body: ") + error.toString(),
                         QStringLiteral("invalid_request_error"));
}

// FastAPI's answer to a fallback_type outside the enum.
QHttpServerResponse badFallbackType(const QString &type)
{
    return detailError(Status::UnprocessableEntity,
                       Json::array({{{"loc", {"query", "fallback_type"}},
                                     {"msg", "Input should be 'general', 'context_window' or "
                                             "'content_policy'"},
                                     {"input", str(type)}}}));
}

Json sortedNames(QStringList names)
{
    names.sort();
    Json list = Json::array();
    for (const QString &name : names) {
        list.push_back(str(name));
    }
    return list;
}

QHttpServerResponse noDatabase()
{
    return detailError(Status::BadRequest,
                       {{"error", "Database storage not enabled. Set 'STORE_MODEL_IN_DB=True' "
                                  "in your environment to use this feature."}});
}

QHttpServerResponse noneConfigured(FallbackType type, const QString &model)
{
    return detailError(Status::NotFound,
                       {{"error", std::string("No ") + fallbackTypeName(type) +
                                      " fallbacks configured for model '" + str(model) + "'"}});
}

} // namespace

QHttpServerResponse createFallback(SimEngine &engine, std::string_view body)
{
    const auto parsed = readFallbackRequest(body);
    if (!parsed) {
        return badBody(parsed.error());
    }
    const FallbackRequest &request = parsed.value();
    // Checks in LiteLLM's order (fallback_management_endpoints.py).
    const QStringList known = engine.model().groups();
    if (!known.contains(request.model)) {
        return detailError(Status::NotFound,
                           {{"error", "Model '" + str(request.model) + "' not found in router"},
                            {"available_models", sortedNames(known)}});
    }
    QStringList invalid;
    for (const QString &target : request.fallbackModels) {
        if (!known.contains(target)) {
            invalid.append(QStringLiteral("'%1'").arg(target));
        }
    }
    if (!invalid.isEmpty()) {
        return detailError(Status::BadRequest, {{"error", "Invalid fallback models: [" +
                                                              str(invalid.join(u", ")) + "]"},
                                                {"available_models", sortedNames(known)}});
    }
    if (request.fallbackModels.contains(request.model)) {
        return detailError(Status::BadRequest, {{"error", "Model '" + str(request.model) +
                                                              "' cannot be its own fallback"}});
    }
    if (!engine.runtimeChangesAllowed()) {
        return noDatabase();
    }
    FallbackConfig config = engine.fallbacks();
    FallbackMap &map = fallbackMap(config, request.type);
    const auto existing = std::find_if(
        map.begin(), map.end(), [&](const auto &entry) { return entry.first == request.model; });
    const bool updated = existing != map.end();
    if (updated) {
        existing->second = request.fallbackModels;
    } else {
        map.emplace_back(request.model, request.fallbackModels);
    }
    engine.setFallbacks(config);
    return jsonResponse(fallbackResponseToJson(
        {request.model, request.fallbackModels, request.type,
         QStringLiteral("Fallback configuration %1 successfully")
             .arg(updated ? QStringLiteral("updated") : QStringLiteral("created"))}));
}

QHttpServerResponse getFallback(const SimEngine &engine, const QString &model,
                                const QString &fallbackType)
{
    const auto type = fallbackTypeFromName(fallbackType);
    if (!type) {
        return badFallbackType(fallbackType);
    }
    const FallbackConfig config = engine.fallbacks();
    const FallbackMap &map = fallbackMap(config, *type);
    QStringList targets;
    for (const auto &[group, list] : map) {
        if (group == model) {
            targets = list;
            break;
        }
    }
    if (targets.isEmpty() && *type == FallbackType::General) {
        // The wildcard and default_fallbacks apply to every group for general errors.
        for (const auto &[group, list] : map) {
            if (group == u"*") {
                targets = list;
            }
        }
        if (targets.isEmpty()) {
            targets = config.defaultFallbacks;
        }
    }
    if (targets.isEmpty()) {
        return noneConfigured(*type, model);
    }
    return jsonResponse(fallbackResponseToJson({model, targets, *type, std::nullopt}));
}

QHttpServerResponse deleteFallback(SimEngine &engine, const QString &model,
                                   const QString &fallbackType)
{
    const auto type = fallbackTypeFromName(fallbackType);
    if (!type) {
        return badFallbackType(fallbackType);
    }
    if (!engine.runtimeChangesAllowed()) {
        return noDatabase();
    }
    FallbackConfig config = engine.fallbacks();
    FallbackMap &map = fallbackMap(config, *type);
    const auto before = map.size();
    map.erase(std::remove_if(map.begin(), map.end(),
                             [&](const auto &entry) { return entry.first == model; }),
              map.end());
    if (map.size() == before) {
        return noneConfigured(*type, model);
    }
    engine.setFallbacks(config);
    return jsonResponse(
        fallbackResponseToJson({model, std::nullopt, *type,
                                QStringLiteral("Fallback configuration deleted successfully")}));
}

QHttpServerResponse updateConfig(SimEngine &engine, std::string_view body)
{
    if (!engine.runtimeChangesAllowed()) {
        return detailError(Status::InternalServerError,
                           {{"error", "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this "
                                      "feature."}});
    }
    // LiteLLM merges the request's router_settings over the stored ones key by key ({**db,
    // **request}, each list replaced whole), after UpdateRouterConfig has dropped every key it
    // has no field for: those keep the values in force (docs/litellm-api.md §10).
    const RouterSettingsUpdate current{engine.model().spec().settings, engine.fallbacks()};
    const auto request = readConfigUpdateRequest(body, current);
    if (!request) {
        return badBody(request.error());
    }
    if (request->routerSettings) {
        RouterSettingsUpdate merged = *request->routerSettings;
        merged.fallbacks.maxFallbacks = current.fallbacks.maxFallbacks;
        merged.fallbacks.contentPolicyFallbacks = current.fallbacks.contentPolicyFallbacks;
        merged.fallbacks.defaultFallbacks = current.fallbacks.defaultFallbacks;
        merged.settings.disableCooldowns = current.settings.disableCooldowns;
        merged.settings.allowedFailsPolicy = current.settings.allowedFailsPolicy;
        merged.settings.enablePreCallChecks = current.settings.enablePreCallChecks;
        engine.setSettings(merged.settings);
        engine.setFallbacks(merged.fallbacks);
    }
    return jsonResponse(adminMessageToJson(QStringLiteral("Config updated successfully")));
}

} // namespace headroom::sim
