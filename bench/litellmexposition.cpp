// Generates a LiteLLM-shaped /metrics exposition. Names and label sets follow
// docs/litellm-api.md §5 (litellm/integrations/prometheus.py); the formatting follows
// prometheus_client's generate_latest(): HELP/TYPE per family, labels sorted, "None" for unset
// labels, floats via floatToGoString, counter _created samples as a trailing gauge family.

#include "litellmexposition.h"

#include "prom/litellmnames.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

namespace headroom::bench {

namespace {

// splitmix64: tiny, fast and identical everywhere, so the same seed gives the same file.
class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return int(next() % std::uint64_t(n)); }
    std::string hex64()
    {
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        out.reserve(64);
        for (int i = 0; i < 4; ++i) {
            std::uint64_t word = next();
            for (int j = 0; j < 16; ++j) {
                out.push_back(digits[word & 15]);
                word >>= 4;
            }
        }
        return out;
    }

private:
    std::uint64_t m_state;
};

struct Deployment {
    std::string modelId;
    std::string apiBase;
    std::string provider;
    std::string litellmModelName;
};

struct Group {
    std::string name;
    std::string fallback; // the next group, as a router_settings.fallbacks entry would name it
    std::vector<Deployment> deployments;
};

struct Key {
    std::string hashed;
    std::string alias;
    std::string team;
    std::string teamAlias;
    std::string user;
    std::string endUser;
    std::string email;
};

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;
using litellm::Family;

// LiteLLM's LATENCY_BUCKETS (litellm/types/integrations/prometheus.py).
constexpr std::array<double, 36> kLatencyBuckets{
    0.005, 0.00625, 0.0125, 0.025, 0.05, 0.1,  0.5,  1.0,   1.5,   2.0,   2.5,   3.0,
    3.5,   4.0,     4.5,    5.0,   5.5,  6.0,  6.5,  7.0,   7.5,   8.0,   8.5,   9.0,
    9.5,   10.0,    15.0,   20.0,  25.0, 30.0, 60.0, 120.0, 180.0, 240.0, 300.0, INFINITY};

constexpr double kCreatedBase = 1716383251.2345679;

class Writer {
public:
    explicit Writer(std::string &out)
        : m_out(out)
    {}

    void family(std::string_view name, std::string_view type, std::string_view help)
    {
        m_out.append("# HELP ").append(name).append(" ").append(help).append("\n");
        m_out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    }

    void sample(std::string_view name, Labels labels, double value)
    {
        std::sort(labels.begin(), labels.end());
        m_out.append(name);
        if (!labels.empty()) {
            m_out.push_back('{');
            for (std::size_t i = 0; i < labels.size(); ++i) {
                if (i > 0) {
                    m_out.push_back(',');
                }
                m_out.append(labels[i].first).append("=\"").append(labels[i].second).append("\"");
            }
            m_out.push_back('}');
        }
        m_out.push_back(' ');
        m_out.append(goFloat(value));
        m_out.push_back('\n');
    }

private:
    std::string &m_out;
};

const char *const kProviders[] = {"openai", "azure", "anthropic", "vertex_ai", "bedrock"};
const char *const kModels[] = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "gemini-1.5-pro",
                               "llama-3-70b"};

Labels operator+(Labels a, const Labels &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// A counter family as prometheus_client writes it: X_total samples, then X_created as a gauge.
// Names and help come from LiteLLM's table (prom/litellmnames.h).
template<typename Each>
void counter(Writer &writer, Family family, Each &&each)
{
    const std::string_view base = litellm::counterBase(family);
    const std::string_view help = litellm::familyInfo(family).help;
    const std::string total = std::string(base) + "_total";
    const std::string created = std::string(base) + "_created";
    writer.family(total, "counter", help);
    std::vector<std::pair<Labels, double>> createdSamples;
    each([&](const Labels &labels, double value, double createdAt) {
        writer.sample(total, labels, value);
        createdSamples.emplace_back(labels, createdAt);
    });
    writer.family(created, "gauge", help);
    for (auto &[labels, at] : createdSamples) {
        writer.sample(created, labels, at);
    }
}

} // namespace

std::string goFloat(double value)
{
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    if (std::isnan(value)) {
        return "NaN";
    }
    // Python's repr(): shortest round-trip digits, fixed notation in this value range.
    char buffer[64];
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    std::string repr(buffer, ec == std::errc() ? end : buffer);
    if (repr.find('.') == std::string::npos) {
        repr += ".0";
    }
    // floatToGoString: Go switches to exponents sooner than Python.
    const std::size_t dot = repr.find('.');
    if (value > 0 && dot > 6) {
        std::string mantissa =
            repr.substr(0, 1) + "." + repr.substr(1, dot - 1) + repr.substr(dot + 1);
        while (!mantissa.empty() && (mantissa.back() == '0' || mantissa.back() == '.')) {
            mantissa.pop_back();
        }
        return mantissa + "e+0" + std::to_string(dot - 1);
    }
    return repr;
}

std::string generateLitellmExposition(const ExpositionShape &shape)
{
    Random random(shape.seed);
    const int keyCount = std::max(1, shape.keys);

    std::vector<Key> keys(std::size_t(keyCount) + 1);
    for (int k = 0; k < keyCount; ++k) {
        Key &key = keys[std::size_t(k)];
        key.hashed = random.hex64();
        key.alias = k % 3 == 2 ? "None" : "key-" + std::to_string(k);
        key.team = k % 2 == 0 ? "team-" + std::to_string(k / 2) : "None";
        key.teamAlias = k % 2 == 0 ? "Team " + std::to_string(k / 2) : "None";
        key.user = k % 4 == 0 ? "default_user_id" : "user-" + std::to_string(k);
        key.endUser = "None";
        key.email = k % 4 == 0 ? "None" : "user" + std::to_string(k) + "@example.com";
    }
    // The master key, as LiteLLM labels it.
    Key &master = keys.back();
    master = {"litellm_proxy_master_key", "None", "None", "None",
              "default_user_id",          "None", "None"};

    std::vector<Group> groups(std::size_t(std::max(0, shape.groups)));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        Group &group = groups[g];
        const std::string model = kModels[g % 5];
        group.name = model + "-g" + std::to_string(g);
        group.fallback =
            kModels[(g + 1) % 5] + std::string("-g") + std::to_string((g + 1) % groups.size());
        for (int d = 0; d < std::max(0, shape.deployments); ++d) {
            Deployment dep;
            dep.provider = kProviders[(g + std::size_t(d)) % 5];
            dep.modelId = random.hex64();
            dep.apiBase = "https://" + dep.provider + "-" + std::to_string(g) + "-" +
                          std::to_string(d) + ".example-endpoint.com/v1";
            dep.litellmModelName = dep.provider + "/" + model;
            group.deployments.push_back(std::move(dep));
        }
    }
    // Which keys call which deployment: rotating, so many hashed_api_key values appear.
    const auto keyFor = [&](std::size_t g, std::size_t d, int j) -> const Key & {
        if ((g + d) % 7 == 0 && j == 0) {
            return master;
        }
        return keys[(g * 3 + d + std::size_t(j)) % std::size_t(keyCount)];
    };
    // Each deployment serves two keys in its remaining-quota gauges only when the pool is large.
    const int keysPerDeployment = keyCount >= 4 ? 2 : 1;

    std::string out;
    out.reserve(std::size_t(groups.size()) * std::size_t(std::max(1, shape.deployments)) * 4600 +
                4096);
    Writer writer(out);
    // The label sets of docs/litellm-api.md §5, one helper each.
    const auto deploymentLabels = [](const Deployment &dep) {
        return Labels{{"api_base", dep.apiBase},
                      {"api_provider", dep.provider},
                      {"litellm_model_name", dep.litellmModelName},
                      {"model_id", dep.modelId}};
    };
    const auto keyLabels = [](const Key &key) {
        return Labels{{"api_key_alias", key.alias},
                      {"hashed_api_key", key.hashed},
                      {"team", key.team},
                      {"team_alias", key.teamAlias}};
    };
    // One client request to the proxy, for a group (litellm_proxy_*_requests_metric).
    const auto clientLabels = [&](std::size_t g, const Key &key) {
        return keyLabels(key) + Labels{{"client_ip", "10.0.0.12"},
                                       {"end_user", key.endUser},
                                       {"requested_model", groups[g].name},
                                       {"route", "/chat/completions"},
                                       {"user", key.user},
                                       {"user_agent", "OpenAI/Python 1.54.3"},
                                       {"user_email", key.email}};
    };
    // One fallback hop out of group g, caused by a 429.
    const auto fallbackLabels = [&](std::size_t g, const Key &key) {
        return keyLabels(key) + Labels{{"exception_class", "Openai.RateLimitError"},
                                       {"exception_status", "429"},
                                       {"fallback_model", groups[g].fallback},
                                       {"model_id", "None"},
                                       {"requested_model", groups[g].name}};
    };

    // Gauges set on every success, per deployment and key (no team labels on these).
    for (const Family family : {Family::RemainingRequests, Family::RemainingTokens}) {
        const std::string_view name = litellm::metricName(family);
        writer.family(name, "gauge", litellm::familyInfo(family).help);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t d = 0; d < groups[g].deployments.size(); ++d) {
                const Deployment &dep = groups[g].deployments[d];
                for (int j = 0; j < keysPerDeployment; ++j) {
                    const Key &key = keyFor(g, d, j);
                    writer.sample(name,
                                  deploymentLabels(dep) + Labels{{"api_key_alias", key.alias},
                                                                 {"hashed_api_key", key.hashed},
                                                                 {"model_group", groups[g].name}},
                                  double(family == Family::RemainingRequests
                                             ? random.below(10000)
                                             : random.below(2000000)));
                }
            }
        }
    }

    // Per-deployment limits and state.
    for (const Family family : {Family::RpmLimit, Family::TpmLimit, Family::State}) {
        const std::string_view name = litellm::metricName(family);
        writer.family(name, "gauge", litellm::familyInfo(family).help);
        for (const Group &group : groups) {
            for (const Deployment &dep : group.deployments) {
                const double value = family == Family::RpmLimit ? 60.0 * (1 + random.below(100))
                                     : family == Family::TpmLimit
                                         ? 10000.0 * (1 + random.below(100))
                                         : double(random.below(8) == 0);
                writer.sample(name, deploymentLabels(dep), value);
            }
        }
    }

    counter(writer, Family::CooledDown, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t d = 0; d < groups[g].deployments.size(); ++d) {
                if ((g + d) % 3 != 0) {
                    continue;
                }
                Labels labels = deploymentLabels(groups[g].deployments[d]);
                labels.emplace_back("exception_status", "429");
                emit(labels, double(1 + random.below(40)), kCreatedBase + double(g));
            }
        }
    });

    // Per-deployment request outcomes, per calling key.
    const auto callLabels = [&](std::size_t g, std::size_t d, const Key &key) {
        return deploymentLabels(groups[g].deployments[d]) + keyLabels(key) +
               Labels{{"client_ip", "10.0.0.12"},
                      {"requested_model", groups[g].name},
                      {"user_agent", "OpenAI/Python 1.54.3"}};
    };
    counter(writer, Family::Success, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t d = 0; d < groups[g].deployments.size(); ++d) {
                const Key &key = keyFor(g, d, 0);
                emit(callLabels(g, d, key), double(random.below(100000)), kCreatedBase + double(d));
            }
        }
    });
    counter(writer, Family::Failure, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t d = 0; d < groups[g].deployments.size(); d += 3) {
                Labels labels = callLabels(g, d, keyFor(g, d, 1));
                labels.emplace_back("exception_class", "Openai.RateLimitError");
                labels.emplace_back("exception_status", "429");
                emit(labels, double(random.below(500)), kCreatedBase + double(g));
            }
        }
    });

    counter(writer, Family::TotalRequests, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t d = 0; d < groups[g].deployments.size(); ++d) {
                emit(callLabels(g, d, keyFor(g, d, 0)), double(random.below(100000)),
                     kCreatedBase + double(d));
            }
        }
    });

    // Client-facing totals, per group and key.
    counter(writer, Family::ProxyTotalRequests, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); ++g) {
            emit(clientLabels(g, keyFor(g, 1, 0)) +
                     Labels{{"model_id", groups[g].deployments.empty()
                                             ? std::string_view("None")
                                             : groups[g].deployments[0].modelId},
                            {"status_code", "200"}},
                 double(random.below(1000000)), kCreatedBase);
        }
    });

    counter(writer, Family::ProxyFailedRequests, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); g += 2) {
            emit(clientLabels(g, keyFor(g, 1, 0)) +
                     Labels{{"exception_class", "Openai.RateLimitError"},
                            {"exception_status", "429"},
                            {"model_id", "None"}},
                 double(random.below(1000)), kCreatedBase);
        }
    });

    // Fallback hops, per group.
    counter(writer, Family::SuccessfulFallbacks, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); g += 2) {
            emit(fallbackLabels(g, keyFor(g, 0, 1)), double(random.below(300)), kCreatedBase + 60);
        }
    });
    counter(writer, Family::FailedFallbacks, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); g += 4) {
            emit(fallbackLabels(g, keyFor(g, 0, 1)), double(random.below(30)), kCreatedBase + 60);
        }
    });

    // Token usage, per deployment and key.
    counter(writer, Family::TotalTokens, [&](auto emit) {
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t d = 0; d < groups[g].deployments.size(); ++d) {
                const Key &key = keyFor(g, d, 0);
                emit(keyLabels(key) + Labels{{"end_user", key.endUser},
                                             {"model", groups[g].deployments[d].litellmModelName},
                                             {"model_id", groups[g].deployments[d].modelId},
                                             {"user", key.user}},
                     double(random.below(50000000)), kCreatedBase + double(d));
            }
        }
    });

    // Request latency histogram, for one key in every tenth group. Headroom reads no latency
    // family, so its name is not in prom/litellmnames.h.
    const std::string latency = "litellm_request_total_latency_metric";
    writer.family(latency, "histogram", "Total latency (seconds) for a request to LiteLLM");
    std::vector<Labels> latencySeries;
    for (std::size_t g = 0; g < groups.size(); g += 10) {
        const Key &key = keyFor(g, 0, 0);
        Labels labels{{"api_key_alias", key.alias},
                      {"end_user", key.endUser},
                      {"hashed_api_key", key.hashed},
                      {"model", groups[g].name},
                      {"model_id", groups[g].deployments.empty()
                                       ? std::string_view("None")
                                       : groups[g].deployments[0].modelId},
                      {"requested_model", groups[g].name},
                      {"team", key.team},
                      {"team_alias", key.teamAlias},
                      {"user", key.user}};
        double cumulative = 0;
        std::vector<std::string> les;
        les.reserve(kLatencyBuckets.size());
        for (const double le : kLatencyBuckets) {
            les.push_back(goFloat(le));
        }
        for (std::size_t b = 0; b < kLatencyBuckets.size(); ++b) {
            cumulative += b < 4 ? 0 : double(random.below(50));
            Labels withLe = labels;
            withLe.emplace_back("le", les[b]);
            writer.sample(latency + "_bucket", withLe, cumulative);
        }
        writer.sample(latency + "_count", labels, cumulative);
        writer.sample(latency + "_sum", labels,
                      cumulative * 1.7 + double(random.below(1000)) / 7.0);
        latencySeries.push_back(std::move(labels));
    }
    writer.family(latency + "_created", "gauge",
                  "Total latency (seconds) for a request to LiteLLM");
    for (const Labels &labels : latencySeries) {
        writer.sample(latency + "_created", labels, kCreatedBase);
    }
    return out;
}

} // namespace headroom::bench
