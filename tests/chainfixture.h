#pragma once
// Fallback chains for the chain suites, written as the router_settings JSON LiteLLM serves
// (GET /router/settings current_values), so each case reads like the proxy's own answer.

#include "chain/fallbackchain.h"
#include "config/routersettingsjson.h"

#include <nlohmann/json.hpp>
#include <QTest>

namespace headroom::test {

inline FallbackChain chainFromJson(const char *routerSettings)
{
    FallbackChain chain;
    chain.origin.kind = ChainOrigin::Kind::ConfigFile;
    const auto parsed = readRouterSettingsJson(nlohmann::json::parse(routerSettings),
                                               RouterSettingsUpdate{}, QStringLiteral(""));
    if (!parsed) {
        qWarning("bad fixture: %s", qPrintable(parsed.error().toString()));
        return chain;
    }
    chain.settings = parsed.value().settings;
    chain.fallbacks = parsed.value().fallbacks;
    return chain;
}

inline QStringList names(const char *commaSeparated)
{
    return QString::fromUtf8(commaSeparated).split(u',', Qt::SkipEmptyParts);
}

} // namespace headroom::test
