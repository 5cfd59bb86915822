// writeConfigYaml: ProxyConfig → config.yaml, touching only the values Headroom manages.
#include "config/proxyconfig.h"
#include "config/yamlemit.h"
#include "config/yamlvalue.h"

#include <charconv>
#include <cmath>
#include <string>
#include <yaml-cpp/yaml.h>

namespace headroom {

namespace {

// Strings are written quoted so PyYAML reads them back as strings whatever they look like.
YAML::Node stringNode(const QString &text)
{
    YAML::Node node(text.toStdString());
    node.SetTag("!");
    return node;
}

YAML::Node integerNode(qint64 value)
{
    return YAML::Node(std::to_string(value));
}

// Shortest text that reads back as the same double; PyYAML (YAML 1.1) needs a '.' in a float
// with an exponent, or it reads a string.
YAML::Node realNode(double value)
{
    if (value == std::trunc(value) && std::fabs(value) < 1e15) {
        return integerNode(qint64(value));
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string text(buffer, result.ptr);
    const auto exponent = text.find_first_of("eE");
    if (text.find('.') == std::string::npos && exponent != std::string::npos) {
        text.insert(exponent, ".0");
    }
    return YAML::Node(text);
}

YAML::Node boolNode(bool value)
{
    return YAML::Node(std::string(value ? "true" : "false"));
}

YAML::Node flowList(const QStringList &items)
{
    YAML::Node list(YAML::NodeType::Sequence);
    list.SetStyle(YAML::EmitterStyle::Flow);
    for (const QString &item : items) {
        list.push_back(stringNode(item));
    }
    return list;
}

// LiteLLM's documented shape: [{"group": ["fallback", …]}, …].
YAML::Node fallbackNode(const FallbackMap &map)
{
    YAML::Node list(YAML::NodeType::Sequence);
    list.SetStyle(YAML::EmitterStyle::Flow);
    for (const auto &[group, targets] : map) {
        YAML::Node entry(YAML::NodeType::Map);
        entry.SetStyle(YAML::EmitterStyle::Flow);
        entry.force_insert(stringNode(group), flowList(targets));
        list.push_back(entry);
    }
    return list;
}

YAML::Node policyNode(const std::vector<std::pair<QString, int>> &policy)
{
    YAML::Node map(YAML::NodeType::Map);
    for (const auto &[name, count] : policy) {
        map.force_insert(stringNode(name), integerNode(count));
    }
    return map;
}

// A managed key's new value; nullopt removes the key (back to LiteLLM's default).
struct Change {
    std::string key;
    std::optional<YAML::Node> value;
};

class Changes {
public:
    std::vector<Change> list;

    template<typename T, typename Make>
    void compare(const char *key, const T &now, const T &before, Make make)
    {
        if (now != before) {
            list.push_back(Change{key, isEmpty(now) ? std::nullopt : std::optional(make(now))});
        }
    }

private:
    static bool isEmpty(const QString &value) { return value.isEmpty(); }
    template<typename T>
    static bool isEmpty(const std::optional<T> &value)
    {
        return !value;
    }
    template<typename T>
    static bool isEmpty(const T &value)
    {
        return value.empty();
    }
};

template<typename T, typename Make>
auto optional(Make make)
{
    return [make](const std::optional<T> &value) {
        return make(*value);
    };
}

Changes changesBetween(const RouterSettings &now, const RouterSettings &before,
                       const FallbackConfig &nowFallbacks, const FallbackConfig &beforeFallbacks)
{
    Changes changes;
    changes.compare("routing_strategy", now.routingStrategy, before.routingStrategy, stringNode);
    changes.compare("num_retries", now.numRetries, before.numRetries, optional<int>(integerNode));
    changes.compare("retry_after", now.retryAfter, before.retryAfter, optional<double>(realNode));
    changes.compare("allowed_fails", now.allowedFails, before.allowedFails,
                    optional<int>(integerNode));
    changes.compare("cooldown_time", now.cooldownTime, before.cooldownTime,
                    optional<double>(realNode));
    changes.compare("disable_cooldowns", now.disableCooldowns, before.disableCooldowns,
                    optional<bool>(boolNode));
    changes.compare("enable_pre_call_checks", now.enablePreCallChecks, before.enablePreCallChecks,
                    optional<bool>(boolNode));
    changes.compare("retry_policy", now.retryPolicy, before.retryPolicy, policyNode);
    changes.compare("allowed_fails_policy", now.allowedFailsPolicy, before.allowedFailsPolicy,
                    policyNode);
    changes.compare("fallbacks", nowFallbacks.fallbacks, beforeFallbacks.fallbacks, fallbackNode);
    changes.compare("context_window_fallbacks", nowFallbacks.contextWindowFallbacks,
                    beforeFallbacks.contextWindowFallbacks, fallbackNode);
    changes.compare("content_policy_fallbacks", nowFallbacks.contentPolicyFallbacks,
                    beforeFallbacks.contentPolicyFallbacks, fallbackNode);
    changes.compare("default_fallbacks", nowFallbacks.defaultFallbacks,
                    beforeFallbacks.defaultFallbacks, flowList);
    changes.compare("max_fallbacks", nowFallbacks.maxFallbacks, beforeFallbacks.maxFallbacks,
                    optional<int>(integerNode));
    return changes;
}

const Change *changeFor(const std::vector<Change> &changes, const YAML::Node &key)
{
    if (!key.IsScalar()) {
        return nullptr;
    }
    for (const Change &change : changes) {
        if (change.key == key.Scalar()) {
            return &change;
        }
    }
    return nullptr;
}

// A new map with the old one's pairs in order, the changed keys replaced in place (or removed,
// or, with `set`, appended when new). Building a new map instead of assigning into the old one
// matters: yaml-cpp assigns through aliases, so an edit would also change every place that
// shares the node. Repeated keys collapse into one (PyYAML would have kept the last).
YAML::Node rebuilt(const YAML::Node &old, const std::vector<Change> &changes, bool set)
{
    YAML::Node map(YAML::NodeType::Map);
    std::vector<bool> done(changes.size(), false);
    if (old.IsMap()) {
        map.SetStyle(old.Style());
        for (auto it = old.begin(); it != old.end(); ++it) {
            const Change *change = changeFor(changes, it->first);
            if (change == nullptr) {
                map.force_insert(it->first, it->second);
                continue;
            }
            const auto index = std::size_t(change - changes.data());
            if (set && change->value && !done[index]) {
                map.force_insert(it->first, *change->value);
            }
            done[index] = true;
        }
    }
    for (std::size_t i = 0; set && i < changes.size(); ++i) {
        if (!done[i] && changes[i].value) {
            map.force_insert(YAML::Node(changes[i].key), *changes[i].value);
        }
    }
    return map;
}

bool holdsAny(const YAML::Node &map, const std::vector<Change> &changes)
{
    if (!map.IsMap()) {
        return false;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (changeFor(changes, it->first) != nullptr) {
            return true;
        }
    }
    return false;
}

bool isKey(const YAML::Node &key, const char *name)
{
    return key.IsScalar() && key.Scalar() == name;
}

// The parsed document with router_settings and litellm_settings rebuilt, everything else kept.
YAML::Node updatedDocument(const YAML::Node &document, const std::vector<Change> &changes)
{
    const YAML::Node router = rebuilt(yaml::lookup(document, "router_settings"), changes, true);
    const YAML::Node litellm = yaml::lookup(document, "litellm_settings");
    const bool editLitellm = holdsAny(litellm, changes);

    YAML::Node root(YAML::NodeType::Map);
    root.SetStyle(document.Style());
    bool routerWritten = false;
    for (auto it = document.begin(); it != document.end(); ++it) {
        if (isKey(it->first, "router_settings")) {
            if (!routerWritten) {
                root.force_insert(it->first, router);
                routerWritten = true;
            }
        } else if (isKey(it->first, "litellm_settings") && editLitellm) {
            root.force_insert(it->first, rebuilt(it->second, changes, false));
        } else {
            root.force_insert(it->first, it->second);
        }
    }
    if (!routerWritten) {
        root.force_insert(YAML::Node(std::string("router_settings")), router);
    }
    return root;
}

YAML::Node deploymentNode(const Deployment &deployment)
{
    YAML::Node params(YAML::NodeType::Map);
    params["model"] = stringNode(deployment.model);
    if (!deployment.apiBase.isEmpty()) {
        params["api_base"] = stringNode(deployment.apiBase);
    }
    if (!deployment.provider.isEmpty() &&
        deployment.provider != providerForModel(deployment.model)) {
        params["custom_llm_provider"] = stringNode(deployment.provider);
    }
    if (deployment.rpm) {
        params["rpm"] = integerNode(*deployment.rpm);
    }
    if (deployment.tpm) {
        params["tpm"] = integerNode(*deployment.tpm);
    }
    if (deployment.weight) {
        params["weight"] = realNode(*deployment.weight);
    }
    if (deployment.order) {
        params["order"] = integerNode(*deployment.order);
    }
    if (deployment.cooldownTime) {
        params["cooldown_time"] = realNode(*deployment.cooldownTime);
    }
    YAML::Node info(YAML::NodeType::Map);
    if (!deployment.id.isEmpty()) {
        info["id"] = stringNode(deployment.id);
    }
    if (!deployment.mode.isEmpty()) {
        info["mode"] = stringNode(deployment.mode);
    }
    if (deployment.maxInputTokens) {
        info["max_input_tokens"] = integerNode(*deployment.maxInputTokens);
    }
    if (deployment.maxOutputTokens) {
        info["max_output_tokens"] = integerNode(*deployment.maxOutputTokens);
    }
    if (deployment.dbModel) {
        info["db_model"] = boolNode(true);
    }
    YAML::Node entry(YAML::NodeType::Map);
    entry["model_name"] = stringNode(deployment.group);
    entry["litellm_params"] = params;
    if (info.size() > 0) {
        entry["model_info"] = info;
    }
    return entry;
}

// A config built in code: no api_key can be written (only its fingerprint is known).
YAML::Node freshDocument(const ProxyConfig &config, const std::vector<Change> &changes)
{
    YAML::Node root(YAML::NodeType::Map);
    YAML::Node models(YAML::NodeType::Sequence);
    for (const Deployment &deployment : config.deployments) {
        models.push_back(deploymentNode(deployment));
    }
    root["model_list"] = models;
    root["router_settings"] = rebuilt(YAML::Node(), changes, true);
    if (config.prometheusCallback) {
        YAML::Node litellm(YAML::NodeType::Map);
        litellm["callbacks"] = flowList({QStringLiteral("prometheus")});
        root["litellm_settings"] = litellm;
    }
    if (config.storeModelInDb) {
        YAML::Node general(YAML::NodeType::Map);
        general["store_model_in_db"] = boolNode(true);
        root["general_settings"] = general;
    }
    return root;
}

} // namespace

ParseResult<QByteArray> writeConfigYaml(const ProxyConfig &config)
{
    try {
        if (config.m_document == nullptr) {
            const Changes changes =
                changesBetween(config.router, RouterSettings{}, config.fallbacks, FallbackConfig{});
            return yaml::emitDocument(freshDocument(config, changes.list));
        }
        const Changes changes = changesBetween(
            config.router, config.m_parsedRouter ? *config.m_parsedRouter : RouterSettings{},
            config.fallbacks,
            config.m_parsedFallbacks ? *config.m_parsedFallbacks : FallbackConfig{});
        // A deep copy first: the caller's document must come out of this untouched.
        YAML::Node document = YAML::Clone(*config.m_document);
        if (changes.list.empty()) {
            return yaml::emitDocument(document);
        }
        return yaml::emitDocument(updatedDocument(document, changes.list));
    } catch (const YAML::Exception &e) {
        ParseError error;
        error.message = QStringLiteral("cannot write YAML: ") + QString::fromStdString(e.msg);
        return error;
    }
}

} // namespace headroom
