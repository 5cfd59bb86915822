// FallbackGraphModel: groups and their edges from hand-built fleets, chains, pools, predictions
// and findings (expected text computed by hand), and polls merged in place under
// QAbstractItemModelTester: traffic alone is dataChanged only; a new shape inserts or removes
// rows and says shapeChanged, never a reset.

#include "boardfleet.h"
#include "itemmodels/fallbackgraphmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using namespace headroom::test;

namespace {

const QString kAlpha = QStringLiteral("alpha");
const QString kBeta = QStringLiteral("beta");
const QString kGamma = QStringLiteral("gamma");

// alpha: two deployments (1,200 rpm); beta and gamma one each (600 rpm), 100 tokens a request.
void addFleet(BoardFleet &fleet)
{
    fleet.add(kAlpha, QStringLiteral("a1"), 5);
    fleet.add(kAlpha, QStringLiteral("a2"), 1);
    fleet.add(kBeta, QStringLiteral("b1"), 3);
    fleet.add(kGamma, QStringLiteral("c1"), 6);
}

FallbackChain demoChain()
{
    FallbackChain chain;
    chain.origin.kind = ChainOrigin::Kind::ConfigFile;
    chain.origin.where = QStringLiteral("config.yaml");
    chain.fallbacks.fallbacks = {{kAlpha, {kBeta, kGamma}}, {kBeta, {kGamma}}};
    chain.fallbacks.contextWindowFallbacks = {{kAlpha, {kGamma}}};
    return chain;
}

struct Fixture {
    BoardFleet fleet;
    MetricsStore store;
    std::optional<FallbackChain> chain;
    std::vector<QuotaPool> pools;
    std::vector<ChainFinding> findings;
    std::optional<CascadePrediction> prediction;
    // Client 429s per second for a group, replacing the fleet's (its deployments' sum): fallbacks
    // hide a deployment's 429s from clients.
    std::map<QString, double> client429;
    std::map<QString, double> client429Total;

    void poll(int n = 1)
    {
        for (int i = 0; i < n; ++i) {
            ProxySample s = fleet.poll();
            for (GroupSample &g : s.groups) {
                if (const auto it = client429.find(g.group); it != client429.end()) {
                    double &total = client429Total[g.group];
                    if (fleet.polls > 1) {
                        total += it->second * 5;
                    }
                    g.rateLimitedTotal = total;
                }
            }
            store.ingest(std::move(s));
        }
    }
    FallbackGraphInput input() const
    {
        FallbackGraphInput in;
        in.store = &store;
        in.chain = chain ? &*chain : nullptr;
        in.pools = pools;
        in.findings = findings;
        in.prediction = prediction ? &*prediction : nullptr;
        return in;
    }
};

struct Spies {
    explicit Spies(FallbackGraphModel *model)
        : reset(model, &QAbstractItemModel::modelReset)
        , inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , shape(model, &FallbackGraphModel::shapeChanged)
    {}
    void clear()
    {
        reset.clear();
        inserted.clear();
        removed.clear();
        changed.clear();
        shape.clear();
    }
    // "alpha" for a group row, "alpha→beta" for an edge.
    QStringList changedRows() const
    {
        QStringList out;
        for (const QList<QVariant> &args : changed) {
            const auto index = args.at(0).value<QModelIndex>();
            const QString name = index.data(FallbackGraphModel::NameRole).toString();
            out.append(index.parent().isValid()
                           ? index.data(FallbackGraphModel::FromRole).toString() +
                                 QStringLiteral("→") + name
                           : name);
        }
        return out;
    }
    QSignalSpy reset, inserted, removed, changed, shape;
};

} // namespace

class TestFallbackGraphModel : public QObject {
    Q_OBJECT
private slots:
    void dump_data();
    void dump();
    void trafficOnlyIsDataChanged();
    void shapeChanges_data();
    void shapeChanges();
    void findingsAndToolTip();
};

void TestFallbackGraphModel::dump_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QStringList>("expected");

    // alpha: (5 + 1)/s × 60 = 360 of 1,200 rpm → 70 % left; 600 tokens/s = 36,000 of 120,000
    // tpm → 70 %. beta: 180 of 600 → 70 %; gamma 360 of 600 → 40 %.
    QTest::newRow("observed edges, chain not read")
        << 0
        << QStringList{
               QStringLiteral("alpha | RPM 70% OK | TPM 70% OK | 429 deployments 0/s clients 0/s"),
               QStringLiteral("  → beta | fallbacks not in the chain | 2.5/s, 20% failed | "
                              "observed"),
               QStringLiteral("beta | RPM 70% OK | TPM 70% OK | 429 deployments 0/s clients 0/s"),
               QStringLiteral("gamma | RPM 40% OK | TPM 40% OK | 429 deployments 0/s clients 0/s")};

    // The chain's five edges in order; alpha→gamma's traffic counts once (on the general edge);
    // gamma→alpha carries 1/s that no setting explains; delta is a target nobody serves.
    QTest::newRow("configured, idle and unconfigured edges")
        << 1
        << QStringList{
               QStringLiteral("alpha | RPM 70% OK | TPM 70% OK | 429 deployments 0/s clients 0/s"),
               QStringLiteral("  → beta | fallbacks 1st | 2.0/s | configured"),
               QStringLiteral("  → gamma | fallbacks 2nd | 0/s | configured"),
               QStringLiteral("  → gamma | context window 1st | 0/s | configured"),
               QStringLiteral("beta | RPM 70% OK | TPM 70% OK | 429 deployments 0/s clients 0/s"),
               QStringLiteral("  → gamma | fallbacks 1st | 0/s | configured"),
               QStringLiteral("  → delta | fallbacks 2nd | 0/s | configured"),
               QStringLiteral("delta | not served | RPM no limit | TPM no limit | 429 deployments "
                              "— clients —"),
               QStringLiteral("gamma | RPM 40% OK | TPM 40% OK | 429 deployments 0/s clients 0/s"),
               QStringLiteral("  → alpha | fallbacks not in the chain | 1.0/s | NOT CONFIGURED")};

    // a1 refuses 2/s (attempts 5 + 2 = 7/s; alpha 480 of 1,200 rpm → 60 %; tokens count the
    // successes only: 36,000 of 120,000 → 70 %); clients see none of them. a1 cooled down at the
    // second poll (t0 + 5 s) for its own 30 s: back by t0 + 35 s = 22:15:35 UTC.
    QTest::newRow("storm hidden by fallbacks, pool, prediction")
        << 2
        << QStringList{
               QStringLiteral("alpha | RPM 60% OK | TPM 70% OK | 429 deployments 2.0/s clients 0/s "
                              "| cooling 1 of 2 until 22:15:35 | pool cred-1 | predicted in 40 s"),
               QStringLiteral("  → beta | fallbacks 1st | 0/s | configured | predicted 3.5/s in "
                              "40 s"),
               QStringLiteral("  → gamma | fallbacks 2nd | 0/s | configured"),
               QStringLiteral("  → gamma | context window 1st | 0/s | configured"),
               QStringLiteral("beta | RPM 70% OK | TPM 70% OK | 429 deployments 0/s clients 0/s "
                              "| pool cred-1 | predicted in 90 s fed by alpha"),
               QStringLiteral("  → gamma | fallbacks 1st | 0/s | configured"),
               QStringLiteral("gamma | RPM 40% OK | TPM 40% OK | 429 deployments 0/s clients 0/s")};
}

void TestFallbackGraphModel::dump()
{
    QFETCH(int, scenario);
    QFETCH(QStringList, expected);
    Fixture f;
    addFleet(f.fleet);
    switch (scenario) {
    case 0:
        f.fleet.edges[{kAlpha, kBeta}] = {2, 0.5};
        break;
    case 1:
        f.chain = demoChain();
        f.chain->fallbacks.fallbacks[1].second.append(QStringLiteral("delta"));
        f.fleet.edges[{kAlpha, kBeta}] = {2, 0};
        f.fleet.edges[{kGamma, kAlpha}] = {1, 0};
        break;
    case 2: {
        f.chain = demoChain();
        BoardFleet::Dep &a1 = f.fleet.dep(QStringLiteral("a1"));
        a1.rateLimitedPerSec = 2;
        a1.cooldownSeconds = 30;
        f.client429[kAlpha] = 0;
        f.pools.push_back({QStringLiteral("cred-1"),
                           QStringLiteral("one credential"),
                           {kAlpha, kBeta},
                           {QStringLiteral("a1"), QStringLiteral("b1")}});
        CascadePrediction p;
        p.horizonSeconds = 300;
        p.groups = {{kAlpha, 40.0, {}, 3, 0}, {kBeta, 90.0, kAlpha, 1, 0}, {kGamma, {}, {}, 1, 0}};
        p.edges = {{kAlpha, kBeta, 3.5}};
        p.path = {kAlpha, kBeta};
        f.prediction = p;
        break;
    }
    }
    f.poll(1);
    if (scenario == 2) {
        f.fleet.dep(QStringLiteral("a1")).coolNext = true;
    }
    f.poll(1);
    FallbackGraphModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(f.input());
    QCOMPARE(model.dump(), expected);
    QCOMPARE(model.index(0, 0).data(FallbackGraphModel::WorstAttemptsRole).isValid(),
             f.chain.has_value());
}

void TestFallbackGraphModel::trafficOnlyIsDataChanged()
{
    Fixture f;
    addFleet(f.fleet);
    f.chain = demoChain();
    f.fleet.edges[{kAlpha, kBeta}] = {2, 0};
    f.poll(2);
    FallbackGraphModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(f.input());
    const GraphShape shape = model.shape();
    const QPersistentModelIndex edge = model.edgeIndex(kAlpha, kBeta, FallbackKind::General);
    QVERIFY(edge.isValid());
    Spies spies(&model);

    // The same rates once more: nothing to tell.
    f.poll();
    model.update(f.input());
    QCOMPARE(spies.changed.count(), 0);

    // Only the fallback traffic changes: 2/s → 4/s, of which 1/s failed.
    f.fleet.edges[{kAlpha, kBeta}] = {3, 1};
    f.poll();
    model.update(f.input());
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.inserted.count(), 0);
    QCOMPARE(spies.removed.count(), 0);
    QCOMPARE(spies.shape.count(), 0);
    QCOMPARE(spies.changedRows(), QStringList{QStringLiteral("alpha→beta")});
    const auto roles = spies.changed.first().at(2).value<QList<int>>();
    QVERIFY(roles.contains(FallbackGraphModel::TrafficRole));
    QVERIFY(roles.contains(FallbackGraphModel::FailedShareRole));
    QVERIFY(!roles.contains(FallbackGraphModel::OrderRole));
    QCOMPARE(edge.data(FallbackGraphModel::TrafficRole).toDouble(), 4.0);
    QCOMPARE(edge.data(FallbackGraphModel::FailedShareRole).toDouble(), 0.25);
    QCOMPARE(model.shape(), shape);
}

void TestFallbackGraphModel::shapeChanges_data()
{
    QTest::addColumn<int>("change");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("removed");
    QTest::addColumn<QStringList>("expected"); // group and edge names after the change

    // Before: alpha → beta, gamma (fallbacks) and gamma (context window); beta → gamma.
    QTest::newRow("traffic on a new, unconfigured edge")
        << 0 << 1 << 0
        << QStringList{QStringLiteral("alpha: beta gamma gamma"), QStringLiteral("beta: gamma"),
                       QStringLiteral("gamma: beta")};
    // gamma leaves the fleet and the chain: alpha's and beta's children go, alpha gets one back.
    QTest::newRow("a group goes away")
        << 1 << 1 << 3 << QStringList{QStringLiteral("alpha: beta"), QStringLiteral("beta:")};
    QTest::newRow("a group appears")
        << 2 << 1 << 0
        << QStringList{QStringLiteral("alpha: beta gamma gamma"), QStringLiteral("beta: gamma"),
                       QStringLiteral("epsilon:"), QStringLiteral("gamma:")};
    // alpha's edges change order: its three children are removed and three inserted.
    QTest::newRow("the chain reorders")
        << 3 << 1 << 1
        << QStringList{QStringLiteral("alpha: gamma beta gamma"), QStringLiteral("beta: gamma"),
                       QStringLiteral("gamma:")};
}

void TestFallbackGraphModel::shapeChanges()
{
    QFETCH(int, change);
    QFETCH(int, inserted);
    QFETCH(int, removed);
    QFETCH(QStringList, expected);
    Fixture f;
    addFleet(f.fleet);
    f.chain = demoChain();
    f.poll(2);
    FallbackGraphModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(f.input());
    const QPersistentModelIndex beta = model.groupIndex(kBeta);
    Spies spies(&model);
    switch (change) {
    case 0:
        f.fleet.edges[{kGamma, kBeta}] = {1, 0};
        break;
    case 1:
        f.fleet.remove(QStringLiteral("c1"));
        f.chain->fallbacks.fallbacks = {{kAlpha, {kBeta}}};
        f.chain->fallbacks.contextWindowFallbacks.clear();
        break;
    case 2:
        f.fleet.add(QStringLiteral("epsilon"), QStringLiteral("e1"), 1);
        break;
    case 3:
        f.chain->fallbacks.fallbacks[0].second = {kGamma, kBeta};
        break;
    }
    f.poll();
    model.update(f.input());
    QStringList names;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex group = model.index(r, 0);
        QString line = group.data(FallbackGraphModel::NameRole).toString() + u':';
        for (int e = 0; e < model.rowCount(group); ++e) {
            line += u' ' + model.index(e, 0, group).data(FallbackGraphModel::NameRole).toString();
        }
        names.append(line);
    }
    QCOMPARE(names, expected);
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.inserted.count(), inserted);
    QCOMPARE(spies.removed.count(), removed);
    QCOMPARE(spies.shape.count(), 1);
    QCOMPARE(beta.data(FallbackGraphModel::NameRole).toString(), kBeta); // survives the merge
}

void TestFallbackGraphModel::findingsAndToolTip()
{
    Fixture f;
    addFleet(f.fleet);
    f.chain = demoChain();
    f.poll(2);
    const QString samePool = QStringLiteral("alpha falls back to beta in its own quota pool");
    const QString unprotected = QStringLiteral("gamma has no fallback; alpha and beta need it");
    f.findings.push_back({ChainFinding::Severity::Warning,
                          ChainFinding::Kind::SamePool,
                          {kAlpha, kBeta},
                          QStringLiteral("router_settings.fallbacks"),
                          samePool});
    f.findings.push_back({ChainFinding::Severity::Info,
                          ChainFinding::Kind::UnprotectedDependency,
                          {kGamma},
                          QStringLiteral("router_settings.fallbacks"),
                          unprotected});
    FallbackGraphModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(f.input());
    const auto findings = [&](const QModelIndex &index) {
        return index.data(FallbackGraphModel::FindingsRole).toStringList();
    };
    QCOMPARE(findings(model.groupIndex(kAlpha)), QStringList{samePool});
    QCOMPARE(findings(model.groupIndex(kGamma)), QStringList{unprotected});
    QCOMPARE(findings(model.edgeIndex(kAlpha, kBeta, FallbackKind::General)),
             QStringList{samePool});
    QCOMPARE(findings(model.edgeIndex(kAlpha, kGamma, FallbackKind::General)), QStringList{});
    QCOMPARE(findings(model.edgeIndex(kBeta, kGamma, FallbackKind::General)), QStringList{});
    QCOMPARE(model.groupIndex(kAlpha).data(FallbackGraphModel::FindingSeverityRole).toInt(),
             int(ChainFinding::Severity::Warning));
    QVERIFY(!model.groupIndex(kBeta).data(FallbackGraphModel::FindingSeverityRole).isNull());
    const QString tip = model.groupIndex(kAlpha).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Retry amplification")), qPrintable(tip));
    QVERIFY2(tip.contains(samePool), qPrintable(tip));
    QCOMPARE(ordinalText(1), QStringLiteral("1st"));
    QCOMPARE(ordinalText(2), QStringLiteral("2nd"));
    QCOMPARE(ordinalText(3), QStringLiteral("3rd"));
    QCOMPARE(ordinalText(11), QStringLiteral("11th"));
    QCOMPARE(ordinalText(22), QStringLiteral("22nd"));
}

QTEST_GUILESS_MAIN(TestFallbackGraphModel)
#include "tst_fallbackgraphmodel.moc"
