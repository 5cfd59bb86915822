#include "formats/parseerror.h"

#include <algorithm>

namespace headroom {

QString ParseError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::TooLarge:
        return QStringLiteral("input too large");
    case Kind::TooDeep:
        return QStringLiteral("nesting too deep");
    case Kind::Syntax:
        return QStringLiteral("syntax error");
    case Kind::Encoding:
        return QStringLiteral("invalid UTF-8");
    case Kind::WrongType:
        return QStringLiteral("wrong type");
    case Kind::MissingField:
        return QStringLiteral("missing field");
    case Kind::OutOfRange:
        return QStringLiteral("number out of range");
    case Kind::DuplicateKey:
        return QStringLiteral("duplicate key");
    }
    return QStringLiteral("error");
}

QString ParseError::toString() const
{
    QString where;
    if (line > 0) {
        where = QStringLiteral(" at line %1, column %2").arg(line).arg(column);
    } else if (offset >= 0) {
        where = QStringLiteral(" at byte %1").arg(offset);
    }
    if (!path.isEmpty()) {
        where += QStringLiteral(" (%1)").arg(path);
    }
    return kindName(kind) + where + QStringLiteral(": ") + message;
}

void ParseError::locate(std::string_view input)
{
    if (offset < 0) {
        return;
    }
    const auto end = static_cast<std::size_t>(std::min<qint64>(offset, qint64(input.size())));
    const std::string_view before = input.substr(0, end);
    line = 1 + int(std::count(before.begin(), before.end(), '\n'));
    const auto lastNewline = before.rfind('\n');
    column = 1 + int(lastNewline == std::string_view::npos ? end : end - lastNewline - 1);
}

} // namespace headroom
