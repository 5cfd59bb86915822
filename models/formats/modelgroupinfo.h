#pragma once
// /model_group/info: per model group, the providers behind it and the summed rpm/tpm limits.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <optional>
#include <QString>
#include <QStringList>
#include <string_view>
#include <vector>

namespace headroom {

struct ModelGroupInfo {
    QString group;
    QStringList providers;
    QString mode;              // LiteLLM's default is "chat"
    std::optional<qint64> rpm; // sum over the group's deployments
    std::optional<qint64> tpm;
    std::optional<qint64> itpm; // input / output token limits (newer proxies)
    std::optional<qint64> otpm;
    std::optional<qint64> maxInputTokens;
    std::optional<qint64> maxOutputTokens;
    std::optional<double> inputCostPerToken;
    std::optional<double> outputCostPerToken;
    QStringList supports; // names of true supports_* flags, without the prefix
    QStringList supportedOpenaiParams;

    friend bool operator==(const ModelGroupInfo &, const ModelGroupInfo &) = default;
};

ParseResult<std::vector<ModelGroupInfo>> parseModelGroupInfo(std::string_view body,
                                                             const ParseLimits &limits = {});

} // namespace headroom
