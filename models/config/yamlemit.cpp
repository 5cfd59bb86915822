#include "config/yamlemit.h"

#include "config/yamlload.h"

#include <string>
#include <unordered_map>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace headroom::yaml {

namespace {

struct TooDeepToEmit {};

class TreeWriter {
public:
    explicit TreeWriter(YAML::Emitter &out)
        : m_out(out)
    {}

    // First pass: how often each parsed node is reached, so shared ones get an anchor. Only
    // nodes with a source position can be shared (nodes built in code never are); within one
    // position, identity (Node::is) tells nodes apart.
    void count(const YAML::Node &node, int depth)
    {
        checkDepth(depth);
        if (!node.Mark().is_null()) {
            if (Seen *seen = find(node)) {
                ++seen->references;
                return;
            }
            m_seen[node.Mark().pos].push_back(Seen{node});
        }
        if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                count(it->first, depth + 1);
                count(it->second, depth + 1);
            }
        } else if (node.IsSequence()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                count(*it, depth + 1);
            }
        }
    }

    void write(const YAML::Node &node, int depth)
    {
        checkDepth(depth);
        Seen *seen = find(node);
        if (seen != nullptr && seen->references > 1) {
            if (seen->anchor != 0) {
                m_out << YAML::Alias(std::to_string(seen->anchor));
                return;
            }
            seen->anchor = ++m_anchors;
        }
        const std::string &tag = node.Tag();
        const bool quoted = tag == "!";
        if (!tag.empty() && tag != "?" && tag != "!") {
            m_out << YAML::VerbatimTag(tag);
        }
        if (seen != nullptr && seen->anchor != 0) {
            m_out << YAML::Anchor(std::to_string(seen->anchor));
        }
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            m_out << YAML::Null;
            break;
        case YAML::NodeType::Scalar:
            if (quoted) {
                m_out << YAML::DoubleQuoted;
            }
            m_out << node.Scalar();
            break;
        case YAML::NodeType::Sequence:
            style(node);
            m_out << YAML::BeginSeq;
            for (auto it = node.begin(); it != node.end(); ++it) {
                write(*it, depth + 1);
            }
            m_out << YAML::EndSeq;
            break;
        case YAML::NodeType::Map:
            style(node);
            m_out << YAML::BeginMap;
            for (auto it = node.begin(); it != node.end(); ++it) {
                m_out << YAML::Key;
                write(it->first, depth + 1);
                m_out << YAML::Value;
                write(it->second, depth + 1);
            }
            m_out << YAML::EndMap;
            break;
        }
    }

private:
    struct Seen {
        YAML::Node node;
        int references = 1;
        int anchor = 0;
    };

    // The loader bounds a parsed tree's height; this guards trees edited or built in code.
    static void checkDepth(int depth)
    {
        if (depth > kHardMaxDepth + 16) {
            throw TooDeepToEmit{};
        }
    }

    void style(const YAML::Node &node)
    {
        if (node.Style() == YAML::EmitterStyle::Flow) {
            m_out << YAML::Flow;
        } else if (node.Style() == YAML::EmitterStyle::Block) {
            m_out << YAML::Block;
        }
    }

    Seen *find(const YAML::Node &node)
    {
        if (node.Mark().is_null()) {
            return nullptr;
        }
        const auto bucket = m_seen.find(node.Mark().pos);
        if (bucket == m_seen.end()) {
            return nullptr;
        }
        for (Seen &seen : bucket->second) {
            if (seen.node.is(node)) {
                return &seen;
            }
        }
        return nullptr;
    }

    YAML::Emitter &m_out;
    std::unordered_map<int, std::vector<Seen>> m_seen;
    int m_anchors = 0;
};

ParseError emitError(const QString &message)
{
    ParseError error;
    error.kind = ParseError::Kind::Syntax;
    error.message = QStringLiteral("cannot write YAML: ") + message;
    return error;
}

} // namespace

ParseResult<QByteArray> emitDocument(const YAML::Node &root)
{
    try {
        YAML::Emitter out;
        out.SetIndent(2);
        TreeWriter writer(out);
        writer.count(root, 0);
        writer.write(root, 0);
        if (!out.good()) {
            return emitError(QString::fromStdString(out.GetLastError()));
        }
        QByteArray text(out.c_str(), qsizetype(out.size()));
        text.append('\n');
        return text;
    } catch (const TooDeepToEmit &) {
        ParseError error = emitError(QStringLiteral("nested too deeply"));
        error.kind = ParseError::Kind::TooDeep;
        return error;
    } catch (const YAML::Exception &e) {
        return emitError(QString::fromStdString(e.msg));
    }
}

} // namespace headroom::yaml
