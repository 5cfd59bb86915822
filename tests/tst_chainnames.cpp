// The chain a group is in, as the groups table names it: the root's walk, depth first in
// fallback order; shared targets, cycles, self-fallbacks, other kinds of fallbacks, long chains.

#include "chain/chainnames.h"

#include <QTest>

using namespace headroom;

namespace {

// "a>b,c; b>d" is a's fallbacks [b, c] and b's [d]; a prefix "cw:" makes them context-window
// fallbacks, "df:" default_fallbacks.
std::vector<ChainEdge> parse(const QString &spec)
{
    std::vector<ChainEdge> edges;
    for (QString entry : spec.split(u';', Qt::SkipEmptyParts)) {
        entry = entry.trimmed();
        FallbackKind kind = FallbackKind::General;
        if (entry.startsWith(u"cw:")) {
            kind = FallbackKind::ContextWindow;
            entry.remove(0, 3);
        } else if (entry.startsWith(u"df:")) {
            kind = FallbackKind::Default;
            entry.remove(0, 3);
        }
        const QStringList parts = entry.split(u'>');
        int order = 1;
        for (const QString &to : parts[1].split(u',')) {
            edges.push_back({parts[0], to, kind, order++, kind == FallbackKind::Default});
        }
    }
    return edges;
}

QStringList dump(const QHash<QString, QString> &names)
{
    QStringList out;
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        out << it.key() + u'=' + it.value();
    }
    out.sort();
    return out;
}

} // namespace

class TestChainNames : public QObject {
    Q_OBJECT
private slots:
    void names_data();
    void names();
};

void TestChainNames::names_data()
{
    QTest::addColumn<QString>("edges");
    QTest::addColumn<int>("maxNames");
    QTest::addColumn<QStringList>("expected");
    const QString cascade = QStringLiteral("gpt-4o → gpt-4o-mini → claude-sonnet");
    QTest::newRow("the cascade scenario")
        << QStringLiteral("gpt-4o>gpt-4o-mini,claude-sonnet; gpt-4o-mini>claude-sonnet") << 5
        << QStringList{u"claude-sonnet="_qs + cascade, u"gpt-4o-mini="_qs + cascade,
                       u"gpt-4o="_qs + cascade};
    // Depth first, as LiteLLM nests a target's own fallbacks before the next target.
    QTest::newRow("depth first") << QStringLiteral("a>b,c; b>d") << 5
                                 << QStringList{QStringLiteral("a=a → b → d → c"),
                                                QStringLiteral("b=a → b → d → c"),
                                                QStringLiteral("c=a → b → d → c"),
                                                QStringLiteral("d=a → b → d → c")};
    QTest::newRow("two chains") << QStringLiteral("a>b; x>y") << 5
                                << QStringList{QStringLiteral("a=a → b"), QStringLiteral("b=a → b"),
                                               QStringLiteral("x=x → y"),
                                               QStringLiteral("y=x → y")};
    // c is reached from a (2 groups) and from b (3): the longer walk names it.
    QTest::newRow("a shared target")
        << QStringLiteral("a>c; b>c,d") << 5
        << QStringList{QStringLiteral("a=a → c"), QStringLiteral("b=b → c → d"),
                       QStringLiteral("c=b → c → d"), QStringLiteral("d=b → c → d")};
    QTest::newRow("equal walks: the root first by name")
        << QStringLiteral("df:y>d; df:x>d") << 5
        << QStringList{QStringLiteral("d=x → d"), QStringLiteral("x=x → d"),
                       QStringLiteral("y=y → d")};
    QTest::newRow("a cycle without a root")
        << QStringLiteral("b>a; a>b") << 5
        << QStringList{QStringLiteral("a=a → b"), QStringLiteral("b=a → b")};
    QTest::newRow("a cycle below a root")
        << QStringLiteral("r>a; a>b; b>a") << 5
        << QStringList{QStringLiteral("a=r → a → b"), QStringLiteral("b=r → a → b"),
                       QStringLiteral("r=r → a → b")};
    QTest::newRow("order, not list position")
        << QStringLiteral("a>b,c") << 5
        << QStringList{QStringLiteral("a=a → b → c"), QStringLiteral("b=a → b → c"),
                       QStringLiteral("c=a → b → c")};
    QTest::newRow("self-fallback only: no chain") << QStringLiteral("a>a") << 5 << QStringList{};
    QTest::newRow("context-window fallbacks are another walk")
        << QStringLiteral("cw:a>big") << 5 << QStringList{};
    QTest::newRow("long chains are cut")
        << QStringLiteral("a>b; b>c; c>d; d>e; e>f; f>g") << 3
        << QStringList{
               QStringLiteral("a=a → b → c → … (+4)"), QStringLiteral("b=a → b → c → … (+4)"),
               QStringLiteral("c=a → b → c → … (+4)"), QStringLiteral("d=a → b → c → … (+4)"),
               QStringLiteral("e=a → b → c → … (+4)"), QStringLiteral("f=a → b → c → … (+4)"),
               QStringLiteral("g=a → b → c → … (+4)")};
    QTest::newRow("none") << QString() << 5 << QStringList{};
}

void TestChainNames::names()
{
    QFETCH(QString, edges);
    QFETCH(int, maxNames);
    QFETCH(QStringList, expected);
    QCOMPARE(dump(chainNames(parse(edges), maxNames)), expected);
}

QTEST_APPLESS_MAIN(TestChainNames)
#include "tst_chainnames.moc"
