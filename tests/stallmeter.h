#pragma once
// The longest stretch the event loop of this thread was busy elsewhere, measured between the
// ticks of a 2 ms timer, for the hostile-proxy suite and its benchmark.

#include <algorithm>
#include <ctime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace headroom::test {

// CPU time this thread has used, in ms.
inline double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
}

// Measures the longest stretch of work the event loop did between two ticks of a 2 ms timer:
// the longest the UI thread was busy elsewhere. It counts this thread's CPU time, so a thread
// merely descheduled by a loaded (or sanitised) machine is not taken for a stall; the wall-clock
// gap is reported beside it.
class StallMeter : public QObject {
public:
    StallMeter()
    {
        m_clock.start();
        m_lastWall = m_clock.elapsed();
        m_lastCpu = threadCpuMs();
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 wall = m_clock.elapsed();
            const double cpu = threadCpuMs();
            m_worstWall = std::max(m_worstWall, wall - m_lastWall);
            m_worstCpu = std::max(m_worstCpu, cpu - m_lastCpu);
            m_lastWall = wall;
            m_lastCpu = cpu;
        });
        m_timer.start(2);
    }
    double worstCpuMs() const { return m_worstCpu; }
    qint64 worstWallMs() const { return m_worstWall; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastWall = 0;
    double m_lastCpu = 0;
    qint64 m_worstWall = 0;
    double m_worstCpu = 0;
};

} // namespace headroom::test
