#pragma once
// Turns the answers of one fleet poll (Prometheus' answers to the fleet's PromQL, and a replica's
// admin endpoints when one is named) into the same ProxySample and PollOutcome a single proxy's
// poll gives, plus the fleet's replicas. Pure and thread-safe: PromSource runs it on a worker
// thread. Every failure is said plainly: Prometheus down or timing out, a query it refused (its
// sample limit, a bad matcher), a partial answer (warnings), matchers that find no LiteLLM series.

#include "networkservice.h"
#include "pollevaluation.h"
#include "prom/fleetqueries.h"
#include "prom/promapi.h"

#include <map>
#include <optional>
#include <vector>

namespace headroom::app {

struct PromReply {
    enum class Kind { Query, Discovery };
    Kind kind = Kind::Query;
    prom::FleetQuery query = prom::FleetQuery::Counters; // for Kind::Query
    FetchResult result;
};

struct FleetPollInput {
    QString prometheus; // Prometheus' URL as shown to people
    prom::FleetQueryOptions queries;
    quint64 pollId = 0;
    qint64 timeMs = 0;
    std::vector<PromReply> prom;
    std::vector<EndpointReply> admin; // a replica's /model/info, /model_group/info, …
    QString adminUrl;                 // that replica's URL as shown to people
    std::optional<std::vector<Deployment>> cachedDeployments;
    // Replicas Prometheus knew within the last hour (from /api/v1/series), when discovered.
    std::optional<QStringList> knownReplicas;
    QString adminSource;
    qint64 slowMs = 2000;
    ParseLimits limits;
    prom::ApiLimits apiLimits;
};

struct FleetPollResult {
    PollResult poll;                       // the sample, its outcome, the admin answers
    std::optional<QStringList> discovered; // a fresh discovery's replicas
};

FleetPollResult evaluateFleetPoll(const FleetPollInput &input);

// The plain words for a Prometheus answer that failed (transport, HTTP, or Prometheus' error);
// empty when the answer is usable. `what` names the query for the message.
QString promFailure(const FetchResult &result, const ParseResult<prom::ApiAnswer> *parsed);

// Backfill: the fleet's samples at each step of a query_range answer (the sample queries over a
// range), oldest first, with the given chain-free admin data joined in.
std::vector<ProxySample> backfillSamples(const QString &prometheus,
                                         const std::vector<const prom::ApiAnswer *> &matrices,
                                         const std::vector<Deployment> *deployments,
                                         const prom::FleetQueryOptions &queries);

} // namespace headroom::app
