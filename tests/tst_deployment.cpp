// Provider names and credential fingerprints.

#include "formats/deployment.h"

#include <QTest>

using namespace headroom;

class TestDeployment : public QObject {
    Q_OBJECT
private slots:
    void provider_data();
    void provider();
    void fingerprint();
};

void TestDeployment::provider_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("provider");
    QTest::newRow("azure") << QStringLiteral("azure/gpt-4o-eu") << QStringLiteral("azure");
    QTest::newRow("hf nested") << QStringLiteral("huggingface/HuggingFaceH4/zephyr-7b-beta")
                               << QStringLiteral("huggingface");
    QTest::newRow("bare openai") << QStringLiteral("gpt-3.5-turbo") << QStringLiteral("openai");
    QTest::newRow("bare claude") << QStringLiteral("claude-3-5-sonnet")
                                 << QStringLiteral("anthropic");
    QTest::newRow("upper prefix") << QStringLiteral("Bedrock/anthropic.claude")
                                  << QStringLiteral("bedrock");
}

void TestDeployment::provider()
{
    QFETCH(QString, model);
    QFETCH(QString, provider);
    QCOMPARE(providerForModel(model), provider);
}

void TestDeployment::fingerprint()
{
    const QString key = QStringLiteral("sk-1234567890abcdef");
    const QString tag = credentialFingerprint(key);
    QCOMPARE(tag.size(), 12);
    QCOMPARE(tag, credentialFingerprint(key));
    QCOMPARE(tag, credentialFingerprint(QStringLiteral("  sk-1234567890abcdef\n")));
    QVERIFY(tag != credentialFingerprint(QStringLiteral("sk-1234567890abcdeg")));
    QVERIFY(!key.contains(tag) && !tag.contains(QStringLiteral("sk-")));
    QVERIFY(credentialFingerprint(QString()).isEmpty());
    QCOMPARE(credentialFingerprint(QStringLiteral("os.environ/AZURE_KEY")),
             credentialFingerprint(QStringLiteral("os.environ/AZURE_KEY")));
    QVERIFY(credentialFingerprint(QStringLiteral("os.environ/AZURE_KEY")) !=
            credentialFingerprint(QStringLiteral("os.environ/OPENAI_KEY")));
}

QTEST_APPLESS_MAIN(TestDeployment)
#include "tst_deployment.moc"
