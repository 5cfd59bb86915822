#pragma once
// What went wrong while reading untrusted input, and where: every parser in models/ reports
// failures as a ParseError value instead of throwing past its API.

#include <cstdint>
#include <QString>
#include <string_view>

namespace headroom {

struct ParseError {
    enum class Kind {
        TooLarge,     // body over the configured byte limit
        TooDeep,      // nesting deeper than the configured limit
        Syntax,       // not well-formed JSON / YAML / exposition text
        Encoding,     // invalid UTF-8
        WrongType,    // well-formed, but a field has the wrong type
        MissingField, // well-formed, but a required field is absent
        OutOfRange,   // a number that does not fit the field
        DuplicateKey, // the same key twice in one JSON object
    };

    Kind kind = Kind::Syntax;
    qint64 offset = -1; // byte offset into the input, -1 when not known
    int line = 0;       // 1-based; 0 when not known
    int column = 0;     // 1-based; 0 when not known
    QString path;       // JSON pointer / YAML path of the offending field, when known
    QString message;    // what was expected or found, for a person

    // One line for a status bar or log: "syntax error at line 3, column 7: expected '}'".
    QString toString() const;

    static QString kindName(Kind kind);
    // Fills line and column from offset by counting newlines in the input.
    void locate(std::string_view input);
};

} // namespace headroom
