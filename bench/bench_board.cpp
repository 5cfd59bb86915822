// From a sample's arrival to the store and models updated and the window repainted, at 1,000
// groups × 5 deployments, offscreen. Prints p50 and p99 over repeated polls (target p99 ≤ 16 ms).

#include "boardview.h"
#include "mainwindow.h"
#include "metricsstore.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <vector>

using namespace headroom;

namespace {

constexpr int kGroups = 1000;
constexpr int kDeployments = 5;
constexpr int kPolls = 40;

// A fleet polled every 5 s with counters growing at a per-deployment rate.
ProxySample fleetSample(int poll)
{
    ProxySample s;
    s.proxy = QStringLiteral("http://127.0.0.1:4000");
    s.pollId = quint64(poll + 1);
    s.timeMs = 1'700'000'000'000 + qint64(poll) * 5000;
    s.metricsAvailable = true;
    s.metricNaming = MetricNaming::Current;
    for (int g = 0; g < kGroups; ++g) {
        GroupSample group;
        group.group = QStringLiteral("group-%1").arg(g, 4, 10, QLatin1Char('0'));
        group.rpmLimit = 600 * kDeployments;
        group.tpmLimit = 100000 * kDeployments;
        double requests = 0;
        for (int d = 0; d < kDeployments; ++d) {
            DeploymentSample dep;
            dep.id = group.group + QStringLiteral("-d%1").arg(d);
            dep.group = group.group;
            dep.model = QStringLiteral("openai/gpt-4o");
            dep.provider = QStringLiteral("openai");
            dep.rpmLimit = 600;
            dep.tpmLimit = 100000;
            const double rate = 1.0 + (g % 9) + d * 0.5; // requests/s
            dep.successTotal = rate * poll * 5;
            dep.failureTotal = (g % 7 == 0) ? poll * 2.0 : 0.0;
            dep.rateLimitedTotal = dep.failureTotal;
            dep.cooledDownTotal = (g % 11 == 0) ? double(poll / 3) : 0.0;
            dep.tokensTotal = *dep.successTotal * 900;
            dep.remainingRequests = 600 - rate * 60 + 1;
            dep.state = 0;
            requests += *dep.successTotal + *dep.failureTotal;
            group.deploymentIds << dep.id;
            s.deployments.push_back(std::move(dep));
        }
        group.requestsTotal = requests;
        group.failedTotal = 0.0;
        group.rateLimitedTotal = 0.0;
        group.routerRejectsTotal = 0.0;
        group.providers << QStringLiteral("openai");
        s.groups.push_back(std::move(group));
    }
    return s;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::size_t(p * double(values.size() - 1))];
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    MetricsStore store;
    ui::MainWindow window;
    window.resize(1400, 900);
    ui::ProxyEntry proxy;
    proxy.url = QUrl(QStringLiteral("http://127.0.0.1:4000"));
    window.watch(proxy, &store);
    window.show();

    std::vector<ProxySample> samples;
    samples.reserve(kPolls);
    for (int i = 0; i < kPolls; ++i) {
        samples.push_back(fleetSample(i));
    }
    std::vector<double> ms;
    std::vector<double> ingestMs;
    std::vector<double> modelsMs;
    for (int i = 0; i < kPolls; ++i) {
        QElapsedTimer clock;
        clock.start();
        store.ingest(samples[std::size_t(i)]);
        const double ingested = double(clock.nsecsElapsed()) / 1e6;
        window.storeUpdated();
        const double updated = double(clock.nsecsElapsed()) / 1e6;
        window.repaint();
        QApplication::processEvents();
        if (i >= 5) { // after the first rates and the initial layout
            ms.push_back(double(clock.nsecsElapsed()) / 1e6);
            ingestMs.push_back(ingested);
            modelsMs.push_back(updated - ingested);
        }
    }
    std::printf("board_ingest_1000x5_p50 %.2f ms\n", percentile(ingestMs, 0.5));
    std::printf("board_models_and_chart_1000x5_p50 %.2f ms\n", percentile(modelsMs, 0.5));
    std::printf("board_update_1000x5_p50 %.2f ms\n", percentile(ms, 0.5));
    std::printf("board_update_1000x5_p99 %.2f ms\n", percentile(ms, 0.99));
    std::printf("board_update_1000x5_rows %d rows\n",
                window.board()->groupsView()->model()->rowCount());
    return 0;
}
