#include "push/pushrecord.h"

#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"

#include <array>
#include <nlohmann/json.hpp>

namespace headroom::push {

namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<PushOutcome, const char *>, 7> kOutcomes = {{
    {PushOutcome::Verified, "verified"},
    {PushOutcome::NothingToDo, "nothing-to-do"},
    {PushOutcome::DryRun, "dry-run"},
    {PushOutcome::Refused, "refused"},
    {PushOutcome::RolledBack, "rolled-back"},
    {PushOutcome::RollbackFailed, "rollback-failed"},
    {PushOutcome::Unreachable, "unreachable"},
}};

Json chainToJson(const FallbackChain &chain)
{
    return routerSettingsToJson(chain.settings, chain.fallbacks);
}

FallbackChain chainFromJson(const Json &object, const char *key)
{
    const Json *value = json::member(object, key);
    const QString path = json::childPath(QString(), key);
    if (value == nullptr) {
        json::fail(ParseError::Kind::MissingField, path, QStringLiteral("missing"));
    }
    auto read = readRouterSettingsJson(*value, RouterSettingsUpdate{}, path);
    if (!read) {
        throw json::FieldError(read.error());
    }
    FallbackChain chain;
    chain.settings = read.value().settings;
    chain.fallbacks = read.value().fallbacks;
    return chain;
}

} // namespace

QString pushOutcomeName(PushOutcome outcome)
{
    for (const auto &[value, name] : kOutcomes) {
        if (value == outcome) {
            return QLatin1String(name);
        }
    }
    return {};
}

std::optional<PushOutcome> pushOutcomeFromName(QStringView name)
{
    for (const auto &[value, text] : kOutcomes) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return std::nullopt;
}

bool pushSucceeded(PushOutcome outcome)
{
    return outcome == PushOutcome::Verified || outcome == PushOutcome::NothingToDo ||
           outcome == PushOutcome::DryRun;
}

QString newPushRecordId(const QDateTime &when, quint32 random)
{
    return when.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z-'")) +
           QStringLiteral("%1").arg(random & 0xffffU, 4, 16, QLatin1Char('0'));
}

Json pushRecordToJson(const PushRecord &record)
{
    return {{"id", record.id.toStdString()},
            {"who", record.who.toStdString()},
            {"when", record.when.toUTC().toString(Qt::ISODateWithMs).toStdString()},
            {"target", record.target.toStdString()},
            {"diff", json::stringArray(record.diff)},
            {"uncarried", json::stringArray(record.uncarried)},
            {"what_if", record.whatIf.toStdString()},
            {"outcome", pushOutcomeName(record.outcome).toStdString()},
            {"message", record.message.toStdString()},
            {"mismatches", json::stringArray(record.mismatches)},
            {"before", chainToJson(record.before)},
            {"after", chainToJson(record.after)}};
}

ParseResult<PushRecord> readPushRecord(std::string_view line, const ParseLimits &limits)
{
    return json::readBody<PushRecord>(line, limits, [](const Json &object) {
        if (!object.is_object()) {
            json::fail(ParseError::Kind::WrongType, QString(),
                       QStringLiteral("expected an object"));
        }
        const QString root;
        PushRecord record;
        record.id = json::requiredString(object, "id", root);
        if (record.id.isEmpty()) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/id"),
                       QStringLiteral("empty id"));
        }
        record.who = json::string(object, "who", root);
        const QString when = json::requiredString(object, "when", root);
        record.when = QDateTime::fromString(when, Qt::ISODateWithMs);
        if (!record.when.isValid()) {
            json::fail(ParseError::Kind::WrongType, QStringLiteral("/when"),
                       QStringLiteral("not an ISO 8601 time: %1").arg(when.left(40)));
        }
        record.when = record.when.toUTC();
        record.target = json::string(object, "target", root);
        record.diff = json::stringList(object, "diff", root);
        record.uncarried = json::stringList(object, "uncarried", root);
        record.whatIf = json::string(object, "what_if", root);
        const QString outcome = json::requiredString(object, "outcome", root);
        const auto parsed = pushOutcomeFromName(outcome);
        if (!parsed) {
            json::fail(ParseError::Kind::WrongType, QStringLiteral("/outcome"),
                       QStringLiteral("unknown outcome %1").arg(outcome.left(40)));
        }
        record.outcome = *parsed;
        record.message = json::string(object, "message", root);
        record.mismatches = json::stringList(object, "mismatches", root);
        record.before = chainFromJson(object, "before");
        record.after = chainFromJson(object, "after");
        return record;
    });
}

} // namespace headroom::push
