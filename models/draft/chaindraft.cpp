#include "draft/chaindraft.h"

#include "config/routersettingsjson.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace headroom {

ChainDraft::ChainDraft(const FallbackChain &live)
    : m_live(live)
    , m_base(live)
    , m_chain(live)
{}

bool ChainDraft::isDirty() const
{
    return !sameRouting(m_live, m_chain);
}

void ChainDraft::setLive(const FallbackChain &live)
{
    const bool follow = !isDirty() && sameRouting(m_base, m_live);
    m_live = live;
    if (follow) {
        m_base = live;
        m_chain = live;
    } else {
        // The edited chain keeps its edits, and the facts that are not edits follow the reading.
        m_chain.origin = live.origin;
        m_chain.configDeployments = live.configDeployments;
    }
}

void ChainDraft::discard()
{
    m_base = m_live;
    m_chain = m_live;
}

bool blocksApply(const std::vector<ChainFinding> &findings)
{
    return std::any_of(findings.begin(), findings.end(), [](const ChainFinding &f) {
        return f.severity == ChainFinding::Severity::Error;
    });
}

QString findingId(const ChainFinding &finding)
{
    return findingKindName(finding.kind) + u'|' + finding.groups.join(u',') + u'|' +
           finding.setting;
}

ParseResult<QByteArray> draftConfigYaml(const FallbackChain &draft, const ProxyConfig &file)
{
    ProxyConfig config = file;
    config.fallbacks = draft.fallbacks;
    config.router = draft.settings;
    if (config.deployments.empty()) {
        config.deployments = draft.configDeployments;
    }
    return writeConfigYaml(config);
}

nlohmann::json draftRouterSettingsJson(const FallbackChain &draft)
{
    return routerSettingsToJson(draft.settings, draft.fallbacks);
}

} // namespace headroom
