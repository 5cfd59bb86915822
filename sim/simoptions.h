#pragma once
// headroom-sim's command line, shared with `headroom --demo`, and starting a simulator from it.

#include "adminfault.h"
#include "formats/parseresult.h"
#include "metricsexposition.h"
#include "scenario.h"

#include <optional>
#include <QString>
#include <QStringList>

namespace headroom::sim {

struct SimOptions {
    QString scenario = QStringLiteral(":/headroom/scenarios/cascade.yaml");
    quint16 port = 0;                 // 0: any free port
    std::optional<QString> masterKey; // overrides the scenario's
    double speed = 1.0;
    std::optional<quint64> seed;
    MetricNames metricNames = MetricNames::Current;
    AdminFault adminFault; // armed at start (--admin-fault MODE[:N])
    // Shared-limit mode (replicashare.h): --replica I/N and the fleet's --epoch-ms.
    ReplicaShare replica;
    std::optional<qint64> epochMs;
};

struct SimOptionsResult {
    std::optional<SimOptions> options; // empty: print output and exit with exitCode
    QString output;
    int exitCode = 0;
};

// arguments include the program name.
SimOptionsResult parseSimOptions(const QStringList &arguments);

// The built-in scenarios' names ("cascade", "production", …), sorted.
QStringList builtinScenarioNames();

// A built-in scenario name ("cascade") or a path, loaded, with the options' overrides applied.
ParseResult<Scenario> loadScenarioFor(const SimOptions &options);

} // namespace headroom::sim
