#pragma once
// Writes the simulated proxy's /metrics the way LiteLLM's prometheus callback does (metric
// names, sorted label sets, "None" for unset labels), with current or pre-2026 names.

#include "replicashare.h"
#include "router/routermodel.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace headroom::sim {

enum class MetricNames {
    Current, // litellm_remaining_requests_metric, … (LiteLLM PR #18463 and later)
    Legacy,  // litellm_remaining_requests, …, fewer labels (no model_id), no limit gauges
    Off,     // prometheus callback not enabled: /metrics is not served
};

struct ExpositionFrame; // one render's inputs and output (metricsexposition.cpp)

// One function per metric family; the label sets come from one helper each.
class MetricsExposition {
public:
    // share: in shared-limit mode, each counter is written as this replica's share of it.
    QByteArray render(const router::RouterModel &model, MetricNames names, ReplicaShare share = {});
    // The remaining-requests/-tokens gauges as last written for a deployment (0: none yet).
    double remainingRequests(const QString &deploymentId) const
    {
        return m_remaining.value(deploymentId).requests;
    }
    double remainingTokens(const QString &deploymentId) const
    {
        return m_remaining.value(deploymentId).tokens;
    }

private:
    // The two families that keep state from one render to the next.
    void writeRemaining(ExpositionFrame &frame);
    void writeFallbacks(ExpositionFrame &frame);

    struct RemainingState {
        double successes = 0; // successes seen at the last render
        double requests = 0;  // last written values: LiteLLM never writes a 0 (falsy) value
        double tokens = 0;
        bool written = false;
    };
    QHash<QString, RemainingState> m_remaining;
    // Fallback counters are labelled with the error that caused them; the first label an edge
    // gets is kept so that each series stays monotonic.
    QHash<QString, router::ErrorClass> m_edgeCause;
};

} // namespace headroom::sim
