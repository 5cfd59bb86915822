#pragma once
// ProxySample as JSON, for `headroom inspect --json`, `headroom watch` and incident snapshots.
// The schema is documented in README.md ("JSON output"); keys are snake_case, absent values null.

#include "sample/proxysample.h"

#include <nlohmann/json_fwd.hpp>

namespace headroom {

nlohmann::json sampleToJson(const ProxySample &sample);

} // namespace headroom
