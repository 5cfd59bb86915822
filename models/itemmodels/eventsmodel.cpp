#include "itemmodels/eventsmodel.h"

#include "store/metricsstore.h"

#include <QCoreApplication>
#include <QDateTime>

namespace headroom {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("EventsModel", text);
}

QString subject(const Event &e)
{
    if (!e.edgeFrom.isEmpty() || !e.edgeTo.isEmpty()) {
        return tr("%1 → %2").arg(e.edgeFrom, e.edgeTo);
    }
    if (!e.deployment.isEmpty()) {
        return e.group.isEmpty() ? e.deployment : tr("%1: %2").arg(e.group, e.deployment);
    }
    return e.group;
}

} // namespace

QString eventKindText(EventKind kind)
{
    switch (kind) {
    case EventKind::CooldownStarted:
        return tr("cooldown started");
    case EventKind::CooldownEnded:
        return tr("cooldown ended");
    case EventKind::RateLimitBurst:
        return tr("429 burst");
    case EventKind::RateLimitBurstEnded:
        return tr("429 burst ended");
    case EventKind::FallbackSpike:
        return tr("fallback spike");
    case EventKind::FallbackSpikeEnded:
        return tr("fallback spike ended");
    case EventKind::ProxyUnreachable:
        return tr("proxy unreachable");
    case EventKind::ProxyBack:
        return tr("proxy back");
    case EventKind::ConfigChanged:
        return tr("config changed");
    case EventKind::ConfigPushed:
        return tr("config pushed");
    case EventKind::CountersReset:
        return tr("counters reset");
    case EventKind::CascadePredicted:
        return tr("cascade predicted");
    case EventKind::CascadeCleared:
        return tr("cascade cleared");
    }
    return eventKindName(kind);
}

QString severityText(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return tr("info");
    case Severity::Warning:
        return tr("warning");
    case Severity::Critical:
        return tr("critical");
    }
    return severityName(severity);
}

EventsModel::EventsModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_zone(QTimeZone::systemTimeZone())
{}

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const Event &EventsModel::eventAt(int row) const
{
    return m_events[m_events.size() - 1 - std::size_t(row)];
}

QVariant EventsModel::display(const Event &e, int column) const
{
    switch (Column(column)) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.timeMs, m_zone)
            .toString(QStringLiteral("HH:mm:ss"));
    case Severity:
        return severityText(e.severity);
    case Kind:
        return eventKindText(e.kind);
    case Subject:
        return subject(e);
    case Message:
        return e.message;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Event &e = eventAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Time) {
            return QDateTime::fromMSecsSinceEpoch(e.timeMs, m_zone)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t"));
        }
        return index.column() == Message ? QVariant(e.message) : QVariant();
    case TimeMsRole:
        return e.timeMs;
    case KindRole:
        return int(e.kind);
    case GroupRole:
        return e.group;
    case SeverityRole:
        return int(e.severity);
    case RelatedGroupsRole: {
        QStringList groups;
        for (const QString &g : {e.group, e.edgeFrom, e.edgeTo}) {
            if (!g.isEmpty() && !groups.contains(g)) {
                groups.append(g);
            }
        }
        return groups;
    }
    case DeploymentRole:
        return e.deployment;
    case SeqRole:
        return e.seq;
    case SortRole:
        switch (Column(index.column())) {
        case Time:
            return e.timeMs;
        case Severity:
            return int(e.severity);
        case Kind:
            return int(e.kind);
        default:
            return display(e, index.column());
        }
    default:
        return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Severity:
        return tr("Severity");
    case Kind:
        return tr("Event");
    case Subject:
        return tr("Group / edge");
    case Message:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

QHash<int, QByteArray> EventsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TimeMsRole, "timeMs");
    names.insert(KindRole, "kind");
    names.insert(GroupRole, "group");
    names.insert(SeverityRole, "severity");
    names.insert(RelatedGroupsRole, "relatedGroups");
    names.insert(DeploymentRole, "deployment");
    names.insert(SeqRole, "seq");
    names.insert(SortRole, "sortValue");
    return names;
}

void EventsModel::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    if (!m_events.empty()) {
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time));
    }
}

void EventsModel::update(const EventLog &log)
{
    if (log.lastSeq() < m_lastSeq) {
        // Not the log these rows came from (a new store after switching proxy).
        beginResetModel();
        m_events.clear();
        m_lastSeq = 0;
        endResetModel();
    }
    // Evicted by the log: the oldest rows, at the bottom.
    const quint64 firstRetained = log.evicted() + 1;
    std::size_t drop = 0;
    while (drop < m_events.size() && m_events[drop].seq < firstRetained) {
        ++drop;
    }
    if (drop > 0) {
        const int n = rowCount();
        beginRemoveRows({}, n - int(drop), n - 1);
        m_events.erase(m_events.begin(), m_events.begin() + qsizetype(drop));
        endRemoveRows();
    }
    std::vector<Event> fresh = log.eventsAfter(m_lastSeq);
    if (fresh.empty()) {
        return;
    }
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    for (Event &e : fresh) {
        m_events.push_back(std::move(e));
    }
    m_lastSeq = m_events.back().seq;
    endInsertRows();
}

void EventsModel::update(const MetricsStore &store)
{
    update(store.events());
}

void EventsModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_lastSeq = 0;
    endResetModel();
}

} // namespace headroom
