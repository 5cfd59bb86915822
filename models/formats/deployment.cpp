#include "formats/deployment.h"

#include <QCryptographicHash>

namespace headroom {

QString providerForModel(const QString &model)
{
    const qsizetype slash = model.indexOf(u'/');
    if (slash > 0) {
        return model.left(slash).toLower();
    }
    // LiteLLM resolves bare names through its model cost map; the families operators put behind
    // a proxy without a prefix are OpenAI's and Anthropic's.
    if (model.startsWith(u"claude")) {
        return QStringLiteral("anthropic");
    }
    if (model.startsWith(u"gemini")) {
        return QStringLiteral("vertex_ai");
    }
    if (model.startsWith(u"command")) {
        return QStringLiteral("cohere");
    }
    return QStringLiteral("openai");
}

QString credentialFingerprint(const QString &secretOrReference)
{
    const QString trimmed = secretOrReference.trimmed();
    if (trimmed.isEmpty()) {
        return {};
    }
    // A domain prefix keeps these tags from matching a plain SHA-256 of the key that another
    // tool (or LiteLLM's own hashed_api_key label) might show.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("headroom-credential-v1:"));
    hash.addData(trimmed.toUtf8());
    return QString::fromLatin1(hash.result().toHex().left(12));
}

} // namespace headroom
