#pragma once
// Which groups a fallback cascade will saturate, in what order and when: each group's demand
// trend run forward a few simulated minutes through RouterModel's aggregate face, with the
// limits, retries, cooldowns and the chain in force.

#include "router/routermodel.h"

#include <optional>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

// What clients ask of one group now, and how fast that is changing.
struct DemandForecast {
    QString group;
    double requestsPerSecond = 0;
    double slopePerSecondSquared = 0; // change of requestsPerSecond per second
    double inputTokens = 500;
    double outputTokens = 200;
};

// A deployment's present, where the store knows it: the run starts from it instead of from an
// empty minute with every deployment up.
struct DeploymentStart {
    QString id;
    double minuteAttempts = 0; // this minute so far: calls routed to it (failures included)
    double minuteAccepted = 0; // … of which the provider accepted (what its rpm counts)
    double minuteTokens = 0;   // tokens of the accepted calls (what its tpm counts)
    std::optional<double> cooldownSeconds; // cooling down for this many more seconds
};

struct PredictionInput {
    router::RouterSpec spec; // deployments, settings, the chain
    std::vector<DemandForecast> demand;
    double horizonSeconds = 300;
    // The run's resolution: when a limit is reached, when a cooldown ends (RouterModel's
    // substep). 2 s keeps a 1,000-group fleet's 5 minutes within a poll's budget.
    double stepSeconds = 2;
    // A trend is followed this far ahead and then held: a slope fitted over the last minutes
    // says little about the minutes after next (and a step in demand fits as a steep slope).
    double trendSeconds = 120;
    // Where "now" is in the providers' calendar minute (0 ≤ x < 60): the windows roll over at
    // 60 − x seconds from now. With `start`, the usage so far of this minute.
    double minuteElapsedSeconds = 0;
    std::vector<DeploymentStart> start;
};

struct GroupPrediction {
    QString group;
    // Seconds from now until the group's deployments start refusing (its limit is reached);
    // 0 when it already is; none within the horizon.
    std::optional<double> saturatesInSeconds;
    QString fedBy; // the group whose overflow saturates it, empty when its own demand does
    double attemptsPerRequest = 1;    // predicted upstream attempts per client request
    double clientErrorsPerSecond = 0; // predicted 429s to clients at the horizon's worst
    // Retry amplification on the configured chain: the most upstream calls one client request
    // can cost, (1 + num_retries) per group tried, over the fallbacks max_fallbacks lets it reach.
    double worstCaseAttempts = 1;
};

struct PredictedEdge {
    QString from;
    QString to;
    double requestsPerSecond = 0; // predicted fallback traffic at the horizon's worst
};

struct CascadePrediction {
    double horizonSeconds = 0;
    std::vector<GroupPrediction> groups; // every group, in spec order
    std::vector<PredictedEdge> edges;    // edges predicted to carry traffic
    // The groups that saturate, in order of time: path.front() first.
    QStringList path;

    // Two or more groups saturate, at least one of them fed by another's overflow.
    bool isCascade() const;
    const GroupPrediction *group(const QString &name) const;
    // "cascade predicted: gpt-4o → gpt-4o-mini in ~40 s → claude-sonnet in ~90 s"; empty if none.
    QString summary() const;
};

// Demand at t seconds from now on the forecast: rps + slope·t, t held at trendSeconds, ≥ 0.
double forecastAt(const DemandForecast &demand, double t, double trendSeconds);

// A group counts as saturated in a step once what its deployments refuse (provider 429s) plus
// what the router rejects ("no deployments available") reaches this share of the calls that
// arrived at it (client requests and fallbacks in), and at least kMinRefusedPerSecond: below
// that, a fluid model's rounding at a minute's edge, not a limit.
constexpr double kSaturatedShare = 0.05;
constexpr double kMinRefusedPerSecond = 0.05;

CascadePrediction predictCascade(const PredictionInput &input);

} // namespace headroom
