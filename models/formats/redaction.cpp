#include "formats/redaction.h"

#include "formats/deployment.h"

#include <QRegularExpression>
#include <QUrl>

namespace headroom {

namespace {

// One pattern of alternatives, each a kind of credential seen in LiteLLM deployments and errors,
// the secret itself in a capture group of its own (the words before it stay). Kept anchored on
// shapes, not on words alone, so ordinary text ("skeleton", "tokens: 120") stays as it is.
const QRegularExpression &credentialPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(
            // OpenAI / LiteLLM style keys: sk-…, sk-proj-…, sk-ant-… (LiteLLM virtual keys too)
            R"((?<![A-Za-z0-9_-])(sk-[A-Za-z0-9_-]{6,}))"
            // A bearer or basic token after its scheme word
            R"(|\b(?:bearer|basic) +([A-Za-z0-9._~+/=-]{8,}))"
            // JSON Web Tokens: three base64url parts, the first two starting with {" encoded
            R"(|(eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}))"
            // AWS access key ids
            R"(|(?<![A-Za-z0-9])((?-i:AKIA|ASIA)(?-i:[A-Z0-9]{16}))(?![A-Za-z0-9]))"
            // Google API keys
            R"(|(AIza[0-9A-Za-z_-]{35}))"
            // A value after key=, token: , secret=, signature=, password= … (queries, logs); a
            // value of letters only is a word, not a secret ("token: expired"). The word may
            // end a longer name (aws_secret_access_key, master_key, x-api-key), and an
            // Authorization value may start with any scheme word ("Token …").
            R"(|\b(?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|key|token|secret|signature|password|sig|pwd)"
            R"(|authorization|credential)["']?\s*[=:]\s*["']?(?:[A-Za-z]+ +)?)"
            R"(((?=[A-Za-z._~+/%=-]*[0-9])[A-Za-z0-9._~+/%=-]{6,}))"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

// The capture group of the alternative that matched.
int secretGroup(const QRegularExpressionMatch &match)
{
    for (int group = 1; group <= match.lastCapturedIndex(); ++group) {
        if (match.capturedStart(group) >= 0) {
            return group;
        }
    }
    return 0;
}

} // namespace

QString redactSecrets(const QString &text)
{
    if (text.isEmpty()) {
        return text;
    }
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    auto it = credentialPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const int group = secretGroup(match);
        out += QStringView(text).mid(last, match.capturedStart(group) - last);
        out += QStringLiteral("[redacted %1]").arg(credentialFingerprint(match.captured(group)));
        last = match.capturedEnd(group);
    }
    if (last == 0) {
        return text;
    }
    out += QStringView(text).mid(last);
    return out;
}

bool looksLikeCredential(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QRegularExpressionMatch match = credentialPattern().match(trimmed);
    const int group = match.hasMatch() ? secretGroup(match) : 0;
    return group > 0 && match.capturedStart(group) == 0 &&
           match.capturedLength(group) == trimmed.size();
}

QString redactUrl(const QString &url)
{
    QString trimmed = url.trimmed();
    if (trimmed.isEmpty() || trimmed.startsWith(QLatin1String("os.environ/"))) {
        return trimmed;
    }
    const QUrl parsed(trimmed, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme().isEmpty() || parsed.host().isEmpty()) {
        return redactSecrets(trimmed);
    }
    // The path can carry a key too (some gateways put it there): it is checked like free text.
    const QUrl clean =
        parsed.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return redactSecrets(clean.toString());
}

} // namespace headroom
