// Cascade prediction on spills computed by hand: one hop, two hops, a pool of groups on one
// credential, retries, a rising trend, headroom; and the input built from a small store.
// Every case starts at the top of a calendar minute unless it says otherwise; the aggregate face
// is a fluid, so "A takes 15 rps against 600 rpm" fills A's minute at 600 / 15 = 40 s.

#include "predict/cascadeprediction.h"
#include "predict/predictioninput.h"

#include <QTest>

using namespace headroom;

namespace {

Deployment dep(const QString &group, const QString &id, qint64 rpm,
               const QString &credential = QString())
{
    Deployment d;
    d.group = group;
    d.id = id;
    d.model = QStringLiteral("openai/") + id;
    d.provider = QStringLiteral("openai");
    d.rpm = rpm;
    d.tpm = 100'000'000; // never the limit here
    d.credentialFingerprint = credential;
    return d;
}

DemandForecast demand(const QString &group, double rps, double slope = 0)
{
    DemandForecast f;
    f.group = group;
    f.requestsPerSecond = rps;
    f.slopePerSecondSquared = slope;
    return f;
}

struct Case {
    std::vector<Deployment> deployments;
    FallbackMap fallbacks;
    int numRetries = 0;
    std::vector<DemandForecast> demand;
    double horizon = 120;
};

PredictionInput inputOf(const Case &c)
{
    PredictionInput in;
    in.spec.deployments = c.deployments;
    in.spec.fallbacks.fallbacks = c.fallbacks;
    in.spec.settings.numRetries = c.numRetries;
    in.demand = c.demand;
    in.horizonSeconds = c.horizon;
    in.stepSeconds = 1; // the expectations below are to the second
    return in;
}

double edgeTraffic(const CascadePrediction &p, const QString &from, const QString &to)
{
    for (const PredictedEdge &e : p.edges) {
        if (e.from == from && e.to == to) {
            return e.requestsPerSecond;
        }
    }
    return 0;
}

const QString A = QStringLiteral("A");
const QString B = QStringLiteral("B");
const QString C = QStringLiteral("C");

} // namespace

Q_DECLARE_METATYPE(Case)

class TestCascadePrediction : public QObject {
    Q_OBJECT
private slots:
    void spills_data();
    void spills();
    void attemptsPerRequest_data();
    void attemptsPerRequest();
    void coarserSteps_data();
    void coarserSteps();
    void summaryWords();
    void startsFromThePresent();
    void inputFromStore();
};

void TestCascadePrediction::spills_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<QList<double>>("saturates"); // per path entry, seconds from now
    QTest::addColumn<QStringList>("fedBy");       // per path entry
    QTest::addColumn<QString>("edgeFrom");
    QTest::addColumn<QString>("edgeTo");
    QTest::addColumn<double>("edgeRps");
    QTest::addColumn<bool>("cascade");

    {
        // A: 15 rps against 600 rpm fills at 40 s, then all 15 rps spill into B, which has
        // 5 + 15 = 20 rps against 1,200 rpm: 200 + 20·20 = 600 by the minute's end, no limit.
        Case c;
        c.deployments = {dep(A, QStringLiteral("a"), 600), dep(B, QStringLiteral("b"), 1200)};
        c.fallbacks = {{A, {B}}};
        c.demand = {demand(A, 15), demand(B, 5)};
        c.horizon = 60;
        QTest::newRow("one hop, B has room") << c << QStringList{A} << QList<double>{40}
                                             << QStringList{QString()} << A << B << 15.0 << false;
    }
    {
        // B at 540 rpm: 5·40 = 200 used when A spills; then 20 rps take the 340 left in 17 s.
        // B spills its 20 rps into C (6,000 rpm: room).
        Case c;
        c.deployments = {dep(A, QStringLiteral("a"), 600), dep(B, QStringLiteral("b"), 540),
                         dep(C, QStringLiteral("c"), 6000)};
        c.fallbacks = {{A, {B}}, {B, {C}}};
        c.demand = {demand(A, 15), demand(B, 5)};
        c.horizon = 60;
        QTest::newRow("two hops") << c << QStringList{A, B} << QList<double>{40, 57}
                                  << QStringList{QString(), A} << B << C << 20.0 << true;
    }
    {
        // The shared-quota shape: A and B on one credential. A (500 rpm) at 10 rps fills at 50 s
        // and spills its 10 rps into its pool-mate B (500 rpm, own 7 rps: 350 used at 50 s, then
        // 17 rps take the 150 left in 8.8 s) — a fallback inside the pool only moves the load —
        // and once B refuses, A's spill goes on to its second target C.
        Case c;
        const QString key = QStringLiteral("fp-openai");
        c.deployments = {dep(A, QStringLiteral("a"), 500, key),
                         dep(B, QStringLiteral("b"), 500, key), dep(C, QStringLiteral("c"), 3000)};
        c.fallbacks = {{A, {B, C}}};
        c.demand = {demand(A, 10), demand(B, 7)};
        c.horizon = 60;
        QTest::newRow("shared pool") << c << QStringList{A, B} << QList<double>{50, 58.8}
                                     << QStringList{QString(), A} << A << C << 10.0 << true;
    }
    {
        // A rising trend: 5 rps + 0.1 rps/s against 600 rpm. Used after t seconds:
        // 5t + 0.05t² = 600 → t = (−5 + √(25 + 120)) / 0.1 = 70.4 s: in the second minute, where
        // the window restarts at 60 s. Second minute from 60 s: ∫ (5 + 0.1s) ds over [60, 60+u]
        // = 11u + 0.05u² = 600 → u = (−11 + √(121 + 120)) / 0.1 = 45.2 s → 105.2 s (step 105).
        Case c;
        c.deployments = {dep(A, QStringLiteral("a"), 600), dep(B, QStringLiteral("b"), 60000)};
        c.fallbacks = {{A, {B}}};
        c.demand = {demand(A, 5, 0.1)};
        c.horizon = 150;
        QTest::newRow("rising trend") << c << QStringList{A} << QList<double>{105}
                                      << QStringList{QString()} << B << A << 0.0 << false;
    }
    {
        // Headroom everywhere: 5 rps against 600 rpm uses 300 a minute.
        Case c;
        c.deployments = {dep(A, QStringLiteral("a"), 600), dep(B, QStringLiteral("b"), 600)};
        c.fallbacks = {{A, {B}}};
        c.demand = {demand(A, 5), demand(B, 9)};
        c.horizon = 300;
        QTest::newRow("headroom") << c << QStringList{} << QList<double>{} << QStringList{} << A
                                  << B << 0.0 << false;
    }
}

void TestCascadePrediction::spills()
{
    QFETCH(Case, c);
    QFETCH(QStringList, path);
    QFETCH(QList<double>, saturates);
    QFETCH(QStringList, fedBy);
    QFETCH(QString, edgeFrom);
    QFETCH(QString, edgeTo);
    QFETCH(double, edgeRps);
    QFETCH(bool, cascade);

    const CascadePrediction p = predictCascade(inputOf(c));
    QCOMPARE(p.path, path);
    QCOMPARE(p.groups.size(), std::size_t(c.deployments.size())); // one group a deployment here
    for (int i = 0; i < path.size(); ++i) {
        const GroupPrediction *g = p.group(path[i]);
        QVERIFY(g);
        QVERIFY(g->saturatesInSeconds);
        // The fluid's saturation falls inside a 1-s step; the step's start is reported.
        QVERIFY2(std::abs(*g->saturatesInSeconds - saturates[i]) <= 1.0,
                 qPrintable(QStringLiteral("%1 at %2 s").arg(path[i]).arg(*g->saturatesInSeconds)));
        QCOMPARE(g->fedBy, fedBy[i]);
    }
    for (const GroupPrediction &g : p.groups) {
        if (!path.contains(g.group)) {
            QVERIFY2(!g.saturatesInSeconds, qPrintable(g.group));
        }
    }
    QVERIFY2(std::abs(edgeTraffic(p, edgeFrom, edgeTo) - edgeRps) < 1e-6,
             qPrintable(QString::number(edgeTraffic(p, edgeFrom, edgeTo))));
    QCOMPARE(p.isCascade(), cascade);
    QCOMPARE(p.summary().isEmpty(), !cascade);
}

void TestCascadePrediction::attemptsPerRequest_data()
{
    QTest::addColumn<int>("numRetries");
    QTest::addColumn<int>("deploymentsOfA");
    QTest::addColumn<double>("attempts");
    QTest::addColumn<double>("worstCase");

    // A saturated single deployment stays up (LiteLLM cools a lone deployment on no 429), so
    // every retry is one more refused call: 1 + num_retries at A, then 1 at B which serves.
    // Worst case on the chain A → B: (1 + num_retries) × 2 groups.
    QTest::newRow("no retries") << 0 << 1 << 2.0 << 2.0;
    QTest::newRow("two retries") << 2 << 1 << 4.0 << 6.0;
    // Two deployments of 300 rpm: both fill at 40 s and their first 429s cool both (a 429 in a
    // group of several) until the step's end + 5 s (the default cooldown_time): the retry gate
    // finds none healthy, and for the next five steps the router rejects without a call. So one
    // step in six (40, 46, 52, 58) calls A: in each 5-s window 15 of 75 requests reach A's
    // deployments, 0.2 a request, and every request is then served by B: 1.2.
    QTest::newRow("two retries, two deployments") << 2 << 2 << 1.2 << 6.0;
}

void TestCascadePrediction::attemptsPerRequest()
{
    QFETCH(int, numRetries);
    QFETCH(int, deploymentsOfA);
    QFETCH(double, attempts);
    QFETCH(double, worstCase);

    Case c;
    const qint64 rpm = 600 / deploymentsOfA;
    for (int i = 0; i < deploymentsOfA; ++i) {
        c.deployments.push_back(dep(A, QStringLiteral("a%1").arg(i), rpm));
    }
    c.deployments.push_back(dep(B, QStringLiteral("b"), 60000));
    c.fallbacks = {{A, {B}}};
    c.numRetries = numRetries;
    c.demand = {demand(A, 15)};
    c.horizon = 60; // A saturates at 40 s; the windows of 40–60 s are all spill
    const CascadePrediction p = predictCascade(inputOf(c));
    const GroupPrediction *a = p.group(A);
    QVERIFY(a);
    QVERIFY2(std::abs(a->attemptsPerRequest - attempts) < 1e-6,
             qPrintable(QString::number(a->attemptsPerRequest)));
    QCOMPARE(a->worstCaseAttempts, worstCase);
}

void TestCascadePrediction::coarserSteps_data()
{
    QTest::addColumn<double>("step");
    QTest::addColumn<double>("phase");
    QTest::addColumn<double>("saturates");
    // A: 15 rps against 600 rpm from an empty minute fills at 40 s; a step's start is reported,
    // so 2-s and 5-s steps from the minute's top see it at 40 s too. From 7 s into the minute
    // (105 used) the 495 left take 33 s. Steps keep to the 2-s grid of the minute (8, 10, … s),
    // so from now they start at 0, 1, 3, … 31, 33 s: [31, 33) ends full, [33, 35) refuses.
    QTest::newRow("2 s") << 2.0 << 0.0 << 40.0;
    QTest::newRow("5 s") << 5.0 << 0.0 << 40.0;
    QTest::newRow("2 s, 7 s into the minute") << 2.0 << 7.0 << 33.0;
}

void TestCascadePrediction::coarserSteps()
{
    QFETCH(double, step);
    QFETCH(double, phase);
    QFETCH(double, saturates);
    Case c;
    c.deployments = {dep(A, QStringLiteral("a"), 600), dep(B, QStringLiteral("b"), 60000)};
    c.fallbacks = {{A, {B}}};
    c.demand = {demand(A, 15)};
    c.horizon = 50;
    PredictionInput in = inputOf(c);
    in.stepSeconds = step;
    in.minuteElapsedSeconds = phase;
    if (phase > 0) {
        in.start = {{QStringLiteral("a"), 15 * phase, 15 * phase, 15 * phase * 700, std::nullopt}};
    }
    const CascadePrediction p = predictCascade(in);
    QVERIFY(p.group(A)->saturatesInSeconds);
    QCOMPARE(*p.group(A)->saturatesInSeconds, saturates);
    QVERIFY(std::abs(edgeTraffic(p, A, B) - 15) < 1e-6);
}

void TestCascadePrediction::summaryWords()
{
    CascadePrediction p;
    GroupPrediction a;
    a.group = QStringLiteral("gpt-4o");
    a.saturatesInSeconds = 0;
    GroupPrediction b;
    b.group = QStringLiteral("gpt-4o-mini");
    b.saturatesInSeconds = 41;
    b.fedBy = a.group;
    GroupPrediction c;
    c.group = QStringLiteral("claude-sonnet");
    c.saturatesInSeconds = 88;
    c.fedBy = b.group;
    p.groups = {a, b, c};
    p.path = {a.group, b.group, c.group};
    QCOMPARE(p.summary(),
             QStringLiteral("cascade predicted: gpt-4o → gpt-4o-mini in ~40 s → claude-sonnet "
                            "in ~90 s"));
    p.groups[0].saturatesInSeconds = 7.4;
    QVERIFY(p.summary().startsWith(QStringLiteral("cascade predicted: gpt-4o in ~7 s →")));
}

void TestCascadePrediction::startsFromThePresent()
{
    // 30 s into the minute with 450 of A's 600 already accepted: 15 rps take the 150 left in
    // 10 s. Both deployments of B cooling for 20 more seconds: the router rejects B's 8 rps from
    // the first step.
    Case c;
    c.deployments = {dep(A, QStringLiteral("a"), 600), dep(B, QStringLiteral("b1"), 300),
                     dep(B, QStringLiteral("b2"), 300), dep(C, QStringLiteral("c"), 60000)};
    c.fallbacks = {{A, {C}}, {B, {C}}};
    c.demand = {demand(A, 15), demand(B, 8)};
    c.horizon = 25;
    PredictionInput in = inputOf(c);
    in.minuteElapsedSeconds = 30;
    in.start = {{QStringLiteral("a"), 450, 450, 450 * 700.0, std::nullopt},
                {QStringLiteral("b1"), 0, 0, 0, 20.0},
                {QStringLiteral("b2"), 0, 0, 0, 20.0}};
    const CascadePrediction p = predictCascade(in);
    QVERIFY(p.group(A)->saturatesInSeconds);
    QVERIFY(std::abs(*p.group(A)->saturatesInSeconds - 10) <= 1.0);
    QVERIFY(p.group(B)->saturatesInSeconds);
    QCOMPARE(*p.group(B)->saturatesInSeconds, 0.0);
    QCOMPARE(p.path, (QStringList{B, A}));
    QVERIFY(!p.group(C)->saturatesInSeconds);
}

void TestCascadePrediction::inputFromStore()
{
    // Polls every 5 s from the top of a minute: A's client requests grow 10 → 14 rps (0.1/s²
    // per poll of 5 s: +0.5), its deployment answering all of them at 700 tokens each.
    constexpr qint64 kMinute = 1'700'000'040'000; // a multiple of 60,000 ms
    static_assert(kMinute % 60'000 == 0);
    MetricsStore store;
    double requests = 0;
    double tokens = 0;
    for (int i = 0; i <= 8; ++i) {
        const qint64 t = kMinute + i * 5000;
        const double rps = 10 + 0.5 * i; // rate over (t − 5 s, t]
        if (i > 0) {
            requests += rps * 5;
            tokens += rps * 5 * 700;
        }
        ProxySample s;
        s.proxy = QStringLiteral("http://p");
        s.pollId = quint64(i) + 1;
        s.timeMs = t;
        s.metricsAvailable = true;
        DeploymentSample d;
        d.id = QStringLiteral("a");
        d.group = A;
        d.provider = QStringLiteral("openai");
        d.rpmLimit = 600;
        d.tpmLimit = 1'000'000;
        d.cooldownSeconds = 12;
        d.successTotal = requests;
        d.failureTotal = 0;
        d.rateLimitedTotal = 0;
        d.tokensTotal = tokens;
        GroupSample g;
        g.group = A;
        g.deploymentIds = {d.id};
        g.rpmLimit = 600;
        g.requestsTotal = requests;
        g.failedTotal = 0;
        g.rateLimitedTotal = 0;
        s.deployments = {d};
        s.groups = {g};
        QVERIFY(store.ingest(s));
    }
    FallbackChain chain;
    chain.fallbacks.fallbacks = {{A, {B}}};
    chain.settings.numRetries = 3;
    const PredictionInput in = predictionInput(store, chain);
    QCOMPARE(in.spec.deployments.size(), std::size_t(1));
    QCOMPARE(in.spec.deployments[0].rpm, std::optional<qint64>(600));
    QCOMPARE(in.spec.deployments[0].cooldownTime, std::optional<double>(12));
    QCOMPARE(in.spec.settings.numRetries, std::optional<int>(3));
    QCOMPARE(in.spec.fallbacks.fallbacks.size(), std::size_t(1));
    // 40 s into the minute; accepted so far: Σ (10 + 0.5i)·5 for i = 1..8 = 5·(80 + 18) = 490.
    QCOMPARE(in.minuteElapsedSeconds, 40.0);
    QCOMPARE(in.start.size(), std::size_t(1));
    QVERIFY2(std::abs(in.start[0].minuteAccepted - 490) < 0.01,
             qPrintable(QString::number(in.start[0].minuteAccepted)));
    QVERIFY(std::abs(in.start[0].minuteTokens - 490 * 700) < 10);
    QVERIFY(!in.start[0].cooldownSeconds);
    QCOMPARE(in.demand.size(), std::size_t(1));
    QCOMPARE(in.demand[0].group, A);
    QVERIFY(std::abs(in.demand[0].requestsPerSecond - 14) < 1e-3);
    QVERIFY2(std::abs(in.demand[0].slopePerSecondSquared - 0.1) < 1e-4,
             qPrintable(QString::number(in.demand[0].slopePerSecondSquared)));
    QVERIFY(std::abs(in.demand[0].inputTokens + in.demand[0].outputTokens - 700) < 0.5);

    // A step (eight polls at 10 rps, then one at 30) is no trend: its line (1.33 rps a poll)
    // explains R² = 106.7 / 355.6 = 0.30 of the spread. The new level is kept, flat.
    {
        MetricsStore steps;
        double total = 0;
        for (int i = 0; i <= 9; ++i) {
            const double rps = i == 9 ? 30 : 10;
            total += i > 0 ? rps * 5 : 0;
            ProxySample s;
            s.proxy = QStringLiteral("http://p");
            s.pollId = quint64(i) + 1;
            s.timeMs = kMinute + i * 5000;
            GroupSample g;
            g.group = A;
            g.requestsTotal = total;
            s.groups = {g};
            QVERIFY(steps.ingest(s));
        }
        const PredictionInput stepped = predictionInput(steps, chain);
        QCOMPARE(stepped.demand.size(), std::size_t(1));
        QVERIFY(std::abs(stepped.demand[0].requestsPerSecond - 30) < 1e-3);
        QCOMPARE(stepped.demand[0].slopePerSecondSquared, 0.0);
    }

    // And no chain yet: no fallbacks, LiteLLM's defaults.
    const PredictionInput bare = predictionInput(store, FallbackChain{});
    QVERIFY(bare.spec.fallbacks.fallbacks.empty());
    QVERIFY(!bare.spec.settings.numRetries);
    // An empty store gives an empty input, which predicts nothing.
    MetricsStore empty;
    const PredictionInput none = predictionInput(empty, chain);
    QVERIFY(none.spec.deployments.empty());
    QVERIFY(predictCascade(none).path.isEmpty());
}

QTEST_GUILESS_MAIN(TestCascadePrediction)
#include "tst_cascadeprediction.moc"
