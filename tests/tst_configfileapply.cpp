// applyChainToConfigFile: a desired chain written into a config.yaml on disk. The new file keeps
// the comments, unknown keys and os.environ/ references and re-reads as the desired chain; the
// backup beside it equals the old file; when a step fails (an injected failure at the backup,
// the write or the commit, a read-only folder, a full filesystem) the old file is byte-identical
// and nothing is left beside it.
//
// As root a read-only folder stops nobody: the suite then skips that case unless
// HEADROOM_TEST_READONLY_DIR names a folder on a read-only mount holding a config.yaml. The full
// filesystem needs HEADROOM_TEST_TINY_FS, an empty folder on a tiny filesystem (48 KiB), e.g.
//   unshare -rm sh -c 'mount -t tmpfs -o size=48k tmpfs /mnt &&
//                      HEADROOM_TEST_TINY_FS=/mnt tst_configfileapply'

#include "configfileapply.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace headroom;
using namespace headroom::app;

namespace {

const QByteArray kConfig = "# The production proxy. Edited by hand: keep these comments.\n"
                           "model_list:\n"
                           "  - model_name: a\n"
                           "    litellm_params:\n"
                           "      model: openai/a\n"
                           "      api_key: os.environ/OPENAI_KEY  # from the vault\n"
                           "  - model_name: b\n"
                           "    litellm_params:\n"
                           "      model: azure/b\n"
                           "      api_base: os.environ/AZURE_BASE\n"
                           "      api_key: os.environ/AZURE_KEY\n"
                           "\n"
                           "router_settings:\n"
                           "  num_retries: 2\n"
                           "  fallbacks: [{\"a\": [\"b\"]}]  # reviewed 2026-11\n"
                           "  team_routing: {shadow: true}\n"
                           "\n"
                           "general_settings:\n"
                           "  master_key: os.environ/LITELLM_MASTER_KEY\n"
                           "  alerting: [\"slack\"]  # unknown to Headroom\n";

FallbackChain desiredChain()
{
    FallbackChain c;
    c.fallbacks.fallbacks = {{QStringLiteral("b"), {QStringLiteral("a")}},
                             {QStringLiteral("a"), {QStringLiteral("b")}}};
    c.settings.numRetries = 1;
    return c;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// Nothing changed: the old bytes, and no backup or temporary file beside them.
void expectUntouched(const QString &dir, const QString &path, const QByteArray &old,
                     const ConfigFileApplyResult &r)
{
    QVERIFY(!r.ok);
    QVERIFY(!r.error.isEmpty());
    QVERIFY2(r.error.contains(QStringLiteral("was not changed")), qPrintable(r.error));
    QVERIFY(r.backupPath.isEmpty());
    QCOMPARE(readAll(path), old);
    QCOMPARE(entries(dir), QStringList{QFileInfo(path).fileName()});
}

} // namespace

class TestConfigFileApply : public QObject {
    Q_OBJECT
private slots:
    void writesKeepsAndBacksUp();
    void secondBackupSameSecond();
    void unchangedWritesNothing();
    void injectedFailure_data();
    void injectedFailure();
    void readOnlyFolder();
    void fullFilesystem();
    void unreadableOrGarbled();
};

void TestConfigFileApply::writesKeepsAndBacksUp()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    QVERIFY(writeFile(path, kConfig));
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ReadGroup));
    ConfigFileApplyOptions options;
    options.now = QDateTime(QDate(2026, 12, 1), QTime(19, 30, 5), Qt::UTC);
    const ConfigFileApplyResult r = applyChainToConfigFile(path, desiredChain(), options);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.verified);
    QCOMPARE(r.method, ConfigPatch::Method::LinePatch);
    QCOMPARE(r.backupPath, path + QStringLiteral(".20261201-193005Z.bak"));
    QCOMPARE(readAll(r.backupPath), kConfig);
    QCOMPARE(r.changed, (QStringList{QStringLiteral("router_settings.num_retries"),
                                     QStringLiteral("router_settings.fallbacks")}));

    // Only the two managed lines changed (the fallbacks' end-of-line comment stays).
    QByteArray expected = kConfig;
    expected.replace("  num_retries: 2\n", "  num_retries: 1\n");
    expected.replace("  fallbacks: [{\"a\": [\"b\"]}]  # reviewed 2026-11\n",
                     "  fallbacks: [{\"b\": [\"a\"]}, {\"a\": [\"b\"]}]  # reviewed 2026-11\n");
    const QByteArray written = readAll(path);
    QCOMPARE(written, expected);
    const auto reread =
        parseConfigYaml(std::string_view(written.constData(), std::size_t(written.size())));
    QVERIFY(reread);
    QCOMPARE(reread->fallbacks, desiredChain().fallbacks);
    QCOMPARE(reread->router, desiredChain().settings);
    QCOMPARE(written.count("os.environ/"), 4);
    QVERIFY(written.contains("team_routing: {shadow: true}"));
    QVERIFY(written.contains("alerting: [\"slack\"]  # unknown to Headroom"));
    // The file keeps its permissions.
    QCOMPARE(QFile::permissions(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                           QFileDevice::ReadGroup | QFileDevice::ReadUser |
                                           QFileDevice::WriteUser);
}

void TestConfigFileApply::secondBackupSameSecond()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    QVERIFY(writeFile(path, kConfig));
    ConfigFileApplyOptions options;
    options.now = QDateTime(QDate(2026, 12, 1), QTime(19, 30, 5), Qt::UTC);
    QVERIFY(applyChainToConfigFile(path, desiredChain(), options).ok);
    const QByteArray between = readAll(path);
    FallbackChain other = desiredChain();
    other.fallbacks.fallbacks.pop_back();
    const ConfigFileApplyResult r = applyChainToConfigFile(path, other, options);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.backupPath, path + QStringLiteral(".20261201-193005Z-2.bak"));
    QCOMPARE(readAll(r.backupPath), between);
}

void TestConfigFileApply::unchangedWritesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    QVERIFY(writeFile(path, kConfig));
    FallbackChain same;
    same.fallbacks.fallbacks = {{QStringLiteral("a"), {QStringLiteral("b")}}};
    same.settings.numRetries = 2;
    const ConfigFileApplyResult r = applyChainToConfigFile(path, same);
    QVERIFY(r.ok);
    QCOMPARE(r.method, ConfigPatch::Method::Unchanged);
    QVERIFY(r.backupPath.isEmpty());
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("config.yaml")});
}

void TestConfigFileApply::injectedFailure_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::newRow("backup") << QByteArray("backup");
    QTest::newRow("write") << QByteArray("write");
    QTest::newRow("commit") << QByteArray("commit");
}

void TestConfigFileApply::injectedFailure()
{
    QFETCH(QByteArray, step);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    QVERIFY(writeFile(path, kConfig));
    ConfigFileApplyOptions options;
    QStringList seen;
    options.failAt = [&](const char *at) {
        seen << QString::fromLatin1(at);
        return step == at;
    };
    const ConfigFileApplyResult r = applyChainToConfigFile(path, desiredChain(), options);
    QVERIFY(seen.contains(QString::fromLatin1(step))); // the step was reached
    expectUntouched(dir.path(), path, kConfig, r);
}

void TestConfigFileApply::readOnlyFolder()
{
    QString folder;
    QTemporaryDir dir;
    if (const QString given = qEnvironmentVariable("HEADROOM_TEST_READONLY_DIR");
        !given.isEmpty()) {
        folder = given;
    } else {
        folder = dir.path();
        QVERIFY(writeFile(dir.filePath(QStringLiteral("config.yaml")), kConfig));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        // Root writes into a read-only folder anyway: then this case cannot be shown here.
        if (QFile probe(dir.filePath(QStringLiteral("probe"))); probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner);
            QSKIP("running as root: set HEADROOM_TEST_READONLY_DIR to a folder on a read-only "
                  "mount holding a config.yaml");
        }
    }
    const QString path = QDir(folder).filePath(QStringLiteral("config.yaml"));
    const QByteArray old = readAll(path);
    QVERIFY(!old.isEmpty());
    const ConfigFileApplyResult r = applyChainToConfigFile(path, desiredChain());
    QFile::setPermissions(folder,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    expectUntouched(folder, path, old, r);
}

void TestConfigFileApply::fullFilesystem()
{
    const QString folder = qEnvironmentVariable("HEADROOM_TEST_TINY_FS");
    if (folder.isEmpty()) {
        QSKIP("set HEADROOM_TEST_TINY_FS to an empty folder on a 48 KiB filesystem");
    }
    // ~20 KiB of config: the old file and its backup fit in 48 KiB, the new file's temporary
    // copy does not (or, on a fuller filesystem, the backup already does not).
    QByteArray big = kConfig;
    for (int i = 0; i < 240; ++i) {
        big += "# padding line to make the file larger than a few pages of tmpfs\n"
               "\n";
    }
    big.append(QByteArray(20 * 1024 - big.size(), '#')).append('\n');
    const QString path = QDir(folder).filePath(QStringLiteral("config.yaml"));
    QVERIFY(writeFile(path, big));
    const ConfigFileApplyResult r = applyChainToConfigFile(path, desiredChain());
    qInfo("full filesystem: %s", qPrintable(r.error));
    expectUntouched(folder, path, big, r);
    QFile::remove(path);
}

void TestConfigFileApply::unreadableOrGarbled()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("absent.yaml"));
    ConfigFileApplyResult r = applyChainToConfigFile(missing, desiredChain());
    QVERIFY(!r.ok);
    QVERIFY(r.error.contains(QStringLiteral("cannot read")));
    QVERIFY(entries(dir.path()).isEmpty());

    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    const QByteArray garbled = "model_list: [\n  - {oops\n\x01\x02";
    QVERIFY(writeFile(path, garbled));
    r = applyChainToConfigFile(path, desiredChain());
    expectUntouched(dir.path(), path, garbled, r);
}

QTEST_GUILESS_MAIN(TestConfigFileApply)
#include "tst_configfileapply.moc"
