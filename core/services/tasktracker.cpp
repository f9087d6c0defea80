#include "core/services/tasktracker.h"

#include "core/api/status.h"
#include "core/api/xmlreaders.h"
#include "core/logging.h"
#include "core/net/apicall.h"
#include "core/net/session.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

bool isTerminal(TaskStatus s)
{
    return s == TaskStatus::Success || s == TaskStatus::Error || s == TaskStatus::Aborted ||
           s == TaskStatus::Canceled;
}

} // namespace

int TaskTracker::Schedule::delayBefore(int poll) const
{
    const int steps = std::max(0, poll - 2);
    const double d = double(std::max(0, firstDelayMs)) * std::pow(std::max(1.0, factor), steps);
    return int(std::min<double>(d, std::max(firstDelayMs, maxDelayMs)));
}

TaskTracker::TaskTracker(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_pollTimer.setSingleShot(true);
    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        if (m_active)
            poll();
    });
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        if (!m_active)
            return;
        qCInfo(lcServices) << "task" << m_href.path() << "still" << m_task.statusString << "after"
                           << m_timeoutMs << "ms: no longer followed";
        const Task last = m_task;
        end();
        Q_EMIT timedOut(last);
    });
}

TaskTracker::~TaskTracker()
{
    end();
    if (m_cancelCall) {
        // The cancel request is on the wire: let it complete (the server acts on it either way), then
        // let the call clean itself up.
        m_cancelCall->disconnect(this);
        connect(m_cancelCall.data(), &ApiCall::finished, m_cancelCall.data(), &QObject::deleteLater);
    }
}

void TaskTracker::begin()
{
    m_active = true;
    m_polls = 0;
    m_failures = 0;
    m_lastPercent = -1;
    m_lastStatus = TaskStatus::Unknown;
    m_cancelPending = false;
    if (m_timeoutMs > 0)
        m_timeoutTimer.start(m_timeoutMs);
}

void TaskTracker::track(const QUrl &taskHref)
{
    stop();
    m_href = taskHref;
    m_task = Task{};
    m_task.href = taskHref;
    m_haveTask = false;
    begin();
    // On the next turn, so a caller connecting after track() sees every signal.
    scheduleNext(0);
}

void TaskTracker::track(const Task &task)
{
    stop();
    m_href = task.href;
    m_task = task;
    m_haveTask = true;
    begin();
    const Task seed = task;
    QPointer<TaskTracker> self(this);
    QMetaObject::invokeMethod(
        this,
        [this, self, seed, href = m_href] {
            if (self && m_active && m_href == href && m_polls == 0)
                accept(seed);
        },
        Qt::QueuedConnection);
}

void TaskTracker::scheduleNext(int delayMs)
{
    m_pollTimer.start(std::max(0, delayMs));
}

void TaskTracker::poll()
{
    if (!m_session) {
        const ApiError e = ApiError::make(ApiError::Kind::Auth, tr("You are not logged in."));
        end();
        Q_EMIT failed(e);
        return;
    }
    if (m_pollCall)
        return; // one poll at a time
    ++m_polls;
    ApiCall *call = m_session->get(m_href, AcceptKind::Xml);
    m_pollCall = call;
    connect(call, &ApiCall::finished, this, [this, call] { onPoll(call); });
}

void TaskTracker::onPoll(ApiCall *call)
{
    if (m_pollCall == call)
        m_pollCall = nullptr;
    call->deleteLater();
    if (!m_active)
        return;

    const ApiError error = call->error();
    if (error.isError()) {
        if (error.kind() == ApiError::Kind::Auth && m_session &&
            m_session->state() != Session::State::Disconnected) {
            // Not a failure of the task: follow it again once the session is back.
            if (!m_waitingForLogin) {
                m_waitingForLogin = true;
                m_loginConnection = connect(m_session, &Session::loggedIn, this, [this] {
                    disconnect(m_loginConnection);
                    m_waitingForLogin = false;
                    if (m_active)
                        poll();
                });
            }
            return;
        }
        // A poll stopped by the call's deadline is a slow server, like a timeout: poll again later.
        const bool transient = error.kind() == ApiError::Kind::Network ||
                               error.kind() == ApiError::Kind::Timeout ||
                               error.kind() == ApiError::Kind::Deadline || error.httpStatus() >= 500;
        if (transient && ++m_failures < m_maxFailures) {
            qCInfo(lcServices) << "task poll failed, trying again:" << error.toString();
            scheduleNext(m_schedule.delayBefore(m_polls + 1));
            return;
        }
        end();
        Q_EMIT failed(error);
        return;
    }
    auto read = XmlReaders::readTask(call->body());
    if (!read) {
        const ApiError e =
            ApiError::make(ApiError::Kind::Parse, tr("The server's answer about a task could not be read."),
                           read.error.toString());
        end();
        Q_EMIT failed(e);
        return;
    }
    m_failures = 0;
    accept(*read);
}

void TaskTracker::accept(const Task &task)
{
    m_task = task;
    if (m_task.href.isEmpty())
        m_task.href = m_href;
    m_haveTask = true;

    if (isTerminal(task.status)) {
        const Task done = m_task;
        end();
        Q_EMIT finished(done);
        return;
    }
    if (m_cancelPending) {
        m_cancelPending = false;
        sendCancel();
    }
    const int percent = task.progress.value_or(0);
    if (percent != m_lastPercent || task.status != m_lastStatus) {
        m_lastPercent = percent;
        m_lastStatus = task.status;
        QPointer<TaskTracker> self(this);
        Q_EMIT progressed(percent, m_task);
        if (!self || !m_active)
            return;
    }
    if (!m_pollCall && !m_pollTimer.isActive())
        scheduleNext(m_schedule.delayBefore(m_polls + 1));
}

bool TaskTracker::cancel()
{
    if (!m_active)
        return false;
    if (!m_haveTask) {
        m_cancelPending = true; // sent once the first poll told us the task's links
        return true;
    }
    if (!findLink(m_task.links, u"task:cancel")) {
        Q_EMIT cancelFailed(ApiError::make(ApiError::Kind::Http, tr("This task can no longer be canceled.")));
        return false;
    }
    sendCancel();
    return true;
}

void TaskTracker::sendCancel()
{
    const auto link = findLink(m_task.links, u"task:cancel");
    if (!link || !m_session) {
        Q_EMIT cancelFailed(ApiError::make(ApiError::Kind::Http, tr("This task can no longer be canceled.")));
        return;
    }
    if (m_cancelCall)
        return;
    ApiCall *call = m_session->post(link->href);
    m_cancelCall = call;
    connect(call, &ApiCall::finished, this, [this, call] {
        if (m_cancelCall == call)
            m_cancelCall = nullptr;
        call->deleteLater();
        const ApiError error = call->error();
        QPointer<TaskTracker> self(this);
        if (error.isError()) {
            Q_EMIT cancelFailed(error);
            return;
        }
        Q_EMIT cancelAccepted();
        // Read the outcome at once rather than after the current back-off step.
        if (self && m_active && !m_pollCall) {
            m_pollTimer.stop();
            poll();
        }
    });
}

void TaskTracker::abortCalls()
{
    if (m_pollCall) {
        ApiCall *call = m_pollCall;
        m_pollCall = nullptr;
        call->disconnect(this);
        call->abort();
        call->deleteLater();
    }
}

void TaskTracker::end()
{
    m_active = false;
    m_cancelPending = false;
    m_pollTimer.stop();
    m_timeoutTimer.stop();
    if (m_waitingForLogin) {
        disconnect(m_loginConnection);
        m_waitingForLogin = false;
    }
    abortCalls();
}

void TaskTracker::stop()
{
    end();
}

} // namespace vcd
