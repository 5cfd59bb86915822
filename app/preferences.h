#pragma once
// The operator's preferences, as Settings edits them and QSettings keeps them: the poll
// interval, whether to poll /health, and where headroom turns tight and critical. Nothing here
// is a secret; keys never pass through it.

#include "analysis/headroomlevel.h"

#include <QSettings>

namespace headroom::app {

struct Preferences {
    int pollIntervalSeconds = 5;
    // GET /health makes a real LLM call to every deployment (the quota being watched): off.
    bool pollHealth = false;
    HeadroomThresholds thresholds;
    int chartWindowMinutes = 5; // what the charts open on: 5, 60 or 1440
    friend bool operator==(const Preferences &, const Preferences &) = default;
};

// Values out of range (a hand-edited settings file) fall back to the defaults, one by one.
Preferences loadPreferences(const QSettings &settings = QSettings());
void savePreferences(const Preferences &preferences, QSettings &settings);

} // namespace headroom::app
