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

struct PredictionInput {
    router::RouterSpec spec; // deployments, settings, the chain
    std::vector<DemandForecast> demand;
    double horizonSeconds = 300;
    double stepSeconds = 1;
};

struct GroupPrediction {
    QString group;
    // Seconds from now until the group's deployments start refusing (its limit is reached);
    // 0 when it already is; none within the horizon.
    std::optional<double> saturatesInSeconds;
    QString fedBy; // the group whose overflow saturates it, empty when its own demand does
    double attemptsPerRequest = 1;    // predicted upstream attempts per client request
    double clientErrorsPerSecond = 0; // predicted 429s to clients at the horizon's worst
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

CascadePrediction predictCascade(const PredictionInput &input);

} // namespace headroom
