#pragma once
// The admin calls that carry a chain change to a LiteLLM proxy, in a safe order, and what no
// call can carry and why, said before anything is sent (docs/litellm-api.md §9 and §10).

#include "chain/fallbackchain.h"
#include "push/chaindiff.h"

#include <nlohmann/json.hpp>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom::push {

// nlohmann::json's special members are not all noexcept; a call is built once and copied,
// never moved under a no-throw guarantee.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct AdminCall {
    enum class Method { Post, Delete };
    Method method = Method::Post;
    QString path;        // "/fallback", "/fallback/gpt-4o" (percent-encoded), "/config/update"
    QString query;       // "fallback_type=general"; empty when none
    nlohmann::json body; // null for a DELETE
    QString what;        // for a person: "set gpt-4o fallbacks to [a, b]"
};

// "POST", "DELETE".
QString methodName(AdminCall::Method method);
// "POST /fallback", "DELETE /fallback/a?fallback_type=general".
QString callLine(const AdminCall &call);

struct Uncarried {
    QString change; // the diff's line
    QString why;    // why no admin call carries it, and what to do instead
};

struct PushPlan {
    ChainDiff diff;
    // POST /fallback upserts first, then the one POST /config/update, then DELETE /fallback:
    // while the plan runs a group has at least the fallbacks of before or of after, never none.
    std::vector<AdminCall> calls;
    std::vector<Uncarried> uncarried;
    QStringList cautions; // carried, with a catch the operator should know
    // What the proxy holds once every call is accepted: `live` with the carried changes.
    FallbackChain expected;
};

PushPlan planPush(const FallbackChain &live, const FallbackChain &desired);

} // namespace headroom::push
