#pragma once
// Turns one cumulative Prometheus counter, read at successive polls, into a rate per second,
// surviving the proxy's restarts (counters start again from 0).

#include <cmath>
#include <optional>
#include <QtGlobal>

namespace headroom {

class CounterRate {
public:
    // Rates over a longer gap are not reported (see update()); 0 = no limit.
    explicit CounterRate(qint64 maxGapMs = 0)
        : m_maxGapMs(maxGapMs)
    {}

    // Feeds the counter's value at timeMs and returns the rate since the previous value:
    // - no previous value yet: no rate (the counter's age is unknown, so is its rate);
    // - the value went down: the process restarted and counts again from 0, so what it counted
    //   since then is `value` (a lower bound, like Prometheus' rate()); never negative;
    // - timeMs not after the previous time (a repeated or out-of-order poll): no rate, and the
    //   previous value stays the baseline;
    // - a gap over maxGapMs (the proxy was unreachable): no rate, because an average over minutes
    //   would smear a burst into a plateau that never happened; the value becomes the baseline;
    // - a value that is not a finite number ≥ 0 is ignored.
    std::optional<double> update(double value, qint64 timeMs)
    {
        m_lastWasReset = false;
        if (!std::isfinite(value) || value < 0) {
            return std::nullopt;
        }
        if (!m_hasPrevious) {
            remember(value, timeMs);
            return std::nullopt;
        }
        const qint64 dtMs = timeMs - m_previousTimeMs;
        if (dtMs <= 0) {
            return std::nullopt;
        }
        const bool reset = value < m_previous;
        const double increase = reset ? value : value - m_previous;
        remember(value, timeMs);
        if (m_maxGapMs > 0 && dtMs > m_maxGapMs) {
            return std::nullopt;
        }
        m_lastWasReset = reset;
        return increase * 1000.0 / double(dtMs);
    }

    // Whether the last update() saw the counter go down (the proxy restarted).
    bool lastWasReset() const { return m_lastWasReset; }
    bool hasBaseline() const { return m_hasPrevious; }

private:
    void remember(double value, qint64 timeMs)
    {
        m_previous = value;
        m_previousTimeMs = timeMs;
        m_hasPrevious = true;
    }

    double m_previous = 0;
    qint64 m_previousTimeMs = 0;
    qint64 m_maxGapMs = 0;
    bool m_hasPrevious = false;
    bool m_lastWasReset = false;
};

} // namespace headroom
