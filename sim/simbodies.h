#pragma once
// The read-only bodies the simulated proxy answers with (health, model info, model groups,
// models, router settings), built from the engine's state in LiteLLM's shapes
// (docs/litellm-api.md §2, §3, §9). The server only routes and authorises.

#include <nlohmann/json.hpp>
#include <optional>
#include <QString>

namespace headroom::sim {

class SimEngine;

nlohmann::json readinessBody(const SimEngine &engine);
nlohmann::json healthBody(const SimEngine &engine, const QString &model);
// nullopt: no deployment with that id (the proxy answers 404).
std::optional<nlohmann::json> modelInfoBody(const SimEngine &engine, const QString &modelId);
nlohmann::json modelGroupInfoBody(const SimEngine &engine, const QString &group);
nlohmann::json modelsBody(const SimEngine &engine);
nlohmann::json routerSettingsBody(const SimEngine &engine);

} // namespace headroom::sim
