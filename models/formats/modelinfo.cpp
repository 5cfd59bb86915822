#include "formats/modelinfo.h"

#include "formats/jsonbody.h"
#include "formats/redaction.h"

namespace headroom {

namespace {

using Json = nlohmann::json;

const Json &objectOrEmpty(const Json &parent, std::string_view key, const QString &path)
{
    static const Json empty = Json::object();
    const Json *value = json::member(parent, key);
    if (value == nullptr) {
        return empty;
    }
    if (!value->is_object()) {
        json::fail(
            ParseError::Kind::WrongType, json::childPath(path, key),
            QStringLiteral("expected an object, found %1").arg(QLatin1String(value->type_name())));
    }
    return *value;
}

// The first of litellm_params / model_info that has the key: LiteLLM honours both.
std::optional<qint64> limit(const Json &params, const Json &info, std::string_view key,
                            const QString &path)
{
    if (auto value = json::integer(params, key, json::childPath(path, "litellm_params"))) {
        return value;
    }
    return json::integer(info, key, json::childPath(path, "model_info"));
}

Deployment readDeployment(const Json &entry, const QString &path)
{
    if (!entry.is_object()) {
        json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected an object"));
    }
    const Json &params = objectOrEmpty(entry, "litellm_params", path);
    const Json &info = objectOrEmpty(entry, "model_info", path);
    const QString paramsPath = json::childPath(path, "litellm_params");
    const QString infoPath = json::childPath(path, "model_info");

    Deployment d;
    d.group = json::requiredString(entry, "model_name", path);
    if (const Json *id = json::member(info, "id")) {
        d.id = json::scalarText(*id);
    }
    d.model = json::string(params, "model", paramsPath);
    d.provider = json::string(params, "custom_llm_provider", paramsPath);
    if (d.provider.isEmpty()) {
        d.provider = json::string(info, "litellm_provider", infoPath);
    }
    if (d.provider.isEmpty()) {
        d.provider = providerForModel(d.model);
    }
    d.apiBase = redactUrl(json::string(params, "api_base", paramsPath));
    // Proxies strip keys from this body; a build that leaks one still never gets it stored.
    if (const Json *key = json::member(params, "api_key")) {
        d.credentialFingerprint = credentialFingerprint(json::scalarText(*key));
    }
    d.rpm = limit(params, info, "rpm", path);
    d.tpm = limit(params, info, "tpm", path);
    d.weight = json::number(params, "weight", paramsPath);
    if (const auto order = json::integer(params, "order", paramsPath)) {
        d.order = int(*order);
    }
    d.maxInputTokens = json::integer(info, "max_input_tokens", infoPath);
    d.maxOutputTokens = json::integer(info, "max_output_tokens", infoPath);
    d.cooldownTime = json::number(params, "cooldown_time", paramsPath);
    d.mode = json::string(info, "mode", infoPath);
    d.dbModel = json::boolean(info, "db_model", infoPath).value_or(false);
    return d;
}

} // namespace

ParseResult<std::vector<Deployment>> parseModelInfo(std::string_view body,
                                                    const ParseLimits &limits)
{
    return json::readBody<std::vector<Deployment>>(body, limits, [](const Json &document) {
        if (!document.is_object()) {
            json::fail(ParseError::Kind::WrongType, QStringLiteral("/"),
                       QStringLiteral("expected an object with \"data\""));
        }
        const Json *data = json::member(document, "data");
        if (data == nullptr) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/data"),
                       QStringLiteral("required field \"data\" is missing"));
        }
        std::vector<Deployment> deployments;
        const QString path = QStringLiteral("/data");
        if (data->is_object()) {
            deployments.push_back(readDeployment(*data, path));
            return deployments;
        }
        if (!data->is_array()) {
            json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected a list"));
        }
        deployments.reserve(data->size());
        for (std::size_t i = 0; i < data->size(); ++i) {
            deployments.push_back(readDeployment((*data)[i], json::childPath(path, i)));
        }
        return deployments;
    });
}

} // namespace headroom
