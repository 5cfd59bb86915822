#pragma once
// The push history panel: the applies recorded for the proxy watched (newest first), the chosen
// one's diff, what-if, outcome and read-back differences, and one action to apply it again or
// to put back the chain it replaced (both go through the push dialog: diff, apply, verify).

#include "push/pushhistorymodel.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace headroom::ui {

class PushHistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit PushHistoryPanel(QWidget *parent = nullptr);

    // The proxy's records (oldest first, as the file holds them) and any lines that could not
    // be read.
    void setHistory(const QString &target, std::vector<push::PushRecord> records,
                    const QStringList &problems = {});
    push::PushHistoryModel *model() { return &m_model; }
    QTableView *table() { return m_table; }
    const push::PushRecord *selectedRecord() const;

signals:
    // Apply the chosen record's desired chain again.
    void reapplyRequested(const headroom::push::PushRecord &record);
    // Put back the chain the chosen record replaced.
    void restoreRequested(const headroom::push::PushRecord &record);

private:
    void showSelected();

    push::PushHistoryModel m_model;
    QLabel *m_header;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QPushButton *m_reapply;
    QPushButton *m_restore;
};

} // namespace headroom::ui
