#include "core/services/actionbatch.h"

#include "core/api/status.h"
#include "core/logging.h"
#include "core/model/inventorymodel.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/services/actionrunner.h"
#include "core/services/actionservice.h"
#include "core/services/tasktracker.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace vcd {

ActionBatch::ActionBatch(ActionRunner *runner, Action action, const QList<Item> &items)
    : QObject(runner)
    , m_runner(runner)
    , m_action(action)
{
    m_items.reserve(size_t(items.size()));
    for (const Item &i : items)
        m_items.push_back({i, {}, 0, false, {}, {}});
    m_remaining = int(m_items.size());
}

ActionBatch::~ActionBatch()
{
    for (Slot &s : m_items) {
        if (s.tracker)
            s.tracker->stop();
    }
}

QString ActionBatch::groupKey(int index) const
{
    const Item &i = m_items[size_t(index)].item;
    return QString::number(quintptr(i.session.data()), 16) + u'|' +
           (i.group.isEmpty() ? i.target.href.toString() : i.group);
}

void ActionBatch::start()
{
    TaskModel *tasks = m_runner ? m_runner->tasks() : nullptr;
    QStringList groupsStarted;
    for (int i = 0; i < count(); ++i) {
        Slot &s = m_items[size_t(i)];
        if (tasks) {
            TaskModel::Entry e;
            e.operation = ActionService::actionName(m_action);
            e.target = s.item.target.name;
            e.targetHref = s.item.target.href;
            e.connection = s.item.connection;
            e.session = s.item.session;
            if (s.item.session)
                e.owner = s.item.session->settings().user;
            e.state = TaskModel::State::Queued;
            s.rowId = tasks->add(e);
            tasks->setCanceller(s.rowId, [this, i] { return cancelItem(i); });
        }
    }
    for (int i = 0; i < count(); ++i) {
        const QString key = groupKey(i);
        if (!groupsStarted.contains(key)) {
            groupsStarted.append(key);
            run(i);
        }
    }
}

void ActionBatch::startNext(const QString &key)
{
    for (int i = 0; i < count(); ++i) {
        const Slot &s = m_items[size_t(i)];
        if (!s.started && s.outcome.result == Outcome::Result::Pending && groupKey(i) == key) {
            run(i);
            return;
        }
    }
}

void ActionBatch::run(int index)
{
    Slot &s = m_items[size_t(index)];
    s.started = true;
    TaskModel *tasks = m_runner ? m_runner->tasks() : nullptr;
    ActionService *service = m_runner ? m_runner->service(s.item.session) : nullptr;
    if (!service) {
        end(index, Outcome::Result::Failed, tr("The connection is closed."));
        return;
    }
    if (tasks)
        tasks->setState(s.rowId, TaskModel::State::Sending);
    ActionJob *job = service->run(s.item.target, m_action, s.item.params);
    s.job = job;
    connect(job, &ActionJob::waitingForBusyEntity, this, [this, index](const Task &blocking) {
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setWaitingForBusyEntity(m_items[size_t(index)].rowId, blocking);
    });
    connect(job, &ActionJob::retrying, this, [this, index] {
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setState(m_items[size_t(index)].rowId, TaskModel::State::Sending);
    });
    connect(job, &ActionJob::accepted, this, [this, index](const Task &task) { onAccepted(index, task); });
    connect(job, &ActionJob::ticketReady, this, [this, index](const MksTicket &ticket) {
        if (!m_ticket)
            m_ticket = ticket;
        Q_EMIT ticketReady(ticket);
        end(index, Outcome::Result::Succeeded);
    });
    connect(job, &ActionJob::failed, this, [this, index](const ApiError &error) {
        const bool canceled = error.kind() == ApiError::Kind::Canceled;
        end(index, canceled ? Outcome::Result::Canceled : Outcome::Result::Failed, error.userMessage());
    });
    connect(job, &ActionJob::finished, job, &QObject::deleteLater);
    Q_EMIT itemStarted(index, job);
}

void ActionBatch::onAccepted(int index, const Task &task)
{
    Slot &s = m_items[size_t(index)];
    if (s.job && s.job->createdVApp())
        m_created = s.job->createdVApp();
    s.outcome.task = task;
    TaskModel *tasks = m_runner ? m_runner->tasks() : nullptr;
    if (task.href.isEmpty()) {
        // 204 (or a body without a task): done, nothing to follow (metadata deletes on old servers…).
        if (m_runner && m_runner->inventoryModel() && s.item.session)
            m_runner->inventoryModel()->updateEntity(s.item.session, s.item.target.href);
        end(index, Outcome::Result::Succeeded);
        return;
    }
    if (tasks)
        tasks->setTask(s.rowId, task);
    auto *tracker = new TaskTracker(s.item.session, this);
    if (m_runner)
        tracker->setSchedule(m_runner->trackerSchedule());
    s.tracker = tracker;
    connect(tracker, &TaskTracker::progressed, this, [this, index](int, const Task &t) {
        m_items[size_t(index)].outcome.task = t;
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setTask(m_items[size_t(index)].rowId, t);
    });
    connect(tracker, &TaskTracker::finished, this, [this, index](const Task &t) {
        Slot &slot = m_items[size_t(index)];
        slot.outcome.task = t;
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setTask(slot.rowId, t);
        // The tree follows: the owner (and its vApp / VMs) is read again and its row changes in place.
        if (m_runner && m_runner->inventoryModel() && slot.item.session) {
            Task owned = t;
            if (owned.owner.href.isEmpty())
                owned.owner.href = slot.item.target.href;
            m_runner->inventoryModel()->taskFinished(slot.item.session, owned);
        }
        switch (t.status) {
        case TaskStatus::Success:
            end(index, Outcome::Result::Succeeded);
            break;
        case TaskStatus::Canceled:
            end(index, Outcome::Result::Canceled, tr("Canceled."));
            break;
        default: {
            QString message = t.error ? t.error->text() : t.details;
            if (message.isEmpty())
                message = taskStatusText(t.status);
            end(index, Outcome::Result::Failed, message);
            break;
        }
        }
    });
    connect(tracker, &TaskTracker::failed, this, [this, index](const ApiError &error) {
        const QString message = tr("The task could not be followed: %1").arg(error.userMessage());
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setState(m_items[size_t(index)].rowId, TaskModel::State::Unknown, message);
        end(index, Outcome::Result::Failed, message);
    });
    connect(tracker, &TaskTracker::timedOut, this, [this, index] {
        const QString message = tr("The task is still running on the server; it is no longer followed.");
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setState(m_items[size_t(index)].rowId, TaskModel::State::Unknown, message);
        end(index, Outcome::Result::Failed, message);
    });
    connect(tracker, &TaskTracker::cancelFailed, this, [this, index](const ApiError &error) {
        if (m_runner && m_runner->tasks())
            m_runner->tasks()->setState(m_items[size_t(index)].rowId, TaskModel::State::Running,
                                        tr("cancel refused: %1").arg(error.userMessage()));
    });
    tracker->track(task);
}

bool ActionBatch::cancelItem(int index)
{
    if (index < 0 || index >= count())
        return false;
    Slot &s = m_items[size_t(index)];
    if (s.outcome.result != Outcome::Result::Pending)
        return false;
    if (!s.started) {
        end(index, Outcome::Result::Canceled, tr("Canceled before it started."));
        return true;
    }
    if (s.tracker)
        return s.tracker->cancel();
    if (s.job)
        return s.job->cancel();
    return false;
}

void ActionBatch::cancelAll()
{
    for (int i = 0; i < count(); ++i)
        cancelItem(i);
}

void ActionBatch::end(int index, Outcome::Result result, const QString &message)
{
    Slot &s = m_items[size_t(index)];
    if (s.outcome.result != Outcome::Result::Pending)
        return;
    s.outcome.result = result;
    s.outcome.message = message;
    if (s.tracker) {
        s.tracker->stop();
        s.tracker->deleteLater();
        s.tracker = nullptr;
    }
    TaskModel *tasks = m_runner ? m_runner->tasks() : nullptr;
    if (tasks) {
        if (const TaskModel::Entry *e = tasks->entry(s.rowId); e && TaskModel::isActive(e->state)) {
            switch (result) {
            case Outcome::Result::Succeeded:
                tasks->setState(s.rowId, TaskModel::State::Succeeded);
                break;
            case Outcome::Result::Canceled:
                tasks->setState(s.rowId, TaskModel::State::Canceled, message);
                break;
            case Outcome::Result::Failed:
                tasks->setFailed(s.rowId, message);
                break;
            case Outcome::Result::Pending:
                break;
            }
        }
    }
    --m_remaining;
    QPointer<ActionBatch> self(this);
    Q_EMIT itemFinished(index);
    if (!self)
        return;
    if (s.started)
        startNext(groupKey(index));
    if (m_remaining == 0) {
        if (m_runner)
            m_runner->onBatchFinished(this);
        Q_EMIT finished();
        if (self && m_autoDelete)
            deleteLater();
    }
}

int ActionBatch::succeededCount() const
{
    int n = 0;
    for (const Slot &s : m_items)
        n += s.outcome.result == Outcome::Result::Succeeded ? 1 : 0;
    return n;
}

int ActionBatch::failedCount() const
{
    int n = 0;
    for (const Slot &s : m_items) {
        n += s.outcome.result == Outcome::Result::Failed || s.outcome.result == Outcome::Result::Canceled ? 1
                                                                                                          : 0;
    }
    return n;
}

QString ActionBatch::summary() const
{
    const QString name = ActionService::actionName(m_action);
    if (count() == 1) {
        const Slot &s = m_items.front();
        switch (s.outcome.result) {
        case Outcome::Result::Succeeded:
            return tr("%1: done for %2.").arg(name, s.item.target.name);
        case Outcome::Result::Canceled:
            return tr("%1 of %2 was canceled.").arg(name, s.item.target.name);
        case Outcome::Result::Failed:
            return tr("%1 of %2 failed: %3").arg(name, s.item.target.name, s.outcome.message);
        case Outcome::Result::Pending:
            return tr("%1 of %2 is running…").arg(name, s.item.target.name);
        }
    }
    QString text = tr("%1: %2 of %3 succeeded").arg(name).arg(succeededCount()).arg(count());
    QStringList failures;
    for (const Slot &s : m_items) {
        if (s.outcome.result == Outcome::Result::Failed || s.outcome.result == Outcome::Result::Canceled)
            failures << s.item.target.name + u": "_s + s.outcome.message;
    }
    if (!failures.isEmpty())
        text += tr(", %n failed — %1", nullptr, int(failures.size())).arg(failures.join(u"; "_s));
    return text + u'.';
}

} // namespace vcd
