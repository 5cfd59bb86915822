#pragma once
// How one poll of a proxy went, for the status bar, the event log and the headless commands:
// a state, the endpoint that decided it, and the reason in words.

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace headroom {

struct PollOutcome {
    enum class State {
        Ok,          // every endpoint answered in time
        Slow,        // answered, but slower than the slow threshold
        Degraded,    // some endpoints failed; the sample holds what the others gave
        AuthRefused, // the proxy refused the key (401/403)
        Unreachable, // no endpoint answered (refused, timed out, reset)
        ServerError, // the proxy answered every request with an error status (5xx, 429…)
        Garbled,     // answers that are not what a LiteLLM proxy sends
    };

    quint64 pollId = 0;
    qint64 timeMs = 0;
    qint64 elapsedMs = 0;
    State state = State::Ok;
    QString endpoint; // the endpoint the state is about, e.g. "/metrics"
    int httpStatus = 0;
    QString reason;    // for a person; never contains a key
    QStringList notes; // advice that is not an error, e.g. how to enable /metrics
    // The longest wait a 429 or 503 answer asked for (Retry-After), in ms; -1 when none did.
    // The next poll waits at least this long.
    qint64 retryAfterMs = -1;

    bool hasSample() const;
    static QString stateName(State state);
    // One line: "http://proxy:4000/metrics: auth refused (HTTP 401): Authentication Error, …".
    QString summary(const QString &proxy) const;
};

} // namespace headroom

Q_DECLARE_METATYPE(headroom::PollOutcome)
