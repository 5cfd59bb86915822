// The push dialog and the history panel, offscreen: what they show before anything is sent,
// the progress and outcome they are given, and the requests they make.

#include "chainfixture.h"
#include "mainwindow.h"
#include "push/pushdialog.h"
#include "push/pushhistorypanel.h"

#include <QAction>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace headroom;
using namespace headroom::ui;
using namespace Qt::Literals::StringLiterals;
using headroom::test::chainFromJson;

namespace {

const char *kLive = R"({"fallbacks": [{"primary": ["spare"]}, {"spare": ["long"]}],
    "num_retries": 1, "max_fallbacks": 3})";
const char *kDesired = R"({"fallbacks": [{"primary": ["long", "spare"]}],
    "num_retries": 3, "max_fallbacks": 1})";

QPushButton *button(QWidget &parent, const QString &text)
{
    for (QPushButton *b : parent.findChildren<QPushButton *>()) {
        if (b->text().remove(u'&') == text) {
            return b;
        }
    }
    return nullptr;
}

// Saves a picture when HEADROOM_SCREENSHOT_DIR is set (how docs/ gets its pictures).
void maybeSave(QWidget &widget, const char *name)
{
    const QString dir = qEnvironmentVariable("HEADROOM_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        widget.grab().save(dir + u'/' + QLatin1String(name));
    }
}

push::PushRecord record(const char *id, int minute, push::PushOutcome outcome, const char *before,
                        const char *after)
{
    push::PushRecord r;
    r.id = QLatin1String(id);
    r.who = u"ops-anna"_s;
    r.when = QDateTime(QDate(2026, 12, 1), QTime(19, minute), Qt::UTC);
    r.target = u"http://127.0.0.1:4000"_s;
    r.outcome = outcome;
    r.before = chainFromJson(before);
    r.after = chainFromJson(after);
    r.before.origin = {};
    r.after.origin = {};
    r.diff = push::diffChains(r.before, r.after).lines();
    r.message = outcome == push::PushOutcome::Verified
                    ? u"Applied with 3 admin call(s) and verified: the proxy holds the change."_s
                    : u"Rolled back: POST /config/update was refused: HTTP 500."_s;
    return r;
}

} // namespace

class TestPushDialog : public QObject {
    Q_OBJECT
private slots:
    void showsThePlanBeforeSending();
    void progressAndOutcome();
    void failureIsShown();
    void nothingToApply();
    void historyPanel();
    void historyInTheViewMenu();
};

void TestPushDialog::showsThePlanBeforeSending()
{
    PushDialog dialog;
    dialog.setChains(chainFromJson(kLive), chainFromJson(kDesired), u"http://127.0.0.1:4000"_s,
                     u"429s per minute: 120 → 12"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString summary = dialog.findChild<QTextBrowser *>()->toPlainText();
    QVERIFY2(summary.contains(u"primary fallbacks: [spare] → [long, spare]"_s),
             qPrintable(summary));
    QVERIFY(summary.contains(u"spare fallbacks: [long] → none"_s));
    QVERIFY(summary.contains(u"num_retries: 1 → 3"_s));
    QVERIFY(summary.contains(u"Cannot be carried"_s));
    QVERIFY(summary.contains(u"max_fallbacks: 3 → 1"_s));
    QVERIFY(summary.contains(u"drops max_fallbacks silently"_s));
    QVERIFY(summary.contains(u"429s per minute: 120 → 12"_s));
    auto *steps = dialog.findChild<QTreeWidget *>();
    QCOMPARE(steps->topLevelItemCount(), 3); // the calls to come
    QCOMPARE(steps->topLevelItem(0)->text(1), u"POST /fallback"_s);
    QCOMPARE(steps->topLevelItem(2)->text(1), u"DELETE /fallback/spare?fallback_type=general"_s);
    QPushButton *apply = button(dialog, u"Apply"_s);
    QVERIFY(apply && apply->isEnabled());
    maybeSave(dialog, "push-dialog-plan.png");

    QSignalSpy requested(&dialog, &PushDialog::applyRequested);
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QVERIFY(!apply->isEnabled()); // one push per press
}

void TestPushDialog::progressAndOutcome()
{
    PushDialog dialog;
    dialog.setChains(chainFromJson(kLive), chainFromJson(kDesired), u"http://127.0.0.1:4000"_s);
    dialog.show();
    QTest::mouseClick(button(dialog, u"Apply"_s), Qt::LeftButton);
    auto *steps = dialog.findChild<QTreeWidget *>();
    const QStringList lines = {
        u"GET /router/settings"_s, u"POST /fallback"_s,
        u"POST /config/update"_s,  u"DELETE /fallback/spare?fallback_type=general"_s,
        u"GET /router/settings"_s, u"GET /fallback/primary?fallback_type=general"_s};
    const QStringList phases = {u"read"_s,  u"apply"_s,  u"apply"_s,
                                u"apply"_s, u"verify"_s, u"verify"_s};
    for (int i = 0; i < lines.size(); ++i) {
        dialog.stepStarted(i, phases[i], lines[i], u"doing it"_s);
        QVERIFY(steps->topLevelItem(i)->text(2).contains(u"doing it"_s));
        dialog.stepFinished(i, true, u"HTTP 200"_s);
    }
    QCOMPARE(steps->topLevelItemCount(), lines.size());
    QCOMPARE(steps->topLevelItem(3)->text(0), u"apply"_s);
    QCOMPARE(steps->topLevelItem(3)->text(2), u"✓ HTTP 200"_s);
    dialog.showOutcome(true, u"verified"_s,
                       u"Applied with 3 admin call(s) and verified: the proxy holds the change."_s);
    QLabel *outcome = nullptr;
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->text().startsWith(u"verified"_s)) {
            outcome = label;
        }
    }
    QVERIFY(outcome && outcome->isVisible());
    maybeSave(dialog, "push-dialog-verified.png");
}

void TestPushDialog::failureIsShown()
{
    PushDialog dialog;
    dialog.setChains(chainFromJson(kLive), chainFromJson(kDesired), u"http://127.0.0.1:4000"_s);
    dialog.show();
    QTest::mouseClick(button(dialog, u"Apply"_s), Qt::LeftButton);
    dialog.stepStarted(0, u"read"_s, u"GET /router/settings"_s, u"read"_s);
    dialog.stepFinished(0, true, u"HTTP 200"_s);
    dialog.stepStarted(1, u"apply"_s, u"POST /fallback"_s, u"set primary"_s);
    dialog.stepFinished(1, true, u"HTTP 200: Fallback configuration updated successfully"_s);
    dialog.stepStarted(2, u"apply"_s, u"POST /config/update"_s, u"num_retries"_s);
    dialog.stepFinished(2, false, u"POST /config/update was refused: HTTP 500: Simulated fault"_s);
    dialog.stepStarted(3, u"restore"_s, u"GET /router/settings"_s, u"read"_s);
    dialog.stepFinished(3, true, u"HTTP 200"_s);
    dialog.stepStarted(4, u"restore"_s, u"POST /fallback"_s, u"set primary fallbacks to [spare]"_s);
    dialog.stepFinished(4, true, u"HTTP 200: Fallback configuration updated successfully"_s);
    dialog.stepStarted(5, u"verify restore"_s, u"GET /router/settings"_s, u"read"_s);
    dialog.stepFinished(5, true, u"HTTP 200"_s);
    const QString message = u"Rolled back: POST /config/update was refused: HTTP 500: Simulated "
                            "fault. 1 of 3 call(s) had been accepted; 1 restoring call(s) put "
                            "back what was there, and the proxy holds it again (read back and "
                            "compared)."_s;
    dialog.showOutcome(false, u"rolled-back"_s, message);
    auto *steps = dialog.findChild<QTreeWidget *>();
    QVERIFY(steps->topLevelItem(2)->text(2).startsWith(u"✗"_s));
    bool shown = false;
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        shown = shown || (label->isVisible() && label->text().contains(message));
    }
    QVERIFY(shown);
    maybeSave(dialog, "push-dialog-rolled-back.png");
}

void TestPushDialog::nothingToApply()
{
    PushDialog dialog;
    dialog.setChains(chainFromJson(kLive), chainFromJson(kLive), u"http://127.0.0.1:4000"_s);
    QVERIFY(!button(dialog, u"Apply"_s)->isEnabled());
    QVERIFY(dialog.findChild<QTextBrowser *>()->toPlainText().contains(u"No change"_s));
}

void TestPushDialog::historyPanel()
{
    PushHistoryPanel panel;
    panel.resize(820, 460);
    panel.setHistory(
        u"http://127.0.0.1:4000"_s,
        {record("20261201T191500Z-0001", 15, push::PushOutcome::RolledBack, kLive, kDesired),
         record("20261201T193000Z-0002", 30, push::PushOutcome::Verified, kLive, kDesired)});
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.model()->rowCount(), 2);
    // The newest is chosen and shown.
    QVERIFY(panel.selectedRecord() != nullptr);
    QCOMPARE(panel.selectedRecord()->id, u"20261201T193000Z-0002"_s);
    QVERIFY(panel.findChild<QPlainTextEdit *>()->toPlainText().contains(u"num_retries: 1 → 3"_s));
    maybeSave(panel, "push-history.png");

    QSignalSpy reapply(&panel, &PushHistoryPanel::reapplyRequested);
    QSignalSpy restore(&panel, &PushHistoryPanel::restoreRequested);
    panel.table()->selectRow(1);
    QTest::mouseClick(button(panel, u"Re-apply"_s), Qt::LeftButton);
    QCOMPARE(reapply.count(), 1);
    QTest::mouseClick(button(panel, u"Restore the State Before"_s), Qt::LeftButton);
    QCOMPARE(restore.count(), 1);
    QCOMPARE(panel.selectedRecord()->id, u"20261201T191500Z-0001"_s);

    panel.setHistory(u"http://127.0.0.1:4000"_s, {}, {u"line 3: syntax error"_s});
    QVERIFY(!button(panel, u"Re-apply"_s)->isEnabled());
}

void TestPushDialog::historyInTheViewMenu()
{
    MainWindow window;
    QVERIFY(window.pushHistoryPanel() == nullptr); // made when first shown
    auto *action = window.findChild<QAction *>(u"showPushHistoryAction"_s);
    QVERIFY(action);
    QSignalSpy requested(&window, &MainWindow::pushHistoryRequested);
    action->trigger();
    QCOMPARE(requested.count(), 1);
    QVERIFY(window.pushHistoryPanel() != nullptr);
    action->trigger(); // shown again, the same panel
    QCOMPARE(requested.count(), 2);
    QCOMPARE(window.findChildren<PushHistoryPanel *>().size(), 1);
}

QTEST_MAIN(TestPushDialog)
#include "tst_pushdialog.moc"
