// Prometheus' HTTP API answers: vectors, matrices, label sets, scalars, partial results
// (warnings), Prometheus' own errors, and bodies that are no answer at all.

#include "prom/promapi.h"

#include <cmath>
#include <QTest>
#include <string>

using headroom::ParseError;
using headroom::prom::ApiEndpoint;
using headroom::prom::ResultType;

Q_DECLARE_METATYPE(ApiEndpoint)
Q_DECLARE_METATYPE(ResultType)

class TestPromApi : public QObject {
    Q_OBJECT
private slots:
    void answers_data();
    void answers();
    void refused_data();
    void refused();
    void vectorValues();
    void matrixInOrder();
    void seriesLabelSets();
    void limits_data();
    void limits();
    void sampleValues_data();
    void sampleValues();
};

void TestPromApi::answers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiEndpoint>("endpoint");
    QTest::addColumn<bool>("success");
    QTest::addColumn<ResultType>("type");
    QTest::addColumn<int>("series");
    QTest::addColumn<int>("warnings");
    QTest::addColumn<QString>("errorText");

    QTest::newRow("vector") << QByteArray(
                                   R"({"status":"success","data":{"resultType":"vector","result":[
             {"metric":{"model_group":"a"},"value":[1764620000.5,"3"]},
             {"metric":{},"value":[1764620000.5,"4"]}]}})")
                            << ApiEndpoint::Query << true << ResultType::Vector << 2 << 0
                            << QString();
    QTest::newRow("empty vector")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[]}})")
        << ApiEndpoint::Query << true << ResultType::Vector << 0 << 0 << QString();
    QTest::newRow("matrix") << QByteArray(
                                   R"({"status":"success","data":{"resultType":"matrix","result":[
             {"metric":{"instance":"x"},"values":[[1,"1"],[2,"2"]]}]}})")
                            << ApiEndpoint::QueryRange << true << ResultType::Matrix << 1 << 0
                            << QString();
    QTest::newRow("series")
        << QByteArray(R"({"status":"success","data":[{"__name__":"up","job":"litellm"}]})")
        << ApiEndpoint::Series << true << ResultType::LabelSets << 1 << 0 << QString();
    QTest::newRow("partial: warnings")
        << QByteArray(R"({"status":"success","warnings":["store unavailable","second"],
             "data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]}})")
        << ApiEndpoint::Query << true << ResultType::Vector << 1 << 2 << QString();
    QTest::newRow("infos are not warnings")
        << QByteArray(R"({"status":"success","infos":["might not be a counter"],
             "data":{"resultType":"vector","result":[]}})")
        << ApiEndpoint::Query << true << ResultType::Vector << 0 << 0 << QString();
    QTest::newRow("timeout")
        << QByteArray(R"({"status":"error","errorType":"timeout","error":"query timed out"})")
        << ApiEndpoint::Query << false << ResultType::None << 0 << 0
        << QStringLiteral("timeout: query timed out");
    QTest::newRow("too many samples")
        << QByteArray(R"({"status":"error","errorType":"execution",
             "error":"query processing would load too many samples into memory"})")
        << ApiEndpoint::QueryRange << false << ResultType::None << 0 << 0
        << QStringLiteral("execution: query processing would load too many samples into memory");
    QTest::newRow("bad query with warnings")
        << QByteArray(R"({"status":"error","errorType":"bad_data","error":"parse error",
             "warnings":["w"]})")
        << ApiEndpoint::Query << false << ResultType::None << 0 << 1
        << QStringLiteral("bad_data: parse error");
    QTest::newRow("error without type")
        << QByteArray(R"({"status":"error","error":"boom"})") << ApiEndpoint::Series << false
        << ResultType::None << 0 << 0 << QStringLiteral("boom");
    QTest::newRow("scalar")
        << QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[1,"2"]}})")
        << ApiEndpoint::Query << true << ResultType::Scalar << 0 << 0 << QString();
    QTest::newRow("native histogram skipped")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[
             {"metric":{},"histogram":[1,{"count":"1"}]}]}})")
        << ApiEndpoint::Query << true << ResultType::Vector << 0 << 0 << QString();
    QTest::newRow("unknown fields ignored")
        << QByteArray(R"({"status":"success","stats":{"x":1},"data":{"resultType":"vector",
             "result":[],"extra":true}})")
        << ApiEndpoint::Query << true << ResultType::Vector << 0 << 0 << QString();
}

void TestPromApi::answers()
{
    QFETCH(QByteArray, body);
    QFETCH(ApiEndpoint, endpoint);
    QFETCH(bool, success);
    QFETCH(ResultType, type);
    QFETCH(int, series);
    QFETCH(int, warnings);
    QFETCH(QString, errorText);
    const auto parsed =
        headroom::prom::parseApiAnswer({body.constData(), std::size_t(body.size())}, endpoint);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().toString()));
    QCOMPARE(parsed->success, success);
    QCOMPARE(parsed->resultType, type);
    QCOMPARE(int(parsed->series.size()), series);
    QCOMPARE(int(parsed->warnings.size()), warnings);
    QCOMPARE(parsed->partial(), warnings > 0);
    QCOMPARE(parsed->errorText(), errorText);
}

void TestPromApi::refused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiEndpoint>("endpoint");
    QTest::addColumn<ParseError::Kind>("kind");
    QTest::addColumn<QString>("path");

    QTest::newRow("html") << QByteArray("<html>502 Bad Gateway</html>") << ApiEndpoint::Query
                          << ParseError::Kind::Syntax << QString();
    QTest::newRow("truncated") << QByteArray(R"({"status":"success","data":{"resultType")")
                               << ApiEndpoint::Query << ParseError::Kind::Syntax << QString();
    QTest::newRow("no status") << QByteArray(R"({"data":{}})") << ApiEndpoint::Query
                               << ParseError::Kind::MissingField << QStringLiteral("/status");
    QTest::newRow("odd status") << QByteArray(R"({"status":"ok"})") << ApiEndpoint::Query
                                << ParseError::Kind::WrongType << QStringLiteral("/status");
    QTest::newRow("success without data")
        << QByteArray(R"({"status":"success"})") << ApiEndpoint::Query
        << ParseError::Kind::MissingField << QStringLiteral("/data");
    QTest::newRow("matrix from /query_range expected, string given")
        << QByteArray(R"({"status":"success","data":{"resultType":"string","result":[1,"x"]}})")
        << ApiEndpoint::QueryRange << ParseError::Kind::WrongType
        << QStringLiteral("/data/resultType");
    QTest::newRow("value not a pair")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[
             {"metric":{},"value":[1]}]}})")
        << ApiEndpoint::Query << ParseError::Kind::WrongType
        << QStringLiteral("/data/result/0/value");
    QTest::newRow("value a number, not a string")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[
             {"metric":{},"value":[1,2]}]}})")
        << ApiEndpoint::Query << ParseError::Kind::WrongType
        << QStringLiteral("/data/result/0/value");
    QTest::newRow("label value a number")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[
             {"metric":{"a":1},"value":[1,"2"]}]}})")
        << ApiEndpoint::Query << ParseError::Kind::WrongType
        << QStringLiteral("/data/result/0/metric/a");
    QTest::newRow("series not an array")
        << QByteArray(R"({"status":"success","data":{"resultType":"vector"}})")
        << ApiEndpoint::Series << ParseError::Kind::WrongType << QStringLiteral("/data");
    QTest::newRow("duplicate key")
        << QByteArray(R"({"status":"success","status":"error"})") << ApiEndpoint::Query
        << ParseError::Kind::DuplicateKey << QString();
    QTest::newRow("warnings not strings")
        << QByteArray(R"({"status":"success","warnings":[1],"data":[]})") << ApiEndpoint::Series
        << ParseError::Kind::WrongType << QStringLiteral("/warnings/0");
}

void TestPromApi::refused()
{
    QFETCH(QByteArray, body);
    QFETCH(ApiEndpoint, endpoint);
    QFETCH(ParseError::Kind, kind);
    QFETCH(QString, path);
    const auto parsed =
        headroom::prom::parseApiAnswer({body.constData(), std::size_t(body.size())}, endpoint);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, kind);
    if (!path.isEmpty()) {
        QCOMPARE(parsed.error().path, path);
    }
    QVERIFY(!parsed.error().message.isEmpty());
}

void TestPromApi::vectorValues()
{
    const std::string body =
        R"({"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"model_group":"gpt-4o","instance":"h:1","__name__":"x"},"value":[1764620000.25,"12.5"]},
        {"metric":{"model_group":"b"},"value":[1764620000.25,"NaN"]},
        {"metric":{"model_group":"c"},"value":[1764620000.25,"twelve"]}]}})";
    const auto parsed = headroom::prom::parseApiAnswer(body, ApiEndpoint::Query);
    QVERIFY(parsed);
    const auto &first = parsed->series.at(0);
    QCOMPARE(first.label(u"model_group"), QStringLiteral("gpt-4o"));
    QCOMPARE(first.label(u"instance"), QStringLiteral("h:1"));
    QCOMPARE(first.metricName(), QStringLiteral("x"));
    QCOMPARE(first.label(u"absent"), QString());
    QCOMPARE(first.points.at(0).time, 1764620000.25);
    QCOMPARE(first.points.at(0).value, 12.5);
    QVERIFY(std::isnan(parsed->series.at(1).points.at(0).value));
    QVERIFY(std::isnan(parsed->series.at(2).points.at(0).value));
    QCOMPARE(parsed->valuesRejected, std::size_t(1)); // "twelve"; NaN is a value Prometheus writes
}

void TestPromApi::matrixInOrder()
{
    const std::string body =
        R"({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"instance":"a"},"values":[[10,"1"],[25,"+Inf"],[40,"-2e3"]]}]}})";
    const auto parsed = headroom::prom::parseApiAnswer(body, ApiEndpoint::QueryRange);
    QVERIFY(parsed);
    const auto &points = parsed->series.at(0).points;
    QCOMPARE(points.size(), std::size_t(3));
    QCOMPARE(points[0].time, 10.0);
    QCOMPARE(points[0].value, 1.0);
    QVERIFY(std::isinf(points[1].value) && points[1].value > 0);
    QCOMPARE(points[2].value, -2000.0);
}

void TestPromApi::seriesLabelSets()
{
    const std::string body = R"({"status":"success","data":[
        {"__name__":"litellm_remaining_requests_metric","instance":"h:1","job":"litellm"},
        {"__name__":"litellm_remaining_requests","instance":"h:2"}]})";
    const auto parsed = headroom::prom::parseApiAnswer(body, ApiEndpoint::Series);
    QVERIFY(parsed);
    QCOMPARE(parsed->series.size(), std::size_t(2));
    QCOMPARE(parsed->series[0].metricName(), QStringLiteral("litellm_remaining_requests_metric"));
    QCOMPARE(parsed->series[1].label(u"instance"), QStringLiteral("h:2"));
    QVERIFY(parsed->series[1].points.empty());
}

void TestPromApi::limits_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("what");
    QByteArray many = R"({"status":"success","data":[)";
    for (int i = 0; i < 11; ++i) {
        many += (i ? "," : "") + QByteArray(R"({"a":"b"})");
    }
    many += "]}";
    QTest::newRow("series") << many << QStringLiteral("series");
    QByteArray points = R"({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{},"values":[)";
    for (int i = 0; i < 30; ++i) {
        points += (i ? "," : "") + QByteArray("[1,\"1\"]");
    }
    points += "]}]}}";
    QTest::newRow("points") << points << QStringLiteral("points");
    QTest::newRow("label bytes") << QByteArray(R"({"status":"success","data":[{"a":")" +
                                               QByteArray(100, 'x') + "\"}]}")
                                 << QStringLiteral("bytes");
    QTest::newRow("body bytes") << QByteArray(R"({"status":"success","data":[)") +
                                       QByteArray(5000, ' ') + "]}"
                                << QString();
}

void TestPromApi::limits()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, what);
    headroom::prom::ApiLimits limits;
    limits.body.maxBytes = 4096;
    limits.maxSeries = 10;
    limits.maxPoints = 20;
    limits.maxLabelBytes = 64;
    const std::string_view text(body.constData(), std::size_t(body.size()));
    const auto parsed = headroom::prom::parseApiAnswer(
        text, what == u"points" ? ApiEndpoint::QueryRange : ApiEndpoint::Series, limits);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind, ParseError::Kind::TooLarge);
    QVERIFY2(parsed.error().message.contains(what), qPrintable(parsed.error().message));
}

void TestPromApi::sampleValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    QTest::newRow("integer") << QStringLiteral("42") << true << 42.0;
    QTest::newRow("fraction") << QStringLiteral("0.25") << true << 0.25;
    QTest::newRow("exponent") << QStringLiteral("1e3") << true << 1000.0;
    QTest::newRow("plus") << QStringLiteral("+7") << true << 7.0;
    QTest::newRow("negative") << QStringLiteral("-1.5") << true << -1.5;
    QTest::newRow("empty") << QString() << false << 0.0;
    QTest::newRow("word") << QStringLiteral("twelve") << false << 0.0;
    QTest::newRow("trailing") << QStringLiteral("1x") << false << 0.0;
    QTest::newRow("overflow") << QStringLiteral("1e999") << false << 0.0;
    QTest::newRow("lowercase nan is not Prometheus'") << QStringLiteral("nan") << false << 0.0;
}

void TestPromApi::sampleValues()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    const std::string utf8 = text.toStdString();
    const auto parsed = headroom::prom::parseSampleValue(utf8);
    QCOMPARE(parsed.has_value(), ok);
    if (ok) {
        QCOMPARE(*parsed, value);
    }
}

QTEST_GUILESS_MAIN(TestPromApi)
#include "tst_promapi.moc"
