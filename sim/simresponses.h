#pragma once
// The bodies the simulated proxy answers with, built from the engine's state in LiteLLM's shapes
// (docs/litellm-api.md §2–§9); one function per endpoint, so the server only routes and authorises.

#include "formats/parseresult.h"
#include "router/routermodel.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <QHttpServerResponse>
#include <QString>
#include <string_view>

namespace headroom::sim {

class SimEngine;

nlohmann::json readinessBody(const SimEngine &engine);
nlohmann::json healthBody(const SimEngine &engine, const QString &model);
// nullopt: no deployment with that id (the proxy answers 404).
std::optional<nlohmann::json> modelInfoBody(const SimEngine &engine, const QString &modelId);
nlohmann::json modelGroupInfoBody(const SimEngine &engine, const QString &group);
nlohmann::json modelsBody(const SimEngine &engine);
nlohmann::json routerSettingsBody(const SimEngine &engine);

// A /chat/completions body as a router request (model required; tokens estimated from messages).
ParseResult<router::Request> completionRequest(const nlohmann::json &body);
QHttpServerResponse completionResponse(const SimEngine &engine, const router::Request &request,
                                       const router::Outcome &outcome);

QHttpServerResponse createFallback(SimEngine &engine, std::string_view body);
QHttpServerResponse getFallback(const SimEngine &engine, const QString &model,
                                const QString &fallbackType);
QHttpServerResponse deleteFallback(SimEngine &engine, const QString &model,
                                   const QString &fallbackType);
QHttpServerResponse updateConfig(SimEngine &engine, std::string_view body);

} // namespace headroom::sim
