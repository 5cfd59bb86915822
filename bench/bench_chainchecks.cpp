// The chain work a poll can put on the UI thread, at fleet size (1,000 groups × 5 deployments):
// the edges, the graph checks, the quota pools, every group's worst-case attempts, and the
// describing of a one-group change. Each runs only when the chain or the deployments change,
// and must stay well under a frame (16 ms).

#include "chain/graphchecks.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

using namespace headroom;

namespace {

constexpr int kGroups = 1000;
constexpr int kPerGroup = 5;

QString groupName(int i)
{
    return QStringLiteral("group-%1").arg(i, 4, 10, QLatin1Char('0'));
}

// Chains of ten groups, each falling back to the next two; every twentieth pair of groups on
// one credential; context windows that shrink along a chain now and then.
struct Fleet {
    FallbackChain chain;
    std::vector<Deployment> deployments;
    ChainFacts facts;
};

Fleet makeFleet()
{
    Fleet f;
    for (int i = 0; i < kGroups; ++i) {
        const QString g = groupName(i);
        f.facts.groups.append(g);
        f.facts.maxInputTokens[g] = 128000 + 1000 * (i % 7);
        QStringList targets;
        for (int k = 1; k <= 2; ++k) {
            if ((i % 10) + k < 10) {
                targets.append(groupName(i + k));
            }
        }
        if (!targets.isEmpty()) {
            f.chain.fallbacks.fallbacks.emplace_back(g, targets);
        }
        if (i % 10 == 0) {
            f.chain.fallbacks.contextWindowFallbacks.emplace_back(g, QStringList{groupName(i + 1)});
        }
        for (int d = 0; d < kPerGroup; ++d) {
            Deployment dep;
            dep.group = g;
            dep.id = QStringLiteral("%1-d%2").arg(g).arg(d);
            dep.model = QStringLiteral("azure/gpt-4o-%1").arg(i);
            dep.apiBase = QStringLiteral("https://r%1.example/").arg(i * kPerGroup + d);
            dep.credentialFingerprint = QStringLiteral("fp%1").arg(i / 2 % 10 == 0 ? i / 2 : i);
            f.deployments.push_back(dep);
        }
    }
    f.chain.origin.kind = ChainOrigin::Kind::ProxyAdmin;
    return f;
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// The median of `runs` timings, in milliseconds of this thread's CPU time (the machine is
// shared: wall time mostly measures the neighbours).
double medianMs(int runs, const std::function<void()> &work)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const double start = threadCpuMs();
        work();
        times.push_back(threadCpuMs() - start);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main()
{
    Fleet f = makeFleet();
    std::size_t sink = 0;
    const double edges = medianMs(21, [&] { sink += f.chain.edges(f.facts.groups).size(); });
    const double pools = medianMs(21, [&] { sink += findQuotaPools(f.deployments).size(); });
    f.facts.pools = findQuotaPools(f.deployments);
    const double checks = medianMs(21, [&] { sink += checkChain(f.chain, f.facts).size(); });
    const double attempts = medianMs(21, [&] {
        const FallbackWalker walker(f.chain, f.facts.groups);
        for (const QString &g : f.facts.groups) {
            sink += std::size_t(walker.worstCaseAttempts(g));
        }
    });
    FallbackChain changed = f.chain;
    changed.fallbacks.fallbacks[500].second.removeFirst();
    const double describe =
        medianMs(21, [&] { sink += std::size_t(describeChainChange(f.chain, changed).size()); });
    std::printf("chain_edges_1000_groups %.3f ms\n", edges);
    std::printf("chain_quota_pools_5000_deployments %.3f ms\n", pools);
    std::printf("chain_checks_1000_groups %.3f ms\n", checks);
    std::printf("chain_worst_case_attempts_1000_groups %.3f ms\n", attempts);
    std::printf("chain_describe_change_1000_groups %.3f ms\n", describe);
    std::printf("chain_findings_1000_groups %zu count\n", checkChain(f.chain, f.facts).size());
    return sink == 0 ? 1 : 0;
}
