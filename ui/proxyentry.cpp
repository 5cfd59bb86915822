#include "proxyentry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace headroom::ui {

namespace {

const QString kFleetTag = QStringLiteral("prometheus");

QString encode(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QString decode(const QString &text)
{
    return QUrl::fromPercentEncoding(text.toLatin1());
}

QString authName(ProxyEntry::PrometheusAuth auth)
{
    switch (auth) {
    case ProxyEntry::PrometheusAuth::Bearer:
        return QStringLiteral("bearer");
    case ProxyEntry::PrometheusAuth::Basic:
        return QStringLiteral("basic");
    case ProxyEntry::PrometheusAuth::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace

QString ProxyEntry::serialize() const
{
    QString single = QStringList{url.toString(QUrl::RemoveUserInfo), keyEnv,
                                 insecureTls ? QStringLiteral("insecure") : QString(), configFile}
                         .join(u'|');
    if (!isFleet()) {
        return single;
    }
    return QStringList{kFleetTag,
                       encode(prometheusUrl.toString(QUrl::RemoveUserInfo)),
                       encode(matchers),
                       authName(prometheusAuth),
                       encode(prometheusUser),
                       single}
        .join(u'|');
}

ProxyEntry ProxyEntry::deserialize(const QString &text)
{
    if (text.startsWith(kFleetTag + u'|')) {
        const QStringList head = text.split(u'|').mid(1, 4);
        const qsizetype rest = [&text] {
            qsizetype at = 0;
            for (int i = 0; i < 5 && at >= 0; ++i) {
                at = text.indexOf(u'|', at + (i == 0 ? 0 : 1));
            }
            return at;
        }();
        ProxyEntry entry = rest < 0 ? ProxyEntry{} : deserialize(text.mid(rest + 1));
        entry.prometheusUrl = QUrl(decode(head.value(0)));
        entry.matchers = decode(head.value(1));
        entry.prometheusAuth = head.value(2) == u"bearer"  ? PrometheusAuth::Bearer
                               : head.value(2) == u"basic" ? PrometheusAuth::Basic
                                                           : PrometheusAuth::None;
        entry.prometheusUser = decode(head.value(3));
        return entry;
    }
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
    if (isFleet()) {
        text = QStringLiteral("fleet via %1").arg(prometheusUrl.toString(QUrl::RemoveUserInfo));
        if (!matchers.isEmpty()) {
            text += QStringLiteral(" {%1}").arg(matchers);
        }
    }
    if (insecureTls) {
        text += QStringLiteral(" (TLS not verified)");
    }
    return text;
}

namespace {

// What may be kept of a URL in a shared file: no user info (a password), no query (a signature
// or token), no fragment.
QUrl shareable(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

} // namespace

QByteArray proxyListToJson(const QList<ProxyEntry> &entries)
{
    QJsonArray list;
    for (const ProxyEntry &entry : entries) {
        list.append(QJsonObject{{QStringLiteral("url"), shareable(entry.url).toString()},
                                {QStringLiteral("key_env"), entry.keyEnv},
                                {QStringLiteral("insecure_tls"), entry.insecureTls},
                                {QStringLiteral("config_file"), entry.configFile}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("headroom_proxies"), 1},
                                     {QStringLiteral("proxies"), list}})
        .toJson(QJsonDocument::Indented);
}

std::optional<QList<ProxyEntry>> proxyListFromJson(const QByteArray &json, QString *error)
{
    const auto fail = [error](const QString &why) {
        *error = why;
        return std::nullopt;
    };
    if (json.size() > 1024 * 1024) {
        return fail(QStringLiteral("the file is over 1 MiB: not a Headroom proxy list"));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(QStringLiteral("not JSON: %1 at byte %2")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    }
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("headroom_proxies")).toInt() != 1 ||
        !root.value(QStringLiteral("proxies")).isArray()) {
        return fail(QStringLiteral("not a Headroom proxy list (no \"headroom_proxies\": 1 "
                                   "with a \"proxies\" list)"));
    }
    const QJsonArray list = root.value(QStringLiteral("proxies")).toArray();
    if (list.size() > 1000) {
        return fail(QStringLiteral("%1 proxies: more than 1,000").arg(list.size()));
    }
    QList<ProxyEntry> entries;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject item = list.at(i).toObject();
        ProxyEntry entry;
        entry.url = shareable(QUrl(item.value(QStringLiteral("url")).toString(), QUrl::StrictMode));
        if (!entry.url.isValid() || entry.url.host().isEmpty() ||
            (entry.url.scheme() != u"http" && entry.url.scheme() != u"https")) {
            return fail(QStringLiteral("proxy %1: \"url\" is no http(s) URL").arg(i + 1));
        }
        entry.keyEnv = item.value(QStringLiteral("key_env")).toString().left(200);
        entry.insecureTls = item.value(QStringLiteral("insecure_tls")).toBool();
        entry.configFile = item.value(QStringLiteral("config_file")).toString().left(4096);
        entries.append(entry);
    }
    return entries;
}

} // namespace headroom::ui
