#pragma once
// What Headroom keeps in its settings about the proxies it watched: the recent-proxies list,
// most recent first, each entry as ui::ProxyEntry::serialize() writes it (URL without user
// info, the key's environment variable, the TLS switch; never a key). app/ owns the settings;
// the window only shows the list it is given.

#include <QSettings>
#include <QString>
#include <QStringList>

namespace headroom::app {

// The stored entries, most recent first.
QStringList recentProxies(const QSettings &settings = QSettings());
// Puts `entry` first (once), keeping at most `limit` entries.
void rememberProxy(const QString &entry, QSettings &settings, int limit = 10);
void rememberProxy(const QString &entry, int limit = 10);
// Replaces the list with `entries` (most recent first), as Settings leaves it.
void storeProxies(const QStringList &entries, QSettings &settings);

// The snapshot files opened or exported, most recent first (paths only).
QStringList recentSnapshots(const QSettings &settings = QSettings());
void rememberSnapshot(const QString &path, int limit = 10);

} // namespace headroom::app
