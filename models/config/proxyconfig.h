#pragma once
// A LiteLLM proxy config.yaml as Headroom understands it: deployments, routing and the fallback
// maps; keeps the whole document so writing it back preserves every key Headroom does not manage.

#include "formats/deployment.h"
#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <memory>
#include <optional>
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace YAML {
class Node;
}

namespace headroom {

// An ordered fallback map: each group's ordered list of fallback groups. Key "*" is the wildcard.
using FallbackMap = std::vector<std::pair<QString, QStringList>>;

enum class SettingsSection { None, RouterSettings, LitellmSettings };

struct FallbackConfig {
    FallbackMap fallbacks;              // general: RateLimitError, 5xx, "No deployments available"
    FallbackMap contextWindowFallbacks; // ContextWindowExceededError
    FallbackMap contentPolicyFallbacks; // ContentPolicyViolationError
    QStringList defaultFallbacks;       // appended by the router as {"*": default_fallbacks}
    std::optional<int> maxFallbacks;    // router default 5

    friend bool operator==(const FallbackConfig &, const FallbackConfig &) = default;
};

struct RouterSettings {
    QString routingStrategy;          // empty = router default (simple-shuffle)
    std::optional<int> numRetries;    // router default 2
    std::optional<double> retryAfter; // seconds
    std::optional<int> allowedFails;
    std::optional<double> cooldownTime; // seconds, router default 5
    std::optional<bool> disableCooldowns;
    std::optional<bool> enablePreCallChecks;
    std::vector<std::pair<QString, int>> retryPolicy;        // e.g. RateLimitErrorRetries: 3
    std::vector<std::pair<QString, int>> allowedFailsPolicy; // e.g. RateLimitErrorAllowedFails

    friend bool operator==(const RouterSettings &, const RouterSettings &) = default;
};

class ProxyConfig {
public:
    ProxyConfig();
    ~ProxyConfig();
    ProxyConfig(const ProxyConfig &other);
    ProxyConfig &operator=(const ProxyConfig &other);
    ProxyConfig(ProxyConfig &&) noexcept;
    ProxyConfig &operator=(ProxyConfig &&) noexcept;

    std::vector<Deployment> deployments;
    RouterSettings router;
    FallbackConfig fallbacks;
    bool storeModelInDb = false;     // general_settings.store_model_in_db: admin API writes work
    bool prometheusCallback = false; // litellm_settings callbacks include "prometheus"
    QString masterKeyFingerprint;    // fingerprint of general_settings.master_key, if set

    // Where each managed value was read from (router_settings wins over litellm_settings).
    SettingsSection fallbacksSource = SettingsSection::None;

    // Model group names in model_list order, without duplicates.
    QStringList groups() const;

    // The document as parsed (unknown keys included); null for a config built in code.
    const YAML::Node *document() const;

private:
    friend ParseResult<ProxyConfig> parseConfigYaml(std::string_view, const ParseLimits &);
    friend ParseResult<QByteArray> writeConfigYaml(const ProxyConfig &);
    std::unique_ptr<YAML::Node> m_document;
    std::unique_ptr<RouterSettings> m_parsedRouter; // as read, to write back only what changed
    std::unique_ptr<FallbackConfig> m_parsedFallbacks;
};

// Reads a LiteLLM config.yaml. Fallbacks, retries and cooldown settings are read from
// router_settings and from litellm_settings; router_settings wins where both have a key.
ParseResult<ProxyConfig> parseConfigYaml(std::string_view yaml, const ParseLimits &limits = {});

// Writes the config back: the parsed document with only the values that changed since parsing
// replaced (in router_settings, removed from litellm_settings); every other key, and every
// "os.environ/VAR" reference, is left as it was. Comments are not preserved (yaml-cpp drops them).
ParseResult<QByteArray> writeConfigYaml(const ProxyConfig &config);

} // namespace headroom
