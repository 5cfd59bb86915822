#include "formats/errorenvelope.h"

#include "formats/jsonbody.h"

#include <QRegularExpression>

namespace headroom {

namespace {

using Json = nlohmann::json;

std::optional<int> readCode(const Json &error, const QString &path)
{
    const Json *code = json::member(error, "code");
    if (code == nullptr) {
        return std::nullopt;
    }
    if (code->is_string()) {
        // Some builds send "None" or an exception name; only numbers are HTTP codes.
        bool ok = false;
        const int value = QString::fromStdString(code->get_ref<const std::string &>()).toInt(&ok);
        return ok ? std::optional<int>(value) : std::nullopt;
    }
    const auto value = json::integer(error, "code", path);
    if (value && (*value < 0 || *value > 999)) {
        json::fail(ParseError::Kind::OutOfRange, json::childPath(path, "code"),
                   QStringLiteral("%1 is not an HTTP status").arg(*value));
    }
    return value ? std::optional<int>(int(*value)) : std::nullopt;
}

} // namespace

ParseResult<ErrorEnvelope> parseErrorEnvelope(std::string_view body, const ParseLimits &limits)
{
    return json::readBody<ErrorEnvelope>(body, limits, [](const Json &document) {
        ErrorEnvelope envelope;
        if (const Json *error = json::member(document, "error")) {
            const QString path = QStringLiteral("/error");
            if (error->is_string()) {
                envelope.message = QString::fromStdString(error->get_ref<const std::string &>());
                return envelope;
            }
            if (!error->is_object()) {
                json::fail(ParseError::Kind::WrongType, path,
                           QStringLiteral("expected an object or a string"));
            }
            envelope.message = json::scalarText(error->value("message", Json()));
            envelope.type = json::scalarText(error->value("type", Json()));
            envelope.param = json::scalarText(error->value("param", Json()));
            envelope.code = readCode(*error, path);
            return envelope;
        }
        // FastAPI's HTTPException: {"detail": "…"} or {"detail": {"error": "…"}}.
        if (const Json *detail = json::member(document, "detail")) {
            if (detail->is_object() && json::member(*detail, "error") != nullptr) {
                envelope.message = json::scalarText((*detail)["error"]);
            } else {
                envelope.message = json::scalarText(*detail);
            }
            return envelope;
        }
        json::fail(ParseError::Kind::MissingField, QStringLiteral("/error"),
                   QStringLiteral("not a LiteLLM error envelope (no \"error\" or \"detail\")"));
    });
}

std::optional<NoDeploymentsError> parseNoDeploymentsMessage(const QString &text)
{
    static const QString marker = QStringLiteral("No deployments available for selected model");
    const qsizetype start = text.indexOf(marker);
    if (start < 0) {
        return std::nullopt;
    }
    const QString rest = text.mid(start + marker.size());
    NoDeploymentsError result;
    static const QRegularExpression retry(QStringLiteral(R"(Try again in ([0-9.]+) seconds)"));
    static const QRegularExpression model(
        QStringLiteral(R"(Passed model=(.*?)\.\s+pre-call-checks=)"));
    static const QRegularExpression checks(QStringLiteral(R"(pre-call-checks=(True|False))"));
    static const QRegularExpression cooldowns(QStringLiteral(R"(cooldown_list=\[([^\]]*)\])"));
    static const QRegularExpression quoted(QStringLiteral(R"re('([^']*)'|"([^"]*)")re"));

    if (const auto m = retry.match(rest); m.hasMatch()) {
        result.retryAfter = m.captured(1).toDouble();
    }
    if (const auto m = model.match(rest); m.hasMatch()) {
        result.group = m.captured(1);
    }
    if (const auto m = checks.match(rest); m.hasMatch()) {
        result.preCallChecks = m.captured(1) == u"True";
    }
    if (const auto m = cooldowns.match(rest); m.hasMatch()) {
        auto ids = quoted.globalMatch(m.captured(1));
        while (ids.hasNext()) {
            const auto id = ids.next();
            result.cooldownList.append(id.captured(1).isEmpty() ? id.captured(2) : id.captured(1));
        }
    }
    result.allInCooldown = rest.contains(u"All deployments for selected model are in cooldown");
    result.basic = !result.retryAfter && result.group.isEmpty() && !result.preCallChecks;
    return result;
}

} // namespace headroom
