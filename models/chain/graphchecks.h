#pragma once
// Checks of a fallback chain that need no traffic: cycles, unknown targets, depth cut by
// max_fallbacks, smaller context windows, fallbacks inside a quota pool, unprotected groups.
// Shared by the live graph, the editor's validation and `headroom lint`.

#include "chain/fallbackchain.h"
#include "chain/quotapools.h"

#include <map>
#include <optional>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

struct ChainFacts {
    QStringList groups;                       // known model groups
    std::map<QString, qint64> maxInputTokens; // per group, from model info (smallest deployment)
    std::vector<QuotaPool> pools;
};

struct ChainFinding {
    enum class Severity { Error, Warning, Info };
    enum class Kind {
        SelfFallback,          // a group falls back to itself
        Cycle,                 // a → b → … → a
        UnknownTarget,         // a target (or key) that is no known group
        CutByMaxFallbacks,     // the chain is deeper than max_fallbacks lets the router go
        SmallerContextWindow,  // a context-window fallback to a group with a smaller window
        SamePool,              // a fallback into the group's own quota pool
        UnprotectedDependency, // a group others fall back to has no fallback of its own
    };
    Severity severity = Severity::Warning;
    Kind kind = Kind::Cycle;
    QStringList groups; // the groups involved, in chain order where there is one
    QString setting;    // e.g. "router_settings.fallbacks"
    QString message;    // one sentence an operator can act on
    friend bool operator==(const ChainFinding &, const ChainFinding &) = default;
};

QString findingKindName(ChainFinding::Kind kind); // "cycle", "unknown_target", …

std::vector<ChainFinding> checkChain(const FallbackChain &chain, const ChainFacts &facts);

// Upstream attempts one client request to `group` may cost on this chain at worst:
// (1 + num_retries) for each group the general walk can reach within max_fallbacks.
int worstCaseAttempts(const FallbackChain &chain, const QStringList &groups, const QString &group);

} // namespace headroom
