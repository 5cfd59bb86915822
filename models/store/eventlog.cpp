#include "store/eventlog.h"

#include <algorithm>

namespace headroom {

QString eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::CooldownStarted:
        return QStringLiteral("cooldown_started");
    case EventKind::CooldownEnded:
        return QStringLiteral("cooldown_ended");
    case EventKind::RateLimitBurst:
        return QStringLiteral("rate_limit_burst");
    case EventKind::RateLimitBurstEnded:
        return QStringLiteral("rate_limit_burst_ended");
    case EventKind::FallbackSpike:
        return QStringLiteral("fallback_spike");
    case EventKind::FallbackSpikeEnded:
        return QStringLiteral("fallback_spike_ended");
    case EventKind::ProxyUnreachable:
        return QStringLiteral("proxy_unreachable");
    case EventKind::ProxyBack:
        return QStringLiteral("proxy_back");
    case EventKind::ConfigChanged:
        return QStringLiteral("config_changed");
    case EventKind::ConfigPushed:
        return QStringLiteral("config_pushed");
    case EventKind::CountersReset:
        return QStringLiteral("counters_reset");
    case EventKind::CascadePredicted:
        return QStringLiteral("cascade_predicted");
    case EventKind::CascadeCleared:
        return QStringLiteral("cascade_cleared");
    }
    return QStringLiteral("unknown");
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("unknown");
}

EventLog::EventLog(std::size_t capacity)
    : m_ring(std::max<std::size_t>(capacity, 1))
{}

const Event &EventLog::append(Event event)
{
    event.seq = m_nextSeq++;
    std::size_t slot = 0;
    if (m_size < m_ring.size()) {
        slot = (m_head + m_size) % m_ring.size();
        ++m_size;
    } else {
        slot = m_head;
        m_head = (m_head + 1) % m_ring.size();
    }
    m_ring[slot] = std::move(event);
    return m_ring[slot];
}

const Event &EventLog::restore(Event event)
{
    if (event.seq >= m_nextSeq) {
        m_nextSeq = event.seq;
    }
    return append(std::move(event));
}

const Event &EventLog::at(std::size_t i) const
{
    return m_ring[(m_head + i) % m_ring.size()];
}

std::vector<Event> EventLog::events() const
{
    return eventsAfter(0);
}

std::vector<Event> EventLog::eventsAfter(quint64 afterSeq) const
{
    std::vector<Event> out;
    for (std::size_t i = 0; i < m_size; ++i) {
        if (at(i).seq > afterSeq) {
            out.push_back(at(i));
        }
    }
    return out;
}

} // namespace headroom
