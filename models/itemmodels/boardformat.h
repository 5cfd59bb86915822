#pragma once
// Text for the board's table cells: counts, rates, durations and headroom, formatted once here so
// that every table shows the same value the same way ("—" for unknown, never a made-up 0).

#include "analysis/headroomanalysis.h"
#include "itemmodels/mergingtablemodel.h"

#include <optional>
#include <QString>

namespace headroom {

QString unknownText(); // "—"

// 850, 1,200, 12.5 (group separators of the default QLocale); "—" when unknown.
QString formatCount(std::optional<double> value);
// "12.5/s", "0/s"; "—" when unknown.
QString formatPerSecond(std::optional<double> value);
// "now", "in 45 s", "in 12 min", "in 2 h 5 min"; "—" when unknown (flat, falling, no limit).
QString formatTimeToExhaustion(std::optional<double> seconds);
// "45 s", "2 min 5 s", "1 h 3 min".
QString formatDuration(qint64 ms);
// Where "used" comes from, for tooltips.
QString usageSourceText(UsageSource source);

// What a cell shows (DisplayRole), made from its kind and value.
QString cellText(const TableCell &cell);

// A number for SortRole; `missing` when unknown, so unknowns sort together at one end.
double sortNumber(std::optional<double> value, double missing = -1.0);

// "71% OK", "4% critical", "0% exhausted"; "—" (usage unknown) or "no limit". Level and fraction
// set; `what` is "RPM" or "TPM" for the tooltip (none without it: see RowDetail).
TableCell headroomCell(const Headroom &h, const QString &what = {});
// "RPM: 850 of 3,000 per minute left; used is the …".
QString headroomToolTip(const Headroom &h, const QString &what);
// "2 of 5".
TableCell ofTotalCell(qsizetype part, qsizetype total);
// "in 3 min"; unknown sorts after every known time.
TableCell timeToExhaustionCell(std::optional<double> seconds);
// A plain cell for a count ("850") with its tooltip and raw sort value.
TableCell countCell(std::optional<double> value, const QString &toolTip);
TableCell rateCell(std::optional<double> perSecond, const QString &toolTip);
// "35.0/s · 0/s": two rates side by side (what deployments refused, what clients got), sorted by
// the first; "—" when neither is known.
TableCell ratePairCell(std::optional<double> first, std::optional<double> second);
TableCell textCell(const QString &text, const QString &toolTip = {});

// The lower of two values where known (the one known, or none).
std::optional<double> lowerOf(std::optional<double> a, std::optional<double> b);

} // namespace headroom
