// headroom-sim's /chat/completions on loopback: requests answered per second, the simulator
// running as its own process. The load comes from wrk (Debian's package) when installed, which
// measures the server; a Qt client in this process is measured too, and is the slower side.

#include <cstdio>
#include <functional>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTimer>

namespace {

constexpr int kInFlight = 6;        // QNetworkAccessManager's connections per host
constexpr int kMilliseconds = 4000; // measured window, after a warm-up of 500 requests

const char *kBody =
    R"({"model": "bench", "messages": [{"role": "user", "content": "ping"}], "max_tokens": 20})";

// Requests per second wrk reached, or a negative value when wrk is not installed or failed.
double runWrk(const QUrl &url)
{
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    if (wrk.isEmpty()) {
        return -1;
    }
    QTemporaryFile script;
    if (!script.open()) {
        return -1;
    }
    script.write(QByteArrayLiteral("wrk.method = \"POST\"\nwrk.body = '") + kBody +
                 QByteArrayLiteral("'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                                   "wrk.headers[\"Authorization\"] = \"Bearer sk-bench\"\n"));
    script.flush();
    QProcess process;
    process.start(wrk, {QStringLiteral("-t1"), QStringLiteral("-c8"), QStringLiteral("-d4s"),
                        QStringLiteral("-s"), script.fileName(), url.toString()});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        return -1;
    }
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    const auto match =
        QRegularExpression(QStringLiteral(R"(Requests/sec:\s+([0-9.]+))")).match(output);
    if (output.contains(QStringLiteral("Non-2xx"))) {
        return -1; // only successful answers count
    }
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QProcess sim;
    sim.start(QStringLiteral(HEADROOM_SIM_BINARY),
              {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--scenario"),
               QStringLiteral(HEADROOM_BENCH_DATA "/completions.yaml")});
    if (!sim.waitForStarted(10000) || !sim.waitForReadyRead(10000)) {
        std::fprintf(stderr, "bench_sim_completions: headroom-sim did not start\n");
        return 1;
    }
    const QString line = QString::fromUtf8(sim.readLine()).trimmed();
    const QUrl url(line.mid(QStringLiteral("listening on ").size()) +
                   QStringLiteral("/chat/completions"));

    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer sk-bench");
    const QByteArray body(kBody);
    const double wrkRate = runWrk(url);

    int warmup = 500;
    qint64 done = 0;
    qint64 ok = 0;
    QElapsedTimer clock;
    bool measuring = false;
    std::function<void()> sendOne = [&] {
        QNetworkReply *reply = network.post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            if (!measuring) {
                if (--warmup == 0) {
                    measuring = true;
                    clock.start();
                }
            } else {
                ++done;
                ok += status == 200 ? 1 : 0;
                if (clock.elapsed() >= kMilliseconds) {
                    QCoreApplication::quit();
                    return;
                }
            }
            sendOne();
        });
    };
    for (int i = 0; i < kInFlight; ++i) {
        sendOne();
    }
    QTimer::singleShot(60000, &app, &QCoreApplication::quit);
    QCoreApplication::exec();
    const double seconds = double(clock.elapsed()) / 1000.0;
    sim.terminate();
    sim.waitForFinished(5000);
    if (done == 0 || seconds <= 0) {
        std::fprintf(stderr, "bench_sim_completions: no request completed\n");
        return 1;
    }
    if (wrkRate > 0) {
        std::printf("sim_chat_completions_rate %.0f requests/s\n", wrkRate);
    } else {
        std::printf("# wrk not installed: the rate below is limited by the Qt client\n");
    }
    std::printf("sim_chat_completions_rate_qt_client %.0f requests/s\n", double(done) / seconds);
    std::printf("sim_chat_completions_ok_share %.3f ratio\n", double(ok) / double(done));
    return 0;
}
