// TaskPane on a TaskModel driven directly (as ActionBatch drives it): rows of every connection with the
// progress column drawn as a bar that has room for its text; the pane shows itself when a task starts
// and selects it unless the user watches another running one; Cancel is enabled only for a row that
// can be canceled, says why not otherwise, and calls the row's canceller; a failed task shows VCD's
// full error text (not while it still runs); a "waiting: entity busy" row explains itself; Clear
// finished keeps the running rows; the summary counts what runs.

#include "core/model/taskmodel.h"
#include "ui/tasks/taskpane.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;
using State = TaskModel::State;

namespace {

const QString kToolsError =
    u"null\n - Cannot complete operation because VMware Tools is not running in this virtual machine."_s;

TaskModel::Entry entry(const QString &target, const QString &connection, State state = State::Sending)
{
    return {.operation = u"Power off"_s, .target = target, .connection = connection, .state = state};
}

} // namespace

class TestTaskPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsOfEveryConnection();
    void showsItselfWhenATaskStarts();
    void cancelOnlyWhereAllowed();
    void failedTaskShowsTheFullError();
    void waitingRowExplainsItself();
    void clearFinishedKeepsRunningRows();
};

void TestTaskPane::rowsOfEveryConnection()
{
    TaskModel tasks;
    TaskPane pane(&tasks);
    pane.resize(900, 300);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.objectName(), u"tasksDock"_s);
    QCOMPARE(pane.findChild<QTreeView *>(u"taskView"_s), pane.view());
    QCOMPARE(pane.view()->model(), &tasks);
    QCOMPARE(pane.model(), &tasks);

    const int prod = tasks.add(entry(u"web-01"_s, u"prod"_s));
    const int lab = tasks.add(entry(u"db-01"_s, u"lab"_s));
    Task running;
    running.href = QUrl(u"https://vcd.example/api/task/1"_s);
    running.status = TaskStatus::Running;
    running.progress = 40;
    tasks.setTask(prod, running);
    QCOMPARE(pane.view()->model()->rowCount(), 2);
    // Newest first, each with its connection.
    const QModelIndex top = tasks.indexOfId(lab, TaskModel::ConnectionColumn);
    QCOMPARE(pane.view()->model()->index(0, TaskModel::ConnectionColumn).data().toString(), u"lab"_s);
    QCOMPARE(top.data().toString(), u"lab"_s);
    QCOMPARE(tasks.indexOfId(prod, TaskModel::ConnectionColumn).data().toString(), u"prod"_s);
    QCOMPARE(tasks.indexOfId(prod, TaskModel::TargetColumn).data().toString(), u"web-01"_s);

    // The progress column is a bar with room for the percentage inside it, not a text-high row.
    QVERIFY(pane.view()->itemDelegateForColumn(TaskModel::ProgressColumn));
    QVERIFY(pane.view()->itemDelegateForColumn(TaskModel::ProgressColumn) != pane.view()->itemDelegate());
    const int rowHeight = pane.view()->visualRect(tasks.indexOfId(prod)).height();
    QVERIFY2(rowHeight >= pane.view()->fontMetrics().height() + 10, qPrintable(QString::number(rowHeight)));
    // The summary counts what runs, and is empty once the last task ended (no stale "1 running").
    auto *summary = pane.findChild<QLabel *>(u"taskSummary"_s);
    QVERIFY(summary);
    QCOMPARE(summary->text(), u"2 running"_s);
    // Drawing a running and a failed row works.
    tasks.setFailed(lab, kToolsError);
    QVERIFY(!pane.grab().isNull());
    QCOMPARE(summary->text(), u"1 running"_s);
    tasks.setState(prod, State::Succeeded);
    QCOMPARE(summary->text(), QString());
}

void TestTaskPane::showsItselfWhenATaskStarts()
{
    TaskModel tasks;
    TaskPane pane(&tasks);
    pane.hide();
    QVERIFY(!pane.isVisible());
    const int a = tasks.add(entry(u"web-01"_s, u"prod"_s));
    QVERIFY(pane.isVisible());
    QCOMPARE(pane.view()->currentIndex().data(TaskModel::IdRole).toInt(), a);
    // The user watches a running task: a new one does not take the selection away.
    const int b = tasks.add(entry(u"web-02"_s, u"prod"_s));
    QCOMPARE(pane.view()->currentIndex().data(TaskModel::IdRole).toInt(), a);
    // The watched one ended: the next new task is selected.
    tasks.setState(a, State::Succeeded);
    pane.hide();
    const int c = tasks.add(entry(u"web-03"_s, u"lab"_s));
    QVERIFY(pane.isVisible());
    QCOMPARE(pane.view()->currentIndex().data(TaskModel::IdRole).toInt(), c);
    QVERIFY(b != c);
}

void TestTaskPane::cancelOnlyWhereAllowed()
{
    TaskModel tasks;
    TaskPane pane(&tasks);
    pane.show();
    QToolButton *cancel = pane.findChild<QToolButton *>(u"cancelTaskButton"_s);
    QCOMPARE(cancel, pane.cancelButton());
    // Nothing selected: nothing to cancel.
    QVERIFY(!cancel->isEnabled());
    QVERIFY(!pane.cancelCurrent());

    int canceled = 0;
    const int queued = tasks.add(entry(u"web-01"_s, u"prod"_s, State::Queued));
    tasks.setCanceller(queued, [&] {
        ++canceled;
        tasks.setState(queued, State::Canceled, u"Canceled before it started."_s);
        return true;
    });
    const int plain = tasks.add(entry(u"web-02"_s, u"prod"_s, State::Queued)); // no canceller
    pane.view()->setCurrentIndex(tasks.indexOfId(plain));
    QVERIFY(!cancel->isEnabled());
    QVERIFY2(cancel->toolTip().contains(u"cannot be canceled"_s), qPrintable(cancel->toolTip()));
    QVERIFY(!pane.cancelCurrent());

    pane.view()->setCurrentIndex(tasks.indexOfId(queued));
    QVERIFY(cancel->isEnabled());
    QCOMPARE(cancel->toolTip(), u"Cancel this action or task"_s);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(canceled, 1);
    QCOMPARE(State(tasks.indexOfId(queued).data(TaskModel::StateRole).toInt()), State::Canceled);
    // Ended: the button follows the row without a new selection.
    QVERIFY(!cancel->isEnabled());
    QVERIFY(!pane.cancelCurrent());
    QCOMPARE(canceled, 1);
}

void TestTaskPane::failedTaskShowsTheFullError()
{
    TaskModel tasks;
    TaskPane pane(&tasks);
    pane.show();
    QPlainTextEdit *error = pane.findChild<QPlainTextEdit *>(u"taskErrorView"_s);
    QCOMPARE(error, pane.errorView());
    QVERIFY(!error->isVisibleTo(&pane)); // nothing to say: the rows get the room

    const int id = tasks.add(entry(u"web-01"_s, u"prod"_s));
    pane.view()->setCurrentIndex(tasks.indexOfId(id));
    Task task;
    task.href = QUrl(u"https://vcd.example/api/task/7"_s);
    task.status = TaskStatus::Running;
    ApiErrorBody body;
    body.message = kToolsError;
    task.error = body;
    // VCD may attach the error while the task still runs: not shown yet.
    tasks.setTask(id, task);
    QVERIFY(!error->isVisibleTo(&pane));
    QCOMPARE(error->toPlainText(), QString());

    task.status = TaskStatus::Error;
    tasks.setTask(id, task);
    QVERIFY(error->isVisibleTo(&pane));
    // Every line of it, VCD's "null" first line included; read-only.
    QCOMPARE(error->toPlainText(), kToolsError);
    QVERIFY(error->isReadOnly());

    // Another row without an error: the view goes away again.
    const int ok = tasks.add(entry(u"web-02"_s, u"prod"_s, State::Succeeded));
    pane.view()->setCurrentIndex(tasks.indexOfId(ok));
    QVERIFY(!error->isVisibleTo(&pane));
    QCOMPARE(error->toPlainText(), QString());
    pane.view()->setCurrentIndex(tasks.indexOfId(id));
    QCOMPARE(error->toPlainText(), kToolsError);
}

void TestTaskPane::waitingRowExplainsItself()
{
    TaskModel tasks;
    TaskPane pane(&tasks);
    pane.show();
    const int id = tasks.add(entry(u"dc-01"_s, u"prod"_s));
    tasks.setCanceller(id, [] { return true; });
    pane.view()->setCurrentIndex(tasks.indexOfId(id));
    QVERIFY(!pane.cancelButton()->isEnabled()); // on its way: a sent request cannot be recalled
    Task blocking;
    blocking.operation = u"Rebooting Virtual Application ad-domain"_s;
    tasks.setWaitingForBusyEntity(id, blocking);
    const QString state = pane.view()->model()->index(0, TaskModel::StateColumn).data().toString();
    QVERIFY2(state.startsWith(u"waiting: entity busy"_s), qPrintable(state));
    QVERIFY(pane.cancelButton()->isEnabled());
    QVERIFY(pane.errorView()->isVisibleTo(&pane));
    QVERIFY2(pane.errorView()->toPlainText().contains(u"busy with another task"_s),
             qPrintable(pane.errorView()->toPlainText()));
    // It runs after all: the explanation goes.
    tasks.setState(id, State::Running);
    QVERIFY(!pane.errorView()->isVisibleTo(&pane));
}

void TestTaskPane::clearFinishedKeepsRunningRows()
{
    TaskModel tasks;
    TaskPane pane(&tasks);
    pane.show();
    const int running = tasks.add(entry(u"web-01"_s, u"prod"_s, State::Running));
    const int done = tasks.add(entry(u"web-02"_s, u"lab"_s));
    const int failed = tasks.add(entry(u"web-03"_s, u"lab"_s));
    tasks.setState(done, State::Succeeded);
    tasks.setFailed(failed, kToolsError);
    QCOMPARE(pane.view()->model()->rowCount(), 3);
    auto *clear = pane.findChild<QToolButton *>(u"clearTasksButton"_s);
    QVERIFY(clear);
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(pane.view()->model()->rowCount(), 1);
    QCOMPARE(pane.view()->model()->index(0, 0).data(TaskModel::IdRole).toInt(), running);
}

QTEST_MAIN(TestTaskPane)
#include "tst_taskpane.moc"
