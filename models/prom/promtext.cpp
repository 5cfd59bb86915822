// Prometheus text exposition / OpenMetrics parser: a single forward pass over the buffer with
// pointer scanning, delivering views to a Visitor. Byte-level helpers are in promscan.h/.cpp,
// PromDocument in promdocument.cpp.

#include "prom/promtext.h"

#include "prom/promscan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace headroom::prom {

using namespace detail;

namespace {

// A quoted excerpt of the input for an error message, cut short and never splitting the buffer.
QString excerpt(const char *begin, const char *end)
{
    constexpr std::ptrdiff_t maxChars = 40;
    const std::ptrdiff_t length = std::min(end - begin, maxChars);
    QString text = QString::fromUtf8(begin, length);
    if (end - begin > maxChars) {
        text += QStringLiteral("...");
    }
    return QStringLiteral("'%1'").arg(text);
}

QString describeChar(const char *p, const char *end)
{
    if (p >= end) {
        return QStringLiteral("end of input");
    }
    switch (*p) {
    case '\n':
        return QStringLiteral("end of line");
    case '\r':
        return QStringLiteral("'\\r'");
    case '\t':
        return QStringLiteral("tab");
    case ' ':
        return QStringLiteral("space");
    default:
        break;
    }
    const auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x20 || byte >= 0x7F) {
        return QStringLiteral("byte 0x%1").arg(unsigned(byte), 2, 16, QLatin1Char('0'));
    }
    return QStringLiteral("'%1'").arg(QLatin1Char(*p));
}

class Parser {
public:
    Parser(std::string_view text, Visitor &visitor, const ParseOptions &options)
        : m_text(text)
        , m_begin(text.data())
        , m_end(text.data() + text.size())
        , m_visitor(visitor)
        , m_options(options)
        , m_lenient(options.lenientWhitespace)
        , m_maxLabels(std::size_t(std::max(0, options.maxLabelsPerSample)))
    {
        m_labels.reserve(std::min<std::size_t>(m_maxLabels, 32));
    }

    ParseResult<ParseStats> run();

private:
    struct Family {
        std::string_view name;
        MetricType type = MetricType::Untyped;
        std::string_view help;
        std::string_view unit;
        bool emitted = false;
    };

    const char *parseLine(const char *p);
    const char *parseComment(const char *p);
    const char *parseSample(const char *p);
    const char *parseLabelSet(const char *open, std::vector<Label> &labels);
    const char *parseLabelValue(const char *quote, std::string_view name,
                                std::vector<Label> &labels, bool &sorted);
    const char *parseExemplar(const char *hash);
    const char *parseTimestamp(const char *p, double &timestampMs);
    const char *endOfLine(const char *p, const char *context);

    const char *skipBlanks(const char *p) const
    {
        while (p < m_end && is(*p, Blank)) {
            ++p;
        }
        return p;
    }
    // Inside a label set: nothing in strict mode, blanks and line breaks in lenient mode.
    const char *skipLabelSpace(const char *p)
    {
        if (!m_lenient) {
            return p;
        }
        while (p < m_end && (is(*p, TokenEnd))) {
            m_lines += *p == '\n' ? 1 : 0;
            ++p;
        }
        return p;
    }
    const char *scanName(const char *p) const
    {
        while (p < m_end && is(*p, NameChar)) {
            ++p;
        }
        return p;
    }
    const char *scanToken(const char *p) const
    {
        while (p < m_end && !is(*p, TokenEnd)) {
            ++p;
        }
        return p;
    }
    bool atLineEnd(const char *p) const { return p == m_end || *p == '\n' || *p == '\r'; }

    void declare(std::string_view name);
    void flushFamily();
    void emitFamilyIfPending()
    {
        if (m_haveFamily && !m_family.emitted) {
            flushFamily();
        }
    }

    const char *fail(ParseError::Kind kind, const char *at, QString message)
    {
        if (!m_error) {
            ParseError error;
            error.kind = kind;
            error.offset = qint64(at - m_begin);
            error.message = std::move(message);
            if (!m_sampleName.empty()) {
                error.path = QString::fromUtf8(m_sampleName.data(), qsizetype(m_sampleName.size()));
            }
            error.locate(m_text);
            m_error = std::move(error);
        }
        return nullptr;
    }
    const char *syntax(const char *at, QString message)
    {
        return fail(ParseError::Kind::Syntax, at, std::move(message));
    }

    std::string_view m_text;
    const char *m_begin;
    const char *m_end;
    Visitor &m_visitor;
    const ParseOptions &m_options;
    bool m_lenient;
    bool m_openMetrics = false;
    bool m_sawEof = false;
    std::size_t m_maxLabels;
    std::size_t m_lines = 0;
    std::size_t m_samples = 0;
    std::size_t m_families = 0;

    Family m_family;
    bool m_haveFamily = false;

    std::vector<Label> m_labels;         // reused for every sample: no allocation per line
    std::vector<Label> m_exemplarLabels; // checked, then dropped
    std::string_view m_sampleName;       // the sample being parsed, for ParseError::path
    std::optional<ParseError> m_error;
};

ParseResult<ParseStats> Parser::run()
{
    const auto size = qint64(m_text.size());
    if (size > m_options.limits.maxBytes) {
        // Refused before a single byte of the body is read, so no line/column.
        ParseError error;
        error.kind = ParseError::Kind::TooLarge;
        error.offset = m_options.limits.maxBytes;
        error.message = QStringLiteral("exposition of %1 bytes exceeds the limit of %2 bytes")
                            .arg(size)
                            .arg(m_options.limits.maxBytes);
        return error;
    }

    switch (m_options.format) {
    case Format::Auto:
        m_openMetrics = endsWithEof(m_text);
        break;
    case Format::Text004:
        m_openMetrics = false;
        break;
    case Format::OpenMetrics:
        m_openMetrics = true;
        break;
    }

    const char *p = m_begin;
    while (p < m_end && !m_sawEof) {
        p = parseLine(p);
        if (p == nullptr) {
            return *m_error;
        }
    }
    if (m_haveFamily) {
        emitFamilyIfPending();
    }
    if (m_openMetrics && !m_sawEof) {
        syntax(m_end, QStringLiteral("OpenMetrics exposition does not end with '# EOF'"));
        return *m_error;
    }

    ParseStats stats;
    stats.samples = m_samples;
    stats.families = m_families;
    stats.lines = m_lines;
    stats.format = m_openMetrics ? Format::OpenMetrics : Format::Text004;
    return stats;
}

const char *Parser::parseLine(const char *p)
{
    ++m_lines;
    if (m_lenient) {
        p = skipBlanks(p);
    }
    if (p == m_end) {
        return p;
    }
    switch (*p) {
    case '\n':
        return p + 1;
    case '\r':
        return endOfLine(p, "blank line");
    case '#':
        return parseComment(p);
    default:
        return parseSample(p);
    }
}

// Consumes optional blanks and the line break (LF, CRLF, or the end of the input).
const char *Parser::endOfLine(const char *p, const char *context)
{
    p = skipBlanks(p);
    if (p == m_end) {
        return p;
    }
    if (*p == '\n') {
        return p + 1;
    }
    if (*p == '\r' && (p + 1 == m_end || p[1] == '\n')) {
        return p + 1 == m_end ? m_end : p + 2;
    }
    return syntax(p, QStringLiteral("unexpected %1 after %2")
                         .arg(describeChar(p, m_end), QString::fromUtf8(context)));
}

void Parser::declare(std::string_view name)
{
    if (m_haveFamily && m_family.name == name && !m_family.emitted) {
        return; // HELP and TYPE of one family, in either order
    }
    emitFamilyIfPending();
    m_family = Family{};
    m_family.name = name;
    m_haveFamily = true;
}

void Parser::flushFamily()
{
    m_family.emitted = true;
    ++m_families;
    FamilyView view;
    view.name = m_family.name;
    view.type = m_family.type;
    view.help = m_family.help;
    view.unit = m_family.unit;
    m_visitor.family(view);
}

const char *Parser::parseComment(const char *hash)
{
    const char *lineEnd =
        static_cast<const char *>(std::memchr(hash, '\n', std::size_t(m_end - hash)));
    const char *next = lineEnd ? lineEnd + 1 : m_end;
    if (!lineEnd) {
        lineEnd = m_end;
    }
    if (lineEnd > hash && lineEnd[-1] == '\r') {
        --lineEnd;
    }

    // Only "# KEYWORD ..." is metadata; any other comment is ignored.
    const char *p = hash + 1;
    if (p == lineEnd || !is(*p, Blank)) {
        return next;
    }
    p = skipBlanks(p);
    const char *keywordEnd = p;
    while (keywordEnd < lineEnd && !is(*keywordEnd, TokenEnd)) {
        ++keywordEnd;
    }
    const std::string_view keyword(p, std::size_t(keywordEnd - p));

    if (m_openMetrics && keyword == "EOF") {
        const char *rest = keywordEnd;
        while (rest < lineEnd && is(*rest, Blank)) {
            ++rest;
        }
        if (rest != lineEnd) {
            return next; // "# EOF something" is a comment
        }
        // Nothing but whitespace may follow the end marker.
        for (const char *q = next; q < m_end; ++q) {
            if (!is(*q, TokenEnd)) {
                return syntax(q, QStringLiteral("content after '# EOF'"));
            }
        }
        m_sawEof = true;
        return m_end;
    }

    const bool help = keyword == "HELP";
    const bool type = keyword == "TYPE";
    const bool unit = m_openMetrics && keyword == "UNIT";
    if (!help && !type && !unit) {
        return next;
    }

    // The metric name.
    if (keywordEnd == lineEnd) {
        return syntax(keywordEnd, QStringLiteral("expected a metric name after %1")
                                      .arg(QString::fromUtf8(keyword.data(), keyword.size())));
    }
    p = skipBlanks(keywordEnd);
    const char *nameBegin = p;
    if (p == lineEnd || !is(*p, NameStart)) {
        return syntax(
            p, QStringLiteral("expected a metric name after %1, found %2")
                   .arg(QString::fromUtf8(keyword.data(), keyword.size()), describeChar(p, m_end)));
    }
    p = scanName(p);
    const std::string_view name(nameBegin, std::size_t(p - nameBegin));
    if (p < lineEnd && !is(*p, Blank)) {
        return syntax(
            p, QStringLiteral("invalid character %1 in metric name").arg(describeChar(p, m_end)));
    }
    const char *argBegin = skipBlanks(p);

    if (help) {
        // The docstring is everything up to the line break, blanks included; escapes stay raw.
        const std::ptrdiff_t bad = findInvalidUtf8(argBegin, lineEnd);
        if (bad >= 0) {
            return fail(ParseError::Kind::Encoding, argBegin + bad,
                        QStringLiteral("HELP text is not valid UTF-8"));
        }
        declare(name);
        m_family.help = std::string_view(argBegin, std::size_t(lineEnd - argBegin));
        return next;
    }

    const char *argEnd = argBegin;
    while (argEnd < lineEnd && !is(*argEnd, Blank)) {
        ++argEnd;
    }
    const std::string_view argument(argBegin, std::size_t(argEnd - argBegin));
    const char *rest = skipBlanks(argEnd);
    if (rest < lineEnd) {
        return syntax(rest, QStringLiteral("unexpected text after %1 line")
                                .arg(QString::fromUtf8(keyword.data(), keyword.size())));
    }

    if (type) {
        if (argument.empty()) {
            return syntax(argBegin, QStringLiteral("expected a metric type after TYPE %1")
                                        .arg(QString::fromUtf8(name.data(), name.size())));
        }
        const std::optional<MetricType> metricType = typeFromName(argument);
        if (!metricType) {
            return syntax(argBegin,
                          QStringLiteral("unknown metric type %1").arg(excerpt(argBegin, argEnd)));
        }
        declare(name);
        m_family.type = *metricType;
    } else {
        if (!argument.empty() && !is(argument.front(), NameChar)) {
            return syntax(argBegin,
                          QStringLiteral("invalid unit %1").arg(excerpt(argBegin, argEnd)));
        }
        declare(name);
        m_family.unit = argument;
    }
    return next;
}

const char *Parser::parseSample(const char *p)
{
    const char *nameBegin = p;
    if (!is(*p, NameStart)) {
        return syntax(
            p, QStringLiteral("expected a metric name, found %1").arg(describeChar(p, m_end)));
    }
    p = scanName(p + 1);
    const std::string_view name(nameBegin, std::size_t(p - nameBegin));

    m_sampleName = name;
    m_labels.clear();
    const char *brace = m_lenient ? skipBlanks(p) : p;
    const bool hasLabelSet = brace < m_end && *brace == '{';
    if (hasLabelSet) {
        p = parseLabelSet(brace, m_labels);
        if (p == nullptr) {
            return nullptr;
        }
    }

    // The value, after at least one blank.
    const auto after = [hasLabelSet] {
        return hasLabelSet ? QStringLiteral("the label set") : QStringLiteral("the metric name");
    };
    if (atLineEnd(p)) {
        return syntax(p, QStringLiteral("expected a sample value after %1, found %2")
                             .arg(after(), describeChar(p, m_end)));
    }
    if (!is(*p, Blank)) {
        if (hasLabelSet) {
            return syntax(p, QStringLiteral("expected a blank after the label set, found %1")
                                 .arg(describeChar(p, m_end)));
        }
        return syntax(
            p, QStringLiteral("invalid character %1 in metric name").arg(describeChar(p, m_end)));
    }
    p = skipBlanks(p);
    if (atLineEnd(p)) {
        return syntax(p, QStringLiteral("expected a sample value after %1, found %2")
                             .arg(after(), describeChar(p, m_end)));
    }
    if (*p == '{') {
        return syntax(p, hasLabelSet ? QStringLiteral("a second label set")
                                     : QStringLiteral("blank between the metric name and '{' "
                                                      "(accepted only with lenient whitespace)"));
    }
    const char *valueBegin = p;
    p = scanToken(p);
    double value = 0;
    switch (parseDouble(valueBegin, p, value)) {
    case NumberStatus::Ok:
        break;
    case NumberStatus::Invalid:
        return syntax(valueBegin,
                      QStringLiteral("invalid sample value %1").arg(excerpt(valueBegin, p)));
    case NumberStatus::OutOfRange:
        return fail(ParseError::Kind::OutOfRange, valueBegin,
                    QStringLiteral("sample value %1 is out of the range of a double")
                        .arg(excerpt(valueBegin, p)));
    }

    std::optional<double> timestampMs;
    p = skipBlanks(p);
    if (!atLineEnd(p) && *p != '#') {
        double ms = 0;
        p = parseTimestamp(p, ms);
        if (p == nullptr) {
            return nullptr;
        }
        timestampMs = ms;
        p = skipBlanks(p);
    }
    if (!atLineEnd(p) && *p == '#') {
        if (!m_openMetrics) {
            return syntax(p, QStringLiteral("exemplars are only allowed in OpenMetrics"));
        }
        p = parseExemplar(p);
        if (p == nullptr) {
            return nullptr;
        }
    }
    p = endOfLine(p, "the sample");
    if (p == nullptr) {
        return nullptr;
    }

    // Family: the one declared last, when this sample's name is its name or name + a suffix
    // its type allows; otherwise the sample is a family of its own, untyped.
    emitFamilyIfPending();
    SampleView sample;
    sample.name = name;
    sample.family = name;
    if (m_haveFamily) {
        const std::string_view family = m_family.name;
        if (name.size() >= family.size() && name.substr(0, family.size()) == family &&
            (name.size() == family.size() ||
             isFamilySuffix(m_family.type, name.substr(family.size())))) {
            sample.family = family;
            sample.type = m_family.type;
        }
    }
    sample.labels = m_labels;
    sample.value = value;
    sample.timestampMs = timestampMs;
    ++m_samples;
    m_visitor.sample(sample);
    m_sampleName = {};
    return p;
}

const char *Parser::parseTimestamp(const char *p, double &timestampMs)
{
    const char *begin = p;
    p = scanToken(p);
    if (m_openMetrics) {
        // OpenMetrics: seconds, possibly fractional.
        double seconds = 0;
        if (parseDouble(begin, p, seconds) != NumberStatus::Ok || !std::isfinite(seconds)) {
            return syntax(
                begin,
                QStringLiteral("invalid timestamp %1 (expected seconds)").arg(excerpt(begin, p)));
        }
        timestampMs = seconds * 1000.0;
        return p;
    }
    // 0.0.4: integer milliseconds since the epoch.
    std::int64_t ms = 0;
    const char *digits = begin < p && *begin == '+' ? begin + 1 : begin;
    const auto [ptr, ec] = std::from_chars(digits, p, ms);
    if (ec != std::errc() || ptr != p || digits == p || *digits == '+') {
        return syntax(begin, QStringLiteral("invalid timestamp %1 (expected integer milliseconds)")
                                 .arg(excerpt(begin, p)));
    }
    timestampMs = double(ms);
    return p;
}

// OpenMetrics exemplar: "# {labels} value [timestamp]". Checked, then dropped.
const char *Parser::parseExemplar(const char *hash)
{
    const char *p = hash + 1;
    if (p == m_end || *p != ' ') {
        return syntax(p, QStringLiteral("expected ' ' after '#' of an exemplar"));
    }
    p = skipBlanks(p);
    if (p == m_end || *p != '{') {
        return syntax(p, QStringLiteral("expected '{' to open the exemplar's label set"));
    }
    m_exemplarLabels.clear();
    p = parseLabelSet(p, m_exemplarLabels);
    if (p == nullptr) {
        return nullptr;
    }
    if (atLineEnd(p) || !is(*p, Blank)) {
        return syntax(p, QStringLiteral("expected a value after the exemplar's label set"));
    }
    p = skipBlanks(p);
    const char *valueBegin = p;
    p = scanToken(p);
    double value = 0;
    if (valueBegin == p || parseDouble(valueBegin, p, value) != NumberStatus::Ok) {
        return syntax(valueBegin,
                      QStringLiteral("invalid exemplar value %1").arg(excerpt(valueBegin, p)));
    }
    p = skipBlanks(p);
    if (!atLineEnd(p)) {
        double ms = 0;
        p = parseTimestamp(p, ms);
    }
    return p;
}

const char *Parser::parseLabelSet(const char *open, std::vector<Label> &labels)
{
    const char *p = open + 1;
    bool sorted = true; // exporters sort label names, which makes duplicate checks O(1)
    for (;;) {
        p = skipLabelSpace(p);
        if (p == m_end) {
            return syntax(open, QStringLiteral("label set not closed"));
        }
        if (*p == '}') {
            return p + 1;
        }
        const char *nameBegin = p;
        if (!is(*p, LabelStart)) {
            if (*p == '\n' || *p == '\r' || is(*p, Blank)) {
                return syntax(p, QStringLiteral("whitespace inside a label set (strict mode)"));
            }
            return syntax(p, QStringLiteral("expected a label name or '}', found %1")
                                 .arg(describeChar(p, m_end)));
        }
        ++p;
        while (p < m_end && is(*p, LabelChar)) {
            ++p;
        }
        const std::string_view name(nameBegin, std::size_t(p - nameBegin));
        if (p < m_end && *p == ':') {
            return syntax(p, QStringLiteral("label names cannot contain ':'"));
        }
        p = skipLabelSpace(p);
        if (p == m_end) {
            return syntax(open, QStringLiteral("label set not closed"));
        }
        if (*p != '=') {
            return syntax(p, QStringLiteral("expected '=' after label name '%1', found %2")
                                 .arg(QString::fromUtf8(name.data(), qsizetype(name.size())),
                                      describeChar(p, m_end)));
        }
        p = skipLabelSpace(p + 1);
        if (p == m_end) {
            return syntax(open, QStringLiteral("label set not closed"));
        }
        if (*p != '"') {
            return syntax(p, QStringLiteral("expected '\"' to open the value of label '%1', "
                                            "found %2")
                                 .arg(QString::fromUtf8(name.data(), qsizetype(name.size())),
                                      describeChar(p, m_end)));
        }
        p = parseLabelValue(p, name, labels, sorted);
        if (p == nullptr) {
            return nullptr;
        }
        p = skipLabelSpace(p);
        if (p == m_end) {
            return syntax(open, QStringLiteral("label set not closed"));
        }
        if (*p == ',') {
            ++p; // a trailing comma before '}' is allowed
        } else if (*p != '}') {
            return syntax(p, QStringLiteral("expected ',' or '}' after label value, found %1")
                                 .arg(describeChar(p, m_end)));
        }
    }
}

const char *Parser::parseLabelValue(const char *quote, std::string_view name,
                                    std::vector<Label> &labels, bool &sorted)
{
    const char *const valueBegin = quote + 1;
    const char *p = valueBegin;
    bool escaped = false;
    for (;;) {
        p = findSpecial(p, m_end);
        if (p == m_end) {
            return syntax(quote, QStringLiteral("label value not closed"));
        }
        const char c = *p;
        if (c == '"') {
            break;
        }
        if (c == '\\') {
            if (p + 1 == m_end) {
                return syntax(quote, QStringLiteral("label value not closed"));
            }
            const char next = p[1];
            if (next != '\\' && next != '"' && next != 'n') {
                return syntax(p, QStringLiteral("invalid escape '\\%1' in label value "
                                                "(only \\\\, \\\" and \\n are allowed)")
                                     .arg(describeChar(p + 1, m_end)));
            }
            escaped = true;
            p += 2;
        } else if (c == '\n') {
            return syntax(quote, QStringLiteral("label value not closed before the end of the "
                                                "line (a newline must be written as \\n)"));
        } else {
            const std::size_t length = utf8SequenceLength(p, m_end);
            if (length == 0) {
                return fail(ParseError::Kind::Encoding, p,
                            QStringLiteral("value of label '%1' is not valid UTF-8")
                                .arg(QString::fromUtf8(name.data(), qsizetype(name.size()))));
            }
            p += length;
        }
    }

    if (!labels.empty()) {
        if (!sorted || !greaterName(name, labels.back().name)) {
            sorted = false;
            for (const Label &label : labels) {
                if (label.name == name) {
                    return syntax(name.data(),
                                  QStringLiteral("duplicate label '%1'")
                                      .arg(QString::fromUtf8(name.data(), qsizetype(name.size()))));
                }
            }
        }
    }
    if (labels.size() >= m_maxLabels) {
        return fail(ParseError::Kind::TooLarge, name.data(),
                    QStringLiteral("more than %1 labels in one sample").arg(m_maxLabels));
    }
    Label label;
    label.name = name;
    label.rawValue = std::string_view(valueBegin, std::size_t(p - valueBegin));
    label.escaped = escaped;
    labels.push_back(label);
    return p + 1;
}

} // namespace

bool endsWithEof(std::string_view text)
{
    std::size_t end = text.size();
    while (end > 0 && is(text[end - 1], TokenEnd)) {
        --end;
    }
    constexpr std::string_view marker = "# EOF";
    if (end < marker.size() || text.substr(end - marker.size(), marker.size()) != marker) {
        return false;
    }
    const std::size_t start = end - marker.size();
    return start == 0 || text[start - 1] == '\n';
}

ParseResult<ParseStats> parseText(std::string_view text, Visitor &visitor,
                                  const ParseOptions &options)
{
    Parser parser(text, visitor, options);
    return parser.run();
}

} // namespace headroom::prom
