// The run forward: RouterModel's aggregate face fed with each group's forecast demand, one step
// at a time, its cumulative totals read after every step to see which group starts refusing
// when, and which fallback edge carried traffic into it at that moment.
//
// What is approximated, and why:
// - The present is what the store knows: this minute's usage per deployment and the deployments
//   in cooldown (an upper bound of their end: LiteLLM does not expose it). Retry backoff is not
//   modelled in the aggregate face; simple-shuffle weights and `order` are not in a sample, so a
//   sample-built spec splits a group's flow by rpm (LiteLLM's default basis).
// - Attempts per request are measured over windows of kAprWindowSeconds: calls at a group per
//   call that arrived at it, plus its fallbacks' share times their own figure (an average over
//   every caller of a target, not traced per origin).

#include "predict/cascadeprediction.h"

#include "predict/attemptsfold.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <QHash>

namespace headroom {

bool CascadePrediction::isCascade() const
{
    int fed = 0;
    for (const GroupPrediction &g : groups) {
        if (g.saturatesInSeconds && !g.fedBy.isEmpty()) {
            ++fed;
        }
    }
    return path.size() >= 2 && fed > 0;
}

const GroupPrediction *CascadePrediction::group(const QString &name) const
{
    for (const GroupPrediction &g : groups) {
        if (g.group == name) {
            return &g;
        }
    }
    return nullptr;
}

namespace {

// "~40 s": whole seconds below 10, else to the nearest 5.
QString roughSeconds(double seconds)
{
    const double s = seconds < 10 ? std::round(seconds) : 5.0 * std::round(seconds / 5.0);
    return QStringLiteral("~%1 s").arg(qint64(s));
}

constexpr double kAprWindowSeconds = 5;

} // namespace

QString CascadePrediction::summary() const
{
    if (!isCascade()) {
        return {};
    }
    QStringList hops;
    for (const QString &name : path) {
        const GroupPrediction *g = group(name);
        const double t = g && g->saturatesInSeconds ? *g->saturatesInSeconds : 0;
        hops << (t < 0.5 ? name : name + QLatin1String(" in ") + roughSeconds(t));
    }
    return QStringLiteral("cascade predicted: ") + hops.join(QStringLiteral(" → "));
}

double forecastAt(const DemandForecast &demand, double t, double trendSeconds)
{
    const double ahead = std::clamp(t, 0.0, std::max(0.0, trendSeconds));
    return std::max(0.0, demand.requestsPerSecond + demand.slopePerSecondSquared * ahead);
}

namespace {

// The most groups one request can be tried at: LiteLLM's walk (each target a full call at
// depth + 1, + 1 per sibling tried, no walk once depth ≥ max_fallbacks), over the general
// chain with default_fallbacks. Memoised by (group, depth): the walk depends on nothing else.
class WorstCaseWalk {
public:
    WorstCaseWalk(const router::RouterSpec &spec, const QStringList &groups)
        : m_maxFallbacks(std::clamp(spec.fallbacks.maxFallbacks.value_or(5), 0, 10))
    {
        for (int g = 0; g < groups.size(); ++g) {
            m_index.insert(groups[g], g);
        }
        m_targets.resize(groups.size());
        // LiteLLM's general map: the group's own entry, else "*" (default_fallbacks is appended
        // as {"*": …}, so an explicit "*" entry comes first).
        QHash<QString, const QStringList *> own;
        const QStringList *wildcard = nullptr;
        for (const auto &[key, list] : spec.fallbacks.fallbacks) {
            if (key == QLatin1String("*")) {
                wildcard = wildcard ? wildcard : &list;
            } else if (!own.contains(key)) {
                own.insert(key, &list);
            }
        }
        if (!wildcard && !spec.fallbacks.defaultFallbacks.isEmpty()) {
            wildcard = &spec.fallbacks.defaultFallbacks;
        }
        for (int g = 0; g < groups.size(); ++g) {
            const QStringList *targets = own.value(groups[g], wildcard);
            for (const QString &t : targets ? *targets : QStringList()) {
                m_targets[g].push_back(m_index.value(t, -1));
            }
        }
    }

    double groupsTried(int g, int depth)
    {
        if (g < 0) {
            return 0; // an unknown target: the router's 400, no upstream call
        }
        const auto key = std::make_pair(g, depth);
        if (const auto it = m_memo.find(key); it != m_memo.end()) {
            return it->second;
        }
        double n = 1;
        if (depth < m_maxFallbacks) {
            int d = depth;
            for (const int target : m_targets[g]) {
                if (target == g) {
                    continue; // LiteLLM skips a fallback to the group itself
                }
                ++d;
                n += groupsTried(target, d);
            }
        }
        m_memo.emplace(key, n);
        return n;
    }

private:
    int m_maxFallbacks;
    QHash<QString, int> m_index;
    std::vector<std::vector<int>> m_targets;
    std::map<std::pair<int, int>, double> m_memo;
};

} // namespace

CascadePrediction predictCascade(const PredictionInput &input)
{
    CascadePrediction out;
    out.horizonSeconds = input.horizonSeconds;
    router::RouterModel model(input.spec);
    const QStringList names = model.groups();
    const auto n = std::size_t(names.size());

    // The clock inside the current minute, then the present on top of it.
    const double phase = std::clamp(input.minuteElapsedSeconds, 0.0, 59.999);
    model.advanceTo(phase);
    for (const DeploymentStart &s : input.start) {
        std::optional<double> until;
        if (s.cooldownSeconds && *s.cooldownSeconds > 0) {
            until = phase + *s.cooldownSeconds;
        }
        model.presetDeployment(s.id, s.minuteAttempts, s.minuteAccepted, s.minuteTokens, until);
    }

    std::vector<router::IndexedDemand> demand;
    std::vector<const DemandForecast *> forecasts;
    for (const DemandForecast &f : input.demand) {
        const int g = model.groupIndex(f.group);
        if (g < 0) {
            continue;
        }
        demand.push_back({g, 0, f.inputTokens, f.outputTokens});
        forecasts.push_back(&f);
    }

    const std::vector<router::EdgeCounters> edgeNames = model.edgeCounters();
    std::vector<int> edgeFrom;
    std::vector<int> edgeTo;
    for (const router::EdgeCounters &e : edgeNames) {
        edgeFrom.push_back(model.groupIndex(e.from));
        edgeTo.push_back(model.groupIndex(e.to));
    }

    out.groups.resize(n);
    WorstCaseWalk walk(input.spec, names);
    const double attemptsPerGroup = 1 + std::max(0, input.spec.settings.numRetries.value_or(2));
    for (std::size_t g = 0; g < n; ++g) {
        out.groups[g].group = names[int(g)];
        out.groups[g].worstCaseAttempts = attemptsPerGroup * walk.groupsTried(int(g), 0);
    }
    const int aprDepth = std::clamp(input.spec.fallbacks.maxFallbacks.value_or(5), 0, 10) + 1;

    std::vector<router::GroupTotals> prev;
    std::vector<router::GroupTotals> cur;
    std::vector<double> prevEdge;
    std::vector<double> curEdge;
    model.groupTotals(prev);
    model.edgeTraffic(prevEdge);
    std::vector<double> edgeWorst(edgeNames.size(), 0.0);
    // Window sums for the attempts per request.
    std::vector<double> winArrivals(n, 0.0);
    std::vector<double> winAttempts(n, 0.0);
    std::vector<double> winClients(n, 0.0);
    std::vector<double> winEdge(edgeNames.size(), 0.0);
    double winSeconds = 0;
    std::vector<double> apr;
    std::vector<double> scratch;
    std::vector<bool> seen(n, false); // a group that has been measured in some window

    const double horizon = std::max(0.0, input.horizonSeconds);
    const double step = std::clamp(input.stepSeconds, 0.1, 60.0);
    model.setSubstepSeconds(step);
    double t = 0;
    while (t < horizon - 1e-9) {
        // One substep a tick: ticks end on the model's substep grid (and so, with a step that
        // divides 60, on its minute boundaries too).
        const double grid = std::floor(model.now() / step + 1e-9) * step + step;
        const double dt = std::min(grid - model.now(), horizon - t);
        for (std::size_t k = 0; k < demand.size(); ++k) {
            demand[k].requestsPerSecond = forecastAt(*forecasts[k], t + dt / 2, input.trendSeconds);
        }
        model.tickIndexed(demand, dt);
        model.groupTotals(cur);
        model.edgeTraffic(curEdge);

        for (std::size_t g = 0; g < n; ++g) {
            const double clients = cur[g].clientRequests - prev[g].clientRequests;
            const double in = cur[g].fallbacksIn - prev[g].fallbacksIn;
            const double arrived = clients + in;
            const double refused = cur[g].refused - prev[g].refused;
            GroupPrediction &gp = out.groups[g];
            gp.clientErrorsPerSecond =
                std::max(gp.clientErrorsPerSecond,
                         (cur[g].clientRateLimited - prev[g].clientRateLimited) / dt);
            winArrivals[g] += arrived;
            winAttempts[g] += cur[g].attempts - prev[g].attempts;
            winClients[g] += clients;
            if (gp.saturatesInSeconds || refused < kMinRefusedPerSecond * dt ||
                refused < kSaturatedShare * arrived) {
                continue;
            }
            gp.saturatesInSeconds = t;
            if (in >= kSaturatedShare * arrived) {
                // The edge that carried the most into it in this very step.
                double best = 0;
                for (std::size_t e = 0; e < curEdge.size(); ++e) {
                    const double x = curEdge[e] - prevEdge[e];
                    if (edgeTo[e] == int(g) && edgeFrom[e] >= 0 && x > best) {
                        best = x;
                        gp.fedBy = names[edgeFrom[e]];
                    }
                }
            }
        }
        for (std::size_t e = 0; e < curEdge.size(); ++e) {
            const double x = curEdge[e] - prevEdge[e];
            edgeWorst[e] = std::max(edgeWorst[e], x / dt);
            winEdge[e] += x;
        }
        winSeconds += dt;
        t = model.now() - phase;
        if (winSeconds >= kAprWindowSeconds - 1e-9 || t >= horizon - 1e-9) {
            foldAttempts(winArrivals, winAttempts, edgeFrom, edgeTo, winEdge, aprDepth, apr,
                         scratch);
            for (std::size_t g = 0; g < n; ++g) {
                // Only where the group's own clients asked something: a per-client figure.
                if (winClients[g] > 1e-6) {
                    GroupPrediction &gp = out.groups[g];
                    gp.attemptsPerRequest =
                        seen[g] ? std::max(gp.attemptsPerRequest, apr[g]) : apr[g];
                    seen[g] = true;
                }
            }
            std::fill(winArrivals.begin(), winArrivals.end(), 0.0);
            std::fill(winAttempts.begin(), winAttempts.end(), 0.0);
            std::fill(winClients.begin(), winClients.end(), 0.0);
            std::fill(winEdge.begin(), winEdge.end(), 0.0);
            winSeconds = 0;
        }
        prev.swap(cur);
        prevEdge.swap(curEdge);
    }

    for (std::size_t e = 0; e < edgeNames.size(); ++e) {
        if (edgeWorst[e] > 1e-6) {
            out.edges.push_back({edgeNames[e].from, edgeNames[e].to, edgeWorst[e]});
        }
    }
    std::vector<const GroupPrediction *> saturating;
    for (const GroupPrediction &g : out.groups) {
        if (g.saturatesInSeconds) {
            saturating.push_back(&g);
        }
    }
    std::stable_sort(saturating.begin(), saturating.end(), [](const auto *a, const auto *b) {
        return *a->saturatesInSeconds < *b->saturatesInSeconds;
    });
    for (const GroupPrediction *g : saturating) {
        out.path << g->group;
    }
    return out;
}

} // namespace headroom
