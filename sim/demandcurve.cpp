#include "demandcurve.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace headroom::sim {

double DemandCurve::at(double t) const
{
    double rate = 0;
    switch (shape) {
    case Shape::Constant:
        rate = rps;
        break;
    case Shape::Ramp:
        if (t <= start) {
            rate = from;
        } else if (duration <= 0 || t >= start + duration) {
            rate = to;
        } else {
            rate = from + (to - from) * (t - start) / duration;
        }
        break;
    case Shape::Spike:
        rate = (t >= start && t < start + duration) ? peak : rps;
        break;
    case Shape::Diurnal:
        rate =
            rps + amplitude * std::sin(2 * std::numbers::pi * (t + phase) / std::max(period, 1.0));
        break;
    case Shape::Csv: {
        if (points.empty()) {
            break;
        }
        const auto after =
            std::upper_bound(points.begin(), points.end(), t,
                             [](double value, const auto &p) { return value < p.first; });
        if (after == points.begin()) {
            rate = points.front().second;
        } else if (after == points.end()) {
            rate = points.back().second;
        } else {
            const auto &[t1, r1] = *(after - 1);
            const auto &[t2, r2] = *after;
            rate = t2 > t1 ? r1 + (r2 - r1) * (t - t1) / (t2 - t1) : r2;
        }
        break;
    }
    }
    return std::max(0.0, rate);
}

double TokenDistribution::sample(std::mt19937_64 &random) const
{
    if (spread <= 0) {
        return mean;
    }
    std::uniform_real_distribution<double> distribution(mean * (1 - spread), mean * (1 + spread));
    return std::max(1.0, distribution(random));
}

} // namespace headroom::sim
