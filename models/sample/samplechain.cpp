#include "sample/samplechain.h"

#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace headroom {

namespace {

using Json = nlohmann::json;

} // namespace

Json findingToJson(const ChainFinding &f)
{
    return {{"kind", findingKindName(f.kind).toStdString()},
            {"severity", findingSeverityName(f.severity).toStdString()},
            {"groups", json::stringArray(f.groups)},
            {"setting", f.setting.toStdString()},
            {"message", f.message.toStdString()}};
}

QString chainOriginKindName(ChainOrigin::Kind kind)
{
    switch (kind) {
    case ChainOrigin::Kind::Unknown:
        return QStringLiteral("unknown");
    case ChainOrigin::Kind::ProxyAdmin:
        return QStringLiteral("proxy_admin");
    case ChainOrigin::Kind::ConfigFile:
        return QStringLiteral("config_file");
    case ChainOrigin::Kind::Scenario:
        return QStringLiteral("scenario");
    }
    return {};
}

QString findingSeverityName(ChainFinding::Severity severity)
{
    switch (severity) {
    case ChainFinding::Severity::Error:
        return QStringLiteral("error");
    case ChainFinding::Severity::Warning:
        return QStringLiteral("warning");
    case ChainFinding::Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

std::vector<Deployment> sampleDeployments(const ProxySample &sample)
{
    std::vector<Deployment> out;
    out.reserve(sample.deployments.size());
    for (const DeploymentSample &s : sample.deployments) {
        Deployment d;
        d.group = s.group;
        d.id = s.id;
        d.model = s.model;
        d.provider = s.provider;
        d.apiBase = s.apiBase;
        d.credentialFingerprint = s.credentialFingerprint;
        d.rpm = s.rpmLimit;
        d.tpm = s.tpmLimit;
        d.maxInputTokens = s.maxInputTokens;
        d.cooldownTime = s.cooldownSeconds;
        out.push_back(std::move(d));
    }
    return out;
}

ChainFacts chainFacts(const ProxySample &sample)
{
    QStringList groups;
    for (const GroupSample &g : sample.groups) {
        groups.append(g.group);
    }
    std::vector<Deployment> deployments = sampleDeployments(sample);
    if (sample.chain) {
        // /model/info hides keys; a config.yaml names them (as fingerprints). The same
        // deployment from both sides adds nothing new to a pool.
        for (const Deployment &d : sample.chain->configDeployments) {
            deployments.push_back(d);
        }
    }
    return chainFactsFrom(deployments, std::move(groups));
}

Json chainToJson(const ProxySample &sample)
{
    if (!sample.chain) {
        return nullptr;
    }
    const FallbackChain &chain = *sample.chain;
    const ChainFacts facts = chainFacts(sample);
    Json findings = Json::array();
    for (const ChainFinding &f : checkChain(chain, facts)) {
        findings.push_back(findingToJson(f));
    }
    Json attempts = Json::object();
    const FallbackWalker walker(chain, facts.groups);
    qsizetype budget = kWalkStepBudget;
    for (const QString &group : facts.groups) {
        if (budget <= 0) {
            attempts[group.toStdString()] = nullptr; // too large a chain to walk from every group
            continue;
        }
        const FallbackWalk walk = walker.walk(group);
        budget -= qsizetype(walk.steps.size());
        attempts[group.toStdString()] = walker.worstCaseAttempts(walk);
    }
    Json pools = Json::array();
    for (const QuotaPool &p : facts.pools) {
        pools.push_back({{"id", p.id.toStdString()},
                         {"reason", p.reason.toStdString()},
                         {"groups", json::stringArray(p.groups)},
                         {"deployments", json::stringArray(p.deployments)}});
    }
    return {{"origin",
             {{"kind", chainOriginKindName(chain.origin.kind).toStdString()},
              {"where", chain.origin.where.toStdString()},
              {"problem", chain.origin.problem.toStdString()}}},
            {"known", chain.known()},
            {"router_settings", routerSettingsToJson(chain.settings, chain.fallbacks)},
            {"findings", findings},
            {"worst_case_attempts", attempts},
            {"quota_pools", pools}};
}

} // namespace headroom
