// libFuzzer target: the admin API's router_settings JSON (what GET /router/settings answers and
// POST /config/update carries), read over defaults, written back and read again.

#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view body(reinterpret_cast<const char *>(data), size);
    const auto document = headroom::json::parse(body); // production limits
    if (!document) {
        return 0;
    }
    const headroom::RouterSettingsUpdate base;
    const auto read = headroom::readRouterSettingsJson(document.value(), base,
                                                       QStringLiteral("/router_settings"));
    if (!read) {
        if (read.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    // What Headroom writes, it reads back to the same values.
    const nlohmann::json written = headroom::routerSettingsToJson(read->settings, read->fallbacks);
    const auto again =
        headroom::readRouterSettingsJson(written, base, QStringLiteral("/router_settings"));
    if (!again || !(again->fallbacks == read->fallbacks) || !(again->settings == read->settings)) {
        std::abort();
    }
    return 0;
}
