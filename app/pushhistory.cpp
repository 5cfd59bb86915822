#include "pushhistory.h"

#include <nlohmann/json.hpp>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace headroom::app {

namespace {

constexpr qint64 kMaxFileBytes = 64LL * 1024 * 1024; // years of pushes; a bigger file is not ours
constexpr qint64 kMaxLineBytes = 1024LL * 1024;

QString withoutUserInfo(const QString &target)
{
    const QUrl url(target);
    return url.isValid() && !url.scheme().isEmpty() ? url.adjusted(QUrl::RemoveUserInfo).toString()
                                                    : target;
}

} // namespace

QString osUserName()
{
#ifdef Q_OS_UNIX
    // The account itself, not what the environment claims (sudo and cron set USER differently).
    if (const passwd *entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
        return QString::fromLocal8Bit(entry->pw_name);
    }
#endif
    for (const char *name : {"USER", "LOGNAME", "USERNAME"}) {
        QString value = qEnvironmentVariable(name);
        if (!value.isEmpty()) {
            return value;
        }
    }
    return QStringLiteral("unknown");
}

push::PushRecord recordOf(const PushResult &result, const FallbackChain &desired,
                          const QString &target, const QString &whatIf)
{
    push::PushRecord record;
    record.when = QDateTime::currentDateTimeUtc();
    record.id = push::newPushRecordId(record.when, QRandomGenerator::global()->generate());
    record.who = osUserName();
    record.target = withoutUserInfo(target);
    record.diff = result.plan.diff.lines();
    for (const push::Uncarried &item : result.plan.uncarried) {
        record.uncarried.append(item.change + QStringLiteral(": ") + item.why);
    }
    record.whatIf = whatIf;
    record.outcome = result.outcome;
    record.message = result.message;
    record.mismatches = result.mismatches + result.restoreMismatches;
    record.before.fallbacks = result.before.fallbacks;
    record.before.settings = result.before.settings;
    record.after.fallbacks = desired.fallbacks;
    record.after.settings = desired.settings;
    return record;
}

PushHistory::PushHistory(const QString &target)
    : m_target(withoutUserInfo(target))
    , m_path(directory() + u'/' + fileNameFor(m_target))
{}

QString PushHistory::directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/push-history");
}

QString PushHistory::fileNameFor(const QString &target)
{
    const QUrl url(target);
    QString readable = url.host().isEmpty() ? target : url.host();
    if (url.port() > 0) {
        readable += u'_' + QString::number(url.port());
    }
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9.-]+"));
    readable.replace(unsafe, QStringLiteral("_"));
    const QByteArray hash =
        QCryptographicHash::hash(target.toUtf8(), QCryptographicHash::Sha256).toHex().left(8);
    return readable.left(80) + u'-' + QString::fromLatin1(hash) + QStringLiteral(".jsonl");
}

bool PushHistory::append(const push::PushRecord &record, QString *problem) const
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        if (problem != nullptr) {
            *problem = QStringLiteral("cannot create %1").arg(QFileInfo(m_path).absolutePath());
        }
        return false;
    }
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (problem != nullptr) {
            *problem = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        }
        return false;
    }
    const QByteArray line = QByteArray::fromStdString(push::pushRecordToJson(record).dump()) + '\n';
    if (file.write(line) != line.size() || !file.flush()) {
        if (problem != nullptr) {
            *problem = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        }
        return false;
    }
    return true;
}

PushHistory::Loaded PushHistory::load() const
{
    Loaded loaded;
    QFile file(m_path);
    if (!file.exists()) {
        return loaded;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        loaded.problems.append(
            QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
        return loaded;
    }
    if (file.size() > kMaxFileBytes) {
        loaded.problems.append(QStringLiteral("%1 is %2 bytes, over the %3-byte limit: not read")
                                   .arg(m_path)
                                   .arg(file.size())
                                   .arg(kMaxFileBytes));
        return loaded;
    }
    const QByteArray bytes = file.readAll();
    int lineNumber = 0;
    for (const QByteArray &line : bytes.split('\n')) {
        ++lineNumber;
        if (line.trimmed().isEmpty()) {
            continue;
        }
        if (line.size() > kMaxLineBytes) {
            loaded.problems.append(QStringLiteral("line %1: over %2 bytes, skipped")
                                       .arg(lineNumber)
                                       .arg(kMaxLineBytes));
            continue;
        }
        auto record = push::readPushRecord({line.constData(), std::size_t(line.size())});
        if (!record) {
            loaded.problems.append(QStringLiteral("line %1: %2, skipped")
                                       .arg(lineNumber)
                                       .arg(record.error().toString()));
            continue;
        }
        loaded.records.push_back(std::move(record).value());
    }
    return loaded;
}

std::optional<push::PushRecord> PushHistory::find(const QString &id) const
{
    const Loaded loaded = load();
    for (const push::PushRecord &record : loaded.records) {
        if (record.id == id) {
            return record;
        }
    }
    return std::nullopt;
}

} // namespace headroom::app
