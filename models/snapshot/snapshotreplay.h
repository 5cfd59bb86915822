#pragma once
// A snapshot played back: a MetricsStore rebuilt from its series up to any instant, so that the
// board, the charts, the graph and the analysis read a replay exactly as they read a live
// proxy. Nothing here polls anything.
//
// Within the store's raw tier (the last hour of the recording) the rebuilt store holds the very
// values the recording store held, buckets included; before it, one frame per coarse bucket
// (its mean) stands in for the samples the store no longer had.

#include "snapshot/snapshot.h"
#include "snapshot/snapshothistory.h"

#include <memory>
#include <vector>

namespace headroom {

class SnapshotReplay {
public:
    explicit SnapshotReplay(std::shared_ptr<const Snapshot> snapshot);

    const Snapshot &snapshot() const { return *m_snapshot; }
    // Every instant the replay can stand at, increasing: the coarse frames, then the raw ones.
    const std::vector<qint64> &frameTimes() const { return m_times; }

    // A new store with the snapshot's tiers, holding every frame at or before timeMs and the
    // events up to then.
    std::unique_ptr<MetricsStore> storeAt(qint64 timeMs) const;
    // Feeds the frames after `nextFrame` up to timeMs into a store built by storeAt (playing
    // forward); nextFrame moves on. Events up to timeMs follow too.
    void advance(MetricsStore &store, std::size_t &nextFrame, qint64 timeMs) const;
    // The index of the first frame after timeMs (what storeAt(timeMs) has fed).
    std::size_t framesUpTo(qint64 timeMs) const;

    // The sample the store's latestSample() is at frame i: the inventory, limits and gauges of
    // that instant, the chain in force, no counters.
    std::shared_ptr<const ProxySample> sampleAt(std::size_t frame) const;
    // The snapshot's chains and predictions as a history (to export a replay again).
    SnapshotHistory history() const;

private:
    struct Frame {
        std::size_t axis = 0;
        std::size_t slot = 0;
    };
    struct EntitySeries {
        Scope scope = Scope::Group;
        QString name;
        QString to;
        std::vector<std::pair<Metric, const SnapshotSeries *>> series;
    };
    std::vector<ReplayValues> valuesAt(const Frame &frame) const;
    void feedEvents(MetricsStore &store, qint64 untilMs) const;

    std::shared_ptr<const Snapshot> m_snapshot;
    std::vector<Frame> m_frames;
    std::vector<qint64> m_times;
    std::vector<EntitySeries> m_entities;
    std::vector<std::shared_ptr<const FallbackChain>> m_chains; // one per snapshot chain
};

} // namespace headroom
