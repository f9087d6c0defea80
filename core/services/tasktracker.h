#pragma once

// Follows one VCD Task (docs/VCD-API.md §3.8) to its end by polling its href with back-off: first poll at
// once (or after firstDelayMs when started from a Task already read, e.g. the 202 body of an action),
// then firstDelayMs · factor^(n−1), capped at maxDelayMs — about 0.5 s rising to 5 s by default
// (pyvcloud polls every 5 s; a short first step makes quick tasks feel quick). The schedule is a plain
// value so tests run it in milliseconds (KeePassXC's habit: time injectable).
//
// Signals: progressed(percent, task) whenever status or Progress changed; finished(task) once the task
// is terminal (success, error with its Error, aborted, canceled); timedOut(lastKnown) when the
// tracker's own timeout passes first (the server task is NOT canceled — say so to the user);
// failed(error) when the task cannot be followed (403, the session logged out, too many consecutive
// failures). After any of the last three nothing more is emitted.
//
// Expiry: a poll that meets an expired session is held by the Session and replayed after its silent
// re-login (or after the user gave the password again), so polling simply continues. Should a poll
// still end with an authentication error, the tracker waits for Session::loggedIn and polls again.
//
// cancel(): POST to the task's own `task:cancel` link (only present while the task can be canceled,
// §3.2), which answers 204 (§5); the tracker then polls at once and ends with finished() carrying the
// canceled (or already finished) task.

#include "core/api/apitypes.h"
#include "core/net/apierror.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace vcd {

class ApiCall;
class Session;

class TaskTracker : public QObject
{
    Q_OBJECT
public:
    struct Schedule
    {
        int firstDelayMs = 500;
        double factor = 1.6;
        int maxDelayMs = 5000;

        // Delay before poll number `poll` (2, 3, …) after the previous one.
        int delayBefore(int poll) const;
    };

    explicit TaskTracker(Session *session, QObject *parent = nullptr);
    ~TaskTracker() override;

    void setSchedule(const Schedule &schedule) { m_schedule = schedule; }
    Schedule schedule() const { return m_schedule; }
    // Gives up with timedOut() after this long (from track()); 0 = never (the default: a task may
    // legitimately run for hours — the UI decides).
    void setTimeoutMs(int ms) { m_timeoutMs = std::max(0, ms); }
    int timeoutMs() const { return m_timeoutMs; }
    // Consecutive failed polls (network, 5xx) tolerated before failed(); the Session already retries
    // each GET, so this is a second line.
    void setMaxConsecutiveFailures(int n) { m_maxFailures = std::max(1, n); }

    // Starts following. Calling it again restarts with the new task.
    void track(const QUrl &taskHref);
    void track(const Task &task); // a Task already read (an action's 202 body)

    // Asks the server to cancel the task. False (and cancelFailed) when the task offers no
    // task:cancel link; when the task was not read yet, the cancel is sent after the first poll.
    bool cancel();
    // Stops following without touching the server task; no signal afterwards.
    void stop();

    bool isActive() const { return m_active; }
    const Task &task() const { return m_task; } // the last state read
    QUrl href() const { return m_href; }
    int polls() const { return m_polls; }

Q_SIGNALS:
    void progressed(int percent, const vcd::Task &task);
    void finished(const vcd::Task &task);
    void timedOut(const vcd::Task &lastKnown);
    void failed(const vcd::ApiError &error);
    void cancelAccepted();                         // the server answered 204 to task:cancel
    void cancelFailed(const vcd::ApiError &error); // the task keeps running

private:
    void begin();
    void poll();
    void onPoll(ApiCall *call);
    void accept(const Task &task);
    void scheduleNext(int delayMs);
    void sendCancel();
    void end();
    void abortCalls();

    QPointer<Session> m_session;
    Schedule m_schedule;
    int m_timeoutMs = 0;
    int m_maxFailures = 3;

    QUrl m_href;
    Task m_task;
    bool m_haveTask = false;
    bool m_active = false;
    bool m_cancelPending = false;
    bool m_waitingForLogin = false;
    int m_polls = 0;
    int m_failures = 0;
    int m_lastPercent = -1;
    TaskStatus m_lastStatus = TaskStatus::Unknown;
    QTimer m_pollTimer;
    QTimer m_timeoutTimer;
    QPointer<ApiCall> m_pollCall;
    QPointer<ApiCall> m_cancelCall;
    QMetaObject::Connection m_loginConnection;
};

} // namespace vcd
