// Snapshots: capture from a store, JSON and gzip both ways, and every kind of bad file.

#include "snapshot/snapshotcapture.h"
#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreplay.h"

#include <nlohmann/json.hpp>
#include <QTemporaryDir>
#include <QtTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 kStart = 1'700'000'000'000;

// A two-group proxy with one fallback edge, whose counters grow by `step` each poll.
ProxySample sampleAt(int poll, std::shared_ptr<const FallbackChain> chain)
{
    ProxySample s;
    s.proxy = u"http://proxy.example:4000"_s;
    s.pollId = quint64(poll);
    s.timeMs = kStart + qint64(poll) * 5000;
    const double n = poll;
    for (const QString &group : {u"claude"_s, u"gpt-4o"_s}) {
        DeploymentSample d;
        d.id = group + u"-1"_s;
        d.group = group;
        d.model = u"openai/"_s + group;
        d.provider = u"openai"_s;
        d.apiBase = u"https://api.example/v1"_s;
        d.rpmLimit = 600;
        d.tpmLimit = 100000;
        d.successTotal = 10 * n + (group == u"gpt-4o" ? n * n : 0);
        d.failureTotal = n;
        d.rateLimitedTotal = group == u"gpt-4o" ? 3 * n : 0;
        d.tokensTotal = 700 * n;
        d.remainingRequests = 600 - poll % 50;
        s.deployments.push_back(d);
        GroupSample g;
        g.group = group;
        g.providers = {u"openai"_s};
        g.deploymentIds = {d.id};
        g.rpmLimit = 600;
        g.tpmLimit = 100000;
        g.requestsTotal = 11 * n;
        g.rateLimitedTotal = group == u"gpt-4o" ? 2 * n : 0;
        s.groups.push_back(g);
    }
    s.fallbacks.push_back({u"gpt-4o"_s, u"claude"_s, 2 * n, 0});
    s.metricsAvailable = true;
    s.chain = std::move(chain);
    return s;
}

std::shared_ptr<const FallbackChain> chainWith(const QStringList &targets)
{
    auto chain = std::make_shared<FallbackChain>();
    chain->fallbacks.fallbacks = {{u"gpt-4o"_s, targets}};
    chain->settings.numRetries = 2;
    chain->origin = {
        ChainOrigin::Kind::ProxyAdmin, u"http://proxy.example:4000/router/settings"_s, {}};
    return chain;
}

struct Recorded {
    MetricsStore store;
    SnapshotHistory history;
};

// polls polls, the chain changed half-way, a prediction every poll.
std::unique_ptr<Recorded> record(int polls)
{
    auto r = std::make_unique<Recorded>();
    const auto first = chainWith({u"claude"_s});
    const auto second = chainWith({u"claude"_s, u"gpt-4o-mini"_s});
    for (int i = 0; i < polls; ++i) {
        const auto chain = i < polls / 2 ? first : second;
        ProxySample s = sampleAt(i, chain);
        r->history.observeChain(s.timeMs, chain);
        auto p = std::make_shared<CascadePrediction>();
        p->horizonSeconds = 300;
        p->groups = {{u"claude"_s, std::nullopt, {}, 1, 0, 3},
                     {u"gpt-4o"_s, i > 10 ? std::optional(40.0) : std::nullopt, {}, 1.5, 0.25, 9}};
        if (i > 10) {
            p->path = {u"gpt-4o"_s};
        }
        r->history.observePrediction(s.timeMs, p);
        r->store.ingest(std::move(s));
    }
    return r;
}

SnapshotRequest wholeRequest(const Recorded &r)
{
    SnapshotRequest request;
    request.fromMs = r.store.clock().firstTimeMs();
    request.toMs = r.store.clock().latestTimeMs();
    request.environment.headroomVersion = u"0.9.0"_s;
    request.environment.timeZone = u"Europe/Paris"_s;
    request.environment.pollIntervalMs = 5000;
    request.environment.exportedAtMs = kStart + 3'600'000;
    return request;
}

QByteArray validJson()
{
    const auto r = record(20);
    const auto snapshot = captureSnapshot(r->store, &r->history, wholeRequest(*r));
    return encodeSnapshot(*snapshot, SnapshotEncoding::Json);
}

} // namespace

class TestSnapshot : public QObject {
    Q_OBJECT
private slots:
    void capturesTheWindow();
    void roundTrip_data();
    void roundTrip();
    void windowCutsSeriesAndEvents();
    void chainInForceAtTheWindowsStart();
    void cancels();
    void badFiles_data();
    void badFiles();
    void refusesABomb();
    void truncatedGzip();
    void newerSchema();
    void pushesAreAnEmptyList();
    void readsTheDocumentedExample();
    void replayGivesBackTheStore_data();
    void replayGivesBackTheStore();
    void replayStandsAtAnyInstant();
    void replayBeyondTheRawHour();
};

void TestSnapshot::capturesTheWindow()
{
    const auto r = record(40);
    const auto s = captureSnapshot(r->store, &r->history, wholeRequest(*r));
    QVERIFY(s);
    QCOMPARE(s->axes.size(), r->store.clock().tiers().size());
    QCOMPARE(s->axes[0].timesMs.size(), std::size_t(40)); // every raw sample of the window
    QCOMPARE(s->axes[0].timesMs.front(), kStart);
    QCOMPARE(s->environment.proxyHost, u"http://proxy.example:4000"_s);
    // The group's client rate: 11 requests every 5 s.
    const SnapshotSeries *requests = s->find(SeriesKey::group(u"gpt-4o"_s, Metric::RequestsPerSec));
    QVERIFY(requests);
    QVERIFY(std::isnan(requests->tiers[0].mean[0])); // a rate needs two polls
    QCOMPARE(requests->tiers[0].mean[5], 11.0f / 5.0f);
    // The edge and its target are kept.
    const SnapshotSeries *edge =
        s->find(SeriesKey::edge(u"gpt-4o"_s, u"claude"_s, Metric::FallbacksPerSec));
    QVERIFY(edge);
    QCOMPARE(edge->tiers[0].mean[3], 2.0f / 5.0f);
    // Limits are there at each slot.
    const SnapshotSeries *limit = s->find(SeriesKey::group(u"claude"_s, Metric::RpmLimit));
    QVERIFY(limit);
    QCOMPARE(limit->tiers[0].mean[0], 600.0f);
    QCOMPARE(s->groups.size(), std::size_t(2));
    QCOMPARE(s->deployments.size(), std::size_t(2));
    QCOMPARE(s->chains.size(), std::size_t(2));
    QVERIFY(!s->events.empty()); // gpt-4o's 429s make a burst
    QVERIFY(s->predictions.size() >= 2);
    QVERIFY(s->predictionAt(kStart + 30 * 5000)->path == QStringList{u"gpt-4o"_s});
}

void TestSnapshot::roundTrip_data()
{
    QTest::addColumn<int>("polls");
    QTest::addColumn<int>("encoding");
    for (const int polls : {1, 2, 30, 800}) { // 800 polls: raw ring wrapped, buckets closed
        QTest::addRow("%d polls, gzip", polls) << polls << int(SnapshotEncoding::Gzip);
        QTest::addRow("%d polls, json", polls) << polls << int(SnapshotEncoding::Json);
    }
}

void TestSnapshot::roundTrip()
{
    QFETCH(int, polls);
    QFETCH(int, encoding);
    const auto r = record(polls);
    const auto exported = captureSnapshot(r->store, &r->history, wholeRequest(*r));
    QVERIFY(exported);
    QTemporaryDir dir;
    const QString path =
        dir.filePath(encoding == int(SnapshotEncoding::Json) ? u"s.json"_s : u"s.headroom"_s);
    const QByteArray bytes = encodeSnapshot(*exported, encodingForPath(path));
    QVERIFY(!bytes.isEmpty());
    QCOMPARE(encoding == int(SnapshotEncoding::Gzip), bytes.startsWith("\x1f\x8b"));
    QCOMPARE(writeSnapshotFile(path, bytes), QString());
    const auto opened = readSnapshotFile(path);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().toString()));
    QString where;
    QVERIFY2(sameSnapshot(*exported, opened.value(), &where), qPrintable(where));
    // And a second trip gives the same bytes.
    QCOMPARE(encodeSnapshot(opened.value(), SnapshotEncoding::Json),
             encodeSnapshot(*exported, SnapshotEncoding::Json));
}

void TestSnapshot::windowCutsSeriesAndEvents()
{
    const auto r = record(60);
    SnapshotRequest request = wholeRequest(*r);
    request.fromMs = kStart + 20 * 5000;
    request.toMs = kStart + 29 * 5000;
    const auto s = captureSnapshot(r->store, &r->history, request);
    QCOMPARE(s->axes[0].timesMs.size(), std::size_t(10));
    QCOMPARE(s->axes[0].timesMs.front(), request.fromMs);
    for (const Event &e : s->events) {
        QVERIFY(e.timeMs >= request.fromMs && e.timeMs <= request.toMs);
    }
    for (const SnapshotSeries &series : s->series) {
        QCOMPARE(series.tiers[0].mean.size(), std::size_t(10));
    }
}

void TestSnapshot::chainInForceAtTheWindowsStart()
{
    const auto r = record(60); // the chain changes at poll 30
    SnapshotRequest request = wholeRequest(*r);
    request.fromMs = kStart + 40 * 5000;
    const auto late = captureSnapshot(r->store, &r->history, request);
    QCOMPARE(late->chains.size(), std::size_t(1));
    QCOMPARE(late->chains[0].chain.fallbacks.fallbacks[0].second.size(), 2);
    request.fromMs = kStart + 10 * 5000;
    const auto spanning = captureSnapshot(r->store, &r->history, request);
    QCOMPARE(spanning->chains.size(), std::size_t(2));
    QCOMPARE(spanning->chainAt(request.fromMs)->fallbacks.fallbacks[0].second.size(), 1);
    QCOMPARE(spanning->chainAt(kStart + 31 * 5000)->fallbacks.fallbacks[0].second.size(), 2);
}

void TestSnapshot::cancels()
{
    MetricsStore store;
    // Enough series for several capture steps: 300 groups.
    for (int poll = 0; poll < 3; ++poll) {
        ProxySample s;
        s.timeMs = kStart + poll * 5000;
        for (int g = 0; g < 300; ++g) {
            GroupSample group;
            group.group = u"g%1"_s.arg(g, 3, 10, QChar(u'0'));
            group.requestsTotal = poll * 10.0;
            group.rpmLimit = 100;
            s.groups.push_back(group);
        }
        store.ingest(std::move(s));
    }
    SnapshotRequest request;
    request.toMs = kStart + 10000;
    request.fromMs = kStart;
    int calls = 0;
    const auto none = captureSnapshot(store, nullptr, request, [&](double share) {
        ++calls;
        return share < 0.3;
    });
    QVERIFY(!none);
    QVERIFY(calls >= 1);
    const auto gzipCancelled =
        gzipBytes(QByteArray(10 * 1024 * 1024, 'x'), [](double) { return false; });
    QVERIFY(gzipCancelled.isEmpty());
}

void TestSnapshot::badFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("says");
    const QByteArray valid = validJson();
    QTest::newRow("empty") << QByteArray() << u"empty"_s;
    QTest::newRow("text") << QByteArray("hello") << u"neither gzip nor JSON"_s;
    QTest::newRow("other json") << QByteArray(R"({"a": 1})") << u"not a Headroom snapshot"_s;
    QTest::newRow("truncated json") << valid.left(valid.size() / 2) << u"syntax"_s;
    QTest::newRow("no version") << QByteArray(R"({"format":"headroom-snapshot"})")
                                << u"schema_version"_s;
    QTest::newRow("version 0") << QByteArray(R"({"format":"headroom-snapshot","schema_version":0})")
                               << u"does not exist"_s;
    QTest::newRow("values off the axis")
        << QByteArray(R"({"format":"headroom-snapshot","schema_version":1,"axes":[{"bucket_ms":0,)"
                      R"("capacity":10,"times_ms":[1,2]}],"series":[{"scope":"group","name":"a",)"
                      R"("metric":"requests_per_sec","tiers":[{"mean":[1]}]}]})")
        << u"1 values for an axis of 2 slots"_s;
    QTest::newRow("times go back")
        << QByteArray(R"({"format":"headroom-snapshot","schema_version":1,"axes":[{"bucket_ms":0,)"
                      R"("capacity":10,"times_ms":[2,1]}],"series":[]})")
        << u"times must increase"_s;
    QTest::newRow("unknown metric")
        << QByteArray(R"({"format":"headroom-snapshot","schema_version":1,"axes":[],"series":)"
                      R"([{"scope":"group","name":"a","metric":"joy","tiers":[]}]})")
        << u"unknown scope or metric"_s;
    QTest::newRow("string value")
        << QByteArray(R"({"format":"headroom-snapshot","schema_version":1,"axes":[{"bucket_ms":0,)"
                      R"("capacity":10,"times_ms":[1]}],"series":[{"scope":"group","name":"a",)"
                      R"("metric":"requests_per_sec","tiers":[{"mean":["1"]}]}]})")
        << u"expected numbers or null"_s;
    QTest::newRow("huge value")
        << QByteArray(R"({"format":"headroom-snapshot","schema_version":1,"axes":[{"bucket_ms":0,)"
                      R"("capacity":10,"times_ms":[1]}],"series":[{"scope":"group","name":"a",)"
                      R"("metric":"requests_per_sec","tiers":[{"mean":[1e300]}]}]})")
        << u"out of range"_s;
    QTest::newRow("deep") << QByteArray("{\"a\":").repeated(1000) << u"deep"_s;
    QTest::newRow("corrupt gzip") << QByteArray("\x1f\x8b\x08\x00garbagegarbage", 18)
                                  << u"corrupt"_s;
}

void TestSnapshot::badFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, says);
    const auto read = decodeSnapshot(bytes);
    QVERIFY(!read);
    QVERIFY2(read.error().toString().contains(says, Qt::CaseInsensitive),
             qPrintable(read.error().toString()));
    // Compressed, the same bytes give the same refusal (or the gzip layer's own).
    if (!bytes.isEmpty()) {
        QVERIFY(!decodeSnapshot(gzipBytes(bytes)));
    }
}

void TestSnapshot::refusesABomb()
{
    const QByteArray zeros(64 * 1024 * 1024, ' ');
    const QByteArray bomb = gzipBytes(zeros);
    QVERIFY(bomb.size() < 1024 * 1024);
    SnapshotLimits limits;
    limits.maxJsonBytes = 8 * 1024 * 1024;
    const auto read = decodeSnapshot(bomb, limits);
    QVERIFY(!read);
    QCOMPARE(read.error().kind, ParseError::Kind::TooLarge);
    QVERIFY(read.error().message.contains(u"expands past 8 MB"_s));
}

void TestSnapshot::truncatedGzip()
{
    const QByteArray gz = gzipBytes(validJson());
    for (const qsizetype cut : {qsizetype(3), gz.size() / 2, gz.size() - 4}) {
        const auto read = decodeSnapshot(gz.left(cut));
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(u"truncated"_s) ||
                     read.error().message.contains(u"corrupt"_s),
                 qPrintable(read.error().message));
    }
    QVERIFY(!decodeSnapshot(gz + "junk"));
}

void TestSnapshot::newerSchema()
{
    auto document = nlohmann::json::parse(validJson().toStdString());
    document["schema_version"] = kSnapshotSchemaVersion + 1;
    const std::string text = document.dump();
    const auto read = decodeSnapshot(QByteArray::fromStdString(text));
    QVERIFY(!read);
    QVERIFY(read.error().message.contains(u"newer Headroom"_s));
    QVERIFY(read.error().message.contains(u"update Headroom"_s));
}

void TestSnapshot::pushesAreAnEmptyList()
{
    const auto document = nlohmann::json::parse(validJson().toStdString());
    QVERIFY(document.at("pushes").is_array());
    QVERIFY(document.at("pushes").empty());
    QCOMPARE(document.at("schema_version").get<int>(), 1);
}

void TestSnapshot::readsTheDocumentedExample()
{
    // The fuzz seed, also docs/snapshot-format.md's example: every section filled.
    const auto read = readSnapshotFile(QStringLiteral(HEADROOM_TESTDATA_DIR) +
                                       u"/../fuzz/corpus/fuzz_snapshot/full.headroom"_s);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
    const Snapshot &s = read.value();
    QCOMPARE(s.environment.proxyVersion, u"1.55.0"_s);
    QCOMPARE(s.axes.size(), std::size_t(2));
    QCOMPARE(s.series.size(), std::size_t(2));
    QCOMPARE(s.series[1].key.to, u"claude"_s);
    QCOMPARE(s.series[0].tiers[1].max[0], 2.4f);
    QVERIFY(std::isnan(s.series[0].tiers[0].mean[0]));
    QCOMPARE(s.events.at(0).kind, EventKind::RateLimitBurst);
    QCOMPARE(s.chains.at(0).chain.fallbacks.maxFallbacks, std::optional(3));
    QCOMPARE(s.chains.at(0).chain.configDeployments.at(0).rpm, std::optional<qint64>(600));
    QCOMPARE(s.predictions.at(0).prediction.path, QStringList{u"gpt-4o"_s});
    QCOMPARE(s.deployments.at(0).maxInputTokens, std::optional<qint64>(128000));
}

void TestSnapshot::replayGivesBackTheStore_data()
{
    QTest::addColumn<int>("polls");
    QTest::addColumn<int>("fromPoll");
    QTest::newRow("2 polls") << 2 << 0;
    QTest::newRow("30 polls") << 30 << 0;
    QTest::newRow("300 polls") << 300 << 0;
    QTest::newRow("719 polls") << 719 << 0;
    QTest::newRow("300 polls from 100") << 300 << 100; // buckets cut at the window's start
}

void TestSnapshot::replayGivesBackTheStore()
{
    QFETCH(int, polls);
    QFETCH(int, fromPoll);
    const auto r = record(polls);
    SnapshotRequest request = wholeRequest(*r);
    request.fromMs = kStart + qint64(fromPoll) * 5000;
    const auto exported = captureSnapshot(r->store, &r->history, request);
    const auto opened = decodeSnapshot(encodeSnapshot(*exported, SnapshotEncoding::Gzip));
    QVERIFY(opened);
    const SnapshotReplay replay(std::make_shared<const Snapshot>(opened.value()));
    QCOMPARE(replay.frameTimes().size(), exported->axes[0].timesMs.size());
    const auto store = replay.storeAt(request.toMs);
    // The replayed store, exported again over the same window, is the snapshot.
    const SnapshotHistory history = replay.history();
    const auto again = captureSnapshot(*store, &history, request);
    QString where;
    QVERIFY2(sameSnapshot(*exported, *again, &where), qPrintable(where));
    // And it answers what the board and the charts ask as the recording store did.
    for (const QString &group : {u"gpt-4o"_s, u"claude"_s}) {
        for (const Metric m : {Metric::RequestsPerSec, Metric::AttemptsPerSec, Metric::RpmLimit}) {
            const auto key = SeriesKey::group(group, m);
            const auto a = r->store.points(key, request.fromMs, request.toMs, 0);
            const auto b = store->points(key, request.fromMs, request.toMs, 0);
            QCOMPARE(a.size(), b.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(b[i].timeMs, a[i].timeMs);
                QCOMPARE(float(b[i].mean), float(a[i].mean));
            }
        }
    }
    QCOMPARE(store->latestSample().groups.size(), std::size_t(2));
    QVERIFY(store->latestSample().chain);
    QCOMPARE(*store->latestSample().chain, *r->store.latestSample().chain);
}

void TestSnapshot::replayStandsAtAnyInstant()
{
    const auto r = record(60);
    const auto exported = captureSnapshot(r->store, &r->history, wholeRequest(*r));
    const SnapshotReplay replay(exported);
    const qint64 middle = kStart + 20 * 5000;
    const auto at = replay.storeAt(middle);
    QCOMPARE(at->clock().latestTimeMs(), middle);
    QCOMPARE(at->latestSample().timeMs, middle);
    for (const Event &e : at->events().events()) {
        QVERIFY(e.timeMs <= middle);
    }
    // The chain in force then, not the later one.
    QCOMPARE(at->latestSample().chain->fallbacks.fallbacks[0].second.size(), 1);
    // Playing forward from there reaches the same store as building it at the end.
    std::size_t next = replay.framesUpTo(middle);
    replay.advance(*at, next, wholeRequest(*r).toMs);
    const auto end = replay.storeAt(wholeRequest(*r).toMs);
    const auto a = captureSnapshot(*at, nullptr, wholeRequest(*r));
    const auto b = captureSnapshot(*end, nullptr, wholeRequest(*r));
    QString where;
    QVERIFY2(sameSnapshot(*a, *b, &where), qPrintable(where));
    QCOMPARE(at->events().size(), exported->events.size());
    // Before the first frame: an empty store.
    QVERIFY(!replay.storeAt(kStart - 1)->hasSample());
}

void TestSnapshot::replayBeyondTheRawHour()
{
    const auto r = record(800); // the raw ring holds the last 720
    const auto exported = captureSnapshot(r->store, &r->history, wholeRequest(*r));
    const SnapshotReplay replay(exported);
    // The first minutes come back as one frame per 1-min bucket, then every raw sample.
    const qint64 rawFirst = exported->axes[0].timesMs.front();
    QCOMPARE(exported->axes[0].timesMs.size(), std::size_t(720));
    const auto coarse = std::count_if(replay.frameTimes().begin(), replay.frameTimes().end(),
                                      [&](qint64 t) { return t < rawFirst; });
    QVERIFY(coarse > 0);
    QVERIFY(coarse <= 8); // 80 polls of 5 s before the raw hour: 7 minutes or so
    const auto store = replay.storeAt(exported->toMs);
    const auto key = SeriesKey::group(u"gpt-4o"_s, Metric::RequestsPerSec);
    const auto a = r->store.points(key, rawFirst, exported->toMs, 0);
    const auto b = store->points(key, rawFirst, exported->toMs, 0);
    QCOMPARE(b.size(), a.size());
    QCOMPARE(float(b.back().mean), float(a.back().mean));
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
