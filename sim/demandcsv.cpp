#include "demandcsv.h"

#include <algorithm>
#include <cmath>
#include <QStringList>

namespace headroom::sim {

namespace {

ParseError csvError(ParseError::Kind kind, int line, const QString &message)
{
    ParseError error;
    error.kind = kind;
    error.line = line;
    error.message = message;
    return error;
}

} // namespace

ParseResult<std::vector<std::pair<double, double>>> parseDemandCsv(std::string_view text,
                                                                   const QString &name)
{
    if (qsizetype(text.size()) > kMaxDemandCsvBytes) {
        return csvError(
            ParseError::Kind::TooLarge, 0,
            QStringLiteral("demand file %1 is over %2 bytes").arg(name).arg(kMaxDemandCsvBytes));
    }
    std::vector<std::pair<double, double>> points;
    int lineNumber = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const QString line = QString::fromUtf8(text.data() + at, qsizetype(end - at)).trimmed();
        at = end + 1;
        ++lineNumber;
        if (line.isEmpty() || line.startsWith(u'#')) {
            continue;
        }
        const QStringList fields = line.split(u',');
        bool timeOk = false;
        bool rateOk = false;
        const double time = fields.value(0).trimmed().toDouble(&timeOk);
        const double rate = fields.value(1).trimmed().toDouble(&rateOk);
        if (!timeOk || !rateOk) {
            if (points.empty() && lineNumber == 1) {
                continue; // a header row such as "time_s,rps"
            }
            return csvError(ParseError::Kind::Syntax, lineNumber,
                            QStringLiteral("%1 line %2: expected \"seconds,requests_per_second\"")
                                .arg(name)
                                .arg(lineNumber));
        }
        // "nan" and "inf" read as numbers; a NaN time would also break the sort below.
        if (!std::isfinite(time) || time < 0 || !std::isfinite(rate)) {
            return csvError(ParseError::Kind::OutOfRange, lineNumber,
                            QStringLiteral("%1 line %2: the time must be a finite number of "
                                           "seconds ≥ 0 and the rate a finite number")
                                .arg(name)
                                .arg(lineNumber));
        }
        points.emplace_back(time, std::clamp(rate, 0.0, kMaxDemandRate));
    }
    std::sort(points.begin(), points.end());
    return points;
}

} // namespace headroom::sim
