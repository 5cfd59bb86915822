#include "groupstablemodel.h"

#include "boardformat.h"

#include <limits>
#include <QCoreApplication>

namespace headroom {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GroupsTableModel", text);
}

struct EdgeSum {
    std::optional<double> out;
    std::optional<double> in;
};

// Successful + failed hops/s of the edges leaving and entering a group. An edge whose rate is not
// known yet (first poll) adds nothing; with metrics and no edge at all the group has 0/s.
EdgeSum fallbackRates(const MetricsStore &store, const QString &group)
{
    const ProxySample &sample = store.latestSample();
    EdgeSum sum;
    if (sample.metricsAvailable) {
        sum.out = 0.0;
        sum.in = 0.0;
    }
    bool anyOut = false;
    bool anyIn = false;
    bool knownOut = false;
    bool knownIn = false;
    for (const FallbackEdgeSample &e : sample.fallbacks) {
        const bool out = e.from == group;
        const bool in = e.to == group;
        if (!out && !in) {
            continue;
        }
        double value = 0;
        bool known = false;
        for (const Metric m : {Metric::FallbacksPerSec, Metric::FailedFallbacksPerSec}) {
            if (const auto v = store.latest(SeriesKey::edge(e.from, e.to, m))) {
                value += *v;
                known = true;
            }
        }
        if (out) {
            anyOut = true;
            knownOut = knownOut || known;
            sum.out = sum.out.value_or(0) + value;
        }
        if (in) {
            anyIn = true;
            knownIn = knownIn || known;
            sum.in = sum.in.value_or(0) + value;
        }
    }
    if (anyOut && !knownOut) {
        sum.out.reset();
    }
    if (anyIn && !knownIn) {
        sum.in.reset();
    }
    return sum;
}

TableRow groupRow(const MetricsStore &store, const GroupSample &g, const EntityHeadroom &h)
{
    using C = GroupsTableModel::Column;
    TableRow row;
    row.key = g.group;
    row.cells.resize(std::size_t(C::ColumnCount));
    const auto cell = [&row](C c) -> TableCell & {
        return row.cells[std::size_t(c)];
    };

    cell(C::Group) = textCell(g.group, tr("Providers: %1\nDeployments: %2")
                                           .arg(g.providers.join(QStringLiteral(", ")))
                                           .arg(g.deploymentIds.size()));
    cell(C::RpmUsed) = countCell(
        h.rpm.used, tr("Requests per minute used: %1").arg(usageSourceText(h.rpm.source)));
    cell(C::RpmLimit) =
        countCell(h.rpm.limit, h.rpm.limit ? tr("Sum of the deployments' rpm limits")
                                           : tr("No rpm limit is configured"));
    cell(C::RpmHeadroom) = headroomCell(h.rpm, QStringLiteral("RPM"));
    cell(C::TpmUsed) =
        countCell(h.tpm.used, tr("Tokens per minute used: %1").arg(usageSourceText(h.tpm.source)));
    cell(C::TpmLimit) =
        countCell(h.tpm.limit, h.tpm.limit ? tr("Sum of the deployments' tpm limits")
                                           : tr("No tpm limit is configured"));
    cell(C::TpmHeadroom) = headroomCell(h.tpm, QStringLiteral("TPM"));
    cell(C::RateLimitedPerSec) =
        rateCell(store.latest(SeriesKey::group(g.group, Metric::RateLimitedPerSec)),
                 tr("Client requests for this group answered 429, per second"));
    const EdgeSum edges = fallbackRates(store, g.group);
    cell(C::FallbacksOutPerSec) =
        rateCell(edges.out, tr("Fallback hops from this group to its fallbacks, per second "
                               "(successful and failed)"));
    cell(C::FallbacksInPerSec) = rateCell(
        edges.in, tr("Fallback hops into this group from others, per second (successful and "
                     "failed)"));

    QStringList cooling;
    for (const QString &id : g.deploymentIds) {
        if (store.inCooldown(id)) {
            cooling.append(id);
        }
    }
    TableCell &cooldown = cell(C::DeploymentsInCooldown);
    cooldown.text = tr("%1 of %2").arg(cooling.size()).arg(g.deploymentIds.size());
    cooldown.sortValue = double(cooling.size());
    cooldown.toolTip = cooling.isEmpty()
                           ? tr("No deployment is cooling down")
                           : tr("Cooling down: %1").arg(cooling.join(QStringLiteral(", ")));

    const auto tte = lowerOf(h.rpm.secondsToExhaustion, h.tpm.secondsToExhaustion);
    TableCell &exhaustion = cell(C::TimeToExhaustion);
    exhaustion.text = formatTimeToExhaustion(tte);
    // Unknown (not heading for the limit) sorts after every known time.
    exhaustion.sortValue = sortNumber(tte, std::numeric_limits<double>::infinity());
    exhaustion.toolTip = tr("On the trend of the last minutes: RPM %1, TPM %2")
                             .arg(formatTimeToExhaustion(h.rpm.secondsToExhaustion),
                                  formatTimeToExhaustion(h.tpm.secondsToExhaustion));

    // Every other cell carries the row's worse level (not its fraction: a usage change within a
    // level then repaints only the cells that show it).
    const HeadroomLevel level =
        worseLevel(headroomLevel(h.rpm.fraction), headroomLevel(h.tpm.fraction));
    for (int c = 0; c < int(C::ColumnCount); ++c) {
        if (c != C::RpmHeadroom && c != C::TpmHeadroom) {
            row.cells[std::size_t(c)].level = level;
        }
    }
    return row;
}

} // namespace

GroupsTableModel::GroupsTableModel(QObject *parent)
    : MergingTableModel(ColumnCount, parent)
{}

QVariant GroupsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        return isNumericColumn(section) ? int(Qt::AlignRight | Qt::AlignVCenter)
                                        : int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) {
        return {};
    }
    const bool tip = role == Qt::ToolTipRole;
    switch (Column(section)) {
    case Group:
        return tip ? tr("Model group (model_name)") : tr("Group");
    case RpmUsed:
        return tip ? tr("Requests per minute used") : tr("RPM used");
    case RpmLimit:
        return tip ? tr("Requests per minute limit") : tr("RPM limit");
    case RpmHeadroom:
        return tip ? tr("Share of the RPM limit left") : tr("RPM headroom");
    case TpmUsed:
        return tip ? tr("Tokens per minute used") : tr("TPM used");
    case TpmLimit:
        return tip ? tr("Tokens per minute limit") : tr("TPM limit");
    case TpmHeadroom:
        return tip ? tr("Share of the TPM limit left") : tr("TPM headroom");
    case RateLimitedPerSec:
        return tip ? tr("Requests answered 429 (rate limited), per second") : tr("429/s");
    case FallbacksOutPerSec:
        return tip ? tr("Fallbacks from this group, per second") : tr("Fallbacks out");
    case FallbacksInPerSec:
        return tip ? tr("Fallbacks into this group, per second") : tr("Fallbacks in");
    case DeploymentsInCooldown:
        return tip ? tr("Deployments in cooldown") : tr("Cooldown");
    case TimeToExhaustion:
        return tip ? tr("Time until a limit is reached on the recent trend") : tr("Runs out");
    case ColumnCount:
        break;
    }
    return {};
}

bool GroupsTableModel::isNumericColumn(int column) const
{
    return column != Group;
}

void GroupsTableModel::update(const MetricsStore &store)
{
    const ProxySample &sample = store.latestSample();
    std::vector<TableRow> rows;
    rows.reserve(sample.groups.size());
    for (const GroupSample &g : sample.groups) {
        rows.push_back(groupRow(store, g, groupHeadroom(store, g.group, m_options)));
    }
    mergeRows(std::move(rows));
}

void GroupsTableModel::clear()
{
    resetRows({});
}

} // namespace headroom
