#include "config/yamlload.h"

#include <algorithm>
#include <cstdint>
#include <istream>
#include <limits>
#include <optional>
#include <streambuf>
#include <unordered_map>
#include <vector>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/node/parse.h>
#include <yaml-cpp/parser.h>

namespace headroom::yaml {

namespace {

// The bytes a scalar takes written back as a double-quoted YAML string by yaml-cpp (which also
// counts a key's 1024-character limit in bytes, quotes included): quotes, backslashes and
// control characters are escaped ("\t", "\x01"), and so are U+0080…U+00A0 ("\x85") and U+FEFF
// ("\ufeff"); other text, DEL included, is kept as it is.
std::size_t writtenLength(const std::string &value)
{
    std::size_t length = 2;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto u = static_cast<unsigned char>(value[i]);
        const auto next = i + 1 < value.size() ? static_cast<unsigned char>(value[i + 1]) : 0;
        if (u == '\t' || u == '\r' || u == '\b' || u == '\f' || u == '"' || u == '\\') {
            length += 2;
        } else if (u < 0x20) {
            length += 4; // "\x01"
        } else if (u == 0xc2 && next >= 0x80 && next <= 0xa0) {
            length += 4;
            ++i;
        } else if (value.compare(i, 3, "\xef\xbb\xbf") == 0) {
            length += 6;
            i += 2;
        } else {
            length += 1;
        }
    }
    return length;
}

// Reads the caller's bytes in place: a 64 MB body is not copied just to hand yaml-cpp a stream.
class ViewBuffer : public std::streambuf {
public:
    explicit ViewBuffer(std::string_view text)
    {
        char *begin = const_cast<char *>(text.data()); // NOLINT: get area is only ever read
        setg(begin, begin, begin + text.size());
    }
};

ParseError errorAtOffset(ParseError::Kind kind, std::string_view text, qint64 offset,
                         const QString &message)
{
    ParseError error;
    error.kind = kind;
    error.offset = offset;
    error.message = message;
    error.locate(text);
    return error;
}

// Offset of the first byte that is not well-formed UTF-8 (overlongs, surrogates and code points
// past U+10FFFF included), or -1.
qint64 firstInvalidUtf8(std::string_view text)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t minimum = 0;
        char32_t codePoint = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2, minimum = 0x80, codePoint = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3, minimum = 0x800, codePoint = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4, minimum = 0x10000, codePoint = lead & 0x07;
        } else {
            return qint64(i);
        }
        if (size - i < std::size_t(length)) {
            return qint64(i);
        }
        for (int k = 1; k < length; ++k) {
            const unsigned char next = bytes[i + std::size_t(k)];
            if ((next & 0xC0) != 0x80) {
                return qint64(i);
            }
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (codePoint < minimum || codePoint > 0x10FFFF ||
            (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            return qint64(i);
        }
        i += std::size_t(length);
    }
    return -1;
}

// YAML (and PyYAML, which LiteLLM reads the file with) refuses C0 control characters other than
// tab, LF and CR; yaml-cpp would also take NUL bytes as a hint that the stream is UTF-16/32.
qint64 firstControlCharacter(std::string_view text)
{
    const auto it = std::find_if(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F;
    });
    return it == text.end() ? -1 : qint64(it - text.begin());
}

// A CR that ends no CRLF: YAML reads it as a line break, yaml-cpp keeps it inside a plain
// scalar, so a value read and written back would change. Only LF and CRLF line ends are taken.
qint64 firstLoneCarriageReturn(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
            return qint64(i);
        }
    }
    return -1;
}

// Cheap scan for flow nesting ("[[[[…") before yaml-cpp recurses into it. Brackets inside quoted
// scalars and comments do not count, nor do brackets inside a block-context plain scalar (they
// start a collection only at the beginning of a token). Block nesting is measured on the events.
qint64 firstTooDeepFlow(std::string_view text, int maxDepth)
{
    int depth = 0;
    char quote = 0;
    bool comment = false;
    char previous = '\n';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (comment) {
            comment = c != '\n';
        } else if (quote != 0) {
            if (quote == '"' && c == '\\') {
                ++i; // the escaped character cannot end the scalar
            } else if (c == quote) {
                quote = 0;
            }
        } else {
            const bool tokenStart = depth > 0 || previous == ' ' || previous == '\t' ||
                                    previous == '\n' || previous == '\r';
            if (c == '#' &&
                (previous == ' ' || previous == '\t' || previous == '\n' || previous == '\r')) {
                comment = true;
            } else if ((c == '"' || c == '\'') && tokenStart) {
                quote = c;
            } else if ((c == '[' || c == '{') && tokenStart) {
                if (++depth > maxDepth) {
                    return qint64(i);
                }
            } else if ((c == ']' || c == '}') && depth > 0) {
                --depth;
            }
        }
        previous = c;
    }
    return -1;
}

struct Refused {
    ParseError error;
};

// Walks the parse events once to measure what the tree will be: its height counted through
// aliases (an alias is as high as the node it names) and the number of nodes the aliases would
// expand to. Both are linear in the input however the aliases are arranged.
class ShapeCheck : public YAML::EventHandler {
public:
    ShapeCheck(int maxDepth, std::uint64_t maxExpanded)
        : m_maxDepth(maxDepth)
        , m_maxExpanded(maxExpanded)
    {}

    int documents = 0;
    YAML::Mark secondDocument;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (++documents == 2) {
            secondDocument = mark;
        }
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        // YAML limits an implicit key to one line of 1024 characters; yaml-cpp reads longer
        // ones anyway, and no writer can give them back in a form that parses.
        if (inKeyPosition()) {
            if (value.size() > 1024 || value.find('\n') != std::string::npos) {
                noteBadKey(mark, QStringLiteral("a mapping key longer than one line of 1024 "
                                                "characters (LiteLLM cannot load this)"));
            } else if (writtenLength(value) > 1024) {
                // The limit holds for the key as written back too: 700 tabs read in, but
                // "\t\t…" is 1,402 characters.
                noteBadKey(mark, QStringLiteral("a mapping key that would be longer than 1024 "
                                                "characters written back, quotes and escapes "
                                                "included (Headroom cannot save this file)"));
            }
        }
        leaf(mark, anchor);
    }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end() || it->second.open) {
            refuse(ParseError::Kind::TooDeep, mark,
                   QStringLiteral("alias refers to a node that contains it"));
        }
        if (inKeyPosition() && it->second.height > 1) {
            refuseComplexKey(mark);
        }
        child(mark, it->second.height, it->second.expanded);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(mark, anchor, false);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(mark, anchor, true);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        YAML::Mark mark;
        YAML::anchor_t anchor;
        bool isMap = false;
        std::uint64_t children = 0; // in a map, even positions are keys
        int height = 0;             // of the tallest child so far
        std::uint64_t expanded = 1; // this node plus its children, aliases expanded
    };
    struct Anchored {
        bool open = true;
        int height = 0;
        std::uint64_t expanded = 0;
    };

    [[noreturn]] static void refuse(ParseError::Kind kind, const YAML::Mark &mark,
                                    const QString &message)
    {
        throw Refused{errorAt(kind, mark, message)};
    }

    void leaf(const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor) {
            m_anchors[anchor] = Anchored{false, 1, 1};
        }
        child(mark, 1, 1);
    }

    // A list or map as a mapping key: yaml-cpp accepts it, PyYAML (and so LiteLLM) refuses it as
    // unhashable, and no emitter round-trips it reliably.
    bool inKeyPosition() const
    {
        return !m_stack.empty() && m_stack.back().isMap && m_stack.back().children % 2 == 0;
    }
    // Noted, not thrown: a syntax error later in the text is the better report.
    void refuseComplexKey(const YAML::Mark &mark)
    {
        noteBadKey(mark, QStringLiteral("a list or map used as a mapping key (LiteLLM cannot "
                                        "load this)"));
    }
    void noteBadKey(const YAML::Mark &mark, const QString &message)
    {
        if (!badKey) {
            badKey = mark;
            badKeyMessage = message;
        }
    }

public:
    std::optional<YAML::Mark> badKey;
    QString badKeyMessage;

private:
    void open(const YAML::Mark &mark, YAML::anchor_t anchor, bool isMap)
    {
        if (inKeyPosition()) {
            refuseComplexKey(mark);
        }
        if (int(m_stack.size()) >= m_maxDepth) {
            refuse(ParseError::Kind::TooDeep, mark,
                   QStringLiteral("nested deeper than %1 levels").arg(m_maxDepth));
        }
        if (anchor != YAML::NullAnchor) {
            m_anchors[anchor] = Anchored{};
        }
        m_stack.push_back(Open{mark, anchor, isMap});
    }

    void close()
    {
        const Open done = m_stack.back();
        m_stack.pop_back();
        const int height = done.height + 1;
        if (done.anchor != YAML::NullAnchor) {
            m_anchors[done.anchor] = Anchored{false, height, done.expanded};
        }
        child(done.mark, height, done.expanded);
    }

    void child(const YAML::Mark &mark, int height, std::uint64_t expanded)
    {
        if (height + int(m_stack.size()) > m_maxDepth) {
            refuse(ParseError::Kind::TooDeep, mark,
                   QStringLiteral("nested deeper than %1 levels (counting through aliases)")
                       .arg(m_maxDepth));
        }
        std::uint64_t total = expanded;
        if (!m_stack.empty()) {
            Open &parent = m_stack.back();
            ++parent.children;
            parent.height = std::max(parent.height, height);
            parent.expanded = std::min(parent.expanded + expanded, m_maxExpanded + 1);
            total = parent.expanded;
        }
        // The root's count grows to the whole document's, so checking each parent suffices.
        if (total > m_maxExpanded) {
            refuse(ParseError::Kind::TooLarge, mark,
                   QStringLiteral("aliases expand to more than %1 nodes").arg(m_maxExpanded));
        }
    }

    int m_maxDepth;
    std::uint64_t m_maxExpanded;
    std::vector<Open> m_stack;
    std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
};

} // namespace

ParseError errorAt(ParseError::Kind kind, const YAML::Mark &mark, const QString &message,
                   const QString &path)
{
    ParseError error;
    error.kind = kind;
    error.message = message;
    error.path = path;
    if (!mark.is_null()) {
        error.offset = mark.pos;
        error.line = mark.line + 1;
        error.column = mark.column + 1;
    }
    return error;
}

ParseResult<YAML::Node> loadDocument(std::string_view text, const ParseLimits &limits)
{
    if (qint64(text.size()) > limits.maxBytes) {
        ParseError error;
        error.kind = ParseError::Kind::TooLarge;
        error.message = QStringLiteral("%1 bytes, more than the limit of %2")
                            .arg(qint64(text.size()))
                            .arg(limits.maxBytes);
        return error;
    }
    // yaml-cpp keeps offsets in an int.
    if (text.size() > std::size_t(std::numeric_limits<int>::max())) {
        ParseError error;
        error.kind = ParseError::Kind::TooLarge;
        error.message = QStringLiteral("more than 2 GiB of YAML");
        return error;
    }
    if (const qint64 bad = firstInvalidUtf8(text); bad >= 0) {
        return errorAtOffset(ParseError::Kind::Encoding, text, bad,
                             QStringLiteral("invalid UTF-8 byte sequence"));
    }
    if (const qint64 bad = firstLoneCarriageReturn(text); bad >= 0) {
        return errorAtOffset(ParseError::Kind::Syntax, text, bad,
                             QStringLiteral("a carriage return without a line feed (use LF or "
                                            "CRLF line ends)"));
    }
    if (const qint64 bad = firstControlCharacter(text); bad >= 0) {
        return errorAtOffset(ParseError::Kind::Syntax, text, bad,
                             QStringLiteral("control character 0x%1 is not allowed in YAML")
                                 .arg(int(static_cast<unsigned char>(text[std::size_t(bad)])), 2,
                                      16, QLatin1Char('0')));
    }
    const int maxDepth = std::clamp(limits.maxDepth, 1, kHardMaxDepth);
    if (const qint64 deep = firstTooDeepFlow(text, maxDepth); deep >= 0) {
        return errorAtOffset(ParseError::Kind::TooDeep, text, deep,
                             QStringLiteral("nested deeper than %1 levels").arg(maxDepth));
    }

    // Ordinary configs share a few anchored blocks; an expansion far beyond the text's own size
    // is an alias bomb and would make every walk over the tree (and LiteLLM itself) explode.
    const std::uint64_t maxExpanded = std::max<std::uint64_t>(1'000'000, 4 * text.size());
    try {
        {
            ViewBuffer buffer(text);
            std::istream stream(&buffer);
            YAML::Parser parser(stream);
            ShapeCheck shape(maxDepth, maxExpanded);
            while (parser.HandleNextDocument(shape)) {
                if (shape.documents > 1) {
                    // PyYAML's safe_load refuses a stream of several documents too.
                    return errorAt(ParseError::Kind::Syntax, shape.secondDocument,
                                   QStringLiteral("more than one YAML document"));
                }
            }
            if (shape.badKey) {
                // PyYAML refuses these keys too, and no emitter round-trips them.
                return errorAt(ParseError::Kind::WrongType, *shape.badKey, shape.badKeyMessage);
            }
        }
        ViewBuffer buffer(text);
        std::istream stream(&buffer);
        return YAML::Load(stream);
    } catch (const Refused &refused) {
        return refused.error;
    } catch (const YAML::DeepRecursion &e) {
        return errorAt(ParseError::Kind::TooDeep, e.mark, QString::fromStdString(e.msg));
    } catch (const YAML::ParserException &e) {
        return errorAt(ParseError::Kind::Syntax, e.mark, QString::fromStdString(e.msg));
    } catch (const YAML::Exception &e) {
        return errorAt(ParseError::Kind::Syntax, e.mark, QString::fromStdString(e.msg));
    }
}

} // namespace headroom::yaml
