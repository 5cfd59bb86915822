// libFuzzer target: the layer the app runs on /metrics (parseLiteLlmMetrics), with the limits
// production uses, and the invariants its callers rely on.

#include "prom/litellmmetrics.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void finiteOrAbort(const std::optional<double> &value)
{
    if (value && (!std::isfinite(*value) || *value < 0)) {
        std::abort(); // an implausible value got through to the typed result
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto parsed = headroom::parseLiteLlmMetrics(text);
    if (!parsed) {
        if (parsed.error().message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    if (parsed->samplesUsed + parsed->samplesRejected + parsed->duplicateSeries >
        parsed->samplesRead) {
        std::abort();
    }
    for (const auto &d : parsed->deployments) {
        if (!std::isfinite(d.successTotal) || d.successTotal < 0 ||
            !std::isfinite(d.failureTotal) || d.failureTotal < 0 ||
            d.rateLimitedTotal > d.failureTotal) {
            std::abort();
        }
        finiteOrAbort(d.remainingRequests);
        finiteOrAbort(d.remainingTokens);
        finiteOrAbort(d.rpmLimit);
        finiteOrAbort(d.tpmLimit);
        if (d.state && (*d.state < 0 || *d.state > 2)) {
            std::abort();
        }
    }
    for (const auto &e : parsed->fallbacks) {
        if (!std::isfinite(e.successTotal) || !std::isfinite(e.failedTotal)) {
            std::abort();
        }
    }
    return 0;
}
