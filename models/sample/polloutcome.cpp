#include "sample/polloutcome.h"

namespace headroom {

bool PollOutcome::hasSample() const
{
    return state == State::Ok || state == State::Slow || state == State::Degraded;
}

QString PollOutcome::stateName(State state)
{
    switch (state) {
    case State::Ok:
        return QStringLiteral("ok");
    case State::Slow:
        return QStringLiteral("slow");
    case State::Degraded:
        return QStringLiteral("degraded");
    case State::AuthRefused:
        return QStringLiteral("auth refused");
    case State::Unreachable:
        return QStringLiteral("unreachable");
    case State::ServerError:
        return QStringLiteral("server error");
    case State::Garbled:
        return QStringLiteral("garbled");
    }
    return QStringLiteral("unknown");
}

QString PollOutcome::summary(const QString &proxy) const
{
    QString line = proxy;
    if (!endpoint.isEmpty()) {
        while (line.endsWith(u'/')) {
            line.chop(1);
        }
        line += endpoint;
    }
    line += QStringLiteral(": ") + stateName(state);
    if (httpStatus != 0) {
        line += QStringLiteral(" (HTTP %1)").arg(httpStatus);
    }
    if (!reason.isEmpty()) {
        line += QStringLiteral(": ") + reason;
    }
    return line;
}

} // namespace headroom
