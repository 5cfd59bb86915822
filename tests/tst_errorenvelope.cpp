// LiteLLM's error envelope and the router's "No deployments available" message.

#include "formats/errorenvelope.h"
#include "samples.h"

#include <QTest>

using namespace headroom;

namespace {
std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}
} // namespace

class TestErrorEnvelope : public QObject {
    Q_OBJECT
private slots:
    void authSample();
    void codeForms_data();
    void codeForms();
    void fastApiDetail();
    void notAnEnvelope();
    void noDeploymentsSamples_data();
    void noDeploymentsSamples();
    void noDeploymentsAllInCooldown();
    void unrelatedMessage();
};

void TestErrorEnvelope::authSample()
{
    const auto envelope = parseErrorEnvelope(
        view(test::readSample(QStringLiteral("error_envelope_auth_401_issue3372.json"))));
    QVERIFY(envelope.ok());
    QVERIFY(envelope->message.startsWith(QStringLiteral("Authentication Error, Only master key")));
    QVERIFY(envelope->message.endsWith(
        QStringLiteral("Route=/openai/deployments/gpt-35-turbo/chat/completions")));
    QCOMPARE(envelope->type, QStringLiteral("auth_error"));
    QCOMPARE(envelope->param, QStringLiteral("None"));
    QCOMPARE(envelope->code.value_or(-1), 401);
}

void TestErrorEnvelope::codeForms_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("code");
    QTest::newRow("int") << QByteArray(R"({"error": {"message": "m", "code": 429}})") << 429;
    QTest::newRow("string") << QByteArray(R"({"error": {"message": "m", "code": "429"}})") << 429;
    QTest::newRow("None string") << QByteArray(R"({"error": {"message": "m", "code": "None"}})")
                                 << -1;
    QTest::newRow("null") << QByteArray(R"({"error": {"message": "m", "code": null}})") << -1;
    QTest::newRow("absent") << QByteArray(R"({"error": {"message": "m"}})") << -1;
}

void TestErrorEnvelope::codeForms()
{
    QFETCH(QByteArray, body);
    QFETCH(int, code);
    const auto envelope = parseErrorEnvelope(view(body));
    QVERIFY(envelope.ok());
    QCOMPARE(envelope->code.value_or(-1), code);
    QCOMPARE(envelope->message, QStringLiteral("m"));
}

void TestErrorEnvelope::fastApiDetail()
{
    auto envelope = parseErrorEnvelope(view(QByteArray(R"({"detail": "Not Found"})")));
    QVERIFY(envelope.ok());
    QCOMPARE(envelope->message, QStringLiteral("Not Found"));
    envelope = parseErrorEnvelope(view(QByteArray(
        R"({"detail": {"error": "Set 'STORE_MODEL_IN_DB='True'' in your env to enable this feature."}})")));
    QVERIFY(envelope.ok());
    QVERIFY(envelope->message.contains(QStringLiteral("STORE_MODEL_IN_DB")));
}

void TestErrorEnvelope::notAnEnvelope()
{
    const auto envelope = parseErrorEnvelope(view(QByteArray(R"({"data": []})")));
    QVERIFY(!envelope.ok());
    QCOMPARE(envelope.error().kind, ParseError::Kind::MissingField);
    const auto badCode = parseErrorEnvelope(view(QByteArray(R"({"error": {"code": 70000}})")));
    QVERIFY(!badCode.ok());
    QCOMPARE(badCode.error().kind, ParseError::Kind::OutOfRange);
}

void TestErrorEnvelope::noDeploymentsSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("group");
    QTest::addColumn<double>("retryAfter");
    QTest::addColumn<QStringList>("cooldowns");
    QTest::addColumn<bool>("basic");

    QTest::newRow("full")
        << QStringLiteral("router_no_deployments_log_issue_agentlightning290.txt")
        << QStringLiteral("Qwen/Qwen2.5-0.5B-Instruct") << 5.0
        << QStringList{QStringLiteral(
               "3dfdf3fc7bce8b4337b0c174251a6cff311d9f85b7afb2d3214bdbdfecd3b907")}
        << false;
    QTest::newRow("basic") << QStringLiteral("router_no_deployments_basic_log_issue20867.txt")
                           << QString() << -1.0 << QStringList{} << true;
}

void TestErrorEnvelope::noDeploymentsSamples()
{
    QFETCH(QString, file);
    QFETCH(QString, group);
    QFETCH(double, retryAfter);
    QFETCH(QStringList, cooldowns);
    QFETCH(bool, basic);

    const QByteArray text = test::readSample(file);
    QVERIFY(!text.isEmpty());
    const auto error = parseNoDeploymentsMessage(QString::fromUtf8(text));
    QVERIFY(error.has_value());
    QCOMPARE(error->group, group);
    QCOMPARE(error->retryAfter.value_or(-1.0), retryAfter);
    QCOMPARE(error->cooldownList, cooldowns);
    QCOMPARE(error->basic, basic);
    QVERIFY(!error->allInCooldown);
    if (!basic) {
        QCOMPARE(error->preCallChecks.value_or(true), false);
    }
}

void TestErrorEnvelope::noDeploymentsAllInCooldown()
{
    // Message format of RouterRateLimitError (docs/litellm-api.md §7).
    const QString text = QStringLiteral(
        "No deployments available for selected model, Try again in 30 seconds. All deployments "
        "for selected model are in cooldown. Passed model=gpt-4o. pre-call-checks=True, "
        "cooldown_list=['a1', 'b2']");
    const auto error = parseNoDeploymentsMessage(text);
    QVERIFY(error.has_value());
    QVERIFY(error->allInCooldown);
    QCOMPARE(error->group, QStringLiteral("gpt-4o"));
    QCOMPARE(error->retryAfter.value_or(-1), 30.0);
    QCOMPARE(error->preCallChecks.value_or(false), true);
    QCOMPARE(error->cooldownList, (QStringList{QStringLiteral("a1"), QStringLiteral("b2")}));
}

void TestErrorEnvelope::unrelatedMessage()
{
    QVERIFY(!parseNoDeploymentsMessage(QStringLiteral("Authentication Error")).has_value());
}

QTEST_APPLESS_MAIN(TestErrorEnvelope)
#include "tst_errorenvelope.moc"
