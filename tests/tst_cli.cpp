// The command-line conventions every Headroom program shares: help, version, usage errors and
// the options defined once.

#include "cli/clihelp.h"

#include <QCoreApplication>
#include <QTest>

using namespace headroom;

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void parses_data();
    void parses();
    void usageError();
    void proxyUrl_data();
    void proxyUrl();
    void sharedOptions();
};

void TestCli::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("prog"));
    QCoreApplication::setApplicationVersion(QStringLiteral("1.2.3"));
}

void TestCli::parses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("withVersion");
    QTest::addColumn<bool>("stops");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output"); // exact, or (help) a part of it

    const QString p = QStringLiteral("prog");
    QTest::newRow("runs") << QStringList{p, QStringLiteral("--flag")} << true << false << 0
                          << QString();
    QTest::newRow("help") << QStringList{p, QStringLiteral("--help")} << true << true << 0
                          << QStringLiteral("--flag");
    QTest::newRow("version") << QStringList{p, QStringLiteral("--version")} << true << true << 0
                             << QStringLiteral("prog 1.2.3\n");
    QTest::newRow("no version option")
        << QStringList{p, QStringLiteral("--version")} << false << true << 2
        << QStringLiteral("prog sub: Unknown option 'version'.\nTry 'prog sub --help'.\n");
    QTest::newRow("unknown option")
        << QStringList{p, QStringLiteral("--bogus")} << true << true << 2
        << QStringLiteral("prog sub: Unknown option 'bogus'.\nTry 'prog sub --help'.\n");
}

void TestCli::parses()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, withVersion);
    QFETCH(bool, stops);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("flag"), QStringLiteral("A flag.")));
    const auto exit = cli::parse(parser, arguments, QStringLiteral("prog sub"), withVersion);
    QCOMPARE(exit.has_value(), stops);
    if (!exit) {
        QVERIFY(parser.isSet(QStringLiteral("flag")));
        return;
    }
    QCOMPARE(exit->exitCode, exitCode);
    if (QTest::currentDataTag() == QByteArray("help")) {
        QVERIFY2(exit->output.contains(output), qPrintable(exit->output));
        QVERIFY(exit->output.contains(QStringLiteral("--help")));
    } else {
        QCOMPARE(exit->output, output);
    }
}

void TestCli::usageError()
{
    const cli::Exit exit =
        cli::usageError(QStringLiteral("--speed must be above 0."), QStringLiteral("headroom-sim"));
    QCOMPARE(exit.exitCode, 2);
    QCOMPARE(
        exit.output,
        QStringLiteral("headroom-sim: --speed must be above 0.\nTry 'headroom-sim --help'.\n"));
}

void TestCli::proxyUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("url");
    QTest::newRow("http") << QStringLiteral("http://127.0.0.1:4000") << true
                          << QStringLiteral("http://127.0.0.1:4000");
    QTest::newRow("https") << QStringLiteral("https://litellm.internal") << true
                           << QStringLiteral("https://litellm.internal");
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("ftp") << QStringLiteral("ftp://host/") << false << QString();
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false << QString();
}

void TestCli::proxyUrl()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    QFETCH(QString, url);
    const auto parsed = cli::proxyUrl(text);
    QCOMPARE(parsed.has_value(), accepted);
    if (accepted) {
        QCOMPARE(parsed->toString(), url);
    }
}

void TestCli::sharedOptions()
{
    QCOMPARE(cli::keyEnvOption().names(), QStringList{QStringLiteral("key-env")});
    QCOMPARE(cli::keyEnvOption().valueName(), QStringLiteral("VAR"));
    QCOMPARE(cli::insecureOption().names(), QStringList{QStringLiteral("insecure")});
    QVERIFY(cli::insecureOption().valueName().isEmpty()); // a switch, no value
    QCOMPARE(cli::proxyOption(QStringLiteral("d")).description(), QStringLiteral("d"));
    QVERIFY(!cli::proxyUrlProblem().isEmpty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
