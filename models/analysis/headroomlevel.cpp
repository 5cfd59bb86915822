#include "analysis/headroomlevel.h"

#include <atomic>
#include <QCoreApplication>

namespace headroom {

namespace {

// Views classify on the UI thread and off it (the graph's update, the analysis): atomics, and
// a pair set together is read as a pair often enough for a colour (never a torn crash).
std::atomic<double> g_tight{HeadroomThresholds{}.tight};
std::atomic<double> g_critical{HeadroomThresholds{}.critical};

} // namespace

HeadroomThresholds headroomThresholds()
{
    return {g_tight.load(std::memory_order_relaxed), g_critical.load(std::memory_order_relaxed)};
}

void setHeadroomThresholds(const HeadroomThresholds &thresholds)
{
    if (!thresholds.valid()) {
        return;
    }
    g_tight.store(thresholds.tight, std::memory_order_relaxed);
    g_critical.store(thresholds.critical, std::memory_order_relaxed);
}

HeadroomLevel headroomLevel(std::optional<double> fraction)
{
    if (!fraction) {
        return HeadroomLevel::Unknown;
    }
    const HeadroomThresholds t = headroomThresholds();
    if (*fraction > t.tight) {
        return HeadroomLevel::Healthy;
    }
    if (*fraction > t.critical) {
        return HeadroomLevel::Tight;
    }
    if (*fraction > 0.0) {
        return HeadroomLevel::Critical;
    }
    return HeadroomLevel::Exhausted;
}

HeadroomLevel worseLevel(HeadroomLevel a, HeadroomLevel b)
{
    // The enumerators are declared from least to most severe.
    return int(a) >= int(b) ? a : b;
}

QString headroomLevelText(HeadroomLevel level)
{
    switch (level) {
    case HeadroomLevel::Healthy:
        return QCoreApplication::translate("headroom", "OK");
    case HeadroomLevel::Tight:
        return QCoreApplication::translate("headroom", "tight");
    case HeadroomLevel::Critical:
        return QCoreApplication::translate("headroom", "critical");
    case HeadroomLevel::Exhausted:
        return QCoreApplication::translate("headroom", "exhausted");
    case HeadroomLevel::Unknown:
        break;
    }
    return QCoreApplication::translate("headroom", "no limit");
}

QString headroomLevelColorName(HeadroomLevel level)
{
    switch (level) {
    case HeadroomLevel::Healthy:
        return QStringLiteral("#0072b2");
    case HeadroomLevel::Tight:
        return QStringLiteral("#e69f00");
    case HeadroomLevel::Critical:
        return QStringLiteral("#d55e00");
    case HeadroomLevel::Exhausted:
        return QStringLiteral("#cc79a7");
    case HeadroomLevel::Unknown:
        break;
    }
    // Light grey: beside exhausted's reddish purple, a mid grey was as light as it, and under
    // deuteranopia the two were ΔE 7 apart (tst_palette).
    return QStringLiteral("#bbbbbb");
}

} // namespace headroom
