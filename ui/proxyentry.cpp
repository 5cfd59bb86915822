#include "proxyentry.h"

#include <QSettings>

namespace headroom::ui {

namespace {
const auto kRecentKey = QStringLiteral("proxies/recent");
}

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

QList<ProxyEntry> recentProxies()
{
    QList<ProxyEntry> entries;
    const QStringList stored = QSettings().value(kRecentKey).toStringList();
    for (const QString &text : stored) {
        const ProxyEntry entry = ProxyEntry::deserialize(text);
        if (entry.url.isValid()) {
            entries << entry;
        }
    }
    return entries;
}

void rememberProxy(const ProxyEntry &entry, int limit)
{
    QStringList stored = QSettings().value(kRecentKey).toStringList();
    stored.removeAll(entry.serialize());
    stored.prepend(entry.serialize());
    while (stored.size() > limit) {
        stored.removeLast();
    }
    QSettings().setValue(kRecentKey, stored);
}

} // namespace headroom::ui
