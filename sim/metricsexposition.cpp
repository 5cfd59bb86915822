#include "metricsexposition.h"

#include <cmath>
#include <initializer_list>
#include <QHash>
#include <utility>

namespace headroom::sim {

namespace {

using Labels = std::initializer_list<std::pair<const char *, QString>>;

const QString kNone = QStringLiteral("None");
const QString kMasterKeyHash = QStringLiteral("litellm_proxy_master_key");

class Writer {
public:
    explicit Writer(QByteArray &out)
        : m_out(out)
    {}

    void family(const char *name, const char *type, const char *help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }

    // Labels must be given sorted by name, as prometheus_client writes them.
    void sample(const char *name, Labels labels, double value)
    {
        m_out += name;
        m_out += '{';
        bool first = true;
        for (const auto &[label, text] : labels) {
            if (!first) {
                m_out += ',';
            }
            first = false;
            m_out += label;
            m_out += "=\"";
            appendEscaped(text);
            m_out += '"';
        }
        m_out += "} ";
        appendNumber(value);
        m_out += '\n';
    }

private:
    void appendEscaped(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        for (const char c : utf8) {
            switch (c) {
            case '\\':
                m_out += "\\\\";
                break;
            case '"':
                m_out += "\\\"";
                break;
            case '\n':
                m_out += "\\n";
                break;
            default:
                m_out += c;
            }
        }
    }

    // Python's float repr, as prometheus_client prints: "120.0", "1.5", "1e+20".
    void appendNumber(double value)
    {
        if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e16) {
            m_out += QByteArray::number(qint64(value));
            m_out += ".0";
        } else {
            m_out += QByteArray::number(value, 'g', 17);
        }
    }

    QByteArray &m_out;
};

// Counters the router model accumulates as fluid flows; a real counter counts whole events.
double whole(double value)
{
    return std::floor(value + 1e-9);
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? kNone : text;
}

} // namespace

QByteArray MetricsExposition::render(const router::RouterModel &model, MetricNames names)
{
    QByteArray out;
    if (names == MetricNames::Off) {
        return out;
    }
    const bool current = names == MetricNames::Current;
    Writer w(out);

    QHash<QString, const Deployment *> specs;
    for (const Deployment &d : model.spec().deployments) {
        specs.insert(d.id, &d);
    }
    const auto deployments = model.deploymentCounters();
    out.reserve(qsizetype(deployments.size()) * 4096);

    // Remaining requests/tokens: written on success only, and only when non-zero.
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        RemainingState &state = m_remaining[c.id];
        if (spec == nullptr || c.successes <= state.successes) {
            continue;
        }
        state.successes = c.successes;
        if (spec->rpm && *spec->rpm - c.minuteRequests > 0) {
            state.requests = std::floor(double(*spec->rpm) - c.minuteRequests);
            state.written = true;
        }
        if (spec->tpm && *spec->tpm - c.minuteTokens > 0) {
            state.tokens = std::floor(double(*spec->tpm) - c.minuteTokens);
            state.written = true;
        }
    }
    const char *remainingRequests =
        current ? "litellm_remaining_requests_metric" : "litellm_remaining_requests";
    const char *remainingTokens =
        current ? "litellm_remaining_tokens_metric" : "litellm_remaining_tokens";
    for (const bool requests : {true, false}) {
        w.family(requests ? remainingRequests : remainingTokens, "gauge",
                 requests
                     ? "LLM Deployment Analytics - remaining requests for model, returned from "
                       "LLM API Provider"
                     : "LLM Deployment Analytics - remaining tokens for model, returned from "
                       "LLM API Provider");
        for (const auto &c : deployments) {
            const Deployment *spec = specs.value(c.id);
            const RemainingState &state = m_remaining[c.id];
            const double value = requests ? state.requests : state.tokens;
            if (spec == nullptr || value <= 0) {
                continue;
            }
            const QString base = orNone(spec->apiBase);
            if (current) {
                w.sample(requests ? remainingRequests : remainingTokens,
                         {{"api_base", base},
                          {"api_key_alias", kNone},
                          {"api_provider", spec->provider},
                          {"hashed_api_key", kMasterKeyHash},
                          {"litellm_model_name", spec->model},
                          {"model_group", spec->group},
                          {"model_id", spec->id}},
                         value);
            } else {
                w.sample(requests ? remainingRequests : remainingTokens,
                         {{"api_base", base},
                          {"api_key_alias", kNone},
                          {"api_provider", spec->provider},
                          {"hashed_api_key", kMasterKeyHash},
                          {"litellm_model_name", spec->model},
                          {"model_group", spec->group}},
                         value);
            }
        }
    }

    if (current) {
        for (const bool rpm : {true, false}) {
            const char *name =
                rpm ? "litellm_deployment_rpm_limit" : "litellm_deployment_tpm_limit";
            w.family(name, "gauge",
                     rpm ? "LLM Deployment Analytics - rpm limit of the deployment"
                         : "LLM Deployment Analytics - tpm limit of the deployment");
            for (const auto &c : deployments) {
                const Deployment *spec = specs.value(c.id);
                const auto limit = spec ? (rpm ? spec->rpm : spec->tpm) : std::nullopt;
                if (!limit || c.successes <= 0) {
                    continue;
                }
                w.sample(name,
                         {{"api_base", orNone(spec->apiBase)},
                          {"api_provider", spec->provider},
                          {"litellm_model_name", spec->model},
                          {"model_id", spec->id}},
                         double(*limit));
            }
        }
    }

    w.family("litellm_deployment_state", "gauge",
             "LLM Deployment Analytics - The state of the deployment: 0 = healthy, 1 = partial "
             "outage, 2 = complete outage");
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        if (spec == nullptr || c.successes + c.failures <= 0) {
            continue;
        }
        w.sample("litellm_deployment_state",
                 {{"api_base", orNone(spec->apiBase)},
                  {"api_provider", spec->provider},
                  {"litellm_model_name", spec->model},
                  {"model_id", spec->id}},
                 c.state);
    }

    w.family("litellm_deployment_cooled_down_total", "counter",
             "LLM Deployment Analytics - Number of times a deployment has been cooled down by "
             "LiteLLM load balancing logic. exception_status is the status of the exception that "
             "caused the deployment to be cooled down");
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        if (spec == nullptr || whole(c.cooldowns) <= 0) {
            continue;
        }
        w.sample("litellm_deployment_cooled_down_total",
                 {{"api_base", orNone(spec->apiBase)},
                  {"api_provider", spec->provider},
                  {"exception_status", QStringLiteral("429")},
                  {"litellm_model_name", spec->model},
                  {"model_id", spec->id}},
                 whole(c.cooldowns));
    }

    w.family("litellm_deployment_success_responses_total", "counter",
             "LLM Deployment Analytics - Total number of successful LLM API calls via litellm");
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        if (spec == nullptr || whole(c.successes) <= 0) {
            continue;
        }
        w.sample("litellm_deployment_success_responses_total",
                 {{"api_base", orNone(spec->apiBase)},
                  {"api_key_alias", kNone},
                  {"api_provider", spec->provider},
                  {"hashed_api_key", kMasterKeyHash},
                  {"litellm_model_name", spec->model},
                  {"model_id", spec->id},
                  {"requested_model", spec->group},
                  {"team", kNone},
                  {"team_alias", kNone}},
                 whole(c.successes));
    }

    // A family's samples must follow its TYPE line without interruption.
    w.family("litellm_deployment_failure_responses_total", "counter",
             "LLM Deployment Analytics - Total number of failed LLM API calls for a specific LLM "
             "deploymeny. exception_status is the status of the exception from the llm api");
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        if (spec == nullptr) {
            continue;
        }
        const double rateLimited = whole(c.rateLimited);
        const std::pair<router::ErrorClass, double> failures[] = {
            {router::ErrorClass::RateLimit, rateLimited},
            {router::ErrorClass::ServiceUnavailable, whole(c.failures) - rateLimited}};
        for (const auto &[error, count] : failures) {
            if (count <= 0) {
                continue;
            }
            w.sample("litellm_deployment_failure_responses_total",
                     {{"api_base", orNone(spec->apiBase)},
                      {"api_key_alias", kNone},
                      {"api_provider", spec->provider},
                      {"exception_class", router::exceptionClass(error, spec->provider)},
                      {"exception_status", QString::number(router::httpStatus(error))},
                      {"hashed_api_key", kMasterKeyHash},
                      {"litellm_model_name", spec->model},
                      {"model_id", spec->id},
                      {"requested_model", spec->group},
                      {"team", kNone},
                      {"team_alias", kNone}},
                     count);
        }
    }
    // Router-side rejects: no deployment was picked, so the deployment labels are empty.
    const auto groups = model.groupCounters();
    for (const auto &g : groups) {
        if (whole(g.routerRejects) <= 0) {
            continue;
        }
        w.sample("litellm_deployment_failure_responses_total",
                 {{"api_base", QString()},
                  {"api_key_alias", kNone},
                  {"api_provider", QString()},
                  {"exception_class", router::exceptionClass(router::ErrorClass::NoDeployments)},
                  {"exception_status", QStringLiteral("429")},
                  {"hashed_api_key", kMasterKeyHash},
                  {"litellm_model_name", QString()},
                  {"model_id", QString()},
                  {"requested_model", g.group},
                  {"team", kNone},
                  {"team_alias", kNone}},
                 whole(g.routerRejects));
    }

    w.family("litellm_deployment_total_requests_total", "counter",
             "LLM Deployment Analytics - Total number of LLM API calls via litellm - success + "
             "failure");
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        if (spec == nullptr || whole(c.successes) + whole(c.failures) <= 0) {
            continue;
        }
        w.sample("litellm_deployment_total_requests_total",
                 {{"api_base", orNone(spec->apiBase)},
                  {"api_key_alias", kNone},
                  {"api_provider", spec->provider},
                  {"hashed_api_key", kMasterKeyHash},
                  {"litellm_model_name", spec->model},
                  {"model_id", spec->id},
                  {"requested_model", spec->group},
                  {"team", kNone},
                  {"team_alias", kNone}},
                 whole(c.successes) + whole(c.failures));
    }

    const auto edges = model.edgeCounters();
    for (const bool success : {true, false}) {
        const char *name = success ? "litellm_deployment_successful_fallbacks_total"
                                   : "litellm_deployment_failed_fallbacks_total";
        w.family(name, "counter",
                 success ? "LLM Deployment Analytics - Number of successful fallback requests "
                           "from primary model -> fallback model"
                         : "LLM Deployment Analytics - Number of failed fallback requests from "
                           "primary model -> fallback model");
        for (const auto &e : edges) {
            const double count = whole(success ? e.successes : e.failures);
            if (count <= 0) {
                continue;
            }
            const QString key = e.from + u'\x1f' + e.to;
            auto cause = m_edgeCause.constFind(key);
            if (cause == m_edgeCause.constEnd()) {
                router::ErrorClass dominant = router::ErrorClass::RateLimit;
                double most = -1;
                for (const auto &[error, n] : e.byError) {
                    if (n > most) {
                        most = n;
                        dominant = error;
                    }
                }
                cause = m_edgeCause.insert(key, dominant);
            }
            w.sample(name,
                     {{"api_key_alias", kNone},
                      {"exception_class", router::exceptionClass(*cause)},
                      {"exception_status", QString::number(router::httpStatus(*cause))},
                      {"fallback_model", e.to},
                      {"hashed_api_key", kMasterKeyHash},
                      {"requested_model", e.from},
                      {"team", kNone},
                      {"team_alias", kNone}},
                     count);
        }
    }

    w.family("litellm_proxy_total_requests_metric_total", "counter",
             "Total number of requests made to the proxy server - track number of client side "
             "requests");
    for (const auto &g : groups) {
        const double failed = whole(g.failed);
        const double rateLimited = whole(g.rateLimited);
        const std::pair<const char *, double> byStatus[] = {{"200", whole(g.requests) - failed},
                                                            {"429", rateLimited},
                                                            {"500", failed - rateLimited}};
        for (const auto &[status, count] : byStatus) {
            if (count <= 0) {
                continue;
            }
            w.sample("litellm_proxy_total_requests_metric_total",
                     {{"api_key_alias", kNone},
                      {"end_user", kNone},
                      {"hashed_api_key", kMasterKeyHash},
                      {"requested_model", g.group},
                      {"route", QStringLiteral("/chat/completions")},
                      {"status_code", QString::fromLatin1(status)},
                      {"team", kNone},
                      {"team_alias", kNone},
                      {"user", kNone},
                      {"user_email", kNone}},
                     count);
        }
    }

    w.family("litellm_proxy_failed_requests_metric_total", "counter",
             "Total number of failed responses from proxy - the client did not get a success "
             "response from litellm proxy");
    for (const auto &g : groups) {
        const double failed = whole(g.failed);
        const double rateLimited = whole(g.rateLimited);
        const std::pair<router::ErrorClass, double> failures[] = {
            {router::ErrorClass::NoDeployments, rateLimited},
            {router::ErrorClass::ServiceUnavailable, failed - rateLimited}};
        for (const auto &[error, count] : failures) {
            if (count <= 0) {
                continue;
            }
            w.sample("litellm_proxy_failed_requests_metric_total",
                     {{"api_key_alias", kNone},
                      {"end_user", kNone},
                      {"exception_class", router::exceptionClass(error)},
                      {"exception_status", QString::number(router::httpStatus(error))},
                      {"hashed_api_key", kMasterKeyHash},
                      {"requested_model", g.group},
                      {"route", QStringLiteral("/chat/completions")},
                      {"team", kNone},
                      {"team_alias", kNone},
                      {"user", kNone},
                      {"user_email", kNone}},
                     count);
        }
    }

    const char *tokens =
        current ? "litellm_total_tokens_metric_total" : "litellm_total_tokens_total";
    w.family(tokens, "counter", "Total number of input + output tokens from LLM requests");
    for (const auto &c : deployments) {
        const Deployment *spec = specs.value(c.id);
        if (spec == nullptr || whole(c.tokens) <= 0) {
            continue;
        }
        w.sample(tokens,
                 {{"api_key_alias", kNone},
                  {"end_user", kNone},
                  {"hashed_api_key", kMasterKeyHash},
                  {"model", spec->model},
                  {"model_id", spec->id},
                  {"team", kNone},
                  {"team_alias", kNone},
                  {"user", kNone}},
                 whole(c.tokens));
    }
    return out;
}

} // namespace headroom::sim
