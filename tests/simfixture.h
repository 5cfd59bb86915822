#pragma once
// headroom-sim in-process on 127.0.0.1 (port 0) for the integration tests: a scenario served by a
// SimEngine whose clock the test drives by hand (advanceBy), so the ground truth is exact.

#include "simengine.h"
#include "simserver.h"

#include <memory>
#include <QUrl>

namespace headroom::test {

// A built-in scenario's resource path for a bare name ("cascade"), else the path as given.
inline QString scenarioPath(const QString &nameOrPath)
{
    return nameOrPath.contains(u'/')
               ? nameOrPath
               : QStringLiteral(":/headroom/scenarios/%1.yaml").arg(nameOrPath);
}

struct RunningSim {
    std::unique_ptr<sim::SimEngine> engine;
    std::unique_ptr<sim::SimServer> server;
    QUrl url;
    QString key;
    quint16 port = 0;

    // (Re)starts the simulator, on wantedPort or a free one; false when the scenario does not
    // load or the port cannot be had.
    bool start(const QString &scenario, sim::MetricNames names = sim::MetricNames::Current,
               quint16 wantedPort = 0)
    {
        server.reset(); // it serves the engine: first to go
        engine.reset();
        auto loaded = sim::loadScenario(scenarioPath(scenario));
        if (!loaded) {
            qWarning("%s", qPrintable(loaded.error().toString()));
            return false;
        }
        key = loaded.value().masterKey;
        engine = std::make_unique<sim::SimEngine>(std::move(loaded).value(), 1.0, names);
        server = std::make_unique<sim::SimServer>(*engine);
        port = server->listen(QHostAddress::LocalHost, wantedPort);
        url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        return port != 0;
    }
};

inline RunningSim startSim(const QString &scenario,
                           sim::MetricNames names = sim::MetricNames::Current)
{
    RunningSim running;
    running.start(scenario, names);
    return running;
}

} // namespace headroom::test
