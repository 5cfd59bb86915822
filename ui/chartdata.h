#pragma once
// What the headroom charts read from a MetricsStore, without any Qt Charts type: which tier
// serves a window, and when a group had a deployment cooling down.

#include <QList>
#include <QString>
#include <utility>

namespace headroom {
class MetricsStore;
}

namespace headroom::ui {

using TimeInterval = std::pair<qint64, qint64>; // [start, end] in ms since the epoch

// The finest tier that reaches back to fromMs and gives at most maxPoints over windowMs (a
// 24-h window at 5-s polls would be 17,280 points: far more than a chart has pixels).
int chartTier(const MetricsStore &store, qint64 fromMs, qint64 windowMs, int maxPoints);

// Intervals within [fromMs, toMs] in which any deployment of the group was cooling down, merged
// and sorted. From the CooldownStarted/Ended events, plus, on a bucketed tier, the buckets whose
// cooled-down rate was above 0 (the event log is bounded: a day's window can outlive it).
QList<TimeInterval> cooldownIntervals(const MetricsStore &store, const QString &group,
                                      qint64 fromMs, qint64 toMs, int tier);

} // namespace headroom::ui
