// ProxySource against proxies that misbehave: each case ends in a clear state with a reason,
// no crash and no sample made of garbage, and the event loop never busy for long at once.

#include "hostileproxy.h"
#include "proxysource.h"
#include "stallmeter.h"

#include <optional>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::HostileProxy;
using headroom::test::StallMeter;
using headroom::test::ThreadedHostileProxy;

Q_DECLARE_METATYPE(PollOutcome::State)
Q_DECLARE_METATYPE(HostileProxy::Mode)

namespace {

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
    void degraded_data();
    void degraded();
    void compressedAnswers_data();
    void compressedAnswers();
    void metricsCutShort();
    void restartMidPoll();
    void backoff();
    void retryAfterHonoured();
    void retryAfterParsed_data();
    void retryAfterParsed();
    void cleanupTestCase();
    void floodStopsAtLimit_data();
    void floodStopsAtLimit();

private:
    double m_worstStallMs = 0;
    qint64 m_worstWallMs = 0;
};

void TestHostileProxy::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
    HostileProxy::bombBody(true);
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
    QTest::newRow("slow-loris headers")
        << M::SlowHeaders << S::Unreachable << QStringLiteral("no complete answer within");
    QTest::newRow("endless headers") << M::HugeHeaders << S::Unreachable << QString();
    QTest::newRow("gzip bomb") << M::GzipBomb << S::Garbled
                               << QStringLiteral("over the 4194304-byte limit");
    QTest::newRow("deflate bomb") << M::DeflateBomb << S::Garbled
                                  << QStringLiteral("over the 4194304-byte limit");
    // Qt reads a chunk size that is no number as the last chunk: an empty body, refused as such.
    QTest::newRow("chunk size not hex")
        << M::ChunkedBadHex << S::Garbled << QStringLiteral("an empty body");
    QTest::newRow("chunk size 2^64")
        << M::ChunkedHuge << S::Garbled << QStringLiteral("an empty body");
    QTest::newRow("sign-in page") << M::HtmlLogin << S::Garbled
                                  << QStringLiteral("not a LiteLLM proxy");
    QTest::newRow("gzip cut short")
        << M::GzipCutShort << S::Garbled << QStringLiteral("stops before its end");
    QTest::newRow("100 Continue flood") << M::ContinueFlood << S::Unreachable << QString();
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

// One endpoint is hostile and the others are fine: the poll is degraded, names the endpoint
// and why, and the sample holds what the others gave.
void TestHostileProxy::degraded_data()
{
    QTest::addColumn<HostileProxy::Mode>("mode");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("reason");
    QTest::newRow("garbled /model_group/info")
        << HostileProxy::Mode::OneEndpointGarbage << QStringLiteral("/model_group/info")
        << QStringLiteral("garbled: ");
    // Every JSON endpoint answers a million levels of nesting; /metrics still gives data.
    QTest::newRow("JSON nesting bomb") << HostileProxy::Mode::JsonNestingBomb << QString()
                                       << QStringLiteral("nesting deeper than");
}

void TestHostileProxy::degraded()
{
    QFETCH(HostileProxy::Mode, mode);
    QFETCH(QString, endpoint);
    QFETCH(QString, reason);
    ThreadedHostileProxy proxy(mode);
    QVERIFY(proxy.listening());
    ProxySource source(hostileConfig(proxy.port()));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.takeFirst().at(0).value<PollOutcome>();
    QCOMPARE(outcome.state, PollOutcome::State::Degraded);
    if (!endpoint.isEmpty()) {
        QCOMPARE(outcome.endpoint, endpoint);
    }
    QVERIFY2(outcome.reason.contains(reason), qPrintable(outcome.reason));
    QCOMPARE(samples.count(), 1);
    const auto sample = samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
    QVERIFY(sample);
    QVERIFY(sample->metricsAvailable); // /metrics was fine in both
    QCOMPARE(source.consecutiveFailures(), 0);
    source.stop();
    QTest::qWait(50);
}

// Only /metrics is cut short: the poll is degraded, says which endpoint and how much arrived, and
// the sample carries nothing of the cut body (a counter that is really there but missing from a
// partial body would read as a reset).
// Compressed answers of a well-behaved proxy (prometheus_client gzips /metrics for a client
// that accepts it) are inflated and read like plain ones.
void TestHostileProxy::compressedAnswers_data()
{
    QTest::addColumn<HostileProxy::Mode>("mode");
    QTest::newRow("gzip") << HostileProxy::Mode::GzipFine;
    QTest::newRow("deflate") << HostileProxy::Mode::DeflateFine;
}

void TestHostileProxy::compressedAnswers()
{
    QFETCH(HostileProxy::Mode, mode);
    ThreadedHostileProxy proxy(mode);
    QVERIFY(proxy.listening());
    ProxySource source(hostileConfig(proxy.port()));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.takeFirst().at(0).value<PollOutcome>();
    QVERIFY2(outcome.state == PollOutcome::State::Ok || outcome.state == PollOutcome::State::Slow,
             qPrintable(outcome.summary(QStringLiteral("proxy"))));
    QCOMPARE(samples.count(), 1);
    const auto sample = samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
    QVERIFY(sample->metricsAvailable);
    QVERIFY(sample->deployment(QStringLiteral("a")) != nullptr);
    source.stop();
    QTest::qWait(50);
}

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

// A proxy answering 500 to every poll is asked less and less often: with a 100 ms interval, a
// poller without backoff would poll about 25 times in 2.5 s; doubling the wait after each
// failure (200, 400, 800, 1600 ms, ±20 %) leaves 4 or 5.
void TestHostileProxy::backoff()
{
    ThreadedHostileProxy proxy(HostileProxy::Mode::ServerError);
    QVERIFY(proxy.listening());
    ProxySourceConfig config = hostileConfig(proxy.port());
    config.intervalMs = 100;
    ProxySource source(config);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.start();
    QTest::qWait(2500);
    source.stop();
    QVERIFY2(finished.count() >= 3 && finished.count() <= 6,
             qPrintable(QStringLiteral("%1 polls in 2.5 s").arg(finished.count())));
    QCOMPARE(source.consecutiveFailures(), finished.count());
    QTest::qWait(50);
}

// A 429 with Retry-After: 2 holds the next poll back for 2 s, though the backoff alone would
// poll again after 200 ms and then 400 ms.
void TestHostileProxy::retryAfterHonoured()
{
    ThreadedHostileProxy proxy(HostileProxy::Mode::RetryAfter);
    QVERIFY(proxy.listening());
    ProxySourceConfig config = hostileConfig(proxy.port());
    config.intervalMs = 100;
    ProxySource source(config);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    QElapsedTimer clock;
    QList<qint64> at;
    connect(&source, &ProxySource::pollFinished, this, [&] { at << clock.elapsed(); });
    clock.start();
    source.start();
    QTest::qWait(3000);
    source.stop();
    QVERIFY(!finished.isEmpty());
    const auto outcome = finished.first().at(0).value<PollOutcome>();
    QCOMPARE(outcome.state, PollOutcome::State::ServerError);
    QCOMPARE(outcome.retryAfterMs, 2000);
    QVERIFY2(outcome.notes.join(u' ').contains(QStringLiteral("Retry-After")),
             qPrintable(outcome.notes.join(u' ')));
    QVERIFY2(at.size() == 2, qPrintable(QStringLiteral("%1 polls in 3 s").arg(at.size())));
    QVERIFY2(at[1] - at[0] >= 1900, qPrintable(QStringLiteral("%1 ms apart").arg(at[1] - at[0])));
    QTest::qWait(50);
}

void TestHostileProxy::retryAfterParsed_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");
    // now: Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example date).
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("spaces") << QByteArray(" 7 ") << qint64(7000);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("words") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("more than a day") << QByteArray("99999999999") << qint64(86400000);
    QTest::newRow("date 10 s ahead")
        << QByteArray("Sun, 06 Nov 1994 08:49:47 GMT") << qint64(10000);
    QTest::newRow("date in the past") << QByteArray("Sun, 06 Nov 1994 08:00:00 GMT") << qint64(0);
    QTest::newRow("date without GMT") << QByteArray("Sun, 06 Nov 1994 08:49:47") << qint64(-1);
    QTest::newRow("not a date") << QByteArray("Sun, 99 Nov 1994 08:49:47 GMT") << qint64(-1);
}

void TestHostileProxy::retryAfterParsed()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const qint64 now = QDateTime(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(parseRetryAfter(value, now), expected);
}

// The stall figure itself is a benchmark's (bench/README.md); what must never happen here is a
// UI thread busy for a large part of a second with a hostile proxy.
void TestHostileProxy::cleanupTestCase()
{
    QVERIFY2(m_worstStallMs <= 250,
             qPrintable(QStringLiteral("event loop busy for %1 ms at once").arg(m_worstStallMs)));
}

// What the client took from a flooding or inflating peer, against the limit: the transfer stops
// within one read (the reply's 256 KiB read buffer) past it, whatever the peer goes on sending.
void TestHostileProxy::floodStopsAtLimit_data()
{
    QTest::addColumn<HostileProxy::Mode>("mode");
    QTest::newRow("endless body") << HostileProxy::Mode::HugeUndeclared;
    QTest::newRow("gzip bomb") << HostileProxy::Mode::GzipBomb;
    QTest::newRow("deflate bomb") << HostileProxy::Mode::DeflateBomb;
}

void TestHostileProxy::floodStopsAtLimit()
{
    QFETCH(HostileProxy::Mode, mode);
    ThreadedHostileProxy proxy(mode);
    QVERIFY(proxy.listening());
    NetworkService network;
    FetchRequest request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(proxy.port()));
    request.timeoutMs = 10000;
    request.maxBytes = 4 * 1024 * 1024;
    std::optional<FetchResult> result;
    network.get(request, [&result](FetchResult r) { result = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
    QCOMPARE(result->status, FetchResult::Status::TooLarge);
    QVERIFY(result->body.isEmpty());
    QVERIFY2(result->bytesReceived > request.maxBytes &&
                 result->bytesReceived <= request.maxBytes + 256 * 1024,
             qPrintable(QStringLiteral("%1 bytes taken").arg(result->bytesReceived)));
    QTest::qWait(50);
}

QTEST_GUILESS_MAIN(TestHostileProxy)
#include "tst_hostileproxy.moc"
