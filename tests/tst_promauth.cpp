// Prometheus credentials: the keychain's stored forms turned into an Authorization header, and
// anything else refused without repeating the secret.

#include "promauth.h"

#include <QTest>

class TestPromAuth : public QObject {
    Q_OBJECT
private slots:
    void secrets_data();
    void secrets();
    void account();
};

void TestPromAuth::secrets_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("header"); // empty: refused
    QTest::newRow("bearer") << headroom::app::bearerSecret(QStringLiteral("t0k"))
                            << QByteArray("Bearer t0k");
    // RFC 7617's example: Aladdin / open sesame.
    QTest::newRow("basic") << headroom::app::basicSecret(QStringLiteral("Aladdin"),
                                                         QStringLiteral("open sesame"))
                           << QByteArray("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    QTest::newRow("password with colons")
        << QStringLiteral("basic:u:a:b") << QByteArray("Basic ") + QByteArray("u:a:b").toBase64();
    QTest::newRow("empty token") << QStringLiteral("bearer:") << QByteArray();
    QTest::newRow("no user") << QStringLiteral("basic::pw") << QByteArray();
    QTest::newRow("bare token") << QStringLiteral("s3cret-value") << QByteArray();
}

void TestPromAuth::secrets()
{
    QFETCH(QString, secret);
    QFETCH(QByteArray, header);
    QString problem;
    const auto got = headroom::app::authorizationFromSecret(secret, &problem);
    if (header.isEmpty()) {
        QVERIFY(!got);
        QVERIFY(!problem.isEmpty());
        QVERIFY(!problem.contains(QStringLiteral("s3cret")));
        return;
    }
    QVERIFY(got);
    QCOMPARE(*got, header);
}

void TestPromAuth::account()
{
    QCOMPARE(headroom::app::prometheusKeychainAccount(
                 QUrl(QStringLiteral("https://user:pw@prom.example:9090/?x=1"))),
             QStringLiteral("prometheus:https://prom.example:9090"));
}

QTEST_GUILESS_MAIN(TestPromAuth)
#include "tst_promauth.moc"
