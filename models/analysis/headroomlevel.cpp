#include "analysis/headroomlevel.h"

#include <QCoreApplication>

namespace headroom {

HeadroomLevel headroomLevel(std::optional<double> fraction)
{
    if (!fraction) {
        return HeadroomLevel::Unknown;
    }
    if (*fraction > 0.3) {
        return HeadroomLevel::Healthy;
    }
    if (*fraction > 0.1) {
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
    return QStringLiteral("#999999");
}

} // namespace headroom
