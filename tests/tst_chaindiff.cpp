// The structured diff of two chains: per kind and group added, removed, reordered or changed
// lists with their targets, router settings changed, and a line for each.

#include "chainfixture.h"
#include "push/chaindiff.h"

#include <nlohmann/json.hpp>
#include <QTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;
using namespace headroom::push;
using headroom::test::chainFromJson;

class TestChainDiff : public QObject {
    Q_OBJECT
private slots:
    void lists_data();
    void lists();
    void settings_data();
    void settings();
    void sameChainHasNoDiff();
    void repeatedKeyCountsOnce();
    void asJson();
};

void TestChainDiff::lists_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QString>("kind"); // LiteLLM's setting name
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<QStringList>("removed");

    QTest::newRow("added") << QByteArray(R"({})")
                           << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}]})") << u"fallbacks"_s
                           << u"a"_s << u"added"_s << QStringList{u"b"_s, u"c"_s} << QStringList{};
    QTest::newRow("removed") << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
                             << QByteArray(R"({"fallbacks": []})") << u"fallbacks"_s << u"a"_s
                             << u"removed"_s << QStringList{} << QStringList{u"b"_s};
    QTest::newRow("empty list is none")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
        << QByteArray(R"({"fallbacks": [{"a": []}]})") << u"fallbacks"_s << u"a"_s << u"removed"_s
        << QStringList{} << QStringList{u"b"_s};
    QTest::newRow("reordered") << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}]})")
                               << QByteArray(R"({"fallbacks": [{"a": ["c", "b"]}]})")
                               << u"fallbacks"_s << u"a"_s << u"reordered"_s << QStringList{}
                               << QStringList{};
    QTest::newRow("changed") << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}]})")
                             << QByteArray(R"({"fallbacks": [{"a": ["d", "b"]}]})")
                             << u"fallbacks"_s << u"a"_s << u"changed"_s << QStringList{u"d"_s}
                             << QStringList{u"c"_s};
    QTest::newRow("context window")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["long"]}]})")
        << u"context_window_fallbacks"_s << u"a"_s << u"changed"_s << QStringList{u"long"_s}
        << QStringList{u"b"_s};
    QTest::newRow("content policy added")
        << QByteArray(R"({})") << QByteArray(R"({"content_policy_fallbacks": [{"a": ["safe"]}]})")
        << u"content_policy_fallbacks"_s << u"a"_s << u"added"_s << QStringList{u"safe"_s}
        << QStringList{};
    QTest::newRow("wildcard") << QByteArray(R"({"fallbacks": [{"*": ["b"]}]})")
                              << QByteArray(R"({"fallbacks": [{"*": ["c"]}]})") << u"fallbacks"_s
                              << u"*"_s << u"changed"_s << QStringList{u"c"_s}
                              << QStringList{u"b"_s};
    QTest::newRow("default fallbacks")
        << QByteArray(R"({"default_fallbacks": ["b"]})")
        << QByteArray(R"({"default_fallbacks": ["b", "c"]})") << u"default_fallbacks"_s << u""_s
        << u"changed"_s << QStringList{u"c"_s} << QStringList{};
}

void TestChainDiff::lists()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    const ChainDiff diff =
        diffChains(chainFromJson(before.constData()), chainFromJson(after.constData()));
    QCOMPARE(diff.lists.size(), std::size_t(1));
    QVERIFY(diff.settings.empty());
    const ListChange &change = diff.lists.front();
    QTEST(fallbackKindSetting(change.kind), "kind");
    QTEST(change.group, "group");
    QTEST(listChangeKindName(change.change), "change");
    QTEST(change.addedTargets, "added");
    QTEST(change.removedTargets, "removed");
    QVERIFY2(change.text.contains(fallbackKindSetting(change.kind)), qPrintable(change.text));
    QCOMPARE(diff.lines(), QStringList{change.text});
}

void TestChainDiff::settings_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("lines");

    QTest::newRow("num_retries") << QByteArray(R"({"num_retries": 2})")
                                 << QByteArray(R"({"num_retries": 3})")
                                 << QStringList{u"num_retries"_s}
                                 << QStringList{u"num_retries: 2 → 3"_s};
    QTest::newRow("unset to value")
        << QByteArray(R"({})") << QByteArray(R"({"cooldown_time": 30})")
        << QStringList{u"cooldown_time"_s} << QStringList{u"cooldown_time: default (5) → 30"_s};
    QTest::newRow("two at once")
        << QByteArray(R"({"routing_strategy": "simple-shuffle", "max_fallbacks": 5})")
        << QByteArray(R"({"routing_strategy": "least-busy", "max_fallbacks": 2})")
        << QStringList{u"routing_strategy"_s, u"max_fallbacks"_s}
        << QStringList{u"routing_strategy: simple-shuffle → least-busy"_s,
                       u"max_fallbacks: 5 → 2"_s};
    QTest::newRow("retry policy") << QByteArray(R"({})")
                                  << QByteArray(R"({"retry_policy": {"RateLimitErrorRetries": 4}})")
                                  << QStringList{u"retry_policy"_s}
                                  << QStringList{
                                         u"retry_policy: none → {RateLimitErrorRetries: 4}"_s};
}

void TestChainDiff::settings()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QStringList, names);
    const ChainDiff diff =
        diffChains(chainFromJson(before.constData()), chainFromJson(after.constData()));
    QVERIFY(diff.lists.empty());
    QStringList got;
    for (const SettingChange &change : diff.settings) {
        got.append(change.name);
    }
    QCOMPARE(got, names);
    QTEST(diff.lines(), "lines");
}

void TestChainDiff::sameChainHasNoDiff()
{
    const char *text = R"({"fallbacks": [{"a": ["b"]}, {"c": ["a"]}], "num_retries": 1})";
    // The order of groups in a map means nothing to the router.
    const char *shuffled = R"({"fallbacks": [{"c": ["a"]}, {"a": ["b"]}], "num_retries": 1})";
    QVERIFY(diffChains(chainFromJson(text), chainFromJson(shuffled)).empty());
}

void TestChainDiff::repeatedKeyCountsOnce()
{
    // LiteLLM reads the first of a repeated key: the second entry changes nothing.
    const ChainDiff diff =
        diffChains(chainFromJson(R"({"fallbacks": [{"a": ["b"]}]})"),
                   chainFromJson(R"({"fallbacks": [{"a": ["b"]}, {"a": ["zzz"]}]})"));
    QVERIFY(diff.empty());
}

void TestChainDiff::asJson()
{
    const ChainDiff diff =
        diffChains(chainFromJson(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 1})"),
                   chainFromJson(R"({"fallbacks": [{"a": ["c"]}], "num_retries": 2})"));
    const nlohmann::json json = chainDiffToJson(diff);
    QCOMPARE(json.at("lists").size(), std::size_t(1));
    QCOMPARE(json.at("lists").at(0).at("group").get<std::string>(), std::string("a"));
    QCOMPARE(json.at("lists").at(0).at("change").get<std::string>(), std::string("changed"));
    QCOMPARE(json.at("lists").at(0).at("added"), nlohmann::json::array({"c"}));
    QCOMPARE(json.at("settings").at(0).at("name").get<std::string>(), std::string("num_retries"));
}

QTEST_GUILESS_MAIN(TestChainDiff)
#include "tst_chaindiff.moc"
