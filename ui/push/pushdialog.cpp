#include "push/pushdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace headroom::ui {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString listHtml(const QStringList &items)
{
    QString html = QStringLiteral("<ul style=\"margin-top:2px\">");
    for (const QString &item : items) {
        html += QStringLiteral("<li>") + item + QStringLiteral("</li>");
    }
    return html + QStringLiteral("</ul>");
}

enum StepColumn { PhaseColumn, RequestColumn, ResultColumn };

} // namespace

PushDialog::PushDialog(QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_summary(new QTextBrowser(this))
    , m_steps(new QTreeWidget(this))
    , m_outcome(new QLabel(this))
{
    setWindowTitle(tr("Apply Fallback Change"));
    auto *layout = new QVBoxLayout(this);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_summary->setOpenLinks(false);
    layout->addWidget(m_summary, 3);
    m_steps->setColumnCount(3);
    m_steps->setHeaderLabels({tr("Step"), tr("Request"), tr("Result")});
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->header()->setSectionResizeMode(PhaseColumn, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(RequestColumn, QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(true);
    layout->addWidget(m_steps, 2);
    m_outcome->setWordWrap(true);
    m_outcome->setTextFormat(Qt::PlainText);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->hide();
    layout->addWidget(m_outcome);
    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_apply->setEnabled(false);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        m_apply->setEnabled(false);
        m_steps->clear();
        emit applyRequested();
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 620);
}

void PushDialog::setChains(const FallbackChain &live, const FallbackChain &desired,
                           const QString &target, const QString &whatIf)
{
    m_plan = push::planPush(live, desired);
    m_title->setText(tr("Push to %1").arg(target));
    QString html;
    if (m_plan.diff.empty()) {
        html += QStringLiteral("<p>") + tr("No change: the proxy already holds this chain.") +
                QStringLiteral("</p>");
    } else {
        QStringList lines;
        for (const QString &line : m_plan.diff.lines()) {
            lines.append(escaped(line));
        }
        html += QStringLiteral("<h3>") + tr("Changes (in force → desired)") +
                QStringLiteral("</h3>") + listHtml(lines);
    }
    if (!m_plan.uncarried.empty()) {
        QStringList items;
        for (const push::Uncarried &item : m_plan.uncarried) {
            items.append(
                QStringLiteral("<b>%1</b><br/>%2").arg(escaped(item.change), escaped(item.why)));
        }
        html += QStringLiteral("<h3 style=\"color:#a15c00\">") +
                tr("Cannot be carried by the admin API (will not be applied)") +
                QStringLiteral("</h3>") + listHtml(items);
    }
    if (!m_plan.cautions.isEmpty()) {
        QStringList items;
        for (const QString &caution : m_plan.cautions) {
            items.append(escaped(caution));
        }
        html += QStringLiteral("<h3>") + tr("Notes") + QStringLiteral("</h3>") + listHtml(items);
    }
    if (!whatIf.isEmpty()) {
        html += QStringLiteral("<h3>") + tr("What-if") + QStringLiteral("</h3><p>") +
                escaped(whatIf) + QStringLiteral("</p>");
    }
    m_summary->setHtml(html);

    // The calls to come, in order, until the push replaces them with what happened.
    m_steps->clear();
    for (const push::AdminCall &call : m_plan.calls) {
        auto *item = new QTreeWidgetItem(m_steps);
        item->setText(PhaseColumn, tr("apply"));
        item->setText(RequestColumn, push::callLine(call));
        item->setText(ResultColumn, tr("to send: %1").arg(call.what));
    }
    m_apply->setEnabled(!m_plan.calls.empty());
    m_apply->setDefault(!m_plan.calls.empty());
    m_outcome->hide();
}

void PushDialog::stepStarted(int index, const QString &phase, const QString &line,
                             const QString &what)
{
    while (m_steps->topLevelItemCount() <= index) {
        new QTreeWidgetItem(m_steps);
    }
    QTreeWidgetItem *item = m_steps->topLevelItem(index);
    item->setText(PhaseColumn, phase);
    item->setText(RequestColumn, line);
    item->setText(ResultColumn, tr("… %1").arg(what));
    item->setForeground(ResultColumn, palette().placeholderText());
    m_steps->scrollToItem(item);
}

void PushDialog::stepFinished(int index, bool ok, const QString &detail)
{
    QTreeWidgetItem *item = m_steps->topLevelItem(index);
    if (item == nullptr) {
        return;
    }
    item->setText(ResultColumn, (ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + detail);
    item->setForeground(ResultColumn, ok ? palette().text() : QBrush(QColor(0xb0, 0x1e, 0x1e)));
    item->setToolTip(ResultColumn, detail);
}

void PushDialog::showOutcome(bool succeeded, const QString &outcome, const QString &message)
{
    m_outcome->setText(QStringLiteral("%1 — %2").arg(outcome, message));
    m_outcome->setStyleSheet(succeeded
                                 ? QStringLiteral("QLabel { background: #e3f4e1; color: #174a12; "
                                                  "padding: 8px; border-radius: 4px; }")
                                 : QStringLiteral("QLabel { background: #fbe3e1; color: #6b1010; "
                                                  "padding: 8px; border-radius: 4px; }"));
    m_outcome->show();
    m_close->setDefault(true);
    m_close->setFocus();
}

} // namespace headroom::ui
