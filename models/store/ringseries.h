#pragma once
// The values of one time series in fixed memory: a few rings ("tiers") of decreasing resolution,
// raw samples for the last hour and min/max/mean buckets for longer windows, allocated once.

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <QtGlobal>
#include <span>

namespace headroom {

// The resolution of one tier: raw (one slot per sample) or time buckets of bucketMs.
struct TierSpec {
    qint64 bucketMs = 0; // 0 = raw; only the first tier may be raw
    int capacity = 0;    // slots kept; the oldest is overwritten
};

// One retained slot: a raw value (min = max = mean) or the aggregate of a bucket.
struct SeriesSlot {
    float min = 0;
    float max = 0;
    float mean = 0;
};

// One point of a queried series.
struct SeriesPoint {
    qint64 timeMs = 0; // the sample's time, or the start of the bucket
    double min = 0;
    double max = 0;
    double mean = 0;
};

// Slots are addressed by absolute index (raw: the sample's sequence number; buckets: the time
// divided by bucketMs), so a series needs no clock of its own: the store's SeriesClock says which
// slot is current. Values are floats: charts need no more than 7 digits, and memory is the budget.
class RingSeries {
public:
    static constexpr int kMaxTiers = 4;

    explicit RingSeries(std::span<const TierSpec> tiers);

    // Writes value into the given slot of each tier (one index per tier). Slots skipped since the
    // last write become gaps. A slot older than the tier's newest is ignored (returns false);
    // so is a value that is not a finite number.
    bool add(std::span<const qint64> indexes, double value);

    // The slot's content if it is retained and was written.
    std::optional<SeriesSlot> at(int tier, qint64 slot) const;
    // Values of consecutive slots of a raw tier, from `first` on, into out (NaN where there is
    // none): the fast read of a trend window, one series after another.
    void rawValues(int tier, qint64 first, std::span<float> out) const;
    // Asks the CPU to start loading what rawValues(tier, first, count values) will read: the
    // analysis reads the next groups' windows while it works on this one's.
    void prefetchRaw(int tier, qint64 first, std::size_t count) const;
    // Newest written slot of the tier, -1 before the first write.
    qint64 head(int tier) const { return m_tiers[std::size_t(tier)].head; }
    int tierCount() const { return m_tierCount; }

    // Everything this series owns: the object and its storage.
    std::size_t memoryBytes() const;
    // Bytes of value storage a series with these tiers allocates.
    static std::size_t storageBytes(std::span<const TierSpec> tiers);

private:
    // The head slot of a bucket tier lives here, not in m_values, until the bucket closes: a poll
    // then writes one line of this object and one raw slot, instead of a cache line per tier of
    // a series ten thousand others also write (see bench_board).
    struct Tier {
        qint64 head = -1;   // newest written slot
        quint32 offset = 0; // first float of this tier in m_values
        quint32 capacity = 0;
        quint32 headPos = 0; // head % capacity, kept so that a write needs no division
        quint32 count = 0;   // samples in the head bucket (for the running mean)
        SeriesSlot open;     // bucket tiers: the head bucket's aggregate
        bool raw = false;    // one float per slot instead of min/max/mean
    };

    float *slotData(const Tier &tier, qint64 slot) const;
    float *posData(const Tier &tier, quint32 pos) const;
    // Writes the head bucket of a bucket tier into its ring slot.
    void closeBucket(const Tier &tier);

    std::array<Tier, kMaxTiers> m_tiers{};
    int m_tierCount = 0;
    std::size_t m_floats = 0;
    std::unique_ptr<float[]> m_values;
};

} // namespace headroom
