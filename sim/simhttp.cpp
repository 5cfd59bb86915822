#include "simhttp.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace headroom::sim {

QHttpServerResponse jsonResponse(const nlohmann::json &body, Status status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QByteArray::fromStdString(body.dump(
                                   -1, ' ', false, nlohmann::json::error_handler_t::replace)),
                               status);
}

QHttpServerResponse errorEnvelope(Status status, const QString &message, const QString &type)
{
    // Newer proxies send code as a string, older ones as an int; Headroom reads both.
    const nlohmann::json body = {{"error",
                                  {{"message", message.toStdString()},
                                   {"type", type.toStdString()},
                                   {"param", "None"},
                                   {"code", std::to_string(int(status))}}}};
    return jsonResponse(body, status);
}

QHttpServerResponse detailError(Status status, const nlohmann::json &detail)
{
    return jsonResponse(nlohmann::json{{"detail", detail}}, status);
}

QByteArray header(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

std::optional<QHttpServerResponse> checkMasterKey(const QHttpServerRequest &request,
                                                  const QString &masterKey)
{
    return checkKey(request, masterKey, {}, Access::AdminOnly);
}

std::optional<QHttpServerResponse> checkKey(const QHttpServerRequest &request,
                                            const QString &masterKey,
                                            const QStringList &virtualKeys, Access access)
{
    if (masterKey.isEmpty()) {
        return std::nullopt;
    }
    // The header forms of litellm/proxy/auth (docs/litellm-api.md §1), "Bearer " unwrapped.
    QByteArray presented;
    for (const QByteArrayView name :
         {QByteArrayView("authorization"), QByteArrayView("x-litellm-api-key"),
          QByteArrayView("api-key"), QByteArrayView("x-api-key")}) {
        presented = header(request, name).trimmed();
        if (!presented.isEmpty()) {
            break;
        }
    }
    if (presented.toLower().startsWith("bearer ")) {
        presented = presented.mid(7).trimmed();
    }
    if (presented.isEmpty()) {
        return errorEnvelope(Status::Unauthorized,
                             QStringLiteral("Authentication Error, No api key passed in."),
                             QStringLiteral("auth_error"));
    }
    if (presented == masterKey.toUtf8()) {
        return std::nullopt;
    }
    const bool virtualKey = std::any_of(virtualKeys.begin(), virtualKeys.end(),
                                        [&](const QString &k) { return presented == k.toUtf8(); });
    if (virtualKey && access == Access::AnyKey) {
        return std::nullopt;
    }
    if (virtualKey) {
        // RouteChecks._raise_admin_only_route_exception, turned into a 401 by user_api_key_auth.
        return errorEnvelope(Status::Unauthorized,
                             QStringLiteral("Authentication Error, Only proxy admin can be used "
                                            "to generate, delete, update info for new "
                                            "keys/users/teams. Route=%1. Your role=internal_user. "
                                            "Your user_id=sim-us***er")
                                 .arg(request.url().path()),
                             QStringLiteral("auth_error"));
    }
    // Like LiteLLM, never echo the key that was presented.
    return errorEnvelope(Status::Unauthorized,
                         QStringLiteral("Authentication Error, Invalid proxy server token "
                                        "passed. Unable to find token in cache or "
                                        "`LiteLLM_VerificationTokenTable`"),
                         QStringLiteral("auth_error"));
}

} // namespace headroom::sim
