// The bounded JSON layer under every proxy body: limits, positions and typed readers.

#include "formats/jsonbody.h"
#include "formats/modelinfo.h"
#include "samples.h"

#include <QTest>
#include <string>

using headroom::ParseError;
using headroom::ParseLimits;
namespace json = headroom::json;

Q_DECLARE_METATYPE(ParseError::Kind)

namespace {
std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}
} // namespace

class TestJsonBody : public QObject {
    Q_OBJECT
private slots:
    void malformed_data();
    void malformed();
    void errorPosition();
    void everyPrefixOfARealBodyIsHandled();
    void deepNestingWithinLimitIsAccepted();
    void hugeBodyIsRefusedWithoutParsing();
    void integerReader_data();
    void integerReader();
    void stringReaderRejectsWrongType();
    void booleanReaderAcceptsPythonStrings();
};

void TestJsonBody::malformed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ParseError::Kind>("kind");

    QTest::newRow("empty") << QByteArray("") << ParseError::Kind::Syntax;
    QTest::newRow("truncated object") << QByteArray(R"({"data": [)") << ParseError::Kind::Syntax;
    QTest::newRow("trailing garbage") << QByteArray("{} x") << ParseError::Kind::Syntax;
    QTest::newRow("html error page")
        << QByteArray("<html><body>502 Bad Gateway</body></html>") << ParseError::Kind::Syntax;
    QTest::newRow("invalid utf-8")
        << QByteArray("{\"a\": \"\xff\xfe\"}") << ParseError::Kind::Encoding;
    QTest::newRow("overlong utf-8")
        << QByteArray("{\"a\": \"\xc0\xaf\"}") << ParseError::Kind::Encoding;
    QTest::newRow("duplicate key")
        << QByteArray(R"({"data": [], "data": {}})") << ParseError::Kind::DuplicateKey;
    QTest::newRow("nested duplicate")
        << QByteArray(R"({"data": [{"model_name": "a", "model_name": "b"}]})")
        << ParseError::Kind::DuplicateKey;
    QTest::newRow("deep arrays") << QByteArray(100000, '[') << ParseError::Kind::TooDeep;
    QTest::newRow("deep objects") << QByteArray(R"({"a":)").repeated(1000)
                                  << ParseError::Kind::TooDeep;
    QTest::newRow("float overflow")
        << QByteArray(R"({"rpm": 1e400})") << ParseError::Kind::OutOfRange;
}

void TestJsonBody::malformed()
{
    QFETCH(QByteArray, body);
    QFETCH(ParseError::Kind, kind);
    const auto result = json::parse(view(body));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, kind);
    QVERIFY(!result.error().message.isEmpty());
}

void TestJsonBody::errorPosition()
{
    const QByteArray body("{\n  \"data\": [\n    {\"model_name\": tru}\n  ]\n}");
    const auto result = json::parse(view(body));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::Syntax);
    QCOMPARE(result.error().line, 3);
    QVERIFY2(result.error().column >= 20 && result.error().column <= 23,
             qPrintable(result.error().toString()));

    const QByteArray duplicate(R"({"data": [{"id": 1}, {"id": 2, "id": 3}]})");
    const auto dup = json::parse(view(duplicate));
    QVERIFY(!dup.ok());
    QCOMPARE(dup.error().path, QStringLiteral("/data/1/id"));
}

void TestJsonBody::everyPrefixOfARealBodyIsHandled()
{
    const QByteArray body = headroom::test::readSample(QStringLiteral("model_info_response.json"));
    QVERIFY(!body.isEmpty());
    QVERIFY(headroom::parseModelInfo(view(body)).ok());
    // Only the complete body may parse; every strict prefix that ends inside the document must
    // be a syntax error, never a crash or a half-read value.
    const qsizetype end = body.lastIndexOf('}');
    for (qsizetype n = 0; n < end; ++n) {
        const auto result = headroom::parseModelInfo(view(body.left(n)));
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("prefix of %1 bytes parsed").arg(n)));
        QCOMPARE(result.error().kind, ParseError::Kind::Syntax);
    }
}

void TestJsonBody::deepNestingWithinLimitIsAccepted()
{
    ParseLimits limits;
    limits.maxDepth = 10;
    const QByteArray ok = QByteArray(10, '[') + QByteArray(10, ']');
    QVERIFY(json::parse(view(ok), limits).ok());
    const QByteArray tooDeep = QByteArray(11, '[') + QByteArray(11, ']');
    const auto result = json::parse(view(tooDeep), limits);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::TooDeep);
}

void TestJsonBody::hugeBodyIsRefusedWithoutParsing()
{
    // 100 MB of valid-looking JSON: refused by size before a byte is parsed.
    QByteArray body(100 * 1024 * 1024, ' ');
    body[0] = '[';
    body[body.size() - 1] = ']';
    const auto result = headroom::parseModelInfo(view(body));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::TooLarge);
    QVERIFY(result.error().message.contains(QStringLiteral("104857600")));
}

void TestJsonBody::integerReader_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<ParseError::Kind>("kind");

    const auto none = ParseError::Kind::Syntax;
    QTest::newRow("int") << QByteArray(R"({"v": 600})") << true << qint64(600) << none;
    QTest::newRow("integral float") << QByteArray(R"({"v": 600.0})") << true << qint64(600) << none;
    QTest::newRow("numeric string") << QByteArray(R"({"v": "600"})") << true << qint64(600) << none;
    QTest::newRow("null is absent") << QByteArray(R"({"v": null})") << true << qint64(-1) << none;
    QTest::newRow("absent") << QByteArray(R"({})") << true << qint64(-1) << none;
    QTest::newRow("fraction") << QByteArray(R"({"v": 1.5})") << false << qint64(0)
                              << ParseError::Kind::WrongType;
    QTest::newRow("word") << QByteArray(R"({"v": "lots"})") << false << qint64(0)
                          << ParseError::Kind::WrongType;
    QTest::newRow("object") << QByteArray(R"({"v": {}})") << false << qint64(0)
                            << ParseError::Kind::WrongType;
    QTest::newRow("huge unsigned") << QByteArray(R"({"v": 18446744073709551615})") << false
                                   << qint64(0) << ParseError::Kind::OutOfRange;
    QTest::newRow("huge float") << QByteArray(R"({"v": 1e30})") << false << qint64(0)
                                << ParseError::Kind::OutOfRange;
    QTest::newRow("huge string") << QByteArray(R"({"v": "99999999999999999999"})") << false
                                 << qint64(0) << ParseError::Kind::OutOfRange;
}

void TestJsonBody::integerReader()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(qint64, expected);
    QFETCH(ParseError::Kind, kind);

    const auto result = json::readBody<qint64>(view(body), {}, [](const nlohmann::json &doc) {
        return json::integer(doc, "v", QString()).value_or(-1);
    });
    QCOMPARE(result.ok(), ok);
    if (ok) {
        QCOMPARE(result.value(), expected);
    } else {
        QCOMPARE(result.error().kind, kind);
        QCOMPARE(result.error().path, QStringLiteral("/v"));
    }
}

void TestJsonBody::stringReaderRejectsWrongType()
{
    const auto result = json::readBody<QString>(
        view(QByteArray(R"({"a": {"b": [1]}})")), {}, [](const nlohmann::json &doc) {
            return json::string(doc.at("a"), "b", QStringLiteral("/a"));
        });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::WrongType);
    QCOMPARE(result.error().path, QStringLiteral("/a/b"));
    QCOMPARE(result.error().message, QStringLiteral("expected a string, found array"));
}

void TestJsonBody::booleanReaderAcceptsPythonStrings()
{
    const auto result = json::readBody<bool>(
        view(QByteArray(R"({"a": "True", "b": false})")), {}, [](const nlohmann::json &doc) {
            return *json::boolean(doc, "a", QString()) && !*json::boolean(doc, "b", QString());
        });
    QVERIFY(result.ok());
    QVERIFY(result.value());
}

QTEST_APPLESS_MAIN(TestJsonBody)
#include "tst_jsonbody.moc"
