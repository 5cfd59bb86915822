// ProxySource against HTTPS proxies on loopback with certificates made at test time: a
// certificate the checks refuse is an error that says what was wrong and names --insecure, a
// stalled handshake times out, and --insecure accepts a self-signed certificate.

#include "hostileproxy.h"
#include "proxysource.h"
#include "testcertificates.h"

#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::Literals::StringLiterals;
using headroom::test::HostileProxy;
using headroom::test::TestCertificates;
using headroom::test::ThreadedHostileProxy;

Q_DECLARE_METATYPE(PollOutcome::State)

class TestTlsProxy : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void certificates_data();
    void certificates();
    void stalledHandshake();

private:
    std::unique_ptr<TestCertificates> m_certificates;
};

void TestTlsProxy::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->problem().isEmpty(), qPrintable(m_certificates->problem()));
    // The test CA is trusted from here on, as an operator's own CA would be: the expired and
    // the wrong-host certificates then fail for that reason alone, and the valid one passes.
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificate(m_certificates->certificate(u"ca"_s));
    QSslConfiguration::setDefaultConfiguration(config);
}

void TestTlsProxy::certificates_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QStringList>("reason");
    QTest::newRow("signed by a trusted CA") << u"valid"_s << false << true << QStringList();
    QTest::newRow("self-signed") << u"selfsigned"_s << false << false
                                 << QStringList{u"self-signed"_s, u"--insecure"_s};
    QTest::newRow("expired") << u"expired"_s << false << false
                             << QStringList{u"expired"_s, u"--insecure"_s};
    QTest::newRow("wrong host name")
        << u"wronghost"_s << false << false << QStringList{u"host name did not match"_s};
    QTest::newRow("self-signed, --insecure") << u"selfsigned"_s << true << true << QStringList();
}

void TestTlsProxy::certificates()
{
    QFETCH(QString, certificate);
    QFETCH(bool, insecure);
    QFETCH(bool, accepted);
    QFETCH(QStringList, reason);

    ThreadedHostileProxy proxy(HostileProxy::Mode::Fine, 0, m_certificates->server(certificate));
    QVERIFY(proxy.listening());
    ProxySourceConfig config;
    config.url = QUrl(u"https://127.0.0.1:%1"_s.arg(proxy.port()));
    config.key = u"sk-tls-test"_s;
    config.timeoutMs = 5000;
    config.insecureTls = insecure;
    ProxySource source(config);
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(15000));
    const auto outcome = finished.takeFirst().at(0).value<PollOutcome>();
    if (accepted) {
        QVERIFY2(outcome.hasSample(), qPrintable(outcome.summary(u"proxy"_s)));
        QCOMPARE(samples.count(), 1);
    } else {
        QCOMPARE(outcome.state, PollOutcome::State::Unreachable);
        for (const QString &words : reason) {
            QVERIFY2(outcome.reason.contains(words, Qt::CaseInsensitive),
                     qPrintable(outcome.reason));
        }
        qInfo("%s", qPrintable(outcome.reason));
        QVERIFY(!outcome.reason.contains(u"sk-tls-test"_s));
        QCOMPARE(samples.count(), 0);
    }
    source.stop();
    QTest::qWait(50);
}

// A server that takes the connection and never answers the TLS hello: the poll times out with
// the usual words, it does not hang.
void TestTlsProxy::stalledHandshake()
{
    ThreadedHostileProxy proxy(HostileProxy::Mode::Silent);
    QVERIFY(proxy.listening());
    ProxySourceConfig config;
    config.url = QUrl(u"https://127.0.0.1:%1"_s.arg(proxy.port()));
    config.timeoutMs = 1500;
    ProxySource source(config);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.takeFirst().at(0).value<PollOutcome>();
    QCOMPARE(outcome.state, PollOutcome::State::Unreachable);
    QVERIFY2(outcome.reason.contains(u"no complete answer within 1500 ms"_s),
             qPrintable(outcome.reason));
    source.stop();
    QTest::qWait(50);
}

QTEST_GUILESS_MAIN(TestTlsProxy)
#include "tst_tlsproxy.moc"
