#pragma once
// The PromQL that reads a fleet of LiteLLM replicas from Prometheus, and the way back: the
// aggregated answers written as one LiteLLM exposition, so the single-proxy parser
// (prom/litellmmetrics) types them and the fleet yields the same sample a single proxy does.
//
// How the replicas combine (each replica reports its own counters and its view of the limits
// it shares with the others through Redis):
// - counters (requests, failures, tokens, fallbacks, cooldowns) are summed across replicas: the
//   fleet served the sum;
// - remaining requests/tokens take the lowest replica's value (min by deployment): every replica
//   reads the same shared Redis counter, the lowest is the freshest view of a budget that only
//   shrinks within its minute, and the conservative one for headroom;
// - limits and deployment state take the highest (max): limits are configured alike, so max is
//   the value even while a replica has not written it yet, and the worst state is the one an
//   operator must see.
// Both metric namings (current and pre-2026) are asked for at once, and the answers keep each
// series' own name, so a fleet mid-upgrade sums correctly and its naming is reported as mixed.

#include "prom/promapi.h"

#include <map>
#include <QByteArray>
#include <QString>
#include <vector>

namespace headroom::prom {

enum class FleetQuery {
    Counters,       // sum by (__name__, deployment, group, edge labels)
    Remaining,      // min by (__name__, deployment labels)
    LimitsAndState, // max by (__name__, deployment labels)
    ReplicaSeries,  // count by (replica label): the replicas reporting now
    ReplicaRates,   // sum by (replica label) (rate(client requests[window]))
};

struct FleetQueryOptions {
    // Label matchers as written inside braces, e.g. job="litellm",namespace=~"prod.*"; empty:
    // every LiteLLM series Prometheus holds.
    QString matchers;
    QString replicaLabel = QStringLiteral("instance");
    int rateWindowSeconds = 60; // rate() over this (at least four scrape intervals)
};

// Empty when matchers are well-formed PromQL label matchers (name op "value", comma-separated);
// else what is wrong, for a person. Braces and anything else that could change the query's
// meaning are refused.
QString checkMatchers(const QString &matchers);
// A label name as Prometheus allows it ([a-zA-Z_][a-zA-Z0-9_]*).
bool isLabelName(const QString &name);

QString fleetQuery(FleetQuery query, const FleetQueryOptions &options);
// The queries whose answers make the sample (Counters, Remaining, LimitsAndState).
std::vector<FleetQuery> sampleQueries();
// The match[] selector for /api/v1/series: with matchers, the targets' `up` series (one per
// replica); without, the client-request family under both namings.
QString discoverySelector(const FleetQueryOptions &options);

struct FleetExposition {
    QByteArray text;         // LiteLLM's exposition, one line per aggregated series
    std::size_t series = 0;  // lines written
    std::size_t skipped = 0; // series without a LiteLLM name, or with a non-number value
};

// The vectors of one instant (answers of sampleQueries()) as one exposition.
FleetExposition fleetExposition(const std::vector<const ApiAnswer *> &answers);
// The matrices of a range (the same queries over query_range) as one exposition per timestamp,
// keyed by ms since the epoch, in time order.
std::map<qint64, FleetExposition>
fleetExpositionsByTime(const std::vector<const ApiAnswer *> &answers);

} // namespace headroom::prom
