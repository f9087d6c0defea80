// ActionBatch against the in-process simulator: the items of different vApps start at once while those
// of one vApp go one after the other (the next when the previous one's task ended); each item is a
// TaskModel row from the moment it is queued; one summary sentence counts successes and failures and
// names each failure with the server's own reason; a queued item is canceled without a request and a
// running task through task:cancel; a closed connection fails at once; the batch deletes itself after
// finished() unless told otherwise; a console ticket comes back through ticketReady().

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/model/taskmodel.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/actionbatch.h"
#include "core/services/actionrunner.h"
#include "core/services/actionservice.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "sim/xmlutil.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using Result = ActionBatch::Outcome::Result;

namespace {

constexpr int kWaitMs = 30000;
constexpr int kTaskMs = 200;

struct SimVm
{
    QString id;
    QString name;
    QString vappId;
};

// Powered-on VMs of tenant orgs whose guest tools run, grouped by vApp (in the cloud's order).
QList<QList<SimVm>> poweredOnByVApp(sim::VcdSimulator &simulator)
{
    QList<QList<SimVm>> groups;
    QHash<QString, int> at;
    simulator.withCloud([&](sim::Cloud &c) {
        for (const sim::Vm *v : c.vms.rows()) {
            if (v->status != sim::Status::PoweredOn ||
                (v->toolsStatus != u"toolsOk" && v->toolsStatus != u"toolsOld"))
                continue;
            if (c.orgs.find(v->orgId)->isSystem)
                continue;
            if (!at.contains(v->vappId)) {
                at.insert(v->vappId, int(groups.size()));
                groups.append(QList<SimVm>());
            }
            groups[at.value(v->vappId)].append({v->id, v->name, v->vappId});
        }
    });
    return groups;
}

int vmStatus(sim::VcdSimulator &simulator, const QString &id)
{
    int status = -1;
    simulator.withCloud([&](sim::Cloud &c) { status = c.vms.find(id)->status; });
    return status;
}

} // namespace

class TestActionBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void parallelAcrossVAppsInOrderWithin();
    void oneSummaryOfSuccessesAndFailures();
    void cancelQueuedAndRunning();
    void closedConnectionFailsAtOnce();
    void consoleTicketComesBack();

private:
    ActionBatch::Item itemOf(const SimVm &vm);
    ActionBatch *run(Action action, const QList<ActionBatch::Item> &items, QStringList *events = nullptr);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<TaskModel> m_tasks;
    std::unique_ptr<ActionRunner> m_runner;
};

void TestActionBatch::initTestCase()
{
    sim::SimConfig cfg;
    cfg.taskDurationMs = kTaskMs;
    m_sim = test::startSimulator(cfg);
    QVERIFY(m_sim);
    m_session = test::logIn(*m_sim, u"administrator"_s, u"System"_s);
    QVERIFY(m_session);
}

void TestActionBatch::init()
{
    m_tasks = std::make_unique<TaskModel>();
    m_runner = std::make_unique<ActionRunner>(m_tasks.get());
    m_runner->setTrackerSchedule({20, 1.5, 100});
    m_runner->setBusySchedule({20, 1.5, 100});
}

void TestActionBatch::cleanup()
{
    m_runner.reset();
    m_tasks.reset();
    m_sim->setTaskDurationMs(kTaskMs);
}

void TestActionBatch::cleanupTestCase()
{
    m_session.reset();
    m_sim.reset();
}

ActionBatch::Item TestActionBatch::itemOf(const SimVm &vm)
{
    const QUrl href(sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::Vm, vm.id));
    const auto read = XmlReaders::readVm(test::fetch(*m_session, href).body);
    if (!read)
        return {};
    const QString vapp = sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::VApp, vm.vappId);
    return {m_session.get(), u"demo"_s, ActionTarget::of(*read), vapp, {}};
}

// Runs through the runner and records what the batch says, in order, from its very start (items of
// new groups start inside run()). The batch is kept after finished() so the test can read it.
ActionBatch *TestActionBatch::run(Action action, const QList<ActionBatch::Item> &items, QStringList *events)
{
    QMetaObject::Connection c =
        connect(m_runner.get(), &ActionRunner::batchStarted, this, [events](ActionBatch *batch) {
            batch->setAutoDelete(false);
            if (!events)
                return;
            connect(batch, &ActionBatch::itemStarted, batch,
                    [events](int i) { events->append(u"start %1"_s.arg(i)); });
            connect(batch, &ActionBatch::itemFinished, batch,
                    [events](int i) { events->append(u"end %1"_s.arg(i)); });
            connect(batch, &ActionBatch::finished, batch, [events] { events->append(u"finished"_s); });
        });
    ActionBatch *batch = m_runner->run(action, items);
    disconnect(c);
    return batch;
}

void TestActionBatch::parallelAcrossVAppsInOrderWithin()
{
    const QList<QList<SimVm>> groups = poweredOnByVApp(*m_sim);
    const QList<SimVm> *two = nullptr;
    const QList<SimVm> *other = nullptr;
    for (const QList<SimVm> &g : groups) {
        if (!two && g.size() >= 2)
            two = &g;
        else if (!other)
            other = &g;
    }
    QVERIFY(two && other);
    const SimVm a1 = two->at(0);
    const SimVm a2 = two->at(1);
    const SimVm b1 = other->at(0);
    QStringList events;
    ActionBatch *batch = run(Action::PowerOff, {itemOf(a1), itemOf(a2), itemOf(b1)}, &events);
    QVERIFY(batch);
    QSignalSpy finished(batch, &ActionBatch::finished);
    // At once: the first of each vApp; the second VM of the first vApp waits its turn, as a row.
    QCOMPARE(events, (QStringList{u"start 0"_s, u"start 2"_s}));
    QCOMPARE(m_tasks->rowCount(), 3);
    const QModelIndex queued = m_tasks->indexOfId(batch->taskRowId(1));
    QCOMPARE(TaskModel::State(queued.data(TaskModel::StateRole).toInt()), TaskModel::State::Queued);
    QVERIFY(queued.data(TaskModel::CanCancelRole).toBool());
    QCOMPARE(m_tasks->indexOfId(batch->taskRowId(1), TaskModel::TargetColumn).data().toString(), a2.name);
    QCOMPARE(m_tasks->indexOfId(batch->taskRowId(1), TaskModel::ConnectionColumn).data().toString(),
             u"demo"_s);

    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.count(), 1);
    QVERIFY(batch->isDone());
    QCOMPARE(events.count(u"start 1"_s), 1);
    // In order within the vApp: the second starts only once the first one's task ended…
    QVERIFY2(events.indexOf(u"end 0"_s) < events.indexOf(u"start 1"_s), qPrintable(events.join(u", "_s)));
    // … while the other vApp ran beside it.
    QVERIFY2(events.indexOf(u"start 2"_s) < events.indexOf(u"end 0"_s), qPrintable(events.join(u", "_s)));
    QCOMPARE(events.last(), u"finished"_s);
    QCOMPARE(batch->succeededCount(), 3);
    QCOMPARE(batch->failedCount(), 0);
    QCOMPARE(batch->summary(), u"Power off: 3 of 3 succeeded."_s);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(batch->outcome(i).result, Result::Succeeded);
        QCOMPARE(batch->outcome(i).task.status, TaskStatus::Success);
        QCOMPARE(TaskModel::State(m_tasks->indexOfId(batch->taskRowId(i)).data(TaskModel::StateRole).toInt()),
                 TaskModel::State::Succeeded);
    }
    for (const SimVm &vm : {a1, a2, b1})
        QCOMPARE(vmStatus(*m_sim, vm.id), int(sim::Status::PoweredOff));
    QCOMPARE(m_tasks->activeCount(), 0);
}

void TestActionBatch::oneSummaryOfSuccessesAndFailures()
{
    const QList<QList<SimVm>> groups = poweredOnByVApp(*m_sim);
    QVERIFY(groups.size() >= 2);
    const SimVm good = groups.at(0).first();
    const SimVm noTools = groups.at(1).first();
    // Its guest tools stop: VCD's shutdown task fails with its own two-line message.
    m_sim->withCloud([&](sim::Cloud &c) { c.vms.find(noTools.id)->toolsStatus = u"toolsNotRunning"_s; });
    ActionBatch::Item gone = itemOf(good);
    gone.target.name = u"stale-vm"_s;
    gone.target.links.clear(); // read before; the server offers no shutdown now
    gone.group = u"elsewhere"_s;

    ActionBatch *batch = run(Action::Shutdown, {itemOf(good), itemOf(noTools), gone});
    QVERIFY(batch);
    QSignalSpy finished(batch, &ActionBatch::finished);
    QVERIFY(batch->isDone() || finished.wait(kWaitMs));
    QCOMPARE(batch->succeededCount(), 1);
    QCOMPARE(batch->failedCount(), 2);
    QCOMPARE(batch->outcome(0).result, Result::Succeeded);
    QCOMPARE(batch->outcome(1).result, Result::Failed);
    QVERIFY2(batch->outcome(1).message.contains(u"VMware Tools is not running"_s),
             qPrintable(batch->outcome(1).message));
    QCOMPARE(batch->outcome(2).result, Result::Failed);
    QVERIFY(!batch->outcome(2).message.isEmpty());
    // The task pane's row keeps VCD's whole error text.
    const QModelIndex failedRow = m_tasks->indexOfId(batch->taskRowId(1));
    QCOMPARE(TaskModel::State(failedRow.data(TaskModel::StateRole).toInt()), TaskModel::State::Failed);
    QVERIFY2(failedRow.data(TaskModel::ErrorRole).toString().contains(u"Cannot complete operation"_s),
             qPrintable(failedRow.data(TaskModel::ErrorRole).toString()));
    // One sentence: the count, then each failure with its reason.
    const QString summary = batch->summary();
    QVERIFY2(summary.startsWith(u"Shut down: 1 of 3 succeeded, 2 failed — "_s), qPrintable(summary));
    QVERIFY2(summary.contains(noTools.name + u": "_s + batch->outcome(1).message), qPrintable(summary));
    QVERIFY2(summary.contains(u"stale-vm: "_s + batch->outcome(2).message), qPrintable(summary));
    QVERIFY(!summary.contains(good.name + u':'));
    QCOMPARE(vmStatus(*m_sim, good.id), int(sim::Status::PoweredOff));
    QCOMPARE(vmStatus(*m_sim, noTools.id), int(sim::Status::PoweredOn));
}

void TestActionBatch::cancelQueuedAndRunning()
{
    const QList<QList<SimVm>> groups = poweredOnByVApp(*m_sim);
    const QList<SimVm> *two = nullptr;
    for (const QList<SimVm> &g : groups)
        if (!two && g.size() >= 2)
            two = &g;
    QVERIFY(two);
    const SimVm first = two->at(0);
    const SimVm second = two->at(1);
    m_sim->setTaskDurationMs(60000);
    QStringList events;
    ActionBatch *batch = run(Action::PowerOff, {itemOf(first), itemOf(second)}, &events);
    QVERIFY(batch);
    QSignalSpy finished(batch, &ActionBatch::finished);
    // The first runs on the server (and offers task:cancel once polled); the second is queued.
    const QModelIndex running = m_tasks->indexOfId(batch->taskRowId(0));
    QTRY_VERIFY_WITH_TIMEOUT(running.data(TaskModel::CanCancelRole).toBool() &&
                                 TaskModel::State(running.data(TaskModel::StateRole).toInt()) ==
                                     TaskModel::State::Running,
                             kWaitMs);
    batch->cancelAll();
    QVERIFY(batch->isDone() || finished.wait(kWaitMs));
    QCOMPARE(batch->outcome(0).result, Result::Canceled);
    QCOMPARE(batch->outcome(1).result, Result::Canceled);
    QCOMPARE(batch->outcome(1).message, u"Canceled before it started."_s);
    QCOMPARE(batch->failedCount(), 2);
    QVERIFY2(batch->summary().startsWith(u"Power off: 0 of 2 succeeded, 2 failed"_s),
             qPrintable(batch->summary()));
    // The queued one never went out; the canceled task changed nothing.
    QCOMPARE(events.count(u"start 1"_s), 0);
    const QString secondHref = sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::Vm, second.id);
    for (const Exchange &e : m_session->requestLog()->entries())
        QVERIFY2(!(e.method == "POST" && e.url.toString().startsWith(secondHref)),
                 qPrintable(e.url.toString()));
    QCOMPARE(vmStatus(*m_sim, first.id), int(sim::Status::PoweredOn));
    QCOMPARE(vmStatus(*m_sim, second.id), int(sim::Status::PoweredOn));
    for (int i = 0; i < 2; ++i)
        QCOMPARE(TaskModel::State(m_tasks->indexOfId(batch->taskRowId(i)).data(TaskModel::StateRole).toInt()),
                 TaskModel::State::Canceled);
}

void TestActionBatch::closedConnectionFailsAtOnce()
{
    ActionBatch::Item item;
    item.connection = u"gone"_s;
    item.target.name = u"web-01"_s;
    item.target.href = QUrl(u"https://vcd.example/api/vApp/vm-1"_s);
    QPointer<ActionBatch> batch = m_runner->run(Action::PowerOn, {item});
    QVERIFY(batch);
    // Ended inside run(): nothing to wait for, nothing left running.
    QVERIFY(batch->isDone());
    QCOMPARE(batch->outcome(0).result, Result::Failed);
    QCOMPARE(batch->outcome(0).message, u"The connection is closed."_s);
    QCOMPARE(batch->summary(), u"Power on of web-01 failed: The connection is closed."_s);
    QCOMPARE(m_runner->runningBatches(), 0);
    const QModelIndex row = m_tasks->indexOfId(batch->taskRowId(0));
    QCOMPARE(TaskModel::State(row.data(TaskModel::StateRole).toInt()), TaskModel::State::Failed);
    QCOMPARE(row.data(TaskModel::ErrorRole).toString(), u"The connection is closed."_s);
    // Not told otherwise, it deletes itself once finished.
    QTRY_VERIFY(batch.isNull());
}

void TestActionBatch::consoleTicketComesBack()
{
    const QList<QList<SimVm>> groups = poweredOnByVApp(*m_sim);
    QVERIFY(!groups.isEmpty());
    const SimVm vm = groups.first().first();
    ActionBatch *batch = run(Action::AcquireMksTicket, {itemOf(vm)});
    QVERIFY(batch);
    QSignalSpy ticket(batch, &ActionBatch::ticketReady);
    QSignalSpy finished(batch, &ActionBatch::finished);
    QVERIFY(batch->isDone() || finished.wait(kWaitMs));
    QCOMPARE(ticket.count(), 1);
    QVERIFY(batch->ticket().has_value());
    QVERIFY(!batch->ticket()->ticket.isEmpty());
    QCOMPARE(ticket.first().first().value<MksTicket>().ticket, batch->ticket()->ticket);
    QCOMPARE(batch->outcome(0).result, Result::Succeeded);
    QCOMPARE(batch->summary(),
             ActionService::actionName(Action::AcquireMksTicket) + u": done for "_s + vm.name + u'.');
    QCOMPARE(TaskModel::State(m_tasks->indexOfId(batch->taskRowId(0)).data(TaskModel::StateRole).toInt()),
             TaskModel::State::Succeeded);
}

QTEST_MAIN(TestActionBatch)
#include "tst_actionbatch.moc"
