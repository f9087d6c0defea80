// ActionRunner against the in-process simulator: an empty list runs nothing; a batch is announced,
// counted while it runs, its rows land in the runner's TaskModel (operation, target, connection,
// owner) and it is announced again when finished; one ActionService per session, gone with the
// session; the tracker schedule reaches the batch's task tracking and the busy schedule reaches a
// service made before it was set (both seen as how often the task is polled); a runner destroyed
// while its batch runs takes the batch (and its task tracking) with it.

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

namespace {

constexpr int kWaitMs = 30000;
constexpr int kTaskMs = 400;

struct SimVm
{
    QString id;
    QString name;
    QString vappId;
};

// The powered-on VMs of tenant orgs, in the cloud's order.
QList<SimVm> poweredOn(sim::VcdSimulator &simulator)
{
    QList<SimVm> vms;
    simulator.withCloud([&](sim::Cloud &c) {
        for (const sim::Vm *v : c.vms.rows()) {
            if (v->status == sim::Status::PoweredOn && !c.orgs.find(v->orgId)->isSystem)
                vms.append({v->id, v->name, v->vappId});
        }
    });
    return vms;
}

int getsOf(const Session &session, const QUrl &href)
{
    int n = 0;
    for (const Exchange &e : session.requestLog()->entries())
        n += e.method == "GET" && e.url == href ? 1 : 0;
    return n;
}

} // namespace

class TestActionRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void emptyListRunsNothing();
    void batchAnnouncedCountedAndInTheTaskModel();
    void oneServicePerSession();
    void trackerScheduleReachesTheTasks();
    void busyScheduleReachesExistingServices();
    void destroyedRunnerTakesItsBatches();

private:
    ActionBatch::Item itemOf(const SimVm &vm);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<Session> m_session;
};

void TestActionRunner::initTestCase()
{
    sim::SimConfig cfg;
    cfg.taskDurationMs = kTaskMs;
    m_sim = test::startSimulator(cfg);
    QVERIFY(m_sim);
    m_session = test::logIn(*m_sim, u"administrator"_s, u"System"_s);
    QVERIFY(m_session);
}

void TestActionRunner::cleanup()
{
    m_sim->setTaskDurationMs(kTaskMs);
}

void TestActionRunner::cleanupTestCase()
{
    m_session.reset();
    m_sim.reset();
}

ActionBatch::Item TestActionRunner::itemOf(const SimVm &vm)
{
    const QUrl href(sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::Vm, vm.id));
    const auto read = XmlReaders::readVm(test::fetch(*m_session, href).body);
    if (!read)
        return {};
    const QString vapp = sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::VApp, vm.vappId);
    return {m_session.get(), u"demo"_s, ActionTarget::of(*read), vapp, {}};
}

void TestActionRunner::emptyListRunsNothing()
{
    TaskModel tasks;
    ActionRunner runner(&tasks);
    QSignalSpy started(&runner, &ActionRunner::batchStarted);
    QCOMPARE(runner.run(Action::PowerOff, {}), nullptr);
    QCOMPARE(started.count(), 0);
    QCOMPARE(runner.runningBatches(), 0);
    QCOMPARE(tasks.rowCount(), 0);
}

void TestActionRunner::batchAnnouncedCountedAndInTheTaskModel()
{
    TaskModel tasks;
    ActionRunner runner(&tasks);
    runner.setTrackerSchedule({20, 1.5, 100});
    QCOMPARE(runner.tasks(), &tasks);
    const QList<SimVm> vms = poweredOn(*m_sim);
    QVERIFY(!vms.isEmpty());
    QSignalSpy started(&runner, &ActionRunner::batchStarted);
    QSignalSpy finished(&runner, &ActionRunner::batchFinished);
    QPointer<ActionBatch> batch = runner.run(Action::PowerOff, {itemOf(vms.first())});
    QVERIFY(batch);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.first().first().value<ActionBatch *>(), batch.data());
    QCOMPARE(batch->parent(), &runner);
    QCOMPARE(runner.runningBatches(), 1);
    QCOMPARE(tasks.rowCount(), 1);
    QCOMPARE(tasks.index(0, TaskModel::OperationColumn).data().toString(), u"Power off"_s);
    QCOMPARE(tasks.index(0, TaskModel::TargetColumn).data().toString(), vms.first().name);
    QCOMPARE(tasks.index(0, TaskModel::ConnectionColumn).data().toString(), u"demo"_s);
    QCOMPARE(tasks.index(0, TaskModel::OwnerColumn).data().toString(), u"administrator"_s);
    QCOMPARE(tasks.index(0, 0).data(TaskModel::SessionRole).value<QObject *>(), m_session.get());

    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().value<ActionBatch *>(), started.first().first().value<ActionBatch *>());
    QCOMPARE(runner.runningBatches(), 0);
    QCOMPARE(TaskModel::State(tasks.index(0, 0).data(TaskModel::StateRole).toInt()),
             TaskModel::State::Succeeded);
    // A finished batch goes away by itself.
    QTRY_VERIFY(batch.isNull());
}

void TestActionRunner::oneServicePerSession()
{
    TaskModel tasks;
    ActionRunner runner(&tasks);
    QCOMPARE(runner.service(nullptr), nullptr);
    ActionService *first = runner.service(m_session.get());
    QVERIFY(first);
    QCOMPARE(runner.service(m_session.get()), first);
    auto other = std::make_unique<Session>();
    QPointer<ActionService> second = runner.service(other.get());
    QVERIFY(second);
    QVERIFY(second.data() != first);
    // The service goes with its session.
    other.reset();
    QVERIFY(second.isNull());
    QCOMPARE(runner.service(m_session.get()), first);
}

void TestActionRunner::trackerScheduleReachesTheTasks()
{
    TaskModel tasks;
    ActionRunner runner(&tasks);
    // Polls every 20 ms: a 400 ms task is read many times (the default schedule reads it once or twice).
    const TaskTracker::Schedule fast{20, 1.0, 20};
    runner.setTrackerSchedule(fast);
    QCOMPARE(runner.trackerSchedule().firstDelayMs, 20);
    const QList<SimVm> vms = poweredOn(*m_sim);
    QVERIFY(!vms.isEmpty());
    QSignalSpy finished(&runner, &ActionRunner::batchFinished);
    ActionBatch *batch = runner.run(Action::PowerOff, {itemOf(vms.first())});
    QVERIFY(batch);
    batch->setAutoDelete(false);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(batch->outcome(0).result, ActionBatch::Outcome::Result::Succeeded);
    const QUrl task = batch->outcome(0).task.href;
    QVERIFY(task.isValid());
    const int polls = getsOf(*m_session, task);
    QVERIFY2(polls >= 5, qPrintable(QString::number(polls)));
}

void TestActionRunner::busyScheduleReachesExistingServices()
{
    TaskModel tasks;
    ActionRunner runner(&tasks);
    runner.setTrackerSchedule({20, 1.5, 100});
    // The service exists before the schedule is set: it must follow it too.
    QVERIFY(runner.service(m_session.get()));
    runner.setBusySchedule({20, 1.0, 20});

    // Another client reboots a vApp: it is busy for a while.
    const QList<SimVm> vms = poweredOn(*m_sim);
    QVERIFY(!vms.isEmpty());
    const SimVm vm = vms.first();
    const ActionBatch::Item item = itemOf(vm); // its links read while the vApp is still idle
    m_sim->setTaskDurationMs(600);
    auto other = test::logIn(*m_sim, u"administrator"_s, u"System"_s);
    QVERIFY(other);
    const QUrl vappHref(sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::VApp, vm.vappId));
    const auto vapp = XmlReaders::readVApp(test::fetch(*other, vappHref).body);
    QVERIFY(vapp);
    ActionService service(other.get());
    ActionJob *reboot = service.reboot(ActionTarget::of(*vapp));
    QSignalSpy accepted(reboot, &ActionJob::accepted);
    QVERIFY(accepted.wait(kWaitMs));
    const QUrl blocking = accepted.first().first().value<Task>().href;
    QVERIFY(blocking.isValid());

    QSignalSpy finished(&runner, &ActionRunner::batchFinished);
    ActionBatch *batch = runner.run(Action::PowerOff, {item});
    QVERIFY(batch);
    batch->setAutoDelete(false);
    QTRY_COMPARE_WITH_TIMEOUT(TaskModel::State(tasks.index(0, 0).data(TaskModel::StateRole).toInt()),
                              TaskModel::State::WaitingForBusyEntity, kWaitMs);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(batch->outcome(0).result, ActionBatch::Outcome::Result::Succeeded);
    // The blocking task was followed at the runner's pace (every 20 ms over most of 600 ms).
    const int polls = getsOf(*m_session, blocking);
    QVERIFY2(polls >= 5, qPrintable(QString::number(polls)));
}

void TestActionRunner::destroyedRunnerTakesItsBatches()
{
    TaskModel tasks;
    auto runner = std::make_unique<ActionRunner>(&tasks);
    runner->setTrackerSchedule({20, 1.5, 100});
    m_sim->setTaskDurationMs(60000);
    const QList<SimVm> vms = poweredOn(*m_sim);
    QVERIFY(!vms.isEmpty());
    QPointer<ActionBatch> batch = runner->run(Action::PowerOff, {itemOf(vms.first())});
    QVERIFY(batch);
    QTRY_COMPARE_WITH_TIMEOUT(TaskModel::State(tasks.index(0, 0).data(TaskModel::StateRole).toInt()),
                              TaskModel::State::Running, kWaitMs);
    QSignalSpy finished(batch.data(), &ActionBatch::finished);
    runner.reset();
    QVERIFY(batch.isNull());
    // Nothing of it calls back once the deferred deletes ran (its task tracker went with it).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(tasks.rowCount(), 1);
}

QTEST_MAIN(TestActionRunner)
#include "tst_actionrunner.moc"
