#include "applycommand.h"

#include "applyinput.h"
#include "cli/clihelp.h"
#include "credentials.h"
#include "networkservice.h"
#include "pushclient.h"
#include "pushhistory.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QTimer>
#include <unistd.h>

namespace headroom::app {

namespace {

using push::PushOutcome;

WhatIfSummary &whatIfHook()
{
    static WhatIfSummary hook;
    return hook;
}

struct Connection {
    QUrl url;
    QString key;
    bool insecure = false;
    int timeoutMs = 10000;
};

int exitCodeOf(PushOutcome outcome)
{
    switch (outcome) {
    case PushOutcome::Verified:
    case PushOutcome::NothingToDo:
    case PushOutcome::DryRun:
        return 0;
    case PushOutcome::Refused:
    case PushOutcome::RolledBack:
    case PushOutcome::RollbackFailed:
        return 1;
    case PushOutcome::Unreachable:
        return 2;
    }
    return 2;
}

// The key from --key-env, else the keychain (asked without a window, as inspect does).
std::optional<QString> findKey(const QCommandLineParser &parser, const QCommandLineOption &keyEnv,
                               const QString &proxy, const QString &program, QTextStream &err,
                               bool &failed)
{
    failed = false;
    if (parser.isSet(keyEnv)) {
        const CredentialLookup lookup = keyFromEnvironment(parser.value(keyEnv));
        if (!lookup.key) {
            err << program << ": " << lookup.problem << '\n';
            failed = true;
        }
        return lookup.key;
    }
    KeychainStore keychain;
    QEventLoop loop;
    CredentialLookup found;
    keychain.read(proxy, [&](CredentialLookup l) {
        found = std::move(l);
        loop.quit();
    });
    QTimer::singleShot(3000, &loop, &QEventLoop::quit);
    loop.exec();
    if (!found.key && keychain.unavailable()) {
        err << program << ": note: " << keychain.unavailableReason() << '\n';
    }
    return found.key;
}

void printPlan(const push::PushPlan &plan, const QString &whatIf, QTextStream &out)
{
    if (plan.diff.empty()) {
        out << "No change: the proxy already holds this chain.\n";
    } else {
        out << "Changes (in force → desired):\n";
        for (const QString &line : plan.diff.lines()) {
            out << "  " << line << '\n';
        }
    }
    if (!plan.uncarried.empty()) {
        out << "Cannot be carried by the admin API (will NOT be applied):\n";
        for (const push::Uncarried &item : plan.uncarried) {
            out << "  " << item.change << "\n    why: " << item.why << '\n';
        }
    }
    for (const QString &caution : plan.cautions) {
        out << "Note: " << caution << '\n';
    }
    if (!whatIf.isEmpty()) {
        out << "What-if: " << whatIf << '\n';
    }
    if (!plan.calls.empty()) {
        out << "Calls, in this order:\n";
        int n = 0;
        for (const push::AdminCall &call : plan.calls) {
            out << "  " << ++n << ". " << push::callLine(call) << " (" << call.what << ")\n";
        }
    }
    out.flush();
}

bool confirm(int calls, QTextStream &out)
{
    out << "Send these " << calls << " call(s)? [y/N] ";
    out.flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    return answer == u"y" || answer == u"yes";
}

// Runs one push to completion and prints its steps and outcome; returns the exit status.
int push(const Connection &connection, const PushClient::DesiredFrom &desiredFrom, bool dryRun,
         bool yes, const QString &program, QTextStream &out, QTextStream &err)
{
    NetworkService network;
    PushTarget target;
    target.base = connection.url;
    target.insecureTls = connection.insecure;
    target.timeoutMs = connection.timeoutMs;
    if (!connection.key.isEmpty()) {
        target.authorization = QByteArrayLiteral("Bearer ") + connection.key.toUtf8();
    }
    const QString where = connection.url.toString(QUrl::RemoveUserInfo);

    const auto runOnce = [&](bool dry, bool printSteps) {
        auto client = std::make_unique<PushClient>(network, target);
        QEventLoop loop;
        QObject::connect(client.get(), &PushClient::finished, &loop, &QEventLoop::quit);
        if (printSteps) {
            QObject::connect(client.get(), &PushClient::stepFinished, client.get(), [&](int i) {
                const PushStep &step = client->result().steps[std::size_t(i)];
                if (step.phase == PushStep::Phase::ReadLive) {
                    return;
                }
                out << "  [" << (step.ok ? "ok" : "FAILED") << "] " << pushPhaseName(step.phase)
                    << ": " << step.line << " — " << step.detail << '\n';
                out.flush();
            });
        }
        client->start(desiredFrom, dry);
        if (client->running()) {
            loop.exec();
        }
        return client;
    };

    // First the plan, shown before anything is sent.
    const auto planned = runOnce(true, false);
    const PushResult &plan = planned->result();
    if (plan.outcome == PushOutcome::Unreachable) {
        err << program << ": " << plan.message << '\n';
        return 2;
    }
    out << program << ": " << where << '\n';
    const QString whatIf = whatIfSummary(plan.before, planned->desired());
    printPlan(plan.plan, whatIf, out);
    if (dryRun || plan.plan.calls.empty()) {
        out << (dryRun ? "Dry run: nothing sent.\n"
                : plan.plan.uncarried.empty()
                    ? "Nothing to send.\n"
                    : "Nothing to send: no admin call can carry what is left.\n");
        return 0;
    }
    if (!yes && isatty(fileno(stdin)) == 0) {
        err << program << ": not applied: without a terminal to ask, pass --yes to apply\n";
        return 2;
    }
    if (!yes && !confirm(int(plan.plan.calls.size()), out)) {
        err << program << ": not applied\n";
        return 1;
    }

    const auto applied = runOnce(false, true);
    const PushResult &result = applied->result();
    if (result.plan.diff.lines() != plan.plan.diff.lines()) {
        out << "Note: the proxy changed between the plan and the push; the push used its state "
               "then.\n";
    }
    out << result.message << '\n';
    out.flush();
    if (result.outcome != PushOutcome::Unreachable) {
        const PushHistory history(where);
        QString problem;
        if (!history.append(recordOf(result, applied->desired(), where, whatIf), &problem)) {
            err << program << ": the apply was not recorded in the history: " << problem << '\n';
        }
    }
    if (result.outcome == PushOutcome::Unreachable) {
        err << program << ": " << result.message << '\n';
    }
    return exitCodeOf(result.outcome);
}

int history(const QString &where, bool asJson, QTextStream &out, QTextStream &err)
{
    const PushHistory history(where);
    const PushHistory::Loaded loaded = history.load();
    for (const QString &problem : loaded.problems) {
        err << "headroom history: " << history.path() << ": " << problem << '\n';
    }
    if (asJson) {
        nlohmann::json list = nlohmann::json::array();
        for (const push::PushRecord &record : loaded.records) {
            list.push_back(push::pushRecordToJson(record));
        }
        out << QString::fromStdString(list.dump(2)) << '\n';
        return 0;
    }
    if (loaded.records.empty()) {
        out << "No applies recorded for " << history.target() << " (" << history.path() << ").\n";
        return 0;
    }
    for (const push::PushRecord &record : loaded.records) {
        out << record.id << "  " << record.when.toString(Qt::ISODate) << "  " << record.who << "  "
            << push::pushOutcomeName(record.outcome) << "  " << record.diff.size()
            << " change(s)\n";
        for (const QString &line : record.diff) {
            out << "    " << line << '\n';
        }
        if (!record.whatIf.isEmpty()) {
            out << "    what-if: " << record.whatIf << '\n';
        }
    }
    return 0;
}

} // namespace

void setWhatIfSummary(WhatIfSummary summary)
{
    whatIfHook() = std::move(summary);
}

QString whatIfSummary(const FallbackChain &live, const FallbackChain &desired)
{
    return whatIfHook() ? whatIfHook()(live, desired) : QString();
}

bool isApplyCommand(const QString &command)
{
    return command == u"apply" || command == u"history" || command == u"rollback";
}

int runApplyCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString command = arguments.value(1);
    const QString program = QStringLiteral("headroom ") + command;
    QCommandLineParser parser;
    if (command == u"apply") {
        parser.setApplicationDescription(QStringLiteral(
            "Pushes a fallback change to a LiteLLM proxy through its admin API: prints the diff "
            "and what cannot be carried, applies unless --dry-run, reads back and verifies, and "
            "restores what was there if the proxy refuses, cuts off or does not hold the change.\n"
            "Exit status: 0 applied and verified, 1 refused or rolled back, 2 unreachable or "
            "invalid input."));
    } else if (command == u"history") {
        parser.setApplicationDescription(
            QStringLiteral("Lists the applies recorded for a proxy, oldest first."));
    } else {
        parser.setApplicationDescription(QStringLiteral(
            "Puts back the chain the proxy held before apply ID (see headroom history), through "
            "the same diff, apply and verify as headroom apply.\n"
            "Exit status: 0 applied and verified, 1 refused or rolled back, 2 unreachable or "
            "invalid input."));
    }
    parser.addPositionalArgument(command, QStringLiteral("The command."));
    const QCommandLineOption proxy = cli::proxyOption(QStringLiteral("Base URL of the proxy."));
    const QCommandLineOption keyEnv = cli::keyEnvOption();
    const QCommandLineOption insecure = cli::insecureOption();
    const QCommandLineOption fallbacks(
        QStringLiteral("fallbacks"),
        QStringLiteral("The desired chain: a config.yaml (its fallback lists whole, and the "
                       "router settings it sets) or a JSON/YAML fragment of router settings "
                       "(only the keys it names)."),
        QStringLiteral("FILE"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("The apply whose earlier state to put back."),
                                QStringLiteral("ID"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("Print the diff and the calls; send nothing."));
    const QCommandLineOption yes(
        QStringLiteral("yes"), QStringLiteral("Apply without asking (needed without a terminal)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds to wait for each request."),
                                     QStringLiteral("S"), QStringLiteral("10"));
    parser.addOption(proxy);
    if (command == u"history") {
        parser.addOption(json);
    } else {
        parser.addOptions({keyEnv, insecure, dryRun, yes, timeout});
        parser.addOption(command == u"apply" ? fallbacks : to);
    }
    if (const auto how = cli::parse(parser, arguments, program, false)) {
        (how->exitCode == 0 ? out : err) << how->output;
        return how->exitCode;
    }
    const auto url = cli::proxyUrl(parser.value(proxy));
    if (!url) {
        err << program << ": " << cli::proxyUrlProblem() << '\n';
        return 2;
    }
    const QString where = url->toString(QUrl::RemoveUserInfo);
    if (command == u"history") {
        return history(where, parser.isSet(json), out, err);
    }

    Connection connection;
    connection.url = *url;
    connection.insecure = parser.isSet(insecure);
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 600) {
        err << program << ": --timeout must be between 0 and 600 seconds\n";
        return 2;
    }
    connection.timeoutMs = int(seconds * 1000);

    PushClient::DesiredFrom desiredFrom;
    if (command == u"apply") {
        if (!parser.isSet(fallbacks)) {
            err << program << ": --fallbacks FILE is required\nTry '" << program << " --help'.\n";
            return 2;
        }
        const ApplyInput input = readApplyInput(parser.value(fallbacks));
        if (!input.problem.isEmpty()) {
            err << program << ": " << input.problem << '\n';
            return 2;
        }
        desiredFrom = [input](const FallbackChain &live) {
            return applyInputTo(live, input);
        };
    } else {
        if (!parser.isSet(to)) {
            err << program << ": --to ID is required (see headroom history)\nTry '" << program
                << " --help'.\n";
            return 2;
        }
        const auto record = PushHistory(where).find(parser.value(to));
        if (!record) {
            err << program << ": no apply " << parser.value(to) << " in the history of " << where
                << " (see headroom history --proxy " << where << ")\n";
            return 2;
        }
        const FallbackChain before = record->before;
        desiredFrom = [before](const FallbackChain &) {
            return FallbackChain(before); // asked twice: the plan, then the push
        };
    }
    bool keyFailed = false;
    connection.key = findKey(parser, keyEnv, where, program, err, keyFailed).value_or(QString());
    if (keyFailed) {
        return 2;
    }
    return push(connection, desiredFrom, parser.isSet(dryRun), parser.isSet(yes), program, out,
                err);
}

} // namespace headroom::app
