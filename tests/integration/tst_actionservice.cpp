// ActionService against vcd-sim (issue #3 items 11 and 5): every action of the simulator through the
// entity's own link with its effect visible after the task; an absent link fails clearly without a
// request; BUSY_ENTITY waits for the blocking task and retries (and the wait can be canceled); a vApp
// user's delete is refused with a mapped 403; instantiate, then the new vApp is readable.

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/actionservice.h"
#include "core/services/tasktracker.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "sim/xmlutil.h"

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
    s.maxDelayMs = 100;
    return s;
}

// Names repeat across orgs in the demo (every org has a jump-host): look in acme-corp only.
QString idByName(VcdSimulator &sim, sim::Kind kind, const QString &name)
{
    QString id;
    sim.withCloud([&](sim::Cloud &c) {
        const QString org = c.orgByName(u"acme-corp"_s)->id;
        if (kind == sim::Kind::VApp) {
            for (const sim::VApp *v : c.vapps.rows())
                if (v->name == name && v->orgId == org)
                    id = v->id;
        } else if (kind == sim::Kind::Vm) {
            for (const sim::Vm *v : c.vms.rows())
                if (v->name == name && v->orgId == org)
                    id = v->id;
        }
    });
    return id;
}

QUrl hrefOf(const VcdSimulator &sim, sim::Kind kind, const QString &id)
{
    return QUrl(sim::hrefOf(sim.baseUrl().toString(), kind, id));
}

VApp readVApp(Session &session, const QUrl &url)
{
    const auto r = XmlReaders::readVApp(test::fetch(session, url).body);
    return r ? *r : VApp{};
}

Vm readVm(Session &session, const QUrl &url)
{
    const auto r = XmlReaders::readVm(test::fetch(session, url).body);
    return r ? *r : Vm{};
}

struct Outcome
{
    bool finished = false;
    ActionJob::State state = ActionJob::State::Running;
    Task accepted;
    Task final;
    ApiError error;
    bool linkMissing = false;
};

// Runs a job to its end and, when the server accepted it with a task, follows that task to its end.
Outcome runToEnd(Session &session, ActionJob *job)
{
    Outcome out;
    QSignalSpy finished(job, &ActionJob::finished);
    out.finished = job->isDone() || finished.wait(kWaitMs);
    out.state = job->state();
    out.accepted = job->task();
    out.error = job->error();
    out.linkMissing = job->linkMissing();
    if (out.state == ActionJob::State::Accepted && !out.accepted.href.isEmpty()) {
        TaskTracker tracker(&session);
        tracker.setSchedule(fast());
        QSignalSpy done(&tracker, &TaskTracker::finished);
        tracker.track(out.accepted);
        if (done.wait(kWaitMs))
            out.final = done.first().first().value<Task>();
    }
    return out;
}

int countRequests(const RequestLog &log, const QByteArray &method, const QString &pathEnd)
{
    int n = 0;
    for (const Exchange &e : log.entries())
        if (e.method == method && e.url.path().endsWith(pathEnd))
            ++n;
    return n;
}

} // namespace

class TestActionService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyActionThroughLinks();
    void vmActions();
    void absentLinkFailsWithoutRequest();
    void busyEntityWaitsThenRetries();
    void busyEntityWaitCanBeCanceled();
    void vappUserDeleteRefused();
    void instantiateThenReadable();
};

#define RUN_OK(jobExpr)                                                                                      \
    do {                                                                                                     \
        const Outcome o_ = runToEnd(session, (jobExpr));                                                     \
        QVERIFY2(o_.finished, "the job did not finish");                                                     \
        QVERIFY2(o_.state == ActionJob::State::Accepted, qPrintable(o_.error.userMessage()));                \
        QVERIFY2(o_.final.status == TaskStatus::Success,                                                     \
                 qPrintable(u"task ended "_s + o_.final.statusString +                                       \
                            (o_.final.error ? QString(u": "_s + o_.final.error->message) : QString())));     \
    } while (false)

void TestActionService::everyActionThroughLinks()
{
    auto sim = test::startSimulator(SimConfig{});
    QVERIFY(sim);
    const QString id = idByName(*sim, sim::Kind::VApp, u"dev-sandbox"_s);
    // Guest operations need VMware Tools (sim/actionengine.cpp): make sure they run here.
    sim->withCloud([&](sim::Cloud &c) {
        for (const QString &vm : c.vapps.find(id)->vmIds)
            c.vms.find(vm)->toolsStatus = u"toolsOk"_s;
    });
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    ActionService service(&session);
    service.setBusySchedule(fast());
    const QUrl href = hrefOf(*sim, sim::Kind::VApp, id);
    VApp v = readVApp(session, href);
    QCOMPARE(v.status, 8);

    auto expectStatus = [&](int status) {
        v = readVApp(session, href);
        return v.status == status;
    };

    RUN_OK(service.powerOn(ActionTarget::of(v)));
    QVERIFY(expectStatus(4));
    QVERIFY(!ActionService::isAvailable(ActionTarget::of(v), Action::PowerOn)); // links follow the state
    RUN_OK(service.reboot(ActionTarget::of(v)));
    QVERIFY(expectStatus(4));
    RUN_OK(service.reset(ActionTarget::of(v)));
    QVERIFY(expectStatus(4));
    RUN_OK(service.suspend(ActionTarget::of(v)));
    QVERIFY(expectStatus(3));
    RUN_OK(service.discardSuspendedState(ActionTarget::of(v)));
    QVERIFY(expectStatus(8));
    RUN_OK(service.powerOn(ActionTarget::of(v)));
    QVERIFY(expectStatus(4));
    RUN_OK(service.shutdown(ActionTarget::of(v)));
    QVERIFY(expectStatus(8));
    RUN_OK(service.powerOn(ActionTarget::of(v)));
    QVERIFY(expectStatus(4));
    RUN_OK(service.powerOff(ActionTarget::of(v)));
    QVERIFY(expectStatus(8));
    QVERIFY(v.deployed); // a power off keeps the deployment
    RUN_OK(service.undeploy(ActionTarget::of(v), UndeployPowerAction::PowerOff));
    QVERIFY(expectStatus(8));
    QVERIFY(!v.deployed);
    DeployOptions deploy;
    deploy.powerOn = false;
    RUN_OK(service.deploy(ActionTarget::of(v), deploy));
    QVERIFY(expectStatus(8));
    QVERIFY(v.deployed);
    RUN_OK(service.undeploy(ActionTarget::of(v)));
    QVERIFY(expectStatus(8));
    QVERIFY(!v.deployed);

    // Snapshots.
    SnapshotOptions snap;
    snap.name = u"before-upgrade"_s;
    snap.description = u"taken by the test"_s;
    RUN_OK(service.createSnapshot(ActionTarget::of(v), snap));
    v = readVApp(session, href);
    QString snapName;
    sim->withCloud([&](sim::Cloud &c) {
        if (const auto &s = c.vapps.find(id)->snapshot)
            snapName = s->name;
    });
    QCOMPARE(snapName, snap.name); // the body reached the server as meant
    QVERIFY(ActionService::isAvailable(ActionTarget::of(v), Action::RevertToCurrentSnapshot));
    RUN_OK(service.revertToCurrentSnapshot(ActionTarget::of(v)));
    v = readVApp(session, href);
    RUN_OK(service.removeAllSnapshots(ActionTarget::of(v)));
    v = readVApp(session, href);
    QVERIFY(!ActionService::isAvailable(ActionTarget::of(v), Action::RemoveAllSnapshots));
    sim->withCloud([&](sim::Cloud &c) { QVERIFY(!c.vapps.find(id)->snapshot); });

    // Rename + description (GET, then PUT of the entity through its edit link).
    RUN_OK(service.rename(ActionTarget::of(v), u"dev-sandbox (renamed), 2"_s, u"new words"_s));
    v = readVApp(session, href);
    QCOMPARE(v.name, u"dev-sandbox (renamed), 2"_s);
    QCOMPARE(v.description, u"new words"_s);
    // Rename only: the description stays.
    RUN_OK(service.rename(ActionTarget::of(v), u"dev-sandbox-2"_s));
    v = readVApp(session, href);
    QCOMPARE(v.name, u"dev-sandbox-2"_s);
    QCOMPARE(v.description, u"new words"_s);

    // Metadata: set (string, number), replace, delete.
    MetadataEntry env;
    env.key = u"env"_s;
    env.value = u"test, really"_s;
    RUN_OK(service.setMetadata(ActionTarget::of(v), env));
    MetadataEntry count;
    count.key = u"count"_s;
    count.type = MetadataType::Number;
    count.value = u"42"_s;
    RUN_OK(service.setMetadata(ActionTarget::of(v), count));
    const QUrl metaHref = ActionService::linkFor(Action::SetMetadata, v.links)->href;
    auto md = XmlReaders::readMetadata(test::fetch(session, metaHref).body);
    QVERIFY(md);
    QCOMPARE(md->entry(u"env")->value, u"test, really"_s);
    QCOMPARE(md->entry(u"count")->type, MetadataType::Number);
    QCOMPARE(md->entry(u"count")->typedValue().toLongLong(), qlonglong(42));
    RUN_OK(service.deleteMetadata(ActionTarget::of(v), u"env"_s));
    md = XmlReaders::readMetadata(test::fetch(session, metaHref).body);
    QVERIFY(!md->entry(u"env"));
    QVERIFY(md->entry(u"count"));

    // Delete: the vApp is gone afterwards (403 is also VCD's answer for what does not exist, §5).
    QVERIFY(ActionService::isAvailable(ActionTarget::of(v), Action::Delete));
    RUN_OK(service.deleteEntity(ActionTarget::of(v)));
    QCOMPARE(test::fetch(session, href).status, 403);

    // Every request went to a URL the entity's links named: no /power/ or /action/ URL was built.
    for (const Exchange &e : session.requestLog()->entries()) {
        if (e.method == "GET")
            continue;
        QVERIFY2(e.url.path().startsWith(href.path()) || e.url.path().contains(u"/api/task/") ||
                     e.url.path().endsWith(u"/sessions"),
                 qPrintable(e.url.toString()));
    }
}

void TestActionService::vmActions()
{
    auto sim = test::startSimulator(SimConfig{});
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    ActionService service(&session);
    const QUrl href = hrefOf(*sim, sim::Kind::Vm, idByName(*sim, sim::Kind::Vm, u"jump-01"_s));
    Vm vm = readVm(session, href);
    QCOMPARE(vm.status, 4);

    // Console ticket: synchronous, no task.
    ActionJob *job = service.acquireMksTicket(ActionTarget::of(vm));
    QSignalSpy ticket(job, &ActionJob::ticketReady);
    QSignalSpy accepted(job, &ActionJob::accepted);
    QSignalSpy finished(job, &ActionJob::finished);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(ticket.count(), 1);
    QCOMPARE(accepted.count(), 0);
    const auto t = ticket.first().first().value<MksTicket>();
    QVERIFY(!t.ticket.isEmpty());
    QVERIFY(!t.host.isEmpty());
    QCOMPARE(t.port, 902);
    QCOMPARE(job->mksTicket()->ticket, t.ticket);

    RUN_OK(service.powerOff(ActionTarget::of(vm)));
    vm = readVm(session, href);
    QCOMPARE(vm.status, 8);
    // Powered off: no console link any more.
    QVERIFY(!ActionService::isAvailable(ActionTarget::of(vm), Action::AcquireMksTicket));
    RUN_OK(service.rename(ActionTarget::of(vm), u"jump-01b"_s, u"renamed VM"_s));
    vm = readVm(session, href);
    QCOMPARE(vm.name, u"jump-01b"_s);
    QCOMPARE(vm.description, u"renamed VM"_s);
}

void TestActionService::absentLinkFailsWithoutRequest()
{
    auto sim = test::startSimulator(SimConfig{});
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    ActionService service(&session);
    const VApp running =
        readVApp(session, hrefOf(*sim, sim::Kind::VApp, idByName(*sim, sim::Kind::VApp, u"jump-host"_s)));
    QCOMPARE(running.status, 4);
    const int before = session.requestLog()->size();

    ActionJob *job = service.powerOn(ActionTarget::of(running)); // already on: the server offers no powerOn
    QSignalSpy failed(job, &ActionJob::failed);
    QSignalSpy finished(job, &ActionJob::finished);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count(), 1);
    QVERIFY(job->linkMissing());
    QCOMPARE(job->state(), ActionJob::State::Failed);
    const ApiError e = failed.first().first().value<ApiError>();
    QVERIFY2(e.userMessage().contains(u"not available"), qPrintable(e.userMessage()));
    QVERIFY(e.userMessage().contains(u"jump-host"));
    QCOMPARE(job->requestsSent(), 0);
    QCOMPARE(session.requestLog()->size(), before); // nothing was sent

    // Same for a running vApp's delete (no remove link while it runs, §3.2).
    ActionJob *del = service.deleteEntity(ActionTarget::of(running));
    QSignalSpy delFinished(del, &ActionJob::finished);
    QVERIFY(delFinished.wait(kWaitMs));
    QVERIFY(del->linkMissing());
    QCOMPARE(session.requestLog()->size(), before);
}

void TestActionService::busyEntityWaitsThenRetries()
{
    SimConfig cfg;
    cfg.taskDurationMs = 800;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    ActionService service(&session);
    service.setBusySchedule(fast());
    const QUrl href = hrefOf(*sim, sim::Kind::VApp, idByName(*sim, sim::Kind::VApp, u"dev-sandbox"_s));
    const VApp v = readVApp(session, href);

    ActionJob *power = service.powerOn(ActionTarget::of(v));
    QSignalSpy powerDone(power, &ActionJob::finished);
    QVERIFY(powerDone.wait(kWaitMs));
    QCOMPARE(power->state(), ActionJob::State::Accepted);
    const Task blocking = power->task();

    // The powerOn task holds the vApp for ~800 ms: the snapshot is refused with BUSY_ENTITY, waits for
    // that very task, then goes through.
    SnapshotOptions snap;
    snap.name = u"after-boot"_s;
    ActionJob *job = service.createSnapshot(ActionTarget::of(v), snap);
    QSignalSpy waiting(job, &ActionJob::waitingForBusyEntity);
    QSignalSpy retrying(job, &ActionJob::retrying);
    QSignalSpy accepted(job, &ActionJob::accepted);
    QSignalSpy failed(job, &ActionJob::failed);
    QVERIFY(waiting.wait(kWaitMs));
    QCOMPARE(job->state(), ActionJob::State::WaitingForBusyEntity);
    QCOMPARE(waiting.first().first().value<Task>().href, blocking.href);
    const Outcome o = runToEnd(session, job);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(retrying.count(), 1);
    QCOMPARE(job->busyWaits(), 1);
    QCOMPARE(job->requestsSent(), 2);
    QCOMPARE(o.final.status, TaskStatus::Success);

    // On the wire: the first snapshot POST met 400 BUSY_ENTITY, the second one only after the powerOn
    // task had ended.
    QList<Exchange> posts;
    for (const Exchange &e : session.requestLog()->entries())
        if (e.method == "POST" && e.url.path().endsWith(u"/action/createSnapshot"))
            posts << e;
    QCOMPARE(posts.size(), 2);
    QCOMPARE(posts[0].status, 400);
    QVERIFY(posts[0].responseBody.contains("BUSY_ENTITY"));
    QCOMPARE(posts[1].status, 202);
    QString powerStatus;
    QDateTime powerEnd;
    sim->withCloud([&](sim::Cloud &c) {
        const sim::Task *t = c.tasks.find(blocking.href.path().section(u'/', -1));
        powerStatus = t->status;
        powerEnd = t->endTime;
    });
    QCOMPARE(powerStatus, u"success"_s);
    QVERIFY(posts[1].startedAt >= powerEnd.addMSecs(-1));
    const QString sandbox = idByName(*sim, sim::Kind::VApp, u"dev-sandbox"_s);
    sim->withCloud([&](sim::Cloud &c) {
        const auto &s = c.vapps.find(sandbox)->snapshot;
        QVERIFY(s && s->name == u"after-boot");
    });
}

void TestActionService::busyEntityWaitCanBeCanceled()
{
    SimConfig cfg;
    cfg.taskDurationMs = 4000;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    ActionService service(&session);
    service.setBusySchedule(fast());
    const QUrl href = hrefOf(*sim, sim::Kind::VApp, idByName(*sim, sim::Kind::VApp, u"dev-sandbox"_s));
    const VApp v = readVApp(session, href);
    ActionJob *power = service.powerOn(ActionTarget::of(v));
    QSignalSpy powerDone(power, &ActionJob::finished);
    QVERIFY(powerDone.wait(kWaitMs));
    const Task blocking = power->task();

    // A stopped vApp offers snapshot:create; the running powerOn task makes the server refuse it.
    ActionJob *job = service.createSnapshot(ActionTarget::of(v));
    QSignalSpy waiting(job, &ActionJob::waitingForBusyEntity);
    QSignalSpy failed(job, &ActionJob::failed);
    QSignalSpy accepted(job, &ActionJob::accepted);
    QSignalSpy finished(job, &ActionJob::finished);
    connect(job, &ActionJob::waitingForBusyEntity, job, [job] { QVERIFY(job->cancel()); });
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(waiting.count(), 1);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().value<ApiError>().kind(), ApiError::Kind::Canceled);
    QCOMPARE(job->state(), ActionJob::State::Canceled);
    QVERIFY(!job->cancel()); // done

    // Only the one refused request; the blocking task was left alone and still runs.
    QCOMPARE(countRequests(*session.requestLog(), "POST", u"/action/createSnapshot"_s), 1);
    const auto t = XmlReaders::readTask(test::fetch(session, blocking.href).body);
    QVERIFY(t);
    QVERIFY(t->status == TaskStatus::Running || t->status == TaskStatus::Queued ||
            t->status == TaskStatus::PreRunning);
}

void TestActionService::vappUserDeleteRefused()
{
    auto sim = test::startSimulator(SimConfig{});
    QVERIFY(sim);
    Session admin;
    QVERIFY(test::logIn(admin, *sim, u"orgadmin"_s, u"acme-corp"_s));
    Session user;
    QVERIFY(test::logIn(user, *sim, u"vappuser"_s, u"acme-corp"_s));

    // A vApp the org admin may delete (stopped, undeployed: it has a remove link for them).
    QStringList ids;
    sim->withCloud([&](sim::Cloud &c) {
        const sim::Org *org = c.orgByName(u"acme-corp"_s);
        for (const sim::VApp *v : c.vapps.rows())
            if (v->orgId == org->id)
                ids << v->id;
    });
    VApp asAdmin;
    for (const QString &id : ids) {
        const VApp v = readVApp(admin, hrefOf(*sim, sim::Kind::VApp, id));
        if (hasLink(v.links, u"remove")) {
            asAdmin = v;
            break;
        }
    }
    if (asAdmin.href.isEmpty()) {
        // None in the demo right now: make dev-sandbox deletable (undeployed and stopped) on the server.
        const QString id = idByName(*sim, sim::Kind::VApp, u"dev-sandbox"_s);
        sim->withCloud([&](sim::Cloud &c) {
            sim::VApp *v = c.vapps.find(id);
            v->deployed = false;
            for (const QString &vm : v->vmIds) {
                c.vms.find(vm)->deployed = false;
                c.vms.find(vm)->status = sim::Status::PoweredOff;
            }
        });
        asAdmin = readVApp(admin, hrefOf(*sim, sim::Kind::VApp, id));
    }
    QVERIFY(hasLink(asAdmin.links, u"remove"));

    // The vApp user's own view offers no remove link: refused before any request.
    const VApp asUser = readVApp(user, asAdmin.href);
    QVERIFY(!asUser.href.isEmpty());
    QVERIFY(!ActionService::isAvailable(ActionTarget::of(asUser), Action::Delete));
    ActionService userActions(&user);
    ActionJob *own = userActions.deleteEntity(ActionTarget::of(asUser));
    QSignalSpy ownDone(own, &ActionJob::finished);
    QVERIFY(ownDone.wait(kWaitMs));
    QVERIFY(own->linkMissing());

    // Through a link seen by someone else (a stale or shared view), the server refuses: 403, mapped.
    ActionJob *job = userActions.deleteEntity(ActionTarget::of(asAdmin));
    QSignalSpy failed(job, &ActionJob::failed);
    QSignalSpy finished(job, &ActionJob::finished);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count(), 1);
    const ApiError e = failed.first().first().value<ApiError>();
    QCOMPARE(e.httpStatus(), 403);
    QCOMPARE(e.kind(), ApiError::Kind::Vcd);
    QCOMPARE(e.minorCode(), u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);
    QVERIFY(!e.userMessage().isEmpty());
    QVERIFY(e.userMessage().contains(u"403"));
    QVERIFY(!job->linkMissing());
    QCOMPARE(job->requestsSent(), 1); // a 403 is never replayed
    // Still there.
    QCOMPARE(test::fetch(admin, asAdmin.href).status, 200);
}

void TestActionService::instantiateThenReadable()
{
    auto sim = test::startSimulator(SimConfig{});
    QVERIFY(sim);
    Session session;
    QVERIFY(test::logIn(session, *sim, u"orgadmin"_s, u"acme-corp"_s));
    ActionService service(&session);

    QString vdcId;
    QString templateId;
    int templateVms = 0;
    sim->withCloud([&](sim::Cloud &c) {
        const sim::Org *org = c.orgByName(u"acme-corp"_s);
        for (const sim::VAppTemplate *t : c.templates.rows())
            if (t->orgId == org->id && templateId.isEmpty()) {
                templateId = t->id;
                vdcId = t->vdcId;
                templateVms = int(t->vms.size());
            }
    });
    QVERIFY(!templateId.isEmpty());
    const auto vdcRead = XmlReaders::readVdc(test::fetch(session, hrefOf(*sim, sim::Kind::Vdc, vdcId)).body);
    QVERIFY(vdcRead);
    const Vdc vdc = *vdcRead;
    QVERIFY(ActionService::isAvailable(ActionTarget::of(vdc), Action::InstantiateVAppTemplate));
    QVERIFY(!vdc.availableNetworks.isEmpty());

    InstantiateOptions opts;
    opts.name = u"from-template (test), 1"_s;
    opts.description = u"made by tst_actionservice"_s;
    opts.templateHref = hrefOf(*sim, sim::Kind::VAppTemplate, templateId);
    opts.deploy = false;
    opts.powerOn = false;
    opts.networkName = vdc.availableNetworks.first().name;
    opts.parentNetworkHref = vdc.availableNetworks.first().href;
    ActionJob *job = service.instantiateVAppTemplate(ActionTarget::of(vdc), opts);
    const Outcome o = runToEnd(session, job);
    QVERIFY2(o.state == ActionJob::State::Accepted, qPrintable(o.error.userMessage()));
    QVERIFY(job->createdVApp().has_value());
    QCOMPARE(job->createdVApp()->status, 0); // still being created
    QVERIFY(!o.accepted.href.isEmpty());
    QCOMPARE(o.final.status, TaskStatus::Success);

    const VApp created = readVApp(session, job->createdVApp()->href);
    QCOMPARE(created.name, opts.name);
    QCOMPARE(created.description, opts.description);
    QCOMPARE(created.status, 8);
    QCOMPARE(int(created.vms.size()), templateVms);
    for (const Vm &vm : created.vms) {
        QVERIFY(!vm.nics.isEmpty());
        QCOMPARE(vm.nics.first().network, opts.networkName);
    }
}

QTEST_GUILESS_MAIN(TestActionService)
#include "tst_actionservice.moc"
