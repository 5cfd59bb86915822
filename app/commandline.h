#pragma once
// Headroom's command line: what the user asked for, or the message that explains why not.

#include <optional>
#include <QString>
#include <QStringList>

namespace headroom::app {

struct CommandLine {
    bool demo = false; // watch the embedded simulator instead of a real proxy
    QString proxy;     // --proxy URL: watch this proxy
    QString keyEnv;    // --key-env VAR: its key is in this environment variable
    bool insecure = false;
    QString screenshot;         // --screenshot FILE: render the window to a PNG and exit
    double screenshotAfter = 0; // --after SECONDS
    QString view;               // --view: groups, deployments, events or graph
    QString configFile;         // --config FILE: read the fallback chain from this config.yaml
    QString scenario = QStringLiteral("cascade"); // --scenario NAME: the demo's built-in scenario
    QString prometheus;   // --prometheus URL: watch a fleet through this Prometheus
    QString matchers;     // --match MATCHERS: the fleet's label matchers
    QString snapshotFile; // headroom FILE.headroom: replay this snapshot (nothing is polled)
};

struct CommandLineResult {
    std::optional<CommandLine> commandLine; // empty: exit with exitCode after printing output
    QString output;                         // help, version or error text for the terminal
    int exitCode = 0;
};

// arguments include the program name, as QCoreApplication::arguments() gives them.
CommandLineResult parseCommandLine(const QStringList &arguments);

} // namespace headroom::app
