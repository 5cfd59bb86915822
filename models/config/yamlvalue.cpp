#include "config/yamlvalue.h"

#include "config/yamlload.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace headroom::yaml {

namespace {

enum class NumberKind { NotANumber, Integer, Real, TooBig };

struct Number {
    NumberKind kind = NumberKind::NotANumber;
    qint64 integer = 0;
    double real = 0;
};

// YAML 1.1 numbers as PyYAML reads them (optional sign, '_' separators, 0x hex, floats, .inf),
// plus exponent forms without a dot ("1e3"), which PyYAML would leave as a string that LiteLLM's
// int()/float() conversions still accept.
Number parseNumber(std::string_view raw)
{
    std::string text;
    text.reserve(raw.size());
    for (const char c : raw) {
        if (c != '_') {
            text.push_back(c);
        }
    }
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    text = text.substr(first, last - first + 1);
    bool negative = false;
    std::string_view body(text);
    if (body.front() == '+' || body.front() == '-') {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    if (body.empty()) {
        return {};
    }
    std::string lower(body);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (lower == ".inf" || lower == ".nan") {
        return {NumberKind::TooBig};
    }

    int base = 10;
    if (lower.size() > 2 && lower[0] == '0' && lower[1] == 'x') {
        base = 16;
        body.remove_prefix(2);
    }
    std::uint64_t magnitude = 0;
    const auto [intEnd, intError] =
        std::from_chars(body.data(), body.data() + body.size(), magnitude, base);
    if (intEnd == body.data() + body.size()) {
        const std::uint64_t limit =
            std::uint64_t(std::numeric_limits<qint64>::max()) + (negative ? 1U : 0U);
        if (intError == std::errc::result_out_of_range || magnitude > limit) {
            return {NumberKind::TooBig};
        }
        if (intError == std::errc()) {
            const qint64 value = negative ? qint64(0 - magnitude) : qint64(magnitude);
            return {NumberKind::Integer, value, double(value)};
        }
    }
    if (base != 10) {
        return {};
    }
    double real = 0;
    const auto [realEnd, realError] =
        std::from_chars(body.data(), body.data() + body.size(), real, std::chars_format::general);
    if (realEnd != body.data() + body.size()) {
        return {};
    }
    if (realError == std::errc::result_out_of_range || !std::isfinite(real)) {
        return {NumberKind::TooBig};
    }
    if (realError != std::errc()) {
        return {};
    }
    return {NumberKind::Real, 0, negative ? -real : real};
}

const std::string *scalarText(const YAML::Node &node, const QString &path, const char *expected)
{
    if (!node.IsScalar()) {
        fail(ParseError::Kind::WrongType, node, path,
             QStringLiteral("expected %1").arg(QLatin1String(expected)));
    }
    return &node.Scalar();
}

bool isWord(std::string_view key)
{
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

} // namespace

void fail(ParseError::Kind kind, const YAML::Node &node, const QString &path,
          const QString &message)
{
    throw Failure{
        errorAt(kind, node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), message, path)};
}

QString keyPath(const QString &parent, std::string_view key)
{
    const QString name = QString::fromUtf8(key.data(), qsizetype(key.size()));
    if (isWord(key)) {
        return parent.isEmpty() ? name : parent + QLatin1Char('.') + name;
    }
    QString quoted = name;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    quoted.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return parent + QStringLiteral("[\"") + quoted + QStringLiteral("\"]");
}

QString indexPath(const QString &parent, std::size_t index)
{
    return parent + QStringLiteral("[%1]").arg(qulonglong(index));
}

YAML::Node lookup(const YAML::Node &map, std::string_view key)
{
    if (!map.IsMap()) {
        return YAML::Node(YAML::NodeType::Undefined);
    }
    YAML::Node found(YAML::NodeType::Undefined);
    YAML::Node merge(YAML::NodeType::Undefined);
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) {
            continue;
        }
        const std::string &name = it->first.Scalar();
        if (name == key) {
            found = it->second;
        } else if (name == "<<" && it->first.Tag() != "!") {
            merge = it->second;
        }
    }
    if (found.IsDefined() || !merge.IsDefined()) {
        return found;
    }
    // "<<: *base" or "<<: [*a, *b]" (earlier maps win). The loader bounded the tree's height
    // and alias expansion, so following merges cannot run away.
    if (merge.IsMap()) {
        return lookup(merge, key);
    }
    if (merge.IsSequence()) {
        for (auto it = merge.begin(); it != merge.end(); ++it) {
            YAML::Node value = lookup(*it, key);
            if (value.IsDefined()) {
                return value;
            }
        }
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

bool isAbsent(const YAML::Node &node)
{
    return !node.IsDefined() || node.IsNull();
}

bool isEnvReference(std::string_view text)
{
    return text.starts_with("os.environ/");
}

std::optional<QString> readString(const YAML::Node &node, const QString &path)
{
    if (isAbsent(node)) {
        return std::nullopt;
    }
    return QString::fromStdString(*scalarText(node, path, "a string"));
}

std::optional<qint64> readInteger(const YAML::Node &node, const QString &path, qint64 minimum,
                                  qint64 maximum)
{
    if (isAbsent(node)) {
        return std::nullopt;
    }
    const std::string &text = *scalarText(node, path, "an integer");
    if (isEnvReference(text)) {
        return std::nullopt;
    }
    const Number number = parseNumber(text);
    qint64 value = number.integer;
    switch (number.kind) {
    case NumberKind::NotANumber:
        fail(ParseError::Kind::WrongType, node, path,
             QStringLiteral("expected an integer, found \"%1\"").arg(QString::fromStdString(text)));
    case NumberKind::TooBig:
        fail(ParseError::Kind::OutOfRange, node, path,
             QStringLiteral("%1 does not fit").arg(QString::fromStdString(text)));
    case NumberKind::Real:
        // 9.2e18 and beyond do not fit a qint64; the cast below would be undefined.
        if (std::fabs(number.real) >= 9.2e18) {
            fail(ParseError::Kind::OutOfRange, node, path,
                 QStringLiteral("%1 does not fit").arg(QString::fromStdString(text)));
        }
        if (number.real != std::trunc(number.real)) {
            fail(ParseError::Kind::WrongType, node, path,
                 QStringLiteral("expected an integer, found %1").arg(QString::fromStdString(text)));
        }
        value = qint64(number.real);
        break;
    case NumberKind::Integer:
        break;
    }
    if (value < minimum || value > maximum) {
        fail(ParseError::Kind::OutOfRange, node, path,
             QStringLiteral("%1 is outside %2..%3").arg(value).arg(minimum).arg(maximum));
    }
    return value;
}

std::optional<double> readNumber(const YAML::Node &node, const QString &path, double minimum,
                                 double maximum)
{
    if (isAbsent(node)) {
        return std::nullopt;
    }
    const std::string &text = *scalarText(node, path, "a number");
    if (isEnvReference(text)) {
        return std::nullopt;
    }
    const Number number = parseNumber(text);
    if (number.kind == NumberKind::NotANumber) {
        fail(ParseError::Kind::WrongType, node, path,
             QStringLiteral("expected a number, found \"%1\"").arg(QString::fromStdString(text)));
    }
    if (number.kind == NumberKind::TooBig || number.real < minimum || number.real > maximum) {
        fail(ParseError::Kind::OutOfRange, node, path,
             QStringLiteral("%1 is outside %2..%3")
                 .arg(QString::fromStdString(text))
                 .arg(minimum)
                 .arg(maximum));
    }
    return number.real;
}

std::optional<bool> readBool(const YAML::Node &node, const QString &path)
{
    if (isAbsent(node)) {
        return std::nullopt;
    }
    const std::string &text = *scalarText(node, path, "true or false");
    if (isEnvReference(text)) {
        return std::nullopt;
    }
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    // PyYAML's YAML 1.1 booleans, and "True"/"1" strings LiteLLM compares against.
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") {
        return true;
    }
    if (lower == "false" || lower == "no" || lower == "off" || lower == "0") {
        return false;
    }
    fail(ParseError::Kind::WrongType, node, path,
         QStringLiteral("expected true or false, found \"%1\"").arg(QString::fromStdString(text)));
}

bool expectMap(const YAML::Node &node, const QString &path)
{
    if (isAbsent(node)) {
        return false;
    }
    if (!node.IsMap()) {
        fail(ParseError::Kind::WrongType, node, path, QStringLiteral("expected a map"));
    }
    return true;
}

bool expectSequence(const YAML::Node &node, const QString &path)
{
    if (isAbsent(node)) {
        return false;
    }
    if (!node.IsSequence()) {
        fail(ParseError::Kind::WrongType, node, path, QStringLiteral("expected a list"));
    }
    return true;
}

} // namespace headroom::yaml
