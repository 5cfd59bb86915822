#pragma once
// Headroom's command line: what the user asked for, or the message that explains why not.

#include <optional>
#include <QString>
#include <QStringList>

namespace headroom::app {

struct CommandLine {
    bool demo = false; // watch the embedded simulator instead of a real proxy
};

struct CommandLineResult {
    std::optional<CommandLine> commandLine; // empty: exit with exitCode after printing output
    QString output;                         // help, version or error text for the terminal
    int exitCode = 0;
};

// arguments include the program name, as QCoreApplication::arguments() gives them.
CommandLineResult parseCommandLine(const QStringList &arguments);

} // namespace headroom::app
