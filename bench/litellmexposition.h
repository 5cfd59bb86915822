#pragma once
// A synthetic but LiteLLM-shaped /metrics exposition (metric names, label sets and formatting as
// prometheus_client writes them), for the parse benchmark and the gen_litellm_exposition tool.

#include <cstdint>
#include <string>

namespace headroom::bench {

struct ExpositionShape {
    int groups = 1000;      // model groups
    int deployments = 5;    // deployments per group
    int keys = 3;           // virtual keys (hashed_api_key, each with a team) seen per deployment
    std::uint64_t seed = 1; // same shape and seed, same bytes
};

// The whole exposition, deterministic for a given shape.
std::string generateLitellmExposition(const ExpositionShape &shape);

// Formats a float the way prometheus_client's floatToGoString does ("35.0", "1e+07", "+Inf").
std::string goFloat(double value);

} // namespace headroom::bench
