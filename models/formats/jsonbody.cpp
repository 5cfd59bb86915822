#include "formats/jsonbody.h"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace headroom::json {

namespace {

using Json = nlohmann::json;

// Raised from inside the parser callback to stop parsing at once.
struct CallbackStop {
    ParseError error;
};

// Tracks where the parser is, so depth and duplicate-key errors can name a path.
class PathTracker {
public:
    explicit PathTracker(int maxDepth)
        : m_maxDepth(maxDepth)
    {}

    void push(bool isObject)
    {
        if (int(m_frames.size()) >= m_maxDepth) {
            throw CallbackStop{
                makeError(ParseError::Kind::TooDeep,
                          QStringLiteral("nesting deeper than %1 levels").arg(m_maxDepth))};
        }
        m_frames.push_back(Frame{isObject, {}, {}, 0});
    }

    void pop()
    {
        if (!m_frames.empty()) {
            m_frames.pop_back();
        }
        elementDone();
    }

    void key(const std::string &name)
    {
        if (m_frames.empty() || !m_frames.back().isObject) {
            return;
        }
        Frame &frame = m_frames.back();
        frame.key = name;
        if (!frame.keys.insert(name).second) {
            throw CallbackStop{makeError(ParseError::Kind::DuplicateKey,
                                         QStringLiteral("key \"%1\" appears twice in one object")
                                             .arg(QString::fromStdString(name)))};
        }
    }

    void elementDone()
    {
        if (!m_frames.empty() && !m_frames.back().isObject) {
            ++m_frames.back().index;
        }
    }

    QString path() const
    {
        QString result;
        for (const Frame &frame : m_frames) {
            result = frame.isObject ? childPath(result, frame.key) : childPath(result, frame.index);
        }
        return result.isEmpty() ? QStringLiteral("/") : result;
    }

private:
    struct Frame {
        bool isObject = false;
        std::string key;
        std::set<std::string> keys;
        std::size_t index = 0;
    };

    ParseError makeError(ParseError::Kind kind, const QString &message) const
    {
        ParseError error;
        error.kind = kind;
        error.path = path();
        error.message = message;
        return error;
    }

    int m_maxDepth;
    std::vector<Frame> m_frames;
};

ParseError fromNlohmann(const nlohmann::json::exception &e, std::string_view body)
{
    ParseError error;
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: "
    // prefix: our own position fields carry that.
    if (const auto colon = what.find(": "); colon != std::string::npos && what.front() == '[') {
        what.erase(0, colon + 2);
    }
    error.message = QString::fromUtf8(what.data(), qsizetype(what.size()));
    error.kind = ParseError::Kind::Syntax;
    if (what.find("UTF-8") != std::string::npos) {
        error.kind = ParseError::Kind::Encoding;
    }
    if (const auto *parseError = dynamic_cast<const nlohmann::json::parse_error *>(&e)) {
        error.offset = parseError->byte > 0 ? qint64(parseError->byte) - 1 : 0;
        error.locate(body);
    } else if (dynamic_cast<const nlohmann::json::out_of_range *>(&e) != nullptr) {
        error.kind = ParseError::Kind::OutOfRange;
    }
    return error;
}

[[noreturn]] void wrongType(const QString &path, const char *expected, const Json &found)
{
    fail(ParseError::Kind::WrongType, path,
         QStringLiteral("expected %1, found %2")
             .arg(QLatin1String(expected), QLatin1String(found.type_name())));
}

} // namespace

ParseResult<Json> parse(std::string_view body, const ParseLimits &limits)
{
    if (qint64(body.size()) > limits.maxBytes) {
        ParseError error;
        error.kind = ParseError::Kind::TooLarge;
        error.message = QStringLiteral("body of %1 bytes is over the %2-byte limit")
                            .arg(qint64(body.size()))
                            .arg(limits.maxBytes);
        return error;
    }

    PathTracker tracker(limits.maxDepth);
    const Json::parser_callback_t callback = [&tracker](int, Json::parse_event_t event,
                                                        Json &parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
            tracker.push(true);
            break;
        case Json::parse_event_t::array_start:
            tracker.push(false);
            break;
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            tracker.pop();
            break;
        case Json::parse_event_t::key:
            tracker.key(parsed.get_ref<const std::string &>());
            break;
        case Json::parse_event_t::value:
            tracker.elementDone();
            break;
        }
        return true;
    };

    try {
        return Json::parse(body.begin(), body.end(), callback, /*allow_exceptions=*/true,
                           /*ignore_comments=*/false);
    } catch (const CallbackStop &stop) {
        return stop.error;
    } catch (const nlohmann::json::exception &e) {
        return fromNlohmann(e, body);
    } catch (const std::bad_alloc &) {
        ParseError error;
        error.kind = ParseError::Kind::TooLarge;
        error.message = QStringLiteral("out of memory while parsing");
        return error;
    }
}

void fail(ParseError::Kind kind, const QString &path, const QString &message)
{
    ParseError error;
    error.kind = kind;
    error.path = path;
    error.message = message;
    throw FieldError(std::move(error));
}

QString childPath(const QString &path, std::string_view key)
{
    // JSON pointer escaping (RFC 6901): '~' → "~0", '/' → "~1".
    QString escaped = QString::fromUtf8(key.data(), qsizetype(key.size()));
    escaped.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
    return path + u'/' + escaped;
}

QString childPath(const QString &path, std::size_t index)
{
    return path + u'/' + QString::number(index);
}

const Json *member(const Json &object, std::string_view key)
{
    if (!object.is_object()) {
        return nullptr;
    }
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

QString string(const Json &object, std::string_view key, const QString &path)
{
    const Json *value = member(object, key);
    if (value == nullptr) {
        return {};
    }
    if (!value->is_string()) {
        wrongType(childPath(path, key), "a string", *value);
    }
    return QString::fromStdString(value->get_ref<const std::string &>());
}

QString requiredString(const Json &object, std::string_view key, const QString &path)
{
    if (member(object, key) == nullptr) {
        fail(ParseError::Kind::MissingField, childPath(path, key),
             QStringLiteral("required field \"%1\" is missing")
                 .arg(QString::fromUtf8(key.data(), qsizetype(key.size()))));
    }
    return string(object, key, path);
}

std::optional<qint64> integer(const Json &object, std::string_view key, const QString &path)
{
    const Json *value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    const QString where = childPath(path, key);
    if (value->is_number_integer()) {
        if (value->is_number_unsigned() &&
            value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<qint64>::max())) {
            fail(ParseError::Kind::OutOfRange, where, QStringLiteral("integer does not fit"));
        }
        return value->get<qint64>();
    }
    double number = 0;
    if (value->is_number_float()) {
        number = value->get<double>();
    } else if (value->is_string()) {
        bool ok = false;
        number = QString::fromStdString(value->get_ref<const std::string &>()).toDouble(&ok);
        if (!ok) {
            wrongType(where, "a number", *value);
        }
    } else {
        wrongType(where, "an integer", *value);
    }
    // 2^63 is exactly representable; anything at or past it does not fit.
    if (!std::isfinite(number) || std::fabs(number) >= 9.2233720368547758e18) {
        fail(ParseError::Kind::OutOfRange, where, QStringLiteral("%1 does not fit").arg(number));
    }
    if (number != std::trunc(number)) {
        fail(ParseError::Kind::WrongType, where,
             QStringLiteral("expected an integer, found %1").arg(number));
    }
    return qint64(number);
}

std::optional<double> number(const Json &object, std::string_view key, const QString &path)
{
    const Json *value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_number()) {
        return value->get<double>();
    }
    if (value->is_string()) {
        bool ok = false;
        const double parsed =
            QString::fromStdString(value->get_ref<const std::string &>()).toDouble(&ok);
        if (ok) {
            return parsed;
        }
    }
    wrongType(childPath(path, key), "a number", *value);
}

std::optional<bool> boolean(const Json &object, std::string_view key, const QString &path)
{
    const Json *value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_boolean()) {
        return value->get<bool>();
    }
    if (value->is_string()) {
        const QString text = QString::fromStdString(value->get_ref<const std::string &>());
        if (text.compare(u"true", Qt::CaseInsensitive) == 0) {
            return true;
        }
        if (text.compare(u"false", Qt::CaseInsensitive) == 0) {
            return false;
        }
    }
    wrongType(childPath(path, key), "a boolean", *value);
}

QStringList stringList(const Json &object, std::string_view key, const QString &path)
{
    const Json *value = member(object, key);
    if (value == nullptr) {
        return {};
    }
    const QString where = childPath(path, key);
    if (!value->is_array()) {
        wrongType(where, "a list", *value);
    }
    QStringList result;
    result.reserve(qsizetype(value->size()));
    for (std::size_t i = 0; i < value->size(); ++i) {
        const Json &item = (*value)[i];
        if (!item.is_string()) {
            wrongType(childPath(where, i), "a string", item);
        }
        result.append(QString::fromStdString(item.get_ref<const std::string &>()));
    }
    return result;
}

QString scalarText(const Json &value)
{
    if (value.is_string()) {
        return QString::fromStdString(value.get_ref<const std::string &>());
    }
    if (value.is_null()) {
        return {};
    }
    return QString::fromStdString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

nlohmann::json stringArray(const QStringList &values)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString &value : values) {
        out.push_back(value.toStdString());
    }
    return out;
}

} // namespace headroom::json
