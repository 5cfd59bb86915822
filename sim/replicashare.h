#pragma once
// The simulator's shared-limit mode: one of N replicas of a LiteLLM proxy that share one RPM/TPM
// budget (LiteLLM keeps it in Redis). Every replica runs the same seeded scenario on the same
// clock, so each holds the fleet's shared state (usage, remaining, cooldowns) exactly as Redis
// would give it; a load balancer sends the i-th request of a count to replica (i-1) mod N, so a
// replica's counters are its round-robin share of the fleet's: whole, monotonic, and summing to
// the fleet's exactly. Gauges of the shared limit (remaining, limits, state) are the shared value
// in every replica, as each LiteLLM replica reports its view of the Redis counter.

#include <cmath>

namespace headroom::sim {

struct ReplicaShare {
    int index = 0; // 0-based
    int count = 1;

    bool shared() const { return count > 1; }

    // This replica's share of a fleet counter `total` (a whole number of events): the events
    // 1..total dealt round-robin, the first to replica 0.
    double of(double total) const
    {
        const double whole = std::floor(total + 1e-9);
        if (count <= 1) {
            return whole;
        }
        if (whole <= index) {
            return 0;
        }
        return std::floor((whole - 1 - index) / count) + 1;
    }
};

} // namespace headroom::sim
