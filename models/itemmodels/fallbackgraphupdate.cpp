// FallbackGraphModel::update: the graph as the input says it is now, merged into the rows.

#include "analysis/headroomlevel.h"
#include "itemmodels/boardformat.h"
#include "itemmodels/fallbackgraphmodel.h"
#include "itemmodels/fallbackgraphrows.h"

#include <map>
#include <numeric>
#include <QHash>
#include <QSet>

namespace headroom {

namespace {

using namespace graphrows;

QVariant optional(std::optional<double> value)
{
    return value ? QVariant(*value) : QVariant();
}

QString edgeKey(const GraphShape::Link &link)
{
    return QStringLiteral("%1/%2/%3/%4")
        .arg(int(link.kind))
        .arg(link.order)
        .arg(int(link.origin))
        .arg(link.to);
}

void setFindings(Values &values, const std::vector<const ChainFinding *> &findings)
{
    at(values, Role::FindingsRole) = QStringList();
    at(values, Role::FindingSeverityRole) = QVariant();
    if (findings.empty()) {
        return;
    }
    QStringList messages;
    int worst = int(ChainFinding::Severity::Info);
    for (const ChainFinding *f : findings) {
        messages.append(f->message);
        worst = std::min(worst, int(f->severity)); // Error is 0
    }
    at(values, Role::FindingsRole) = messages;
    at(values, Role::FindingSeverityRole) = worst;
}

void setHeadroom(Values &v, const Headroom &h, Role fraction, Role level, Role text)
{
    at(v, fraction) = optional(h.fraction);
    at(v, level) = int(headroomLevel(h.fraction));
    at(v, text) = cellText(headroomCell(h));
}

Links collectLinks(const FallbackGraphInput &input, const QStringList &served)
{
    Links out;
    if (input.chain != nullptr) {
        for (const ChainEdge &e : input.chain->edges(served)) {
            out.links.push_back({e.from, e.to, e.kind, e.order, EdgeOrigin::Configured});
            out.viaWildcard.push_back(e.viaWildcard);
        }
    }
    const EdgeOrigin outside =
        input.chain != nullptr ? EdgeOrigin::Unconfigured : EdgeOrigin::Observed;
    for (const FallbackEdgeSample &f : input.store->latestSample().fallbacks) {
        const bool known = std::any_of(out.links.begin(), out.links.end(), [&](const auto &l) {
            return l.from == f.from && l.to == f.to;
        });
        if (!known) {
            out.links.push_back({f.from, f.to, FallbackKind::General, 0, outside});
            out.viaWildcard.push_back(false);
        }
    }
    // By source group, keeping each group's edge order (the chain's, then outside edges by name).
    std::vector<std::size_t> order(out.links.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return out.links[a].from < out.links[b].from;
    });
    Links sorted;
    for (const std::size_t i : order) {
        sorted.links.push_back(out.links[i]);
        sorted.viaWildcard.push_back(out.viaWildcard[i]);
    }
    return sorted;
}

} // namespace

void FallbackGraphModel::update(const FallbackGraphInput &input)
{
    Q_ASSERT(input.store != nullptr);
    const MetricsStore &store = *input.store;
    const ProxySample &sample = store.latestSample();
    QStringList served;
    served.reserve(sample.groups.size());
    for (const GroupSample &g : sample.groups) {
        served.append(g.group);
    }
    std::vector<std::pair<QString, QString>> observed;
    observed.reserve(sample.fallbacks.size());
    for (const FallbackEdgeSample &f : sample.fallbacks) {
        observed.emplace_back(f.from, f.to);
    }
    ChainCache &cache = *m_cache;
    const bool sameChain = (input.chain == nullptr && !cache.chain) ||
                           (input.chain != nullptr && cache.chain && *input.chain == *cache.chain);
    if (!cache.valid || !sameChain || cache.served != served || cache.observed != observed) {
        cache.valid = true;
        cache.chain = input.chain ? std::optional<FallbackChain>(*input.chain) : std::nullopt;
        cache.served = served;
        cache.observed = std::move(observed);
        cache.links = collectLinks(input, served);
        cache.worstAttempts.clear();
    }
    const Links &links = cache.links;

    // Findings by group, and by edge (consecutive groups of a finding).
    QHash<QString, std::vector<const ChainFinding *>> groupFindings;
    QHash<std::pair<QString, QString>, std::vector<const ChainFinding *>> edgeFindings;
    for (const ChainFinding &f : input.findings) {
        for (const QString &g : f.groups) {
            std::vector<const ChainFinding *> &list = groupFindings[g];
            if (list.empty() || list.back() != &f) {
                list.push_back(&f);
            }
        }
        if (f.kind == ChainFinding::Kind::SelfFallback && !f.groups.isEmpty()) {
            edgeFindings[{f.groups.front(), f.groups.front()}].push_back(&f);
        }
        for (qsizetype i = 0; i + 1 < f.groups.size(); ++i) {
            if (f.groups[i] != f.groups[i + 1]) {
                std::vector<const ChainFinding *> &list =
                    edgeFindings[{f.groups[i], f.groups[i + 1]}];
                if (list.empty() || list.back() != &f) {
                    list.push_back(&f);
                }
            }
        }
    }
    QHash<QString, const GroupPrediction *> predicted;
    QHash<std::pair<QString, QString>, double> predictedEdges;
    if (input.prediction != nullptr) {
        for (const GroupPrediction &p : input.prediction->groups) {
            predicted.insert(p.group, &p);
        }
        for (const PredictedEdge &e : input.prediction->edges) {
            if (e.requestsPerSecond > 0) {
                predictedEdges.insert({e.from, e.to}, e.requestsPerSecond);
            }
        }
    }

    // Every group the proxy serves, and every name an edge has (an unknown target is drawn).
    std::map<QString, std::unique_ptr<Node>> fresh;
    const auto node = [&fresh](const QString &name) -> Node & {
        std::unique_ptr<Node> &n = fresh[name];
        if (!n) {
            n = std::make_unique<Node>();
            n->name = name;
            n->shape.name = name;
            n->shape.known = false;
            at(n->values, RowKindRole) = int(RowKind::Group);
            at(n->values, NameRole) = name;
            at(n->values, KnownRole) = false;
            at(n->values, DeploymentCountRole) = 0;
            at(n->values, CoolingCountRole) = 0;
            at(n->values, PredictedRole) = false;
            setHeadroom(n->values, Headroom{}, RpmFractionRole, RpmLevelRole, RpmTextRole);
            setHeadroom(n->values, Headroom{}, TpmFractionRole, TpmLevelRole, TpmTextRole);
            at(n->values, LevelRole) = int(HeadroomLevel::Unknown);
            at(n->values, FindingsRole) = QStringList();
        }
        return *n;
    };

    QHash<QString, QStringList> cooling;
    for (const auto &[group, id] : store.deploymentsInCooldown()) {
        cooling[group].append(id);
    }
    const std::vector<EntityHeadroom> headrooms = groupHeadrooms(store, input.options);
    for (std::size_t i = 0; i < sample.groups.size(); ++i) {
        const GroupSample &g = sample.groups[i];
        Node &n = node(g.group);
        Values &v = n.values;
        n.shape.known = true;
        at(v, KnownRole) = true;
        if (i < headrooms.size()) {
            const EntityHeadroom &h = headrooms[i];
            setHeadroom(v, h.rpm, RpmFractionRole, RpmLevelRole, RpmTextRole);
            setHeadroom(v, h.tpm, TpmFractionRole, TpmLevelRole, TpmTextRole);
            at(v, LevelRole) =
                int(worseLevel(headroomLevel(h.rpm.fraction), headroomLevel(h.tpm.fraction)));
        }
        at(v, DeploymentCountRole) = int(g.deploymentIds.size());
        std::optional<double> refused;
        for (const QString &id : g.deploymentIds) {
            if (const auto r = store.latest(SeriesKey::deployment(id, Metric::RateLimitedPerSec))) {
                refused = refused.value_or(0) + *r;
            }
        }
        at(v, Deployment429Role) = optional(refused);
        at(v, Client429Role) =
            optional(store.latest(SeriesKey::group(g.group, Metric::RateLimitedPerSec)));
        const QStringList cool = cooling.value(g.group);
        at(v, CoolingCountRole) = int(cool.size());
        qint64 until = 0;
        for (const QString &id : cool) {
            if (const auto estimate = store.cooldownEstimate(id)) {
                until = std::max(until, estimate->endsByMs);
            }
        }
        at(v, CoolingUntilRole) = until > 0 ? QVariant(until) : QVariant();
    }
    for (const GraphShape::Link &l : links.links) {
        node(l.from);
        node(l.to);
    }

    for (auto &[name, n] : fresh) {
        Values &v = n->values;
        for (const QuotaPool &pool : input.pools) {
            if (pool.groups.contains(name)) {
                n->shape.pool = pool.id;
                at(v, PoolRole) = pool.id;
                at(v, PoolReasonRole) = pool.reason;
                break;
            }
        }
        if (input.chain != nullptr) {
            auto it = cache.worstAttempts.find(name);
            if (it == cache.worstAttempts.end()) {
                it =
                    cache.worstAttempts.insert(name, worstCaseAttempts(*input.chain, served, name));
            }
            at(v, WorstAttemptsRole) = *it;
        }
        if (const GroupPrediction *p = predicted.value(name)) {
            at(v, PredictedAttemptsRole) = p->attemptsPerRequest;
            if (p->saturatesInSeconds) {
                at(v, PredictedRole) = true;
                at(v, PredictedInRole) = *p->saturatesInSeconds;
                at(v, FedByRole) = p->fedBy;
            }
        }
        setFindings(v, groupFindings.value(name));
    }

    // The edges, under their source group. Traffic of one (from, to) pair counts once: LiteLLM's
    // fallback metrics do not say which kind of fallback it was, so the first edge takes it.
    QSet<std::pair<QString, QString>> counted;
    for (std::size_t i = 0; i < links.links.size(); ++i) {
        const GraphShape::Link &l = links.links[i];
        EdgeRow row;
        row.link = l;
        row.key = edgeKey(l);
        Values &v = row.values;
        at(v, RowKindRole) = int(RowKind::Edge);
        at(v, NameRole) = l.to;
        at(v, FromRole) = l.from;
        at(v, KindRole) = int(l.kind);
        at(v, OrderRole) = l.order;
        at(v, OriginRole) = int(l.origin);
        at(v, ViaWildcardRole) = bool(links.viaWildcard[i]);
        at(v, PredictedRole) = false;
        std::optional<double> ok;
        std::optional<double> failed;
        bool reported = false;
        if (!counted.contains({l.from, l.to})) {
            counted.insert({l.from, l.to});
            if (const auto e = store.find(Scope::Edge, l.from, l.to)) {
                reported = true;
                ok = store.latest(e, Metric::FallbacksPerSec);
                failed = store.latest(e, Metric::FailedFallbacksPerSec);
            }
        }
        if (!reported && sample.metricsAvailable) {
            ok = 0; // with metrics, an edge the proxy does not report has carried nothing
        }
        std::optional<double> total;
        if (ok || failed) {
            total = ok.value_or(0) + failed.value_or(0);
        }
        at(v, TrafficRole) = optional(total);
        at(v, FailedShareRole) =
            total && *total > 0 ? QVariant(failed.value_or(0) / *total) : QVariant();
        if (const auto it = predictedEdges.constFind({l.from, l.to}); it != predictedEdges.cend()) {
            at(v, PredictedRole) = true;
            at(v, PredictedTrafficRole) = *it;
            const GroupPrediction *g = predicted.value(l.from);
            at(v, PredictedInRole) =
                g && g->saturatesInSeconds ? QVariant(*g->saturatesInSeconds) : QVariant();
        }
        setFindings(v, edgeFindings.value({l.from, l.to}));
        fresh[l.from]->edges.push_back(std::move(row));
    }

    // Merge: both sides are sorted by name.
    std::vector<std::unique_ptr<Node>> incoming;
    incoming.reserve(fresh.size());
    for (auto &[name, n] : fresh) {
        incoming.push_back(std::move(n));
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < m_nodes.size() || j < incoming.size()) {
        if (j == incoming.size() || (i < m_nodes.size() && m_nodes[i]->name < incoming[j]->name)) {
            beginRemoveRows({}, int(i), int(i));
            m_nodes.erase(m_nodes.begin() + std::ptrdiff_t(i));
            renumber();
            endRemoveRows();
        } else if (i == m_nodes.size() || incoming[j]->name < m_nodes[i]->name) {
            beginInsertRows({}, int(i), int(i));
            m_nodes.insert(m_nodes.begin() + std::ptrdiff_t(i), std::move(incoming[j]));
            renumber();
            endInsertRows();
            ++i;
            ++j;
        } else {
            Node &old = *m_nodes[i];
            mergeEdges(int(i), old, *incoming[j]);
            old.shape = incoming[j]->shape;
            QList<int> roles;
            for (int r = 0; r < kRoleCount; ++r) {
                if (old.values[std::size_t(r)] != incoming[j]->values[std::size_t(r)]) {
                    old.values[std::size_t(r)] = std::move(incoming[j]->values[std::size_t(r)]);
                    roles.append(RowKindRole + r);
                }
            }
            if (!roles.isEmpty()) {
                roles.append(Qt::ToolTipRole);
                const QModelIndex index = createIndex(int(i), 0, nullptr);
                emit dataChanged(index, index, roles);
            }
            ++i;
            ++j;
        }
    }

    GraphShape shape;
    for (const auto &n : m_nodes) {
        shape.nodes.push_back(n->shape);
        for (const EdgeRow &e : n->edges) {
            shape.links.push_back(e.link);
        }
    }
    if (shape != m_shape) {
        m_shape = std::move(shape);
        emit shapeChanged();
    }
}

void FallbackGraphModel::mergeEdges(int row, Node &node, Node &fresh)
{
    const QModelIndex parent = createIndex(row, 0, nullptr);
    const bool sameShape =
        std::equal(node.edges.begin(), node.edges.end(), fresh.edges.begin(), fresh.edges.end(),
                   [](const EdgeRow &a, const EdgeRow &b) { return a.key == b.key; });
    if (!sameShape) {
        if (!node.edges.empty()) {
            beginRemoveRows(parent, 0, int(node.edges.size()) - 1);
            node.edges.clear();
            endRemoveRows();
        }
        if (!fresh.edges.empty()) {
            beginInsertRows(parent, 0, int(fresh.edges.size()) - 1);
            node.edges = std::move(fresh.edges);
            endInsertRows();
        }
        return;
    }
    for (std::size_t e = 0; e < node.edges.size(); ++e) {
        QList<int> roles;
        Values &old = node.edges[e].values;
        Values &now = fresh.edges[e].values;
        for (int r = 0; r < kRoleCount; ++r) {
            if (old[std::size_t(r)] != now[std::size_t(r)]) {
                old[std::size_t(r)] = std::move(now[std::size_t(r)]);
                roles.append(RowKindRole + r);
            }
        }
        if (!roles.isEmpty()) {
            roles.append(Qt::ToolTipRole);
            const QModelIndex index = createIndex(int(e), 0, &node);
            emit dataChanged(index, index, roles);
        }
    }
}

} // namespace headroom
