#include "itemmodels/whatifmodel.h"

#include "itemmodels/boardformat.h"

#include <cmath>
#include <QCoreApplication>
#include <QLocale>

namespace headroom {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("WhatIfModel", text);
}

// "at 40 s (5 min in all)", "from the start", "never": when, in the replay, the group first
// refused material traffic, and for how long in total.
TableCell saturationCell(const WhatIfSide &side)
{
    TableCell cell;
    if (!side.saturatesAtSeconds) {
        cell.text = tr("never");
        cell.sortValue = 1e12; // after every time: "never" is the best
        cell.toolTip = tr("Its deployments never refused material traffic in the replay");
        return cell;
    }
    const auto at = qint64(std::llround(*side.saturatesAtSeconds * 1000));
    const auto total = qint64(std::llround(side.saturatedSeconds * 1000));
    cell.text = (at == 0 ? tr("from the start") : tr("at %1").arg(formatDuration(at))) +
                tr(" (%1 in all)").arg(formatDuration(total));
    cell.sortValue = *side.saturatesAtSeconds;
    cell.toolTip = tr("When, counted from the replay's start, its deployments first refused at "
                      "least 5 % of the calls that reached them, and how long they did in all");
    return cell;
}

TableCell attemptsCell(double attempts)
{
    TableCell cell;
    cell.text = QLocale().toString(attempts, 'f', 2);
    cell.sortValue = attempts;
    cell.toolTip = tr("Upstream calls one client request cost: retries, and the calls at the "
                      "groups it fell back to");
    return cell;
}

} // namespace

WhatIfGroupsModel::WhatIfGroupsModel(QObject *parent)
    : MergingTableModel(ColumnCount, parent)
{}

QVariant WhatIfGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return MergingTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Group:
        return tr("Group");
    case Live429:
        return tr("429s now");
    case Desired429:
        return tr("429s after");
    case Change429:
        return tr("Change");
    case LiveAttempts:
        return tr("Calls/request now");
    case DesiredAttempts:
        return tr("Calls/request after");
    case LiveSaturates:
        return tr("Saturates now");
    case DesiredSaturates:
        return tr("Saturates after");
    case Confidence:
        return tr("Data");
    default:
        return {};
    }
}

bool WhatIfGroupsModel::isNumericColumn(int column) const
{
    return column != Group && column != LiveSaturates && column != DesiredSaturates;
}

void WhatIfGroupsModel::setResult(const WhatIfResult &result)
{
    std::vector<TableRow> rows;
    rows.reserve(result.groups.size());
    const QString over = formatDuration(qint64(std::llround(result.replayedSeconds * 1000)));
    for (const WhatIfGroup &g : result.groups) {
        TableRow row;
        row.key = g.group;
        row.cells.resize(ColumnCount);
        row.cells[Group] = textCell(g.group);
        row.cells[Live429] = countCell(std::round(g.live.client429),
                                       tr("429s its clients got over the last %1, as replayed "
                                          "with the chain running now")
                                           .arg(over));
        row.cells[Desired429] =
            countCell(std::round(g.desired.client429),
                      tr("429s its clients would have got over the last %1 with the desired chain")
                          .arg(over));
        const double change = std::round(g.desired.client429) - std::round(g.live.client429);
        TableCell &delta = row.cells[Change429];
        delta.text = change > 0   ? QStringLiteral("+") + formatCount(change)
                     : change < 0 ? QStringLiteral("−") + formatCount(-change)
                                  : QStringLiteral("0");
        delta.sortValue = change;
        delta.toolTip = tr("429s after minus 429s now: fewer is better");
        delta.level = change > 0   ? HeadroomLevel::Critical
                      : change < 0 ? HeadroomLevel::Healthy
                                   : HeadroomLevel::Unknown;
        row.cells[LiveAttempts] = attemptsCell(g.live.attemptsPerRequest);
        row.cells[DesiredAttempts] = attemptsCell(g.desired.attemptsPerRequest);
        row.cells[LiveSaturates] = saturationCell(g.live);
        row.cells[DesiredSaturates] = saturationCell(g.desired);
        TableCell &data = row.cells[Confidence];
        data.text = QStringLiteral("%1 %").arg(std::lround(g.confidence * 100));
        data.sortValue = g.confidence;
        data.fraction = g.confidence;
        data.toolTip = g.confidence <= 0
                           ? tr("No demand observed for this group: replayed as idle")
                           : tr("Share of its replayed demand that was observed; the rest fills "
                                "gaps in the polls");
        rows.push_back(std::move(row));
    }
    mergeRows(rows);
}

WhatIfEdgesModel::WhatIfEdgesModel(QObject *parent)
    : MergingTableModel(ColumnCount, parent)
{}

QVariant WhatIfEdgesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return MergingTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case From:
        return tr("From");
    case To:
        return tr("Falls back to");
    case LiveRequests:
        return tr("Requests now");
    case DesiredRequests:
        return tr("Requests after");
    default:
        return {};
    }
}

bool WhatIfEdgesModel::isNumericColumn(int column) const
{
    return column == LiveRequests || column == DesiredRequests;
}

void WhatIfEdgesModel::setResult(const WhatIfResult &result)
{
    std::vector<TableRow> rows;
    rows.reserve(result.edges.size());
    for (const WhatIfEdge &e : result.edges) {
        TableRow row;
        row.key = e.from + QStringLiteral(" → ") + e.to;
        row.cells.resize(ColumnCount);
        row.cells[From] = textCell(e.from);
        row.cells[To] = textCell(e.to);
        row.cells[LiveRequests] = countCell(
            std::round(e.liveRequests), tr("Fallback requests over the replay, chain running now"));
        row.cells[DesiredRequests] = countCell(
            std::round(e.desiredRequests), tr("Fallback requests over the replay, desired chain"));
        rows.push_back(std::move(row));
    }
    mergeRows(rows);
}

} // namespace headroom
