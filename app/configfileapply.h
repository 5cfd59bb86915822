#pragma once
// A desired fallback chain written into a config.yaml on disk: the text patched
// (config/configyamlpatch.h), a timestamped backup of the old file beside it, the new text
// written atomically (QSaveFile), then read back and checked. A failure at any step leaves the
// old file as it was, byte for byte.

#include "chain/fallbackchain.h"
#include "config/configyamlpatch.h"

#include <functional>
#include <QDateTime>
#include <QString>

namespace headroom::app {

struct ConfigFileApplyResult {
    bool ok = false;
    QString error;      // what went wrong and what to do; empty when ok
    QString backupPath; // the old file's copy; empty when nothing was written
    ConfigPatch::Method method = ConfigPatch::Method::Unchanged;
    QStringList changed;   // the keys written ("router_settings.fallbacks", …)
    QString kept;          // what of the old text was kept, for the operator
    bool verified = false; // the file on disk re-reads as exactly the desired chain
};

struct ConfigFileApplyOptions {
    QDateTime now; // the backup's timestamp (UTC); the current time when invalid
    qint64 maxBytes = 16LL * 1024 * 1024;
    // For tests: called before each step ("backup", "write", "commit"); true makes it fail.
    std::function<bool(const char *step)> failAt;
};

// Writes `desired`'s fallbacks and router settings into the config.yaml at `path`. The backup is
// "<path>.<yyyyMMdd-HHmmss>Z.bak" (with "-2", "-3"… if that exists), written before the file and
// removed again if the file could not be written.
ConfigFileApplyResult applyChainToConfigFile(const QString &path, const FallbackChain &desired,
                                             const ConfigFileApplyOptions &options = {});

} // namespace headroom::app
