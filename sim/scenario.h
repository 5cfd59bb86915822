#pragma once
// A simulator scenario: a LiteLLM config.yaml (what operators already have) plus a `simulation:`
// section with the demand on each group, token sizes and provider faults.

#include "config/proxyconfig.h"
#include "demandcurve.h"
#include "formats/parselimits.h"
#include "formats/parseresult.h"
#include "router/routermodel.h"

#include <QString>
#include <string_view>
#include <vector>

namespace headroom::sim {

struct GroupDemandSpec {
    QString group;
    DemandCurve curve;
    TokenDistribution inputTokens;
    TokenDistribution outputTokens{200, 0};
};

struct Scenario {
    QString name;
    ProxyConfig config;
    // general_settings.master_key (an os.environ/ reference is resolved): the simulator must
    // check it, so unlike ProxyConfig this holds the key itself. Never log it.
    QString masterKey;
    quint64 seed = 1;
    double tickSeconds = 1.0;
    bool metricsRequireAuth = false; // litellm_settings.require_auth_for_metrics_endpoint
    // simulation.virtual_keys: keys of internal users (LiteLLM keeps them in its DB). They may
    // call the model and info routes but, like LiteLLM's route checks, no admin route. Never
    // log them.
    QStringList virtualKeys;
    std::vector<GroupDemandSpec> demand;
    std::vector<router::Fault> faults;
};

// baseDir resolves relative CSV demand files.
ParseResult<Scenario> parseScenario(std::string_view yaml, const QString &baseDir,
                                    const ParseLimits &limits = {});
ParseResult<Scenario> loadScenario(const QString &path);

} // namespace headroom::sim
