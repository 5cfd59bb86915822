#include "simoptions.h"

#include "cli/clihelp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace headroom::sim {

QStringList builtinScenarioNames()
{
    QStringList names;
    const QStringList files = QDir(QStringLiteral(":/headroom/scenarios"))
                                  .entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        names.append(file.chopped(5));
    }
    return names;
}

SimOptionsResult parseSimOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("headroom-sim: a LiteLLM-compatible proxy simulator on loopback."));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port on 127.0.0.1 (0 picks a free one)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("Scenario file, or a built-in: %1.")
                                          .arg(builtinScenarioNames().join(QStringLiteral(", "))),
                                      QStringLiteral("FILE"), QStringLiteral("cascade"));
    const QCommandLineOption masterKey(QStringLiteral("master-key"),
                                       QStringLiteral("Master key (default: the scenario's)."),
                                       QStringLiteral("KEY"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Simulated time runs N times faster."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Random seed (default: the scenario's)."),
                                  QStringLiteral("N"));
    const QCommandLineOption metricNames(
        QStringLiteral("metric-names"),
        QStringLiteral("/metrics names: current, legacy (before 2026) or off."),
        QStringLiteral("KIND"), QStringLiteral("current"));
    const QCommandLineOption adminFault(
        QStringLiteral("admin-fault"),
        QStringLiteral("Fault one admin write (POST /fallback, DELETE /fallback/{model}, POST "
                       "/config/update), the one after N that go through (default 0): error "
                       "(HTTP 500, nothing changed), drop (applied, then the connection is cut "
                       "mid-answer) or partial (answered as accepted, not applied). Also armed "
                       "at run time by POST /sim/admin-fault {\"mode\": …, \"after\": N}."),
        QStringLiteral("MODE[:N]"));

    const QCommandLineOption replica(
        QStringLiteral("replica"),
        QStringLiteral("Shared-limit mode: replica I of N (e.g. 2/3) sharing one RPM/TPM budget; "
                       "counters are this replica's round-robin share, gauges the shared value."),
        QStringLiteral("I/N"));
    const QCommandLineOption epoch(
        QStringLiteral("epoch-ms"),
        QStringLiteral("Wall time (ms since 1970) at which simulated time 0 began; give every "
                       "replica the same so they share one clock (default: now)."),
        QStringLiteral("MS"));
    parser.addOptions(
        {port, scenario, masterKey, speed, seed, metricNames, adminFault, replica, epoch});

    const QString program = QCoreApplication::applicationName();
    const auto fail = [&program](const QString &message) {
        return cli::exitWith(SimOptionsResult{}, cli::usageError(message, program));
    };
    if (const auto how = cli::parse(parser, arguments, program)) {
        return cli::exitWith(SimOptionsResult{}, *how);
    }
    SimOptions options;
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535) {
        return fail(QStringLiteral("--port must be a number from 0 to 65535."));
    }
    options.port = quint16(portValue);
    options.speed = parser.value(speed).toDouble(&ok);
    if (!ok || options.speed <= 0 || options.speed > 10000) {
        return fail(QStringLiteral("--speed must be a number above 0 and at most 10000."));
    }
    if (parser.isSet(seed)) {
        options.seed = parser.value(seed).toULongLong(&ok);
        if (!ok) {
            return fail(QStringLiteral("--seed must be a non-negative integer."));
        }
    }
    if (parser.isSet(masterKey)) {
        options.masterKey = parser.value(masterKey);
    }
    const QString names = parser.value(metricNames);
    if (names == u"current") {
        options.metricNames = MetricNames::Current;
    } else if (names == u"legacy") {
        options.metricNames = MetricNames::Legacy;
    } else if (names == u"off") {
        options.metricNames = MetricNames::Off;
    } else {
        return fail(QStringLiteral("--metric-names must be current, legacy or off."));
    }
    if (parser.isSet(adminFault)) {
        const auto fault = parseAdminFault(parser.value(adminFault));
        if (!fault) {
            return fail(QStringLiteral("--admin-fault: %1.").arg(fault.error().message));
        }
        options.adminFault = fault.value();
    }
    if (parser.isSet(replica)) {
        const QStringList parts = parser.value(replica).split(u'/');
        bool indexOk = false;
        bool countOk = false;
        const int index = parts.size() == 2 ? parts[0].toInt(&indexOk) : 0;
        const int count = parts.size() == 2 ? parts[1].toInt(&countOk) : 0;
        if (!indexOk || !countOk || count < 1 || count > 1000 || index < 1 || index > count) {
            return fail(
                QStringLiteral("--replica must be I/N with 1 <= I <= N <= 1000, e.g. 2/3."));
        }
        options.replica = ReplicaShare{index - 1, count};
    }
    if (parser.isSet(epoch)) {
        options.epochMs = parser.value(epoch).toLongLong(&ok);
        if (!ok || *options.epochMs < 0) {
            return fail(QStringLiteral("--epoch-ms must be a non-negative integer."));
        }
    }
    const QString name = parser.value(scenario);
    const QString builtIn = QStringLiteral(":/headroom/scenarios/%1.yaml").arg(name);
    options.scenario = QFileInfo::exists(builtIn) ? builtIn : name;
    SimOptionsResult result;
    result.options = options;
    return result;
}

ParseResult<Scenario> loadScenarioFor(const SimOptions &options)
{
    auto scenario = loadScenario(options.scenario);
    if (!scenario) {
        return scenario;
    }
    if (options.masterKey) {
        scenario.value().masterKey = *options.masterKey;
    }
    if (options.seed) {
        scenario.value().seed = *options.seed;
    }
    return scenario;
}

} // namespace headroom::sim
