// ProxySource against proxies that misbehave: each case ends in a clear state with a reason,
// no crash and no sample made of garbage, and a timer on the event loop never stalls > 16 ms.

#include "hostileproxy.h"
#include "proxysource.h"

#include <ctime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::HostileProxy;
using headroom::test::ThreadedHostileProxy;

Q_DECLARE_METATYPE(PollOutcome::State)
Q_DECLARE_METATYPE(HostileProxy::Mode)

namespace {

// CPU time this thread has used, in ms.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
}

// Measures the longest stretch of work the event loop did between two ticks of a 2 ms timer:
// the longest the UI thread was busy elsewhere. It counts this thread's CPU time, so a thread
// merely descheduled by a loaded (or sanitised) machine is not taken for a stall; the wall-clock
// gap is reported beside it.
class StallMeter : public QObject {
public:
    StallMeter()
    {
        m_clock.start();
        m_lastWall = m_clock.elapsed();
        m_lastCpu = threadCpuMs();
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 wall = m_clock.elapsed();
            const double cpu = threadCpuMs();
            m_worstWall = std::max(m_worstWall, wall - m_lastWall);
            m_worstCpu = std::max(m_worstCpu, cpu - m_lastCpu);
            m_lastWall = wall;
            m_lastCpu = cpu;
        });
        m_timer.start(2);
    }
    double worstCpuMs() const { return m_worstCpu; }
    qint64 worstWallMs() const { return m_worstWall; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastWall = 0;
    double m_lastCpu = 0;
    qint64 m_worstWall = 0;
    double m_worstCpu = 0;
};

ProxySourceConfig hostileConfig(quint16 port)
{
    ProxySourceConfig config;
    config.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    config.key = QStringLiteral("sk-hostile-test");
    config.intervalMs = 60000;
    config.timeoutMs = 1500;
    config.maxBodyBytes = 4 * 1024 * 1024;
    return config;
}

} // namespace

class TestHostileProxy : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void hostile_data();
    void hostile();
    void metricsCutShort();
    void restartMidPoll();
    void cleanupTestCase();

private:
    double m_worstStallMs = 0;
    qint64 m_worstWallMs = 0;
};

void TestHostileProxy::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestHostileProxy::hostile_data()
{
    QTest::addColumn<HostileProxy::Mode>("mode");
    QTest::addColumn<PollOutcome::State>("state");
    QTest::addColumn<QString>("reason");

    using M = HostileProxy::Mode;
    using S = PollOutcome::State;
    QTest::newRow("never answers")
        << M::Silent << S::Unreachable << QStringLiteral("no complete answer within 1500 ms");
    QTest::newRow("1 byte per second")
        << M::Trickle << S::Unreachable << QStringLiteral("no complete answer");
    QTest::newRow("1 GB declared")
        << M::HugeDeclared << S::Garbled << QStringLiteral("over the 4194304-byte limit");
    QTest::newRow("endless body") << M::HugeUndeclared << S::Garbled
                                  << QStringLiteral("over the 4194304-byte limit");
    // Qt reads bytes that are not HTTP as a status line still to come; the peer then hangs up.
    QTest::newRow("not http") << M::NotHttp << S::Unreachable << QString();
    QTest::newRow("garbage body") << M::GarbageBody << S::Garbled << QStringLiteral("syntax error");
    QTest::newRow("truncated json")
        << M::TruncatedJson << S::Garbled << QStringLiteral("syntax error");
    QTest::newRow("html error page")
        << M::HtmlErrorPage << S::ServerError << QStringLiteral("HTML page");
    QTest::newRow("401") << M::Unauthorized << S::AuthRefused
                         << QStringLiteral("Invalid proxy server token");
    QTest::newRow("429 storm") << M::RateLimited << S::ServerError
                               << QStringLiteral("No deployments available");
    QTest::newRow("500 storm") << M::ServerError << S::ServerError
                               << QStringLiteral("Internal Server Error");
    QTest::newRow("redirect loop")
        << M::RedirectLoop << S::Unreachable << QStringLiteral("redirect loop");
    QTest::newRow("redirect away")
        << M::RedirectAway << S::Unreachable << QStringLiteral("another origin");
    QTest::newRow("dies mid-answer") << M::DieMidAnswer << S::Unreachable << QString();
    // The key it was sent comes back in the message: the outcome keeps the words, not the key
    // (checked for every row below).
    QTest::newRow("echoes the key")
        << M::EchoKey << S::AuthRefused << QStringLiteral("Received API Key = [redacted ");
    // Bodies that each parse, yet stop short of what the answer declared: never data.
    QTest::newRow("cut short, declared") << M::CutShortDeclared << S::Garbled
                                         << QStringLiteral("bytes arrived before the connection");
    // A chunked body closed before its last chunk is not asserted: Qt 6.4 reports it as
    // RemoteHostClosedError in most runs but now and then ends the reply without an error, and
    // with no declared length nothing else tells. A body cut mid-document still fails to parse.
}

void TestHostileProxy::hostile()
{
    QFETCH(HostileProxy::Mode, mode);
    QFETCH(PollOutcome::State, state);
    QFETCH(QString, reason);

    ThreadedHostileProxy proxy(mode);
    QVERIFY(proxy.listening());
    StallMeter stalls;
    ProxySource source(hostileConfig(proxy.port()));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.takeFirst().at(0).value<PollOutcome>();
    if (outcome.state != state) {
        qWarning("%s", qPrintable(outcome.summary(QStringLiteral("proxy"))));
    }
    QCOMPARE(outcome.state, state);
    QVERIFY2(outcome.reason.contains(reason, Qt::CaseInsensitive), qPrintable(outcome.reason));
    QVERIFY(!outcome.endpoint.isEmpty());
    QVERIFY(!outcome.reason.contains(QStringLiteral("sk-hostile-test")));
    QCOMPARE(samples.count(), 0);
    QCOMPARE(source.consecutiveFailures(), 1);
    // Never more than what the body limit allows was taken from a flooding proxy.
    if (mode == HostileProxy::Mode::HugeDeclared || mode == HostileProxy::Mode::HugeUndeclared) {
        QVERIFY(proxy.bytesSent() < (1LL << 30));
    }
    source.stop();
    // QNetworkAccessManager tears an aborted request down on its HTTP thread: let it finish
    // before the manager goes with the source, or LeakSanitizer now and then finds that
    // thread's objects at exit.
    QTest::qWait(50);
    m_worstStallMs = std::max(m_worstStallMs, stalls.worstCpuMs());
    m_worstWallMs = std::max(m_worstWallMs, stalls.worstWallMs());
    qInfo("longest event-loop stall so far: %.1f ms busy, %lld ms wall", m_worstStallMs,
          m_worstWallMs);
}

// Only /metrics is cut short: the poll is degraded, says which endpoint and how much arrived, and
// the sample carries nothing of the cut body (a counter that is really there but missing from a
// partial body would read as a reset).
void TestHostileProxy::metricsCutShort()
{
    ThreadedHostileProxy proxy(HostileProxy::Mode::CutShortMetricsOnly);
    QVERIFY(proxy.listening());
    ProxySource source(hostileConfig(proxy.port()));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.takeFirst().at(0).value<PollOutcome>();
    QCOMPARE(outcome.state, PollOutcome::State::Degraded);
    QCOMPARE(outcome.endpoint, QStringLiteral("/metrics"));
    QVERIFY2(outcome.reason.contains(QStringLiteral("of ")) &&
                 outcome.reason.contains(QStringLiteral("bytes arrived")),
             qPrintable(outcome.reason));
    QCOMPARE(samples.count(), 1);
    const auto sample = samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
    QVERIFY(sample);
    QVERIFY(!sample->metricsAvailable);
    QVERIFY(sample->deployment(QStringLiteral("a")) == nullptr);
    source.stop();
    QTest::qWait(50);
}

void TestHostileProxy::restartMidPoll()
{
    ThreadedHostileProxy dying(HostileProxy::Mode::DieMidAnswer);
    QVERIFY(dying.listening());
    const quint16 port = dying.port();
    StallMeter stalls;
    ProxySource source(hostileConfig(port));
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.takeFirst().at(0).value<PollOutcome>().state,
             PollOutcome::State::Unreachable);

    // The proxy comes back on the same port, now answering 500s: a different, clear state.
    dying.close();
    ThreadedHostileProxy back(HostileProxy::Mode::ServerError, port);
    QVERIFY(back.listening());
    source.pollNow();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.takeFirst().at(0).value<PollOutcome>().state,
             PollOutcome::State::ServerError);
    QCOMPARE(source.consecutiveFailures(), 2);
    m_worstStallMs = std::max(m_worstStallMs, stalls.worstCpuMs());
}

void TestHostileProxy::cleanupTestCase()
{
    QVERIFY2(m_worstStallMs <= 16,
             qPrintable(QStringLiteral("event loop busy for %1 ms at once").arg(m_worstStallMs)));
}

QTEST_GUILESS_MAIN(TestHostileProxy)
#include "tst_hostileproxy.moc"
