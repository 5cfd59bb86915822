#include "chartwindowbar.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QToolButton>

namespace headroom::ui {

ChartWindowBar::ChartWindowBar(QWidget *parent)
    : QWidget(parent)
    , m_windows(new QButtonGroup(this))
    , m_live(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    const std::pair<ChartWindow, QString> windows[] = {
        {ChartWindow::FiveMinutes, tr("5 min")},
        {ChartWindow::OneHour, tr("1 h")},
        {ChartWindow::OneDay, tr("24 h")},
    };
    for (const auto &[window, text] : windows) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolTip(tr("Show the last %1").arg(text));
        m_windows->addButton(button, int(window));
        layout->addWidget(button);
    }
    m_windows->button(int(ChartWindow::FiveMinutes))->setChecked(true);
    connect(m_windows, &QButtonGroup::idClicked, this,
            [this](int id) { emit windowSelected(ChartWindow(id)); });

    layout->addSpacing(8);
    m_live->setText(tr("Live"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_live->setAutoRaise(true);
    m_live->setToolTip(tr("Follow the latest poll"));
    layout->addWidget(m_live);
    // Live is left by picking a moment elsewhere (an event), never by un-checking this button.
    connect(m_live, &QToolButton::clicked, this, [this](bool checked) {
        if (checked) {
            emit liveRequested();
        } else {
            m_live->setChecked(true);
        }
    });
}

void ChartWindowBar::setWindow(ChartWindow window)
{
    m_windows->button(int(window))->setChecked(true);
}

ChartWindow ChartWindowBar::window() const
{
    return ChartWindow(m_windows->checkedId());
}

void ChartWindowBar::setLive(bool live)
{
    m_live->setChecked(live);
}

bool ChartWindowBar::isLive() const
{
    return m_live->isChecked();
}

} // namespace headroom::ui
