// Graph checks of a fallback chain, the general fallback walk and the worst-case attempts one
// request costs; every expectation below is worked out by hand from LiteLLM's walk
// (run_async_fallback: list order, depth first, tried targets skipped, max_fallbacks depth).

#include "chain/graphchecks.h"
#include "chainfixture.h"
#include "sample/samplechain.h"

#include <QTest>

using namespace headroom;
using namespace Qt::StringLiterals;
using headroom::test::chainFromJson;
using headroom::test::names;

namespace {

// "kind groups setting severity"
QStringList dump(const std::vector<ChainFinding> &findings)
{
    QStringList out;
    for (const ChainFinding &f : findings) {
        out << QStringLiteral("%1 %2 %3 %4")
                   .arg(findingKindName(f.kind), f.groups.join(u','), f.setting,
                        findingSeverityName(f.severity));
    }
    return out;
}

// "a=128000,b=32000"
std::map<QString, qint64> windows(const QString &text)
{
    std::map<QString, qint64> out;
    for (const QString &pair : text.split(u',', Qt::SkipEmptyParts)) {
        out[pair.section(u'=', 0, 0)] = pair.section(u'=', 1).toLongLong();
    }
    return out;
}

// "a,b;c,d": one pool per ';'-separated list of groups.
std::vector<QuotaPool> pools(const QString &text)
{
    std::vector<QuotaPool> out;
    for (const QString &pool : text.split(u';', Qt::SkipEmptyParts)) {
        QuotaPool p;
        p.id = QStringLiteral("credential:k%1").arg(out.size());
        p.reason = QStringLiteral("one credential (fingerprint k%1)").arg(out.size());
        p.groups = pool.split(u',');
        out.push_back(p);
    }
    return out;
}

} // namespace

class TestGraphChecks : public QObject {
    Q_OBJECT
private slots:
    void findings_data();
    void findings();
    void messages_data();
    void messages();
    void providerStrippedKeyIsKnown();
    void walk_data();
    void walk();
    void worstCase_data();
    void worstCase();
    void enormousChainsStayBounded();
    void litellmChecks_data();
    void litellmChecks();
};

void TestGraphChecks::findings_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QString>("groups");
    QTest::addColumn<QString>("windows");
    QTest::addColumn<QString>("pools");
    QTest::addColumn<QStringList>("expected");

    const QString fb = QStringLiteral("router_settings.fallbacks");
    QTest::newRow("no fallbacks, nothing to say")
        << QByteArray("{}") << u"a,b"_s << u""_s << u""_s << QStringList{};
    // The end of every chain carries the others' overflow with nowhere to send its own.
    QTest::newRow("a chain's last group is unprotected")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}, {"b": ["c"]}]})") << u"a,b,c"_s << u""_s
        << u""_s << QStringList{u"unprotected_dependency c,b "_s + fb + u" info"_s};
    QTest::newRow("self-fallback")
        << QByteArray(R"({"fallbacks": [{"a": ["a", "b"]}]})") << u"a,b"_s << u""_s << u""_s
        << QStringList{u"self_fallback a "_s + fb + u" error"_s,
                       u"unprotected_dependency b,a "_s + fb + u" info"_s};
    QTest::newRow("self-fallback in context_window_fallbacks")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["a"]}]})") << u"a"_s << u""_s << u""_s
        << QStringList{u"self_fallback a router_settings.context_window_fallbacks error"_s};
    // "*" naming a group is how wildcards are written: the router skips the group itself.
    QTest::newRow("a wildcard naming a group is no self-fallback")
        << QByteArray(R"({"fallbacks": [{"*": ["x"]}]})") << u"a,b,x"_s << u""_s << u""_s
        << QStringList{u"unprotected_dependency x,a,b "_s + fb + u" info"_s};
    QTest::newRow("two-group cycle")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}, {"b": ["a"]}]})") << u"a,b"_s << u""_s
        << u""_s << QStringList{u"cycle a,b "_s + fb + u" warning"_s};
    // A context-window fallback's target is a full call: its rate limits walk its fallbacks.
    QTest::newRow("cycle across kinds")
        << QByteArray(
               R"({"context_window_fallbacks": [{"a": ["b"]}], "fallbacks": [{"b": ["a"]}]})")
        << u"a,b"_s << u""_s << u""_s
        << QStringList{u"cycle a,b router_settings.context_window_fallbacks, "_s + fb +
                           u" warning"_s,
                       u"unprotected_dependency a,b "_s + fb + u" info"_s};
    QTest::newRow("cycle through a wildcard")
        << QByteArray(R"({"fallbacks": [{"*": ["a"]}, {"a": ["b"]}]})") << u"a,b,c"_s << u""_s
        << u""_s << QStringList{u"cycle a,b "_s + fb + u" warning"_s};
    QTest::newRow("three groups loop, the shortest loop through the first is named")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}, {"b": ["a"]}, {"c": ["a"]}]})")
        << u"a,b,c"_s << u""_s << u""_s << QStringList{u"cycle a,b "_s + fb + u" warning"_s};
    QTest::newRow("two separate cycles, in group order")
        << QByteArray(R"({"fallbacks": [{"d": ["c"]}, {"c": ["d"]}, {"a": ["b"]}, {"b": ["a"]}]})")
        << u"a,b,c,d"_s << u""_s << u""_s
        << QStringList{u"cycle a,b "_s + fb + u" warning"_s, u"cycle c,d "_s + fb + u" warning"_s};
    QTest::newRow("unknown targets and keys")
        << QByteArray(
               R"({"fallbacks": [{"a": ["b", "gpt-5"]}, {"ghost": ["a"]}], "default_fallbacks": ["nope"]})")
        << u"a,b"_s << u""_s << u""_s
        << QStringList{u"unknown_target a,gpt-5 "_s + fb + u" error"_s,
                       u"unknown_target ghost "_s + fb + u" error"_s,
                       u"unknown_target nope router_settings.default_fallbacks error"_s};
    QTest::newRow("without a group list nothing is unknown")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})") << u""_s << u""_s << u""_s
        << QStringList{u"unprotected_dependency b,a "_s + fb + u" info"_s};
    // max_fallbacks 2: a(0) b(1) c(2), and a walk at depth 2 starts no nested one: d is cut.
    QTest::newRow("cut by max_fallbacks")
        << QByteArray(
               R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b"]}, {"b": ["c"]}, {"c": ["d"]}]})")
        << u"a,b,c,d"_s << u""_s << u""_s
        << QStringList{u"cut_by_max_fallbacks a,b,c,d router_settings.max_fallbacks warning"_s,
                       u"unprotected_dependency d,c "_s + fb + u" info"_s};
    QTest::newRow("default max_fallbacks 5 cuts the sixth hop")
        << QByteArray(R"({"fallbacks": [{"g0": ["g1"]}, {"g1": ["g2"]}, {"g2": ["g3"]},
                         {"g3": ["g4"]}, {"g4": ["g5"]}, {"g5": ["g6"]}]})")
        << u"g0,g1,g2,g3,g4,g5,g6"_s << u""_s << u""_s
        << QStringList{
               u"cut_by_max_fallbacks g0,g1,g2,g3,g4,g5,g6 router_settings.max_fallbacks warning"_s,
               u"unprotected_dependency g6,g5 "_s + fb + u" info"_s};
    QTest::newRow("a target cut on one branch but tried on another is not cut")
        << QByteArray(R"({"max_fallbacks": 1, "fallbacks": [{"a": ["b", "c"]}, {"b": ["c"]}]})")
        << u"a,b,c"_s << u""_s << u""_s
        << QStringList{u"unprotected_dependency c,a,b "_s + fb + u" info"_s};
    // Depth first: c is tried under b at depth 2 and skipped under a, so d is never reached.
    QTest::newRow("tried targets are skipped even when a shorter path exists")
        << QByteArray(
               R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c"]}, {"b": ["c"]}, {"c": ["d"]}]})")
        << u"a,b,c,d"_s << u""_s << u""_s
        << QStringList{u"cut_by_max_fallbacks a,b,c,d router_settings.max_fallbacks warning"_s,
                       u"unprotected_dependency d,c "_s + fb + u" info"_s};
    // a tries b at depth 1 and c at depth 2; c, at max_fallbacks, walks no further.
    QTest::newRow("siblings count toward max_fallbacks")
        << QByteArray(R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c"]}, {"c": ["d"]}]})")
        << u"a,b,c,d"_s << u""_s << u""_s
        << QStringList{u"cut_by_max_fallbacks a,c,d router_settings.max_fallbacks warning"_s,
                       u"unprotected_dependency b,a "_s + fb + u" info"_s,
                       u"unprotected_dependency d,c "_s + fb + u" info"_s};
    QTest::newRow("max_fallbacks 0: no fallback at all")
        << QByteArray(R"({"max_fallbacks": 0, "fallbacks": [{"a": ["b"]}]})") << u"a,b"_s << u""_s
        << u""_s
        << QStringList{u"cut_by_max_fallbacks a,b router_settings.max_fallbacks warning"_s,
                       u"unprotected_dependency b,a "_s + fb + u" info"_s};
    QTest::newRow("context window: smaller and equal flagged, larger and unknown not")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b", "c", "d", "e"]}]})")
        << u"a,b,c,d,e"_s << u"a=128000,b=32000,c=128000,d=200000"_s << u""_s
        << QStringList{
               u"smaller_context_window a,b router_settings.context_window_fallbacks warning"_s,
               u"smaller_context_window a,c router_settings.context_window_fallbacks warning"_s};
    QTest::newRow("fallback into its own pool")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}]})") << u"a,b,c"_s << u""_s << u"a,b"_s
        << QStringList{u"same_pool a,b "_s + fb + u" warning"_s,
                       u"unprotected_dependency b,a "_s + fb + u" info"_s,
                       u"unprotected_dependency c,a "_s + fb + u" info"_s};
    QTest::newRow("default_fallbacks into the pool")
        << QByteArray(R"({"default_fallbacks": ["b"]})") << u"a,b"_s << u""_s << u"a,b"_s
        << QStringList{u"same_pool a,b router_settings.default_fallbacks warning"_s,
                       u"unprotected_dependency b,a "_s + fb + u" info"_s};
    QTest::newRow("context-window fallback inside a pool is fine")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})") << u"a,b"_s
        << u"a=8000,b=128000"_s << u"a,b"_s << QStringList{};
}

void TestGraphChecks::findings()
{
    QFETCH(QByteArray, settings);
    QFETCH(QString, groups);
    QFETCH(QString, windows);
    QFETCH(QString, pools);
    QFETCH(QStringList, expected);
    ChainFacts facts;
    facts.groups = names(groups.toUtf8().constData());
    facts.maxInputTokens = ::windows(windows);
    facts.pools = ::pools(pools);
    QCOMPARE(dump(checkChain(chainFromJson(settings.constData()), facts)), expected);
}

void TestGraphChecks::messages_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QString>("windows");
    QTest::addColumn<QString>("expected");

    QTest::newRow("cut")
        << QByteArray(
               R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b"]}, {"b": ["c"]}, {"c": ["d"]}]})")
        << u""_s
        << u"From a the fallback walk reaches max_fallbacks (2; the router counts every target "_s
           u"it tries, siblings included), so d is never tried: a → b → c → d; raise "_s
           u"max_fallbacks to 3 or shorten the chain."_s;
    QTest::newRow("context window")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})") << u"a=128000,b=32000"_s
        << u"a's context-window fallback b takes 32,000 input tokens, fewer than a's 128,000: a "_s
           u"request too long for a is too long for b too; fall back to a group with a larger "_s
           u"window."_s;
    QTest::newRow("cycle")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}, {"b": ["a"]}, {"c": ["a"]}]})") << u""_s
        << u"Fallbacks loop: a → b → a. LiteLLM skips groups a request already "_s
           u"tried, so the walk ends, but these groups carry each other's "_s
           u"overflow and none adds headroom when all are short; remove one "_s
           u"edge, e.g. b → a. (3 groups loop together in all.)"_s;
}

void TestGraphChecks::messages()
{
    QFETCH(QByteArray, settings);
    QFETCH(QString, windows);
    QFETCH(QString, expected);
    ChainFacts facts;
    facts.groups = names("a,b,c,d");
    facts.maxInputTokens = ::windows(windows);
    const auto findings = checkChain(chainFromJson(settings.constData()), facts);
    QVERIFY(!findings.empty());
    QCOMPARE(findings.front().message, expected);
}

// General fallbacks match a group by its name without the provider ("openai/gpt-4" → "gpt-4").
void TestGraphChecks::providerStrippedKeyIsKnown()
{
    ChainFacts facts;
    facts.groups = names("openai/gpt-4,b");
    const auto findings = checkChain(chainFromJson(R"({"fallbacks": [{"gpt-4": ["b"]}]})"), facts);
    for (const ChainFinding &f : findings) {
        QVERIFY2(f.kind != ChainFinding::Kind::UnknownTarget, qPrintable(f.message));
    }
    const auto cw =
        checkChain(chainFromJson(R"({"context_window_fallbacks": [{"gpt-4": ["b"]}]})"), facts);
    // Context-window lists match exact names only: the entry never applies, and the finding says
    // which group it was meant for.
    QCOMPARE(dump(cw), QStringList{u"exact_name_only gpt-4,openai/gpt-4 "_s
                                   u"router_settings.context_window_fallbacks error"_s});
}

void TestGraphChecks::walk_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QString>("expected"); // group+depth in the order tried; then u"cut:"_s pairs

    QTest::newRow("alone") << QByteArray("{}") << u"a0"_s;
    // The router's fallback_depth counts every target tried: c, a's second, is tried at 2.
    QTest::newRow("list order, depth first, siblings counted")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}, {"b": ["d"]}]})") << u"a0 b1 d2 c2"_s;
    QTest::newRow("cycle walked once")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}, {"b": ["a"]}]})") << u"a0 b1"_s;
    // d (depth 2) may not walk on to c, but a tries c itself, at depth 2 too: c's own
    // fallback e is then cut.
    QTest::newRow("cut, then reached another way")
        << QByteArray(R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c"]}, {"b": ["d"]},
                         {"d": ["c"]}, {"c": ["e"]}]})")
        << u"a0 b1 d2 c2 cut:c>e"_s;
    QTest::newRow("siblings count toward max_fallbacks")
        << QByteArray(R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c"]}, {"c": ["d"]}]})")
        << u"a0 b1 c2 cut:c>d"_s;
    QTest::newRow("a list longer than max_fallbacks is tried whole")
        << QByteArray(R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c", "d", "e"]}]})")
        << u"a0 b1 c2 d3 e4"_s;
    QTest::newRow("cut for good")
        << QByteArray(R"({"max_fallbacks": 1, "fallbacks": [{"a": ["b"]}, {"b": ["c"]}]})")
        << u"a0 b1 cut:b>c"_s;
    QTest::newRow("context-window edges are not the general walk")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})") << u"a0"_s;
    QTest::newRow("default_fallbacks are")
        << QByteArray(R"({"default_fallbacks": ["c"]})") << u"a0 c1"_s;
}

void TestGraphChecks::walk()
{
    QFETCH(QByteArray, settings);
    QFETCH(QString, expected);
    const FallbackWalk w =
        generalFallbackWalk(chainFromJson(settings.constData()), names("a,b,c,d,e"), u"a"_s);
    QStringList out;
    for (const WalkStep &s : w.steps) {
        out << s.group + QString::number(s.depth);
    }
    for (const auto &[step, target] : w.cut) {
        out << QStringLiteral("cut:%1>%2").arg(w.steps[std::size_t(step)].group, target);
    }
    QCOMPARE(out.join(u' '), expected);
}

void TestGraphChecks::worstCase_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<int>("expected");

    // num_retries defaults to 2: three attempts a group.
    QTest::newRow("no fallbacks") << QByteArray("{}") << 3;
    QTest::newRow("three groups reached")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}, {"b": ["c"]}]})") << 9;
    QTest::newRow("num_retries 0")
        << QByteArray(R"({"num_retries": 0, "fallbacks": [{"a": ["b"]}]})") << 2;
    QTest::newRow("max_fallbacks 1 stops at b")
        << QByteArray(
               R"({"num_retries": 1, "max_fallbacks": 1, "fallbacks": [{"a": ["b"]}, {"b": ["c"]}]})")
        << 4;
    QTest::newRow("a cycle costs each group once")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}, {"b": ["a"]}]})") << 6;
    QTest::newRow("an unknown target costs nothing upstream")
        << QByteArray(R"({"fallbacks": [{"a": ["gpt-5", "b"]}]})") << 6;
    QTest::newRow("default_fallbacks") << QByteArray(R"({"default_fallbacks": ["c"]})") << 6;
    QTest::newRow("tried targets skipped, depth first")
        << QByteArray(
               R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c"]}, {"b": ["c"]}, {"c": ["d"]}]})")
        << 9;
    QTest::newRow("siblings count toward max_fallbacks: d is never tried")
        << QByteArray(R"({"max_fallbacks": 2, "fallbacks": [{"a": ["b", "c"]}, {"c": ["d"]}]})")
        << 9;
    QTest::newRow("five retries, five groups")
        << QByteArray(R"({"num_retries": 5, "fallbacks": [{"a": ["b", "c", "d", "e"]}]})") << 30;
}

void TestGraphChecks::worstCase()
{
    QFETCH(QByteArray, settings);
    QFETCH(int, expected);
    QCOMPARE(worstCaseAttempts(chainFromJson(settings.constData()), names("a,b,c,d,e"), u"a"_s),
             expected);
}

// 50,000 groups in one loop, max_fallbacks far beyond them (a config.yaml does not bound it):
// no recursion runs the stack out, the loop is found, and the walks stop at their budget with
// a finding that says so.
void TestGraphChecks::enormousChainsStayBounded()
{
    constexpr int kGroups = 50'000;
    FallbackChain chain;
    chain.fallbacks.maxFallbacks = 1'000'000;
    ChainFacts facts;
    for (int i = 0; i < kGroups; ++i) {
        facts.groups.append(QStringLiteral("g%1").arg(i));
    }
    for (int i = 0; i < kGroups; ++i) {
        chain.fallbacks.fallbacks.emplace_back(facts.groups[i],
                                               QStringList{facts.groups[(i + 1) % kGroups]});
    }
    const auto findings = checkChain(chain, facts);
    int loops = 0;
    int stopped = 0;
    for (const ChainFinding &f : findings) {
        if (f.kind == ChainFinding::Kind::Cycle) {
            ++loops;
            QCOMPARE(f.groups.size(), qsizetype(kGroups));
        }
        if (f.kind == ChainFinding::Kind::CutByMaxFallbacks) {
            ++stopped;
            QCOMPARE(f.severity, ChainFinding::Severity::Info);
            QVERIFY(f.message.contains(u"too large"_s));
        }
    }
    QCOMPARE(loops, 1);
    QCOMPARE(stopped, 1);
    // One walk still goes all the way round, once.
    QCOMPARE(FallbackWalker(chain, facts.groups).walk(u"g0"_s).steps.size(), std::size_t(kGroups));
}

// The checks of what LiteLLM itself does with a chain: exact-name lists, retry amplification,
// and an emptied database list that brings config.yaml's back. Each with the words it says.
void TestGraphChecks::litellmChecks_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QString>("groups");
    QTest::addColumn<int>("budget");
    QTest::addColumn<QByteArray>("file"); // the file's router_settings; empty: no file facts
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("about");   // the kind of finding the row is about
    QTest::addColumn<QString>("message"); // the first message of that kind; empty: none

    const QString cw = QStringLiteral("router_settings.context_window_fallbacks");
    QTest::newRow("a wildcard context-window entry never applies")
        << QByteArray(R"({"context_window_fallbacks": [{"*": ["b"]}]})") << u"a,b"_s
        << kDefaultAttemptBudget << QByteArray()
        << QStringList{u"exact_name_only * "_s + cw + u" warning"_s} << u"exact_name_only"_s
        << u"context_window_fallbacks has a \"*\" entry, but LiteLLM matches "_s
           u"context_window_fallbacks by exact group name only, so it never applies; give each "_s
           u"group that needs it an entry of its own."_s;
    QTest::newRow("a provider-stripped content-policy key never applies")
        << QByteArray(R"({"content_policy_fallbacks": [{"gpt-4o": ["b"]}]})")
        << u"openai/gpt-4o,b"_s << kDefaultAttemptBudget << QByteArray()
        << QStringList{u"exact_name_only gpt-4o,openai/gpt-4o "_s
                       u"router_settings.content_policy_fallbacks error"_s}
        << u"exact_name_only"_s
        << u"content_policy_fallbacks has an entry for gpt-4o, which names openai/gpt-4o "_s
           u"without its provider: LiteLLM matches content_policy_fallbacks by exact group name "_s
           u"only, so it never applies; rename the entry to openai/gpt-4o."_s;
    QTest::newRow("the exact name is fine")
        << QByteArray(R"({"context_window_fallbacks": [{"openai/gpt-4o": ["b"]}]})")
        << u"openai/gpt-4o,b"_s << kDefaultAttemptBudget << QByteArray() << QStringList{}
        << u"exact_name_only"_s << QString();
    // num_retries 4: five attempts a group; a reaches a, b, c, d: 20, at the budget, not over.
    QTest::newRow("amplification at the budget is quiet")
        << QByteArray(R"({"num_retries": 4, "fallbacks": [{"a": ["b", "c", "d"]}]})")
        << u"a,b,c,d"_s << 20 << QByteArray()
        << QStringList{u"unprotected_dependency b,a router_settings.fallbacks info"_s,
                       u"unprotected_dependency c,a router_settings.fallbacks info"_s,
                       u"unprotected_dependency d,a router_settings.fallbacks info"_s}
        << u"retry_amplification"_s << QString();
    // One more group reached: 25 attempts; b, c, d alone cost five each.
    QTest::newRow("amplification over the budget")
        << QByteArray(R"({"num_retries": 4, "fallbacks": [{"a": ["b", "c", "d", "e"]}]})")
        << u"a,b,c,d,e"_s << 20 << QByteArray()
        << QStringList{u"retry_amplification a,b,c,d,e router_settings.num_retries warning"_s,
                       u"unprotected_dependency b,a router_settings.fallbacks info"_s,
                       u"unprotected_dependency c,a router_settings.fallbacks info"_s,
                       u"unprotected_dependency d,a router_settings.fallbacks info"_s,
                       u"unprotected_dependency e,a router_settings.fallbacks info"_s}
        << u"retry_amplification"_s
        << u"One request to a may cost 25 upstream attempts (5 groups reached, 5 attempts each "_s
           u"with num_retries 4), over the budget of 20: when providers are short this "_s
           u"multiplies their load; lower num_retries or shorten a's fallbacks."_s;
    // A tighter budget (an operator's own) flags a chain the default lets pass; a cycle's groups
    // each reach the other. An unknown target costs nothing upstream and is not counted.
    QTest::newRow("a tighter budget, a cycle, an unknown target")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "zzz"]}, {"b": ["a"]}]})") << u"a,b"_s << 5
        << QByteArray()
        << QStringList{u"cycle a,b router_settings.fallbacks warning"_s,
                       u"unknown_target a,zzz router_settings.fallbacks error"_s,
                       u"retry_amplification a,b router_settings.num_retries warning"_s,
                       u"retry_amplification b,a router_settings.num_retries warning"_s}
        << u"retry_amplification"_s
        << u"One request to a may cost 6 upstream attempts (2 groups reached, 3 attempts each "_s
           u"with num_retries 2), over the budget of 5: when providers are short this "_s
           u"multiplies their load; lower num_retries or shorten a's fallbacks."_s;
    QTest::newRow("emptying a list the file sets brings the file's back")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})") << u"a,b,c"_s
        << kDefaultAttemptBudget
        << QByteArray(R"({"fallbacks": [{"a": ["c"]}, {"b": ["c"]}], "default_fallbacks": ["c"]})")
        << QStringList{u"file_list_returns a,b router_settings.fallbacks warning"_s,
                       u"file_list_returns c router_settings.default_fallbacks warning"_s}
        << u"file_list_returns"_s
        << u"This leaves fallbacks empty, but LiteLLM reads an empty list in its database as "_s
           u"unset and uses config.yaml's instead (a → [c]; b → [c]): the file's fallbacks come "_s
           u"back rather than none; remove them from the file too, or keep one fallback here."_s;
    QTest::newRow("a list kept, or a file without that list: nothing to say")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}, {"b": ["a"]}]})") << u"a,b"_s
        << kDefaultAttemptBudget
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}], "context_window_fallbacks": []})")
        << QStringList{u"cycle a,b router_settings.fallbacks warning"_s} << u"file_list_returns"_s
        << QString();
}

void TestGraphChecks::litellmChecks()
{
    QFETCH(QByteArray, settings);
    QFETCH(QString, groups);
    QFETCH(int, budget);
    QFETCH(QByteArray, file);
    QFETCH(QStringList, expected);
    QFETCH(QString, about);
    QFETCH(QString, message);
    ChainFacts facts;
    facts.groups = names(groups.toUtf8().constData());
    facts.attemptBudget = budget;
    if (!file.isEmpty()) {
        facts.fileFallbacks = chainFromJson(file.constData()).fallbacks;
    }
    const auto findings = checkChain(chainFromJson(settings.constData()), facts);
    QCOMPARE(dump(findings), expected);
    const auto it = std::find_if(findings.begin(), findings.end(), [&](const ChainFinding &f) {
        return findingKindName(f.kind) == about;
    });
    QCOMPARE(it == findings.end() ? QString() : it->message, message);
}

QTEST_GUILESS_MAIN(TestGraphChecks)
#include "tst_graphchecks.moc"
