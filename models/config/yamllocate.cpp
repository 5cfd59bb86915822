#include "config/yamllocate.h"

#include "config/yamlload.h"

#include <optional>
#include <yaml-cpp/yaml.h>

namespace headroom {

namespace {

YamlPosition at(const YAML::Node &node)
{
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0 || mark.column < 0) {
        return {};
    }
    return {mark.line + 1, mark.column + 1};
}

// The key node named `key` in a map (the last, as PyYAML keeps the last).
std::optional<YAML::Node> keyNode(const YAML::Node &map, const std::string &key)
{
    std::optional<YAML::Node> found;
    if (map.IsMap()) {
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (it->first.IsScalar() && it->first.Scalar() == key) {
                found = it->first;
            }
        }
    }
    return found;
}

std::optional<YAML::Node> valueOf(const YAML::Node &map, const std::string &key)
{
    std::optional<YAML::Node> found;
    if (map.IsMap()) {
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (it->first.IsScalar() && it->first.Scalar() == key) {
                found = it->second;
            }
        }
    }
    return found;
}

// A group's own entry in a fallback list: [{group: [...]}, …], or a mapping given instead.
std::optional<YAML::Node> groupEntry(const YAML::Node &list, const std::string &group)
{
    std::optional<YAML::Node> found;
    if (list.IsSequence()) {
        for (const YAML::Node &item : list) {
            if (auto key = keyNode(item, group)) {
                found = key;
            }
        }
    } else if (list.IsMap()) {
        found = keyNode(list, group);
    }
    return found;
}

} // namespace

YamlPosition locateSetting(std::string_view yaml, const QString &setting, const QString &group,
                           const ParseLimits &limits)
{
    const auto document = yaml::loadDocument(yaml, limits);
    if (!document) {
        return {};
    }
    const std::string section = setting.section(u'.', 0, 0).toStdString();
    const std::string key = setting.section(u'.', 1).toStdString();
    if (key.empty()) {
        return {};
    }
    try {
        // router_settings wins where both have the key, as the reader takes it.
        const std::string other =
            section == "router_settings" ? "litellm_settings" : "router_settings";
        for (const std::string &where : {section, other}) {
            const auto map = valueOf(document.value(), where);
            const auto name = map ? keyNode(*map, key) : std::nullopt;
            if (!name) {
                continue;
            }
            if (!group.isEmpty()) {
                if (const auto list = valueOf(*map, key)) {
                    if (const auto entry = groupEntry(*list, group.toStdString())) {
                        return at(*entry);
                    }
                }
            }
            return at(*name);
        }
    } catch (const YAML::Exception &) {
        return {};
    }
    return {};
}

} // namespace headroom
