#include "replaysession.h"

#include <QDateTime>
#include <QTimeZone>

namespace headroom::app {

namespace {
constexpr int kTickMs = 200;
}

ReplaySession::ReplaySession(std::shared_ptr<const Snapshot> snapshot, QObject *parent)
    : QObject(parent)
    , m_snapshot(std::move(snapshot))
    , m_replay(m_snapshot)
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &ReplaySession::tick);
    // Opens at the end: what the operator saw when they exported.
    m_position = endMs();
    m_store = m_replay.storeAt(m_position);
    m_nextFrame = m_replay.framesUpTo(m_position);
    updatePrediction();
}

ReplaySession::~ReplaySession() = default;

qint64 ReplaySession::startMs() const
{
    const auto &times = m_replay.frameTimes();
    return times.empty() ? snapshot().fromMs : std::min(times.front(), snapshot().fromMs);
}

qint64 ReplaySession::endMs() const
{
    const auto &times = m_replay.frameTimes();
    return times.empty() ? snapshot().toMs : std::max(times.back(), snapshot().toMs);
}

QString ReplaySession::description() const
{
    const SnapshotEnvironment &env = snapshot().environment;
    QTimeZone zone(env.timeZone.toUtf8());
    if (!zone.isValid()) {
        zone = QTimeZone::utc();
    }
    const auto at = [&](qint64 ms, const QString &format) {
        return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(format);
    };
    return tr("Replay of %1, recorded %2 – %3 (%4)")
        .arg(env.proxyHost.isEmpty() ? tr("an unnamed proxy") : env.proxyHost,
             at(snapshot().fromMs, QStringLiteral("yyyy-MM-dd HH:mm:ss")),
             at(snapshot().toMs, QStringLiteral("HH:mm:ss")), QString::fromUtf8(zone.id()));
}

void ReplaySession::seek(qint64 timeMs)
{
    timeMs = std::clamp(timeMs, startMs(), endMs());
    if (timeMs >= m_position) {
        m_replay.advance(*m_store, m_nextFrame, timeMs);
        m_position = timeMs;
        updatePrediction();
        emit updated();
        return;
    }
    // Back: a new store; the old one lives until the views have taken the new one.
    std::unique_ptr<MetricsStore> previous = std::move(m_store);
    m_store = m_replay.storeAt(timeMs);
    m_nextFrame = m_replay.framesUpTo(timeMs);
    m_position = timeMs;
    updatePrediction();
    emit storeReplaced();
    emit updated();
}

void ReplaySession::setPlaying(bool playing)
{
    if (playing == this->playing()) {
        return;
    }
    if (playing) {
        if (m_position >= endMs()) {
            seek(startMs()); // from the start again
        }
        m_lastTickMs = QDateTime::currentMSecsSinceEpoch();
        m_timer.start();
    } else {
        m_timer.stop();
    }
    emit playingChanged(playing);
}

void ReplaySession::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.1, 3600.0);
}

void ReplaySession::tick()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 step = qint64(double(now - m_lastTickMs) * m_speed);
    m_lastTickMs = now;
    seek(std::min(m_position + std::max<qint64>(step, 1), endMs()));
    if (m_position >= endMs()) {
        setPlaying(false);
    }
}

void ReplaySession::updatePrediction()
{
    const CascadePrediction *p = snapshot().predictionAt(m_position);
    if (p == nullptr) {
        m_prediction.reset();
    } else if (m_prediction == nullptr || m_prediction.get() != p) {
        // Shares the snapshot's ownership: no copy of a prediction a thousand groups long.
        m_prediction = std::shared_ptr<const CascadePrediction>(m_snapshot, p);
    }
}

} // namespace headroom::app
