// Headroom's entry point: parse the command line, then open the main window.

#include "commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("headroom"));
    QApplication::setApplicationDisplayName(QStringLiteral("Headroom"));
    QApplication::setOrganizationName(QStringLiteral("Headroom"));
    QApplication::setApplicationVersion(QStringLiteral(HEADROOM_VERSION));

    const auto parsed = headroom::app::parseCommandLine(QApplication::arguments());
    if (!parsed.commandLine) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
        return parsed.exitCode;
    }

    headroom::ui::MainWindow window;
    if (parsed.commandLine->demo) {
        window.showStartState(headroom::ui::MainWindow::StartState::DemoUnavailable);
    }
    window.show();
    return QApplication::exec();
}
