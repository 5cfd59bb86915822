#pragma once
// Runs the fallback what-if off the UI thread for the push dialog: the chain running now and the
// desired one go in, the side-by-side result comes back by a queued signal and into two item
// models. Edits of the desired chain are debounced; one run at a time, a result made stale by a
// newer input is dropped (CascadePredictor's pattern).

#include "itemmodels/whatifmodel.h"
#include "predict/whatif.h"

#include <memory>
#include <optional>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

namespace headroom::app {

class WhatIfRunner : public QObject {
    Q_OBJECT
public:
    // Reads `store` (the session's) on this object's thread, when a run starts.
    explicit WhatIfRunner(const MetricsStore &store, QObject *parent = nullptr);
    ~WhatIfRunner() override; // waits for a run under way (it owns nothing of ours)

    // The push dialog's one call: what `desired` would have done in place of `live` over the
    // last minutes. Runs once the calls stop for debounceMs(); resultReady follows.
    void compare(const FallbackChain &live, const FallbackChain &desired);
    // The editor's: the desired chain changed, the live one did not.
    void setDesired(const FallbackChain &desired);
    // Again with the store's newer demand (e.g. on LiveSession::updated), same chains; nothing
    // before the first compare().
    void refresh();

    void setOptions(const WhatIfOptions &options) { m_options = options; }
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }
    int debounceMs() const { return m_debounce.interval(); }

    // The latest result (null before the first); the models show it.
    std::shared_ptr<const WhatIfResult> result() const { return m_result; }
    WhatIfGroupsModel *groupsModel() { return &m_groups; }
    WhatIfEdgesModel *edgesModel() { return &m_edges; }
    bool busy() const { return m_running || m_debounce.isActive(); }
    int runs() const { return m_runs; }       // replays started
    int dropped() const { return m_dropped; } // results dropped as stale

signals:
    void resultReady(std::shared_ptr<const headroom::WhatIfResult> result);

private:
    void schedule();
    void startRun();
    void finished();

    const MetricsStore &m_store;
    WhatIfOptions m_options;
    std::optional<FallbackChain> m_live;
    std::optional<FallbackChain> m_desired;
    QTimer m_debounce;
    QFutureWatcher<std::shared_ptr<const WhatIfResult>> m_watcher;
    bool m_running = false;
    bool m_stale = false; // the chains or the demand changed while a run was under way
    std::shared_ptr<const WhatIfResult> m_result;
    WhatIfGroupsModel m_groups;
    WhatIfEdgesModel m_edges;
    int m_runs = 0;
    int m_dropped = 0;
};

} // namespace headroom::app
