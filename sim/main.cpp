// headroom-sim: serves a scenario as a LiteLLM proxy on 127.0.0.1 until interrupted.

#include "simengine.h"
#include "simoptions.h"
#include "simserver.h"

#include <csignal>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("headroom-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HEADROOM_VERSION));

    const auto parsed = headroom::sim::parseSimOptions(QCoreApplication::arguments());
    if (!parsed.options) {
        QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.output;
        return parsed.exitCode;
    }
    const auto &options = *parsed.options;
    auto scenario = headroom::sim::loadScenarioFor(options);
    if (!scenario) {
        QTextStream(stderr) << "headroom-sim: " << options.scenario << ": "
                            << scenario.error().toString() << '\n';
        return 2;
    }

    headroom::sim::SimEngine engine(std::move(scenario).value(), options.speed,
                                    options.metricNames);
    if (options.replica.shared() || options.epochMs) {
        engine.setReplica(options.replica, options.epochMs);
    }
    headroom::sim::SimServer server(engine);
    server.armAdminFault(options.adminFault);
    const quint16 port = server.listen(QHostAddress::LocalHost, options.port);
    if (port == 0) {
        QTextStream(stderr) << "headroom-sim: cannot listen on 127.0.0.1:" << options.port << '\n';
        return 2;
    }
    engine.start();
    QTextStream out(stdout);
    out << "listening on http://127.0.0.1:" << port << Qt::endl;

    // Ctrl-C and SIGTERM end the event loop so the process exits cleanly.
    for (const int sig : {SIGINT, SIGTERM}) {
        std::signal(sig, [](int) { QCoreApplication::quit(); });
    }
    return QCoreApplication::exec();
}
