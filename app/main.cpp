// Headroom's entry point: parse the command line, then open the main window.

#include "commandline.h"
#include "demoproxy.h"
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
    // Owned by the application object: the simulator stops when Headroom quits.
    auto *demo = new headroom::app::DemoProxy(&application);
    if (parsed.commandLine->demo) {
        if (demo->start()) {
            window.showDemoRunning(demo->url().toString(), demo->scenarioName());
        } else {
            window.showStartError(QObject::tr("The demo proxy did not start"), demo->errorString(),
                                  QObject::tr("Run headroom-sim by hand to see its output."));
        }
    }
    window.show();
    return QApplication::exec();
}
