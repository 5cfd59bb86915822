#include "preferences.h"

namespace headroom::app {

namespace {
const auto kInterval = QStringLiteral("polling/interval_s");
const auto kHealth = QStringLiteral("polling/health");
const auto kTight = QStringLiteral("headroom/tight_below");
const auto kCritical = QStringLiteral("headroom/critical_below");
const auto kChartWindow = QStringLiteral("charts/window_minutes");
} // namespace

Preferences loadPreferences(const QSettings &settings)
{
    Preferences p;
    bool ok = false;
    const int interval = settings.value(kInterval, p.pollIntervalSeconds).toInt(&ok);
    if (ok && interval >= 1 && interval <= 3600) {
        p.pollIntervalSeconds = interval;
    }
    p.pollHealth = settings.value(kHealth, false).toBool();
    HeadroomThresholds t;
    bool tightOk = false;
    bool criticalOk = false;
    t.tight = settings.value(kTight, t.tight).toDouble(&tightOk);
    t.critical = settings.value(kCritical, t.critical).toDouble(&criticalOk);
    if (tightOk && criticalOk && t.valid()) {
        p.thresholds = t;
    }
    const int window = settings.value(kChartWindow, p.chartWindowMinutes).toInt(&ok);
    if (ok && (window == 5 || window == 60 || window == 1440)) {
        p.chartWindowMinutes = window;
    }
    return p;
}

void savePreferences(const Preferences &preferences, QSettings &settings)
{
    settings.setValue(kInterval, preferences.pollIntervalSeconds);
    settings.setValue(kHealth, preferences.pollHealth);
    settings.setValue(kTight, preferences.thresholds.tight);
    settings.setValue(kCritical, preferences.thresholds.critical);
    settings.setValue(kChartWindow, preferences.chartWindowMinutes);
}

} // namespace headroom::app
