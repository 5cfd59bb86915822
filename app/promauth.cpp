#include "promauth.h"

namespace headroom::app {

QString prometheusKeychainAccount(const QUrl &url)
{
    QString text =
        url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
    while (text.endsWith(u'/')) {
        text.chop(1); // "http://p:9090/" and "http://p:9090" are one Prometheus
    }
    return QStringLiteral("prometheus:") + text;
}

QString bearerSecret(const QString &token)
{
    return QStringLiteral("bearer:") + token;
}

QString basicSecret(const QString &user, const QString &password)
{
    return QStringLiteral("basic:") + user + u':' + password;
}

std::optional<QByteArray> authorizationFromSecret(const QString &secret, QString *problem)
{
    if (secret.startsWith(u"bearer:") && secret.size() > 7) {
        return QByteArrayLiteral("Bearer ") + secret.mid(7).toUtf8();
    }
    if (secret.startsWith(u"basic:") && secret.indexOf(u':', 6) > 6) {
        return QByteArrayLiteral("Basic ") + secret.mid(6).toUtf8().toBase64();
    }
    if (problem) {
        *problem = QStringLiteral("the stored Prometheus credential is neither a bearer token nor "
                                  "a user and password");
    }
    return std::nullopt;
}

} // namespace headroom::app
