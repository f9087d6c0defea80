#include "sim/cloud.h"
#include "sim/taskengine.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

class TestTaskEngine : public QObject
{
    Q_OBJECT

private:
    static Task makeTask(const QString &operationName = u"vappPowerOn"_s)
    {
        Task t;
        t.operationName = operationName;
        t.operation = u"Starting Virtual Application web(1)"_s;
        t.ownerKind = Kind::VApp;
        t.ownerId = u"1"_s;
        t.ownerName = u"web"_s;
        return t;
    }

    // Records the status and progress the task shows at every taskChanged.
    struct Recorder
    {
        QStringList statuses;
        QList<int> progress;
    };
    static void record(TaskEngine &engine, Cloud &cloud, Recorder &rec, QObject *context)
    {
        QObject::connect(&engine, &TaskEngine::taskChanged, context, [&cloud, &rec](const QString &id) {
            const Task *t = cloud.tasks.find(id);
            QVERIFY(t);
            if (rec.statuses.isEmpty() || rec.statuses.last() != t->status)
                rec.statuses.append(t->status);
            rec.progress.append(t->progress);
        });
    }

private Q_SLOTS:
    void passesThroughEveryStateInOrder()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        engine.setTaskDuration(0);
        QObject context;
        Recorder rec;
        record(engine, cloud, rec, &context);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        int effects = 0;
        Task &task = engine.start(makeTask(), [&](Cloud &) { ++effects; });
        const QString id = task.id;
        QVERIFY(!id.isEmpty());
        QCOMPARE(task.name, u"task"_s);
        QVERIFY(task.seq > 0);

        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toString(), id);
        QCOMPARE(rec.statuses, (QStringList{u"queued"_s, u"preRunning"_s, u"running"_s, u"success"_s}));
        QCOMPARE(effects, 1);
        const Task *done = cloud.tasks.find(id);
        QVERIFY(done);
        QCOMPARE(done->progress, 100);
        QVERIFY(done->endTime.isValid());
        QVERIFY(done->endTime >= done->startTime);
        // Real tasks expire 90 days after they start (captured Task bodies).
        QCOMPARE(done->startTime.daysTo(done->expiryTime), 90);
    }

    void progressRisesMonotonically()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        engine.setTaskDuration(0);
        QObject context;
        Recorder rec;
        record(engine, cloud, rec, &context);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        Task t = makeTask();
        t.durationMs = 400; // several progress steps
        engine.start(t, {});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY(rec.progress.size() >= 4);
        for (qsizetype i = 1; i < rec.progress.size(); ++i)
            QVERIFY2(rec.progress[i] >= rec.progress[i - 1], "progress went down");
        QCOMPARE(rec.progress.last(), 100);
        // There were intermediate values between 0 and 100.
        QVERIFY(
            std::any_of(rec.progress.cbegin(), rec.progress.cend(), [](int p) { return p > 0 && p < 100; }));
    }

    void durationZeroStillFinishesAsynchronously()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        engine.setTaskDuration(0);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        bool applied = false;
        Task &task = engine.start(makeTask(), [&](Cloud &) { applied = true; });
        // Nothing happened inside start(): the client sees the queued task first.
        QCOMPARE(task.status, u"queued"_s);
        QVERIFY(!applied);
        QCOMPARE(finished.count(), 0);
        QVERIFY(engine.isDriving(task.id));
        QVERIFY(finished.wait(2000));
        QVERIFY(applied);
        QVERIFY(!engine.isDriving(task.id));
    }

    void durationIsHonoured()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        engine.setTaskDuration(300);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        QElapsedTimer clock;
        clock.start();
        const QString id = engine.start(makeTask(), {}).id;
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(cloud.tasks.find(id)->status, u"success"_s);
    }

    void presetErrorEndsInErrorWithoutEffect()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        QObject context;
        Recorder rec;
        record(engine, cloud, rec, &context);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        Task t = makeTask();
        t.error = TaskError{500, u"INTERNAL_SERVER_ERROR"_s, u"boom"_s};
        bool applied = false;
        int finishes = 0;
        const QString id = engine
                               .start(
                                   t, [&](Cloud &) { applied = true; }, [&](Cloud &) { ++finishes; })
                               .id;
        QTRY_COMPARE(finished.count(), 1);
        const Task *done = cloud.tasks.find(id);
        QCOMPARE(done->status, u"error"_s);
        QVERIFY(!applied);
        QCOMPARE(finishes, 1);
        QVERIFY(done->error);
        QCOMPARE(done->error->message, u"boom"_s);
        QVERIFY(done->progress < 100);
        QVERIFY(done->endTime.isValid());
        QCOMPARE(rec.statuses.last(), u"error"_s);
        QVERIFY(rec.statuses.contains(u"running"_s));
    }

    void failWithMakesARunningTaskFail()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        Task t = makeTask();
        t.durationMs = 2000;
        bool applied = false;
        const QString id = engine.start(t, [&](Cloud &) { applied = true; }).id;
        QVERIFY(engine.failWith(id, TaskError{500, u"INTERNAL_SERVER_ERROR"_s, u"host lost"_s}));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QCOMPARE(cloud.tasks.find(id)->status, u"error"_s);
        QVERIFY(!applied);
        QVERIFY(!engine.failWith(id, TaskError{})); // finished tasks cannot fail again
    }

    void cancelIsPromptAndSkipsTheEffect()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        engine.setTaskDuration(10000); // would run for ten seconds
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        bool applied = false;
        int finishes = 0;
        const QString id = engine
                               .start(
                                   makeTask(), [&](Cloud &) { applied = true; }, [&](Cloud &) { ++finishes; })
                               .id;
        QElapsedTimer clock;
        clock.start();
        QString why;
        QVERIFY(engine.cancel(id, &why));
        const Task *task = cloud.tasks.find(id);
        QVERIFY(task->cancelRequested);      // at once
        QCOMPARE(task->status, u"queued"_s); // but the status changes on a later turn
        QVERIFY(finished.wait(2000));
        QVERIFY2(clock.elapsed() < 1000, "cancel took too long");
        QCOMPARE(task->status, u"canceled"_s);
        QVERIFY(!applied);
        QCOMPARE(finishes, 1);
        QVERIFY(task->endTime.isValid());
        // A second cancel of a finished task is refused with a reason.
        QVERIFY(!engine.cancel(id, &why));
        QVERIFY(why.contains(u"already completed"_s));
        QCOMPARE(finished.count(), 1);
    }

    void ownerRemovedAbortsTheTask()
    {
        Cloud cloud;
        VApp vapp;
        vapp.id = u"vapp-1"_s;
        vapp.name = u"web"_s;
        cloud.vapps.insert(vapp);
        TaskEngine engine(cloud);
        engine.setTaskDuration(400);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        Task t = makeTask();
        t.ownerId = vapp.id;
        bool applied = false;
        const QString id = engine.start(t, [&](Cloud &) { applied = true; }).id;
        cloud.vapps.remove(vapp.id); // gone while the task runs
        QVERIFY(finished.wait(5000));
        const Task *task = cloud.tasks.find(id);
        QCOMPARE(task->status, u"aborted"_s);
        QVERIFY(task->error.has_value());
        QVERIFY(!applied);
    }

    void cancelRefusals()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        QString why;
        QVERIFY(!engine.cancel(u"nope"_s, &why));
        QVERIFY(why.contains(u"does not exist"_s));
        Task t = makeTask();
        t.cancellable = false;
        t.durationMs = 5000;
        const QString id = engine.start(t, {}).id;
        QVERIFY(!engine.cancel(id, &why));
        QVERIFY(why.contains(u"cannot be canceled"_s));
        QVERIFY(!cloud.tasks.find(id)->cancelRequested);
    }

    void adoptDrivesAnExistingRunningTask()
    {
        Cloud cloud;
        Task t = makeTask(u"vappUpdateVm"_s);
        t.id = u"busy-1"_s;
        t.status = u"running"_s;
        t.progress = 40;
        t.durationMs = 200;
        cloud.tasks.insert(t);
        Task done = makeTask();
        done.id = u"old-1"_s;
        done.status = u"success"_s;
        done.progress = 100;
        cloud.tasks.insert(done);

        TaskEngine engine(cloud);
        QObject context;
        Recorder rec;
        record(engine, cloud, rec, &context);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        engine.adopt();
        QVERIFY(engine.isDriving(u"busy-1"_s));
        QVERIFY(!engine.isDriving(u"old-1"_s));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QCOMPARE(finished.first().first().toString(), u"busy-1"_s);
        const Task *task = cloud.tasks.find(u"busy-1"_s);
        QCOMPARE(task->status, u"success"_s);
        QCOMPARE(task->progress, 100);
        QVERIFY(task->expiryTime.isValid());
        // It went on from 40, never back.
        QVERIFY(!rec.progress.isEmpty());
        QVERIFY(rec.progress.first() > 40);
        for (qsizetype i = 1; i < rec.progress.size(); ++i)
            QVERIFY(rec.progress[i] >= rec.progress[i - 1]);
        QCOMPARE(rec.statuses, (QStringList{u"running"_s, u"success"_s}));
    }

    void adoptWithEffect()
    {
        Cloud cloud;
        Task t = makeTask();
        t.id = u"queued-1"_s;
        cloud.tasks.insert(t);
        TaskEngine engine(cloud);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        bool applied = false;
        QVERIFY(engine.adopt(u"queued-1"_s, [&](Cloud &) { applied = true; }));
        QVERIFY(!engine.adopt(u"missing"_s, {}));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(applied);
    }

    void cancelWorksOnATaskNobodyDrives()
    {
        Cloud cloud;
        Task t = makeTask();
        t.id = u"stray"_s;
        t.status = u"running"_s;
        t.progress = 10;
        cloud.tasks.insert(t);
        TaskEngine engine(cloud);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        QVERIFY(engine.cancel(u"stray"_s, nullptr));
        QVERIFY(finished.wait(2000));
        QCOMPARE(cloud.tasks.find(u"stray"_s)->status, u"canceled"_s);
    }

    void manyTasksRunIndependently()
    {
        Cloud cloud;
        TaskEngine engine(cloud);
        QSignalSpy finished(&engine, &TaskEngine::taskFinished);
        int applied = 0;
        QStringList ids;
        for (int i = 0; i < 5; ++i)
            ids.append(engine.start(makeTask(), [&](Cloud &) { ++applied; }).id);
        QVERIFY(engine.cancel(ids[2], nullptr));
        QTRY_COMPARE(finished.count(), 5);
        QCOMPARE(applied, 4);
        QCOMPARE(cloud.tasks.find(ids[2])->status, u"canceled"_s);
        QCOMPARE(cloud.tasks.find(ids[4])->status, u"success"_s);
    }
};

QTEST_GUILESS_MAIN(TestTaskEngine)
#include "tst_taskengine.moc"
