#pragma once
// The simulated proxy's admin writes: POST /fallback, GET and DELETE /fallback/{model} and
// POST /config/update, with LiteLLM's checks, refusals and answers (docs/litellm-api.md §9).
// A refused request changes nothing.

#include <QHttpServerResponse>
#include <QString>
#include <string_view>

namespace headroom::sim {

class SimEngine;

QHttpServerResponse createFallback(SimEngine &engine, std::string_view body);
QHttpServerResponse getFallback(const SimEngine &engine, const QString &model,
                                const QString &fallbackType);
QHttpServerResponse deleteFallback(SimEngine &engine, const QString &model,
                                   const QString &fallbackType);
QHttpServerResponse updateConfig(SimEngine &engine, std::string_view body);

} // namespace headroom::sim
