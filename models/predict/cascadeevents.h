#pragma once
// Turns the stream of predictions (one a poll) into cascade_predicted and cascade_cleared events:
// one event when a cascade is first predicted, and the all-clear only once it has not been
// predicted for a while, so a prediction that flaps from poll to poll raises one event.

#include "predict/cascadeprediction.h"

#include <optional>
#include <QString>

namespace headroom {

class CascadeEventGate {
public:
    struct Change {
        bool predicted = false; // cascade_predicted, else cascade_cleared
        QString group;          // where the cascade starts (path.front())
        QString message;
    };

    // quietMs: how long the cascade must go unpredicted before it is cleared.
    explicit CascadeEventGate(qint64 quietMs = 60'000);

    // The prediction made from the sample of timeMs; an event to record, or none.
    std::optional<Change> update(qint64 timeMs, const CascadePrediction &prediction);
    bool active() const { return m_active; }

private:
    qint64 m_quietMs;
    bool m_active = false;
    qint64 m_lastHeldMs = 0; // the latest prediction that still said "cascade"
    QString m_group;
    QString m_summary;
};

} // namespace headroom
