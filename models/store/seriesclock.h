#pragma once
// The store's shared time axis: which slot of each tier the current sample falls in, and when
// each retained raw sample was taken. Every series of a store is written at the same instants.

#include "store/ringseries.h"

#include <span>
#include <vector>

namespace headroom {

class SeriesClock {
public:
    explicit SeriesClock(std::vector<TierSpec> tiers);

    // Starts a new sample at timeMs. A time not after the latest one is refused (returns false)
    // and nothing moves: series slots must only go forward.
    bool advance(qint64 timeMs);

    // The slot of each tier for the latest sample (what RingSeries::add takes).
    std::span<const qint64> currentSlots() const { return m_slots; }
    const std::vector<TierSpec> &tiers() const { return m_tiers; }
    qint64 sampleCount() const { return m_samples; }
    qint64 firstTimeMs() const { return m_firstMs; }
    qint64 latestTimeMs() const { return m_latestMs; }

    // The finest tier whose retained span reaches back to fromMs, or that still holds everything
    // since the first sample (a coarser tier would then have no more to offer).
    int tierFor(qint64 fromMs) const;
    // The time of a retained slot of a tier: the raw sample's time, or the bucket's start.
    std::optional<qint64> slotTime(int tier, qint64 slot) const;
    // Retained slots of a tier whose time is within [fromMs, toMs], oldest first.
    std::vector<qint64> slotsBetween(int tier, qint64 fromMs, qint64 toMs) const;
    // Oldest slot still retained by a tier, given its newest.
    qint64 oldestSlot(int tier) const;

    std::size_t memoryBytes() const;

private:
    bool rawTier(int tier) const { return m_tiers[std::size_t(tier)].bucketMs == 0; }
    qint64 bucketOf(int tier, qint64 timeMs) const;

    std::vector<TierSpec> m_tiers;
    std::vector<qint64> m_slots;    // current slot per tier
    std::vector<qint64> m_rawTimes; // ring: time of raw sample n at n % capacity
    qint64 m_samples = 0;
    qint64 m_firstMs = 0;
    qint64 m_latestMs = 0;
};

} // namespace headroom
