#include "applyinput.h"

#include "config/proxyconfig.h"
#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"
#include "push/chaindiff.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace headroom::app {

namespace {

constexpr qint64 kMaxBytes = 4LL * 1024 * 1024;

const QStringList &fallbackKeys()
{
    static const QStringList keys = {
        QStringLiteral("fallbacks"), QStringLiteral("context_window_fallbacks"),
        QStringLiteral("content_policy_fallbacks"), QStringLiteral("default_fallbacks")};
    return keys;
}

const QStringList &settingKeys()
{
    static const QStringList keys = {QStringLiteral("routing_strategy"),
                                     QStringLiteral("num_retries"),
                                     QStringLiteral("retry_after"),
                                     QStringLiteral("allowed_fails"),
                                     QStringLiteral("cooldown_time"),
                                     QStringLiteral("disable_cooldowns"),
                                     QStringLiteral("enable_pre_call_checks"),
                                     QStringLiteral("retry_policy"),
                                     QStringLiteral("allowed_fails_policy"),
                                     QStringLiteral("max_fallbacks")};
    return keys;
}

// The keys of settingKeys() that `settings` gives a value (as routerSettingsToJson writes them).
QStringList settingsWithValues(const FallbackChain &chain)
{
    const nlohmann::json object = routerSettingsToJson(chain.settings, chain.fallbacks);
    QStringList out;
    for (const QString &key : settingKeys()) {
        if (object.contains(key.toStdString())) {
            out.append(key);
        }
    }
    return out;
}

ApplyInput fromConfig(const ProxyConfig &config)
{
    ApplyInput input;
    input.kind = QStringLiteral("config.yaml");
    input.values.fallbacks = config.fallbacks;
    input.values.settings = config.router;
    // A config.yaml is the whole configuration: a fallback list it lacks is a list it has not.
    input.keys = fallbackKeys() + settingsWithValues(input.values);
    return input;
}

ApplyInput fromJsonFragment(const nlohmann::json &object)
{
    ApplyInput input;
    input.kind = QStringLiteral("router settings fragment");
    const nlohmann::json *settings =
        object.is_object() ? json::member(object, "router_settings") : nullptr;
    const nlohmann::json &fragment = settings != nullptr ? *settings : object;
    const QString path = settings != nullptr ? QStringLiteral("/router_settings") : QString();
    const auto read = readRouterSettingsJson(fragment, RouterSettingsUpdate{}, path);
    if (!read) {
        input.problem = read.error().toString();
        return input;
    }
    input.values.fallbacks = read->fallbacks;
    input.values.settings = read->settings;
    for (const QString &key : fallbackKeys() + settingKeys()) {
        if (fragment.contains(key.toStdString())) {
            input.keys.append(key);
        }
    }
    return input;
}

// A YAML fragment: read as the router_settings of a config.yaml, with the keys it names at its
// top level (column 0 of a block mapping).
ApplyInput fromYamlFragment(const QByteArray &bytes)
{
    ApplyInput input;
    input.kind = QStringLiteral("router settings fragment");
    QByteArray wrapped = "router_settings:\n";
    for (const QByteArray &line : bytes.split('\n')) {
        wrapped += "  " + line + '\n';
    }
    const auto config = parseConfigYaml({wrapped.constData(), std::size_t(wrapped.size())});
    if (!config) {
        ParseError error = config.error();
        // Say where in the file, not in the wrapped text.
        error.line = std::max(0, error.line - 1);
        error.column = std::max(0, error.column - 2);
        error.offset = -1;
        input.problem = error.toString();
        return input;
    }
    input.values.fallbacks = config->fallbacks;
    input.values.settings = config->router;
    static const QRegularExpression topKey(QStringLiteral("^([A-Za-z_]+)\\s*:"),
                                           QRegularExpression::MultilineOption);
    const QString text = QString::fromUtf8(bytes);
    auto matches = topKey.globalMatch(text);
    while (matches.hasNext()) {
        const QString key = matches.next().captured(1);
        if ((fallbackKeys().contains(key) || settingKeys().contains(key)) &&
            !input.keys.contains(key)) {
            input.keys.append(key);
        }
    }
    return input;
}

} // namespace

ApplyInput readApplyInput(const QString &path)
{
    ApplyInput input;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        input.problem = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return input;
    }
    if (file.size() > kMaxBytes) {
        input.problem = QStringLiteral("%1 is over the %2-byte limit").arg(path).arg(kMaxBytes);
        return input;
    }
    const QByteArray bytes = file.read(kMaxBytes + 1);
    const std::string_view view(bytes.constData(), std::size_t(bytes.size()));
    const QString trimmed = QString::fromUtf8(bytes).trimmed();
    if (trimmed.startsWith(u'{')) {
        const auto document = json::parse(view);
        if (!document) {
            input.problem = QStringLiteral("%1 is not JSON Headroom can read: %2")
                                .arg(path, document.error().toString());
            return input;
        }
        input = fromJsonFragment(document.value());
    } else {
        const auto config = parseConfigYaml(view);
        if (!config) {
            input.problem = QStringLiteral("%1 is not YAML Headroom can read: %2")
                                .arg(path, config.error().toString());
            return input;
        }
        const bool isConfig = !config->deployments.empty() ||
                              config->fallbacksSource != SettingsSection::None ||
                              !(config->router == RouterSettings{});
        input = isConfig ? fromConfig(config.value()) : fromYamlFragment(bytes);
    }
    if (!input.problem.isEmpty()) {
        input.problem = QStringLiteral("%1: %2").arg(path, input.problem);
    } else if (input.keys.isEmpty()) {
        input.problem = QStringLiteral("%1 sets no fallbacks and no router setting Headroom can "
                                       "push (fallbacks, context_window_fallbacks, num_retries, "
                                       "…)")
                            .arg(path);
    }
    return input;
}

FallbackChain applyInputTo(const FallbackChain &live, const ApplyInput &input)
{
    FallbackChain desired = live;
    for (const QString &key : input.keys) {
        if (key == u"fallbacks") {
            desired.fallbacks.fallbacks = input.values.fallbacks.fallbacks;
        } else if (key == u"context_window_fallbacks") {
            desired.fallbacks.contextWindowFallbacks =
                input.values.fallbacks.contextWindowFallbacks;
        } else if (key == u"content_policy_fallbacks") {
            desired.fallbacks.contentPolicyFallbacks =
                input.values.fallbacks.contentPolicyFallbacks;
        } else if (key == u"default_fallbacks") {
            desired.fallbacks.defaultFallbacks = input.values.fallbacks.defaultFallbacks;
        } else {
            push::copySetting(key, desired, input.values);
        }
    }
    return desired;
}

} // namespace headroom::app
