#pragma once
// Copies what a store holds over a time window into a Snapshot, a few series at a time: the GUI
// runs the steps between events on the UI thread (the store is the UI thread's) and encodes the
// result off it; the headless command runs them in one go.

#include "snapshot/snapshot.h"
#include "snapshot/snapshothistory.h"

#include <functional>
#include <memory>

namespace headroom {

struct SnapshotRequest {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    // Filled in by the caller (Headroom's version, time zone, poll interval); the proxy's host
    // and version are taken from the store's latest sample when left empty.
    SnapshotEnvironment environment;
};

class SnapshotCapture {
public:
    // Reads the store's axes, events, chain, predictions and inventory now; series follow in
    // step(). The store and history must outlive the capture.
    SnapshotCapture(const MetricsStore &store, const SnapshotHistory *history,
                    SnapshotRequest request);

    // Copies up to maxSeries more series; true once every series is copied.
    bool step(std::size_t maxSeries);
    bool done() const { return m_next >= m_keys.size(); }
    // 0..1: the share of series copied.
    double progress() const;
    // The snapshot, once done() (moved out: call once).
    std::shared_ptr<Snapshot> take();

private:
    const MetricsStore &m_store;
    std::shared_ptr<Snapshot> m_snapshot;
    std::vector<SeriesKey> m_keys;
    std::vector<std::vector<qint64>> m_slots; // per tier: the window's slots
    std::size_t m_next = 0;
};

// The whole capture at once; progress(share) may return false to cancel (then null is returned).
std::shared_ptr<Snapshot> captureSnapshot(const MetricsStore &store, const SnapshotHistory *history,
                                          SnapshotRequest request,
                                          const std::function<bool(double)> &progress = {});

} // namespace headroom
