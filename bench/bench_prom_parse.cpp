// Prometheus text parse speed on a LiteLLM-shaped exposition, against the two parsers people
// would otherwise use: promtool (Go, Prometheus' own) and prometheus_client (Python).
//   bench_prom_parse [FILE] [--iterations N]
// Without FILE a 1000 group x 5 deployment exposition (~20 MB) is generated to a temp file.
// Prints `name value unit` lines; MB is 10^6 bytes.

#include "litellmexposition.h"
#include "prom/promtext.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace prom = headroom::prom;

namespace {

constexpr int kPeerRuns = 3;

double megabytesPerSecond(qint64 bytes, double seconds)
{
    return seconds > 0 ? double(bytes) / 1e6 / seconds : 0;
}

void figure(const char *name, double value, const char *unit)
{
    std::printf("%s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

class CountingVisitor final : public prom::Visitor {
public:
    std::size_t labels = 0;
    void sample(const prom::SampleView &sample) override { labels += sample.labels.size(); }
};

// Best wall time of `runs` runs of `promtool check metrics < file`: the whole process, since
// that is what a person comparing the tools would time. Lint findings make promtool exit 1,
// which is fine; a parse error is not.
std::optional<double> timePromtool(const QString &promtool, const QString &path)
{
    double best = std::numeric_limits<double>::infinity();
    for (int run = 0; run < kPeerRuns; ++run) {
        QProcess process;
        process.setStandardInputFile(path);
        process.setStandardOutputFile(QProcess::nullDevice());
        QElapsedTimer timer;
        timer.start();
        process.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        if (!process.waitForStarted() || !process.waitForFinished(-1)) {
            return std::nullopt;
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        const QByteArray errors = process.readAllStandardError();
        if (process.exitStatus() != QProcess::NormalExit ||
            errors.contains("error while linting")) {
            std::fprintf(stderr, "promtool failed: %s\n", errors.left(500).constData());
            return std::nullopt;
        }
        best = std::min(best, seconds);
    }
    return best;
}

// Best time of prometheus_client's text_string_to_metric_families over the text already in
// memory, timed inside Python around the parse only (the generator consumed with list()).
std::optional<double> timePython(const QString &python, const QString &path)
{
    static const char script[] = R"PY(
import sys, time
from prometheus_client.parser import text_string_to_metric_families
with open(sys.argv[1], encoding="utf-8") as f:
    data = f.read()
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    families = list(text_string_to_metric_families(data))
    best = min(best, time.perf_counter() - start)
print(best, sum(len(f.samples) for f in families))
)PY";
    QProcess process;
    process.start(python, {QStringLiteral("-c"), QString::fromUtf8(script), path,
                           QString::number(kPeerRuns)});
    if (!process.waitForStarted() || !process.waitForFinished(-1) ||
        process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "python: %s\n", process.readAllStandardError().left(500).constData());
        return std::nullopt;
    }
    const QList<QByteArray> fields = process.readAllStandardOutput().trimmed().split(' ');
    bool ok = false;
    const double seconds = fields.value(0).toDouble(&ok);
    if (!ok) {
        return std::nullopt;
    }
    figure("python_samples", fields.value(1).toDouble(), "samples");
    return seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QString path;
    int iterations = 20;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
            iterations = std::max(1, std::atoi(argv[++i]));
        } else if (argv[i][0] != '-' && path.isEmpty()) {
            path = QString::fromLocal8Bit(argv[i]);
        } else {
            std::fprintf(stderr, "usage: %s [FILE] [--iterations N]\n", argv[0]);
            return 2;
        }
    }

    QTemporaryDir tempDir;
    if (path.isEmpty()) {
        const std::string text = headroom::bench::generateLitellmExposition({});
        path = tempDir.filePath(QStringLiteral("litellm_metrics.txt"));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) ||
            out.write(text.data(), qint64(text.size())) != qint64(text.size())) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QByteArray text = file.readAll();
    const qint64 bytes = text.size();
    std::printf("# %s: %lld bytes\n", qPrintable(QFileInfo(path).fileName()),
                static_cast<long long>(bytes));

    prom::ParseOptions options;
    options.limits.maxBytes = std::max<qint64>(options.limits.maxBytes, bytes);

    // Ours: the whole document (what the app does), best of N.
    double best = std::numeric_limits<double>::infinity();
    std::size_t samples = 0;
    for (int i = 0; i < iterations; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto document = prom::parseDocument(text, options);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (!document.ok()) {
            std::fprintf(stderr, "parse failed: %s\n", qPrintable(document.error().toString()));
            return 1;
        }
        samples = document->samples.size();
        best = std::min(best, seconds);
    }
    const double ours = megabytesPerSecond(bytes, best);
    figure("prom_parse_throughput", ours, "MB/s");
    figure("prom_parse_samples", double(samples), "samples");

    // Streaming only (no document), for reference.
    double bestStream = std::numeric_limits<double>::infinity();
    for (int i = 0; i < iterations; ++i) {
        CountingVisitor visitor;
        QElapsedTimer timer;
        timer.start();
        const auto stats = prom::parseText(std::string_view(text.constData(), std::size_t(bytes)),
                                           visitor, options);
        bestStream = std::min(bestStream, double(timer.nsecsElapsed()) / 1e9);
        if (!stats.ok()) {
            return 1;
        }
    }
    figure("prom_parse_stream_throughput", megabytesPerSecond(bytes, bestStream), "MB/s");

    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty()) {
        std::printf("# promtool not found (Debian package prometheus); skipped\n");
    } else if (const auto seconds = timePromtool(promtool, path)) {
        const double theirs = megabytesPerSecond(bytes, *seconds);
        figure("promtool_throughput", theirs, "MB/s");
        figure("prom_parse_vs_promtool", ours / theirs, "ratio");
    } else {
        std::printf("# promtool failed; skipped\n");
    }

    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFileInfo::exists(python)) {
        std::printf("# /usr/bin/python3 not found; skipped\n");
    } else if (const auto seconds = timePython(python, path)) {
        const double theirs = megabytesPerSecond(bytes, *seconds);
        figure("python_throughput", theirs, "MB/s");
        figure("prom_parse_vs_python", ours / theirs, "ratio");
    } else {
        std::printf(
            "# python3 prometheus_client not usable (python3-prometheus-client); skipped\n");
    }
    return 0;
}
