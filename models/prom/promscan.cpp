// Byte-level helpers of the Prometheus text parser: UTF-8 checks, numbers, type names.

#include "prom/promscan.h"

#include <algorithm>
#include <charconv>

namespace headroom::prom::detail {

std::ptrdiff_t findInvalidUtf8(const char *p, const char *end)
{
    const char *const begin = p;
    while (p < end) {
        if (static_cast<unsigned char>(*p) < 0x80) {
            ++p;
            continue;
        }
        const std::size_t length = utf8SequenceLength(p, end);
        if (length == 0) {
            return p - begin;
        }
        p += length;
    }
    return -1;
}

namespace {

// from_chars reports result_out_of_range for both 1e400 and 1e-400 without a value. Prometheus
// (Go's ParseFloat) rejects overflow but rounds underflow to zero; tell the two apart from the
// decimal exponent of the first significant digit.
bool isUnderflow(const char *p, const char *end)
{
    long long digitsBeforePoint = 0;
    long long zerosAfterPoint = 0;
    bool significant = false;
    bool afterPoint = false;
    for (; p < end && *p != 'e' && *p != 'E'; ++p) {
        if (*p == '.') {
            afterPoint = true;
        } else if (*p >= '0' && *p <= '9') {
            if (*p != '0') {
                significant = true;
            }
            if (!afterPoint && (significant || *p != '0')) {
                ++digitsBeforePoint;
            } else if (afterPoint && !significant) {
                ++zerosAfterPoint;
            }
            if (significant && afterPoint) {
                break;
            }
        }
    }
    for (; p < end && *p != 'e' && *p != 'E'; ++p) {
    }
    long long exponent = 0;
    if (p < end) {
        ++p;
        bool negative = false;
        if (p < end && (*p == '+' || *p == '-')) {
            negative = *p == '-';
            ++p;
        }
        for (; p < end && *p >= '0' && *p <= '9'; ++p) {
            exponent = std::min<long long>(exponent * 10 + (*p - '0'), 1LL << 40);
        }
        if (negative) {
            exponent = -exponent;
        }
    }
    const long long magnitude =
        digitsBeforePoint > 0 ? digitsBeforePoint - 1 + exponent : exponent - zerosAfterPoint - 1;
    return magnitude < 0;
}

} // namespace

NumberStatus parseDouble(const char *begin, const char *end, double &out)
{
    const char *p = begin;
    bool plus = false;
    if (p < end && *p == '+') {
        plus = true;
        ++p;
        if (p < end && *p == '-') {
            return NumberStatus::Invalid;
        }
    }
    if (p == end) {
        return NumberStatus::Invalid;
    }
    const auto [ptr, ec] = std::from_chars(p, end, out, std::chars_format::general);
    if (ec == std::errc::invalid_argument || ptr != end) {
        return NumberStatus::Invalid;
    }
    if (ec == std::errc::result_out_of_range) {
        if (!isUnderflow(p, end)) {
            return NumberStatus::OutOfRange;
        }
        const bool negative = !plus && *p == '-';
        out = negative ? -0.0 : 0.0;
    }
    return NumberStatus::Ok;
}

std::optional<MetricType> typeFromName(std::string_view name)
{
    if (name == "counter") {
        return MetricType::Counter;
    }
    if (name == "gauge") {
        return MetricType::Gauge;
    }
    if (name == "histogram") {
        return MetricType::Histogram;
    }
    if (name == "summary") {
        return MetricType::Summary;
    }
    if (name == "untyped" || name == "unknown") {
        return MetricType::Untyped;
    }
    if (name == "info") {
        return MetricType::Info;
    }
    if (name == "stateset") {
        return MetricType::StateSet;
    }
    if (name == "gaugehistogram") {
        return MetricType::GaugeHistogram;
    }
    return std::nullopt;
}

bool isFamilySuffix(MetricType type, std::string_view suffix)
{
    switch (type) {
    case MetricType::Counter:
        return suffix == "_total" || suffix == "_created";
    case MetricType::Histogram:
        return suffix == "_bucket" || suffix == "_sum" || suffix == "_count" ||
               suffix == "_created";
    case MetricType::Summary:
        return suffix == "_sum" || suffix == "_count" || suffix == "_created";
    case MetricType::Info:
        return suffix == "_info";
    case MetricType::GaugeHistogram:
        return suffix == "_gcount" || suffix == "_gsum" || suffix == "_bucket";
    case MetricType::Untyped:
    case MetricType::Gauge:
    case MetricType::StateSet:
        return false;
    }
    return false;
}

} // namespace headroom::prom::detail
