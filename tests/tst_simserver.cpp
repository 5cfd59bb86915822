// headroom-sim over real HTTP on 127.0.0.1 (port 0): every endpoint read back through Headroom's
// own parsers equals the scenario's ground truth; auth, saturation and admin changes behave as
// LiteLLM's do.

#include "demoproxy.h"
#include "formats/errorenvelope.h"
#include "formats/healthbody.h"
#include "formats/modelgroupinfo.h"
#include "formats/modelinfo.h"
#include "prom/litellmmetrics.h"
#include "simclient.h"
#include "simengine.h"
#include "simfixture.h"
#include "simserver.h"

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <QTest>

using namespace headroom;
using headroom::test::HttpReply;
using headroom::test::RunningSim;
using headroom::test::SimClient;
using headroom::test::startSim;

namespace {

QString builtIn(const char *name)
{
    return QStringLiteral(":/headroom/scenarios/%1.yaml").arg(QLatin1String(name));
}

QString testScenario(const char *name)
{
    return QStringLiteral(HEADROOM_TESTDATA_DIR "/scenarios/%1.yaml").arg(QLatin1String(name));
}

QByteArray chat(const char *model)
{
    return QByteArray(R"({"model": ")") + model +
           R"(", "messages": [{"role": "user", "content": "hello there"}], "max_tokens": 50})";
}

double whole(double value)
{
    return std::floor(value + 1e-9);
}

} // namespace

class TestSimServer : public QObject {
    Q_OBJECT
private slots:
    void endpointsMatchGroundTruth_data();
    void endpointsMatchGroundTruth();
    void metricsMatchGroundTruth_data();
    void metricsMatchGroundTruth();
    void legacyAndDisabledMetrics();
    void authIsEnforced_data();
    void authIsEnforced();
    void saturationAnswers429WithEnvelope();
    void adminFallbackChangesRoutingOnNextRequest();
    void garbageAdminBodyLeavesStateAlone_data();
    void garbageAdminBodyLeavesStateAlone();
    void withoutDatabaseRuntimeChangesAreRefused();
    void configUpdateReplacesRouterSettings();
    void healthShowsOutages();
    void unknownPathIs404();
    void demoProxyServesCascade();
};

void TestSimServer::endpointsMatchGroundTruth_data()
{
    QTest::addColumn<QString>("scenario");
    for (const char *name : {"cascade", "healthy", "shared-quota", "flaky"}) {
        QTest::newRow(name) << builtIn(name);
    }
}

void TestSimServer::endpointsMatchGroundTruth()
{
    QFETCH(QString, scenario);
    RunningSim sim = startSim(scenario);
    QVERIFY(sim.engine);
    QVERIFY(sim.url.port() > 0);
    SimClient client(sim.url, sim.key);
    const auto &truth = sim.engine->scenario().config;

    const HttpReply readinessReply = client.get(QStringLiteral("/health/readiness"));
    QCOMPARE(readinessReply.status, 200);
    const auto readiness = parseReadiness(readinessReply.view());
    QVERIFY(readiness.ok());
    QVERIFY(readiness->isReady());
    QVERIFY(readiness->hasPrometheusCallback());
    QCOMPARE(readiness->db,
             truth.storeModelInDb ? QStringLiteral("connected") : QStringLiteral("Not connected"));

    const HttpReply alive = client.get(QStringLiteral("/health/liveliness"));
    QCOMPARE(parseLiveliness(alive.view()).value(), QStringLiteral("I'm alive!"));

    for (const QString &path : {QStringLiteral("/model/info"), QStringLiteral("/v1/model/info")}) {
        const HttpReply reply = client.get(path);
        QCOMPARE(reply.status, 200);
        const auto deployments = parseModelInfo(reply.view());
        QVERIFY2(deployments.ok(),
                 qPrintable(deployments.ok() ? QString() : deployments.error().toString()));
        QCOMPARE(deployments->size(), truth.deployments.size());
        for (std::size_t i = 0; i < truth.deployments.size(); ++i) {
            const Deployment &got = deployments->at(i);
            const Deployment &want = truth.deployments[i];
            QCOMPARE(got.group, want.group);
            QCOMPARE(got.id, want.id);
            QCOMPARE(got.model, want.model);
            QCOMPARE(got.provider, want.provider);
            QCOMPARE(got.apiBase, want.apiBase);
            QCOMPARE(got.rpm, want.rpm);
            QCOMPARE(got.tpm, want.tpm);
            // Like LiteLLM, the simulator never sends credentials.
            QVERIFY(got.credentialFingerprint.isEmpty());
        }
    }
    const QString firstId = truth.deployments.front().id;
    const HttpReply single = client.get(QStringLiteral("/model/info?litellm_model_id=") + firstId);
    QCOMPARE(parseModelInfo(single.view())->front().id, firstId);
    QCOMPARE(client.get(QStringLiteral("/model/info?litellm_model_id=nope")).status, 404);

    const HttpReply groupReply = client.get(QStringLiteral("/model_group/info"));
    const auto groups = parseModelGroupInfo(groupReply.view());
    QVERIFY(groups.ok());
    QCOMPARE(qsizetype(groups->size()), truth.groups().size());
    for (const ModelGroupInfo &g : groups.value()) {
        std::optional<qint64> rpm;
        QStringList providers;
        for (const Deployment &d : truth.deployments) {
            if (d.group == g.group) {
                if (d.rpm) {
                    rpm = rpm.value_or(0) + *d.rpm;
                }
                if (!providers.contains(d.provider)) {
                    providers << d.provider;
                }
            }
        }
        QCOMPARE(g.rpm, rpm);
        QCOMPARE(g.providers, providers);
    }

    const HttpReply models = client.get(QStringLiteral("/v1/models"));
    const auto list = nlohmann::json::parse(models.body.toStdString());
    QCOMPARE(qsizetype(list.at("data").size()), truth.groups().size());

    const HttpReply health = client.get(QStringLiteral("/health"));
    const auto report = parseHealth(health.view());
    QVERIFY(report.ok());
    QCOMPARE(report->healthy.size() + report->unhealthy.size(), truth.deployments.size());
    QCOMPARE(report->healthyCount.value_or(-1), int(report->healthy.size()));
}

void TestSimServer::metricsMatchGroundTruth_data()
{
    endpointsMatchGroundTruth_data();
}

void TestSimServer::metricsMatchGroundTruth()
{
    QFETCH(QString, scenario);
    RunningSim sim = startSim(scenario);
    QVERIFY(sim.engine);
    sim.engine->advanceBy(150);
    SimClient client(sim.url, sim.key);
    const HttpReply reply = client.get(QStringLiteral("/metrics"));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("content-type").startsWith("text/plain; version=0.0.4"));
    prom::ParseOptions strict;
    strict.lenientWhitespace = false;
    const auto metrics = parseLiteLlmMetrics(reply.view(), strict);
    QVERIFY2(metrics.ok(), qPrintable(metrics.ok() ? QString() : metrics.error().toString()));
    QCOMPARE(metrics->naming, MetricNaming::Current);

    const router::RouterModel &model = sim.engine->model();
    double served = 0;
    for (const auto &truth : model.deploymentCounters()) {
        served += truth.successes;
        const DeploymentMetrics *got = metrics->deployment(truth.id);
        if (whole(truth.successes) + whole(truth.failures) == 0) {
            continue;
        }
        QVERIFY2(got, qPrintable(truth.id));
        QCOMPARE(got->successTotal, whole(truth.successes));
        QCOMPARE(got->failureTotal, whole(truth.failures));
        QCOMPARE(got->rateLimitedTotal, whole(truth.rateLimited));
        QCOMPARE(got->cooledDownTotal, whole(truth.cooldowns));
        QCOMPARE(got->totalTokens, whole(truth.tokens));
        QCOMPARE(got->state.value_or(-1), truth.state);
    }
    QVERIFY(served > 0);
    for (const auto &truth : model.groupCounters()) {
        const GroupMetrics *got = metrics->group(truth.group);
        QVERIFY2(got, qPrintable(truth.group));
        QCOMPARE(got->proxyRequestsTotal,
                 (whole(truth.requests) - whole(truth.failed)) + whole(truth.failed));
        QCOMPARE(got->proxyFailedTotal, whole(truth.failed));
        QCOMPARE(got->routerRejectsTotal, whole(truth.routerRejects));
    }
    for (const auto &truth : model.edgeCounters()) {
        const FallbackEdgeMetrics *got = metrics->fallback(truth.from, truth.to);
        if (whole(truth.successes) + whole(truth.failures) == 0) {
            continue;
        }
        QVERIFY(got);
        QCOMPARE(got->successTotal, whole(truth.successes));
        QCOMPARE(got->failedTotal, whole(truth.failures));
    }
    // Remaining gauges never exceed the limit and are never written as 0 (LiteLLM's quirk).
    for (const DeploymentMetrics &d : metrics->deployments) {
        if (d.remainingRequests) {
            QVERIFY(*d.remainingRequests > 0);
            QVERIFY(d.rpmLimit && *d.remainingRequests <= *d.rpmLimit);
        }
    }
}

void TestSimServer::legacyAndDisabledMetrics()
{
    RunningSim legacy = startSim(builtIn("healthy"), sim::MetricNames::Legacy);
    legacy.engine->advanceBy(30);
    SimClient client(legacy.url, legacy.key);
    const HttpReply reply = client.get(QStringLiteral("/metrics"));
    const auto metrics = parseLiteLlmMetrics(reply.view());
    QVERIFY(metrics.ok());
    QCOMPARE(metrics->naming, MetricNaming::Legacy);
    // Older builds have no model_id on the remaining gauges; they are joined to the deployment
    // by model name and api_base.
    QVERIFY(!metrics->deployment(QStringLiteral("azure/gpt-4o-eu@https://eu.sim-azure.invalid/")));
    const auto *eu = metrics->deployment(QStringLiteral("gpt-4o-eu"));
    QVERIFY(eu);
    QVERIFY(eu->remainingRequests.value_or(0) > 0);
    QCOMPARE(eu->group, QStringLiteral("gpt-4o"));

    RunningSim off = startSim(builtIn("healthy"), sim::MetricNames::Off);
    SimClient offClient(off.url, off.key);
    QCOMPARE(offClient.get(QStringLiteral("/metrics")).status, 404);
    const auto readiness =
        parseReadiness(offClient.get(QStringLiteral("/health/readiness")).view());
    QVERIFY(!readiness->hasPrometheusCallback());
}

void TestSimServer::authIsEnforced_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<bool>("adminOnly"); // a virtual key (an internal user's) is refused
    QTest::newRow("model info") << QStringLiteral("/model/info") << QByteArray("GET") << false;
    QTest::newRow("group info") << QStringLiteral("/model_group/info") << QByteArray("GET")
                                << false;
    QTest::newRow("health") << QStringLiteral("/health") << QByteArray("GET") << false;
    QTest::newRow("models") << QStringLiteral("/v1/models") << QByteArray("GET") << false;
    QTest::newRow("chat") << QStringLiteral("/chat/completions") << QByteArray("POST") << false;
    QTest::newRow("fallback") << QStringLiteral("/fallback") << QByteArray("POST") << true;
    QTest::newRow("get fallback") << QStringLiteral("/fallback/small") << QByteArray("GET") << true;
    QTest::newRow("router settings")
        << QStringLiteral("/router/settings") << QByteArray("GET") << true;
    QTest::newRow("config update")
        << QStringLiteral("/config/update") << QByteArray("POST") << true;
}

void TestSimServer::authIsEnforced()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, verb);
    RunningSim sim = startSim(testScenario("tiny"));
    SimClient anonymous(sim.url);
    const HttpReply none = anonymous.send(verb, path, chat("small"));
    QCOMPARE(none.status, 401);
    const auto envelope = parseErrorEnvelope(none.view());
    QVERIFY(envelope.ok());
    QCOMPARE(envelope->type, QStringLiteral("auth_error"));
    QCOMPARE(envelope->code.value_or(0), 401);
    QVERIFY(envelope->message.contains(QStringLiteral("No api key passed in")));

    SimClient wrong(sim.url, QStringLiteral("sk-wrong-key-123"));
    const HttpReply refused = wrong.send(verb, path, chat("small"));
    QCOMPARE(refused.status, 401);
    QVERIFY(!refused.body.contains("sk-wrong-key-123")); // never echo a key

    // An internal user's key: the model and info routes, never an admin route (LiteLLM's
    // route checks answer a non-admin with a 401 naming the route).
    QFETCH(bool, adminOnly);
    SimClient user(sim.url, QStringLiteral("sk-tiny-internal-user"));
    const HttpReply asUser = user.send(verb, path, chat("small"));
    if (adminOnly) {
        QCOMPARE(asUser.status, 401);
        const auto why = parseErrorEnvelope(asUser.view());
        QVERIFY(why.ok());
        QVERIFY2(why->message.contains(QStringLiteral("Only proxy admin")),
                 qPrintable(why->message));
        QVERIFY(why->message.contains(QStringLiteral("Route=") + path));
        QVERIFY(!asUser.body.contains("sk-tiny-internal-user"));
    } else {
        QVERIFY2(asUser.status != 401, asUser.body.constData());
    }

    // Public routes stay open.
    QCOMPARE(anonymous.get(QStringLiteral("/health/readiness")).status, 200);
    QCOMPARE(anonymous.get(QStringLiteral("/metrics")).status, 200);
}

void TestSimServer::saturationAnswers429WithEnvelope()
{
    RunningSim sim = startSim(testScenario("tiny"));
    SimClient client(sim.url, sim.key);
    // rpm 2, no retries, no fallbacks: the third request of the minute is refused.
    for (int i = 0; i < 2; ++i) {
        const HttpReply ok = client.post(QStringLiteral("/chat/completions"), chat("small"));
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("x-litellm-model-id"), QByteArray("small-1"));
        QCOMPARE(ok.header("x-ratelimit-remaining-requests"), QByteArray::number(1 - i));
    }
    const HttpReply refused = client.post(QStringLiteral("/v1/chat/completions"), chat("small"));
    QCOMPARE(refused.status, 429);
    const auto envelope = parseErrorEnvelope(refused.view());
    QVERIFY(envelope.ok());
    QCOMPARE(envelope->code.value_or(0), 429);
    QVERIFY2(envelope->message.contains(QStringLiteral("RateLimitError")) ||
                 parseNoDeploymentsMessage(envelope->message).has_value(),
             qPrintable(envelope->message));
    // A new minute brings the quota back.
    sim.engine->advanceBy(60);
    QCOMPARE(client.post(QStringLiteral("/chat/completions"), chat("small")).status, 200);
}

void TestSimServer::adminFallbackChangesRoutingOnNextRequest()
{
    RunningSim sim = startSim(testScenario("tiny"));
    SimClient client(sim.url, sim.key);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(client.post(QStringLiteral("/chat/completions"), chat("small")).status, 200);
    }
    QCOMPARE(client.post(QStringLiteral("/chat/completions"), chat("small")).status, 429);
    QCOMPARE(client.get(QStringLiteral("/fallback/small")).status, 404);

    const HttpReply created = client.post(
        QStringLiteral("/fallback"),
        R"({"model": "small", "fallback_models": ["big"], "fallback_type": "general"})");
    QCOMPARE(created.status, 200);
    const auto body = nlohmann::json::parse(created.body.toStdString());
    QCOMPARE(body.at("message").get<std::string>(),
             std::string("Fallback configuration created successfully"));

    const HttpReply rerouted = client.post(QStringLiteral("/chat/completions"), chat("small"));
    QCOMPARE(rerouted.status, 200);
    QCOMPARE(rerouted.header("x-litellm-model-group"), QByteArray("big"));
    QCOMPARE(rerouted.header("x-litellm-model-id"), QByteArray("big-1"));
    QCOMPARE(rerouted.header("x-litellm-attempted-fallbacks"), QByteArray("1"));

    const HttpReply readBack = client.get(QStringLiteral("/fallback/small?fallback_type=general"));
    QCOMPARE(readBack.status, 200);
    QVERIFY(readBack.body.contains(R"("fallback_models":["big"])"));
    const HttpReply settings = client.get(QStringLiteral("/router/settings"));
    QVERIFY(settings.body.contains(R"("fallbacks":[{"small":["big"]}])"));

    const HttpReply deleted = client.remove(QStringLiteral("/fallback/small"));
    QCOMPARE(deleted.status, 200);
    QCOMPARE(client.post(QStringLiteral("/chat/completions"), chat("small")).status, 429);
}

void TestSimServer::garbageAdminBodyLeavesStateAlone_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    const QString fallback = QStringLiteral("/fallback");
    const QString update = QStringLiteral("/config/update");
    QTest::newRow("not json") << fallback << QByteArray("fallbacks please") << 400;
    QTest::newRow("truncated") << fallback << QByteArray(R"({"model": "small", "fallb)") << 400;
    QTest::newRow("array") << fallback << QByteArray("[]") << 400;
    QTest::newRow("no targets") << fallback << QByteArray(R"({"model": "small"})") << 400;
    QTest::newRow("targets not list")
        << fallback << QByteArray(R"({"model": "small", "fallback_models": "big"})") << 400;
    QTest::newRow("bad type") << fallback
                              << QByteArray(R"({"model": "small", "fallback_models": ["big"],
                                               "fallback_type": "sideways"})")
                              << 400;
    QTest::newRow("unknown model")
        << fallback << QByteArray(R"({"model": "nope", "fallback_models": ["big"]})") << 404;
    QTest::newRow("unknown target")
        << fallback << QByteArray(R"({"model": "small", "fallback_models": ["nope"]})") << 400;
    QTest::newRow("self") << fallback
                          << QByteArray(R"({"model": "small", "fallback_models": ["small"]})")
                          << 400;
    QTest::newRow("update not json") << update << QByteArray("{{{") << 400;
    QTest::newRow("update wrong type")
        << update << QByteArray(R"({"router_settings": {"fallbacks": "everything"}})") << 400;
    QTest::newRow("update bad retries")
        << update << QByteArray(R"({"router_settings": {"num_retries": -4}})") << 400;
    QTest::newRow("update section not object")
        << update << QByteArray(R"({"router_settings": 3})") << 400;
}

void TestSimServer::garbageAdminBodyLeavesStateAlone()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    RunningSim sim = startSim(testScenario("tiny"));
    SimClient client(sim.url, sim.key);
    const FallbackConfig before = sim.engine->fallbacks();
    const RouterSettings settingsBefore = sim.engine->model().spec().settings;
    const HttpReply reply = client.post(path, body);
    QCOMPARE(reply.status, status);
    QVERIFY(parseErrorEnvelope(reply.view()).ok()); // an envelope or a FastAPI detail, parseable
    QVERIFY(sim.engine->fallbacks() == before);
    QVERIFY(sim.engine->model().spec().settings == settingsBefore);
}

void TestSimServer::withoutDatabaseRuntimeChangesAreRefused()
{
    RunningSim sim = startSim(testScenario("tiny-no-db"));
    SimClient client(sim.url, sim.key);
    const HttpReply refused = client.post(QStringLiteral("/fallback"),
                                          R"({"model": "small", "fallback_models": ["big"]})");
    QCOMPARE(refused.status, 400);
    const auto envelope = parseErrorEnvelope(refused.view());
    QVERIFY(envelope->message.contains(QStringLiteral("STORE_MODEL_IN_DB")));
    QVERIFY(sim.engine->fallbacks().fallbacks.empty());
    const HttpReply update =
        client.post(QStringLiteral("/config/update"), R"({"router_settings": {"num_retries": 4}})");
    QCOMPARE(update.status, 500);
    QVERIFY(
        parseErrorEnvelope(update.view())->message.contains(QStringLiteral("STORE_MODEL_IN_DB")));
    QCOMPARE(sim.engine->model().spec().settings.numRetries.value_or(-1), 0);
}

void TestSimServer::configUpdateReplacesRouterSettings()
{
    RunningSim sim = startSim(testScenario("tiny"));
    SimClient client(sim.url, sim.key);
    const auto maxFallbacksBefore = sim.engine->model().spec().fallbacks.maxFallbacks;
    const HttpReply reply =
        client.post(QStringLiteral("/config/update"),
                    R"({"router_settings": {"num_retries": 3, "cooldown_time": 12,
            "fallbacks": [{"small": ["big"]}], "max_fallbacks": 2}})");
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.contains("Config updated successfully"));
    const auto &spec = sim.engine->model().spec();
    QCOMPARE(spec.settings.numRetries.value_or(-1), 3);
    QCOMPARE(spec.settings.cooldownTime.value_or(-1), 12.0);
    // LiteLLM's UpdateRouterConfig has no max_fallbacks: the proxy drops it silently.
    QCOMPARE(spec.fallbacks.maxFallbacks, maxFallbacksBefore);
    QCOMPARE(spec.fallbacks.fallbacks.size(), std::size_t(1));
    const auto settings =
        nlohmann::json::parse(client.get(QStringLiteral("/router/settings")).body.toStdString());
    QCOMPARE(settings.at("current_values").at("num_retries").get<int>(), 3);
}

void TestSimServer::healthShowsOutages()
{
    RunningSim sim = startSim(builtIn("flaky"));
    SimClient client(sim.url, sim.key);
    sim.engine->advanceBy(90); // the gpt-4o-eu outage runs from 60 s to 180 s
    const auto report = parseHealth(client.get(QStringLiteral("/health")).view());
    QVERIFY(report.ok());
    QCOMPARE(report->unhealthy.size(), std::size_t(1));
    QCOMPARE(report->unhealthy.front().modelId, QStringLiteral("gpt-4o-eu"));
    QCOMPARE(report->unhealthy.front().exceptionStatus.value_or(0), 503);
    sim.engine->advanceBy(120);
    QVERIFY(parseHealth(client.get(QStringLiteral("/health")).view())->unhealthy.empty());
}

void TestSimServer::unknownPathIs404()
{
    RunningSim sim = startSim(testScenario("tiny"));
    SimClient client(sim.url, sim.key);
    const HttpReply reply = client.get(QStringLiteral("/no/such/route"));
    QCOMPARE(reply.status, 404);
    QCOMPARE(parseErrorEnvelope(reply.view())->message, QStringLiteral("Not Found"));
}

void TestSimServer::demoProxyServesCascade()
{
    app::DemoProxy demo;
    QVERIFY2(demo.start(), qPrintable(demo.errorString()));
    QCOMPARE(demo.scenarioName(), QStringLiteral("cascade"));
    QCOMPARE(demo.url().host(), QStringLiteral("127.0.0.1"));
    SimClient client(demo.url(), demo.masterKey());
    const auto deployments = parseModelInfo(client.get(QStringLiteral("/model/info")).view());
    QVERIFY(deployments.ok());
    QCOMPARE(deployments->size(), std::size_t(4));

    app::DemoProxy broken;
    QVERIFY(!broken.start(QStringLiteral("/no/such/scenario.yaml")));
    QVERIFY(broken.errorString().contains(QStringLiteral("could not be loaded")));
}

QTEST_GUILESS_MAIN(TestSimServer)
#include "tst_simserver.moc"
