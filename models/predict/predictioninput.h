#pragma once
// The cascade predictor's input from what a proxy has shown: the spec from the latest sample's
// deployments and the chain in force, each group's demand trend and the present (this minute's
// usage, cooldowns) from the store.

#include "chain/fallbackchain.h"
#include "predict/cascadeprediction.h"
#include "store/metricsstore.h"

namespace headroom {

struct PredictionInputOptions {
    // The demand trend is fitted over this window: one minute follows a curve (a diurnal swing)
    // closely enough that a straight line 2 minutes on overshoots less than over two.
    qint64 trendWindowMs = 60'000;
    int minTrendPoints = 3; // fewer: the demand is held flat
    // A trend whose line explains less of the points' spread than this (R²) is not followed: a
    // step in demand (a spike's start) fits as a steep slope with a poor R², and two minutes on
    // that slope is a demand nobody asked for. The step's new level is kept, flat.
    double minTrendFit = 0.8;
    double horizonSeconds = 300;
    double stepSeconds = 2;
    double trendSeconds = 120; // see PredictionInput::trendSeconds
};

// A sample's deployment as RouterModel takes it: limits and cooldown_time as the proxy showed.
Deployment deploymentOf(const DeploymentSample &deployment);
// Input and output tokens per accepted call of a group, from its deployments' latest rates;
// 500 + 200 when the store has no token rates.
std::pair<double, double> groupTokens(const MetricsStore &store, const GroupSample &group);

// Empty (no deployments, no demand) before the store has a sample. A chain that is not known
// yet gives no fallbacks and LiteLLM's default settings.
PredictionInput predictionInput(const MetricsStore &store, const FallbackChain &chain,
                                const PredictionInputOptions &options = {});

} // namespace headroom
