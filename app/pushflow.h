#pragma once
// The one call that pushes a desired chain from the window: opens the push dialog (diff, what
// cannot be carried, calls), and when the operator presses Apply runs PushClient (apply, verify,
// restore), shows each step and the outcome, and records the apply in the proxy's history.

#include "chain/fallbackchain.h"
#include "proxysource.h"
#include "pushclient.h"

class QWidget;

namespace headroom::ui {
class PushDialog;
}

namespace headroom::app {

// The admin API target of a watched proxy: its URL, its key (as a Bearer header, in memory only)
// and its TLS choice.
PushTarget pushTargetOf(const ProxySourceConfig &config);

// Opens a non-modal dialog (deleted on close) for `desired` against `live` on `target`. whatIf:
// the what-if's summary line, empty when none was run. `recorded` runs after each apply has been
// appended to the history (to refresh a history panel), may be empty.
ui::PushDialog *openPushDialog(QWidget *parent, const PushTarget &target, const FallbackChain &live,
                               const FallbackChain &desired, const QString &whatIf = {},
                               std::function<void()> recorded = {});

} // namespace headroom::app
