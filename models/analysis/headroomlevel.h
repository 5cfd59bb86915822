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

// Where "tight" and "critical" begin, as fractions of the limit left. The defaults: 30 % leaves
// room for a minute's burst at typical load; 10 % is about one poll's growth when a group ramps
// towards its limit. Operators set their own in Settings.
struct HeadroomThresholds {
    double tight = 0.3;    // at or below: tight
    double critical = 0.1; // at or below: critical
    // 0 < critical < tight < 1.
    bool valid() const { return critical > 0 && critical < tight && tight < 1; }
    friend bool operator==(const HeadroomThresholds &, const HeadroomThresholds &) = default;
};
// The thresholds every view classifies by (one set for the process; read from any thread).
HeadroomThresholds headroomThresholds();
// Ignored unless valid().
void setHeadroomThresholds(const HeadroomThresholds &thresholds);

// Headroom / limit against the thresholds: above tight healthy, above critical tight, above 0
// critical, else exhausted.
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
