#pragma once
// Where a router setting is in a config.yaml's text, for messages that point at a line
// (`headroom lint`'s file:line:col): the key of a setting, or one group's entry in a fallback
// list, found under router_settings or litellm_settings as the reader takes them.

#include "formats/parselimits.h"

#include <QString>
#include <string_view>

namespace headroom {

struct YamlPosition {
    int line = 0;   // 1-based; 0 when not found
    int column = 0; // 1-based
    bool known() const { return line > 0; }
};

// `setting` as the graph checks name it ("router_settings.fallbacks",
// "router_settings.num_retries"); `group`, when given, is looked for as a key of the list's
// entries (its own entry). Falls back to the setting's key, then to nothing. Never throws; a
// document that does not load has no positions.
YamlPosition locateSetting(std::string_view yaml, const QString &setting, const QString &group,
                           const ParseLimits &limits = {});

} // namespace headroom
