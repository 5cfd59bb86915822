#pragma once
// What a snapshot needs that the store does not keep: every change of the fallback chain and
// router settings, and the cascade predictions made, each with its time, in bounded memory.

#include "chain/fallbackchain.h"
#include "predict/cascadeprediction.h"

#include <cstddef>
#include <deque>
#include <memory>

namespace headroom {

class SnapshotHistory {
public:
    struct ChainChange {
        qint64 sinceMs = 0;
        std::shared_ptr<const FallbackChain> chain;
    };
    struct Prediction {
        qint64 timeMs = 0;
        std::shared_ptr<const CascadePrediction> prediction;
    };

    // A day of a chain changed every few minutes, and of a prediction kept every 30 s.
    explicit SnapshotHistory(std::size_t maxChains = 512, std::size_t maxPredictions = 3000);

    // The chain a sample carries: kept when it differs from the last one kept (samples share one
    // value while it is unchanged, so most calls compare a pointer). Null is ignored.
    void observeChain(qint64 timeMs, std::shared_ptr<const FallbackChain> chain);
    // A prediction: kept when its path or a group's saturation differs from the last one kept,
    // or keepEveryMs after it (a prediction a poll of 1,000 groups is megabytes an hour).
    void observePrediction(qint64 timeMs, std::shared_ptr<const CascadePrediction> prediction);

    const std::deque<ChainChange> &chains() const { return m_chains; }
    const std::deque<Prediction> &predictions() const { return m_predictions; }

    static constexpr qint64 keepEveryMs = 30'000;

private:
    std::size_t m_maxChains;
    std::size_t m_maxPredictions;
    std::deque<ChainChange> m_chains;
    std::deque<Prediction> m_predictions;
};

} // namespace headroom
