// The configured chain end to end against headroom-sim: it arrives with the first sample, is
// read again every 30 s (not every poll), a POST /fallback to the simulator changes it and a
// config_changed event says how; a key that is no admin's gets the chain's problem (and what to
// do) while the rest of the poll goes on; a config.yaml named instead is read from disk.

#include "livesession.h"
#include "sample/samplejson.h"
#include "sampletable.h"
#include "simclient.h"
#include "simfixture.h"

#include <nlohmann/json.hpp>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::RunningSim;
using headroom::test::SimClient;

namespace {

ProxySourceConfig configFor(const RunningSim &sim, const QString &key)
{
    ProxySourceConfig config;
    config.url = sim.url;
    config.key = key;
    config.intervalMs = 60000; // the test polls by hand
    return config;
}

bool pollAndWait(LiveSession &session)
{
    QSignalSpy finished(&session, &LiveSession::pollFinished);
    session.pollNow();
    return finished.wait(10000);
}

QStringList messagesOf(const MetricsStore &store, EventKind kind)
{
    QStringList out;
    for (const Event &e : store.events().events()) {
        if (e.kind == kind) {
            out << e.message;
        }
    }
    return out;
}

} // namespace

class TestChainLive : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void chainArrivesAndChangesAreEvents();
    void readEveryHalfMinuteNotEveryPoll();
    void nonAdminKeyGetsTheProblem();
    void configFileInstead();
    void inspectPrintsTheChain();
};

void TestChainLive::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestChainLive::chainArrivesAndChangesAreEvents()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral("cascade")));
    ProxySourceConfig config = configFor(sim, sim.key);
    config.routerSettingsIntervalMs = 0; // read it on every poll here
    LiveSession session(config);
    QSignalSpy chainChanged(&session, &LiveSession::chainChanged);
    QVERIFY(pollAndWait(session));
    // The checks run off the UI thread; their result follows the sample.
    QTRY_COMPARE(chainChanged.count(), 1);
    const auto chain = session.chain();
    QVERIFY(chain);
    QVERIFY2(chain->known(), qPrintable(chain->origin.problem));
    QCOMPARE(chain->origin.kind, ChainOrigin::Kind::ProxyAdmin);
    QCOMPARE(chain->origin.where, sim.url.toString() + QStringLiteral("/router/settings"));
    // cascade.yaml: gpt-4o → [gpt-4o-mini, claude-sonnet], gpt-4o-mini → [claude-sonnet].
    const FallbackMap expected = {
        {QStringLiteral("gpt-4o"),
         {QStringLiteral("gpt-4o-mini"), QStringLiteral("claude-sonnet")}},
        {QStringLiteral("gpt-4o-mini"), {QStringLiteral("claude-sonnet")}}};
    QCOMPARE(chain->fallbacks.fallbacks, expected);
    QCOMPARE(chain->settings.numRetries, std::optional<int>(2));
    // The sample carries the very value the session holds.
    QCOMPARE(session.store().latestSampleShared()->chain, chain);
    // claude-sonnet is everyone's last resort and has no fallback of its own.
    QCOMPARE(session.findings().size(), std::size_t(1));
    QCOMPARE(session.findings()[0].kind, ChainFinding::Kind::UnprotectedDependency);
    QCOMPARE(session.findings()[0].groups,
             (QStringList{QStringLiteral("claude-sonnet"), QStringLiteral("gpt-4o"),
                          QStringLiteral("gpt-4o-mini")}));

    // Read again, unchanged: one value, no signal, no event.
    QVERIFY(pollAndWait(session));
    QTest::qWait(200);
    QCOMPARE(chainChanged.count(), 1);
    QCOMPARE(session.chain(), chain);
    QVERIFY(messagesOf(session.store(), EventKind::ConfigChanged).isEmpty());

    // An operator changes the chain on the proxy.
    SimClient client(sim.url, sim.key);
    const auto pushed = client.post(
        QStringLiteral("/fallback"),
        R"({"model": "gpt-4o", "fallback_models": ["claude-sonnet"], "fallback_type": "general"})");
    QCOMPARE(pushed.status, 200);
    QVERIFY(pollAndWait(session));
    QTRY_COMPARE(chainChanged.count(), 2);
    QCOMPARE(session.chain()->fallbacks.fallbacks[0].second,
             QStringList{QStringLiteral("claude-sonnet")});
    QCOMPARE(messagesOf(session.store(), EventKind::ConfigChanged),
             QStringList{QStringLiteral("fallback config changed: gpt-4o fallbacks: "
                                        "[gpt-4o-mini, claude-sonnet] → [claude-sonnet] "
                                        "(removed gpt-4o-mini)")});
}

void TestChainLive::readEveryHalfMinuteNotEveryPoll()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral("healthy")));
    LiveSession session(configFor(sim, sim.key));
    QSignalSpy chainChanged(&session, &LiveSession::chainChanged);
    QVERIFY(pollAndWait(session));
    QVERIFY(session.source().lastEndpoints().contains(QStringLiteral("/router/settings")));
    QTRY_COMPARE(chainChanged.count(), 1);
    const auto chain = session.chain();
    QVERIFY(chain);
    QVERIFY(pollAndWait(session));
    QVERIFY(!session.source().lastEndpoints().contains(QStringLiteral("/router/settings")));
    // The chain read on the first poll still rides in the second sample.
    QCOMPARE(session.store().latestSampleShared()->chain, chain);
}

void TestChainLive::nonAdminKeyGetsTheProblem()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral("production")));
    QVERIFY(!sim.engine->scenario().virtualKeys.isEmpty());
    ProxySourceConfig config = configFor(sim, sim.engine->scenario().virtualKeys.constFirst());
    config.routerSettingsIntervalMs = 0; // would be every poll, were the key not refused
    LiveSession session(config);
    QSignalSpy chainChanged(&session, &LiveSession::chainChanged);
    QVERIFY(pollAndWait(session));
    // The poll itself is fine: the key may read models and metrics.
    QVERIFY(session.lastOutcome());
    QVERIFY2(session.lastOutcome()->state == PollOutcome::State::Ok ||
                 session.lastOutcome()->state == PollOutcome::State::Slow,
             qPrintable(session.lastOutcome()->summary(session.proxy())));
    QCOMPARE(session.store().latestSampleShared()->groups.size(), std::size_t(13));
    QTRY_COMPARE(chainChanged.count(), 1);
    const auto chain = session.chain();
    QVERIFY(chain);
    QVERIFY(!chain->known());
    QVERIFY(chain->fallbacks.fallbacks.empty());
    for (const char *words : {"cannot read the router settings", "HTTP 401", "Only proxy admin",
                              "master key", "--config"}) {
        QVERIFY2(chain->origin.problem.contains(QLatin1String(words)),
                 qPrintable(chain->origin.problem));
    }
    // The key never shows in what the chain says.
    QVERIFY(!chain->origin.problem.contains(sim.engine->scenario().virtualKeys.constFirst()));
    QVERIFY(!chain->origin.where.contains(sim.engine->scenario().virtualKeys.constFirst()));
    // Without a chain the pools still come from the deployments: one Azure deployment, two groups.
    QCOMPARE(session.pools().size(), std::size_t(1));
    // A refusal that will not pass by itself is asked again only every ten minutes (each one
    // is an auth error in the proxy's logs), or when asked for.
    QVERIFY(pollAndWait(session));
    QVERIFY(!session.source().lastEndpoints().contains(QStringLiteral("/router/settings")));
    session.refreshChain();
    QVERIFY(pollAndWait(session));
    QVERIFY(session.source().lastEndpoints().contains(QStringLiteral("/router/settings")));
}

void TestChainLive::configFileInstead()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral("production")));
    ProxySourceConfig config = configFor(sim, sim.engine->scenario().virtualKeys.constFirst());
    config.configFile = QStringLiteral(HEADROOM_SCENARIOS_DIR "/production.yaml");
    LiveSession session(config);
    QSignalSpy chainChanged(&session, &LiveSession::chainChanged);
    QVERIFY(pollAndWait(session));
    QVERIFY(!session.source().lastEndpoints().contains(QStringLiteral("/router/settings")));
    QTRY_COMPARE(chainChanged.count(), 1);
    const auto chain = session.chain();
    QVERIFY(chain);
    QVERIFY2(chain->known(), qPrintable(chain->origin.problem));
    QCOMPARE(chain->origin.kind, ChainOrigin::Kind::ConfigFile);
    QCOMPARE(chain->fallbacks.fallbacks.size(), std::size_t(9));
    QCOMPARE(session.store().latestSampleShared()->chain, chain);
    // The file's keys (as fingerprints) join the api_base pool: still one pool of two groups.
    QCOMPARE(session.pools().size(), std::size_t(1));
    QCOMPARE(session.pools()[0].groups,
             (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-batch")}));
    QVERIFY(session.pools()[0].reason.contains(QStringLiteral("one credential")));
    bool samePool = false;
    for (const ChainFinding &f : session.findings()) {
        samePool = samePool || f.kind == ChainFinding::Kind::SamePool;
    }
    QVERIFY(samePool);
}

// What `headroom inspect` prints of the chain, table and JSON, for cascade.yaml's chain:
// gpt-4o → [gpt-4o-mini, claude-sonnet], gpt-4o-mini → [claude-sonnet], num_retries 2.
void TestChainLive::inspectPrintsTheChain()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral("cascade")));
    LiveSession session(configFor(sim, sim.key));
    QVERIFY(pollAndWait(session));
    const auto sample = session.store().latestSampleShared();
    QVERIFY(sample && sample->chain);

    const QString table = formatSampleTable(*sample);
    for (const char *line : {"Fallback chain from the proxy (GET ", "gpt-4o-mini, claude-sonnet",
                             "WORST-CASE ATTEMPTS", "unprotected_dependency"}) {
        QVERIFY2(table.contains(QLatin1String(line)), line);
    }

    const nlohmann::json json = sampleToJson(*sample);
    const nlohmann::json &chain = json.at("chain");
    QCOMPARE(chain.at("origin").at("kind").get<std::string>(), std::string("proxy_admin"));
    QVERIFY(chain.at("known").get<bool>());
    QCOMPARE(chain.at("router_settings").at("num_retries").get<int>(), 2);
    // Three attempts a group (1 + num_retries): gpt-4o reaches gpt-4o-mini, then claude-sonnet
    // under it (claude-sonnet, its second target, is then skipped as tried).
    const nlohmann::json &attempts = chain.at("worst_case_attempts");
    QCOMPARE(attempts.at("gpt-4o").get<int>(), 9);
    QCOMPARE(attempts.at("gpt-4o-mini").get<int>(), 6);
    QCOMPARE(attempts.at("claude-sonnet").get<int>(), 3);
    QCOMPARE(chain.at("findings").size(), std::size_t(1));
    QCOMPARE(chain.at("findings")[0].at("kind").get<std::string>(),
             std::string("unprotected_dependency"));
}

QTEST_GUILESS_MAIN(TestChainLive)
#include "tst_chainlive.moc"
