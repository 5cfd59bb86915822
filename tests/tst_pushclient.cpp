// The push client against headroom-sim on 127.0.0.1: an accepted change is verified on
// read-back; each admin fault (a refusal, a connection cut mid-answer, a write lost) leaves the
// proxy as it was, read back and compared, and the message says what happened.

#include "chainfixture.h"
#include "networkservice.h"
#include "pushclient.h"
#include "simfixture.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::Literals::StringLiterals;
using headroom::push::PushOutcome;
using headroom::sim::AdminFault;
using headroom::test::chainFromJson;
using headroom::test::RunningSim;
using headroom::test::startSim;

namespace {

const QString kScenario = QStringLiteral(HEADROOM_TESTDATA_DIR "/scenarios/push.yaml");

// What the simulated proxy runs right now (its ground truth, not a read through HTTP).
FallbackChain running(const RunningSim &sim)
{
    FallbackChain chain;
    chain.fallbacks = sim.engine->fallbacks();
    chain.settings = sim.engine->model().spec().settings;
    return chain;
}

// push.yaml's chain with three changes, one per kind of call: primary's general list
// (POST /fallback), num_retries (POST /config/update), spare's list removed (DELETE).
FallbackChain threeCallDraft()
{
    return chainFromJson(R"({"fallbacks": [{"primary": ["long", "spare"]}],
        "context_window_fallbacks": [{"primary": ["long"]}],
        "content_policy_fallbacks": [{"primary": ["safe"]}],
        "num_retries": 3, "cooldown_time": 10, "max_fallbacks": 3})");
}

PushTarget targetOf(const RunningSim &sim)
{
    PushTarget target;
    target.base = sim.url;
    target.authorization = "Bearer " + sim.key.toUtf8();
    target.timeoutMs = 5000;
    return target;
}

bool runPush(PushClient &client, const FallbackChain &desired, bool dryRun = false)
{
    QSignalSpy done(&client, &PushClient::finished);
    if (!client.start(desired, dryRun)) {
        return false;
    }
    return done.wait(20000);
}

QStringList phases(const PushResult &result)
{
    QStringList out;
    for (const PushStep &step : result.steps) {
        if (out.isEmpty() || out.back() != pushPhaseName(step.phase)) {
            out.append(pushPhaseName(step.phase));
        }
    }
    return out;
}

} // namespace

class TestPushClient : public QObject {
    Q_OBJECT
private slots:
    void acceptedAndVerified();
    void faultsLeaveTheProxyAsItWas_data();
    void faultsLeaveTheProxyAsItWas();
    void restoreThatFailsIsLoud();
    void dryRunSendsNothing();
    void nothingToDo();
    void unreachable();
    void refusedKey();
};

void TestPushClient::acceptedAndVerified()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    NetworkService network;
    PushClient client(network, targetOf(sim));
    QSignalSpy planned(&client, &PushClient::planned);
    QSignalSpy started(&client, &PushClient::stepStarted);
    QSignalSpy finishedSteps(&client, &PushClient::stepFinished);
    const FallbackChain desired = threeCallDraft();
    QVERIFY(runPush(client, desired));
    const PushResult &result = client.result();
    QCOMPARE(result.outcome, PushOutcome::Verified);
    QVERIFY2(result.message.contains(u"verified"_s), qPrintable(result.message));
    QCOMPARE(planned.count(), 1);
    QCOMPARE(result.plan.calls.size(), std::size_t(3));
    QCOMPARE(result.accepted, 3);
    QVERIFY(result.mismatches.isEmpty());
    // The simulator now runs exactly the draft.
    QCOMPARE(push::diffChains(running(sim), desired).lines(), QStringList{});
    // Every step reported, begun and ended, and all well.
    QCOMPARE(started.count(), int(result.steps.size()));
    QCOMPARE(finishedSteps.count(), int(result.steps.size()));
    for (const PushStep &step : result.steps) {
        QVERIFY2(step.done && step.ok, qPrintable(step.line + u": "_s + step.detail));
    }
    QCOMPARE(phases(result), (QStringList{u"read"_s, u"apply"_s, u"verify"_s}));
}

void TestPushClient::faultsLeaveTheProxyAsItWas_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("after");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("said");

    QTest::newRow("first call refused")
        << u"error"_s << 0 << int(PushOutcome::Refused) << u"was refused: HTTP 500"_s;
    QTest::newRow("second call refused")
        << u"error"_s << 1 << int(PushOutcome::RolledBack) << u"was refused: HTTP 500"_s;
    QTest::newRow("last call refused")
        << u"error"_s << 2 << int(PushOutcome::RolledBack) << u"DELETE /fallback/spare"_s;
    QTest::newRow("connection cut on the first")
        << u"drop"_s << 0 << int(PushOutcome::RolledBack) << u"connection broke"_s;
    QTest::newRow("connection cut on the last")
        << u"drop"_s << 2 << int(PushOutcome::RolledBack) << u"may or may not have landed"_s;
    QTest::newRow("first write lost")
        << u"partial"_s << 0 << int(PushOutcome::RolledBack) << u"does not hold the change"_s;
    QTest::newRow("settings write lost")
        << u"partial"_s << 1 << int(PushOutcome::RolledBack) << u"num_retries"_s;
}

void TestPushClient::faultsLeaveTheProxyAsItWas()
{
    QFETCH(QString, mode);
    QFETCH(int, after);
    QFETCH(int, outcome);
    QFETCH(QString, said);
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const FallbackChain before = running(sim);
    const auto fault = sim::parseAdminFault(mode);
    QVERIFY(fault);
    sim.server->armAdminFault({fault->mode, after});

    NetworkService network;
    PushClient client(network, targetOf(sim));
    QVERIFY(runPush(client, threeCallDraft()));
    const PushResult &result = client.result();
    QVERIFY2(result.outcome == PushOutcome(outcome),
             qPrintable(push::pushOutcomeName(result.outcome) + u": "_s + result.message));
    QVERIFY2(result.message.contains(said), qPrintable(result.message));
    QVERIFY(!push::pushSucceeded(result.outcome));
    // The proxy runs what it ran before, in every list and setting.
    QCOMPARE(push::diffChains(before, running(sim)).lines(), QStringList{});
    QVERIFY(result.restoreMismatches.isEmpty());
    // And the client checked that itself: its last steps read the proxy back.
    QVERIFY(!result.steps.empty());
    QCOMPARE(result.steps.back().phase, PushStep::Phase::RestoreReadBack);
    QVERIFY(result.steps.back().ok);
}

void TestPushClient::restoreThatFailsIsLoud()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const FallbackChain before = running(sim);
    sim.server->armAdminFault({AdminFault::Mode::Error, 1});
    NetworkService network;
    PushClient client(network, targetOf(sim));
    // When the push fails, the proxy refuses the restore's first write too.
    connect(&client, &PushClient::stepFinished, this, [&](int index) {
        const PushStep &step = client.result().steps[std::size_t(index)];
        if (step.phase == PushStep::Phase::Apply && !step.ok) {
            sim.server->armAdminFault({AdminFault::Mode::Error, 0});
        }
    });
    QVERIFY(runPush(client, threeCallDraft()));
    const PushResult &result = client.result();
    QCOMPARE(result.outcome, PushOutcome::RollbackFailed);
    QVERIFY2(result.message.startsWith(u"HALF APPLIED"_s), qPrintable(result.message));
    QVERIFY(result.message.contains(u"Restoring what was there failed too"_s));
    // It is true: the first call landed and nothing undid it.
    QVERIFY(!push::diffChains(before, running(sim)).empty());
}

void TestPushClient::dryRunSendsNothing()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const FallbackChain before = running(sim);
    NetworkService network;
    PushClient client(network, targetOf(sim));
    QVERIFY(runPush(client, threeCallDraft(), true));
    QCOMPARE(client.result().outcome, PushOutcome::DryRun);
    QCOMPARE(client.result().plan.calls.size(), std::size_t(3));
    QCOMPARE(client.result().steps.size(), std::size_t(1)); // the one read
    QCOMPARE(push::diffChains(before, running(sim)).lines(), QStringList{});
}

void TestPushClient::nothingToDo()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    NetworkService network;
    PushClient client(network, targetOf(sim));
    QVERIFY(runPush(client, running(sim)));
    QCOMPARE(client.result().outcome, PushOutcome::NothingToDo);
    // max_fallbacks alone: no call can carry it, and the client says so instead of sending.
    FallbackChain desired = running(sim);
    desired.fallbacks.maxFallbacks = 1;
    QVERIFY(runPush(client, desired));
    QCOMPARE(client.result().outcome, PushOutcome::NothingToDo);
    QCOMPARE(client.result().plan.uncarried.size(), std::size_t(1));
    QVERIFY(client.result().message.contains(u"cannot be carried"_s));
    QCOMPARE(sim.engine->fallbacks().maxFallbacks, std::optional(3));
}

void TestPushClient::unreachable()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close(); // nobody listens there now
    NetworkService network;
    PushTarget target;
    target.base = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    PushClient client(network, target);
    QVERIFY(runPush(client, threeCallDraft()));
    QCOMPARE(client.result().outcome, PushOutcome::Unreachable);
    QVERIFY(client.result().message.contains(u"Nothing was sent"_s));
}

void TestPushClient::refusedKey()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    NetworkService network;
    PushTarget target = targetOf(sim);
    target.authorization = "Bearer sk-not-the-master-key";
    PushClient client(network, target);
    QVERIFY(runPush(client, threeCallDraft()));
    QCOMPARE(client.result().outcome, PushOutcome::Unreachable);
    QVERIFY2(client.result().message.contains(u"401"_s), qPrintable(client.result().message));
    QVERIFY(!client.result().message.contains(u"sk-not-the-master-key"_s));
}

QTEST_GUILESS_MAIN(TestPushClient)
#include "tst_pushclient.moc"
