#pragma once
// Checks of a fallback chain that need no traffic: cycles, unknown targets, depth cut by
// max_fallbacks, smaller context windows, fallbacks inside a quota pool, unprotected groups.
// Shared by the live graph, the editor's validation and `headroom lint`.

#include "chain/fallbackchain.h"
#include "chain/quotapools.h"

#include <map>
#include <optional>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

// Upstream attempts one client request may cost before the retry-amplification check speaks:
// the default chain shape (num_retries 2, max_fallbacks 5, one fallback a group) costs at most
// 3 × 6 = 18, so 20 is passed only by more retries, wider lists or deeper nesting.
inline constexpr int kDefaultAttemptBudget = 20;

struct ChainFacts {
    QStringList groups;                       // known model groups
    std::map<QString, qint64> maxInputTokens; // per group, from model info (smallest deployment)
    std::vector<QuotaPool> pools;
    int attemptBudget = kDefaultAttemptBudget; // worst-case upstream attempts a request may cost
    // The config.yaml's own lists when the chain checked is the proxy's database copy (an edited
    // draft): LiteLLM reads an empty list in the database as unset and uses the file's.
    std::optional<FallbackConfig> fileFallbacks;
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
        ExactNameOnly,         // a context-window/content-policy key LiteLLM never matches
        RetryAmplification,    // one request may cost more upstream attempts than the budget
        FileListReturns,       // an emptied list in the database brings config.yaml's back
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

// The facts from deployments: `groups` when given, else the deployments' groups in order; the
// smallest max_input_tokens per group (the router may pick any deployment: the smallest window
// is what a request can count on); the quota pools.
ChainFacts chainFactsFrom(const std::vector<Deployment> &deployments, QStringList groups = {});

// How many walk steps the checks (and a caller listing every group's attempts) spend at most:
// a walk per group costs groups × chain length, which an enormous chain must not make minutes.
inline constexpr qsizetype kWalkStepBudget = 4'000'000;

// The groups one request to `group` tries on the general fallback walk, in LiteLLM's order
// (router_utils/fallback_event_handlers.py, run_async_fallback): a group's targets in list
// order, each a full call with its own retries and fallbacks, a target already tried in this
// request (or the group itself) skipped. The router's fallback_depth grows by one for every
// target it tries, siblings included (the first target of a list at depth + 1, the second at
// depth + 2, …), and a group reached at depth >= max_fallbacks (default 5) is tried but starts
// no walk of its own.
struct WalkStep {
    QString group;
    int depth = 0;   // LiteLLM's fallback_depth when the group is tried; 0 = the group asked for
    int parent = -1; // index of the step whose fallback this is; -1 for the first
};
struct FallbackWalk {
    std::vector<WalkStep> steps;
    // Targets never tried because the walk stopped at max_fallbacks: the step that had them, and
    // the target.
    std::vector<std::pair<int, QString>> cut;
    QStringList pathTo(int step) const; // the groups from the first step to `step`
};
// maxFallbacks overrides the chain's setting (e.g. a large value to see how deep it goes).
FallbackWalk generalFallbackWalk(const FallbackChain &chain, const QStringList &groups,
                                 const QString &group,
                                 std::optional<int> maxFallbacks = std::nullopt);

// The same walk from many groups of one chain: the targets are worked out once (a fleet of a
// thousand groups walks in a millisecond or two, not a thousand times the whole chain).
class FallbackWalker {
public:
    FallbackWalker(const FallbackChain &chain, const QStringList &groups);
    FallbackWalk walk(const QString &group, std::optional<int> maxFallbacks = std::nullopt) const;
    int worstCaseAttempts(const QString &group) const;     // as the free function below
    int worstCaseAttempts(const FallbackWalk &walk) const; // of a walk this walker made

private:
    const FallbackChain &m_chain;
    QStringList m_groups;
    QSet<QString> m_known;
    // Every name an edge touches, as a number, and each one's general (and default) targets in
    // order: a walk compares numbers, not strings.
    QHash<QString, int> m_ids;
    std::vector<QString> m_names;
    std::vector<std::vector<int>> m_next;
};

// Upstream attempts one client request to `group` may cost on this chain at worst:
// (1 + num_retries) for each group the general walk can reach within max_fallbacks.
int worstCaseAttempts(const FallbackChain &chain, const QStringList &groups, const QString &group);

} // namespace headroom
