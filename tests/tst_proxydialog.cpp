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

QTEST_MAIN(TestProxyDialog)
#include "tst_proxydialog.moc"
