#include "prom/fleetqueries.h"

#include "prom/litellmnames.h"

#include <algorithm>
#include <cmath>
#include <QRegularExpression>
#include <QSet>
#include <set>

namespace headroom::prom {

namespace {

using litellm::Family;

// The labels Headroom reads (prom/litellmmetrics): deployment, group, edge, and the status that
// tells a 429. Everything else (API key, team, user, route, and the replica) is summed away.
constexpr char kDeploymentLabels[] = "model_id, litellm_model_name, api_base, api_provider, "
                                     "model_group";
constexpr char kCounterLabels[] = "model_id, litellm_model_name, api_base, api_provider, "
                                  "model_group, requested_model, fallback_model, exception_status";

QString namesRegex(std::initializer_list<Family> wanted, bool counters)
{
    std::set<QString> names;
    for (const litellm::FamilyInfo &info : litellm::families()) {
        const bool isCounter = info.type == "counter";
        const bool listed = std::find(wanted.begin(), wanted.end(), info.family) != wanted.end();
        if (wanted.size() == 0 ? isCounter == counters : listed) {
            names.insert(QString::fromLatin1(info.current.data(), qsizetype(info.current.size())));
            names.insert(QString::fromLatin1(info.legacy.data(), qsizetype(info.legacy.size())));
        }
    }
    QStringList list(names.begin(), names.end());
    return list.join(u'|');
}

QString selector(const QString &names, const FleetQueryOptions &options)
{
    QString s = QStringLiteral("{__name__=~\"%1\"").arg(names);
    if (!options.matchers.trimmed().isEmpty()) {
        s += QStringLiteral(", ") + options.matchers.trimmed();
    }
    return s + u'}';
}

bool isLiteLlmName(const QString &name)
{
    static const QSet<QString> known = [] {
        QSet<QString> set;
        for (const litellm::FamilyInfo &info : litellm::families()) {
            set.insert(QString::fromLatin1(info.current.data(), qsizetype(info.current.size())));
            set.insert(QString::fromLatin1(info.legacy.data(), qsizetype(info.legacy.size())));
        }
        return set;
    }();
    return known.contains(name);
}

void appendEscaped(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
}

// One exposition line for an aggregated series; false when it is no LiteLLM series.
bool appendLine(QByteArray &out, const ApiSeries &series, double value)
{
    const QString name = series.metricName();
    if (!isLiteLlmName(name) || std::isnan(value)) {
        return false;
    }
    out += name.toLatin1();
    out += '{';
    bool first = true;
    for (const auto &[label, text] : series.labels) {
        if (label == u"__name__" || !isLabelName(label)) {
            continue;
        }
        if (!first) {
            out += ',';
        }
        first = false;
        out += label.toLatin1();
        out += "=\"";
        appendEscaped(out, text);
        out += '"';
    }
    out += "} ";
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        out += QByteArray::number(value, 'g', 17);
    }
    out += '\n';
    return true;
}

} // namespace

bool isLabelName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    return re.match(name).hasMatch();
}

QString checkMatchers(const QString &matchers)
{
    const QString text = matchers.trimmed();
    if (text.isEmpty()) {
        return {};
    }
    if (text.size() > 4096) {
        return QStringLiteral("the label matchers are longer than 4096 characters");
    }
    static const QRegularExpression one(
        QStringLiteral(R"(\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\\n]|\\.)*"\s*)"));
    qsizetype at = 0;
    while (at < text.size()) {
        const auto match = one.match(text, at, QRegularExpression::NormalMatch,
                                     QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch()) {
            return QStringLiteral("expected label matchers such as job=\"litellm\" (name, one of "
                                  "= != =~ !~, a quoted value, comma-separated), at \"%1\"")
                .arg(text.mid(at, 30));
        }
        at = match.capturedEnd();
        if (at < text.size()) {
            if (text.at(at) != u',') {
                return QStringLiteral("expected a comma between label matchers, at \"%1\"")
                    .arg(text.mid(at, 30));
            }
            ++at;
        }
    }
    return {};
}

QString fleetQuery(FleetQuery query, const FleetQueryOptions &options)
{
    const QString replica =
        isLabelName(options.replicaLabel) ? options.replicaLabel : QStringLiteral("instance");
    switch (query) {
    case FleetQuery::Counters:
        return QStringLiteral("sum by (__name__, %1) (%2)")
            .arg(QLatin1String(kCounterLabels), selector(namesRegex({}, true), options));
    case FleetQuery::Remaining:
        return QStringLiteral("min by (__name__, %1) (%2)")
            .arg(QLatin1String(kDeploymentLabels),
                 selector(namesRegex({Family::RemainingRequests, Family::RemainingTokens}, false),
                          options));
    case FleetQuery::LimitsAndState:
        return QStringLiteral("max by (__name__, %1) (%2)")
            .arg(QLatin1String(kDeploymentLabels),
                 selector(namesRegex({Family::RpmLimit, Family::TpmLimit, Family::State,
                                      Family::NotPremium},
                                     false),
                          options));
    case FleetQuery::ReplicaSeries:
        return QStringLiteral("count by (%1) (%2)")
            .arg(replica, selector(namesRegex({}, true) + u'|' + namesRegex({}, false), options));
    case FleetQuery::ReplicaRates:
        return QStringLiteral("sum by (%1) (rate(%2[%3s]))")
            .arg(replica, selector(namesRegex({Family::ProxyTotalRequests}, true), options))
            .arg(std::max(1, options.rateWindowSeconds));
    }
    return {};
}

std::vector<FleetQuery> sampleQueries()
{
    return {FleetQuery::Counters, FleetQuery::Remaining, FleetQuery::LimitsAndState};
}

QString discoverySelector(const FleetQueryOptions &options)
{
    // With matchers, the targets' own `up` series: one per replica, so discovery stays small at
    // any fleet size (the LiteLLM families are thousands of series per replica). Without, `up`
    // would name every target Prometheus scrapes: the client-request family instead.
    if (!options.matchers.trimmed().isEmpty()) {
        return QStringLiteral("up{%1}").arg(options.matchers.trimmed());
    }
    return selector(namesRegex({Family::ProxyTotalRequests}, true), options);
}

FleetExposition fleetExposition(const std::vector<const ApiAnswer *> &answers)
{
    FleetExposition out;
    for (const ApiAnswer *answer : answers) {
        if (answer == nullptr) {
            continue;
        }
        for (const ApiSeries &series : answer->series) {
            if (series.points.size() == 1 &&
                appendLine(out.text, series, series.points.front().value)) {
                ++out.series;
            } else {
                ++out.skipped;
            }
        }
    }
    return out;
}

std::map<qint64, FleetExposition>
fleetExpositionsByTime(const std::vector<const ApiAnswer *> &answers)
{
    std::map<qint64, FleetExposition> out;
    for (const ApiAnswer *answer : answers) {
        if (answer == nullptr) {
            continue;
        }
        for (const ApiSeries &series : answer->series) {
            for (const ApiPoint &point : series.points) {
                if (!std::isfinite(point.time)) {
                    continue;
                }
                FleetExposition &at = out[qint64(std::llround(point.time * 1000.0))];
                if (appendLine(at.text, series, point.value)) {
                    ++at.series;
                } else {
                    ++at.skipped;
                }
            }
        }
    }
    return out;
}

} // namespace headroom::prom
