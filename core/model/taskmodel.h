#pragma once

// Running and recent tasks of every connection, as a table for the task pane (docs/ARCHITECTURE.md,
// "the walk of an action"). One row per action the user started — from the moment it is queued
// behind another action of the same vApp, through "waiting: entity busy" (the server answered
// BUSY_ENTITY, docs/VCD-API.md §5) and the VCD task's progress, to its end with VCD's own error
// message — plus the tasks read from the server's history (addServerTask). Newest first; at most
// kMaxRows rows (the oldest finished rows go first).
//
// The model only holds what it is told: ActionBatch drives the rows of the actions it runs through
// the setters below, and gives each row a canceller (cancel() calls it). Elapsed time of active rows
// is refreshed once a second while anything runs.
//
//   TaskModel tasks;
//   const int id = tasks.add({.operation = tr("Power off"), .target = u"web-01"_s, …});
//   tasks.setTask(id, task);                 // progress, state, owner, times, error from the Task
//   view->setModel(&tasks);

#include "core/api/apitypes.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

namespace vcd {

class Session;

class TaskModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        OperationColumn,
        TargetColumn,
        ProgressColumn,
        StateColumn,
        OwnerColumn,
        ConnectionColumn,
        StartedColumn,
        ElapsedColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum class State {
        Queued,               // waits for an earlier action on the same vApp (ours)
        WaitingForBusyEntity, // the server said BUSY_ENTITY; waits for the task that holds the entity
        Sending,              // the request is on its way
        Running,              // VCD accepted it: a task runs
        Succeeded,
        Failed,
        Canceled,
        Unknown, // we could not follow the task to its end
    };
    Q_ENUM(State)

    enum Role {
        IdRole = Qt::UserRole + 1, // int: the row's id (stable while the row exists)
        StateRole,                 // int(State)
        ProgressRole,              // int 0..100, -1 when unknown
        ErrorRole,                 // QString: VCD's error message in full
        CanCancelRole,             // bool
        TargetHrefRole,            // QUrl
        TaskHrefRole,              // QUrl
        SessionRole,               // QObject* (vcd::Session)
        ActiveRole,                // bool: not finished
    };
    Q_ENUM(Role)

    static constexpr int kMaxRows = 500;

    struct Entry
    {
        QString operation{}; // "Power off", or the task's own operation text
        QString target{};    // the entity's name
        QUrl targetHref{};
        QString owner{};      // the user who started it
        QString connection{}; // the connection's label
        QPointer<Session> session{};
        State state = State::Sending;
        int progress = -1;
        QString detail{}; // "behind “Starting analytics”"…
        QString error{};
        Task task{};
        QDateTime started{};
        QDateTime ended{};
    };

    explicit TaskModel(QObject *parent = nullptr);
    ~TaskModel() override;

    // Adds a row at the top; its id. `started` defaults to now.
    int add(Entry entry);
    const Entry *entry(int id) const;
    QModelIndex indexOfId(int id, int column = 0) const;
    int idAt(int row) const;

    void setState(int id, State state, const QString &detail = QString());
    void setWaitingForBusyEntity(int id, const Task &blockingTask);
    // Takes progress, state, owner, times and error from a Task read from the server.
    void setTask(int id, const Task &task);
    void setFailed(int id, const QString &error);
    // What cancel() does for this row (the ActionBatch that drives it knows); false = nothing to cancel.
    void setCanceller(int id, std::function<bool()> canceller);
    bool canCancel(int id) const;
    bool cancel(int id);

    // A task of the server's history (no canceller; shown as it was read).
    int addServerTask(Session *session, const QString &connection, const Task &task);

    // Rows not finished yet.
    int activeCount() const { return m_active; }
    // Removes the finished rows.
    void clearFinished();

    static bool isActive(State state);
    static QString stateText(State state);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void activeCountChanged(int active);
    // A row became active (an action was queued or sent): the window shows the task pane.
    void taskStarted(int id);
    // A row ended (Succeeded, Failed, Canceled, Unknown).
    void taskEnded(int id);

private:
    struct Row
    {
        int id = 0;
        Entry entry;
        std::function<bool()> canceller;
    };
    int rowOfId(int id) const;
    Row *rowById(int id);
    void changed(int id, State before);
    void recountActive();
    void trim();
    void tick();

    std::deque<Row> m_rows; // newest first
    int m_nextId = 1;
    int m_active = 0;
    QTimer m_tick;
};

} // namespace vcd
