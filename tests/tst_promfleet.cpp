// The fleet through a real Prometheus: three headroom-sim replicas in shared-limit mode scraped
// every second by a Prometheus the test starts; PromSource's fleet sample must equal the sum of
// the three simulators' ground truth within one scrape interval, name the replicas, name one
// that stopped, backfill from query_range, and say plainly when Prometheus is gone.

#include "headlesscommands.h"
#include "prometheusfixture.h"
#include "promsource.h"
#include "simclient.h"

#include <nlohmann/json.hpp>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using headroom::ProxySample;
using headroom::app::PromSource;
using headroom::app::PromSourceConfig;
using headroom::test::Child;
using headroom::test::PrometheusProcess;

namespace {

const QString kKey = QStringLiteral("sk-headroom-demo"); // the cascade scenario's master key
constexpr double kScrapeSeconds = 1.0;

// The fleet's truth: the replicas' ground truth added up.
struct Truth {
    std::map<QString, double> groupRequests;
    std::map<QString, double> deploymentSuccesses;
    std::map<QString, double> deploymentTokens;
    std::map<std::pair<QString, QString>, double> edgeSuccesses;
};

std::optional<Truth> readTruth(const std::vector<std::unique_ptr<Child>> &replicas)
{
    Truth truth;
    for (const auto &replica : replicas) {
        if (replica->process().state() == QProcess::NotRunning) {
            continue;
        }
        headroom::test::SimClient client(replica->url, kKey);
        const auto reply = client.get(QStringLiteral("/sim/ground_truth"));
        if (reply.status != 200) {
            return std::nullopt;
        }
        const auto json = nlohmann::json::parse(reply.body.toStdString(), nullptr, false);
        if (json.is_discarded()) {
            return std::nullopt;
        }
        for (const auto &[group, g] : json.at("groups").items()) {
            truth.groupRequests[QString::fromStdString(group)] += g.at("requests").get<double>();
        }
        for (const auto &[id, d] : json.at("deployments").items()) {
            truth.deploymentSuccesses[QString::fromStdString(id)] +=
                d.at("successes").get<double>();
            truth.deploymentTokens[QString::fromStdString(id)] += d.at("tokens").get<double>();
        }
        for (const auto &e : json.at("fallbacks")) {
            truth.edgeSuccesses[{QString::fromStdString(e.at("from").get<std::string>()),
                                 QString::fromStdString(e.at("to").get<std::string>())}] +=
                e.at("successes").get<double>();
        }
    }
    return truth;
}

// before <= value <= after: the value is the fleet's at some moment between the two readings.
bool between(double before, std::optional<double> value, double after)
{
    return value && before <= *value + 1e-9 && *value <= after + 1e-9;
}

} // namespace

class TestPromFleet : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void fleetEqualsGroundTruth_data();
    void fleetEqualsGroundTruth();

private:
    bool startFleet(const QString &naming, QString *why);
    std::shared_ptr<const ProxySample> pollOnce(PromSource &source,
                                                headroom::PollOutcome *outcome = nullptr);

    std::vector<std::unique_ptr<Child>> m_replicas;
    std::unique_ptr<PrometheusProcess> m_prometheus;
};

void TestPromFleet::init()
{
    if (headroom::test::prometheusBinary().isEmpty()) {
        QSKIP("prometheus is not installed (Debian's package prometheus; scripts/headroom install "
              "brings it): the fleet tests need a real Prometheus");
    }
}

void TestPromFleet::cleanup()
{
    m_prometheus.reset();
    m_replicas.clear();
}

bool TestPromFleet::startFleet(const QString &naming, QString *why)
{
    // One epoch for all: the replicas share one clock, hence one shared state.
    const QString epoch = QString::number(QDateTime::currentMSecsSinceEpoch());
    QStringList targets;
    for (int i = 1; i <= 3; ++i) {
        auto replica = headroom::test::startSimReplica(
            QStringLiteral(HEADROOM_SIM_BINARY),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--scenario"),
             QStringLiteral("cascade"), QStringLiteral("--metric-names"), naming,
             QStringLiteral("--replica"), QStringLiteral("%1/3").arg(i),
             QStringLiteral("--epoch-ms"), epoch},
            why);
        if (!replica) {
            return false;
        }
        targets << replica->url.authority();
        m_replicas.push_back(std::move(replica));
    }
    m_prometheus = std::make_unique<PrometheusProcess>();
    if (!m_prometheus->start(targets, QStringLiteral("litellm"), kScrapeSeconds, why)) {
        return false;
    }
    // Every target scraped (up == 1) before the test asks anything.
    headroom::test::SimClient client(m_prometheus->url());
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30000) {
        const auto reply = client.get(
            QStringLiteral("/api/v1/query?query=") +
            QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("count(up == 1)"))));
        if (reply.body.contains("\"3\"")) {
            QTest::qWait(int(2 * kScrapeSeconds * 1000)); // a rate() needs two scrapes
            return true;
        }
        QTest::qWait(200);
    }
    *why = QStringLiteral("Prometheus did not scrape the three replicas within 30 s");
    return false;
}

std::shared_ptr<const ProxySample> TestPromFleet::pollOnce(PromSource &source,
                                                           headroom::PollOutcome *outcome)
{
    QSignalSpy finished(&source, &PromSource::pollFinished);
    std::shared_ptr<const ProxySample> sample;
    const auto connection = QObject::connect(
        &source, &PromSource::sampleReady,
        [&sample](std::shared_ptr<const ProxySample> s) { sample = std::move(s); });
    source.pollNow();
    if (!finished.wait(20000)) {
        QObject::disconnect(connection);
        return nullptr;
    }
    QObject::disconnect(connection);
    source.stop();
    if (outcome) {
        *outcome = finished.takeFirst().at(0).value<headroom::PollOutcome>();
    }
    return sample;
}

void TestPromFleet::fleetEqualsGroundTruth_data()
{
    QTest::addColumn<QString>("naming");
    QTest::newRow("current names") << QStringLiteral("current");
    QTest::newRow("pre-2026 names") << QStringLiteral("legacy");
}

void TestPromFleet::fleetEqualsGroundTruth()
{
    QFETCH(QString, naming);
    QString why;
    QVERIFY2(startFleet(naming, &why), qPrintable(why));

    PromSourceConfig config;
    config.url = m_prometheus->url();
    config.matchers = QStringLiteral("job=\"litellm\"");
    config.intervalMs = 60000; // the test polls by hand
    config.rateWindowSeconds = 5;
    config.adminUrl = m_replicas.front()->url; // groups, limits and the chain from replica 1
    config.adminKey = kKey;
    PromSource source(config);

    // Truth read more than one scrape interval before the poll, and again after it: every
    // replica's last scrape lies between, so the fleet's numbers must too.
    const auto before = readTruth(m_replicas);
    QVERIFY(before);
    QTest::qWait(int(kScrapeSeconds * 1000) + 300);
    headroom::PollOutcome outcome;
    const auto sample = pollOnce(source, &outcome);
    const auto after = readTruth(m_replicas);
    QVERIFY(after);
    QVERIFY2(sample, qPrintable(outcome.summary(source.displayUrl())));
    QVERIFY2(outcome.state == headroom::PollOutcome::State::Ok ||
                 outcome.state == headroom::PollOutcome::State::Slow,
             qPrintable(outcome.summary(source.displayUrl())));
    QCOMPARE(sample->metricNaming, naming == u"current" ? headroom::MetricNaming::Current
                                                        : headroom::MetricNaming::Legacy);

    QVERIFY(!after->groupRequests.empty());
    for (const auto &[group, afterValue] : after->groupRequests) {
        const auto *g = sample->group(group);
        QVERIFY2(g, qPrintable(group));
        QVERIFY2(between(before->groupRequests.at(group), g->requestsTotal, afterValue),
                 qPrintable(QStringLiteral("%1: %2 requests, truth %3 … %4")
                                .arg(group)
                                .arg(g->requestsTotal.value_or(-1))
                                .arg(before->groupRequests.at(group))
                                .arg(afterValue)));
    }
    for (const auto &[id, afterValue] : after->deploymentSuccesses) {
        if (afterValue == 0) {
            continue;
        }
        const auto *d = sample->deployment(id);
        QVERIFY2(d, qPrintable(id));
        QVERIFY2(between(before->deploymentSuccesses.at(id), d->successTotal, afterValue),
                 qPrintable(QStringLiteral("%1: %2 successes, truth %3 … %4")
                                .arg(id)
                                .arg(d->successTotal.value_or(-1))
                                .arg(before->deploymentSuccesses.at(id))
                                .arg(afterValue)));
        QVERIFY(between(before->deploymentTokens.at(id), d->tokensTotal,
                        after->deploymentTokens.at(id)));
    }
    for (const auto &[edge, afterValue] : after->edgeSuccesses) {
        const auto found = std::find_if(
            sample->fallbacks.begin(), sample->fallbacks.end(),
            [&edge](const auto &e) { return e.from == edge.first && e.to == edge.second; });
        const double beforeValue =
            before->edgeSuccesses.count(edge) ? before->edgeSuccesses.at(edge) : 0.0;
        if (afterValue == 0) {
            continue;
        }
        QVERIFY2(found != sample->fallbacks.end(),
                 qPrintable(edge.first + QStringLiteral("->") + edge.second));
        QVERIFY(between(beforeValue, found->successTotal, afterValue));
    }

    // The replicas, by their instance label, each serving about a third.
    QVERIFY(sample->fleet);
    QCOMPARE(sample->fleet->replicas.size(), std::size_t(3));
    double total = 0;
    for (const auto &r : sample->fleet->replicas) {
        QVERIFY2(r.reporting, qPrintable(r.instance));
        QVERIFY2(r.requestsPerSecond && *r.requestsPerSecond > 0, qPrintable(r.instance));
        QVERIFY(r.series > 0);
        total += *r.requestsPerSecond;
    }
    for (const auto &r : sample->fleet->replicas) {
        QVERIFY2(std::abs(*r.requestsPerSecond / total - 1.0 / 3) < 0.1, qPrintable(r.instance));
    }
    QVERIFY2(sample->fleet->adminSource.contains(m_replicas.front()->url.toString()),
             qPrintable(sample->fleet->adminSource));
    QVERIFY(!sample->deployments.empty());
    QVERIFY(sample->deployments.front().rpmLimit.has_value());

    // Backfill: query_range gives the history, oldest first, none of it past the truth now.
    PromSourceConfig backfillConfig = config;
    backfillConfig.backfill = true;
    backfillConfig.backfillSeconds = 60;
    backfillConfig.backfillStepSeconds = 1;
    PromSource backfilling(backfillConfig);
    std::vector<std::shared_ptr<const ProxySample>> history;
    connect(&backfilling, &PromSource::sampleReady,
            [&history](std::shared_ptr<const ProxySample> s) { history.push_back(std::move(s)); });
    QSignalSpy backfilled(&backfilling, &PromSource::backfillFinished);
    backfilling.start();
    QVERIFY(backfilled.wait(20000));
    backfilling.stop();
    QVERIFY2(backfilled.at(0).at(1).toString().isEmpty(),
             qPrintable(backfilled.at(0).at(1).toString()));
    QVERIFY(backfilled.at(0).at(0).toInt() >= 3);
    QCOMPARE(int(history.size()), backfilled.at(0).at(0).toInt());
    for (std::size_t i = 1; i < history.size(); ++i) {
        QVERIFY(history[i]->timeMs > history[i - 1]->timeMs);
        QVERIFY(history[i]->pollId > history[i - 1]->pollId);
    }
    const auto latest = readTruth(m_replicas);
    QVERIFY(latest);
    for (const auto &[group, value] : latest->groupRequests) {
        const auto *g = history.back()->group(group);
        QVERIFY(g && g->requestsTotal && *g->requestsTotal <= value);
    }

    // The command line: inspect --prometheus --json prints the same fleet, watch a line a poll.
    {
        QString printed;
        QString said;
        QTextStream out(&printed);
        QTextStream err(&said);
        const int status = headroom::app::runHeadlessCommand(
            {QStringLiteral("headroom"), QStringLiteral("inspect"), QStringLiteral("--prometheus"),
             m_prometheus->url().toString(), QStringLiteral("--match"),
             QStringLiteral("job=\"litellm\""), QStringLiteral("--json")},
            out, err);
        QVERIFY2(status == 0, qPrintable(said));
        const auto json = nlohmann::json::parse(printed.toStdString(), nullptr, false);
        QVERIFY2(!json.is_discarded(), qPrintable(printed.left(300)));
        QCOMPARE(json.at("fleet").at("replicas").size(), std::size_t(3));
        QCOMPARE(json.at("fleet").at("matchers").get<std::string>(),
                 std::string("job=\"litellm\""));
        QVERIFY(json.at("groups").size() >= 1);
        const auto now = readTruth(m_replicas);
        QVERIFY(now);
        for (const auto &g : json.at("groups")) {
            const QString group = QString::fromStdString(g.at("group").get<std::string>());
            QVERIFY(g.at("requests_total").get<double>() <= now->groupRequests.at(group));
            QVERIFY(g.at("requests_total").get<double>() >= before->groupRequests.at(group));
        }

        printed.clear();
        const int watched = headroom::app::runHeadlessCommand(
            {QStringLiteral("headroom"), QStringLiteral("watch"), QStringLiteral("--prometheus"),
             m_prometheus->url().toString(), QStringLiteral("--interval"), QStringLiteral("1"),
             QStringLiteral("--duration"), QStringLiteral("2.5")},
            out, err);
        QVERIFY2(watched == 0, qPrintable(said));
        QVERIFY2(printed.count(QStringLiteral("\"type\":\"sample\"")) >= 2,
                 qPrintable(printed.left(300)));

        printed.clear();
        said.clear();
        const int refused = headroom::app::runHeadlessCommand(
            {QStringLiteral("headroom"), QStringLiteral("inspect"), QStringLiteral("--prometheus"),
             m_prometheus->url().toString(), QStringLiteral("--match"),
             QStringLiteral("job=\"nothing-here\"")},
            out, err);
        QCOMPARE(refused, 2);
        QVERIFY2(said.contains(QStringLiteral("no LiteLLM series matching {job=\"nothing-here\"}")),
                 qPrintable(said));
    }

    // One replica stops: the next poll names it, and keeps the other two.
    const QString stopped = m_replicas.back()->url.authority();
    m_replicas.back()->stop();
    QTest::qWait(int(3 * kScrapeSeconds * 1000));
    PromSource afterStop(config);
    const auto degraded = pollOnce(afterStop, &outcome);
    QVERIFY2(degraded, qPrintable(outcome.summary(afterStop.displayUrl())));
    QCOMPARE(outcome.state, headroom::PollOutcome::State::Degraded);
    QVERIFY2(outcome.reason.contains(stopped), qPrintable(outcome.reason));
    QVERIFY(outcome.reason.contains(QStringLiteral("stopped reporting")));
    int reporting = 0;
    for (const auto &r : degraded->fleet->replicas) {
        reporting += r.reporting ? 1 : 0;
        QCOMPARE(r.reporting, r.instance != stopped);
    }
    QCOMPARE(reporting, 2);

    // Prometheus gone: said plainly, no sample.
    m_prometheus->stop();
    PromSource orphan(config);
    const auto none = pollOnce(orphan, &outcome);
    QVERIFY(!none);
    QCOMPARE(outcome.state, headroom::PollOutcome::State::Unreachable);
    QVERIFY2(outcome.reason.contains(QStringLiteral("Prometheus is unreachable")),
             qPrintable(outcome.reason));
}

QTEST_GUILESS_MAIN(TestPromFleet)
#include "tst_promfleet.moc"
