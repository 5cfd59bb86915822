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
    connect(&m_watcher, &QFutureWatcher<PollResult>::finished, this, &ProxySource::evaluated);
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
    startPoll();
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
    m_running = true;
    m_timer.stop();
    startPoll();
}

int ProxySource::nextDelayMs()
{
    if (m_failures == 0) {
        return m_config.intervalMs;
    }
    // Exponential backoff with ±20 % jitter, so many Headrooms do not hammer a proxy in step.
    const double base = std::min<double>(
        m_config.maxBackoffMs, m_config.intervalMs * std::pow(2.0, std::min(m_failures, 16)));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return int(std::min<double>(m_config.maxBackoffMs, base * jitter(m_random)));
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
    m_watcher.setFuture(
        QtConcurrent::run([input = std::move(input)] { return evaluatePoll(input); }));
}

void ProxySource::evaluated()
{
    PollResult result = m_watcher.result(); // not const: the sample below is moved out
    if (result.outcome.pollId != m_pollId) {
        return; // a newer poll started while this one was being parsed
    }
    if (result.deployments) {
        m_deployments = result.deployments;
        m_lastModelInfoMs = m_pollStartMs;
        m_modelInfoDue = false;
    }
    m_failures = result.outcome.hasSample() ? 0 : m_failures + 1;
    if (result.sample) {
        emit sampleReady(std::make_shared<const ProxySample>(std::move(*result.sample)));
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
