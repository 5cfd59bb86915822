// The line-level patch: the parsed document's marks say on which line each key of the root map,
// of router_settings and of litellm_settings starts; a managed key's value runs to the next key
// of its map (trailing blank and comment lines belong to what follows). Those lines are replaced
// by one line in flow style, or removed; a key that is new is added after router_settings' last.
// Anything the line view could get wrong refuses the patch, and the whole-document write is used
// instead: flow-style sections, anchors or aliases in a managed value, "<<" merge keys, a key
// repeated, keys not one per line, lone CR line breaks. Either way the result is re-read and must
// hold exactly the desired values.

#include "config/configyamlpatch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <yaml-cpp/yaml.h>

namespace headroom {

QString configPatchMethodName(ConfigPatch::Method method)
{
    switch (method) {
    case ConfigPatch::Method::Unchanged:
        return QStringLiteral("unchanged");
    case ConfigPatch::Method::LinePatch:
        return QStringLiteral("line patch");
    case ConfigPatch::Method::WholeDocument:
        return QStringLiteral("whole document");
    }
    return {};
}

namespace {

// ---- values as one line of flow YAML (JSON-compatible, so PyYAML reads them the same) ----

std::string quoted(const QString &text)
{
    std::string out = "\"";
    for (const char c : text.toStdString()) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
            out += buffer;
        } else {
            out += c;
        }
    }
    return out + '"';
}

std::string listText(const QStringList &items)
{
    std::string out = "[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        out += (i > 0 ? ", " : "") + quoted(items[i]);
    }
    return out + ']';
}

std::string mapText(const FallbackMap &map)
{
    std::string out = "[";
    for (std::size_t i = 0; i < map.size(); ++i) {
        out += (i > 0 ? ", {" : "{") + quoted(map[i].first) + ": " + listText(map[i].second) + '}';
    }
    return out + ']';
}

std::string policyText(const std::vector<std::pair<QString, int>> &policy)
{
    std::string out = "{";
    for (std::size_t i = 0; i < policy.size(); ++i) {
        out +=
            (i > 0 ? ", " : "") + quoted(policy[i].first) + ": " + std::to_string(policy[i].second);
    }
    return out + '}';
}

std::string realText(double value)
{
    if (value == std::trunc(value) && std::fabs(value) < 1e15) {
        return std::to_string(qint64(value));
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string text(buffer, result.ptr);
    const auto exponent = text.find_first_of("eE");
    if (text.find('.') == std::string::npos && exponent != std::string::npos) {
        text.insert(exponent, ".0"); // PyYAML reads 1e-05 as a string
    }
    return text;
}

// A managed key's new text; none removes it (LiteLLM's default applies).
struct Change {
    std::string key;
    std::optional<std::string> value;
};

bool isEmptyValue(const QString &v)
{
    return v.isEmpty();
}
template<typename T>
bool isEmptyValue(const std::optional<T> &v)
{
    return !v;
}
template<typename T>
bool isEmptyValue(const T &v)
{
    return v.empty();
}
template<typename T>
const T &valueOf(const T &v)
{
    return v;
}
template<typename T>
const T &valueOf(const std::optional<T> &v)
{
    return *v;
}

template<typename T, typename Text>
void compare(std::vector<Change> &out, const char *key, const T &now, const T &before, Text text)
{
    if (now != before) {
        out.push_back({key, isEmptyValue(now) ? std::nullopt
                                              : std::optional<std::string>(text(valueOf(now)))});
    }
}

std::vector<Change> changesBetween(const ProxyConfig &parsed, const FallbackConfig &fallbacks,
                                   const RouterSettings &settings)
{
    const RouterSettings &was = parsed.router;
    const FallbackConfig &had = parsed.fallbacks;
    const auto integer = [](int v) {
        return std::to_string(v);
    };
    const auto boolean = [](bool v) {
        return std::string(v ? "true" : "false");
    };
    std::vector<Change> out;
    compare(out, "routing_strategy", settings.routingStrategy, was.routingStrategy, quoted);
    compare(out, "num_retries", settings.numRetries, was.numRetries, integer);
    compare(out, "retry_after", settings.retryAfter, was.retryAfter, realText);
    compare(out, "allowed_fails", settings.allowedFails, was.allowedFails, integer);
    compare(out, "cooldown_time", settings.cooldownTime, was.cooldownTime, realText);
    compare(out, "disable_cooldowns", settings.disableCooldowns, was.disableCooldowns, boolean);
    compare(out, "enable_pre_call_checks", settings.enablePreCallChecks, was.enablePreCallChecks,
            boolean);
    compare(out, "retry_policy", settings.retryPolicy, was.retryPolicy, policyText);
    compare(out, "allowed_fails_policy", settings.allowedFailsPolicy, was.allowedFailsPolicy,
            policyText);
    compare(out, "fallbacks", fallbacks.fallbacks, had.fallbacks, mapText);
    compare(out, "context_window_fallbacks", fallbacks.contextWindowFallbacks,
            had.contextWindowFallbacks, mapText);
    compare(out, "content_policy_fallbacks", fallbacks.contentPolicyFallbacks,
            had.contentPolicyFallbacks, mapText);
    compare(out, "default_fallbacks", fallbacks.defaultFallbacks, had.defaultFallbacks, listText);
    compare(out, "max_fallbacks", fallbacks.maxFallbacks, had.maxFallbacks, integer);
    return out;
}

// ---- the text as lines ----

struct Refused {
    QString reason;
};

class Lines {
public:
    explicit Lines(std::string_view text)
    {
        std::size_t start = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
                throw Refused{QStringLiteral("the file breaks lines with a lone CR")};
            }
            if (text[i] == '\n') {
                m_lines.emplace_back(text.substr(start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start < text.size()) {
            m_lines.emplace_back(text.substr(start));
        }
        m_eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
    }
    int count() const { return int(m_lines.size()); }
    const std::string &at(int line) const { return m_lines[std::size_t(line)]; }
    const std::string &eol() const { return m_eol; }
    std::vector<std::string> &lines() { return m_lines; }

private:
    std::vector<std::string> m_lines;
    std::string m_eol;
};

// Where a comment starts on a line (outside quotes), or npos.
std::size_t commentStart(const std::string &line)
{
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return i;
        }
    }
    return std::string::npos;
}

bool blankOrComment(const std::string &line)
{
    const auto first = line.find_first_not_of(" \t\r\n");
    return first == std::string::npos || line[first] == '#';
}

// An anchor (&name) or alias (*name) outside quotes and comments: a managed value that another
// place may refer to, or that refers elsewhere, is not patched as text.
bool hasAnchorOrAlias(const std::string &line)
{
    const std::size_t end = std::min(commentStart(line), line.size());
    char quote = 0;
    for (std::size_t i = 0; i < end; ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if ((c == '&' || c == '*') &&
                   (i == 0 ||
                    std::string_view(" \t[{,:-").find(line[i - 1]) != std::string_view::npos)) {
            return true;
        }
    }
    return false;
}

struct Key {
    std::string name;
    int line = 0;
    int column = 0;
    int end = 0; // first line after its value (trailing blank and comment lines excluded)
};

// The keys of a block map, one per line, in order; `limit` is the first line after the map.
std::vector<Key> keysOf(const YAML::Node &map, const Lines &lines, int limit, const char *what)
{
    std::vector<Key> keys;
    if (!map.IsMap()) {
        return keys;
    }
    if (map.Style() == YAML::EmitterStyle::Flow) {
        throw Refused{QStringLiteral("%1 is written in flow style").arg(QLatin1String(what))};
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) {
            throw Refused{
                QStringLiteral("%1 has a key that is not a name").arg(QLatin1String(what))};
        }
        const YAML::Mark mark = it->first.Mark();
        Key key{it->first.Scalar(), mark.line, mark.column, 0};
        if (key.name == "<<") {
            throw Refused{QStringLiteral("%1 has a << merge key").arg(QLatin1String(what))};
        }
        if (!keys.empty() && (key.line <= keys.back().line || key.column != keys.back().column)) {
            throw Refused{QStringLiteral("%1 has keys not one per line").arg(QLatin1String(what))};
        }
        if (key.line < 0 || key.line >= lines.count()) {
            throw Refused{
                QStringLiteral("%1: a key's position is unknown").arg(QLatin1String(what))};
        }
        keys.push_back(std::move(key));
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
        int end = i + 1 < keys.size() ? keys[i + 1].line : limit;
        while (end > keys[i].line + 1 && blankOrComment(lines.at(end - 1))) {
            --end;
        }
        keys[i].end = end;
    }
    return keys;
}

const Key *findKey(const std::vector<Key> &keys, const std::string &name, const char *what)
{
    const Key *found = nullptr;
    for (const Key &k : keys) {
        if (k.name == name) {
            if (found != nullptr) {
                throw Refused{QStringLiteral("%1.%2 appears twice")
                                  .arg(QLatin1String(what), QString::fromStdString(name))};
            }
            found = &k;
        }
    }
    return found;
}

void refuseAnchors(const Lines &lines, int from, int to, const std::string &what)
{
    for (int l = from; l < to; ++l) {
        if (hasAnchorOrAlias(lines.at(l))) {
            throw Refused{
                QStringLiteral("%1 holds an anchor or alias").arg(QString::fromStdString(what))};
        }
    }
}

// "  key: value" and the line break.
std::string keyLine(const std::string &indent, const std::string &key, const std::string &value,
                    const std::string &eol)
{
    std::string line = indent;
    line += key;
    line += ": ";
    line += value;
    line += eol;
    return line;
}

struct Edit {
    int from = 0; // lines [from, to) replaced by `text`
    int to = 0;
    std::vector<std::string> text;
};

QByteArray linePatch(std::string_view original, const YAML::Node &root,
                     const std::vector<Change> &changes, QStringList &changed)
{
    Lines lines(original);
    if (!root.IsMap()) {
        throw Refused{QStringLiteral("the document is not a map")};
    }
    const std::vector<Key> top = keysOf(root, lines, lines.count(), "the document");
    if (top.empty()) {
        throw Refused{QStringLiteral("the document has no keys")};
    }
    // A section's lines: from its key to the next root key (its trailing comments included: the
    // section's last key ends before them anyway).
    const auto sectionEnd = [&](const Key &k) {
        const auto it =
            std::find_if(top.begin(), top.end(), [&](const Key &o) { return &o == &k; });
        return it + 1 != top.end() ? (it + 1)->line : lines.count();
    };
    const Key *router = findKey(top, "router_settings", "the document");
    const Key *litellm = findKey(top, "litellm_settings", "the document");
    const std::string &eol = lines.eol();
    std::vector<Edit> edits;

    // litellm_settings: every changed key leaves it (router_settings then holds the value).
    if (litellm != nullptr) {
        const YAML::Node node = root["litellm_settings"];
        if (hasAnchorOrAlias(lines.at(litellm->line))) {
            throw Refused{QStringLiteral("litellm_settings is an anchor or alias")};
        }
        const std::vector<Key> keys = keysOf(node, lines, sectionEnd(*litellm), "litellm_settings");
        for (const Change &c : changes) {
            if (const Key *k = findKey(keys, c.key, "litellm_settings")) {
                refuseAnchors(lines, k->line, k->end, "litellm_settings." + c.key);
                edits.push_back({k->line, k->end, {}});
                changed << QStringLiteral("litellm_settings.%1 (removed)")
                               .arg(QString::fromStdString(c.key));
            }
        }
    }

    std::vector<std::string> added;
    std::string indent = "  ";
    int insertAt = lines.count();
    if (router != nullptr) {
        const YAML::Node node = root["router_settings"];
        if (hasAnchorOrAlias(lines.at(router->line))) {
            throw Refused{QStringLiteral("router_settings is an anchor or alias")};
        }
        if (!node.IsMap() && !node.IsNull()) {
            throw Refused{QStringLiteral("router_settings is not a map")};
        }
        if (node.IsNull()) {
            const std::string &keyLine = lines.at(router->line);
            const std::size_t colon = keyLine.find(':');
            const std::size_t comment = commentStart(keyLine);
            if (colon == std::string::npos || keyLine.find_first_not_of(" \t\r\n", colon + 1) <
                                                  std::min(comment, keyLine.size())) {
                throw Refused{QStringLiteral("router_settings has a value on its own line")};
            }
        }
        const std::vector<Key> keys = keysOf(node, lines, sectionEnd(*router), "router_settings");
        if (!keys.empty()) {
            indent = lines.at(keys.front().line).substr(0, std::size_t(keys.front().column));
            if (indent.find_first_not_of(' ') != std::string::npos) {
                throw Refused{QStringLiteral("router_settings is indented with tabs")};
            }
            insertAt = keys.back().end;
        } else {
            insertAt = router->line + 1;
        }
        for (const Change &c : changes) {
            const Key *k = findKey(keys, c.key, "router_settings");
            const QString path =
                QStringLiteral("router_settings.%1").arg(QString::fromStdString(c.key));
            if (k == nullptr) {
                if (c.value) {
                    added.push_back(keyLine(indent, c.key, *c.value, eol));
                    changed << path;
                }
                continue;
            }
            refuseAnchors(lines, k->line, k->end, "router_settings." + c.key);
            std::vector<std::string> text;
            if (c.value) {
                // A one-line value keeps its end-of-line comment.
                std::string line = indent + c.key + ": " + *c.value;
                const std::string &old = lines.at(k->line);
                const std::size_t comment = commentStart(old);
                if (k->end == k->line + 1 && comment != std::string::npos) {
                    std::string tail = old.substr(comment);
                    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) {
                        tail.pop_back();
                    }
                    line += "  " + tail;
                }
                text.push_back(line + eol);
            }
            edits.push_back({k->line, k->end, std::move(text)});
            changed << (c.value ? path : path + QStringLiteral(" (removed)"));
        }
    } else {
        for (const Change &c : changes) {
            if (c.value) {
                added.push_back(keyLine(indent, c.key, *c.value, eol));
                changed << QStringLiteral("router_settings.%1").arg(QString::fromStdString(c.key));
            }
        }
        if (!added.empty()) {
            added.insert(added.begin(), "router_settings:" + eol);
        }
    }
    if (!added.empty()) {
        edits.push_back({insertAt, insertAt, std::move(added)});
    }

    // Bottom up, so earlier line numbers stay valid; an insertion at a replaced range's end
    // comes first.
    std::sort(edits.begin(), edits.end(), [](const Edit &a, const Edit &b) {
        return a.from != b.from ? a.from > b.from : a.to > b.to;
    });
    std::vector<std::string> &out = lines.lines();
    if (!out.empty() && insertAt == lines.count() && out.back().back() != '\n') {
        out.back() += eol; // appending after a last line without its line break
    }
    for (const Edit &e : edits) {
        out.erase(out.begin() + e.from, out.begin() + e.to);
        out.insert(out.begin() + e.from, e.text.begin(), e.text.end());
    }
    QByteArray text;
    for (const std::string &l : out) {
        text.append(l.data(), qsizetype(l.size()));
    }
    return text;
}

// The text holds exactly the desired values, and what Headroom reads besides them is the same.
std::optional<QString> mismatch(const QByteArray &text, const ProxyConfig &before,
                                const FallbackConfig &fallbacks, const RouterSettings &settings,
                                const ParseLimits &limits)
{
    ParseLimits again = limits;
    again.maxBytes = std::max<qint64>(limits.maxBytes, qint64(text.size()) + 1);
    again.maxDepth = limits.maxDepth + 4;
    const auto reread =
        parseConfigYaml(std::string_view(text.constData(), std::size_t(text.size())), again);
    if (!reread) {
        return QStringLiteral("the result does not parse: ") + reread.error().toString();
    }
    if (reread->fallbacks != fallbacks) {
        return QStringLiteral("the result reads back other fallbacks");
    }
    if (reread->router != settings) {
        return QStringLiteral("the result reads back other router settings");
    }
    if (reread->deployments != before.deployments ||
        reread->storeModelInDb != before.storeModelInDb ||
        reread->prometheusCallback != before.prometheusCallback ||
        reread->masterKeyFingerprint != before.masterKeyFingerprint) {
        return QStringLiteral("the result reads back other deployments or general settings");
    }
    return std::nullopt;
}

} // namespace

ParseResult<ConfigPatch> patchConfigYaml(std::string_view original, const FallbackConfig &fallbacks,
                                         const RouterSettings &settings, const ParseLimits &limits)
{
    auto parsed = parseConfigYaml(original, limits);
    if (!parsed) {
        return parsed.error();
    }
    ConfigPatch patch;
    const std::vector<Change> changes = changesBetween(*parsed, fallbacks, settings);
    if (changes.empty()) {
        patch.text = QByteArray(original.data(), qsizetype(original.size()));
        patch.kept = QStringLiteral("the file already holds the desired chain; nothing is written");
        return patch;
    }
    try {
        if (parsed->document() == nullptr) {
            throw Refused{QStringLiteral("the document was not kept")};
        }
        QStringList changed;
        QByteArray text = linePatch(original, *parsed->document(), changes, changed);
        if (const auto wrong = mismatch(text, *parsed, fallbacks, settings, limits)) {
            throw Refused{*wrong};
        }
        patch.method = ConfigPatch::Method::LinePatch;
        patch.text = std::move(text);
        patch.changed = std::move(changed);
        patch.kept = QStringLiteral("every line but those of %1 is kept byte for byte, comments "
                                    "included (comments inside a replaced multi-line value are "
                                    "not)")
                         .arg(patch.changed.join(QStringLiteral(", ")));
        return patch;
    } catch (const Refused &refused) {
        patch.wholeDocReason = refused.reason;
    } catch (const YAML::Exception &e) {
        patch.wholeDocReason = QString::fromStdString(e.msg);
    }

    ProxyConfig edited = *parsed;
    edited.router = settings;
    edited.fallbacks = fallbacks;
    auto written = writeConfigYaml(edited);
    if (!written) {
        return written.error();
    }
    if (const auto wrong = mismatch(*written, *parsed, fallbacks, settings, limits)) {
        ParseError error;
        error.message = QStringLiteral("cannot write the chain into this file: ") + *wrong;
        return error;
    }
    patch.method = ConfigPatch::Method::WholeDocument;
    patch.text = *written;
    for (const Change &c : changes) {
        patch.changed << QStringLiteral("router_settings.%1").arg(QString::fromStdString(c.key));
    }
    patch.kept = QStringLiteral("every key, anchor and os.environ/ reference is kept, but not the "
                                "comments or the layout (the text could not be patched: %1)")
                     .arg(patch.wholeDocReason);
    return patch;
}

} // namespace headroom
