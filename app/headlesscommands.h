#pragma once
// `headroom inspect` and `headroom watch`: the GUI's data path (ProxySource, the parsers, the
// store) run without a window, for scripts, alerting and CI pipelines.

#include <QStringList>

class QTextStream;

namespace headroom::app {

// Whether the command line asks for a headless command (then no QApplication is needed).
bool isHeadlessCommand(int argc, char *argv[]);

// Runs it inside an existing QCoreApplication; returns the exit code: 0 when it worked, 2 when
// the proxy is unreachable, refuses the key or answers garbage (one line on err says which).
int runHeadlessCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace headroom::app
