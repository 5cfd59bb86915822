#pragma once
// What the headroom charts plot, computed from a MetricsStore without any widget or Qt Charts
// type: which tier serves a window, when a group had a deployment cooling down, usage over a
// rolling minute, and attempts split into accepted and refused. ui/headroomchart only draws it.

#include "store/ringseries.h"

#include <QList>
#include <QString>
#include <utility>
#include <vector>

namespace headroom {

class MetricsStore;

using TimeInterval = std::pair<qint64, qint64>; // [start, end] in ms since the epoch

// The finest tier that reaches back to fromMs and gives at most maxPoints over windowMs (a
// 24-h window at 5-s polls would be 17,280 points: far more than a chart has pixels).
int chartTier(const MetricsStore &store, qint64 fromMs, qint64 windowMs, int maxPoints);

// Intervals within [fromMs, toMs] in which any deployment of the group was cooling down, merged
// and sorted. From the CooldownStarted/Ended events, plus, on a bucketed tier, the buckets whose
// cooled-down rate was above 0 (the event log is bounded: a day's window can outlive it).
QList<TimeInterval> cooldownIntervals(const MetricsStore &store, const QString &group,
                                      qint64 fromMs, qint64 toMs, int tier);

// Each point's mean replaced by the mean of the points in the windowMs up to it (itself
// included), for points from fromMs on; earlier points only feed those means. On 5-s rates this
// is the usage a rolling minute sees, which is what an RPM or TPM limit counts: a router that
// takes a minute's quota in its first seconds shows as the minute it is, not as one 5-s rate
// times 60, several times the limit. The last point equals the groups table's "used".
std::vector<SeriesPoint> trailingMeans(const std::vector<SeriesPoint> &points, qint64 windowMs,
                                       qint64 fromMs);

// What the deployments accepted: each attempts point less the refused point at the same instant
// (the store writes every series at the same instants), never below 0; an attempts point
// without a refused one counts as all accepted. The RPM chart stacks refused on top of it, so
// the limit line reads against what got through and the overflow reads as overflow.
std::vector<SeriesPoint> acceptedAttempts(const std::vector<SeriesPoint> &attempts,
                                          const std::vector<SeriesPoint> &refused);

} // namespace headroom
