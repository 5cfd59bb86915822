#include "sampletable.h"

#include "chainsource.h"
#include "sample/samplechain.h"

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

namespace {

QString chainTable(const ProxySample &sample)
{
    if (!sample.chain) {
        return {};
    }
    const FallbackChain &chain = *sample.chain;
    QString out =
        u'\n' + QStringLiteral("Fallback chain from %1").arg(describeChainOrigin(chain.origin));
    if (!chain.origin.problem.isEmpty()) {
        out += QStringLiteral("\n  not known: %1").arg(chain.origin.problem);
        if (chain.fallbacks == FallbackConfig{} && chain.settings == RouterSettings{}) {
            return out + u'\n'; // nothing read: no settings, edges or findings to show
        }
    }
    out += QStringLiteral("\n  num_retries %1, max_fallbacks %2\n")
               .arg(chain.settings.numRetries ? QString::number(*chain.settings.numRetries)
                                              : QStringLiteral("2 (default)"),
                    chain.fallbacks.maxFallbacks ? QString::number(*chain.fallbacks.maxFallbacks)
                                                 : QStringLiteral("5 (default)"));
    const ChainFacts facts = chainFacts(sample);
    // One row per group and kind, its targets in the order the router tries them.
    std::vector<QStringList> edgeRows;
    for (const ChainEdge &e : chain.edges(facts.groups)) {
        const QString kind =
            fallbackKindSetting(e.kind) +
            (e.viaWildcard && e.kind != FallbackKind::Default ? QStringLiteral(" (*)") : QString());
        if (!edgeRows.empty() && edgeRows.back()[0] == e.from && edgeRows.back()[1] == kind) {
            edgeRows.back()[2] += QStringLiteral(", ") + e.to;
        } else {
            edgeRows.push_back({e.from, kind, e.to});
        }
    }
    if (!edgeRows.empty()) {
        out += u'\n' + table({QStringLiteral("FROM"), QStringLiteral("SETTING"),
                              QStringLiteral("TARGETS IN ORDER")},
                             edgeRows, {false, false, false});
    }
    std::vector<QStringList> attemptRows;
    const FallbackWalker walker(chain, facts.groups);
    qsizetype budget = kWalkStepBudget;
    for (const QString &group : facts.groups) {
        const QuotaPool *pool = poolOf(facts.pools, group);
        QString attempts = QStringLiteral("-"); // past the budget: too large a chain to walk
        if (budget > 0) {
            const FallbackWalk walk = walker.walk(group);
            budget -= qsizetype(walk.steps.size());
            attempts = QString::number(walker.worstCaseAttempts(walk));
        }
        attemptRows.push_back({group, attempts, pool ? pool->reason : QStringLiteral("-")});
    }
    if (!attemptRows.empty()) {
        out += u'\n' + table({QStringLiteral("GROUP"), QStringLiteral("WORST-CASE ATTEMPTS"),
                              QStringLiteral("SHARED QUOTA")},
                             attemptRows, {false, true, false});
    }
    const std::vector<ChainFinding> findings = checkChain(chain, facts);
    out += findings.empty() ? QStringLiteral("\nNo findings.\n") : QStringLiteral("\nFindings:\n");
    for (const ChainFinding &f : findings) {
        out += QStringLiteral("  %1 %2 (%3): %4\n")
                   .arg(findingSeverityName(f.severity), findingKindName(f.kind), f.setting,
                        f.message);
    }
    return out;
}

} // namespace

namespace {

// A fleet's replicas and where its chain and limits came from.
QString fleetTable(const FleetSample &fleet)
{
    QString out = QStringLiteral("%1\n").arg(fleet.adminSource);
    for (const QString &w : fleet.warnings) {
        out += QStringLiteral("Partial result, Prometheus warned: %1\n").arg(w);
    }
    std::vector<QStringList> rows;
    for (const ReplicaSample &r : fleet.replicas) {
        rows.push_back(
            {r.instance,
             r.reporting ? QStringLiteral("reporting") : QStringLiteral("STOPPED REPORTING"),
             r.requestsPerSecond ? QString::number(*r.requestsPerSecond, 'f', 2)
                                 : QStringLiteral("-"),
             QString::number(r.series)});
    }
    return out + u'\n' +
           table({QStringLiteral("REPLICA"), QStringLiteral("STATE"), QStringLiteral("REQ/S"),
                  QStringLiteral("SERIES")},
                 rows, {false, false, true, true});
}

} // namespace

QString formatSampleTable(const ProxySample &sample)
{
    QString out =
        QStringLiteral("%1 %2 at %3")
            .arg(sample.fleet ? QStringLiteral("Fleet through Prometheus")
                              : QStringLiteral("Proxy"),
                 sample.fleet && !sample.fleet->matchers.isEmpty()
                     ? sample.proxy + QStringLiteral(" {") + sample.fleet->matchers + u'}'
                     : sample.proxy,
                 QDateTime::fromMSecsSinceEpoch(sample.timeMs, Qt::UTC).toString(Qt::ISODate));
    if (sample.readiness && !sample.readiness->litellmVersion.isEmpty()) {
        out += QStringLiteral(", LiteLLM %1").arg(sample.readiness->litellmVersion);
    }
    if (sample.fleet) {
        const auto reporting =
            std::count_if(sample.fleet->replicas.begin(), sample.fleet->replicas.end(),
                          [](const ReplicaSample &r) { return r.reporting; });
        out += QStringLiteral(", %1 of %2 replicas reporting\n")
                   .arg(reporting)
                   .arg(sample.fleet->replicas.size());
        out += fleetTable(*sample.fleet);
    } else {
        out += sample.metricsAvailable ? QStringLiteral(", /metrics available\n")
                                       : QStringLiteral(", no /metrics\n");
    }

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
    return out + chainTable(sample);
}

} // namespace headroom::app
