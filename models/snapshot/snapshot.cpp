#include "snapshot/snapshot.h"

#include "predict/predictionjson.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace headroom {

namespace {

bool sameFloats(const std::vector<float> &a, const std::vector<float> &b)
{
    // Bit for bit: a round trip through text must give back the very float, and NaN is a gap.
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool sameEvent(const Event &a, const Event &b)
{
    return a.seq == b.seq && a.timeMs == b.timeMs && a.kind == b.kind && a.severity == b.severity &&
           a.group == b.group && a.deployment == b.deployment && a.edgeFrom == b.edgeFrom &&
           a.edgeTo == b.edgeTo && a.message == b.message;
}

template<typename T, typename Same>
bool sameList(const std::vector<T> &a, const std::vector<T> &b, Same same, const char *what,
              QString *where)
{
    if (a.size() != b.size()) {
        if (where != nullptr) {
            *where = QStringLiteral("%1: %2 against %3 entries")
                         .arg(QLatin1String(what))
                         .arg(a.size())
                         .arg(b.size());
        }
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!same(a[i], b[i])) {
            if (where != nullptr) {
                *where = QStringLiteral("%1[%2]").arg(QLatin1String(what)).arg(i);
            }
            return false;
        }
    }
    return true;
}

} // namespace

bool sameSeriesKey(const SeriesKey &a, const SeriesKey &b)
{
    return a.scope == b.scope && a.name == b.name && a.to == b.to && a.metric == b.metric;
}

const SnapshotSeries *Snapshot::find(const SeriesKey &key) const
{
    const auto it = std::find_if(series.begin(), series.end(), [&](const SnapshotSeries &s) {
        return sameSeriesKey(s.key, key);
    });
    return it == series.end() ? nullptr : &*it;
}

const FallbackChain *Snapshot::chainAt(qint64 timeMs) const
{
    const FallbackChain *found = chains.empty() ? nullptr : &chains.front().chain;
    for (const SnapshotChain &c : chains) {
        if (c.sinceMs <= timeMs) {
            found = &c.chain;
        }
    }
    return found;
}

const CascadePrediction *Snapshot::predictionAt(qint64 timeMs) const
{
    const CascadePrediction *found = nullptr;
    for (const SnapshotPrediction &p : predictions) {
        if (p.timeMs <= timeMs) {
            found = &p.prediction;
        }
    }
    return found;
}

bool sameSnapshot(const Snapshot &a, const Snapshot &b, QString *where)
{
    const auto differ = [&](const char *what) {
        if (where != nullptr) {
            *where = QLatin1String(what);
        }
        return false;
    };
    if (a.schemaVersion != b.schemaVersion) {
        return differ("schema_version");
    }
    if (!(a.environment == b.environment)) {
        return differ("environment");
    }
    if (a.fromMs != b.fromMs || a.toMs != b.toMs) {
        return differ("window");
    }
    const bool same =
        sameList(
            a.axes, b.axes,
            [](const SnapshotAxis &x, const SnapshotAxis &y) {
                return x.spec.bucketMs == y.spec.bucketMs && x.spec.capacity == y.spec.capacity &&
                       x.timesMs == y.timesMs;
            },
            "axes", where) &&
        sameList(
            a.series, b.series,
            [](const SnapshotSeries &x, const SnapshotSeries &y) {
                return sameSeriesKey(x.key, y.key) &&
                       std::equal(x.tiers.begin(), x.tiers.end(), y.tiers.begin(), y.tiers.end(),
                                  [](const SnapshotSeries::Tier &s, const SnapshotSeries::Tier &t) {
                                      return sameFloats(s.min, t.min) && sameFloats(s.max, t.max) &&
                                             sameFloats(s.mean, t.mean);
                                  });
            },
            "series", where) &&
        sameList(a.events, b.events, sameEvent, "events", where) &&
        sameList(
            a.chains, b.chains,
            [](const SnapshotChain &x, const SnapshotChain &y) {
                return x.sinceMs == y.sinceMs && x.chain == y.chain;
            },
            "chains", where) &&
        sameList(
            a.predictions, b.predictions,
            [](const SnapshotPrediction &x, const SnapshotPrediction &y) {
                return x.timeMs == y.timeMs &&
                       predictionToJson(x.prediction) == predictionToJson(y.prediction);
            },
            "predictions", where) &&
        sameList(a.groups, b.groups, std::equal_to<>(), "groups", where) &&
        sameList(a.deployments, b.deployments, std::equal_to<>(), "deployments", where) &&
        sameList(a.pushes, b.pushes, std::equal_to<>(), "pushes", where);
    return same;
}

QString scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Group:
        return QStringLiteral("group");
    case Scope::Deployment:
        return QStringLiteral("deployment");
    case Scope::Edge:
        return QStringLiteral("edge");
    }
    return QStringLiteral("group");
}

std::optional<Scope> scopeFromName(const QString &name)
{
    for (const Scope s : {Scope::Group, Scope::Deployment, Scope::Edge}) {
        if (scopeName(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

std::optional<Metric> metricFromName(const QString &name)
{
    for (int m = 0; m < kMetricCount; ++m) {
        if (metricName(Metric(m)) == name) {
            return Metric(m);
        }
    }
    return std::nullopt;
}

std::optional<EventKind> eventKindFromName(const QString &name)
{
    for (int k = 0; k <= int(EventKind::CascadeCleared); ++k) {
        if (eventKindName(EventKind(k)) == name) {
            return EventKind(k);
        }
    }
    return std::nullopt;
}

std::optional<Severity> severityFromName(const QString &name)
{
    for (const Severity s : {Severity::Info, Severity::Warning, Severity::Critical}) {
        if (severityName(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

} // namespace headroom
