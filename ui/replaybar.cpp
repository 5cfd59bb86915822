#include "replaybar.h"

#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QToolButton>

namespace headroom::ui {

ReplayBar::ReplayBar(QWidget *parent)
    : QToolBar(tr("Replay"), parent)
    , m_description(new QLabel(this))
    , m_play(new QToolButton(this))
    , m_scrubber(new QSlider(Qt::Horizontal, this))
    , m_position(new QLabel(this))
    , m_speed(new QComboBox(this))
{
    setObjectName(QStringLiteral("replayBar"));
    setMovable(false);
    // Words first: a replay must never be mistaken for a live proxy.
    m_description->setStyleSheet(
        QStringLiteral("QLabel { background: #E8F0FB; color: #1D2430; border: 1px solid #B7CBEA;"
                       " border-radius: 4px; padding: 3px 8px; font-weight: bold; }"));
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addWidget(m_description);
    addSeparator();
    m_play->setText(tr("Play"));
    m_play->setToolTip(tr("Play or pause the replay (Ctrl+Space)"));
    m_play->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space));
    connect(m_play, &QToolButton::clicked, this, [this] { emit playRequested(!m_playing); });
    addWidget(m_play);
    m_scrubber->setMinimumWidth(320);
    m_scrubber->setToolTip(tr("The instant the board, charts and graph show"));
    m_scrubber->setAccessibleName(tr("Replay time"));
    m_speed->setAccessibleName(tr("Replay speed"));
    connect(m_scrubber, &QSlider::valueChanged, this,
            [this](int seconds) { emit seekRequested(m_fromMs + qint64(seconds) * 1000); });
    addWidget(m_scrubber);
    m_position->setMinimumWidth(130);
    addWidget(m_position);
    for (const int speed : {1, 10, 60, 300}) {
        m_speed->addItem(tr("%1×").arg(speed), speed);
    }
    m_speed->setCurrentIndex(1);
    m_speed->setToolTip(tr("Replay speed: recorded seconds per second"));
    connect(m_speed, &QComboBox::activated, this,
            [this](int index) { emit speedRequested(m_speed->itemData(index).toDouble()); });
    addWidget(m_speed);
}

void ReplayBar::setDescription(const QString &text)
{
    m_description->setText(text);
}

void ReplayBar::setRange(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    const QSignalBlocker blocker(m_scrubber);
    m_scrubber->setRange(0, int(std::max<qint64>(0, (toMs - fromMs) / 1000)));
    m_scrubber->setPageStep(60);
}

void ReplayBar::setPosition(qint64 timeMs, const QString &text)
{
    const QSignalBlocker blocker(m_scrubber);
    m_scrubber->setValue(int((timeMs - m_fromMs) / 1000));
    m_position->setText(text);
}

void ReplayBar::setPlaying(bool playing)
{
    m_playing = playing;
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

QString ReplayBar::descriptionText() const
{
    return m_description->text();
}

QString ReplayBar::positionText() const
{
    return m_position->text();
}

} // namespace headroom::ui
