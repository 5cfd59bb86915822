// Headroom's command line: options, help, version and errors.

#include "commandline.h"

#include <QCoreApplication>
#include <QTest>

using headroom::app::parseCommandLine;

class TestCommandLine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void parses_data();
    void parses();
};

void TestCommandLine::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("headroom"));
    QCoreApplication::setApplicationVersion(QStringLiteral("9.9.9"));
}

void TestCommandLine::parses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("runs");
    QTest::addColumn<bool>("demo");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("outputContains");

    const QString app = QStringLiteral("headroom");
    QTest::newRow("none") << QStringList{app} << true << false << 0 << QString();
    QTest::newRow("demo") << QStringList{app, QStringLiteral("--demo")} << true << true << 0
                          << QString();
    QTest::newRow("help") << QStringList{app, QStringLiteral("--help")} << false << false << 0
                          << QStringLiteral("--demo");
    QTest::newRow("version") << QStringList{app, QStringLiteral("--version")} << false << false << 0
                             << QStringLiteral("headroom 9.9.9");
    QTest::newRow("unknown option") << QStringList{app, QStringLiteral("--bogus")} << false << false
                                    << 2 << QStringLiteral("bogus");
    QTest::newRow("proxy") << QStringList{app, QStringLiteral("--proxy"),
                                          QStringLiteral("http://127.0.0.1:4000"),
                                          QStringLiteral("--key-env"), QStringLiteral("K")}
                           << true << false << 0 << QString();
    QTest::newRow("screenshot") << QStringList{app,
                                               QStringLiteral("--demo"),
                                               QStringLiteral("--screenshot"),
                                               QStringLiteral("/tmp/x.png"),
                                               QStringLiteral("--after"),
                                               QStringLiteral("5"),
                                               QStringLiteral("--view"),
                                               QStringLiteral("events")}
                                << true << true << 0 << QString();
    QTest::newRow("bad view") << QStringList{app, QStringLiteral("--view"), QStringLiteral("map")}
                              << false << false << 2 << QStringLiteral("--view");
    QTest::newRow("bad after") << QStringList{app, QStringLiteral("--after"), QStringLiteral("-1")}
                               << false << false << 2 << QStringLiteral("--after");
    QTest::newRow("demo and proxy")
        << QStringList{app, QStringLiteral("--demo"), QStringLiteral("--proxy"),
                       QStringLiteral("http://x:1")}
        << false << false << 2 << QStringLiteral("cannot be used together");
    QTest::newRow("bad proxy") << QStringList{app, QStringLiteral("--proxy"),
                                              QStringLiteral("ftp://x")}
                               << false << false << 2 << QStringLiteral("http://");
    QTest::newRow("demo scenario")
        << QStringList{app, QStringLiteral("--demo"), QStringLiteral("--scenario"),
                       QStringLiteral("production")}
        << true << true << 0 << QString();
    QTest::newRow("unknown scenario")
        << QStringList{app, QStringLiteral("--demo"), QStringLiteral("--scenario"),
                       QStringLiteral("/etc/passwd")}
        << false << false << 2 << QStringLiteral("cascade, flaky, healthy, production");
    QTest::newRow("scenario without demo")
        << QStringList{app, QStringLiteral("--scenario"), QStringLiteral("healthy")} << false
        << false << 2 << QStringLiteral("--scenario needs --demo");
    QTest::newRow("config file") << QStringList{app, QStringLiteral("--proxy"),
                                                QStringLiteral("http://x:1"),
                                                QStringLiteral("--config"),
                                                QStringLiteral(
                                                    HEADROOM_SAMPLES_DIR
                                                    "/config_router_settings_fallbacks.yaml")}
                                 << true << false << 0 << QString();
    QTest::newRow("unreadable config file")
        << QStringList{app, QStringLiteral("--proxy"), QStringLiteral("http://x:1"),
                       QStringLiteral("--config"), QStringLiteral("/nonexistent/config.yaml")}
        << false << false << 2 << QStringLiteral("--config: cannot read /nonexistent/config.yaml");
    const QString snapshot = QStringLiteral(HEADROOM_TESTDATA_DIR "/snapshots/cascade-v1.headroom");
    QTest::newRow("snapshot to replay")
        << QStringList{app, snapshot} << true << false << 0 << QString();
    QTest::newRow("missing snapshot")
        << QStringList{app, QStringLiteral("/nonexistent/x.headroom")} << false << false << 2
        << QStringLiteral("cannot read /nonexistent/x.headroom");
    QTest::newRow("snapshot and demo")
        << QStringList{app, snapshot, QStringLiteral("--demo")} << false << false << 2
        << QStringLiteral("a snapshot replays on its own");
    QTest::newRow("two snapshots") << QStringList{app, snapshot, snapshot} << false << false << 2
                                   << QStringLiteral("Unexpected argument");
    QTest::newRow("stray argument") << QStringList{app, QStringLiteral("extra")} << false << false
                                    << 2 << QStringLiteral("Unexpected argument 'extra'");
    QTest::newRow("fleet") << QStringList{app, QStringLiteral("--prometheus"),
                                          QStringLiteral("http://prometheus:9090"),
                                          QStringLiteral("--match"),
                                          QStringLiteral(R"(job="litellm")")}
                           << true << false << 0 << QString();
    QTest::newRow("bad matchers") << QStringList{app, QStringLiteral("--prometheus"),
                                                 QStringLiteral("http://p:9090"),
                                                 QStringLiteral("--match"),
                                                 QStringLiteral("job=litellm")}
                                  << false << false << 2
                                  << QStringLiteral("--match: expected label matchers");
    QTest::newRow("match without prometheus")
        << QStringList{app, QStringLiteral("--match"), QStringLiteral(R"(job="x")")} << false
        << false << 2 << QStringLiteral("--match needs --prometheus");
    QTest::newRow("bad prometheus")
        << QStringList{app, QStringLiteral("--prometheus"), QStringLiteral("ftp://prometheus:9090")}
        << false << false << 2 << QStringLiteral("--prometheus must be an http://");
}

void TestCommandLine::parses()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, runs);
    QFETCH(bool, demo);
    QFETCH(int, exitCode);
    QFETCH(QString, outputContains);

    const auto result = parseCommandLine(arguments);
    QCOMPARE(result.commandLine.has_value(), runs);
    if (runs) {
        QCOMPARE(result.commandLine->demo, demo);
        // The demo's scenario is cascade unless --scenario names a built-in.
        const qsizetype at = arguments.indexOf(QStringLiteral("--scenario"));
        QCOMPARE(result.commandLine->scenario,
                 at >= 0 ? arguments.value(at + 1) : QStringLiteral("cascade"));
        QCOMPARE(result.commandLine->snapshotFile,
                 arguments.value(1).endsWith(QStringLiteral(".headroom")) ? arguments.value(1)
                                                                          : QString());
        const qsizetype config = arguments.indexOf(QStringLiteral("--config"));
        QCOMPARE(result.commandLine->configFile,
                 config >= 0 ? arguments.value(config + 1) : QString());
    }
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.output.contains(outputContains), qPrintable(result.output));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
