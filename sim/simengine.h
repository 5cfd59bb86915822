#pragma once
// The simulated proxy's state: the router model, its clock (simulated time runs `speed` times
// faster than wall time), the scenario's background demand, and runtime config changes.

#include "metricsexposition.h"
#include "router/routermodel.h"
#include "scenario.h"

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace headroom::sim {

class SimEngine : public QObject {
    Q_OBJECT
public:
    SimEngine(Scenario scenario, double speed, MetricNames metricNames, QObject *parent = nullptr);
    ~SimEngine() override;

    // Starts the clock: from now on simulated time follows wall time × speed.
    void start();
    // Shared-limit mode (replicashare.h): this engine is one replica of a fleet. Set before
    // start(). epochMs (ms since the Unix epoch) is the wall time at which simulated time 0 began,
    // the same for every replica, so all of them hold the same shared state at the same moment.
    void setReplica(ReplicaShare share, std::optional<qint64> epochMs);
    ReplicaShare replica() const { return m_share; }
    // This replica's counters (its share of the fleet's) and the shared gauges, read from the
    // model rather than from /metrics: what the tests compare the fleet's sums with.
    nlohmann::json groundTruth();
    // Tests drive the clock by hand instead: runs the background demand for `seconds`.
    void advanceBy(double seconds);
    double now() const;

    // One client request at the current simulated time.
    router::Outcome route(const router::Request &request);

    const Scenario &scenario() const { return m_scenario; }
    const router::RouterModel &model() const { return *m_model; }
    MetricNames metricNames() const { return m_metricNames; }
    QByteArray metricsText();

    // Runtime changes, as the admin API makes them; they apply from the next request or tick.
    bool runtimeChangesAllowed() const;
    FallbackConfig fallbacks() const { return m_model->spec().fallbacks; }
    void setFallbacks(const FallbackConfig &fallbacks);
    void setSettings(const RouterSettings &settings);

    bool deploymentDown(const QString &deploymentId) const;

signals:
    void advanced(double simulatedSeconds);

private:
    void catchUp();
    void runTicks(double until);
    std::vector<router::GroupDemand> demandAt(double t) const;

    Scenario m_scenario;
    double m_speed;
    MetricNames m_metricNames;
    std::unique_ptr<router::RouterModel> m_model;
    MetricsExposition m_exposition;
    ReplicaShare m_share;
    std::optional<qint64> m_epochMs;
    QElapsedTimer m_wall;
    double m_wallOrigin = 0; // simulated time when the clock started
    QTimer m_timer;
    bool m_running = false;
};

} // namespace headroom::sim
