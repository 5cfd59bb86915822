#include "push/pushplan.h"

#include "config/adminbodies.h"
#include "config/routersettingsjson.h"

#include <algorithm>
#include <QUrl>

namespace headroom::push {

namespace {

using Json = nlohmann::json;

const QString kWildcard = QStringLiteral("*");

// Keys LiteLLM's UpdateRouterConfig knows: POST /config/update keeps these and drops the rest.
const QStringList &updatableSettings()
{
    static const QStringList names = {
        QStringLiteral("routing_strategy"), QStringLiteral("num_retries"),
        QStringLiteral("retry_after"),      QStringLiteral("allowed_fails"),
        QStringLiteral("cooldown_time"),    QStringLiteral("retry_policy"),
    };
    return names;
}

const QString kRestart = QStringLiteral("change it in config.yaml and restart the proxy");

FallbackType typeOf(FallbackKind kind)
{
    switch (kind) {
    case FallbackKind::ContextWindow:
        return FallbackType::ContextWindow;
    case FallbackKind::ContentPolicy:
        return FallbackType::ContentPolicy;
    case FallbackKind::General:
    case FallbackKind::Default:
        break;
    }
    return FallbackType::General;
}

void setList(FallbackMap &map, const QString &group, const QStringList &targets)
{
    const auto entry =
        std::find_if(map.begin(), map.end(), [&](const auto &item) { return item.first == group; });
    if (entry != map.end()) {
        entry->second = targets; // LiteLLM's upsert keeps the group's place
    } else {
        map.emplace_back(group, targets);
    }
}

void removeList(FallbackMap &map, const QString &group)
{
    map.erase(std::remove_if(map.begin(), map.end(),
                             [&](const auto &item) { return item.first == group; }),
              map.end());
}

QString typeQuery(FallbackType type)
{
    return QStringLiteral("fallback_type=") + QLatin1String(fallbackTypeName(type));
}

QString listText(const QStringList &targets)
{
    return u'[' + targets.join(QStringLiteral(", ")) + u']';
}

} // namespace

QString methodName(AdminCall::Method method)
{
    return method == AdminCall::Method::Post ? QStringLiteral("POST") : QStringLiteral("DELETE");
}

QString callLine(const AdminCall &call)
{
    QString line = methodName(call.method) + u' ' + call.path;
    if (!call.query.isEmpty()) {
        line += u'?' + call.query;
    }
    return line;
}

PushPlan planPush(const FallbackChain &live, const FallbackChain &desired)
{
    PushPlan plan;
    plan.diff = diffChains(live, desired);
    plan.expected = live;

    std::vector<AdminCall> upserts;
    std::vector<AdminCall> deletes;
    Json update = Json::object();
    const Json desiredJson = routerSettingsToJson(desired.settings, desired.fallbacks);
    bool contentPolicyCarried = false;

    const FallbackKind kinds[] = {FallbackKind::General, FallbackKind::ContextWindow,
                                  FallbackKind::ContentPolicy};
    for (const FallbackKind kind : kinds) {
        const FallbackType type = typeOf(kind);
        const bool wildcardChanged =
            std::any_of(plan.diff.lists.begin(), plan.diff.lists.end(), [&](const ListChange &c) {
                return c.kind == kind && c.group == kWildcard;
            });
        FallbackMap &expectedMap = fallbackMap(plan.expected.fallbacks, type);
        if (wildcardChanged && kind != FallbackKind::ContentPolicy) {
            // POST /fallback refuses the wildcard group; /config/update replaces the whole list.
            const std::string key = fallbackKindSetting(kind).toStdString();
            update[key] = desiredJson.at(key);
            expectedMap = fallbackMap(desired.fallbacks, type);
            continue;
        }
        for (const ListChange &change : plan.diff.lists) {
            if (change.kind != kind) {
                continue;
            }
            if (change.group == kWildcard) {
                plan.uncarried.push_back(
                    {change.text, QStringLiteral("POST /fallback refuses the wildcard group and "
                                                 "POST /config/update drops "
                                                 "content_policy_fallbacks: %1.")
                                      .arg(kRestart)});
                continue;
            }
            const QString setting = fallbackKindSetting(kind);
            if (!change.after.isEmpty()) {
                AdminCall call;
                call.method = AdminCall::Method::Post;
                call.path = QStringLiteral("/fallback");
                call.body = fallbackRequestToJson({change.group, change.after, type});
                call.what = QStringLiteral("set %1 %2 to %3")
                                .arg(change.group, setting, listText(change.after));
                upserts.push_back(std::move(call));
                setList(expectedMap, change.group, change.after);
            } else {
                AdminCall call;
                call.method = AdminCall::Method::Delete;
                call.path = QStringLiteral("/fallback/") +
                            QString::fromLatin1(QUrl::toPercentEncoding(change.group));
                call.query = typeQuery(type);
                call.what = QStringLiteral("remove %1 %2").arg(change.group, setting);
                deletes.push_back(std::move(call));
                removeList(expectedMap, change.group);
                plan.cautions.append(
                    QStringLiteral("Removing %1 %2: where config.yaml also sets that list, the "
                                   "proxy goes back to the file's list (the read-back shows it).")
                        .arg(change.group, setting));
            }
            contentPolicyCarried = contentPolicyCarried || kind == FallbackKind::ContentPolicy;
        }
    }
    if (contentPolicyCarried) {
        plan.cautions.append(QStringLiteral(
            "content_policy_fallbacks set through POST /fallback reach the other replicas only "
            "when they restart (their reload from the database skips that key)."));
    }
    for (const ListChange &change : plan.diff.lists) {
        if (change.kind == FallbackKind::Default) {
            plan.uncarried.push_back(
                {change.text, QStringLiteral("POST /config/update drops default_fallbacks and "
                                             "POST /fallback has no type for it: %1.")
                                  .arg(kRestart)});
        }
    }

    for (const SettingChange &change : plan.diff.settings) {
        if (!updatableSettings().contains(change.name)) {
            plan.uncarried.push_back(
                {change.text, QStringLiteral("POST /config/update drops %1 silently (LiteLLM's "
                                             "UpdateRouterConfig has no such field) and no other "
                                             "admin call sets it: %2.")
                                  .arg(change.name, kRestart)});
            continue;
        }
        const std::string key = change.name.toStdString();
        if (!desiredJson.contains(key)) {
            plan.uncarried.push_back(
                {change.text,
                 QStringLiteral("the admin API cannot remove a router setting (POST "
                                "/config/update merges the keys it is sent over the stored "
                                "ones): give %1 an explicit value, or remove it from config.yaml "
                                "and restart the proxy.")
                     .arg(change.name)});
            continue;
        }
        update[key] = desiredJson.at(key);
        copySetting(change.name, plan.expected, desired);
    }

    plan.calls = std::move(upserts);
    if (!update.empty()) {
        AdminCall call;
        call.method = AdminCall::Method::Post;
        call.path = QStringLiteral("/config/update");
        call.body = {{"router_settings", update}};
        QStringList keys;
        for (const auto &item : update.items()) {
            keys.append(QString::fromStdString(item.key()));
        }
        call.what =
            QStringLiteral("update router settings: %1").arg(keys.join(QStringLiteral(", ")));
        plan.calls.push_back(std::move(call));
    }
    for (AdminCall &call : deletes) {
        plan.calls.push_back(std::move(call));
    }
    return plan;
}

} // namespace headroom::push
