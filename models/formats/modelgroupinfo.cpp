#include "formats/modelgroupinfo.h"

#include "formats/jsonbody.h"

namespace headroom {

namespace {

using Json = nlohmann::json;

ModelGroupInfo readGroup(const Json &entry, const QString &path)
{
    if (!entry.is_object()) {
        json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected an object"));
    }
    ModelGroupInfo g;
    g.group = json::requiredString(entry, "model_group", path);
    g.providers = json::stringList(entry, "providers", path);
    g.mode = json::string(entry, "mode", path);
    if (g.mode.isEmpty()) {
        g.mode = QStringLiteral("chat");
    }
    g.rpm = json::integer(entry, "rpm", path);
    g.tpm = json::integer(entry, "tpm", path);
    g.itpm = json::integer(entry, "itpm", path);
    g.otpm = json::integer(entry, "otpm", path);
    g.maxInputTokens = json::integer(entry, "max_input_tokens", path);
    g.maxOutputTokens = json::integer(entry, "max_output_tokens", path);
    g.inputCostPerToken = json::number(entry, "input_cost_per_token", path);
    g.outputCostPerToken = json::number(entry, "output_cost_per_token", path);
    g.supportedOpenaiParams = json::stringList(entry, "supported_openai_params", path);
    constexpr std::string_view prefix = "supports_";
    for (auto it = entry.begin(); it != entry.end(); ++it) {
        const std::string &key = it.key();
        if (key.rfind(prefix, 0) == 0 && json::boolean(entry, key, path).value_or(false)) {
            g.supports.append(QString::fromStdString(key.substr(prefix.size())));
        }
    }
    return g;
}

} // namespace

ParseResult<std::vector<ModelGroupInfo>> parseModelGroupInfo(std::string_view body,
                                                             const ParseLimits &limits)
{
    return json::readBody<std::vector<ModelGroupInfo>>(body, limits, [](const Json &document) {
        const Json *data = json::member(document, "data");
        if (data == nullptr) {
            json::fail(ParseError::Kind::MissingField, QStringLiteral("/data"),
                       QStringLiteral("required field \"data\" is missing"));
        }
        const QString path = QStringLiteral("/data");
        if (!data->is_array()) {
            json::fail(ParseError::Kind::WrongType, path, QStringLiteral("expected a list"));
        }
        std::vector<ModelGroupInfo> groups;
        groups.reserve(data->size());
        for (std::size_t i = 0; i < data->size(); ++i) {
            groups.push_back(readGroup((*data)[i], json::childPath(path, i)));
        }
        return groups;
    });
}

} // namespace headroom
