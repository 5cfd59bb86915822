// Incident snapshots at fleet scale: a store holding a full day of a 1,000-group × 5-deployment
// proxy (every tier full, at the default 10,000-series cap), exported to a .headroom file and
// opened again. Prints the export's time (capture + encode + gzip + report), the file's size,
// the open's time (inflate + parse + checks) and the replay's build, and the UI thread's longest
// stall while the window's exporter runs (a 1-ms timer's largest lateness).

#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreplay.h"
#include "snapshot/snapshotreport.h"
#include "snapshotexporter.h"

#include <cstdio>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

using namespace headroom;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

// The fleet of bench_metricsstore: counters, remaining gauges, limits, an edge per group.
ProxySample fleet(int groups, int perGroup)
{
    ProxySample s;
    s.proxy = QStringLiteral("http://litellm.bench:4000");
    s.metricsAvailable = true;
    for (int g = 0; g < groups; ++g) {
        GroupSample gs;
        gs.group = QStringLiteral("group-%1").arg(g, 4, 10, QLatin1Char('0'));
        gs.requestsTotal = gs.rateLimitedTotal = 0.0;
        for (int d = 0; d < perGroup; ++d) {
            DeploymentSample ds;
            ds.group = gs.group;
            ds.id = QStringLiteral("%1-d%2").arg(gs.group).arg(d);
            ds.provider = QStringLiteral("azure");
            ds.rpmLimit = 300 + 150 * d;
            ds.tpmLimit = *ds.rpmLimit * 1000;
            ds.remainingRequests = double(*ds.rpmLimit);
            ds.remainingTokens = double(*ds.tpmLimit);
            ds.successTotal = ds.failureTotal = ds.rateLimitedTotal = ds.cooledDownTotal =
                ds.tokensTotal = 0.0;
            gs.deploymentIds.append(ds.id);
            gs.rpmLimit = gs.rpmLimit.value_or(0) + *ds.rpmLimit;
            gs.tpmLimit = gs.tpmLimit.value_or(0) + *ds.tpmLimit;
            s.deployments.push_back(ds);
        }
        s.groups.push_back(gs);
        s.fallbacks.push_back(
            {gs.group, QStringLiteral("group-%1").arg((g + 1) % groups, 4, 10, QLatin1Char('0')), 0,
             0});
    }
    std::sort(s.fallbacks.begin(), s.fallbacks.end(),
              [](const auto &a, const auto &b) { return a.from < b.from; });
    return s;
}

void advance(ProxySample &s, int poll, qint64 timeMs)
{
    s.timeMs = timeMs;
    s.pollId = quint64(poll);
    int k = poll;
    for (DeploymentSample &d : s.deployments) {
        ++k;
        const double ok = 20 + k % 17;
        *d.successTotal += ok;
        *d.failureTotal += k % 7 == 0 ? 3 : 0;
        *d.rateLimitedTotal += k % 7 == 0 ? 3 : 0;
        *d.tokensTotal += ok * 850;
        d.remainingRequests = double(*d.rpmLimit - (k * 13) % *d.rpmLimit + 1);
    }
    for (GroupSample &g : s.groups) {
        ++k;
        *g.requestsTotal += 100 + k % 31;
        *g.rateLimitedTotal += k % 11 == 0 ? 2 : 0;
    }
    for (FallbackEdgeSample &e : s.fallbacks) {
        ++k;
        e.successTotal += k % 5;
    }
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(QStringLiteral("bench"));
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each figure as soon as it is known
    // A day in full with as few polls as fill it: one per 5-min bucket for the first 18 hours
    // (the 5-min tier), one a minute for the next 5 (the 1-min tier's 6 hours), then the last
    // hour at 5 s (the raw tier): every tier of every series full, 1,236 polls instead of
    // 17,280. Rates are taken across the 5-min gaps (maxRateGapMs) so that no slot is a gap.
    MetricsStoreOptions options;
    options.maxRateGapMs = 600'000;
    MetricsStore store(options);
    ProxySample s = fleet(1000, 5);
    int poll = 0;
    qint64 t = kT0;
    for (; t < kT0 + 18 * 3'600'000; t += 300'000) {
        advance(s, poll++, t);
        store.ingest(s);
    }
    for (; t < kT0 + 23 * 3'600'000; t += 60'000) {
        advance(s, poll++, t);
        store.ingest(s);
    }
    for (; t <= kT0 + 24 * 3'600'000; t += 5000) {
        advance(s, poll++, t);
        store.ingest(s);
    }
    std::printf("snapshot_store_series %zu series\n", store.seriesCount());

    SnapshotRequest request;
    request.fromMs = store.clock().firstTimeMs();
    request.toMs = store.clock().latestTimeMs();
    request.environment = app::localEnvironment(5000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("day.headroom"));

    QElapsedTimer total;
    total.start();
    QElapsedTimer part;
    part.start();
    const auto snapshot = captureSnapshot(store, nullptr, request);
    const double capture = seconds(part);
    part.restart();
    const app::SnapshotWritten written = app::writeSnapshotAndReport(*snapshot, path);
    const double write = seconds(part);
    const double exportSeconds = seconds(total);
    if (!written.error.isEmpty()) {
        std::fprintf(stderr, "bench_snapshot: %s\n", qPrintable(written.error));
        return 1;
    }
    std::printf("snapshot_export_24h_1000 %.2f s\n", exportSeconds);
    std::printf("snapshot_export_capture %.2f s\n", capture);
    std::printf("snapshot_export_encode_write %.2f s\n", write);
    std::printf("snapshot_file_24h_1000 %.1f MB\n", double(written.bytes) / (1024.0 * 1024.0));
    std::printf("snapshot_report_24h_1000 %.2f MB\n",
                double(QFileInfo(written.reportPath).size()) / (1024.0 * 1024.0));

    part.restart();
    const auto opened = readSnapshotFile(path);
    const double open = seconds(part);
    if (!opened) {
        std::fprintf(stderr, "bench_snapshot: %s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    std::printf("snapshot_open_24h_1000 %.2f s\n", open);
    part.restart();
    const SnapshotReplay replay(std::make_shared<const Snapshot>(opened.value()));
    const auto replayed = replay.storeAt(request.toMs);
    std::printf("snapshot_replay_build_24h_1000 %.2f s\n", seconds(part));

    // The window's export: the capture in event-loop turns, the rest on the pool. A 1-ms timer
    // measures how late the UI thread gets to it.
    app::SnapshotExporter exporter;
    QElapsedTimer since;
    double worstLateMs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (since.isValid()) {
            worstLateMs = std::max(worstLateMs, double(since.nsecsElapsed()) / 1e6 - 1.0);
        }
        since.restart();
    });
    QObject::connect(&exporter, &app::SnapshotExporter::finished, &app, &QCoreApplication::quit);
    probe.start();
    exporter.start(store, nullptr, request, dir.filePath(QStringLiteral("ui.headroom")));
    QElapsedTimer window;
    window.start();
    app.exec();
    std::printf("snapshot_window_export_24h_1000 %.2f s\n", seconds(window));
    std::printf("snapshot_export_ui_longest_step %.2f ms\n", exporter.longestStepMs());
    std::printf("snapshot_export_ui_longest_stall %.2f ms\n", worstLateMs);
    return 0;
}
