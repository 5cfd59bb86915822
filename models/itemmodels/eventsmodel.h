#pragma once
// The events timeline: the store's event log as a table, newest first, appended incrementally
// from the sequence numbers (new rows at the top, evicted ones removed at the bottom).

#include "store/eventlog.h"

#include <deque>
#include <QAbstractTableModel>
#include <QTimeZone>

namespace headroom {

class MetricsStore;

// Newest first because the timeline is read from "what just happened" down; a view keeps its
// scroll position at the top and sees new rows arrive there.
class EventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Time,     // "14:03:05" in timeZone(); the tooltip has the full date
        Severity, // "info", "warning", "critical": text, never colour alone
        Kind,     // "cooldown started", "429 burst", …
        Subject,  // the group, "group: deployment", or an edge "from → to"
        Message,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        TimeMsRole = Qt::UserRole + 1, // qint64 ms since the epoch (also the Time column's sort)
        KindRole,                      // int(EventKind)
        GroupRole,                     // QString: the event's group (empty for proxy events)
        SeverityRole,                  // int(headroom::Severity)
        RelatedGroupsRole,             // QStringList: group, edge source and target (filtering)
        DeploymentRole,                // QString
        SeqRole,                       // quint64: the log's sequence number
        SortRole,                      // time, severity, kind as numbers; text columns as text
    };
    Q_ENUM(Role)

    explicit EventsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Time zone of the Time column (default: the system's); tests pin UTC.
    void setTimeZone(const QTimeZone &zone);

    // Drops rows the log has evicted (at the bottom), then adds the events after the last one
    // shown (at the top). A log whose sequence went backwards (another store) resets the model.
    void update(const EventLog &log);
    void update(const MetricsStore &store);
    void clear();

    quint64 lastSeq() const { return m_lastSeq; }
    const Event &eventAt(int row) const; // row 0 = newest

private:
    QVariant display(const Event &e, int column) const;

    std::deque<Event> m_events; // oldest first; row r shows m_events[size − 1 − r]
    quint64 m_lastSeq = 0;
    QTimeZone m_zone;
};

// Human text for an event kind ("cooldown started") and a severity ("warning").
QString eventKindText(EventKind kind);
QString severityText(Severity severity);

} // namespace headroom
