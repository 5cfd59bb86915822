// Resolves a RouterSpec to integer indices once, so that the routing loops never look names up:
// deployments and groups, LiteLLM's defaults for the router settings, and every group's fallback
// chains as index lists with their edge counters.

#include "router/routerstate.h"

#include <algorithm>
#include <cmath>

namespace headroom::router::detail {

namespace {

// LiteLLM's RetryPolicy / AllowedFailsPolicy field for an error class, most specific first (the
// router walks the exception's MRO: ContextWindowExceededError is a BadRequestError, so is
// ContentPolicyViolationError). RouterRateLimitError is a plain ValueError: only DefaultRetries.
std::vector<QString> policyNames(ErrorClass error, const QString &suffix)
{
    auto n = [&](const char *base) {
        return QString::fromUtf8(base) + suffix;
    };
    switch (error) {
    case ErrorClass::RateLimit:
        return {n("RateLimitError")};
    case ErrorClass::ContextWindowExceeded:
        return {n("ContextWindowExceededError"), n("BadRequestError")};
    case ErrorClass::ContentPolicyViolation:
        return {n("ContentPolicyViolationError"), n("BadRequestError")};
    case ErrorClass::ServiceUnavailable:
        return {n("ServiceUnavailableError"), n("InternalServerError")};
    case ErrorClass::Timeout:
        return {n("TimeoutError")};
    case ErrorClass::BadRequest:
        return {n("BadRequestError")};
    case ErrorClass::None:
    case ErrorClass::NoDeployments:
        break;
    }
    return {};
}

std::optional<int> lookup(const std::vector<std::pair<QString, int>> &policy, const QString &key)
{
    for (const auto &[name, value] : policy) {
        if (name == key) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

int State::findGroup(const QString &name) const
{
    return groupByName.value(name, -1);
}

void State::build(quint64 seed)
{
    rng.seed(seed);
    deps.clear();
    groups.clear();
    members.clear();
    groupByName.clear();

    std::vector<std::vector<int>> byGroup;
    for (std::size_t i = 0; i < spec.deployments.size(); ++i) {
        Deployment &d = spec.deployments[i];
        int g = findGroup(d.group);
        if (g < 0) {
            g = int(groups.size());
            groups.push_back(Group{});
            groups.back().name = d.group;
            groupByName.insert(d.group, g);
            byGroup.emplace_back();
        }
        // LiteLLM gives every deployment an id (a hash when model_info.id is absent); a readable
        // stand-in keeps metrics and x-litellm-model-id stable.
        if (d.id.isEmpty()) {
            d.id = QStringLiteral("%1-%2").arg(d.group).arg(byGroup[g].size());
        }
        if (d.provider.isEmpty()) {
            d.provider = providerForModel(d.model);
        }
        byGroup[g].push_back(int(i));

        Dep dep;
        dep.group = g;
        dep.hasRpm = d.rpm.has_value();
        dep.hasTpm = d.tpm.has_value();
        dep.rpm = dep.hasRpm ? double(*d.rpm) : kInf;
        dep.tpm = dep.hasTpm ? double(*d.tpm) : kInf;
        dep.hasWeight = d.weight.has_value();
        dep.weight = d.weight.value_or(0.0);
        dep.hasOrder = d.order.has_value();
        dep.order = d.order.value_or(0);
        dep.maxInput = d.maxInputTokens ? double(*d.maxInputTokens) : kInf;
        deps.push_back(dep);
    }
    std::size_t largest = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        groups[g].begin = int(members.size());
        members.insert(members.end(), byGroup[g].begin(), byGroup[g].end());
        groups[g].end = int(members.size());
        largest = std::max(largest, byGroup[g].size());
        const Dep &first = deps[byGroup[g].front()];
        bool same = true;
        for (int i : byGroup[g]) {
            Dep &d = deps[i];
            same = same && !d.hasOrder && d.hasWeight == first.hasWeight &&
                   (first.hasWeight || d.hasRpm == first.hasRpm) &&
                   (first.hasWeight || first.hasRpm || d.hasTpm == first.hasTpm);
            const double w = d.hasWeight ? d.weight : d.hasRpm ? d.rpm : d.hasTpm ? d.tpm : 1.0;
            d.shuffleW = std::max(0.0, w);
            groups[g].shuffleTotal += d.shuffleW;
        }
        groups[g].fastShuffle = same;
    }
    cand.reserve(largest);
    weights.reserve(largest);
    caps.reserve(largest);
    rebuildSettings();
    rebuildFallbacks();
}

void State::rebuildSettings()
{
    const RouterSettings &s = spec.settings;
    Resolved c;
    const QString strategy = s.routingStrategy.trimmed().toLower();
    if (strategy == QStringLiteral("usage-based-routing-v2") ||
        strategy == QStringLiteral("usage-based-routing")) {
        c.strategy = Strategy::UsageBasedV2;
    }
    c.numRetries = std::clamp(s.numRetries.value_or(2), 0, 100);
    c.retryAfter = std::max(0.0, s.retryAfter.value_or(0.0));
    c.policyRetries.fill(-1);
    c.allowedFailsPolicy.fill(0);
    const std::optional<int> defaultRetries =
        lookup(s.retryPolicy, QStringLiteral("DefaultRetries"));
    for (int e = 0; e < kErrorCount; ++e) {
        std::optional<int> v;
        for (const QString &name : policyNames(ErrorClass(e), QStringLiteral("Retries"))) {
            if ((v = lookup(s.retryPolicy, name))) {
                break;
            }
        }
        if (!v) {
            v = defaultRetries;
        }
        c.policyRetries[e] = v ? std::clamp(*v, 0, 100) : -1;
        for (const QString &name : policyNames(ErrorClass(e), QStringLiteral("AllowedFails"))) {
            if (const auto a = lookup(s.allowedFailsPolicy, name)) {
                c.allowedFailsPolicy[e] = std::max(0, *a);
                break;
            }
        }
    }
    // cooldown_handlers._is_allowed_fails_set_on_router: only a value different from
    // litellm.allowed_fails (3) switches to the legacy rule.
    c.legacyCooldown = !s.allowedFailsPolicy.empty() || (s.allowedFails && *s.allowedFails != 3);
    c.allowedFails = s.allowedFails.value_or(3);
    // Router.__init__: `self.cooldown_time = cooldown_time or DEFAULT_COOLDOWN_TIME_SECONDS`, so a
    // router-level 0 means 5 s; only a deployment's cooldown_time of 0 switches cooldowns off.
    c.routerCooldown = s.cooldownTime && *s.cooldownTime > 0 ? *s.cooldownTime : 5.0;
    c.disableCooldowns = s.disableCooldowns.value_or(false);
    c.preCallChecks = s.enablePreCallChecks.value_or(false);
    c.maxFallbacks = std::clamp(spec.fallbacks.maxFallbacks.value_or(5), 0, kMaxFallbacksCap);
    c.cwConfigured = !spec.fallbacks.contextWindowFallbacks.empty();
    c.cpConfigured = !spec.fallbacks.contentPolicyFallbacks.empty();
    cfg = c;

    for (std::size_t i = 0; i < deps.size(); ++i) {
        Dep &d = deps[i];
        const std::optional<double> own = spec.deployments[i].cooldownTime;
        d.cooldownSeconds = own && *own >= 0 ? *own : cfg.routerCooldown;
        // _should_run_cooldown_logic: time_to_cooldown within 1e-9 of 0 → never.
        d.cooldownOff = cfg.disableCooldowns || std::abs(d.cooldownSeconds) < 1e-9;
    }
}

void State::rebuildFallbacks()
{
    const FallbackConfig &f = spec.fallbacks;
    cfg.maxFallbacks = std::clamp(f.maxFallbacks.value_or(5), 0, kMaxFallbacksCap);
    cfg.cwConfigured = !f.contextWindowFallbacks.empty();
    cfg.cpConfigured = !f.contentPolicyFallbacks.empty();

    // Router.__init__ appends default_fallbacks as {"*": default_fallbacks}.
    FallbackMap general = f.fallbacks;
    if (!f.defaultFallbacks.isEmpty()) {
        general.emplace_back(QStringLiteral("*"), f.defaultFallbacks);
    }

    // Edge counters survive a fallback change: they are what /metrics has already exported.
    QHash<QString, int> edgeByKey;
    for (std::size_t e = 0; e < edges.size(); ++e) {
        edgeByKey.insert(groups[edges[e].from].name + QChar(0x1f) + edges[e].to, int(e));
    }
    hops.clear();

    auto addChain = [&](int g, const QStringList &targets) {
        Chain c;
        c.found = true;
        c.begin = int(hops.size());
        for (const QString &t : targets) {
            const QString key = groups[g].name + QChar(0x1f) + t;
            int e = edgeByKey.value(key, -1);
            if (e < 0) {
                e = int(edges.size());
                Edge edge;
                edge.from = g;
                edge.to = t;
                edge.toGroup = findGroup(t);
                edges.push_back(edge);
                edgeByKey.insert(key, e);
            }
            hops.push_back(Hop{findGroup(t), e});
        }
        c.end = int(hops.size());
        return c;
    };
    // fallback_event_handlers.get_fallback_model_group: an exact key wins at once; else the last
    // provider-stripped key; else the last "*".
    // "openai/gpt-4" matches a fallback key "gpt-4" (LiteLLM strips a known provider prefix; any
    // prefix before the first '/' is taken as the provider here).
    // Looked up by hash, not by a scan of the map per group (a 1,000-group map scanned for every
    // group was most of a prediction's set-up): the first entry of a key, the last entry of a key
    // for the provider-stripped match, the last "*".
    QHash<QString, const QStringList *> firstByKey;
    QHash<QString, const QStringList *> lastByKey;
    const QStringList *lastWildcard = nullptr;
    for (const auto &[key, list] : general) {
        if (!firstByKey.contains(key)) {
            firstByKey.insert(key, &list);
        }
        lastByKey.insert(key, &list);
        if (key == QStringLiteral("*")) {
            lastWildcard = &list;
        }
    }
    auto resolveGeneral = [&](int g) -> const QStringList * {
        const QString &name = groups[g].name;
        if (const QStringList *exact = firstByKey.value(name, nullptr)) {
            return exact;
        }
        const qsizetype slash = name.indexOf(QLatin1Char('/'));
        if (slash > 0) {
            if (const QStringList *stripped = lastByKey.value(name.mid(slash + 1), nullptr)) {
                return stripped;
            }
        }
        return lastWildcard;
    };
    // Router._get_fallback_model_group_from_fallbacks: first exact key only, no wildcard.
    auto resolveExact = [&](const FallbackMap &map, int g) -> const QStringList * {
        for (const auto &[key, list] : map) {
            if (key == groups[g].name) {
                return &list;
            }
        }
        return nullptr;
    };
    for (int g = 0; g < int(groups.size()); ++g) {
        Group &group = groups[g];
        group.general = group.contextWindow = group.contentPolicy = Chain{};
        if (const QStringList *l = resolveGeneral(g)) {
            group.general = addChain(g, *l);
        }
        if (const QStringList *l = resolveExact(f.contextWindowFallbacks, g)) {
            group.contextWindow = addChain(g, *l);
        }
        if (const QStringList *l = resolveExact(f.contentPolicyFallbacks, g)) {
            group.contentPolicy = addChain(g, *l);
        }
    }
}

} // namespace headroom::router::detail
