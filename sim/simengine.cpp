#include "simengine.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <QDateTime>

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

void SimEngine::setReplica(ReplicaShare share, std::optional<qint64> epochMs)
{
    m_share = share;
    m_epochMs = epochMs;
}

void SimEngine::start()
{
    m_wallOrigin = m_model->now();
    if (m_epochMs) {
        // Simulated time is counted from the fleet's epoch, not from this process's start.
        m_wallOrigin =
            std::max(0.0, double(QDateTime::currentMSecsSinceEpoch() - *m_epochMs) / 1000.0) *
            m_speed;
    }
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
    return m_exposition.render(*m_model, m_metricNames, m_share);
}

nlohmann::json SimEngine::groundTruth()
{
    catchUp();
    // The same split as /metrics writes (each leaf count shared on its own), so a replica's
    // truth is what its own exposition says, and the replicas' truths add up to the fleet's.
    const auto share = [this](double value) {
        return m_share.of(value);
    };
    const auto whole = [](double value) {
        return std::floor(value + 1e-9);
    };
    nlohmann::json groups = nlohmann::json::object();
    for (const router::GroupCounters &g : m_model->groupCounters()) {
        const double failed = whole(g.failed);
        const double rateLimited = whole(g.rateLimited);
        const double requests =
            share(whole(g.requests) - failed) + share(rateLimited) + share(failed - rateLimited);
        groups[g.group.toStdString()] = {
            {"requests", requests},
            {"failed", share(rateLimited) + share(failed - rateLimited)},
            {"rate_limited", share(rateLimited)},
            {"router_rejects", share(g.routerRejects)}};
    }
    nlohmann::json deployments = nlohmann::json::object();
    for (const router::DeploymentCounters &c : m_model->deploymentCounters()) {
        const double rateLimited = whole(c.rateLimited);
        deployments[c.id.toStdString()] = {
            {"group", c.group.toStdString()},
            {"successes", share(c.successes)},
            {"failures", share(rateLimited) + share(whole(c.failures) - rateLimited)},
            {"rate_limited", share(rateLimited)},
            {"tokens", share(c.tokens)},
            {"cooldowns", share(c.cooldowns)},
            {"remaining_requests", m_exposition.remainingRequests(c.id)},
            {"remaining_tokens", m_exposition.remainingTokens(c.id)}};
    }
    nlohmann::json fallbacks = nlohmann::json::array();
    for (const router::EdgeCounters &e : m_model->edgeCounters()) {
        fallbacks.push_back({{"from", e.from.toStdString()},
                             {"to", e.to.toStdString()},
                             {"successes", share(e.successes)},
                             {"failures", share(e.failures)}});
    }
    return {{"replica", m_share.index + 1},
            {"replicas", m_share.count},
            {"time", m_model->now()},
            {"groups", std::move(groups)},
            {"deployments", std::move(deployments)},
            {"fallbacks", std::move(fallbacks)}};
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
