#include "cli/clihelp.h"

#include <QCoreApplication>

namespace headroom::cli {

std::optional<Exit> parse(QCommandLineParser &parser, const QStringList &arguments,
                          const QString &program, bool withVersion)
{
    const QCommandLineOption help = parser.addHelpOption();
    std::optional<QCommandLineOption> version;
    if (withVersion) {
        version = parser.addVersionOption();
    }
    if (!parser.parse(arguments)) {
        return usageError(parser.errorText(), program);
    }
    if (parser.isSet(help)) {
        return Exit{parser.helpText(), 0};
    }
    if (version && parser.isSet(*version)) {
        return Exit{QStringLiteral("%1 %2\n").arg(QCoreApplication::applicationName(),
                                                  QCoreApplication::applicationVersion()),
                    0};
    }
    return std::nullopt;
}

Exit usageError(const QString &message, const QString &program)
{
    return Exit{QStringLiteral("%1: %2\nTry '%1 --help'.\n").arg(program, message), 2};
}

QCommandLineOption proxyOption(const QString &description)
{
    return QCommandLineOption(QStringLiteral("proxy"), description, QStringLiteral("URL"));
}

std::optional<QUrl> proxyUrl(const QString &text)
{
    const QUrl url = QUrl::fromUserInput(text);
    if (text.isEmpty() || !url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
        return std::nullopt;
    }
    return url;
}

QString proxyUrlProblem()
{
    return QStringLiteral("--proxy needs an http:// or https:// URL.");
}

QCommandLineOption keyEnvOption()
{
    return QCommandLineOption(
        QStringLiteral("key-env"),
        QStringLiteral("Environment variable that holds the proxy key (else the keychain)."),
        QStringLiteral("VAR"));
}

QCommandLineOption insecureOption()
{
    return QCommandLineOption(
        QStringLiteral("insecure"),
        QStringLiteral("Do not verify the proxy's TLS certificate (not for production)."));
}

} // namespace headroom::cli
