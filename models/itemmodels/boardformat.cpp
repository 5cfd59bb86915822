#include "itemmodels/boardformat.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <QCoreApplication>
#include <QLocale>

namespace headroom {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("headroom", text);
}

} // namespace

QString unknownText()
{
    return QStringLiteral("—");
}

QString formatCount(std::optional<double> value)
{
    if (!value || !std::isfinite(*value)) {
        return unknownText();
    }
    const QLocale locale;
    // Large counts as whole numbers; small ones keep one decimal, which matters at 0.5 rpm.
    if (std::abs(*value) >= 100 || *value == std::round(*value)) {
        return locale.toString(qint64(std::llround(*value)));
    }
    return locale.toString(*value, 'f', 1);
}

QString formatPerSecond(std::optional<double> value)
{
    if (!value || !std::isfinite(*value)) {
        return unknownText();
    }
    const QLocale locale;
    const double v = *value;
    QString number;
    if (v == 0) {
        number = QStringLiteral("0");
    } else if (std::abs(v) >= 100) {
        number = locale.toString(qint64(std::llround(v)));
    } else if (std::abs(v) >= 0.1) {
        number = locale.toString(v, 'f', 1);
    } else {
        number = locale.toString(v, 'f', 2); // a trickle of 429s is still not zero
    }
    // Formats are translated once: a 1,000-group table formats thousands of cells a poll.
    static const QString format = tr("%1/s");
    return format.arg(number);
}

QString formatTimeToExhaustion(std::optional<double> seconds)
{
    if (!seconds || !std::isfinite(*seconds) || *seconds < 0) {
        return unknownText();
    }
    const qint64 s = qint64(std::ceil(*seconds));
    if (s == 0) {
        return tr("now");
    }
    if (s < 60) {
        return tr("in %1 s").arg(s);
    }
    const qint64 minutes = (s + 30) / 60;
    if (minutes < 60) {
        return tr("in %1 min").arg(minutes);
    }
    if (minutes % 60 == 0) {
        return tr("in %1 h").arg(minutes / 60);
    }
    return tr("in %1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString formatDuration(qint64 ms)
{
    const qint64 s = (std::max<qint64>(0, ms) + 999) / 1000;
    if (s < 60) {
        return tr("%1 s").arg(s);
    }
    if (s < 3600) {
        return s % 60 == 0 ? tr("%1 min").arg(s / 60) : tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    }
    const qint64 minutes = (s + 30) / 60;
    return minutes % 60 == 0 ? tr("%1 h").arg(minutes / 60)
                             : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString usageSourceText(UsageSource source)
{
    switch (source) {
    case UsageSource::Counters:
        return tr("mean over the last minute of the /metrics counters");
    case UsageSource::ClientRequests:
        return tr("client requests for the group (its deployments expose no counters)");
    case UsageSource::RemainingGauge:
        return tr("limit minus LiteLLM's remaining gauge: coarse, the proxy serves no counters");
    case UsageSource::None:
        break;
    }
    return tr("not known: no counters or gauges yet (a rate needs two polls)");
}

double sortNumber(std::optional<double> value, double missing)
{
    return value && std::isfinite(*value) ? *value : missing;
}

QString headroomToolTip(const Headroom &h, const QString &what)
{
    if (h.fraction) {
        return tr("%1: %2 of %3 per minute left; used is the %4")
            .arg(what, formatCount(h.headroom), formatCount(h.limit), usageSourceText(h.source));
    }
    if (h.limit) {
        return tr("%1 limit %2 per minute; usage %3")
            .arg(what, formatCount(h.limit), usageSourceText(UsageSource::None));
    }
    return tr("No %1 limit is configured").arg(what);
}

TableCell headroomCell(const Headroom &h, const QString &what)
{
    TableCell cell;
    cell.kind = CellKind::Headroom;
    cell.fraction = h.fraction;
    cell.level = headroomLevel(h.fraction);
    cell.limited = h.limit.has_value();
    // Unknown headroom sorts after every known one: ascending puts the tightest first.
    cell.sortValue = sortNumber(h.fraction, std::numeric_limits<double>::infinity());
    if (!what.isEmpty()) {
        cell.toolTip = headroomToolTip(h, what);
    }
    return cell;
}

QString cellText(const TableCell &cell)
{
    switch (cell.kind) {
    case CellKind::Text:
        break;
    case CellKind::Count:
        return formatCount(cell.value);
    case CellKind::PerSecond:
        return formatPerSecond(cell.value);
    case CellKind::TimeToExhaustion:
        return formatTimeToExhaustion(cell.value);
    case CellKind::Headroom:
        if (cell.fraction) {
            const double pct = *cell.fraction * 100.0;
            const QString number =
                pct > 0 && pct < 1 ? QStringLiteral("<1") : QString::number(std::lround(pct));
            static const QString format = tr("%1% %2");
            return format.arg(number, headroomLevelText(cell.level));
        }
        return cell.limited ? unknownText() : headroomLevelText(HeadroomLevel::Unknown);
    case CellKind::OfTotal:
        return tr("%1 of %2").arg(qint64(cell.value.value_or(0))).arg(qint64(cell.total));
    case CellKind::RatePair: {
        const std::optional<double> second =
            cell.total >= 0 ? std::optional<double>(cell.total) : std::nullopt;
        if (!cell.value && !second) {
            return unknownText();
        }
        static const QString format = tr("%1 · %2");
        return format.arg(formatPerSecond(cell.value), formatPerSecond(second));
    }
    }
    return cell.text;
}

TableCell ofTotalCell(qsizetype part, qsizetype total)
{
    TableCell cell;
    cell.kind = CellKind::OfTotal;
    cell.value = double(part);
    cell.total = double(total);
    cell.sortValue = double(part);
    return cell;
}

namespace {

// A cell whose text is made from a number: kind, value and what it sorts by.
TableCell numberCell(CellKind kind, std::optional<double> value, double missing,
                     const QString &toolTip = {})
{
    TableCell cell;
    cell.kind = kind;
    cell.value = value;
    cell.sortValue = sortNumber(value, missing);
    cell.toolTip = toolTip;
    return cell;
}

} // namespace

TableCell timeToExhaustionCell(std::optional<double> seconds)
{
    return numberCell(CellKind::TimeToExhaustion, seconds, std::numeric_limits<double>::infinity());
}

TableCell countCell(std::optional<double> value, const QString &toolTip)
{
    return numberCell(CellKind::Count, value, -1.0, toolTip);
}

TableCell rateCell(std::optional<double> perSecond, const QString &toolTip)
{
    return numberCell(CellKind::PerSecond, perSecond, -1.0, toolTip);
}

TableCell ratePairCell(std::optional<double> first, std::optional<double> second)
{
    TableCell cell = numberCell(CellKind::RatePair, first, -1.0);
    cell.total = second && std::isfinite(*second) ? std::max(0.0, *second) : -1.0;
    return cell;
}

TableCell textCell(const QString &text, const QString &toolTip)
{
    TableCell cell;
    cell.text = text;
    cell.sortValue = text;
    cell.toolTip = toolTip;
    return cell;
}

std::optional<double> lowerOf(std::optional<double> a, std::optional<double> b)
{
    if (a && b) {
        return std::min(*a, *b);
    }
    return a ? a : b;
}

} // namespace headroom
