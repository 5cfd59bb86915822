// LiteLLM's /metrics as typed values: real samples and the documented label sets.

#include "prom/litellmmetrics.h"
#include "samples.h"

#include <QTest>

using namespace headroom;

Q_DECLARE_METATYPE(headroom::MetricNaming)

namespace {
std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// Label sets as litellm/integrations/prometheus.py writes them (sorted, "None" when unset; see
// docs/litellm-api.md §5). Kept in a data file: moc reads "# …" lines as preprocessor directives.
QByteArray readCurrentExposition()
{
    QFile file(QStringLiteral(HEADROOM_TESTDATA_DIR "/metrics/litellm_current_names.txt"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestLiteLlmMetrics : public QObject {
    Q_OBJECT
private slots:
    void cooledDownSample();
    void legacyRemainingTokensSample();
    void rawExpositionSample();
    void failureSampleWithoutValueIsAnError();
    void currentExposition();
    void naming_data();
    void naming();
    void premiumGate();
    void escapedLabelValues();
    void implausibleValues_data();
    void implausibleValues();
    void duplicateSeries();
};

void TestLiteLlmMetrics::cooledDownSample()
{
    const auto metrics = parseLiteLlmMetrics(
        view(test::readSample(QStringLiteral("metrics_deployment_cooled_down_pr5705.txt"))));
    QVERIFY2(metrics.ok(), qPrintable(metrics.ok() ? QString() : metrics.error().toString()));
    QCOMPARE(metrics->deployments.size(), std::size_t(2));
    const auto *a = metrics->deployment(
        QStringLiteral("4bf8decd1e2000a9d0c745ccc0a8bf651b84a7f6381001c0f7752535007915af"));
    const auto *b = metrics->deployment(
        QStringLiteral("678352e38b5e529abc2aa3d947d135cb5e42642c6b314506456a46b1381b9909"));
    QVERIFY(a && b);
    QCOMPARE(a->cooledDownTotal, 35.0);
    QCOMPARE(b->cooledDownTotal, 33.0);
    QCOMPARE(a->apiProvider, QStringLiteral("vertex_ai"));
    QCOMPARE(a->litellmModelName, QStringLiteral("gemini-vision"));
    QVERIFY(a->apiBase.startsWith(
        QStringLiteral("https://exampleopenaiendpoint-production-c715.up.railway.app/")));
    // litellm_deployment_cooled_down_total has kept its name: the build cannot be told.
    QCOMPARE(metrics->naming, MetricNaming::Unversioned);
}

void TestLiteLlmMetrics::legacyRemainingTokensSample()
{
    const auto metrics = parseLiteLlmMetrics(
        view(test::readSample(QStringLiteral("metrics_remaining_tokens_pr5924.txt"))));
    QVERIFY2(metrics.ok(), qPrintable(metrics.ok() ? QString() : metrics.error().toString()));
    QCOMPARE(metrics->naming, MetricNaming::Legacy);
    QCOMPARE(metrics->deployments.size(), std::size_t(1));
    const DeploymentMetrics &d = metrics->deployments.front();
    // No model_id label in that build: keyed by model name and api_base.
    QCOMPARE(d.key, QStringLiteral("gpt-3.5-turbo@https://api.openai.com/v1/"));
    QVERIFY(d.modelId.isEmpty());
    QCOMPARE(d.group, QStringLiteral("gpt-3.5-turbo"));
    QCOMPARE(d.remainingTokens.value_or(-1), 999977.0);
    QVERIFY(!d.remainingRequests);
    const auto *g = metrics->group(QStringLiteral("gpt-3.5-turbo"));
    QVERIFY(g);
    QCOMPARE(g->remainingTokens.value_or(-1), 999977.0);
}

void TestLiteLlmMetrics::rawExpositionSample()
{
    const auto metrics = parseLiteLlmMetrics(
        view(test::readSample(QStringLiteral("metrics_raw_exposition_pr27660.txt"))));
    QVERIFY(metrics.ok());
    QCOMPARE(metrics->samplesRead, std::size_t(1));
    QCOMPARE(metrics->samplesUsed, std::size_t(0));
    QCOMPARE(metrics->naming, MetricNaming::None);
    QVERIFY(metrics->deployments.empty());
}

void TestLiteLlmMetrics::failureSampleWithoutValueIsAnError()
{
    const auto metrics = parseLiteLlmMetrics(
        view(test::readSample(QStringLiteral("metrics_deployment_failure_responses_pr5967.txt"))));
    QVERIFY(!metrics.ok());
    QCOMPARE(metrics.error().kind, ParseError::Kind::Syntax);
    QVERIFY(metrics.error().line >= 12);
}

void TestLiteLlmMetrics::currentExposition()
{
    const QByteArray text = readCurrentExposition();
    QVERIFY(!text.isEmpty());
    const auto metrics = parseLiteLlmMetrics(view(text));
    QVERIFY2(metrics.ok(), qPrintable(metrics.ok() ? QString() : metrics.error().toString()));
    QCOMPARE(metrics->naming, MetricNaming::Current);

    const auto *eu = metrics->deployment(QStringLiteral("dep-eu"));
    QVERIFY(eu);
    QCOMPARE(eu->group, QStringLiteral("gpt-4o"));
    QCOMPARE(eu->remainingRequests.value_or(-1), 80.0); // lowest of the per-key series
    QCOMPARE(eu->remainingTokens.value_or(-1), 45000.0);
    QCOMPARE(eu->rpmLimit.value_or(-1), 600.0);
    QCOMPARE(eu->tpmLimit.value_or(-1), 90000.0);
    QCOMPARE(eu->state.value_or(-1), 1);
    QCOMPARE(eu->successTotal, 1500.0);
    QCOMPARE(eu->failureTotal, 42.0);
    QCOMPARE(eu->rateLimitedTotal, 40.0);
    QCOMPARE(eu->cooledDownTotal, 3.0);
    QCOMPARE(eu->totalTokens, 777000.0);
    QCOMPARE(eu->apiProvider, QStringLiteral("azure"));

    const auto *us = metrics->deployment(QStringLiteral("dep-us"));
    QVERIFY(us);
    QCOMPARE(us->remainingRequests.value_or(-1), 300.0);
    QVERIFY(!us->remainingTokens);

    const auto *group = metrics->group(QStringLiteral("gpt-4o"));
    QVERIFY(group);
    QCOMPARE(group->remainingRequests.value_or(-1), 80.0);
    QCOMPARE(group->routerRejectsTotal, 17.0);
    QCOMPARE(group->proxyRequestsTotal, 1490.0);
    QCOMPARE(group->proxyFailedTotal, 15.0);
    QCOMPARE(group->proxyRateLimitedTotal, 12.0);

    QCOMPARE(metrics->fallbacks.size(), std::size_t(2));
    const auto *mini = metrics->fallback(QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini"));
    QVERIFY(mini);
    QCOMPARE(mini->successTotal, 30.0);
    QCOMPARE(mini->failedTotal, 0.0);
    const auto *claude = metrics->fallback(QStringLiteral("gpt-4o"), QStringLiteral("claude"));
    QVERIFY(claude);
    QCOMPARE(claude->failedTotal, 4.0);
    // The router-side reject has no deployment labels: no phantom deployment from it.
    QCOMPARE(metrics->deployments.size(), std::size_t(2));
}

void TestLiteLlmMetrics::naming_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<MetricNaming>("naming");
    QTest::newRow("none") << QByteArray("process_cpu_seconds_total 1.5\n") << MetricNaming::None;
    QTest::newRow("current") << QByteArray("litellm_remaining_requests_metric{model_id=\"a\"} 1\n")
                             << MetricNaming::Current;
    QTest::newRow("legacy") << QByteArray("litellm_remaining_requests{model_id=\"a\"} 1\n")
                            << MetricNaming::Legacy;
    QTest::newRow("unversioned") << QByteArray("litellm_deployment_state{model_id=\"a\"} 0\n")
                                 << MetricNaming::Unversioned;
    QTest::newRow("mixed") << QByteArray("litellm_remaining_requests{model_id=\"a\"} 1\n"
                                         "litellm_remaining_tokens_metric{model_id=\"a\"} 5\n")
                           << MetricNaming::Mixed;
}

void TestLiteLlmMetrics::naming()
{
    QFETCH(QByteArray, text);
    QFETCH(MetricNaming, naming);
    const auto metrics = parseLiteLlmMetrics(view(text));
    QVERIFY(metrics.ok());
    QCOMPARE(metrics->naming, naming);
}

void TestLiteLlmMetrics::premiumGate()
{
    const auto metrics =
        parseLiteLlmMetrics(view(QByteArray("# TYPE litellm_not_a_premium_user_metric "
                                            "gauge\nlitellm_not_a_premium_user_metric 1.0\n")));
    QVERIFY(metrics.ok());
    QVERIFY(metrics->premiumGated);
    QCOMPARE(metrics->naming, MetricNaming::None);
}

void TestLiteLlmMetrics::escapedLabelValues()
{
    const auto metrics = parseLiteLlmMetrics(view(QByteArray(
        R"(litellm_deployment_successful_fallbacks_total{fallback_model="b\"x",requested_model="a\\y"} 2)"
        "\n")));
    QVERIFY(metrics.ok());
    QVERIFY(metrics->fallback(QStringLiteral("a\\y"), QStringLiteral("b\"x")));
}

namespace {
const char *kDeployment = R"({api_base="https://a.example",api_provider="openai",)"
                          R"(litellm_model_name="openai/gpt-4o",model_id="d1"})";

QByteArray line(const char *name, const char *value)
{
    return QByteArray(name) + kDeployment + ' ' + value + '\n';
}
} // namespace

// A value that cannot be what its metric means is dropped and counted, and the good lines of
// the same body still count.
void TestLiteLlmMetrics::implausibleValues_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::newRow("NaN counter") << line("litellm_deployment_success_responses_total", "NaN");
    QTest::newRow("+Inf counter") << line("litellm_deployment_success_responses_total", "+Inf");
    QTest::newRow("negative counter") << line("litellm_deployment_success_responses_total", "-3");
    QTest::newRow("negative remaining") << line("litellm_remaining_requests_metric", "-1");
    QTest::newRow("-Inf remaining") << line("litellm_remaining_requests_metric", "-Inf");
    QTest::newRow("zero rpm limit") << line("litellm_deployment_rpm_limit", "0");
    QTest::newRow("NaN tpm limit") << line("litellm_deployment_tpm_limit", "NaN");
    QTest::newRow("state 7") << line("litellm_deployment_state", "7");
    QTest::newRow("state 0.5") << line("litellm_deployment_state", "0.5");
}

void TestLiteLlmMetrics::implausibleValues()
{
    QFETCH(QByteArray, bad);
    const QByteArray good = line("litellm_deployment_success_responses_total", "40") +
                            line("litellm_remaining_requests_metric", "12") +
                            line("litellm_deployment_rpm_limit", "600") +
                            line("litellm_deployment_state", "1");
    const QByteArray body = good + bad;
    const auto parsed = parseLiteLlmMetrics(view(body));
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(parsed->samplesRejected, std::size_t(1));
    QCOMPARE(parsed->samplesUsed, std::size_t(4));
    const DeploymentMetrics *d = parsed->deployment(QStringLiteral("d1"));
    QVERIFY(d);
    QCOMPARE(d->successTotal, 40.0);
    QCOMPARE(d->remainingRequests, std::optional<double>(12.0));
    QCOMPARE(d->rpmLimit, std::optional<double>(600.0));
    QCOMPARE(d->state, std::optional<int>(1));
}

// The same series twice is counted once; the same name with another label set still adds up.
void TestLiteLlmMetrics::duplicateSeries()
{
    const QByteArray reordered =
        "litellm_deployment_success_responses_total{model_id=\"d1\",litellm_model_name="
        "\"openai/gpt-4o\",api_provider=\"openai\",api_base=\"https://a.example\"} 99\n";
    const QByteArray otherKey =
        "litellm_deployment_success_responses_total{api_base=\"https://a.example\",api_provider="
        "\"openai\",hashed_api_key=\"k2\",litellm_model_name=\"openai/gpt-4o\",model_id="
        "\"d1\"} 5\n";
    const QByteArray body = line("litellm_deployment_success_responses_total", "40") +
                            line("litellm_deployment_success_responses_total", "40") + reordered +
                            otherKey;
    const auto parsed = parseLiteLlmMetrics(view(body));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->duplicateSeries, std::size_t(2));
    const DeploymentMetrics *d = parsed->deployment(QStringLiteral("d1"));
    QVERIFY(d);
    QCOMPARE(d->successTotal, 45.0);
}

QTEST_APPLESS_MAIN(TestLiteLlmMetrics)
#include "tst_litellmmetrics.moc"
