#include "commandline.h"

#include "cli/clihelp.h"
#include "prom/fleetqueries.h"
#include "simoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

namespace headroom::app {

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Headroom: live RPM/TPM headroom and fallback cascades for LiteLLM proxies."));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QStringLiteral("Watch the embedded LiteLLM-compatible simulator (cascade scenario, or "
                       "the one --scenario names)."));
    parser.addOption(demo);
    const QCommandLineOption proxy =
        cli::proxyOption(QStringLiteral("Watch the LiteLLM proxy at URL."));
    const QCommandLineOption keyEnv = cli::keyEnvOption();
    const QCommandLineOption insecure = cli::insecureOption();
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
    const QCommandLineOption prometheus(
        QStringLiteral("prometheus"),
        QStringLiteral("Watch a fleet of replicas through this Prometheus (--proxy then names the "
                       "replica for groups, limits and chain; optional)."),
        QStringLiteral("URL"));
    const QCommandLineOption match(QStringLiteral("match"),
                                   QStringLiteral("With --prometheus: the fleet's label matchers, "
                                                  "e.g. 'job=\"litellm\"'."),
                                   QStringLiteral("MATCHERS"));
    parser.addOptions(
        {proxy, keyEnv, insecure, screenshot, after, view, config, scenario, prometheus, match});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A snapshot (.headroom or .json) to replay."),
                                 QStringLiteral("[FILE]"));

    const QString program = QCoreApplication::applicationName();
    const auto fail = [&program](const QString &message) {
        return cli::exitWith(CommandLineResult{}, cli::usageError(message, program));
    };
    if (const auto how = cli::parse(parser, arguments, program)) {
        return cli::exitWith(CommandLineResult{}, *how);
    }
    const QStringList positional = parser.positionalArguments();
    const auto isSnapshot = [](const QString &name) {
        return name.endsWith(QLatin1String(".headroom")) || name.endsWith(QLatin1String(".json"));
    };
    if (positional.size() > 1 || (positional.size() == 1 && !isSnapshot(positional.first()))) {
        return fail(QStringLiteral("Unexpected argument '%1'.")
                        .arg(positional.value(isSnapshot(positional.first()) ? 1 : 0)));
    }
    CommandLine commandLine;
    commandLine.snapshotFile = positional.value(0);
    if (!commandLine.snapshotFile.isEmpty() && !QFileInfo(commandLine.snapshotFile).isReadable()) {
        return fail(QStringLiteral("cannot read %1.").arg(commandLine.snapshotFile));
    }
    commandLine.demo = parser.isSet(demo);
    commandLine.proxy = parser.value(proxy);
    commandLine.keyEnv = parser.value(keyEnv);
    commandLine.insecure = parser.isSet(insecure);
    commandLine.screenshot = parser.value(screenshot);
    commandLine.view = parser.value(view);
    commandLine.configFile = parser.value(config);
    commandLine.scenario = parser.value(scenario);
    commandLine.prometheus = parser.value(prometheus);
    commandLine.matchers = parser.value(match).trimmed();
    if (!commandLine.prometheus.isEmpty() && !cli::proxyUrl(commandLine.prometheus)) {
        return fail(QStringLiteral("--prometheus must be an http:// or https:// URL."));
    }
    if (const QString problem = prom::checkMatchers(commandLine.matchers); !problem.isEmpty()) {
        return fail(QStringLiteral("--match: %1.").arg(problem));
    }
    if (parser.isSet(match) && commandLine.prometheus.isEmpty()) {
        return fail(QStringLiteral("--match needs --prometheus."));
    }
    if (commandLine.demo && !commandLine.prometheus.isEmpty()) {
        return fail(QStringLiteral("--demo and --prometheus cannot be used together."));
    }
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
    if (!commandLine.snapshotFile.isEmpty() && (commandLine.demo || !commandLine.proxy.isEmpty())) {
        return fail(QStringLiteral("a snapshot replays on its own: drop --demo and --proxy."));
    }
    if (commandLine.demo && !commandLine.proxy.isEmpty()) {
        return fail(QStringLiteral("--demo and --proxy cannot be used together."));
    }
    if (!commandLine.proxy.isEmpty() && !cli::proxyUrl(commandLine.proxy)) {
        return fail(cli::proxyUrlProblem());
    }
    CommandLineResult result;
    result.commandLine = commandLine;
    return result;
}

} // namespace headroom::app
