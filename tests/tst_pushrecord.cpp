// The history record of an apply: written as one JSON line and read back equal, and a garbled
// or hostile line refused with a clear error.

#include "chainfixture.h"
#include "push/pushrecord.h"

#include <nlohmann/json.hpp>
#include <QTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;
using namespace headroom::push;
using headroom::test::chainFromJson;

class TestPushRecord : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void refused_data();
    void refused();
    void ids();
    void outcomeNames();
};

namespace {

PushRecord sampleRecord(PushOutcome outcome)
{
    PushRecord record;
    record.when = QDateTime(QDate(2026, 12, 1), QTime(19, 30, 12, 250), Qt::UTC);
    record.id = newPushRecordId(record.when, 0x3f2a);
    record.who = QStringLiteral("ops-anna");
    record.target = QStringLiteral("http://127.0.0.1:4000");
    record.diff = {QStringLiteral("a fallbacks: [b] → [c] (+c, −b)")};
    record.uncarried = {QStringLiteral("max_fallbacks: 5 → 2: dropped")};
    record.whatIf = QStringLiteral("429s 120 → 12 per minute");
    record.outcome = outcome;
    record.message = QStringLiteral("Applied and verified.");
    record.mismatches = {};
    FallbackChain before = chainFromJson(R"({"fallbacks": [{"a": ["b"]}], "num_retries": 2,
        "content_policy_fallbacks": [{"a": ["s"]}], "default_fallbacks": ["d"],
        "max_fallbacks": 5, "retry_policy": {"RateLimitErrorRetries": 1}})");
    FallbackChain after = chainFromJson(R"({"fallbacks": [{"a": ["c"]}], "cooldown_time": 12.5})");
    // Only fallbacks and settings are kept: the origin is where the proxy was read.
    before.origin = {};
    after.origin = {};
    record.before = before;
    record.after = after;
    return record;
}

} // namespace

void TestPushRecord::roundTrip_data()
{
    QTest::addColumn<int>("outcome");
    for (int i = 0; i <= int(PushOutcome::Unreachable); ++i) {
        QTest::newRow(qPrintable(pushOutcomeName(PushOutcome(i)))) << i;
    }
}

void TestPushRecord::roundTrip()
{
    QFETCH(int, outcome);
    const PushRecord record = sampleRecord(PushOutcome(outcome));
    const std::string line = pushRecordToJson(record).dump();
    QVERIFY(line.find('\n') == std::string::npos); // one record, one line
    const auto read = readPushRecord(line);
    QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().toString()));
    QCOMPARE(read.value().id, record.id);
    QCOMPARE(read.value().when, record.when);
    QCOMPARE(read.value().before.fallbacks, record.before.fallbacks);
    QCOMPARE(read.value().after.settings, record.after.settings);
    QVERIFY(read.value() == record);
}

void TestPushRecord::refused_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("word");
    const std::string good = pushRecordToJson(sampleRecord(PushOutcome::Verified)).dump();
    QTest::newRow("empty") << QByteArray() << u""_s;
    QTest::newRow("cut short") << QByteArray::fromStdString(good.substr(0, good.size() / 2))
                               << u""_s;
    QTest::newRow("array") << QByteArray("[1, 2]") << u"object"_s;
    auto edited = [&good](const char *key, const nlohmann::json &value) {
        nlohmann::json j = nlohmann::json::parse(good);
        if (value.is_discarded()) {
            j.erase(key);
        } else {
            j[key] = value;
        }
        return QByteArray::fromStdString(j.dump());
    };
    QTest::newRow("no id") << edited("id", nlohmann::json::value_t::discarded) << u"id"_s;
    QTest::newRow("bad time") << edited("when", "yesterday") << u"ISO"_s;
    QTest::newRow("unknown outcome") << edited("outcome", "exploded") << u"outcome"_s;
    QTest::newRow("before not a chain") << edited("before", 7) << u"before"_s;
    QTest::newRow("bad fallbacks") << edited("after", {{"fallbacks", "all"}}) << u"fallbacks"_s;
}

void TestPushRecord::refused()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, word);
    const auto read = readPushRecord({line.constData(), std::size_t(line.size())});
    QVERIFY(!read.ok());
    const QString text = read.error().toString();
    QVERIFY2(text.contains(word), qPrintable(text));
}

void TestPushRecord::ids()
{
    const QDateTime when(QDate(2026, 12, 1), QTime(19, 30, 12), Qt::UTC);
    QCOMPARE(newPushRecordId(when, 0x3f2a), QStringLiteral("20261201T193012Z-3f2a"));
    QCOMPARE(newPushRecordId(when, 0x7), QStringLiteral("20261201T193012Z-0007"));
}

void TestPushRecord::outcomeNames()
{
    for (int i = 0; i <= int(PushOutcome::Unreachable); ++i) {
        const auto outcome = PushOutcome(i);
        QCOMPARE(pushOutcomeFromName(pushOutcomeName(outcome)), std::optional(outcome));
    }
    QVERIFY(!pushOutcomeFromName(u"later"));
    QVERIFY(pushSucceeded(PushOutcome::Verified));
    QVERIFY(!pushSucceeded(PushOutcome::RolledBack));
}

QTEST_GUILESS_MAIN(TestPushRecord)
#include "tst_pushrecord.moc"
