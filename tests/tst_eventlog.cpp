// EventLog and the rules behind it: each kind fires once per episode, with hysteresis, and
// episodes end with their own event.

#include "store/metricsstore.h"

#include <QTest>

using namespace headroom;

Q_DECLARE_METATYPE(headroom::EventKind)

namespace {

constexpr qint64 kT0 = 1'700'000'100'000;

// Group "g" with deployment "d"; counters as given.
struct Counters {
    double cooledDown = 0;
    double groupRateLimited = 0;
    double deploymentRateLimited = 0;
    double fallbacks = 0;
    qint64 rpm = 600;
};

ProxySample sample(qint64 timeMs, const Counters &c)
{
    ProxySample s;
    s.timeMs = timeMs;
    DeploymentSample d;
    d.id = QStringLiteral("d");
    d.group = QStringLiteral("g");
    d.rpmLimit = c.rpm;
    d.successTotal = 0;
    d.cooledDownTotal = c.cooledDown;
    d.rateLimitedTotal = c.deploymentRateLimited;
    s.deployments = {d};
    GroupSample g;
    g.group = QStringLiteral("g");
    g.deploymentIds = {QStringLiteral("d")};
    g.requestsTotal = 0;
    g.rateLimitedTotal = c.groupRateLimited;
    s.groups = {g};
    s.fallbacks = {{QStringLiteral("g"), QStringLiteral("h"), c.fallbacks, 0}};
    return s;
}

QList<EventKind> kinds(const MetricsStore &store)
{
    QList<EventKind> out;
    for (const Event &e : store.events().events()) {
        out.append(e.kind);
    }
    return out;
}

} // namespace

class TestEventLog : public QObject {
    Q_OBJECT
private slots:
    void ringEvictsOldest();
    void cooldownOncePerEpisode();
    void burstAndSpike_data();
    void burstAndSpike();
    void burstSaysWhichEndSawIt();
    void unreachableAndBack();
    void configChanged();
    void configPushed();
    void chainChanged();
};

void TestEventLog::ringEvictsOldest()
{
    EventLog log(3);
    for (int i = 0; i < 5; ++i) {
        Event e;
        e.timeMs = i;
        e.message = QString::number(i);
        QCOMPARE(log.append(e).seq, quint64(i + 1));
    }
    QCOMPARE(log.size(), std::size_t(3));
    QCOMPARE(log.evicted(), quint64(2));
    QCOMPARE(log.at(0).message, QStringLiteral("2"));
    QCOMPARE(log.at(2).message, QStringLiteral("4"));
    QCOMPARE(log.eventsAfter(4).size(), std::size_t(1));
    QCOMPARE(log.lastSeq(), quint64(5));
    QCOMPARE(eventKindName(EventKind::RateLimitBurst), QStringLiteral("rate_limit_burst"));
}

void TestEventLog::cooldownOncePerEpisode()
{
    MetricsStore store; // cooldown_time 5 s
    // Cooled-down counter at polls 5 s apart: 0, 1 (start), 2 (still in it: extends), 2 (5 s
    // since the last increase: ended), 2, 3 (a second episode), 3 (ended).
    const QList<double> counter{0, 1, 2, 2, 2, 3, 3};
    QList<bool> inCooldown;
    for (int i = 0; i < counter.size(); ++i) {
        Counters c;
        c.cooledDown = counter[i];
        QVERIFY(store.ingest(sample(kT0 + i * 5000, c)));
        inCooldown.append(store.inCooldown(QStringLiteral("d")));
    }
    QCOMPARE(inCooldown, (QList<bool>{false, true, true, false, false, true, false}));
    QCOMPARE(kinds(store),
             (QList<EventKind>{EventKind::CooldownStarted, EventKind::CooldownEnded,
                               EventKind::CooldownStarted, EventKind::CooldownEnded}));
    const Event &first = store.events().at(0);
    QCOMPARE(first.deployment, QStringLiteral("d"));
    QCOMPARE(first.group, QStringLiteral("g"));
    QCOMPARE(first.timeMs, kT0 + 5000);
    QCOMPARE(first.severity, Severity::Warning);
    // Started at 5 s, ended at 15 s.
    QCOMPARE(store.events().at(1).timeMs, kT0 + 15'000);
    QVERIFY(store.events().at(1).message.contains(QStringLiteral("10 s")));
}

void TestEventLog::burstAndSpike_data()
{
    QTest::addColumn<bool>("spike"); // the edge's fallbacks, else the group's 429s
    // Rates per 5-s poll (start ≥ 1/s, end ≤ 0.2/s held for 15 s):
    // 0, 2 (start), 0.4 (between: still on), 3, 0 (quiet from here), 0.6 (over 0.2: quiet
    // restarts), 0, 0, 0, 0 (15 s quiet: ended), 0, 2 (second episode), 0, 0, 0, 0 (ended).
    QTest::addColumn<QList<double>>("rates");
    QTest::addColumn<QList<int>>("startedAt"); // poll indexes
    QTest::addColumn<QList<int>>("endedAt");
    const QList<double> rates{0, 2, 0.4, 3, 0, 0.6, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0};
    QTest::newRow("429 burst") << false << rates << QList<int>{1, 11} << QList<int>{9, 15};
    QTest::newRow("fallback spike") << true << rates << QList<int>{1, 11} << QList<int>{9, 15};
    // Hovering between the thresholds never starts an episode.
    QTest::newRow("below start") << false << QList<double>{0, 0.9, 0.5, 0.9, 0.9} << QList<int>{}
                                 << QList<int>{};
}

void TestEventLog::burstAndSpike()
{
    QFETCH(bool, spike);
    QFETCH(QList<double>, rates);
    QFETCH(QList<int>, startedAt);
    QFETCH(QList<int>, endedAt);
    MetricsStore store;
    double total = 0;
    for (int i = 0; i < rates.size(); ++i) {
        total += rates[i] * 5;
        Counters c;
        (spike ? c.fallbacks : c.groupRateLimited) = total;
        QVERIFY(store.ingest(sample(kT0 + i * 5000, c)));
    }
    const EventKind started = spike ? EventKind::FallbackSpike : EventKind::RateLimitBurst;
    const EventKind ended = spike ? EventKind::FallbackSpikeEnded : EventKind::RateLimitBurstEnded;
    QList<int> starts;
    QList<int> ends;
    for (const Event &e : store.events().events()) {
        const int poll = int((e.timeMs - kT0) / 5000);
        if (e.kind == started) {
            starts.append(poll);
        } else if (e.kind == ended) {
            ends.append(poll);
        } else {
            QFAIL(qPrintable(eventKindName(e.kind)));
        }
        QCOMPARE(e.group, QStringLiteral("g"));
        if (spike) {
            QCOMPARE(e.edgeTo, QStringLiteral("h"));
        }
    }
    QCOMPARE(starts, startedAt);
    QCOMPARE(ends, endedAt);
    if (!endedAt.isEmpty()) {
        // The first episode's peak was 3/s.
        QVERIFY(store.events().at(1).message.contains(QStringLiteral("peak 3.0/s")));
    }
}

void TestEventLog::burstSaysWhichEndSawIt()
{
    // 429s only at the deployments (fallbacks answered the clients): the groups table's 429/s,
    // which counts clients, shows none, so the event must say where they were.
    MetricsStore hidden;
    MetricsStore seen;
    for (int i = 0; i < 3; ++i) {
        Counters c;
        c.deploymentRateLimited = 40.0 * i; // 8/s
        QVERIFY(hidden.ingest(sample(kT0 + i * 5000, c)));
        c.groupRateLimited = 10.0 * i; // 2/s
        QVERIFY(seen.ingest(sample(kT0 + i * 5000, c)));
    }
    QCOMPARE(kinds(hidden), QList<EventKind>{EventKind::RateLimitBurst});
    QCOMPARE(hidden.events().at(0).message,
             QStringLiteral("429 burst on g: its deployments refused 8.0/s, clients got 0/s"));
    QCOMPARE(kinds(seen), QList<EventKind>{EventKind::RateLimitBurst});
    QCOMPARE(seen.events().at(0).message,
             QStringLiteral("429 burst on g: its deployments refused 8.0/s, clients got 2.0/s"));
}

void TestEventLog::unreachableAndBack()
{
    MetricsStore store; // two failures in a row make an outage
    QVERIFY(store.ingest(sample(kT0, {})));
    store.recordPollFailure(kT0 + 5000, QStringLiteral("timeout"));
    QVERIFY(store.events().events().empty()); // one timeout is no outage
    QVERIFY(store.proxyReachable());
    store.recordPollSuccess(kT0 + 10'000);
    QVERIFY(store.events().events().empty());
    store.recordPollFailure(kT0 + 15'000, QStringLiteral("connection refused"));
    store.recordPollFailure(kT0 + 20'000, QStringLiteral("connection refused"));
    store.recordPollFailure(kT0 + 25'000, QStringLiteral("connection refused"));
    QVERIFY(!store.proxyReachable());
    QVERIFY(store.ingest(sample(kT0 + 45'000, {})));
    store.recordPollSuccess(kT0 + 50'000);
    QCOMPARE(kinds(store), (QList<EventKind>{EventKind::ProxyUnreachable, EventKind::ProxyBack}));
    QCOMPARE(store.events().at(0).severity, Severity::Critical);
    QVERIFY(store.events().at(0).message.contains(QStringLiteral("connection refused")));
    // Down since the first failure at 15 s, back at 45 s.
    QVERIFY(store.events().at(1).message.contains(QStringLiteral("30 s")));
}

void TestEventLog::configChanged()
{
    MetricsStore store;
    ProxySample s = sample(kT0, {});
    QVERIFY(store.ingest(s));
    s.timeMs += 5000;
    QVERIFY(store.ingest(s)); // unchanged
    // A new deployment.
    s.timeMs += 5000;
    DeploymentSample e = s.deployments[0];
    e.id = QStringLiteral("e");
    s.deployments.push_back(e);
    QVERIFY(store.ingest(s));
    // /model/info failed: no deployments; not a change, and the next sample compares with the
    // last one that had them.
    ProxySample empty;
    empty.timeMs = s.timeMs + 5000;
    QVERIFY(store.ingest(empty));
    // d's rpm limit 600 → 900.
    s.timeMs += 10'000;
    s.deployments[0].rpmLimit = 900;
    QVERIFY(store.ingest(s));
    // e removed, and a limit that vanishes (an endpoint that failed) is no change.
    s.timeMs += 5000;
    s.deployments.pop_back();
    s.deployments[0].rpmLimit.reset();
    QVERIFY(store.ingest(s));
    QCOMPARE(kinds(store), (QList<EventKind>{EventKind::ConfigChanged, EventKind::ConfigChanged,
                                             EventKind::ConfigChanged}));
    QCOMPARE(store.events().at(0).message, QStringLiteral("config changed: 1 added (e)"));
    QCOMPARE(store.events().at(1).message, QStringLiteral("config changed: limits: d rpm 600→900"));
    QCOMPARE(store.events().at(2).message, QStringLiteral("config changed: 1 removed (e)"));
}

void TestEventLog::configPushed()
{
    MetricsStore store;
    store.recordConfigPushed(kT0, QStringLiteral("fallbacks of g: [h]"));
    QCOMPARE(kinds(store), QList<EventKind>{EventKind::ConfigPushed});
    QCOMPARE(store.events().at(0).message, QStringLiteral("config pushed: fallbacks of g: [h]"));
}

// The chain rides in the samples: a change between two readable chains is one config_changed
// event naming what changed; the first chain, an unchanged one, and one that could not be read
// (a key that is no admin's) are none.
void TestEventLog::chainChanged()
{
    const auto chain = [](const QStringList &targets, const QString &problem = {}) {
        auto c = std::make_shared<FallbackChain>();
        c->origin.kind = ChainOrigin::Kind::ProxyAdmin;
        c->origin.problem = problem;
        if (!targets.isEmpty()) {
            c->fallbacks.fallbacks = {{QStringLiteral("g"), targets}};
        }
        return std::shared_ptr<const FallbackChain>(std::move(c));
    };
    MetricsStore store;
    ProxySample s = sample(kT0, {});
    s.chain = chain({QStringLiteral("h"), QStringLiteral("i")});
    QVERIFY(store.ingest(s)); // the first chain: nothing to compare with
    s.timeMs += 5000;
    s.chain = chain({QStringLiteral("h"), QStringLiteral("i")});
    QVERIFY(store.ingest(s)); // another value, same chain
    s.timeMs += 5000;
    s.chain = chain({}, QStringLiteral("This key cannot read the router settings"));
    QVERIFY(store.ingest(s)); // unreadable: no change, and not the next comparison's base
    s.timeMs += 5000;
    s.chain = chain({QStringLiteral("i")});
    QVERIFY(store.ingest(s));
    s.timeMs += 5000;
    s.chain.reset();
    QVERIFY(store.ingest(s)); // not read at all
    QCOMPARE(kinds(store), QList<EventKind>{EventKind::ConfigChanged});
    QCOMPARE(store.events().at(0).message,
             QStringLiteral("fallback config changed: g fallbacks: [h, i] → [i] (removed h)"));
    QCOMPARE(store.events().at(0).timeMs, kT0 + 15000);
}

QTEST_APPLESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
