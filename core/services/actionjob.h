#pragma once

// One action on one entity (docs/VCD-API.md §5), made by ActionService. It runs through the entity's own
// link (§3.2) and ends with exactly one of
//   accepted(task)      the server took the action: 202 + Task (or 201 + the new VApp with its Tasks,
//                       or a Location header); track the task with a TaskTracker. A 204 gives a Task
//                       with an empty href: done, nothing to follow.
//   ticketReady(ticket) screen:acquireMksTicket answered (synchronous, no task)
//   failed(error)       refused, not available in this state (linkMissing()), or canceled
// followed by finished().
//
// BUSY_ENTITY (400 with that minor code — VCD did NOT run the action because another operation holds
// the entity): the job reads the entity, finds its running task in <Tasks> (or its parent's, for a VM
// held by its vApp), emits waitingForBusyEntity(task), follows that task with a TaskTracker and sends
// the very same request again once it ended — at most maxBusyRetries times. cancel() ends the wait.
// No other failure is ever replayed: a mutating call may have been executed.

#include "core/api/apitypes.h"
#include "core/net/apierror.h"
#include "core/net/requestbuilder.h"
#include "core/services/actiontypes.h"
#include "core/services/tasktracker.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace vcd {

class ApiCall;
class Session;

class ActionJob : public QObject
{
    Q_OBJECT
public:
    enum class State { Running, WaitingForBusyEntity, Accepted, Failed, Canceled };
    Q_ENUM(State)

    ~ActionJob() override;

    Action action() const { return m_action; }
    const ActionTarget &target() const { return m_target; }
    State state() const { return m_state; }
    bool isDone() const
    {
        return m_state == State::Accepted || m_state == State::Failed || m_state == State::Canceled;
    }

    const Task &task() const { return m_task; }                       // once accepted
    const std::optional<VApp> &createdVApp() const { return m_vapp; } // instantiate: the new vApp as answered
    const std::optional<MksTicket> &mksTicket() const { return m_ticket; }
    ApiError error() const { return m_error; }
    bool linkMissing() const { return m_linkMissing; } // failed because the entity offers no such link
    int busyWaits() const { return m_busyWaits; }
    int requestsSent() const { return m_requestsSent; } // the action's own request, retries included
    // X-VMWARE-VCLOUD-CLIENT-REQUEST-ID of each of the action's own requests that got an answer or
    // failed, in order: what a server log (or the simulator's journal) knows them by.
    const QStringList &requestIds() const { return m_requestIds; }

    // Ends a BUSY_ENTITY wait (or a job whose request is not on the wire yet) with failed(Canceled).
    // Returns false once the action's request is in flight or the job is done: a request that reached
    // the server cannot be recalled.
    bool cancel();

Q_SIGNALS:
    void waitingForBusyEntity(const vcd::Task &blockingTask); // blockingTask.href may be empty (unknown)
    void retrying(int attempt); // sent again after a BUSY_ENTITY wait (attempt 2, 3, …)
    void accepted(const vcd::Task &task);
    void ticketReady(const vcd::MksTicket &ticket);
    void failed(const vcd::ApiError &error);
    void finished();

private:
    friend class ActionService;
    ActionJob(Session *session, Action action, ActionTarget target, ActionParams params, QObject *parent);
    void start();

    void prepareEdit();
    void send();
    void onAnswer(ApiCall *call);
    void onBusy();
    void onEntityForBusy(ApiCall *call, bool parent);
    void waitFor(const Task &task);
    void retryAfterBusy();
    void succeed(const Task &task);
    void fail(const ApiError &error, bool linkMissing = false);
    void failLater(const ApiError &error, bool linkMissing);
    void abortCall();

    QPointer<Session> m_session;
    Action m_action;
    ActionTarget m_target;
    ActionParams m_params;
    TaskTracker::Schedule m_busySchedule;
    int m_maxBusyRetries = 5;

    RequestSpec m_spec; // the action's request, kept for the BUSY_ENTITY retry
    State m_state = State::Running;
    bool m_onWire = false;
    Task m_task;
    std::optional<VApp> m_vapp;
    std::optional<MksTicket> m_ticket;
    ApiError m_error;
    bool m_linkMissing = false;
    int m_busyWaits = 0;
    int m_requestsSent = 0;
    QStringList m_requestIds;
    QPointer<ApiCall> m_call;
    TaskTracker *m_tracker = nullptr;
};

} // namespace vcd
