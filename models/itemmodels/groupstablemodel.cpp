#include "itemmodels/groupstablemodel.h"

#include "chain/chainnames.h"
#include "itemmodels/boardformat.h"

#include <limits>
#include <QCoreApplication>
#include <QLocale>

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
// Rates of the latest poll a group's tooltips explain its figures with.
struct GroupRates {
    std::optional<double> attempts;    // on its deployments, per second
    std::optional<double> refused;     // of them, refused with 429
    std::optional<double> clients;     // client requests for the group
    std::optional<double> clients429;  // of them, answered 429
    std::optional<double> fallbacksIn; // hops into the group
};

QString perMinute(std::optional<double> perSecond)
{
    return formatCount(perSecond ? std::optional<double>(*perSecond * 60.0) : std::nullopt);
}

// A group's tooltips, made when a view asks for one.
struct GroupDetail final : RowDetail {
    EntityHeadroom headroom;
    QStringList providers;
    QStringList cooling;
    qsizetype deployments = 0;
    GroupRates rates;
    QString chain;       // the Chain column's text
    QString chainOrigin; // where the chain was read, or why it is not known

    QString attemptsToolTip() const
    {
        QString text =
            tr("Attempts per minute on this group's deployments (%1): accepted and refused with "
               "429 alike, retries and fallback hops from other groups included. LiteLLM's "
               "router counts every attempt against the deployments' rpm, so this is what the "
               "RPM limit is compared with.")
                .arg(usageSourceText(headroom.rpm.source));
        if (rates.attempts) {
            text += tr("\nAt the last poll: %1 attempts/min, %2 of them refused with 429.")
                        .arg(perMinute(rates.attempts), perMinute(rates.refused));
        }
        if (const auto cost =
                attemptsPerRequest(rates.attempts, rates.clients, rates.fallbacksIn)) {
            text += tr("\nEach request that reached the group (%1 from clients and %2 fallback "
                       "hops in, per minute) cost %3 attempts.")
                        .arg(perMinute(rates.clients), perMinute(rates.fallbacksIn),
                             QLocale().toString(*cost, 'f', 1));
        }
        return text;
    }

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
            return attemptsToolTip();
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
            return tr("Attempts the deployments refused with 429: %1; client requests for this "
                      "group answered 429: %2. Fallbacks hide the first from clients, so a "
                      "storm shows here first.")
                .arg(formatPerSecond(rates.refused), formatPerSecond(rates.clients429));
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
        case C::Chain:
            return chainOrigin.isEmpty() ? chain : chain + u'\n' + chainOrigin;
        case C::ColumnCount:
            break;
        }
        return {};
    }
};

// Where the chain was read from, or why it is not known, for the Chain column's tooltip.
QString chainOriginText(const FallbackChain *chain)
{
    if (chain == nullptr || chain->origin.kind == ChainOrigin::Kind::Unknown) {
        return tr("The fallback chain has not been read yet.");
    }
    if (!chain->origin.problem.isEmpty()) {
        return chain->origin.problem;
    }
    return tr("General and default fallbacks, as read from %1.").arg(chain->origin.where);
}

// Fills `row`, whose cells may hold the previous poll's (moved-from) values: every cell is
// assigned whole.
void groupRow(TableRow &row, const MetricsStore &store, const GroupSample &g, EntityHeadroom h,
              const EdgeSum &edges, QStringList cooling, const QString &chain,
              const QString &chainOrigin)
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
    const MetricsStore::EntityRef ref = store.find(Scope::Group, g.group);
    GroupRates &rates = detail->rates;
    rates.attempts = store.latest(ref, Metric::AttemptsPerSec);
    rates.refused = store.latest(ref, Metric::RefusedAttemptsPerSec);
    rates.clients = store.latest(ref, Metric::RequestsPerSec);
    rates.clients429 = store.latest(ref, Metric::RateLimitedPerSec);
    rates.fallbacksIn = edges.in;
    detail->chain = chain;
    detail->chainOrigin = chainOrigin;

    cell(C::Group) = textCell(g.group);
    cell(C::RpmUsed) = countCell(h.rpm.used, {});
    cell(C::RpmLimit) = countCell(h.rpm.limit, {});
    cell(C::RpmHeadroom) = headroomCell(h.rpm);
    cell(C::TpmUsed) = countCell(h.tpm.used, {});
    cell(C::TpmLimit) = countCell(h.tpm.limit, {});
    cell(C::TpmHeadroom) = headroomCell(h.tpm);
    cell(C::RateLimitedPerSec) = ratePairCell(rates.refused, rates.clients429);
    cell(C::FallbacksOutPerSec) = rateCell(edges.out, {});
    cell(C::FallbacksInPerSec) = rateCell(edges.in, {});

    cell(C::DeploymentsInCooldown) = ofTotalCell(detail->cooling.size(), g.deploymentIds.size());
    cell(C::TimeToExhaustion) =
        timeToExhaustionCell(lowerOf(h.rpm.secondsToExhaustion, h.tpm.secondsToExhaustion));
    cell(C::Chain) = textCell(chain);

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
    // Two-line titles where a column's numbers are narrower than its name: the twelve columns
    // and the chain then fit the default window without a horizontal scroll bar.
    switch (Column(section)) {
    case Group:
        return tip ? tr("Model group (model_name)") : tr("Group");
    case RpmUsed:
        return tip ? tr("Attempts per minute on the deployments, accepted and refused with 429: "
                        "what the RPM limit counts")
                   : tr("RPM\nattempts");
    case RpmLimit:
        return tip ? tr("Requests per minute limit") : tr("RPM\nlimit");
    case RpmHeadroom:
        return tip ? tr("Share of the RPM limit left") : tr("RPM headroom");
    case TpmUsed:
        return tip ? tr("Tokens per minute used") : tr("TPM\nused");
    case TpmLimit:
        return tip ? tr("Tokens per minute limit") : tr("TPM\nlimit");
    case TpmHeadroom:
        return tip ? tr("Share of the TPM limit left") : tr("TPM headroom");
    case RateLimitedPerSec:
        return tip ? tr("429s per second: attempts the deployments refused · client requests "
                        "answered 429")
                   : tr("429/s\nrefused · clients");
    case FallbacksOutPerSec:
        return tip ? tr("Fallbacks from this group, per second") : tr("Fallbacks\nout");
    case FallbacksInPerSec:
        return tip ? tr("Fallbacks into this group, per second") : tr("Fallbacks\nin");
    case DeploymentsInCooldown:
        return tip ? tr("Deployments in cooldown") : tr("Cooldown");
    case TimeToExhaustion:
        return tip ? tr("Time until the last minute's usage reaches a limit at the recent trend")
                   : tr("Runs\nout");
    case Chain:
        return tip ? tr("The fallback chain the group is in: the order LiteLLM tries groups from "
                        "its root")
                   : tr("Chain");
    case ColumnCount:
        break;
    }
    return {};
}

bool GroupsTableModel::isNumericColumn(int column) const
{
    return column != Group && column != Chain;
}

void GroupsTableModel::setChain(std::shared_ptr<const FallbackChain> chain)
{
    m_chain = std::move(chain);
}

void GroupsTableModel::updateChainNames(const ProxySample &sample)
{
    // Compared each poll (a thousand names, microseconds); worked out only on a change.
    if (m_namedFor == m_chain && qsizetype(sample.groups.size()) == m_namedGroups.size() &&
        std::equal(sample.groups.begin(), sample.groups.end(), m_namedGroups.begin(),
                   [](const GroupSample &g, const QString &name) { return g.group == name; })) {
        return;
    }
    m_namedGroups.clear();
    for (const GroupSample &g : sample.groups) {
        m_namedGroups.append(g.group);
    }
    m_namedFor = m_chain;
    m_chainNames = m_chain && m_chain->known() ? chainNames(m_chain->edges(m_namedGroups))
                                               : QHash<QString, QString>();
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
    updateChainNames(sample);
    const bool chainKnown = m_chain && m_chain->known();
    const QString origin = chainOriginText(m_chain.get());
    const QString none = tr("none");
    for (std::size_t i = 0; i < sample.groups.size(); ++i) {
        const GroupSample &g = sample.groups[i];
        const QString chain = chainKnown ? m_chainNames.value(g.group, none) : unknownText();
        groupRow(rows[i], store, g, std::move(headrooms[i]),
                 edgesOf(edges, g.group, sample.metricsAvailable), cooling.value(g.group), chain,
                 origin);
    }
    mergeRows(rows);
}

void GroupsTableModel::clear()
{
    resetRows({});
}

QString GroupsTableModel::worstGroup(HeadroomLevel *level) const
{
    struct Rank {
        int level = -1;
        double refused = 0;
        double fraction = 0; // headroom left, the lower of RPM and TPM; unknown as 2
        QString name;
        // True if this is in a worse state than `other`.
        bool worseThan(const Rank &other) const
        {
            if (level != other.level) {
                return level > other.level;
            }
            if (refused != other.refused) {
                return refused > other.refused;
            }
            if (fraction != other.fraction) {
                return fraction < other.fraction;
            }
            return name < other.name;
        }
    };
    std::optional<Rank> worst;
    for (int row = 0; row < rowCount(); ++row) {
        Rank rank;
        rank.level = index(row, Group).data(HeadroomLevelRole).toInt();
        rank.refused = sortKeyAt(row, RateLimitedPerSec).number.value_or(-1);
        rank.fraction = std::min(sortKeyAt(row, RpmHeadroom).number.value_or(2),
                                 sortKeyAt(row, TpmHeadroom).number.value_or(2));
        rank.name = keyAt(row);
        if (!worst || rank.worseThan(*worst)) {
            worst = std::move(rank);
        }
    }
    if (!worst) {
        return {};
    }
    if (level != nullptr) {
        *level = HeadroomLevel(worst->level);
    }
    return worst->name;
}

} // namespace headroom
