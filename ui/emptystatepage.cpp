#include "emptystatepage.h"

#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace headroom::ui {

EmptyStatePage::EmptyStatePage(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_explanation(new QLabel(this))
    , m_nextStep(new QLabel(this))
{
    m_icon->setPixmap(QIcon(QStringLiteral(":/headroom/headroom.svg")).pixmap(96, 96));
    m_icon->setAlignment(Qt::AlignHCenter);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignHCenter);

    for (QLabel *label : {m_explanation, m_nextStep}) {
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignHCenter);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_nextStep->setForegroundRole(QPalette::PlaceholderText);

    // Word-wrapped labels get their height for the width they are given only without an
    // alignment flag, so the text sits in a fixed-width column centred by stretches.
    auto *column = new QWidget(this);
    column->setFixedWidth(560);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(10);
    columnLayout->addWidget(m_icon);
    columnLayout->addSpacing(4);
    columnLayout->addWidget(m_title);
    columnLayout->addWidget(m_explanation);
    columnLayout->addWidget(m_nextStep);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column);
    row->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
}

void EmptyStatePage::setContent(const QString &title, const QString &explanation,
                                const QString &nextStep)
{
    m_title->setText(title);
    m_explanation->setText(explanation);
    m_nextStep->setText(nextStep);
    m_nextStep->setVisible(!nextStep.isEmpty());
}

QString EmptyStatePage::title() const
{
    return m_title->text();
}

QString EmptyStatePage::explanation() const
{
    return m_explanation->text();
}

QString EmptyStatePage::nextStep() const
{
    return m_nextStep->text();
}

} // namespace headroom::ui
