#pragma once
// Small helpers for the simulator's responses: JSON bodies, LiteLLM's error envelope, FastAPI's
// {"detail": …} errors, and the master-key check with every header form LiteLLM accepts.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QString>
#include <string>

namespace headroom::sim {

using Status = QHttpServerResponse::StatusCode;

// A QString as the UTF-8 std::string nlohmann::json takes.
inline std::string str(const QString &text)
{
    return text.toStdString();
}

// The LiteLLM release the simulator answers as (readiness body, x-litellm-version).
inline constexpr char kLiteLlmVersion[] = "1.80.0";

QHttpServerResponse jsonResponse(const nlohmann::json &body, Status status = Status::Ok);
// {"error": {"message", "type", "param", "code"}} as LiteLLM's ProxyException writes it.
QHttpServerResponse errorEnvelope(Status status, const QString &message,
                                  const QString &type = QStringLiteral("None"));
// FastAPI's HTTPException body, {"detail": detail}, which the admin endpoints raise.
QHttpServerResponse detailError(Status status, const nlohmann::json &detail);

// The case-insensitive value of a request header, or an empty array.
QByteArray header(const QHttpServerRequest &request, QByteArrayView name);

// nullopt when the request carries the master key (or none is configured); else the 401.
std::optional<QHttpServerResponse> checkMasterKey(const QHttpServerRequest &request,
                                                  const QString &masterKey);

// Model and info routes take the master key or a virtual key; admin routes only the master key:
// a virtual key gets the 401 LiteLLM's route checks give a non-admin.
enum class Access { AnyKey, AdminOnly };
std::optional<QHttpServerResponse> checkKey(const QHttpServerRequest &request,
                                            const QString &masterKey,
                                            const QStringList &virtualKeys, Access access);

} // namespace headroom::sim
