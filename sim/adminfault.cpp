#include "adminfault.h"

#include "formats/jsonbody.h"

#include <array>
#include <nlohmann/json.hpp>
#include <optional>

namespace headroom::sim {

namespace {

constexpr std::array<std::pair<AdminFault::Mode, const char *>, 4> kModes = {{
    {AdminFault::Mode::None, "off"},
    {AdminFault::Mode::Error, "error"},
    {AdminFault::Mode::Drop, "drop"},
    {AdminFault::Mode::Partial, "partial"},
}};

std::optional<AdminFault::Mode> modeFromName(QStringView name)
{
    for (const auto &[mode, text] : kModes) {
        if (name == QLatin1String(text)) {
            return mode;
        }
    }
    return std::nullopt;
}

ParseError badFault(const QString &message)
{
    ParseError error;
    error.kind = ParseError::Kind::WrongType;
    error.message = message;
    return error;
}

const QString kModeList = QStringLiteral("off, error, drop or partial");

} // namespace

QString adminFaultModeName(AdminFault::Mode mode)
{
    for (const auto &[value, text] : kModes) {
        if (value == mode) {
            return QLatin1String(text);
        }
    }
    return {};
}

ParseResult<AdminFault> parseAdminFault(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    const QStringView name = colon < 0 ? text : text.left(colon);
    const auto mode = modeFromName(name);
    if (!mode) {
        return badFault(QStringLiteral("the admin fault must be %1 (optionally :N, the writes "
                                       "that go through first)")
                            .arg(kModeList));
    }
    AdminFault fault;
    fault.mode = *mode;
    if (colon >= 0) {
        bool ok = false;
        fault.after = text.mid(colon + 1).toInt(&ok);
        if (!ok || fault.after < 0 || fault.after > 1000000) {
            return badFault(QStringLiteral("the admin fault's count after ':' must be a number "
                                           "from 0 to 1000000"));
        }
    }
    return fault;
}

ParseResult<AdminFault> readAdminFaultRequest(std::string_view body)
{
    ParseLimits limits;
    limits.maxBytes = 4096;
    limits.maxDepth = 4;
    return json::readBody<AdminFault>(body, limits, [](const nlohmann::json &object) {
        if (!object.is_object()) {
            json::fail(ParseError::Kind::WrongType, QString(),
                       QStringLiteral("expected an object"));
        }
        const QString name = json::requiredString(object, "mode", QString());
        const auto mode = modeFromName(name);
        if (!mode) {
            json::fail(ParseError::Kind::WrongType, QStringLiteral("/mode"),
                       QStringLiteral("expected %1").arg(kModeList));
        }
        AdminFault fault;
        fault.mode = *mode;
        const auto after = json::integer(object, "after", QString());
        if (after && (*after < 0 || *after > 1000000)) {
            json::fail(ParseError::Kind::OutOfRange, QStringLiteral("/after"),
                       QStringLiteral("expected 0 to 1000000"));
        }
        fault.after = int(after.value_or(0));
        return fault;
    });
}

void AdminFaults::arm(const AdminFault &fault)
{
    m_fault = fault;
    m_writes = 0;
}

AdminFault::Mode AdminFaults::next()
{
    if (m_fault.mode == AdminFault::Mode::None) {
        return AdminFault::Mode::None;
    }
    if (m_writes++ < m_fault.after) {
        return AdminFault::Mode::None;
    }
    const AdminFault::Mode strikes = m_fault.mode;
    m_fault = {};
    return strikes;
}

} // namespace headroom::sim
