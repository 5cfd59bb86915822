// Settings: the dialog shows and returns its values, refuses thresholds that cannot work, keeps
// the proxy list the operator edits; the proxy list file carries no secret and refuses what is
// not one; preferences round-trip through QSettings with nothing key-like in them; the level
// thresholds move the board's levels.

#include "analysis/headroomlevel.h"
#include "preferences.h"
#include "proxysettings.h"
#include "settingsdialog.h"

#include <QAbstractButton>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace headroom;
using namespace headroom::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

ProxyEntry entry(const QString &url, const QString &keyEnv = {})
{
    ProxyEntry e;
    e.url = QUrl(url);
    e.keyEnv = keyEnv;
    return e;
}

QPushButton *okButton(SettingsDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT
private slots:
    void valuesRoundTrip();
    void thresholds_data();
    void thresholds();
    void removeAndImportProxies();
    void proxyListFile_data();
    void proxyListFile();
    void proxyListCarriesNoSecret();
    void preferencesInSettings();
    void levelsFollowThresholds_data();
    void levelsFollowThresholds();
};

void TestSettingsDialog::valuesRoundTrip()
{
    SettingsDialog dialog;
    SettingsValues values;
    values.pollIntervalSeconds = 17;
    values.pollHealth = true;
    values.thresholds = {0.4, 0.05};
    values.chartWindowMinutes = 60;
    values.proxies = {entry(u"http://a:4000"_s, u"A_KEY"_s), entry(u"https://b"_s)};
    dialog.setValues(values);
    QCOMPARE(dialog.values(), values);
    QVERIFY(okButton(dialog)->isEnabled());
    if (const QString dir = qEnvironmentVariable("HEADROOM_SCREENSHOT_DIR"); !dir.isEmpty()) {
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(dir + u"/settings-dialog.png"_s));
    }
    QVERIFY(dialog.problem().isEmpty());
    // Restore defaults resets the settings, not the operator's list.
    dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::RestoreDefaults)->click();
    SettingsValues defaults;
    defaults.proxies = values.proxies;
    QCOMPARE(dialog.values(), defaults);
}

void TestSettingsDialog::thresholds_data()
{
    QTest::addColumn<double>("tight");
    QTest::addColumn<double>("critical");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("defaults") << 30.0 << 10.0 << true;
    QTest::newRow("close") << 11.0 << 10.0 << true;
    QTest::newRow("equal") << 10.0 << 10.0 << false;
    QTest::newRow("inverted") << 10.0 << 30.0 << false;
}

void TestSettingsDialog::thresholds()
{
    QFETCH(double, tight);
    QFETCH(double, critical);
    QFETCH(bool, accepted);
    SettingsDialog dialog;
    const auto boxes = dialog.findChildren<QDoubleSpinBox *>();
    QCOMPARE(boxes.size(), 2);
    boxes[0]->setValue(tight);
    boxes[1]->setValue(critical);
    QCOMPARE(okButton(dialog)->isEnabled(), accepted);
    QCOMPARE(dialog.problem().isEmpty(), accepted);
    if (!accepted) {
        QVERIFY(dialog.problem().contains(u"below \"tight\""_s));
    }
}

void TestSettingsDialog::removeAndImportProxies()
{
    SettingsDialog dialog;
    SettingsValues values;
    values.proxies = {entry(u"http://a"_s), entry(u"http://b"_s), entry(u"http://c"_s)};
    dialog.setValues(values);
    auto *list = dialog.findChild<QListWidget *>();
    QCOMPARE(list->count(), 3);
    QVERIFY(list->item(0)->text().contains(u"keychain"_s));
    list->item(1)->setSelected(true);
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == u"&Remove"_s) {
            button->click();
        }
    }
    QCOMPARE(dialog.values().proxies,
             (QList<ProxyEntry>{entry(u"http://a"_s), entry(u"http://c"_s)}));
    // An import replaces an entry with the same URL and appends the others.
    dialog.importProxies({entry(u"http://c"_s, u"C_KEY"_s), entry(u"http://d"_s)});
    QCOMPARE(dialog.values().proxies,
             (QList<ProxyEntry>{entry(u"http://a"_s), entry(u"http://c"_s, u"C_KEY"_s),
                                entry(u"http://d"_s)}));
    QCOMPARE(list->count(), 3);
    QVERIFY(list->item(1)->text().contains(u"$C_KEY"_s));
}

void TestSettingsDialog::proxyListFile_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("entries"); // -1: refused
    QTest::addColumn<QString>("problem");
    QTest::newRow("two") << QByteArray(R"({"headroom_proxies": 1, "proxies": [
        {"url": "http://a:4000", "key_env": "K", "insecure_tls": false, "config_file": ""},
        {"url": "https://b", "insecure_tls": true}]})")
                         << 2 << QString();
    QTest::newRow("empty list") << QByteArray(R"({"headroom_proxies": 1, "proxies": []})") << 0
                                << QString();
    QTest::newRow("not JSON") << QByteArray("url: x") << -1 << u"not JSON"_s;
    QTest::newRow("another file") << QByteArray(R"({"model_list": []})") << -1
                                  << u"not a Headroom proxy list"_s;
    QTest::newRow("a newer version") << QByteArray(R"({"headroom_proxies": 2, "proxies": []})")
                                     << -1 << u"not a Headroom proxy list"_s;
    QTest::newRow("no URL") << QByteArray(
                                   R"({"headroom_proxies": 1, "proxies": [{"key_env": "K"}]})")
                            << -1 << u"proxy 1"_s;
    QTest::newRow("a file URL")
        << QByteArray(R"({"headroom_proxies": 1, "proxies": [{"url": "file:///etc/passwd"}]})")
        << -1 << u"no http(s) URL"_s;
    QTest::newRow("huge") << (QByteArray(R"({"headroom_proxies": 1, "proxies": [], "x": ")") +
                              QByteArray(2 << 20, 'x') + "\"}")
                          << -1 << u"over 1 MiB"_s;
}

void TestSettingsDialog::proxyListFile()
{
    QFETCH(QByteArray, json);
    QFETCH(int, entries);
    QFETCH(QString, problem);
    QString error;
    const auto read = proxyListFromJson(json, &error);
    if (entries < 0) {
        QVERIFY(!read);
        QVERIFY2(error.contains(problem), qPrintable(error));
        return;
    }
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(int(read->size()), entries);
    // What is written reads back as the same entries.
    QString again;
    QCOMPARE(proxyListFromJson(proxyListToJson(*read), &again), read);
}

// A URL with a password and a signed query, and a key typed for the keychain, leave nothing in
// the exported file.
void TestSettingsDialog::proxyListCarriesNoSecret()
{
    ProxyEntry risky =
        entry(u"https://admin:hunter2-secret@proxy.example:4000/?sig=s3cr3t-sig"_s, u"PROXY_KEY"_s);
    const QByteArray json = proxyListToJson({risky});
    QVERIFY(!json.contains("hunter2-secret"));
    QVERIFY(!json.contains("s3cr3t-sig"));
    QVERIFY(!json.contains("admin"));
    QVERIFY(json.contains("PROXY_KEY")); // the variable's name, which is no secret
    QString error;
    const auto read = proxyListFromJson(json, &error);
    QVERIFY(read);
    QCOMPARE(read->value(0).url, QUrl(u"https://proxy.example:4000/"_s));
}

void TestSettingsDialog::preferencesInSettings()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"h.ini"_s), QSettings::IniFormat);
    QCOMPARE(app::loadPreferences(settings), app::Preferences{});
    app::Preferences p;
    p.pollIntervalSeconds = 30;
    p.pollHealth = true;
    p.thresholds = {0.5, 0.2};
    p.chartWindowMinutes = 1440;
    app::savePreferences(p, settings);
    app::storeProxies({entry(u"http://a"_s, u"K"_s).serialize()}, settings);
    settings.sync();
    QCOMPARE(app::loadPreferences(settings), p);
    QFile file(dir.filePath(u"h.ini"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(!stored.contains("sk-"));
    QVERIFY(!stored.toLower().contains("key=")); // no member holds a key, only key sources
    // A hand-edited file with values out of range falls back to the defaults one by one.
    settings.setValue(u"polling/interval_s"_s, 0);
    settings.setValue(u"headroom/critical_below"_s, 0.9);
    settings.setValue(u"charts/window_minutes"_s, 7);
    const app::Preferences fallback = app::loadPreferences(settings);
    QCOMPARE(fallback.pollIntervalSeconds, 5);
    QCOMPARE(fallback.thresholds, HeadroomThresholds{});
    QCOMPARE(fallback.chartWindowMinutes, 5);
    QVERIFY(fallback.pollHealth);
}

void TestSettingsDialog::levelsFollowThresholds_data()
{
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("withDefaults");
    QTest::addColumn<int>("withWider"); // tight 0.5, critical 0.25
    using L = HeadroomLevel;
    QTest::newRow("40 % left") << 0.40 << int(L::Healthy) << int(L::Tight);
    QTest::newRow("20 % left") << 0.20 << int(L::Tight) << int(L::Critical);
    QTest::newRow("5 % left") << 0.05 << int(L::Critical) << int(L::Critical);
    QTest::newRow("none left") << 0.0 << int(L::Exhausted) << int(L::Exhausted);
}

void TestSettingsDialog::levelsFollowThresholds()
{
    QFETCH(double, fraction);
    QFETCH(int, withDefaults);
    QFETCH(int, withWider);
    setHeadroomThresholds({});
    QCOMPARE(int(headroomLevel(fraction)), withDefaults);
    setHeadroomThresholds({0.5, 0.25});
    QCOMPARE(int(headroomLevel(fraction)), withWider);
    setHeadroomThresholds({0.1, 0.5}); // invalid: ignored
    QCOMPARE(int(headroomLevel(fraction)), withWider);
    setHeadroomThresholds({});
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
