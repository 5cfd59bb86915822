#pragma once
// The rules that turn successive samples into events: each episode (a cooldown, a 429 burst, a
// fallback spike, an outage) gives one "started" and one "ended" event, with hysteresis.

#include "store/eventlog.h"

#include <memory>
#include <optional>
#include <QHash>
#include <vector>

namespace headroom {

struct ProxySample;
struct FallbackChain;

struct EventThresholds {
    qint64 cooldownMs = 5000;          // LiteLLM's cooldown_time (default 5 s): how long one lasts
    double burstStartPerSec = 1.0;     // a group's 429s/s at which a burst starts…
    double burstEndPerSec = 0.2;       // … and under which it may end
    double spikeStartPerSec = 1.0;     // one edge's fallbacks/s at which a spike starts…
    double spikeEndPerSec = 0.2;       // … and under which it may end
    qint64 quietMs = 15000;            // time under the end threshold before an episode ends
    int failuresBeforeUnreachable = 2; // consecutive failed polls (one timeout is no outage)
    qint64 resetEventGapMs = 60000;    // at most one counters-reset event per this long
};

class EventRules {
public:
    EventRules(EventLog &log, const EventThresholds &thresholds);

    // LiteLLM has no cooldown gauge: a deployment is taken to be in cooldown for cooldownMs after
    // a poll that saw its cooled-down counter increase. Returns whether it is in cooldown now.
    // cooldownMs: the deployment's cooldown_time if it has one (else the thresholds' default).
    bool observeCooldown(const QString &deployment, const QString &group, qint64 timeMs,
                         bool cooledDown, std::optional<qint64> cooldownMs = std::nullopt);
    // 429s at either end of a group: clients answered 429, and attempts its deployments refused
    // (which fallbacks may hide from the clients). A burst is the larger of the two.
    void observeRateLimited(const QString &group, qint64 timeMs,
                            std::optional<double> clientsPerSec,
                            std::optional<double> deploymentsPerSec);
    void observeFallbacks(const QString &from, const QString &to, qint64 timeMs, double perSecond);
    // Deployments added or removed, or their limits changed, since the previous sample.
    void observeConfig(const ProxySample &sample);
    // The fallback chain changed since the last sample that had one readable: one event with
    // describeChainChange's lines. A chain that cannot be read (yet) is no change.
    void observeChain(const ProxySample &sample);
    void observeCountersReset(qint64 timeMs, int counters);

    void pollFailed(qint64 timeMs, const QString &reason);
    void pollSucceeded(qint64 timeMs);
    void configPushed(qint64 timeMs, const QString &summary);

    bool inCooldown(const QString &deployment) const;
    // Every deployment in cooldown now, as (group, deployment id): a few, however big the fleet.
    std::vector<std::pair<QString, QString>> deploymentsInCooldown() const;
    // When a deployment in cooldown is back at the latest: the last poll that saw a new
    // cooldown plus its cooldown_time. LiteLLM does not expose the remaining time; the cooldown
    // began at or before that poll, so this is an upper bound. None when not cooling down.
    struct CooldownEstimate {
        qint64 endsByMs = 0;
        qint64 durationMs = 0;
        bool ownDuration = false; // the deployment's cooldown_time, not the default
    };
    std::optional<CooldownEstimate> cooldownEstimate(const QString &deployment) const;
    bool proxyReachable() const { return !m_unreachable; }

private:
    // One thresholded quantity with hysteresis: starts at or over `start`, ends after quietMs
    // at or under `end`.
    struct Episode {
        bool active = false;
        qint64 startMs = 0;
        qint64 quietSinceMs = -1;
        double peak = 0;
    };
    enum class Step { None, Started, Ended };
    Step step(Episode &episode, qint64 timeMs, double value, double start, double end) const;

    struct Cooldown {
        bool active = false;
        qint64 lastMs = 0; // poll that last saw the counter increase
        qint64 startMs = 0;
        qint64 durationMs = 0; // the deployment's cooldown_time, or the default
        bool ownDuration = false;
        QString group;
    };
    struct ConfigEntry {
        QString group;
        QString id;
        std::optional<qint64> rpm;
        std::optional<qint64> tpm;
    };

    EventLog &m_log;
    EventThresholds m_thresholds;
    QHash<QString, Cooldown> m_cooldowns;
    QHash<QString, Episode> m_bursts;
    QHash<QString, Episode> m_spikes;
    std::vector<ConfigEntry> m_config;
    std::shared_ptr<const FallbackChain> m_chain; // the last readable chain
    int m_failures = 0;
    qint64 m_firstFailureMs = 0;
    bool m_unreachable = false;
    qint64 m_lastResetEventMs = 0;
    bool m_resetEventSeen = false;
};

} // namespace headroom
