#pragma once
// Prometheus text exposition (0.0.4) and OpenMetrics text parser: streams samples as views into
// the caller's buffer (zero-copy), or collects them into a PromDocument that shares that buffer.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <cstdint>
#include <optional>
#include <QByteArray>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace headroom::prom {

enum class MetricType {
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
    Info,
    StateSet,
    GaugeHistogram
};

enum class Format {
    Auto,        // OpenMetrics when the text ends with "# EOF", else 0.0.4
    Text004,     // timestamps are integer milliseconds
    OpenMetrics, // timestamps are float seconds; "# EOF" required; exemplars allowed
};

struct Label {
    std::string_view name;
    std::string_view rawValue; // as written, between the quotes, escapes not yet resolved
    bool escaped = false;      // rawValue holds at least one backslash escape

    // The value with \\, \" and \n resolved.
    std::string value() const;
};

struct SampleView {
    std::string_view name;   // full sample name, e.g. "x_bucket"
    std::string_view family; // metric family it belongs to, e.g. "x" for a histogram
    MetricType type = MetricType::Untyped;
    std::span<const Label> labels; // valid only during the callback, in input order
    double value = 0;
    std::optional<double> timestampMs;

    // The raw label value (escapes unresolved) or nullopt when the label is absent.
    std::optional<std::string_view> label(std::string_view labelName) const;
};

struct FamilyView {
    std::string_view name;
    MetricType type = MetricType::Untyped;
    std::string_view help; // raw, escapes unresolved
    std::string_view unit; // OpenMetrics only
};

// Receives what the parser finds, in input order. Views point into the parsed buffer.
class Visitor {
public:
    virtual ~Visitor() = default;
    virtual void family(const FamilyView &) {}
    virtual void sample(const SampleView &sample) = 0;
};

struct ParseOptions {
    Format format = Format::Auto;
    ParseLimits limits;
    // Accept whitespace and newlines inside a label set and around '=' (as in hand-formatted
    // payloads pasted into bug reports); strict exposition never has them.
    bool lenientWhitespace = true;
    int maxLabelsPerSample = 128;
};

struct ParseStats {
    std::size_t samples = 0;
    std::size_t families = 0;
    std::size_t lines = 0;
    Format format = Format::Text004;
};

// Streams every sample to the visitor. On error, samples before the error have been delivered.
// Errors: TooLarge when text is over limits.maxBytes (refused unread, no line/column) or a sample
// has more than maxLabelsPerSample labels; Encoding when a label value or HELP text is not UTF-8;
// OutOfRange for a value beyond a double (1e400; underflow such as 1e-400 rounds to 0, as in
// Prometheus); Syntax for everything else. Families are reported only when declared by
// HELP/TYPE/UNIT; an undeclared sample has family = its own name and type Untyped.
ParseResult<ParseStats> parseText(std::string_view text, Visitor &visitor,
                                  const ParseOptions &options = {});

// An owning sample, whose views point into PromDocument::buffer.
struct Sample {
    std::string_view name;
    std::string_view family;
    MetricType type = MetricType::Untyped;
    std::uint32_t firstLabel = 0; // index into PromDocument::labels
    std::uint32_t labelCount = 0;
    double value = 0;
    std::optional<double> timestampMs;
};

// A whole exposition, parsed; shares (does not copy) the QByteArray it was parsed from.
struct PromDocument {
    QByteArray buffer;
    std::vector<FamilyView> families;
    std::vector<Sample> samples;
    std::vector<Label> labels;
    Format format = Format::Text004;

    std::span<const Label> labelsOf(const Sample &sample) const;
    std::optional<std::string_view> label(const Sample &sample, std::string_view name) const;
    // All samples with this exact sample name.
    std::vector<const Sample *> find(std::string_view sampleName) const;
};

ParseResult<PromDocument> parseDocument(const QByteArray &text, const ParseOptions &options = {});

std::string_view metricTypeName(MetricType type);

// Whether the text, ignoring trailing whitespace, ends with the line "# EOF" (Format::Auto's test).
bool endsWithEof(std::string_view text);

} // namespace headroom::prom
