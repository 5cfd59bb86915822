// Simulator scenarios: demand curves, faults, overrides from the command line, and the errors a
// bad scenario gets.

#include "chain/graphchecks.h"
#include "demandcsv.h"
#include "scenario.h"
#include "simoptions.h"

#include <QCoreApplication>
#include <QTest>

using namespace headroom;
using namespace headroom::sim;

namespace {

const char *kModels = R"(model_list:
  - model_name: a
    litellm_params: {model: openai/gpt-4o, rpm: 60}
    model_info: {id: a-1}
  - model_name: b
    litellm_params: {model: anthropic/claude, rpm: 60}
    model_info: {id: b-1}
general_settings: {master_key: sk-test-scenario}
)";

ParseResult<Scenario> parse(const QByteArray &simulation)
{
    const QByteArray yaml = QByteArray(kModels) + simulation;
    return parseScenario(std::string_view(yaml.constData(), std::size_t(yaml.size())),
                         QStringLiteral(HEADROOM_TESTDATA_DIR "/scenarios"));
}

} // namespace

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void curves_data();
    void curves();
    void tokensAndFaults();
    void masterKeyFromEnvironment();
    void demandCsv_data();
    void demandCsv();
    void errors_data();
    void errors();
    void builtInScenariosLoad_data();
    void builtInScenariosLoad();
    void productionIsWhatItSays();
    void options_data();
    void options();
};

void TestScenario::curves_data()
{
    QTest::addColumn<QByteArray>("demand");
    QTest::addColumn<double>("time");
    QTest::addColumn<double>("rps");

    const QByteArray constant = "{group: a, rps: 4}";
    QTest::newRow("constant") << constant << 1000.0 << 4.0;
    const QByteArray ramp = "{group: a, pattern: ramp, from: 2, to: 10, start: 100, duration: 40}";
    QTest::newRow("ramp before") << ramp << 50.0 << 2.0;
    QTest::newRow("ramp middle") << ramp << 120.0 << 6.0;
    QTest::newRow("ramp after") << ramp << 500.0 << 10.0;
    const QByteArray spike = "{group: a, pattern: spike, rps: 3, peak: 30, start: 10, duration: 5}";
    QTest::newRow("spike before") << spike << 9.0 << 3.0;
    QTest::newRow("spike on") << spike << 10.0 << 30.0;
    QTest::newRow("spike after") << spike << 15.0 << 3.0;
    const QByteArray diurnal = "{group: a, pattern: diurnal, rps: 10, amplitude: 4, period: 400}";
    QTest::newRow("diurnal zero") << diurnal << 0.0 << 10.0;
    QTest::newRow("diurnal peak") << diurnal << 100.0 << 14.0;
    QTest::newRow("diurnal trough") << diurnal << 300.0 << 6.0;
    const QByteArray negative = "{group: a, pattern: diurnal, rps: 1, amplitude: 4, period: 400}";
    QTest::newRow("never negative") << negative << 300.0 << 0.0;
    const QByteArray csv = "{group: a, pattern: csv, file: demand.csv}";
    QTest::newRow("csv first") << csv << -5.0 << 1.0;
    QTest::newRow("csv interpolated") << csv << 30.0 << 4.0;
    QTest::newRow("csv point") << csv << 120.0 << 3.0;
    QTest::newRow("csv held") << csv << 900.0 << 3.0;
}

void TestScenario::curves()
{
    QFETCH(QByteArray, demand);
    QFETCH(double, time);
    QFETCH(double, rps);
    const auto scenario = parse("simulation:\n  demand:\n    - " + demand + "\n");
    QVERIFY2(scenario.ok(), qPrintable(scenario.ok() ? QString() : scenario.error().toString()));
    QCOMPARE(scenario->demand.size(), std::size_t(1));
    QCOMPARE(scenario->demand.front().group, QStringLiteral("a"));
    QVERIFY(qAbs(scenario->demand.front().curve.at(time) - rps) < 1e-9);
}

void TestScenario::tokensAndFaults()
{
    const auto scenario = parse(R"(simulation:
  name: mine
  seed: 42
  tick_seconds: 0.5
  demand:
    - {group: b, rps: 2, input_tokens: {mean: 800, spread: 0.25}, output_tokens: 90}
  faults:
    - {kind: outage, deployment: a-1, start: 30, duration: 60}
    - {kind: rate_limit_storm, provider: anthropic, fraction: 0.4}
    - {kind: slow, provider: openai, latency: 2.5, start: 5, duration: 5}
)");
    QVERIFY2(scenario.ok(), qPrintable(scenario.ok() ? QString() : scenario.error().toString()));
    QCOMPARE(scenario->name, QStringLiteral("mine"));
    QCOMPARE(scenario->seed, quint64(42));
    QCOMPARE(scenario->tickSeconds, 0.5);
    QCOMPARE(scenario->masterKey, QStringLiteral("sk-test-scenario"));
    const GroupDemandSpec &demand = scenario->demand.front();
    QCOMPARE(demand.inputTokens.mean, 800.0);
    QCOMPARE(demand.inputTokens.spread, 0.25);
    QCOMPARE(demand.outputTokens.mean, 90.0);
    std::mt19937_64 random(1);
    for (int i = 0; i < 100; ++i) {
        const double tokens = demand.inputTokens.sample(random);
        QVERIFY(tokens >= 600 && tokens <= 1000);
    }
    QCOMPARE(scenario->faults.size(), std::size_t(3));
    QCOMPARE(scenario->faults[0].kind, router::Fault::Kind::Outage);
    QCOMPARE(scenario->faults[0].deploymentId, QStringLiteral("a-1"));
    QCOMPARE(scenario->faults[0].end, 90.0);
    QCOMPARE(scenario->faults[1].fraction, 0.4);
    QCOMPARE(scenario->faults[2].latencySeconds, 2.5);
}

void TestScenario::masterKeyFromEnvironment()
{
    qputenv("HEADROOM_TEST_MASTER_KEY", "sk-from-env");
    QByteArray yaml = QByteArray(kModels).replace(
        "master_key: sk-test-scenario", "master_key: os.environ/HEADROOM_TEST_MASTER_KEY");
    const auto scenario =
        parseScenario(std::string_view(yaml.constData(), std::size_t(yaml.size())), QString());
    QVERIFY(scenario.ok());
    QCOMPARE(scenario->masterKey, QStringLiteral("sk-from-env"));
    // The config keeps only a fingerprint, never the key.
    QVERIFY(!scenario->config.masterKeyFingerprint.contains(QStringLiteral("sk-")));
}

void TestScenario::demandCsv_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<int>("points"); // -1: refused
    QTest::addColumn<int>("line");   // the refused line
    QTest::newRow("header, comment, blank")
        << QByteArray("time_s,rps\n# c\n\n0,1\n60,2\n") << 2 << 0;
    QTest::newRow("unsorted is sorted") << QByteArray("60,2\n0,1\n") << 2 << 0;
    QTest::newRow("CRLF") << QByteArray("0,1\r\n5,2\r\n") << 2 << 0;
    QTest::newRow("extra column ignored") << QByteArray("0,1,x\n") << 1 << 0;
    QTest::newRow("nan time") << QByteArray("0,1\nnan,2\n") << -1 << 2;
    QTest::newRow("inf rate") << QByteArray("0,inf\n") << -1 << 1;
    QTest::newRow("negative time") << QByteArray("0,1\n-5,1\n") << -1 << 2;
    QTest::newRow("words mid-file") << QByteArray("0,1\nlater,2\n") << -1 << 2;
    QTest::newRow("no rate") << QByteArray("0,1\n7\n") << -1 << 2;
}

// Demand CSV from untrusted text: "nan" and "inf" read as numbers to Qt, and a NaN time would
// break the sort; each is refused with its line.
void TestScenario::demandCsv()
{
    QFETCH(QByteArray, csv);
    QFETCH(int, points);
    QFETCH(int, line);
    const auto parsed = parseDemandCsv(std::string_view(csv.constData(), std::size_t(csv.size())),
                                       QStringLiteral("d.csv"));
    if (points < 0) {
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().line, line);
        QVERIFY(parsed.error().message.contains(QStringLiteral("d.csv line")));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(int(parsed->size()), points);
    for (std::size_t i = 1; i < parsed->size(); ++i) {
        QVERIFY((*parsed)[i - 1].first <= (*parsed)[i].first);
    }
}

void TestScenario::errors_data()
{
    QTest::addColumn<QByteArray>("simulation");
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown group")
        << QByteArray("simulation:\n  demand:\n    - {group: zz, rps: 1}\n")
        << QStringLiteral("simulation.demand[0].group");
    QTest::newRow("bad pattern")
        << QByteArray("simulation:\n  demand:\n    - {group: a, pattern: wobble}\n")
        << QStringLiteral("simulation.demand[0].pattern");
    QTest::newRow("negative rps") << QByteArray(
                                         "simulation:\n  demand:\n    - {group: a, rps: -3}\n")
                                  << QStringLiteral("simulation.demand[0].rps");
    QTest::newRow("missing csv")
        << QByteArray("simulation:\n  demand:\n    - {group: a, pattern: csv, file: nope.csv}\n")
        << QStringLiteral("simulation.demand[0].file");
    QTest::newRow("bad fault") << QByteArray("simulation:\n  faults:\n    - {kind: meteor}\n")
                               << QStringLiteral("simulation.faults[0].kind");
    QTest::newRow("demand not list")
        << QByteArray("simulation:\n  demand: lots\n") << QStringLiteral("simulation.demand");
}

void TestScenario::errors()
{
    QFETCH(QByteArray, simulation);
    QFETCH(QString, path);
    const auto scenario = parse(simulation);
    QVERIFY(!scenario.ok());
    QCOMPARE(scenario.error().path, path);
    QVERIFY(scenario.error().line > 0);
}

void TestScenario::builtInScenariosLoad_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("groups");
    QTest::addColumn<bool>("runtimeChanges");
    QTest::newRow("cascade") << QStringLiteral("cascade") << 3 << true;
    QTest::newRow("healthy") << QStringLiteral("healthy") << 2 << false;
    QTest::newRow("shared-quota") << QStringLiteral("shared-quota") << 3 << true;
    QTest::newRow("flaky") << QStringLiteral("flaky") << 3 << false;
    QTest::newRow("production") << QStringLiteral("production") << 13 << true;
}

void TestScenario::builtInScenariosLoad()
{
    QFETCH(QString, name);
    QFETCH(int, groups);
    QFETCH(bool, runtimeChanges);
    const auto scenario = loadScenario(QStringLiteral(":/headroom/scenarios/%1.yaml").arg(name));
    QVERIFY2(scenario.ok(), qPrintable(scenario.ok() ? QString() : scenario.error().toString()));
    QCOMPARE(scenario->name, name);
    QCOMPARE(scenario->config.groups().size(), groups);
    QCOMPARE(scenario->config.storeModelInDb, runtimeChanges);
    QVERIFY(scenario->config.prometheusCallback);
    QVERIFY(!scenario->demand.empty());
    QCOMPARE(scenario->masterKey, QStringLiteral("sk-headroom-demo"));
}

// The production scenario's promise, checked from the scenario itself: 12+ groups on three
// providers, two chains three hops deep, exactly one shared-quota pool, one context-window
// fallback to a larger window, a diurnal base load and a spike.
void TestScenario::productionIsWhatItSays()
{
    const auto loaded = loadScenario(QStringLiteral(":/headroom/scenarios/production.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    const Scenario &s = loaded.value();
    const QStringList groups = s.config.groups();
    QVERIFY(groups.size() >= 12);
    QStringList providers;
    for (const Deployment &d : s.config.deployments) {
        if (!providers.contains(d.provider)) {
            providers << d.provider;
        }
    }
    providers.sort();
    QCOMPARE(providers, (QStringList{QStringLiteral("anthropic"), QStringLiteral("azure"),
                                     QStringLiteral("vertex_ai")}));

    FallbackChain chain;
    chain.fallbacks = s.config.fallbacks;
    chain.settings = s.config.router;
    const auto deepest = [&](const QString &group) {
        int depth = 0;
        for (const WalkStep &step : generalFallbackWalk(chain, groups, group).steps) {
            depth = std::max(depth, step.depth);
        }
        return depth;
    };
    QCOMPARE(deepest(QStringLiteral("gpt-4o")), 3);
    QCOMPARE(deepest(QStringLiteral("gpt-4o-mini")), 3);

    const auto pools = findQuotaPools(s.config.deployments);
    QCOMPARE(pools.size(), std::size_t(1));
    QCOMPARE(pools[0].groups,
             (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-batch")}));

    QCOMPARE(s.config.fallbacks.contextWindowFallbacks.size(), std::size_t(1));
    ChainFacts facts;
    facts.groups = groups;
    facts.pools = pools;
    for (const Deployment &d : s.config.deployments) {
        if (d.maxInputTokens) {
            facts.maxInputTokens[d.group] = *d.maxInputTokens;
        }
    }
    QStringList kinds;
    for (const ChainFinding &f : checkChain(chain, facts)) {
        kinds << findingKindName(f.kind) + u' ' + f.groups.join(u',');
    }
    // The fallback into the pool is flagged; the context-window fallback (128k → 1M) is not.
    QVERIFY2(kinds.contains(QStringLiteral("same_pool gpt-4o-batch,gpt-4o")),
             qPrintable(kinds.join(u'|')));
    for (const QString &k : kinds) {
        QVERIFY2(!k.startsWith(QStringLiteral("smaller_context_window")) &&
                     !k.startsWith(QStringLiteral("unknown_target")) &&
                     !k.startsWith(QStringLiteral("cycle")),
                 qPrintable(k));
    }

    bool diurnal = false;
    bool spike = false;
    for (const GroupDemandSpec &d : s.demand) {
        diurnal = diurnal || d.curve.shape == DemandCurve::Shape::Diurnal;
        spike = spike || d.curve.shape == DemandCurve::Shape::Spike;
    }
    QVERIFY(diurnal);
    QVERIFY(spike);
    QCOMPARE(s.demand.size(), std::size_t(groups.size()));
}

void TestScenario::options_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("runs");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("port");
    QTest::addColumn<double>("speed");
    QTest::addColumn<QString>("error");

    const QString cascade = QStringLiteral(":/headroom/scenarios/cascade.yaml");
    const auto args = [](std::initializer_list<const char *> list) {
        QStringList out{QStringLiteral("headroom-sim")};
        for (const char *a : list) {
            out << QString::fromLatin1(a);
        }
        return out;
    };
    QTest::newRow("defaults") << args({}) << true << cascade << 0 << 1.0 << QString();
    QTest::newRow("built-in") << args({"--scenario", "flaky", "--port", "8123", "--speed", "20"})
                              << true << QStringLiteral(":/headroom/scenarios/flaky.yaml") << 8123
                              << 20.0 << QString();
    QTest::newRow("file") << args({"--scenario", "/tmp/x.yaml"}) << true
                          << QStringLiteral("/tmp/x.yaml") << 0 << 1.0 << QString();
    QTest::newRow("bad port") << args({"--port", "70000"}) << false << QString() << 0 << 0.0
                              << QStringLiteral("--port");
    QTest::newRow("bad speed") << args({"--speed", "0"}) << false << QString() << 0 << 0.0
                               << QStringLiteral("--speed");
    QTest::newRow("bad names") << args({"--metric-names", "new"}) << false << QString() << 0 << 0.0
                               << QStringLiteral("--metric-names");
    QTest::newRow("unknown") << args({"--frobnicate"}) << false << QString() << 0 << 0.0
                             << QStringLiteral("frobnicate");
}

void TestScenario::options()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, runs);
    QFETCH(QString, scenario);
    QFETCH(int, port);
    QFETCH(double, speed);
    QFETCH(QString, error);
    const auto result = parseSimOptions(arguments);
    QCOMPARE(result.options.has_value(), runs);
    if (runs) {
        QCOMPARE(result.options->scenario, scenario);
        QCOMPARE(int(result.options->port), port);
        QCOMPARE(result.options->speed, speed);
    } else {
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.output.contains(error), qPrintable(result.output));
    }
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
