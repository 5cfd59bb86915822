#include "proxyentry.h"

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

} // namespace headroom::ui
