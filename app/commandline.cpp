#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace headroom::app {

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Headroom: live RPM/TPM headroom and fallback cascades for LiteLLM proxies."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Watch the embedded LiteLLM-compatible simulator (cascade scenario)."));
    parser.addOption(demo);

    CommandLineResult result;
    if (!parser.parse(arguments)) {
        result.output =
            parser.errorText() +
            QStringLiteral("\nTry '%1 --help'.\n").arg(QCoreApplication::applicationName());
        result.exitCode = 2;
        return result;
    }
    if (parser.isSet(help)) {
        result.output = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.output = QStringLiteral("%1 %2\n").arg(QCoreApplication::applicationName(),
                                                      QCoreApplication::applicationVersion());
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.output = QStringLiteral("Unexpected argument '%1'.\nTry '%2 --help'.\n")
                            .arg(parser.positionalArguments().constFirst(),
                                 QCoreApplication::applicationName());
        result.exitCode = 2;
        return result;
    }
    CommandLine commandLine;
    commandLine.demo = parser.isSet(demo);
    result.commandLine = commandLine;
    return result;
}

} // namespace headroom::app
