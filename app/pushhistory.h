#pragma once
// The record of every apply to a proxy: one JSON Lines file per proxy under the app's data
// directory (QStandardPaths::AppDataLocation/push-history), appended to after each push and read
// for `headroom history`, the history panel and a rollback to an earlier state.

#include "push/pushrecord.h"
#include "pushclient.h"

#include <optional>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom::app {

// The OS user running Headroom (for the record's "who").
QString osUserName();

// The record of a finished push to `target` (its URL, no credentials).
push::PushRecord recordOf(const PushResult &result, const FallbackChain &desired,
                          const QString &target, const QString &whatIf);

class PushHistory {
public:
    // target: the proxy's URL; user info is removed before it is used or stored.
    explicit PushHistory(const QString &target);

    QString target() const { return m_target; }
    QString path() const { return m_path; }

    // Appends one record as one line; false with the reason when it cannot be written.
    bool append(const push::PushRecord &record, QString *problem = nullptr) const;

    struct Loaded {
        std::vector<push::PushRecord> records; // oldest first
        QStringList problems; // lines that could not be read ("line 4: …"), skipped; the rest kept
    };
    Loaded load() const;
    std::optional<push::PushRecord> find(const QString &id) const;

    // "127.0.0.1_4000-1a2b3c4d.jsonl": readable, and distinct per URL.
    static QString fileNameFor(const QString &target);
    static QString directory();

private:
    QString m_target;
    QString m_path;
};

} // namespace headroom::app
