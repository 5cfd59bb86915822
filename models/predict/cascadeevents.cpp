#include "predict/cascadeevents.h"

namespace headroom {

CascadeEventGate::CascadeEventGate(qint64 quietMs)
    : m_quietMs(quietMs)
{}

std::optional<CascadeEventGate::Change> CascadeEventGate::update(qint64 timeMs,
                                                                 const CascadePrediction &p)
{
    if (p.isCascade()) {
        m_lastHeldMs = timeMs;
        if (m_active) {
            return std::nullopt; // the same cascade, perhaps by another path: said once
        }
        m_active = true;
        m_group = p.path.front();
        m_summary = p.summary();
        return Change{true, m_group, m_summary};
    }
    if (!m_active || timeMs - m_lastHeldMs < m_quietMs) {
        return std::nullopt;
    }
    m_active = false;
    return Change{false, m_group,
                  QStringLiteral("cascade cleared: no longer predicted (was: %1)")
                      .arg(m_summary.mid(m_summary.indexOf(QLatin1Char(':')) + 2))};
}

} // namespace headroom
