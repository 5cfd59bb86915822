#include "promsource.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QtConcurrent/QtConcurrentRun>

namespace headroom::app {

struct PromSource::Pending {
    std::size_t expected = 0;
    std::vector<PromReply> prom;
    std::vector<EndpointReply> admin;
    bool done() const { return prom.size() + admin.size() >= expected; }
};

namespace {

QString encoded(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

QUrl withPath(QUrl url, const QString &path)
{
    QString base = url.path();
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    url.setPath(base + path);
    return url;
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

} // namespace

PromSource::PromSource(PromSourceConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_network(this)
    , m_random(std::random_device{}())
{
    m_queries.matchers = m_config.matchers.trimmed();
    m_queries.replicaLabel = m_config.replicaLabel;
    m_queries.rateWindowSeconds = m_config.rateWindowSeconds;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PromSource::startPoll);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<FleetPollResult>>::finished, this,
            &PromSource::evaluated);
    connect(&m_backfillWatcher, &QFutureWatcher<std::shared_ptr<Backfill>>::finished, this, [this] {
        m_backfill = m_backfillWatcher.result();
        m_backfillNext = 0;
        drainBackfill();
    });
    if (!m_config.configFile.isEmpty()) {
        m_configFile = std::make_unique<ConfigFileChain>(m_config.configFile);
        connect(
            m_configFile.get(), &ConfigFileChain::chainChanged, this,
            [this](std::shared_ptr<const FallbackChain> chain) { takeChain(std::move(chain)); });
    }
}

PromSource::~PromSource()
{
    stop();
    m_watcher.waitForFinished();
    m_backfillWatcher.waitForFinished();
}

QString PromSource::displayUrl() const
{
    return m_config.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toString();
}

QString PromSource::adminSource() const
{
    if (!m_config.adminUrl.isEmpty()) {
        const QString replica =
            m_config.adminUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString();
        return m_configFile ? QStringLiteral("groups and limits from the replica %1 (/model/info); "
                                             "the chain from %2")
                                  .arg(replica, m_config.configFile)
                            : QStringLiteral("groups, limits and chain from the replica %1 "
                                             "(/model/info, /router/settings)")
                                  .arg(replica);
    }
    if (m_configFile) {
        return QStringLiteral("the chain from %1; groups and limits from the metrics' limit gauges")
            .arg(m_config.configFile);
    }
    return QStringLiteral("metrics only: groups and limits from the limit gauges, no chain (name "
                          "a replica or a config file for them)");
}

void PromSource::takeChain(std::shared_ptr<const FallbackChain> chain)
{
    if (!m_chain || !chain || *m_chain != *chain) {
        m_chain = std::move(chain);
    }
}

void PromSource::start()
{
    m_running = true;
    if (m_configFile && !m_configFile->hasRead()) {
        m_configFile->start();
    }
    if (m_config.backfill && m_pollId == 0) {
        startBackfill();
        return;
    }
    startPoll();
}

void PromSource::stop()
{
    m_running = false;
    m_timer.stop();
    ++m_pollId;
    m_network.cancelAll();
}

void PromSource::pollNow()
{
    m_timer.stop();
    m_running = true;
    if (!m_backfilling) {
        startPoll();
    }
}

int PromSource::nextDelayMs()
{
    if (m_failures == 0) {
        return m_config.intervalMs;
    }
    const double base = std::min<double>(
        m_config.maxBackoffMs, m_config.intervalMs * std::pow(2.0, std::min(m_failures, 16)));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return int(std::min<double>(m_config.maxBackoffMs, base * jitter(m_random)));
}

FetchRequest PromSource::promRequest(const QString &path, const QString &query) const
{
    FetchRequest request;
    QUrl url = withPath(m_config.url, path);
    url.setQuery(query, QUrl::StrictMode);
    request.url = url;
    request.authorization = m_config.authorization;
    request.timeoutMs = m_config.timeoutMs;
    request.maxBytes = m_config.maxBodyBytes;
    request.insecureTls = m_config.insecureTls;
    return request;
}

QUrl PromSource::queryUrl(prom::FleetQuery query, qint64 timeMs) const
{
    return promRequest(QStringLiteral("/api/v1/query"),
                       QStringLiteral("query=%1&time=%2")
                           .arg(encoded(prom::fleetQuery(query, m_queries)), seconds(timeMs)))
        .url;
}

void PromSource::startBackfill()
{
    m_backfilling = true;
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = end - qint64(m_config.backfillSeconds) * 1000;
    const auto queries = prom::sampleQueries();
    auto results = std::make_shared<std::vector<FetchResult>>();
    const quint64 pollId = m_pollId;
    for (const prom::FleetQuery query : queries) {
        const FetchRequest request = promRequest(
            QStringLiteral("/api/v1/query_range"),
            QStringLiteral("query=%1&start=%2&end=%3&step=%4")
                .arg(encoded(prom::fleetQuery(query, m_queries)), seconds(start), seconds(end),
                     QString::number(std::max(1, m_config.backfillStepSeconds))));
        m_network.get(request, [this, results, pollId, count = queries.size()](FetchResult r) {
            if (pollId != m_pollId) {
                return;
            }
            results->push_back(std::move(r));
            if (results->size() == count) {
                backfillArrived(std::move(*results));
            }
        });
    }
}

// One backfilled sample per event-loop turn: the store's ingest and the views' update of a large
// fleet take milliseconds each, and an hour is 240 samples; handed over at once they would freeze
// the window for seconds.
void PromSource::drainBackfill()
{
    if (!m_running || !m_backfill) {
        m_backfilling = false;
        m_backfill.reset();
        return;
    }
    if (m_backfillNext < m_backfill->samples.size()) {
        ProxySample &sample = m_backfill->samples[m_backfillNext++];
        sample.pollId = ++m_pollId;
        sample.chain = m_chain;
        if (sample.fleet) {
            sample.fleet->adminSource = adminSource();
        }
        const quint64 pollId = m_pollId;
        emit sampleReady(std::make_shared<const ProxySample>(std::move(sample)));
        QMetaObject::invokeMethod(
            this,
            [this, pollId] {
                if (pollId == m_pollId) { // not stopped or restarted meanwhile
                    drainBackfill();
                } else {
                    m_backfilling = false;
                    m_backfill.reset();
                }
            },
            Qt::QueuedConnection);
        return;
    }
    const std::shared_ptr<Backfill> done = std::move(m_backfill);
    m_backfilling = false;
    emit backfillFinished(int(done->samples.size()), done->problem);
    startPoll();
}

void PromSource::backfillArrived(std::vector<FetchResult> results)
{
    const QString prometheus = displayUrl();
    const prom::FleetQueryOptions queries = m_queries;
    prom::ApiLimits limits;
    limits.body.maxBytes = m_config.maxBodyBytes;
    const std::optional<std::vector<Deployment>> deployments = m_deployments;
    m_backfillWatcher.setFuture(
        QtConcurrent::run([prometheus, queries, limits, deployments, results = std::move(results)] {
            auto out = std::make_shared<Backfill>();
            std::vector<prom::ApiAnswer> answers;
            QStringList problems;
            for (const FetchResult &r : results) {
                std::optional<ParseResult<prom::ApiAnswer>> parsed;
                if (r.ok()) {
                    parsed.emplace(
                        prom::parseApiAnswer({r.body.constData(), std::size_t(r.body.size())},
                                             prom::ApiEndpoint::QueryRange, limits));
                }
                const QString failure = promFailure(r, parsed ? &*parsed : nullptr);
                if (!failure.isEmpty()) {
                    problems << failure;
                    continue;
                }
                answers.push_back(std::move(*parsed).value());
            }
            problems.removeDuplicates();
            out->problem = problems.join(QStringLiteral("; "));
            // History with one query missing would be wrong in a way no one could see: all or none.
            if (problems.isEmpty()) {
                std::vector<const prom::ApiAnswer *> pointers;
                pointers.reserve(answers.size());
                for (const prom::ApiAnswer &a : answers) {
                    pointers.push_back(&a);
                }
                out->samples = backfillSamples(prometheus, pointers,
                                               deployments ? &*deployments : nullptr, queries);
            }
            return out;
        }));
}

void PromSource::startPoll()
{
    const quint64 pollId = ++m_pollId;
    m_network.cancelAll();
    m_pollStartMs = QDateTime::currentMSecsSinceEpoch();
    m_pending = std::make_unique<Pending>();

    struct Ask {
        std::optional<prom::FleetQuery> query; // none: discovery
        FetchRequest request;
    };
    std::vector<Ask> prom;
    for (const prom::FleetQuery query :
         {prom::FleetQuery::Counters, prom::FleetQuery::Remaining, prom::FleetQuery::LimitsAndState,
          prom::FleetQuery::ReplicaSeries, prom::FleetQuery::ReplicaRates}) {
        // One evaluation time for every query, so the parts of a sample are of one instant.
        prom.push_back({query, promRequest(QStringLiteral("/api/v1/query"),
                                           QStringLiteral("query=%1&time=%2")
                                               .arg(encoded(prom::fleetQuery(query, m_queries)),
                                                    seconds(m_pollStartMs)))});
    }
    if (!m_knownReplicas || m_pollStartMs - m_lastDiscoveryMs >= m_config.discoveryIntervalMs) {
        prom.push_back(
            {std::nullopt,
             promRequest(QStringLiteral("/api/v1/series"),
                         QStringLiteral("match[]=%1&start=%2&end=%3")
                             .arg(encoded(prom::discoverySelector(m_queries)),
                                  seconds(m_pollStartMs - 3600 * 1000), seconds(m_pollStartMs)))});
    }

    QStringList admin;
    if (!m_config.adminUrl.isEmpty()) {
        admin << QStringLiteral("/model_group/info");
        if (!m_deployments || m_pollStartMs - m_lastModelInfoMs >= m_config.modelInfoIntervalMs) {
            admin << QStringLiteral("/model/info");
        }
        if (!m_configFile && (m_routerSettingsDue || m_pollStartMs - m_lastRouterSettingsMs >=
                                                         m_config.routerSettingsIntervalMs)) {
            admin << QLatin1String(kRouterSettingsEndpoint);
        }
    }
    m_pending->expected = prom.size() + std::size_t(admin.size());

    for (Ask &ask : prom) {
        const std::optional<prom::FleetQuery> query = ask.query;
        m_network.get(ask.request, [this, pollId, query](FetchResult result) {
            if (pollId != m_pollId || !m_pending) {
                return;
            }
            PromReply reply;
            reply.kind = query ? PromReply::Kind::Query : PromReply::Kind::Discovery;
            reply.query = query.value_or(prom::FleetQuery::Counters);
            reply.result = std::move(result);
            m_pending->prom.push_back(std::move(reply));
            replyArrived(pollId);
        });
    }
    const QByteArray key = m_config.adminKey.isEmpty()
                               ? QByteArray()
                               : QByteArrayLiteral("Bearer ") + m_config.adminKey.toUtf8();
    for (const QString &endpoint : admin) {
        FetchRequest request;
        request.url = withPath(m_config.adminUrl, endpoint);
        request.authorization = key;
        request.timeoutMs = m_config.timeoutMs;
        request.maxBytes = m_config.maxBodyBytes;
        request.insecureTls = m_config.insecureTls;
        m_network.get(request, [this, pollId, endpoint](FetchResult result) {
            if (pollId != m_pollId || !m_pending) {
                return;
            }
            m_pending->admin.push_back({endpoint, std::move(result)});
            replyArrived(pollId);
        });
    }
}

void PromSource::replyArrived(quint64 pollId)
{
    if (!m_pending->done()) {
        return;
    }
    FleetPollInput input;
    input.prometheus = displayUrl();
    input.queries = m_queries;
    input.pollId = pollId;
    input.timeMs = m_pollStartMs;
    input.prom = std::move(m_pending->prom);
    input.admin = std::move(m_pending->admin);
    m_pending.reset();
    input.cachedDeployments = m_deployments;
    input.knownReplicas = m_knownReplicas;
    input.adminSource = adminSource();
    input.adminUrl =
        m_config.adminUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString();
    input.slowMs = m_config.slowMs;
    input.limits.maxBytes = m_config.maxBodyBytes;
    input.apiLimits.body.maxBytes = m_config.maxBodyBytes;
    m_watcher.setFuture(QtConcurrent::run([input = std::move(input)] {
        return std::make_shared<FleetPollResult>(evaluateFleetPoll(input));
    }));
}

void PromSource::evaluated()
{
    const std::shared_ptr<FleetPollResult> shared = m_watcher.result();
    FleetPollResult &result = *shared;
    PollResult &poll = result.poll;
    if (poll.outcome.pollId != m_pollId) {
        return;
    }
    if (result.discovered) {
        m_knownReplicas = std::move(result.discovered);
        m_lastDiscoveryMs = m_pollStartMs;
    }
    if (poll.deployments) {
        m_deployments = std::move(poll.deployments);
        m_lastModelInfoMs = m_pollStartMs;
    }
    if (poll.chain) {
        m_lastRouterSettingsMs = m_pollStartMs;
        m_routerSettingsDue = false;
        if (!poll.chain->passing || !m_chain || !m_chain->origin.problem.isEmpty()) {
            takeChain(std::make_shared<const FallbackChain>(std::move(poll.chain->chain)));
        }
    }
    if (m_configFile) {
        takeChain(m_configFile->chain());
    }
    m_failures = poll.outcome.hasSample() ? 0 : m_failures + 1;
    if (poll.sample) {
        auto sample = std::make_shared<ProxySample>(std::move(*poll.sample));
        sample->chain = m_chain;
        emit sampleReady(std::move(sample));
    }
    emit pollFinished(poll.outcome);
    schedule();
}

void PromSource::schedule()
{
    if (m_running) {
        m_timer.start(nextDelayMs());
    }
}

} // namespace headroom::app
