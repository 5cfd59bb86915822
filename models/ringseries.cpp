#include "ringseries.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom {

namespace {

constexpr float kGap = std::numeric_limits<float>::quiet_NaN();

int floatsPerSlot(const TierSpec &spec)
{
    return spec.bucketMs == 0 ? 1 : 3;
}

} // namespace

RingSeries::RingSeries(std::span<const TierSpec> tiers)
    : m_tierCount(int(std::min<std::size_t>(tiers.size(), kMaxTiers)))
{
    quint32 offset = 0;
    for (int i = 0; i < m_tierCount; ++i) {
        const TierSpec &spec = tiers[std::size_t(i)];
        Tier &tier = m_tiers[std::size_t(i)];
        tier.offset = offset;
        tier.capacity = quint32(std::max(spec.capacity, 1));
        tier.raw = spec.bucketMs == 0;
        offset += tier.capacity * quint32(floatsPerSlot(spec));
    }
    m_floats = offset;
    // Left uninitialised: a slot is read only once written (see at()), so untouched pages of a
    // young series cost no resident memory.
    m_values = std::make_unique_for_overwrite<float[]>(m_floats);
}

std::size_t RingSeries::storageBytes(std::span<const TierSpec> tiers)
{
    std::size_t floats = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(tiers.size(), kMaxTiers); ++i) {
        floats +=
            std::size_t(std::max(tiers[i].capacity, 1)) * std::size_t(floatsPerSlot(tiers[i]));
    }
    return floats * sizeof(float);
}

std::size_t RingSeries::memoryBytes() const
{
    return sizeof(*this) + m_floats * sizeof(float);
}

float *RingSeries::slotData(const Tier &tier, qint64 slot) const
{
    const qint64 index = slot % qint64(tier.capacity);
    return m_values.get() + tier.offset + std::size_t(index) * (tier.raw ? 1 : 3);
}

bool RingSeries::add(std::span<const qint64> indexes, double value)
{
    if (!std::isfinite(value) || indexes.size() < std::size_t(m_tierCount)) {
        return false;
    }
    const auto v = float(value);
    bool written = false;
    for (int i = 0; i < m_tierCount; ++i) {
        Tier &tier = m_tiers[std::size_t(i)];
        const qint64 slot = indexes[std::size_t(i)];
        if (slot < 0 || slot < tier.head) {
            continue;
        }
        written = true;
        if (slot == tier.head) {
            float *d = slotData(tier, slot);
            if (tier.raw) {
                d[0] = v; // the same sample written twice: the later value wins
            } else {
                d[0] = std::min(d[0], v);
                d[1] = std::max(d[1], v);
                ++tier.count;
                // Running mean: no per-bucket sum to keep, and the open bucket is always readable.
                d[2] += (v - d[2]) / float(tier.count);
            }
            continue;
        }
        // Mark skipped slots as gaps (at most one full turn of the ring).
        const qint64 firstGap = std::max(tier.head + 1, slot - qint64(tier.capacity) + 1);
        for (qint64 s = firstGap; s < slot; ++s) {
            slotData(tier, s)[0] = kGap;
        }
        float *d = slotData(tier, slot);
        d[0] = v;
        if (!tier.raw) {
            d[1] = v;
            d[2] = v;
        }
        tier.head = slot;
        tier.count = 1;
    }
    return written;
}

void RingSeries::rawValues(int tier, qint64 first, std::span<float> out) const
{
    const bool usable = tier >= 0 && tier < m_tierCount && m_tiers[std::size_t(tier)].raw;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const qint64 slot = first + qint64(i);
        const Tier &t = m_tiers[std::size_t(usable ? tier : 0)];
        const bool retained = usable && t.head >= 0 && slot <= t.head &&
                              slot > t.head - qint64(t.capacity) && slot >= 0;
        out[i] = retained ? slotData(t, slot)[0] : std::numeric_limits<float>::quiet_NaN();
    }
}

std::optional<SeriesSlot> RingSeries::at(int tier, qint64 slot) const
{
    if (tier < 0 || tier >= m_tierCount) {
        return std::nullopt;
    }
    const Tier &t = m_tiers[std::size_t(tier)];
    if (t.head < 0 || slot > t.head || slot <= t.head - qint64(t.capacity) || slot < 0) {
        return std::nullopt;
    }
    const float *d = slotData(t, slot);
    if (std::isnan(d[0])) {
        return std::nullopt;
    }
    return t.raw ? SeriesSlot{d[0], d[0], d[0]} : SeriesSlot{d[0], d[1], d[2]};
}

} // namespace headroom
