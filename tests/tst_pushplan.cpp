// The push plan: which admin call carries each change, in which order, what no call can carry
// (said before anything is sent), and the chain the proxy should hold afterwards.

#include "chainfixture.h"
#include "push/pushplan.h"

#include <algorithm>
#include <QTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;
using namespace headroom::push;
using headroom::test::chainFromJson;

class TestPushPlan : public QObject {
    Q_OBJECT
private slots:
    void plans_data();
    void plans();
    void upsertBody();
    void updateBodySendsOnlyWhatChanged();
    void wildcardSendsTheWholeList();
    void nothingToDo();
};

void TestPushPlan::plans_data()
{
    QTest::addColumn<QByteArray>("live");
    QTest::addColumn<QByteArray>("desired");
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<QStringList>("uncarried"); // a word each uncarried change's line holds

    QTest::newRow("upsert one group") << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
                                      << QByteArray(R"({"fallbacks": [{"a": ["c", "b"]}]})")
                                      << QStringList{u"POST /fallback"_s} << QStringList{};
    QTest::newRow("remove one group")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})") << QByteArray(R"({"fallbacks": []})")
        << QStringList{u"DELETE /fallback/a?fallback_type=general"_s} << QStringList{};
    QTest::newRow("each type its own call")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})")
        << QByteArray(R"({"content_policy_fallbacks": [{"a": ["safe"]}]})")
        << QStringList{u"POST /fallback"_s, u"DELETE /fallback/a?fallback_type=context_window"_s}
        << QStringList{};
    QTest::newRow("upserts, then settings, then removals")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}, {"c": ["a"]}], "num_retries": 2})")
        << QByteArray(R"({"fallbacks": [{"c": ["b"]}, {"d": ["a"]}], "num_retries": 3})")
        << QStringList{u"POST /fallback"_s, u"POST /fallback"_s, u"POST /config/update"_s,
                       u"DELETE /fallback/a?fallback_type=general"_s}
        << QStringList{};
    QTest::newRow("a group name with a slash")
        << QByteArray(R"({"fallbacks": [{"openai/gpt-4o": ["b"]}]})") << QByteArray(R"({})")
        << QStringList{u"DELETE /fallback/openai%2Fgpt-4o?fallback_type=general"_s}
        << QStringList{};
    QTest::newRow("general wildcard through config update")
        << QByteArray(R"({"fallbacks": [{"*": ["b"]}, {"a": ["c"]}]})")
        << QByteArray(R"({"fallbacks": [{"*": ["c"]}, {"a": ["b"]}]})")
        << QStringList{u"POST /config/update"_s} << QStringList{};
    QTest::newRow("content policy wildcard cannot be carried")
        << QByteArray(R"({"content_policy_fallbacks": [{"*": ["b"]}]})")
        << QByteArray(R"({"content_policy_fallbacks": [{"*": ["c"]}, {"a": ["b"]}]})")
        << QStringList{u"POST /fallback"_s} << QStringList{u"content_policy_fallbacks"_s};
    QTest::newRow("max_fallbacks is dropped by the proxy")
        << QByteArray(R"({"max_fallbacks": 5, "num_retries": 1})")
        << QByteArray(R"({"max_fallbacks": 2, "num_retries": 2})")
        << QStringList{u"POST /config/update"_s} << QStringList{u"max_fallbacks"_s};
    QTest::newRow("default_fallbacks is dropped by the proxy")
        << QByteArray(R"({"default_fallbacks": ["b"]})")
        << QByteArray(R"({"default_fallbacks": ["c"]})") << QStringList{}
        << QStringList{u"default_fallbacks"_s};
    QTest::newRow("settings UpdateRouterConfig lacks")
        << QByteArray(R"({})")
        << QByteArray(R"({"disable_cooldowns": true, "enable_pre_call_checks": true,
                          "allowed_fails_policy": {"RateLimitErrorAllowedFails": 3}})")
        << QStringList{}
        << QStringList{u"disable_cooldowns"_s, u"enable_pre_call_checks"_s,
                       u"allowed_fails_policy"_s};
    QTest::newRow("a setting cannot be unset")
        << QByteArray(R"({"num_retries": 3})") << QByteArray(R"({})") << QStringList{}
        << QStringList{u"num_retries"_s};
    QTest::newRow("every updatable setting in one call")
        << QByteArray(R"({})")
        << QByteArray(R"({"routing_strategy": "least-busy", "num_retries": 4, "retry_after": 2,
                          "allowed_fails": 3, "cooldown_time": 30,
                          "retry_policy": {"RateLimitErrorRetries": 5}})")
        << QStringList{u"POST /config/update"_s} << QStringList{};
}

void TestPushPlan::plans()
{
    QFETCH(QByteArray, live);
    QFETCH(QByteArray, desired);
    QFETCH(QStringList, uncarried);
    const FallbackChain liveChain = chainFromJson(live.constData());
    const FallbackChain desiredChain = chainFromJson(desired.constData());
    const PushPlan plan = planPush(liveChain, desiredChain);

    QStringList calls;
    for (const AdminCall &call : plan.calls) {
        calls.append(callLine(call));
        QVERIFY(!call.what.isEmpty());
        QCOMPARE(call.body.is_null(), call.method == AdminCall::Method::Delete);
    }
    QTEST(calls, "calls");

    QCOMPARE(plan.uncarried.size(), std::size_t(uncarried.size()));
    for (std::size_t i = 0; i < plan.uncarried.size(); ++i) {
        QVERIFY2(plan.uncarried[i].change.contains(uncarried[int(i)]),
                 qPrintable(plan.uncarried[i].change));
        QVERIFY(!plan.uncarried[i].why.isEmpty());
    }
    // What stays between the expected chain and the desired one is exactly what no call
    // carries; everything else the plan carries.
    QStringList left = diffChains(plan.expected, desiredChain).lines();
    QStringList notCarried;
    for (const Uncarried &item : plan.uncarried) {
        notCarried.append(item.change);
    }
    left.sort();
    notCarried.sort();
    QCOMPARE(left, notCarried);
    QCOMPARE(plan.diff.lines(), diffChains(liveChain, desiredChain).lines());
}

void TestPushPlan::upsertBody()
{
    const PushPlan plan =
        planPush(chainFromJson(R"({})"),
                 chainFromJson(R"({"context_window_fallbacks": [{"a": ["b", "c"]}]})"));
    QCOMPARE(plan.calls.size(), std::size_t(1));
    const nlohmann::json want = {
        {"model", "a"}, {"fallback_models", {"b", "c"}}, {"fallback_type", "context_window"}};
    QCOMPARE(plan.calls.front().body, want);
}

void TestPushPlan::updateBodySendsOnlyWhatChanged()
{
    const PushPlan plan = planPush(chainFromJson(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 1,
                                   "cooldown_time": 5, "max_fallbacks": 3})"),
                                   chainFromJson(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 2,
                                   "cooldown_time": 5, "max_fallbacks": 1})"));
    QCOMPARE(plan.calls.size(), std::size_t(1));
    // The proxy merges router_settings per key: a key sent is a key replaced, so send only the
    // one that changed (and never a key it drops).
    const nlohmann::json want = {{"router_settings", {{"num_retries", 2}}}};
    QCOMPARE(plan.calls.front().body, want);
}

void TestPushPlan::wildcardSendsTheWholeList()
{
    const PushPlan plan = planPush(chainFromJson(R"({"fallbacks": [{"*": ["b"]}, {"a": ["c"]}]})"),
                                   chainFromJson(R"({"fallbacks": [{"*": ["c"]}, {"a": ["b"]}]})"));
    QCOMPARE(plan.calls.size(), std::size_t(1));
    const nlohmann::json want = {
        {"router_settings",
         {{"fallbacks", nlohmann::json::array({{{"*", {"c"}}}, {{"a", {"b"}}}})}}}};
    QCOMPARE(plan.calls.front().body, want);
}

void TestPushPlan::nothingToDo()
{
    const char *text = R"({"fallbacks": [{"a": ["b"]}], "num_retries": 1})";
    const PushPlan plan = planPush(chainFromJson(text), chainFromJson(text));
    QVERIFY(plan.calls.empty());
    QVERIFY(plan.uncarried.empty());
    QVERIFY(plan.diff.empty());
}

QTEST_GUILESS_MAIN(TestPushPlan)
#include "tst_pushplan.moc"
