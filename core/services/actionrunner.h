#pragma once

// The one place the window runs actions through (docs/ARCHITECTURE.md, "the walk of an action"): an
// ActionService per connection, the TaskModel every action shows up in, and the InventoryModel whose
// rows change when a task ends. Views never make ActionJobs themselves; they describe what to run
// and get an ActionBatch back.
//
//   ActionRunner runner(&tasks);
//   runner.setInventoryModel(&model);
//   ActionBatch *batch = runner.run(Action::PowerOff, {{session, u"prod"_s, target, vappHref, {}}});
//   connect(batch, &ActionBatch::finished, this, [batch] { statusBar()->showMessage(batch->summary()); });
//
// Schedules are injectable so tests follow tasks and BUSY_ENTITY waits in milliseconds.

#include "core/services/actionbatch.h"
#include "core/services/tasktracker.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace vcd {

class ActionService;
class InventoryModel;
class Session;
class TaskModel;

class ActionRunner : public QObject
{
    Q_OBJECT
public:
    explicit ActionRunner(TaskModel *tasks, QObject *parent = nullptr);
    ~ActionRunner() override;

    TaskModel *tasks() const;
    void setInventoryModel(InventoryModel *model);
    InventoryModel *inventoryModel() const;

    void setTrackerSchedule(const TaskTracker::Schedule &schedule) { m_trackerSchedule = schedule; }
    TaskTracker::Schedule trackerSchedule() const { return m_trackerSchedule; }
    void setBusySchedule(const TaskTracker::Schedule &schedule);

    // The ActionService of a session (made on first use, gone with the session).
    ActionService *service(Session *session);

    // Runs `action` on every item (see ActionBatch for the order); nullptr for an empty list.
    ActionBatch *run(Action action, const QList<ActionBatch::Item> &items);

    int runningBatches() const { return int(m_batches.size()); }

Q_SIGNALS:
    void batchStarted(vcd::ActionBatch *batch);
    void batchFinished(vcd::ActionBatch *batch);

private:
    friend class ActionBatch;
    void onBatchFinished(ActionBatch *batch);

    QPointer<TaskModel> m_tasks;
    QPointer<InventoryModel> m_model;
    TaskTracker::Schedule m_trackerSchedule;
    std::optional<TaskTracker::Schedule> m_busySchedule;
    QHash<Session *, QPointer<ActionService>> m_services;
    QList<ActionBatch *> m_batches;
};

} // namespace vcd
