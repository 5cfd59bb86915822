#pragma once
// /chat/completions on the simulated proxy: the request read as a router request, and the
// router's outcome answered with LiteLLM's body, status and x-litellm-* headers
// (docs/litellm-api.md §4, §7, §8).

#include "formats/parseresult.h"
#include "router/routermodel.h"

#include <nlohmann/json.hpp>
#include <QHttpServerResponse>

namespace headroom::sim {

class SimEngine;

// A /chat/completions body as a router request (model required; tokens estimated from messages).
ParseResult<router::Request> completionRequest(const nlohmann::json &body);
QHttpServerResponse completionResponse(const SimEngine &engine, const router::Request &request,
                                       const router::Outcome &outcome);

} // namespace headroom::sim
