// Shared-quota pools: groups whose deployments draw on one credential, or on one api_base
// serving one model; fingerprints only, never keys.

#include "chain/quotapools.h"

#include <QTest>

using namespace headroom;
using namespace Qt::StringLiterals;

namespace {

// "group id model api_base fingerprint", "-" for an empty field.
std::vector<Deployment> deployments(const QStringList &rows)
{
    std::vector<Deployment> out;
    for (const QString &row : rows) {
        QStringList f = row.split(u' ');
        for (QString &field : f) {
            if (field == u"-") {
                field.clear();
            }
        }
        Deployment d;
        d.group = f.value(0);
        d.id = f.value(1);
        d.model = f.value(2);
        d.apiBase = f.value(3);
        d.credentialFingerprint = f.value(4);
        out.push_back(d);
    }
    return out;
}

// "id | reason | groups | deployments"
QStringList dump(const std::vector<QuotaPool> &pools)
{
    QStringList out;
    for (const QuotaPool &p : pools) {
        out << QStringLiteral("%1 | %2 | %3 | %4")
                   .arg(p.id, p.reason, p.groups.join(u','), p.deployments.join(u','));
    }
    return out;
}

} // namespace

class TestQuotaPools : public QObject {
    Q_OBJECT
private slots:
    void pools_data();
    void pools();
    void poolOf();
    void noKeyInAnyField();
};

void TestQuotaPools::pools_data()
{
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("nothing shared")
        << QStringList{u"a a1 openai/gpt-4o - f1"_s, u"b b1 openai/gpt-4o-mini - f2"_s}
        << QStringList{};
    QTest::newRow("one credential, two groups")
        << QStringList{u"gpt-4o d1 openai/gpt-4o - 3f2a"_s,
                       u"gpt-4o-latest d2 openai/chatgpt-4o - 3f2a"_s,
                       u"claude d3 anthropic/claude - 9c1b"_s}
        << QStringList{
               u"credential:3f2a | one credential (fingerprint 3f2a) | gpt-4o,gpt-4o-latest "_s
               u"| d1,d2"_s};
    // Two deployments of one group on one key are one group's business, not a pool.
    QTest::newRow("one group alone is no pool")
        << QStringList{u"a a1 openai/gpt-4o - f1"_s, u"a a2 openai/gpt-4o - f1"_s} << QStringList{};
    QTest::newRow("one api_base serving one model")
        << QStringList{u"chat d1 azure/gpt-4o https://eu.example/ -"_s,
                       u"batch d2 azure/gpt-4o https://eu.example/ -"_s,
                       u"other d3 azure/gpt-4o-mini https://eu.example/ -"_s}
        << QStringList{u"api_base:https://eu.example/ model:azure/gpt-4o | one api_base "_s
                       u"(https://eu.example/) serving azure/gpt-4o | batch,chat | d1,d2"_s};
    // The provider's default endpoint says nothing about whose quota it is.
    QTest::newRow("no api_base, no pool")
        << QStringList{u"a a1 openai/gpt-4o - -"_s, u"b b1 openai/gpt-4o - -"_s} << QStringList{};
    QTest::newRow("same groups by key and endpoint: one pool, both reasons")
        << QStringList{u"a a1 azure/gpt-4o https://x/ k"_s, u"b b1 azure/gpt-4o https://x/ k"_s}
        << QStringList{u"api_base:https://x/ model:azure/gpt-4o | one api_base (https://x/) "_s
                       u"serving azure/gpt-4o; one credential (fingerprint k) | a,b | a1,b1"_s};
    QTest::newRow("two pools, sorted by id")
        << QStringList{u"a a1 openai/gpt-4o - k1"_s, u"b b1 openai/gpt-4o - k1"_s,
                       u"c c1 anthropic/claude - k0"_s, u"d d1 anthropic/claude - k0"_s,
                       u"e e1 anthropic/claude - k0"_s}
        << QStringList{u"credential:k0 | one credential (fingerprint k0) | c,d,e | c1,d1,e1"_s,
                       u"credential:k1 | one credential (fingerprint k1) | a,b | a1,b1"_s};
    QTest::newRow("config deployments without ids are named by group and model")
        << QStringList{u"a - openai/gpt-4o - k"_s, u"b - openai/gpt-4o-mini - k"_s}
        << QStringList{u"credential:k | one credential (fingerprint k) | a,b | "_s
                       u"a/openai/gpt-4o,b/openai/gpt-4o-mini"_s};
}

void TestQuotaPools::pools()
{
    QFETCH(QStringList, rows);
    QFETCH(QStringList, expected);
    QCOMPARE(dump(findQuotaPools(deployments(rows))), expected);
}

void TestQuotaPools::poolOf()
{
    const auto pools = findQuotaPools(
        deployments({u"a a1 m - k1"_s, u"b b1 m - k1"_s, u"c c1 m - k2"_s, u"d d1 m - k2"_s}));
    QCOMPARE(pools.size(), std::size_t(2));
    QVERIFY(headroom::poolOf(pools, QStringLiteral("a")) == &pools[0]);
    QVERIFY(headroom::poolOf(pools, QStringLiteral("d")) == &pools[1]);
    QVERIFY(headroom::poolOf(pools, QStringLiteral("z")) == nullptr);
}

// Deployments carry fingerprints; whatever the pool says is built from those.
void TestQuotaPools::noKeyInAnyField()
{
    const QString key = QStringLiteral("sk-live-secret-123");
    std::vector<Deployment> ds(2);
    ds[0].group = QStringLiteral("a");
    ds[1].group = QStringLiteral("b");
    ds[0].credentialFingerprint = ds[1].credentialFingerprint = credentialFingerprint(key);
    const auto pools = findQuotaPools(ds);
    QCOMPARE(pools.size(), std::size_t(1));
    QVERIFY(!pools[0].id.contains(key));
    QVERIFY(!pools[0].reason.contains(key));
    QVERIFY(pools[0].reason.contains(credentialFingerprint(key)));
}

QTEST_GUILESS_MAIN(TestQuotaPools)
#include "tst_quotapools.moc"
