#pragma once
// Secrets out of what a proxy tells us, on the way in: URLs lose their userinfo and query string,
// and anything shaped like a credential in free text (sk-… keys, bearer tokens, JWTs, AWS access
// keys, secrets after "key"/"token"/"secret"/"Authorization", also ending a longer name such as
// aws_secret_access_key or master_key) becomes a fingerprint, so one
// key still reads as one key in a log, an event or a snapshot without ever being stored.

#include <QString>

namespace headroom {

// "https://user:pw@host:8443/v1?sig=abc#x" → "https://host:8443/v1"; an "os.environ/NAME"
// reference is kept as it is (a name, never a value). Text that is no URL is run through
// redactSecrets instead.
QString redactUrl(const QString &url);

// Every credential-shaped run in the text replaced by "[redacted <fingerprint>]", where the
// fingerprint is credentialFingerprint() of the run (formats/deployment.h).
QString redactSecrets(const QString &text);

// True when the whole (trimmed) text is shaped like a credential.
bool looksLikeCredential(const QString &text);

} // namespace headroom
