#pragma once
// What `headroom apply --fallbacks FILE` asks for: a config.yaml (its fallback lists whole, and
// the router settings it gives a value) or a JSON/YAML fragment of router settings (only the
// keys it names), laid over the chain in force.

#include "chain/fallbackchain.h"

#include <QString>
#include <QStringList>

namespace headroom::app {

struct ApplyInput {
    FallbackChain values; // what the file sets
    QStringList keys;     // LiteLLM's names of the keys it sets ("fallbacks", "num_retries", …)
    QString kind;         // "config.yaml" or "router settings fragment"
    QString problem;      // why the file cannot be used, with where; empty when it can
};

// Reads FILE (at most 4 MiB); a file that cannot be read or parsed, or that sets nothing Headroom
// can push, gives a problem.
ApplyInput readApplyInput(const QString &path);

// The chain in force with the input's keys replaced.
FallbackChain applyInputTo(const FallbackChain &live, const ApplyInput &input);

} // namespace headroom::app
