// The push history: one JSON Lines file per proxy under the app's data directory, every apply
// appended, read back oldest first, a garbled line skipped and named, credentials never kept.

#include "chainfixture.h"
#include "pushhistory.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::Literals::StringLiterals;
using headroom::push::PushOutcome;
using headroom::test::chainFromJson;

namespace {

PushResult resultOf(PushOutcome outcome, const char *before)
{
    PushResult result;
    result.outcome = outcome;
    result.message = u"what happened"_s;
    result.before = chainFromJson(before);
    result.plan = push::planPush(result.before, chainFromJson(R"({"fallbacks": [{"a": ["c"]}]})"));
    return result;
}

} // namespace

class TestPushHistory : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void appendsAndLoads();
    void garbledLinesAreSkippedAndNamed();
    void onePerProxy();
    void recordOfAPush();
    void unwritableFolderSaysWhy();
};

void TestPushHistory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestPushHistory::init()
{
    QDir(PushHistory::directory()).removeRecursively();
}

void TestPushHistory::appendsAndLoads()
{
    const PushHistory history(u"http://127.0.0.1:4000"_s);
    QVERIFY(history.path().startsWith(PushHistory::directory()));
    QVERIFY(history.load().records.empty());
    const FallbackChain desired = chainFromJson(R"({"fallbacks": [{"a": ["c"]}]})");
    const push::PushRecord first =
        recordOf(resultOf(PushOutcome::Verified, R"({"fallbacks": [{"a": ["b"]}]})"), desired,
                 history.target(), u"429s 40 → 4"_s);
    push::PushRecord second =
        recordOf(resultOf(PushOutcome::RolledBack, R"({})"), desired, history.target(), QString());
    second.id = first.id + u"-2"_s;
    QString problem;
    QVERIFY2(history.append(first, &problem), qPrintable(problem));
    QVERIFY2(history.append(second, &problem), qPrintable(problem));
    const PushHistory::Loaded loaded = history.load();
    QVERIFY(loaded.problems.isEmpty());
    QCOMPARE(loaded.records.size(), std::size_t(2));
    QVERIFY(loaded.records[0] == first);
    QVERIFY(loaded.records[1] == second);
    QVERIFY(history.find(second.id).has_value());
    QCOMPARE(history.find(second.id)->outcome, PushOutcome::RolledBack);
    QVERIFY(!history.find(u"no-such-id"_s));
}

void TestPushHistory::garbledLinesAreSkippedAndNamed()
{
    const PushHistory history(u"http://proxy.example:4000"_s);
    const push::PushRecord good =
        recordOf(resultOf(PushOutcome::Verified, R"({})"), FallbackChain{}, history.target(), {});
    QVERIFY(history.append(good));
    QFile file(history.path());
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"id\": \"cut short\n");
    file.write("\n");
    file.write("[1,2,3]\n");
    file.close();
    QVERIFY(history.append(good));
    const PushHistory::Loaded loaded = history.load();
    QCOMPARE(loaded.records.size(), std::size_t(2)); // both good lines kept
    QCOMPARE(loaded.problems.size(), 2);
    QVERIFY2(loaded.problems[0].startsWith(u"line 2:"_s), qPrintable(loaded.problems[0]));
    QVERIFY2(loaded.problems[1].startsWith(u"line 4:"_s), qPrintable(loaded.problems[1]));
}

void TestPushHistory::onePerProxy()
{
    const PushHistory a(u"http://127.0.0.1:4000"_s);
    const PushHistory b(u"http://127.0.0.1:4001"_s);
    const PushHistory c(u"https://127.0.0.1:4000"_s);
    QVERIFY(a.path() != b.path());
    QVERIFY(a.path() != c.path());
    QVERIFY(QFileInfo(a.path()).fileName().startsWith(u"127.0.0.1_4000-"_s));
    // A URL's user info (a password) is neither kept nor part of the name.
    const PushHistory withUser(u"http://admin:sk-secret@127.0.0.1:4000"_s);
    QCOMPARE(withUser.path(), a.path());
    QVERIFY(!withUser.target().contains(u"sk-secret"_s));
}

void TestPushHistory::recordOfAPush()
{
    const FallbackChain desired = chainFromJson(R"({"fallbacks": [{"a": ["c"]}]})");
    PushResult result = resultOf(PushOutcome::RolledBack, R"({"fallbacks": [{"a": ["b"]}],
                                                              "max_fallbacks": 4})");
    result.mismatches = {u"GET /fallback/a answers [b], expected [c]"_s};
    const push::PushRecord record = recordOf(result, desired, u"http://u:p@host:1"_s, u"w"_s);
    QCOMPARE(record.target, u"http://host:1"_s);
    QVERIFY(!record.who.isEmpty());
    QCOMPARE(record.outcome, PushOutcome::RolledBack);
    QCOMPARE(record.diff, result.plan.diff.lines());
    QCOMPARE(record.uncarried.size(), 1); // max_fallbacks 4 → default
    QCOMPARE(record.mismatches, result.mismatches);
    QCOMPARE(record.before.fallbacks, result.before.fallbacks);
    QCOMPARE(record.after.fallbacks, desired.fallbacks);
    QCOMPARE(record.whatIf, u"w"_s);
    QVERIFY(record.when.isValid());
}

void TestPushHistory::unwritableFolderSaysWhy()
{
    const PushHistory history(u"http://127.0.0.1:4000"_s);
    // A file where the folder should be: the folder cannot be made.
    QDir().mkpath(QFileInfo(PushHistory::directory()).absolutePath());
    QFile blocker(PushHistory::directory());
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QString problem;
    QVERIFY(
        !history.append(recordOf(PushResult{}, FallbackChain{}, history.target(), {}), &problem));
    QVERIFY2(problem.contains(u"cannot"_s), qPrintable(problem));
    QFile::remove(PushHistory::directory());
}

QTEST_GUILESS_MAIN(TestPushHistory)
#include "tst_pushhistory.moc"
