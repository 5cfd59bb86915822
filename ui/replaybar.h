#pragma once
// The replay's controls, shown instead of polling when a snapshot is open: a plain banner that
// says whose recording this is and when, the time scrubber, play/pause and the speed.

#include <QToolBar>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace headroom::ui {

class ReplayBar : public QToolBar {
    Q_OBJECT
public:
    explicit ReplayBar(QWidget *parent = nullptr);

    void setDescription(const QString &text); // "Replay of …, recorded …"
    void setRange(qint64 fromMs, qint64 toMs);
    // The scrubber's position and the instant as text ("19:45:31 (+13 s)").
    void setPosition(qint64 timeMs, const QString &text);
    void setPlaying(bool playing);

    QString descriptionText() const;
    QString positionText() const;
    QSlider *scrubber() const { return m_scrubber; }

signals:
    void seekRequested(qint64 timeMs);
    void playRequested(bool play);
    void speedRequested(double speed);

private:
    QLabel *m_description = nullptr;
    QToolButton *m_play = nullptr;
    QSlider *m_scrubber = nullptr;
    QLabel *m_position = nullptr;
    QComboBox *m_speed = nullptr;
    qint64 m_fromMs = 0;
    bool m_playing = false;
};

} // namespace headroom::ui
