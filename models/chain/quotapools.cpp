#include "chain/quotapools.h"

namespace headroom {

std::vector<QuotaPool> findQuotaPools(const std::vector<Deployment> &)
{
    return {}; // stub until the chain work lands
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
