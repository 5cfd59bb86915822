#pragma once
// `headroom lint CONFIG.yaml`: the graph checks on a config.yaml's fallback chain, for scripts
// and CI pipelines (the same checks the live graph shows), with an exit status.

#include <QStringList>
#include <QTextStream>

namespace headroom::app {

// Exit status: 0 no error or warning (notes may be printed), 1 at least one error or warning,
// 2 bad usage or a file that cannot be read as a config.yaml.
int runLint(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace headroom::app
