// libFuzzer target: a demand CSV; every point read must be a finite time ≥ 0 and a rate in
// [0, kMaxDemandRate], sorted by time.

#include "demandcsv.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto points = headroom::sim::parseDemandCsv(text, QStringLiteral("fuzz.csv"));
    if (!points) {
        return 0;
    }
    double last = 0;
    for (const auto &[time, rate] : *points) {
        if (!std::isfinite(time) || time < last || !(rate >= 0) ||
            rate > headroom::sim::kMaxDemandRate) {
            std::fprintf(stderr, "bad point (%f, %f) after %f\n", time, rate, last);
            std::abort();
        }
        last = time;
    }
    return 0;
}
