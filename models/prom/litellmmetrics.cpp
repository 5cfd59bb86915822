#include "prom/litellmmetrics.h"

#include "prom/litellmnames.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace headroom {

namespace {

using Metric = litellm::Family;

// Which naming a metric's name gives away: only the names that changed in LiteLLM PR #18463.
enum class Naming { Either, Current, Legacy };

struct KnownMetric {
    Metric metric;
    Naming naming;
};

// Every exposed name of litellm::families(), with the naming it gives away.
const std::unordered_map<std::string_view, KnownMetric> &knownMetrics()
{
    static const std::unordered_map<std::string_view, KnownMetric> known = [] {
        std::unordered_map<std::string_view, KnownMetric> names;
        for (const litellm::FamilyInfo &info : litellm::families()) {
            if (info.current == info.legacy) {
                names.emplace(info.current, KnownMetric{info.family, Naming::Either});
            } else {
                names.emplace(info.current, KnownMetric{info.family, Naming::Current});
                names.emplace(info.legacy, KnownMetric{info.family, Naming::Legacy});
            }
        }
        return names;
    }();
    return known;
}

// Hash and equality that let unordered_map<std::string, …> be searched with a string_view,
// so the per-sample lookup allocates nothing.
struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept
    {
        return std::hash<std::string_view>{}(text);
    }
};

template<typename Value>
using StringMap = std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>>;

template<typename Value>
Value &entry(StringMap<Value> &map, std::string_view key)
{
    auto it = map.find(key);
    if (it == map.end()) {
        it = map.emplace(std::string(key), Value{}).first;
    }
    return it->second;
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

void keepLowest(std::optional<double> &slot, double value)
{
    if (!slot || value < *slot) {
        slot = value;
    }
}

// prometheus_client writes unset labels as the string "None".
bool isUnset(std::string_view value)
{
    return value.empty() || value == "None";
}

// Whether a value can be what the metric means (see LiteLlmMetrics::samplesRejected).
bool plausible(Metric metric, double value)
{
    if (!std::isfinite(value)) {
        return false;
    }
    switch (metric) {
    case Metric::RpmLimit:
    case Metric::TpmLimit:
        return value > 0;
    case Metric::State:
        return value == 0 || value == 1 || value == 2;
    case Metric::NotPremium:
        return true;
    default:
        return value >= 0; // counters, and the remaining gauges
    }
}

// A hash of the series identity: the sample name and its label set in any order (a sum of
// per-label hashes does not depend on the order the exporter wrote them in).
std::uint64_t seriesHash(const prom::SampleView &sample)
{
    const auto mix = [](std::uint64_t h) {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    };
    const std::hash<std::string_view> hash;
    std::uint64_t labels = 0;
    for (const prom::Label &label : sample.labels) {
        labels += mix(hash(label.name) * 31 + hash(label.rawValue));
    }
    return mix(hash(sample.name)) ^ labels;
}

class Collector : public prom::Visitor {
public:
    void sample(const prom::SampleView &sample) override
    {
        ++m_result.samplesRead;
        const auto &known = knownMetrics();
        const auto it = known.find(sample.name);
        if (it == known.end()) {
            return;
        }
        const KnownMetric metric = it->second;
        if (!plausible(metric.metric, sample.value)) {
            ++m_result.samplesRejected;
            return;
        }
        if (!m_seen.insert(seriesHash(sample)).second) {
            ++m_result.duplicateSeries;
            return;
        }
        ++m_result.samplesUsed;
        if (metric.metric != Metric::NotPremium) {
            m_sawAny = true;
        }
        if (metric.naming == Naming::Current) {
            m_sawCurrent = true;
        } else if (metric.naming == Naming::Legacy) {
            m_sawLegacy = true;
        }
        m_sample = &sample;
        switch (metric.metric) {
        case Metric::RemainingRequests:
        case Metric::RemainingTokens:
            remaining(metric.metric == Metric::RemainingRequests);
            break;
        case Metric::RpmLimit:
            deployment().rpmLimit = sample.value;
            break;
        case Metric::TpmLimit:
            deployment().tpmLimit = sample.value;
            break;
        case Metric::State:
            deployment().state = int(sample.value);
            break;
        case Metric::CooledDown:
            deployment().cooledDownTotal += sample.value;
            break;
        case Metric::Success:
            deployment().successTotal += sample.value;
            break;
        case Metric::Failure:
            failure();
            break;
        case Metric::TotalRequests:
            deployment().totalRequestsTotal += sample.value;
            break;
        case Metric::SuccessfulFallbacks:
            edge().successTotal += sample.value;
            break;
        case Metric::FailedFallbacks:
            edge().failedTotal += sample.value;
            break;
        case Metric::ProxyTotalRequests:
            if (const auto group = label("requested_model"); !isUnset(group)) {
                entry(m_groups, group).proxyRequestsTotal += sample.value;
            }
            break;
        case Metric::ProxyFailedRequests:
            if (const auto group = label("requested_model"); !isUnset(group)) {
                GroupMetrics &g = entry(m_groups, group);
                g.proxyFailedTotal += sample.value;
                if (label("exception_status") == "429") {
                    g.proxyRateLimitedTotal += sample.value;
                }
            }
            break;
        case Metric::TotalTokens:
            if (!isUnset(label("model_id"))) {
                deployment().totalTokens += sample.value;
            }
            break;
        case Metric::NotPremium:
            m_result.premiumGated = true;
            break;
        }
    }

    LiteLlmMetrics finish()
    {
        mergeKeylessSeries();
        for (auto &[key, d] : m_deployments) {
            d.key = toQString(key);
            if (!d.group.isEmpty()) {
                GroupMetrics &g = entry(m_groups, d.group.toStdString());
                if (d.remainingRequests) {
                    keepLowest(g.remainingRequests, *d.remainingRequests);
                }
                if (d.remainingTokens) {
                    keepLowest(g.remainingTokens, *d.remainingTokens);
                }
            }
            m_result.deployments.push_back(std::move(d));
        }
        for (auto &[name, g] : m_groups) {
            g.group = toQString(name);
            m_result.groups.push_back(std::move(g));
        }
        for (auto &[key, edge] : m_edges) {
            edge.from = toQString(key.first);
            edge.to = toQString(key.second);
            m_result.fallbacks.push_back(std::move(edge));
        }
        std::sort(m_result.deployments.begin(), m_result.deployments.end(),
                  [](const auto &a, const auto &b) { return a.key < b.key; });
        std::sort(m_result.groups.begin(), m_result.groups.end(),
                  [](const auto &a, const auto &b) { return a.group < b.group; });
        if (m_sawCurrent && m_sawLegacy) {
            m_result.naming = MetricNaming::Mixed;
        } else if (m_sawCurrent) {
            m_result.naming = MetricNaming::Current;
        } else if (m_sawLegacy) {
            m_result.naming = MetricNaming::Legacy;
        } else if (m_sawAny) {
            m_result.naming = MetricNaming::Unversioned;
        }
        return std::move(m_result);
    }

private:
    // Older builds label the remaining-* gauges without model_id while their counters have it:
    // fold a "name@base" entry into the deployment with that model name and api_base, if any.
    void mergeKeylessSeries()
    {
        for (auto it = m_deployments.begin(); it != m_deployments.end();) {
            DeploymentMetrics &keyless = it->second;
            if (!keyless.modelId.isEmpty()) {
                ++it;
                continue;
            }
            DeploymentMetrics *owner = nullptr;
            int matches = 0;
            for (auto &[key, d] : m_deployments) {
                if (!d.modelId.isEmpty() && d.litellmModelName == keyless.litellmModelName &&
                    d.apiBase == keyless.apiBase) {
                    owner = &d;
                    ++matches;
                }
            }
            if (matches != 1) {
                ++it; // ambiguous or alone: keep it under its own key
                continue;
            }
            if (owner->group.isEmpty()) {
                owner->group = keyless.group;
            }
            if (keyless.remainingRequests) {
                keepLowest(owner->remainingRequests, *keyless.remainingRequests);
            }
            if (keyless.remainingTokens) {
                keepLowest(owner->remainingTokens, *keyless.remainingTokens);
            }
            it = m_deployments.erase(it);
        }
    }

    // The label's value with escapes resolved; valid until the next call.
    std::string_view label(std::string_view name)
    {
        for (const prom::Label &l : m_sample->labels) {
            if (l.name == name) {
                if (!l.escaped) {
                    return l.rawValue;
                }
                std::string &scratch = m_scratch[m_nextScratch++ % m_scratch.size()];
                scratch = l.value();
                return scratch;
            }
        }
        return {};
    }

    DeploymentMetrics &deployment()
    {
        const std::string_view id = label("model_id");
        const std::string_view name = label("litellm_model_name");
        const std::string_view base = label("api_base");
        DeploymentMetrics *d = nullptr;
        if (!isUnset(id)) {
            d = &entry(m_deployments, id);
            if (d->modelId.isEmpty()) {
                d->modelId = toQString(id);
            }
        } else {
            m_key.assign(name).append("@").append(base);
            d = &entry(m_deployments, m_key);
        }
        if (d->litellmModelName.isEmpty() && !isUnset(name)) {
            d->litellmModelName = toQString(name);
        }
        if (d->apiBase.isEmpty() && !isUnset(base)) {
            d->apiBase = toQString(base);
        }
        if (d->apiProvider.isEmpty()) {
            if (const auto provider = label("api_provider"); !isUnset(provider)) {
                d->apiProvider = toQString(provider);
            }
        }
        return *d;
    }

    void remaining(bool requests)
    {
        DeploymentMetrics &d = deployment();
        if (const auto group = label("model_group"); !isUnset(group) && d.group.isEmpty()) {
            d.group = toQString(group);
        }
        keepLowest(requests ? d.remainingRequests : d.remainingTokens, m_sample->value);
    }

    void failure()
    {
        // A router-side reject (no deployment could be picked) carries empty deployment labels
        // and the group in requested_model.
        if (isUnset(label("model_id")) && isUnset(label("litellm_model_name"))) {
            if (const auto group = label("requested_model"); !isUnset(group)) {
                entry(m_groups, group).routerRejectsTotal += m_sample->value;
            }
            return;
        }
        const bool rateLimited = label("exception_status") == "429";
        DeploymentMetrics &d = deployment();
        d.failureTotal += m_sample->value;
        if (rateLimited) {
            d.rateLimitedTotal += m_sample->value;
        }
    }

    FallbackEdgeMetrics &edge()
    {
        std::pair<std::string, std::string> key{std::string(label("requested_model")),
                                                std::string(label("fallback_model"))};
        return m_edges[std::move(key)];
    }

    LiteLlmMetrics m_result;
    StringMap<DeploymentMetrics> m_deployments;
    StringMap<GroupMetrics> m_groups;
    std::map<std::pair<std::string, std::string>, FallbackEdgeMetrics> m_edges;
    const prom::SampleView *m_sample = nullptr;
    std::array<std::string, 4> m_scratch;
    std::size_t m_nextScratch = 0;
    std::string m_key;
    std::unordered_set<std::uint64_t> m_seen;
    bool m_sawAny = false;
    bool m_sawCurrent = false;
    bool m_sawLegacy = false;
};

} // namespace

const DeploymentMetrics *LiteLlmMetrics::deployment(const QString &key) const
{
    const auto it = std::find_if(deployments.begin(), deployments.end(),
                                 [&](const auto &d) { return d.key == key; });
    return it == deployments.end() ? nullptr : &*it;
}

const GroupMetrics *LiteLlmMetrics::group(const QString &name) const
{
    const auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto &g) { return g.group == name; });
    return it == groups.end() ? nullptr : &*it;
}

const FallbackEdgeMetrics *LiteLlmMetrics::fallback(const QString &from, const QString &to) const
{
    const auto it = std::find_if(fallbacks.begin(), fallbacks.end(),
                                 [&](const auto &e) { return e.from == from && e.to == to; });
    return it == fallbacks.end() ? nullptr : &*it;
}

ParseResult<LiteLlmMetrics> parseLiteLlmMetrics(std::string_view text,
                                                const prom::ParseOptions &options)
{
    Collector collector;
    const auto stats = prom::parseText(text, collector, options);
    if (!stats) {
        return stats.error();
    }
    return collector.finish();
}

} // namespace headroom
