#pragma once
// An operator's edited copy of the fallback chain in force: the live chain it was made from, the
// edited chain, the edits' undo steps, and the draft as a config.yaml or a router_settings body.

#include "chain/fallbackchain.h"
#include "chain/graphchecks.h"
#include "config/proxyconfig.h"
#include "draft/chainedit.h"
#include "draft/draftoverlay.h"
#include "formats/parseresult.h"

#include <nlohmann/json_fwd.hpp>
#include <QByteArray>
#include <QStringList>

namespace headroom {

class ChainDraft {
public:
    ChainDraft() = default;
    explicit ChainDraft(const FallbackChain &live);

    const FallbackChain &chain() const { return m_chain; } // the edited chain
    const FallbackChain &live() const { return m_live; }   // the chain in force now
    const FallbackChain &base() const { return m_base; }   // the live chain the edits began on

    // Whether the draft differs from the chain in force (fallbacks and router settings).
    bool isDirty() const;
    // The live chain changed while the draft had edits (someone else pushed): the draft is kept;
    // liveChanges() says what the others changed.
    bool liveChangedUnderDraft() const { return !sameRouting(m_base, m_live); }
    QStringList liveChanges() const { return describeChainChange(m_base, m_live); }
    // What applying the draft would change, one line each (describeChainChange).
    QStringList changes() const { return describeChainChange(m_live, m_chain); }

    EditOutcome apply(const ChainEdit &edit) { return applyEdit(m_chain, edit); }
    EditSteps applySteps(const EditSteps &steps) { return headroom::applySteps(m_chain, steps); }

    // A new reading of the chain in force. Without edits the draft follows it; with edits it
    // keeps them and remembers the new live chain (liveChangedUnderDraft()).
    void setLive(const FallbackChain &live);
    // Back to the chain in force; the edits are dropped.
    void discard();
    // Takes the chain in force as the new base, keeping the edits (the operator saw the others'
    // change and carries on).
    void acceptLive() { m_base = m_live; }

    std::vector<OverlayEdge> overlay(const QStringList &groups) const
    {
        return overlayDraft(m_live, m_chain, groups);
    }

    static bool sameRouting(const FallbackChain &a, const FallbackChain &b)
    {
        return a.fallbacks == b.fallbacks && a.settings == b.settings;
    }

private:
    FallbackChain m_live;
    FallbackChain m_base;
    FallbackChain m_chain;
};

// Errors block applying a draft (LiteLLM would refuse it, or it could never work); warnings are
// shown and may be acknowledged, notes are information.
bool blocksApply(const std::vector<ChainFinding> &findings);
// A finding's identity across re-checks (kind, groups, setting; not the words), so a warning the
// operator acknowledged stays acknowledged while the draft changes elsewhere.
QString findingId(const ChainFinding &finding);

// The draft as a config.yaml: `file` (a parsed config.yaml, or an empty one) with the draft's
// fallbacks and router settings; every other key of the file is kept (writeConfigYaml).
ParseResult<QByteArray> draftConfigYaml(const FallbackChain &draft, const ProxyConfig &file = {});
// The draft as the router_settings object of POST /config/update.
nlohmann::json draftRouterSettingsJson(const FallbackChain &draft);

} // namespace headroom
