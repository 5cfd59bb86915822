#pragma once
// Turns the raw answers of one poll into a ProxySample and a PollOutcome: parses every body,
// classifies every failure, and joins what is usable. Pure and thread-safe: ProxySource runs it
// on a worker thread so parsing never blocks the UI.

#include "chainsource.h"
#include "formats/parselimits.h"
#include "networkservice.h"
#include "sample/polloutcome.h"
#include "sample/proxysample.h"

#include <optional>
#include <vector>

namespace headroom::app {

struct EndpointReply {
    QString
        endpoint; // "/metrics", "/health/readiness", "/model_group/info", "/model/info", "/health",
                  // "/router/settings"
    FetchResult result;
};

struct PollInput {
    QString proxy;
    quint64 pollId = 0;
    qint64 timeMs = 0;
    std::vector<EndpointReply> replies;
    // /model/info is polled less often; its last parsed answer stands in between.
    std::optional<std::vector<Deployment>> cachedDeployments;
    qint64 slowMs = 2000;
    ParseLimits limits;
};

struct PollResult {
    PollOutcome outcome;
    std::optional<ProxySample> sample;                  // when outcome.hasSample()
    std::optional<std::vector<Deployment>> deployments; // a fresh /model/info answer, if any
    // The chain from GET /router/settings, when the poll asked for it. Its failures (a key that
    // is no admin's, an old proxy) are the chain's problem, never the poll's.
    std::optional<ChainRead> chain;
};

PollResult evaluatePoll(const PollInput &input);

} // namespace headroom::app
