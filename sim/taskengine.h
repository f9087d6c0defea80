#pragma once

// Drives simulator tasks through the states a real server shows (docs/VCD-API.md §3.8):
// queued → preRunning → running (Progress rising to 100) → success | error | canceled.
// Every transition happens on a later event-loop turn (QTimer with this engine as context), never inside
// start(): a client must always see the 202 + queued Task first and then poll, as against a real server.
// The engine never sleeps; with a task duration of 0 (tests) the states still follow one per turn.

#include "sim/cloud.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace vcd::sim {

class TaskEngine : public QObject
{
    Q_OBJECT

public:
    using Effect = std::function<void(Cloud &)>;

    explicit TaskEngine(Cloud &cloud, QObject *parent = nullptr);
    ~TaskEngine() override;

    // Default running time of a task whose durationMs is 0 (the --task-seconds setting; 0 in tests).
    void setTaskDuration(int ms);
    int taskDuration() const { return m_durationMs; }

    // Inserts `task` into the cloud (id, seq, created, startTime, expiryTime filled in when empty; status
    // forced to queued, progress 0) and drives it. `onSuccess` runs once, just before the status becomes
    // success, so a client that sees success and re-reads the entity sees the effect. `onFinish` runs after
    // every terminal state (success, error, canceled): it is the place to release or repair state.
    // A task created with `task.error` already set ends in `error` (halfway through) and never applies
    // onSuccess — the way to inject a failure.
    Task &start(Task task, Effect onSuccess, Effect onFinish = {});

    // Makes a running task fail at its next step (fault injection for tasks already started).
    bool failWith(const QString &taskId, const TaskError &error);

    // Cancels an unfinished, cancellable task: cancelRequested becomes true at once, the status becomes
    // `canceled` on the next event-loop turn, and onSuccess is never applied. Returns false (with a reason)
    // for an unknown, finished or non-cancellable task.
    bool cancel(const QString &taskId, QString *errorMessage = nullptr);

    // Picks up unfinished tasks already in the cloud that nobody drives (a scenario's long-running task)
    // and drives them on from their current status and progress; their durationMs (or the default) is the
    // full running time. They have no effect on success.
    void adopt();
    // Same for one task, with effects.
    bool adopt(const QString &taskId, Effect onSuccess, Effect onFinish = {});

    // True while the engine is driving the task.
    bool isDriving(const QString &taskId) const { return m_runs.contains(taskId); }

Q_SIGNALS:
    void taskChanged(const QString &taskId);
    void taskFinished(const QString &taskId);

private:
    struct Run
    {
        Effect onSuccess;
        Effect onFinish;
        quint64 generation = 0;    // a timer that fired for an older generation is ignored
        bool ownerExisted = false; // the vApp/VM the task acts on existed when it started
    };
    bool ownerExists(const Task &task) const;

    void drive(const QString &taskId, Effect onSuccess, Effect onFinish);
    void schedule(const QString &taskId, int delayMs);
    void step(const QString &taskId, quint64 generation);
    void finish(Task &task, const QString &status);
    qint64 durationOf(const Task &task) const;
    int phaseDelay(const Task &task) const;    // queued → preRunning and preRunning → running
    int progressSteps(const Task &task) const; // how many Progress increments while running

    Cloud &m_cloud;
    int m_durationMs = 0;
    quint64 m_nextGeneration = 0;
    QHash<QString, Run> m_runs;
};

} // namespace vcd::sim
