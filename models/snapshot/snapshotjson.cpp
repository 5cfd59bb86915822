#include "snapshot/snapshotjson.h"

#include "analysis/analysisjson.h"
#include "config/routersettingsjson.h"
#include "formats/jsonbody.h"
#include "predict/predictionjson.h"
#include "sample/samplechain.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace headroom {

namespace {

using Json = nlohmann::json;
constexpr std::string_view kFormat = "headroom-snapshot";

std::string text(const QString &s)
{
    return s.toStdString();
}

// ---- writing ----

Json environmentToJson(const SnapshotEnvironment &e)
{
    return {{"headroom_version", text(e.headroomVersion)},
            {"proxy_version", text(e.proxyVersion)},
            {"proxy_host", text(e.proxyHost)},
            {"time_zone", text(e.timeZone)},
            {"poll_interval_ms", e.pollIntervalMs},
            {"exported_at_ms", e.exportedAtMs}};
}

Json configDeploymentToJson(const Deployment &d)
{
    return {{"group", text(d.group)},
            {"id", text(d.id)},
            {"model", text(d.model)},
            {"provider", text(d.provider)},
            {"api_base", text(d.apiBase)},
            {"credential_fingerprint", text(d.credentialFingerprint)},
            {"rpm", json::orNull(d.rpm)},
            {"tpm", json::orNull(d.tpm)},
            {"weight", json::orNull(d.weight)},
            {"order", json::orNull(d.order)},
            {"max_input_tokens", json::orNull(d.maxInputTokens)},
            {"max_output_tokens", json::orNull(d.maxOutputTokens)},
            {"cooldown_time", json::orNull(d.cooldownTime)},
            {"mode", text(d.mode)},
            {"db_model", d.dbModel}};
}

Json chainToJson(const SnapshotChain &c)
{
    Json deployments = Json::array();
    for (const Deployment &d : c.chain.configDeployments) {
        deployments.push_back(configDeploymentToJson(d));
    }
    return {{"since_ms", c.sinceMs},
            {"origin",
             {{"kind", text(chainOriginKindName(c.chain.origin.kind))},
              {"where", text(c.chain.origin.where)},
              {"problem", text(c.chain.origin.problem)}}},
            {"router_settings", routerSettingsToJson(c.chain.settings, c.chain.fallbacks)},
            {"config_deployments", deployments}};
}

Json metadataToJson(const Snapshot &s)
{
    Json axes = Json::array();
    for (const SnapshotAxis &a : s.axes) {
        axes.push_back({{"bucket_ms", a.spec.bucketMs},
                        {"capacity", a.spec.capacity},
                        {"times_ms", a.timesMs}});
    }
    Json events = Json::array();
    for (const Event &e : s.events) {
        events.push_back(eventToJson(e));
    }
    Json chains = Json::array();
    for (const SnapshotChain &c : s.chains) {
        chains.push_back(chainToJson(c));
    }
    Json predictions = Json::array();
    for (const SnapshotPrediction &p : s.predictions) {
        predictions.push_back(
            {{"time_ms", p.timeMs}, {"prediction", predictionToJson(p.prediction)}});
    }
    Json groups = Json::array();
    for (const SnapshotGroup &g : s.groups) {
        groups.push_back({{"group", text(g.group)},
                          {"providers", json::stringArray(g.providers)},
                          {"deployment_ids", json::stringArray(g.deploymentIds)}});
    }
    Json deployments = Json::array();
    for (const SnapshotDeployment &d : s.deployments) {
        deployments.push_back({{"id", text(d.id)},
                               {"group", text(d.group)},
                               {"model", text(d.model)},
                               {"provider", text(d.provider)},
                               {"api_base", text(d.apiBase)},
                               {"credential_fingerprint", text(d.credentialFingerprint)},
                               {"cooldown_seconds", json::orNull(d.cooldownSeconds)},
                               {"max_input_tokens", json::orNull(d.maxInputTokens)}});
    }
    Json pushes = Json::array();
    for (const SnapshotPush &p : s.pushes) {
        pushes.push_back(
            {{"time_ms", p.timeMs}, {"summary", text(p.summary)}, {"outcome", text(p.outcome)}});
    }
    return {{"format", std::string(kFormat)},
            {"schema_version", kSnapshotSchemaVersion},
            {"environment", environmentToJson(s.environment)},
            {"window", {{"from_ms", s.fromMs}, {"to_ms", s.toMs}}},
            {"axes", axes},
            {"events", events},
            {"chains", chains},
            {"predictions", predictions},
            {"groups", groups},
            {"deployments", deployments},
            {"pushes", pushes}};
}

void appendValues(std::string &out, const std::vector<float> &values)
{
    out += '[';
    char buffer[32];
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        const float v = values[i];
        if (!std::isfinite(v)) {
            out += "null";
            continue;
        }
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
        out.append(buffer, result.ptr);
    }
    out += ']';
}

void appendSeries(std::string &out, const SnapshotSeries &s, const std::vector<SnapshotAxis> &axes)
{
    Json head = {{"scope", text(scopeName(s.key.scope))},
                 {"name", text(s.key.name)},
                 {"metric", text(metricName(s.key.metric))}};
    if (s.key.scope == Scope::Edge) {
        head["to"] = text(s.key.to);
    }
    std::string h = head.dump();
    h.pop_back(); // the closing brace: the tiers follow
    out += h;
    out += R"(,"tiers":[)";
    for (std::size_t t = 0; t < s.tiers.size(); ++t) {
        const SnapshotSeries::Tier &tier = s.tiers[t];
        out += t > 0 ? R"(,{)" : R"({)";
        if (t < axes.size() && axes[t].spec.bucketMs != 0) {
            out += R"("min":)";
            appendValues(out, tier.min);
            out += R"(,"max":)";
            appendValues(out, tier.max);
            out += ',';
        }
        out += R"("mean":)";
        appendValues(out, tier.mean);
        out += '}';
    }
    out += "]}";
}

// ---- reading ----

[[noreturn]] void failAt(ParseError::Kind kind, const QString &path, const QString &message)
{
    json::fail(kind, path, message);
}

qint64 requiredInteger(const Json &object, std::string_view key, const QString &path)
{
    const auto v = json::integer(object, key, path);
    if (!v) {
        failAt(ParseError::Kind::MissingField, json::childPath(path, key),
               QStringLiteral("a number is required"));
    }
    return *v;
}

const Json &requiredArray(const Json &object, std::string_view key, const QString &path,
                          std::size_t maxSize)
{
    const Json *v = json::member(object, key);
    if (v == nullptr) {
        failAt(ParseError::Kind::MissingField, json::childPath(path, key),
               QStringLiteral("a list is required"));
    }
    if (!v->is_array()) {
        failAt(ParseError::Kind::WrongType, json::childPath(path, key),
               QStringLiteral("expected a list"));
    }
    if (v->size() > maxSize) {
        failAt(ParseError::Kind::TooLarge, json::childPath(path, key),
               QStringLiteral("%1 entries, over the limit of %2").arg(v->size()).arg(maxSize));
    }
    return *v;
}

// An optional list: absent reads as empty (sections a later schema may drop).
const Json &optionalArray(const Json &object, std::string_view key, const QString &path,
                          std::size_t maxSize)
{
    static const Json empty = Json::array();
    return json::member(object, key) == nullptr ? empty : requiredArray(object, key, path, maxSize);
}

void requireObject(const Json &value, const QString &path)
{
    if (!value.is_object()) {
        failAt(ParseError::Kind::WrongType, path, QStringLiteral("expected an object"));
    }
}

std::vector<float> readValues(const Json &object, std::string_view key, const QString &path,
                              std::size_t expected)
{
    const QString at = json::childPath(path, key);
    const Json &list = requiredArray(object, key, path, expected);
    if (list.size() != expected) {
        failAt(ParseError::Kind::OutOfRange, at,
               QStringLiteral("%1 values for an axis of %2 slots").arg(list.size()).arg(expected));
    }
    std::vector<float> out;
    out.reserve(expected);
    for (const Json &v : list) {
        if (v.is_null()) {
            out.push_back(std::numeric_limits<float>::quiet_NaN());
        } else if (v.is_number()) {
            const auto f = float(v.get<double>());
            if (!std::isfinite(f)) {
                failAt(ParseError::Kind::OutOfRange, at,
                       QStringLiteral("a value out of range (value %1)").arg(out.size()));
            }
            out.push_back(f);
        } else {
            failAt(ParseError::Kind::WrongType, at,
                   QStringLiteral("expected numbers or null (value %1)").arg(out.size()));
        }
    }
    return out;
}

SnapshotEnvironment readEnvironment(const Json &root)
{
    const QString path = QStringLiteral("/environment");
    const Json *e = json::member(root, "environment");
    SnapshotEnvironment env;
    if (e == nullptr) {
        return env;
    }
    requireObject(*e, path);
    env.headroomVersion = json::string(*e, "headroom_version", path);
    env.proxyVersion = json::string(*e, "proxy_version", path);
    env.proxyHost = json::string(*e, "proxy_host", path);
    env.timeZone = json::string(*e, "time_zone", path);
    env.pollIntervalMs = json::integer(*e, "poll_interval_ms", path).value_or(0);
    env.exportedAtMs = json::integer(*e, "exported_at_ms", path).value_or(0);
    return env;
}

std::vector<SnapshotAxis> readAxes(const Json &root, const SnapshotLimits &limits)
{
    std::vector<SnapshotAxis> axes;
    const Json &list = requiredArray(root, "axes", QString(), std::size_t(RingSeries::kMaxTiers));
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/axes"), i);
        requireObject(list[i], path);
        SnapshotAxis axis;
        axis.spec.bucketMs = requiredInteger(list[i], "bucket_ms", path);
        const qint64 capacity = requiredInteger(list[i], "capacity", path);
        if (axis.spec.bucketMs < 0 || (i > 0 && axis.spec.bucketMs == 0) || capacity < 1 ||
            capacity > qint64(limits.maxSlotsPerAxis)) {
            failAt(ParseError::Kind::OutOfRange, path,
                   QStringLiteral("a tier needs bucket_ms ≥ 0 (only the first may be 0, raw) and "
                                  "a capacity from 1 to %1")
                       .arg(limits.maxSlotsPerAxis));
        }
        axis.spec.capacity = int(capacity);
        const Json &times = requiredArray(list[i], "times_ms", path, limits.maxSlotsPerAxis);
        axis.timesMs.reserve(times.size());
        for (const Json &t : times) {
            if (!t.is_number_integer()) {
                failAt(ParseError::Kind::WrongType, json::childPath(path, "times_ms"),
                       QStringLiteral("expected whole milliseconds"));
            }
            const auto ms = t.get<qint64>();
            if (!axis.timesMs.empty() && ms <= axis.timesMs.back()) {
                failAt(ParseError::Kind::OutOfRange, json::childPath(path, "times_ms"),
                       QStringLiteral("times must increase"));
            }
            axis.timesMs.push_back(ms);
        }
        axes.push_back(std::move(axis));
    }
    return axes;
}

std::vector<SnapshotSeries> readSeries(const Json &root, const std::vector<SnapshotAxis> &axes,
                                       const SnapshotLimits &limits)
{
    std::vector<SnapshotSeries> out;
    const Json &list = requiredArray(root, "series", QString(), limits.maxSeries);
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/series"), i);
        const Json &item = list[i];
        requireObject(item, path);
        SnapshotSeries s;
        const auto scope = scopeFromName(json::requiredString(item, "scope", path));
        const auto metric = metricFromName(json::requiredString(item, "metric", path));
        if (!scope || !metric) {
            failAt(ParseError::Kind::OutOfRange, path,
                   QStringLiteral("unknown scope or metric (docs/snapshot-format.md lists them)"));
        }
        s.key = {*scope, json::requiredString(item, "name", path),
                 *scope == Scope::Edge ? json::requiredString(item, "to", path) : QString(),
                 *metric};
        const Json &tiers = requiredArray(item, "tiers", path, axes.size());
        if (tiers.size() != axes.size()) {
            failAt(ParseError::Kind::OutOfRange, json::childPath(path, "tiers"),
                   QStringLiteral("%1 tiers for %2 axes").arg(tiers.size()).arg(axes.size()));
        }
        for (std::size_t t = 0; t < tiers.size(); ++t) {
            const QString tierPath = json::childPath(json::childPath(path, "tiers"), t);
            requireObject(tiers[t], tierPath);
            const std::size_t n = axes[t].timesMs.size();
            SnapshotSeries::Tier tier;
            tier.mean = readValues(tiers[t], "mean", tierPath, n);
            if (axes[t].spec.bucketMs != 0) {
                tier.min = readValues(tiers[t], "min", tierPath, n);
                tier.max = readValues(tiers[t], "max", tierPath, n);
            }
            s.tiers.push_back(std::move(tier));
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<Event> readEvents(const Json &root, const SnapshotLimits &limits)
{
    std::vector<Event> out;
    const Json &list = optionalArray(root, "events", QString(), limits.maxEvents);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/events"), i);
        requireObject(list[i], path);
        Event e;
        const qint64 seq = requiredInteger(list[i], "seq", path);
        if (seq < 0) {
            failAt(ParseError::Kind::OutOfRange, json::childPath(path, "seq"),
                   QStringLiteral("a sequence number is never negative"));
        }
        e.seq = quint64(seq);
        e.timeMs = requiredInteger(list[i], "time_ms", path);
        const auto kind = eventKindFromName(json::requiredString(list[i], "kind", path));
        const auto severity = severityFromName(json::requiredString(list[i], "severity", path));
        if (!kind || !severity) {
            failAt(ParseError::Kind::OutOfRange, path, QStringLiteral("unknown kind or severity"));
        }
        e.kind = *kind;
        e.severity = *severity;
        e.group = json::string(list[i], "group", path);
        e.deployment = json::string(list[i], "deployment", path);
        e.edgeFrom = json::string(list[i], "edge_from", path);
        e.edgeTo = json::string(list[i], "edge_to", path);
        e.message = json::string(list[i], "message", path);
        out.push_back(std::move(e));
    }
    return out;
}

Deployment readConfigDeployment(const Json &d, const QString &path)
{
    requireObject(d, path);
    Deployment out;
    out.group = json::string(d, "group", path);
    out.id = json::string(d, "id", path);
    out.model = json::string(d, "model", path);
    out.provider = json::string(d, "provider", path);
    out.apiBase = json::string(d, "api_base", path);
    out.credentialFingerprint = json::string(d, "credential_fingerprint", path);
    out.rpm = json::integer(d, "rpm", path);
    out.tpm = json::integer(d, "tpm", path);
    out.weight = json::number(d, "weight", path);
    if (const auto order = json::integer(d, "order", path)) {
        out.order = int(std::clamp<qint64>(*order, INT_MIN, INT_MAX));
    }
    out.maxInputTokens = json::integer(d, "max_input_tokens", path);
    out.maxOutputTokens = json::integer(d, "max_output_tokens", path);
    out.cooldownTime = json::number(d, "cooldown_time", path);
    out.mode = json::string(d, "mode", path);
    out.dbModel = json::boolean(d, "db_model", path).value_or(false);
    return out;
}

std::optional<ChainOrigin::Kind> originKindFromName(const QString &name)
{
    for (const auto kind : {ChainOrigin::Kind::Unknown, ChainOrigin::Kind::ProxyAdmin,
                            ChainOrigin::Kind::ConfigFile, ChainOrigin::Kind::Scenario}) {
        if (chainOriginKindName(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

std::vector<SnapshotChain> readChains(const Json &root, const SnapshotLimits &limits)
{
    std::vector<SnapshotChain> out;
    const Json &list = optionalArray(root, "chains", QString(), limits.maxChains);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/chains"), i);
        requireObject(list[i], path);
        SnapshotChain c;
        c.sinceMs = requiredInteger(list[i], "since_ms", path);
        if (const Json *origin = json::member(list[i], "origin")) {
            const QString originPath = json::childPath(path, "origin");
            requireObject(*origin, originPath);
            const auto kind = originKindFromName(json::string(*origin, "kind", originPath));
            if (!kind) {
                failAt(ParseError::Kind::OutOfRange, json::childPath(originPath, "kind"),
                       QStringLiteral("unknown origin"));
            }
            c.chain.origin = {*kind, json::string(*origin, "where", originPath),
                              json::string(*origin, "problem", originPath)};
        }
        if (const Json *settings = json::member(list[i], "router_settings")) {
            auto read =
                readRouterSettingsJson(*settings, {}, json::childPath(path, "router_settings"));
            if (!read) {
                throw json::FieldError(read.error());
            }
            c.chain.settings = read.value().settings;
            c.chain.fallbacks = read.value().fallbacks;
        }
        const Json &deployments =
            optionalArray(list[i], "config_deployments", path, limits.maxInventory);
        for (std::size_t d = 0; d < deployments.size(); ++d) {
            c.chain.configDeployments.push_back(readConfigDeployment(
                deployments[d], json::childPath(json::childPath(path, "config_deployments"), d)));
        }
        out.push_back(std::move(c));
    }
    return out;
}

CascadePrediction readPrediction(const Json &p, const QString &path, const SnapshotLimits &limits)
{
    requireObject(p, path);
    CascadePrediction out;
    out.horizonSeconds = json::number(p, "horizon_s", path).value_or(0);
    out.path = json::stringList(p, "path", path);
    const Json &groups = optionalArray(p, "groups", path, limits.maxInventory);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const QString at = json::childPath(json::childPath(path, "groups"), i);
        requireObject(groups[i], at);
        GroupPrediction g;
        g.group = json::requiredString(groups[i], "group", at);
        g.saturatesInSeconds = json::number(groups[i], "saturates_in_s", at);
        g.fedBy = json::string(groups[i], "fed_by", at);
        g.attemptsPerRequest = json::number(groups[i], "attempts_per_request", at).value_or(1);
        g.worstCaseAttempts = json::number(groups[i], "worst_case_attempts", at).value_or(1);
        g.clientErrorsPerSecond = json::number(groups[i], "client_429_per_s", at).value_or(0);
        out.groups.push_back(std::move(g));
    }
    const Json &edges = optionalArray(p, "edges", path, limits.maxInventory);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const QString at = json::childPath(json::childPath(path, "edges"), i);
        requireObject(edges[i], at);
        out.edges.push_back({json::requiredString(edges[i], "from", at),
                             json::requiredString(edges[i], "to", at),
                             json::number(edges[i], "requests_per_s", at).value_or(0)});
    }
    return out;
}

std::vector<SnapshotPrediction> readPredictions(const Json &root, const SnapshotLimits &limits)
{
    std::vector<SnapshotPrediction> out;
    const Json &list = optionalArray(root, "predictions", QString(), limits.maxPredictions);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/predictions"), i);
        requireObject(list[i], path);
        const Json *p = json::member(list[i], "prediction");
        if (p == nullptr) {
            failAt(ParseError::Kind::MissingField, json::childPath(path, "prediction"),
                   QStringLiteral("a prediction is required"));
        }
        out.push_back({requiredInteger(list[i], "time_ms", path),
                       readPrediction(*p, json::childPath(path, "prediction"), limits)});
    }
    return out;
}

void readInventory(const Json &root, Snapshot &s, const SnapshotLimits &limits)
{
    const Json &groups = optionalArray(root, "groups", QString(), limits.maxInventory);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/groups"), i);
        requireObject(groups[i], path);
        s.groups.push_back({json::requiredString(groups[i], "group", path),
                            json::stringList(groups[i], "providers", path),
                            json::stringList(groups[i], "deployment_ids", path)});
    }
    const Json &deployments = optionalArray(root, "deployments", QString(), limits.maxInventory);
    for (std::size_t i = 0; i < deployments.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/deployments"), i);
        const Json &d = deployments[i];
        requireObject(d, path);
        s.deployments.push_back(
            {json::requiredString(d, "id", path), json::string(d, "group", path),
             json::string(d, "model", path), json::string(d, "provider", path),
             json::string(d, "api_base", path), json::string(d, "credential_fingerprint", path),
             json::number(d, "cooldown_seconds", path),
             json::integer(d, "max_input_tokens", path)});
    }
    const Json &pushes = optionalArray(root, "pushes", QString(), limits.maxEvents);
    for (std::size_t i = 0; i < pushes.size(); ++i) {
        const QString path = json::childPath(QStringLiteral("/pushes"), i);
        requireObject(pushes[i], path);
        s.pushes.push_back({requiredInteger(pushes[i], "time_ms", path),
                            json::string(pushes[i], "summary", path),
                            json::string(pushes[i], "outcome", path)});
    }
}

// Brings an older document up to the current schema, one version at a time. Version 1 is the
// first: nothing to do yet. A later version that renames or moves a key adds a step here, so a
// snapshot written by any earlier Headroom still opens.
void upgrade(Json & /*document*/, qint64 /*fromVersion*/)
{}

Snapshot readDocument(Json &root, const SnapshotLimits &limits)
{
    requireObject(root, QString());
    if (json::string(root, "format", QString()) != QLatin1String(kFormat.data())) {
        failAt(ParseError::Kind::MissingField, QStringLiteral("/format"),
               QStringLiteral("this JSON is not a Headroom snapshot (no \"format\": "
                              "\"headroom-snapshot\")"));
    }
    const qint64 version = requiredInteger(root, "schema_version", QString());
    if (version > kSnapshotSchemaVersion) {
        failAt(ParseError::Kind::OutOfRange, QStringLiteral("/schema_version"),
               QStringLiteral("written by a newer Headroom (schema version %1); this one reads "
                              "versions 1 to %2: update Headroom to open it")
                   .arg(version)
                   .arg(kSnapshotSchemaVersion));
    }
    if (version < 1) {
        failAt(ParseError::Kind::OutOfRange, QStringLiteral("/schema_version"),
               QStringLiteral("schema version %1 does not exist (the first is 1)").arg(version));
    }
    upgrade(root, version);
    Snapshot s;
    s.schemaVersion = int(version);
    s.environment = readEnvironment(root);
    if (const Json *window = json::member(root, "window")) {
        requireObject(*window, QStringLiteral("/window"));
        s.fromMs = requiredInteger(*window, "from_ms", QStringLiteral("/window"));
        s.toMs = requiredInteger(*window, "to_ms", QStringLiteral("/window"));
    }
    if (s.fromMs > s.toMs) {
        failAt(ParseError::Kind::OutOfRange, QStringLiteral("/window"),
               QStringLiteral("the window ends before it starts"));
    }
    s.axes = readAxes(root, limits);
    s.series = readSeries(root, s.axes, limits);
    s.events = readEvents(root, limits);
    s.chains = readChains(root, limits);
    s.predictions = readPredictions(root, limits);
    readInventory(root, s, limits);
    return s;
}

} // namespace

std::string snapshotToJson(const Snapshot &snapshot)
{
    std::string out = metadataToJson(snapshot).dump();
    out.pop_back(); // the closing brace: the series follow
    out += R"(,"series":[)";
    for (std::size_t i = 0; i < snapshot.series.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendSeries(out, snapshot.series[i], snapshot.axes);
    }
    out += "]}\n";
    return out;
}

ParseResult<Snapshot> readSnapshotJson(std::string_view text, const SnapshotLimits &limits)
{
    ParseLimits parseLimits;
    parseLimits.maxBytes = limits.maxJsonBytes;
    parseLimits.maxDepth = 16;
    return json::readBody<Snapshot>(text, parseLimits,
                                    [&](Json &root) { return readDocument(root, limits); });
}

} // namespace headroom
