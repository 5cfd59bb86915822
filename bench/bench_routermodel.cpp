// RouterModel's aggregate face at fleet scale: 1,000 groups × 5 deployments for 3,600 simulated
// seconds in 1-s ticks, demand swinging around capacity so that some groups saturate, retry,
// cool down and spill to their fallback group part of the time.

#include "router/routermodel.h"

#include <cmath>
#include <cstdio>
#include <QElapsedTimer>
#include <vector>

using namespace headroom;
using namespace headroom::router;

namespace {

constexpr int kGroups = 1000;
constexpr int kDeployments = 5;
constexpr int kSeconds = 3600;

// Each group falls back to the group `offset` further on: half the fleet away is a group on the
// opposite phase of the demand wave (spare capacity, the usual design); 1 is its neighbour, as
// loaded as itself, so that saturation cascades down the chain to max_fallbacks (a stress case).
RouterSpec fleet(int offset)
{
    RouterSpec spec;
    for (int g = 0; g < kGroups; ++g) {
        const QString name = QStringLiteral("group-%1").arg(g);
        for (int d = 0; d < kDeployments; ++d) {
            Deployment dep;
            dep.group = name;
            dep.id = QStringLiteral("%1-d%2").arg(name).arg(d);
            dep.model = QStringLiteral("azure/") + name;
            dep.provider = QStringLiteral("azure");
            dep.rpm = 300 + 150 * d; // 300…900: group capacity 3,000 rpm = 50 rps
            dep.tpm = dep.rpm.value() * 1000;
            spec.deployments.push_back(dep);
        }
        spec.fallbacks.fallbacks.emplace_back(
            name, QStringList{QStringLiteral("group-%1").arg((g + offset) % kGroups)});
    }
    return spec;
}

// Requests per second of group g at time t: 20–60 rps, a 15-minute wave with a per-group phase
// (tabulated, so that the benchmark times the model rather than std::sin).
constexpr int kPeriod = 900;
double rps(int g, int t)
{
    static const std::vector<double> wave = [] {
        std::vector<double> w(kPeriod);
        for (int i = 0; i < kPeriod; ++i) {
            w[i] = 40.0 + 20.0 * std::sin(2 * M_PI * i / kPeriod);
        }
        return w;
    }();
    return wave[(t + g * kPeriod / kGroups) % kPeriod];
}

double run(bool withReport, int seconds, int offset, double *checksum)
{
    RouterModel model(fleet(offset), 1);
    std::vector<IndexedDemand> indexed(kGroups);
    std::vector<GroupDemand> named(kGroups);
    for (int g = 0; g < kGroups; ++g) {
        indexed[g].group = model.groupIndex(QStringLiteral("group-%1").arg(g));
        named[g].group = QStringLiteral("group-%1").arg(g);
    }
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < seconds; ++t) {
        if (withReport) {
            for (int g = 0; g < kGroups; ++g) {
                named[g].requestsPerSecond = rps(g, t);
            }
            const TickReport report = model.tick(named, 1.0);
            *checksum += report.deployments.size();
        } else {
            for (int g = 0; g < kGroups; ++g) {
                indexed[g].requestsPerSecond = rps(g, t);
            }
            model.tickIndexed(indexed, 1.0);
        }
    }
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    for (const GroupCounters &c : model.groupCounters()) {
        *checksum += c.failed;
    }
    return ms;
}

} // namespace

int main()
{
    double checksum = 0;
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        best = std::min(best, run(false, kSeconds, kGroups / 2, &checksum));
    }
    std::printf("routermodel_1000x5_3600s %.1f ms\n", best);
    std::printf("routermodel_ns_per_deployment_second %.1f ns\n",
                best * 1e6 / (double(kGroups) * kDeployments * kSeconds));
    double cascading = 1e300;
    for (int i = 0; i < 3; ++i) {
        cascading = std::min(cascading, run(false, kSeconds, 1, &checksum));
    }
    std::printf("routermodel_1000x5_3600s_cascading %.1f ms\n", cascading);
    // The same with a full TickReport per tick (what RouterModel::tick costs its caller).
    const double report = run(true, 360, kGroups / 2, &checksum);
    std::printf("routermodel_1000x5_360s_with_report %.1f ms\n", report);
    std::fprintf(stderr, "checksum %.3f\n", checksum);
    return 0;
}
