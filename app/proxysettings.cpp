#include "proxysettings.h"

namespace headroom::app {

namespace {
const auto kRecentKey = QStringLiteral("proxies/recent");
const auto kSnapshotsKey = QStringLiteral("snapshots/recent");
} // namespace

QStringList recentSnapshots(const QSettings &settings)
{
    return settings.value(kSnapshotsKey).toStringList();
}

void rememberSnapshot(const QString &path, int limit)
{
    QSettings settings;
    QStringList stored = recentSnapshots(settings);
    stored.removeAll(path);
    stored.prepend(path);
    while (stored.size() > limit) {
        stored.removeLast();
    }
    settings.setValue(kSnapshotsKey, stored);
}

QStringList recentProxies(const QSettings &settings)
{
    return settings.value(kRecentKey).toStringList();
}

void rememberProxy(const QString &entry, QSettings &settings, int limit)
{
    QStringList stored = recentProxies(settings);
    stored.removeAll(entry);
    stored.prepend(entry);
    while (stored.size() > limit) {
        stored.removeLast();
    }
    settings.setValue(kRecentKey, stored);
}

void storeProxies(const QStringList &entries, QSettings &settings)
{
    settings.setValue(kRecentKey, entries);
}

void rememberProxy(const QString &entry, int limit)
{
    QSettings settings;
    rememberProxy(entry, settings, limit);
}

} // namespace headroom::app
