#pragma once
// The cascade prediction as JSON, for `headroom inspect --json` and `headroom watch`.

#include "predict/cascadeprediction.h"

#include <nlohmann/json_fwd.hpp>

namespace headroom {

nlohmann::json predictionToJson(const CascadePrediction &prediction);

} // namespace headroom
