#include "metricsexposition.h"

#include "prom/litellmnames.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <QHash>
#include <utility>
#include <vector>

namespace headroom::sim {

namespace {

using litellm::Family;
using Label = std::pair<const char *, QString>;
using Labels = std::vector<Label>;

const QString kNone = QStringLiteral("None");
const QString kMasterKeyHash = QStringLiteral("litellm_proxy_master_key");
const QString kRoute = QStringLiteral("/chat/completions");

class Writer {
public:
    Writer(QByteArray &out, litellm::Naming naming, ReplicaShare share)
        : m_out(out)
        , m_naming(naming)
        , m_share(share)
    {}

    // The HELP and TYPE lines; a family's samples must follow them without interruption.
    void family(Family family)
    {
        const litellm::FamilyInfo &info = litellm::familyInfo(family);
        const std::string_view name = litellm::metricName(family, m_naming);
        m_out += "# HELP ";
        append(name);
        m_out += ' ';
        append(info.help);
        m_out += "\n# TYPE ";
        append(name);
        m_out += ' ';
        append(info.type);
        m_out += '\n';
    }

    // Labels are written sorted by name, as prometheus_client writes them.
    // A counter is the fleet's count; in shared-limit mode this replica writes its share of it.
    void sample(Family family, Labels labels, double value)
    {
        if (m_share.shared() && litellm::familyInfo(family).type == "counter") {
            value = m_share.of(value);
        }
        std::sort(labels.begin(), labels.end(),
                  [](const Label &a, const Label &b) { return std::strcmp(a.first, b.first) < 0; });
        append(litellm::metricName(family, m_naming));
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
    void append(std::string_view text) { m_out.append(text.data(), qsizetype(text.size())); }

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
    litellm::Naming m_naming;
    ReplicaShare m_share;
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

Labels with(Labels labels, std::initializer_list<Label> more)
{
    labels.insert(labels.end(), more.begin(), more.end());
    return labels;
}

// The label sets of docs/litellm-api.md §5, built once each. Every simulated request uses the
// master key, which LiteLLM labels with no alias and no team.
Labels keyLabels()
{
    return {{"api_key_alias", kNone},
            {"hashed_api_key", kMasterKeyHash},
            {"team", kNone},
            {"team_alias", kNone}};
}

// The deployment: litellm_deployment_state, the limits, cooldowns.
Labels deploymentLabels(const Deployment &spec)
{
    return {{"api_base", orNone(spec.apiBase)},
            {"api_provider", spec.provider},
            {"litellm_model_name", spec.model},
            {"model_id", spec.id}};
}

// One call to a deployment (success, failure, total). A router-side reject has no deployment:
// its deployment labels are empty, and requested_model is the group.
Labels callLabels(const Deployment *spec, const QString &group)
{
    Labels labels = spec ? deploymentLabels(*spec)
                         : Labels{{"api_base", QString()},
                                  {"api_provider", QString()},
                                  {"litellm_model_name", QString()},
                                  {"model_id", QString()}};
    const Labels key = keyLabels();
    labels.insert(labels.end(), key.begin(), key.end());
    labels.emplace_back("requested_model", group);
    return labels;
}

// One client request to the proxy (litellm_proxy_*_requests_metric).
Labels clientLabels(const QString &group)
{
    return with(keyLabels(), {{"end_user", kNone},
                              {"requested_model", group},
                              {"route", kRoute},
                              {"user", kNone},
                              {"user_email", kNone}});
}

Labels errorLabels(router::ErrorClass error, const QString &provider = {})
{
    return {{"exception_class", router::exceptionClass(error, provider)},
            {"exception_status", QString::number(router::httpStatus(error))}};
}

Labels operator+(Labels a, const Labels &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

struct ExpositionFrame {
    Writer w;
    bool current = true;
    QHash<QString, const Deployment *> specs;
    std::vector<router::DeploymentCounters> deployments;
    std::vector<router::GroupCounters> groups;
    std::vector<router::EdgeCounters> edges;
};

namespace {

void writeLimits(ExpositionFrame &f);
void writeState(ExpositionFrame &f);
void writeCooldowns(ExpositionFrame &f);
void writeCalls(ExpositionFrame &f);
void writeClientRequests(ExpositionFrame &f);
void writeTokens(ExpositionFrame &f);

} // namespace

QByteArray MetricsExposition::render(const router::RouterModel &model, MetricNames names,
                                     ReplicaShare share)
{
    QByteArray out;
    if (names == MetricNames::Off) {
        return out;
    }
    const bool current = names == MetricNames::Current;
    ExpositionFrame frame{
        Writer(out, current ? litellm::Naming::Current : litellm::Naming::Legacy, share),
        current,
        {},
        model.deploymentCounters(),
        model.groupCounters(),
        model.edgeCounters()};
    for (const Deployment &d : model.spec().deployments) {
        frame.specs.insert(d.id, &d);
    }
    out.reserve(qsizetype(frame.deployments.size()) * 4096);

    writeRemaining(frame);
    if (current) {
        writeLimits(frame); // newer builds only
    }
    writeState(frame);
    writeCooldowns(frame);
    writeCalls(frame);
    writeFallbacks(frame);
    writeClientRequests(frame);
    writeTokens(frame);
    return out;
}

// Remaining requests/tokens: written on success only, and only when non-zero.
void MetricsExposition::writeRemaining(ExpositionFrame &f)
{
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
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
    for (const bool requests : {true, false}) {
        const Family family = requests ? Family::RemainingRequests : Family::RemainingTokens;
        f.w.family(family);
        for (const auto &c : f.deployments) {
            const Deployment *spec = f.specs.value(c.id);
            const RemainingState &state = m_remaining[c.id];
            const double value = requests ? state.requests : state.tokens;
            if (spec == nullptr || value <= 0) {
                continue;
            }
            Labels labels = {
                {"api_base", orNone(spec->apiBase)}, {"api_key_alias", kNone},
                {"api_provider", spec->provider},    {"hashed_api_key", kMasterKeyHash},
                {"litellm_model_name", spec->model}, {"model_group", spec->group}};
            if (f.current) { // the legacy gauges had no model_id
                labels.emplace_back("model_id", spec->id);
            }
            f.w.sample(family, std::move(labels), value);
        }
    }
}

// Fallback counters are labelled with the error that caused them.
void MetricsExposition::writeFallbacks(ExpositionFrame &f)
{
    for (const bool success : {true, false}) {
        const Family family = success ? Family::SuccessfulFallbacks : Family::FailedFallbacks;
        f.w.family(family);
        for (const auto &e : f.edges) {
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
            f.w.sample(family,
                       keyLabels() + errorLabels(*cause) +
                           Labels{{"fallback_model", e.to}, {"requested_model", e.from}},
                       count);
        }
    }
}

namespace {

void writeLimits(ExpositionFrame &f)
{
    for (const bool rpm : {true, false}) {
        const Family family = rpm ? Family::RpmLimit : Family::TpmLimit;
        f.w.family(family);
        for (const auto &c : f.deployments) {
            const Deployment *spec = f.specs.value(c.id);
            const auto limit = spec ? (rpm ? spec->rpm : spec->tpm) : std::nullopt;
            if (!limit || c.successes <= 0) {
                continue;
            }
            f.w.sample(family, deploymentLabels(*spec), double(*limit));
        }
    }
}

void writeState(ExpositionFrame &f)
{
    f.w.family(Family::State);
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
        if (spec == nullptr || c.successes + c.failures <= 0) {
            continue;
        }
        f.w.sample(Family::State, deploymentLabels(*spec), c.state);
    }
}

void writeCooldowns(ExpositionFrame &f)
{
    f.w.family(Family::CooledDown);
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
        if (spec == nullptr || whole(c.cooldowns) <= 0) {
            continue;
        }
        f.w.sample(Family::CooledDown,
                   with(deploymentLabels(*spec), {{"exception_status", QStringLiteral("429")}}),
                   whole(c.cooldowns));
    }
}

// Per-deployment calls: successes, failures (router-side rejects included), totals.
void writeCalls(ExpositionFrame &f)
{
    f.w.family(Family::Success);
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
        if (spec == nullptr || whole(c.successes) <= 0) {
            continue;
        }
        f.w.sample(Family::Success, callLabels(spec, spec->group), whole(c.successes));
    }

    f.w.family(Family::Failure);
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
        if (spec == nullptr) {
            continue;
        }
        const double rateLimited = whole(c.rateLimited);
        const std::pair<router::ErrorClass, double> failures[] = {
            {router::ErrorClass::RateLimit, rateLimited},
            {router::ErrorClass::ServiceUnavailable, whole(c.failures) - rateLimited}};
        for (const auto &[error, count] : failures) {
            if (count > 0) {
                f.w.sample(Family::Failure,
                           callLabels(spec, spec->group) + errorLabels(error, spec->provider),
                           count);
            }
        }
    }
    for (const auto &g : f.groups) {
        if (whole(g.routerRejects) > 0) {
            f.w.sample(Family::Failure,
                       with(callLabels(nullptr, g.group),
                            {{"exception_class",
                              router::exceptionClass(router::ErrorClass::NoDeployments)},
                             {"exception_status", QStringLiteral("429")}}),
                       whole(g.routerRejects));
        }
    }

    f.w.family(Family::TotalRequests);
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
        const double total = whole(c.successes) + whole(c.failures);
        if (spec == nullptr || total <= 0) {
            continue;
        }
        f.w.sample(Family::TotalRequests, callLabels(spec, spec->group), total);
    }
}

void writeClientRequests(ExpositionFrame &f)
{
    f.w.family(Family::ProxyTotalRequests);
    for (const auto &g : f.groups) {
        const double failed = whole(g.failed);
        const double rateLimited = whole(g.rateLimited);
        const std::pair<const char *, double> byStatus[] = {{"200", whole(g.requests) - failed},
                                                            {"429", rateLimited},
                                                            {"500", failed - rateLimited}};
        for (const auto &[status, count] : byStatus) {
            if (count > 0) {
                f.w.sample(
                    Family::ProxyTotalRequests,
                    with(clientLabels(g.group), {{"status_code", QString::fromLatin1(status)}}),
                    count);
            }
        }
    }

    f.w.family(Family::ProxyFailedRequests);
    for (const auto &g : f.groups) {
        const double failed = whole(g.failed);
        const double rateLimited = whole(g.rateLimited);
        const std::pair<router::ErrorClass, double> failures[] = {
            {router::ErrorClass::NoDeployments, rateLimited},
            {router::ErrorClass::ServiceUnavailable, failed - rateLimited}};
        for (const auto &[error, count] : failures) {
            if (count > 0) {
                f.w.sample(Family::ProxyFailedRequests, clientLabels(g.group) + errorLabels(error),
                           count);
            }
        }
    }
}

void writeTokens(ExpositionFrame &f)
{
    f.w.family(Family::TotalTokens);
    for (const auto &c : f.deployments) {
        const Deployment *spec = f.specs.value(c.id);
        if (spec == nullptr || whole(c.tokens) <= 0) {
            continue;
        }
        f.w.sample(Family::TotalTokens,
                   with(keyLabels(), {{"end_user", kNone},
                                      {"model", spec->model},
                                      {"model_id", spec->id},
                                      {"user", kNone}}),
                   whole(c.tokens));
    }
}

} // namespace

} // namespace headroom::sim
