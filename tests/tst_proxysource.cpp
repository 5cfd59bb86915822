// ProxySource against headroom-sim on 127.0.0.1 (port 0): the samples equal the simulator's
// ground truth for every scenario; stale polls are dropped; auth, missing metrics and backoff
// are reported as the issue asks.

#include "credentials.h"
#include "proxysource.h"
#include "simfixture.h"

#include <cmath>
#include <memory>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using headroom::test::RunningSim;
using headroom::test::startSim;

namespace {

ProxySourceConfig configFor(const RunningSim &sim)
{
    ProxySourceConfig config;
    config.url = sim.url;
    config.key = sim.key;
    config.intervalMs = 60000; // tests poll by hand
    config.timeoutMs = 5000;
    return config;
}

double whole(double value)
{
    return std::floor(value + 1e-9);
}

// Polls once and waits for the outcome; the sample, if any, is in samples.
PollOutcome pollOnce(ProxySource &source, QSignalSpy &samples)
{
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    source.pollNow();
    if (!finished.wait(10000)) {
        return {};
    }
    Q_UNUSED(samples);
    return finished.takeLast().at(0).value<PollOutcome>();
}

} // namespace

class TestProxySource : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void samplesEqualGroundTruth_data();
    void samplesEqualGroundTruth();
    void stalePollsAreDropped();
    void wrongKeyIsAuthRefused();
    void withoutMetricsSaysWhatToEnable();
    void unreachableBacksOff();
    void modelInfoIsPolledLessOften();
    void keychainOrEnvironment();
};

void TestProxySource::initTestCase()
{
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestProxySource::samplesEqualGroundTruth_data()
{
    QTest::addColumn<QString>("scenario");
    for (const char *name : {"cascade", "healthy", "shared-quota", "flaky"}) {
        QTest::newRow(name) << QString::fromLatin1(name);
    }
}

void TestProxySource::samplesEqualGroundTruth()
{
    QFETCH(QString, scenario);
    RunningSim sim = startSim(scenario);
    QVERIFY(sim.engine);
    sim.engine->advanceBy(200);
    ProxySource source(configFor(sim));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    const PollOutcome outcome = pollOnce(source, samples);
    QCOMPARE(outcome.state, PollOutcome::State::Ok);
    QVERIFY(outcome.notes.isEmpty());
    QCOMPARE(samples.count(), 1);
    const ProxySample sample =
        *samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
    QCOMPARE(sample.pollId, outcome.pollId);
    QVERIFY(sample.metricsAvailable);
    QCOMPARE(sample.metricNaming, MetricNaming::Current);
    QVERIFY(sample.readiness && sample.readiness->isReady());

    const auto &config = sim.engine->scenario().config;
    QCOMPARE(sample.deployments.size(), config.deployments.size());
    QCOMPARE(qsizetype(sample.groups.size()), config.groups().size());
    for (const auto &truth : sim.engine->model().deploymentCounters()) {
        const DeploymentSample *d = sample.deployment(truth.id);
        QVERIFY2(d, qPrintable(truth.id));
        QCOMPARE(d->group, truth.group);
        QCOMPARE(d->successTotal.value_or(-1), whole(truth.successes));
        QCOMPARE(d->failureTotal.value_or(-1), whole(truth.failures));
        QCOMPARE(d->rateLimitedTotal.value_or(-1), whole(truth.rateLimited));
        QCOMPARE(d->cooledDownTotal.value_or(-1), whole(truth.cooldowns));
        for (const Deployment &spec : config.deployments) {
            if (spec.id == truth.id) {
                QCOMPARE(d->rpmLimit, spec.rpm);
                QCOMPARE(d->tpmLimit, spec.tpm);
                QCOMPARE(d->provider, spec.provider);
            }
        }
    }
    for (const auto &truth : sim.engine->model().groupCounters()) {
        const GroupSample *g = sample.group(truth.group);
        QVERIFY(g);
        QCOMPARE(g->requestsTotal.value_or(-1), whole(truth.requests));
        QCOMPARE(g->failedTotal.value_or(-1), whole(truth.failed));
        QCOMPARE(g->routerRejectsTotal.value_or(-1), whole(truth.routerRejects));
    }
    for (const auto &truth : sim.engine->model().edgeCounters()) {
        if (whole(truth.successes) + whole(truth.failures) == 0) {
            continue;
        }
        const auto it =
            std::find_if(sample.fallbacks.begin(), sample.fallbacks.end(),
                         [&](const auto &e) { return e.from == truth.from && e.to == truth.to; });
        QVERIFY(it != sample.fallbacks.end());
        QCOMPARE(it->successTotal, whole(truth.successes));
    }
}

void TestProxySource::stalePollsAreDropped()
{
    RunningSim sim = startSim(QStringLiteral("healthy"));
    ProxySource source(configFor(sim));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    QSignalSpy finished(&source, &ProxySource::pollFinished);
    // Three polls in a row: the first two are abandoned before their answers arrive.
    source.pollNow();
    source.pollNow();
    source.pollNow();
    QVERIFY(finished.wait(10000));
    QTest::qWait(200);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(samples.count(), 1);
    QCOMPARE(samples.at(0).at(0).value<std::shared_ptr<const ProxySample>>()->pollId,
             source.currentPollId());
}

void TestProxySource::wrongKeyIsAuthRefused()
{
    RunningSim sim = startSim(QStringLiteral("healthy"));
    ProxySourceConfig config = configFor(sim);
    config.key = QStringLiteral("sk-not-the-key");
    ProxySource source(config);
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    const PollOutcome outcome = pollOnce(source, samples);
    QCOMPARE(outcome.state, PollOutcome::State::AuthRefused);
    QCOMPARE(outcome.httpStatus, 401);
    QVERIFY(!outcome.endpoint.isEmpty());
    QVERIFY(outcome.reason.contains(QStringLiteral("Authentication Error")));
    QVERIFY(!outcome.summary(source.displayUrl()).contains(QStringLiteral("sk-not-the-key")));
    QCOMPARE(samples.count(), 0);
}

void TestProxySource::withoutMetricsSaysWhatToEnable()
{
    RunningSim sim = startSim(QStringLiteral("healthy"), sim::MetricNames::Off);
    ProxySource source(configFor(sim));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    const PollOutcome outcome = pollOnce(source, samples);
    QCOMPARE(outcome.state, PollOutcome::State::Ok);
    QCOMPARE(outcome.notes.size(), 1);
    QVERIFY(outcome.notes.first().contains(QStringLiteral("callbacks: [\"prometheus\"]")));
    QCOMPARE(samples.count(), 1);
    const ProxySample sample =
        *samples.takeFirst().at(0).value<std::shared_ptr<const ProxySample>>();
    QVERIFY(!sample.metricsAvailable);
    QCOMPARE(sample.deployments.size(), std::size_t(3));
    QVERIFY(!sample.deployments.front().successTotal); // unknown, not zero
    QCOMPARE(sample.group(QStringLiteral("gpt-4o"))->rpmLimit.value_or(-1), 1200);
}

void TestProxySource::unreachableBacksOff()
{
    ProxySourceConfig config;
    config.url = QUrl(QStringLiteral("http://127.0.0.1:1")); // nothing listens on port 1
    config.intervalMs = 1000;
    config.maxBackoffMs = 20000;
    ProxySource source(config);
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    PollOutcome outcome = pollOnce(source, samples);
    QCOMPARE(outcome.state, PollOutcome::State::Unreachable);
    QVERIFY(outcome.summary(source.displayUrl()).startsWith(QStringLiteral("http://127.0.0.1:1/")));
    QCOMPARE(source.consecutiveFailures(), 1);
    // 1 s × 2^1 ± 20 %.
    for (int i = 0; i < 20; ++i) {
        const int delay = source.nextDelayMs();
        QVERIFY2(delay >= 1600 && delay <= 2400, qPrintable(QString::number(delay)));
    }
    outcome = pollOnce(source, samples);
    outcome = pollOnce(source, samples);
    QCOMPARE(source.consecutiveFailures(), 3);
    for (int i = 0; i < 20; ++i) {
        const int delay = source.nextDelayMs();
        QVERIFY(delay >= 6400 && delay <= 9600);
    }
    source.stop();
}

void TestProxySource::modelInfoIsPolledLessOften()
{
    RunningSim sim = startSim(QStringLiteral("healthy"));
    ProxySource source(configFor(sim));
    QSignalSpy samples(&source, &ProxySource::sampleReady);
    pollOnce(source, samples);
    QVERIFY(source.lastEndpoints().contains(QStringLiteral("/model/info")));
    QVERIFY(!source.lastEndpoints().contains(QStringLiteral("/health"))); // never by default
    // Within the minute, /model/info is not asked again; its last answer stands in.
    pollOnce(source, samples);
    QCOMPARE(source.lastEndpoints(),
             (QStringList{QStringLiteral("/metrics"), QStringLiteral("/health/readiness"),
                          QStringLiteral("/model_group/info")}));
    QCOMPARE(samples.count(), 2);
    QCOMPARE(samples.at(1).at(0).value<std::shared_ptr<const ProxySample>>()->deployments.size(),
             std::size_t(3));
    source.refreshModelInfo();
    pollOnce(source, samples);
    QVERIFY(source.lastEndpoints().contains(QStringLiteral("/model/info")));
    source.stop();
}

void TestProxySource::keychainOrEnvironment()
{
    KeychainStore keychain;
    bool answered = false;
    CredentialLookup lookup;
    keychain.read(QStringLiteral("http://127.0.0.1:4000"), [&](CredentialLookup l) {
        lookup = std::move(l);
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    // A headless box has no keychain service: it says so (once), and names the alternative.
    if (keychain.unavailable()) {
        QVERIFY(lookup.problem.contains(QStringLiteral("--key-env")));
        QVERIFY(!lookup.key);
        bool again = false;
        keychain.read(QStringLiteral("http://other"), [&](const CredentialLookup &l) {
            again = true;
            QCOMPARE(l.problem, keychain.unavailableReason());
        });
        QVERIFY(again); // answered at once, without asking D-Bus again
    } else {
        // A desktop with a keychain: a key written is read back, from the keychain, and is gone
        // once removed. The account is one no real proxy has.
        const QString account = QStringLiteral("https://headroom-test.invalid:1");
        std::optional<bool> written;
        keychain.write(account, QStringLiteral("sk-keychain-test"),
                       [&](bool ok, const QString &) { written = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10000);
        QVERIFY(*written);
        std::optional<CredentialLookup> back;
        keychain.read(account, [&](CredentialLookup l) { back = std::move(l); });
        QTRY_VERIFY_WITH_TIMEOUT(back.has_value(), 10000);
        QCOMPARE(back->key.value_or(QString()), QStringLiteral("sk-keychain-test"));
        QCOMPARE(back->source, QStringLiteral("keychain"));
        std::optional<bool> removed;
        keychain.remove(account, [&](bool ok, const QString &) { removed = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10000);
        QVERIFY(*removed);
        back.reset();
        keychain.read(account, [&](CredentialLookup l) { back = std::move(l); });
        QTRY_VERIFY_WITH_TIMEOUT(back.has_value(), 10000);
        QVERIFY(!back->key);
    }
    qputenv("HEADROOM_TEST_KEY", "sk-from-environment");
    const CredentialLookup env = keyFromEnvironment(QStringLiteral("HEADROOM_TEST_KEY"));
    QCOMPARE(env.key.value_or(QString()), QStringLiteral("sk-from-environment"));
    QCOMPARE(env.source, QStringLiteral("environment variable HEADROOM_TEST_KEY"));
    const CredentialLookup missing = keyFromEnvironment(QStringLiteral("HEADROOM_TEST_UNSET_VAR"));
    QVERIFY(!missing.key);
    QCOMPARE(missing.problem,
             QStringLiteral("environment variable HEADROOM_TEST_UNSET_VAR is not set"));
}

QTEST_GUILESS_MAIN(TestProxySource)
#include "tst_proxysource.moc"
