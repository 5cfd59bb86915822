#include "store/eventrules.h"

#include "sample/proxysample.h"

#include <algorithm>
#include <tuple>

namespace headroom {

namespace {

QString perSecond(double value);

// Says which end saw the 429s: a burst only the deployments see is fallbacks at work, and the
// groups table's 429/s (clients) then shows none.
QString burstText(const QString &group, std::optional<double> clients,
                  std::optional<double> deployments)
{
    if (deployments && *deployments > clients.value_or(0)) {
        return QStringLiteral("429 burst on %1: its deployments refused %2, clients got %3")
            .arg(group, perSecond(*deployments), perSecond(clients.value_or(0)));
    }
    return QStringLiteral("429 burst on %1: clients got %2")
        .arg(group, perSecond(clients.value_or(0)));
}

QString perSecond(double value)
{
    if (value == 0) {
        return QStringLiteral("0/s"); // as the tables write it
    }
    return QString::number(value, 'f', value < 10 ? 1 : 0) + QStringLiteral("/s");
}

QString seconds(qint64 ms)
{
    return QString::number((ms + 500) / 1000) + QStringLiteral(" s");
}

QString limitText(const std::optional<qint64> &limit)
{
    return limit ? QString::number(*limit) : QStringLiteral("none");
}

Event makeEvent(qint64 timeMs, EventKind kind, Severity severity, QString message)
{
    Event e;
    e.timeMs = timeMs;
    e.kind = kind;
    e.severity = severity;
    e.message = std::move(message);
    return e;
}

} // namespace

EventRules::EventRules(EventLog &log, const EventThresholds &thresholds)
    : m_log(log)
    , m_thresholds(thresholds)
{}

EventRules::Step EventRules::step(Episode &episode, qint64 timeMs, double value, double start,
                                  double end) const
{
    if (!episode.active) {
        if (value >= start) {
            episode = {true, timeMs, -1, value};
            return Step::Started;
        }
        return Step::None;
    }
    episode.peak = std::max(episode.peak, value);
    if (value > end) {
        episode.quietSinceMs = -1;
        return Step::None;
    }
    if (episode.quietSinceMs < 0) {
        episode.quietSinceMs = timeMs;
    }
    if (timeMs - episode.quietSinceMs >= m_thresholds.quietMs) {
        episode.active = false;
        return Step::Ended;
    }
    return Step::None;
}

bool EventRules::observeCooldown(const QString &deployment, const QString &group, qint64 timeMs,
                                 bool cooledDown, std::optional<qint64> cooldownMs)
{
    if (!cooledDown && !m_cooldowns.contains(deployment)) {
        return false; // the common case, without creating state for every healthy deployment
    }
    Cooldown &c = m_cooldowns[deployment];
    c.durationMs = cooldownMs.value_or(m_thresholds.cooldownMs);
    c.ownDuration = cooldownMs.has_value();
    c.group = group;
    if (cooledDown) {
        c.lastMs = timeMs;
        if (!c.active) {
            c.active = true;
            c.startMs = timeMs;
            Event e = makeEvent(timeMs, EventKind::CooldownStarted, Severity::Warning,
                                QStringLiteral("%1 (%2) put in cooldown").arg(deployment, group));
            e.group = group;
            e.deployment = deployment;
            m_log.append(std::move(e));
        }
        return true;
    }
    if (c.active && timeMs - c.lastMs >= c.durationMs) {
        c.active = false;
        Event e = makeEvent(timeMs, EventKind::CooldownEnded, Severity::Info,
                            QStringLiteral("%1 (%2) out of cooldown after %3")
                                .arg(deployment, group, seconds(timeMs - c.startMs)));
        e.group = group;
        e.deployment = deployment;
        m_log.append(std::move(e));
    }
    return c.active;
}

std::optional<EventRules::CooldownEstimate>
EventRules::cooldownEstimate(const QString &deployment) const
{
    const auto it = m_cooldowns.constFind(deployment);
    if (it == m_cooldowns.constEnd() || !it->active) {
        return std::nullopt;
    }
    return CooldownEstimate{it->lastMs + it->durationMs, it->durationMs, it->ownDuration};
}

std::vector<std::pair<QString, QString>> EventRules::deploymentsInCooldown() const
{
    std::vector<std::pair<QString, QString>> out;
    for (auto it = m_cooldowns.cbegin(); it != m_cooldowns.cend(); ++it) {
        if (it->active) {
            out.emplace_back(it->group, it.key());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool EventRules::inCooldown(const QString &deployment) const
{
    const auto it = m_cooldowns.constFind(deployment);
    return it != m_cooldowns.constEnd() && it->active;
}

void EventRules::observeRateLimited(const QString &group, qint64 timeMs,
                                    std::optional<double> clientsPerSec,
                                    std::optional<double> deploymentsPerSec)
{
    const double value = std::max(clientsPerSec.value_or(0), deploymentsPerSec.value_or(0));
    if (value < m_thresholds.burstStartPerSec && !m_bursts.contains(group)) {
        return;
    }
    Episode &episode = m_bursts[group];
    const Step s =
        step(episode, timeMs, value, m_thresholds.burstStartPerSec, m_thresholds.burstEndPerSec);
    if (s == Step::None) {
        return;
    }
    Event e = s == Step::Started
                  ? makeEvent(timeMs, EventKind::RateLimitBurst, Severity::Warning,
                              burstText(group, clientsPerSec, deploymentsPerSec))
                  : makeEvent(timeMs, EventKind::RateLimitBurstEnded, Severity::Info,
                              QStringLiteral("429 burst on %1 ended after %2 (peak %3)")
                                  .arg(group, seconds(timeMs - episode.startMs),
                                       perSecond(episode.peak)));
    e.group = group;
    m_log.append(std::move(e));
}

void EventRules::observeFallbacks(const QString &from, const QString &to, qint64 timeMs,
                                  double value)
{
    const QString key = from + QChar(0x1f) + to;
    if (value < m_thresholds.spikeStartPerSec && !m_spikes.contains(key)) {
        return;
    }
    Episode &episode = m_spikes[key];
    const Step s =
        step(episode, timeMs, value, m_thresholds.spikeStartPerSec, m_thresholds.spikeEndPerSec);
    if (s == Step::None) {
        return;
    }
    const QString edge = from + QStringLiteral(" → ") + to;
    Event e =
        s == Step::Started
            ? makeEvent(timeMs, EventKind::FallbackSpike, Severity::Warning,
                        QStringLiteral("fallbacks %1: %2").arg(edge, perSecond(value)))
            : makeEvent(timeMs, EventKind::FallbackSpikeEnded, Severity::Info,
                        QStringLiteral("fallbacks %1 back to normal after %2 (peak %3)")
                            .arg(edge, seconds(timeMs - episode.startMs), perSecond(episode.peak)));
    e.group = from;
    e.edgeFrom = from;
    e.edgeTo = to;
    m_log.append(std::move(e));
}

void EventRules::observeConfig(const ProxySample &sample)
{
    // An empty deployment list means /model/info could not be read this time, not that every
    // deployment went away: keep the last known configuration.
    if (sample.deployments.empty()) {
        return;
    }
    // Nearly every poll: the same deployments with the same limits, in the same order.
    const auto same = [](const ConfigEntry &e, const DeploymentSample &d) {
        return e.rpm == d.rpmLimit && e.tpm == d.tpmLimit && e.id == d.id && e.group == d.group;
    };
    if (std::equal(m_config.begin(), m_config.end(), sample.deployments.begin(),
                   sample.deployments.end(), same)) {
        return;
    }
    std::vector<ConfigEntry> current;
    current.reserve(sample.deployments.size());
    for (const DeploymentSample &d : sample.deployments) {
        current.push_back({d.group, d.id, d.rpmLimit, d.tpmLimit});
    }
    const bool first = m_config.empty();
    std::swap(m_config, current);
    if (first) {
        return;
    }
    const std::vector<ConfigEntry> &before = current;
    const std::vector<ConfigEntry> &after = m_config;
    QStringList added;
    QStringList removed;
    QStringList limits;
    // Both lists are sorted by (group, id): walk them together.
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < before.size() || j < after.size()) {
        const bool takeBefore =
            j == after.size() || (i < before.size() && std::tie(before[i].group, before[i].id) <
                                                           std::tie(after[j].group, after[j].id));
        const bool takeAfter =
            i == before.size() || (j < after.size() && std::tie(after[j].group, after[j].id) <
                                                           std::tie(before[i].group, before[i].id));
        if (takeBefore) {
            removed.append(before[i++].id);
        } else if (takeAfter) {
            added.append(after[j++].id);
        } else {
            const ConfigEntry &b = before[i++];
            const ConfigEntry &a = after[j++];
            // A limit that vanishes is an endpoint that failed, not a change: compare only
            // limits known on both sides.
            if (b.rpm && a.rpm && *b.rpm != *a.rpm) {
                limits.append(
                    QStringLiteral("%1 rpm %2→%3").arg(a.id, limitText(b.rpm), limitText(a.rpm)));
            }
            if (b.tpm && a.tpm && *b.tpm != *a.tpm) {
                limits.append(
                    QStringLiteral("%1 tpm %2→%3").arg(a.id, limitText(b.tpm), limitText(a.tpm)));
            }
        }
    }
    if (added.isEmpty() && removed.isEmpty() && limits.isEmpty()) {
        return;
    }
    QStringList parts;
    const auto listed = [](const QStringList &ids) {
        return ids.size() <= 3 ? ids.join(QStringLiteral(", "))
                               : ids.mid(0, 3).join(QStringLiteral(", ")) + QStringLiteral(", …");
    };
    if (!added.isEmpty()) {
        parts.append(QStringLiteral("%1 added (%2)").arg(added.size()).arg(listed(added)));
    }
    if (!removed.isEmpty()) {
        parts.append(QStringLiteral("%1 removed (%2)").arg(removed.size()).arg(listed(removed)));
    }
    if (!limits.isEmpty()) {
        parts.append(QStringLiteral("limits: ") + listed(limits));
    }
    m_log.append(makeEvent(sample.timeMs, EventKind::ConfigChanged, Severity::Info,
                           QStringLiteral("config changed: ") + parts.join(QStringLiteral("; "))));
}

void EventRules::observeChain(const ProxySample &sample)
{
    const std::shared_ptr<const FallbackChain> &chain = sample.chain;
    if (!chain || !chain->known() || chain == m_chain) {
        return; // unreadable, or the very value the last sample had
    }
    if (m_chain) {
        const QStringList lines = describeChainChange(*m_chain, *chain);
        if (!lines.isEmpty()) {
            m_log.append(makeEvent(sample.timeMs, EventKind::ConfigChanged, Severity::Info,
                                   QStringLiteral("fallback config changed: ") +
                                       lines.join(QStringLiteral("; "))));
        }
    }
    m_chain = chain;
}

void EventRules::observeCountersReset(qint64 timeMs, int counters)
{
    if (counters <= 0 ||
        (m_resetEventSeen && timeMs - m_lastResetEventMs < m_thresholds.resetEventGapMs)) {
        return;
    }
    m_resetEventSeen = true;
    m_lastResetEventMs = timeMs;
    m_log.append(makeEvent(timeMs, EventKind::CountersReset, Severity::Warning,
                           QStringLiteral("%1 counters went down: the proxy restarted "
                                          "(or polls reach workers that count separately)")
                               .arg(counters)));
}

void EventRules::pollFailed(qint64 timeMs, const QString &reason)
{
    if (m_failures++ == 0) {
        m_firstFailureMs = timeMs;
    }
    if (!m_unreachable && m_failures >= m_thresholds.failuresBeforeUnreachable) {
        m_unreachable = true;
        m_log.append(makeEvent(timeMs, EventKind::ProxyUnreachable, Severity::Critical,
                               QStringLiteral("proxy unreachable: ") + reason));
    }
}

void EventRules::pollSucceeded(qint64 timeMs)
{
    if (m_unreachable) {
        m_log.append(
            makeEvent(timeMs, EventKind::ProxyBack, Severity::Info,
                      QStringLiteral("proxy back after ") + seconds(timeMs - m_firstFailureMs)));
    }
    m_unreachable = false;
    m_failures = 0;
}

void EventRules::configPushed(qint64 timeMs, const QString &summary)
{
    m_log.append(makeEvent(timeMs, EventKind::ConfigPushed, Severity::Info,
                           QStringLiteral("config pushed: ") + summary));
}

} // namespace headroom
