// TaskModel: a well-formed table (QAbstractItemModelTester) of rows driven through their states, the
// newest first, with the active count, cancel through the row's canceller, the full error of a failed
// task, rows from the server's history, and the row cap that never drops an active row.

#include "core/model/taskmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestTaskModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsThroughTheirStates();
    void cancelThroughTheCanceller();
    void serverHistoryAndCap();
};

void TestTaskModel::rowsThroughTheirStates()
{
    TaskModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy started(&model, &TaskModel::taskStarted);
    QSignalSpy ended(&model, &TaskModel::taskEnded);
    const int a =
        model.add({.operation = u"Power off"_s, .target = u"web-01"_s, .state = TaskModel::State::Queued});
    const int b = model.add({.operation = u"Power off"_s, .target = u"web-02"_s});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.idAt(0), b); // newest first
    QCOMPARE(model.activeCount(), 2);
    QCOMPARE(started.count(), 2);

    Task blocking;
    blocking.operation = u"Starting Virtual Application web"_s;
    model.setWaitingForBusyEntity(a, blocking);
    QVERIFY(
        model.indexOfId(a, TaskModel::StateColumn).data().toString().startsWith(u"waiting: entity busy"_s));

    Task running;
    running.href = QUrl(u"https://vcd.example/api/task/1"_s);
    running.status = TaskStatus::Running;
    running.progress = 40;
    running.user.name = u"alice"_s;
    model.setTask(a, running);
    QCOMPARE(model.indexOfId(a).data(TaskModel::ProgressRole).toInt(), 40);
    QCOMPARE(model.indexOfId(a, TaskModel::OwnerColumn).data().toString(), u"alice"_s);

    Task failed = running;
    failed.status = TaskStatus::Error;
    ApiErrorBody error;
    error.message = u"[ 42 ] VMware Tools is not running in this virtual machine."_s;
    failed.error = error;
    model.setTask(a, failed);
    QCOMPARE(TaskModel::State(model.indexOfId(a).data(TaskModel::StateRole).toInt()),
             TaskModel::State::Failed);
    QCOMPARE(model.indexOfId(a).data(TaskModel::ErrorRole).toString(),
             u"VMware Tools is not running in this virtual machine."_s);
    QCOMPARE(model.activeCount(), 1);
    QCOMPARE(ended.count(), 1);
    // VCD's "null" first line: the State column shows the sentence, the error keeps every line.
    error.message = u"null\n - Cannot complete operation because VMware Tools is not running."_s;
    failed.error = error;
    model.setTask(a, failed);
    QCOMPARE(model.indexOfId(a, TaskModel::StateColumn).data().toString(),
             model.stateText(TaskModel::State::Failed) +
                 u": Cannot complete operation because VMware Tools is not running."_s);
    QVERIFY(model.indexOfId(a).data(TaskModel::ErrorRole).toString().contains(u"null"_s));
    model.setState(b, TaskModel::State::Succeeded);
    QCOMPARE(model.activeCount(), 0);
    model.clearFinished();
    QCOMPARE(model.rowCount(), 0);
}

void TestTaskModel::cancelThroughTheCanceller()
{
    TaskModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int id = model.add({.operation = u"Power on"_s, .state = TaskModel::State::Queued});
    QVERIFY(!model.canCancel(id)); // nobody said how
    int calls = 0;
    model.setCanceller(id, [&] {
        ++calls;
        model.setState(id, TaskModel::State::Canceled);
        return true;
    });
    QVERIFY(model.indexOfId(id).data(TaskModel::CanCancelRole).toBool());
    QVERIFY(model.cancel(id));
    QCOMPARE(calls, 1);
    QVERIFY(!model.canCancel(id));
    QVERIFY(!model.cancel(id));
    // A running task without a cancel link cannot be canceled.
    const int running = model.add({.operation = u"Reboot"_s});
    model.setCanceller(running, [] { return true; });
    Task t;
    t.href = QUrl(u"https://vcd.example/api/task/2"_s);
    t.status = TaskStatus::Running;
    model.setTask(running, t);
    QVERIFY(!model.canCancel(running));
    t.links << Link{u"task:cancel"_s, QUrl(u"https://vcd.example/api/task/2/action/cancel"_s), {}, {}, {}};
    model.setTask(running, t);
    QVERIFY(model.canCancel(running));
}

void TestTaskModel::serverHistoryAndCap()
{
    TaskModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int active = model.add({.operation = u"Deploy"_s});
    Task done;
    done.operation = u"Powered Off"_s;
    done.status = TaskStatus::Success;
    done.owner.name = u"db-01"_s;
    done.startTime = QDateTime::currentDateTimeUtc().addSecs(-90);
    done.endTime = QDateTime::currentDateTimeUtc().addSecs(-30);
    for (int i = 0; i < TaskModel::kMaxRows + 10; ++i)
        model.addServerTask(nullptr, u"prod"_s, done);
    QCOMPARE(model.rowCount(), TaskModel::kMaxRows);
    QVERIFY(model.indexOfId(active).isValid()); // active rows are never dropped
    const QModelIndex first = model.index(0, 0);
    QCOMPARE(first.siblingAtColumn(TaskModel::TargetColumn).data().toString(), u"db-01"_s);
    QCOMPARE(first.siblingAtColumn(TaskModel::ElapsedColumn).data().toString(), u"1 min 0 s"_s);
    QCOMPARE(first.siblingAtColumn(TaskModel::ProgressColumn).data().toString(), u"100 %"_s);
}

QTEST_MAIN(TestTaskModel)
#include "tst_taskmodel.moc"
