// The canary test: a simulator scenario whose config holds canary secrets (literal keys, an AWS
// secret, api_base userinfo and query signatures, the master key, which is also the key Headroom
// polls with), a `headroom snapshot` session against it, and not one of those byte strings may
// be in the snapshot (compressed or not), the HTML report, what was printed or logged, or
// QSettings.

#include "headlesscommands.h"
#include "sample/polloutcome.h"
#include "simfixture.h"
#include "snapshot/snapshotfile.h"
#include "snapshot/snapshotreport.h"

#include <QDirIterator>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;
using headroom::test::RunningSim;

namespace {

const QList<QByteArray> kCanaries = {
    "sk-canary-literal-key-5521",
    "CanaryPass4417",
    "CanarySig8821x",
    "AKIACANARY0000007777",
    "CanaryAwsSecret9988",
    "CanaryAmzSig6633",
    "sk-canary-backup-key-9090",
    "sk-canary-master-key-3141",
};

QStringList leaks(const QByteArray &bytes, const QString &where)
{
    QStringList found;
    for (const QByteArray &canary : kCanaries) {
        if (bytes.contains(canary)) {
            found << QStringLiteral("%1 holds %2").arg(where, QString::fromLatin1(canary));
        }
    }
    return found;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray g_logged; // every Qt message of the run
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_logged += message.toUtf8() + '\n';
}

} // namespace

class TestSnapshotCanary : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void noCanaryLeaves();
};

void TestSnapshotCanary::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qRegisterMetaType<ProxySample>();
    qRegisterMetaType<PollOutcome>();
}

void TestSnapshotCanary::noCanaryLeaves()
{
    RunningSim sim;
    QVERIFY(sim.start(QStringLiteral(HEADROOM_TESTDATA_DIR) + u"/scenarios/canary.yaml"_s));
    QCOMPARE(sim.key, u"sk-canary-master-key-3141"_s);
    // The planted secrets are really served: the api_base with its query is in /model/info.
    qputenv("HEADROOM_CANARY_KEY", sim.key.toUtf8());
    QTemporaryDir dir;
    const QString path = dir.filePath(u"canary.headroom"_s);
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    g_logged.clear();
    const QtMessageHandler previous = qInstallMessageHandler(capture);
    const int code =
        app::runHeadlessCommand({u"headroom"_s, u"snapshot"_s, u"--proxy"_s, sim.url.toString(),
                                 u"--key-env"_s, u"HEADROOM_CANARY_KEY"_s, u"--minutes"_s,
                                 u"0.06"_s, u"--interval"_s, u"0.5"_s, u"--out"_s, path},
                                outStream, errStream);
    qInstallMessageHandler(previous);
    QVERIFY2(code == 0, qPrintable(err));
    QVERIFY2(out.contains(u"wrote "_s), qPrintable(out));

    const QByteArray gz = readAll(path);
    QVERIFY(gz.startsWith("\x1f\x8b"));
    const auto json = gunzipBytes(gz, 1LL << 30);
    QVERIFY(json);
    const QByteArray html = readAll(reportPathFor(path));
    QVERIFY(html.contains("canary-primary"));

    // The session saw what a leak would carry: the deployments, their api_base hosts, the
    // chain, and a fingerprint for each credential.
    const auto snapshot = decodeSnapshot(gz);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->deployments.size(), std::size_t(3));
    QVERIFY(json.value().contains("eu.canary.invalid"));
    QVERIFY(snapshot->chains.front().chain.known());
    QVERIFY(snapshot->series.size() > 10);

    QStringList found;
    found << leaks(gz, u"the .headroom file"_s) << leaks(json.value(), u"the snapshot's JSON"_s)
          << leaks(html, u"the report"_s) << leaks(out.toUtf8(), u"stdout"_s)
          << leaks(err.toUtf8(), u"stderr"_s) << leaks(g_logged, u"the log"_s);
    // QSettings: what the default settings hold, and every file under the test-mode config
    // and data directories.
    QSettings settings;
    QByteArray settingsText;
    for (const QString &key : settings.allKeys()) {
        settingsText += key.toUtf8() + '=' + settings.value(key).toString().toUtf8() + '\n';
    }
    found << leaks(settingsText, u"QSettings"_s);
    for (const auto location :
         {QStandardPaths::GenericConfigLocation, QStandardPaths::AppConfigLocation,
          QStandardPaths::AppDataLocation}) {
        QDirIterator it(QStandardPaths::writableLocation(location), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            found << leaks(readAll(file), file);
        }
    }
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestSnapshotCanary)
#include "tst_snapshotcanary.moc"
