#pragma once
// How Headroom authenticates to Prometheus: a bearer token or basic auth. Kept in the OS keychain
// (never a setting) under the account "prometheus:URL" as "bearer:TOKEN" or "basic:USER:PASSWORD",
// or given through environment variables on the command line; turned into the Authorization
// header value only in memory.

#include <optional>
#include <QByteArray>
#include <QString>
#include <QUrl>

namespace headroom::app {

// The keychain account for a Prometheus URL (no user info, no query).
QString prometheusKeychainAccount(const QUrl &url);

QString bearerSecret(const QString &token);
QString basicSecret(const QString &user, const QString &password);

// The Authorization header value for a stored secret; nullopt (and a problem) when it is
// neither form. The problem never repeats the secret.
std::optional<QByteArray> authorizationFromSecret(const QString &secret, QString *problem);

} // namespace headroom::app
