// parseConfigYaml: LiteLLM's config.yaml → ProxyConfig.
#include "config/proxyconfig.h"
#include "config/yamlload.h"
#include "config/yamlvalue.h"

#include <limits>
#include <QHash>
#include <yaml-cpp/yaml.h>

namespace headroom {

namespace {

using yaml::Failure;
using yaml::isAbsent;
using yaml::keyPath;
using yaml::lookup;

constexpr qint64 kMaxInt = std::numeric_limits<int>::max();
constexpr qint64 kMaxInt64 = std::numeric_limits<qint64>::max();
constexpr double kMaxReal = std::numeric_limits<double>::max();

std::optional<int> readCount(const YAML::Node &node, const QString &path)
{
    const auto value = yaml::readInteger(node, path, 0, kMaxInt);
    return value ? std::optional<int>(int(*value)) : std::nullopt;
}

// A required string: LiteLLM refuses a deployment without model_name or litellm_params.model.
QString readRequired(const YAML::Node &map, std::string_view key, const QString &parent)
{
    const YAML::Node node = lookup(map, key);
    const QString path = keyPath(parent, key);
    const auto value = yaml::readString(node, path);
    if (!value) {
        yaml::fail(
            ParseError::Kind::MissingField, map, path,
            QStringLiteral("%1 is required").arg(QLatin1String(key.data(), qsizetype(key.size()))));
    }
    return *value;
}

Deployment readDeployment(const YAML::Node &entry, const QString &path)
{
    yaml::expectMap(entry, path);
    Deployment deployment;
    deployment.group = readRequired(entry, "model_name", path);

    const QString paramsPath = keyPath(path, "litellm_params");
    const YAML::Node params = lookup(entry, "litellm_params");
    if (!yaml::expectMap(params, paramsPath)) {
        yaml::fail(ParseError::Kind::MissingField, entry, paramsPath,
                   QStringLiteral("litellm_params is required"));
    }
    const QString infoPath = keyPath(path, "model_info");
    const YAML::Node info = lookup(entry, "model_info");
    yaml::expectMap(info, infoPath);

    const auto read = [](const YAML::Node &map, std::string_view key, const QString &parent) {
        return yaml::readString(lookup(map, key), keyPath(parent, key)).value_or(QString());
    };
    // rpm/tpm are read from litellm_params first, then model_info (both are honoured by LiteLLM).
    const auto limit = [&](std::string_view key) {
        auto value = yaml::readInteger(lookup(params, key), keyPath(paramsPath, key), 0, kMaxInt64);
        return value ? value
                     : yaml::readInteger(lookup(info, key), keyPath(infoPath, key), 0, kMaxInt64);
    };

    deployment.model = readRequired(params, "model", paramsPath);
    deployment.apiBase = read(params, "api_base", paramsPath);
    // Only the fingerprint is kept: the key itself never leaves this function.
    const QString apiKey = read(params, "api_key", paramsPath);
    if (!apiKey.isEmpty()) {
        deployment.credentialFingerprint = credentialFingerprint(apiKey);
    }
    deployment.rpm = limit("rpm");
    deployment.tpm = limit("tpm");
    deployment.weight =
        yaml::readNumber(lookup(params, "weight"), keyPath(paramsPath, "weight"), 0, kMaxReal);
    if (const auto order = yaml::readInteger(lookup(params, "order"), keyPath(paramsPath, "order"),
                                             std::numeric_limits<int>::min(), kMaxInt)) {
        deployment.order = int(*order);
    }
    deployment.cooldownTime = yaml::readNumber(lookup(params, "cooldown_time"),
                                               keyPath(paramsPath, "cooldown_time"), 0, kMaxReal);

    const QString provider = read(params, "custom_llm_provider", paramsPath);
    if (!provider.isEmpty()) {
        deployment.provider = provider;
    } else if (!yaml::isEnvReference(deployment.model.toStdString())) {
        deployment.provider = providerForModel(deployment.model);
    } // else: the model comes from the proxy's environment, so its provider is unknown here.

    deployment.id = read(info, "id", infoPath);
    deployment.mode = read(info, "mode", infoPath);
    deployment.maxInputTokens = yaml::readInteger(
        lookup(info, "max_input_tokens"), keyPath(infoPath, "max_input_tokens"), 0, kMaxInt64);
    deployment.maxOutputTokens = yaml::readInteger(
        lookup(info, "max_output_tokens"), keyPath(infoPath, "max_output_tokens"), 0, kMaxInt64);
    deployment.dbModel =
        yaml::readBool(lookup(info, "db_model"), keyPath(infoPath, "db_model")).value_or(false);
    return deployment;
}

QStringList readTargets(const YAML::Node &node, const QString &path)
{
    QStringList targets;
    if (!yaml::expectSequence(node, path)) {
        return targets;
    }
    std::size_t index = 0;
    for (auto it = node.begin(); it != node.end(); ++it, ++index) {
        if (const auto target = yaml::readString(*it, yaml::indexPath(path, index))) {
            targets.append(*target);
        }
    }
    return targets;
}

// One {group: [targets]} map (or several keys in one map). A key repeated inside one map keeps
// its last value, as PyYAML does; a group already listed by an earlier entry keeps the earlier
// targets, as LiteLLM's lookup stops at the first entry naming the group.
void readFallbackEntry(const YAML::Node &map, const QString &path, FallbackMap &into,
                       QHash<QString, qsizetype> &seen, QHash<QString, qsizetype> &local)
{
    local.clear();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) {
            yaml::fail(ParseError::Kind::WrongType, it->first, path,
                       QStringLiteral("expected a model group name as key"));
        }
        const std::string &name = it->first.Scalar();
        const QString group = QString::fromStdString(name);
        QStringList targets = readTargets(it->second, keyPath(path, name));
        if (const auto found = local.constFind(group); found != local.constEnd()) {
            into[std::size_t(*found)].second = std::move(targets);
        } else if (!seen.contains(group)) {
            local.insert(group, qsizetype(into.size()));
            seen.insert(group, qsizetype(into.size()));
            into.emplace_back(group, std::move(targets));
        }
    }
}

FallbackMap readFallbackMap(const YAML::Node &node, const QString &path)
{
    FallbackMap map;
    QHash<QString, qsizetype> seen;
    QHash<QString, qsizetype> local;
    if (node.IsMap()) {
        readFallbackEntry(node, path, map, seen, local);
        return map;
    }
    if (!yaml::expectSequence(node, path)) {
        return map;
    }
    std::size_t index = 0;
    for (auto it = node.begin(); it != node.end(); ++it, ++index) {
        const QString entryPath = yaml::indexPath(path, index);
        if (it->IsMap()) {
            readFallbackEntry(*it, entryPath, map, seen, local);
        } else if (!it->IsNull() && !it->IsScalar()) {
            yaml::fail(ParseError::Kind::WrongType, *it, entryPath,
                       QStringLiteral("expected {group: [fallback groups]}"));
        }
        // A bare group name is the client-side format ("fallbacks": ["gpt-4"] in a request
        // body); the router matches no group against it, so it is skipped, not an error.
    }
    return map;
}

std::vector<std::pair<QString, int>> readPolicy(const YAML::Node &node, const QString &path)
{
    std::vector<std::pair<QString, int>> policy;
    if (!yaml::expectMap(node, path)) {
        return policy;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) {
            yaml::fail(ParseError::Kind::WrongType, it->first, path,
                       QStringLiteral("expected an exception name as key"));
        }
        const std::string &name = it->first.Scalar();
        if (const auto count = readCount(it->second, keyPath(path, name))) {
            const QString key = QString::fromStdString(name);
            const auto same = std::find_if(policy.begin(), policy.end(),
                                           [&](const auto &entry) { return entry.first == key; });
            if (same != policy.end()) {
                same->second = *count; // repeated key: the last one wins, as in PyYAML
            } else {
                policy.emplace_back(key, *count);
            }
        }
    }
    return policy;
}

bool isUnset(const QString &value)
{
    return value.isEmpty();
}
template<typename T>
bool isUnset(const std::optional<T> &value)
{
    return !value.has_value();
}
template<typename T>
bool isUnset(const std::vector<T> &value)
{
    return value.empty();
}
bool isUnset(const QStringList &value)
{
    return value.isEmpty();
}

struct Sections {
    YAML::Node router;
    YAML::Node litellm;
};

// router_settings' value unless it is absent, else litellm_settings' one. An unset value (null,
// an empty list) defers as well: LiteLLM's Router takes `fallbacks or litellm.fallbacks`.
template<typename Read>
auto readSetting(const Sections &sections, std::string_view key, Read read,
                 SettingsSection *source = nullptr)
{
    const YAML::Node inRouter = lookup(sections.router, key);
    auto value = read(inRouter, keyPath(QStringLiteral("router_settings"), key));
    if (!isUnset(value)) {
        if (source != nullptr) {
            *source = SettingsSection::RouterSettings;
        }
        return value;
    }
    const YAML::Node inLitellm = lookup(sections.litellm, key);
    value = read(inLitellm, keyPath(QStringLiteral("litellm_settings"), key));
    if (source != nullptr && !isUnset(value)) {
        *source = SettingsSection::LitellmSettings;
    }
    return value;
}

RouterSettings readRouterSettings(const Sections &sections)
{
    RouterSettings router;
    const auto count = [](const YAML::Node &node, const QString &path) {
        return readCount(node, path);
    };
    const auto seconds = [](const YAML::Node &node, const QString &path) {
        return yaml::readNumber(node, path, 0, kMaxReal);
    };
    router.routingStrategy =
        readSetting(sections, "routing_strategy", [](const auto &node, const auto &path) {
            return yaml::readString(node, path).value_or(QString());
        });
    router.numRetries = readSetting(sections, "num_retries", count);
    router.retryAfter = readSetting(sections, "retry_after", seconds);
    router.allowedFails = readSetting(sections, "allowed_fails", count);
    router.cooldownTime = readSetting(sections, "cooldown_time", seconds);
    router.disableCooldowns = readSetting(sections, "disable_cooldowns", yaml::readBool);
    router.enablePreCallChecks = readSetting(sections, "enable_pre_call_checks", yaml::readBool);
    router.retryPolicy = readSetting(sections, "retry_policy", readPolicy);
    router.allowedFailsPolicy = readSetting(sections, "allowed_fails_policy", readPolicy);
    return router;
}

// fallbacksSource: router_settings if it supplied any fallback value, else litellm_settings if
// that did, else None.
FallbackConfig readFallbacks(const Sections &sections, SettingsSection &source)
{
    FallbackConfig fallbacks;
    SettingsSection sources[5] = {};
    fallbacks.fallbacks = readSetting(sections, "fallbacks", readFallbackMap, &sources[0]);
    fallbacks.contextWindowFallbacks =
        readSetting(sections, "context_window_fallbacks", readFallbackMap, &sources[1]);
    fallbacks.contentPolicyFallbacks =
        readSetting(sections, "content_policy_fallbacks", readFallbackMap, &sources[2]);
    fallbacks.defaultFallbacks =
        readSetting(sections, "default_fallbacks", readTargets, &sources[3]);
    fallbacks.maxFallbacks = readSetting(sections, "max_fallbacks", readCount, &sources[4]);
    source = SettingsSection::None;
    for (const SettingsSection from : sources) {
        if (from == SettingsSection::RouterSettings ||
            (from == SettingsSection::LitellmSettings && source == SettingsSection::None)) {
            source = from;
        }
    }
    return fallbacks;
}

bool hasPrometheusCallback(const YAML::Node &litellm)
{
    for (const char *key : {"callbacks", "success_callback"}) {
        const YAML::Node node = lookup(litellm, key);
        const QString path = keyPath(QStringLiteral("litellm_settings"), key);
        if (isAbsent(node)) {
            continue;
        }
        if (node.IsScalar()) {
            if (node.Scalar() == "prometheus") {
                return true;
            }
            continue;
        }
        yaml::expectSequence(node, path);
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it->IsScalar() && it->Scalar() == "prometheus") {
                return true;
            }
        }
    }
    return false;
}

} // namespace

// An empty document (or one holding only comments) is a valid config with nothing in it: a
// proxy started from it simply has no deployments. Its document() is an empty map.
ParseResult<ProxyConfig> parseConfigYaml(std::string_view yaml, const ParseLimits &limits)
{
    try {
        ParseResult<YAML::Node> loaded = yaml::loadDocument(yaml, limits);
        if (!loaded) {
            return loaded.error();
        }
        YAML::Node root = std::move(loaded).value();
        if (root.IsNull()) {
            root = YAML::Node(YAML::NodeType::Map);
        }
        if (!root.IsMap()) {
            yaml::fail(ParseError::Kind::WrongType, root, QString(),
                       QStringLiteral("expected a map at the top level of config.yaml"));
        }

        ProxyConfig config;
        const YAML::Node models = lookup(root, "model_list");
        if (yaml::expectSequence(models, QStringLiteral("model_list"))) {
            std::size_t index = 0;
            for (auto it = models.begin(); it != models.end(); ++it, ++index) {
                if (!it->IsNull()) { // an empty "- " item is no deployment
                    config.deployments.push_back(
                        readDeployment(*it, yaml::indexPath(QStringLiteral("model_list"), index)));
                }
            }
        }

        Sections sections{lookup(root, "router_settings"), lookup(root, "litellm_settings")};
        yaml::expectMap(sections.router, QStringLiteral("router_settings"));
        yaml::expectMap(sections.litellm, QStringLiteral("litellm_settings"));
        config.router = readRouterSettings(sections);
        config.fallbacks = readFallbacks(sections, config.fallbacksSource);
        config.prometheusCallback = hasPrometheusCallback(sections.litellm);

        const YAML::Node general = lookup(root, "general_settings");
        const QString generalPath = QStringLiteral("general_settings");
        yaml::expectMap(general, generalPath);
        config.storeModelInDb = yaml::readBool(lookup(general, "store_model_in_db"),
                                               keyPath(generalPath, "store_model_in_db"))
                                    .value_or(false);
        const QString masterKey =
            yaml::readString(lookup(general, "master_key"), keyPath(generalPath, "master_key"))
                .value_or(QString());
        if (!masterKey.isEmpty()) {
            config.masterKeyFingerprint = credentialFingerprint(masterKey);
        }

        config.m_document = std::make_unique<YAML::Node>(root);
        config.m_parsedRouter = std::make_unique<RouterSettings>(config.router);
        config.m_parsedFallbacks = std::make_unique<FallbackConfig>(config.fallbacks);
        return config;
    } catch (const yaml::Failure &failure) {
        return failure.error;
    } catch (const YAML::Exception &e) {
        return yaml::errorAt(ParseError::Kind::Syntax, e.mark, QString::fromStdString(e.msg));
    } catch (const std::exception &e) {
        ParseError error;
        error.message = QString::fromLocal8Bit(e.what());
        return error;
    }
}

} // namespace headroom
