#include "commandline.h"

#include "simoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>

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
        QStringLiteral("Watch the embedded LiteLLM-compatible simulator (cascade scenario, or "
                       "the one --scenario names)."));
    parser.addOption(demo);
    const QCommandLineOption proxy(QStringLiteral("proxy"),
                                   QStringLiteral("Watch the LiteLLM proxy at URL."),
                                   QStringLiteral("URL"));
    const QCommandLineOption keyEnv(
        QStringLiteral("key-env"),
        QStringLiteral("Environment variable that holds the proxy key (else the keychain)."),
        QStringLiteral("VAR"));
    const QCommandLineOption insecure(QStringLiteral("insecure"),
                                      QStringLiteral("Do not verify the proxy's TLS certificate."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the main window to a PNG file and exit."), QStringLiteral("FILE"));
    const QCommandLineOption after(QStringLiteral("after"),
                                   QStringLiteral("With --screenshot: wait this long first."),
                                   QStringLiteral("SECONDS"), QStringLiteral("0"));
    const QCommandLineOption view(
        QStringLiteral("view"),
        QStringLiteral("With --screenshot: groups, deployments, events or graph."),
        QStringLiteral("NAME"), QStringLiteral("deployments"));
    const QCommandLineOption config(
        QStringLiteral("config"),
        QStringLiteral("Read the fallback chain from this config.yaml (re-read when it changes) "
                       "instead of the proxy's GET /router/settings, which only admin keys may "
                       "read."),
        QStringLiteral("FILE"));
    const QCommandLineOption scenario(
        QStringLiteral("scenario"),
        QStringLiteral("With --demo: the built-in scenario to simulate (%1).")
            .arg(sim::builtinScenarioNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"), QStringLiteral("cascade"));
    parser.addOptions({proxy, keyEnv, insecure, screenshot, after, view, config, scenario});

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
    commandLine.proxy = parser.value(proxy);
    commandLine.keyEnv = parser.value(keyEnv);
    commandLine.insecure = parser.isSet(insecure);
    commandLine.screenshot = parser.value(screenshot);
    commandLine.view = parser.value(view);
    commandLine.configFile = parser.value(config);
    commandLine.scenario = parser.value(scenario);
    const auto fail = [&](const QString &message) {
        result.output =
            message +
            QStringLiteral("\nTry '%1 --help'.\n").arg(QCoreApplication::applicationName());
        result.exitCode = 2;
        return result;
    };
    bool ok = false;
    commandLine.screenshotAfter = parser.value(after).toDouble(&ok);
    if (!ok || commandLine.screenshotAfter < 0 || commandLine.screenshotAfter > 3600) {
        return fail(QStringLiteral("--after must be a number of seconds from 0 to 3600."));
    }
    if (!QStringList{QStringLiteral("groups"), QStringLiteral("deployments"),
                     QStringLiteral("events"), QStringLiteral("graph")}
             .contains(commandLine.view)) {
        return fail(QStringLiteral("--view must be groups, deployments, events or graph."));
    }
    if (parser.isSet(scenario) && !commandLine.demo) {
        return fail(QStringLiteral("--scenario needs --demo."));
    }
    if (!sim::builtinScenarioNames().contains(commandLine.scenario)) {
        return fail(QStringLiteral("--scenario must be one of: %1.")
                        .arg(sim::builtinScenarioNames().join(QStringLiteral(", "))));
    }
    if (!commandLine.configFile.isEmpty() && !QFileInfo(commandLine.configFile).isReadable()) {
        return fail(QStringLiteral("--config: cannot read %1.").arg(commandLine.configFile));
    }
    if (commandLine.demo && !commandLine.proxy.isEmpty()) {
        return fail(QStringLiteral("--demo and --proxy cannot be used together."));
    }
    if (!commandLine.proxy.isEmpty()) {
        const QUrl url = QUrl::fromUserInput(commandLine.proxy);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
            return fail(QStringLiteral("--proxy needs an http:// or https:// URL."));
        }
    }
    result.commandLine = commandLine;
    return result;
}

} // namespace headroom::app
