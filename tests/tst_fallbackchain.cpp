// The fallback chain as a graph: its edges (own entries, "*", default_fallbacks) and the lines
// that say what changed between two chains.

#include "chain/fallbackchain.h"
#include "chainfixture.h"

#include <QTest>

using namespace headroom;
using namespace Qt::StringLiterals;
using headroom::test::chainFromJson;
using headroom::test::names;

namespace {

QString kindName(FallbackKind kind)
{
    return kind == FallbackKind::Default ? QStringLiteral("default_fallbacks")
                                         : fallbackKindSetting(kind);
}

// "a>b fallbacks 1", with " *" for an edge that came from a wildcard or default_fallbacks.
QStringList dump(const std::vector<ChainEdge> &edges)
{
    QStringList out;
    for (const ChainEdge &e : edges) {
        out << QStringLiteral("%1>%2 %3 %4%5")
                   .arg(e.from, e.to, kindName(e.kind))
                   .arg(e.order)
                   .arg(e.viaWildcard ? QStringLiteral(" *") : QString());
    }
    return out;
}

} // namespace

class TestFallbackChain : public QObject {
    Q_OBJECT
private slots:
    void edges_data();
    void edges();
    void describeChange_data();
    void describeChange();
    void known();
};

void TestFallbackChain::edges_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QString>("groups");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("none") << QByteArray("{}") << QStringLiteral("a,b") << QStringList{};
    QTest::newRow("own entry in order")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}]})") << QStringLiteral("a,b,c")
        << QStringList{u"a>b fallbacks 1"_s, u"a>c fallbacks 2"_s};
    QTest::newRow("three kinds, grouped by source group then kind")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}], "context_window_fallbacks": [{"a": ["c"]}],
                         "content_policy_fallbacks": [{"b": ["c"]}]})")
        << QStringLiteral("a,b,c")
        << QStringList{u"a>b fallbacks 1"_s, u"a>c context_window_fallbacks 1"_s,
                       u"b>c content_policy_fallbacks 1"_s};
    // "*" applies to every group without an entry of its own, itself included (the router
    // skips that target at run time).
    QTest::newRow("wildcard, own entry wins")
        << QByteArray(R"({"fallbacks": [{"*": ["c"]}, {"a": ["b"]}]})") << QStringLiteral("a,b,c")
        << QStringList{u"a>b fallbacks 1"_s, u"b>c fallbacks 1 *"_s, u"c>c fallbacks 1 *"_s};
    // default_fallbacks is {"*": default_fallbacks} appended: not where a "*" entry exists, and
    // never back to the group itself.
    QTest::newRow("default_fallbacks")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}], "default_fallbacks": ["c", "b"]})")
        << QStringLiteral("a,b,c")
        << QStringList{u"a>b fallbacks 1"_s, u"b>c default_fallbacks 1 *"_s,
                       u"c>b default_fallbacks 1 *"_s};
    QTest::newRow("default_fallbacks under a wildcard")
        << QByteArray(R"({"fallbacks": [{"*": ["a"]}], "default_fallbacks": ["c"]})")
        << QStringLiteral("a,b") << QStringList{u"a>a fallbacks 1 *"_s, u"b>a fallbacks 1 *"_s};
    QTest::newRow("context window matches exact names only")
        << QByteArray(R"({"context_window_fallbacks": [{"*": ["b"]}]})") << QStringLiteral("a,b")
        << QStringList{};
    QTest::newRow("a key the proxy does not list still has its edges")
        << QByteArray(R"({"fallbacks": [{"ghost": ["a"]}]})") << QStringLiteral("a")
        << QStringList{u"ghost>a fallbacks 1"_s};
}

void TestFallbackChain::edges()
{
    QFETCH(QByteArray, settings);
    QFETCH(QString, groups);
    QFETCH(QStringList, expected);
    const FallbackChain chain = chainFromJson(settings.constData());
    QCOMPARE(dump(chain.edges(names(groups.toUtf8().constData()))), expected);
}

void TestFallbackChain::describeChange_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QStringList>("expected");

    const QByteArray base = R"({"fallbacks": [{"gpt-4o": ["gpt-4o-mini", "claude"]}]})";
    QTest::newRow("same") << base << base << QStringList{};
    QTest::newRow("target removed")
        << base << QByteArray(R"({"fallbacks": [{"gpt-4o": ["claude"]}]})")
        << QStringList{
               u"gpt-4o fallbacks: [gpt-4o-mini, claude] → [claude] (removed gpt-4o-mini)"_s};
    QTest::newRow("target added")
        << base << QByteArray(R"({"fallbacks": [{"gpt-4o": ["gpt-4o-mini", "claude", "gemini"]}]})")
        << QStringList{u"gpt-4o fallbacks: [gpt-4o-mini, claude] → [gpt-4o-mini, claude, gemini] "_s
                       u"(added gemini)"_s};
    QTest::newRow("reordered")
        << base << QByteArray(R"({"fallbacks": [{"gpt-4o": ["claude", "gpt-4o-mini"]}]})")
        << QStringList{u"gpt-4o fallbacks: [gpt-4o-mini, claude] → [claude, gpt-4o-mini] "_s
                       u"(reordered)"_s};
    QTest::newRow("added and removed at once")
        << base << QByteArray(R"({"fallbacks": [{"gpt-4o": ["gemini", "claude"]}]})")
        << QStringList{u"gpt-4o fallbacks: [gpt-4o-mini, claude] → [gemini, claude] (added "_s
                       u"gemini; removed gpt-4o-mini)"_s};
    QTest::newRow("new group entry, and one gone")
        << base << QByteArray(R"({"fallbacks": [{"claude": ["gpt-4o"]}]})")
        << QStringList{u"claude fallbacks: none → [gpt-4o] (added gpt-4o)"_s,
                       u"gpt-4o fallbacks: [gpt-4o-mini, claude] → none (removed gpt-4o-mini, "_s
                       u"claude)"_s};
    QTest::newRow("an empty list is no entry")
        << QByteArray(R"({"fallbacks": []})") << QByteArray(R"({"fallbacks": [{"a": []}]})")
        << QStringList{};
    QTest::newRow("other kinds are told apart")
        << base << QByteArray(R"({"fallbacks": [{"gpt-4o": ["gpt-4o-mini", "claude"]}],
                         "context_window_fallbacks": [{"gpt-4o": ["gpt-4.1"]}],
                         "content_policy_fallbacks": [{"*": ["claude"]}]})")
        << QStringList{u"gpt-4o context_window_fallbacks: none → [gpt-4.1] (added gpt-4.1)"_s,
                       u"* content_policy_fallbacks: none → [claude] (added claude)"_s};
    QTest::newRow("default_fallbacks and max_fallbacks")
        << QByteArray(R"({"default_fallbacks": ["a"]})")
        << QByteArray(R"({"default_fallbacks": ["a", "b"], "max_fallbacks": 3})")
        << QStringList{u"default_fallbacks: [a] → [a, b] (added b)"_s,
                       u"max_fallbacks: default (5) → 3"_s};
    QTest::newRow("router settings, each its line")
        << QByteArray(
               R"({"num_retries": 2, "cooldown_time": 5, "routing_strategy": "simple-shuffle"})")
        << QByteArray(R"({"num_retries": 3, "cooldown_time": 30.5,
                         "routing_strategy": "usage-based-routing-v2", "allowed_fails": 1,
                         "disable_cooldowns": true,
                         "retry_policy": {"RateLimitErrorRetries": 0}})")
        << QStringList{u"routing_strategy: simple-shuffle → usage-based-routing-v2"_s,
                       u"num_retries: 2 → 3"_s,
                       u"allowed_fails: default → 1"_s,
                       u"cooldown_time: 5 → 30.5"_s,
                       u"disable_cooldowns: default (false) → true"_s,
                       u"retry_policy: none → {RateLimitErrorRetries: 0}"_s};
    QTest::newRow("a setting back to its default")
        << QByteArray(R"({"num_retries": 0})") << QByteArray("{}")
        << QStringList{u"num_retries: 0 → default (2)"_s};
}

void TestFallbackChain::describeChange()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QStringList, expected);
    QCOMPARE(
        describeChainChange(chainFromJson(before.constData()), chainFromJson(after.constData())),
        expected);
}

void TestFallbackChain::known()
{
    FallbackChain chain;
    QVERIFY(!chain.known());
    chain.origin.kind = ChainOrigin::Kind::ProxyAdmin;
    QVERIFY(chain.known());
    chain.origin.problem = QStringLiteral("the key cannot read router settings");
    QVERIFY(!chain.known());
}

QTEST_GUILESS_MAIN(TestFallbackChain)
#include "tst_fallbackchain.moc"
