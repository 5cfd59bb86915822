// The cascade prediction at fleet scale, per poll: 1,000 groups × 5 deployments run 5 simulated
// minutes ahead in 1-s steps, each group falling back to the group half the fleet away, demand
// around capacity with rising and falling trends (so that some groups saturate, cool down and
// spill). Also the input's build from a store holding 2 minutes of such polls (on the UI thread).
// Prints p50 / p99 of each over kPolls polls.

#include "predict/predictioninput.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace headroom;

namespace {

constexpr int kGroups = 1000;
constexpr int kDeployments = 5;
constexpr int kPolls = 60;
constexpr qint64 kT0 = 1'700'000'040'000;

QString groupName(int g)
{
    return QStringLiteral("group-%1").arg(g);
}

QString deploymentId(int g, int d)
{
    return QStringLiteral("group-%1-d%2").arg(g).arg(d);
}

// rps of group g at poll p: 30–60 rps against 50 of capacity, a per-group phase.
double rps(int g, int p)
{
    return 45.0 + 15.0 * std::sin(2 * M_PI * (p * 5.0 + g * 0.9) / 900.0);
}

PredictionInput fleetInput(int poll)
{
    PredictionInput in;
    for (int g = 0; g < kGroups; ++g) {
        for (int d = 0; d < kDeployments; ++d) {
            Deployment dep;
            dep.group = groupName(g);
            dep.id = deploymentId(g, d);
            dep.model = QStringLiteral("azure/") + dep.group;
            dep.provider = QStringLiteral("azure");
            dep.rpm = 300 + 150 * d; // 3,000 rpm a group
            dep.tpm = dep.rpm.value() * 1000;
            in.spec.deployments.push_back(dep);
        }
        in.spec.fallbacks.fallbacks.emplace_back(
            groupName(g), QStringList{groupName((g + kGroups / 2) % kGroups)});
        DemandForecast f;
        f.group = groupName(g);
        f.requestsPerSecond = rps(g, poll);
        f.slopePerSecondSquared = (rps(g, poll + 1) - rps(g, poll)) / 5.0;
        in.demand.push_back(f);
    }
    in.horizonSeconds = 300;
    in.stepSeconds =
        qEnvironmentVariableIsSet("BENCH_STEP") ? qEnvironmentVariable("BENCH_STEP").toDouble() : 2;
    in.minuteElapsedSeconds = std::fmod(poll * 5.0, 60.0);
    return in;
}

// One poll's sample: counters grown by the rates above over 5 s.
ProxySample fleetSample(int poll, std::vector<double> &counters)
{
    ProxySample s;
    s.proxy = QStringLiteral("bench");
    s.pollId = quint64(poll) + 1;
    s.timeMs = kT0 + qint64(poll) * 5000;
    s.metricsAvailable = true;
    counters.resize(kGroups * (kDeployments + 1), 0.0);
    for (int g = 0; g < kGroups; ++g) {
        GroupSample gs;
        gs.group = groupName(g);
        const double r = rps(g, poll);
        for (int d = 0; d < kDeployments; ++d) {
            double &c = counters[g * (kDeployments + 1) + d];
            c += r * 5.0 * (300 + 150 * d) / 3000.0;
            DeploymentSample ds;
            ds.id = deploymentId(g, d);
            ds.group = gs.group;
            ds.provider = QStringLiteral("azure");
            ds.rpmLimit = 300 + 150 * d;
            ds.tpmLimit = ds.rpmLimit.value() * 1000;
            ds.successTotal = c;
            ds.failureTotal = 0;
            ds.rateLimitedTotal = 0;
            ds.tokensTotal = c * 700;
            gs.deploymentIds << ds.id;
            s.deployments.push_back(std::move(ds));
        }
        double &requests = counters[g * (kDeployments + 1) + kDeployments];
        requests += r * 5.0;
        gs.requestsTotal = requests;
        gs.failedTotal = 0;
        gs.rateLimitedTotal = 0;
        s.groups.push_back(std::move(gs));
    }
    return s;
}

// Thread CPU time: the machine is shared, and wall time then measures the neighbours.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(std::lround(q * double(v.size() - 1))))];
}

} // namespace

int main()
{
    std::vector<double> predictMs;
    int saturating = 0;
    for (int p = 0; p < kPolls; ++p) {
        const PredictionInput in = fleetInput(p);
        const double cpu0 = threadCpuMs();
        const CascadePrediction out = predictCascade(in);
        predictMs.push_back(threadCpuMs() - cpu0);
        saturating += int(out.path.size());
    }

    MetricsStore store;
    std::vector<double> counters;
    FallbackChain chain;
    chain.fallbacks = fleetInput(0).spec.fallbacks;
    for (int p = 0; p < 24; ++p) {
        store.ingest(fleetSample(p, counters)); // two minutes of history first
    }
    std::vector<double> inputMs;
    for (int p = 24; p < 24 + kPolls / 2; ++p) {
        store.ingest(fleetSample(p, counters));
        const double cpu0 = threadCpuMs();
        const PredictionInput in = predictionInput(store, chain);
        inputMs.push_back(threadCpuMs() - cpu0);
        saturating += in.demand.empty() ? -1 : 0;
    }

    std::printf("prediction_cpu_1000x5_300s_p50 %.2f ms\n", percentile(predictMs, 0.5));
    std::printf("prediction_cpu_1000x5_300s_p99 %.2f ms\n", percentile(predictMs, 0.99));
    std::printf("prediction_input_cpu_1000x5_p50 %.2f ms\n", percentile(inputMs, 0.5));
    std::printf("prediction_input_cpu_1000x5_p99 %.2f ms\n", percentile(inputMs, 0.99));
    std::printf("prediction_groups_saturating_per_poll %.1f groups\n", double(saturating) / kPolls);
    return 0;
}
