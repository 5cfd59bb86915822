#pragma once
// A parser's answer: either a value or the ParseError that explains why there is none.

#include "formats/parseerror.h"

#include <utility>
#include <variant>

namespace headroom {

template<typename T>
class ParseResult {
public:
    ParseResult(T value) // NOLINT(google-explicit-constructor): results read like values
        : m_state(std::move(value))
    {}
    ParseResult(ParseError error) // NOLINT(google-explicit-constructor)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &std::get<T>(m_state); }
    const T &operator*() const { return std::get<T>(m_state); }

    const ParseError &error() const { return std::get<ParseError>(m_state); }

private:
    std::variant<T, ParseError> m_state;
};

} // namespace headroom
