#include "configfileapply.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace headroom::app {

namespace {

bool failing(const ConfigFileApplyOptions &options, const char *step)
{
    return options.failAt && options.failAt(step);
}

QString backupPathFor(const QString &path, const QDateTime &now)
{
    const QString stamp = now.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString candidate = QStringLiteral("%1.%2Z.bak").arg(path, stamp);
    for (int n = 2; QFileInfo::exists(candidate); ++n) {
        candidate = QStringLiteral("%1.%2Z-%3.bak").arg(path, stamp).arg(n);
    }
    return candidate;
}

// Atomically: the bytes go to a temporary file beside `path`, renamed over it on commit.
QString writeAtomically(const QString &path, const QByteArray &bytes,
                        const ConfigFileApplyOptions &options, const char *writeStep,
                        const char *commitStep)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return file.errorString();
    }
    if (failing(options, writeStep) || file.write(bytes) != bytes.size()) {
        QString why = file.error() != QFileDevice::NoError ? file.errorString()
                                                           : QStringLiteral("write failed");
        file.cancelWriting();
        return why;
    }
    if (failing(options, commitStep)) {
        file.cancelWriting();
        return QStringLiteral("commit failed");
    }
    if (!file.commit()) {
        return file.errorString();
    }
    return {};
}

} // namespace

ConfigFileApplyResult applyChainToConfigFile(const QString &path, const FallbackChain &desired,
                                             const ConfigFileApplyOptions &options)
{
    ConfigFileApplyResult result;
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, in.errorString());
        return result;
    }
    if (in.size() > options.maxBytes) {
        result.error = QStringLiteral("%1 is larger than %2 bytes: not a config.yaml?")
                           .arg(path)
                           .arg(options.maxBytes);
        return result;
    }
    const QByteArray old = in.readAll();
    in.close();

    ParseLimits limits;
    limits.maxBytes = options.maxBytes;
    const auto patch = patchConfigYaml(std::string_view(old.constData(), std::size_t(old.size())),
                                       desired.fallbacks, desired.settings, limits);
    if (!patch) {
        result.error = QStringLiteral("%1 was not changed: %2").arg(path, patch.error().toString());
        return result;
    }
    result.method = patch->method;
    result.changed = patch->changed;
    result.kept = patch->kept;
    if (patch->method == ConfigPatch::Method::Unchanged) {
        result.ok = true;
        result.verified = true;
        return result;
    }

    // The backup first, itself written atomically: a half-written backup is no backup.
    const QString backup =
        backupPathFor(path, options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc());
    if (failing(options, "backup")) {
        result.error =
            QStringLiteral("%1 was not changed: cannot write the backup %2").arg(path, backup);
        return result;
    }
    if (const QString why = writeAtomically(backup, old, {}, "", ""); !why.isEmpty()) {
        result.error = QStringLiteral("%1 was not changed: cannot write the backup %2: %3")
                           .arg(path, backup, why);
        return result;
    }
    QFile::setPermissions(backup, QFileInfo(path).permissions());
    if (const QString why = writeAtomically(path, patch->text, options, "write", "commit");
        !why.isEmpty()) {
        QFile::remove(backup); // nothing changed: no backup of it either
        result.error = QStringLiteral("%1 was not changed: %2").arg(path, why);
        return result;
    }
    result.ok = true;
    result.backupPath = backup;

    // Read back what is on disk now.
    QFile again(path);
    if (again.open(QIODevice::ReadOnly)) {
        const QByteArray now = again.readAll();
        const auto reread =
            parseConfigYaml(std::string_view(now.constData(), std::size_t(now.size())), limits);
        result.verified = now == patch->text && reread && reread->fallbacks == desired.fallbacks &&
                          reread->router == desired.settings;
    }
    if (!result.verified) {
        result.error = QStringLiteral("%1 was written but does not read back as the desired chain; "
                                      "the old file is %2")
                           .arg(path, backup);
    }
    return result;
}

} // namespace headroom::app
