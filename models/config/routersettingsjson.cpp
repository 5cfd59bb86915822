#include "config/routersettingsjson.h"

#include "formats/jsonbody.h"

#include <nlohmann/json.hpp>

namespace headroom {

namespace {

using Json = nlohmann::json;

FallbackMap readFallbackMap(const Json &value, const QString &path)
{
    // Accepted: [{"a": ["b"]}, {"c": ["d"]}] (LiteLLM's form) and {"a": ["b"], "c": ["d"]}.
    FallbackMap map;
    auto readEntry = [&map](const std::string &group, const Json &targets, const QString &where) {
        if (!targets.is_array()) {
            json::fail(ParseError::Kind::WrongType, where,
                       QStringLiteral("expected a list of fallback groups"));
        }
        QStringList list;
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (!targets[i].is_string()) {
                json::fail(ParseError::Kind::WrongType, json::childPath(where, i),
                           QStringLiteral("expected a group name"));
            }
            list.append(QString::fromStdString(targets[i].get_ref<const std::string &>()));
        }
        map.emplace_back(QString::fromStdString(group), list);
    };
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            readEntry(it.key(), it.value(), json::childPath(path, it.key()));
        }
        return map;
    }
    if (!value.is_array()) {
        json::fail(ParseError::Kind::WrongType, path,
                   QStringLiteral("expected a list of {group: [fallbacks]} objects"));
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const Json &entry = value[i];
        const QString where = json::childPath(path, i);
        if (!entry.is_object()) {
            json::fail(ParseError::Kind::WrongType, where,
                       QStringLiteral("expected a {group: [fallbacks]} object"));
        }
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            readEntry(it.key(), it.value(), json::childPath(where, it.key()));
        }
    }
    return map;
}

std::vector<std::pair<QString, int>> readPolicy(const Json &object, std::string_view key,
                                                const QString &path)
{
    std::vector<std::pair<QString, int>> policy;
    const Json *value = json::member(object, key);
    if (value == nullptr) {
        return policy;
    }
    const QString where = json::childPath(path, key);
    if (!value->is_object()) {
        json::fail(ParseError::Kind::WrongType, where, QStringLiteral("expected an object"));
    }
    for (auto it = value->begin(); it != value->end(); ++it) {
        const auto count = json::integer(*value, it.key(), where);
        if (count && (*count < 0 || *count > 1000000)) {
            json::fail(ParseError::Kind::OutOfRange, json::childPath(where, it.key()),
                       QStringLiteral("%1 is not a sensible count").arg(*count));
        }
        policy.emplace_back(QString::fromStdString(it.key()), int(count.value_or(0)));
    }
    return policy;
}

std::optional<int> smallInteger(const Json &object, std::string_view key, const QString &path,
                                int maximum)
{
    const auto value = json::integer(object, key, path);
    if (value && (*value < 0 || *value > maximum)) {
        json::fail(ParseError::Kind::OutOfRange, json::childPath(path, key),
                   QStringLiteral("%1 is outside 0…%2").arg(*value).arg(maximum));
    }
    return value ? std::optional<int>(int(*value)) : std::nullopt;
}

std::optional<double> seconds(const Json &object, std::string_view key, const QString &path)
{
    const auto value = json::number(object, key, path);
    if (value && (*value < 0 || *value > 86400.0 * 365)) {
        json::fail(ParseError::Kind::OutOfRange, json::childPath(path, key),
                   QStringLiteral("%1 seconds is out of range").arg(*value));
    }
    return value;
}

Json policyToJson(const std::vector<std::pair<QString, int>> &policy)
{
    Json object = Json::object();
    for (const auto &[name, count] : policy) {
        object[name.toStdString()] = count;
    }
    return object;
}

} // namespace

ParseResult<RouterSettingsUpdate>
readRouterSettingsJson(const Json &object, const RouterSettingsUpdate &base, const QString &path)
{
    try {
        if (!object.is_object()) {
            json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected an object"));
        }
        RouterSettingsUpdate update = base;
        RouterSettings &s = update.settings;
        FallbackConfig &f = update.fallbacks;
        if (json::member(object, "routing_strategy") != nullptr) {
            s.routingStrategy = json::string(object, "routing_strategy", path);
        }
        if (const auto v = smallInteger(object, "num_retries", path, 100)) {
            s.numRetries = v;
        }
        if (const auto v = seconds(object, "retry_after", path)) {
            s.retryAfter = v;
        }
        if (const auto v = smallInteger(object, "allowed_fails", path, 1000000)) {
            s.allowedFails = v;
        }
        if (const auto v = seconds(object, "cooldown_time", path)) {
            s.cooldownTime = v;
        }
        if (const auto v = json::boolean(object, "disable_cooldowns", path)) {
            s.disableCooldowns = v;
        }
        if (const auto v = json::boolean(object, "enable_pre_call_checks", path)) {
            s.enablePreCallChecks = v;
        }
        if (json::member(object, "retry_policy") != nullptr) {
            s.retryPolicy = readPolicy(object, "retry_policy", path);
        }
        if (json::member(object, "allowed_fails_policy") != nullptr) {
            s.allowedFailsPolicy = readPolicy(object, "allowed_fails_policy", path);
        }
        if (const Json *v = json::member(object, "fallbacks")) {
            f.fallbacks = readFallbackMap(*v, json::childPath(path, "fallbacks"));
        }
        if (const Json *v = json::member(object, "context_window_fallbacks")) {
            f.contextWindowFallbacks =
                readFallbackMap(*v, json::childPath(path, "context_window_fallbacks"));
        }
        if (const Json *v = json::member(object, "content_policy_fallbacks")) {
            f.contentPolicyFallbacks =
                readFallbackMap(*v, json::childPath(path, "content_policy_fallbacks"));
        }
        if (json::member(object, "default_fallbacks") != nullptr) {
            f.defaultFallbacks = json::stringList(object, "default_fallbacks", path);
        }
        if (const auto v = smallInteger(object, "max_fallbacks", path, 1000)) {
            f.maxFallbacks = v;
        }
        return update;
    } catch (const json::FieldError &e) {
        return e.error();
    }
}

Json fallbackMapToJson(const FallbackMap &map)
{
    Json list = Json::array();
    for (const auto &[group, targets] : map) {
        Json names = Json::array();
        for (const QString &target : targets) {
            names.push_back(target.toStdString());
        }
        list.push_back(Json::object({{group.toStdString(), names}}));
    }
    return list;
}

Json routerSettingsToJson(const RouterSettings &s, const FallbackConfig &f)
{
    Json object = Json::object();
    if (!s.routingStrategy.isEmpty()) {
        object["routing_strategy"] = s.routingStrategy.toStdString();
    }
    if (s.numRetries) {
        object["num_retries"] = *s.numRetries;
    }
    if (s.retryAfter) {
        object["retry_after"] = *s.retryAfter;
    }
    if (s.allowedFails) {
        object["allowed_fails"] = *s.allowedFails;
    }
    if (s.cooldownTime) {
        object["cooldown_time"] = *s.cooldownTime;
    }
    if (s.disableCooldowns) {
        object["disable_cooldowns"] = *s.disableCooldowns;
    }
    if (s.enablePreCallChecks) {
        object["enable_pre_call_checks"] = *s.enablePreCallChecks;
    }
    if (!s.retryPolicy.empty()) {
        object["retry_policy"] = policyToJson(s.retryPolicy);
    }
    if (!s.allowedFailsPolicy.empty()) {
        object["allowed_fails_policy"] = policyToJson(s.allowedFailsPolicy);
    }
    object["fallbacks"] = fallbackMapToJson(f.fallbacks);
    object["context_window_fallbacks"] = fallbackMapToJson(f.contextWindowFallbacks);
    object["content_policy_fallbacks"] = fallbackMapToJson(f.contentPolicyFallbacks);
    if (!f.defaultFallbacks.isEmpty()) {
        Json names = Json::array();
        for (const QString &name : f.defaultFallbacks) {
            names.push_back(name.toStdString());
        }
        object["default_fallbacks"] = names;
    }
    if (f.maxFallbacks) {
        object["max_fallbacks"] = *f.maxFallbacks;
    }
    return object;
}

} // namespace headroom
