#include "pollevaluation.h"

#include "formats/errorenvelope.h"
#include "formats/healthbody.h"
#include "formats/modelgroupinfo.h"
#include "formats/modelinfo.h"
#include "formats/redaction.h"
#include "prom/litellmmetrics.h"

#include <algorithm>

namespace headroom::app {

namespace {

enum class Verdict { Good, MetricsMissing, Auth, Network, Http, Garbage };

struct Judged {
    const EndpointReply *reply = nullptr;
    Verdict verdict = Verdict::Good;
    QString reason;
};

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// The proxy's own words for an error status, if the body is LiteLLM's envelope.
QString errorMessage(const FetchResult &result)
{
    const auto envelope = parseErrorEnvelope(view(result.body));
    if (envelope && !envelope->message.isEmpty()) {
        // A proxy may echo the key it refused: the message is redacted before it is kept.
        return redactSecrets(envelope->message).left(300);
    }
    if (result.contentType.contains("html")) {
        return QStringLiteral("an HTML page, not LiteLLM's JSON (a gateway or load balancer "
                              "answered?)");
    }
    return QStringLiteral("no LiteLLM error body");
}

// A web page: a sign-in page, a portal or another web server answered with 200 where LiteLLM
// answers JSON or Prometheus text. Told by the Content-Type or by how the body starts.
bool looksLikeHtml(const FetchResult &result)
{
    if (result.contentType.contains("html")) {
        return true;
    }
    const QByteArray start = result.body.left(512).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html") ||
           (start.startsWith("<?xml") && start.contains("<html"));
}

Judged judgeTransport(const EndpointReply &reply)
{
    Judged judged{&reply, Verdict::Good, {}};
    const FetchResult &r = reply.result;
    if (r.status == FetchResult::Status::TooLarge || r.status == FetchResult::Status::Protocol ||
        r.status == FetchResult::Status::Truncated) {
        judged.verdict = Verdict::Garbage; // it answered, but not like a LiteLLM proxy
        judged.reason = r.errorText;
        return judged;
    }
    if (!r.ok()) {
        judged.verdict = Verdict::Network;
        judged.reason = r.errorText;
        return judged;
    }
    if (r.httpStatus < 200 || (r.httpStatus >= 300 && r.httpStatus < 400)) {
        // Redirects are followed within the origin; one still standing is a redirect loop or a
        // dead end, and a bare 1xx is an answer that never finished.
        judged.verdict = Verdict::Network;
        judged.reason = QStringLiteral("redirect loop, or an answer that never finished (HTTP %1)")
                            .arg(r.httpStatus);
        return judged;
    }
    if (r.httpStatus == 401 || r.httpStatus == 403) {
        judged.verdict = Verdict::Auth;
        judged.reason = errorMessage(r);
        return judged;
    }
    if (r.httpStatus == 404 && reply.endpoint == u"/metrics") {
        judged.verdict = Verdict::MetricsMissing;
        return judged;
    }
    if (r.httpStatus < 200 || r.httpStatus >= 300) {
        judged.verdict = Verdict::Http;
        judged.reason = errorMessage(r);
    } else if (r.body.isEmpty()) {
        // LiteLLM never answers these endpoints with nothing, and an empty /metrics would read
        // as every counter gone. Qt ends a chunked body whose chunk size is not a number (or
        // overflows) as a complete, empty one: this is where that lands.
        judged.verdict = Verdict::Garbage;
        judged.reason = QStringLiteral("an empty body (HTTP %1 with no bytes, or a chunked body "
                                       "Qt could not read): not what a LiteLLM proxy sends")
                            .arg(r.httpStatus);
    } else if (looksLikeHtml(r)) {
        judged.verdict = Verdict::Garbage;
        judged.reason =
            QStringLiteral(
                "an HTML page answered where LiteLLM sends %1: this is not a LiteLLM proxy's API "
                "(a "
                "sign-in page or another web server in front of it? check the URL and its path)")
                .arg(reply.endpoint == u"/metrics" ? QStringLiteral("Prometheus text")
                                                   : QStringLiteral("JSON"));
    }
    return judged;
}

template<typename T>
std::optional<T> keep(ParseResult<T> parsed, Judged &judged)
{
    if (parsed) {
        return std::move(parsed).value();
    }
    judged.verdict = Verdict::Garbage;
    judged.reason = parsed.error().toString();
    return std::nullopt;
}

} // namespace

PollResult evaluatePoll(const PollInput &input)
{
    PollResult result;
    PollOutcome &outcome = result.outcome;
    outcome.pollId = input.pollId;
    outcome.timeMs = input.timeMs;

    std::optional<std::vector<Deployment>> deployments = input.cachedDeployments;
    std::optional<std::vector<ModelGroupInfo>> groups;
    std::optional<LiteLlmMetrics> metrics;
    std::optional<Readiness> readiness;
    std::optional<HealthReport> health;
    std::vector<Judged> judged;

    for (const EndpointReply &reply : input.replies) {
        if (reply.endpoint == QLatin1String(kRouterSettingsEndpoint)) {
            QString base = input.proxy;
            while (base.endsWith(u'/')) {
                base.chop(1);
            }
            result.chain = chainFromRouterSettings(
                reply.result, base + QLatin1String(kRouterSettingsEndpoint), input.limits);
            continue;
        }
        outcome.elapsedMs = std::max(outcome.elapsedMs, reply.result.elapsedMs);
        if (reply.result.httpStatus == 429 || reply.result.httpStatus == 503) {
            outcome.retryAfterMs = std::max(outcome.retryAfterMs, reply.result.retryAfterMs);
        }
        Judged j = judgeTransport(reply);
        if (j.verdict == Verdict::Good) {
            const std::string_view body = view(reply.result.body);
            if (reply.endpoint == u"/metrics") {
                prom::ParseOptions options;
                options.limits = input.limits;
                metrics = keep(parseLiteLlmMetrics(body, options), j);
                if (metrics && metrics->premiumGated) {
                    outcome.notes << QStringLiteral(
                        "This LiteLLM build exposes only litellm_not_a_premium_user_metric: its "
                        "Prometheus metrics need an enterprise key, or a newer LiteLLM.");
                }
                if (metrics && metrics->samplesRejected > 0) {
                    outcome.notes << QStringLiteral(
                                         "/metrics: %1 LiteLLM samples were left out: NaN, "
                                         "infinite or negative where the metric cannot be.")
                                         .arg(metrics->samplesRejected);
                }
                if (metrics && metrics->duplicateSeries > 0) {
                    outcome.notes << QStringLiteral(
                                         "/metrics: %1 series appeared more than once and were "
                                         "counted once (a broken exporter, or several workers' "
                                         "bodies joined?).")
                                         .arg(metrics->duplicateSeries);
                }
                if (metrics && !metrics->premiumGated && metrics->samplesUsed == 0) {
                    outcome.notes << QStringLiteral(
                        "/metrics holds no LiteLLM metrics yet (no traffic since the proxy "
                        "started, or prometheus_metrics_config drops them).");
                }
            } else if (reply.endpoint == u"/health/readiness") {
                readiness = keep(parseReadiness(body, input.limits), j);
            } else if (reply.endpoint == u"/model_group/info") {
                groups = keep(parseModelGroupInfo(body, input.limits), j);
            } else if (reply.endpoint == u"/model/info") {
                result.deployments = keep(parseModelInfo(body, input.limits), j);
                if (result.deployments) {
                    deployments = result.deployments;
                }
            } else if (reply.endpoint == u"/health") {
                health = keep(parseHealth(body, input.limits), j);
            }
        } else if (j.verdict == Verdict::MetricsMissing) {
            outcome.notes << QStringLiteral(
                "The proxy serves no /metrics, so request rates, 429s, cooldowns and fallback "
                "traffic are unknown. Enable LiteLLM's Prometheus callback: add "
                "`callbacks: [\"prometheus\"]` under litellm_settings in config.yaml and restart "
                "the proxy.");
        }
        judged.push_back(std::move(j));
    }

    if (outcome.retryAfterMs >= 0) {
        outcome.notes << QStringLiteral("The proxy asked to be left alone for %1 s "
                                        "(Retry-After): the next poll waits that long.")
                             .arg(double(outcome.retryAfterMs) / 1000.0, 0, 'f', 0);
    }
    const auto first = [&](Verdict verdict) {
        return std::find_if(judged.begin(), judged.end(),
                            [verdict](const Judged &j) { return j.verdict == verdict; });
    };
    const auto describe = [&](const Judged &j, PollOutcome::State state) {
        outcome.state = state;
        outcome.endpoint = j.reply->endpoint;
        outcome.httpStatus = j.reply->result.httpStatus;
        outcome.reason = j.reason;
    };
    const bool anyGood = std::any_of(judged.begin(), judged.end(), [](const Judged &j) {
        return j.verdict == Verdict::Good || j.verdict == Verdict::MetricsMissing;
    });
    const bool anyData = deployments || groups || metrics;

    if (auto auth = first(Verdict::Auth); auth != judged.end()) {
        describe(*auth, PollOutcome::State::AuthRefused);
        return result;
    }
    if (!anyGood || !anyData) {
        if (auto garbage = first(Verdict::Garbage); garbage != judged.end()) {
            describe(*garbage, PollOutcome::State::Garbled);
        } else if (auto http = first(Verdict::Http); http != judged.end()) {
            describe(*http, PollOutcome::State::ServerError);
        } else if (auto network = first(Verdict::Network); network != judged.end()) {
            describe(*network, PollOutcome::State::Unreachable);
        } else {
            outcome.state = PollOutcome::State::Garbled;
            outcome.reason = QStringLiteral("no endpoint gave model or metrics data");
        }
        return result;
    }
    const auto failed = std::find_if(judged.begin(), judged.end(), [](const Judged &j) {
        return j.verdict != Verdict::Good && j.verdict != Verdict::MetricsMissing;
    });
    if (failed != judged.end()) {
        const Verdict v = failed->verdict;
        describe(*failed, PollOutcome::State::Degraded);
        outcome.reason = (v == Verdict::Network   ? QStringLiteral("unreachable: ")
                          : v == Verdict::Garbage ? QStringLiteral("garbled: ")
                                                  : QStringLiteral("error status: ")) +
                         failed->reason;
    } else if (outcome.elapsedMs > input.slowMs) {
        outcome.state = PollOutcome::State::Slow;
        outcome.reason = QStringLiteral("answered in %1 ms").arg(outcome.elapsedMs);
    }

    ProxySample sample =
        buildProxySample(input.proxy, input.pollId, input.timeMs,
                         deployments ? &*deployments : nullptr, groups ? &*groups : nullptr,
                         metrics ? &*metrics : nullptr, readiness ? &*readiness : nullptr);
    sample.health = health;
    result.sample = std::move(sample);
    return result;
}

} // namespace headroom::app
