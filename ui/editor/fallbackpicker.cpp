#include "fallbackpicker.h"

#include "itemmodels/fallbackgraphmodel.h"

#include <QComboBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace headroom::ui {

FallbackPicker::FallbackPicker(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
    , m_kind(new QComboBox(this))
{
    m_filter->setAccessibleName(tr("Filter model groups"));
    m_list->setAccessibleName(tr("Model groups to fall back to"));
    m_kind->setAccessibleName(tr("Kind of fallback"));
    setObjectName(QStringLiteral("fallbackPicker"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_filter->setObjectName(QStringLiteral("fallbackPickerFilter"));
    m_filter->setPlaceholderText(tr("Type to filter groups"));
    m_list->setObjectName(QStringLiteral("fallbackPickerList"));
    for (const FallbackKind k :
         {FallbackKind::General, FallbackKind::ContextWindow, FallbackKind::ContentPolicy}) {
        m_kind->addItem(fallbackKindText(k), int(k));
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(m_kind);
    auto *keys = new QLabel(tr("↑↓ choose · Enter add · Esc close"), this);
    layout->addWidget(keys);
    resize(260, 300);
    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &FallbackPicker::refilter);
    connect(m_list, &QListWidget::itemActivated, this, &FallbackPicker::accept);
    hide();
}

void FallbackPicker::open(const QString &from, const QStringList &groups)
{
    m_from = from;
    m_groups = groups;
    m_groups.removeAll(from);
    m_title->setText(tr("Add a fallback from %1").arg(from));
    m_filter->clear();
    refilter();
    show();
    raise();
    m_filter->setFocus(Qt::PopupFocusReason);
}

void FallbackPicker::refilter()
{
    m_list->clear();
    const QString text = m_filter->text().trimmed();
    for (const QString &g : std::as_const(m_groups)) {
        if (text.isEmpty() || g.contains(text, Qt::CaseInsensitive)) {
            m_list->addItem(g);
        }
    }
    m_list->setCurrentRow(m_list->count() > 0 ? 0 : -1);
}

void FallbackPicker::accept()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (item == nullptr) {
        return;
    }
    const QString to = item->text();
    hide();
    emit picked(m_from, to, FallbackKind(m_kind->currentData().toInt()));
}

bool FallbackPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up: {
            const int step = key->key() == Qt::Key_Down ? 1 : -1;
            const int row = std::clamp(m_list->currentRow() + step, 0, m_list->count() - 1);
            m_list->setCurrentRow(row);
            return true;
        }
        case Qt::Key_Return:
        case Qt::Key_Enter:
            accept();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace headroom::ui
