// The push history as a table: newest first, one row per apply, checked by
// QAbstractItemModelTester through every reset.

#include "push/pushhistorymodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace headroom;
using namespace headroom::push;
using namespace Qt::Literals::StringLiterals;

class TestPushHistoryModel : public QObject {
    Q_OBJECT
private slots:
    void newestFirst();
    void changesColumn_data();
    void changesColumn();
};

namespace {

PushRecord record(const QString &id, int minute, PushOutcome outcome, QStringList diff)
{
    PushRecord r;
    r.id = id;
    r.who = u"ops"_s;
    r.when = QDateTime(QDate(2026, 12, 1), QTime(19, minute), Qt::UTC);
    r.outcome = outcome;
    r.diff = std::move(diff);
    r.message = u"message "_s + id;
    return r;
}

} // namespace

void TestPushHistoryModel::newestFirst()
{
    PushHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setRecords({record(u"a"_s, 1, PushOutcome::Verified, {u"x: 1 → 2"_s}),
                      record(u"b"_s, 2, PushOutcome::RolledBack, {u"y: 1 → 2"_s})});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(PushHistoryModel::ColumnCount));
    QCOMPARE(model.index(0, 0).data(PushHistoryModel::IdRole).toString(), u"b"_s);
    QCOMPARE(model.index(0, PushHistoryModel::Outcome).data().toString(), u"rolled-back"_s);
    QCOMPARE(model.index(1, PushHistoryModel::Who).data().toString(), u"ops"_s);
    QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(), u"message a"_s);
    QCOMPARE(model.record(1)->id, u"a"_s);
    QVERIFY(model.record(2) == nullptr);
    QCOMPARE(model.headerData(PushHistoryModel::Changes, Qt::Horizontal).toString(), u"Changes"_s);
    model.setRecords({});
    QCOMPARE(model.rowCount(), 0);
}

void TestPushHistoryModel::changesColumn_data()
{
    QTest::addColumn<QStringList>("diff");
    QTest::addColumn<QString>("shown");
    QTest::newRow("none") << QStringList{} << u"no change"_s;
    QTest::newRow("one") << QStringList{u"a fallbacks: [b] → [c]"_s} << u"a fallbacks: [b] → [c]"_s;
    QTest::newRow("three") << QStringList{u"first"_s, u"second"_s, u"third"_s}
                           << u"first (and 2 more)"_s;
}

void TestPushHistoryModel::changesColumn()
{
    QFETCH(QStringList, diff);
    PushHistoryModel model;
    model.setRecords({record(u"a"_s, 1, PushOutcome::Verified, diff)});
    QTEST(model.index(0, PushHistoryModel::Changes).data().toString(), "shown");
}

QTEST_GUILESS_MAIN(TestPushHistoryModel)
#include "tst_pushhistorymodel.moc"
