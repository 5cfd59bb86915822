#pragma once
// A proxy the operator watches, as the proxy selector keeps it: where it is and where its key
// comes from. The key itself is never part of it (it lives in the keychain or the environment).

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace headroom::ui {

struct ProxyEntry {
    enum class PrometheusAuth { None, Bearer, Basic };

    QUrl url;       // for a fleet: the replica whose admin endpoints give groups, limits and chain
    QString keyEnv; // environment variable holding the key; empty: the keychain
    bool insecureTls = false;
    QString configFile; // a config.yaml to read the fallback chain from; empty: the proxy's
    // A fleet read through Prometheus (empty: one proxy). The token or password lives in the
    // keychain; only which kind and the basic-auth user are kept here.
    QUrl prometheusUrl;
    QString matchers; // PromQL label matchers, e.g. job="litellm"
    PrometheusAuth prometheusAuth = PrometheusAuth::None;
    QString prometheusUser;

    bool isFleet() const { return !prometheusUrl.isEmpty(); }

    bool operator==(const ProxyEntry &other) const = default;
    // "url|keyEnv|insecure|configFile", for the recent-proxies list app/ keeps (no secrets in it);
    // a fleet's is "prometheus|URL|MATCHERS|AUTH|USER|" (each percent-encoded) before that.
    QString serialize() const;
    static ProxyEntry deserialize(const QString &text);
    QString label() const;
};

// The proxy list as a file operators can share (Settings → Export): URLs without user info or
// query, key sources by name, never a key. {"headroom_proxies": 1, "proxies": [{"url": …,
// "key_env": …, "insecure_tls": …, "config_file": …}]}
QByteArray proxyListToJson(const QList<ProxyEntry> &entries);
// The entries of such a file; nullopt (and `error` says why) when it is not one. Files over
// 1 MiB, entries without an http(s) URL, and more than 1,000 entries are refused.
std::optional<QList<ProxyEntry>> proxyListFromJson(const QByteArray &json, QString *error);

} // namespace headroom::ui
