#include "chain/graphchecks.h"

namespace headroom {

QString findingKindName(ChainFinding::Kind kind)
{
    switch (kind) {
    case ChainFinding::Kind::SelfFallback:
        return QStringLiteral("self_fallback");
    case ChainFinding::Kind::Cycle:
        return QStringLiteral("cycle");
    case ChainFinding::Kind::UnknownTarget:
        return QStringLiteral("unknown_target");
    case ChainFinding::Kind::CutByMaxFallbacks:
        return QStringLiteral("cut_by_max_fallbacks");
    case ChainFinding::Kind::SmallerContextWindow:
        return QStringLiteral("smaller_context_window");
    case ChainFinding::Kind::SamePool:
        return QStringLiteral("same_pool");
    case ChainFinding::Kind::UnprotectedDependency:
        return QStringLiteral("unprotected_dependency");
    }
    return {};
}

std::vector<ChainFinding> checkChain(const FallbackChain &, const ChainFacts &)
{
    return {}; // stub until the chain work lands
}

int worstCaseAttempts(const FallbackChain &, const QStringList &, const QString &)
{
    return 1; // stub until the chain work lands
}

} // namespace headroom
