// libFuzzer target: Prometheus' HTTP API answers (prom/promapi) as each endpoint reads them, with
// the production limits, and the invariants PromSource relies on.

#include "prom/promapi.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using headroom::prom::ApiEndpoint;
    using headroom::prom::ResultType;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    headroom::prom::ApiLimits limits;
    for (const ApiEndpoint endpoint :
         {ApiEndpoint::Query, ApiEndpoint::QueryRange, ApiEndpoint::Series}) {
        const auto parsed = headroom::prom::parseApiAnswer(text, endpoint, limits);
        if (!parsed) {
            if (parsed.error().message.isEmpty()) {
                std::abort();
            }
            continue;
        }
        const auto &answer = *parsed;
        if (!answer.success) {
            if (!answer.series.empty() || answer.errorText().isEmpty()) {
                std::abort();
            }
            continue;
        }
        if (answer.series.size() > limits.maxSeries ||
            std::size_t(answer.warnings.size()) > limits.maxMessages) {
            std::abort();
        }
        for (const auto &series : answer.series) {
            if (!std::is_sorted(series.labels.begin(), series.labels.end()) ||
                series.labels.size() > limits.maxLabels) {
                std::abort();
            }
            if (answer.resultType == ResultType::Vector && series.points.size() != 1) {
                std::abort();
            }
            if (answer.resultType == ResultType::LabelSets && !series.points.empty()) {
                std::abort();
            }
            if (answer.resultType == ResultType::Matrix && endpoint == ApiEndpoint::Series) {
                std::abort();
            }
        }
    }
    return 0;
}
