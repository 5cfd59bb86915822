// PromDocument (a whole exposition collected from parseText) and the small value helpers of
// promtext.h.

#include "prom/promscan.h"
#include "prom/promtext.h"

#include <algorithm>

namespace headroom::prom {

std::string Label::value() const
{
    if (!escaped) {
        return std::string(rawValue);
    }
    std::string out;
    out.reserve(rawValue.size());
    for (std::size_t i = 0; i < rawValue.size(); ++i) {
        const char c = rawValue[i];
        if (c != '\\' || i + 1 == rawValue.size()) {
            out.push_back(c);
            continue;
        }
        const char next = rawValue[++i];
        switch (next) {
        case 'n':
            out.push_back('\n');
            break;
        case '\\':
        case '"':
            out.push_back(next);
            break;
        default:
            // The parser rejects other escapes; a hand-built Label keeps them as written.
            out.push_back('\\');
            out.push_back(next);
            break;
        }
    }
    return out;
}

std::optional<std::string_view> SampleView::label(std::string_view labelName) const
{
    for (const Label &l : labels) {
        if (l.name == labelName) {
            return l.rawValue;
        }
    }
    return std::nullopt;
}

std::span<const Label> PromDocument::labelsOf(const Sample &sample) const
{
    if (std::size_t(sample.firstLabel) + sample.labelCount > labels.size()) {
        return {};
    }
    return std::span<const Label>(labels).subspan(sample.firstLabel, sample.labelCount);
}

std::optional<std::string_view> PromDocument::label(const Sample &sample,
                                                    std::string_view name) const
{
    for (const Label &l : labelsOf(sample)) {
        if (l.name == name) {
            return l.rawValue;
        }
    }
    return std::nullopt;
}

std::vector<const Sample *> PromDocument::find(std::string_view sampleName) const
{
    std::vector<const Sample *> found;
    for (const Sample &sample : samples) {
        if (sample.name == sampleName) {
            found.push_back(&sample);
        }
    }
    return found;
}

namespace {

// Copies what parseText streams into the document's flat vectors; the views already point into
// the document's buffer, so nothing but the vectors is written.
class Collector final : public Visitor {
public:
    explicit Collector(PromDocument &document)
        : m_document(document)
    {}

    void family(const FamilyView &family) override { m_document.families.push_back(family); }

    void sample(const SampleView &view) override
    {
        Sample sample;
        sample.name = view.name;
        sample.family = view.family;
        sample.type = view.type;
        sample.firstLabel = std::uint32_t(m_document.labels.size());
        sample.labelCount = std::uint32_t(view.labels.size());
        sample.value = view.value;
        sample.timestampMs = view.timestampMs;
        m_document.labels.insert(m_document.labels.end(), view.labels.begin(), view.labels.end());
        m_document.samples.push_back(sample);
    }

private:
    PromDocument &m_document;
};

class NullVisitor final : public Visitor {
public:
    void sample(const SampleView &) override {}
};

// Sizes the vectors once from cheap upper bounds (a sample needs a line, a label two quotes), so
// they never reallocate; a tight bound also keeps repeated polls in reused heap memory.
void reserveFor(PromDocument &document, std::string_view text)
{
    const detail::LineAndQuoteCount count =
        detail::countLinesAndQuotes(text.data(), text.data() + text.size());
    document.samples.reserve(count.newlines + 1);
    document.labels.reserve(count.quotes / 2);
}

} // namespace

ParseResult<PromDocument> parseDocument(const QByteArray &text, const ParseOptions &options)
{
    if (qint64(text.size()) > options.limits.maxBytes) {
        NullVisitor nothing; // parseText refuses the size before reading, with the same error
        return parseText(std::string_view(text.constData(), std::size_t(text.size())), nothing,
                         options)
            .error();
    }
    PromDocument document;
    document.buffer = text; // shares, does not copy: the views below point into it
    const std::string_view view(document.buffer.constData(), std::size_t(document.buffer.size()));
    reserveFor(document, view);
    Collector collector(document);
    ParseResult<ParseStats> result = parseText(view, collector, options);
    if (!result) {
        return result.error();
    }
    document.format = result->format;
    return document;
}

std::string_view metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Untyped:
        return "untyped";
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::Summary:
        return "summary";
    case MetricType::Info:
        return "info";
    case MetricType::StateSet:
        return "stateset";
    case MetricType::GaugeHistogram:
        return "gaugehistogram";
    }
    return "untyped";
}

} // namespace headroom::prom
