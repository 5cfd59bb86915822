// The simulator's shared-limit mode: N replicas of one seeded scenario whose counters are each
// replica's round-robin share of the fleet's (whole, monotonic, adding up to the fleet's exactly),
// whose shared gauges agree, and whose ground truth is what their /metrics says.

#include "prom/litellmmetrics.h"
#include "replicashare.h"
#include "simengine.h"
#include "simoptions.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <QTest>
#include <vector>

using headroom::sim::ReplicaShare;
using headroom::sim::SimEngine;

class TestReplicaShare : public QObject {
    Q_OBJECT
private slots:
    void sharesAddUp_data();
    void sharesAddUp();
    void sharesExamples_data();
    void sharesExamples();
    void fleetEqualsOneProxy_data();
    void fleetEqualsOneProxy();
    void groundTruthIsTheExposition();
    void options_data();
    void options();
};

void TestReplicaShare::sharesAddUp_data()
{
    QTest::addColumn<int>("count");
    for (const int n : {1, 2, 3, 5, 7, 10}) {
        QTest::addRow("%d replicas", n) << n;
    }
}

void TestReplicaShare::sharesAddUp()
{
    QFETCH(int, count);
    std::vector<double> last(std::size_t(count), 0.0);
    for (int total = 0; total <= 200; ++total) {
        double sum = 0;
        for (int i = 0; i < count; ++i) {
            const double share = ReplicaShare{i, count}.of(total);
            QVERIFY2(share >= last[std::size_t(i)], "a replica's counter went down");
            QVERIFY(std::abs(share - double(total) / count) < 1.0);
            last[std::size_t(i)] = share;
            sum += share;
        }
        QCOMPARE(sum, double(total));
    }
}

void TestReplicaShare::sharesExamples_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("count");
    QTest::addColumn<double>("total");
    QTest::addColumn<double>("expected");
    // Events 1..7 dealt round-robin to three replicas: 1,4,7 / 2,5 / 3,6.
    QTest::newRow("first of three") << 0 << 3 << 7.0 << 3.0;
    QTest::newRow("second of three") << 1 << 3 << 7.0 << 2.0;
    QTest::newRow("third of three") << 2 << 3 << 7.0 << 2.0;
    QTest::newRow("none yet") << 2 << 3 << 2.0 << 0.0;
    QTest::newRow("fluid count is floored") << 0 << 2 << 4.999 << 2.0;
    QTest::newRow("alone") << 0 << 1 << 41.7 << 41.0;
}

void TestReplicaShare::sharesExamples()
{
    QFETCH(int, index);
    QFETCH(int, count);
    QFETCH(double, total);
    QFETCH(double, expected);
    const ReplicaShare share{index, count};
    QCOMPARE(share.of(total), expected);
}

namespace {

std::unique_ptr<SimEngine> engine(const QString &scenarioName, ReplicaShare share)
{
    headroom::sim::SimOptions options;
    options.scenario = QStringLiteral(":/headroom/scenarios/%1.yaml").arg(scenarioName);
    auto scenario = headroom::sim::loadScenarioFor(options);
    if (!scenario) {
        return nullptr;
    }
    auto e = std::make_unique<SimEngine>(std::move(scenario).value(), 1.0,
                                         headroom::sim::MetricNames::Current);
    e->setReplica(share, std::nullopt);
    return e;
}

headroom::LiteLlmMetrics metricsOf(SimEngine &e)
{
    const QByteArray text = e.metricsText();
    auto parsed = headroom::parseLiteLlmMetrics({text.constData(), std::size_t(text.size())});
    return parsed ? std::move(parsed).value() : headroom::LiteLlmMetrics{};
}

} // namespace

void TestReplicaShare::fleetEqualsOneProxy_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("replicas");
    QTest::newRow("cascade, 3") << QStringLiteral("cascade") << 3;
    QTest::newRow("shared-quota, 4") << QStringLiteral("shared-quota") << 4;
}

// The replicas' /metrics, added up, say what one proxy serving all the traffic says; their
// shared gauges are the one proxy's.
void TestReplicaShare::fleetEqualsOneProxy()
{
    QFETCH(QString, scenario);
    QFETCH(int, replicas);
    auto single = engine(scenario, {});
    QVERIFY(single);
    std::vector<std::unique_ptr<SimEngine>> fleet;
    for (int i = 0; i < replicas; ++i) {
        fleet.push_back(engine(scenario, {i, replicas}));
        QVERIFY(fleet.back());
    }
    for (int step = 0; step < 6; ++step) {
        single->advanceBy(20);
        for (auto &replica : fleet) {
            replica->advanceBy(20);
        }
        const headroom::LiteLlmMetrics whole = metricsOf(*single);
        std::vector<headroom::LiteLlmMetrics> parts;
        for (auto &replica : fleet) {
            parts.push_back(metricsOf(*replica));
        }
        QVERIFY(!whole.groups.empty());
        for (const auto &g : whole.groups) {
            double requests = 0;
            double failed = 0;
            for (const auto &part : parts) {
                if (const auto *pg = part.group(g.group)) {
                    requests += pg->proxyRequestsTotal;
                    failed += pg->proxyFailedTotal;
                }
            }
            QCOMPARE(requests, g.proxyRequestsTotal);
            QCOMPARE(failed, g.proxyFailedTotal);
        }
        for (const auto &d : whole.deployments) {
            double successes = 0;
            double tokens = 0;
            for (const auto &part : parts) {
                const auto *pd = part.deployment(d.key);
                QVERIFY2(pd != nullptr || d.successTotal < replicas, qPrintable(d.key));
                if (pd != nullptr) {
                    successes += pd->successTotal;
                    tokens += pd->totalTokens;
                    QCOMPARE(pd->remainingRequests, d.remainingRequests);
                    QCOMPARE(pd->rpmLimit, d.rpmLimit);
                }
            }
            QCOMPARE(successes, d.successTotal);
            QCOMPARE(tokens, d.totalTokens);
        }
        for (const auto &edge : whole.fallbacks) {
            double successes = 0;
            for (const auto &part : parts) {
                if (const auto *pe = part.fallback(edge.from, edge.to)) {
                    successes += pe->successTotal;
                }
            }
            QCOMPARE(successes, edge.successTotal);
        }
    }
}

// /sim/ground_truth reads the model; it must agree with what the replica's /metrics says.
void TestReplicaShare::groundTruthIsTheExposition()
{
    auto replica = engine(QStringLiteral("cascade"), {1, 3});
    QVERIFY(replica);
    replica->advanceBy(90);
    const headroom::LiteLlmMetrics metrics = metricsOf(*replica);
    const nlohmann::json truth = replica->groundTruth();
    QCOMPARE(truth.at("replica").get<int>(), 2);
    QCOMPARE(truth.at("replicas").get<int>(), 3);
    QVERIFY(!metrics.groups.empty());
    for (const auto &g : metrics.groups) {
        const auto &t = truth.at("groups").at(g.group.toStdString());
        QCOMPARE(t.at("requests").get<double>(), g.proxyRequestsTotal);
        QCOMPARE(t.at("failed").get<double>(), g.proxyFailedTotal);
    }
    for (const auto &d : metrics.deployments) {
        const auto &t = truth.at("deployments").at(d.modelId.toStdString());
        QCOMPARE(t.at("successes").get<double>(), d.successTotal);
        QCOMPARE(t.at("failures").get<double>(), d.failureTotal);
        QCOMPARE(t.at("tokens").get<double>(), d.totalTokens);
        if (d.remainingRequests) {
            QCOMPARE(t.at("remaining_requests").get<double>(), *d.remainingRequests);
        }
    }
}

void TestReplicaShare::options_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("index"); // -1: refused
    QTest::addColumn<int>("count");
    QTest::newRow("none") << QStringList{} << 0 << 1;
    QTest::newRow("2/3") << QStringList{QStringLiteral("--replica"), QStringLiteral("2/3")} << 1
                         << 3;
    QTest::newRow("3/3") << QStringList{QStringLiteral("--replica"), QStringLiteral("3/3")} << 2
                         << 3;
    QTest::newRow("0/3") << QStringList{QStringLiteral("--replica"), QStringLiteral("0/3")} << -1
                         << 0;
    QTest::newRow("4/3") << QStringList{QStringLiteral("--replica"), QStringLiteral("4/3")} << -1
                         << 0;
    QTest::newRow("garbage") << QStringList{QStringLiteral("--replica"), QStringLiteral("two")}
                             << -1 << 0;
    QTest::newRow("bad epoch") << QStringList{QStringLiteral("--epoch-ms"), QStringLiteral("-5")}
                               << -1 << 0;
}

void TestReplicaShare::options()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, index);
    QFETCH(int, count);
    arguments.prepend(QStringLiteral("headroom-sim"));
    const auto parsed = headroom::sim::parseSimOptions(arguments);
    if (index < 0) {
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitCode, 2);
        QVERIFY2(parsed.output.contains(QStringLiteral("--")), qPrintable(parsed.output));
        return;
    }
    QVERIFY2(parsed.options, qPrintable(parsed.output));
    QCOMPARE(parsed.options->replica.index, index);
    QCOMPARE(parsed.options->replica.count, count);
}

QTEST_GUILESS_MAIN(TestReplicaShare)
#include "tst_replicashare.moc"
