#include "prom/promapi.h"

#include "formats/jsonbody.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace headroom::prom {

namespace {

using Json = nlohmann::json;
using json::childPath;
using json::fail;

constexpr auto kWrongType = ParseError::Kind::WrongType;
constexpr auto kTooLarge = ParseError::Kind::TooLarge;

QString text(const Json &value)
{
    return QString::fromStdString(value.get_ref<const std::string &>());
}

class Reader {
public:
    Reader(const ApiLimits &limits, ApiAnswer &answer)
        : m_limits(limits)
        , m_answer(answer)
    {}

    void messages(const Json &document, std::string_view key, QStringList &into)
    {
        const Json *list = json::member(document, key);
        if (list == nullptr) {
            return;
        }
        const QString path = childPath(QString(), key);
        if (!list->is_array()) {
            fail(kWrongType, path, QStringLiteral("expected an array of strings"));
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            const Json &item = (*list)[i];
            if (!item.is_string()) {
                fail(kWrongType, childPath(path, i), QStringLiteral("expected a string"));
            }
            if (std::size_t(into.size()) >= m_limits.maxMessages) {
                ++m_answer.messagesDropped;
                continue;
            }
            into << text(item).left(2000);
        }
    }

    ApiPoint point(const Json &pair, const QString &path)
    {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_string()) {
            fail(kWrongType, path, QStringLiteral("expected [time, \"value\"]"));
        }
        if (++m_points > m_limits.maxPoints) {
            fail(kTooLarge, path,
                 QStringLiteral("more than %1 points in one answer").arg(m_limits.maxPoints));
        }
        ApiPoint p;
        p.time = pair[0].get<double>();
        const auto value = parseSampleValue(pair[1].get_ref<const std::string &>());
        if (!value || !std::isfinite(p.time)) {
            ++m_answer.valuesRejected;
            p.value = std::numeric_limits<double>::quiet_NaN();
        } else {
            p.value = *value;
        }
        return p;
    }

    std::vector<std::pair<QString, QString>> labels(const Json &metric, const QString &path)
    {
        if (!metric.is_object()) {
            fail(kWrongType, path, QStringLiteral("expected an object of labels"));
        }
        if (metric.size() > m_limits.maxLabels) {
            fail(kTooLarge, path,
                 QStringLiteral("more than %1 labels on one series").arg(m_limits.maxLabels));
        }
        std::vector<std::pair<QString, QString>> out;
        out.reserve(metric.size());
        for (const auto &[name, value] : metric.items()) {
            const QString at = childPath(path, name);
            if (!value.is_string()) {
                fail(kWrongType, at, QStringLiteral("a label value must be a string"));
            }
            const auto &v = value.get_ref<const std::string &>();
            if (qsizetype(name.size()) > m_limits.maxLabelBytes ||
                qsizetype(v.size()) > m_limits.maxLabelBytes) {
                fail(kTooLarge, at,
                     QStringLiteral("a label over %1 bytes").arg(m_limits.maxLabelBytes));
            }
            out.emplace_back(QString::fromStdString(name), QString::fromStdString(v));
        }
        // nlohmann::json keeps object keys sorted already; sort anyway so the promise holds.
        std::sort(out.begin(), out.end());
        return out;
    }

    void countSeries(const QString &path)
    {
        if (m_answer.series.size() >= m_limits.maxSeries) {
            fail(kTooLarge, path,
                 QStringLiteral("more than %1 series in one answer").arg(m_limits.maxSeries));
        }
    }

    void result(const Json &data, bool matrix)
    {
        const Json *result = json::member(data, "result");
        const QString path = QStringLiteral("/data/result");
        if (result == nullptr) {
            fail(ParseError::Kind::MissingField, path, QStringLiteral("no result"));
        }
        if (!result->is_array()) {
            fail(kWrongType, path, QStringLiteral("expected an array"));
        }
        m_answer.series.reserve(std::min(result->size(), m_limits.maxSeries));
        for (std::size_t i = 0; i < result->size(); ++i) {
            const QString at = childPath(path, i);
            const Json &item = (*result)[i];
            if (!item.is_object()) {
                fail(kWrongType, at, QStringLiteral("expected an object"));
            }
            countSeries(at);
            ApiSeries series;
            if (const Json *metric = json::member(item, "metric")) {
                series.labels = labels(*metric, childPath(at, "metric"));
            }
            if (matrix) {
                if (const Json *values = json::member(item, "values")) {
                    if (!values->is_array()) {
                        fail(kWrongType, childPath(at, "values"),
                             QStringLiteral("expected an array"));
                    }
                    series.points.reserve(values->size());
                    for (std::size_t j = 0; j < values->size(); ++j) {
                        series.points.push_back(
                            point((*values)[j], childPath(childPath(at, "values"), j)));
                    }
                }
                if (const Json *histograms = json::member(item, "histograms")) {
                    m_answer.histogramsSkipped += histograms->is_array() ? histograms->size() : 1;
                }
            } else {
                if (const Json *value = json::member(item, "value")) {
                    series.points.push_back(point(*value, childPath(at, "value")));
                } else if (json::member(item, "histogram") != nullptr) {
                    ++m_answer.histogramsSkipped;
                    continue;
                } else {
                    fail(ParseError::Kind::MissingField, at, QStringLiteral("no value"));
                }
            }
            if (series.points.empty() && matrix && json::member(item, "histograms") != nullptr) {
                continue;
            }
            m_answer.series.push_back(std::move(series));
        }
    }

    void data(const Json &document, ApiEndpoint endpoint)
    {
        const Json *data = json::member(document, "data");
        if (data == nullptr) {
            fail(ParseError::Kind::MissingField, QStringLiteral("/data"),
                 QStringLiteral("a successful answer without data"));
        }
        if (endpoint == ApiEndpoint::Series) {
            if (!data->is_array()) {
                fail(kWrongType, QStringLiteral("/data"),
                     QStringLiteral("expected an array of label sets"));
            }
            m_answer.resultType = ResultType::LabelSets;
            m_answer.series.reserve(std::min(data->size(), m_limits.maxSeries));
            for (std::size_t i = 0; i < data->size(); ++i) {
                const QString at = childPath(QStringLiteral("/data"), i);
                countSeries(at);
                m_answer.series.push_back({labels((*data)[i], at), {}});
            }
            return;
        }
        if (!data->is_object()) {
            fail(kWrongType, QStringLiteral("/data"), QStringLiteral("expected an object"));
        }
        const QString type = json::requiredString(*data, "resultType", QStringLiteral("/data"));
        if (type == u"vector" && endpoint == ApiEndpoint::Query) {
            m_answer.resultType = ResultType::Vector;
            result(*data, false);
        } else if (type == u"matrix") {
            m_answer.resultType = ResultType::Matrix;
            result(*data, true);
        } else if ((type == u"scalar" || type == u"string") && endpoint == ApiEndpoint::Query) {
            const Json *result = json::member(*data, "result");
            const QString path = QStringLiteral("/data/result");
            if (result == nullptr || !result->is_array() || result->size() != 2 ||
                !(*result)[1].is_string()) {
                fail(kWrongType, path, QStringLiteral("expected [time, \"value\"]"));
            }
            if (type == u"scalar") {
                m_answer.resultType = ResultType::Scalar;
                m_answer.scalar = point(*result, path);
            } else {
                m_answer.resultType = ResultType::String;
                m_answer.text = text((*result)[1]).left(4096);
            }
        } else {
            fail(kWrongType, QStringLiteral("/data/resultType"),
                 QStringLiteral("\"%1\" is not a result type this endpoint answers with")
                     .arg(type.left(40)));
        }
    }

private:
    const ApiLimits &m_limits;
    ApiAnswer &m_answer;
    std::size_t m_points = 0;
};

} // namespace

QString ApiSeries::label(QStringView name) const
{
    const auto found = std::lower_bound(
        labels.begin(), labels.end(), name,
        [](const std::pair<QString, QString> &l, QStringView n) { return l.first < n; });
    return found != labels.end() && found->first == name ? found->second : QString();
}

QString ApiAnswer::errorText() const
{
    if (success) {
        return {};
    }
    if (errorType.isEmpty()) {
        return error.isEmpty() ? QStringLiteral("an error with no message") : error;
    }
    return error.isEmpty() ? errorType : errorType + QStringLiteral(": ") + error;
}

std::optional<double> parseSampleValue(std::string_view value)
{
    if (value == "NaN") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (value == "+Inf" || value == "Inf") {
        return std::numeric_limits<double>::infinity();
    }
    if (value == "-Inf") {
        return -std::numeric_limits<double>::infinity();
    }
    if (value.empty() || value.size() > 64) {
        return std::nullopt;
    }
    const char *begin = value.data();
    if (*begin == '+') {
        ++begin;
    }
    double out = 0;
    const auto [end, error] = std::from_chars(begin, value.data() + value.size(), out);
    if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(out)) {
        return std::nullopt;
    }
    return out;
}

ParseResult<ApiAnswer> parseApiAnswer(std::string_view body, ApiEndpoint endpoint,
                                      const ApiLimits &limits)
{
    return json::readBody<ApiAnswer>(body, limits.body, [&](const Json &document) {
        ApiAnswer answer;
        if (!document.is_object()) {
            fail(kWrongType, QString(), QStringLiteral("expected a JSON object"));
        }
        const QString status = json::requiredString(document, "status", QString());
        Reader reader(limits, answer);
        reader.messages(document, "warnings", answer.warnings);
        reader.messages(document, "infos", answer.infos);
        if (status == u"error") {
            answer.errorType = json::string(document, "errorType", QString()).left(100);
            answer.error = json::string(document, "error", QString()).left(2000);
            return answer;
        }
        if (status != u"success") {
            fail(kWrongType, QStringLiteral("/status"),
                 QStringLiteral("expected \"success\" or \"error\", not \"%1\"")
                     .arg(status.left(40)));
        }
        answer.success = true;
        reader.data(document, endpoint);
        return answer;
    });
}

} // namespace headroom::prom
