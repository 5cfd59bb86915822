// The fleet's PromQL round trip against a real Prometheus: 10 replicas of a 1,000 groups ×
// 5 deployments LiteLLM exposition (bench/litellmexposition, one seed per replica) served on
// loopback to a Prometheus started here; then PromSource's poll (its five instant queries and the
// evaluation into a ProxySample) timed beside ProxySource's poll of one replica of the same
// fleet (its /metrics, parsed into a ProxySample).
//
// Usage: bench_fleet_poll [--replicas N] [--groups N] [--polls N]
// Prints: fleet_poll_<shape>_p50/_p99 ms, single_proxy_poll_<shape>_p50 ms,
// fleet_poll_vs_single_proxy ratio, fleet_series count.

#include "litellmexposition.h"
#include "prometheusfixture.h"
#include "promsource.h"
#include "proxysource.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <vector>

namespace {

// Serves each replica's fixed /metrics body on its own port, on its own thread, so the scrapes
// never share the event loop the timed polls run on.
class Replicas : public QObject {
public:
    explicit Replicas(std::vector<QByteArray> bodies)
        : m_bodies(std::move(bodies))
    {}

    QStringList listen()
    {
        QStringList targets;
        for (std::size_t i = 0; i < m_bodies.size(); ++i) {
            auto *server = new QTcpServer(this);
            if (!server->listen(QHostAddress::LocalHost, 0)) {
                return {};
            }
            connect(server, &QTcpServer::newConnection, this, [this, server, i] {
                while (QTcpSocket *socket = server->nextPendingConnection()) {
                    serve(socket, i);
                }
            });
            targets << QStringLiteral("127.0.0.1:%1").arg(server->serverPort());
        }
        return targets;
    }

private:
    void serve(QTcpSocket *socket, std::size_t replica)
    {
        auto *request = new QByteArray;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, socket, [request] { delete request; });
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request, replica] {
            *request += socket->readAll();
            if (!request->contains("\r\n\r\n")) {
                return;
            }
            const bool metrics = request->startsWith("GET /metrics ");
            const QByteArray &body = metrics ? m_bodies[replica] : m_notFound;
            socket->write((metrics ? QByteArrayLiteral("HTTP/1.1 200 OK\r\n")
                                   : QByteArrayLiteral("HTTP/1.1 404 Not Found\r\n")) +
                          "Content-Type: text/plain; version=0.0.4\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n");
            socket->write(body);
            socket->disconnectFromHost();
        });
    }

    std::vector<QByteArray> m_bodies;
    QByteArray m_notFound = QByteArrayLiteral(R"({"detail":"Not Found"})");
};

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto index =
        std::size_t(std::clamp(p * double(values.size() - 1), 0.0, double(values.size() - 1)));
    return values[index];
}

// Times pollNow() to pollFinished (the answers in and evaluated off the UI thread).
template<typename Source>
std::vector<double> timePolls(Source &source, int polls, QString *problem)
{
    std::vector<double> ms;
    for (int i = 0; i < polls; ++i) {
        QSignalSpy finished(&source, &Source::pollFinished);
        QElapsedTimer timer;
        timer.start();
        source.pollNow();
        if (!finished.wait(60000)) {
            *problem = QStringLiteral("a poll did not finish within 60 s");
            return {};
        }
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        const auto outcome = finished.takeFirst().at(0).template value<headroom::PollOutcome>();
        if (!outcome.hasSample()) {
            *problem = outcome.summary(source.displayUrl());
            return {};
        }
        source.stop();
    }
    return ms;
}

} // namespace

int run(QThread &serving, Replicas *&served, int argc, char *argv[]);

int main(int argc, char *argv[])
{
    QThread serving;
    Replicas *served = nullptr;
    const int status = run(serving, served, argc, argv);
    if (served != nullptr) {
        QMetaObject::invokeMethod(
            served, [served] { delete served; }, Qt::BlockingQueuedConnection);
    }
    serving.quit();
    serving.wait();
    return status;
}

int run(QThread &serving, Replicas *&served, int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int replicas = 10;
    int groups = 1000;
    int polls = 15;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--replicas") {
            replicas = args[i + 1].toInt();
        } else if (args[i] == u"--groups") {
            groups = args[i + 1].toInt();
        } else if (args[i] == u"--polls") {
            polls = args[i + 1].toInt();
        }
    }
    if (headroom::test::prometheusBinary().isEmpty()) {
        std::fprintf(stderr, "bench_fleet_poll: prometheus is not installed (Debian's package "
                             "prometheus; scripts/headroom bench installs it)\n");
        return 2;
    }
    const QString shape = QStringLiteral("%1x5x%2").arg(groups).arg(replicas);

    std::vector<QByteArray> bodies;
    for (int r = 0; r < replicas; ++r) {
        headroom::bench::ExpositionShape s;
        s.groups = groups;
        s.deployments = 5;
        s.keys = 1;
        s.seed = std::uint64_t(r + 1);
        bodies.push_back(QByteArray::fromStdString(headroom::bench::generateLitellmExposition(s)));
    }
    std::fprintf(stderr, "bench_fleet_poll: %d replicas × %.1f MB of /metrics\n", replicas,
                 double(bodies.front().size()) / 1e6);

    served = new Replicas(bodies);
    served->moveToThread(&serving);
    serving.start();
    QStringList targets;
    QMetaObject::invokeMethod(
        served, [&] { targets = served->listen(); }, Qt::BlockingQueuedConnection);
    if (targets.size() != replicas) {
        std::fprintf(stderr, "bench_fleet_poll: cannot listen on loopback\n");
        return 2;
    }

    headroom::test::PrometheusProcess prometheus;
    QString why;
    constexpr double kScrapeSeconds = 10;
    if (!prometheus.start(targets, QStringLiteral("litellm"), kScrapeSeconds, &why)) {
        std::fprintf(stderr, "bench_fleet_poll: %s\n", qPrintable(why));
        return 2;
    }
    // Every replica scraped twice (rate() needs two samples) before anything is timed.
    QElapsedTimer waiting;
    waiting.start();
    headroom::app::PromSourceConfig config;
    config.url = prometheus.url();
    config.matchers = QStringLiteral("job=\"litellm\"");
    config.rateWindowSeconds = int(4 * kScrapeSeconds);
    config.timeoutMs = 60000;
    config.intervalMs = 3600 * 1000;
    bool ready = false;
    while (!ready && waiting.elapsed() < 240000) {
        QTest::qWait(2000);
        headroom::app::PromSource probe(config);
        QSignalSpy sample(&probe, &headroom::app::PromSource::sampleReady);
        QSignalSpy finished(&probe, &headroom::app::PromSource::pollFinished);
        probe.pollNow();
        finished.wait(60000);
        probe.stop();
        if (!sample.isEmpty()) {
            const auto s = sample.at(0).at(0).value<std::shared_ptr<const headroom::ProxySample>>();
            int withRates = 0;
            for (const auto &r : s->fleet->replicas) {
                withRates += r.requestsPerSecond ? 1 : 0;
            }
            ready = int(s->fleet->replicas.size()) == replicas && withRates == replicas &&
                    int(s->deployments.size()) >= groups * 5;
        }
    }
    if (!ready) {
        std::fprintf(stderr, "bench_fleet_poll: Prometheus did not hold two scrapes of every "
                             "replica within 4 minutes\n");
        return 2;
    }

    headroom::app::PromSource fleet(config);
    QString problem;
    const std::vector<double> fleetMs = timePolls(fleet, polls, &problem);
    if (fleetMs.empty()) {
        std::fprintf(stderr, "bench_fleet_poll: fleet poll: %s\n", qPrintable(problem));
        return 2;
    }

    headroom::app::ProxySourceConfig single;
    single.url = QUrl(QStringLiteral("http://") + targets.front());
    single.configFile.clear();
    single.timeoutMs = 60000;
    single.intervalMs = 3600 * 1000;
    single.routerSettingsIntervalMs = 3600 * 1000;
    headroom::app::ProxySource proxy(single);
    const std::vector<double> singleMs = timePolls(proxy, polls, &problem);
    if (singleMs.empty()) {
        std::fprintf(stderr, "bench_fleet_poll: single-proxy poll: %s\n", qPrintable(problem));
        return 2;
    }

    const double fleetP50 = percentile(fleetMs, 0.5);
    const double singleP50 = percentile(singleMs, 0.5);
    std::printf("fleet_poll_%s_p50 %.1f ms\n", qPrintable(shape), fleetP50);
    std::printf("fleet_poll_%s_p99 %.1f ms\n", qPrintable(shape), percentile(fleetMs, 0.99));
    std::printf("single_proxy_poll_%s_p50 %.1f ms\n", qPrintable(shape), singleP50);
    std::printf("fleet_poll_vs_single_proxy %.2f ratio\n", fleetP50 / singleP50);
    std::fflush(stdout);
    prometheus.stop();
    QMetaObject::invokeMethod(
        served, [served] { delete served; }, Qt::BlockingQueuedConnection);
    serving.quit();
    serving.wait();
    return 0;
}
