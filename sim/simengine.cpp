#include "simengine.h"

#include <algorithm>

namespace headroom::sim {

namespace {
// The most simulated time one catch-up may run, so a stalled event loop (or a huge --speed)
// never turns one timer tick into seconds of work; the clock is then reset to where we got.
constexpr int kMaxTicksPerCatchUp = 3600;
} // namespace

SimEngine::SimEngine(Scenario scenario, double speed, MetricNames metricNames, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_speed(std::max(speed, 0.001))
    , m_metricNames(metricNames)
    , m_model(std::make_unique<router::RouterModel>(
          router::RouterSpec::fromConfig(m_scenario.config), m_scenario.seed))
{
    m_model->setFaults(m_scenario.faults);
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, &SimEngine::catchUp);
}

SimEngine::~SimEngine() = default;

void SimEngine::start()
{
    m_wallOrigin = m_model->now();
    m_wall.start();
    m_running = true;
    m_timer.start();
}

void SimEngine::advanceBy(double seconds)
{
    runTicks(m_model->now() + seconds);
}

double SimEngine::now() const
{
    return m_model->now();
}

router::Outcome SimEngine::route(const router::Request &request)
{
    catchUp();
    return m_model->route(request);
}

QByteArray SimEngine::metricsText()
{
    catchUp();
    return m_exposition.render(*m_model, m_metricNames);
}

bool SimEngine::runtimeChangesAllowed() const
{
    return m_scenario.config.storeModelInDb;
}

void SimEngine::setFallbacks(const FallbackConfig &fallbacks)
{
    m_model->setFallbacks(fallbacks);
}

void SimEngine::setSettings(const RouterSettings &settings)
{
    m_model->setSettings(settings);
}

bool SimEngine::deploymentDown(const QString &deploymentId) const
{
    const double t = m_model->now();
    for (const router::Fault &fault : m_scenario.faults) {
        if (fault.kind != router::Fault::Kind::Outage || t < fault.start || t >= fault.end) {
            continue;
        }
        if (!fault.deploymentId.isEmpty()) {
            if (fault.deploymentId == deploymentId) {
                return true;
            }
            continue;
        }
        for (const Deployment &d : m_model->spec().deployments) {
            if (d.id == deploymentId &&
                (fault.provider.isEmpty() || fault.provider == d.provider)) {
                return true;
            }
        }
    }
    return false;
}

void SimEngine::catchUp()
{
    if (!m_running) {
        return;
    }
    const double target = m_wallOrigin + double(m_wall.elapsed()) / 1000.0 * m_speed;
    const double reachable = m_model->now() + kMaxTicksPerCatchUp * m_scenario.tickSeconds;
    if (target > reachable) {
        // Fall behind gracefully: run what fits and let the clock slip instead of stalling.
        runTicks(reachable);
        m_wallOrigin = m_model->now() - double(m_wall.elapsed()) / 1000.0 * m_speed;
        return;
    }
    runTicks(target);
}

void SimEngine::runTicks(double until)
{
    const double tick = m_scenario.tickSeconds;
    bool moved = false;
    while (m_model->now() + tick <= until + 1e-9) {
        m_model->tick(demandAt(m_model->now()), tick);
        moved = true;
    }
    if (moved) {
        emit advanced(m_model->now());
    }
}

std::vector<router::GroupDemand> SimEngine::demandAt(double t) const
{
    std::vector<router::GroupDemand> demand;
    demand.reserve(m_scenario.demand.size());
    for (const GroupDemandSpec &spec : m_scenario.demand) {
        demand.push_back(
            {spec.group, spec.curve.at(t), spec.inputTokens.mean, spec.outputTokens.mean});
    }
    return demand;
}

} // namespace headroom::sim
