#include "itemmodels/fallbackgraphmodel.h"

#include "analysis/headroomlevel.h"
#include "itemmodels/boardformat.h"
#include "itemmodels/fallbackgraphrows.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QMetaEnum>

namespace headroom {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FallbackGraphModel", text);
}

using namespace graphrows;

QString timeText(const QVariant &msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch.toLongLong(), Qt::UTC)
        .toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

QString ordinalText(int order)
{
    if (order <= 0) {
        return tr("not in the chain");
    }
    const int tens = order % 100;
    const int ones = order % 10;
    QString suffix = QStringLiteral("th");
    if (tens < 11 || tens > 13) {
        if (ones == 1) {
            suffix = QStringLiteral("st");
        } else if (ones == 2) {
            suffix = QStringLiteral("nd");
        } else if (ones == 3) {
            suffix = QStringLiteral("rd");
        }
    }
    return QString::number(order) + suffix;
}

QString fallbackKindText(FallbackKind kind)
{
    switch (kind) {
    case FallbackKind::General:
        return tr("fallbacks");
    case FallbackKind::ContextWindow:
        return tr("context window");
    case FallbackKind::ContentPolicy:
        return tr("content policy");
    case FallbackKind::Default:
        return tr("default");
    }
    return {};
}

FallbackGraphModel::FallbackGraphModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_cache(std::make_unique<ChainCache>())
{}

FallbackGraphModel::~FallbackGraphModel() = default;

QModelIndex FallbackGraphModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0) {
        return {};
    }
    if (!parent.isValid()) {
        return row < int(m_nodes.size()) ? createIndex(row, 0, nullptr) : QModelIndex();
    }
    if (parent.internalPointer() != nullptr || parent.row() >= int(m_nodes.size())) {
        return {}; // edges have no children
    }
    Node *node = m_nodes[std::size_t(parent.row())].get();
    return row < int(node->edges.size()) ? createIndex(row, 0, node) : QModelIndex();
}

QModelIndex FallbackGraphModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalPointer() == nullptr) {
        return {};
    }
    const auto *node = static_cast<const Node *>(child.internalPointer());
    return createIndex(node->row, 0, nullptr);
}

int FallbackGraphModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid()) {
        return int(m_nodes.size());
    }
    if (parent.column() != 0 || parent.internalPointer() != nullptr) {
        return 0;
    }
    return int(m_nodes[std::size_t(parent.row())]->edges.size());
}

int FallbackGraphModel::columnCount(const QModelIndex &) const
{
    return 1;
}

const Values *FallbackGraphModel::valuesAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this) {
        return nullptr;
    }
    if (index.internalPointer() == nullptr) {
        return &m_nodes[std::size_t(index.row())]->values;
    }
    const auto *node = static_cast<const Node *>(index.internalPointer());
    return &node->edges[std::size_t(index.row())].values;
}

QVariant FallbackGraphModel::data(const QModelIndex &index, int role) const
{
    const Values *values = valuesAt(index);
    if (values == nullptr) {
        return {};
    }
    if (role >= RowKindRole && role <= LastRole) {
        return at(*values, Role(role));
    }
    if (role == Qt::DisplayRole) {
        return display(index);
    }
    if (role == Qt::ToolTipRole) {
        return toolTip(index);
    }
    return {};
}

QHash<int, QByteArray> FallbackGraphModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    const QMetaEnum roles = QMetaEnum::fromType<Role>();
    for (int i = 0; i < roles.keyCount(); ++i) {
        if (QByteArrayView(roles.key(i)) != "LastRole") {
            names.insert(roles.value(i), roles.key(i));
        }
    }
    return names;
}

QString FallbackGraphModel::display(const QModelIndex &index) const
{
    const Values &v = *valuesAt(index);
    if (index.internalPointer() == nullptr) {
        return at(v, NameRole).toString();
    }
    return QStringLiteral("→ ") + at(v, NameRole).toString();
}

QString FallbackGraphModel::toolTip(const QModelIndex &index) const
{
    const Values &v = *valuesAt(index);
    QStringList lines;
    if (index.internalPointer() == nullptr) {
        lines.append(at(v, NameRole).toString());
        if (!at(v, KnownRole).toBool()) {
            lines.append(tr("Not a group the proxy serves: only the chain names it"));
        }
        lines.append(tr("RPM headroom: %1 · TPM headroom: %2")
                         .arg(at(v, RpmTextRole).toString(), at(v, TpmTextRole).toString()));
        const QVariant worst = at(v, WorstAttemptsRole);
        lines.append(worst.isValid()
                         ? tr("Retry amplification: one client request may cost up to %1 "
                              "upstream attempts on this chain ((1 + num_retries) per group "
                              "the fallbacks reach)")
                               .arg(worst.toInt())
                         : tr("Retry amplification: unknown until the chain is read"));
        if (at(v, PredictedRole).toBool()) {
            QString line = tr("Predicted to saturate %1")
                               .arg(formatTimeToExhaustion(at(v, PredictedInRole).toDouble()));
            if (const QString fed = at(v, FedByRole).toString(); !fed.isEmpty()) {
                line += tr(", fed by %1's overflow").arg(fed);
            }
            lines.append(line);
        } else {
            lines.append(tr("Prediction: not predicted to saturate"));
        }
        if (const QVariant attempts = at(v, PredictedAttemptsRole); attempts.isValid()) {
            lines.append(tr("Predicted upstream attempts per client request: %1")
                             .arg(attempts.toDouble(), 0, 'f', 1));
        }
        if (const QString pool = at(v, PoolReasonRole).toString(); !pool.isEmpty()) {
            lines.append(tr("Shares one quota with its pool: %1").arg(pool));
        }
    } else {
        lines.append(tr("%1 → %2: %3, %4")
                         .arg(at(v, FromRole).toString(), at(v, NameRole).toString(),
                              fallbackKindText(FallbackKind(at(v, KindRole).toInt())),
                              ordinalText(at(v, OrderRole).toInt())));
        switch (EdgeOrigin(at(v, OriginRole).toInt())) {
        case EdgeOrigin::Configured:
            break;
        case EdgeOrigin::Unconfigured:
            lines.append(tr("Not in the configured chain: traffic the proxy's metrics show"));
            break;
        case EdgeOrigin::Observed:
            lines.append(tr("Seen in the proxy's fallback metrics (the chain is not read yet)"));
            break;
        }
    }
    for (const QString &finding : at(v, FindingsRole).toStringList()) {
        lines.append(tr("Finding: %1").arg(finding));
    }
    return lines.join(u'\n');
}

QModelIndex FallbackGraphModel::groupIndex(const QString &group) const
{
    const auto it =
        std::lower_bound(m_nodes.begin(), m_nodes.end(), group,
                         [](const auto &node, const QString &name) { return node->name < name; });
    if (it == m_nodes.end() || (*it)->name != group) {
        return {};
    }
    return createIndex(int(it - m_nodes.begin()), 0, nullptr);
}

QModelIndex FallbackGraphModel::edgeIndex(const QString &from, const QString &to,
                                          FallbackKind kind) const
{
    const QModelIndex parent = groupIndex(from);
    if (!parent.isValid()) {
        return {};
    }
    const Node &node = *m_nodes[std::size_t(parent.row())];
    for (std::size_t i = 0; i < node.edges.size(); ++i) {
        if (node.edges[i].link.to == to && node.edges[i].link.kind == kind) {
            return createIndex(int(i), 0, const_cast<Node *>(&node));
        }
    }
    return {};
}

QStringList FallbackGraphModel::dump() const
{
    QStringList lines;
    const auto rate = [](const QVariant &v) {
        return v.isValid() ? formatPerSecond(v.toDouble()) : unknownText();
    };
    for (const auto &node : m_nodes) {
        const Values &v = node->values;
        QStringList cells{node->name};
        if (!at(v, KnownRole).toBool()) {
            cells.append(QStringLiteral("not served"));
        }
        cells.append(QStringLiteral("RPM ") + at(v, RpmTextRole).toString());
        cells.append(QStringLiteral("TPM ") + at(v, TpmTextRole).toString());
        cells.append(QStringLiteral("429 deployments %1 clients %2")
                         .arg(rate(at(v, Deployment429Role)), rate(at(v, Client429Role))));
        if (const int cooling = at(v, CoolingCountRole).toInt(); cooling > 0) {
            cells.append(QStringLiteral("cooling %1 of %2 until %3")
                             .arg(cooling)
                             .arg(at(v, DeploymentCountRole).toInt())
                             .arg(timeText(at(v, CoolingUntilRole))));
        }
        if (const QString pool = at(v, PoolRole).toString(); !pool.isEmpty()) {
            cells.append(QStringLiteral("pool ") + pool);
        }
        if (at(v, PredictedRole).toBool()) {
            QString p = QStringLiteral("predicted in %1 s").arg(at(v, PredictedInRole).toDouble());
            if (const QString fed = at(v, FedByRole).toString(); !fed.isEmpty()) {
                p += QStringLiteral(" fed by ") + fed;
            }
            cells.append(p);
        }
        if (const QStringList f = at(v, FindingsRole).toStringList(); !f.isEmpty()) {
            cells.append(QStringLiteral("findings: ") + f.join(QStringLiteral("; ")));
        }
        lines.append(cells.join(QStringLiteral(" | ")));
        for (const EdgeRow &edge : node->edges) {
            const Values &e = edge.values;
            QStringList ec{QStringLiteral("  → ") + edge.link.to,
                           fallbackKindText(edge.link.kind) + u' ' + ordinalText(edge.link.order)};
            QString traffic = rate(at(e, TrafficRole));
            if (const double failed = at(e, FailedShareRole).toDouble(); failed > 0) {
                traffic += QStringLiteral(", %1% failed").arg(qRound(failed * 100));
            }
            ec.append(traffic);
            switch (edge.link.origin) {
            case EdgeOrigin::Configured:
                ec.append(QStringLiteral("configured"));
                break;
            case EdgeOrigin::Unconfigured:
                ec.append(QStringLiteral("NOT CONFIGURED"));
                break;
            case EdgeOrigin::Observed:
                ec.append(QStringLiteral("observed"));
                break;
            }
            if (at(e, PredictedRole).toBool()) {
                ec.append(QStringLiteral("predicted %1 in %2 s")
                              .arg(rate(at(e, PredictedTrafficRole)))
                              .arg(at(e, PredictedInRole).toDouble()));
            }
            if (const QStringList f = at(e, FindingsRole).toStringList(); !f.isEmpty()) {
                ec.append(QStringLiteral("findings: ") + f.join(QStringLiteral("; ")));
            }
            lines.append(ec.join(QStringLiteral(" | ")));
        }
    }
    return lines;
}

void FallbackGraphModel::clear()
{
    beginResetModel();
    m_nodes.clear();
    m_shape = {};
    *m_cache = {};
    endResetModel();
    emit shapeChanged();
}

void FallbackGraphModel::renumber()
{
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        m_nodes[i]->row = int(i);
    }
}

} // namespace headroom
