// One fleet poll's answers judged: Prometheus down or slow, a query it timed out or refused over
// its sample limit, a partial answer, credentials refused, a gateway's HTML, matchers that find
// nothing, a replica that stopped: each said plainly, and a sample only where the numbers hold.

#include "fleetevaluation.h"

#include <QTest>

using headroom::PollOutcome;
using headroom::app::FetchResult;
using headroom::app::FleetPollInput;
using headroom::app::PromReply;
using headroom::prom::FleetQuery;

Q_DECLARE_METATYPE(PollOutcome::State)
Q_DECLARE_METATYPE(headroom::app::FetchResult)

namespace {

FetchResult answer(const QByteArray &body, int status = 200)
{
    FetchResult r;
    r.status = FetchResult::Status::Ok;
    r.httpStatus = status;
    r.body = body;
    r.contentType = QByteArrayLiteral("application/json");
    return r;
}

QByteArray vector(const QByteArray &result, const QByteArray &extra = {})
{
    return R"({"status":"success",)" + extra + R"("data":{"resultType":"vector","result":[)" +
           result + "]}}";
}

const QByteArray kCounters =
    R"({"metric":{"__name__":"litellm_proxy_total_requests_metric_total","requested_model":"g"},
        "value":[1,"90"]},
       {"metric":{"__name__":"litellm_deployment_success_responses_total","model_id":"d1",
        "litellm_model_name":"m","api_base":"b","requested_model":"g"},"value":[1,"80"]})";
const QByteArray kReplicas =
    R"({"metric":{"instance":"h:1"},"value":[1,"20"]},
       {"metric":{"instance":"h:2"},"value":[1,"20"]})";
const QByteArray kRates =
    R"({"metric":{"instance":"h:1"},"value":[1,"1.5"]},
       {"metric":{"instance":"h:2"},"value":[1,"1.5"]})";
const QByteArray kDiscovery =
    R"({"status":"success","data":[{"__name__":"litellm_deployment_state","instance":"h:1"},
        {"__name__":"litellm_deployment_state","instance":"h:2"}]})";

PromReply query(FleetQuery q, FetchResult r)
{
    PromReply reply;
    reply.kind = PromReply::Kind::Query;
    reply.query = q;
    reply.result = std::move(r);
    return reply;
}

// A healthy poll's answers; a row replaces one of them.
std::vector<PromReply> healthy()
{
    std::vector<PromReply> replies;
    replies.push_back(query(FleetQuery::Counters, answer(vector(kCounters))));
    replies.push_back(query(FleetQuery::Remaining, answer(vector({}))));
    replies.push_back(query(FleetQuery::LimitsAndState, answer(vector({}))));
    replies.push_back(query(FleetQuery::ReplicaSeries, answer(vector(kReplicas))));
    replies.push_back(query(FleetQuery::ReplicaRates, answer(vector(kRates))));
    PromReply discovery;
    discovery.kind = PromReply::Kind::Discovery;
    discovery.result = answer(kDiscovery);
    replies.push_back(discovery);
    return replies;
}

} // namespace

class TestFleetEvaluation : public QObject {
    Q_OBJECT
private slots:
    void outcomes_data();
    void outcomes();
    void healthyFleet();
    void noSeries();
};

void TestFleetEvaluation::outcomes_data()
{
    QTest::addColumn<int>("replace"); // index into healthy(); -1: none
    QTest::addColumn<FetchResult>("result");
    QTest::addColumn<PollOutcome::State>("state");
    QTest::addColumn<bool>("sample");
    QTest::addColumn<QString>("said");

    QTest::newRow("healthy") << -1 << FetchResult{} << PollOutcome::State::Ok << true << QString();
    FetchResult down;
    down.status = FetchResult::Status::Unreachable;
    down.errorText = QStringLiteral("connection refused");
    QTest::newRow("Prometheus down") << 0 << down << PollOutcome::State::Unreachable << false
                                     << QStringLiteral("Prometheus is unreachable");
    FetchResult slow;
    slow.status = FetchResult::Status::Timeout;
    slow.errorText = QStringLiteral("no answer within 10 s");
    QTest::newRow("no answer in time") << 0 << slow << PollOutcome::State::Unreachable << false
                                       << QStringLiteral("did not answer in time");
    QTest::newRow("query timed out")
        << 0
        << answer(
               R"({"status":"error","errorType":"timeout","error":"query timed out in query execution"})",
               503)
        << PollOutcome::State::ServerError << false << QStringLiteral("timed out the query");
    QTest::newRow("over the sample limit")
        << 0
        << answer(
               R"({"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"})",
               422)
        << PollOutcome::State::ServerError << false << QStringLiteral("sample limit");
    QTest::newRow("bad matchers")
        << 0 << answer(R"({"status":"error","errorType":"bad_data","error":"parse error"})", 400)
        << PollOutcome::State::ServerError << false << QStringLiteral("check the label matchers");
    QTest::newRow("credentials refused")
        << 0 << answer("Unauthorized", 401) << PollOutcome::State::AuthRefused << false
        << QStringLiteral("refused the credentials");
    FetchResult html = answer("<html><body>502 Bad Gateway</body></html>", 502);
    html.contentType = QByteArrayLiteral("text/html");
    QTest::newRow("a gateway's page") << 0 << html << PollOutcome::State::Garbled << false
                                      << QStringLiteral("not a Prometheus API answer");
    QTest::newRow("partial result")
        << 0 << answer(vector(kCounters, R"("warnings":["store 10.1.2.3 unavailable"],)"))
        << PollOutcome::State::Degraded << true
        << QStringLiteral("partial result, Prometheus warned: store 10.1.2.3 unavailable");
    QTest::newRow("remaining failed, counters stand")
        << 1 << answer(R"({"status":"error","errorType":"timeout","error":"timed out"})", 503)
        << PollOutcome::State::Degraded << true << QStringLiteral("the remaining-quota query");
    QTest::newRow("a replica stopped")
        << 3 << answer(vector(R"({"metric":{"instance":"h:1"},"value":[1,"20"]})"))
        << PollOutcome::State::Degraded << true
        << QStringLiteral("1 of 2 replicas stopped reporting: h:2");
}

void TestFleetEvaluation::outcomes()
{
    QFETCH(int, replace);
    QFETCH(FetchResult, result);
    QFETCH(PollOutcome::State, state);
    QFETCH(bool, sample);
    QFETCH(QString, said);
    FleetPollInput input;
    input.prometheus = QStringLiteral("http://prometheus:9090");
    input.queries.matchers = QStringLiteral(R"(job="litellm")");
    input.pollId = 7;
    input.prom = healthy();
    if (replace >= 0) {
        input.prom[std::size_t(replace)].result = result;
    }
    const auto out = headroom::app::evaluateFleetPoll(input);
    QCOMPARE(out.poll.outcome.state, state);
    QCOMPARE(out.poll.sample.has_value(), sample);
    QCOMPARE(out.poll.outcome.pollId, quint64(7));
    QVERIFY2(out.poll.outcome.reason.contains(said), qPrintable(out.poll.outcome.reason));
}

void TestFleetEvaluation::healthyFleet()
{
    FleetPollInput input;
    input.prometheus = QStringLiteral("http://prometheus:9090");
    input.queries.matchers = QStringLiteral(R"(job="litellm")");
    input.adminSource = QStringLiteral("metrics only");
    input.prom = healthy();
    const auto out = headroom::app::evaluateFleetPoll(input);
    QVERIFY(out.poll.sample);
    const auto &s = *out.poll.sample;
    QCOMPARE(s.proxy, QStringLiteral("http://prometheus:9090"));
    QCOMPARE(s.group(QStringLiteral("g"))->requestsTotal, std::optional<double>(90.0));
    QCOMPARE(s.deployment(QStringLiteral("d1"))->successTotal, std::optional<double>(80.0));
    QVERIFY(s.fleet);
    QCOMPARE(s.fleet->adminSource, QStringLiteral("metrics only"));
    QCOMPARE(s.fleet->replicas.size(), std::size_t(2));
    QCOMPARE(s.fleet->replicas[0].instance, QStringLiteral("h:1"));
    QCOMPARE(s.fleet->replicas[0].requestsPerSecond, std::optional<double>(1.5));
    QCOMPARE(s.fleet->replicas[0].series, std::size_t(20));
    QVERIFY(out.discovered);
    QCOMPARE(*out.discovered, (QStringList{QStringLiteral("h:1"), QStringLiteral("h:2")}));
}

// Matchers that find nothing: said with the matchers, no empty sample passed off as a fleet.
void TestFleetEvaluation::noSeries()
{
    FleetPollInput input;
    input.prometheus = QStringLiteral("http://prometheus:9090");
    input.queries.matchers = QStringLiteral(R"(job="litelm")");
    input.prom = healthy();
    for (PromReply &reply : input.prom) {
        reply.result = answer(reply.kind == PromReply::Kind::Discovery
                                  ? QByteArray(R"({"status":"success","data":[]})")
                                  : vector({}));
    }
    const auto out = headroom::app::evaluateFleetPoll(input);
    QCOMPARE(out.poll.outcome.state, PollOutcome::State::Garbled);
    QVERIFY(!out.poll.sample);
    QVERIFY2(out.poll.outcome.reason.contains(
                 QStringLiteral(R"(no LiteLLM series matching {job="litelm"})")),
             qPrintable(out.poll.outcome.reason));
}

QTEST_GUILESS_MAIN(TestFleetEvaluation)
#include "tst_fleetevaluation.moc"
