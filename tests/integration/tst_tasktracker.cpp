// TaskTracker against vcd-sim (issue #3 item 10): progress then success, a task ending in error with
// its Error, cancel through task:cancel → canceled, a timeout that really fires while the server task
// keeps running, and polling that carries on across a session expiry + silent re-login. Polling runs
// on a millisecond schedule (the schedule is injectable).

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/tasktracker.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "sim/xmlutil.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;

namespace {

constexpr int kWaitMs = 30000;

TaskTracker::Schedule fast()
{
    TaskTracker::Schedule s;
    s.firstDelayMs = 20;
    s.factor = 1.5;
    s.maxDelayMs = 120;
    return s;
}

// Names repeat across orgs in the demo (every org has a jump-host): look in acme-corp only.
QString vappId(VcdSimulator &sim, const QString &name)
{
    QString id;
    sim.withCloud([&](sim::Cloud &c) {
        const QString org = c.orgByName(u"acme-corp"_s)->id;
        for (const sim::VApp *v : c.vapps.rows())
            if (v->name == name && v->orgId == org)
                id = v->id;
    });
    return id;
}

QString vmId(VcdSimulator &sim, const QString &name)
{
    QString id;
    sim.withCloud([&](sim::Cloud &c) {
        const QString org = c.orgByName(u"acme-corp"_s)->id;
        for (const sim::Vm *v : c.vms.rows())
            if (v->name == name && v->orgId == org)
                id = v->id;
    });
    return id;
}

QUrl hrefOf(const VcdSimulator &sim, sim::Kind kind, const QString &id)
{
    return QUrl(sim::hrefOf(sim.baseUrl().toString(), kind, id));
}

QUrl childUrl(const QUrl &base, const QString &suffix)
{
    QString s = base.toString();
    s.append(suffix);
    return QUrl(s);
}

// POSTs an action (the test knows the URL; the client code under test is the tracker) and returns
// the Task of the 202.
std::optional<Task> startAction(Session &session, const QUrl &url)
{
    ApiCall *call = session.post(url);
    call->setAutoDelete(false); // read it after the wait below
    if (!QTest::qWaitFor([call] { return call->isFinished(); }, kWaitMs) || call->status() != 202)
        return std::nullopt;
    auto task = XmlReaders::readTask(call->body());
    call->deleteLater();
    return task.value;
}

int loginsIn(const RequestLog &log)
{
    int n = 0;
    for (const Exchange &e : log.entries())
        if (e.method == "POST" &&
            (e.url.path().endsWith(u"/sessions") || e.url.path().endsWith(u"/sessions/provider")))
            ++n;
    return n;
}

} // namespace

class TestTaskTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void schedule();
    void progressThenSuccess();
    void trackByHref();
    void errorTask();
    void cancelEndsCanceled();
    void timeoutFires();
    void continuesAcrossExpiry();
};

void TestTaskTracker::schedule()
{
    TaskTracker::Schedule s; // defaults: about 0.5 s rising to 5 s
    QCOMPARE(s.delayBefore(1), 500);
    QCOMPARE(s.delayBefore(2), 500);
    QVERIFY(s.delayBefore(3) > 500);
    QVERIFY(s.delayBefore(4) > s.delayBefore(3));
    QCOMPARE(s.delayBefore(50), 5000);
    const TaskTracker::Schedule f = fast();
    QCOMPARE(f.delayBefore(2), 20);
    QCOMPARE(f.delayBefore(3), 30);
    QCOMPARE(f.delayBefore(30), 120);
}

void TestTaskTracker::progressThenSuccess()
{
    SimConfig cfg;
    cfg.taskDurationMs = 600;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    const QUrl vapp = hrefOf(*sim, sim::Kind::VApp, vappId(*sim, u"dev-sandbox"_s));
    const auto task = startAction(session, childUrl(vapp, u"/power/action/powerOn"_s));
    QVERIFY(task);
    QVERIFY(task->status == TaskStatus::Queued || task->status == TaskStatus::Running);

    TaskTracker tracker(&session);
    tracker.setSchedule(fast());
    QSignalSpy progressed(&tracker, &TaskTracker::progressed);
    QSignalSpy finished(&tracker, &TaskTracker::finished);
    QSignalSpy failed(&tracker, &TaskTracker::failed);
    tracker.track(*task);
    QVERIFY(tracker.isActive());
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.count(), 1);
    const Task done = finished.first().first().value<Task>();
    QCOMPARE(done.status, TaskStatus::Success);
    QCOMPARE(done.href, task->href);
    QVERIFY(!done.error);
    QVERIFY(!tracker.isActive());

    // Progress was reported on the way, never going backwards, and the tracker polled with back-off
    // (several polls, not one per millisecond).
    QVERIFY(progressed.count() >= 2);
    int last = -1;
    for (const auto &args : progressed) {
        const int p = args.at(0).toInt();
        QVERIFY(p >= last);
        last = p;
    }
    QVERIFY(tracker.polls() >= 3);
    QVERIFY(tracker.polls() < 100);

    // The effect is visible once the task succeeded.
    ApiCall *get = session.get(vapp);
    get->setAutoDelete(false); // read it after the wait below
    QVERIFY(QTest::qWaitFor([get] { return get->isFinished(); }, kWaitMs));
    QCOMPARE(XmlReaders::readVApp(get->body())->status, 4);
}

void TestTaskTracker::trackByHref()
{
    auto sim = test::startSimulator(SimConfig{});
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    const QUrl vapp = hrefOf(*sim, sim::Kind::VApp, vappId(*sim, u"dev-sandbox"_s));
    const auto task = startAction(session, childUrl(vapp, u"/power/action/powerOn"_s));
    QVERIFY(task);
    TaskTracker tracker(&session);
    tracker.setSchedule(fast());
    QSignalSpy finished(&tracker, &TaskTracker::finished);
    tracker.track(task->href);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.first().first().value<Task>().status, TaskStatus::Success);
}

void TestTaskTracker::errorTask()
{
    SimConfig cfg;
    cfg.taskDurationMs = 200;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    // A guest shutdown needs VMware Tools; without them the task fails (sim/actionengine.cpp).
    const QString vm = vmId(*sim, u"jump-01"_s);
    sim->withCloud([&](sim::Cloud &c) { c.vms.find(vm)->toolsStatus = u"toolsNotRunning"_s; });
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    const auto task =
        startAction(session, childUrl(hrefOf(*sim, sim::Kind::Vm, vm), u"/power/action/shutdown"_s));
    QVERIFY(task);

    TaskTracker tracker(&session);
    tracker.setSchedule(fast());
    QSignalSpy finished(&tracker, &TaskTracker::finished);
    QSignalSpy failed(&tracker, &TaskTracker::failed);
    tracker.track(*task);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count(), 0); // the task failed, the tracking did not
    const Task done = finished.first().first().value<Task>();
    QCOMPARE(done.status, TaskStatus::Error);
    QVERIFY(done.error.has_value());
    QCOMPARE(done.error->minorErrorCode, u"INTERNAL_SERVER_ERROR"_s);
    QVERIFY(done.error->message.contains(u"VMware Tools"));
    QVERIFY(!tracker.cancel()); // over: nothing to cancel
}

void TestTaskTracker::cancelEndsCanceled()
{
    SimConfig cfg;
    cfg.taskDurationMs = 4000;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    const QUrl vapp = hrefOf(*sim, sim::Kind::VApp, vappId(*sim, u"dev-sandbox"_s));
    const auto task = startAction(session, childUrl(vapp, u"/power/action/powerOn"_s));
    QVERIFY(task);

    TaskTracker tracker(&session);
    tracker.setSchedule(fast());
    QSignalSpy progressed(&tracker, &TaskTracker::progressed);
    QSignalSpy accepted(&tracker, &TaskTracker::cancelAccepted);
    QSignalSpy cancelFailed(&tracker, &TaskTracker::cancelFailed);
    QSignalSpy finished(&tracker, &TaskTracker::finished);
    tracker.track(task->href); // not read yet: the cancel waits for the first poll's links
    QVERIFY(tracker.cancel());
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(cancelFailed.count(), 0);
    QCOMPARE(finished.first().first().value<Task>().status, TaskStatus::Canceled);

    // The cancel went through the task's own link and answered 204.
    bool sawCancel = false;
    for (const Exchange &e : session.requestLog()->entries())
        if (e.method == "POST" && e.url.path().endsWith(u"/action/cancel")) {
            QCOMPARE(e.url.path(), QString(task->href.path() + u"/action/cancel"));
            QCOMPARE(e.status, 204);
            sawCancel = true;
        }
    QVERIFY(sawCancel);
    // The vApp never powered on.
    ApiCall *get = session.get(vapp);
    get->setAutoDelete(false); // read it after the wait below
    QVERIFY(QTest::qWaitFor([get] { return get->isFinished(); }, kWaitMs));
    QCOMPARE(XmlReaders::readVApp(get->body())->status, 8);
}

void TestTaskTracker::timeoutFires()
{
    SimConfig cfg;
    cfg.taskDurationMs = 20000;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    const QUrl vapp = hrefOf(*sim, sim::Kind::VApp, vappId(*sim, u"dev-sandbox"_s));
    const auto task = startAction(session, childUrl(vapp, u"/power/action/powerOn"_s));
    QVERIFY(task);

    TaskTracker tracker(&session);
    tracker.setSchedule(fast());
    tracker.setTimeoutMs(400);
    QSignalSpy timedOut(&tracker, &TaskTracker::timedOut);
    QSignalSpy finished(&tracker, &TaskTracker::finished);
    QSignalSpy failed(&tracker, &TaskTracker::failed);
    QElapsedTimer clock;
    clock.start();
    tracker.track(*task);
    QVERIFY(timedOut.wait(kWaitMs));
    QVERIFY(clock.elapsed() >= 390);
    QVERIFY(clock.elapsed() < 5000);
    QVERIFY(!tracker.isActive());
    const Task last = timedOut.first().first().value<Task>();
    QVERIFY(last.status == TaskStatus::Running || last.status == TaskStatus::Queued ||
            last.status == TaskStatus::PreRunning);
    const int pollsAtTimeout = tracker.polls();

    // The server task was not touched: it is still running. Reading it is also the barrier that shows
    // the tracker stays silent afterwards.
    ApiCall *get = session.get(task->href);
    get->setAutoDelete(false); // read it after the wait below
    QVERIFY(QTest::qWaitFor([get] { return get->isFinished(); }, kWaitMs));
    const TaskStatus still = XmlReaders::readTask(get->body())->status;
    QVERIFY(still == TaskStatus::Queued || still == TaskStatus::PreRunning || still == TaskStatus::Running);
    QCOMPARE(tracker.polls(), pollsAtTimeout);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(timedOut.count(), 1);
}

void TestTaskTracker::continuesAcrossExpiry()
{
    SimConfig cfg;
    cfg.taskDurationMs = 1500;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s)); // the secret stays in memory
    QVERIFY(session.hasSecret());
    const QUrl vapp = hrefOf(*sim, sim::Kind::VApp, vappId(*sim, u"dev-sandbox"_s));
    const auto task = startAction(session, childUrl(vapp, u"/power/action/powerOn"_s));
    QVERIFY(task);
    QCOMPARE(loginsIn(*session.requestLog()), 1);

    TaskTracker tracker(&session);
    tracker.setSchedule(fast());
    QSignalSpy progressed(&tracker, &TaskTracker::progressed);
    QSignalSpy finished(&tracker, &TaskTracker::finished);
    QSignalSpy failed(&tracker, &TaskTracker::failed);
    QSignalSpy states(&session, &Session::stateChanged);
    // The session dies on the server while the task runs.
    connect(&tracker, &TaskTracker::progressed, this, [&](int) {
        if (progressed.count() == 1)
            sim->expireAllSessions();
    });
    tracker.track(*task);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.first().first().value<Task>().status, TaskStatus::Success);

    // It went Expired → … → Connected again, through a second login, and the polling carried on.
    bool sawExpired = false;
    for (const auto &args : states)
        sawExpired |= args.first().value<Session::State>() == Session::State::Expired;
    QVERIFY(sawExpired);
    QCOMPARE(session.state(), Session::State::Connected);
    QCOMPARE(loginsIn(*session.requestLog()), 2);
    bool polled401 = false;
    for (const Exchange &e : session.requestLog()->entries())
        polled401 |= e.status == 401 && e.url == task->href;
    QVERIFY(polled401);
}

QTEST_GUILESS_MAIN(TestTaskTracker)
#include "tst_tasktracker.moc"
