#include "proxyentry.h"

namespace headroom::ui {

QString ProxyEntry::serialize() const
{
    return QStringList{url.toString(QUrl::RemoveUserInfo), keyEnv,
                       insecureTls ? QStringLiteral("insecure") : QString(), configFile}
        .join(u'|');
}

ProxyEntry ProxyEntry::deserialize(const QString &text)
{
    const QStringList parts = text.split(u'|');
    ProxyEntry entry;
    entry.url = QUrl(parts.value(0));
    entry.keyEnv = parts.value(1);
    entry.insecureTls = parts.value(2) == u"insecure";
    // Entries remembered before the field existed have three parts: no file.
    entry.configFile = parts.mid(3).join(u'|');
    return entry;
}

QString ProxyEntry::label() const
{
    QString text = url.toString(QUrl::RemoveUserInfo);
    if (insecureTls) {
        text += QStringLiteral(" (TLS not verified)");
    }
    return text;
}

} // namespace headroom::ui
