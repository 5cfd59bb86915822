// The main window renders its start states offscreen and says plainly what is (not) there.

#include "emptystatepage.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

using headroom::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void startsWithNoProxyState();
    void demoRunningNamesTheProxy();
    void startErrorSaysWhatToDo();
    void rendersSomething();
    void quitHasShortcut();
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

void TestMainWindow::demoRunningNamesTheProxy()
{
    MainWindow window;
    window.showDemoRunning(QStringLiteral("http://127.0.0.1:4567"), QStringLiteral("cascade"));
    QCOMPARE(window.statePage()->title(), QStringLiteral("Demo proxy running"));
    QVERIFY(window.statePage()->explanation().contains(QStringLiteral("http://127.0.0.1:4567")));
    QVERIFY(window.statePage()->explanation().contains(QStringLiteral("\"cascade\"")));
    QCOMPARE(window.statusText(), QStringLiteral("Demo proxy: http://127.0.0.1:4567"));
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
    window.showDemoRunning(QStringLiteral("http://127.0.0.1:4567"), QStringLiteral("cascade"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 500);
    // Not a blank canvas: the page draws an icon and text in more than one colour.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            colours.insert(image.pixel(x, y));
        }
    }
    QVERIFY2(colours.size() > 4, qPrintable(QString::number(colours.size())));
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
            if (action->shortcut() == QKeySequence(QKeySequence::Quit)) {
                found = true;
            }
        }
    }
    QVERIFY(found);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
