#include "push/readback.h"

#include <algorithm>
#include <QSet>

namespace headroom::push {

namespace {

const QString kWildcard = QStringLiteral("*");
const FallbackType kTypes[] = {FallbackType::General, FallbackType::ContextWindow,
                               FallbackType::ContentPolicy};

const QStringList *ownList(const FallbackMap &map, const QString &group)
{
    for (const auto &[key, targets] : map) {
        if (key == group) {
            return &targets; // a repeated key: LiteLLM uses the first
        }
    }
    return nullptr;
}

// Each key once (its first list), empty lists dropped, sorted by key.
FallbackMap normalised(const FallbackMap &map)
{
    FallbackMap out;
    QSet<QString> seen;
    for (const auto &[key, targets] : map) {
        if (!seen.contains(key)) {
            seen.insert(key);
            if (!targets.isEmpty()) {
                out.emplace_back(key, targets);
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
}

FallbackChain comparable(const FallbackChain &chain)
{
    FallbackChain out;
    out.settings = chain.settings;
    out.fallbacks = chain.fallbacks;
    out.fallbacks.fallbacks = normalised(chain.fallbacks.fallbacks);
    out.fallbacks.contextWindowFallbacks = normalised(chain.fallbacks.contextWindowFallbacks);
    out.fallbacks.contentPolicyFallbacks = normalised(chain.fallbacks.contentPolicyFallbacks);
    return out;
}

QString listText(const QStringList &targets)
{
    return targets.isEmpty() ? QStringLiteral("none (404)")
                             : u'[' + targets.join(QStringLiteral(", ")) + u']';
}

} // namespace

std::vector<FallbackQuery> readBackQueries(const FallbackChain &a, const FallbackChain &b)
{
    std::vector<FallbackQuery> out;
    for (const FallbackType type : kTypes) {
        QSet<QString> seen;
        for (const FallbackChain *chain : {&a, &b}) {
            for (const auto &[group, targets] : fallbackMap(chain->fallbacks, type)) {
                if (group != kWildcard && !seen.contains(group)) {
                    seen.insert(group);
                    out.push_back({group, type});
                }
            }
        }
    }
    return out;
}

QStringList expectedAnswer(const FallbackConfig &config, const FallbackQuery &query)
{
    const FallbackMap &map = fallbackMap(config, query.type);
    if (const QStringList *own = ownList(map, query.group); own != nullptr && !own->isEmpty()) {
        return *own;
    }
    if (query.type != FallbackType::General) {
        return {};
    }
    if (const QStringList *wild = ownList(map, kWildcard); wild != nullptr && !wild->isEmpty()) {
        return *wild;
    }
    return config.defaultFallbacks;
}

QStringList compareReadBack(const FallbackChain &expected, const ReadBack &readBack)
{
    QStringList out;
    for (const QString &line :
         describeChainChange(comparable(expected), comparable(readBack.routerSettings))) {
        out.append(QStringLiteral("GET /router/settings, expected → held: %1").arg(line));
    }
    for (const FallbackAnswer &answer : readBack.answers) {
        const QStringList wanted = expectedAnswer(expected.fallbacks, answer.query);
        if (wanted != answer.targets) {
            out.append(QStringLiteral("GET /fallback/%1?fallback_type=%2 answers %3, expected %4")
                           .arg(answer.query.group,
                                QLatin1String(fallbackTypeName(answer.query.type)),
                                listText(answer.targets), listText(wanted)));
        }
    }
    return out;
}

} // namespace headroom::push
