// The main window renders its start states offscreen and says plainly what is (not) there.

#include "emptystatepage.h"
#include "mainwindow.h"
#include "proxydialog.h"
#include "settingsdialog.h"
#include "shortcutsdialog.h"
#include "store/metricsstore.h"

#include <functional>
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QGraphicsView>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using headroom::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void startsWithNoProxyState();
    void watchShowsConnectingUntilData();
    void startErrorSaysWhatToDo();
    void rendersSomething();
    void quitHasShortcut();
    void chainOriginInTheStatusBar();
    void shortcutsListEveryMenuAction();
    void everyMenuActionHasKeysAndAName();
    void everyControlHasAnAccessibleName();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestMainWindow::startsWithNoProxyState()
{
    MainWindow window;
    QCOMPARE(window.statePage()->title(), QStringLiteral("No proxy to watch"));
    QCOMPARE(window.statusText(), QStringLiteral("Not connected"));
}

void TestMainWindow::watchShowsConnectingUntilData()
{
    MainWindow window;
    headroom::MetricsStore store;
    headroom::ui::ProxyEntry proxy;
    proxy.url = QUrl(QStringLiteral("http://127.0.0.1:4567"));
    window.watch(proxy, &store, QStringLiteral("The demo."));
    QCOMPARE(window.statePage()->title(), QStringLiteral("Connecting to http://127.0.0.1:4567…"));
    QCOMPARE(window.statePage()->explanation(), QStringLiteral("The demo."));
    QVERIFY(!window.boardShown());
    QCOMPARE(window.pollAgeText(), QStringLiteral("No data yet"));

    headroom::PollOutcome refused;
    refused.state = headroom::PollOutcome::State::AuthRefused;
    refused.endpoint = QStringLiteral("/model/info");
    refused.httpStatus = 401;
    refused.reason = QStringLiteral("Authentication Error, No api key passed in.");
    window.pollFinished(refused);
    QCOMPARE(window.statePage()->title(), QStringLiteral("The proxy refused the key"));
    QVERIFY(window.statePage()->nextStep().contains(QStringLiteral("Ctrl+O")));
    QVERIFY(window.statusText().contains(QStringLiteral("/model/info: auth refused (HTTP 401)")));
}

void TestMainWindow::startErrorSaysWhatToDo()
{
    MainWindow window;
    window.showStartError(QStringLiteral("It failed"), QStringLiteral("Because."),
                          QStringLiteral("Do this."));
    QCOMPARE(window.statePage()->title(), QStringLiteral("It failed"));
    QCOMPARE(window.statePage()->nextStep(), QStringLiteral("Do this."));
    QCOMPARE(window.statusText(), QStringLiteral("Not connected"));
}

void TestMainWindow::rendersSomething()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 500);
    // What the first window must show: the empty-state page's title, drawn (dark text in the
    // title label's rectangle of the screenshot), and a status bar that says where it stands.
    const QString title = window.statePage()->title();
    QVERIFY(!title.isEmpty());
    const QLabel *titleLabel = nullptr;
    for (const QLabel *label : window.statePage()->findChildren<QLabel *>()) {
        if (label->text() == title) {
            titleLabel = label;
        }
    }
    QVERIFY2(titleLabel && titleLabel->isVisible(), qPrintable(title));
    const QRect area(titleLabel->mapTo(&window, QPoint(0, 0)), titleLabel->size());
    int dark = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            dark += qGray(image.pixel(x, y)) < 110 ? 1 : 0;
        }
    }
    QVERIFY2(dark >= 40 * title.size() / 10,
             qPrintable(QStringLiteral("%1 dark pixels for \"%2\"").arg(dark).arg(title)));
    QVERIFY(!window.statusText().isEmpty());
    if (const QByteArray out = qgetenv("HEADROOM_SCREENSHOT_DIR"); !out.isEmpty()) {
        image.save(QString::fromLocal8Bit(out) + QStringLiteral("/mainwindow-demo.png"));
    }
}

void TestMainWindow::quitHasShortcut()
{
    MainWindow window;
    bool found = false;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *action : menu->menu()->actions()) {
            // Never empty (the platform's Quit binding is, offscreen): Ctrl+Q at least.
            if (action->text().remove(u'&') == u"Quit" && !action->shortcut().isEmpty()) {
                found = action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Q)) ||
                        action->shortcuts() == QKeySequence::keyBindings(QKeySequence::Quit);
            }
        }
    }
    QVERIFY(found);
}

// Where the chain came from, in words; a chain that cannot be read says so and why.
void TestMainWindow::chainOriginInTheStatusBar()
{
    MainWindow window;
    QVERIFY(window.chainOriginText().isEmpty());
    window.setChainOrigin(QStringLiteral("the proxy (GET http://127.0.0.1:4000/router/settings)"));
    QCOMPARE(window.chainOriginText(),
             QStringLiteral("Chain: the proxy (GET http://127.0.0.1:4000/router/settings)"));
    window.setChainOrigin(QStringLiteral("the proxy"),
                          QStringLiteral("This key cannot read the router settings."));
    QCOMPARE(window.chainOriginText(),
             QStringLiteral("Chain unknown: This key cannot read the router settings."));
}

// Every action in the menus can be reached from the keyboard and read by a screen reader: a
// shortcut (beside the menu's own mnemonics), and a name (its text, which Qt gives to the
// accessibility tree) or an accessible description.
void TestMainWindow::everyMenuActionHasKeysAndAName()
{
    MainWindow window;
    QStringList missing;
    int walked = 0;
    std::function<void(const QMenu *)> walk = [&](const QMenu *menu) {
        for (const QAction *action : menu->actions()) {
            if (action->isSeparator()) {
                continue;
            }
            if (action->menu()) {
                walk(action->menu());
                continue;
            }
            ++walked;
            const QString name = action->text().remove(u'&').trimmed();
            if (name.isEmpty()) {
                missing << QStringLiteral("an action without a name in %1").arg(menu->title());
            } else if (action->shortcuts().isEmpty()) {
                missing << name;
            }
        }
    };
    for (const QAction *menu : window.menuBar()->actions()) {
        QVERIFY2(menu->text().contains(u'&'), qPrintable(menu->text())); // Alt+letter opens it
        walk(menu->menu());
    }
    QVERIFY(walked >= 12);
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("without keys: ") + missing.join(u", ")));
}

namespace {

// The controls and item views under `root` that a screen reader could not name: no accessible
// name, no text of their own (a button's), no label whose buddy they are.
QStringList unnamedControls(QWidget *root)
{
    QSet<const QWidget *> buddies;
    for (const QLabel *label : root->findChildren<QLabel *>()) {
        if (label->buddy()) {
            buddies.insert(label->buddy());
        }
    }
    QStringList unnamed;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        const bool control =
            qobject_cast<QAbstractItemView *>(widget) || qobject_cast<QLineEdit *>(widget) ||
            qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSpinBox *>(widget) ||
            qobject_cast<QAbstractButton *>(widget) || qobject_cast<QGraphicsView *>(widget);
        if (!control || qobject_cast<QLineEdit *>(widget->parentWidget()) ||
            qobject_cast<QComboBox *>(widget->parentWidget()) ||
            qobject_cast<QAbstractSpinBox *>(widget->parentWidget()) ||
            qobject_cast<QHeaderView *>(widget) ||
            qobject_cast<QAbstractItemView *>(widget->parentWidget()) ||
            widget->objectName().startsWith(u"qt_") ||
            QByteArray(widget->metaObject()->className()) == "QComboBoxListView") {
            // Parts of a control (a combo box's line edit and popup, a view's headers) and Qt's
            // own extension buttons, which Qt names.
            continue;
        }
        const auto *button = qobject_cast<QAbstractButton *>(widget);
        const bool named = !widget->accessibleName().isEmpty() || buddies.contains(widget) ||
                           (button && !button->text().remove(u'&').trimmed().isEmpty());
        if (!named) {
            unnamed << QStringLiteral("%1 \"%2\" in %3")
                           .arg(QString::fromLatin1(widget->metaObject()->className()),
                                widget->objectName(),
                                QString::fromLatin1(
                                    widget->parentWidget()
                                        ? widget->parentWidget()->metaObject()->className()
                                        : "nothing"));
        }
    }
    return unnamed;
}

} // namespace

// A screen reader names every control and item view of the window: an accessible name, or text
// of its own (a button's, a check box's), or a label that is its buddy.
void TestMainWindow::everyControlHasAnAccessibleName()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showView(MainWindow::View::Graph);
    window.showView(MainWindow::View::Board);
    QStringList unnamed = unnamedControls(&window);
    headroom::ui::ProxyDialog proxy;
    headroom::ui::SettingsDialog settings;
    headroom::ui::ShortcutsDialog shortcuts(*window.menuBar());
    for (QWidget *dialog : std::initializer_list<QWidget *>{&proxy, &settings, &shortcuts}) {
        for (const QString &name : unnamedControls(dialog)) {
            unnamed << QString::fromLatin1(dialog->metaObject()->className()) +
                           QStringLiteral(": ") + name;
        }
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u'\n')));
}

// Help → Keyboard Shortcuts lists every menu action that has keys, with those keys: read from
// the actions, so an action added later is listed too.
void TestMainWindow::shortcutsListEveryMenuAction()
{
    MainWindow window;
    const auto *open = window.findChild<QAction *>(QStringLiteral("keyboardShortcuts"));
    QVERIFY(open);
    QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Slash));
    headroom::ui::ShortcutsDialog dialog(*window.menuBar());
    const auto *table = dialog.findChild<QTableWidget *>();
    QVERIFY(table);
    QSet<QString> rows;
    for (int row = 0; row < table->rowCount(); ++row) {
        rows.insert(table->item(row, 1)->text() + u'|' + table->item(row, 2)->text());
    }
    int listed = 0;
    for (const QAction *menu : window.menuBar()->actions()) {
        for (const QAction *action : menu->menu()->actions()) {
            if (action->shortcut().isEmpty()) {
                continue;
            }
            const QString first =
                action->shortcuts().constFirst().toString(QKeySequence::NativeText);
            const QString name = action->text().remove(u'&');
            const bool found = std::any_of(rows.begin(), rows.end(), [&](const QString &row) {
                return row.startsWith(name + u'|') && row.contains(first);
            });
            QVERIFY2(found, qPrintable(name + QStringLiteral(" (") + first + u')'));
            ++listed;
        }
    }
    QVERIFY(listed >= 10); // open, quit, poll, pause, views, filter, chart windows, help
    if (const QString dir = qEnvironmentVariable("HEADROOM_SCREENSHOT_DIR"); !dir.isEmpty()) {
        dialog.show();
        dialog.grab().save(dir + QStringLiteral("/shortcuts-dialog.png"));
    }
    QVERIFY(rows.contains(QStringLiteral("Poll Now|") +
                          QKeySequence(QKeySequence::Refresh).toString(QKeySequence::NativeText)));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
