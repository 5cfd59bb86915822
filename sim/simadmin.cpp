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
    // The DB row is replaced whole, over what the config file says: start from the file.
    const RouterSettingsUpdate fromFile{engine.scenario().config.router,
                                        engine.scenario().config.fallbacks};
    const auto request = readConfigUpdateRequest(body, fromFile);
    if (!request) {
        return badBody(request.error());
    }
    if (request->routerSettings) {
        engine.setSettings(request->routerSettings->settings);
        engine.setFallbacks(request->routerSettings->fallbacks);
    }
    return jsonResponse(adminMessageToJson(QStringLiteral("Config updated successfully")));
}

} // namespace headroom::sim
