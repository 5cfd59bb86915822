#include "push/pushhistorypanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace headroom::ui {

PushHistoryPanel::PushHistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_table(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
    , m_reapply(new QPushButton(tr("&Re-apply"), this))
    , m_restore(new QPushButton(tr("Restore the State &Before"), this))
{
    auto *layout = new QVBoxLayout(this);
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);
    layout->addWidget(m_header);
    m_table->setModel(&m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 3);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Choose an apply to see its diff and outcome."));
    layout->addWidget(m_details, 2);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_reapply->setToolTip(tr("Push this apply's desired chain again (diff, apply, verify)."));
    m_restore->setToolTip(tr("Push the chain this apply replaced (diff, apply, verify)."));
    buttons->addWidget(m_restore);
    buttons->addWidget(m_reapply);
    layout->addLayout(buttons);
    m_reapply->setEnabled(false);
    m_restore->setEnabled(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PushHistoryPanel::showSelected);
    connect(m_reapply, &QPushButton::clicked, this, [this] {
        if (const push::PushRecord *record = selectedRecord()) {
            emit reapplyRequested(*record);
        }
    });
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (const push::PushRecord *record = selectedRecord()) {
            emit restoreRequested(*record);
        }
    });
    setHistory(QString(), {});
}

void PushHistoryPanel::setHistory(const QString &target, std::vector<push::PushRecord> records,
                                  const QStringList &problems)
{
    const std::size_t count = records.size();
    m_model.setRecords(std::move(records));
    QString header;
    if (target.isEmpty()) {
        header = tr("No proxy watched.");
    } else if (count == 0) {
        header = tr("No applies recorded for %1.").arg(target);
    } else if (count == 1) {
        header = tr("1 apply recorded for %1.").arg(target);
    } else {
        header = tr("%1 applies recorded for %2, newest first.").arg(count).arg(target);
    }
    if (!problems.isEmpty()) {
        header += QLatin1Char(' ') +
                  tr("%1 line(s) of the history could not be read and are not shown: %2")
                      .arg(problems.size())
                      .arg(problems.front());
    }
    m_header->setText(header);
    m_table->resizeColumnsToContents();
    if (count > 0) {
        m_table->selectRow(0);
    }
    showSelected();
}

const push::PushRecord *PushHistoryPanel::selectedRecord() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model.record(rows.front().row());
}

void PushHistoryPanel::showSelected()
{
    const push::PushRecord *record = selectedRecord();
    m_reapply->setEnabled(record != nullptr);
    m_restore->setEnabled(record != nullptr);
    if (record == nullptr) {
        m_details->clear();
        return;
    }
    QStringList lines;
    lines.append(tr("%1 by %2, %3: %4")
                     .arg(record->when.toLocalTime().toString(Qt::ISODate), record->who,
                          push::pushOutcomeName(record->outcome), record->message));
    lines.append(QString());
    lines.append(tr("Changes:"));
    for (const QString &line : record->diff) {
        lines.append(QStringLiteral("  ") + line);
    }
    if (!record->uncarried.isEmpty()) {
        lines.append(tr("Not carried:"));
        for (const QString &line : record->uncarried) {
            lines.append(QStringLiteral("  ") + line);
        }
    }
    if (!record->whatIf.isEmpty()) {
        lines.append(tr("What-if: %1").arg(record->whatIf));
    }
    if (!record->mismatches.isEmpty()) {
        lines.append(tr("Read-back differences:"));
        for (const QString &line : record->mismatches) {
            lines.append(QStringLiteral("  ") + line);
        }
    }
    lines.append(tr("Id: %1").arg(record->id));
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace headroom::ui
