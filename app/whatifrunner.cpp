#include "whatifrunner.h"

#include <QtConcurrent/QtConcurrentRun>

namespace headroom::app {

namespace {
// Long enough that typing a group name or dragging an edge is one run, short enough that the
// table follows the edit.
constexpr int kDebounceMs = 300;
} // namespace

WhatIfRunner::WhatIfRunner(const MetricsStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &WhatIfRunner::startRun);
    // QFutureWatcher signals arrive through this thread's event loop: queued by construction.
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &WhatIfRunner::finished);
}

WhatIfRunner::~WhatIfRunner()
{
    m_watcher.waitForFinished();
}

void WhatIfRunner::compare(const FallbackChain &live, const FallbackChain &desired)
{
    m_live = live;
    m_desired = desired;
    schedule();
}

void WhatIfRunner::setDesired(const FallbackChain &desired)
{
    if (m_desired && *m_desired == desired) {
        return; // nothing to re-run for
    }
    m_desired = desired;
    if (m_live) {
        schedule();
    }
}

void WhatIfRunner::refresh()
{
    if (m_live && m_desired) {
        schedule();
    }
}

void WhatIfRunner::schedule()
{
    if (m_running) {
        m_stale = true; // its result will be dropped; a run with the newer input follows
    }
    m_debounce.start();
}

void WhatIfRunner::startRun()
{
    if (m_running || !m_live || !m_desired) {
        return; // finished() starts the newer input
    }
    // The input is read from the store here, on the store's thread (cheap: a few series a
    // group); the replays run on the pool.
    WhatIfInput input = whatIfInput(m_store, *m_live, *m_desired, m_options);
    m_running = true;
    m_stale = false;
    ++m_runs;
    m_watcher.setFuture(QtConcurrent::run([in = std::move(input)] {
        return std::shared_ptr<const WhatIfResult>(std::make_shared<WhatIfResult>(runWhatIf(in)));
    }));
}

void WhatIfRunner::finished()
{
    m_running = false;
    std::shared_ptr<const WhatIfResult> result = m_watcher.future().result();
    if (m_stale) {
        ++m_dropped;
        m_stale = false;
        if (!m_debounce.isActive()) {
            startRun();
        }
        return;
    }
    m_result = std::move(result);
    m_groups.setResult(*m_result);
    m_edges.setResult(*m_result);
    emit resultReady(m_result);
}

} // namespace headroom::app
