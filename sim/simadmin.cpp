#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"
#include "simadmin.h"
#include "simengine.h"
#include "simhttp.h"

#include <algorithm>

namespace headroom::sim {

namespace {

using Json = nlohmann::json;

std::string str(const QString &text)
{
    return text.toStdString();
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
