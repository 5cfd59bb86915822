#include "snapshot/snapshotcapture.h"

#include "formats/redaction.h"

#include <cmath>
#include <limits>

namespace headroom {

namespace {

constexpr float kGap = std::numeric_limits<float>::quiet_NaN();

std::vector<SnapshotDeployment> inventoryDeployments(const ProxySample &sample)
{
    std::vector<SnapshotDeployment> out;
    out.reserve(sample.deployments.size());
    for (const DeploymentSample &d : sample.deployments) {
        // apiBase is redacted when the sample is built; once more costs little and makes the
        // snapshot safe whatever fed the store.
        out.push_back({d.id, d.group, d.model, d.provider, redactUrl(d.apiBase),
                       d.credentialFingerprint, d.cooldownSeconds, d.maxInputTokens});
    }
    return out;
}

} // namespace

SnapshotCapture::SnapshotCapture(const MetricsStore &store, const SnapshotHistory *history,
                                 SnapshotRequest request)
    : m_store(store)
    , m_snapshot(std::make_shared<Snapshot>())
{
    Snapshot &s = *m_snapshot;
    s.fromMs = request.fromMs;
    s.toMs = request.toMs;
    s.environment = std::move(request.environment);
    const ProxySample &latest = store.latestSample();
    if (s.environment.proxyHost.isEmpty()) {
        s.environment.proxyHost = redactUrl(latest.proxy);
    }
    if (s.environment.proxyVersion.isEmpty() && latest.readiness) {
        s.environment.proxyVersion = latest.readiness->litellmVersion;
    }

    const SeriesClock &clock = store.clock();
    for (int tier = 0; tier < int(clock.tiers().size()); ++tier) {
        SnapshotAxis axis;
        axis.spec = clock.tiers()[std::size_t(tier)];
        std::vector<qint64> tierSlots = clock.slotsBetween(tier, s.fromMs, s.toMs);
        axis.timesMs.reserve(tierSlots.size());
        for (const qint64 slot : tierSlots) {
            axis.timesMs.push_back(clock.slotTime(tier, slot).value_or(0));
        }
        s.axes.push_back(std::move(axis));
        m_slots.push_back(std::move(tierSlots));
    }
    m_keys = store.seriesKeys();
    s.series.reserve(m_keys.size());

    for (const Event &e : store.events().events()) {
        if (e.timeMs >= s.fromMs && e.timeMs <= s.toMs) {
            s.events.push_back(e);
        }
    }

    // The chain in force when the window opens (the last change before it), then its changes.
    if (history != nullptr) {
        for (const SnapshotHistory::ChainChange &c : history->chains()) {
            if (c.sinceMs <= s.fromMs && !s.chains.empty()) {
                s.chains.clear();
            }
            if (c.sinceMs <= s.toMs) {
                s.chains.push_back({c.sinceMs, *c.chain});
            }
        }
        for (const SnapshotHistory::Prediction &p : history->predictions()) {
            if (p.timeMs >= s.fromMs && p.timeMs <= s.toMs) {
                s.predictions.push_back({p.timeMs, *p.prediction});
            }
        }
    }
    if (s.chains.empty() && latest.chain != nullptr) {
        s.chains.push_back({s.fromMs, *latest.chain});
    }

    for (const GroupSample &g : latest.groups) {
        s.groups.push_back({g.group, g.providers, g.deploymentIds});
    }
    s.deployments = inventoryDeployments(latest);
}

bool SnapshotCapture::step(std::size_t maxSeries)
{
    Snapshot &s = *m_snapshot;
    std::vector<SeriesPoint> points;
    for (std::size_t n = 0; n < maxSeries && m_next < m_keys.size(); ++n, ++m_next) {
        const SeriesKey &key = m_keys[m_next];
        const MetricsStore::EntityRef entity = m_store.find(key.scope, key.name, key.to);
        SnapshotSeries series;
        series.key = key;
        for (std::size_t tier = 0; tier < s.axes.size(); ++tier) {
            const std::vector<qint64> &times = s.axes[tier].timesMs;
            const bool raw = s.axes[tier].spec.bucketMs == 0;
            SnapshotSeries::Tier values;
            values.mean.assign(times.size(), kGap);
            if (!raw) {
                values.min.assign(times.size(), kGap);
                values.max.assign(times.size(), kGap);
            }
            points.clear();
            if (entity) {
                m_store.appendPoints(entity, key.metric, int(tier), m_slots[tier], points);
            }
            // Points come in slot order with gaps left out: walk both lists together.
            std::size_t i = 0;
            for (const SeriesPoint &p : points) {
                while (i < times.size() && times[i] < p.timeMs) {
                    ++i;
                }
                if (i == times.size()) {
                    break;
                }
                if (times[i] == p.timeMs) {
                    values.mean[i] = float(p.mean);
                    if (!raw) {
                        values.min[i] = float(p.min);
                        values.max[i] = float(p.max);
                    }
                    ++i;
                }
            }
            series.tiers.push_back(std::move(values));
        }
        s.series.push_back(std::move(series));
    }
    return done();
}

double SnapshotCapture::progress() const
{
    return m_keys.empty() ? 1.0 : double(m_next) / double(m_keys.size());
}

std::shared_ptr<Snapshot> SnapshotCapture::take()
{
    return std::move(m_snapshot);
}

std::shared_ptr<Snapshot> captureSnapshot(const MetricsStore &store, const SnapshotHistory *history,
                                          SnapshotRequest request,
                                          const std::function<bool(double)> &progress)
{
    SnapshotCapture capture(store, history, std::move(request));
    while (!capture.step(256)) {
        if (progress && !progress(capture.progress())) {
            return nullptr;
        }
    }
    return capture.take();
}

} // namespace headroom
