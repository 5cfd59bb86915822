#pragma once
// /model/info and /v1/model/info: one entry per deployment, credentials already removed by the
// proxy. The group ⇄ deployment join key everywhere is model_info.id.

#include "formats/deployment.h"
#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <string_view>
#include <vector>

namespace headroom {

// Accepts {"data": [...]} and, for ?litellm_model_id=…, {"data": {...}}.
ParseResult<std::vector<Deployment>> parseModelInfo(std::string_view body,
                                                    const ParseLimits &limits = {});

} // namespace headroom
