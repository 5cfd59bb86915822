#include "store/seriespool.h"

namespace headroom {

RingSeries *SeriesPool::make(std::span<const TierSpec> tiers)
{
    Slot *slot = nullptr;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        if (m_usedInLast == kChunk) {
            m_chunks.push_back(std::make_unique<Chunk>());
            m_usedInLast = 0;
        }
        slot = &m_chunks.back()->places[m_usedInLast++];
    }
    ++m_live;
    return &slot->emplace(tiers);
}

void SeriesPool::release(RingSeries *series)
{
    if (series == nullptr) {
        return;
    }
    // The series lives inside one slot of one chunk: the chunk whose places span its address.
    const auto *address = reinterpret_cast<const char *>(series);
    for (const std::unique_ptr<Chunk> &chunk : m_chunks) {
        Slot *first = chunk->places.data();
        const auto *begin = reinterpret_cast<const char *>(first);
        if (address >= begin && address < begin + sizeof(chunk->places)) {
            Slot &slot = first[std::size_t(address - begin) / sizeof(Slot)];
            slot.reset();
            m_free.push_back(&slot);
            --m_live;
            return;
        }
    }
}

} // namespace headroom
