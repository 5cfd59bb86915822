#pragma once
// How much headroom is left, in four steps plus "unknown": the one classification every view
// colours by, always shown together with its text so colour is never the only signal.

#include <optional>
#include <QString>

namespace headroom {

enum class HeadroomLevel {
    Unknown,   // no limit configured, or usage not known yet
    Healthy,   // more than 30 % of the limit left
    Tight,     // more than 10 % left
    Critical,  // something left, 10 % or less
    Exhausted, // nothing left: requests beyond this get 429 or fall back
};

// Thresholds on headroom / limit: > 0.3 healthy, > 0.1 tight, > 0 critical, else exhausted.
// 30 % leaves room for a minute's burst at typical load; 10 % is about one poll's growth when a
// group ramps towards its limit.
HeadroomLevel headroomLevel(std::optional<double> fraction);

// The worse of two levels (Exhausted is the worst, Unknown the least bad).
HeadroomLevel worseLevel(HeadroomLevel a, HeadroomLevel b);

// Short text shown beside any colour: "OK", "tight", "critical", "exhausted", "no limit".
QString headroomLevelText(HeadroomLevel level);

// Suggested colour per level, as "#rrggbb" (QtCore has no QColor): the Okabe–Ito palette, which
// stays distinguishable under the common colour-vision deficiencies. Blue, orange, vermillion,
// reddish purple, grey.
QString headroomLevelColorName(HeadroomLevel level);

} // namespace headroom
