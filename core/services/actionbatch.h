#pragma once

// One action on several entities at once (issue #10 item 4): every item runs through its entity's own
// link (ActionService), IN PARALLEL across groups and IN ORDER within a group — the window groups by
// vApp, because VCD runs one operation per vApp at a time (BUSY_ENTITY, docs/VCD-API.md §5): the VMs of
// one vApp go one after the other, the next starting when the previous one's task ended. A single
// item is a batch of one.
//
// Each item is a row of the TaskModel from the moment it is queued: "queued", "waiting: entity busy",
// the task's progress, its end (with VCD's error). When a task ends, the InventoryModel re-reads the
// entity so its row changes in place (InventoryModel::taskFinished). Every row can be canceled while
// that is possible (queued, waiting, or a running task that offers task:cancel).
//
// finished() comes once, after the last item ended; summary() is the one sentence for the user.
// Made by ActionRunner (its parent); deletes itself after finished() unless told otherwise.

#include "core/net/session.h"
#include "core/services/actionjob.h"
#include "core/services/actiontypes.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>

namespace vcd {

class ActionRunner;
class Session;
class TaskTracker;

class ActionBatch : public QObject
{
    Q_OBJECT
public:
    struct Item
    {
        QPointer<Session> session;
        QString connection; // label for the task pane
        ActionTarget target;
        QString group; // items with the same session and group run one after the other (vApp href)
        ActionParams params;
    };

    struct Outcome
    {
        enum class Result { Pending, Succeeded, Failed, Canceled };
        Result result = Result::Pending;
        QString message; // why it failed, in the server's words where it gave some
        Task task;
    };

    ~ActionBatch() override;

    Action action() const { return m_action; }
    int count() const { return int(m_items.size()); }
    const Item &item(int i) const { return m_items.at(i).item; }
    const Outcome &outcome(int i) const { return m_items.at(i).outcome; }
    int taskRowId(int i) const { return m_items.at(i).rowId; } // the item's TaskModel row
    int succeededCount() const;
    int failedCount() const; // failed or canceled
    bool isDone() const { return m_remaining == 0; }
    // For AcquireMksTicket: the ticket of the first item that got one.
    std::optional<MksTicket> ticket() const { return m_ticket; }
    // InstantiateVAppTemplate: the new vApp as the server answered.
    std::optional<VApp> createdVApp() const { return m_created; }

    // "Power off: done for web-01." / "Power off: 3 succeeded, 1 failed — web-02: <reason>."
    QString summary() const;

    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    // Cancels what can still be canceled (queued items, busy waits, cancellable tasks).
    void cancelAll();

Q_SIGNALS:
    void itemStarted(int index, vcd::ActionJob *job);
    void itemFinished(int index);
    void ticketReady(const vcd::MksTicket &ticket);
    void finished();

private:
    friend class ActionRunner;
    struct Slot
    {
        Item item;
        Outcome outcome;
        int rowId = 0;
        bool started = false;
        QPointer<ActionJob> job;
        QPointer<TaskTracker> tracker;
    };

    ActionBatch(ActionRunner *runner, Action action, const QList<Item> &items);
    void start();
    void startNext(const QString &groupKey);
    void run(int index);
    void onAccepted(int index, const Task &task);
    void end(int index, Outcome::Result result, const QString &message = QString());
    bool cancelItem(int index);
    QString groupKey(int index) const;

    QPointer<ActionRunner> m_runner;
    Action m_action;
    std::vector<Slot> m_items;
    int m_remaining = 0;
    bool m_autoDelete = true;
    std::optional<MksTicket> m_ticket;
    std::optional<VApp> m_created;
};

} // namespace vcd
