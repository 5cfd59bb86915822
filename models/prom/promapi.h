#pragma once
// Prometheus' HTTP API answers (/api/v1/query, /api/v1/query_range, /api/v1/series) read into
// typed values: status, the error Prometheus gave (errorType, error), warnings that mark a
// partial result, and the vector, matrix, scalar or label sets in data. Bounded like every
// parser of untrusted input; a Thanos or Mimir behind the same API answers the same shapes.

#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <cstddef>
#include <optional>
#include <QString>
#include <QStringList>
#include <string_view>
#include <utility>
#include <vector>

namespace headroom::prom {

enum class ApiEndpoint {
    Query,      // /api/v1/query: a vector, a scalar or a string
    QueryRange, // /api/v1/query_range: a matrix
    Series,     // /api/v1/series: label sets
};

struct ApiLimits {
    ParseLimits body{256LL * 1024 * 1024, 16};
    std::size_t maxSeries = 500000;      // series (or label sets) in one answer
    std::size_t maxPoints = 20000000;    // points over all series of one answer
    std::size_t maxLabels = 128;         // labels on one series
    qsizetype maxLabelBytes = 16 * 1024; // one label name or value
    std::size_t maxMessages = 100;       // warnings or infos kept (the rest are counted)
};

struct ApiPoint {
    double time = 0; // seconds since the epoch
    double value = 0;
};

struct ApiSeries {
    std::vector<std::pair<QString, QString>> labels; // sorted by name; __name__ included
    std::vector<ApiPoint> points; // one for a vector, in time order for a matrix, none for /series

    // A label's value, empty when absent (Prometheus' own meaning of an absent label).
    QString label(QStringView name) const;
    QString metricName() const { return label(u"__name__"); }
};

enum class ResultType { None, Vector, Matrix, Scalar, String, LabelSets };

struct ApiAnswer {
    bool success = false; // status "success"; else errorType and error say why
    QString errorType;    // "bad_data", "timeout", "canceled", "execution", "internal", …
    QString error;
    // A query that ran but could not see everything (a store down behind Thanos, a limit hit):
    // the data is partial and the operator must be told.
    QStringList warnings;
    QStringList infos;
    std::size_t messagesDropped = 0;
    ResultType resultType = ResultType::None;
    std::vector<ApiSeries> series;
    std::optional<ApiPoint> scalar;    // a scalar result
    QString text;                      // a string result
    std::size_t histogramsSkipped = 0; // native-histogram samples: Headroom reads none
    // Samples whose value was not a number Prometheus writes ("NaN", "+Inf" and numbers are).
    std::size_t valuesRejected = 0;

    bool partial() const { return !warnings.isEmpty(); }
    // "timeout", "execution", … as one line for a person, e.g. "timeout: query timed out".
    QString errorText() const;
};

// Reads an answer of the given endpoint. A well-formed error answer (status "error") is a value
// with success false, not a ParseError: the ParseError is for a body that is no API answer.
ParseResult<ApiAnswer> parseApiAnswer(std::string_view body, ApiEndpoint endpoint,
                                      const ApiLimits &limits = {});

// Prometheus' sample value text ("1.5", "NaN", "+Inf", "-Inf", "1e3"); nullopt for anything else.
std::optional<double> parseSampleValue(std::string_view text);

} // namespace headroom::prom
