#pragma once
// A ProxySample as plain-text tables for a terminal (`headroom inspect` without --json).

#include "sample/proxysample.h"

#include <QString>

namespace headroom::app {

QString formatSampleTable(const ProxySample &sample);

} // namespace headroom::app
