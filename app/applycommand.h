#pragma once
// `headroom apply`, `headroom history` and `headroom rollback`: push a fallback change to a
// proxy from the command line (diff, what cannot be carried, the calls, verify, restore), list
// the applies recorded for a proxy, and put back the chain an earlier apply replaced.

#include "chain/fallbackchain.h"

#include <functional>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace headroom::app {

// Whether arguments[1] is one of these commands.
bool isApplyCommand(const QString &command);

// Exit status: 0 applied and verified (or nothing to do, or --dry-run), 1 refused or rolled
// back (or a restore that failed: the message says so), 2 bad usage, an unreadable FILE or an
// unreachable proxy.
int runApplyCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

// The what-if's one-line summary of `desired` against `live` ("429s/min 120 → 12 …"), printed
// with the diff and kept in the history. Unset until the what-if is wired in: then no line.
using WhatIfSummary =
    std::function<QString(const FallbackChain &live, const FallbackChain &desired)>;
void setWhatIfSummary(WhatIfSummary summary);
QString whatIfSummary(const FallbackChain &live, const FallbackChain &desired);

} // namespace headroom::app
