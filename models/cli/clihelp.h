#pragma once
// The conventions every Headroom command line shares (headroom, `headroom inspect|watch`,
// headroom-sim): --help and --version, a usage error as "program: what is wrong" followed by
// "Try 'program --help'." and exit status 2, and the options more than one command accepts, each
// defined once.

#include <optional>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace headroom::cli {

// What to do instead of running: print `output` (to stdout when exitCode is 0, else to
// stderr) and exit with exitCode.
struct Exit {
    QString output;
    int exitCode = 0;
};

// Adds --help (and --version when withVersion) to `parser`, then parses `arguments` (the
// program name first). nullopt: go on and read the parser. Otherwise the help text, the
// "program version" line or the parser's error as a usage error. `program` names the command
// in messages ("headroom", "headroom inspect").
std::optional<Exit> parse(QCommandLineParser &parser, const QStringList &arguments,
                          const QString &program, bool withVersion = true);

// `result` (any struct with `output` and `exitCode`) carrying `how`: what a parse function
// returns when the program should exit instead of running.
template<typename Result>
Result exitWith(Result result, const Exit &how)
{
    result.output = how.output;
    result.exitCode = how.exitCode;
    return result;
}

// A usage error: "program: message", then "Try 'program --help'.", exit status 2.
Exit usageError(const QString &message, const QString &program);

// --proxy URL, with the command's own description.
QCommandLineOption proxyOption(const QString &description);
// The proxy's base URL from --proxy's text, or nullopt unless it is http:// or https://.
std::optional<QUrl> proxyUrl(const QString &text);
// The message for a --proxy that proxyUrl() refused.
QString proxyUrlProblem();

// --key-env VAR: the environment variable that holds the proxy key (else the keychain).
QCommandLineOption keyEnvOption();
// --insecure: skip TLS verification.
QCommandLineOption insecureOption();

} // namespace headroom::cli
