#pragma once
// A scenario's demand curve given as CSV ("seconds,requests_per_second" a line, an optional
// header row, # comments): read from untrusted text with limits, never trusting a number.

#include "formats/parseresult.h"

#include <QString>
#include <string_view>
#include <utility>
#include <vector>

namespace headroom::sim {

inline constexpr double kMaxDemandRate = 1e7;             // requests a second, per group
inline constexpr qsizetype kMaxDemandCsvBytes = 16 << 20; // a day at 1-s steps is ~1.5 MB

// The points sorted by time. Times must be finite and ≥ 0, rates finite (clamped to
// [0, kMaxDemandRate]); `name` is the file as the error messages call it.
ParseResult<std::vector<std::pair<double, double>>> parseDemandCsv(std::string_view text,
                                                                   const QString &name);

} // namespace headroom::sim
