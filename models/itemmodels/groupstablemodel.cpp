#include "itemmodels/groupstablemodel.h"

#include "itemmodels/boardformat.h"

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
    bool anyOut = false;
    bool knownOut = false;
    bool anyIn = false;
    bool knownIn = false;
};

// Successful + failed hops/s of the edges leaving and entering each group, in one pass over the
// edges. An edge whose rate is not known yet (first poll) adds nothing; with metrics and no edge
// at all a group has 0/s.
QHash<QString, EdgeSum> fallbackRates(const MetricsStore &store)
{
    QHash<QString, EdgeSum> sums;
    for (const FallbackEdgeSample &e : store.latestSample().fallbacks) {
        double value = 0;
        bool known = false;
        for (const Metric m : {Metric::FallbacksPerSec, Metric::FailedFallbacksPerSec}) {
            if (const auto v = store.latest(SeriesKey::edge(e.from, e.to, m))) {
                value += *v;
                known = true;
            }
        }
        EdgeSum &from = sums[e.from];
        from.anyOut = true;
        from.knownOut = from.knownOut || known;
        from.out = from.out.value_or(0) + value;
        EdgeSum &to = sums[e.to];
        to.anyIn = true;
        to.knownIn = to.knownIn || known;
        to.in = to.in.value_or(0) + value;
    }
    return sums;
}

EdgeSum edgesOf(const QHash<QString, EdgeSum> &sums, const QString &group, bool metrics)
{
    EdgeSum sum = sums.value(group);
    if (metrics) {
        sum.out = sum.out.value_or(0);
        sum.in = sum.in.value_or(0);
    }
    if (sum.anyOut && !sum.knownOut) {
        sum.out.reset();
    }
    if (sum.anyIn && !sum.knownIn) {
        sum.in.reset();
    }
    return sum;
}

// A group's tooltips, made when a view asks for one.
struct GroupDetail final : RowDetail {
    EntityHeadroom headroom;
    QStringList providers;
    QStringList cooling;
    qsizetype deployments = 0;

    QString toolTip(int column) const override
    {
        using C = GroupsTableModel::Column;
        const Headroom &rpm = headroom.rpm;
        const Headroom &tpm = headroom.tpm;
        switch (C(column)) {
        case C::Group:
            return tr("Providers: %1\nDeployments: %2")
                .arg(providers.join(QStringLiteral(", ")))
                .arg(deployments);
        case C::RpmUsed:
            return tr("Requests per minute used: %1").arg(usageSourceText(rpm.source));
        case C::RpmLimit:
            return rpm.limit ? tr("Sum of the deployments' rpm limits")
                             : tr("No rpm limit is configured");
        case C::RpmHeadroom:
            return headroomToolTip(rpm, QStringLiteral("RPM"));
        case C::TpmUsed:
            return tr("Tokens per minute used: %1").arg(usageSourceText(tpm.source));
        case C::TpmLimit:
            return tpm.limit ? tr("Sum of the deployments' tpm limits")
                             : tr("No tpm limit is configured");
        case C::TpmHeadroom:
            return headroomToolTip(tpm, QStringLiteral("TPM"));
        case C::RateLimitedPerSec:
            return tr("Client requests for this group answered 429, per second");
        case C::FallbacksOutPerSec:
            return tr("Fallback hops from this group to its fallbacks, per second (successful "
                      "and failed)");
        case C::FallbacksInPerSec:
            return tr("Fallback hops into this group from others, per second (successful and "
                      "failed)");
        case C::DeploymentsInCooldown:
            return cooling.isEmpty()
                       ? tr("No deployment is cooling down")
                       : tr("Cooling down: %1").arg(cooling.join(QStringLiteral(", ")));
        case C::TimeToExhaustion:
            return tr("When the last minute's usage (what the limit counts, as \"used\" reads) "
                      "reaches the limit, rising at the slope of the last two minutes: RPM %1, "
                      "TPM %2")
                .arg(formatTimeToExhaustion(rpm.secondsToExhaustion),
                     formatTimeToExhaustion(tpm.secondsToExhaustion));
        case C::ColumnCount:
            break;
        }
        return {};
    }
};

// Fills `row`, whose cells may hold the previous poll's (moved-from) values: every cell is
// assigned whole.
void groupRow(TableRow &row, const MetricsStore &store, const GroupSample &g, EntityHeadroom h,
              const EdgeSum &edges, QStringList cooling)
{
    using C = GroupsTableModel::Column;
    row.key = g.group;
    row.cells.resize(std::size_t(C::ColumnCount));
    std::fill(row.cells.begin(), row.cells.end(), TableCell{});
    const auto cell = [&row](C c) -> TableCell & {
        return row.cells[std::size_t(c)];
    };
    auto detail = std::make_shared<GroupDetail>();
    detail->providers = g.providers;
    detail->deployments = g.deploymentIds.size();
    detail->cooling = std::move(cooling);

    cell(C::Group) = textCell(g.group);
    cell(C::RpmUsed) = countCell(h.rpm.used, {});
    cell(C::RpmLimit) = countCell(h.rpm.limit, {});
    cell(C::RpmHeadroom) = headroomCell(h.rpm);
    cell(C::TpmUsed) = countCell(h.tpm.used, {});
    cell(C::TpmLimit) = countCell(h.tpm.limit, {});
    cell(C::TpmHeadroom) = headroomCell(h.tpm);
    cell(C::RateLimitedPerSec) =
        rateCell(store.latest(SeriesKey::group(g.group, Metric::RateLimitedPerSec)), {});
    cell(C::FallbacksOutPerSec) = rateCell(edges.out, {});
    cell(C::FallbacksInPerSec) = rateCell(edges.in, {});

    cell(C::DeploymentsInCooldown) = ofTotalCell(detail->cooling.size(), g.deploymentIds.size());
    cell(C::TimeToExhaustion) =
        timeToExhaustionCell(lowerOf(h.rpm.secondsToExhaustion, h.tpm.secondsToExhaustion));

    // Every other cell carries the row's worse level (not its fraction: a usage change within a
    // level then repaints only the cells that show it).
    const HeadroomLevel level =
        worseLevel(headroomLevel(h.rpm.fraction), headroomLevel(h.tpm.fraction));
    for (int c = 0; c < int(C::ColumnCount); ++c) {
        if (c != C::RpmHeadroom && c != C::TpmHeadroom) {
            row.cells[std::size_t(c)].level = level;
        }
    }
    detail->headroom = std::move(h);
    row.detail = std::move(detail);
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
        return tip ? tr("Time until the last minute's usage reaches a limit at the recent trend")
                   : tr("Runs out");
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
    std::vector<TableRow> &rows = m_fresh;
    rows.resize(sample.groups.size());
    const QHash<QString, EdgeSum> edges = fallbackRates(store);
    // A few deployments cool down at a time: group them once rather than ask for each of
    // thousands.
    QHash<QString, QStringList> cooling;
    for (const auto &[group, id] : store.deploymentsInCooldown()) {
        cooling[group].append(id);
    }
    std::vector<EntityHeadroom> headrooms = groupHeadrooms(store, m_options);
    for (std::size_t i = 0; i < sample.groups.size(); ++i) {
        const GroupSample &g = sample.groups[i];
        groupRow(rows[i], store, g, std::move(headrooms[i]),
                 edgesOf(edges, g.group, sample.metricsAvailable), cooling.value(g.group));
    }
    mergeRows(rows);
}

void GroupsTableModel::clear()
{
    resetRows({});
}

} // namespace headroom
