// The read-back: what each GET /fallback should answer under a chain, which GETs a push asks,
// and the comparison of what the proxy holds with what it should.

#include "chainfixture.h"
#include "push/readback.h"

#include <QTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;
using namespace headroom::push;
using headroom::test::chainFromJson;

class TestReadBack : public QObject {
    Q_OBJECT
private slots:
    void expectedAnswers_data();
    void expectedAnswers();
    void queriesCoverBothChains();
    void identicalReadBackMatches();
    void differences_data();
    void differences();
};

void TestReadBack::expectedAnswers_data()
{
    QTest::addColumn<QByteArray>("chain");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("answer");

    const QByteArray mixed = R"({"fallbacks": [{"a": ["b"]}, {"*": ["w"]}],
        "context_window_fallbacks": [{"a": ["long"]}], "default_fallbacks": ["d"]})";
    QTest::newRow("own list") << mixed << u"a"_s << u"general"_s << QStringList{u"b"_s};
    QTest::newRow("wildcard for general") << mixed << u"z"_s << u"general"_s << QStringList{u"w"_s};
    QTest::newRow("own context window")
        << mixed << u"a"_s << u"context_window"_s << QStringList{u"long"_s};
    QTest::newRow("no wildcard for context window")
        << mixed << u"z"_s << u"context_window"_s << QStringList{};
    QTest::newRow("default when no wildcard") << QByteArray(R"({"default_fallbacks": ["d"]})")
                                              << u"z"_s << u"general"_s << QStringList{u"d"_s};
    QTest::newRow("none") << QByteArray(R"({})") << u"a"_s << u"content_policy"_s << QStringList{};
}

void TestReadBack::expectedAnswers()
{
    QFETCH(QByteArray, chain);
    QFETCH(QString, group);
    QFETCH(QString, type);
    const auto parsedType = fallbackTypeFromName(type);
    QVERIFY(parsedType);
    QTEST(expectedAnswer(chainFromJson(chain.constData()).fallbacks, {group, *parsedType}),
          "answer");
}

void TestReadBack::queriesCoverBothChains()
{
    const auto queries =
        readBackQueries(chainFromJson(R"({"fallbacks": [{"a": ["b"]}, {"*": ["b"]}]})"),
                        chainFromJson(R"({"fallbacks": [{"c": ["b"]}, {"a": ["c"]}],
                          "content_policy_fallbacks": [{"a": ["s"]}]})"));
    const std::vector<FallbackQuery> want = {{QStringLiteral("a"), FallbackType::General},
                                             {QStringLiteral("c"), FallbackType::General},
                                             {QStringLiteral("a"), FallbackType::ContentPolicy}};
    QCOMPARE(queries, want);
}

void TestReadBack::identicalReadBackMatches()
{
    const FallbackChain expected =
        chainFromJson(R"({"fallbacks": [{"a": ["b"]}, {"c": ["a"]}], "num_retries": 3})");
    ReadBack readBack;
    // The proxy may list the groups in another order: the same chain to the router.
    readBack.routerSettings =
        chainFromJson(R"({"fallbacks": [{"c": ["a"]}, {"a": ["b"]}], "num_retries": 3})");
    readBack.answers = {{{QStringLiteral("a"), FallbackType::General}, {QStringLiteral("b")}},
                        {{QStringLiteral("c"), FallbackType::General}, {QStringLiteral("a")}}};
    QCOMPARE(compareReadBack(expected, readBack), QStringList{});
}

void TestReadBack::differences_data()
{
    QTest::addColumn<QByteArray>("held");
    QTest::addColumn<QStringList>("answerA"); // GET /fallback/a?fallback_type=general
    QTest::addColumn<QStringList>("words");   // one per expected difference line

    QTest::newRow("a list not held")
        << QByteArray(R"({"fallbacks": [], "num_retries": 3})") << QStringList{}
        << QStringList{u"a fallbacks"_s, u"none (404)"_s};
    QTest::newRow("a setting not held")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 2})") << QStringList{u"b"_s}
        << QStringList{u"num_retries: 3 → 2"_s};
    QTest::newRow("the serving pod differs")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 3})") << QStringList{u"c"_s}
        << QStringList{u"answers [c], expected [b]"_s};
}

void TestReadBack::differences()
{
    QFETCH(QByteArray, held);
    QFETCH(QStringList, answerA);
    QFETCH(QStringList, words);
    const FallbackChain expected =
        chainFromJson(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 3})");
    ReadBack readBack;
    readBack.routerSettings = chainFromJson(held.constData());
    readBack.answers = {{{QStringLiteral("a"), FallbackType::General}, answerA}};
    const QStringList lines = compareReadBack(expected, readBack);
    QCOMPARE(lines.size(), words.size());
    for (int i = 0; i < words.size(); ++i) {
        QVERIFY2(lines[i].contains(words[i]), qPrintable(lines[i]));
    }
}

QTEST_GUILESS_MAIN(TestReadBack)
#include "tst_readback.moc"
