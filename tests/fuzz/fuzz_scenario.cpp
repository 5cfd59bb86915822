// libFuzzer target: a simulator scenario (a config.yaml with a `simulation:` section) read with
// the production limits; whatever it holds must be a value or a ParseError, and a value must
// keep the limits the simulator relies on (finite, non-negative demand and token sizes).

#include "scenario.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <QDir>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    // A folder with no files: CSV demand names a file that cannot be read, which must be an
    // error, not a crash (demand CSV has a target of its own).
    static const QString base = QDir::tempPath() + QStringLiteral("/headroom-fuzz-no-such-dir");
    const auto scenario = headroom::sim::parseScenario(text, base, headroom::ParseLimits{});
    if (!scenario) {
        return 0;
    }
    for (const auto &demand : scenario->demand) {
        const auto &c = demand.curve;
        for (const double value : {c.rps, c.from, c.to, c.peak, c.amplitude, c.start, c.duration}) {
            if (!std::isfinite(value)) {
                std::fprintf(stderr, "a demand value is not finite\n");
                std::abort();
            }
        }
        if (c.rps < 0 || c.period <= 0) {
            std::fprintf(stderr, "a demand rate below 0 or a period of 0\n");
            std::abort();
        }
    }
    if (!(scenario->tickSeconds > 0) || !std::isfinite(scenario->tickSeconds)) {
        std::fprintf(stderr, "tick_seconds is %f\n", scenario->tickSeconds);
        std::abort();
    }
    return 0;
}
