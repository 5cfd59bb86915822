#include "proxysource.h"

#include <algorithm>
#include <cmath>
#include <QDateTime>
#include <QtConcurrent/QtConcurrentRun>

namespace headroom::app {

ProxySource::ProxySource(ProxySourceConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_network(this)
    , m_random(std::random_device{}())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProxySource::startPoll);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<PollResult>>::finished, this,
            &ProxySource::evaluated);
    if (!m_config.configFile.isEmpty()) {
        m_configFile = std::make_unique<ConfigFileChain>(m_config.configFile);
        connect(m_configFile.get(), &ConfigFileChain::chainChanged, this,
                [this](std::shared_ptr<const FallbackChain> chain) {
                    takeChain(std::move(chain));
                    if (m_waitingForFile) {
                        m_waitingForFile = false;
                        if (m_running) {
                            startPoll();
                        }
                    }
                });
    }
}

ProxySource::~ProxySource()
{
    stop();
    m_watcher.waitForFinished();
}

QString ProxySource::displayUrl() const
{
    return m_config.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toString();
}

void ProxySource::start()
{
    m_running = true;
    if (m_configFile && !m_configFile->hasRead()) {
        // So that even the first sample (all `headroom inspect` prints) carries the file's chain.
        if (!m_waitingForFile) {
            m_waitingForFile = true;
            m_configFile->start();
        }
        return;
    }
    startPoll();
}

void ProxySource::refreshChain()
{
    m_routerSettingsDue = true;
}

void ProxySource::takeChain(std::shared_ptr<const FallbackChain> chain)
{
    // One value for as long as it is unchanged, however often it is read.
    if (!m_chain || !chain || *m_chain != *chain) {
        m_chain = std::move(chain);
    }
}

void ProxySource::stop()
{
    m_running = false;
    m_timer.stop();
    ++m_pollId; // whatever is in flight is now stale
    m_network.cancelAll();
}

void ProxySource::pollNow()
{
    m_timer.stop();
    if (m_waitingForFile) {
        m_running = true; // the poll starts once the file is read
        return;
    }
    if (m_configFile && !m_configFile->hasRead()) {
        start();
        return;
    }
    m_running = true;
    startPoll();
}

int ProxySource::nextDelayMs()
{
    // A proxy that said when to come back (Retry-After on a 429 or 503) is not asked sooner,
    // however short the interval; nor later than the backoff's ceiling.
    const int asked = int(std::min<qint64>(m_retryAfterMs, m_config.maxBackoffMs));
    if (m_failures == 0) {
        return std::max(m_config.intervalMs, asked);
    }
    // Exponential backoff with ±20 % jitter, so many Headrooms do not hammer a proxy in step.
    const double base = std::min<double>(
        m_config.maxBackoffMs, m_config.intervalMs * std::pow(2.0, std::min(m_failures, 16)));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return std::max(asked, int(std::min<double>(m_config.maxBackoffMs, base * jitter(m_random))));
}

void ProxySource::startPoll()
{
    const quint64 pollId = ++m_pollId;
    m_network.cancelAll(); // answers of an abandoned poll are dropped by id anyway
    m_replies.clear();
    m_pollStartMs = QDateTime::currentMSecsSinceEpoch();

    QStringList endpoints = {QStringLiteral("/metrics"), QStringLiteral("/health/readiness"),
                             QStringLiteral("/model_group/info")};
    const bool modelInfoDue = m_modelInfoDue || !m_deployments ||
                              m_pollStartMs - m_lastModelInfoMs >= m_config.modelInfoIntervalMs;
    if (modelInfoDue) {
        endpoints << QStringLiteral("/model/info");
        if (m_config.pollHealth) {
            endpoints << QStringLiteral("/health");
        }
    }
    const int chainIntervalMs = m_routerSettingsRefused ? m_config.routerSettingsRefusedIntervalMs
                                                        : m_config.routerSettingsIntervalMs;
    if (!m_configFile &&
        (m_routerSettingsDue || m_pollStartMs - m_lastRouterSettingsMs >= chainIntervalMs)) {
        endpoints << QLatin1String(kRouterSettingsEndpoint);
    }
    m_expected = std::size_t(endpoints.size());
    m_lastEndpoints = endpoints;

    const QByteArray authorization = m_config.key.isEmpty()
                                         ? QByteArray()
                                         : QByteArrayLiteral("Bearer ") + m_config.key.toUtf8();
    for (const QString &endpoint : endpoints) {
        FetchRequest request;
        QUrl url = m_config.url;
        QString path = url.path();
        while (path.endsWith(u'/')) {
            path.chop(1);
        }
        url.setPath(path + endpoint);
        request.url = url;
        request.authorization = authorization;
        request.timeoutMs = m_config.timeoutMs;
        request.maxBytes = m_config.maxBodyBytes;
        request.insecureTls = m_config.insecureTls;
        m_network.get(request, [this, pollId, endpoint](FetchResult result) {
            replyArrived(pollId, EndpointReply{endpoint, std::move(result)});
        });
    }
}

void ProxySource::replyArrived(quint64 pollId, EndpointReply reply)
{
    if (pollId != m_pollId) {
        return; // stale: a newer poll started, or the source stopped
    }
    m_replies.push_back(std::move(reply));
    if (m_replies.size() < m_expected) {
        return;
    }
    PollInput input;
    input.proxy = displayUrl();
    input.pollId = pollId;
    input.timeMs = m_pollStartMs;
    input.replies = std::move(m_replies);
    m_replies.clear();
    input.cachedDeployments = m_deployments;
    input.slowMs = m_config.slowMs;
    input.limits.maxBytes = m_config.maxBodyBytes;
    // An evaluation still parsing for an older poll is left to finish on its own: the watcher
    // follows the new one, and the old result is never looked at.
    m_evaluatingPollId = pollId;
    m_watcher.setFuture(QtConcurrent::run(
        [input = std::move(input)] { return std::make_shared<PollResult>(evaluatePoll(input)); }));
}

void ProxySource::evaluated()
{
    // Moved out of the shared result, never copied (5,000 deployments' strings on the UI thread).
    const std::shared_ptr<PollResult> shared = m_watcher.result();
    PollResult &result = *shared;
    if (result.outcome.pollId != m_pollId) {
        return; // a newer poll started while this one was being parsed
    }
    if (result.deployments) {
        m_deployments = std::move(result.deployments);
        m_lastModelInfoMs = m_pollStartMs;
        m_modelInfoDue = false;
    }
    if (result.chain) {
        m_lastRouterSettingsMs = m_pollStartMs;
        m_routerSettingsDue = false;
        m_routerSettingsRefused =
            !result.chain->passing && !result.chain->chain.origin.problem.isEmpty();
        // A passing failure leaves a chain read before in force.
        if (!result.chain->passing || !m_chain || !m_chain->origin.problem.isEmpty()) {
            takeChain(std::make_shared<const FallbackChain>(std::move(result.chain->chain)));
        }
    }
    m_failures = result.outcome.hasSample() ? 0 : m_failures + 1;
    m_retryAfterMs = result.outcome.retryAfterMs;
    if (result.sample) {
        auto sample = std::make_shared<ProxySample>(std::move(*result.sample));
        sample->chain = m_chain;
        emit sampleReady(std::move(sample));
    }
    emit pollFinished(result.outcome);
    schedule();
}

void ProxySource::schedule()
{
    if (m_running) {
        m_timer.start(nextDelayMs());
    }
}

} // namespace headroom::app
