// RouterModel against hand-computed expectations: saturation, retries, cooldowns, fallbacks
// (spill, cascade, cycles, wildcard, context window, content policy), both faces.

#include "router/routermodel.h"

#include <cmath>
#include <QTest>

using namespace headroom;
using namespace headroom::router;

namespace {

Deployment dep(const QString &group, const QString &id, std::optional<qint64> rpm = std::nullopt,
               std::optional<double> weight = std::nullopt)
{
    Deployment d;
    d.group = group;
    d.id = id;
    d.model = QStringLiteral("openai/") + group;
    d.provider = QStringLiteral("openai");
    d.rpm = rpm;
    d.weight = weight;
    return d;
}

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

DeploymentCounters counters(const std::vector<DeploymentCounters> &all, const QString &id)
{
    for (const auto &c : all) {
        if (c.id == id) {
            return c;
        }
    }
    qFatal("no deployment %s", qPrintable(id));
}

GroupCounters group(const std::vector<GroupCounters> &all, const QString &name)
{
    for (const auto &c : all) {
        if (c.group == name) {
            return c;
        }
    }
    qFatal("no group %s", qPrintable(name));
}

std::optional<EdgeCounters> edge(const std::vector<EdgeCounters> &all, const QString &from,
                                 const QString &to)
{
    for (const auto &c : all) {
        if (c.from == from && c.to == to) {
            return c;
        }
    }
    return std::nullopt;
}

bool near(double a, double b, double tol = 1e-6)
{
    return std::abs(a - b) <= tol;
}

#define NEAR(a, b)                                                                                 \
    QVERIFY2(near((a), (b)),                                                                       \
             qPrintable(                                                                           \
                 QStringLiteral("%1 = %2, expected %3").arg(QString::fromUtf8(#a)).arg(a).arg(b)))

void runTicks(RouterModel &model, const std::vector<GroupDemand> &demand, int seconds)
{
    for (int i = 0; i < seconds; ++i) {
        model.tick(demand, 1.0);
    }
}

GroupDemand demandOf(const QString &groupName, double rps)
{
    GroupDemand d;
    d.group = groupName;
    d.requestsPerSecond = rps;
    return d;
}

Request request(const QString &groupName)
{
    Request r;
    r.group = groupName;
    return r;
}

Fault outage()
{
    Fault f;
    f.kind = Fault::Kind::Outage;
    return f;
}

} // namespace

class TestRouterModel : public QObject {
    Q_OBJECT
private slots:
    void saturatingGroup_data();
    void saturatingGroup();
    void retryAmplification_data();
    void retryAmplification();
    void spillAtoB();
    void cascadeAtoBtoC();
    void cooldownCycles();
    void fallbackCycle_data();
    void fallbackCycle();
    void wildcardAndDefaultFallbacks();
    void contextWindowAndContentPolicy();
    void unknownGroup();
    void determinism();
    void singleAndAggregateAgree();
    void usageBasedRouting();
    void legacyAllowedFails();
    void remainingAndLabels();
    void faults();
};

// One deployment, rpm 60, 2 requests/s for 60 s from t = 0, simple-shuffle.
// Seconds 0–29 each serve 2 (60 by the end of second 29). Seconds 30–59: 2 requests/s get a
// provider 429; a single-deployment group is never cooled down on 429, so the deployment stays
// healthy and every failed request is retried num_retries times, each retry another 429.
// ⇒ successes 60, client failures 60, failed attempts 60 × (1 + R), router usage 60 + 60(1 + R).
void TestRouterModel::saturatingGroup_data()
{
    QTest::addColumn<int>("retries"); // -1: not set (router default 2)
    QTest::addColumn<double>("failedAttempts");
    QTest::newRow("retries 0") << 0 << 60.0;
    QTest::newRow("retries 1") << 1 << 120.0;
    QTest::newRow("default (2)") << -1 << 180.0;
    QTest::newRow("retries 3") << 3 << 240.0;
}

void TestRouterModel::saturatingGroup()
{
    QFETCH(int, retries);
    QFETCH(double, failedAttempts);
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1"), 60)};
    if (retries >= 0) {
        spec.settings.numRetries = retries;
    }
    RouterModel model(spec);
    runTicks(model, {demandOf(s("A"), 2)}, 30);
    QCOMPARE(model.remainingRequests(s("A")), std::optional<qint64>(0));
    runTicks(model, {demandOf(s("A"), 2)}, 29);
    // Router usage this minute counts every attempt: 60 served + the failed ones so far.
    NEAR(counters(model.deploymentCounters(), s("a1")).minuteRequests,
         60 + failedAttempts * 29 / 30);
    const TickReport last = model.tick({demandOf(s("A"), 2)}, 1.0);
    NEAR(last.time, 60.0);
    NEAR(counters(last.deployments, s("a1")).failures, failedAttempts / 30); // this tick only
    NEAR(counters(last.deployments, s("a1")).minuteRequests, 0.0);           // minute 1 has begun

    const auto &a1 = counters(model.deploymentCounters(), s("a1"));
    NEAR(a1.successes, 60.0);
    NEAR(a1.failures, failedAttempts);
    NEAR(a1.rateLimited, failedAttempts);
    NEAR(a1.cooldowns, 0.0);
    NEAR(a1.tokens, 60.0 * 700);
    const auto &g = group(model.groupCounters(), s("A"));
    NEAR(g.requests, 120.0);
    NEAR(g.failed, 60.0);
    NEAR(g.rateLimited, 60.0);
    NEAR(g.routerRejects, 0.0);
}

// One deployment in an outage (503 on every call), 10 single requests: nothing succeeds, 503 is
// retryable, and a single-deployment group is not cooled down (100 % failed but < 1000 calls; the
// > 50 % rule exempts single deployments) ⇒ attempts = 10 × (1 + retries). A retry policy for the
// error's class replaces num_retries; one for another class does not.
void TestRouterModel::retryAmplification_data()
{
    QTest::addColumn<int>("numRetries");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<int>("policyValue");
    QTest::addColumn<int>("attemptsPerRequest");
    QTest::newRow("0") << 0 << QString() << 0 << 1;
    QTest::newRow("1") << 1 << QString() << 0 << 2;
    QTest::newRow("2") << 2 << QString() << 0 << 3;
    QTest::newRow("3") << 3 << QString() << 0 << 4;
    QTest::newRow("policy for 503") << 2 << s("ServiceUnavailableErrorRetries") << 4 << 5;
    QTest::newRow("policy default") << 2 << s("DefaultRetries") << 0 << 1;
    QTest::newRow("policy for 429 only") << 2 << s("RateLimitErrorRetries") << 4 << 3;
}

void TestRouterModel::retryAmplification()
{
    QFETCH(int, numRetries);
    QFETCH(QString, policy);
    QFETCH(int, policyValue);
    QFETCH(int, attemptsPerRequest);
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1"))};
    spec.settings.numRetries = numRetries;
    if (!policy.isEmpty()) {
        spec.settings.retryPolicy = {{policy, policyValue}};
    }
    RouterModel model(spec);
    model.setFaults({outage()});
    for (int i = 0; i < 10; ++i) {
        const Outcome o = model.route(request(s("A")));
        QVERIFY(!o.ok);
        QCOMPARE(o.httpStatus, 503);
        QCOMPARE(o.error, ErrorClass::ServiceUnavailable);
        QCOMPARE(int(o.attempts.size()), attemptsPerRequest);
        QCOMPARE(o.attemptedRetries, attemptsPerRequest - 1);
        QVERIFY(o.message.startsWith(s("litellm.ServiceUnavailableError: OpenaiException")));
        // One deployment ⇒ exponential backoff: 0.5 s, 1 s, 2 s, … plus 0.05 s per refusal.
        double sleep = 0;
        for (int k = 1; k < attemptsPerRequest; ++k) {
            sleep += std::min(0.5 * std::pow(2.0, k - 1), 8.0);
        }
        NEAR(o.latencySeconds, sleep + 0.05 * attemptsPerRequest);
    }
    const auto &a1 = counters(model.deploymentCounters(), s("a1"));
    NEAR(a1.failures, 10.0 * attemptsPerRequest);
    NEAR(a1.rateLimited, 0.0);
    NEAR(a1.cooldowns, 0.0);
    QCOMPARE(a1.state, 1);
}

// A (rpm 60) falls back to B (rpm 600); num_retries 2; 2 requests/s on A for 60 s.
// Seconds 30–59: each of A's 2 requests/s fails 3 times (provider 429, retried twice on the same
// healthy single deployment), then B serves it ⇒ A: 60 served, 180 failed attempts; B: 60 served;
// edge A→B: 60 successes caused by RateLimitError; no client sees an error.
void TestRouterModel::spillAtoB()
{
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1"), 60), dep(s("B"), s("b1"), 600)};
    spec.fallbacks.fallbacks = {{s("A"), {s("B")}}};
    RouterModel model(spec);
    runTicks(model, {demandOf(s("A"), 2)}, 40);
    const TickReport report = model.tick({demandOf(s("A"), 2)}, 1.0);
    QCOMPARE(int(report.edges.size()), 1);
    NEAR(report.edges[0].successes, 2.0);
    NEAR(report.edges[0].byError.at(ErrorClass::RateLimit), 2.0);
    runTicks(model, {demandOf(s("A"), 2)}, 19);

    const auto deps = model.deploymentCounters();
    NEAR(counters(deps, s("a1")).successes, 60.0);
    NEAR(counters(deps, s("a1")).failures, 180.0);
    NEAR(counters(deps, s("b1")).successes, 60.0);
    const auto ab = edge(model.edgeCounters(), s("A"), s("B"));
    QVERIFY(ab);
    NEAR(ab->successes, 60.0);
    NEAR(ab->failures, 0.0);
    NEAR(ab->byError.at(ErrorClass::RateLimit), 60.0);
    NEAR(group(model.groupCounters(), s("A")).failed, 0.0);
    NEAR(group(model.groupCounters(), s("B")).requests, 0.0); // fallback flow is not a client's

    // Single face: once A's 60 are used, a request tries A three times, then B.
    RouterModel single(spec);
    for (int i = 0; i < 60; ++i) {
        QCOMPARE(single.route(request(s("A"))).servedGroup, s("A"));
    }
    const Outcome o = single.route(request(s("A")));
    QVERIFY(o.ok);
    QCOMPARE(o.servedGroup, s("B"));
    QCOMPARE(o.deploymentId, s("b1"));
    QCOMPARE(o.attemptedFallbacks, 1);
    QCOMPARE(o.attemptedRetries, 0);
    QCOMPARE(int(o.attempts.size()), 4);
    QCOMPARE(o.attempts[2].error, ErrorClass::RateLimit);
    QCOMPARE(o.attempts[3].group, s("B"));
    QCOMPARE(o.attempts[3].fallbackDepth, 1);
}

// A (rpm 60) → B (rpm 30) → C (rpm 600), num_retries 0, 2 requests/s on A for 60 s.
// 0–29 s: A serves 60. 30–44 s: A refuses, B serves 2/s (30). 45–59 s: B refuses too, C serves
// 2/s (30). LiteLLM counts A→B a success whenever B's call succeeded, through B→C or not, so
// A→B = 60 successes and B→C = 30 successes.
void TestRouterModel::cascadeAtoBtoC()
{
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1"), 60), dep(s("B"), s("b1"), 30),
                        dep(s("C"), s("c1"), 600)};
    spec.settings.numRetries = 0;
    spec.fallbacks.fallbacks = {{s("A"), {s("B")}}, {s("B"), {s("C")}}};
    RouterModel model(spec);
    runTicks(model, {demandOf(s("A"), 2)}, 60);
    const auto deps = model.deploymentCounters();
    NEAR(counters(deps, s("a1")).successes, 60.0);
    NEAR(counters(deps, s("b1")).successes, 30.0);
    NEAR(counters(deps, s("c1")).successes, 30.0);
    NEAR(counters(deps, s("a1")).failures, 60.0);
    NEAR(counters(deps, s("b1")).failures, 30.0);
    const auto edges = model.edgeCounters();
    NEAR(edge(edges, s("A"), s("B"))->successes, 60.0);
    NEAR(edge(edges, s("B"), s("C"))->successes, 30.0);
    NEAR(edge(edges, s("B"), s("C"))->byError.at(ErrorClass::RateLimit), 30.0);
    NEAR(group(model.groupCounters(), s("A")).failed, 0.0);

    // Single face at t = 60 s (new minute): fill A and B, then one request cascades to C.
    RouterModel single(spec);
    for (int i = 0; i < 90; ++i) {
        QVERIFY(single.route(request(s("A"))).ok);
    }
    const Outcome o = single.route(request(s("A")));
    QVERIFY(o.ok);
    QCOMPARE(o.servedGroup, s("C"));
    QCOMPARE(o.attemptedFallbacks, 2);
    QCOMPARE(int(o.attempts.size()), 3);
}

// G = {d1: weight 1, rpm 10; d2: weight 1, rpm 10000}, 2 requests/s, cooldown_time 10 s.
// d1 gets 1/s; it fills its 10 rpm in seconds 0–9; at 10 s its 429 cools it down (a 429 in a
// group with other deployments), from the end of the 1-s step: until 11 + 10 = 21; the retry goes
// to d2. Back at 21 s, minute 0 is still full ⇒ 429 ⇒ until 32; again at 32 (→43), 43 (→54) and
// 54 (→65). Minute 1 starts at 60; d1 returns at 65, serves 65–74 and cools again at 75 (→86).
// Every request is served: d1 10 + d2 110 in the first minute.
void TestRouterModel::cooldownCycles()
{
    RouterSpec spec;
    spec.deployments = {dep(s("G"), s("d1"), 10, 1.0), dep(s("G"), s("d2"), 10000, 1.0)};
    spec.settings.cooldownTime = 10;
    RouterModel model(spec);
    const std::vector<GroupDemand> demand = {demandOf(s("G"), 2)};
    runTicks(model, demand, 11);
    auto d1 = counters(model.deploymentCounters(), s("d1"));
    NEAR(d1.cooldowns, 1.0);
    QVERIFY(d1.cooldownUntil);
    NEAR(*d1.cooldownUntil, 21.0);
    runTicks(model, demand, 10); // now = 21: the cooldown has expired
    QVERIFY(!counters(model.deploymentCounters(), s("d1")).cooldownUntil);
    runTicks(model, demand, 1);
    NEAR(*counters(model.deploymentCounters(), s("d1")).cooldownUntil, 32.0);
    runTicks(model, demand, 38); // now = 60
    d1 = counters(model.deploymentCounters(), s("d1"));
    NEAR(d1.cooldowns, 5.0);
    NEAR(d1.successes, 10.0);
    NEAR(d1.failures, 5.0);
    NEAR(*d1.cooldownUntil, 65.0);
    NEAR(counters(model.deploymentCounters(), s("d2")).successes, 110.0);
    NEAR(group(model.groupCounters(), s("G")).failed, 0.0);
    runTicks(model, demand, 16); // now = 76
    d1 = counters(model.deploymentCounters(), s("d1"));
    NEAR(d1.cooldowns, 6.0);
    NEAR(d1.successes, 20.0);
    NEAR(*d1.cooldownUntil, 86.0);
}

// A → [B], B → [A], both down (503), num_retries 0, one request to A. run_async_fallback bumps
// the depth per target and refuses to start at depth >= max_fallbacks; a target equal to the
// group walking its fallbacks is skipped, but A is not B, so the cycle goes round:
// A(0) B(1) A(2) B(3) … up to depth max ⇒ max + 1 group calls.
void TestRouterModel::fallbackCycle_data()
{
    QTest::addColumn<int>("maxFallbacks"); // -1: not set (5)
    QTest::addColumn<int>("aCalls");
    QTest::addColumn<int>("bCalls");
    QTest::newRow("0") << 0 << 1 << 0;
    QTest::newRow("1") << 1 << 1 << 1;
    QTest::newRow("2") << 2 << 2 << 1;
    QTest::newRow("3") << 3 << 2 << 2;
    QTest::newRow("default 5") << -1 << 3 << 3;
}

void TestRouterModel::fallbackCycle()
{
    QFETCH(int, maxFallbacks);
    QFETCH(int, aCalls);
    QFETCH(int, bCalls);
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1")), dep(s("B"), s("b1"))};
    spec.settings.numRetries = 0;
    spec.fallbacks.fallbacks = {{s("A"), {s("B")}}, {s("B"), {s("A")}}};
    if (maxFallbacks >= 0) {
        spec.fallbacks.maxFallbacks = maxFallbacks;
    }
    RouterModel model(spec);
    model.setFaults({outage()});
    const Outcome o = model.route(request(s("A")));
    QVERIFY(!o.ok);
    QCOMPARE(o.error, ErrorClass::ServiceUnavailable); // A's own error is re-raised
    QCOMPARE(o.attemptedFallbacks, aCalls + bCalls - 1);
    QCOMPARE(int(o.attempts.size()), aCalls + bCalls);
    const auto deps = model.deploymentCounters();
    NEAR(counters(deps, s("a1")).failures, aCalls);
    NEAR(counters(deps, s("b1")).failures, bCalls);
    const auto edges = model.edgeCounters();
    NEAR(edge(edges, s("A"), s("B"))->failures, bCalls);
    NEAR(edge(edges, s("B"), s("A"))->failures, aCalls - 1);
    if (bCalls > 0) {
        NEAR(edge(edges, s("A"), s("B"))->byError.at(ErrorClass::ServiceUnavailable), bCalls);
        QVERIFY(o.message.contains(s("Received Model Group=A")));
    }
}

// default_fallbacks act as {"*": [...]}: they catch a group with no entry of its own, including
// an intermediate hop. Exact keys win; a provider-prefixed group matches its bare key.
void TestRouterModel::wildcardAndDefaultFallbacks()
{
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1")), dep(s("B"), s("b1")), dep(s("C"), s("c1")),
                        dep(s("openai/gpt-4"), s("g1")), dep(s("D"), s("d1"))};
    spec.settings.numRetries = 0;
    spec.fallbacks.defaultFallbacks = {s("C")};
    RouterModel model(spec);
    Fault aDown = outage();
    aDown.deploymentId = s("a1");
    Fault bDown = outage();
    bDown.deploymentId = s("b1");
    Fault gDown = outage();
    gDown.deploymentId = s("g1");
    model.setFaults({aDown, bDown, gDown});

    Outcome o = model.route(request(s("A")));
    QVERIFY(o.ok);
    QCOMPARE(o.servedGroup, s("C"));
    QCOMPARE(o.attemptedFallbacks, 1);

    // Exact A → B wins over "*"; B (down) has no entry, so "*" sends it on to C at depth 2.
    FallbackConfig f;
    f.fallbacks = {{s("A"), {s("B")}}, {s("gpt-4"), {s("D")}}};
    f.defaultFallbacks = {s("C")};
    model.setFallbacks(f);
    o = model.route(request(s("A")));
    QVERIFY(o.ok);
    QCOMPARE(o.servedGroup, s("C"));
    QCOMPARE(o.attemptedFallbacks, 2);
    const auto edges = model.edgeCounters();
    NEAR(edge(edges, s("A"), s("B"))->successes, 1.0);
    NEAR(edge(edges, s("B"), s("C"))->successes, 1.0);
    NEAR(edge(edges, s("A"), s("C"))->successes, 1.0); // from before the change: kept

    o = model.route(request(s("openai/gpt-4")));
    QVERIFY(o.ok);
    QCOMPARE(o.servedGroup, s("D"));
}

// Small/Other fit 8k input tokens, Big 128k; the request has 20k.
void TestRouterModel::contextWindowAndContentPolicy()
{
    RouterSpec spec;
    spec.deployments = {dep(s("Small"), s("s1")), dep(s("Big"), s("b1")), dep(s("Other"), s("o1"))};
    spec.deployments[0].maxInputTokens = 8000;
    spec.deployments[1].maxInputTokens = 128000;
    spec.deployments[2].maxInputTokens = 8000;
    Request big = request(s("Small"));
    big.inputTokens = 20000;

    // context_window_fallbacks has Small: CW is not retried (its fallbacks exist) and goes there.
    spec.fallbacks.contextWindowFallbacks = {{s("Small"), {s("Big")}}};
    spec.fallbacks.fallbacks = {{s("Small"), {s("Other")}}};
    {
        RouterModel model(spec);
        const Outcome o = model.route(big);
        QVERIFY(o.ok);
        QCOMPARE(o.servedGroup, s("Big"));
        QCOMPARE(int(o.attempts.size()), 2);
        QCOMPARE(o.attempts[0].error, ErrorClass::ContextWindowExceeded);
        NEAR(edge(model.edgeCounters(), s("Small"), s("Big"))
                 ->byError.at(ErrorClass::ContextWindowExceeded),
             1.0);
    }
    // No context_window_fallbacks: the general map is used; Other is too small as well, and the
    // client gets Small's own 400 (not retried: a non-retryable status).
    spec.fallbacks.contextWindowFallbacks.clear();
    {
        RouterModel model(spec);
        const Outcome o = model.route(big);
        QVERIFY(!o.ok);
        QCOMPARE(o.httpStatus, 400);
        QCOMPARE(o.error, ErrorClass::ContextWindowExceeded);
        QCOMPARE(int(o.attempts.size()), 2);
        QCOMPARE(o.attempts[1].group, s("Other"));
        QVERIFY(o.message.contains(s("Available Model Group Fallbacks=['Other']")));
    }
    // context_window_fallbacks configured but without Small: the original error, no general walk.
    spec.fallbacks.contextWindowFallbacks = {{s("Other"), {s("Big")}}};
    {
        RouterModel model(spec);
        const Outcome o = model.route(big);
        QVERIFY(!o.ok);
        QCOMPARE(int(o.attempts.size()), 1);
    }
    // enable_pre_call_checks: Small's deployment is filtered before any call.
    spec.settings.enablePreCallChecks = true;
    spec.fallbacks.contextWindowFallbacks = {{s("Small"), {s("Big")}}};
    {
        RouterModel model(spec);
        const Outcome o = model.route(big);
        QVERIFY(o.ok);
        QVERIFY(o.attempts[0].deploymentId.isEmpty());
        QCOMPARE(o.attempts[0].error, ErrorClass::ContextWindowExceeded);
        NEAR(counters(model.deploymentCounters(), s("s1")).failures, 0.0);
    }
    // Content policy: the requested group's providers refuse; content_policy_fallbacks first.
    spec.settings.enablePreCallChecks = false;
    spec.fallbacks.contentPolicyFallbacks = {{s("Small"), {s("Big")}}};
    Request refused = request(s("Small"));
    refused.injected = ErrorClass::ContentPolicyViolation;
    {
        RouterModel model(spec);
        const Outcome o = model.route(refused);
        QVERIFY(o.ok);
        QCOMPARE(o.servedGroup, s("Big"));
    }
    spec.fallbacks.contentPolicyFallbacks.clear();
    {
        RouterModel model(spec);
        const Outcome o = model.route(refused);
        QVERIFY(o.ok);
        QCOMPARE(o.servedGroup, s("Other")); // general map
    }
}

void TestRouterModel::unknownGroup()
{
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("a1"))};
    spec.fallbacks.defaultFallbacks = {s("A")};
    RouterModel model(spec);
    const Outcome o = model.route(request(s("nope")));
    QVERIFY(!o.ok);
    QCOMPARE(o.httpStatus, 400);
    QCOMPARE(o.error, ErrorClass::BadRequest);
    QCOMPARE(o.message, s("litellm.BadRequestError: You passed in model=nope. There are no healthy "
                          "deployments for this model"));
    QCOMPARE(int(o.attempts.size()), 1);
    QVERIFY(o.attempts[0].deploymentId.isEmpty());
    NEAR(counters(model.deploymentCounters(), s("a1")).successes, 0.0);
    NEAR(edge(model.edgeCounters(), s("A"), s("A"))->successes, 0.0);
    QCOMPARE(model.groupIndex(s("nope")), -1);
    QCOMPARE(model.groups(), QStringList{s("A")});
}

// Weights 1:2:3 without limits: the same seed gives the same picks, another seed other picks;
// shares within ±30 of 50/100/150 (≈ 4 standard deviations).
void TestRouterModel::determinism()
{
    RouterSpec spec;
    spec.deployments = {dep(s("G"), s("x"), std::nullopt, 1.0),
                        dep(s("G"), s("y"), std::nullopt, 2.0),
                        dep(s("G"), s("z"), std::nullopt, 3.0)};
    auto picks = [&](quint64 seed) {
        RouterModel model(spec, seed);
        QStringList out;
        for (int i = 0; i < 300; ++i) {
            out << model.route(request(s("G"))).deploymentId;
        }
        return out;
    };
    const QStringList first = picks(7);
    QCOMPARE(picks(7), first);
    QVERIFY(picks(8) != first);
    QVERIFY(std::abs(first.count(s("x")) - 50) <= 30);
    QVERIFY(std::abs(first.count(s("y")) - 100) <= 30);
    QVERIFY(std::abs(first.count(s("z")) - 150) <= 30);
}

// Two deployments, rpm 60 and 120 (rpm-weighted shuffle, 1/3 and 2/3), cooldowns off, no
// retries, 4 requests/s for 60 s = 240 requests.
// Aggregate: d1 gets 4/3 per s and d2 8/3 per s; both fill at 45 s ⇒ 60 + 120 served, 20 + 40
// refused. Single: d1 is picked n1 ~ Binomial(240, 1/3) times (mean 80, σ 7.3); as long as
// 60 ≤ n1 ≤ 120 (≈ 8σ wide) both fill and exactly 180 are served with the same per-deployment
// successes; the refusals split as n1 − 60 vs 180 − n1: within ±25 (≈ 3.4σ) of 20/40.
void TestRouterModel::singleAndAggregateAgree()
{
    RouterSpec spec;
    spec.deployments = {dep(s("G"), s("d1"), 60), dep(s("G"), s("d2"), 120)};
    spec.settings.numRetries = 0;
    spec.settings.disableCooldowns = true;
    RouterModel fluid(spec);
    runTicks(fluid, {demandOf(s("G"), 4)}, 60);
    RouterModel single(spec, 42);
    for (int i = 0; i < 240; ++i) {
        single.advanceTo(i * 0.25);
        single.route(request(s("G")));
    }
    for (const RouterModel *m : {&fluid, &single}) {
        const auto deps = m->deploymentCounters();
        NEAR(counters(deps, s("d1")).successes, 60.0);
        NEAR(counters(deps, s("d2")).successes, 120.0);
        QVERIFY(std::abs(counters(deps, s("d1")).failures - 20) <= 25);
        QVERIFY(std::abs(counters(deps, s("d2")).failures - 40) <= 25);
        NEAR(counters(deps, s("d1")).failures + counters(deps, s("d2")).failures, 60.0);
        NEAR(group(m->groupCounters(), s("G")).failed, 60.0);
    }
    QCOMPARE(single.remainingRequests(s("G")), std::optional<qint64>(0)); // still minute 0
}

// usage-based-routing-v2, two deployments of rpm 60: the router keeps a deployment while its
// routed requests + 1 < rpm, i.e. 59 a minute each ⇒ 118 of 180 served, 62 answered with
// "No deployments available" (429) by the router; no provider ever refuses. With the default 2
// retries each reject is retried twice (deployments are not cooling, so the gate allows it):
// 62 × 3 router rejects, still 62 client errors.
void TestRouterModel::usageBasedRouting()
{
    RouterSpec spec;
    spec.deployments = {dep(s("G"), s("u1"), 60), dep(s("G"), s("u2"), 60)};
    spec.settings.routingStrategy = s("usage-based-routing-v2");
    for (int retries : {0, 2}) {
        spec.settings.numRetries = retries;
        RouterModel model(spec);
        runTicks(model, {demandOf(s("G"), 3)}, 60);
        const auto deps = model.deploymentCounters();
        NEAR(counters(deps, s("u1")).successes + counters(deps, s("u2")).successes, 118.0);
        NEAR(counters(deps, s("u1")).failures + counters(deps, s("u2")).failures, 0.0);
        const auto &g = group(model.groupCounters(), s("G"));
        NEAR(g.failed, 62.0);
        NEAR(g.rateLimited, 62.0);
        NEAR(g.routerRejects, 62.0 * (1 + retries));
    }
    spec.settings.numRetries = std::nullopt;
    RouterModel model(spec);
    int served = 0;
    Outcome last;
    for (int i = 0; i < 120; ++i) {
        last = model.route(request(s("G")));
        served += last.ok ? 1 : 0;
    }
    QCOMPARE(served, 118);
    QCOMPARE(last.httpStatus, 429);
    QCOMPARE(last.error, ErrorClass::NoDeployments);
    QCOMPARE(int(last.attempts.size()), 3);
    QCOMPARE(last.message, s("No deployments available for selected model, Try again in 5 seconds. "
                             "Passed model=G. pre-call-checks=False, cooldown_list=[]"));
    NEAR(last.latencySeconds, 0.0); // two healthy deployments: instant retries
    QCOMPARE(exceptionClass(last.error), s("RouterRateLimitError"));
}

// Legacy cooldown (allowed_fails 2 ≠ litellm's 3): the third failure within the cooldown_time
// window cools even a single-deployment group; then the router itself answers 429. An explicit
// allowed_fails of 3 is LiteLLM's default and keeps the default rule (no cooldown here).
void TestRouterModel::legacyAllowedFails()
{
    RouterSpec spec;
    spec.deployments = {dep(s("A"), s("d1"))};
    spec.settings.numRetries = 0;
    spec.settings.cooldownTime = 30;
    spec.settings.allowedFails = 2;
    RouterModel model(spec);
    model.setFaults({outage()});
    QCOMPARE(model.route(request(s("A"))).httpStatus, 503);
    QCOMPARE(model.route(request(s("A"))).httpStatus, 503);
    NEAR(counters(model.deploymentCounters(), s("d1")).cooldowns, 0.0);
    QCOMPARE(model.route(request(s("A"))).httpStatus, 503);
    NEAR(counters(model.deploymentCounters(), s("d1")).cooldowns, 1.0);
    const Outcome rejected = model.route(request(s("A")));
    QCOMPARE(rejected.httpStatus, 429);
    QCOMPARE(rejected.message,
             s("No deployments available for selected model, Try again in 30 seconds. All "
               "deployments for selected model are in cooldown. Passed model=A. "
               "pre-call-checks=False, cooldown_list=['d1']"));
    model.advanceTo(30);
    QCOMPARE(model.route(request(s("A"))).httpStatus, 503); // back, and a new window
    NEAR(counters(model.deploymentCounters(), s("d1")).cooldowns, 1.0);

    spec.settings.allowedFails = 3;
    RouterModel defaults(spec);
    defaults.setFaults({outage()});
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(defaults.route(request(s("A"))).httpStatus, 503);
    }
    NEAR(counters(defaults.deploymentCounters(), s("d1")).cooldowns, 0.0);
}

void TestRouterModel::remainingAndLabels()
{
    RouterSpec spec;
    spec.deployments = {dep(s("G"), s("g1"), 100), dep(s("G"), s("g2"), 100), dep(s("N"), s("n1"))};
    spec.deployments[0].tpm = 10000;
    spec.deployments[1].tpm = 10000;
    spec.deployments.push_back(dep(s("N"), QString()));
    RouterModel model(spec);
    const Outcome o = model.route(request(s("G"))); // 500 + 200 tokens
    QVERIFY(o.ok);
    QCOMPARE(o.remainingRequests, std::optional<qint64>(199));
    QCOMPARE(o.remainingTokens, std::optional<qint64>(19300));
    QCOMPARE(model.remainingRequests(s("N")), std::nullopt);
    QCOMPARE(model.spec().deployments[3].id, s("N-1")); // an id is made up when config has none
    NEAR(o.latencySeconds, 0.2 + 200 * 0.01);

    ProxyConfig config;
    config.deployments = spec.deployments;
    config.router.numRetries = 7;
    config.fallbacks.defaultFallbacks = {s("G")};
    const RouterSpec fromConfig = RouterSpec::fromConfig(config);
    QCOMPARE(fromConfig.deployments, config.deployments);
    QCOMPARE(fromConfig.settings, config.router);
    QCOMPARE(fromConfig.fallbacks, config.fallbacks);

    QCOMPARE(httpStatus(ErrorClass::NoDeployments), 429);
    QCOMPARE(httpStatus(ErrorClass::Timeout), 408);
    QCOMPARE(exceptionClass(ErrorClass::RateLimit, s("openai")), s("Openai.RateLimitError"));
    QCOMPARE(exceptionClass(ErrorClass::ServiceUnavailable, s("vertex_ai")),
             s("Vertex_ai.ServiceUnavailableError"));
    QCOMPARE(exceptionClass(ErrorClass::NoDeployments, s("openai")), s("RouterRateLimitError"));
}

// A storm refusing 25 % in the aggregate face refuses exactly 25 %; Slow adds latency; a fault's
// window ends.
void TestRouterModel::faults()
{
    RouterSpec spec;
    spec.deployments = {dep(s("G"), s("g1")), dep(s("G"), s("g2"))};
    spec.settings.numRetries = 0;
    spec.settings.disableCooldowns = true;
    RouterModel model(spec);
    Fault storm;
    storm.kind = Fault::Kind::RateLimitStorm;
    storm.fraction = 0.25;
    storm.end = 10;
    Fault slow;
    slow.kind = Fault::Kind::Slow;
    slow.latencySeconds = 3;
    slow.deploymentId = s("g1");
    model.setFaults({storm, slow});
    runTicks(model, {demandOf(s("G"), 4)}, 20);
    const auto &g = group(model.groupCounters(), s("G"));
    NEAR(g.failed, 10.0); // 4/s × 25 % for the first 10 s only
    NEAR(g.rateLimited, 10.0);
    // Route until g1 is picked: bounded, so a router that never picks it fails instead of hangs
    // (with two healthy deployments, 200 picks all missing g1 has odds of 2^-200).
    Outcome o;
    for (int i = 0; i < 200 && o.deploymentId != s("g1"); ++i) {
        o = model.route(request(s("G")));
    }
    QCOMPARE(o.deploymentId, s("g1"));
    NEAR(o.latencySeconds, 0.2 + 2.0 + 3.0);
}

QTEST_APPLESS_MAIN(TestRouterModel)
#include "tst_routermodel.moc"
