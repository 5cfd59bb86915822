// Headroom's entry point: parse the command line, then open the main window.

#include "commandline.h"
#include "headlesscommands.h"
#include "mainwindow.h"
#include "windowcontroller.h"

#include <csignal>
#include <cstring>
#include <QApplication>
#include <QTextStream>

namespace {

// --help and --version print and exit: they must work where no display is (a terminal over ssh,
// a package's post-install check), so they are answered before a QApplication exists.
bool asksOnlyForText(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (headroom::app::isHeadlessCommand(argc, argv)) {
        // inspect and watch run where there is no display: no QApplication.
        QCoreApplication application(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("headroom"));
        QCoreApplication::setOrganizationName(QStringLiteral("Headroom"));
        QCoreApplication::setApplicationVersion(QStringLiteral(HEADROOM_VERSION));
        for (const int sig : {SIGINT, SIGTERM}) {
            std::signal(sig, [](int) { QCoreApplication::quit(); });
        }
        QTextStream out(stdout);
        QTextStream err(stderr);
        return headroom::app::runHeadlessCommand(QCoreApplication::arguments(), out, err);
    }

    if (asksOnlyForText(argc, argv)) {
        QCoreApplication application(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("headroom"));
        QCoreApplication::setApplicationVersion(QStringLiteral(HEADROOM_VERSION));
        const auto parsed = headroom::app::parseCommandLine(QCoreApplication::arguments());
        if (!parsed.commandLine) {
            QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
            return parsed.exitCode;
        }
    }

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
    headroom::app::WindowController controller(window, *parsed.commandLine);
    QObject::connect(&controller, &headroom::app::WindowController::finished, &application,
                     &QCoreApplication::exit);
    window.show();
    controller.start();
    return QApplication::exec();
}
