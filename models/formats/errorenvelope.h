#pragma once
// LiteLLM's error envelope {"error": {message, type, param, code}} (and FastAPI's {"detail": …}),
// plus the router's "No deployments available" message, which names the saturated group.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <optional>
#include <QString>
#include <QStringList>
#include <string_view>

namespace headroom {

struct ErrorEnvelope {
    QString message;
    QString type;  // "auth_error", "rate_limit_error", … often the literal string "None"
    QString param; // often "None"
    std::optional<int> code; // int in older proxies, string ("429") in newer ones
};

ParseResult<ErrorEnvelope> parseErrorEnvelope(std::string_view body,
                                              const ParseLimits &limits = {});

// RouterRateLimitError / RouterRateLimitErrorBasic, as found in an error message or a log line.
struct NoDeploymentsError {
    QString group;                    // "Passed model=…"; empty in the basic form
    std::optional<double> retryAfter; // "Try again in N seconds"
    std::optional<bool> preCallChecks;
    QStringList cooldownList;   // deployment ids in cooldown
    bool allInCooldown = false; // "All deployments for selected model are in cooldown."
    bool basic = false;         // the short form without details
};

std::optional<NoDeploymentsError> parseNoDeploymentsMessage(const QString &text);

} // namespace headroom
