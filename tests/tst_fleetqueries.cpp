// The fleet's PromQL (which aggregation for which family, both namings, the matchers) and the
// aggregated answers written back as a LiteLLM exposition the single-proxy parser reads.

#include "prom/fleetqueries.h"
#include "prom/litellmmetrics.h"

#include <QTest>

using headroom::prom::FleetQuery;

class TestFleetQueries : public QObject {
    Q_OBJECT
private slots:
    void matchers_data();
    void matchers();
    void queries();
    void expositionRoundTrip();
    void expositionByTime();
};

void TestFleetQueries::matchers_data()
{
    QTest::addColumn<QString>("matchers");
    QTest::addColumn<bool>("ok");
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("job") << QStringLiteral(R"(job="litellm")") << true;
    QTest::newRow("two, spaces") << QStringLiteral(R"( job = "litellm" , namespace=~"prod.*" )")
                                 << true;
    QTest::newRow("negations") << QStringLiteral(R"(env!="dev",pod!~"canary-.*")") << true;
    QTest::newRow("escaped quote") << QStringLiteral(R"(team="a\"b")") << true;
    QTest::newRow("trailing comma") << QStringLiteral(R"(job="litellm",)") << true;
    QTest::newRow("unquoted") << QStringLiteral("job=litellm") << false;
    QTest::newRow("brace injection")
        << QStringLiteral(R"(job="x"}) or vector(1) or ({a="b")") << false;
    QTest::newRow("bad name") << QStringLiteral(R"(1job="x")") << false;
    QTest::newRow("no comma") << QStringLiteral(R"(a="x" b="y")") << false;
    QTest::newRow("unterminated") << QStringLiteral(R"(a="x)") << false;
    QTest::newRow("newline in value") << QStringLiteral("a=\"x\ny\"") << false;
}

void TestFleetQueries::matchers()
{
    QFETCH(QString, matchers);
    QFETCH(bool, ok);
    const QString problem = headroom::prom::checkMatchers(matchers);
    QVERIFY2(problem.isEmpty() == ok, qPrintable(problem));
}

void TestFleetQueries::queries()
{
    headroom::prom::FleetQueryOptions options;
    QVERIFY(headroom::prom::discoverySelector(options).contains(
        QStringLiteral("litellm_proxy_total_requests_metric_total")));
    options.matchers = QStringLiteral(R"(job="litellm")");
    options.rateWindowSeconds = 30;
    const QString counters = fleetQuery(FleetQuery::Counters, options);
    QVERIFY(counters.startsWith(QStringLiteral("sum by (__name__, ")));
    QVERIFY(counters.contains(QStringLiteral("litellm_deployment_success_responses_total")));
    QVERIFY(counters.contains(QStringLiteral("litellm_total_tokens_metric_total")));
    QVERIFY(counters.contains(QStringLiteral("litellm_total_tokens_total"))); // pre-2026
    QVERIFY(counters.contains(QStringLiteral(R"(, job="litellm"})")));
    QVERIFY(!counters.contains(QStringLiteral("remaining")));
    const QString remaining = fleetQuery(FleetQuery::Remaining, options);
    QVERIFY(remaining.startsWith(QStringLiteral("min by (__name__, ")));
    QVERIFY(remaining.contains(QStringLiteral("litellm_remaining_requests_metric")));
    QVERIFY(remaining.contains(QStringLiteral("litellm_remaining_requests|"))); // pre-2026
    QVERIFY(fleetQuery(FleetQuery::LimitsAndState, options).startsWith(QStringLiteral("max by")));
    QVERIFY(fleetQuery(FleetQuery::ReplicaRates, options).endsWith(QStringLiteral("}[30s]))")));
    QVERIFY(fleetQuery(FleetQuery::ReplicaSeries, options)
                .startsWith(QStringLiteral("count by (instance)")));
    QCOMPARE(headroom::prom::discoverySelector(options), QStringLiteral(R"(up{job="litellm"})"));
    options.replicaLabel = QStringLiteral("pod");
    QVERIFY(fleetQuery(FleetQuery::ReplicaSeries, options)
                .startsWith(QStringLiteral("count by (pod)")));
    options.replicaLabel = QStringLiteral("pod) or (x");
    QVERIFY(fleetQuery(FleetQuery::ReplicaSeries, options)
                .startsWith(QStringLiteral("count by (instance)")));
}

namespace {

headroom::prom::ApiAnswer vector(const char *body)
{
    auto parsed = headroom::prom::parseApiAnswer(body, headroom::prom::ApiEndpoint::Query);
    return parsed ? std::move(parsed).value() : headroom::prom::ApiAnswer{};
}

} // namespace

// Aggregated series in, LiteLLM's typed metrics out: the sums land where the parser puts a
// single proxy's, odd label values survive escaping, and non-LiteLLM series are left out.
void TestFleetQueries::expositionRoundTrip()
{
    const auto counters = vector(R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"__name__":"litellm_deployment_success_responses_total","model_id":"d1",
                 "litellm_model_name":"gpt-4o","api_base":"https://x","requested_model":"g\"1\\"},
       "value":[1,"30"]},
      {"metric":{"__name__":"litellm_proxy_total_requests_metric_total","requested_model":"g\"1\\"},
       "value":[1,"45"]},
      {"metric":{"__name__":"litellm_proxy_failed_requests_metric_total","requested_model":"g\"1\\",
                 "exception_status":"429"},"value":[1,"5"]},
      {"metric":{"__name__":"litellm_deployment_successful_fallbacks_total",
                 "requested_model":"a","fallback_model":"b"},"value":[1,"7"]},
      {"metric":{"__name__":"node_cpu_seconds_total"},"value":[1,"1"]}]}})");
    const auto remaining = vector(R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"__name__":"litellm_remaining_requests_metric","model_id":"d1",
                 "litellm_model_name":"gpt-4o","api_base":"https://x","model_group":"g\"1\\"},
       "value":[1,"12"]}]}})");
    const auto exposition = headroom::prom::fleetExposition({&counters, &remaining});
    QCOMPARE(exposition.series, std::size_t(5));
    QCOMPARE(exposition.skipped, std::size_t(1));
    const auto metrics = headroom::parseLiteLlmMetrics(
        {exposition.text.constData(), std::size_t(exposition.text.size())});
    QVERIFY2(metrics, qPrintable(metrics ? QString() : metrics.error().toString()));
    const QString group = QStringLiteral("g\"1\\");
    const auto *d = metrics->deployment(QStringLiteral("d1"));
    QVERIFY(d);
    QCOMPARE(d->successTotal, 30.0);
    QCOMPARE(d->remainingRequests, std::optional<double>(12.0));
    QCOMPARE(d->group, group);
    const auto *g = metrics->group(group);
    QVERIFY(g);
    QCOMPARE(g->proxyRequestsTotal, 45.0);
    QCOMPARE(g->proxyRateLimitedTotal, 5.0);
    QCOMPARE(metrics->fallback(QStringLiteral("a"), QStringLiteral("b"))->successTotal, 7.0);
    QCOMPARE(metrics->naming, headroom::MetricNaming::Current);
}

void TestFleetQueries::expositionByTime()
{
    auto parsed = headroom::prom::parseApiAnswer(
        R"({"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"litellm_proxy_total_requests_metric_total","requested_model":"g"},
           "values":[[100,"1"],[115,"4"],[130,"9"]]},
          {"metric":{"__name__":"litellm_proxy_total_requests_metric_total","requested_model":"h"},
           "values":[[115,"2"]]}]}})",
        headroom::prom::ApiEndpoint::QueryRange);
    QVERIFY(parsed);
    const auto byTime = headroom::prom::fleetExpositionsByTime({&parsed.value()});
    QCOMPARE(byTime.size(), std::size_t(3));
    QCOMPARE(byTime.begin()->first, qint64(100000));
    QCOMPARE(byTime.at(115000).series, std::size_t(2));
    const auto last = headroom::parseLiteLlmMetrics(
        {byTime.at(130000).text.constData(), std::size_t(byTime.at(130000).text.size())});
    QVERIFY(last);
    QCOMPARE(last->group(QStringLiteral("g"))->proxyRequestsTotal, 9.0);
    QVERIFY(last->group(QStringLiteral("h")) == nullptr);
}

QTEST_GUILESS_MAIN(TestFleetQueries)
#include "tst_fleetqueries.moc"
