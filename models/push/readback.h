#pragma once
// Does the proxy now hold exactly the chain it should? What the read-back asks (GET
// /fallback/{model}?fallback_type=… per group and type, and GET /router/settings), what each GET
// should answer under a chain, and the comparison, one line per difference.

#include "chain/fallbackchain.h"
#include "config/adminbodies.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace headroom::push {

struct FallbackQuery {
    QString group;
    FallbackType type = FallbackType::General;
    friend bool operator==(const FallbackQuery &, const FallbackQuery &) = default;
};

// Every (group, type) with a list of its own in either chain (not the wildcard, which GET
// /fallback cannot name), in the chains' order without repeats.
std::vector<FallbackQuery> readBackQueries(const FallbackChain &a, const FallbackChain &b);

// What GET /fallback/{group}?fallback_type= answers under `config`: the group's own list, for
// general errors else the "*" list, else default_fallbacks; empty where the proxy answers 404.
QStringList expectedAnswer(const FallbackConfig &config, const FallbackQuery &query);

struct FallbackAnswer {
    FallbackQuery query;
    QStringList targets; // empty: the proxy answered 404 (none configured)
};

struct ReadBack {
    FallbackChain routerSettings; // GET /router/settings' current_values
    std::vector<FallbackAnswer> answers;
};

// Where the read-back differs from `expected`, one line each; empty when it holds exactly that.
// Fallback maps compare per group (their key order means nothing to the router).
QStringList compareReadBack(const FallbackChain &expected, const ReadBack &readBack);

} // namespace headroom::push
