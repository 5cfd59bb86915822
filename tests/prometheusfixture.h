#pragma once
// A real Prometheus (Debian's prometheus package) for the fleet tests and the fleet benchmark:
// started on 127.0.0.1 with a generated config, an ephemeral port, a temporary storage folder
// and the scrape interval asked for; and headroom-sim processes for it to scrape.

#include <memory>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace headroom::test {

// The prometheus binary, or empty when the package is not installed.
inline QString prometheusBinary()
{
    return QStandardPaths::findExecutable(QStringLiteral("prometheus"));
}

// A child process that prints "… http://127.0.0.1:PORT" (headroom-sim) or logs its listening
// address (prometheus); stopped with SIGTERM when the fixture goes.
class Child {
public:
    Child() = default;
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;
    ~Child() { stop(); }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }

    QProcess &process() { return m_process; }
    QUrl url;

    // Starts program and waits for `pattern` (its first capture: host:port) in its output.
    bool start(const QString &program, const QStringList &arguments,
               const QRegularExpression &pattern, QString *why)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10000)) {
            *why = program + QStringLiteral(" did not start: ") + m_process.errorString();
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        QByteArray seen;
        while (timer.elapsed() < 20000) {
            if (m_process.state() == QProcess::NotRunning) {
                break;
            }
            m_process.waitForReadyRead(200);
            seen += m_process.readAll();
            const auto match = pattern.match(QString::fromUtf8(seen));
            if (match.hasMatch()) {
                url = QUrl(QStringLiteral("http://") + match.captured(1));
                return true;
            }
        }
        *why = program + QStringLiteral(" gave no address; its output: ") +
               QString::fromUtf8(seen.right(2000));
        return false;
    }

private:
    QProcess m_process;
};

// headroom-sim --replica i/n of a shared-limit fleet.
inline std::unique_ptr<Child> startSimReplica(const QString &binary, const QStringList &arguments,
                                              QString *why)
{
    auto child = std::make_unique<Child>();
    static const QRegularExpression listening(
        QStringLiteral(R"(listening on http://(127\.0\.0\.1:\d+))"));
    if (!child->start(binary, arguments, listening, why)) {
        return nullptr;
    }
    return child;
}

class PrometheusProcess {
public:
    // targets: host:port each, scraped as job `job` every scrapeSeconds.
    bool start(const QStringList &targets, const QString &job, double scrapeSeconds, QString *why)
    {
        if (!m_dir.isValid()) {
            *why = QStringLiteral("no temporary folder");
            return false;
        }
        QString list;
        for (const QString &t : targets) {
            list += (list.isEmpty() ? QString() : QStringLiteral(", ")) + u'\'' + t + u'\'';
        }
        const QString interval =
            QString::number(qRound(scrapeSeconds * 1000)) + QStringLiteral("ms");
        const QString config = QStringLiteral("global:\n"
                                              "  scrape_interval: %1\n"
                                              "  scrape_timeout: %1\n"
                                              "scrape_configs:\n"
                                              "  - job_name: %2\n"
                                              "    static_configs:\n"
                                              "      - targets: [%3]\n")
                                   .arg(interval, job, list);
        QFile file(m_dir.filePath(QStringLiteral("prometheus.yml")));
        if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
            *why = QStringLiteral("cannot write the Prometheus config");
            return false;
        }
        file.close();
        static const QRegularExpression listening(
            QStringLiteral(R"(msg="Listening on" address=(127\.0\.0\.1:\d+))"));
        return m_child.start(
            prometheusBinary(),
            {QStringLiteral("--config.file=") + file.fileName(),
             QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("data")),
             QStringLiteral("--web.listen-address=127.0.0.1:0"),
             QStringLiteral("--log.level=info")},
            listening, why);
    }

    QUrl url() const { return m_child.url; }
    void stop() { m_child.stop(); }

private:
    QTemporaryDir m_dir;
    Child m_child;
};

} // namespace headroom::test
