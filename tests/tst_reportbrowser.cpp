// The browser report in headless Chromium (Debian's chromium, a test package): the page loads
// from disk with the network cut off, logs no console error, and its charts and graph are in the
// DOM and on screen (the screenshot's pixels carry the charts' and the graph's colours).

#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreport.h"

#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Run {
    QByteArray out;
    QByteArray err;
    int exitCode = -1;
};

Run chromium(const QTemporaryDir &profile, const QStringList &arguments)
{
    QProcess process;
    QStringList all = {u"--headless"_s,
                       u"--no-sandbox"_s, // the suites run as root in CI containers
                       u"--disable-gpu"_s, u"--no-first-run"_s,
                       u"--user-data-dir="_s + profile.filePath(u"profile"_s),
                       // No network at all: anything the page tried to fetch would fail, and
                       // say so on the console.
                       u"--proxy-server=127.0.0.1:9"_s, u"--host-resolver-rules=MAP * ~NOTFOUND"_s,
                       u"--enable-logging=stderr"_s, u"--v=0"_s};
    all += arguments;
    process.start(QStandardPaths::findExecutable(u"chromium"_s), all);
    Run run;
    if (!process.waitForFinished(90000)) {
        process.kill();
        process.waitForFinished();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

// Console messages Chromium logged ("CONSOLE(…)"), and refusals of the page's CSP.
QStringList consoleProblems(const QByteArray &stderrText)
{
    QStringList problems;
    for (const QByteArray &line : stderrText.split('\n')) {
        if (line.contains("CONSOLE") || line.contains("Refused to") || line.contains("net::ERR_")) {
            problems << QString::fromUtf8(line);
        }
    }
    return problems;
}

int pixelsNear(const QImage &image, QRgb colour, int tolerance = 24)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = line[x];
            n += std::abs(qRed(p) - qRed(colour)) <= tolerance &&
                         std::abs(qGreen(p) - qGreen(colour)) <= tolerance &&
                         std::abs(qBlue(p) - qBlue(colour)) <= tolerance
                     ? 1
                     : 0;
        }
    }
    return n;
}

} // namespace

class TestReportBrowser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loadsAndShowsChartsAndGraph();

private:
    QTemporaryDir m_dir;
    QString m_report;
};

void TestReportBrowser::initTestCase()
{
    QVERIFY2(!QStandardPaths::findExecutable(u"chromium"_s).isEmpty(),
             "chromium is not installed: scripts/headroom install installs it");
    const auto read = readSnapshotFile(QStringLiteral(HEADROOM_TESTDATA_DIR) +
                                       u"/snapshots/cascade-v1.headroom"_s);
    QVERIFY(read);
    m_report = m_dir.filePath(u"cascade.html"_s);
    QFile file(m_report);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(snapshotReportHtml(read.value()));
}

void TestReportBrowser::loadsAndShowsChartsAndGraph()
{
    const QString url = QUrl::fromLocalFile(m_report).toString();
    const Run dom = chromium(m_dir, {u"--dump-dom"_s, url});
    QCOMPARE(dom.exitCode, 0);
    QVERIFY2(consoleProblems(dom.err).isEmpty(), qPrintable(consoleProblems(dom.err).join(u'\n')));
    const QString html = QString::fromUtf8(dom.out);
    // The DOM as Chromium built it: the summary, six charts with their lines, the graph.
    QVERIFY2(html.contains(u"<b>gpt-4o</b> saturated first"_s), qPrintable(html.left(400)));
    QCOMPARE(html.count(u"<svg class=\"chart\""_s), 6);
    QCOMPARE(html.count(u"class=\"usage\""_s), 6);
    QVERIFY(html.contains(u"id=\"graph-svg\""_s));
    QCOMPARE(html.count(u"<g class=\"node"_s), 3);
    QVERIFY(html.contains(u"<section id=\"events\">"_s));

    const QString shot = m_dir.filePath(u"report.png"_s);
    const Run screenshot =
        chromium(m_dir, {u"--screenshot="_s + shot, u"--window-size=1280,1500"_s, url});
    QCOMPARE(screenshot.exitCode, 0);
    QVERIFY2(consoleProblems(screenshot.err).isEmpty(),
             qPrintable(consoleProblems(screenshot.err).join(u'\n')));
    const QImage image = QImage(shot).convertToFormat(QImage::Format_RGB32);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 1280);
    // Drawn, not only present: the usage lines (blue), the limits (red), a saturated node.
    QVERIFY2(pixelsNear(image, qRgb(0x2f, 0x6f, 0xce)) > 2000, "no chart lines on screen");
    QVERIFY2(pixelsNear(image, qRgb(0xc0, 0x39, 0x2b)) > 500, "no limit lines on screen");
    QVERIFY2(pixelsNear(image, qRgb(0xfd, 0xe2, 0xdf), 4) > 2000, "no saturated node on screen");
    // Kept for a person to look at.
    const QString kept = QDir(QStringLiteral(HEADROOM_BUILD_DIR)).filePath(u"report-browser.png"_s);
    QFile::remove(kept);
    QFile::copy(shot, kept);
}

QTEST_GUILESS_MAIN(TestReportBrowser)
#include "tst_reportbrowser.moc"
