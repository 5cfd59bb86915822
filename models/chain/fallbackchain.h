#pragma once
// The fallback configuration a proxy runs, seen as a graph of model groups: the four kinds of
// fallback edges in their order, the router settings that shape the walk, and where it was read.

#include "config/proxyconfig.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

enum class FallbackKind {
    General,       // fallbacks: RateLimitError, 5xx, "No deployments available"
    ContextWindow, // context_window_fallbacks
    ContentPolicy, // content_policy_fallbacks
    Default,       // default_fallbacks: every group without general fallbacks of its own
};

// LiteLLM's setting name: "fallbacks", "context_window_fallbacks", …
QString fallbackKindSetting(FallbackKind kind);

struct ChainEdge {
    QString from;
    QString to;
    FallbackKind kind = FallbackKind::General;
    int order = 1;            // 1 = first target tried
    bool viaWildcard = false; // from a "*" key (or default_fallbacks), not the group's own entry
    friend bool operator==(const ChainEdge &, const ChainEdge &) = default;
};

struct ChainOrigin {
    enum class Kind {
        Unknown,    // not read (yet)
        ProxyAdmin, // the proxy's admin read endpoint (GET /router/settings)
        ConfigFile, // a config.yaml the operator named
        Scenario,   // the embedded simulator's scenario
    };
    Kind kind = Kind::Unknown;
    QString where;   // endpoint URL (no credentials) or file path
    QString problem; // why it could not be read, and what to do; empty when it was read
    friend bool operator==(const ChainOrigin &, const ChainOrigin &) = default;
};

struct FallbackChain {
    FallbackConfig fallbacks;
    RouterSettings settings;
    ChainOrigin origin;
    // The deployments of a config.yaml, with the credential fingerprints /model/info never
    // shows (LiteLLM strips keys from it), so shared-quota pools can be found; empty otherwise.
    std::vector<Deployment> configDeployments;

    bool known() const
    {
        return origin.kind != ChainOrigin::Kind::Unknown && origin.problem.isEmpty();
    }
    // Every edge, with "*" keys and default_fallbacks expanded over `groups` (a group's own entry
    // wins over the wildcard, as LiteLLM matches), in (from, kind, order) order.
    std::vector<ChainEdge> edges(const QStringList &groups) const;

    friend bool operator==(const FallbackChain &, const FallbackChain &) = default;
};

// What changed from `before` to `after`, one readable line per change, e.g.
// "gpt-4o fallbacks: [gpt-4o-mini, claude] → [claude]" or "num_retries: 2 → 3"; empty if none.
QStringList describeChainChange(const FallbackChain &before, const FallbackChain &after);

} // namespace headroom
