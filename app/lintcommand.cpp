#include "lintcommand.h"

#include "chain/graphchecks.h"
#include "chainsource.h"
#include "cli/clihelp.h"
#include "config/yamllocate.h"
#include "sample/samplechain.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <QCommandLineParser>
#include <QFile>

namespace headroom::app {

int runLint(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString program = QStringLiteral("headroom lint");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks the fallback chain of a LiteLLM config.yaml: loops, unknown "
                       "groups, walks cut by max_fallbacks, smaller context windows, fallbacks "
                       "inside a shared-quota pool, groups others depend on with no fallback. "
                       "Exit status 0: no error or warning; 1: some; 2: the file cannot be "
                       "read."));
    parser.addPositionalArgument(QStringLiteral("lint"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("CONFIG.yaml"),
                                 QStringLiteral("The LiteLLM config file to check."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(json);
    if (const auto how = cli::parse(parser, arguments, program, false)) {
        (how->exitCode == 0 ? out : err) << how->output;
        return how->exitCode;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        const auto how = cli::usageError(QStringLiteral("name one config.yaml."), program);
        err << how.output;
        return how.exitCode;
    }
    const FallbackChain chain = readConfigFileChain(positional.at(1));
    if (!chain.origin.problem.isEmpty()) {
        err << program << ": " << chain.origin.problem << '\n';
        return 2;
    }
    const ChainFacts facts = chainFactsFrom(chain.configDeployments);
    const std::vector<ChainFinding> findings = checkChain(chain, facts);
    int serious = 0;
    for (const ChainFinding &f : findings) {
        serious += f.severity != ChainFinding::Severity::Info ? 1 : 0;
    }
    if (parser.isSet(json)) {
        nlohmann::json list = nlohmann::json::array();
        for (const ChainFinding &f : findings) {
            list.push_back(findingToJson(f));
        }
        nlohmann::json attempts = nlohmann::json::object();
        for (const QString &group : facts.groups) {
            attempts[group.toStdString()] = worstCaseAttempts(chain, facts.groups, group);
        }
        out << QString::fromStdString(nlohmann::json{
                   {"file", chain.origin.where.toStdString()},
                   {"groups", facts.groups.size()},
                   {"findings", list},
                   {"worst_case_attempts",
                    attempts}}.dump(2))
            << '\n';
    } else {
        // file:line:col: severity: text [check-name], as compilers and editors read them; the
        // line is the group's own entry in the setting's list, else the setting's key.
        QFile file(chain.origin.where);
        const QByteArray text = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        const std::string_view view(text.constData(), std::size_t(text.size()));
        for (const ChainFinding &f : findings) {
            const YamlPosition where =
                locateSetting(view, f.setting, f.groups.value(0), ParseLimits{});
            out << chain.origin.where << ':' << std::max(where.line, 1) << ':'
                << std::max(where.column, 1) << ": " << findingSeverityName(f.severity) << ": "
                << f.message;
            if (!f.setting.isEmpty()) {
                out << " (" << f.setting << ')';
            }
            out << " [" << findingKindName(f.kind) << "]\n";
        }
        out << chain.origin.where << ": " << facts.groups.size() << " groups, " << findings.size()
            << (findings.size() == 1 ? " finding" : " findings") << ", " << serious
            << " of them errors or warnings\n";
    }
    return serious > 0 ? 1 : 0;
}

} // namespace headroom::app
