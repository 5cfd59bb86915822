// The simulator's admin faults: an error that changes nothing, a connection cut mid-answer
// after the write landed, a write answered as accepted but lost; each strikes once, on the
// write after N that went through, armed by POST /sim/admin-fault or --admin-fault.

#include "adminfault.h"
#include "simclient.h"
#include "simfixture.h"

#include <nlohmann/json.hpp>
#include <QTest>

using namespace headroom;
using namespace headroom::sim;
using namespace Qt::Literals::StringLiterals;
using headroom::test::HttpReply;
using headroom::test::RunningSim;
using headroom::test::SimClient;
using headroom::test::startSim;

namespace {

const QString kScenario = QStringLiteral(HEADROOM_TESTDATA_DIR "/scenarios/push.yaml");

QStringList generalFallbacks(const RunningSim &sim, const QString &group)
{
    for (const auto &[key, targets] : sim.engine->fallbacks().fallbacks) {
        if (key == group) {
            return targets;
        }
    }
    return {};
}

QByteArray setPrimary(const char *target)
{
    return QByteArray(R"({"model": "primary", "fallback_models": [")") + target + "\"]}";
}

} // namespace

class TestSimAdminFault : public QObject {
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void faults_data();
    void faults();
    void strikesAfterN();
    void badArmingBodyIsRefused();
    void armingNeedsTheMasterKey();
    void configUpdateKeepsDroppedKeys();
};

void TestSimAdminFault::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("after");
    QTest::newRow("error") << u"error"_s << true << u"error"_s << 0;
    QTest::newRow("drop after 2") << u"drop:2"_s << true << u"drop"_s << 2;
    QTest::newRow("partial") << u"partial:0"_s << true << u"partial"_s << 0;
    QTest::newRow("off") << u"off"_s << true << u"off"_s << 0;
    QTest::newRow("unknown") << u"explode"_s << false << QString() << 0;
    QTest::newRow("negative") << u"drop:-1"_s << false << QString() << 0;
    QTest::newRow("not a number") << u"drop:x"_s << false << QString() << 0;
    QTest::newRow("empty") << QString() << false << QString() << 0;
}

void TestSimAdminFault::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    const auto fault = parseAdminFault(text);
    QCOMPARE(fault.ok(), ok);
    if (ok) {
        QTEST(adminFaultModeName(fault->mode), "mode");
        QTEST(fault->after, "after");
    } else {
        QVERIFY(!fault.error().message.isEmpty());
    }
}

void TestSimAdminFault::faults_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("status");          // 0: no complete answer
    QTest::addColumn<QStringList>("primary"); // primary's general fallbacks afterwards
    QTest::newRow("error") << u"error"_s << 500 << QStringList{u"spare"_s};
    QTest::newRow("drop") << u"drop"_s << 200 << QStringList{u"long"_s};
    QTest::newRow("partial") << u"partial"_s << 200 << QStringList{u"spare"_s};
}

void TestSimAdminFault::faults()
{
    QFETCH(QString, mode);
    QFETCH(int, status);
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    SimClient client(sim.url, sim.key);
    const HttpReply armed =
        client.post(u"/sim/admin-fault"_s, R"({"mode": ")" + mode.toUtf8() + R"("})");
    QCOMPARE(armed.status, 200);
    QVERIFY(armed.body.contains("Admin fault armed"));

    const HttpReply reply = client.post(u"/fallback"_s, setPrimary("long"));
    QCOMPARE(reply.status, status);
    if (mode == u"drop") {
        // The status line came, the body stopped halfway: not an answer a client can read.
        QVERIFY(!reply.body.isEmpty());
        QVERIFY(!nlohmann::json::accept(reply.body.toStdString()));
    } else if (mode == u"error") {
        QVERIFY(reply.body.contains("nothing was changed"));
    } else {
        QVERIFY(reply.body.contains("successfully"));
    }
    QTEST(generalFallbacks(sim, u"primary"_s), "primary");

    // It struck once: the next write goes through and is answered whole.
    const HttpReply next = client.post(u"/fallback"_s, setPrimary("safe"));
    QCOMPARE(next.status, 200);
    QVERIFY(nlohmann::json::accept(next.body.toStdString()));
    QCOMPARE(generalFallbacks(sim, u"primary"_s), QStringList{u"safe"_s});
    QCOMPARE(sim.server->armedAdminFault().mode, AdminFault::Mode::None);
}

void TestSimAdminFault::strikesAfterN()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    sim.server->armAdminFault({AdminFault::Mode::Error, 2});
    SimClient client(sim.url, sim.key);
    QCOMPARE(client.post(u"/fallback"_s, setPrimary("long")).status, 200);
    QCOMPARE(client.remove(u"/fallback/spare?fallback_type=general"_s).status, 200);
    QCOMPARE(client.post(u"/config/update"_s, R"({"router_settings": {"num_retries": 4}})").status,
             500);
    QCOMPARE(sim.engine->model().spec().settings.numRetries, std::optional(1));
    // Reads are not writes: they neither count nor fail.
    sim.server->armAdminFault({AdminFault::Mode::Error, 0});
    QCOMPARE(client.get(u"/fallback/primary?fallback_type=general"_s).status, 200);
    QCOMPARE(client.get(u"/router/settings"_s).status, 200);
    QCOMPARE(client.post(u"/fallback"_s, setPrimary("safe")).status, 500);
}

void TestSimAdminFault::badArmingBodyIsRefused()
{
    RunningSim sim = startSim(kScenario);
    SimClient client(sim.url, sim.key);
    for (const QByteArray &body :
         {QByteArray("{"), QByteArray(R"({"mode": "boom"})"), QByteArray(R"({"after": 1})"),
          QByteArray(R"({"mode": "drop", "after": -3})"), QByteArray("[]")}) {
        const HttpReply reply = client.post(u"/sim/admin-fault"_s, body);
        QCOMPARE(reply.status, 400);
    }
    QCOMPARE(sim.server->armedAdminFault().mode, AdminFault::Mode::None);
}

void TestSimAdminFault::armingNeedsTheMasterKey()
{
    RunningSim sim = startSim(kScenario);
    SimClient anonymous(sim.url);
    QCOMPARE(anonymous.post(u"/sim/admin-fault"_s, R"({"mode": "error"})").status, 401);
    QCOMPARE(sim.server->armedAdminFault().mode, AdminFault::Mode::None);
}

void TestSimAdminFault::configUpdateKeepsDroppedKeys()
{
    // LiteLLM merges router_settings over what is stored and drops the keys UpdateRouterConfig
    // lacks: a /config/update of num_retries leaves every list and max_fallbacks alone.
    RunningSim sim = startSim(kScenario);
    SimClient client(sim.url, sim.key);
    QCOMPARE(client.post(u"/fallback"_s, setPrimary("long")).status, 200);
    const HttpReply reply =
        client.post(u"/config/update"_s,
                    R"({"router_settings": {"num_retries": 4, "max_fallbacks": 1,
            "content_policy_fallbacks": [], "default_fallbacks": ["spare"]}})");
    QCOMPARE(reply.status, 200);
    const auto &spec = sim.engine->model().spec();
    QCOMPARE(spec.settings.numRetries, std::optional(4));
    QCOMPARE(spec.fallbacks.maxFallbacks, std::optional(3));
    QCOMPARE(spec.fallbacks.contentPolicyFallbacks.size(), std::size_t(1));
    QVERIFY(spec.fallbacks.defaultFallbacks.isEmpty());
    QCOMPARE(generalFallbacks(sim, u"primary"_s), QStringList{u"long"_s});
}

QTEST_GUILESS_MAIN(TestSimAdminFault)
#include "tst_simadminfault.moc"
