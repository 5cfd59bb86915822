#pragma once
// Groups that draw on one provider quota: deployments with one credential, or one api_base with
// the same provider model. A fallback inside a pool cannot add headroom.

#include "formats/deployment.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace headroom {

struct QuotaPool {
    QString id;         // stable: derived from what the deployments share, never a key
    QString reason;     // e.g. "one credential (fingerprint 3f2a…)" or "api_base … model …"
    QStringList groups; // sorted; two or more
    QStringList deployments; // deployment ids
    friend bool operator==(const QuotaPool &, const QuotaPool &) = default;
};

std::vector<QuotaPool> findQuotaPools(const std::vector<Deployment> &deployments);

// The pool a group is in, or nullptr.
const QuotaPool *poolOf(const std::vector<QuotaPool> &pools, const QString &group);

} // namespace headroom
