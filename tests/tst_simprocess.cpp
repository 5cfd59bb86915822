// The headroom-sim executable: announces its port on the first stdout line, serves, and stops
// cleanly on SIGTERM; bad arguments fail with a clear message.

#include "formats/healthbody.h"
#include "simclient.h"

#include <QProcess>
#include <QTest>

class TestSimProcess : public QObject {
    Q_OBJECT
private slots:
    void announcesPortAndServes();
    void badScenarioFails();
};

void TestSimProcess::announcesPortAndServes()
{
    QProcess sim;
    sim.start(QStringLiteral(HEADROOM_SIM_BINARY),
              {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--scenario"),
               QStringLiteral("healthy"), QStringLiteral("--speed"), QStringLiteral("10")});
    QVERIFY(sim.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(sim.canReadLine(), 10000);
    const QString line = QString::fromUtf8(sim.readLine()).trimmed();
    QVERIFY2(line.startsWith(QStringLiteral("listening on http://127.0.0.1:")), qPrintable(line));
    const QUrl url(line.mid(QStringLiteral("listening on ").size()));
    QVERIFY(url.port() > 0);

    headroom::test::SimClient client(url, QStringLiteral("sk-headroom-demo"));
    const auto reply = client.get(QStringLiteral("/health/readiness"));
    QCOMPARE(reply.status, 200);
    QVERIFY(headroom::parseReadiness(reply.view())->isReady());
    QCOMPARE(client.get(QStringLiteral("/model/info")).status, 200);

    sim.terminate();
    QVERIFY(sim.waitForFinished(10000));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
}

void TestSimProcess::badScenarioFails()
{
    QProcess sim;
    sim.start(QStringLiteral(HEADROOM_SIM_BINARY),
              {QStringLiteral("--scenario"), QStringLiteral("/no/such/file.yaml")});
    QVERIFY(sim.waitForFinished(10000));
    QCOMPARE(sim.exitCode(), 2);
    const QString error = QString::fromUtf8(sim.readAllStandardError());
    QVERIFY2(error.contains(QStringLiteral("/no/such/file.yaml")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSimProcess)
#include "tst_simprocess.moc"
