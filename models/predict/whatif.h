#pragma once
// What a fallback change would have done: the last minutes of observed demand per group replayed
// through RouterModel twice, once with the chain running now and once with the desired one, and
// per group, side by side, the 429s clients would have had, the fallback traffic per edge, the
// upstream attempts per request and when the group saturated; with how much of the demand the
// replay had data for.

#include "chain/fallbackchain.h"
#include "router/routermodel.h"
#include "store/metricsstore.h"

#include <optional>
#include <QString>
#include <vector>

namespace headroom {

// One group's observed client demand over the replay window, one value per interval.
struct ReplayedDemand {
    QString group;
    // Client requests per second in each interval of WhatIfInput::intervalSeconds, from the
    // warm-up's start; an interval without data holds the nearest observed value.
    std::vector<double> requestsPerSecond;
    std::vector<bool> observed; // per interval: the value was observed (not filled in)
    double inputTokens = 500;
    double outputTokens = 200;
};

struct WhatIfInput {
    std::vector<Deployment> deployments;
    FallbackChain live;    // the chain running now: its fallbacks and router settings
    FallbackChain desired; // the chain wanted instead
    std::vector<ReplayedDemand> demand;
    double intervalSeconds = 5; // each demand value's span (the poll period)
    // RouterModel's substep: the resolution of when a limit is reached and a cooldown ends.
    double stepSeconds = 5;
    // Where the replay's start (the warm-up's) fell in the providers' calendar minute
    // (0 ≤ x < 60), so that the replay's minute windows roll over when the proxy's did.
    double minuteElapsedSeconds = 0;
    double requestedSeconds = 0; // the window asked for (the replay may hold less: see below)
    // Leading intervals replayed but not counted: the window's minute so far (and the one before
    // it) fill the providers' minute windows and cooldowns as they were when the window began,
    // instead of starting it with every quota unused.
    std::size_t warmupIntervals = 0;
};

// One group under one chain, over the whole replay.
struct WhatIfSide {
    double clientRequests = 0; // replayed client requests that asked for the group
    double client429 = 0;      // … answered 429
    double clientErrors = 0;   // … answered any error (429s included)
    // Upstream calls one client request of the group cost, retries and the fallbacks it reached
    // included (their own figure folded in per share of traffic sent to them).
    double attemptsPerRequest = 1;
    // Seconds from the window's start (after the warm-up) until the group's deployments first
    // refused material traffic (the cascade prediction's definition); none: it never did.
    std::optional<double> saturatesAtSeconds;
    double saturatedSeconds = 0; // how long, in total, it was saturated
};

struct WhatIfGroup {
    QString group;
    WhatIfSide live;
    WhatIfSide desired;
    // The share of the group's replayed demand that was observed, not filled in (1 = all);
    // 0 for a group the store had no demand for (replayed as idle).
    double confidence = 0;
};

struct WhatIfEdge {
    QString from;
    QString to;
    double liveRequests = 0; // fallback requests the edge carried over the replay
    double desiredRequests = 0;
};

struct WhatIfResult {
    double requestedSeconds = 0;
    double replayedSeconds = 0;      // less than asked when the store holds less
    std::vector<WhatIfGroup> groups; // every group of the deployments, in their order
    std::vector<WhatIfEdge> edges;   // edges that carried traffic under either chain, sorted
    // The share of all replayed demand that was observed (1 when there was no demand at all
    // and every interval was observed).
    double confidence = 0;
    double live429 = 0; // totals over every group
    double desired429 = 0;

    const WhatIfGroup *group(const QString &name) const;
    const WhatIfEdge *edge(const QString &from, const QString &to) const;
    // "429s to clients 4,500 → 0 over 15 min (confidence 100 %); gpt-4o-mini no longer saturates"
    QString summary() const;
};

struct WhatIfOptions {
    double windowSeconds = 15 * 60;
    double stepSeconds = 5;
};

// The replay's input from the store: the latest sample's deployments, each group's client
// requests per second over the last windowSeconds (the raw tier, or the finest that covers it),
// tokens per call as the cascade prediction reads them. Empty before the first sample.
WhatIfInput whatIfInput(const MetricsStore &store, const FallbackChain &live,
                        const FallbackChain &desired, const WhatIfOptions &options = {});

// Both replays, side by side.
WhatIfResult runWhatIf(const WhatIfInput &input);

} // namespace headroom
