#pragma once
// One LiteLLM deployment (an entry of model_list / /model/info): where a model group's traffic
// goes, and the limits that deployment has.

#include <optional>
#include <QString>
#include <QStringList>

namespace headroom {

struct Deployment {
    QString group;    // model_name: the model group clients ask for
    QString id;       // model_info.id (= Prometheus label model_id); may be empty in config
    QString model;    // litellm_params.model, e.g. "azure/gpt-4o-eu"
    QString provider; // custom_llm_provider, else derived from the model's prefix
    QString apiBase;  // litellm_params.api_base, empty when the provider default is used
    QString credentialFingerprint; // credentialFingerprint() of the key; never the key itself
    std::optional<qint64> rpm;     // requests per minute limit
    std::optional<qint64> tpm;     // tokens per minute limit
    std::optional<double> weight;  // simple-shuffle weight
    std::optional<int> order;      // deployment priority (lower first)
    std::optional<qint64> maxInputTokens;
    std::optional<qint64> maxOutputTokens;
    std::optional<double> cooldownTime; // per-deployment cooldown_time, seconds
    QString mode;                       // model_info.mode ("chat", "embedding", …)
    bool dbModel = false;               // model_info.db_model: added through the admin API

    friend bool operator==(const Deployment &, const Deployment &) = default;
};

// LiteLLM's provider for a model string: the prefix before the first '/', else a guess from
// well-known OpenAI/Anthropic model names, else "openai" (LiteLLM's default for bare names).
QString providerForModel(const QString &model);

// A short, stable, non-reversible tag for a credential: equal keys give equal tags, so two
// deployments drawing on one quota can be recognised without ever storing the key.
// An "os.environ/VAR" reference is fingerprinted as the reference (same variable, same key).
QString credentialFingerprint(const QString &secretOrReference);

} // namespace headroom
