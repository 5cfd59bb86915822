#include "predict/attemptsfold.h"

namespace headroom {

void foldAttempts(const std::vector<double> &arrivals, const std::vector<double> &attempts,
                  const std::vector<int> &edgeFrom, const std::vector<int> &edgeTo,
                  const std::vector<double> &edgeTraffic, int depth, std::vector<double> &apr,
                  std::vector<double> &scratch)
{
    const std::size_t n = arrivals.size();
    apr.assign(n, 1.0);
    std::vector<double> local(n, 1.0);
    for (std::size_t g = 0; g < n; ++g) {
        if (arrivals[g] > 1e-9) {
            local[g] = attempts[g] / arrivals[g];
        }
        apr[g] = local[g];
    }
    for (int k = 0; k < depth; ++k) {
        scratch = local;
        for (std::size_t e = 0; e < edgeTraffic.size(); ++e) {
            const int from = edgeFrom[e];
            const int to = edgeTo[e];
            if (from < 0 || to < 0 || edgeTraffic[e] <= 1e-9 || arrivals[from] <= 1e-9) {
                continue;
            }
            scratch[from] += edgeTraffic[e] / arrivals[from] * apr[to];
        }
        apr.swap(scratch);
    }
}

} // namespace headroom
