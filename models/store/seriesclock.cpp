#include "store/seriesclock.h"

#include <algorithm>

namespace headroom {

SeriesClock::SeriesClock(std::vector<TierSpec> tiers)
    : m_tiers(std::move(tiers))
{
    if (m_tiers.size() > std::size_t(RingSeries::kMaxTiers)) {
        m_tiers.resize(RingSeries::kMaxTiers);
    }
    for (std::size_t i = 0; i < m_tiers.size(); ++i) {
        TierSpec &spec = m_tiers[i];
        spec.capacity = std::max(spec.capacity, 1);
        if (i > 0 && spec.bucketMs <= 0) {
            spec.bucketMs = 1000; // only the first tier may be raw
        }
    }
    m_slots.assign(m_tiers.size(), -1);
    if (!m_tiers.empty() && rawTier(0)) {
        m_rawTimes.assign(std::size_t(m_tiers.front().capacity), 0);
    }
}

qint64 SeriesClock::bucketOf(int tier, qint64 timeMs) const
{
    const qint64 width = m_tiers[std::size_t(tier)].bucketMs;
    // Floor division, so that times before the epoch (tests) still bucket monotonically.
    return timeMs >= 0 ? timeMs / width : -((-timeMs + width - 1) / width);
}

bool SeriesClock::advance(qint64 timeMs)
{
    if (m_samples > 0 && timeMs <= m_latestMs) {
        return false;
    }
    if (m_samples == 0) {
        m_firstMs = timeMs;
    }
    m_latestMs = timeMs;
    for (int i = 0; i < int(m_tiers.size()); ++i) {
        m_slots[std::size_t(i)] = rawTier(i) ? m_samples : bucketOf(i, timeMs);
    }
    if (!m_rawTimes.empty()) {
        m_rawTimes[std::size_t(m_samples % qint64(m_rawTimes.size()))] = timeMs;
    }
    ++m_samples;
    return true;
}

qint64 SeriesClock::oldestSlot(int tier) const
{
    const qint64 head = m_slots[std::size_t(tier)];
    return std::max<qint64>(head - m_tiers[std::size_t(tier)].capacity + 1,
                            rawTier(tier) ? 0 : bucketOf(tier, m_firstMs));
}

std::optional<qint64> SeriesClock::slotTime(int tier, qint64 slot) const
{
    if (tier < 0 || tier >= int(m_tiers.size()) || m_samples == 0 ||
        slot > m_slots[std::size_t(tier)] || slot < oldestSlot(tier)) {
        return std::nullopt;
    }
    if (rawTier(tier)) {
        return m_rawTimes[std::size_t(slot % qint64(m_rawTimes.size()))];
    }
    return slot * m_tiers[std::size_t(tier)].bucketMs;
}

int SeriesClock::tierFor(qint64 fromMs) const
{
    if (m_samples == 0) {
        return 0;
    }
    for (int i = 0; i < int(m_tiers.size()); ++i) {
        const qint64 oldest = oldestSlot(i);
        const bool holdsAll = rawTier(i) ? oldest == 0 : oldest == bucketOf(i, m_firstMs);
        if (holdsAll || slotTime(i, oldest).value_or(m_latestMs) <= fromMs) {
            return i;
        }
    }
    return int(m_tiers.size()) - 1;
}

std::vector<qint64> SeriesClock::slotsBetween(int tier, qint64 fromMs, qint64 toMs) const
{
    std::vector<qint64> out;
    if (tier < 0 || tier >= int(m_tiers.size()) || m_samples == 0 || fromMs > toMs) {
        return out;
    }
    qint64 first = oldestSlot(tier);
    qint64 last = m_slots[std::size_t(tier)];
    if (rawTier(tier)) {
        // Raw times increase with the slot: skip to the window by binary search.
        const auto timeOf = [&](qint64 s) {
            return *slotTime(tier, s);
        };
        qint64 lo = first;
        qint64 hi = last + 1;
        while (lo < hi) {
            const qint64 mid = lo + (hi - lo) / 2;
            if (timeOf(mid) < fromMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (qint64 s = lo; s <= last && timeOf(s) <= toMs; ++s) {
            out.push_back(s);
        }
        return out;
    }
    // A bucket is in the window when its start is (the chart plots it there).
    const qint64 width = m_tiers[std::size_t(tier)].bucketMs;
    first = std::max(first, bucketOf(tier, fromMs) + (fromMs % width != 0 ? 1 : 0));
    last = std::min(last, bucketOf(tier, toMs));
    for (qint64 s = first; s <= last; ++s) {
        out.push_back(s);
    }
    return out;
}

std::size_t SeriesClock::memoryBytes() const
{
    return sizeof(*this) + m_tiers.capacity() * sizeof(TierSpec) +
           m_slots.capacity() * sizeof(qint64) + m_rawTimes.capacity() * sizeof(qint64);
}

} // namespace headroom
