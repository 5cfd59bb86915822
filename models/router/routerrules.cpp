// LiteLLM's router rules, one function each: which errors retry and how often, how long a retry
// waits, when a deployment is cooled down and for how long, and the messages the router raises.
// Sources (BerriAI/litellm): router.py @ f292d1ae (async_function_with_retries,
// should_retry_this_error, _time_to_sleep_before_retry), router_utils/cooldown_handlers.py
// @ 1fa201c7 (_is_cooldown_required, _should_cooldown_deployment, allowed-fails policy),
// types/router.py (RouterRateLimitError). Newer behaviour taken where versions differ is marked.

#include "router/routerstate.h"

#include <algorithm>
#include <cmath>

namespace headroom::router {

int httpStatus(ErrorClass error)
{
    switch (error) {
    case ErrorClass::None:
        return 200;
    case ErrorClass::RateLimit:
    case ErrorClass::NoDeployments: // the proxy maps RouterRateLimitError to 429
        return 429;
    case ErrorClass::ContextWindowExceeded:
    case ErrorClass::ContentPolicyViolation:
    case ErrorClass::BadRequest:
        return 400;
    case ErrorClass::ServiceUnavailable:
        return 503;
    case ErrorClass::Timeout:
        return 408;
    }
    return 500;
}

QString exceptionClass(ErrorClass error, const QString &provider)
{
    const char *name = "";
    switch (error) {
    case ErrorClass::None:
        return {};
    case ErrorClass::NoDeployments:
        return QStringLiteral("RouterRateLimitError"); // a router ValueError: no llm_provider
    case ErrorClass::RateLimit:
        name = "RateLimitError";
        break;
    case ErrorClass::ContextWindowExceeded:
        name = "ContextWindowExceededError";
        break;
    case ErrorClass::ContentPolicyViolation:
        name = "ContentPolicyViolationError";
        break;
    case ErrorClass::ServiceUnavailable:
        name = "ServiceUnavailableError";
        break;
    case ErrorClass::Timeout:
        name = "Timeout";
        break;
    case ErrorClass::BadRequest:
        name = "BadRequestError";
        break;
    }
    if (provider.isEmpty()) {
        return QString::fromUtf8(name);
    }
    // prometheus.py: llm_provider.capitalize() + "." + class name (Python's capitalize lowers
    // the rest: "Vertex_ai").
    return provider.left(1).toUpper() + provider.mid(1).toLower() + QLatin1Char('.') +
           QString::fromUtf8(name);
}

namespace detail {

// litellm._should_retry: 408, 409, 429 and >= 500. RouterRateLimitError carries no status_code,
// so the status rule of should_retry_this_error does not stop it.
bool retryableStatus(ErrorClass error)
{
    switch (error) {
    case ErrorClass::RateLimit:
    case ErrorClass::NoDeployments:
    case ErrorClass::ServiceUnavailable:
    case ErrorClass::Timeout:
        return true;
    default:
        return false;
    }
}

// _is_cooldown_required: 429, 401, 408, 404 and every status >= 500; other 4xx never; a router
// reject has no deployment to cool.
bool cooldownEligible(ErrorClass error)
{
    return error == ErrorClass::RateLimit || error == ErrorClass::ServiceUnavailable ||
           error == ErrorClass::Timeout;
}

int State::healthy(int group, double t) const
{
    int n = 0;
    for (int m = groups[group].begin; m < groups[group].end; ++m) {
        n += available(deps[members[m]], t) ? 1 : 0;
    }
    return n;
}

// num_retries for the loop is fixed by the FIRST error: the retry policy's value for its class
// (most specific field, then DefaultRetries), else router num_retries. A policy that applies also
// skips should_retry_this_error (newer router; f292d1ae still ran the gate first).
int State::retriesFor(ErrorClass first, bool *policyApplies) const
{
    const int p = cfg.policyRetries[idx(first)];
    *policyApplies = p >= 0;
    return p >= 0 ? p : cfg.numRetries;
}

// should_retry_this_error, checked before the loop and again after every failed retry (newer
// router): no retry for context-window / content-policy errors when their fallbacks are configured,
// none for non-retryable statuses (400s), and none once no deployment of the group is out of
// cooldown (this also covers "RateLimitError, no healthy deployments, fallbacks available").
bool State::retryGate(ErrorClass error, int group, double t) const
{
    if (error == ErrorClass::ContextWindowExceeded && cfg.cwConfigured) {
        return false;
    }
    if (error == ErrorClass::ContentPolicyViolation && cfg.cpConfigured) {
        return false;
    }
    if (!retryableStatus(error)) {
        return false;
    }
    return healthy(group, t) > 0;
}

// _time_to_sleep_before_retry: instant when the group has other deployments still healthy;
// otherwise exponential backoff 0.5 s · 2^(n−1), at least retry_after, at most 8 s
// (INITIAL_RETRY_DELAY, MAX_RETRY_DELAY; LiteLLM's random jitter is left out).
double State::retrySleep(int group, int retryNumber, int numRetries, double t) const
{
    Q_UNUSED(numRetries);
    const int size = groups[group].end - groups[group].begin;
    if (size != 1 && healthy(group, t) > 0) {
        return 0;
    }
    const double backoff = 0.5 * std::ldexp(1.0, std::max(0, retryNumber - 1));
    return std::min(std::max(backoff, cfg.retryAfter), 8.0);
}

// deployment_callback_on_failure → _set_cooldown_deployments, with the failure counted first
// (the failure-rate rule reads the counters after this failure).
void State::onFailure(int i, ErrorClass error, double amount, const CallCtx &ctx)
{
    Dep &d = deps[i];
    d.failures += amount;
    d.minFail += amount;
    if (httpStatus(error) == 429) {
        d.rateLimited += amount;
    }
    d.state = 1;
    if (!cooldownEligible(error) || d.cooldownOff || amount <= kEps || d.cooldownUntil > ctx.now) {
        return;
    }

    const int groupSize = groups[d.group].end - groups[d.group].begin;
    bool cool = false;
    if (cfg.legacyCooldown) {
        // should_cooldown_based_on_allowed_fails_policy: fails counted in a window of router
        // cooldown_time opened by the first failure; cool down once they exceed allowed_fails
        // (the policy's value for the class, `or` the router's).
        if (ctx.now >= d.legacyWindowEnd) {
            d.legacyFails = 0;
            d.legacyWindowEnd = ctx.now + cfg.routerCooldown;
        }
        d.legacyFails += amount;
        const int policy = cfg.allowedFailsPolicy[idx(error)];
        cool = d.legacyFails > (policy > 0 ? policy : cfg.allowedFails);
    } else {
        // Default rule: a 429 in a group with other deployments; 100 % failed with ≥ 1000 calls
        // this minute; > 50 % failed with ≥ 5 calls (DEFAULT_FAILURE_THRESHOLD_MINIMUM_REQUESTS,
        // newer router) in a group with other deployments. Single-deployment groups are thus
        // never cooled down on 429s. (401/404 also cool down; this model produces neither.)
        const double total = d.minOk + d.minFail;
        const double failRate = total > 0 ? d.minFail / total : 0;
        const bool rateLimited = error == ErrorClass::RateLimit && groupSize > 1;
        const bool allFailed = failRate >= 1.0 - 1e-12 && total >= 1000;
        const bool mostFailed = failRate > 0.5 && total >= 5 && groupSize > 1;
        cool = rateLimited || allFailed || mostFailed;
    }
    if (cool) {
        d.cooldownUntil = ctx.cooldownBase + d.cooldownSeconds;
        d.cooldowns += 1;
        Group &g = groups[d.group];
        g.coolingUntil = std::max(g.coolingUntil, d.cooldownUntil);
    }
}

namespace {

QString pythonList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &s : items) {
        quoted << QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

// RouterRateLimitError via handle_error.async_raise_no_deployment_exception: cooldown_time is the
// smallest cooldown_time among the group's cooling deployments, else the router's; cooldown_list
// holds every deployment cooling router-wide.
QString State::noDeploymentsMessage(int group, double t) const
{
    double cooldown = kInf;
    bool all = true;
    for (int m = groups[group].begin; m < groups[group].end; ++m) {
        const Dep &d = deps[members[m]];
        if (available(d, t)) {
            all = false;
        } else {
            cooldown = std::min(cooldown, d.cooldownSeconds);
        }
    }
    if (cooldown == kInf) {
        cooldown = cfg.routerCooldown;
    }
    QStringList cooling;
    for (std::size_t i = 0; i < deps.size(); ++i) {
        if (!available(deps[i], t)) {
            cooling << spec.deployments[i].id;
        }
    }
    return QStringLiteral("No deployments available for selected model, Try again in %1 seconds.%2 "
                          "Passed model=%3. pre-call-checks=%4, cooldown_list=%5")
        .arg(QString::number(cooldown),
             all ? QStringLiteral(" All deployments for selected model are in cooldown.")
                 : QString(),
             groups[group].name,
             cfg.preCallChecks ? QStringLiteral("True") : QStringLiteral("False"),
             pythonList(cooling));
}

// Provider errors as litellm's exception mapping words them (shortened).
QString State::errorMessage(ErrorClass error, int group, int dep) const
{
    if (error == ErrorClass::NoDeployments) {
        return noDeploymentsMessage(group, now);
    }
    if (dep < 0 && error == ErrorClass::ContextWindowExceeded) {
        return QStringLiteral("litellm.ContextWindowExceededError: litellm._pre_call_checks: "
                              "Context Window exceeded for given call. No models have context "
                              "window large enough for this call. Passed model=%1")
            .arg(groups[group].name);
    }
    const Deployment &d = spec.deployments[std::max(dep, 0)];
    const QString provider =
        exceptionClass(ErrorClass::BadRequest, d.provider).section(QLatin1Char('.'), 0, 0);
    const QString prefix =
        QStringLiteral("litellm.%1: %2Exception - ").arg(exceptionClass(error), provider);
    switch (error) {
    case ErrorClass::RateLimit:
        return prefix + QStringLiteral("Rate limit reached for %1 (deployment %2). Please retry "
                                       "after some time.")
                            .arg(d.model, d.id);
    case ErrorClass::ServiceUnavailable:
        return prefix + QStringLiteral("Service Unavailable");
    case ErrorClass::Timeout:
        return prefix + QStringLiteral("Request timed out.");
    case ErrorClass::ContextWindowExceeded:
        return prefix + QStringLiteral("This model's maximum context length was exceeded.");
    case ErrorClass::ContentPolicyViolation:
        return prefix + QStringLiteral("The response was filtered due to the prompt triggering "
                                       "content management policy.");
    default:
        return prefix + QStringLiteral("Bad request.");
    }
}

// Router.get_remaining_model_group_usage: configured group limit − this minute's usage.
std::optional<qint64> State::remaining(int group, bool tokens) const
{
    double limit = 0;
    double used = 0;
    bool any = false;
    for (int m = groups[group].begin; m < groups[group].end; ++m) {
        const Dep &d = deps[members[m]];
        if (tokens ? d.hasTpm : d.hasRpm) {
            any = true;
            limit += tokens ? d.tpm : d.rpm;
            used += tokens ? d.minTok : d.minReq;
        }
    }
    if (!any) {
        return std::nullopt;
    }
    return qint64(std::floor(std::max(0.0, limit - used)));
}

} // namespace detail
} // namespace headroom::router
