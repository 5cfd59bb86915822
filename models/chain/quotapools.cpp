#include "chain/quotapools.h"

#include <algorithm>
#include <map>

namespace headroom {

namespace {

struct Shared {
    QString reason;
    QStringList groups;
    QStringList deployments;
};

QString deploymentName(const Deployment &d)
{
    // Deployments from a config.yaml may have no id; the group and model still tell them apart.
    return d.id.isEmpty() ? d.group + u'/' + d.model : d.id;
}

void add(std::map<QString, Shared> &shared, const QString &id, const QString &reason,
         const Deployment &d)
{
    Shared &entry = shared[id];
    entry.reason = reason;
    if (!entry.groups.contains(d.group)) {
        entry.groups.append(d.group);
    }
    const QString name = deploymentName(d);
    if (!entry.deployments.contains(name)) {
        entry.deployments.append(name);
    }
}

} // namespace

std::vector<QuotaPool> findQuotaPools(const std::vector<Deployment> &deployments)
{
    // Keyed by what is shared, so the pool ids are stable from poll to poll and never a key.
    std::map<QString, Shared> shared;
    for (const Deployment &d : deployments) {
        if (d.group.isEmpty()) {
            continue;
        }
        if (!d.credentialFingerprint.isEmpty()) {
            add(shared, QStringLiteral("credential:") + d.credentialFingerprint,
                QStringLiteral("one credential (fingerprint %1)").arg(d.credentialFingerprint), d);
        }
        // An empty api_base is the provider's default endpoint, which says nothing about whose
        // quota it is: only a named endpoint serving one model is one quota for sure.
        if (!d.apiBase.isEmpty() && !d.model.isEmpty()) {
            add(shared, QStringLiteral("api_base:%1 model:%2").arg(d.apiBase, d.model),
                QStringLiteral("one api_base (%1) serving %2").arg(d.apiBase, d.model), d);
        }
    }
    std::vector<QuotaPool> pools;
    for (auto &[id, entry] : shared) {
        if (entry.groups.size() < 2) {
            continue; // a group sharing a quota with itself is just a group
        }
        entry.groups.sort();
        entry.deployments.sort();
        // The same groups behind one credential and one endpoint are one pool, with both reasons.
        auto same = std::find_if(pools.begin(), pools.end(), [&entry](const QuotaPool &pool) {
            return pool.groups == entry.groups;
        });
        if (same != pools.end()) {
            same->reason += QStringLiteral("; ") + entry.reason;
            for (const QString &name : entry.deployments) {
                if (!same->deployments.contains(name)) {
                    same->deployments.append(name);
                }
            }
            same->deployments.sort();
            continue;
        }
        pools.push_back(QuotaPool{id, entry.reason, entry.groups, entry.deployments});
    }
    return pools;
}

const QuotaPool *poolOf(const std::vector<QuotaPool> &pools, const QString &group)
{
    for (const QuotaPool &pool : pools) {
        if (pool.groups.contains(group)) {
            return &pool;
        }
    }
    return nullptr;
}

} // namespace headroom
