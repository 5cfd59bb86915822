#pragma once
// An incident snapshot as a value: what a store held over a time window (series at the store's
// resolution, events), the chain and router settings in force and their changes, the cascade
// predictions, the inventory of groups and deployments, and where and how it was recorded.
// Written and read by snapshot/snapshotjson.h; the format is docs/snapshot-format.md.

#include "chain/fallbackchain.h"
#include "predict/cascadeprediction.h"
#include "store/eventlog.h"
#include "store/metricsstore.h"

#include <optional>
#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

// The schema this Headroom writes; the reader opens every version from 1 to this one.
constexpr int kSnapshotSchemaVersion = 1;

struct SnapshotEnvironment {
    QString headroomVersion;
    QString proxyVersion; // LiteLLM's version from /health/readiness; empty if unknown
    QString proxyHost;    // the proxy's base URL, without userinfo or query
    QString timeZone;     // IANA id of the exporting machine ("Europe/Paris")
    qint64 pollIntervalMs = 0;
    qint64 exportedAtMs = 0;
    friend bool operator==(const SnapshotEnvironment &, const SnapshotEnvironment &) = default;
};

// One tier's time axis over the window: the time of each slot (a raw sample's time, or a
// bucket's start). Every series' values of that tier are aligned with it.
struct SnapshotAxis {
    TierSpec spec;
    std::vector<qint64> timesMs;
};

// One series over the window: per tier, a value per slot of the axis, NaN for a gap. A raw tier
// has mean only (min = max = mean); a bucket tier all three.
struct SnapshotSeries {
    SeriesKey key;
    struct Tier {
        std::vector<float> min;
        std::vector<float> max;
        std::vector<float> mean;
    };
    std::vector<Tier> tiers; // one per axis
};

// The chain (fallbacks, router settings, where it was read) in force from sinceMs on.
struct SnapshotChain {
    qint64 sinceMs = 0;
    FallbackChain chain;
};

struct SnapshotPrediction {
    qint64 timeMs = 0;
    CascadePrediction prediction;
};

// What a group and a deployment were, as the latest sample of the window listed them.
struct SnapshotDeployment {
    QString id;
    QString group;
    QString model;
    QString provider;
    QString apiBase; // redacted on the way in (formats/redaction.h)
    QString credentialFingerprint;
    std::optional<double> cooldownSeconds;
    std::optional<qint64> maxInputTokens;
    friend bool operator==(const SnapshotDeployment &, const SnapshotDeployment &) = default;
};
struct SnapshotGroup {
    QString group;
    QStringList providers;
    QStringList deploymentIds;
    friend bool operator==(const SnapshotGroup &, const SnapshotGroup &) = default;
};

// A change Headroom pushed to the proxy. The push client does not record them yet: the list is
// in the format (always empty for now) so that snapshots written today stay readable then.
struct SnapshotPush {
    qint64 timeMs = 0;
    QString summary;
    QString outcome;
    friend bool operator==(const SnapshotPush &, const SnapshotPush &) = default;
};

struct Snapshot {
    int schemaVersion = kSnapshotSchemaVersion; // the version the file was written in
    SnapshotEnvironment environment;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    std::vector<SnapshotAxis> axes;
    std::vector<SnapshotSeries> series;
    std::vector<Event> events;
    std::vector<SnapshotChain> chains; // oldest first; the first is in force at fromMs
    std::vector<SnapshotPrediction> predictions;
    std::vector<SnapshotGroup> groups;
    std::vector<SnapshotDeployment> deployments;
    std::vector<SnapshotPush> pushes;

    const SnapshotSeries *find(const SeriesKey &key) const;
    // The chain in force at timeMs (the first one before the first change); null without any.
    const FallbackChain *chainAt(qint64 timeMs) const;
    // The latest prediction made at or before timeMs; null if none was.
    const CascadePrediction *predictionAt(qint64 timeMs) const;
};

bool sameSeriesKey(const SeriesKey &a, const SeriesKey &b);
// Equal field by field, NaN equal to NaN (gaps), floats compared bit for bit: what a round trip
// must give back. On a difference, `where` (if given) says the first one.
bool sameSnapshot(const Snapshot &a, const Snapshot &b, QString *where = nullptr);

QString scopeName(Scope scope); // "group", "deployment", "edge"
std::optional<Scope> scopeFromName(const QString &name);
std::optional<Metric> metricFromName(const QString &name);
std::optional<EventKind> eventKindFromName(const QString &name);
std::optional<Severity> severityFromName(const QString &name);

} // namespace headroom
