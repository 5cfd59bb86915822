// EventsModel and EventsFilterProxy: the store's event log newest first, new events inserted at
// the top, evicted ones removed at the bottom, filtered by kind and group; under
// QAbstractItemModelTester throughout.

#include "boardfleet.h"
#include "itemmodels/eventsfilterproxy.h"
#include "itemmodels/eventsmodel.h"
#include "modeldump.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::test;

namespace {

constexpr auto kQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

Event makeEvent(qint64 second, EventKind kind, const QString &group, const QString &message)
{
    Event e;
    e.timeMs = kBoardT0 + second * 1000;
    e.kind = kind;
    e.severity = kind == EventKind::RateLimitBurst ? Severity::Critical : Severity::Info;
    e.group = group;
    e.message = message;
    return e;
}

// A log holding: a config change, a cooldown in alpha, a 429 burst in beta, a fallback spike
// alpha → beta, a push.
void fill(EventLog &log)
{
    log.append(makeEvent(0, EventKind::ConfigChanged, {}, QStringLiteral("2 deployments added")));
    Event cooldown = makeEvent(5, EventKind::CooldownStarted, QStringLiteral("alpha"),
                               QStringLiteral("a1 cooled down"));
    cooldown.deployment = QStringLiteral("a1");
    log.append(cooldown);
    log.append(makeEvent(10, EventKind::RateLimitBurst, QStringLiteral("beta"),
                         QStringLiteral("3.0 429s/s")));
    Event spike = makeEvent(15, EventKind::FallbackSpike, {}, QStringLiteral("2.0 fallbacks/s"));
    spike.edgeFrom = QStringLiteral("alpha");
    spike.edgeTo = QStringLiteral("beta");
    spike.severity = Severity::Warning;
    log.append(spike);
    log.append(makeEvent(20, EventKind::ConfigPushed, {}, QStringLiteral("fallbacks edited")));
}

} // namespace

class TestEventsModel : public QObject {
    Q_OBJECT
private slots:
    void newestFirst();
    void incrementalAndBounded();
    void fromStore();
    void filter_data();
    void filter();
};

void TestEventsModel::newestFirst()
{
    EventLog log;
    fill(log);
    EventsModel model;
    QAbstractItemModelTester tester(&model, kQtTest);
    model.setTimeZone(QTimeZone::utc());
    model.update(log);
    // kBoardT0 is 2023-11-14 22:15:00 UTC.
    QCOMPARE(dumpModel(model),
             (QStringList{
                 QStringLiteral("22:15:20 | info | config pushed |  | fallbacks edited"),
                 QStringLiteral("22:15:15 | warning | fallback spike | alpha → beta | 2.0 "
                                "fallbacks/s"),
                 QStringLiteral("22:15:10 | critical | 429 burst | beta | 3.0 429s/s"),
                 QStringLiteral("22:15:05 | info | cooldown started | alpha: a1 | a1 cooled down"),
                 QStringLiteral("22:15:00 | info | config changed |  | 2 deployments added")}));
    QCOMPARE(model.index(0, EventsModel::Time).data(EventsModel::TimeMsRole).toLongLong(),
             kBoardT0 + 20'000);
    QCOMPARE(model.index(1, 0).data(EventsModel::RelatedGroupsRole).toStringList(),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    QCOMPARE(model.index(2, 0).data(EventsModel::SeverityRole).toInt(), int(Severity::Critical));
    QCOMPARE(model.index(3, 0).data(EventsModel::KindRole).toInt(),
             int(EventKind::CooldownStarted));
    QCOMPARE(model.index(3, 0).data(EventsModel::GroupRole).toString(), QStringLiteral("alpha"));
    QCOMPARE(model.lastSeq(), quint64(5));
}

void TestEventsModel::incrementalAndBounded()
{
    EventLog log(4);
    EventsModel model;
    QAbstractItemModelTester tester(&model, kQtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    const auto messages = [&] {
        return dumpColumn(model, EventsModel::Message);
    };
    const auto append = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const int k = int(log.lastSeq()) + 1;
            log.append(makeEvent(k, EventKind::ConfigPushed, {}, QStringLiteral("e%1").arg(k)));
        }
    };

    append(2);
    model.update(log);
    QCOMPARE(messages(), (QStringList{QStringLiteral("e2"), QStringLiteral("e1")}));
    QCOMPARE(inserted.size(), 1);
    const QPersistentModelIndex e1 = model.index(1, EventsModel::Message);

    // New events at the top, in one insert; the older rows move down.
    inserted.clear();
    append(2);
    model.update(log);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(e1.row(), 3);
    QCOMPARE(messages(), (QStringList{QStringLiteral("e4"), QStringLiteral("e3"),
                                      QStringLiteral("e2"), QStringLiteral("e1")}));

    // Nothing new: no signal.
    inserted.clear();
    model.update(log);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);

    // The log (capacity 4) evicts e1 and e2: removed at the bottom, then e5, e6 at the top.
    append(2);
    model.update(log);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 2);
    QCOMPARE(removed.at(0).at(2).toInt(), 3);
    QVERIFY(!e1.isValid());
    QCOMPARE(messages(), (QStringList{QStringLiteral("e6"), QStringLiteral("e5"),
                                      QStringLiteral("e4"), QStringLiteral("e3")}));

    // More than the whole log between two updates: only what it still holds.
    append(9);
    model.update(log);
    QCOMPARE(messages(), (QStringList{QStringLiteral("e15"), QStringLiteral("e14"),
                                      QStringLiteral("e13"), QStringLiteral("e12")}));
    QCOMPARE(reset.size(), 0);

    // Another log (a new store) starts its sequence again: the one reset.
    EventLog other;
    other.append(makeEvent(1, EventKind::ProxyBack, {}, QStringLiteral("back")));
    model.update(other);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(messages(), QStringList{QStringLiteral("back")});
}

void TestEventsModel::fromStore()
{
    // The store's own rules: polls failing make the proxy unreachable, a success brings it back.
    MetricsStore store;
    BoardFleet fleet;
    fleet.add(QStringLiteral("alpha"), QStringLiteral("a1"), 1);
    EventsModel model;
    QAbstractItemModelTester tester(&model, kQtTest);
    fleet.feed(store);
    model.update(store);
    const int before = model.rowCount();
    store.recordPollFailure(kBoardT0 + 5000, QStringLiteral("timeout"));
    store.recordPollFailure(kBoardT0 + 10'000, QStringLiteral("timeout"));
    model.update(store);
    store.recordPollSuccess(kBoardT0 + 15'000);
    store.recordConfigPushed(kBoardT0 + 16'000, QStringLiteral("beta after alpha"));
    model.update(store);
    QCOMPARE(model.rowCount(), before + 3);
    QCOMPARE(dumpColumn(model, EventsModel::Kind).mid(0, 3),
             (QStringList{QStringLiteral("config pushed"), QStringLiteral("proxy back"),
                          QStringLiteral("proxy unreachable")}));
}

void TestEventsModel::filter_data()
{
    QTest::addColumn<QList<EventKind>>("kinds");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QStringList>("kindsShown");

    QTest::newRow("everything") << QList<EventKind>{} << QString()
                                << QStringList{QStringLiteral("config pushed"),
                                               QStringLiteral("fallback spike"),
                                               QStringLiteral("429 burst"),
                                               QStringLiteral("cooldown started"),
                                               QStringLiteral("config changed")};
    QTest::newRow("group alpha: its cooldown and its edge")
        << QList<EventKind>{} << QStringLiteral("alpha")
        << QStringList{QStringLiteral("fallback spike"), QStringLiteral("cooldown started")};
    QTest::newRow("group beta: its burst and the edge into it")
        << QList<EventKind>{} << QStringLiteral("beta")
        << QStringList{QStringLiteral("fallback spike"), QStringLiteral("429 burst")};
    QTest::newRow("config kinds") << QList<EventKind>{EventKind::ConfigChanged,
                                                      EventKind::ConfigPushed}
                                  << QString()
                                  << QStringList{QStringLiteral("config pushed"),
                                                 QStringLiteral("config changed")};
    QTest::newRow("kind and group")
        << QList<EventKind>{EventKind::RateLimitBurst} << QStringLiteral("alpha") << QStringList{};
}

void TestEventsModel::filter()
{
    QFETCH(QList<EventKind>, kinds);
    QFETCH(QString, group);
    QFETCH(QStringList, kindsShown);

    EventLog log;
    EventsModel model;
    EventsFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, kQtTest);
    QAbstractItemModelTester proxyTester(&proxy, kQtTest);
    proxy.setKinds(kinds);
    proxy.setGroup(group);
    QCOMPARE(proxy.kinds(), kinds);
    // Filled after the filter is set: rows arrive through the filter incrementally.
    fill(log);
    model.update(log);
    QCOMPARE(dumpColumn(proxy, EventsModel::Kind), kindsShown);
    // Clearing the filters shows everything again.
    proxy.setKinds({});
    proxy.setGroup({});
    QCOMPARE(proxy.rowCount(), 5);
}

QTEST_GUILESS_MAIN(TestEventsModel)
#include "tst_eventsmodel.moc"
