#include "simbodies.h"

#include "config/adminbodies.h"
#include "simengine.h"
#include "simhttp.h"

#include <algorithm>

namespace headroom::sim {

namespace {

using Json = nlohmann::json;

Json names(const QStringList &list)
{
    Json out = Json::array();
    for (const QString &name : list) {
        out.push_back(str(name));
    }
    return out;
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
    return routerSettingsResponseToJson(routerSettingsResponse({spec.settings, spec.fallbacks}));
}

} // namespace headroom::sim
