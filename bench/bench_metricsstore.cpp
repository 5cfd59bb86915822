// MetricsStore's memory for a day of 5-s polls at its series cap (5,000 series), measured three
// ways (its own count, malloc's, the resident set), and the time to ingest one poll of a fleet of
// 1,000 groups × 5 deployments.

#include "store/metricsstore.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <malloc.h>
#include <QElapsedTimer>
#include <unistd.h>
#include <vector>

using namespace headroom;

namespace {

constexpr qint64 kT0 = 1'700'000'100'000;
constexpr qint64 kPollMs = 5000;

// A fleet with every metric LiteLLM can give: counters, remaining gauges, limits, one fallback
// edge per group.
ProxySample fleet(int groups, int perGroup)
{
    ProxySample s;
    s.metricsAvailable = true;
    for (int g = 0; g < groups; ++g) {
        GroupSample gs;
        gs.group = QStringLiteral("group-%1").arg(g, 4, 10, QLatin1Char('0'));
        gs.requestsTotal = gs.failedTotal = gs.rateLimitedTotal = gs.routerRejectsTotal = 0.0;
        for (int d = 0; d < perGroup; ++d) {
            DeploymentSample ds;
            ds.group = gs.group;
            ds.id = QStringLiteral("%1-d%2").arg(gs.group).arg(d);
            ds.provider = QStringLiteral("azure");
            ds.rpmLimit = 300 + 150 * d;
            ds.tpmLimit = *ds.rpmLimit * 1000;
            ds.remainingRequests = double(*ds.rpmLimit);
            ds.remainingTokens = double(*ds.tpmLimit);
            ds.state = 0;
            ds.successTotal = ds.failureTotal = ds.rateLimitedTotal = ds.cooledDownTotal =
                ds.tokensTotal = 0.0;
            gs.deploymentIds.append(ds.id);
            gs.rpmLimit = gs.rpmLimit.value_or(0) + *ds.rpmLimit;
            gs.tpmLimit = gs.tpmLimit.value_or(0) + *ds.tpmLimit;
            s.deployments.push_back(ds);
        }
        gs.remainingRequests = 300;
        gs.remainingTokens = 300'000;
        s.groups.push_back(gs);
        s.fallbacks.push_back(
            {gs.group, QStringLiteral("group-%1").arg((g + 1) % groups, 4, 10, QLatin1Char('0')), 0,
             0});
    }
    std::sort(s.fallbacks.begin(), s.fallbacks.end(),
              [](const auto &a, const auto &b) { return a.from < b.from; });
    return s;
}

// Moves the sample on by one poll: counters grow by varying amounts, gauges wander.
void advance(ProxySample &s, int poll)
{
    s.timeMs = kT0 + qint64(poll) * kPollMs;
    s.pollId = quint64(poll);
    int k = poll;
    for (DeploymentSample &d : s.deployments) {
        ++k;
        const double ok = 20 + k % 17;
        const double failed = k % 7 == 0 ? 3 : 0;
        *d.successTotal += ok;
        *d.failureTotal += failed;
        *d.rateLimitedTotal += failed;
        *d.cooledDownTotal += k % 97 == 0 ? 1 : 0;
        *d.tokensTotal += ok * 850;
        d.remainingRequests = double(*d.rpmLimit - (k * 13) % *d.rpmLimit + 1);
        d.remainingTokens = double(*d.tpmLimit - (k * 9973) % *d.tpmLimit + 1);
    }
    for (GroupSample &g : s.groups) {
        ++k;
        *g.requestsTotal += 100 + k % 31;
        *g.rateLimitedTotal += k % 11 == 0 ? 2 : 0;
    }
    for (FallbackEdgeSample &e : s.fallbacks) {
        ++k;
        e.successTotal += k % 5;
        e.failedTotal += k % 13 == 0 ? 1 : 0;
    }
}

std::size_t mallocBytes()
{
    return mallinfo2().uordblks + mallinfo2().hblkhd;
}

std::size_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0;
    std::size_t resident = 0;
    statm >> size >> resident;
    return resident * std::size_t(sysconf(_SC_PAGESIZE));
}

double mb(std::size_t bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

void dayAtCap()
{
    // 140 groups × (4 group series, 5 deployments × 6, 1 edge × 2; limits are no series):
    // 5,040 candidate series, more than the cap.
    ProxySample s = fleet(140, 5);
    const std::size_t mallocBefore = mallocBytes();
    const std::size_t rssBefore = residentBytes();
    std::size_t mallocAfter = 0;
    std::size_t rssAfter = 0;
    std::size_t bytes = 0;
    {
        MetricsStoreOptions options;
        options.maxSeries = 5000;
        MetricsStore store(options);
        constexpr int kPolls = 24 * 3600 * 1000 / kPollMs; // 17,280
        for (int poll = 0; poll < kPolls; ++poll) {
            advance(s, poll);
            store.ingest(s);
        }
        // malloc's and the RSS figures also hold the store's copy of the latest sample (700
        // deployments: under 0.5 MB) and the event texts; memoryBytes() counts neither.
        bytes = store.memoryBytes();
        mallocAfter = mallocBytes();
        rssAfter = residentBytes();
        std::printf("store_series %zu series\n", store.seriesCount());
        std::printf("store_dropped_series %zu series\n", store.droppedSeries());
        std::printf("store_bytes_per_series %zu bytes\n", store.bytesPerSeries());
        std::printf("store_bytes_per_series_with_records %.0f bytes\n",
                    double(bytes) / double(store.seriesCount()));
        std::printf("store_events %zu events\n", store.events().size());
    }
    std::printf("store_24h_5000_series %.1f MB\n", mb(bytes));
    std::printf("store_24h_5000_series_malloc %.1f MB\n", mb(mallocAfter - mallocBefore));
    std::printf("store_24h_5000_series_rss %.1f MB\n", mb(rssAfter - rssBefore));
}

void ingestFleet(std::size_t maxSeries, const char *name)
{
    ProxySample s = fleet(1000, 5);
    MetricsStoreOptions options;
    options.maxSeries = maxSeries;
    MetricsStore store(options);
    // Two warm-up polls: the first makes the entities, the second the rate series.
    for (int poll = 0; poll < 2; ++poll) {
        advance(s, poll);
        store.ingest(s);
    }
    std::vector<double> ms;
    for (int poll = 2; poll < 202; ++poll) {
        advance(s, poll);
        QElapsedTimer timer;
        timer.start();
        store.ingest(s);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s %.2f ms\n", name, ms[ms.size() / 2]);
    std::printf("%s_p99 %.2f ms\n", name, ms[ms.size() * 99 / 100]);
    std::printf("%s_series %zu series\n", name, store.seriesCount());
    std::printf("%s_full_day_memory %.1f MB\n", name, mb(store.memoryBytes()));
}

} // namespace

int main()
{
    dayAtCap();
    // Every series of the fleet stored (47,000), and under the default cap (5,000).
    ingestFleet(100'000, "sample_ingest_1000x5");
    ingestFleet(5000, "sample_ingest_1000x5_capped");
    return 0;
}
