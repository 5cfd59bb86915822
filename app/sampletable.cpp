#include "sampletable.h"

#include <algorithm>
#include <QDateTime>
#include <vector>

namespace headroom::app {

namespace {

QString number(const std::optional<double> &value)
{
    if (!value) {
        return QStringLiteral("-");
    }
    return QString::number(*value, 'f', 0);
}

QString number(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QStringLiteral("-");
}

// Columns sized to their widest cell; numbers right-aligned, text left-aligned.
QString table(const QStringList &header, const std::vector<QStringList> &rows,
              const std::vector<bool> &numeric)
{
    std::vector<qsizetype> width(std::size_t(header.size()), 0);
    const auto measure = [&](const QStringList &row) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            width[std::size_t(i)] = std::max(width[std::size_t(i)], row[i].size());
        }
    };
    measure(header);
    for (const QStringList &row : rows) {
        measure(row);
    }
    QString out;
    const auto line = [&](const QStringList &row) {
        QStringList cells;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const auto w = width[std::size_t(i)];
            cells << (numeric[std::size_t(i)] ? row[i].rightJustified(w) : row[i].leftJustified(w));
        }
        out += cells.join(QStringLiteral("  ")).trimmed() + u'\n';
    };
    line(header);
    for (const QStringList &row : rows) {
        line(row);
    }
    return out;
}

QString stateText(const std::optional<int> &state)
{
    if (!state) {
        return QStringLiteral("-");
    }
    switch (*state) {
    case 0:
        return QStringLiteral("healthy");
    case 1:
        return QStringLiteral("partial outage");
    case 2:
        return QStringLiteral("outage");
    default:
        return QString::number(*state);
    }
}

} // namespace

QString formatSampleTable(const ProxySample &sample)
{
    QString out =
        QStringLiteral("Proxy %1 at %2")
            .arg(sample.proxy,
                 QDateTime::fromMSecsSinceEpoch(sample.timeMs, Qt::UTC).toString(Qt::ISODate));
    if (sample.readiness && !sample.readiness->litellmVersion.isEmpty()) {
        out += QStringLiteral(", LiteLLM %1").arg(sample.readiness->litellmVersion);
    }
    out += sample.metricsAvailable ? QStringLiteral(", /metrics available\n")
                                   : QStringLiteral(", no /metrics\n");

    std::vector<QStringList> groupRows;
    for (const GroupSample &g : sample.groups) {
        groupRows.push_back({g.group, QString::number(g.deploymentIds.size()), number(g.rpmLimit),
                             number(g.remainingRequests), number(g.tpmLimit),
                             number(g.remainingTokens), number(g.requestsTotal),
                             number(g.rateLimitedTotal), number(g.routerRejectsTotal)});
    }
    out += u'\n' + table({QStringLiteral("GROUP"), QStringLiteral("DEPLOYMENTS"),
                          QStringLiteral("RPM LIMIT"), QStringLiteral("REMAINING REQ"),
                          QStringLiteral("TPM LIMIT"), QStringLiteral("REMAINING TOK"),
                          QStringLiteral("REQUESTS"), QStringLiteral("429s"),
                          QStringLiteral("NO DEPLOYMENT")},
                         groupRows, {false, true, true, true, true, true, true, true, true});

    std::vector<QStringList> deploymentRows;
    for (const DeploymentSample &d : sample.deployments) {
        deploymentRows.push_back({d.group, d.id, d.provider, number(d.rpmLimit),
                                  number(d.remainingRequests), number(d.successTotal),
                                  number(d.failureTotal), number(d.rateLimitedTotal),
                                  number(d.cooledDownTotal), stateText(d.state)});
    }
    out += u'\n' +
           table({QStringLiteral("GROUP"), QStringLiteral("DEPLOYMENT"), QStringLiteral("PROVIDER"),
                  QStringLiteral("RPM LIMIT"), QStringLiteral("REMAINING REQ"),
                  QStringLiteral("OK"), QStringLiteral("FAILED"), QStringLiteral("429s"),
                  QStringLiteral("COOLDOWNS"), QStringLiteral("STATE")},
                 deploymentRows, {false, false, false, true, true, true, true, true, true, false});

    if (!sample.fallbacks.empty()) {
        std::vector<QStringList> edgeRows;
        for (const FallbackEdgeSample &e : sample.fallbacks) {
            edgeRows.push_back({e.from, e.to, QString::number(e.successTotal, 'f', 0),
                                QString::number(e.failedTotal, 'f', 0)});
        }
        out += u'\n' + table({QStringLiteral("FALLBACK FROM"), QStringLiteral("TO"),
                              QStringLiteral("SUCCEEDED"), QStringLiteral("FAILED")},
                             edgeRows, {false, false, true, true});
    }
    return out;
}

} // namespace headroom::app
