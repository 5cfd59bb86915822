#include "store/ringseries.h"

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

float *RingSeries::posData(const Tier &tier, quint32 pos) const
{
    return m_values.get() + tier.offset + std::size_t(pos) * (tier.raw ? 1 : 3);
}

float *RingSeries::slotData(const Tier &tier, qint64 slot) const
{
    return posData(tier, quint32(slot % qint64(tier.capacity)));
}

void RingSeries::closeBucket(const Tier &tier)
{
    float *d = posData(tier, tier.headPos);
    d[0] = tier.open.min;
    d[1] = tier.open.max;
    d[2] = tier.open.mean;
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
            if (tier.raw) {
                posData(tier, tier.headPos)[0] = v; // the same sample twice: the later one wins
            } else {
                tier.open.min = std::min(tier.open.min, v);
                tier.open.max = std::max(tier.open.max, v);
                ++tier.count;
                // Running mean: no per-bucket sum to keep, and the open bucket is always readable.
                tier.open.mean += (v - tier.open.mean) / float(tier.count);
            }
            continue;
        }
        if (!tier.raw && tier.head >= 0) {
            closeBucket(tier);
        }
        // Mark skipped slots as gaps (at most one full turn of the ring).
        const qint64 firstGap = std::max(tier.head + 1, slot - qint64(tier.capacity) + 1);
        for (qint64 s = firstGap; s < slot; ++s) {
            slotData(tier, s)[0] = kGap;
        }
        // The next slot is the common case: no division.
        tier.headPos = slot == tier.head + 1 && tier.head >= 0
                           ? (tier.headPos + 1 == tier.capacity ? 0 : tier.headPos + 1)
                           : quint32(slot % qint64(tier.capacity));
        tier.head = slot;
        tier.count = 1;
        if (tier.raw) {
            posData(tier, tier.headPos)[0] = v;
        } else {
            tier.open = {v, v, v};
        }
    }
    return written;
}

void RingSeries::rawValues(int tier, qint64 first, std::span<float> out) const
{
    constexpr float kNone = std::numeric_limits<float>::quiet_NaN();
    const bool usable = tier >= 0 && tier < m_tierCount && m_tiers[std::size_t(tier)].raw &&
                        m_tiers[std::size_t(tier)].head >= 0;
    if (!usable) {
        std::fill(out.begin(), out.end(), kNone);
        return;
    }
    const Tier &t = m_tiers[std::size_t(tier)];
    // Retained slots are (head - capacity, head]; outside them, NaN. Inside, one division for the
    // first slot, then the ring is walked (the analysis reads thousands of windows a poll).
    const qint64 oldest = std::max<qint64>(t.head - qint64(t.capacity) + 1, 0);
    const qint64 last = first + qint64(out.size()) - 1;
    const qint64 from = std::max(first, oldest);
    const qint64 to = std::min(last, t.head);
    std::fill(out.begin(), out.end(), kNone);
    if (from > to) {
        return;
    }
    const float *base = m_values.get() + t.offset;
    auto pos = quint32(from % qint64(t.capacity));
    for (qint64 slot = from; slot <= to; ++slot) {
        out[std::size_t(slot - first)] = base[pos];
        pos = pos + 1 == t.capacity ? 0 : pos + 1;
    }
}

void RingSeries::prefetchRaw(int tier, qint64 first, std::size_t count) const
{
    if (tier < 0 || tier >= m_tierCount || !m_tiers[std::size_t(tier)].raw ||
        m_tiers[std::size_t(tier)].head < 0 || count == 0) {
        return;
    }
    const Tier &t = m_tiers[std::size_t(tier)];
    const qint64 from = std::max({first, t.head - qint64(t.capacity) + 1, qint64(0)});
    const qint64 to = std::min(first + qint64(count) - 1, t.head);
    if (from > to) {
        return;
    }
    const float *base = m_values.get() + t.offset;
    constexpr std::size_t kLine = 64 / sizeof(float);
    const auto start = std::size_t(from % qint64(t.capacity));
    const auto n = std::size_t(to - from + 1);
    // One range, or two where the window wraps round the ring.
    const std::size_t firstPart = std::min(n, std::size_t(t.capacity) - start);
    for (std::size_t i = 0; i < firstPart; i += kLine) {
        __builtin_prefetch(base + start + i);
    }
    __builtin_prefetch(base + start + firstPart - 1);
    for (std::size_t i = 0; i < n - firstPart; i += kLine) {
        __builtin_prefetch(base + i);
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
    if (slot == t.head && !t.raw) {
        return t.open;
    }
    const float *d = slotData(t, slot);
    if (std::isnan(d[0])) {
        return std::nullopt;
    }
    return t.raw ? SeriesSlot{d[0], d[0], d[0]} : SeriesSlot{d[0], d[1], d[2]};
}

} // namespace headroom
