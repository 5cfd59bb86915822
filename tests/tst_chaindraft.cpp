// The editor's draft: every edit kind applied, undone and redone (the chain comes back exactly,
// map order and empty entries included), refused edits that change nothing, the draft laid over
// the live chain, and the draft's config.yaml and router_settings JSON read back the same.

#include "chainfixture.h"
#include "config/proxyconfig.h"
#include "config/routersettingsjson.h"
#include "draft/chaindraft.h"

#include <nlohmann/json.hpp>
#include <QTest>

using namespace headroom;
using namespace Qt::StringLiterals;
using headroom::test::chainFromJson;
using headroom::test::names;

Q_DECLARE_METATYPE(headroom::ChainEdit)

namespace {

constexpr auto G = FallbackKind::General;
constexpr auto CW = FallbackKind::ContextWindow;
constexpr auto CP = FallbackKind::ContentPolicy;
constexpr auto D = FallbackKind::Default;

FallbackListRef ref(const char *key, FallbackKind kind = G)
{
    return FallbackListRef{QString::fromUtf8(key), kind};
}

// The routing part of a chain as router_settings JSON, for a readable comparison (the writer
// gives every fallback map, an empty one as []: those are left out here).
QByteArray routing(const FallbackChain &chain)
{
    nlohmann::json json = draftRouterSettingsJson(chain);
    for (auto it = json.begin(); it != json.end();) {
        it = it->is_array() && it->empty() ? json.erase(it) : std::next(it);
    }
    return QByteArray::fromStdString(json.dump());
}

QByteArray normalized(const char *json)
{
    return QByteArray::fromStdString(nlohmann::json::parse(json).dump());
}

// "from>to:kind:change[:liveOrder]" per overlay edge.
QStringList dump(const std::vector<OverlayEdge> &edges)
{
    QStringList out;
    for (const OverlayEdge &e : edges) {
        QString line = QStringLiteral("%1>%2:%3:%4")
                           .arg(e.edge.from, e.edge.to, fallbackKindSetting(e.edge.kind),
                                edgeChangeName(e.change));
        if (e.change == EdgeChange::Moved) {
            line += QStringLiteral(":was%1").arg(e.liveOrder);
        }
        if (e.change == EdgeChange::KindChanged) {
            line += u":was "_s + fallbackKindSetting(e.liveKind);
        }
        out << line;
    }
    return out;
}

const char *kBase = R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
    "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
    "num_retries": 3, "cooldown_time": 7.5})";

} // namespace

class TestChainDraft : public QObject {
    Q_OBJECT
private slots:
    void undoRestoresExactly_data();
    void undoRestoresExactly();
    void refused_data();
    void refused();
    void editsChainTogether();
    void overlay_data();
    void overlay();
    void liveChangesUnderDraft();
    void yamlRoundTrips();
    void jsonRoundTrips();
    void describe();
    void blocking();
    void drawn();
};

void TestChainDraft::undoRestoresExactly_data()
{
    QTest::addColumn<ChainEdit>("edit");
    QTest::addColumn<QByteArray>("after"); // router_settings JSON of the edited chain

    QTest::newRow("add last") << ChainEdit{AddFallback{ref("a"), u"d"_s, -1}}
                              << normalized(R"({"fallbacks": [{"a": ["b", "c", "d"]}, {"*": ["c"]},
                                  {"b": []}], "context_window_fallbacks": [{"a": ["d"]}],
                                  "default_fallbacks": ["d"], "num_retries": 3,
                                  "cooldown_time": 7.5})");
    QTest::newRow("add first") << ChainEdit{AddFallback{ref("a"), u"d"_s, 0}}
                               << normalized(R"({"fallbacks": [{"a": ["d", "b", "c"]}, {"*": ["c"]},
                                   {"b": []}], "context_window_fallbacks": [{"a": ["d"]}],
                                   "default_fallbacks": ["d"], "num_retries": 3,
                                   "cooldown_time": 7.5})");
    QTest::newRow("add to a key without an entry: a new entry, last")
        << ChainEdit{AddFallback{ref("c", CP), u"a"_s, 5}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "content_policy_fallbacks": [{"c": ["a"]}],
            "default_fallbacks": ["d"], "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("add to an empty entry keeps its place")
        << ChainEdit{AddFallback{ref("b"), u"c"_s, -1}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": ["c"]}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("add a default fallback")
        << ChainEdit{AddFallback{ref("x", D), u"a"_s, 0}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["a", "d"],
            "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("remove one of two")
        << ChainEdit{RemoveFallback{ref("a"), u"b"_s}}
        << normalized(R"({"fallbacks": [{"a": ["c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("remove the last one drops the entry")
        << ChainEdit{RemoveFallback{ref("*"), u"c"_s}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("remove the only context-window fallback")
        << ChainEdit{RemoveFallback{ref("a", CW), u"d"_s}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "default_fallbacks": ["d"], "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("remove the last default fallback")
        << ChainEdit{RemoveFallback{ref("a", D), u"d"_s}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "num_retries": 3,
            "cooldown_time": 7.5})");
    QTest::newRow("move down") << ChainEdit{MoveFallback{ref("a"), u"b"_s, 1}}
                               << normalized(R"({"fallbacks": [{"a": ["c", "b"]}, {"*": ["c"]},
                                   {"b": []}], "context_window_fallbacks": [{"a": ["d"]}],
                                   "default_fallbacks": ["d"], "num_retries": 3,
                                   "cooldown_time": 7.5})");
    QTest::newRow("move past the end is last")
        << ChainEdit{MoveFallback{ref("a"), u"b"_s, 9}}
        << normalized(R"({"fallbacks": [{"a": ["c", "b"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("change kind: general to content policy")
        << ChainEdit{ChangeFallbackKind{ref("a"), u"c"_s, CP}}
        << normalized(R"({"fallbacks": [{"a": ["b"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "content_policy_fallbacks": [{"a": ["c"]}],
            "default_fallbacks": ["d"], "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("change kind: the only context-window one to general")
        << ChainEdit{ChangeFallbackKind{ref("a", CW), u"d"_s, G}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c", "d"]}, {"*": ["c"]}, {"b": []}],
            "default_fallbacks": ["d"], "num_retries": 3, "cooldown_time": 7.5})");
    QTest::newRow("change kind: a default edge to the group's own")
        << ChainEdit{ChangeFallbackKind{ref("c", D), u"d"_s, G}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}, {"c": ["d"]}],
            "context_window_fallbacks": [{"a": ["d"]}], "num_retries": 3,
            "cooldown_time": 7.5})");
    QTest::newRow("set num_retries") << ChainEdit{SetRouterSetting{RouterSettingKey::NumRetries, 0}}
                                     << normalized(R"({"fallbacks": [{"a": ["b", "c"]},
                                         {"*": ["c"]}, {"b": []}],
                                         "context_window_fallbacks": [{"a": ["d"]}],
                                         "default_fallbacks": ["d"], "num_retries": 0,
                                         "cooldown_time": 7.5})");
    QTest::newRow("unset cooldown_time")
        << ChainEdit{SetRouterSetting{RouterSettingKey::CooldownTime, std::nullopt}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3})");
    QTest::newRow("set allowed_fails")
        << ChainEdit{SetRouterSetting{RouterSettingKey::AllowedFails, 1}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "allowed_fails": 1, "cooldown_time": 7.5})");
    QTest::newRow("set max_fallbacks")
        << ChainEdit{SetRouterSetting{RouterSettingKey::MaxFallbacks, 2}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "cooldown_time": 7.5, "max_fallbacks": 2})");
    QTest::newRow("set retry_after")
        << ChainEdit{SetRouterSetting{RouterSettingKey::RetryAfter, 0.5}}
        << normalized(R"({"fallbacks": [{"a": ["b", "c"]}, {"*": ["c"]}, {"b": []}],
            "context_window_fallbacks": [{"a": ["d"]}], "default_fallbacks": ["d"],
            "num_retries": 3, "cooldown_time": 7.5, "retry_after": 0.5})");
}

void TestChainDraft::undoRestoresExactly()
{
    QFETCH(ChainEdit, edit);
    QFETCH(QByteArray, after);
    const FallbackChain original = chainFromJson(kBase);
    FallbackChain chain = original;
    const EditOutcome done = applyEdit(chain, edit);
    QVERIFY2(done.ok, qPrintable(done.error));
    QCOMPARE(routing(chain), after);
    const FallbackChain edited = chain;

    const EditSteps redo = applySteps(chain, done.undo);
    QVERIFY(chain == original); // exactly: entry order, the empty entry, every setting
    // The undo's own undo is a redo.
    applySteps(chain, redo);
    QVERIFY(chain == edited);
    // And the edit itself applies again on the restored chain, to the same result.
    chain = original;
    QVERIFY(applyEdit(chain, edit).ok);
    QVERIFY(chain == edited);
}

void TestChainDraft::refused_data()
{
    QTest::addColumn<ChainEdit>("edit");
    QTest::addColumn<QString>("error");

    QTest::newRow("add a duplicate")
        << ChainEdit{AddFallback{ref("a"), u"b"_s, -1}} << u"a's fallbacks already lists b"_s;
    QTest::newRow("add with no name")
        << ChainEdit{AddFallback{ref("a"), u" "_s, -1}} << u"a group needs a name"_s;
    QTest::newRow("remove what is not there")
        << ChainEdit{RemoveFallback{ref("a"), u"x"_s}} << u"a's fallbacks does not list x"_s;
    QTest::newRow("remove from a key with no entry")
        << ChainEdit{RemoveFallback{ref("q", CP), u"a"_s}}
        << u"q's content_policy_fallbacks does not list a"_s;
    QTest::newRow("move what is not there")
        << ChainEdit{MoveFallback{ref("b"), u"a"_s, 0}} << u"b's fallbacks does not list a"_s;
    QTest::newRow("change to the same kind")
        << ChainEdit{ChangeFallbackKind{ref("a"), u"b"_s, G}} << u"b is already a fallbacks edge"_s;
    QTest::newRow("change into a list that has it")
        << ChainEdit{ChangeFallbackKind{ref("a", CW), u"d"_s, D}}
        << u"default_fallbacks already lists d"_s;
    QTest::newRow("a wildcard context-window list")
        << ChainEdit{ChangeFallbackKind{ref("*"), u"c"_s, CW}}
        << u"context_window_fallbacks has no \"*\" entry in LiteLLM (it matches exact group "_s
           u"names only)"_s;
    QTest::newRow("a fraction of a retry")
        << ChainEdit{SetRouterSetting{RouterSettingKey::NumRetries, 1.5}}
        << u"num_retries must be a whole number up to 1000000"_s;
    QTest::newRow("a negative cooldown")
        << ChainEdit{SetRouterSetting{RouterSettingKey::CooldownTime, -1}}
        << u"cooldown_time must be a number of 0 or more"_s;
    QTest::newRow("not a number") << ChainEdit{SetRouterSetting{RouterSettingKey::RetryAfter,
                                                                std::nan("")}}
                                  << u"retry_after must be a number of 0 or more"_s;
}

void TestChainDraft::refused()
{
    QFETCH(ChainEdit, edit);
    QFETCH(QString, error);
    const FallbackChain original = chainFromJson(kBase);
    FallbackChain chain = original;
    const EditOutcome outcome = applyEdit(chain, edit);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error, error);
    QVERIFY(outcome.undo.empty());
    QVERIFY(chain == original);
}

// Edits stacked up and undone in reverse order walk back through every state.
void TestChainDraft::editsChainTogether()
{
    const FallbackChain original = chainFromJson(kBase);
    ChainDraft draft(original);
    QVERIFY(!draft.isDirty());
    const std::vector<ChainEdit> edits{AddFallback{ref("b"), u"d"_s, -1},
                                       MoveFallback{ref("a"), u"c"_s, 0},
                                       ChangeFallbackKind{ref("a"), u"b"_s, CW},
                                       RemoveFallback{ref("*"), u"c"_s},
                                       SetRouterSetting{RouterSettingKey::MaxFallbacks, 1},
                                       RemoveFallback{ref("a"), u"c"_s}};
    std::vector<FallbackChain> states{draft.chain()};
    std::vector<EditSteps> undos;
    for (const ChainEdit &e : edits) {
        const EditOutcome o = draft.apply(e);
        QVERIFY2(o.ok, qPrintable(o.error));
        undos.push_back(o.undo);
        states.push_back(draft.chain());
    }
    QVERIFY(draft.isDirty());
    QCOMPARE(routing(draft.chain()),
             normalized(R"({"fallbacks": [{"b": ["d"]}], "context_window_fallbacks":
                 [{"a": ["d", "b"]}], "default_fallbacks": ["d"], "num_retries": 3,
                 "cooldown_time": 7.5, "max_fallbacks": 1})"));
    for (std::size_t i = undos.size(); i-- > 0;) {
        draft.applySteps(undos[i]);
        QVERIFY2(draft.chain() == states[i], qPrintable(QString::number(i)));
    }
    QVERIFY(!draft.isDirty());
    QVERIFY(draft.chain() == original);
}

void TestChainDraft::overlay_data()
{
    QTest::addColumn<QByteArray>("live");
    QTest::addColumn<QByteArray>("draft");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("same") << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
                          << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
                          << QStringList{u"a>b:fallbacks:unchanged"_s};
    QTest::newRow("added and removed")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
        << QByteArray(R"({"fallbacks": [{"b": ["c"]}]})")
        << QStringList{u"b>c:fallbacks:added"_s, u"a>b:fallbacks:removed"_s};
    QTest::newRow("reordered: both moved")
        << QByteArray(R"({"fallbacks": [{"a": ["b", "c"]}]})")
        << QByteArray(R"({"fallbacks": [{"a": ["c", "b"]}]})")
        << QStringList{u"a>c:fallbacks:moved:was2"_s, u"a>b:fallbacks:moved:was1"_s};
    QTest::newRow("kind changed")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
        << QByteArray(R"({"context_window_fallbacks": [{"a": ["b"]}]})")
        << QStringList{u"a>b:context_window_fallbacks:kind_changed:was fallbacks"_s};
    // The same pair under a second kind, the first kept: an addition, not a kind change.
    QTest::newRow("a second kind for a pair is added")
        << QByteArray(R"({"fallbacks": [{"a": ["b"]}]})")
        << QByteArray(
               R"({"fallbacks": [{"a": ["b"]}], "content_policy_fallbacks": [{"a": ["b"]}]})")
        << QStringList{u"a>b:fallbacks:unchanged"_s, u"a>b:content_policy_fallbacks:added"_s};
    QTest::newRow("a wildcard entry removed takes every group's edge")
        << QByteArray(R"({"fallbacks": [{"*": ["c"]}]})") << QByteArray(R"({})")
        << QStringList{u"a>c:fallbacks:removed"_s, u"b>c:fallbacks:removed"_s,
                       u"c>c:fallbacks:removed"_s};
}

void TestChainDraft::overlay()
{
    QFETCH(QByteArray, live);
    QFETCH(QByteArray, draft);
    QFETCH(QStringList, expected);
    QCOMPARE(dump(overlayDraft(chainFromJson(live.constData()), chainFromJson(draft.constData()),
                               names("a,b,c"))),
             expected);
}

void TestChainDraft::liveChangesUnderDraft()
{
    ChainDraft draft(chainFromJson(R"({"fallbacks": [{"a": ["b"]}]})"));
    // No edits: the draft follows the proxy.
    draft.setLive(chainFromJson(R"({"fallbacks": [{"a": ["c"]}]})"));
    QVERIFY(!draft.liveChangedUnderDraft());
    QVERIFY(!draft.isDirty());
    QCOMPARE(routing(draft.chain()), normalized(R"({"fallbacks": [{"a": ["c"]}]})"));

    QVERIFY(draft.apply(AddFallback{ref("b"), u"c"_s, -1}).ok);
    draft.setLive(chainFromJson(R"({"fallbacks": [{"a": ["c", "b"]}]})"));
    QVERIFY(draft.liveChangedUnderDraft());
    QCOMPARE(draft.liveChanges(), QStringList{u"a fallbacks: [c] → [c, b] (added b)"_s});
    // The draft keeps its edits; the overlay is against the chain in force now.
    QCOMPARE(routing(draft.chain()), normalized(R"({"fallbacks": [{"a": ["c"]}, {"b": ["c"]}]})"));
    QCOMPARE(dump(draft.overlay(names("a,b,c"))),
             (QStringList{u"a>c:fallbacks:unchanged"_s, u"b>c:fallbacks:added"_s,
                          u"a>b:fallbacks:removed"_s}));
    draft.acceptLive();
    QVERIFY(!draft.liveChangedUnderDraft());
    QVERIFY(draft.isDirty());
    draft.discard();
    QVERIFY(!draft.isDirty());
    QCOMPARE(routing(draft.chain()), normalized(R"({"fallbacks": [{"a": ["c", "b"]}]})"));
}

void TestChainDraft::yamlRoundTrips()
{
    const char *file = R"(model_list:
  - model_name: a
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_KEY}
  - model_name: b
    litellm_params: {model: openai/gpt-4o-mini}
router_settings:
  routing_strategy: simple-shuffle
  fallbacks: [{a: [b]}]
  num_retries: 2
general_settings:
  alerting: [slack]
)";
    const auto parsed = parseConfigYaml(file);
    QVERIFY(parsed);
    ChainDraft draft(chainFromJson(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 2})"));
    QVERIFY(draft.apply(AddFallback{ref("b", CW), u"a"_s, -1}).ok);
    QVERIFY(draft.apply(AddFallback{ref("x", D), u"b"_s, -1}).ok);
    QVERIFY(draft.apply(SetRouterSetting{RouterSettingKey::CooldownTime, 12.5}).ok);
    QVERIFY(draft.apply(SetRouterSetting{RouterSettingKey::MaxFallbacks, 3}).ok);
    QVERIFY(draft.apply(SetRouterSetting{RouterSettingKey::NumRetries, std::nullopt}).ok);
    const auto yaml = draftConfigYaml(draft.chain(), parsed.value());
    QVERIFY2(yaml, qPrintable(yaml ? QString() : yaml.error().toString()));
    const auto back = parseConfigYaml(yaml.value().toStdString());
    QVERIFY2(back, yaml.value().constData());
    QVERIFY(back.value().fallbacks == draft.chain().fallbacks);
    QVERIFY(back.value().router == draft.chain().settings);
    // The rest of the file is kept: its deployments, the environment reference, other sections.
    QCOMPARE(back.value().groups(), names("a,b"));
    QVERIFY(yaml.value().contains("os.environ/OPENAI_KEY"));
    QVERIFY(yaml.value().contains("alerting"));

    // A draft with no file behind it writes a config.yaml of its own.
    const auto bare = draftConfigYaml(draft.chain());
    QVERIFY(bare);
    const auto bareBack = parseConfigYaml(bare.value().toStdString());
    QVERIFY2(bareBack, bare.value().constData());
    QVERIFY(bareBack.value().fallbacks == draft.chain().fallbacks);
    QVERIFY(bareBack.value().router == draft.chain().settings);
}

void TestChainDraft::jsonRoundTrips()
{
    ChainDraft draft(chainFromJson(kBase));
    QVERIFY(draft.apply(ChangeFallbackKind{ref("a"), u"b"_s, CP}).ok);
    QVERIFY(draft.apply(SetRouterSetting{RouterSettingKey::RetryAfter, 2.25}).ok);
    QVERIFY(draft.apply(SetRouterSetting{RouterSettingKey::AllowedFails, 0}).ok);
    const nlohmann::json body = draftRouterSettingsJson(draft.chain());
    const auto back = readRouterSettingsJson(body, RouterSettingsUpdate{}, u"/router_settings"_s);
    QVERIFY(back);
    QVERIFY(back.value().fallbacks == draft.chain().fallbacks);
    QVERIFY(back.value().settings == draft.chain().settings);
}

void TestChainDraft::describe()
{
    QCOMPARE(describeEdit(AddFallback{ref("a"), u"b"_s, 1}), u"Add a → b (fallbacks, 2nd)"_s);
    QCOMPARE(describeEdit(AddFallback{ref("a", D), u"b"_s, -1}),
             u"Add every group → b (default_fallbacks)"_s);
    QCOMPARE(describeEdit(RemoveFallback{ref("a", CW), u"b"_s}),
             u"Remove a → b (context_window_fallbacks)"_s);
    QCOMPARE(describeEdit(MoveFallback{ref("a"), u"b"_s, 0}), u"Move a → b to 1st (fallbacks)"_s);
    QCOMPARE(describeEdit(ChangeFallbackKind{ref("a"), u"b"_s, CP}),
             u"Make a → b content_policy_fallbacks (was fallbacks)"_s);
    QCOMPARE(describeEdit(SetRouterSetting{RouterSettingKey::CooldownTime, 12.5}),
             u"Set cooldown_time to 12.5"_s);
    QCOMPARE(describeEdit(SetRouterSetting{RouterSettingKey::NumRetries, std::nullopt}),
             u"Set num_retries to LiteLLM's default (2)"_s);
}

// A draft's errors block applying it; its warnings do not. A warning keeps its identity while
// another part of the draft changes.
void TestChainDraft::blocking()
{
    ChainFacts facts;
    facts.groups = names("a,b,c");
    ChainDraft draft(chainFromJson(R"({"fallbacks": [{"a": ["b"]}, {"b": ["a"]}]})"));
    auto findings = checkChain(draft.chain(), facts);
    QVERIFY(!blocksApply(findings)); // a loop is a warning
    QCOMPARE(findingId(findings.front()), u"cycle|a,b|router_settings.fallbacks"_s);
    QVERIFY(draft.apply(AddFallback{ref("c"), u"c"_s, -1}).ok); // a self-fallback: an error
    findings = checkChain(draft.chain(), facts);
    QVERIFY(blocksApply(findings));
    QVERIFY(draft.apply(RemoveFallback{ref("c"), u"c"_s}).ok);
    QVERIFY(draft.apply(AddFallback{ref("c"), u"nope"_s, -1}).ok); // an unknown target too
    findings = checkChain(draft.chain(), facts);
    QVERIFY(blocksApply(findings));
    QVERIFY(draft.apply(RemoveFallback{ref("c"), u"nope"_s}).ok);
    QVERIFY(draft.apply(AddFallback{ref("c"), u"a"_s, -1}).ok);
    findings = checkChain(draft.chain(), facts);
    QVERIFY(!blocksApply(findings));
    QCOMPARE(findingId(findings.front()), u"cycle|a,b|router_settings.fallbacks"_s);
}

// What the graph draws while editing: the draft, and every edge it removed back at the end of
// its list, so the removed edge is drawn (as removed) where it was.
void TestChainDraft::drawn()
{
    const FallbackChain live = chainFromJson(
        R"({"fallbacks": [{"a": ["b", "c"]}], "context_window_fallbacks": [{"b": ["c"]}]})");
    FallbackChain draft = live;
    QVERIFY(applyEdit(draft, RemoveFallback{ref("a"), u"b"_s}).ok);
    QVERIFY(applyEdit(draft, RemoveFallback{ref("b", CW), u"c"_s}).ok);
    QVERIFY(applyEdit(draft, AddFallback{ref("c"), u"a"_s, -1}).ok);
    const FallbackChain shown = drawnChain(live, draft, names("a,b,c"));
    QCOMPARE(routing(shown), normalized(R"({"fallbacks": [{"a": ["c", "b"]}, {"c": ["a"]}],
                 "context_window_fallbacks": [{"b": ["c"]}]})"));
    QCOMPARE(dump(overlayDraft(live, draft, names("a,b,c"))),
             (QStringList{u"a>c:fallbacks:moved:was2"_s, u"c>a:fallbacks:added"_s,
                          u"a>b:fallbacks:removed"_s, u"b>c:context_window_fallbacks:removed"_s}));
    // A removed wildcard edge comes back once, in the "*" entry.
    const FallbackChain wild = chainFromJson(R"({"fallbacks": [{"*": ["c"]}]})");
    QCOMPARE(routing(drawnChain(wild, chainFromJson("{}"), names("a,b,c"))),
             normalized(R"({"fallbacks": [{"*": ["c"]}]})"));
}

QTEST_GUILESS_MAIN(TestChainDraft)
#include "tst_chaindraft.moc"
