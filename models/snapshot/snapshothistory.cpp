#include "snapshot/snapshothistory.h"

#include <algorithm>

namespace headroom {

namespace {

// Whether two predictions tell a different story: another path, or a group that saturates (or
// stops saturating) or is fed by another group.
bool differs(const CascadePrediction &a, const CascadePrediction &b)
{
    if (a.path != b.path || a.groups.size() != b.groups.size()) {
        return true;
    }
    for (std::size_t i = 0; i < a.groups.size(); ++i) {
        const GroupPrediction &x = a.groups[i];
        const GroupPrediction &y = b.groups[i];
        if (x.group != y.group || x.fedBy != y.fedBy ||
            x.saturatesInSeconds.has_value() != y.saturatesInSeconds.has_value()) {
            return true;
        }
    }
    return false;
}

} // namespace

SnapshotHistory::SnapshotHistory(std::size_t maxChains, std::size_t maxPredictions)
    : m_maxChains(std::max<std::size_t>(maxChains, 1))
    , m_maxPredictions(std::max<std::size_t>(maxPredictions, 1))
{}

void SnapshotHistory::observeChain(qint64 timeMs, std::shared_ptr<const FallbackChain> chain)
{
    if (chain == nullptr) {
        return;
    }
    if (!m_chains.empty() && (m_chains.back().chain == chain || *m_chains.back().chain == *chain)) {
        return;
    }
    if (m_chains.size() == m_maxChains) {
        m_chains.pop_front();
    }
    m_chains.push_back({timeMs, std::move(chain)});
}

void SnapshotHistory::observePrediction(qint64 timeMs,
                                        std::shared_ptr<const CascadePrediction> prediction)
{
    if (prediction == nullptr) {
        return;
    }
    if (!m_predictions.empty()) {
        const Prediction &last = m_predictions.back();
        if (timeMs <= last.timeMs ||
            (timeMs - last.timeMs < keepEveryMs && !differs(*last.prediction, *prediction))) {
            return;
        }
    }
    if (m_predictions.size() == m_maxPredictions) {
        m_predictions.pop_front();
    }
    m_predictions.push_back({timeMs, std::move(prediction)});
}

} // namespace headroom
