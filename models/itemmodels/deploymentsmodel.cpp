#include "itemmodels/deploymentsmodel.h"

#include "itemmodels/boardformat.h"

#include <QCoreApplication>
#include <QDateTime>

namespace headroom {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeploymentsModel", text);
}

std::optional<double> toDouble(std::optional<qint64> v)
{
    return v ? std::optional<double>(double(*v)) : std::nullopt;
}

QString stateText(std::optional<int> state)
{
    if (!state) {
        return unknownText();
    }
    switch (*state) {
    case 0:
        return tr("healthy");
    case 1:
        return tr("partial outage");
    case 2:
        return tr("outage");
    default:
        return tr("state %1").arg(*state);
    }
}

// The /health check result for a deployment: matched by model id, else by model and api_base
// (older proxies do not show the id).
const HealthEndpoint *findCheck(const std::vector<HealthEndpoint> &list, const DeploymentSample &d)
{
    for (const HealthEndpoint &e : list) {
        if (!e.modelId.isEmpty()
                ? e.modelId == d.id
                : (!d.model.isEmpty() && e.model == d.model && e.apiBase == d.apiBase)) {
            return &e;
        }
    }
    return nullptr;
}

TableCell healthCell(const DeploymentSample &d, const std::optional<HealthReport> &report)
{
    TableCell cell;
    cell.text = stateText(d.state);
    cell.sortValue = double(d.state.value_or(-1));
    cell.toolTip = tr("Router deployment state: %1").arg(cell.text);
    if (!report) {
        return cell;
    }
    if (const HealthEndpoint *bad = findCheck(report->unhealthy, d)) {
        cell.text = tr("%1, check failed").arg(cell.text);
        cell.sortValue = cell.sortValue.number.value_or(0) + 0.5; // a failed check ranks just worse
        cell.toolTip += QLatin1Char('\n') +
                        tr("/health check failed: %1")
                            .arg(bad->error.isEmpty() ? unknownText() : bad->error.left(300));
    } else if (findCheck(report->healthy, d) != nullptr) {
        cell.text = tr("%1, check passed").arg(cell.text);
        cell.toolTip += QLatin1Char('\n') + tr("/health check passed");
    }
    return cell;
}

TableRow deploymentRow(const MetricsStore &store, const DeploymentSample &d,
                       const EntityHeadroom &h)
{
    using C = DeploymentsModel::Column;
    TableRow row;
    row.key = d.id;
    row.cells.resize(std::size_t(C::ColumnCount));
    const auto cell = [&row](C c) -> TableCell & {
        return row.cells[std::size_t(c)];
    };

    cell(C::Deployment) = textCell(d.id, tr("Model: %1").arg(d.model));
    cell(C::Provider) = textCell(d.provider);
    cell(C::ApiBase) = textCell(d.apiBase.isEmpty() ? tr("(provider default)") : d.apiBase);
    cell(C::CredentialFingerprint) =
        textCell(d.credentialFingerprint.isEmpty() ? unknownText() : d.credentialFingerprint,
                 tr("A tag of the API key, never the key: deployments with the same tag share one "
                    "provider quota"));
    cell(C::RpmLimit) = countCell(toDouble(d.rpmLimit), d.rpmLimit ? tr("Requests per minute limit")
                                                                   : tr("No rpm limit configured"));
    cell(C::TpmLimit) = countCell(toDouble(d.tpmLimit), d.tpmLimit ? tr("Tokens per minute limit")
                                                                   : tr("No tpm limit configured"));
    cell(C::RpmUsed) = countCell(
        h.rpm.used,
        tr("Attempts per minute (retries included): %1").arg(usageSourceText(h.rpm.source)));
    cell(C::TpmUsed) =
        countCell(h.tpm.used, tr("Tokens per minute: %1").arg(usageSourceText(h.tpm.source)));

    // The side nearer its limit decides; the tooltip shows both.
    const bool tpmWorse = h.tpm.fraction && (!h.rpm.fraction || *h.tpm.fraction < *h.rpm.fraction);
    const QString worseSide = tpmWorse ? QStringLiteral("TPM") : QStringLiteral("RPM");
    TableCell headroom = headroomCell(tpmWorse ? h.tpm : h.rpm, worseSide);
    if (h.rpm.fraction && h.tpm.fraction) {
        headroom.text = tr("%1 (%2)").arg(cellText(headroom), worseSide);
        headroom.kind = CellKind::Text;
    }
    headroom.toolTip = headroomCell(h.rpm, QStringLiteral("RPM")).toolTip + QLatin1Char('\n') +
                       headroomCell(h.tpm, QStringLiteral("TPM")).toolTip;
    cell(C::Headroom) = headroom;

    cell(C::RateLimitedPerSec) =
        rateCell(store.latest(SeriesKey::deployment(d.id, Metric::RateLimitedPerSec)),
                 tr("Attempts on this deployment refused with 429, per second"));
    const auto estimate = store.cooldownEstimate(d.id);
    TableCell &cooldown = cell(C::Cooldown);
    if (estimate) {
        // As of the latest poll, not the wall clock: the table shows one poll's picture.
        const qint64 left = std::max<qint64>(0, estimate->endsByMs - store.clock().latestTimeMs());
        cooldown.text = left > 0 ? tr("≤ %1 left").arg(formatDuration(left)) : tr("ending");
        cooldown.sortValue = double(std::max<qint64>(left, 1));
        // The duration the store used: a cooldown_time the proxy reported but that made no sense
        // (negative, not a number) was replaced by the default, and says so.
        const QString duration =
            estimate->ownDuration
                ? tr("its cooldown_time, %1").arg(formatDuration(estimate->durationMs))
                : tr("LiteLLM's default cooldown_time, %1")
                      .arg(formatDuration(estimate->durationMs));
        cooldown.toolTip =
            tr("Taken out of rotation after failures. LiteLLM does not say when it comes back; "
               "at the latest %1: the last poll that saw a new cooldown plus %2.")
                .arg(QDateTime::fromMSecsSinceEpoch(estimate->endsByMs)
                         .toString(QStringLiteral("HH:mm:ss")),
                     duration);
    } else {
        cooldown.text = unknownText();
        cooldown.sortValue = 0.0;
        cooldown.toolTip = tr("Not in cooldown");
    }
    cell(C::Health) = healthCell(d, store.latestSample().health);

    for (int c = 0; c < int(C::ColumnCount); ++c) {
        if (c != C::Headroom) {
            row.cells[std::size_t(c)].level = headroom.level;
        }
    }
    return row;
}

} // namespace

DeploymentsModel::DeploymentsModel(QObject *parent)
    : MergingTableModel(ColumnCount, parent)
{}

QVariant DeploymentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        return isNumericColumn(section) ? int(Qt::AlignRight | Qt::AlignVCenter)
                                        : int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (Column(section)) {
    case Deployment:
        return tr("Deployment");
    case Provider:
        return tr("Provider");
    case ApiBase:
        return tr("API base");
    case CredentialFingerprint:
        return tr("Credential");
    case RpmLimit:
        return tr("RPM limit");
    case TpmLimit:
        return tr("TPM limit");
    case RpmUsed:
        return tr("RPM used");
    case TpmUsed:
        return tr("TPM used");
    case Headroom:
        return tr("Headroom");
    case RateLimitedPerSec:
        return tr("429/s");
    case Cooldown:
        return tr("Cooldown");
    case Health:
        return tr("Health");
    case ColumnCount:
        break;
    }
    return {};
}

bool DeploymentsModel::isNumericColumn(int column) const
{
    return column >= RpmLimit && column <= RateLimitedPerSec;
}

std::vector<TableRow> DeploymentsModel::rowsFor(const MetricsStore &store) const
{
    std::vector<TableRow> rows;
    if (m_group.isEmpty()) {
        return rows;
    }
    for (const DeploymentSample &d : store.latestSample().deployments) {
        if (d.group == m_group) {
            rows.push_back(deploymentRow(store, d, deploymentHeadroom(store, d.id, m_options)));
        }
    }
    return rows;
}

void DeploymentsModel::setGroup(const QString &group)
{
    if (group == m_group) {
        return;
    }
    m_group = group;
    resetRows({});
}

void DeploymentsModel::setGroup(const QString &group, const MetricsStore &store)
{
    if (group == m_group) {
        update(store);
        return;
    }
    m_group = group;
    resetRows(rowsFor(store));
}

void DeploymentsModel::update(const MetricsStore &store)
{
    std::vector<TableRow> rows = rowsFor(store);
    mergeRows(rows);
}

} // namespace headroom
