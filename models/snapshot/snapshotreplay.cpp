#include "snapshot/snapshotreplay.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace headroom {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

std::optional<double> present(double v)
{
    return std::isnan(v) ? std::nullopt : std::optional(v);
}

std::optional<qint64> whole(double v)
{
    return std::isnan(v) ? std::nullopt : std::optional(qint64(std::llround(v)));
}

} // namespace

SnapshotReplay::SnapshotReplay(std::shared_ptr<const Snapshot> snapshot)
    : m_snapshot(std::move(snapshot))
{
    const Snapshot &s = *m_snapshot;
    // Finest first: a coarser axis adds only the slots before what the finer ones cover.
    qint64 covered = std::numeric_limits<qint64>::max();
    for (std::size_t a = 0; a < s.axes.size(); ++a) {
        const std::vector<qint64> &times = s.axes[a].timesMs;
        for (std::size_t i = 0; i < times.size() && times[i] < covered; ++i) {
            m_frames.push_back({a, i});
        }
        if (!times.empty()) {
            covered = std::min(covered, times.front());
        }
    }
    const auto timeOf = [&](const Frame &f) {
        return s.axes[f.axis].timesMs[f.slot];
    };
    std::sort(m_frames.begin(), m_frames.end(),
              [&](const Frame &x, const Frame &y) { return timeOf(x) < timeOf(y); });
    m_times.reserve(m_frames.size());
    for (const Frame &f : m_frames) {
        m_times.push_back(timeOf(f));
    }

    // Series by entity, in the snapshot's order (groups, deployments, edges, each by name).
    std::map<std::tuple<int, QString, QString>, std::size_t> index;
    for (const SnapshotSeries &series : s.series) {
        const auto key = std::make_tuple(int(series.key.scope), series.key.name, series.key.to);
        auto it = index.find(key);
        if (it == index.end()) {
            it = index.emplace(key, m_entities.size()).first;
            m_entities.push_back({series.key.scope, series.key.name, series.key.to, {}});
        }
        m_entities[it->second].series.emplace_back(series.key.metric, &series);
    }
    for (const SnapshotChain &c : s.chains) {
        m_chains.push_back(std::make_shared<const FallbackChain>(c.chain));
    }
}

std::vector<ReplayValues> SnapshotReplay::valuesAt(const Frame &frame) const
{
    std::vector<ReplayValues> out;
    out.reserve(m_entities.size());
    for (const EntitySeries &e : m_entities) {
        ReplayValues v{e.scope, e.name, e.to, {}};
        v.values.fill(kNone);
        bool any = false;
        for (const auto &[metric, series] : e.series) {
            if (frame.axis < series->tiers.size() &&
                frame.slot < series->tiers[frame.axis].mean.size()) {
                const float value = series->tiers[frame.axis].mean[frame.slot];
                v.values[std::size_t(metric)] = double(value);
                any = any || !std::isnan(value);
            }
        }
        if (any) {
            out.push_back(std::move(v));
        }
    }
    return out;
}

std::shared_ptr<const ProxySample> SnapshotReplay::sampleAt(std::size_t frameIndex) const
{
    const Snapshot &s = *m_snapshot;
    auto sample = std::make_shared<ProxySample>();
    if (frameIndex >= m_frames.size()) {
        return sample;
    }
    const Frame &frame = m_frames[frameIndex];
    sample->proxy = s.environment.proxyHost;
    sample->pollId = quint64(frameIndex) + 1;
    sample->timeMs = m_times[frameIndex];
    const auto value = [&](const SeriesKey &key) {
        const SnapshotSeries *series = s.find(key);
        if (series == nullptr || frame.axis >= series->tiers.size() ||
            frame.slot >= series->tiers[frame.axis].mean.size()) {
            return kNone;
        }
        return double(series->tiers[frame.axis].mean[frame.slot]);
    };
    for (const SnapshotDeployment &d : s.deployments) {
        DeploymentSample out;
        out.id = d.id;
        out.group = d.group;
        out.model = d.model;
        out.provider = d.provider;
        out.apiBase = d.apiBase;
        out.credentialFingerprint = d.credentialFingerprint;
        out.cooldownSeconds = d.cooldownSeconds;
        out.maxInputTokens = d.maxInputTokens;
        out.rpmLimit = whole(value(SeriesKey::deployment(d.id, Metric::RpmLimit)));
        out.tpmLimit = whole(value(SeriesKey::deployment(d.id, Metric::TpmLimit)));
        out.remainingRequests =
            present(value(SeriesKey::deployment(d.id, Metric::RemainingRequests)));
        out.remainingTokens = present(value(SeriesKey::deployment(d.id, Metric::RemainingTokens)));
        sample->deployments.push_back(std::move(out));
    }
    for (const SnapshotGroup &g : s.groups) {
        GroupSample out;
        out.group = g.group;
        out.providers = g.providers;
        out.deploymentIds = g.deploymentIds;
        out.rpmLimit = whole(value(SeriesKey::group(g.group, Metric::RpmLimit)));
        out.tpmLimit = whole(value(SeriesKey::group(g.group, Metric::TpmLimit)));
        for (const DeploymentSample &d : sample->deployments) {
            if (d.group != g.group) {
                continue;
            }
            if (d.remainingRequests) {
                out.remainingRequests = std::min(
                    out.remainingRequests.value_or(*d.remainingRequests), *d.remainingRequests);
            }
            if (d.remainingTokens) {
                out.remainingTokens =
                    std::min(out.remainingTokens.value_or(*d.remainingTokens), *d.remainingTokens);
            }
        }
        sample->groups.push_back(std::move(out));
    }
    for (const EntitySeries &e : m_entities) {
        if (e.scope == Scope::Edge) {
            sample->fallbacks.push_back({e.name, e.to, 0, 0});
        }
        if (e.scope == Scope::Deployment &&
            std::any_of(e.series.begin(), e.series.end(),
                        [](const auto &m) { return m.first == Metric::RequestsPerSec; })) {
            sample->metricsAvailable = true;
        }
    }
    for (std::size_t c = 0; c < s.chains.size(); ++c) {
        if (c == 0 || s.chains[c].sinceMs <= sample->timeMs) {
            sample->chain = m_chains[c];
        }
    }
    return sample;
}

SnapshotHistory SnapshotReplay::history() const
{
    SnapshotHistory history(m_chains.size() + 1, m_snapshot->predictions.size() + 1);
    for (std::size_t c = 0; c < m_chains.size(); ++c) {
        history.observeChain(m_snapshot->chains[c].sinceMs, m_chains[c]);
    }
    for (const SnapshotPrediction &p : m_snapshot->predictions) {
        history.observePrediction(p.timeMs,
                                  std::make_shared<const CascadePrediction>(p.prediction));
    }
    return history;
}

std::size_t SnapshotReplay::framesUpTo(qint64 timeMs) const
{
    return std::size_t(std::upper_bound(m_times.begin(), m_times.end(), timeMs) - m_times.begin());
}

void SnapshotReplay::feedEvents(MetricsStore &store, qint64 untilMs) const
{
    // Events keep their numbers: the ones after the store's last, up to untilMs, in order.
    const quint64 last = store.events().lastSeq();
    for (const Event &e : m_snapshot->events) {
        if (e.seq <= last) {
            continue;
        }
        if (e.timeMs > untilMs) {
            break;
        }
        store.replayEvent(e);
    }
}

void SnapshotReplay::advance(MetricsStore &store, std::size_t &nextFrame, qint64 timeMs) const
{
    const std::size_t end = framesUpTo(timeMs);
    for (; nextFrame < end; ++nextFrame) {
        const std::vector<ReplayValues> values = valuesAt(m_frames[nextFrame]);
        store.replayFrame(sampleAt(nextFrame), values);
    }
    feedEvents(store, timeMs);
}

std::unique_ptr<MetricsStore> SnapshotReplay::storeAt(qint64 timeMs) const
{
    MetricsStoreOptions options;
    for (const SnapshotAxis &axis : m_snapshot->axes) {
        options.tiers.push_back(axis.spec);
    }
    options.eventCapacity = std::max<std::size_t>(options.eventCapacity, m_snapshot->events.size());
    auto store = std::make_unique<MetricsStore>(options);
    std::size_t next = 0;
    advance(*store, next, timeMs);
    return store;
}

} // namespace headroom
