#include "itemmodels/eventsfilterproxy.h"

#include "itemmodels/eventsmodel.h"

namespace headroom {

namespace {

constexpr int kKindCount = int(EventKind::CountersReset) + 1;
static_assert(kKindCount <= 32, "the kind mask is 32 bits");

} // namespace

EventsFilterProxy::EventsFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventsModel::SortRole);
}

void EventsFilterProxy::setKinds(const QList<EventKind> &kinds)
{
    quint32 mask = 0;
    for (const EventKind k : kinds) {
        mask |= quint32(1) << int(k);
    }
    if (mask == m_kindMask) {
        return;
    }
    m_kindMask = mask;
    invalidateFilter();
}

QList<EventKind> EventsFilterProxy::kinds() const
{
    QList<EventKind> out;
    for (int k = 0; k < kKindCount; ++k) {
        if ((m_kindMask & (quint32(1) << k)) != 0) {
            out.append(EventKind(k));
        }
    }
    return out;
}

void EventsFilterProxy::setGroup(const QString &group)
{
    if (group == m_group) {
        return;
    }
    m_group = group;
    invalidateFilter();
}

bool EventsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_kindMask != 0) {
        const int kind = index.data(EventsModel::KindRole).toInt();
        if (kind < 0 || kind >= kKindCount || (m_kindMask & (quint32(1) << kind)) == 0) {
            return false;
        }
    }
    if (!m_group.isEmpty() &&
        !index.data(EventsModel::RelatedGroupsRole).toStringList().contains(m_group)) {
        return false;
    }
    // The text filter (filterRegularExpression on filterKeyColumn) still applies on top.
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace headroom
