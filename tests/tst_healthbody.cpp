// /health, /health/readiness and /health/liveliness bodies, from real payloads.

#include "formats/healthbody.h"
#include "samples.h"

#include <QTest>

using namespace headroom;

namespace {
std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}
} // namespace

class TestHealthBody : public QObject {
    Q_OBJECT
private slots:
    void healthSamples_data();
    void healthSamples();
    void healthExtraDisplayParams();
    void healthUnhealthyDetails();
    void readinessSample();
    void readinessCurrentShape();
    void readinessRejects_data();
    void readinessRejects();
    void livelinessSample();
    void livelinessRejectsObject();
};

void TestHealthBody::healthSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("healthyBases");
    QTest::addColumn<QStringList>("unhealthyBases");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("healthyCount"); // -1: not in the body
    QTest::addColumn<int>("unhealthyCount");

    QTest::newRow("health_response")
        << QStringLiteral("health_response.json")
        << QStringList{QStringLiteral("https://my-endpoint-canada-berri992.openai.azure.com/"),
                       QStringLiteral("https://my-endpoint-europe-berri-992.openai.azure.com/")}
        << QStringList{QStringLiteral("https://openai-france-1234.openai.azure.com/")}
        << QStringLiteral("azure/gpt-35-turbo") << -1 << -1;
    QTest::newRow("health_response_with_counts")
        << QStringLiteral("health_response_with_counts.json")
        << QStringList{QStringLiteral("https://...")} << QStringList{}
        << QStringLiteral("azure/gpt-4o-mini") << 1 << 0;
}

void TestHealthBody::healthSamples()
{
    QFETCH(QString, file);
    QFETCH(QStringList, healthyBases);
    QFETCH(QStringList, unhealthyBases);
    QFETCH(QString, model);
    QFETCH(int, healthyCount);
    QFETCH(int, unhealthyCount);

    const QByteArray body = test::readSample(file);
    QVERIFY2(!body.isEmpty(), qPrintable(file));
    const auto report = parseHealth(view(body));
    QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));

    QStringList healthy, unhealthy;
    for (const auto &e : report->healthy) {
        healthy << e.apiBase;
        QCOMPARE(e.model, model);
    }
    for (const auto &e : report->unhealthy) {
        unhealthy << e.apiBase;
        QCOMPARE(e.model, model);
    }
    QCOMPARE(healthy, healthyBases);
    QCOMPARE(unhealthy, unhealthyBases);
    QCOMPARE(report->healthyCount.value_or(-1), healthyCount);
    QCOMPARE(report->unhealthyCount.value_or(-1), unhealthyCount);
}

void TestHealthBody::healthExtraDisplayParams()
{
    const auto report =
        parseHealth(view(test::readSample(QStringLiteral("health_response_with_counts.json"))));
    QVERIFY(report.ok());
    QCOMPARE(report->healthy.size(), std::size_t(1));
    const auto &extra = report->healthy.front().extra;
    QCOMPARE(extra.size(), std::size_t(1));
    QCOMPARE(extra.front().first, QStringLiteral("x-ms-region"));
    QCOMPARE(extra.front().second, QStringLiteral("East US"));
}

void TestHealthBody::healthUnhealthyDetails()
{
    // Fields per HEALTH_DISPLAY_PARAMS in newer proxies (docs/litellm-api.md §2).
    const QByteArray body(R"({"healthy_endpoints": [],
        "unhealthy_endpoints": [{"model": "openai/gpt-4o", "model_id": "abc123",
            "custom_llm_provider": "openai", "rpm": 600, "tpm": "90000",
            "error": "RateLimitError: quota", "exception_status": 429}],
        "healthy_count": 0, "unhealthy_count": 1})");
    const auto report = parseHealth(view(body));
    QVERIFY(report.ok());
    const HealthEndpoint &e = report->unhealthy.at(0);
    QCOMPARE(e.modelId, QStringLiteral("abc123"));
    QCOMPARE(e.provider, QStringLiteral("openai"));
    QCOMPARE(e.rpm.value_or(-1), 600);
    QCOMPARE(e.tpm.value_or(-1), 90000);
    QCOMPARE(e.exceptionStatus.value_or(-1), 429);
    QCOMPARE(e.error, QStringLiteral("RateLimitError: quota"));
    QVERIFY(e.extra.empty());
}

void TestHealthBody::readinessSample()
{
    const auto readiness =
        parseReadiness(view(test::readSample(QStringLiteral("health_readiness_response.json"))));
    QVERIFY(readiness.ok());
    QCOMPARE(readiness->status, QStringLiteral("connected"));
    QVERIFY(readiness->isReady());
    QCOMPARE(readiness->db, QStringLiteral("connected"));
    QCOMPARE(readiness->cache, QString());
    QCOMPARE(readiness->litellmVersion, QStringLiteral("1.40.21"));
    QCOMPARE(readiness->successCallbacks.size(), 7);
    QCOMPARE(readiness->successCallbacks.first(), QStringLiteral("langfuse"));
    QCOMPARE(readiness->successCallbacks.last(), QStringLiteral("ServiceLogging"));
    QVERIFY(!readiness->hasPrometheusCallback());
    QCOMPARE(readiness->lastUpdated, QStringLiteral("2024-07-10T18:59:10.616968"));
}

void TestHealthBody::readinessCurrentShape()
{
    // Field set of the current _health_endpoints.py (docs/litellm-api.md §2).
    const QByteArray body(R"({"status": "healthy", "db": "Not connected", "cache": "redis",
        "litellm_version": "1.80.0", "success_callbacks": ["prometheus", "langfuse"],
        "use_aiohttp_transport": true, "log_level": "WARNING", "is_detailed_debug": false})");
    const auto readiness = parseReadiness(view(body));
    QVERIFY(readiness.ok());
    QVERIFY(readiness->isReady());
    QCOMPARE(readiness->db, QStringLiteral("Not connected"));
    QCOMPARE(readiness->cache, QStringLiteral("redis"));
    QVERIFY(readiness->hasPrometheusCallback());
}

void TestHealthBody::readinessRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("path");

    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("/");
    QTest::newRow("no status") << QByteArray(R"({"db": "connected"})") << QStringLiteral("/status");
    QTest::newRow("status number") << QByteArray(R"({"status": 1})") << QStringLiteral("/status");
    QTest::newRow("callbacks not list")
        << QByteArray(R"({"status": "healthy", "success_callbacks": "prometheus"})")
        << QStringLiteral("/success_callbacks");
    QTest::newRow("callback not string")
        << QByteArray(R"({"status": "healthy", "success_callbacks": ["a", {}]})")
        << QStringLiteral("/success_callbacks/1");
}

void TestHealthBody::readinessRejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, path);
    const auto readiness = parseReadiness(view(body));
    QVERIFY(!readiness.ok());
    QCOMPARE(readiness.error().path, path);
}

void TestHealthBody::livelinessSample()
{
    const auto alive =
        parseLiveliness(view(test::readSample(QStringLiteral("health_liveliness_response.json"))));
    QVERIFY(alive.ok());
    QCOMPARE(alive.value(), QStringLiteral("I'm alive!"));
}

void TestHealthBody::livelinessRejectsObject()
{
    const auto alive = parseLiveliness(view(QByteArray(R"({"status": "ok"})")));
    QVERIFY(!alive.ok());
    QCOMPARE(alive.error().kind, ParseError::Kind::WrongType);
}

QTEST_APPLESS_MAIN(TestHealthBody)
#include "tst_healthbody.moc"
