#pragma once
// Bounded, position-reporting JSON parsing for proxy bodies, and typed field readers that turn
// wrong types into ParseErrors with the field's path: JSON at the edge, typed values inside.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <QString>
#include <QStringList>
#include <string_view>
#include <utility>

namespace headroom::json {

// Parses a body: refuses it over limits.maxBytes, nesting over limits.maxDepth, invalid UTF-8,
// and duplicate keys in one object (which parsers disagree on: a smuggling risk, not data).
ParseResult<nlohmann::json> parse(std::string_view body, const ParseLimits &limits = {});

// Thrown by the readers below; caught once by readBody(). Not for use outside a reader.
class FieldError : public std::exception {
public:
    explicit FieldError(ParseError error)
        : m_error(std::move(error))
    {}
    const ParseError &error() const { return m_error; }
    const char *what() const noexcept override { return "headroom::json::FieldError"; }

private:
    ParseError m_error;
};

[[noreturn]] void fail(ParseError::Kind kind, const QString &path, const QString &message);

QString childPath(const QString &path, std::string_view key);
QString childPath(const QString &path, std::size_t index);

// Readers: an absent key or null is "not given"; a value of the wrong type throws FieldError.
const nlohmann::json *member(const nlohmann::json &object, std::string_view key);
QString string(const nlohmann::json &object, std::string_view key, const QString &path);
QString requiredString(const nlohmann::json &object, std::string_view key, const QString &path);
// Integers also accept integral floats and numeric strings ("600"), as proxies send both.
std::optional<qint64> integer(const nlohmann::json &object, std::string_view key,
                              const QString &path);
std::optional<double> number(const nlohmann::json &object, std::string_view key,
                             const QString &path);
// Booleans also accept the strings "true"/"false" in any case.
std::optional<bool> boolean(const nlohmann::json &object, std::string_view key,
                            const QString &path);
QStringList stringList(const nlohmann::json &object, std::string_view key, const QString &path);
// An optional value as JSON, null when absent (for the JSON Headroom writes).
template<typename T>
nlohmann::json orNull(const std::optional<T> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

// A list of names as a JSON array of strings (for the JSON Headroom writes).
nlohmann::json stringArray(const QStringList &values);

// Any scalar as text (strings as-is, numbers and booleans printed); containers dumped compactly.
QString scalarText(const nlohmann::json &value);

// Parses the body and runs reader(document) over it, turning FieldError and any exception from
// nlohmann/json into a ParseError. reader must return a T.
template<typename T, typename Reader>
ParseResult<T> readBody(std::string_view body, const ParseLimits &limits, Reader &&reader)
{
    auto document = parse(body, limits);
    if (!document) {
        return document.error();
    }
    try {
        return std::forward<Reader>(reader)(document.value());
    } catch (const FieldError &e) {
        return e.error();
    } catch (const std::exception &e) {
        ParseError error;
        error.kind = ParseError::Kind::WrongType;
        error.message = QString::fromUtf8(e.what());
        return error;
    }
}

} // namespace headroom::json
