#pragma once
// A proxy the operator watches, as the proxy selector keeps it: where it is and where its key
// comes from. The key itself is never part of it (it lives in the keychain or the environment).

#include <QString>
#include <QStringList>
#include <QUrl>

namespace headroom::ui {

struct ProxyEntry {
    QUrl url;
    QString keyEnv; // environment variable holding the key; empty: the keychain
    bool insecureTls = false;
    QString configFile; // a config.yaml to read the fallback chain from; empty: the proxy's

    bool operator==(const ProxyEntry &other) const = default;
    // "url|keyEnv|insecure|configFile", for the recent-proxies list app/ keeps (no secrets in it).
    QString serialize() const;
    static ProxyEntry deserialize(const QString &text);
    QString label() const;
};

} // namespace headroom::ui
