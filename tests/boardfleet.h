#pragma once
// A hand-made proxy for the board's model tests: deployments with steady request rates whose
// counters advance 5 s per poll, so the store's rates (and the tables) have exact values.

#include "store/metricsstore.h"

#include <map>
#include <QString>
#include <vector>

namespace headroom::test {

constexpr qint64 kBoardT0 = 1'700'000'100'000;

class BoardFleet {
public:
    struct Dep {
        QString group;
        QString id;
        std::optional<qint64> rpm = 600;
        std::optional<qint64> tpm = 60'000;
        double perSec = 0;            // successful requests/s (100 tokens each)
        double rateLimitedPerSec = 0; // 429s/s on this deployment
        bool clientsSee429s = true;   // false: fallbacks answer for them, clients get no 429
        bool coolNext = false;        // the next poll sees its cooled-down counter increase
        std::optional<int> state = 0;
        std::optional<double> cooldownSeconds = std::nullopt; // litellm_params.cooldown_time
        double success = 0, rateLimited = 0, cooled = 0;
    };
    struct Edge {
        double perSec = 0;
        double failedPerSec = 0;
        double success = 0, failed = 0;
    };

    Dep &add(const QString &group, const QString &id, double perSec)
    {
        deps.push_back({group, id});
        deps.back().perSec = perSec;
        return deps.back();
    }
    Dep &dep(const QString &id)
    {
        for (Dep &d : deps) {
            if (d.id == id) {
                return d;
            }
        }
        qFatal("no deployment");
    }
    void remove(const QString &id)
    {
        std::erase_if(deps, [&](const Dep &d) { return d.id == id; });
    }

    // The next poll, 5 s after the previous one (counters advanced by rate × 5 s).
    ProxySample poll()
    {
        const double dt = polls == 0 ? 0.0 : 5.0;
        ProxySample s;
        s.timeMs = kBoardT0 + polls * 5000;
        s.pollId = quint64(++polls);
        s.metricsAvailable = metrics;
        s.health = health;
        std::map<QString, GroupSample> groups;
        std::sort(deps.begin(), deps.end(), [](const Dep &a, const Dep &b) {
            return std::pair(a.group, a.id) < std::pair(b.group, b.id);
        });
        for (Dep &d : deps) {
            d.success += d.perSec * dt;
            d.rateLimited += d.rateLimitedPerSec * dt;
            if (d.coolNext) {
                d.cooled += 1;
                d.coolNext = false;
            }
            DeploymentSample out;
            out.group = d.group;
            out.id = d.id;
            out.model = QStringLiteral("openai/") + d.id;
            out.provider = QStringLiteral("openai");
            out.apiBase = QStringLiteral("https://") + d.id + QStringLiteral(".example");
            out.credentialFingerprint = QStringLiteral("fp-") + d.group;
            out.cooldownSeconds = d.cooldownSeconds;
            out.rpmLimit = d.rpm;
            out.tpmLimit = d.tpm;
            out.state = d.state;
            if (metrics) {
                out.successTotal = d.success;
                out.failureTotal = d.rateLimited;
                out.rateLimitedTotal = d.rateLimited;
                out.cooledDownTotal = d.cooled;
                out.tokensTotal = d.success * 100;
            }
            s.deployments.push_back(out);
            GroupSample &g = groups[d.group];
            g.group = d.group;
            g.providers = {out.provider};
            g.deploymentIds.append(d.id);
            if (d.rpm) {
                g.rpmLimit = g.rpmLimit.value_or(0) + *d.rpm;
            }
            if (d.tpm) {
                g.tpmLimit = g.tpmLimit.value_or(0) + *d.tpm;
            }
            if (metrics) {
                g.requestsTotal = g.requestsTotal.value_or(0) + d.success + d.rateLimited;
                g.rateLimitedTotal =
                    g.rateLimitedTotal.value_or(0) + (d.clientsSee429s ? d.rateLimited : 0);
            }
        }
        for (auto &[name, g] : groups) {
            s.groups.push_back(g);
        }
        for (auto &[key, e] : edges) {
            e.success += e.perSec * dt;
            e.failed += e.failedPerSec * dt;
            if (metrics) {
                s.fallbacks.push_back({key.first, key.second, e.success, e.failed});
            }
        }
        return s;
    }

    // Polls `n` times into the store.
    void feed(MetricsStore &store, int n = 1)
    {
        for (int i = 0; i < n; ++i) {
            store.ingest(poll());
        }
    }

    std::vector<Dep> deps;
    std::map<std::pair<QString, QString>, Edge> edges;
    bool metrics = true;
    std::optional<HealthReport> health;
    qint64 polls = 0;
};

} // namespace headroom::test
