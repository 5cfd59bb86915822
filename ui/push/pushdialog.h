#pragma once
// The push dialog: a desired chain against the one in force, as the operator must see it before
// anything is sent (the readable diff, what the admin API cannot carry and why, the calls in
// order, the what-if line), then each call's progress, the verify result and, when the push
// fails, the rollback's outcome. It sends nothing itself: "Apply" asks its owner to.

#include "chain/fallbackchain.h"
#include "push/pushplan.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace headroom::ui {

class PushDialog : public QDialog {
    Q_OBJECT
public:
    explicit PushDialog(QWidget *parent = nullptr);

    // Plans `desired` against `live` (as the push will, models/push) and shows it; whatIf is the
    // what-if's summary line, empty when none was run.
    void setChains(const FallbackChain &live, const FallbackChain &desired, const QString &target,
                   const QString &whatIf = {});
    const push::PushPlan &plan() const { return m_plan; }

public slots:
    // One request of the push (phase: read, apply, verify, restore, verify restore).
    void stepStarted(int index, const QString &phase, const QString &line, const QString &what);
    void stepFinished(int index, bool ok, const QString &detail);
    // The end: succeeded is true for applied and verified (or nothing to do).
    void showOutcome(bool succeeded, const QString &outcome, const QString &message);

signals:
    void applyRequested();

private:
    QLabel *m_title;
    QTextBrowser *m_summary;
    QTreeWidget *m_steps;
    QLabel *m_outcome;
    QPushButton *m_apply;
    QPushButton *m_close;
    push::PushPlan m_plan;
};

} // namespace headroom::ui
