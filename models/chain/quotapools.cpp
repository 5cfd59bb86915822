#include "chain/quotapools.h"

#include <algorithm>
#include <QHash>

namespace headroom {

namespace {

// What one credential or endpoint is shared by. Most have one group: only the deployments'
// indexes are kept until a second group shows up.
struct Shared {
    QString id;
    const QString *firstGroup = nullptr;
    bool manyGroups = false;
    std::vector<int> members; // indexes into the deployments
    QString reason;
};

QString deploymentName(const Deployment &d)
{
    // Deployments from a config.yaml may have no id; the group and model still tell them apart.
    return d.id.isEmpty() ? d.group + u'/' + d.model : d.id;
}

} // namespace

std::vector<QuotaPool> findQuotaPools(const std::vector<Deployment> &deployments)
{
    // Keyed by what is shared, so the pool ids are stable from poll to poll and never a key.
    QHash<QString, Shared> shared;
    shared.reserve(qsizetype(deployments.size()) * 2);
    const auto add = [&shared](QString id, int index, const Deployment &d, auto reason) {
        Shared &entry = shared[id];
        if (entry.firstGroup == nullptr) {
            entry.id = std::move(id);
            entry.firstGroup = &d.group;
        } else if (!entry.manyGroups && *entry.firstGroup != d.group) {
            entry.manyGroups = true;
            entry.reason = reason();
        }
        entry.members.push_back(index);
    };
    for (std::size_t i = 0; i < deployments.size(); ++i) {
        const Deployment &d = deployments[i];
        if (d.group.isEmpty()) {
            continue;
        }
        if (!d.credentialFingerprint.isEmpty()) {
            add(QStringLiteral("credential:") + d.credentialFingerprint, int(i), d, [&d] {
                return QStringLiteral("one credential (fingerprint %1)")
                    .arg(d.credentialFingerprint);
            });
        }
        // An empty api_base is the provider's default endpoint, which says nothing about whose
        // quota it is: only a named endpoint serving one model is one quota for sure.
        if (!d.apiBase.isEmpty() && !d.model.isEmpty()) {
            add(QStringLiteral("api_base:") + d.apiBase + QStringLiteral(" model:") + d.model,
                int(i), d, [&d] {
                    return QStringLiteral("one api_base (%1) serving %2").arg(d.apiBase, d.model);
                });
        }
    }
    // A group sharing a quota with itself is just a group: pools have two or more.
    std::vector<const Shared *> many;
    for (const Shared &entry : shared) {
        if (entry.manyGroups) {
            many.push_back(&entry);
        }
    }
    std::sort(many.begin(), many.end(),
              [](const Shared *a, const Shared *b) { return a->id < b->id; });
    std::vector<QuotaPool> pools;
    for (const Shared *entry : many) {
        QuotaPool pool{entry->id, entry->reason, {}, {}};
        for (const int index : entry->members) {
            const Deployment &d = deployments[std::size_t(index)];
            if (!pool.groups.contains(d.group)) {
                pool.groups.append(d.group);
            }
            pool.deployments.append(deploymentName(d));
        }
        pool.groups.sort();
        pool.deployments.sort();
        pool.deployments.removeDuplicates();
        // The same groups behind one credential and one endpoint are one pool, with both reasons.
        auto same = std::find_if(pools.begin(), pools.end(),
                                 [&pool](const QuotaPool &p) { return p.groups == pool.groups; });
        if (same != pools.end()) {
            same->reason += QStringLiteral("; ") + pool.reason;
            same->deployments += pool.deployments;
            same->deployments.sort();
            same->deployments.removeDuplicates();
            continue;
        }
        pools.push_back(std::move(pool));
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
