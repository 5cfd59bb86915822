#include "fleetevaluation.h"

#include "prom/litellmmetrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace headroom::app {

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QString queryName(const PromReply &reply)
{
    if (reply.kind == PromReply::Kind::Discovery) {
        return QStringLiteral("series discovery (/api/v1/series)");
    }
    switch (reply.query) {
    case prom::FleetQuery::Counters:
        return QStringLiteral("the counters query");
    case prom::FleetQuery::Remaining:
        return QStringLiteral("the remaining-quota query");
    case prom::FleetQuery::LimitsAndState:
        return QStringLiteral("the limits and state query");
    case prom::FleetQuery::ReplicaSeries:
        return QStringLiteral("the per-replica query");
    case prom::FleetQuery::ReplicaRates:
        return QStringLiteral("the per-replica rates query");
    }
    return QStringLiteral("a query");
}

struct Judged {
    const PromReply *reply = nullptr;
    std::optional<prom::ApiAnswer> answer; // a successful answer
    QString failure;                       // empty when usable
    PollOutcome::State state = PollOutcome::State::Ok;
};

Judged judge(const PromReply &reply, const prom::ApiLimits &limits)
{
    Judged j;
    j.reply = &reply;
    const FetchResult &r = reply.result;
    std::optional<ParseResult<prom::ApiAnswer>> parsed;
    if (r.ok() && r.httpStatus != 401 && r.httpStatus != 403) {
        parsed.emplace(prom::parseApiAnswer(view(r.body),
                                            reply.kind == PromReply::Kind::Discovery
                                                ? prom::ApiEndpoint::Series
                                                : prom::ApiEndpoint::Query,
                                            limits));
    }
    j.failure = promFailure(r, parsed ? &*parsed : nullptr);
    if (j.failure.isEmpty()) {
        j.answer = std::move(*parsed).value();
        return j;
    }
    j.failure = queryName(reply) + QStringLiteral(": ") + j.failure;
    if (!r.ok()) {
        j.state = r.status == FetchResult::Status::TooLarge ? PollOutcome::State::Garbled
                                                            : PollOutcome::State::Unreachable;
    } else if (r.httpStatus == 401 || r.httpStatus == 403) {
        j.state = PollOutcome::State::AuthRefused;
    } else if (parsed && !*parsed) {
        j.state = PollOutcome::State::Garbled;
    } else {
        j.state = PollOutcome::State::ServerError;
    }
    return j;
}

// The instances a series-discovery answer names.
QStringList instancesOf(const prom::ApiAnswer &answer, const QString &label)
{
    std::set<QString> seen;
    for (const prom::ApiSeries &s : answer.series) {
        const QString instance = s.label(label);
        if (!instance.isEmpty()) {
            seen.insert(instance);
        }
    }
    return QStringList(seen.begin(), seen.end());
}

FleetSample fleetOf(const FleetPollInput &input,
                    const std::map<prom::FleetQuery, Judged *> &byQuery, const QStringList &known)
{
    FleetSample fleet;
    fleet.matchers = input.queries.matchers;
    fleet.adminSource = input.adminSource;
    const QString label = input.queries.replicaLabel;
    std::map<QString, ReplicaSample> replicas;
    for (const QString &instance : known) {
        replicas[instance] = ReplicaSample{instance, false, std::nullopt, 0};
    }
    if (auto it = byQuery.find(prom::FleetQuery::ReplicaSeries);
        it != byQuery.end() && it->second->answer) {
        for (const prom::ApiSeries &s : it->second->answer->series) {
            const QString instance = s.label(label);
            if (instance.isEmpty() || s.points.empty()) {
                continue;
            }
            ReplicaSample &r = replicas[instance];
            r.instance = instance;
            r.reporting = true;
            r.series = std::size_t(std::max(0.0, s.points.front().value));
        }
    }
    if (auto it = byQuery.find(prom::FleetQuery::ReplicaRates);
        it != byQuery.end() && it->second->answer) {
        for (const prom::ApiSeries &s : it->second->answer->series) {
            const auto r = replicas.find(s.label(label));
            if (r != replicas.end() && !s.points.empty() && std::isfinite(s.points.front().value)) {
                r->second.requestsPerSecond = s.points.front().value;
            }
        }
    }
    for (auto &[instance, r] : replicas) {
        fleet.replicas.push_back(std::move(r));
    }
    return fleet;
}

} // namespace

QString promFailure(const FetchResult &result, const ParseResult<prom::ApiAnswer> *parsed)
{
    if (!result.ok()) {
        switch (result.status) {
        case FetchResult::Status::Timeout:
            return QStringLiteral("Prometheus did not answer in time (%1)").arg(result.errorText);
        case FetchResult::Status::Unreachable:
            return QStringLiteral("Prometheus is unreachable (%1)").arg(result.errorText);
        case FetchResult::Status::TooLarge:
            return QStringLiteral("Prometheus' answer is over the size limit: narrow the label "
                                  "matchers (%1)")
                .arg(result.errorText);
        default:
            return result.errorText;
        }
    }
    if (result.httpStatus == 401 || result.httpStatus == 403) {
        return QStringLiteral("Prometheus refused the credentials (HTTP %1): check the bearer "
                              "token or the user and password")
            .arg(result.httpStatus);
    }
    if (parsed == nullptr) {
        return QStringLiteral("no answer");
    }
    if (!*parsed) {
        return QStringLiteral("not a Prometheus API answer (HTTP %1%2): %3")
            .arg(result.httpStatus)
            .arg(result.contentType.contains("html") ? QStringLiteral(", an HTML page") : QString())
            .arg(parsed->error().toString());
    }
    const prom::ApiAnswer &answer = **parsed;
    if (answer.success) {
        return {};
    }
    const QString said = answer.errorText().left(300);
    if (answer.error.contains(u"too many samples") || answer.error.contains(u"max-samples") ||
        answer.error.contains(u"max samples")) {
        return QStringLiteral("the query is over Prometheus' sample limit (--query.max-samples): "
                              "narrow the label matchers or raise the limit (%1)")
            .arg(said);
    }
    if (answer.errorType == u"timeout" || answer.error.contains(u"timed out")) {
        return QStringLiteral("Prometheus timed out the query (--query.timeout): narrow the label "
                              "matchers or raise the timeout (%1)")
            .arg(said);
    }
    if (answer.errorType == u"bad_data") {
        return QStringLiteral("Prometheus refused the query (check the label matchers): %1")
            .arg(said);
    }
    return QStringLiteral("Prometheus answered with an error (HTTP %1): %2")
        .arg(result.httpStatus)
        .arg(said);
}

FleetPollResult evaluateFleetPoll(const FleetPollInput &input)
{
    FleetPollResult out;
    std::vector<Judged> judged;
    judged.reserve(input.prom.size());
    for (const PromReply &reply : input.prom) {
        judged.push_back(judge(reply, input.apiLimits));
    }
    std::map<prom::FleetQuery, Judged *> byQuery;
    Judged *discovery = nullptr;
    qint64 elapsedMs = 0;
    for (Judged &j : judged) {
        elapsedMs = std::max(elapsedMs, j.reply->result.elapsedMs);
        if (j.reply->kind == PromReply::Kind::Discovery) {
            discovery = &j;
        } else {
            byQuery[j.reply->query] = &j;
        }
    }
    if (discovery != nullptr && discovery->answer) {
        out.discovered = instancesOf(*discovery->answer, input.queries.replicaLabel);
    }

    PollOutcome failed;
    failed.pollId = input.pollId;
    failed.timeMs = input.timeMs;
    failed.elapsedMs = elapsedMs;
    failed.endpoint = QStringLiteral("/api/v1/query");
    const auto counters = byQuery.find(prom::FleetQuery::Counters);
    if (counters == byQuery.end() || !counters->second->answer) {
        // Without the counters there is no fleet to show: say why, keep nothing half-made.
        failed.state =
            counters == byQuery.end() ? PollOutcome::State::Garbled : counters->second->state;
        failed.reason = counters == byQuery.end() ? QStringLiteral("the counters were not asked")
                                                  : counters->second->failure;
        failed.httpStatus =
            counters == byQuery.end() ? 0 : counters->second->reply->result.httpStatus;
        out.poll.outcome = failed;
        return out;
    }

    std::vector<const prom::ApiAnswer *> sampleAnswers;
    QStringList warnings;
    QStringList failures;
    std::size_t histograms = 0;
    for (Judged &j : judged) {
        if (!j.answer) {
            failures << j.failure;
            continue;
        }
        warnings << j.answer->warnings;
        histograms += j.answer->histogramsSkipped;
        if (j.reply->kind == PromReply::Kind::Query &&
            (j.reply->query == prom::FleetQuery::Counters ||
             j.reply->query == prom::FleetQuery::Remaining ||
             j.reply->query == prom::FleetQuery::LimitsAndState)) {
            sampleAnswers.push_back(&*j.answer);
        }
    }
    warnings.removeDuplicates();
    const prom::FleetExposition exposition = prom::fleetExposition(sampleAnswers);

    // The fleet's aggregated series, read by the single-proxy parser as one proxy's /metrics.
    PollInput poll;
    poll.proxy = input.prometheus;
    poll.pollId = input.pollId;
    poll.timeMs = input.timeMs;
    poll.cachedDeployments = input.cachedDeployments;
    poll.slowMs = input.slowMs;
    poll.limits = input.limits;
    poll.limits.maxBytes = std::max<qint64>(poll.limits.maxBytes, exposition.text.size() + 1);
    FetchResult metrics;
    metrics.status = FetchResult::Status::Ok;
    metrics.httpStatus = 200;
    metrics.body = exposition.text;
    metrics.contentType = QByteArrayLiteral("text/plain; version=0.0.4");
    metrics.elapsedMs = elapsedMs;
    poll.replies.push_back({QStringLiteral("/metrics"), std::move(metrics)});
    const EndpointReply *routerSettings = nullptr;
    for (const EndpointReply &reply : input.admin) {
        if (reply.endpoint == QLatin1String(kRouterSettingsEndpoint)) {
            routerSettings = &reply; // the replica's, not Prometheus': read below
            continue;
        }
        poll.replies.push_back(reply);
    }
    out.poll = evaluatePoll(poll);
    if (routerSettings != nullptr) {
        QString base = input.adminUrl;
        while (base.endsWith(u'/')) {
            base.chop(1);
        }
        out.poll.chain = chainFromRouterSettings(
            routerSettings->result, base + QLatin1String(kRouterSettingsEndpoint), input.limits);
    }
    PollOutcome &outcome = out.poll.outcome;
    // The single-proxy words name /metrics; for a fleet, the numbers are Prometheus'.
    for (QString &note : outcome.notes) {
        if (note.startsWith(u"/metrics holds no LiteLLM metrics")) {
            note.clear();
        } else if (note.startsWith(u"/metrics")) {
            note.replace(0, 8, QStringLiteral("Prometheus' answers"));
        }
    }
    outcome.notes.removeAll(QString());
    if (histograms > 0) {
        outcome.notes << QStringLiteral("%1 native-histogram samples were skipped: Headroom reads "
                                        "LiteLLM's counters and gauges only.")
                             .arg(histograms);
    }

    const QStringList known =
        out.discovered ? *out.discovered : input.knownReplicas.value_or(QStringList());
    FleetSample fleet = fleetOf(input, byQuery, known);
    fleet.warnings = warnings;
    QStringList stopped;
    for (const ReplicaSample &r : fleet.replicas) {
        if (!r.reporting) {
            stopped << r.instance;
        }
    }

    const auto degrade = [&outcome](const QString &reason) {
        if (outcome.state == PollOutcome::State::Ok || outcome.state == PollOutcome::State::Slow) {
            outcome.state = PollOutcome::State::Degraded;
            outcome.endpoint = QStringLiteral("/api/v1/query");
            outcome.reason = reason;
        } else if (outcome.hasSample()) {
            outcome.notes << reason;
        }
    };
    const QString where =
        input.queries.matchers.trimmed().isEmpty()
            ? QStringLiteral("in Prometheus")
            : QStringLiteral("matching {%1}").arg(input.queries.matchers.trimmed());
    if (exposition.series == 0 && (!out.discovered || out.discovered->isEmpty())) {
        const QString reason =
            QStringLiteral("no LiteLLM series %1: check the label matchers, that Prometheus "
                           "scrapes the proxies' /metrics, and that LiteLLM's prometheus callback "
                           "is on")
                .arg(where);
        if (!out.poll.deployments && !input.cachedDeployments) {
            outcome.state = PollOutcome::State::Garbled;
            outcome.endpoint = QStringLiteral("/api/v1/query");
            outcome.reason = reason;
            out.poll.sample.reset();
            return out;
        }
        degrade(reason);
    }
    if (!failures.isEmpty()) {
        degrade(failures.join(QStringLiteral("; ")));
    }
    if (!warnings.isEmpty()) {
        degrade(QStringLiteral("partial result, Prometheus warned: %1")
                    .arg(warnings.join(QStringLiteral("; ")).left(500)));
    }
    if (!stopped.isEmpty()) {
        degrade(QStringLiteral("%1 of %2 replicas stopped reporting: %3")
                    .arg(stopped.size())
                    .arg(fleet.replicas.size())
                    .arg(stopped.join(QStringLiteral(", "))));
    }
    if (out.poll.sample) {
        out.poll.sample->fleet = std::move(fleet);
    }
    return out;
}

std::vector<ProxySample> backfillSamples(const QString &prometheus,
                                         const std::vector<const prom::ApiAnswer *> &matrices,
                                         const std::vector<Deployment> *deployments,
                                         const prom::FleetQueryOptions &queries)
{
    std::vector<ProxySample> samples;
    const auto byTime = prom::fleetExpositionsByTime(matrices);
    samples.reserve(byTime.size());
    for (const auto &[timeMs, exposition] : byTime) {
        prom::ParseOptions options;
        options.limits.maxBytes = exposition.text.size() + 1;
        auto metrics = parseLiteLlmMetrics(view(exposition.text), options);
        if (!metrics) {
            continue;
        }
        ProxySample sample = buildProxySample(prometheus, 0, timeMs, deployments, nullptr,
                                              &metrics.value(), nullptr);
        FleetSample fleet;
        fleet.matchers = queries.matchers;
        sample.fleet = std::move(fleet);
        samples.push_back(std::move(sample));
    }
    return samples;
}

} // namespace headroom::app
