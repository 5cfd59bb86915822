#include "sample/proxysample.h"

#include "formats/redaction.h"

#include <algorithm>
#include <map>
#include <QHash>
#include <tuple>

namespace headroom {

namespace {

void keepLowest(std::optional<double> &slot, const std::optional<double> &value)
{
    if (value && (!slot || *value < *slot)) {
        slot = value;
    }
}

std::optional<qint64> asLimit(const std::optional<double> &value)
{
    return value ? std::optional<qint64>(qint64(*value)) : std::nullopt;
}

} // namespace

const DeploymentSample *ProxySample::deployment(const QString &id) const
{
    const auto it = std::find_if(deployments.begin(), deployments.end(),
                                 [&](const auto &d) { return d.id == id; });
    return it == deployments.end() ? nullptr : &*it;
}

const GroupSample *ProxySample::group(const QString &name) const
{
    const auto it = std::lower_bound(groups.begin(), groups.end(), name,
                                     [](const auto &g, const QString &n) { return g.group < n; });
    return it != groups.end() && it->group == name ? &*it : nullptr;
}

ProxySample buildProxySample(const QString &proxy, quint64 pollId, qint64 timeMs,
                             const std::vector<Deployment> *deployments,
                             const std::vector<ModelGroupInfo> *groups,
                             const LiteLlmMetrics *metrics, const Readiness *readiness)
{
    ProxySample sample;
    sample.proxy = proxy;
    sample.pollId = pollId;
    sample.timeMs = timeMs;
    sample.metricsAvailable = metrics != nullptr;
    if (metrics != nullptr) {
        sample.metricNaming = metrics->naming;
        sample.metricsPremiumGated = metrics->premiumGated;
    }
    if (readiness != nullptr) {
        sample.readiness = *readiness;
    }

    QHash<QString, std::size_t> byId;
    const double zero = 0;
    const auto counter = [&](double value) {
        return metrics != nullptr ? std::optional<double>(value) : std::nullopt;
    };
    if (deployments != nullptr) {
        for (const Deployment &d : *deployments) {
            DeploymentSample s;
            s.id = d.id;
            s.group = d.group;
            s.model = d.model;
            s.provider = d.provider;
            s.apiBase = d.apiBase;
            s.credentialFingerprint = d.credentialFingerprint;
            s.rpmLimit = d.rpm;
            s.tpmLimit = d.tpm;
            s.cooldownSeconds = d.cooldownTime;
            s.maxInputTokens = d.maxInputTokens;
            s.successTotal = s.failureTotal = s.rateLimitedTotal = s.cooledDownTotal =
                s.tokensTotal = counter(zero);
            byId.insert(s.id, sample.deployments.size());
            sample.deployments.push_back(std::move(s));
        }
    }
    if (metrics != nullptr) {
        for (const DeploymentMetrics &m : metrics->deployments) {
            const QString id = m.modelId.isEmpty() ? m.key : m.modelId;
            auto found = byId.constFind(id);
            if (found == byId.constEnd()) {
                // Seen only in metrics: a deployment /model/info did not list (or could not be
                // read); show what the labels say about it.
                DeploymentSample s;
                s.id = id;
                s.group = m.group;
                s.model = m.litellmModelName;
                s.provider = m.apiProvider;
                s.apiBase = redactUrl(m.apiBase);
                found = byId.insert(id, sample.deployments.size());
                sample.deployments.push_back(std::move(s));
            }
            DeploymentSample &s = sample.deployments[*found];
            if (s.group.isEmpty()) {
                s.group = m.group;
            }
            if (!s.rpmLimit) {
                s.rpmLimit = asLimit(m.rpmLimit);
            }
            if (!s.tpmLimit) {
                s.tpmLimit = asLimit(m.tpmLimit);
            }
            s.remainingRequests = m.remainingRequests;
            s.remainingTokens = m.remainingTokens;
            s.state = m.state;
            s.successTotal = m.successTotal;
            s.failureTotal = m.failureTotal;
            s.rateLimitedTotal = m.rateLimitedTotal;
            s.cooledDownTotal = m.cooledDownTotal;
            s.tokensTotal = m.totalTokens;
        }
    }
    std::sort(sample.deployments.begin(), sample.deployments.end(),
              [](const auto &a, const auto &b) {
                  return std::tie(a.group, a.id) < std::tie(b.group, b.id);
              });

    std::map<QString, GroupSample> byGroup;
    const auto groupFor = [&](const QString &name) -> GroupSample & {
        GroupSample &g = byGroup[name];
        g.group = name;
        return g;
    };
    for (const DeploymentSample &d : sample.deployments) {
        if (d.group.isEmpty()) {
            continue;
        }
        GroupSample &g = groupFor(d.group);
        g.deploymentIds.append(d.id);
        if (!d.provider.isEmpty() && !g.providers.contains(d.provider)) {
            g.providers.append(d.provider);
        }
        if (d.rpmLimit) {
            g.rpmLimit = g.rpmLimit.value_or(0) + *d.rpmLimit;
        }
        if (d.tpmLimit) {
            g.tpmLimit = g.tpmLimit.value_or(0) + *d.tpmLimit;
        }
        keepLowest(g.remainingRequests, d.remainingRequests);
        keepLowest(g.remainingTokens, d.remainingTokens);
    }
    if (groups != nullptr) {
        // The proxy's own sums win: they count deployments this key may not list.
        for (const ModelGroupInfo &info : *groups) {
            GroupSample &g = groupFor(info.group);
            if (!info.providers.isEmpty()) {
                g.providers = info.providers;
            }
            if (info.rpm) {
                g.rpmLimit = info.rpm;
            }
            if (info.tpm) {
                g.tpmLimit = info.tpm;
            }
        }
    }
    if (metrics != nullptr) {
        for (const GroupMetrics &m : metrics->groups) {
            GroupSample &g = groupFor(m.group);
            keepLowest(g.remainingRequests, m.remainingRequests);
            keepLowest(g.remainingTokens, m.remainingTokens);
        }
        for (auto &[name, g] : byGroup) {
            const GroupMetrics *m = metrics->group(name);
            g.requestsTotal = m ? m->proxyRequestsTotal : 0.0;
            g.failedTotal = m ? m->proxyFailedTotal : 0.0;
            g.rateLimitedTotal = m ? m->proxyRateLimitedTotal : 0.0;
            g.routerRejectsTotal = m ? m->routerRejectsTotal : 0.0;
        }
        for (const FallbackEdgeMetrics &e : metrics->fallbacks) {
            sample.fallbacks.push_back({e.from, e.to, e.successTotal, e.failedTotal});
        }
    }
    sample.groups.reserve(byGroup.size());
    for (auto &[name, g] : byGroup) {
        sample.groups.push_back(std::move(g));
    }
    return sample;
}

} // namespace headroom
