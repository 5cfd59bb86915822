#include "timelabelstrip.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <QDateTime>
#include <QPainter>

namespace headroom::ui {

namespace {

constexpr int kTop = 3;  // room above the labels, px
constexpr int kGap = 24; // least room between two labels, px

QString formatFor(qint64 stepMs)
{
    return stepMs < 60'000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
}

} // namespace

TimeLabelStrip::TimeLabelStrip(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void TimeLabelStrip::setColours(const QColor &background, const QColor &text)
{
    QPalette p = palette();
    p.setColor(QPalette::Window, background);
    setPalette(p);
    setAutoFillBackground(true);
    m_ink = text;
    update();
}

QSize TimeLabelStrip::sizeHint() const
{
    return {100, fontMetrics().height() + kTop + 3};
}

void TimeLabelStrip::setWindow(qint64 fromMs, qint64 toMs, qreal plotLeft, qreal plotRight)
{
    if (fromMs == m_fromMs && toMs == m_toMs && plotLeft == m_left && plotRight == m_right) {
        return;
    }
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_left = plotLeft;
    m_right = plotRight;
    update();
}

qint64 TimeLabelStrip::stepFor(qint64 spanMs, qreal widthPx, qreal labelPx)
{
    static constexpr std::array<qint64, 17> kSteps = {
        1'000,     2'000,     5'000,      10'000,     15'000,    30'000,
        60'000,    120'000,   300'000,    600'000,    900'000,   1'800'000,
        3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000};
    if (spanMs <= 0 || widthPx <= 0) {
        return kSteps.back();
    }
    for (const qint64 step : kSteps) {
        if (double(step) / double(spanMs) * widthPx >= labelPx + kGap) {
            return step;
        }
    }
    return kSteps.back();
}

QList<TimeLabelStrip::Tick> TimeLabelStrip::ticks() const
{
    QList<Tick> out;
    const qint64 span = m_toMs - m_fromMs;
    const qreal width = m_right - m_left;
    if (span <= 0 || width <= 0) {
        return out;
    }
    const QFontMetricsF fm(font());
    // The wider format decides the spacing, so a step never crowds its own labels.
    const qint64 coarse = stepFor(span, width, fm.horizontalAdvance(QStringLiteral("00:00")));
    const qint64 step = coarse < 60'000
                            ? stepFor(span, width, fm.horizontalAdvance(QStringLiteral("00:00:00")))
                            : coarse;
    const QString format = formatFor(step);
    // Round in local time: "10:15", not whatever the UTC offset makes of it.
    const qint64 offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(m_fromMs).offsetFromUtc()) * 1000;
    const qint64 localFrom = m_fromMs + offsetMs;
    qint64 local = (localFrom / step + (localFrom % step > 0 ? 1 : 0)) * step;
    for (; local - offsetMs <= m_toMs; local += step) {
        const qint64 t = local - offsetMs;
        const qreal x = m_left + double(t - m_fromMs) / double(span) * width;
        out.append({x, QDateTime::fromMSecsSinceEpoch(t).toString(format)});
    }
    return out;
}

QStringList TimeLabelStrip::labels() const
{
    QStringList out;
    for (const Tick &tick : ticks()) {
        out.append(tick.text);
    }
    return out;
}

void TimeLabelStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setPen(m_ink);
    const QFontMetricsF fm(font());
    for (const Tick &tick : ticks()) {
        const qreal w = fm.horizontalAdvance(tick.text);
        // Centred under its moment, kept inside the strip at either end.
        const qreal x = std::clamp(tick.x - w / 2, 0.0, std::max(0.0, width() - w));
        painter.drawText(QPointF(x, kTop + fm.ascent()), tick.text);
    }
}

} // namespace headroom::ui
