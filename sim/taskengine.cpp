#include "sim/taskengine.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {
// Real tasks expire 90 days after they start: every captured Task shows startTime + 90 days
// (real task captures; docs/VCD-API.md §3.8).
constexpr int kExpiryDays = 90;
} // namespace

TaskEngine::TaskEngine(Cloud &cloud, QObject *parent)
    : QObject(parent)
    , m_cloud(cloud)
{}

TaskEngine::~TaskEngine() = default;

void TaskEngine::setTaskDuration(int ms)
{
    m_durationMs = std::max(0, ms);
}

Task &TaskEngine::start(Task task, Effect onSuccess, Effect onFinish)
{
    if (task.id.isEmpty())
        task.id = m_cloud.newUuid();
    if (task.seq == 0)
        task.seq = m_cloud.nextSeq();
    task.name = u"task"_s; // docs/VCD-API.md §3.8: a Task's name is always "task"
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!task.created.isValid())
        task.created = now;
    task.startTime = now;
    task.expiryTime = now.addDays(kExpiryDays);
    task.endTime = QDateTime();
    task.status = u"queued"_s;
    task.progress = 0;
    task.cancelRequested = false;
    Task &inserted = m_cloud.tasks.insert(std::move(task));
    const QString id = inserted.id;
    drive(id, std::move(onSuccess), std::move(onFinish));
    Q_EMIT taskChanged(id);
    return inserted;
}

bool TaskEngine::failWith(const QString &taskId, const TaskError &error)
{
    Task *task = m_cloud.tasks.find(taskId);
    if (!task || task->isFinished())
        return false;
    task->error = error;
    if (!m_runs.contains(taskId))
        drive(taskId, {}, {});
    return true;
}

bool TaskEngine::cancel(const QString &taskId, QString *errorMessage)
{
    auto fail = [&](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    Task *task = m_cloud.tasks.find(taskId);
    if (!task)
        return fail(u"The task %1 does not exist."_s.arg(taskId));
    if (task->isFinished())
        return fail(
            u"The task \"%1\" cannot be canceled because it has already completed with status %2."_s.arg(
                task->operation, task->status));
    if (!task->cancellable)
        return fail(u"The task \"%1\" cannot be canceled."_s.arg(task->operation));
    if (task->cancelRequested)
        return true; // already on its way to `canceled`
    task->cancelRequested = true;
    // A fresh generation drops the pending progress timer, so the cancel lands on the very next turn.
    auto it = m_runs.find(taskId);
    if (it == m_runs.end())
        it = m_runs.insert(taskId, Run{});
    it->generation = ++m_nextGeneration;
    schedule(taskId, 0);
    Q_EMIT taskChanged(taskId);
    return true;
}

void TaskEngine::adopt()
{
    QStringList ids;
    for (const Task *t : m_cloud.tasks.rows())
        if (!t->isFinished() && !m_runs.contains(t->id))
            ids.append(t->id);
    for (const QString &id : std::as_const(ids))
        adopt(id, {}, {});
}

bool TaskEngine::adopt(const QString &taskId, Effect onSuccess, Effect onFinish)
{
    Task *task = m_cloud.tasks.find(taskId);
    if (!task || task->isFinished())
        return false;
    if (!task->startTime.isValid())
        task->startTime = QDateTime::currentDateTimeUtc();
    if (!task->expiryTime.isValid())
        task->expiryTime = task->startTime.addDays(kExpiryDays);
    if (task->cancelRequested) {
        // A scenario may hold a task whose cancel was asked but never carried out.
        m_runs.insert(taskId, Run{std::move(onSuccess), std::move(onFinish), ++m_nextGeneration});
        schedule(taskId, 0);
        return true;
    }
    drive(taskId, std::move(onSuccess), std::move(onFinish));
    return true;
}

void TaskEngine::drive(const QString &taskId, Effect onSuccess, Effect onFinish)
{
    Run run{std::move(onSuccess), std::move(onFinish), ++m_nextGeneration};
    const Task *task = m_cloud.tasks.find(taskId);
    run.ownerExisted = task && ownerExists(*task);
    m_runs.insert(taskId, std::move(run));
    schedule(taskId, task && task->status == u"running"
                         ? durationOf(*task) / std::max(1, progressSteps(*task))
                         : (task ? phaseDelay(*task) : 0));
}

bool TaskEngine::ownerExists(const Task &task) const
{
    if (task.ownerKind == Kind::VApp)
        return m_cloud.vapps.find(task.ownerId) != nullptr;
    if (task.ownerKind == Kind::Vm)
        return m_cloud.vms.find(task.ownerId) != nullptr;
    return false; // other owners are not watched
}

void TaskEngine::schedule(const QString &taskId, int delayMs)
{
    const auto it = m_runs.constFind(taskId);
    if (it == m_runs.constEnd())
        return;
    const quint64 generation = it->generation;
    QTimer::singleShot(std::max(0, delayMs), this, [this, taskId, generation] { step(taskId, generation); });
}

qint64 TaskEngine::durationOf(const Task &task) const
{
    return task.durationMs > 0 ? task.durationMs : qint64(m_durationMs);
}

int TaskEngine::phaseDelay(const Task &task) const
{
    // The short queued and preRunning phases real servers show before the work starts.
    return int(std::min<qint64>(durationOf(task) / 10, 500));
}

int TaskEngine::progressSteps(const Task &task) const
{
    const qint64 running = std::max<qint64>(0, durationOf(task) - 2 * phaseDelay(task));
    return int(std::clamp<qint64>(running / 200, 2, 20));
}

void TaskEngine::step(const QString &taskId, quint64 generation)
{
    const auto runIt = m_runs.constFind(taskId);
    if (runIt == m_runs.constEnd() || runIt->generation != generation)
        return; // superseded (cancel) or finished
    // A step may finish the task and change what it acted on (power state, a new VM, …).
    m_cloud.touch();
    Task *task = m_cloud.tasks.find(taskId);
    if (!task || task->isFinished()) {
        m_runs.remove(taskId);
        return;
    }
    if (task->cancelRequested) {
        finish(*task, u"canceled"_s);
        return;
    }
    // The system aborts a task whose vApp or VM disappeared under it (e.g. removed from a loaded
    // scenario or by an administrator): "aborted" is the server's verdict, "canceled" the user's.
    if (runIt->ownerExisted && !ownerExists(*task)) {
        task->error = TaskError{500, u"INTERNAL_SERVER_ERROR"_s,
                                u"The task was aborted: the object it acted on no longer exists."_s};
        finish(*task, u"aborted"_s);
        return;
    }
    const int steps = progressSteps(*task);
    const qint64 running = std::max<qint64>(0, durationOf(*task) - 2 * phaseDelay(*task));
    const int interval = int(running / steps);

    if (task->status == u"queued") {
        task->status = u"preRunning"_s;
        schedule(taskId, phaseDelay(*task));
        Q_EMIT taskChanged(taskId);
        return;
    }
    if (task->status != u"running") { // preRunning (or anything unexpected a scenario wrote)
        task->status = u"running"_s;
        schedule(taskId, interval);
        Q_EMIT taskChanged(taskId);
        return;
    }
    // A failing task stops halfway, as a real one does when a VM refuses the operation.
    if (task->error && task->progress >= 50) {
        finish(*task, u"error"_s);
        return;
    }
    const int increment = (100 + steps - 1) / steps;
    task->progress = std::min(100, task->progress + increment);
    if (task->progress >= 100 && !task->error) {
        finish(*task, u"success"_s);
        return;
    }
    if (task->progress >= 100) // an error task never reports 100
        task->progress = 99;
    schedule(taskId, interval);
    Q_EMIT taskChanged(taskId);
}

void TaskEngine::finish(Task &task, const QString &status)
{
    const QString id = task.id;
    const Run run = m_runs.take(id);
    if (status == u"success") {
        task.progress = 100;
        if (run.onSuccess)
            run.onSuccess(m_cloud);
    }
    // Re-find: an effect may have changed the cloud (never this task's storage, but stay safe).
    if (Task *t = m_cloud.tasks.find(id)) {
        t->status = status;
        t->endTime = QDateTime::currentDateTimeUtc();
        if (status == u"success")
            t->progress = 100;
        else if (status == u"error" && !t->error)
            t->error = TaskError{};
    }
    if (run.onFinish)
        run.onFinish(m_cloud);
    Q_EMIT taskChanged(id);
    Q_EMIT taskFinished(id);
}

} // namespace vcd::sim
