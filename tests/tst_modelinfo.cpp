// /model/info (per deployment) and /model_group/info (per group).

#include "formats/modelgroupinfo.h"
#include "formats/modelinfo.h"
#include "samples.h"

#include <QTest>

using namespace headroom;

Q_DECLARE_METATYPE(ParseError::Kind)

namespace {
std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}
} // namespace

class TestModelInfo : public QObject {
    Q_OBJECT
private slots:
    void sample();
    void limitsFromEitherPlace();
    void singleDeploymentForm();
    void leakedKeyIsFingerprintedNotKept();
    void rejects_data();
    void rejects();
    void groupInfo();
    void groupInfoRejects();
};

void TestModelInfo::sample()
{
    const auto deployments =
        parseModelInfo(view(test::readSample(QStringLiteral("model_info_response.json"))));
    QVERIFY2(deployments.ok(),
             qPrintable(deployments.ok() ? QString() : deployments.error().toString()));
    QCOMPARE(deployments->size(), std::size_t(1));
    const Deployment &d = deployments->front();
    QCOMPARE(d.group, QStringLiteral("fake-openai-endpoint"));
    QCOMPARE(d.id,
             QStringLiteral("112f74fab24a7a5245d2ced3536dd8f5f9192c57ee6e332af0f0512e08bed5af"));
    QCOMPARE(d.model, QStringLiteral("openai/fake"));
    QCOMPARE(d.provider, QStringLiteral("openai"));
    QCOMPARE(d.apiBase, QStringLiteral("https://exampleopenaiendpoint-production.up.railway.app/"));
    QCOMPARE(d.dbModel, false);
    QVERIFY(!d.rpm && !d.tpm);
    QVERIFY(d.credentialFingerprint.isEmpty());
}

void TestModelInfo::limitsFromEitherPlace()
{
    const QByteArray body(R"({"data": [
      {"model_name": "gpt-4o", "litellm_params": {"model": "azure/gpt-4o-eu", "rpm": 600,
        "tpm": 90000, "weight": 2, "order": 1, "cooldown_time": 30},
       "model_info": {"id": "dep-a", "mode": "chat", "max_input_tokens": 128000,
        "max_output_tokens": 16384, "rpm": 1}},
      {"model_name": "gpt-4o", "litellm_params": {"model": "gpt-4o"},
       "model_info": {"id": 42, "rpm": "300", "tpm": 40000.0, "db_model": true}}]})");
    const auto deployments = parseModelInfo(view(body));
    QVERIFY2(deployments.ok(),
             qPrintable(deployments.ok() ? QString() : deployments.error().toString()));
    QCOMPARE(deployments->size(), std::size_t(2));
    const Deployment &a = deployments->at(0);
    QCOMPARE(a.provider, QStringLiteral("azure"));
    QCOMPARE(a.rpm.value_or(-1), 600); // litellm_params first
    QCOMPARE(a.tpm.value_or(-1), 90000);
    QCOMPARE(a.weight.value_or(-1), 2.0);
    QCOMPARE(a.order.value_or(-1), 1);
    QCOMPARE(a.cooldownTime.value_or(-1), 30.0);
    QCOMPARE(a.maxInputTokens.value_or(-1), 128000);
    QCOMPARE(a.maxOutputTokens.value_or(-1), 16384);
    QCOMPARE(a.mode, QStringLiteral("chat"));
    const Deployment &b = deployments->at(1);
    QCOMPARE(b.id, QStringLiteral("42"));
    QCOMPARE(b.provider, QStringLiteral("openai"));
    QCOMPARE(b.rpm.value_or(-1), 300);
    QCOMPARE(b.tpm.value_or(-1), 40000);
    QVERIFY(b.dbModel);
}

void TestModelInfo::singleDeploymentForm()
{
    const QByteArray body(R"({"data": {"model_name": "claude", "litellm_params":
        {"model": "anthropic/claude-3-5-sonnet"}, "model_info": {"id": "x"}}})");
    const auto deployments = parseModelInfo(view(body));
    QVERIFY(deployments.ok());
    QCOMPARE(deployments->size(), std::size_t(1));
    QCOMPARE(deployments->front().provider, QStringLiteral("anthropic"));
}

void TestModelInfo::leakedKeyIsFingerprintedNotKept()
{
    const QByteArray body(R"({"data": [{"model_name": "g", "litellm_params":
        {"model": "openai/gpt-4o", "api_key": "sk-live-secret-123"}}]})");
    const auto deployments = parseModelInfo(view(body));
    QVERIFY(deployments.ok());
    const Deployment &d = deployments->front();
    QCOMPARE(d.credentialFingerprint, credentialFingerprint(QStringLiteral("sk-live-secret-123")));
    QVERIFY(!d.credentialFingerprint.contains(QStringLiteral("secret")));
}

void TestModelInfo::rejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ParseError::Kind>("kind");
    QTest::addColumn<QString>("path");

    QTest::newRow("no data") << QByteArray("{}") << ParseError::Kind::MissingField
                             << QStringLiteral("/data");
    QTest::newRow("data is string")
        << QByteArray(R"({"data": "x"})") << ParseError::Kind::WrongType << QStringLiteral("/data");
    QTest::newRow("entry not object") << QByteArray(R"({"data": [1]})")
                                      << ParseError::Kind::WrongType << QStringLiteral("/data/0");
    QTest::newRow("no model_name")
        << QByteArray(R"({"data": [{"litellm_params": {}}]})") << ParseError::Kind::MissingField
        << QStringLiteral("/data/0/model_name");
    QTest::newRow("params not object")
        << QByteArray(R"({"data": [{"model_name": "a", "litellm_params": []}]})")
        << ParseError::Kind::WrongType << QStringLiteral("/data/0/litellm_params");
    QTest::newRow("rpm is map")
        << QByteArray(R"({"data": [{"model_name": "a", "litellm_params": {"rpm": {}}}]})")
        << ParseError::Kind::WrongType << QStringLiteral("/data/0/litellm_params/rpm");
    QTest::newRow("rpm huge")
        << QByteArray(R"({"data": [{"model_name": "a", "litellm_params": {"rpm": 1e300}}]})")
        << ParseError::Kind::OutOfRange << QStringLiteral("/data/0/litellm_params/rpm");
    QTest::newRow("second entry bad")
        << QByteArray(R"({"data": [{"model_name": "a"}, {"model_name": 7}]})")
        << ParseError::Kind::WrongType << QStringLiteral("/data/1/model_name");
}

void TestModelInfo::rejects()
{
    QFETCH(QByteArray, body);
    QFETCH(ParseError::Kind, kind);
    QFETCH(QString, path);
    const auto deployments = parseModelInfo(view(body));
    QVERIFY(!deployments.ok());
    QCOMPARE(deployments.error().kind, kind);
    QCOMPARE(deployments.error().path, path);
}

void TestModelInfo::groupInfo()
{
    // Field set of ModelGroupInfo in litellm/types/router.py (no real sample exists).
    const QByteArray body(R"({"data": [
      {"model_group": "gpt-4o", "providers": ["azure", "openai"], "max_input_tokens": 128000,
       "max_output_tokens": 16384, "input_cost_per_token": 2.5e-06,
       "output_cost_per_token": 1e-05, "mode": "chat", "tpm": 180000, "rpm": 1200,
       "supports_parallel_function_calling": true, "supports_vision": true,
       "supports_function_calling": false, "supported_openai_params": ["temperature", "tools"]},
      {"model_group": "embed", "providers": ["openai"], "mode": null, "tpm": null,
       "rpm": null, "itpm": 5000, "otpm": 100}]})");
    const auto groups = parseModelGroupInfo(view(body));
    QVERIFY2(groups.ok(), qPrintable(groups.ok() ? QString() : groups.error().toString()));
    QCOMPARE(groups->size(), std::size_t(2));
    const ModelGroupInfo &g = groups->at(0);
    QCOMPARE(g.group, QStringLiteral("gpt-4o"));
    QCOMPARE(g.providers, (QStringList{QStringLiteral("azure"), QStringLiteral("openai")}));
    QCOMPARE(g.rpm.value_or(-1), 1200);
    QCOMPARE(g.tpm.value_or(-1), 180000);
    QCOMPARE(g.maxInputTokens.value_or(-1), 128000);
    QCOMPARE(g.inputCostPerToken.value_or(-1), 2.5e-06);
    QCOMPARE(g.supports,
             (QStringList{QStringLiteral("parallel_function_calling"), QStringLiteral("vision")}));
    QCOMPARE(g.supportedOpenaiParams.size(), 2);
    const ModelGroupInfo &e = groups->at(1);
    QCOMPARE(e.mode, QStringLiteral("chat"));
    QVERIFY(!e.rpm && !e.tpm);
    QCOMPARE(e.itpm.value_or(-1), 5000);
    QCOMPARE(e.otpm.value_or(-1), 100);
}

void TestModelInfo::groupInfoRejects()
{
    const auto groups = parseModelGroupInfo(view(QByteArray(R"({"data": [{"providers": []}]})")));
    QVERIFY(!groups.ok());
    QCOMPARE(groups.error().path, QStringLiteral("/data/0/model_group"));
    const auto flags = parseModelGroupInfo(
        view(QByteArray(R"({"data": [{"model_group": "a", "supports_vision": 3}]})")));
    QVERIFY(!flags.ok());
    QCOMPARE(flags.error().path, QStringLiteral("/data/0/supports_vision"));
}

QTEST_APPLESS_MAIN(TestModelInfo)
#include "tst_modelinfo.moc"
