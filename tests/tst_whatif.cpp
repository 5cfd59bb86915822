// The what-if on replays worked out by hand: an overflow with no fallback against one into an
// idle group, into a group with too little room, retries against none, headroom everywhere; and
// the replay's demand built from a small store with a gap in its polls.
// Every replay starts at the top of a calendar minute, runs 15 minutes of flat demand in 5-s
// intervals with cooldowns off and no retries unless it says otherwise. The aggregate face is a
// fluid: "A takes 15 rps against 600 rpm" fills A's minute at 600 / 15 = 40 s, and the last 20 s
// of every minute (300 requests) are refused.

#include "predict/whatif.h"

#include <algorithm>
#include <QTest>

using namespace headroom;

namespace {

const QString A = QStringLiteral("A");
const QString B = QStringLiteral("B");
const QString C = QStringLiteral("C");
constexpr int kIntervals = 180; // 15 min of 5 s

Deployment dep(const QString &group, qint64 rpm)
{
    Deployment d;
    d.group = group;
    d.id = group.toLower();
    d.model = QStringLiteral("openai/") + d.id;
    d.provider = QStringLiteral("openai");
    d.rpm = rpm;
    d.tpm = 100'000'000; // never the limit here
    return d;
}

ReplayedDemand flat(const QString &group, double rps)
{
    ReplayedDemand d;
    d.group = group;
    d.requestsPerSecond.assign(kIntervals, rps);
    d.observed.assign(kIntervals, true);
    return d;
}

FallbackChain chainOf(FallbackMap fallbacks, int numRetries = 0)
{
    FallbackChain c;
    c.fallbacks.fallbacks = std::move(fallbacks);
    c.settings.numRetries = numRetries;
    c.settings.disableCooldowns = true;
    return c;
}

struct Case {
    std::vector<Deployment> deployments;
    std::vector<ReplayedDemand> demand;
    FallbackChain live;
    FallbackChain desired;
};

// What one group is expected to show under one chain; a negative saturation = never.
struct Side {
    double client429 = 0;
    double attemptsPerRequest = 1;
    double saturatesAt = -1;
    double saturatedSeconds = 0;
};

double edgeOf(const WhatIfResult &r, const QString &from, const QString &to, bool desired)
{
    const WhatIfEdge *e = r.edge(from, to);
    return e ? (desired ? e->desiredRequests : e->liveRequests) : 0.0;
}

bool near(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance;
}

} // namespace

Q_DECLARE_METATYPE(Case)
Q_DECLARE_METATYPE(Side)

class TestWhatIf : public QObject {
    Q_OBJECT
private slots:
    void replays_data();
    void replays();
    void busyTargetTotals();
    void warmUp_data();
    void warmUp();
    void inputFromStore();
    void emptyStore();
    void oddOptions_data();
    void oddOptions();
};

void TestWhatIf::replays_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("group");
    QTest::addColumn<Side>("live");
    QTest::addColumn<Side>("desired");
    QTest::addColumn<double>("edgeLive"); // requests A → B over the replay
    QTest::addColumn<double>("edgeDesired");

    {
        // A: 15 rps against 600 rpm, nothing to fall back to: 300 refused a minute, 4,500 over
        // 15 minutes, all to clients; refusing from 40 s, 20 s a minute = 300 s in all. One call
        // a request. Desired: the 300 a minute go to B (600 rpm, idle), which takes them all:
        // no 429s, 4,500 requests on A → B; A's requests cost (13,500 + 4,500 · 1) / 13,500 =
        // 1.333 calls. A's deployment still refuses (it is full), so A still saturates at 40 s.
        Case c;
        c.deployments = {dep(A, 600), dep(B, 600)};
        c.demand = {flat(A, 15)};
        c.live = chainOf({});
        c.desired = chainOf({{A, {B}}});
        QTest::newRow("A overflows, into idle B")
            << c << A << Side{4500, 1, 40, 300} << Side{0, 4.0 / 3.0, 40, 300} << 0.0 << 4500.0;
        // B itself: idle live; desired it takes 300 a minute of its 600: never saturates.
        QTest::newRow("idle B takes the spill")
            << c << B << Side{0, 1, -1, 0} << Side{0, 1, -1, 0} << 0.0 << 4500.0;
    }
    {
        // B has 180 rpm and no clients of its own: from 40 s it takes A's 15 rps and is full at
        // 40 + 180 / 15 = 52 s (the 5-s step from 50 s); A's clients then get the last 8 s,
        // 120 a minute, as 429s: 1,800 over 15 minutes. A → B still carries all 300 a minute
        // (4,500); B refuses in the steps from 50 and 55 s: 10 s a minute, 150 s.
        Case c;
        c.deployments = {dep(A, 600), dep(B, 180)};
        c.demand = {flat(A, 15)};
        c.live = chainOf({});
        c.desired = chainOf({{A, {B}}});
        QTest::newRow("B too small: A")
            << c << A << Side{4500, 1, 40, 300} << Side{1800, 4.0 / 3.0, 40, 300} << 0.0 << 4500.0;
        QTest::newRow("B too small: B")
            << c << B << Side{0, 1, -1, 0} << Side{0, 1, 50, 150} << 0.0 << 4500.0;
    }
    {
        // Live: 2 retries. The 300 refused a minute are tried 3 times each:
        // (600 + 300 · 3) / 900 = 1.667 calls a request, the same 4,500 429s. Desired: no
        // retries, one call each.
        Case c;
        c.deployments = {dep(A, 600)};
        c.demand = {flat(A, 15)};
        c.live = chainOf({}, 2);
        c.desired = chainOf({}, 0);
        QTest::newRow("retries off")
            << c << A << Side{4500, 5.0 / 3.0, 40, 300} << Side{4500, 1, 40, 300} << 0.0 << 0.0;
    }
    {
        // Headroom: 5 rps against 600 rpm uses 300 a minute; the spill edge carries nothing.
        Case c;
        c.deployments = {dep(A, 600), dep(B, 600)};
        c.demand = {flat(A, 5), flat(B, 9)};
        c.live = chainOf({});
        c.desired = chainOf({{A, {B}}});
        QTest::newRow("headroom") << c << A << Side{0, 1, -1, 0} << Side{0, 1, -1, 0} << 0.0 << 0.0;
    }
}

void TestWhatIf::replays()
{
    QFETCH(Case, c);
    QFETCH(QString, group);
    QFETCH(Side, live);
    QFETCH(Side, desired);
    QFETCH(double, edgeLive);
    QFETCH(double, edgeDesired);

    WhatIfInput in;
    in.deployments = c.deployments;
    in.demand = c.demand;
    in.live = c.live;
    in.desired = c.desired;
    const WhatIfResult r = runWhatIf(in);
    QCOMPARE(r.replayedSeconds, 900.0);
    QCOMPARE(r.groups.size(), c.deployments.size()); // one deployment a group here
    const WhatIfGroup *g = r.group(group);
    QVERIFY(g);
    const auto check = [&](const WhatIfSide &side, const Side &want, const char *which) {
        const QString what = QStringLiteral("%1 %2: 429 %3, apr %4, saturates %5, for %6 s")
                                 .arg(QLatin1String(which), group)
                                 .arg(side.client429)
                                 .arg(side.attemptsPerRequest)
                                 .arg(side.saturatesAtSeconds.value_or(-1))
                                 .arg(side.saturatedSeconds);
        QVERIFY2(near(side.client429, want.client429, 0.5), qPrintable(what));
        QVERIFY2(near(side.attemptsPerRequest, want.attemptsPerRequest, 1e-3), qPrintable(what));
        QVERIFY2(near(side.saturatesAtSeconds.value_or(-1), want.saturatesAt, 1e-6),
                 qPrintable(what));
        QVERIFY2(near(side.saturatedSeconds, want.saturatedSeconds, 1e-6), qPrintable(what));
    };
    check(g->live, live, "live");
    check(g->desired, desired, "desired");
    QVERIFY2(near(edgeOf(r, A, B, false), edgeLive, 0.5),
             qPrintable(QString::number(edgeOf(r, A, B, false))));
    QVERIFY2(near(edgeOf(r, A, B, true), edgeDesired, 0.5),
             qPrintable(QString::number(edgeOf(r, A, B, true))));
    // Every interval observed: full confidence, except for a group nobody asked anything of.
    const bool asked = std::any_of(c.demand.begin(), c.demand.end(),
                                   [&](const ReplayedDemand &d) { return d.group == group; });
    QCOMPARE(g->confidence, asked ? 1.0 : 0.0);
    QCOMPARE(r.confidence, 1.0);
}

void TestWhatIf::busyTargetTotals()
{
    // B: 600 rpm with 8 rps of its own (480 a minute): room for 120 of A's 300 a minute. Over
    // 15 minutes 180 a minute are refused whichever client they belong to: 2,700 in all (how
    // they split between A's and B's clients depends on the order flows meet inside a step).
    // B is full at 40 + (600 − 320) / 23 = 52.2 s: it saturates from the step at 50 s.
    WhatIfInput in;
    in.deployments = {dep(A, 600), dep(B, 600)};
    in.demand = {flat(A, 15), flat(B, 8)};
    in.live = chainOf({});
    in.desired = chainOf({{A, {B}}});
    const WhatIfResult r = runWhatIf(in);
    QVERIFY2(near(r.live429, 4500, 0.5), qPrintable(QString::number(r.live429)));
    QVERIFY2(near(r.desired429, 2700, 0.5), qPrintable(QString::number(r.desired429)));
    QCOMPARE(r.group(B)->desired.saturatesAtSeconds, std::optional<double>(50));
    QVERIFY(!r.group(B)->live.saturatesAtSeconds);
    QVERIFY(r.summary().contains(QStringLiteral("4,500 → 2,700")));
    QVERIFY2(r.summary().contains(QStringLiteral("newly saturating: B")), qPrintable(r.summary()));
}

void TestWhatIf::warmUp_data()
{
    QTest::addColumn<double>("phase");       // where the replay starts in its minute
    QTest::addColumn<int>("warmup");         // intervals replayed, not counted
    QTest::addColumn<double>("expected429"); // over the 900 counted seconds
    QTest::addColumn<double>("saturatesAt"); // from the counted window's start

    // A: 15 rps against 600 rpm, the window starting 30 s into a minute.
    // Warmed up from the minute's top (6 intervals): at the window's start 450 of the minute's
    // 600 are used, as they were; it fills at 40 s, 10 s into the window: 300 refused in that
    // minute, 14 · 300 in the next 14 full minutes, none in the last 30 s (it fills at 40 s):
    // 4,500.
    QTest::newRow("warmed up") << 0.0 << 6 << 4500.0 << 10.0;
    // Started cold at 30 s: the minute's first 30 s are unseen, the 450 of its last 30 s all
    // fit, so the first refusal is at 60 + 40 = 100 s (70 s into the window) and the first
    // minute's 300 are missed: 4,200.
    QTest::newRow("cold") << 30.0 << 0 << 4200.0 << 70.0;
}

void TestWhatIf::warmUp()
{
    QFETCH(double, phase);
    QFETCH(int, warmup);
    QFETCH(double, expected429);
    QFETCH(double, saturatesAt);
    WhatIfInput in;
    in.deployments = {dep(A, 600)};
    ReplayedDemand d = flat(A, 15);
    d.requestsPerSecond.resize(std::size_t(kIntervals) + std::size_t(warmup), 15);
    d.observed.resize(std::size_t(kIntervals) + std::size_t(warmup), true);
    in.demand = {d};
    in.live = chainOf({});
    in.desired = chainOf({});
    in.minuteElapsedSeconds = phase;
    in.warmupIntervals = std::size_t(warmup);
    const WhatIfResult r = runWhatIf(in);
    QCOMPARE(r.replayedSeconds, 900.0);
    QVERIFY2(near(r.live429, expected429, 0.5), qPrintable(QString::number(r.live429)));
    QVERIFY2(near(r.group(A)->live.clientRequests, 13500, 0.5),
             qPrintable(QString::number(r.group(A)->live.clientRequests)));
    QCOMPARE(r.group(A)->live.saturatesAtSeconds, std::optional<double>(saturatesAt));
}

void TestWhatIf::inputFromStore()
{
    // Polls every 5 s for 16 minutes from the top of a minute; A's clients ask 10 rps up to
    // poll 96 (480 s) and 20 rps after it; polls 150–161 carry no request counter (a minute
    // without /metrics). B has a deployment but no group data at all.
    // The window is the last 900 s: (60 s, 960 s]; the replay starts a minute earlier, at 0 s
    // (the warm-up: 12 intervals), so that the minute windows hold what they held. Interval j
    // spans [5j, 5j + 5) and takes the rate of poll j + 1 (the one covering its middle): 10 rps
    // for j ≤ 95, 20 after; the gap is j = 149…160, held at 20 and not observed. Counted demand
    // (j ≥ 12): 84 · 10 + 96 · 20 = 2,760 units of which 12 · 20 = 240 filled in: confidence
    // (2,760 − 240) / 2,760 = 0.9130.
    constexpr qint64 kMinute = 1'700'000'040'000;
    static_assert(kMinute % 60'000 == 0);
    MetricsStore store;
    double requests = 0;
    for (int i = 0; i <= 192; ++i) {
        const double rps = i <= 96 ? 10 : 20;
        requests += i > 0 ? rps * 5 : 0;
        ProxySample s;
        s.proxy = QStringLiteral("http://p");
        s.pollId = quint64(i) + 1;
        s.timeMs = kMinute + qint64(i) * 5000;
        s.metricsAvailable = true;
        for (const QString &group : {A, B}) {
            DeploymentSample d;
            d.id = group.toLower();
            d.group = group;
            d.provider = QStringLiteral("openai");
            d.rpmLimit = 1200;
            d.tpmLimit = 10'000'000;
            s.deployments.push_back(d);
        }
        GroupSample g;
        g.group = A;
        g.deploymentIds = {QStringLiteral("a")};
        if (i < 150 || i > 161) {
            g.requestsTotal = requests;
            g.failedTotal = 0;
            g.rateLimitedTotal = 0;
        }
        s.groups = {g};
        QVERIFY(store.ingest(s));
    }
    const FallbackChain live = chainOf({});
    const FallbackChain desired = chainOf({{A, {B}}});
    const WhatIfInput in = whatIfInput(store, live, desired);
    QCOMPARE(in.requestedSeconds, 900.0);
    QCOMPARE(in.minuteElapsedSeconds, 0.0);
    QCOMPARE(in.deployments.size(), std::size_t(2));
    QCOMPARE(in.desired, desired);
    QCOMPARE(in.demand.size(), std::size_t(1));
    const ReplayedDemand &d = in.demand[0];
    QCOMPARE(d.group, A);
    QCOMPARE(d.requestsPerSecond.size(), std::size_t(192));
    QCOMPARE(in.warmupIntervals, std::size_t(12));
    const auto at = [&](std::size_t k) {
        return QStringLiteral("k=%1: %2 observed %3")
            .arg(k)
            .arg(d.requestsPerSecond[k])
            .arg(d.observed[k]);
    };
    for (const std::size_t k : {0, 12, 95}) {
        QVERIFY2(near(d.requestsPerSecond[k], 10, 1e-3) && d.observed[k], qPrintable(at(k)));
    }
    for (const std::size_t k : {96, 148, 161, 191}) {
        QVERIFY2(near(d.requestsPerSecond[k], 20, 1e-3) && d.observed[k], qPrintable(at(k)));
    }
    for (const std::size_t k : {149, 154, 160}) {
        QVERIFY2(near(d.requestsPerSecond[k], 20, 1e-3) && !d.observed[k], qPrintable(at(k)));
    }

    const WhatIfResult r = runWhatIf(in);
    QCOMPARE(r.replayedSeconds, 900.0);
    QVERIFY2(near(r.confidence, 2520.0 / 2760.0, 1e-4), qPrintable(QString::number(r.confidence)));
    QVERIFY(near(r.group(A)->confidence, 2520.0 / 2760.0, 1e-4));
    QCOMPARE(r.group(B)->confidence, 0.0);
    // 20 rps against 1,200 rpm never refuses: the live chain and the desired one agree.
    QCOMPARE(r.live429, 0.0);
    QCOMPARE(r.desired429, 0.0);
    // 84 · 5 · 10 + 96 · 5 · 20 = 13,800 client requests replayed.
    QVERIFY(near(r.group(A)->live.clientRequests, 13800, 0.5));
}

void TestWhatIf::emptyStore()
{
    MetricsStore store;
    const WhatIfResult r = runWhatIf(whatIfInput(store, FallbackChain(), FallbackChain()));
    QVERIFY(r.groups.empty());
    QCOMPARE(r.replayedSeconds, 0.0);
    QCOMPARE(r.confidence, 0.0);
}

void TestWhatIf::oddOptions_data()
{
    QTest::addColumn<double>("window");
    QTest::addColumn<double>("step");
    QTest::addColumn<double>("replayed"); // seconds counted
    // Two minutes of polls at 5 s: a window longer than the store replays what it holds (less
    // the first poll, which has no rate); none replays nothing; steps are clamped to 0.1–60 s.
    QTest::newRow("no window") << 0.0 << 5.0 << 0.0;
    QTest::newRow("negative window") << -60.0 << 5.0 << 0.0;
    QTest::newRow("beyond the store") << 1e12 << 5.0 << 120.0;
    QTest::newRow("tiny step") << 60.0 << 0.0001 << 60.0;
    QTest::newRow("huge step") << 60.0 << 1e9 << 60.0;
}

void TestWhatIf::oddOptions()
{
    QFETCH(double, window);
    QFETCH(double, step);
    QFETCH(double, replayed);
    MetricsStore store;
    double requests = 0;
    for (int i = 0; i <= 24; ++i) {
        requests += i > 0 ? 50 : 0;
        ProxySample s;
        s.proxy = QStringLiteral("http://p");
        s.pollId = quint64(i) + 1;
        s.timeMs = 1'700'000'040'000 + qint64(i) * 5000;
        s.metricsAvailable = true;
        DeploymentSample d;
        d.id = QStringLiteral("a");
        d.group = A;
        d.rpmLimit = 600;
        s.deployments = {d};
        GroupSample g;
        g.group = A;
        g.deploymentIds = {d.id};
        g.requestsTotal = requests;
        s.groups = {g};
        QVERIFY(store.ingest(s));
    }
    WhatIfOptions options;
    options.windowSeconds = window;
    options.stepSeconds = step;
    const WhatIfResult r = runWhatIf(whatIfInput(store, chainOf({}), chainOf({{A, {B}}}), options));
    QVERIFY2(near(r.replayedSeconds, replayed, 1e-6),
             qPrintable(QString::number(r.replayedSeconds)));
    QCOMPARE(r.groups.size(), std::size_t(1));
    QVERIFY(r.live429 >= 0 && r.desired429 >= 0);
    QVERIFY(r.confidence >= 0 && r.confidence <= 1);
}

QTEST_GUILESS_MAIN(TestWhatIf)
#include "tst_whatif.moc"
