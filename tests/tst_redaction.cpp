// Secrets out of proxy data on the way in: URLs, free text, and what must stay as it is.

#include "formats/deployment.h"
#include "formats/redaction.h"

#include <QTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;

class TestRedaction : public QObject {
    Q_OBJECT
private slots:
    void url_data();
    void url();
    void secrets_data();
    void secrets();
    void sameKeySameTag();
    void wholeCredential_data();
    void wholeCredential();
};

void TestRedaction::url_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << u"https://api.openai.com/v1"_s << u"https://api.openai.com/v1"_s;
    QTest::newRow("userinfo") << u"https://bob:hunter22@eu.example.com:8443/openai"_s
                              << u"https://eu.example.com:8443/openai"_s;
    QTest::newRow("query signature")
        << u"https://x.blob.core.windows.net/v1?sv=2022&sig=AbC123%2Bdef&se=2026"_s
        << u"https://x.blob.core.windows.net/v1"_s;
    QTest::newRow("fragment") << u"http://10.0.0.7:4000/#token"_s << u"http://10.0.0.7:4000/"_s;
    QTest::newRow("env reference")
        << u"os.environ/AZURE_API_BASE"_s << u"os.environ/AZURE_API_BASE"_s;
    QTest::newRow("empty") << u""_s << u""_s;
    QTest::newRow("key in the path")
        << u"https://gw.example.com/k/sk-live-abcdef123456/v1"_s
        << u"https://gw.example.com/k/[redacted "_s +
               credentialFingerprint(QStringLiteral("sk-live-abcdef123456")) + u"]/v1"_s;
    QTest::newRow("not a url, a key")
        << u"sk-abcdefgh12345"_s
        << u"[redacted "_s + credentialFingerprint(QStringLiteral("sk-abcdefgh12345")) + u"]"_s;
}

void TestRedaction::url()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(redactUrl(in), out);
}

void TestRedaction::secrets_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("secret"); // must be gone; empty: the text stays as it is
    QTest::newRow("openai key")
        << u"Incorrect API key provided: sk-proj-AbCdEf0123456789. You can find…"_s
        << u"sk-proj-AbCdEf0123456789"_s;
    QTest::newRow("litellm virtual key")
        << u"Invalid key sk-1234abcd for team"_s << u"sk-1234abcd"_s;
    QTest::newRow("bearer") << u"Authorization: Bearer abc.DEF-123_456~xyz"_s
                            << u"abc.DEF-123_456~xyz"_s;
    QTest::newRow("basic") << u"header was basic dXNlcjpwYXNzd29yZA=="_s
                           << u"dXNlcjpwYXNzd29yZA=="_s;
    QTest::newRow("jwt") << u"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sflKxwRJSMeKKF2QT4f"_s
                         << u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sflKxwRJSMeKKF2QT4f"_s;
    QTest::newRow("aws") << u"creds AKIAIOSFODNN7EXAMPLE rejected"_s << u"AKIAIOSFODNN7EXAMPLE"_s;
    QTest::newRow("google") << u"key=AIzaSyA1234567890abcdefghijklmnopqrstuv"_s
                            << u"AIzaSyA1234567890abcdefghijklmnopqrstuv"_s;
    QTest::newRow("query value") << u"GET /v1?api-key=9f8e7d6c5b4a3 HTTP/1.1"_s
                                 << u"9f8e7d6c5b4a3"_s;
    QTest::newRow("json secret") << uR"({"api_key": "abc123xyz789"})"_s << u"abc123xyz789"_s;
    QTest::newRow("aws secret key")
        << u"aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s
        << u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s;
    QTest::newRow("master key value")
        << u"general_settings.master_key: hunter2-master-77"_s << u"hunter2-master-77"_s;
    QTest::newRow("authorization, other scheme")
        << u"Authorization: Token abc123def456"_s << u"abc123def456"_s;
    QTest::newRow("x-api-key header") << u"x-api-key: 0a1b2c3d4e5f6a7b"_s << u"0a1b2c3d4e5f6a7b"_s;
    QTest::newRow("ordinary words") << u"skeleton tokens: 1200, key: expired, sk-"_s << QString();
    QTest::newRow("limits") << u"Rate limit reached for gpt-4o: 600 rpm, 90000 tpm"_s << QString();
    QTest::newRow("a word ending in key") << u"monkey=12345678 turkey: 9876543"_s << QString();
    QTest::newRow("max tokens") << u"max_tokens: 1234567, max_input_tokens=128000"_s << QString();
    QTest::newRow("lowercase akia") << u"the akiaiosfodnn7example word"_s << QString();
}

void TestRedaction::secrets()
{
    QFETCH(QString, in);
    QFETCH(QString, secret);
    const QString out = redactSecrets(in);
    if (secret.isEmpty()) {
        QCOMPARE(out, in);
        return;
    }
    QVERIFY2(!out.contains(secret), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("[redacted ") + credentialFingerprint(secret) + u']'),
             qPrintable(out));
    // The words around the secret are kept: the message still says what went wrong.
    const QString before = in.left(in.indexOf(secret));
    QVERIFY2(out.startsWith(before), qPrintable(out));
}

void TestRedaction::sameKeySameTag()
{
    const QString a = redactSecrets(QStringLiteral("first sk-same-key-000111 then"));
    const QString b = redactSecrets(QStringLiteral("again: sk-same-key-000111."));
    const QString c = redactSecrets(QStringLiteral("other sk-same-key-000112"));
    const auto tag = [](const QString &s) {
        return s.mid(s.indexOf(u'['), 22);
    };
    QCOMPARE(tag(a), tag(b));
    QVERIFY(tag(a) != tag(c));
}

void TestRedaction::wholeCredential_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("credential");
    QTest::newRow("key") << u" sk-abcdef123456 "_s << true;
    QTest::newRow("aws") << u"AKIAIOSFODNN7EXAMPLE"_s << true;
    QTest::newRow("group name") << u"gpt-4o-mini"_s << false;
    QTest::newRow("key inside text") << u"key sk-abcdef123456 here"_s << false;
}

void TestRedaction::wholeCredential()
{
    QFETCH(QString, text);
    QFETCH(bool, credential);
    QCOMPARE(looksLikeCredential(text), credential);
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
