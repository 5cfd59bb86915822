#pragma once
// A bounded log of what happened to a proxy (cooldowns, 429 bursts, fallback spikes, outages,
// config changes), for the events timeline and incident snapshots. The oldest event goes first.

#include <cstddef>
#include <QString>
#include <vector>

namespace headroom {

enum class EventKind {
    CooldownStarted, // a deployment was put in cooldown (deployment, group)
    CooldownEnded,   // … and cooldown_time passed without another one
    RateLimitBurst,  // a group's 429s/s went over the burst threshold (group)
    RateLimitBurstEnded,
    FallbackSpike, // an edge's fallbacks/s went over the spike threshold (edgeFrom, edgeTo)
    FallbackSpikeEnded,
    ProxyUnreachable, // polls failed (message: the reason)
    ProxyBack,        // a poll succeeded again
    ConfigChanged,    // deployments added or removed, or limits changed, between two samples
    ConfigPushed,     // Headroom pushed a change (recorded by the push client)
    CountersReset,    // counters went down: the proxy (or a worker) restarted
    CascadePredicted, // the prediction says a fallback cascade is coming (group: where it starts)
    CascadeCleared,   // … and it no longer does
};

enum class Severity { Info, Warning, Critical };

struct Event {
    quint64 seq = 0; // 1, 2, …: increases with every event ever appended, survives eviction
    qint64 timeMs = 0;
    EventKind kind = EventKind::ConfigChanged;
    Severity severity = Severity::Info;
    QString group;
    QString deployment;
    QString edgeFrom;
    QString edgeTo;
    QString message; // one line for a person
};

QString eventKindName(EventKind kind); // stable identifier for JSON: "cooldown_started", …
QString severityName(Severity severity);

class EventLog {
public:
    explicit EventLog(std::size_t capacity = 1000);

    // Stamps the event with the next sequence number and keeps it, evicting the oldest when full.
    const Event &append(Event event);
    // Keeps an event recorded elsewhere with its own sequence number (a snapshot's replay); one
    // not after the last kept gets the next number instead, so numbers still only increase.
    const Event &restore(Event event);

    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_ring.size(); }
    // i-th retained event, 0 = oldest.
    const Event &at(std::size_t i) const;
    std::vector<Event> events() const;
    // Retained events with seq > afterSeq (for a view that polls for new ones).
    std::vector<Event> eventsAfter(quint64 afterSeq) const;
    quint64 lastSeq() const { return m_nextSeq - 1; }
    quint64 evicted() const { return m_nextSeq - 1 - m_size; }

private:
    std::vector<Event> m_ring;
    std::size_t m_head = 0; // slot of the oldest retained event
    std::size_t m_size = 0;
    quint64 m_nextSeq = 1;
};

} // namespace headroom
