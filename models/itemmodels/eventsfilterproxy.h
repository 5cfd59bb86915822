#pragma once
// Filters the events timeline by event kind and by model group (an event matches a group when it
// is about the group or about a fallback edge from or to it). Sorting stays the source's order.

#include "store/eventlog.h"

#include <QList>
#include <QSortFilterProxyModel>

namespace headroom {

class EventsFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit EventsFilterProxy(QObject *parent = nullptr);

    // Only these kinds; an empty list shows every kind.
    void setKinds(const QList<EventKind> &kinds);
    QList<EventKind> kinds() const;
    // Only events related to this group; an empty string shows every group (and proxy events).
    void setGroup(const QString &group);
    QString group() const { return m_group; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    quint32 m_kindMask = 0; // bit per EventKind; 0 = all (fewer than 32 kinds)
    QString m_group;
};

} // namespace headroom
