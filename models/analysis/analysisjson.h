#pragma once
// Headroom analysis and events as JSON, for `headroom watch` / `inspect --json` and snapshots.
// The schema is documented in README.md ("JSON output").

#include "analysis/headroomanalysis.h"
#include "store/eventlog.h"

#include <nlohmann/json_fwd.hpp>

namespace headroom {

nlohmann::json headroomToJson(const EntityHeadroom &headroom);
nlohmann::json eventToJson(const Event &event);
// {"groups": [...], "deployments": [...]} for the store's latest sample.
nlohmann::json analysisToJson(const MetricsStore &store);

} // namespace headroom
