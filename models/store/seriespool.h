#pragma once
// The RingSeries of one store, made in chunks in the order they are asked for: a poll walks the
// series of consecutive entities, whose headers are then neighbours in memory instead of one per
// ten kilobytes of ring storage (a cache miss and a page each).

#include "store/ringseries.h"

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace headroom {

class SeriesPool {
public:
    SeriesPool() = default;
    SeriesPool(const SeriesPool &) = delete;
    SeriesPool &operator=(const SeriesPool &) = delete;

    // A new series with these tiers, owned by the pool until release().
    RingSeries *make(std::span<const TierSpec> tiers);
    // Frees the series and its storage; its place is reused by a later make().
    void release(RingSeries *series);
    std::size_t size() const { return m_live; }

private:
    static constexpr std::size_t kChunk = 256;
    using Slot = std::optional<RingSeries>;
    struct Chunk {
        std::array<Slot, kChunk> places;
    };

    std::vector<std::unique_ptr<Chunk>> m_chunks;
    std::size_t m_usedInLast = kChunk; // places of the last chunk handed out at least once
    std::vector<Slot *> m_free;
    std::size_t m_live = 0;
};

} // namespace headroom
