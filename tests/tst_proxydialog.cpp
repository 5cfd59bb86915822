// The Watch dialog and the proxy entries it makes: the config.yaml field (the chain read from a
// file instead of the proxy) is kept with the entry, remembered without any secret, and an
// unreadable file is refused with a reason.

#include "proxydialog.h"
#include "proxyentry.h"
#include "proxysettings.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using headroom::ui::ProxyDialog;
using headroom::ui::ProxyEntry;

class TestProxyDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void entryRoundTrip_data();
    void entryRoundTrip();
    void olderEntriesHaveNoFile();
    void dialogKeepsTheFile();
    void unreadableFileIsRefused();
    void fleetEntryRoundTrip_data();
    void fleetEntryRoundTrip();
    void fleetDialog();
    void fleetSecretNeverInTheEntry();
};

void TestProxyDialog::entryRoundTrip_data()
{
    QTest::addColumn<QString>("configFile");
    QTest::newRow("none") << QString();
    QTest::newRow("a path") << QStringLiteral("/etc/litellm/config.yaml");
    QTest::newRow("a path with a bar") << QStringLiteral("/srv/a|b/config.yaml");
}

void TestProxyDialog::entryRoundTrip()
{
    QFETCH(QString, configFile);
    ProxyEntry entry;
    entry.url = QUrl(QStringLiteral("https://litellm.internal:4000"));
    entry.keyEnv = QStringLiteral("LITELLM_MASTER_KEY");
    entry.configFile = configFile;
    QCOMPARE(ProxyEntry::deserialize(entry.serialize()), entry);
}

void TestProxyDialog::olderEntriesHaveNoFile()
{
    const ProxyEntry old =
        ProxyEntry::deserialize(QStringLiteral("http://127.0.0.1:4000|LITELLM_KEY|insecure"));
    QCOMPARE(old.url, QUrl(QStringLiteral("http://127.0.0.1:4000")));
    QVERIFY(old.insecureTls);
    QVERIFY(old.configFile.isEmpty());
}

void TestProxyDialog::dialogKeepsTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("model_list: []\n");
    file.close();

    ProxyEntry entry;
    entry.url = QUrl(QStringLiteral("http://127.0.0.1:4000"));
    entry.configFile = path;
    ProxyDialog dialog;
    dialog.setEntry(entry);
    QCOMPARE(dialog.entry().configFile, path);
    const auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());

    // Remembered with the proxy, and nothing secret in the settings.
    headroom::app::rememberProxy(dialog.entry().serialize());
    QCOMPARE(ProxyEntry::deserialize(headroom::app::recentProxies().constFirst()).configFile, path);
}

void TestProxyDialog::unreadableFileIsRefused()
{
    ProxyEntry entry;
    entry.url = QUrl(QStringLiteral("http://127.0.0.1:4000"));
    entry.configFile = QStringLiteral("/nonexistent/config.yaml");
    ProxyDialog dialog;
    dialog.setEntry(entry);
    const auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    bool said = false;
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        said =
            said || label->text().contains(QStringLiteral("Cannot read /nonexistent/config.yaml"));
    }
    QVERIFY(said);
    // Emptying the field reads the chain from the proxy again: nothing to refuse.
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
        if (edit->text() == entry.configFile) {
            edit->clear();
        }
    }
    QVERIFY(ok->isEnabled());
}

void TestProxyDialog::fleetEntryRoundTrip_data()
{
    QTest::addColumn<QString>("replica");
    QTest::addColumn<QString>("matchers");
    QTest::addColumn<int>("auth");
    QTest::newRow("metrics only") << QString() << QString() << 0;
    QTest::newRow("replica, matchers with bars") << QStringLiteral("https://litellm-0:4000")
                                                 << QStringLiteral(R"(job=~"litellm|proxy")") << 1;
    QTest::newRow("basic auth") << QString() << QStringLiteral(R"(job="litellm",env="prod")") << 2;
}

void TestProxyDialog::fleetEntryRoundTrip()
{
    QFETCH(QString, replica);
    QFETCH(QString, matchers);
    QFETCH(int, auth);
    ProxyEntry entry;
    entry.url = replica.isEmpty() ? QUrl() : QUrl(replica);
    entry.keyEnv = QStringLiteral("LITELLM_MASTER_KEY");
    entry.configFile = QStringLiteral("/srv/a|b/config.yaml");
    entry.prometheusUrl = QUrl(QStringLiteral("http://prometheus:9090"));
    entry.matchers = matchers;
    entry.prometheusAuth = ProxyEntry::PrometheusAuth(auth);
    entry.prometheusUser = auth == 2 ? QStringLiteral("ops") : QString();
    const ProxyEntry back = ProxyEntry::deserialize(entry.serialize());
    QCOMPARE(back, entry);
    QVERIFY(back.isFleet());
    QVERIFY(back.label().contains(QStringLiteral("fleet via http://prometheus:9090")));
    // A single proxy's entry stays in its old form, so older builds still read it.
    ProxyEntry single = entry;
    single.prometheusUrl = QUrl();
    single.url = QUrl(QStringLiteral("http://127.0.0.1:4000"));
    QVERIFY(!single.serialize().startsWith(QStringLiteral("prometheus|")));
}

namespace {

QLineEdit *editWithPlaceholder(ProxyDialog &dialog, const QString &part)
{
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
        if (edit->placeholderText().contains(part)) {
            return edit;
        }
    }
    return nullptr;
}

QString problemShown(ProxyDialog &dialog)
{
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->isVisibleTo(&dialog) && label->wordWrap()) {
            return label->text();
        }
    }
    return {};
}

} // namespace

// The fleet entry: Prometheus' URL is required, the proxy URL is not, and bad matchers are
// refused with the reason.
void TestProxyDialog::fleetDialog()
{
    ProxyEntry entry;
    entry.prometheusUrl = QUrl(QStringLiteral("http://prometheus:9090"));
    entry.matchers = QStringLiteral(R"(job="litellm")");
    ProxyDialog dialog;
    dialog.setEntry(entry);
    const auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY2(ok->isEnabled(), qPrintable(problemShown(dialog)));
    QCOMPARE(dialog.entry(), entry);

    QLineEdit *matchers = editWithPlaceholder(dialog, QStringLiteral("job="));
    QVERIFY(matchers);
    matchers->setText(QStringLiteral("job=litellm"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problemShown(dialog).contains(QStringLiteral("Label matchers")),
             qPrintable(problemShown(dialog)));
    matchers->setText(QStringLiteral(R"(job="litellm")"));
    QVERIFY(ok->isEnabled());

    QLineEdit *prometheus = editWithPlaceholder(dialog, QStringLiteral("prometheus.internal"));
    QVERIFY(prometheus);
    prometheus->setText(QStringLiteral("ftp://prometheus"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(problemShown(dialog).contains(QStringLiteral("Prometheus' URL")));
}

// The token typed is handed over for the keychain and is in neither the entry nor its text.
void TestProxyDialog::fleetSecretNeverInTheEntry()
{
    ProxyEntry entry;
    entry.prometheusUrl = QUrl(QStringLiteral("http://prometheus:9090"));
    entry.prometheusAuth = ProxyEntry::PrometheusAuth::Bearer;
    ProxyDialog dialog;
    dialog.setEntry(entry);
    QLineEdit *secret = editWithPlaceholder(dialog, QStringLiteral("token"));
    QVERIFY(secret);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    secret->setText(QStringLiteral("tok-SECRET-123"));
    QCOMPARE(dialog.typedPrometheusSecret(), QStringLiteral("tok-SECRET-123"));
    QVERIFY(!dialog.entry().serialize().contains(QStringLiteral("SECRET")));
}

QTEST_MAIN(TestProxyDialog)
#include "tst_proxydialog.moc"
