// The browser report: what its summary says of a recorded cascade, that it is self-contained
// (no script, nothing fetched), and that names from the proxy cannot inject markup.

#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreport.h"

#include <QRegularExpression>
#include <QtTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;

namespace {

Snapshot cascade()
{
    auto read = readSnapshotFile(QStringLiteral(HEADROOM_TESTDATA_DIR) +
                                 u"/snapshots/cascade-v1.headroom"_s);
    if (!read) {
        qFatal("%s", qPrintable(read.error().toString()));
    }
    return read.value();
}

} // namespace

class TestSnapshotReport : public QObject {
    Q_OBJECT
private slots:
    void summaryOfTheCascade();
    void reportSaysWhatHappened();
    void selfContained();
    void namesAreEscaped();
    void emptySnapshot();
    void reportPath();
};

void TestSnapshotReport::summaryOfTheCascade()
{
    const Snapshot s = cascade();
    const IncidentSummary summary = summarizeSnapshot(s);
    // The scenario's primary saturates first, the others after it.
    QVERIFY(summary.saturated.size() >= 2);
    QCOMPARE(summary.saturated.front().group, u"gpt-4o"_s);
    for (std::size_t i = 1; i < summary.saturated.size(); ++i) {
        QVERIFY(summary.saturated[i - 1].firstMs <= summary.saturated[i].firstMs);
    }
    QVERIFY(summary.saturated.front().firstMs >= s.fromMs);
    // 429 totals: rate × time, so at least one full poll's worth for each refusing group.
    QCOMPARE(summary.refusals.size(), std::size_t(3));
    for (const auto &r : summary.refusals) {
        QVERIFY(r.clients429 > 0 || r.refusedAttempts > 0);
    }
    // Totals equal the integral of the raw series, worked out here from the file's values.
    const SnapshotSeries *series =
        s.find(SeriesKey::group(u"gpt-4o-mini"_s, Metric::RateLimitedPerSec));
    QVERIFY(series);
    double expected = 0;
    const auto &times = s.axes[0].timesMs;
    for (std::size_t i = 0; i < times.size(); ++i) {
        const float v = series->tiers[0].mean[i];
        if (!std::isnan(v)) {
            const qint64 dt = i > 0 ? times[i] - times[i - 1] : s.environment.pollIntervalMs;
            expected += double(v) * double(dt) / 1000.0;
        }
    }
    const auto mini = std::find_if(summary.refusals.begin(), summary.refusals.end(),
                                   [](const auto &r) { return r.group == u"gpt-4o-mini"; });
    QVERIFY(mini != summary.refusals.end());
    QCOMPARE(qRound(mini->clients429), qRound(expected));
    QVERIFY(!summary.spikes.empty());
    QVERIFY(summary.spikes.front().peakPerSec > 1.0); // over the spike rule's threshold
    QVERIFY(!summary.predictedPath.isEmpty());
}

void TestSnapshotReport::reportSaysWhatHappened()
{
    const QString html = QString::fromUtf8(snapshotReportHtml(cascade()));
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.contains(u"<b>gpt-4o</b> saturated first"_s));
    QVERIFY(html.contains(u"id=\"cascade-path\""_s));
    QVERIFY(html.contains(u"Fallbacks spiked: gpt-4o → gpt-4o-mini"_s));
    QVERIFY(html.contains(u"No change was pushed"_s));
    // Two charts (RPM, TPM) per group shown, each with a usage line and a limit line.
    QCOMPARE(html.count(u"<svg class=\"chart\""_s), 6);
    QCOMPARE(html.count(u"<path class=\"usage\" d=\"M"_s), 6);
    QCOMPARE(html.count(u"<path class=\"limit\" d=\"M"_s), 6);
    // The graph: a node per group, an edge per fallback, the saturated ones marked in order.
    QCOMPARE(html.count(u"<g class=\"node"_s), 3);
    QVERIFY(html.contains(u"1. gpt-4o</text>"_s));
    QVERIFY(html.count(u"marker-end=\"url(#arrow)\""_s) >= 2);
    QCOMPARE(html.count(u"<tr class=\"sev-"_s), int(cascade().events.size()));
}

void TestSnapshotReport::selfContained()
{
    const QString html = QString::fromUtf8(snapshotReportHtml(cascade()));
    QVERIFY(!html.contains(u"<script"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"src="_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"href="_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"@import"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"url(http"_s, Qt::CaseInsensitive));
    QVERIFY(html.contains(u"default-src 'none'"_s));
}

void TestSnapshotReport::namesAreEscaped()
{
    Snapshot s;
    const QString evil = u"<script>alert(1)</script>\"'&"_s;
    s.environment.proxyHost = evil;
    s.groups.push_back({evil, {}, {}});
    Event e;
    e.seq = 1;
    e.kind = EventKind::RateLimitBurst;
    e.message = evil;
    s.events.push_back(e);
    FallbackChain chain;
    chain.fallbacks.fallbacks = {{evil, {u"<b>x</b>"_s}}};
    s.chains.push_back({0, chain});
    const QString html = QString::fromUtf8(snapshotReportHtml(s));
    QVERIFY(!html.contains(u"<script>"_s));
    QVERIFY(!html.contains(u"<b>x</b>"_s));
    QVERIFY(html.contains(u"&lt;script&gt;alert(1)&lt;/script&gt;&quot;"_s));
}

void TestSnapshotReport::emptySnapshot()
{
    const QString html = QString::fromUtf8(snapshotReportHtml(Snapshot{}));
    QVERIFY(html.contains(u"No group saturated"_s));
    QVERIFY(html.contains(u"No fallbacks are configured or observed."_s));
    QVERIFY(html.contains(u"No events."_s));
    QVERIFY(html.endsWith(u"</html>\n"_s));
}

void TestSnapshotReport::reportPath()
{
    QCOMPARE(reportPathFor(u"/tmp/x/incident.headroom"_s), u"/tmp/x/incident.html"_s);
    QCOMPARE(reportPathFor(u"/tmp/x/a.b.json"_s), u"/tmp/x/a.b.html"_s);
}

QTEST_GUILESS_MAIN(TestSnapshotReport)
#include "tst_snapshotreport.moc"
