#pragma once
// Upstream attempts per arriving call with the fallbacks' costs folded in, shared by the cascade
// prediction and the what-if: RouterModel counts calls per group, not per originating request.

#include <vector>

namespace headroom {

// A fixed point of apr(g) = local(g) + Σ share(g→h)·apr(h), iterated `depth` times (as deep as
// the fallback walk can go): local(g) is attempts[g] / arrivals[g] (1 where nothing arrived),
// share(g→h) the edge's traffic per arrival at g. Edges with an endpoint < 0 are skipped.
void foldAttempts(const std::vector<double> &arrivals, const std::vector<double> &attempts,
                  const std::vector<int> &edgeFrom, const std::vector<int> &edgeTo,
                  const std::vector<double> &edgeTraffic, int depth, std::vector<double> &apr,
                  std::vector<double> &scratch);

} // namespace headroom
