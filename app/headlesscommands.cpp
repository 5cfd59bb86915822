#include "headlesscommands.h"

#include "analysis/analysisjson.h"
#include "applycommand.h"
#include "cli/clihelp.h"
#include "credentials.h"
#include "lintcommand.h"
#include "predict/cascadeevents.h"
#include "predict/predictioninput.h"
#include "predict/predictionjson.h"
#include "prom/fleetqueries.h"
#include "promauth.h"
#include "promsource.h"
#include "proxysource.h"
#include "sample/samplejson.h"
#include "sampletable.h"
#include "snapshotexport.h"
#include "store/metricsstore.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

namespace headroom::app {

namespace {

struct HeadlessOptions {
    QString command;
    ProxySourceConfig source;
    // --prometheus: a fleet read through Prometheus; --proxy then names the replica whose admin
    // endpoints give the groups, limits and chain (optional).
    std::optional<PromSourceConfig> fleet;
    bool json = false;
    double durationSeconds = 0; // watch: 0 = until interrupted; snapshot: --minutes
    QString out;                // snapshot: --out FILE
};

nlohmann::json outcomeToJson(const PollOutcome &outcome)
{
    nlohmann::json notes = nlohmann::json::array();
    for (const QString &note : outcome.notes) {
        notes.push_back(note.toStdString());
    }
    return {{"poll_id", outcome.pollId},
            {"time_ms", outcome.timeMs},
            {"state", PollOutcome::stateName(outcome.state).toStdString()},
            {"endpoint", outcome.endpoint.toStdString()},
            {"http_status", outcome.httpStatus},
            {"reason", outcome.reason.toStdString()},
            {"elapsed_ms", outcome.elapsedMs},
            {"notes", notes},
            {"retry_after_ms", outcome.retryAfterMs}};
}

// Prometheus' Authorization: a bearer token or basic auth from the environment, else what the
// keychain holds for the URL (none is fine: most Prometheus servers ask for nothing).
bool prometheusAuthorization(const QString &tokenEnv, const QString &user,
                             const QString &passwordEnv, PromSourceConfig &fleet,
                             const QString &program, QTextStream &err)
{
    if (!tokenEnv.isEmpty() && (!user.isEmpty() || !passwordEnv.isEmpty())) {
        err << program << ": give a bearer token or a user and password for Prometheus, not both\n";
        return false;
    }
    if (!tokenEnv.isEmpty()) {
        const CredentialLookup lookup = keyFromEnvironment(tokenEnv);
        if (!lookup.key) {
            err << program << ": " << lookup.problem << '\n';
            return false;
        }
        fleet.authorization = *authorizationFromSecret(bearerSecret(*lookup.key), nullptr);
        return true;
    }
    if (!user.isEmpty() || !passwordEnv.isEmpty()) {
        if (user.isEmpty() || passwordEnv.isEmpty()) {
            err << program
                << ": basic auth needs both --prometheus-user and "
                   "--prometheus-password-env\n";
            return false;
        }
        const CredentialLookup lookup = keyFromEnvironment(passwordEnv);
        if (!lookup.key) {
            err << program << ": " << lookup.problem << '\n';
            return false;
        }
        QString problem;
        const auto header = authorizationFromSecret(basicSecret(user, *lookup.key), &problem);
        if (!header) {
            err << program << ": " << problem << '\n';
            return false;
        }
        fleet.authorization = *header;
        return true;
    }
    KeychainStore keychain;
    QEventLoop loop;
    CredentialLookup found;
    keychain.read(prometheusKeychainAccount(fleet.url), [&](CredentialLookup l) {
        found = std::move(l);
        loop.quit();
    });
    QTimer::singleShot(3000, &loop, &QEventLoop::quit);
    loop.exec();
    if (found.key) {
        QString problem;
        const auto header = authorizationFromSecret(*found.key, &problem);
        if (!header) {
            err << program << ": " << problem << '\n';
            return false;
        }
        fleet.authorization = *header;
    }
    return true;
}

// Parses the options; on failure writes the reason to err and returns nullopt.
std::optional<HeadlessOptions> parseOptions(const QStringList &arguments, QTextStream &out,
                                            QTextStream &err, int &exitCode)
{
    QCommandLineParser parser;
    const QString command = arguments.value(1);
    parser.setApplicationDescription(
        command == u"inspect"
            ? QStringLiteral("Polls a LiteLLM proxy (or a fleet through Prometheus) once and "
                             "prints what it saw.")
        : command == u"snapshot"
            ? QStringLiteral("Polls a LiteLLM proxy (or a fleet through Prometheus) for N "
                             "minutes and writes an incident snapshot (FILE: gzip-compressed "
                             ".headroom, or plain JSON if FILE ends in .json) and its browser "
                             "report beside it (FILE's name with .html).")
            : QStringLiteral("Polls a LiteLLM proxy (or a fleet through Prometheus) repeatedly "
                             "and prints one JSON line per poll and per event."));
    parser.addPositionalArgument(command, QStringLiteral("The command."));
    const QCommandLineOption proxy = cli::proxyOption(QStringLiteral("Base URL of the proxy."));
    const QCommandLineOption keyEnv = cli::keyEnvOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Seconds between polls (watch, snapshot)."),
                                      QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption duration(
        QStringLiteral("duration"),
        QStringLiteral("Stop after this many seconds (watch; 0 = until interrupted)."),
        QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds to wait for each endpoint."),
                                     QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption insecure = cli::insecureOption();
    const QCommandLineOption health(
        QStringLiteral("poll-health"),
        QStringLiteral("Also call /health, which makes a real request to every deployment and "
                       "spends their quota."));
    const QCommandLineOption config(
        QStringLiteral("config"),
        QStringLiteral("Read the fallback chain from this config.yaml instead of the proxy's "
                       "GET /router/settings (which only admin keys may read)."),
        QStringLiteral("FILE"));
    const QCommandLineOption prometheus(
        QStringLiteral("prometheus"),
        QStringLiteral("Read a fleet of replicas through this Prometheus (or Thanos, Mimir) "
                       "instead of one proxy; --proxy then optionally names the replica whose "
                       "admin endpoints give the groups, limits and chain."),
        QStringLiteral("URL"));
    const QCommandLineOption match(
        QStringLiteral("match"),
        QStringLiteral("Label matchers selecting the fleet's series, e.g. 'job=\"litellm\"'."),
        QStringLiteral("MATCHERS"));
    const QCommandLineOption tokenEnv(
        QStringLiteral("prometheus-token-env"),
        QStringLiteral("Environment variable holding a bearer token for Prometheus (else the "
                       "keychain)."),
        QStringLiteral("VAR"));
    const QCommandLineOption user(QStringLiteral("prometheus-user"),
                                  QStringLiteral("User for Prometheus' basic auth."),
                                  QStringLiteral("USER"));
    const QCommandLineOption passwordEnv(
        QStringLiteral("prometheus-password-env"),
        QStringLiteral("Environment variable holding the basic-auth password."),
        QStringLiteral("VAR"));
    const QCommandLineOption minutes(QStringLiteral("minutes"),
                                     QStringLiteral("Minutes to poll before writing (snapshot)."),
                                     QStringLiteral("N"));
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("The snapshot file to write (snapshot)."),
                                     QStringLiteral("FILE"));
    parser.addOptions({proxy, keyEnv, timeout, insecure, health, config, prometheus, match,
                       tokenEnv, user, passwordEnv});
    if (command != u"snapshot") {
        parser.addOption(json);
    }
    if (command == u"watch") {
        parser.addOptions({interval, duration});
    }
    if (command == u"snapshot") {
        parser.addOptions({interval, minutes, outFile});
    }
    const QString program = QStringLiteral("headroom ") + command;
    if (const auto how = cli::parse(parser, arguments, program, false)) {
        (how->exitCode == 0 ? out : err) << how->output;
        exitCode = how->exitCode;
        return std::nullopt;
    }
    exitCode = 2;
    HeadlessOptions options;
    options.command = command;
    if (parser.isSet(prometheus)) {
        const auto promUrl = cli::proxyUrl(parser.value(prometheus));
        if (!promUrl) {
            err << program << ": --prometheus must be an http:// or https:// URL\n";
            return std::nullopt;
        }
        PromSourceConfig fleet;
        fleet.url = *promUrl;
        fleet.matchers = parser.value(match).trimmed();
        if (const QString problem = prom::checkMatchers(fleet.matchers); !problem.isEmpty()) {
            err << program << ": --match: " << problem << '\n';
            return std::nullopt;
        }
        options.fleet = fleet;
    } else if (parser.isSet(match) || parser.isSet(tokenEnv) || parser.isSet(user) ||
               parser.isSet(passwordEnv)) {
        err << program << ": --match and the --prometheus-* options need --prometheus\n";
        return std::nullopt;
    }
    if (!options.fleet || parser.isSet(proxy)) {
        const auto url = cli::proxyUrl(parser.value(proxy));
        if (!url) {
            err << program << ": " << cli::proxyUrlProblem() << '\n';
            return std::nullopt;
        }
        options.source.url = *url;
    }
    bool ok = false;
    const double timeoutSeconds = parser.value(timeout).toDouble(&ok);
    if (!ok || timeoutSeconds <= 0 || timeoutSeconds > 600) {
        err << "headroom " << command << ": --timeout must be between 0 and 600 seconds\n";
        return std::nullopt;
    }
    options.source.timeoutMs = int(timeoutSeconds * 1000);
    options.source.slowMs = std::min(options.source.timeoutMs, 2000);
    options.source.insecureTls = parser.isSet(insecure);
    options.source.pollHealth = parser.isSet(health);
    if (parser.isSet(config)) {
        options.source.configFile = parser.value(config);
        if (!QFileInfo(options.source.configFile).isReadable()) {
            err << "headroom " << command << ": --config: cannot read " << options.source.configFile
                << '\n';
            return std::nullopt;
        }
    }
    options.json = command != u"snapshot" && (parser.isSet(json) || command == u"watch");
    if (command == u"snapshot") {
        const double seconds = parser.value(interval).toDouble(&ok);
        if (!ok || seconds < 0.1 || seconds > 3600) {
            err << "headroom snapshot: --interval must be between 0.1 and 3600 seconds\n";
            return std::nullopt;
        }
        options.source.intervalMs = int(seconds * 1000);
        const double n = parser.value(minutes).toDouble(&ok);
        if (!parser.isSet(minutes) || !ok || n <= 0 || n > 24 * 60) {
            err << "headroom snapshot: --minutes N is required, between 0 and 1440\n"
                << "Try 'headroom snapshot --help'.\n";
            return std::nullopt;
        }
        options.durationSeconds = n * 60;
        options.out = parser.value(outFile);
        if (options.out.isEmpty()) {
            err << "headroom snapshot: --out FILE is required\n"
                << "Try 'headroom snapshot --help'.\n";
            return std::nullopt;
        }
    }
    if (command == u"watch") {
        const double seconds = parser.value(interval).toDouble(&ok);
        if (!ok || seconds < 0.1 || seconds > 3600) {
            err << "headroom watch: --interval must be between 0.1 and 3600 seconds\n";
            return std::nullopt;
        }
        options.source.intervalMs = int(seconds * 1000);
        options.durationSeconds = parser.value(duration).toDouble(&ok);
        if (!ok || options.durationSeconds < 0) {
            err << "headroom watch: --duration must be a number of seconds\n";
            return std::nullopt;
        }
    }
    if (options.fleet &&
        !prometheusAuthorization(parser.value(tokenEnv), parser.value(user),
                                 parser.value(passwordEnv), *options.fleet, program, err)) {
        return std::nullopt;
    }
    if (options.source.url.isEmpty()) {
        // A fleet without a replica named: metrics only, no key to look up.
    } else if (parser.isSet(keyEnv)) {
        const CredentialLookup lookup = keyFromEnvironment(parser.value(keyEnv));
        if (!lookup.key) {
            err << "headroom " << command << ": " << lookup.problem << '\n';
            return std::nullopt;
        }
        options.source.key = *lookup.key;
    } else {
        // The keychain is asked without a window; a headless box has none, and says so once.
        KeychainStore keychain;
        QEventLoop loop;
        CredentialLookup found;
        keychain.read(options.source.url.toString(QUrl::RemoveUserInfo), [&](CredentialLookup l) {
            found = std::move(l);
            loop.quit();
        });
        QTimer::singleShot(3000, &loop, &QEventLoop::quit);
        loop.exec();
        if (found.key) {
            options.source.key = *found.key;
        } else if (keychain.unavailable()) {
            err << "headroom " << command << ": note: " << keychain.unavailableReason() << '\n';
        }
    }
    if (options.fleet) {
        PromSourceConfig &fleet = *options.fleet;
        fleet.timeoutMs = options.source.timeoutMs;
        fleet.slowMs = std::max(options.source.slowMs, 3000);
        fleet.insecureTls = options.source.insecureTls;
        fleet.intervalMs = options.source.intervalMs;
        fleet.rateWindowSeconds = std::max(60, 4 * options.source.intervalMs / 1000);
        fleet.adminUrl = options.source.url;
        fleet.adminKey = options.source.key;
        fleet.configFile = options.source.configFile;
    }
    exitCode = 0;
    return options;
}

// The end of `headroom snapshot`: everything the store holds, written with its report.
int writeSnapshot(const MetricsStore &store, const SnapshotHistory &history,
                  const HeadlessOptions &options, QTextStream &out, QTextStream &err)
{
    SnapshotRequest request;
    request.fromMs = store.clock().firstTimeMs();
    request.toMs = store.clock().latestTimeMs();
    request.environment = localEnvironment(options.source.intervalMs);
    const auto snapshot = captureSnapshot(store, &history, request);
    const SnapshotWritten written = writeSnapshotAndReport(*snapshot, options.out);
    if (!written.error.isEmpty()) {
        err << "headroom snapshot: " << written.error << '\n';
        return 2;
    }
    out << "headroom snapshot: wrote " << written.path << " (" << (written.bytes + 1023) / 1024
        << " KB: " << store.clock().sampleCount() << " samples, " << snapshot->series.size()
        << " series, " << snapshot->events.size() << " events) and " << written.reportPath << '\n';
    return 0;
}

template<typename Source>
int runWith(Source &source, const HeadlessOptions &options, QTextStream &out, QTextStream &err)
{
    // The same store and analysis as the GUI: rates need two polls, so watch's first line has
    // no rates yet, and inspect's analysis rests on the remaining-* gauges alone.
    MetricsStore store;
    quint64 eventsShown = 0;
    // No UI thread here: the prediction runs in line, on the chain the sample carries (until it
    // has been read: no fallbacks, LiteLLM's defaults); inspect's single sample has no rates,
    // so it predicts no demand.
    CascadeEventGate cascadeEvents;
    SnapshotHistory history; // snapshot: the chain changes and predictions
    const auto predict = [&](const ProxySample &sample) {
        auto p = std::make_shared<const CascadePrediction>(
            predictCascade(predictionInput(store, sample.chain ? *sample.chain : FallbackChain{})));
        if (const auto change = cascadeEvents.update(sample.timeMs, *p)) {
            store.recordCascade(sample.timeMs, change->predicted, change->group, change->message);
        }
        history.observePrediction(sample.timeMs, p);
        return predictionToJson(*p);
    };
    QEventLoop loop;
    bool anySample = false;
    QString chainProblemShown;
    int code = 0;
    const auto printEvents = [&] {
        if (options.command != u"watch") {
            return;
        }
        for (const Event &event : store.events().eventsAfter(eventsShown)) {
            const nlohmann::json line = {{"type", "event"}, {"event", eventToJson(event)}};
            out << QString::fromStdString(line.dump()) << '\n';
            eventsShown = event.seq;
        }
        out.flush();
    };

    QObject::connect(&source, &Source::sampleReady, &loop,
                     [&](const std::shared_ptr<const ProxySample> &shared) {
                         const ProxySample &sample = *shared;
                         anySample = true;
                         // Once per problem, on stderr, where scripts look for advice.
                         if (sample.chain && !sample.chain->origin.problem.isEmpty() &&
                             sample.chain->origin.problem != chainProblemShown) {
                             chainProblemShown = sample.chain->origin.problem;
                             err << "headroom " << options.command
                                 << ": note: fallback chain: " << chainProblemShown << '\n';
                             err.flush();
                         }
                         store.ingest(shared);
                         if (options.command == u"snapshot") {
                             history.observeChain(sample.timeMs, sample.chain);
                             predict(sample);
                             return;
                         }
                         if (options.command == u"inspect") {
                             if (options.json) {
                                 nlohmann::json document = sampleToJson(sample);
                                 document["analysis"] = analysisToJson(store);
                                 document["prediction"] = predict(sample);
                                 out << QString::fromStdString(document.dump(2)) << '\n';
                             } else {
                                 out << formatSampleTable(sample);
                             }
                         } else {
                             const nlohmann::json line = {{"type", "sample"},
                                                          {"sample", sampleToJson(sample)},
                                                          {"analysis", analysisToJson(store)},
                                                          {"prediction", predict(sample)}};
                             out << QString::fromStdString(line.dump()) << '\n';
                         }
                         out.flush();
                         printEvents();
                     });
    QObject::connect(&source, &Source::pollFinished, &loop, [&](const PollOutcome &outcome) {
        if (options.command == u"snapshot" && !outcome.hasSample()) {
            store.recordPollFailure(outcome.timeMs, outcome.summary(source.displayUrl()));
        }
        if (options.command == u"watch") {
            nlohmann::json line = {{"type", "poll"}, {"outcome", outcomeToJson(outcome)}};
            out << QString::fromStdString(line.dump()) << '\n';
            out.flush();
            if (!outcome.hasSample()) {
                store.recordPollFailure(outcome.timeMs, outcome.summary(source.displayUrl()));
                printEvents();
            }
        }
        for (const QString &note : outcome.notes) {
            err << "headroom " << options.command << ": note: " << note << '\n';
        }
        if (!outcome.hasSample()) {
            err << "headroom " << options.command << ": " << outcome.summary(source.displayUrl())
                << '\n';
        } else if (outcome.state == PollOutcome::State::Degraded) {
            err << "headroom " << options.command
                << ": warning: " << outcome.summary(source.displayUrl()) << '\n';
        }
        err.flush();
        if (options.command == u"inspect" || outcome.state == PollOutcome::State::AuthRefused) {
            code = outcome.hasSample() ? 0 : 2;
            loop.quit();
        }
    });
    if (options.durationSeconds > 0) {
        QTimer::singleShot(int(options.durationSeconds * 1000), &loop, [&] {
            code = anySample ? 0 : 2;
            loop.quit();
        });
    }
    source.start();
    loop.exec();
    source.stop();
    if (options.command == u"snapshot" && !anySample) {
        err << "headroom snapshot: no poll gave data: nothing written\n";
    }
    if (options.command == u"snapshot" && code == 0) {
        code = writeSnapshot(store, history, options, out, err);
    }
    out.flush();
    err.flush();
    return code;
}

} // namespace

bool isHeadlessCommand(int argc, char *argv[])
{
    return argc > 1 &&
           (std::strcmp(argv[1], "inspect") == 0 || std::strcmp(argv[1], "watch") == 0 ||
            std::strcmp(argv[1], "lint") == 0 || std::strcmp(argv[1], "snapshot") == 0 ||
            isApplyCommand(QString::fromLocal8Bit(argv[1])));
}

int runHeadlessCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (arguments.value(1) == u"lint" || isApplyCommand(arguments.value(1))) {
        const int status = arguments.value(1) == u"lint" ? runLint(arguments, out, err)
                                                         : runApplyCommand(arguments, out, err);
        out.flush();
        err.flush();
        return status;
    }
    int exitCode = 0;
    const auto options = parseOptions(arguments, out, err, exitCode);
    if (!options) {
        err.flush();
        out.flush();
        return exitCode;
    }
    if (options->fleet) {
        PromSource source(*options->fleet);
        return runWith(source, *options, out, err);
    }
    ProxySource source(options->source);
    return runWith(source, *options, out, err);
}

} // namespace headroom::app
