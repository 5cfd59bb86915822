#pragma once
// Reads the real LiteLLM payloads in tests/data/litellm (HEADROOM_SAMPLES_DIR) for the test suites.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

namespace headroom::test {

inline QString samplesDir()
{
    return QStringLiteral(HEADROOM_SAMPLES_DIR);
}

// The bytes of a sample file; an empty array (and a failed QVERIFY in the caller) if absent.
inline QByteArray readSample(const QString &name)
{
    QFile file(QDir(samplesDir()).filePath(name));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

inline QStringList samplesMatching(const QString &pattern)
{
    return QDir(samplesDir()).entryList({pattern}, QDir::Files, QDir::Name);
}

} // namespace headroom::test
