#pragma once

// The API console's table: every exchange of every open connection (ConnectionRegistry), oldest
// first, in one model. Each connection's Session keeps a small RequestLog of its own (500 entries);
// this model keeps its own copies so the console can go back N exchanges (default 10,000) across all
// connections. What arrives here is already redacted (RequestLog::append is the one place that
// redacts), so nothing in this model can show a secret.
//
// Staying fluid: a 30,000-VM tree loads hundreds of pages a second. Appended exchanges are queued and
// inserted in one beginInsertRows per flush (every kFlushIntervalMs), so a view re-lays out a few
// times a second, not once per exchange.
//
// Bounded memory: at most capacity() rows (the oldest go first); each body is capped at bodyCap()
// bytes, and when the bodies of all rows together pass bodyBudget() the oldest rows lose their
// bodies (bodiesDropped) but keep their line. Bodies are shared with the Session's log (implicit
// sharing), so a copy costs nothing while both hold it.
//
// Pause: rows stop being inserted; what arrives meanwhile waits (up to capacity) and is inserted on
// resume. Clear drops every row and what waits.
//
// The model has no colours (core has no QtGui): StatusClassRole and ColorLabelRole tell the view what
// to paint.

#include "core/net/exchange.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <deque>

namespace vcd {

class Connection;
class ConnectionRegistry;
class Session;

class ExchangeLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ConnectionColumn,
        MethodColumn,
        PathColumn,
        StatusColumn,
        DurationColumn,
        SizeColumn,
        AttemptColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        SequenceRole = Qt::UserRole + 1, // quint64: the console's own number of the row, never reused
        StatusRole,                      // int HTTP status, 0 = no answer
        StatusClassRole,                 // int 1…5 (1xx…5xx), 0 = no answer
        MethodRole,                      // QString
        ConnectionIdRole,                // QString: the profile id
        ColorLabelRole,                  // QString: the connection's colour label ("red", …)
        SearchTextRole,                  // QString: what the text filter matches
    };
    Q_ENUM(Role)

    struct Entry
    {
        quint64 sequence = 0;
        QString connectionId;
        Exchange exchange;
        bool bodiesDropped = false; // the memory budget took them
    };

    static constexpr int kDefaultCapacity = 10000;
    static constexpr qint64 kDefaultBodyCap = 256 * 1024;
    static constexpr qint64 kDefaultBodyBudget = 96 * 1024 * 1024;
    static constexpr int kFlushIntervalMs = 100;

    explicit ExchangeLogModel(ConnectionRegistry *registry, QObject *parent = nullptr);
    ~ExchangeLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Entry *entry(int row) const;
    int rowOfSequence(quint64 sequence) const; // -1 when gone
    // The Session of a row's connection while it is open (for reveal, copy with token, resend).
    Session *sessionOf(const QString &connectionId) const;
    Connection *connectionOf(const QString &connectionId) const;
    QString connectionLabel(const QString &connectionId) const; // also after it was closed
    QString colorLabel(const QString &connectionId) const;

    int capacity() const { return m_capacity; }
    void setCapacity(int rows); // at least 1; evicts at once
    qint64 bodyCap() const { return m_bodyCap; }
    void setBodyCap(qint64 bytes); // for later rows
    qint64 bodyBudget() const { return m_bodyBudget; }
    void setBodyBudget(qint64 bytes);
    qint64 bodyBytes() const { return m_bodyBytes; } // bodies held now

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    int pendingCount() const { return int(m_pending.size()); } // waiting for a flush or a resume

    void clear();
    // Inserts what is queued now (the timer does it by itself; tests and the bench call it).
    void flush();

    static int statusClass(int status) { return status >= 100 && status < 600 ? status / 100 : 0; }
    // "/api/org", "/api/query?type=vm&page=2" (decoded, without scheme and host).
    static QString pathOf(const Exchange &exchange);

Q_SIGNALS:
    void pausedChanged(bool paused);
    void pendingChanged(int count);
    // Rows were inserted at the end (one signal per flush; rowsInserted says which).
    void flushed();

private:
    struct Source
    {
        QPointer<Connection> connection;
        QPointer<Session> session;
        QString label;
        QString colorLabel;
    };

    void watch(Connection *connection);
    void unwatch(Connection *connection);
    void enqueue(const QString &connectionId, Session *session, quint64 logId);
    void capBodies(Entry &e);
    void enforceBudget();
    void evictBeyond(int capacity);
    qint64 bodySize(const Entry &e) const;

    QPointer<ConnectionRegistry> m_registry;
    QHash<QString, Source> m_sources; // by connection id, kept after close for the labels
    std::deque<Entry> m_rows;
    std::deque<Entry> m_pending;
    QTimer m_flushTimer;
    quint64 m_nextSequence = 1;
    int m_capacity = kDefaultCapacity;
    qint64 m_bodyCap = kDefaultBodyCap;
    qint64 m_bodyBudget = kDefaultBodyBudget;
    qint64 m_bodyBytes = 0;
    std::size_t m_firstWithBodies = 0; // rows before it have had their bodies dropped
    bool m_paused = false;
};

} // namespace vcd
