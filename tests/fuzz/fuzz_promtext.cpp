// libFuzzer target: the Prometheus text / OpenMetrics parser in every format and whitespace mode,
// streaming and as a document, with cross-checks between the two.

#include "prom/promtext.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <QByteArray>
#include <string_view>

namespace prom = headroom::prom;

namespace {

// Touches every view the parser hands out, so ASan sees any that points outside the input.
class Toucher final : public prom::Visitor {
public:
    explicit Toucher(std::string_view input)
        : m_input(input)
    {}

    std::size_t samples = 0;
    std::size_t checksum = 0;

    void family(const prom::FamilyView &family) override
    {
        check(family.name);
        check(family.help);
        check(family.unit);
    }

    void sample(const prom::SampleView &sample) override
    {
        ++samples;
        check(sample.name);
        check(sample.family);
        for (const prom::Label &label : sample.labels) {
            check(label.name);
            check(label.rawValue);
            checksum += label.value().size();
        }
    }

private:
    void check(std::string_view view) const
    {
        if (view.empty()) {
            return;
        }
        if (view.data() < m_input.data() ||
            view.data() + view.size() > m_input.data() + m_input.size()) {
            std::abort(); // a view outside the parsed buffer
        }
        volatile char first = view.front();
        volatile char last = view.back();
        (void)first;
        (void)last;
    }

    std::string_view m_input;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const QByteArray bytes = QByteArray::fromRawData(text.data(), qsizetype(size));

    for (const prom::Format format :
         {prom::Format::Auto, prom::Format::Text004, prom::Format::OpenMetrics}) {
        std::size_t strictSamples = 0;
        bool strictOk = false;
        for (const bool lenient : {false, true}) {
            prom::ParseOptions options;
            options.format = format;
            options.lenientWhitespace = lenient;
            // The limits production parses with (ParseOptions' defaults: 128 labels a sample).

            Toucher toucher(text);
            const auto streamed = prom::parseText(text, toucher, options);
            if (!streamed.ok()) {
                const headroom::ParseError &error = streamed.error();
                if (error.offset < 0 || error.offset > qint64(size) || error.message.isEmpty()) {
                    std::abort();
                }
            } else if (streamed->samples != toucher.samples) {
                std::abort();
            }

            // Lenient whitespace only ever accepts more, never differently.
            if (!lenient) {
                strictOk = streamed.ok();
                strictSamples = toucher.samples;
            } else if (strictOk && (!streamed.ok() || streamed->samples != strictSamples)) {
                std::abort();
            }

            const auto document = prom::parseDocument(bytes, options);
            if (document.ok() != streamed.ok()) {
                std::abort();
            }
            if (document.ok()) {
                if (document->samples.size() != streamed->samples) {
                    std::abort();
                }
                for (const prom::Sample &sample : document->samples) {
                    for (const prom::Label &label : document->labelsOf(sample)) {
                        (void)label.value();
                    }
                }
            } else if (document.error().offset != streamed.error().offset) {
                std::abort();
            }
        }
    }
    return 0;
}
