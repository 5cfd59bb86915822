#pragma once
// Router settings and fallback maps in the JSON shapes of LiteLLM's admin API: the
// router_settings object of POST /config/update and the values of GET /router/settings.

#include "config/proxyconfig.h"
#include "formats/parseresult.h"

#include <nlohmann/json_fwd.hpp>

namespace headroom {

struct RouterSettingsUpdate {
    RouterSettings settings;
    FallbackConfig fallbacks;
};

// Reads a router_settings object over `base`: keys present replace base's values, keys absent
// keep them. Wrong types give a ParseError with the JSON path (e.g. /router_settings/fallbacks/0).
ParseResult<RouterSettingsUpdate> readRouterSettingsJson(const nlohmann::json &object,
                                                         const RouterSettingsUpdate &base,
                                                         const QString &path);

// A fallback map as LiteLLM writes it: a list of single-key objects, [{"a": ["b", "c"]}].
nlohmann::json fallbackMapToJson(const FallbackMap &map);
// The whole router_settings object (only keys with a value).
nlohmann::json routerSettingsToJson(const RouterSettings &settings,
                                    const FallbackConfig &fallbacks);

} // namespace headroom
