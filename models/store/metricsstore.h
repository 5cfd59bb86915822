#pragma once
// Everything polled from one proxy over the last day, in fixed memory: per group, deployment and
// fallback edge, counters turned into rates and gauges kept as they are, in tiered ring series,
// plus the latest sample and the event log.

#include "sample/proxysample.h"
#include "store/counterrate.h"
#include "store/eventrules.h"
#include "store/seriesclock.h"
#include "store/seriespool.h"

#include <array>
#include <memory>
#include <unordered_map>

namespace headroom {

enum class Scope : quint8 { Group, Deployment, Edge };

enum class Metric : quint8 {
    // Deployment: attempts/s (success + failure, retries included: what its RPM window counts).
    // Group: client requests/s that asked for the group (litellm_proxy_total_requests_metric).
    RequestsPerSec,
    TokensPerSec,      // deployment: total tokens/s; group: the sum over its deployments
    RateLimitedPerSec, // deployment: attempts refused with 429; group: clients answered 429
    RemainingRequests, // LiteLLM's gauges: sticky, never 0 (see LiteLlmMetrics)
    RemainingTokens,
    RpmLimit, // limits are kept as the values they changed to, not as ring series: points()
    TpmLimit, // gives the value in force at each slot; they count for no series

    CooldownsPerSec,       // deployment only: times/s the router cooled it down
    FallbacksPerSec,       // edge only: successful fallback hops/s
    FailedFallbacksPerSec, // edge only
    // Group only: its deployments' attempts/s summed, what their RPM limits count (written when
    // any deployment has a request counter).
    AttemptsPerSec,
    // Group only: Σ over its deployments of limit − LiteLLM's remaining gauge, the usage of the
    // current minute as the gauges tell it. Written only for a group none of whose deployments
    // has counters: the coarse last resort of the headroom analysis.
    GaugeRequestsUsed,
    GaugeTokensUsed,
    // Group only: its deployments' attempts refused with 429, summed (part of AttemptsPerSec:
    // what the deployments refused, whether or not fallbacks hid it from the clients).
    RefusedAttemptsPerSec,
};
constexpr int kMetricCount = 14;

QString metricName(Metric metric); // stable identifier for JSON: "requests_per_sec", …

struct SeriesKey {
    Scope scope = Scope::Group;
    QString name; // group, deployment id, or the edge's source group
    QString to;   // edges: the fallback group
    Metric metric = Metric::RequestsPerSec;

    static SeriesKey group(const QString &group, Metric metric);
    static SeriesKey deployment(const QString &id, Metric metric);
    static SeriesKey edge(const QString &from, const QString &to, Metric metric);
};

// One entity's values at one replayed instant, as a store held them (NaN: none): what a snapshot
// gives back (snapshot/snapshotreplay.h) instead of counters.
struct ReplayValues {
    Scope scope = Scope::Group;
    QString name;
    QString to; // edges
    std::array<double, kMetricCount> values{};
};

struct MetricsStoreOptions {
    // Default: 5 s raw × 720 (1 h at 5-s polls), 1 min × 360 (6 h), 5 min × 288 (24 h); see
    // defaultTiers() for why not 1 min × 24 h.
    std::vector<TierSpec> tiers;
    // Series beyond this are counted as dropped, never stored (their latest value still is).
    // Every group and fallback edge of a sample has room kept for all its series (5 and 2);
    // deployments get the rest. 10,000 keeps a 1,000-group fleet's groups whole with room for
    // 5,000 deployment series, and costs ~108 MB once a full day is held.
    std::size_t maxSeries = 10000;
    qint64 maxRateGapMs = 120000; // no rate across a longer gap between polls (see CounterRate)
    std::size_t eventCapacity = 1000;
    EventThresholds events;
};

class MetricsStore {
    struct Entity;

public:
    // A group, deployment or edge found once, for reading several of its series without a lookup
    // each (the board reads ~10 a group a poll). Valid until the next ingest; empty if absent.
    class EntityRef {
    public:
        EntityRef() = default;
        explicit operator bool() const { return m_entity != nullptr; }

    private:
        friend class MetricsStore;
        explicit EntityRef(const Entity *entity)
            : m_entity(entity)
        {}
        const Entity *m_entity = nullptr;
    };

    explicit MetricsStore(MetricsStoreOptions options = {});
    ~MetricsStore();
    MetricsStore(const MetricsStore &) = delete;
    MetricsStore &operator=(const MetricsStore &) = delete;

    static std::vector<TierSpec> defaultTiers();

    // Adds one poll: rates from the counters, gauges, events. A sample not newer than the latest
    // one is refused (returns false). A successful ingest also counts as a successful poll.
    bool ingest(const ProxySample &sample);
    bool ingest(ProxySample &&sample);
    // The same without a copy: the store keeps the sample it is handed as its latest.
    bool ingest(std::shared_ptr<const ProxySample> sample);
    // For the poller: a poll that failed (timeout, refused, HTTP error…) or succeeded.
    void recordPollFailure(qint64 timeMs, const QString &reason);
    void recordPollSuccess(qint64 timeMs);
    void recordConfigPushed(qint64 timeMs, const QString &summary);
    // The cascade predictor's verdicts (predict/cascadeevents.h decides when): cascade_predicted
    // (Warning) or cascade_cleared (Info), `group` where the cascade starts.
    void recordCascade(qint64 timeMs, bool predicted, const QString &group, const QString &message);

    // A replay: a sample whose values are given as stored, not as counters (groups, then edges,
    // then deployments, as ingest writes them), with `sample` (its inventory and chain) as the
    // latest. No rule runs: the events come with the snapshot (replayEvent). False, and nothing
    // kept, when the time is not after the latest.
    bool replayFrame(std::shared_ptr<const ProxySample> sample,
                     std::span<const ReplayValues> values);
    void replayEvent(const Event &event) { m_events.restore(event); }

    const ProxySample &latestSample() const;
    // The same, shared: whoever holds it decides when the sample is freed (LiveSession frees the
    // one an ingest replaces after the window has repainted).
    std::shared_ptr<const ProxySample> latestSampleShared() const { return m_latest; }
    bool hasSample() const { return m_clock.sampleCount() > 0; }
    // The value at the latest sample; none if the key was not in it or had no value (a rate needs
    // two polls), or if the series was dropped (its latest value is still kept).
    std::optional<double> latest(const SeriesKey &key) const;
    // Points of the series in [fromMs, toMs], from the given tier, or (tier < 0) from the finest
    // tier that covers fromMs. Gaps (no value at a poll, or a bucket without polls) are omitted.
    std::vector<SeriesPoint> points(const SeriesKey &key, qint64 fromMs, qint64 toMs,
                                    int tier = -1) const;
    bool hasSeries(const SeriesKey &key) const;
    // Every series the store holds (limits included), groups first, then deployments and edges,
    // each sorted by name: what a snapshot writes.
    std::vector<SeriesKey> seriesKeys() const;

    EntityRef find(Scope scope, const QString &name, const QString &to = {}) const;
    std::optional<double> latest(EntityRef entity, Metric metric) const;
    bool hasSeries(EntityRef entity, Metric metric) const;
    // The points of a series at the given slots of a tier (from SeriesClock::slotsBetween, which
    // is the same for every series: compute it once for many), gaps omitted, appended to out.
    void appendPoints(EntityRef entity, Metric metric, int tier,
                      std::span<const qint64> slotIndexes, std::vector<SeriesPoint> &out) const;
    // Raw-tier values of consecutive slots from `first` (NaN for gaps, or no series): the
    // analysis reads thousands of series over one window this way each poll.
    void rawValues(EntityRef entity, Metric metric, qint64 first, std::span<float> out) const;
    // Starts loading what rawValues(entity, metric, first, count values) will read.
    void prefetchRaw(EntityRef entity, Metric metric, qint64 first, std::size_t count) const;
    // Inferred from the cooled-down counter (LiteLLM exposes no cooldown state).
    bool inCooldown(const QString &deployment) const { return m_rules.inCooldown(deployment); }
    // (group, deployment id) of every deployment in cooldown, sorted.
    std::vector<std::pair<QString, QString>> deploymentsInCooldown() const
    {
        return m_rules.deploymentsInCooldown();
    }
    // Upper bound of when it is back (see EventRules::cooldownEstimate).
    std::optional<EventRules::CooldownEstimate> cooldownEstimate(const QString &deployment) const
    {
        return m_rules.cooldownEstimate(deployment);
    }
    bool proxyReachable() const { return m_rules.proxyReachable(); }

    const EventLog &events() const { return m_events; }
    const SeriesClock &clock() const { return m_clock; }
    std::size_t seriesCount() const { return m_seriesCount; }
    std::size_t droppedSeries() const { return m_droppedSeries; }
    // Bytes the store has allocated for its series, records, clock and event slots (not the copy
    // of the latest sample, nor event texts).
    std::size_t memoryBytes() const;
    // Bytes one series costs with the configured tiers.
    std::size_t bytesPerSeries() const;

private:
    // Not noexcept on purpose: libstdc++ then keeps each node's hash, so a lookup compares hashes
    // before strings and never re-hashes the keys it walks past.
    struct KeyHash {
        std::size_t operator()(const QString &key) const { return qHash(key); }
    };
    using EntityMap = std::unordered_map<QString, std::unique_ptr<Entity>, KeyHash>;

    Entity &entity(EntityMap &map, const QString &key, std::vector<Entity *> *byPosition = nullptr,
                   std::size_t position = 0);
    const Entity *find(const SeriesKey &key) const;
    void record(Entity &e, Metric metric, std::optional<double> value);
    enum class WritePass : quint8 {
        All,         // every value, new series as the cap allows
        NoNewSeries, // values of existing series; a new one that may fit is deferred
        Deferred,    // the deferred values only
    };
    // Writes the entity's latest values into its series; true if some were deferred.
    bool write(Entity &e, Scope scope, WritePass pass);
    void prune();
    void ingestSample(const ProxySample &sample);

    MetricsStoreOptions m_options;
    SeriesClock m_clock;
    EventLog m_events;
    EventRules m_rules;
    SeriesPool m_pool; // every entity's series
    EntityMap m_groups;
    EntityMap m_deployments;
    EntityMap m_edges;
    std::vector<Entity *> m_pending; // deployments with series deferred until after the groups
    std::vector<Entity *> m_groupAt; // the entity of each position of the previous sample
    std::vector<Entity *> m_deploymentAt;
    std::shared_ptr<const ProxySample> m_latest; // shared with the poller: copying one was ~5 %
                                                 // of a 1,000-group board update
    std::size_t m_seriesCount = 0;
    std::size_t m_deploymentSeries = 0; // of m_seriesCount
    std::size_t m_deploymentCap = 0;    // for this sample: what groups and edges leave
    std::size_t m_droppedSeries = 0;
    qint64 m_lastPruneMs = 0;
    int m_resets = 0;                 // counters that went down in the sample being ingested
    std::size_t m_seenThisSample = 0; // distinct entities the sample being ingested has
};

} // namespace headroom
