#pragma once
// Typed reads of yaml-cpp scalars the way LiteLLM (PyYAML) understands them, reporting a wrong
// type or an unrepresentable number as a ParseError carrying the field's path and position.

#include "formats/parseerror.h"

#include <optional>
#include <QString>
#include <string_view>
#include <yaml-cpp/yaml.h>

namespace headroom::yaml {

// Thrown while reading a config and caught at the parser's API, which returns its error.
struct Failure {
    ParseError error;
};

[[noreturn]] void fail(ParseError::Kind kind, const YAML::Node &node, const QString &path,
                       const QString &message);

// "parent.key", or parent["odd key"] when the key is not a plain word (group names have dots).
QString keyPath(const QString &parent, std::string_view key);
QString indexPath(const QString &parent, std::size_t index);

// The value of `key` in a map: the last occurrence when the key repeats (PyYAML keeps the last),
// else the value found through "<<" merge keys, which PyYAML applies and yaml-cpp does not.
// Returns an undefined node when the key is absent or `map` is not a map.
YAML::Node lookup(const YAML::Node &map, std::string_view key);

// Null or missing: LiteLLM treats both as "not set".
bool isAbsent(const YAML::Node &node);
// "os.environ/VAR": resolved by the proxy at start-up, unknown to Headroom.
bool isEnvReference(std::string_view text);

// Each returns nullopt for an absent value. Numeric and boolean readers also return nullopt for
// an os.environ/ reference; they accept numbers written as strings ("600") as PyYAML users do.
std::optional<QString> readString(const YAML::Node &node, const QString &path);
std::optional<qint64> readInteger(const YAML::Node &node, const QString &path, qint64 minimum,
                                  qint64 maximum);
std::optional<double> readNumber(const YAML::Node &node, const QString &path, double minimum,
                                 double maximum);
std::optional<bool> readBool(const YAML::Node &node, const QString &path);

// Throws WrongType unless the node is absent or a map / a sequence; returns whether present.
bool expectMap(const YAML::Node &node, const QString &path);
bool expectSequence(const YAML::Node &node, const QString &path);

} // namespace headroom::yaml
