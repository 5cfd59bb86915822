#include "store/metricsstore.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
constexpr qint64 kPruneEveryMs = 5 * 60'000;
// The most series one group or edge writes (see ingestSample): what the cap keeps for each.
constexpr std::size_t kSeriesPerGroup = 5;
constexpr std::size_t kSeriesPerEdge = 2;

// Counter slots of an entity, per scope.
enum Counter { Requests = 0, Tokens = 1, RateLimited = 2, CooledDown = 3 };
enum EdgeCounter { FallbackOk = 0, FallbackFailed = 1 };

std::optional<double> sumOf(const std::optional<double> &a, const std::optional<double> &b)
{
    if (!a && !b) {
        return std::nullopt;
    }
    return a.value_or(0) + b.value_or(0);
}

std::optional<double> asDouble(const std::optional<qint64> &v)
{
    return v ? std::optional<double>(double(*v)) : std::nullopt;
}

void addTo(std::optional<double> &sum, const std::optional<double> &value)
{
    if (value) {
        sum = sum.value_or(0) + *value;
    }
}

// What a group's row sums over its deployments in one sample.
struct GroupSums {
    std::optional<double> attempts;
    std::optional<double> tokens;
    std::optional<double> limited;
    std::optional<double> gaugeRequests; // Σ limit − remaining
    std::optional<double> gaugeTokens;
    bool anyCounter = false;

    void add(const DeploymentSample &s, const std::optional<double> &requests,
             const std::optional<double> &tokenRate, const std::optional<double> &limitedRate)
    {
        addTo(attempts, requests);
        addTo(tokens, tokenRate);
        addTo(limited, limitedRate);
        anyCounter = anyCounter || s.successTotal || s.failureTotal || s.tokensTotal;
        if (s.rpmLimit && s.remainingRequests) {
            addTo(gaugeRequests, std::max(0.0, double(*s.rpmLimit) - *s.remainingRequests));
        }
        if (s.tpmLimit && s.remainingTokens) {
            addTo(gaugeTokens, std::max(0.0, double(*s.tpmLimit) - *s.remainingTokens));
        }
    }
};

// A deployment's cooldown_time as the proxy reported it: untrusted, so a negative or non-finite
// value means the default, and a huge one is held to a day (and never overflows).
std::optional<qint64> cooldownMs(const std::optional<double> &seconds)
{
    if (!seconds || !std::isfinite(*seconds) || *seconds < 0) {
        return std::nullopt;
    }
    constexpr double kDay = 24 * 3600;
    return qint64(std::min(*seconds, kDay) * 1000.0);
}

QString edgeKey(const QString &from, const QString &to)
{
    return from + QChar(0x1f) + to;
}

// A limit over time as the values it changed to: limits are configuration, the same poll after
// poll, so a ring of identical values per tier would cost three cache misses a poll each for
// nothing. The oldest steps go once there are kMaxSteps.
struct LimitSteps {
    static constexpr std::size_t kMaxSteps = 32;
    std::vector<std::pair<qint64, double>> steps; // (since, value), oldest first

    void observe(qint64 timeMs, double value)
    {
        if (!steps.empty() && steps.back().second == value) {
            return;
        }
        if (steps.size() == kMaxSteps) {
            steps.erase(steps.begin());
        }
        steps.emplace_back(timeMs, value);
    }
    // The value in force at timeMs; none before the first one seen.
    std::optional<double> at(qint64 timeMs) const
    {
        const auto after = std::upper_bound(
            steps.begin(), steps.end(), timeMs,
            [](qint64 t, const std::pair<qint64, double> &step) { return t < step.first; });
        return after == steps.begin() ? std::nullopt : std::optional(std::prev(after)->second);
    }
};

bool isLimit(Metric metric)
{
    return metric == Metric::RpmLimit || metric == Metric::TpmLimit;
}

std::size_t limitIndex(Metric metric)
{
    return metric == Metric::RpmLimit ? 0 : 1;
}

} // namespace

struct MetricsStore::Entity {
    Entity(const QString &name, qint64 maxGapMs)
        // A copy of its own, allocated with the entity: every poll compares the key, and the
        // sample's string it came from lives wherever that poll's parser put it.
        : key(name.constData(), name.size())
        , counters{CounterRate(maxGapMs), CounterRate(maxGapMs), CounterRate(maxGapMs),
                   CounterRate(maxGapMs)}
    {
        latest.fill(kNone);
    }

    QString key;                                     // as in its map
    std::array<RingSeries *, kMetricCount> series{}; // in m_pool; none for the limits
    std::array<LimitSteps, 2> limits;                // RpmLimit, TpmLimit
    std::array<double, kMetricCount> latest{};       // NaN: no value at the latest sample
    std::array<CounterRate, 4> counters;
    qint64 lastSeenMs = 0;
    bool cooling = false; // deployments: in cooldown, as EventRules last answered
    quint16 dropped = 0;  // metrics whose series did not fit under maxSeries (counted once)
    quint16 deferred = 0; // metrics of this sample waiting for a new series (write())
};

QString metricName(Metric metric)
{
    switch (metric) {
    case Metric::RequestsPerSec:
        return QStringLiteral("requests_per_sec");
    case Metric::TokensPerSec:
        return QStringLiteral("tokens_per_sec");
    case Metric::RateLimitedPerSec:
        return QStringLiteral("rate_limited_per_sec");
    case Metric::RemainingRequests:
        return QStringLiteral("remaining_requests");
    case Metric::RemainingTokens:
        return QStringLiteral("remaining_tokens");
    case Metric::RpmLimit:
        return QStringLiteral("rpm_limit");
    case Metric::TpmLimit:
        return QStringLiteral("tpm_limit");
    case Metric::CooldownsPerSec:
        return QStringLiteral("cooldowns_per_sec");
    case Metric::FallbacksPerSec:
        return QStringLiteral("fallbacks_per_sec");
    case Metric::FailedFallbacksPerSec:
        return QStringLiteral("failed_fallbacks_per_sec");
    case Metric::AttemptsPerSec:
        return QStringLiteral("attempts_per_sec");
    case Metric::GaugeRequestsUsed:
        return QStringLiteral("gauge_requests_used");
    case Metric::GaugeTokensUsed:
        return QStringLiteral("gauge_tokens_used");
    case Metric::RefusedAttemptsPerSec:
        return QStringLiteral("refused_attempts_per_sec");
    }
    return QStringLiteral("unknown");
}

SeriesKey SeriesKey::group(const QString &group, Metric metric)
{
    return {Scope::Group, group, {}, metric};
}

SeriesKey SeriesKey::deployment(const QString &id, Metric metric)
{
    return {Scope::Deployment, id, {}, metric};
}

SeriesKey SeriesKey::edge(const QString &from, const QString &to, Metric metric)
{
    return {Scope::Edge, from, to, metric};
}

std::vector<TierSpec> MetricsStore::defaultTiers()
{
    // 24 h of 5-s samples is 17,280 points a series. 5 s × 1 h + 1 min × 24 h (min/max/mean)
    // would still be 20 KB a series, 100 MB for 5,000 series; a third, 5-minute tier for the
    // day keeps a series at 10.4 KB (52 MB), and a 24-h chart has 288 points, plenty for a plot.
    return {{0, 720}, {60'000, 360}, {300'000, 288}};
}

MetricsStore::MetricsStore(MetricsStoreOptions options)
    : m_options(std::move(options))
    , m_clock(m_options.tiers.empty() ? defaultTiers() : m_options.tiers)
    , m_events(m_options.eventCapacity)
    , m_rules(m_events, m_options.events)
{}

MetricsStore::~MetricsStore() = default;

std::size_t MetricsStore::bytesPerSeries() const
{
    return sizeof(RingSeries) + RingSeries::storageBytes(m_clock.tiers());
}

std::size_t MetricsStore::memoryBytes() const
{
    std::size_t bytes = sizeof(*this) + m_clock.memoryBytes() +
                        m_events.capacity() * sizeof(Event) +
                        // NOLINTNEXTLINE(bugprone-sizeof-expression): it holds pointers
                        m_pending.capacity() * sizeof(Entity *);
    // A node of the map: key, pointer, hash and next pointer, plus the bucket slot.
    constexpr std::size_t node = sizeof(QString) + 3 * sizeof(void *) + sizeof(void *);
    for (const EntityMap *map : {&m_groups, &m_deployments, &m_edges}) {
        for (const auto &[key, e] : *map) {
            bytes += node + sizeof(Entity) + std::size_t(key.size()) * sizeof(QChar);
            for (const auto &s : e->series) {
                bytes += s ? s->memoryBytes() : 0;
            }
            for (const LimitSteps &l : e->limits) {
                bytes += l.steps.capacity() * sizeof(std::pair<qint64, double>);
            }
        }
    }
    return bytes;
}

MetricsStore::Entity &MetricsStore::entity(EntityMap &map, const QString &key,
                                           std::vector<Entity *> *byPosition, std::size_t position)
{
    // A proxy lists its groups and deployments in the same order poll after poll: the entity at
    // this position last time is almost always the one, found without hashing.
    Entity *cached =
        byPosition != nullptr && position < byPosition->size() ? (*byPosition)[position] : nullptr;
    if (cached == nullptr || cached->key != key) {
        auto it = map.find(key);
        if (it == map.end()) {
            it = map.emplace(key, std::make_unique<Entity>(key, m_options.maxRateGapMs)).first;
        }
        cached = it->second.get();
        if (byPosition != nullptr) {
            if (position >= byPosition->size()) {
                byPosition->resize(position + 1, nullptr);
            }
            (*byPosition)[position] = cached;
        }
    }
    Entity &e = *cached;
    m_seenThisSample += e.lastSeenMs != m_clock.latestTimeMs() ? 1 : 0;
    e.lastSeenMs = m_clock.latestTimeMs();
    e.latest.fill(kNone);
    return e;
}

const MetricsStore::Entity *MetricsStore::find(const SeriesKey &key) const
{
    const EntityMap &map = key.scope == Scope::Group        ? m_groups
                           : key.scope == Scope::Deployment ? m_deployments
                                                            : m_edges;
    const auto it = map.find(key.scope == Scope::Edge ? edgeKey(key.name, key.to) : key.name);
    return it == map.end() ? nullptr : it->second.get();
}

void MetricsStore::record(Entity &e, Metric metric, std::optional<double> value)
{
    e.latest[std::size_t(metric)] = value && std::isfinite(*value) ? *value : kNone;
}

bool MetricsStore::write(Entity &e, Scope scope, WritePass pass)
{
    const bool deployment = scope == Scope::Deployment;
    // Whether a new series can still be had in this sample: counts only grow until it is done.
    const auto full = [&] {
        return m_seriesCount >= m_options.maxSeries ||
               (deployment && m_deploymentSeries >= m_deploymentCap);
    };
    bool deferred = false;
    for (int m = 0; m < kMetricCount; ++m) {
        const double value = e.latest[std::size_t(m)];
        const auto bit = quint16(1u << m);
        if (std::isnan(value) || (pass == WritePass::Deferred && (e.deferred & bit) == 0)) {
            continue;
        }
        if (isLimit(Metric(m))) {
            e.limits[limitIndex(Metric(m))].observe(m_clock.latestTimeMs(), value);
            continue;
        }
        auto &series = e.series[std::size_t(m)];
        if (!series) {
            if (full()) {
                if ((e.dropped & bit) == 0) {
                    e.dropped |= bit;
                    ++m_droppedSeries;
                }
                continue;
            }
            if (pass == WritePass::NoNewSeries) {
                e.deferred |= bit; // groups and edges of this sample come first
                deferred = true;
                continue;
            }
            series = m_pool.make(m_clock.tiers());
            ++m_seriesCount;
            m_deploymentSeries += deployment ? 1 : 0;
        }
        series->add(m_clock.currentSlots(), value);
    }
    if (pass == WritePass::Deferred) {
        e.deferred = 0;
    }
    return deferred;
}

bool MetricsStore::ingest(const ProxySample &sample)
{
    return ingest(std::make_shared<const ProxySample>(sample));
}

bool MetricsStore::ingest(ProxySample &&sample)
{
    return ingest(std::make_shared<const ProxySample>(std::move(sample)));
}

bool MetricsStore::ingest(std::shared_ptr<const ProxySample> sample)
{
    if (sample == nullptr || !m_clock.advance(sample->timeMs)) {
        return false;
    }
    ingestSample(*sample);
    m_latest = std::move(sample);
    return true;
}

bool MetricsStore::replayFrame(std::shared_ptr<const ProxySample> sample,
                               std::span<const ReplayValues> values)
{
    if (sample == nullptr || !m_clock.advance(sample->timeMs)) {
        return false;
    }
    m_seenThisSample = 0;
    m_pending.clear();
    std::size_t reserved = 0;
    for (const ReplayValues &v : values) {
        reserved += v.scope == Scope::Group  ? kSeriesPerGroup
                    : v.scope == Scope::Edge ? kSeriesPerEdge
                                             : 0;
    }
    reserved = std::max(reserved, m_seriesCount - m_deploymentSeries);
    m_deploymentCap = m_options.maxSeries - std::min(m_options.maxSeries, reserved);
    for (const Scope scope : {Scope::Group, Scope::Edge, Scope::Deployment}) {
        EntityMap &map = scope == Scope::Group        ? m_groups
                         : scope == Scope::Deployment ? m_deployments
                                                      : m_edges;
        for (const ReplayValues &v : values) {
            if (v.scope != scope) {
                continue;
            }
            Entity &e = entity(map, scope == Scope::Edge ? edgeKey(v.name, v.to) : v.name);
            for (int m = 0; m < kMetricCount; ++m) {
                record(e, Metric(m),
                       std::isnan(v.values[std::size_t(m)])
                           ? std::nullopt
                           : std::optional(v.values[std::size_t(m)]));
            }
            write(e, scope, WritePass::All);
        }
    }
    if (sample->timeMs - m_lastPruneMs >= kPruneEveryMs) {
        m_lastPruneMs = sample->timeMs;
        prune();
    }
    m_latest = std::move(sample);
    return true;
}

const ProxySample &MetricsStore::latestSample() const
{
    static const ProxySample none;
    return m_latest != nullptr ? *m_latest : none;
}

void MetricsStore::ingestSample(const ProxySample &sample)
{
    const qint64 t = sample.timeMs;
    m_rules.pollSucceeded(t);
    m_resets = 0;
    m_seenThisSample = 0;
    const auto rate = [&](Entity &e, int counter, const std::optional<double> &total) {
        if (!total) {
            return std::optional<double>();
        }
        CounterRate &c = e.counters[std::size_t(counter)];
        const auto r = c.update(*total, t);
        m_resets += c.lastWasReset() ? 1 : 0;
        return r;
    };

    // Deployments first (groups sum over them), written last: under the series cap, group and
    // edge series are the ones to keep. Both lists are sorted by group: walk them together.
    m_pending.clear();
    // Deployments get what is left once every group and edge of this sample has room for all its
    // series: slots deployments took in earlier polls never starve a group.
    const std::size_t reserved =
        std::max(sample.groups.size() * kSeriesPerGroup + sample.fallbacks.size() * kSeriesPerEdge,
                 m_seriesCount - m_deploymentSeries);
    m_deploymentCap = m_options.maxSeries - std::min(m_options.maxSeries, reserved);
    std::size_t d = 0;
    const auto takeDeployment = [&](GroupSums *sums) {
        const DeploymentSample &s = sample.deployments[d++];
        Entity &e = entity(m_deployments, s.id, &m_deploymentAt, d - 1);
        const auto requests = rate(e, Requests, sumOf(s.successTotal, s.failureTotal));
        const auto tokenRate = rate(e, Tokens, s.tokensTotal);
        const auto limitedRate = rate(e, RateLimited, s.rateLimitedTotal);
        const auto cooldowns = rate(e, CooledDown, s.cooledDownTotal);
        record(e, Metric::RequestsPerSec, requests);
        record(e, Metric::TokensPerSec, tokenRate);
        record(e, Metric::RateLimitedPerSec, limitedRate);
        record(e, Metric::CooldownsPerSec, cooldowns);
        record(e, Metric::RemainingRequests, s.remainingRequests);
        record(e, Metric::RemainingTokens, s.remainingTokens);
        record(e, Metric::RpmLimit, asDouble(s.rpmLimit));
        record(e, Metric::TpmLimit, asDouble(s.tpmLimit));
        // Only a deployment that cooled down now or is still cooling has anything to tell the
        // rules: the others (nearly all) skip a lookup each.
        if (const bool cooled = cooldowns.value_or(0) > 0; cooled || e.cooling) {
            e.cooling =
                m_rules.observeCooldown(s.id, s.group, t, cooled, cooldownMs(s.cooldownSeconds));
        }
        if (sums != nullptr) {
            sums->add(s, requests, tokenRate, limitedRate);
        }
        // Written now, while the entity is in cache, but for series it has yet to get: those
        // wait until the sample's groups and edges have had theirs.
        if (write(e, Scope::Deployment, WritePass::NoNewSeries)) {
            m_pending.push_back(&e);
        }
    };
    for (const GroupSample &g : sample.groups) {
        while (d < sample.deployments.size() && sample.deployments[d].group < g.group) {
            takeDeployment(nullptr);
        }
        GroupSums sums;
        while (d < sample.deployments.size() && sample.deployments[d].group == g.group) {
            takeDeployment(&sums);
        }
        Entity &e = entity(m_groups, g.group, &m_groupAt, std::size_t(&g - sample.groups.data()));
        const auto limited = rate(e, RateLimited, g.rateLimitedTotal);
        const auto clients = rate(e, Requests, g.requestsTotal);
        record(e, Metric::RequestsPerSec, clients);
        record(e, Metric::AttemptsPerSec, sums.attempts);
        record(e, Metric::TokensPerSec, sums.tokens);
        record(e, Metric::RateLimitedPerSec, limited);
        record(e, Metric::RefusedAttemptsPerSec, sums.limited);
        record(e, Metric::RpmLimit, asDouble(g.rpmLimit));
        record(e, Metric::TpmLimit, asDouble(g.tpmLimit));
        // Only where nothing better will ever be known: a series per group saved otherwise.
        if (!sums.anyCounter && !g.requestsTotal) {
            record(e, Metric::GaugeRequestsUsed, sums.gaugeRequests);
            record(e, Metric::GaugeTokensUsed, sums.gaugeTokens);
        }
        write(e, Scope::Group, WritePass::All);
        // A burst is 429s at either end: clients answered 429, or deployments refusing
        // attempts that fallbacks may still have hidden from the clients.
        if (limited || sums.limited) {
            m_rules.observeRateLimited(g.group, t, limited, sums.limited);
        }
    }
    while (d < sample.deployments.size()) {
        takeDeployment(nullptr);
    }
    for (const FallbackEdgeSample &f : sample.fallbacks) {
        Entity &e = entity(m_edges, edgeKey(f.from, f.to));
        const auto ok = rate(e, FallbackOk, f.successTotal);
        const auto failed = rate(e, FallbackFailed, f.failedTotal);
        record(e, Metric::FallbacksPerSec, ok);
        record(e, Metric::FailedFallbacksPerSec, failed);
        write(e, Scope::Edge, WritePass::All);
        if (ok || failed) {
            m_rules.observeFallbacks(f.from, f.to, t, ok.value_or(0) + failed.value_or(0));
        }
    }
    for (Entity *e : m_pending) {
        write(*e, Scope::Deployment, WritePass::Deferred);
    }
    m_rules.observeCountersReset(t, m_resets);
    m_rules.observeConfig(sample);
    m_rules.observeChain(sample);
    // Every few minutes of sample time is often enough to free what a day-long tier lets go.
    if (t - m_lastPruneMs >= kPruneEveryMs) {
        m_lastPruneMs = t;
        prune();
    }
}

void MetricsStore::prune()
{
    // Entities unseen for longer than the coarsest tier keeps hold only gaps: free them, so that
    // deployments replaced by a config change do not hold series slots forever. When this sample
    // saw every entity there is nothing to look for: walking 6,000 of them was a 2-ms poll every
    // five minutes, a board update's p99.
    if (m_seenThisSample == m_groups.size() + m_deployments.size() + m_edges.size()) {
        return;
    }
    qint64 retentionMs = 0;
    for (const TierSpec &tier : m_clock.tiers()) {
        retentionMs = std::max(retentionMs, tier.bucketMs * tier.capacity);
    }
    const qint64 cutoff = m_clock.latestTimeMs() - retentionMs;
    m_groupAt.clear(); // may point at entities freed below
    m_deploymentAt.clear();
    for (EntityMap *map : {&m_groups, &m_deployments, &m_edges}) {
        const bool deployments = map == &m_deployments;
        std::erase_if(*map, [&](const auto &item) {
            if (item.second->lastSeenMs >= cutoff) {
                return false;
            }
            for (RingSeries *s : item.second->series) {
                m_seriesCount -= s ? 1 : 0;
                m_deploymentSeries -= s && deployments ? 1 : 0;
                m_pool.release(s);
            }
            return true;
        });
    }
}

std::optional<double> MetricsStore::latest(const SeriesKey &key) const
{
    return latest(EntityRef(find(key)), key.metric);
}

bool MetricsStore::hasSeries(const SeriesKey &key) const
{
    return hasSeries(EntityRef(find(key)), key.metric);
}

std::vector<SeriesKey> MetricsStore::seriesKeys() const
{
    std::vector<SeriesKey> keys;
    for (const auto &[map, scope] :
         {std::pair{&m_groups, Scope::Group}, std::pair{&m_deployments, Scope::Deployment},
          std::pair{&m_edges, Scope::Edge}}) {
        std::vector<const Entity *> entities;
        entities.reserve(map->size());
        for (const auto &item : *map) {
            entities.push_back(item.second.get());
        }
        std::sort(entities.begin(), entities.end(),
                  [](const Entity *a, const Entity *b) { return a->key < b->key; });
        for (const Entity *e : entities) {
            QString name = e->key;
            QString to;
            if (scope == Scope::Edge) {
                const qsizetype split = e->key.indexOf(QChar(0x1f));
                name = e->key.left(split);
                to = e->key.mid(split + 1);
            }
            for (int m = 0; m < kMetricCount; ++m) {
                if (hasSeries(EntityRef(e), Metric(m))) {
                    keys.push_back({scope, name, to, Metric(m)});
                }
            }
        }
    }
    return keys;
}

MetricsStore::EntityRef MetricsStore::find(Scope scope, const QString &name,
                                           const QString &to) const
{
    return EntityRef(find(SeriesKey{scope, name, to, Metric::RequestsPerSec}));
}

std::optional<double> MetricsStore::latest(EntityRef entity, Metric metric) const
{
    const Entity *e = entity.m_entity;
    if (e == nullptr || e->lastSeenMs != m_clock.latestTimeMs()) {
        return std::nullopt;
    }
    const double v = e->latest[std::size_t(metric)];
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

bool MetricsStore::hasSeries(EntityRef entity, Metric metric) const
{
    if (entity.m_entity == nullptr) {
        return false;
    }
    return isLimit(metric) ? !entity.m_entity->limits[limitIndex(metric)].steps.empty()
                           : entity.m_entity->series[std::size_t(metric)] != nullptr;
}

void MetricsStore::prefetchRaw(EntityRef entity, Metric metric, qint64 first,
                               std::size_t count) const
{
    if (!isLimit(metric) && hasSeries(entity, metric)) {
        entity.m_entity->series[std::size_t(metric)]->prefetchRaw(0, first, count);
    }
}

void MetricsStore::rawValues(EntityRef entity, Metric metric, qint64 first,
                             std::span<float> out) const
{
    if (!hasSeries(entity, metric)) {
        std::fill(out.begin(), out.end(), std::numeric_limits<float>::quiet_NaN());
        return;
    }
    if (isLimit(metric)) {
        const LimitSteps &limit = entity.m_entity->limits[limitIndex(metric)];
        for (std::size_t i = 0; i < out.size(); ++i) {
            const auto t = m_clock.slotTime(0, first + qint64(i));
            const auto v = t ? limit.at(*t) : std::nullopt;
            out[i] = v ? float(*v) : std::numeric_limits<float>::quiet_NaN();
        }
        return;
    }
    entity.m_entity->series[std::size_t(metric)]->rawValues(0, first, out);
}

void MetricsStore::appendPoints(EntityRef entity, Metric metric, int tier,
                                std::span<const qint64> slotIndexes,
                                std::vector<SeriesPoint> &out) const
{
    if (!hasSeries(entity, metric)) {
        return;
    }
    if (isLimit(metric)) {
        // A limit at each slot is the step in force at the slot's time.
        const LimitSteps &limit = entity.m_entity->limits[limitIndex(metric)];
        for (const qint64 slot : slotIndexes) {
            const auto t = m_clock.slotTime(tier, slot);
            if (const auto v = t ? limit.at(*t) : std::nullopt) {
                out.push_back({*t, *v, *v, *v});
            }
        }
        return;
    }
    const RingSeries &series = *entity.m_entity->series[std::size_t(metric)];
    if (tier < 0 || tier >= series.tierCount()) {
        return;
    }
    for (const qint64 slot : slotIndexes) {
        if (const auto v = series.at(tier, slot)) {
            out.push_back({*m_clock.slotTime(tier, slot), v->min, v->max, v->mean});
        }
    }
}

std::vector<SeriesPoint> MetricsStore::points(const SeriesKey &key, qint64 fromMs, qint64 toMs,
                                              int tier) const
{
    std::vector<SeriesPoint> out;
    const EntityRef e(find(key));
    if (!hasSeries(e, key.metric)) {
        return out;
    }
    if (tier < 0 || tier >= int(m_clock.tiers().size())) {
        tier = m_clock.tierFor(fromMs);
    }
    const std::vector<qint64> indexes = m_clock.slotsBetween(tier, fromMs, toMs);
    out.reserve(indexes.size());
    appendPoints(e, key.metric, tier, indexes, out);
    return out;
}

void MetricsStore::recordPollFailure(qint64 timeMs, const QString &reason)
{
    m_rules.pollFailed(timeMs, reason);
}

void MetricsStore::recordPollSuccess(qint64 timeMs)
{
    m_rules.pollSucceeded(timeMs);
}

void MetricsStore::recordCascade(qint64 timeMs, bool predicted, const QString &group,
                                 const QString &message)
{
    Event e;
    e.timeMs = timeMs;
    e.kind = predicted ? EventKind::CascadePredicted : EventKind::CascadeCleared;
    e.severity = predicted ? Severity::Warning : Severity::Info;
    e.group = group;
    e.message = message;
    m_events.append(std::move(e));
}

void MetricsStore::recordConfigPushed(qint64 timeMs, const QString &summary)
{
    m_rules.configPushed(timeMs, summary);
}

} // namespace headroom
