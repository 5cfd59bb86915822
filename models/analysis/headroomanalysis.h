#pragma once
// How much RPM and TPM each deployment and model group has left, and when it will run out if the
// recent trend goes on: pure functions over a MetricsStore.

#include "store/metricsstore.h"

#include <optional>
#include <span>
#include <vector>

namespace headroom {

struct AnalysisOptions {
    qint64 usageWindowMs = 60'000;  // "used" = the mean rate over this window, per minute
    qint64 trendWindowMs = 120'000; // the trend is fitted over this window
    int minTrendPoints = 3;
};

enum class UsageSource {
    None,           // no way to tell
    Counters,       // rates from /metrics counters (preferred)
    ClientRequests, // a group whose deployments have no counters: what clients asked of it
    RemainingGauge, // limit − LiteLLM's remaining gauge (no counters): coarse, see .cpp
};

struct Headroom {
    std::optional<double> limit;    // per minute
    std::optional<double> used;     // per minute
    std::optional<double> headroom; // limit − used, never below 0
    std::optional<double> fraction; // headroom / limit, within 0..1; none without a limit
    // Seconds until used reaches the limit on the fitted trend; 0 when already there; none when
    // flat, falling, or unknown.
    std::optional<double> secondsToExhaustion;
    UsageSource source = UsageSource::None;
};

struct EntityHeadroom {
    QString name;  // deployment id, or group
    QString group; // deployments: their group
    Headroom rpm;
    Headroom tpm;
};

struct TrendPoint {
    qint64 timeMs = 0;
    double value = 0;
};

// Least-squares line through the points: slope per second and the fitted value at the last
// point's time. None with fewer than two points or all at one time.
struct Trend {
    double slopePerSecond = 0;
    double valueAtLast = 0;
};
std::optional<Trend> fitTrend(std::span<const TrendPoint> points);

// Seconds until `used`, the reading the limit is compared with (the mean over the last minute,
// what an RPM/TPM limit counts), reaches limit at the slope of the usage's fitted trend: 0 when
// used is already there, never 0 below it (a group that is not exhausted does not run out
// "now", whatever the trend's fitted last value says); none if the trend is not rising or has
// fewer than minPoints. On a steady ramp the minute's mean rises at the ramp's slope, so this is
// when the limit's own count reaches it.
std::optional<double> timeToExhaustion(std::span<const TrendPoint> usage, double used, double limit,
                                       int minPoints = 3);

// Headroom from a limit, a usage and a time to exhaustion (clamping and fractions).
Headroom makeHeadroom(std::optional<double> limit, std::optional<double> used,
                      std::optional<double> secondsToExhaustion, UsageSource source);

enum class Side { Requests, Tokens };

// The group series a usage is read from and the factor that makes it per minute: the same line
// for the table's figures and the chart's plot.
struct UsageSeries {
    SeriesKey key;
    double perMinute = 60.0;
    UsageSource source = UsageSource::None;
};
UsageSeries groupUsageSeries(const MetricsStore &store, const QString &group, Side side);

// How many upstream attempts one request to a group cost: its deployments' attempts (retries
// included) per request that reached it, a client's or a fallback hop from another group (the
// hop's own retries land here too). None without attempts or without any request to divide by.
std::optional<double> attemptsPerRequest(std::optional<double> attemptsPerSec,
                                         std::optional<double> clientRequestsPerSec,
                                         std::optional<double> fallbacksInPerSec);

EntityHeadroom deploymentHeadroom(const MetricsStore &store, const QString &id,
                                  const AnalysisOptions &options = {});
// A group's deployments summed: their limits (or the group's own) against their attempts.
EntityHeadroom groupHeadroom(const MetricsStore &store, const QString &group,
                             const AnalysisOptions &options = {});
// Every deployment / group of the latest sample, in its order.
std::vector<EntityHeadroom> deploymentHeadrooms(const MetricsStore &store,
                                                const AnalysisOptions &options = {});
std::vector<EntityHeadroom> groupHeadrooms(const MetricsStore &store,
                                           const AnalysisOptions &options = {});

} // namespace headroom
