#include "demoproxy.h"

#include "simengine.h"
#include "simoptions.h"
#include "simserver.h"

namespace headroom::app {

DemoProxy::DemoProxy(QObject *parent)
    : QObject(parent)
{}

// The server refers to the engine: destroy it first.
DemoProxy::~DemoProxy()
{
    m_server.reset();
    m_engine.reset();
}

bool DemoProxy::start(const QString &scenario, double speed)
{
    const auto parsed =
        sim::parseSimOptions({QStringLiteral("headroom-sim"), QStringLiteral("--scenario"),
                              scenario, QStringLiteral("--speed"), QString::number(speed)});
    if (!parsed.options) {
        m_error = parsed.output.trimmed();
        return false;
    }
    auto loaded = sim::loadScenarioFor(*parsed.options);
    if (!loaded) {
        m_error = QStringLiteral("The demo scenario \"%1\" could not be loaded: %2")
                      .arg(scenario, loaded.error().toString());
        return false;
    }
    m_scenarioName = loaded.value().name;
    m_engine = std::make_unique<sim::SimEngine>(std::move(loaded).value(), speed,
                                                sim::MetricNames::Current);
    m_server = std::make_unique<sim::SimServer>(*m_engine);
    const quint16 port = m_server->listen(QHostAddress::LocalHost, 0);
    if (port == 0) {
        m_error = QStringLiteral("The demo proxy could not listen on 127.0.0.1.");
        m_server.reset();
        m_engine.reset();
        return false;
    }
    m_engine->start();
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    return true;
}

QString DemoProxy::masterKey() const
{
    return m_engine ? m_engine->scenario().masterKey : QString();
}

} // namespace headroom::app
