// evaluatePoll on hand-made answers (real LiteLLM bodies from tests/data/litellm where the answer
// is good): which state a poll ends in, which endpoint it names and why, whether a sample is
// made, and the advice it gives. The classification is the one the README documents.

#include "pollevaluation.h"
#include "samples.h"

#include <QTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(PollOutcome::State)

namespace {

// What one endpoint answers, in a few words: "good", "slow" (good, in 2.5 s), "500", "401",
// "429 retry 5" (with Retry-After: 5 s), "404", "timeout", "refused", "garbage", "html",
// "empty".
EndpointReply answer(const QString &endpoint, const QString &how)
{
    EndpointReply reply{endpoint, {}};
    FetchResult &r = reply.result;
    r.status = FetchResult::Status::Ok;
    r.httpStatus = 200;
    r.elapsedMs = 40;
    r.contentType = endpoint == u"/metrics" ? "text/plain; version=0.0.4" : "application/json";
    if (how == u"good" || how == u"slow") {
        r.body = endpoint == u"/metrics"
                     ? test::readSample(u"metrics_remaining_tokens_pr5924.txt"_s)
                 : endpoint == u"/health/readiness"
                     ? test::readSample(u"health_readiness_response.json"_s)
                 : endpoint == u"/model/info" ? test::readSample(u"model_info_response.json"_s)
                                              : QByteArray(R"({"data": []})");
        r.elapsedMs = how == u"slow" ? 2500 : 40;
    } else if (how == u"500" || how == u"401" || how.startsWith(u"429")) {
        r.httpStatus = how.left(3).toInt();
        r.body =
            R"({"error": {"message": "refused here", "type": "None", "param": "None", "code": ")" +
            how.left(3).toUtf8() + "\"}}";
        if (how.startsWith(u"429 retry")) {
            r.retryAfterMs = how.section(u' ', 2).toLongLong() * 1000;
        }
    } else if (how == u"404") {
        r.httpStatus = 404;
        r.body = R"({"detail": "Not Found"})";
    } else if (how == u"timeout") {
        r.status = FetchResult::Status::Timeout;
        r.httpStatus = 0;
        r.errorText = u"no complete answer within 5000 ms"_s;
    } else if (how == u"refused") {
        r.status = FetchResult::Status::Unreachable;
        r.httpStatus = 0;
        r.errorText = u"Connection refused"_s;
    } else if (how == u"garbage") {
        r.body = "<<<\x01 ?? }{";
    } else if (how == u"html") {
        r.contentType = "text/html; charset=utf-8";
        r.body = "<!DOCTYPE html><html><body>Sign in</body></html>";
    } else if (how == u"empty") {
        r.body.clear();
    }
    return reply;
}

const QStringList kEndpoints = {u"/metrics"_s, u"/health/readiness"_s, u"/model_group/info"_s,
                                u"/model/info"_s};

// "good" for every endpoint except those named in `except` ("endpoint=how").
PollInput poll(const QString &everyOther, const QStringList &except = {})
{
    PollInput input;
    input.proxy = u"http://proxy:4000"_s;
    input.pollId = 7;
    input.timeMs = 1'700'000'000'000;
    input.slowMs = 2000;
    for (const QString &endpoint : kEndpoints) {
        QString how = everyOther;
        for (const QString &e : except) {
            if (e.section(u'=', 0, 0) == endpoint) {
                how = e.section(u'=', 1);
            }
        }
        input.replies.push_back(answer(endpoint, how));
    }
    return input;
}

} // namespace

class TestPollEvaluation : public QObject {
    Q_OBJECT
private slots:
    void classify_data();
    void classify();
};

void TestPollEvaluation::classify_data()
{
    QTest::addColumn<QString>("everyOther");
    QTest::addColumn<QStringList>("except");
    QTest::addColumn<PollOutcome::State>("state");
    QTest::addColumn<QString>("endpoint"); // empty: not checked
    QTest::addColumn<QString>("reason");   // words the reason holds
    QTest::addColumn<bool>("sample");
    QTest::addColumn<QString>("note"); // words one note holds; empty: none expected

    using S = PollOutcome::State;
    QTest::newRow("all good") << u"good"_s << QStringList() << S::Ok << QString() << QString()
                              << true << QString();
    QTest::newRow("one slow endpoint")
        << u"good"_s << QStringList{u"/model/info=slow"_s} << S::Slow << QString()
        << u"answered in 2500 ms"_s << true << QString();
    QTest::newRow("one endpoint 500")
        << u"good"_s << QStringList{u"/model_group/info=500"_s} << S::Degraded
        << u"/model_group/info"_s << u"error status: refused here"_s << true << QString();
    QTest::newRow("one endpoint timed out")
        << u"good"_s << QStringList{u"/health/readiness=timeout"_s} << S::Degraded
        << u"/health/readiness"_s << u"unreachable: no complete answer"_s << true << QString();
    QTest::newRow("metrics garbled")
        << u"good"_s << QStringList{u"/metrics=garbage"_s} << S::Degraded << u"/metrics"_s
        << u"garbled: "_s << true << QString();
    QTest::newRow("a sign-in page for model info")
        << u"good"_s << QStringList{u"/model/info=html"_s} << S::Degraded << u"/model/info"_s
        << u"not a LiteLLM proxy"_s << true << QString();
    QTest::newRow("no /metrics") << u"good"_s << QStringList{u"/metrics=404"_s} << S::Ok
                                 << QString() << QString() << true
                                 << u"Enable LiteLLM's Prometheus callback"_s;
    QTest::newRow("key refused") << u"401"_s << QStringList() << S::AuthRefused << QString()
                                 << u"refused here"_s << false << QString();
    QTest::newRow("key refused by one endpoint")
        << u"good"_s << QStringList{u"/model/info=401"_s} << S::AuthRefused << u"/model/info"_s
        << u"refused here"_s << false << QString();
    QTest::newRow("nothing answers") << u"refused"_s << QStringList() << S::Unreachable << QString()
                                     << u"Connection refused"_s << false << QString();
    QTest::newRow("all 500") << u"500"_s << QStringList() << S::ServerError << QString()
                             << u"refused here"_s << false << QString();
    QTest::newRow("429 with Retry-After")
        << u"429 retry 5"_s << QStringList() << S::ServerError << QString() << u"refused here"_s
        << false << u"Retry-After"_s;
    QTest::newRow("all garbage") << u"garbage"_s << QStringList() << S::Garbled << QString()
                                 << QString() << false << QString();
    QTest::newRow("all empty") << u"empty"_s << QStringList() << S::Garbled << QString()
                               << u"an empty body"_s << false << QString();
}

void TestPollEvaluation::classify()
{
    QFETCH(QString, everyOther);
    QFETCH(QStringList, except);
    QFETCH(PollOutcome::State, state);
    QFETCH(QString, endpoint);
    QFETCH(QString, reason);
    QFETCH(bool, sample);
    QFETCH(QString, note);

    const PollResult result = evaluatePoll(poll(everyOther, except));
    const PollOutcome &outcome = result.outcome;
    QVERIFY2(outcome.state == state, qPrintable(outcome.summary(u"proxy"_s)));
    QCOMPARE(outcome.pollId, quint64(7));
    if (!endpoint.isEmpty()) {
        QCOMPARE(outcome.endpoint, endpoint);
    }
    QVERIFY2(outcome.reason.contains(reason), qPrintable(outcome.reason));
    QCOMPARE(result.sample.has_value(), sample);
    if (sample) {
        QCOMPARE(result.sample->pollId, quint64(7));
        QCOMPARE(result.sample->proxy, u"http://proxy:4000"_s);
    }
    if (!note.isEmpty()) {
        QVERIFY2(outcome.notes.join(u' ').contains(note), qPrintable(outcome.notes.join(u'|')));
    }
    if (everyOther.startsWith(u"429 retry")) {
        QCOMPARE(outcome.retryAfterMs, qint64(5000));
    } else {
        QCOMPARE(outcome.retryAfterMs, qint64(-1));
    }
}

QTEST_APPLESS_MAIN(TestPollEvaluation)
#include "tst_pollevaluation.moc"
