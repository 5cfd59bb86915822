#pragma once
// Request rate over simulated time for one model group: constant, ramp, spike, diurnal or a
// CSV series, plus the token-size distribution of its requests.

#include <random>
#include <utility>
#include <vector>

namespace headroom::sim {

struct DemandCurve {
    enum class Shape { Constant, Ramp, Spike, Diurnal, Csv };

    Shape shape = Shape::Constant;
    double rps = 0;        // constant rate; the base rate of spike and diurnal
    double from = 0;       // ramp: rate at start …
    double to = 0;         // … and at start + duration, held afterwards
    double peak = 0;       // spike: rate during [start, start + duration)
    double start = 0;      // seconds
    double duration = 0;   // seconds
    double amplitude = 0;  // diurnal: rps + amplitude · sin(2π (t + phase) / period)
    double period = 86400; // diurnal period, seconds
    double phase = 0;      // seconds
    std::vector<std::pair<double, double>> points; // csv: (time, rps), sorted by time

    // Requests per second at simulated time t (never negative). CSV series interpolate
    // linearly and hold their first and last values outside their range.
    double at(double t) const;
};

// Tokens per request: uniform within mean · (1 ± spread).
struct TokenDistribution {
    double mean = 500;
    double spread = 0;

    double sample(std::mt19937_64 &random) const;
};

} // namespace headroom::sim
