#include "core/services/actionrunner.h"

#include "core/model/inventorymodel.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/services/actionservice.h"

namespace vcd {

ActionRunner::ActionRunner(TaskModel *tasks, QObject *parent)
    : QObject(parent)
    , m_tasks(tasks)
{}

ActionRunner::~ActionRunner()
{
    // Batches are children; they must not call back into a runner being destroyed.
    for (ActionBatch *b : std::as_const(m_batches))
        b->m_runner = nullptr;
}

TaskModel *ActionRunner::tasks() const
{
    return m_tasks;
}

void ActionRunner::setInventoryModel(InventoryModel *model)
{
    m_model = model;
}

InventoryModel *ActionRunner::inventoryModel() const
{
    return m_model;
}

void ActionRunner::setBusySchedule(const TaskTracker::Schedule &schedule)
{
    m_busySchedule = schedule;
    for (const QPointer<ActionService> &s : std::as_const(m_services)) {
        if (s)
            s->setBusySchedule(schedule);
    }
}

ActionService *ActionRunner::service(Session *session)
{
    if (!session)
        return nullptr;
    QPointer<ActionService> &s = m_services[session];
    if (!s) {
        // A child of the session: it goes when the session does.
        s = new ActionService(session, session);
        if (m_busySchedule)
            s->setBusySchedule(*m_busySchedule);
        connect(session, &QObject::destroyed, this, [this, session] { m_services.remove(session); });
    }
    return s;
}

ActionBatch *ActionRunner::run(Action action, const QList<ActionBatch::Item> &items)
{
    if (items.isEmpty())
        return nullptr;
    auto *batch = new ActionBatch(this, action, items);
    m_batches.append(batch);
    Q_EMIT batchStarted(batch);
    batch->start();
    return batch;
}

void ActionRunner::onBatchFinished(ActionBatch *batch)
{
    m_batches.removeOne(batch);
    Q_EMIT batchFinished(batch);
}

} // namespace vcd
