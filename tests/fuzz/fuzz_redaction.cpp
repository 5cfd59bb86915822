// libFuzzer target: redaction over any text (its regular expression must stay linear, and what it
// returns must carry no credential-shaped run).

#include "formats/redaction.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString once = headroom::redactSecrets(text);
    // Redacting twice changes nothing more: no secret survives the first pass.
    if (headroom::redactSecrets(once) != once) {
        std::abort();
    }
    (void)headroom::redactUrl(text);
    (void)headroom::looksLikeCredential(text);
    return 0;
}
