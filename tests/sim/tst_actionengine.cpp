#include "sim/actionengine.h"
#include "sim/cloud.h"
#include "sim/taskengine.h"

#include <QHostAddress>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

// A small cloud built by hand:
//   org A: vdc-a (network net-a, pool 10.0.0.10–10.0.0.13), vApps
//     web  (vm-web1, vm-web2: on, deployed)
//     db   (vm-db: off, undeployed)
//     idle (vm-idle: suspended, deployed)
//     notools (vm-nt: on, deployed, VMware Tools not running)
//   catalog cat-a with template tpl-a (2 VMs); org B with its own unpublished template tpl-b.
//   users: sys (System administrator), adminA, userA (vApp user), adminB.
class TestActionEngine : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Cloud> m_cloud;
    std::unique_ptr<TaskEngine> m_tasks;
    std::unique_ptr<ActionEngine> m_actions;

    const User &user(const char *id) const { return *m_cloud->users.find(QString::fromLatin1(id)); }
    Vm &vm(const char *id) const { return *m_cloud->vms.find(QString::fromLatin1(id)); }
    VApp &vapp(const char *id) const { return *m_cloud->vapps.find(QString::fromLatin1(id)); }

    void addUser(const char *id, const char *org, Role role)
    {
        User u;
        u.id = QString::fromLatin1(id);
        u.name = u.id;
        u.orgId = QString::fromLatin1(org);
        u.role = role;
        m_cloud->users.insert(u);
    }
    void addVApp(const char *id, const char *name, const QList<std::pair<const char *, int>> &vms,
                 bool deployed)
    {
        VApp a;
        a.id = QString::fromLatin1(id);
        a.seq = m_cloud->nextSeq();
        a.name = QString::fromLatin1(name);
        a.vdcId = u"vdc-a"_s;
        a.orgId = u"org-a"_s;
        a.deployed = deployed;
        a.networkNames = {u"net-a"_s};
        int n = 0;
        for (const auto &[vmId, status] : vms) {
            Vm v;
            v.id = QString::fromLatin1(vmId);
            v.seq = m_cloud->nextSeq();
            v.name = v.id;
            v.vappId = a.id;
            v.vdcId = a.vdcId;
            v.orgId = a.orgId;
            v.status = status;
            v.deployed = deployed;
            v.disks = {Disk{2000, 10240, u"paravirtual"_s, u"Standard"_s}};
            Nic nic;
            nic.networkName = u"net-a"_s;
            nic.ipAddress = u"10.0.0.%1"_s.arg(50 + m_cloud->vms.size());
            v.nics = {nic};
            v.localId = ++n;
            a.vmIds.append(v.id);
            m_cloud->vms.insert(v);
        }
        m_cloud->vapps.insert(a);
    }

    static MetadataEntry meta(const QString &key, const QString &value,
                              MetadataEntry::Type type = MetadataEntry::Type::String,
                              const QString &domain = u"GENERAL"_s,
                              const QString &visibility = u"READWRITE"_s)
    {
        MetadataEntry e;
        e.key = key;
        e.type = type;
        e.value = value;
        e.domain = domain;
        e.visibility = visibility;
        return e;
    }
    static InstantiateParams inst(const QString &name, const QString &templateId)
    {
        InstantiateParams p;
        p.name = name;
        p.templateId = templateId;
        return p;
    }
    static TemplateVm templateVm(const QString &id, const QString &name)
    {
        TemplateVm t;
        t.id = id;
        t.name = name;
        return t;
    }

    // Waits for a task to reach a terminal status.
    static bool finish(const Task *task)
    {
        if (!task)
            return false;
        return QTest::qWaitFor([task] { return task->isFinished(); }, 5000);
    }

private Q_SLOTS:
    void init()
    {
        m_cloud = std::make_unique<Cloud>();
        Org sys;
        sys.id = u"org-sys"_s;
        sys.name = u"System"_s;
        sys.isSystem = true;
        m_cloud->orgs.insert(sys);
        Org a;
        a.id = u"org-a"_s;
        a.name = u"A"_s;
        m_cloud->orgs.insert(a);
        Org b;
        b.id = u"org-b"_s;
        b.name = u"B"_s;
        m_cloud->orgs.insert(b);
        addUser("sys", "org-sys", Role::SystemAdministrator);
        addUser("adminA", "org-a", Role::OrgAdministrator);
        addUser("userA", "org-a", Role::VAppUser);
        addUser("adminB", "org-b", Role::OrgAdministrator);

        Vdc vdc;
        vdc.id = u"vdc-a"_s;
        vdc.name = u"vdc-a"_s;
        vdc.orgId = u"org-a"_s;
        m_cloud->vdcs.insert(vdc);
        Vdc vdcB;
        vdcB.id = u"vdc-b"_s;
        vdcB.name = u"vdc-b"_s;
        vdcB.orgId = u"org-b"_s;
        m_cloud->vdcs.insert(vdcB);

        Network net;
        net.id = u"net-a-id"_s;
        net.name = u"net-a"_s;
        net.orgId = u"org-a"_s;
        net.vdcId = u"vdc-a"_s;
        net.gateway = u"10.0.0.1"_s;
        net.rangeStart = u"10.0.0.10"_s;
        net.rangeEnd = u"10.0.0.13"_s;
        m_cloud->networks.insert(net);

        addVApp("web", "web", {{"vm-web1", Status::PoweredOn}, {"vm-web2", Status::PoweredOn}}, true);
        addVApp("db", "db", {{"vm-db", Status::PoweredOff}}, false);
        addVApp("idle", "idle", {{"vm-idle", Status::Suspended}}, true);
        addVApp("notools", "notools", {{"vm-nt", Status::PoweredOn}}, true);
        vm("vm-nt").toolsStatus = u"toolsNotRunning"_s;
        // An address of the pool is already taken by an existing VM.
        vm("vm-db").nics[0].ipAddress = u"10.0.0.10"_s;

        Catalog cat;
        cat.id = u"cat-a"_s;
        cat.name = u"cat-a"_s;
        cat.orgId = u"org-a"_s;
        m_cloud->catalogs.insert(cat);
        VAppTemplate tpl;
        tpl.id = u"tpl-a"_s;
        tpl.name = u"ubuntu"_s;
        tpl.orgId = u"org-a"_s;
        tpl.catalogId = u"cat-a"_s;
        tpl.vms = {templateVm(u"tvm-1"_s, u"node 1"_s), templateVm(u"tvm-2"_s, u"node2"_s)};
        m_cloud->templates.insert(tpl);
        Catalog catB;
        catB.id = u"cat-b"_s;
        catB.orgId = u"org-b"_s;
        m_cloud->catalogs.insert(catB);
        VAppTemplate tplB = tpl;
        tplB.id = u"tpl-b"_s;
        tplB.orgId = u"org-b"_s;
        tplB.catalogId = u"cat-b"_s;
        m_cloud->templates.insert(tplB);

        m_tasks = std::make_unique<TaskEngine>(*m_cloud);
        m_tasks->setTaskDuration(0);
        m_actions = std::make_unique<ActionEngine>(*m_cloud, *m_tasks);
    }

    void cleanup()
    {
        m_actions.reset();
        m_tasks.reset();
        m_cloud.reset();
    }

    // ---- power ----

    void powerOffVAppAppliesToAllVmsAndKeepsDeployment()
    {
        const ActionResult r = m_actions->powerOff(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(r.ok());
        QVERIFY(r.task);
        QCOMPARE(r.task->operationName, u"vappPowerOff"_s);
        QCOMPARE(r.task->operation, u"Powering Off Virtual Application web(web)"_s);
        QCOMPARE(r.task->ownerKind, Kind::VApp);
        QCOMPARE(r.task->ownerId, u"web"_s);
        QCOMPARE(r.task->ownerName, u"web"_s);
        QCOMPARE(r.task->orgId, u"org-a"_s);
        QCOMPARE(r.task->userId, u"adminA"_s);
        QCOMPARE(r.task->lockedVAppId, u"web"_s);
        QCOMPARE(r.task->status, u"queued"_s);
        QCOMPARE(vm("vm-web1").status, Status::PoweredOn); // not before the task ends
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"success"_s);
        QCOMPARE(r.task->operation, u"Powered Off Virtual Application web(web)"_s);
        QCOMPARE(vm("vm-web1").status, Status::PoweredOff);
        QCOMPARE(vm("vm-web2").status, Status::PoweredOff);
        QCOMPARE(m_cloud->vappStatus(vapp("web")), Status::PoweredOff);
        // Power off leaves the vApp deployed; only undeploy releases it.
        QVERIFY(vapp("web").deployed);
        QVERIFY(vm("vm-web1").deployed);
    }

    void powerOnUndeployedIsADeploy()
    {
        const ActionResult r = m_actions->powerOn(user("userA"), Kind::VApp, u"db"_s);
        QVERIFY(r.ok());
        QCOMPARE(r.task->operationName, u"vappDeploy"_s);
        QCOMPARE(r.task->operation, u"Starting Virtual Application db(db)"_s);
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->operation, u"Started Virtual Application db(db)"_s);
        QCOMPARE(vm("vm-db").status, Status::PoweredOn);
        QVERIFY(vm("vm-db").deployed);
        QVERIFY(vapp("db").deployed);
    }

    void powerOnVmOwnsItsTask()
    {
        const ActionResult off = m_actions->powerOff(user("adminA"), Kind::Vm, u"vm-web1"_s);
        QVERIFY(off.ok());
        QCOMPARE(off.task->ownerKind, Kind::Vm);
        QCOMPARE(off.task->operation, u"Powering Off Virtual Machine vm-web1(vm-web1)"_s);
        QCOMPARE(off.task->lockedVAppId, u"web"_s); // a VM action takes its vApp's lock
        QVERIFY(finish(off.task));
        QCOMPARE(vm("vm-web1").status, Status::PoweredOff);
        QCOMPARE(vm("vm-web2").status, Status::PoweredOn);
        QCOMPARE(m_cloud->vappStatus(vapp("web")), Status::Mixed);
        // Still deployed, so this power-on is a plain vappPowerOn.
        const ActionResult on = m_actions->powerOn(user("adminA"), Kind::Vm, u"vm-web1"_s);
        QVERIFY(on.ok());
        QCOMPARE(on.task->operationName, u"vappPowerOn"_s);
        QVERIFY(finish(on.task));
        QCOMPARE(vm("vm-web1").status, Status::PoweredOn);
    }

    void invalidPowerTransitions_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("message");
        const QString p = u"The requested operation could not be executed since "_s;
        QTest::newRow("powerOn running vApp")
            << u"powerOn"_s << int(Kind::VApp) << u"web"_s << p + u"vApp \"web\" is not powered off.";
        QTest::newRow("powerOn running VM")
            << u"powerOn"_s << int(Kind::Vm) << u"vm-web1"_s << p + u"VM \"vm-web1\" is not powered off.";
        QTest::newRow("powerOff stopped vApp")
            << u"powerOff"_s << int(Kind::VApp) << u"db"_s << p + u"vApp \"db\" is not running.";
        QTest::newRow("powerOff stopped VM")
            << u"powerOff"_s << int(Kind::Vm) << u"vm-db"_s << p + u"VM \"vm-db\" is not powered on.";
        QTest::newRow("shutdown stopped vApp")
            << u"shutdown"_s << int(Kind::VApp) << u"db"_s << p + u"vApp \"db\" is not running.";
        QTest::newRow("suspend suspended VM")
            << u"suspend"_s << int(Kind::Vm) << u"vm-idle"_s << p + u"VM \"vm-idle\" is not powered on.";
        QTest::newRow("reset stopped vApp") << u"reset"_s << int(Kind::VApp) << u"db"_s
                                            << p + u"vApp \"db\" does not have any powered on VMs.";
        QTest::newRow("reboot stopped VM")
            << u"reboot"_s << int(Kind::Vm) << u"vm-db"_s << p + u"VM \"vm-db\" is not powered on.";
        QTest::newRow("discard running vApp")
            << u"discard"_s << int(Kind::VApp) << u"web"_s << p + u"vApp \"web\" is not suspended.";
        QTest::newRow("undeploy undeployed vApp")
            << u"undeploy"_s << int(Kind::VApp) << u"db"_s << p + u"vApp \"db\" is not running.";
        QTest::newRow("deploy deployed+on vApp")
            << u"deploy"_s << int(Kind::VApp) << u"web"_s << p + u"vApp \"web\" is already deployed.";
        QTest::newRow("revert without snapshot")
            << u"revert"_s << int(Kind::Vm) << u"vm-db"_s << p + u"VM \"vm-db\" does not have a snapshot.";
    }
    void invalidPowerTransitions()
    {
        QFETCH(QString, op);
        QFETCH(int, kind);
        QFETCH(QString, id);
        QFETCH(QString, message);
        const User &u = user("adminA");
        const Kind k = Kind(kind);
        ActionResult r;
        if (op == u"powerOn")
            r = m_actions->powerOn(u, k, id);
        else if (op == u"powerOff")
            r = m_actions->powerOff(u, k, id);
        else if (op == u"shutdown")
            r = m_actions->shutdown(u, k, id);
        else if (op == u"suspend")
            r = m_actions->suspend(u, k, id);
        else if (op == u"reset")
            r = m_actions->reset(u, k, id);
        else if (op == u"reboot")
            r = m_actions->reboot(u, k, id);
        else if (op == u"discard")
            r = m_actions->discardSuspendedState(u, k, id);
        else if (op == u"undeploy")
            r = m_actions->undeploy(u, k, id, UndeployParams{});
        else if (op == u"deploy")
            r = m_actions->deploy(u, k, id, DeployParams{});
        else if (op == u"revert")
            r = m_actions->revertToCurrentSnapshot(u, k, id);
        QVERIFY(!r.ok());
        QVERIFY(!r.task);
        QCOMPARE(r.error->httpStatus, 400);
        QCOMPARE(r.error->minorCode, u"BAD_REQUEST"_s);
        QCOMPARE(r.error->message, message);
        QCOMPARE(m_cloud->tasks.size(), 0); // no task for a refused request
    }

    void suspendThenResumeThenDiscard()
    {
        const ActionResult s = m_actions->suspend(user("userA"), Kind::VApp, u"web"_s);
        QVERIFY(s.ok());
        QCOMPARE(s.task->operationName, u"vappSuspend"_s);
        QVERIFY(finish(s.task));
        QCOMPARE(m_cloud->vappStatus(vapp("web")), Status::Suspended);
        QVERIFY(vapp("web").deployed);
        // Power on from suspended resumes.
        const ActionResult on = m_actions->powerOn(user("userA"), Kind::VApp, u"web"_s);
        QVERIFY(on.ok());
        QVERIFY(finish(on.task));
        QCOMPARE(m_cloud->vappStatus(vapp("web")), Status::PoweredOn);
        // Discard only applies to the suspended one.
        const ActionResult d = m_actions->discardSuspendedState(user("userA"), Kind::Vm, u"vm-idle"_s);
        QVERIFY(d.ok());
        QCOMPARE(d.task->operationName, u"vappDiscardSuspendedState"_s);
        QVERIFY(finish(d.task));
        QCOMPARE(vm("vm-idle").status, Status::PoweredOff);
    }

    void rebootAndResetKeepTheMachineOn()
    {
        const ActionResult r = m_actions->reboot(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(r.ok());
        QCOMPARE(r.task->operationName, u"vappRebootGuest"_s);
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"success"_s);
        QCOMPARE(vm("vm-web1").status, Status::PoweredOn);
        const ActionResult x = m_actions->reset(user("adminA"), Kind::Vm, u"vm-web2"_s);
        QVERIFY(x.ok());
        QCOMPARE(x.task->operationName, u"vappReset"_s);
        QVERIFY(finish(x.task));
        QCOMPARE(vm("vm-web2").status, Status::PoweredOn);
    }

    void guestOperationsNeedTools()
    {
        const ActionResult r = m_actions->shutdown(user("adminA"), Kind::Vm, u"vm-nt"_s);
        QVERIFY(r.ok()); // accepted: the failure shows in the task, as on a real server
        QCOMPARE(r.task->operationName, u"vappShutdownGuest"_s);
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"error"_s);
        QVERIFY(r.task->error);
        QCOMPARE(r.task->error->majorCode, 500);
        QCOMPARE(r.task->error->minorCode, u"INTERNAL_SERVER_ERROR"_s);
        QVERIFY(r.task->error->message.contains(u"VMware Tools is not running"_s));
        QCOMPARE(vm("vm-nt").status, Status::PoweredOn); // no effect

        const ActionResult u = m_actions->undeploy(user("adminA"), Kind::VApp, u"notools"_s,
                                                   UndeployParams{UndeployPowerAction::Shutdown});
        QVERIFY(u.ok());
        QVERIFY(finish(u.task));
        QCOMPARE(u.task->status, u"error"_s);
        QCOMPARE(u.task->operation, u"Stopped Virtual Application notools(notools)"_s);
        QVERIFY(
            u.task->error->message.contains(u"Failed to shutdown guest os for the VM \"vm-nt (vm-nt)\""_s));
        QVERIFY(vapp("notools").deployed);
    }

    // ---- deploy / undeploy ----

    void deployWithoutPowerOn()
    {
        const ActionResult r =
            m_actions->deploy(user("adminA"), Kind::VApp, u"db"_s, DeployParams{false, 3600, false});
        QVERIFY(r.ok());
        QCOMPARE(r.task->operationName, u"vappDeploy"_s);
        QVERIFY(finish(r.task));
        QVERIFY(vapp("db").deployed);
        QVERIFY(vm("vm-db").deployed);
        QCOMPARE(vm("vm-db").status, Status::PoweredOff);
        QCOMPARE(vapp("db").leaseSeconds, 3600);
        // Deployed now and not asked to power on: a second deploy is refused.
        const ActionResult again =
            m_actions->deploy(user("adminA"), Kind::VApp, u"db"_s, DeployParams{false, 0, false});
        QVERIFY(!again.ok());
        QCOMPARE(again.error->httpStatus, 400);
    }

    void deployWithPowerOn()
    {
        const ActionResult r =
            m_actions->deploy(user("adminA"), Kind::Vm, u"vm-db"_s, DeployParams{true, 0, true});
        QVERIFY(r.ok());
        QVERIFY(finish(r.task));
        QCOMPARE(vm("vm-db").status, Status::PoweredOn);
        QVERIFY(vm("vm-db").deployed);
    }

    void forceCustomizationIsNotForVApps()
    {
        const ActionResult r =
            m_actions->deploy(user("adminA"), Kind::VApp, u"db"_s, DeployParams{true, 0, true});
        QVERIFY(!r.ok());
        QCOMPARE(r.error->httpStatus, 400);
        QCOMPARE(r.error->message, u"Parameter forceCustomization is not supported for vApps."_s);
    }

    void undeployPowerOffAndSuspend()
    {
        const ActionResult r = m_actions->undeploy(user("userA"), Kind::VApp, u"web"_s, UndeployParams{});
        QVERIFY(r.ok());
        QCOMPARE(r.task->operationName, u"vappUndeployPowerOff"_s);
        QCOMPARE(r.task->operation, u"Stopping Virtual Application web(web)"_s);
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->operation, u"Stopped Virtual Application web(web)"_s);
        QVERIFY(!vapp("web").deployed);
        QVERIFY(!vm("vm-web1").deployed);
        QCOMPARE(m_cloud->vappStatus(vapp("web")), Status::PoweredOff);

        const ActionResult on = m_actions->powerOn(user("userA"), Kind::VApp, u"web"_s);
        QVERIFY(finish(on.task));
        const ActionResult s = m_actions->undeploy(user("userA"), Kind::VApp, u"web"_s,
                                                   UndeployParams{UndeployPowerAction::Suspend});
        QVERIFY(s.ok());
        QCOMPARE(s.task->operationName, u"vappUndeploySuspend"_s);
        QVERIFY(finish(s.task));
        QCOMPARE(m_cloud->vappStatus(vapp("web")), Status::Suspended);
        QVERIFY(!vapp("web").deployed);
    }

    void undeployAfterPowerOffReleasesDeployment()
    {
        QVERIFY(finish(m_actions->powerOff(user("adminA"), Kind::VApp, u"web"_s).task));
        const ActionResult r = m_actions->undeploy(user("adminA"), Kind::VApp, u"web"_s, UndeployParams{});
        QVERIFY(r.ok()); // powered off but still deployed: undeploy is allowed
        QVERIFY(finish(r.task));
        QVERIFY(!vapp("web").deployed);
    }

    // ---- snapshots ----

    void snapshotReplacesTheOldOne()
    {
        const ActionResult a = m_actions->createSnapshot(user("userA"), Kind::Vm, u"vm-web1"_s,
                                                         SnapshotParams{u"first"_s, u"one"_s, true, false});
        QVERIFY(a.ok());
        QCOMPARE(a.task->operationName, u"vappCreateSnapshot"_s);
        QCOMPARE(a.task->operation, u"Creating Snapshot Virtual Machine vm-web1(vm-web1)"_s);
        QVERIFY(finish(a.task));
        QVERIFY(vm("vm-web1").snapshot);
        QCOMPARE(vm("vm-web1").snapshot->name, u"first"_s);
        QVERIFY(vm("vm-web1").snapshot->memory);
        QVERIFY(vm("vm-web1").snapshot->poweredOn);
        QVERIFY(vm("vm-web1").snapshot->sizeBytes > 0);

        const ActionResult b = m_actions->createSnapshot(user("userA"), Kind::Vm, u"vm-web1"_s,
                                                         SnapshotParams{u"second"_s, u"two"_s, false, false});
        QVERIFY(finish(b.task));
        QCOMPARE(vm("vm-web1").snapshot->name, u"second"_s);
        QCOMPARE(vm("vm-web1").snapshot->description, u"two"_s);
        QVERIFY(!vm("vm-web1").snapshot->memory);
    }

    void vappSnapshotCoversItsVms()
    {
        const ActionResult a =
            m_actions->createSnapshot(user("adminA"), Kind::VApp, u"web"_s, SnapshotParams{});
        QVERIFY(finish(a.task));
        QVERIFY(vapp("web").snapshot);
        QVERIFY(vm("vm-web1").snapshot);
        QVERIFY(vm("vm-web2").snapshot);
        const ActionResult rm = m_actions->removeAllSnapshots(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(rm.ok());
        QCOMPARE(rm.task->operationName, u"vappRemoveAllSnapshots"_s);
        QVERIFY(finish(rm.task));
        QVERIFY(!vapp("web").snapshot);
        QVERIFY(!vm("vm-web1").snapshot);
        QVERIFY(!vm("vm-web2").snapshot);
    }

    void revertRestoresThePowerState()
    {
        // A disk-only snapshot of a running VM: reverting leaves it powered off.
        QVERIFY(
            finish(m_actions->createSnapshot(user("adminA"), Kind::Vm, u"vm-web1"_s, SnapshotParams{}).task));
        const ActionResult r = m_actions->revertToCurrentSnapshot(user("adminA"), Kind::Vm, u"vm-web1"_s);
        QVERIFY(r.ok());
        QCOMPARE(r.task->operationName, u"vappRevertToCurrentSnapshot"_s);
        QVERIFY(finish(r.task));
        QCOMPARE(vm("vm-web1").status, Status::PoweredOff);
        // A memory snapshot brings it back running.
        QVERIFY(finish(m_actions->powerOn(user("adminA"), Kind::Vm, u"vm-web1"_s).task));
        QVERIFY(finish(m_actions
                           ->createSnapshot(user("adminA"), Kind::Vm, u"vm-web1"_s,
                                            SnapshotParams{u"m"_s, {}, true, false})
                           .task));
        QVERIFY(finish(m_actions->powerOff(user("adminA"), Kind::Vm, u"vm-web1"_s).task));
        QVERIFY(finish(m_actions->revertToCurrentSnapshot(user("adminA"), Kind::Vm, u"vm-web1"_s).task));
        QCOMPARE(vm("vm-web1").status, Status::PoweredOn);
    }

    // ---- delete ----

    void deleteOnlyWhenStoppedAndUndeployed()
    {
        const ActionResult running = m_actions->deleteEntity(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(!running.ok());
        QCOMPARE(running.error->httpStatus, 400);
        QCOMPARE(
            running.error->message,
            u"The requested operation could not be executed on vApp \"web\". Stop the vApp and try again."_s);
        // Powered off but still deployed: still refused.
        QVERIFY(finish(m_actions->powerOff(user("adminA"), Kind::VApp, u"web"_s).task));
        QVERIFY(!m_actions->deleteEntity(user("adminA"), Kind::VApp, u"web"_s).ok());
        QVERIFY(finish(m_actions->undeploy(user("adminA"), Kind::VApp, u"web"_s, UndeployParams{}).task));

        const ActionResult del = m_actions->deleteEntity(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(del.ok());
        QCOMPARE(del.task->operationName, u"vdcDeleteVapp"_s);
        QCOMPARE(del.task->operation, u"Deleting Virtual Application web(web)"_s);
        QVERIFY(m_cloud->vapps.find(u"web"_s)); // still there while the task runs
        QVERIFY(finish(del.task));
        QCOMPARE(del.task->status, u"success"_s);
        QVERIFY(!m_cloud->vapps.find(u"web"_s));
        QVERIFY(!m_cloud->vms.find(u"vm-web1"_s));
        QVERIFY(!m_cloud->vms.find(u"vm-web2"_s));
    }

    void deleteVmRemovesItFromItsVApp()
    {
        const ActionResult on = m_actions->deleteEntity(user("adminA"), Kind::Vm, u"vm-web1"_s);
        QVERIFY(!on.ok());
        QCOMPARE(
            on.error->message,
            u"The requested operation could not be executed on VM \"vm-web1\". Stop the VM and try again."_s);
        const ActionResult del = m_actions->deleteEntity(user("adminA"), Kind::Vm, u"vm-db"_s);
        QVERIFY(del.ok());
        QCOMPARE(del.task->ownerKind, Kind::Vm);
        QVERIFY(finish(del.task));
        QVERIFY(!m_cloud->vms.find(u"vm-db"_s));
        QVERIFY(vapp("db").vmIds.isEmpty());
        QVERIFY(m_cloud->vapps.find(u"db"_s));
    }

    // ---- rights and visibility ----

    void vappUserMayPowerButNotEdit()
    {
        const User &u = user("userA");
        QVERIFY(m_actions->powerOn(u, Kind::VApp, u"db"_s).ok());
        QVERIFY(m_actions->createSnapshot(u, Kind::Vm, u"vm-idle"_s, SnapshotParams{}).ok());

        const QList<ActionResult> refused{
            m_actions->deleteEntity(u, Kind::VApp, u"idle"_s),
            m_actions->update(u, Kind::VApp, u"notools"_s,
                              EntityUpdate{Kind::VApp, u"renamed"_s, std::nullopt}),
            m_actions->update(u, Kind::Vm, u"vm-nt"_s, EntityUpdate{Kind::Vm, u"renamed"_s, std::nullopt}),
            m_actions->mergeMetadata(u, Kind::VApp, u"notools"_s, {meta(u"k"_s, u"v"_s)}),
            m_actions->deleteMetadata(u, Kind::VApp, u"notools"_s, u"k"_s),
            m_actions->instantiateVAppTemplate(u, u"vdc-a"_s, inst(u"new"_s, u"tpl-a"_s)),
        };
        for (const ActionResult &r : refused) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error->httpStatus, 403);
            QCOMPARE(r.error->minorCode, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);
            QVERIFY2(r.error->message.startsWith(u"Either you need some or all of the following rights ["_s),
                     qPrintable(r.error->message));
            QVERIFY(r.error->message.endsWith(u" or the target entity is invalid."_s));
        }
        QVERIFY(refused[0].error->message.contains(u"[VDC_DELETE_VAPP] for urn:vcloud:vapp:idle"_s));
    }

    void otherOrgsAndUnknownEntitiesAreForbidden()
    {
        const ActionResult other = m_actions->powerOff(user("adminB"), Kind::VApp, u"web"_s);
        QVERIFY(!other.ok());
        QCOMPARE(other.error->httpStatus, 403);
        QCOMPARE(other.error->minorCode, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);
        QCOMPARE(other.error->message, u"No access to entity \"(com.vmware.vcloud.entity.vapp:web)\"."_s);
        const ActionResult unknown = m_actions->powerOff(user("adminA"), Kind::Vm, u"nope"_s);
        QCOMPARE(unknown.error->httpStatus, 403);
        QCOMPARE(unknown.error->message, u"No access to entity \"(com.vmware.vcloud.entity.vm:nope)\"."_s);
        // The same refusal for an invisible and for an unknown entity.
        QCOMPARE(m_actions->instantiateVAppTemplate(user("adminB"), u"vdc-a"_s, inst(u"x"_s, {}))
                     .error->httpStatus,
                 403);
        // A System administrator reaches every org.
        QVERIFY(m_actions->powerOff(user("sys"), Kind::VApp, u"web"_s).ok());
    }

    // ---- one operation at a time ----

    void busyEntityWhileATaskRuns()
    {
        const ActionResult first = m_actions->powerOff(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(first.ok());
        const ActionResult second =
            m_actions->createSnapshot(user("adminA"), Kind::VApp, u"web"_s, SnapshotParams{});
        QVERIFY(!second.ok());
        QCOMPARE(second.error->httpStatus, 400);
        QCOMPARE(second.error->minorCode, u"BUSY_ENTITY"_s);
        QCOMPARE(second.error->message,
                 u"The entity Ref: com.vmware.vcloud.entity.vapp:web is busy completing an operation "
                 u"VAPP_POWER_OFF. "
                 u"VAPP_POWER_OFF(com.vmware.vcloud.entity.task:%1)"_s.arg(first.task->id));
        // A VM of the busy vApp is busy too.
        const ActionResult vmAction = m_actions->powerOff(user("adminA"), Kind::Vm, u"vm-web2"_s);
        QCOMPARE(vmAction.error->minorCode, u"BUSY_ENTITY"_s);
        QVERIFY(vmAction.error->message.contains(u"com.vmware.vcloud.entity.vm:vm-web2"_s));
        // Other vApps are not affected.
        QVERIFY(m_actions->powerOn(user("adminA"), Kind::VApp, u"db"_s).ok());
        QVERIFY(finish(first.task));
        QVERIFY(m_actions->powerOn(user("adminA"), Kind::VApp, u"web"_s).ok());
    }

    // ---- update and metadata ----

    void renameAndDescribe()
    {
        const ActionResult r = m_actions->update(user("adminA"), Kind::VApp, u"db"_s,
                                                 EntityUpdate{Kind::VApp, u"database"_s, u"the db"_s});
        QVERIFY(r.ok());
        QCOMPARE(r.task->operationName, u"vdcUpdateVapp"_s);
        QVERIFY(finish(r.task));
        QCOMPARE(vapp("db").name, u"database"_s);
        QCOMPARE(vapp("db").description, u"the db"_s);
        // No Description element: the description stays.
        const ActionResult v = m_actions->update(user("adminA"), Kind::Vm, u"vm-db"_s,
                                                 EntityUpdate{Kind::Vm, u"db-1"_s, std::nullopt});
        QCOMPARE(v.task->operationName, u"vappUpdateVm"_s);
        QVERIFY(finish(v.task));
        QCOMPARE(vm("vm-db").name, u"db-1"_s);
    }

    void renameToAnExistingNameIsADuplicate()
    {
        const ActionResult r = m_actions->update(user("adminA"), Kind::VApp, u"db"_s,
                                                 EntityUpdate{Kind::VApp, u"WEB"_s, std::nullopt});
        QVERIFY(!r.ok());
        QCOMPARE(r.error->httpStatus, 400);
        QCOMPARE(r.error->minorCode, u"DUPLICATE_NAME"_s);
        QCOMPARE(r.error->message, u"The VCD entity WEB already exists."_s);
    }

    void metadataMergeSetDelete()
    {
        const MetadataEntry a = meta(u"env"_s, u"prod"_s);
        const MetadataEntry b = meta(u"tier"_s, u"3"_s, MetadataEntry::Type::Number);
        const ActionResult m = m_actions->mergeMetadata(user("adminA"), Kind::VApp, u"db"_s, {a, b});
        QVERIFY(m.ok());
        QCOMPARE(m.task->operationName, u"metadataUpdate"_s);
        QVERIFY(vapp("db").metadata.isEmpty());
        QVERIFY(finish(m.task));
        QCOMPARE(vapp("db").metadata.size(), 2);

        const ActionResult s =
            m_actions->setMetadataValue(user("adminA"), Kind::VApp, u"db"_s, u"env"_s, meta({}, u"dev"_s));
        QVERIFY(finish(s.task));
        QCOMPARE(vapp("db").metadata.size(), 2);
        QCOMPARE(vapp("db").metadata.first().key, u"env"_s);
        QCOMPARE(vapp("db").metadata.first().value, u"dev"_s);

        const ActionResult d = m_actions->deleteMetadata(user("adminA"), Kind::VApp, u"db"_s, u"tier"_s);
        QVERIFY(finish(d.task));
        QCOMPARE(vapp("db").metadata.size(), 1);

        const ActionResult missing =
            m_actions->deleteMetadata(user("adminA"), Kind::VApp, u"db"_s, u"tier"_s);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error->httpStatus, 403);
        QCOMPARE(missing.error->minorCode, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);

        // Metadata on other kinds too (no vApp lock involved).
        const ActionResult vdc = m_actions->mergeMetadata(user("adminA"), Kind::Vdc, u"vdc-a"_s, {a});
        QVERIFY(vdc.ok());
        QVERIFY(vdc.task->lockedVAppId.isEmpty());
        QVERIFY(finish(vdc.task));
        QCOMPARE(m_cloud->vdcs.find(u"vdc-a"_s)->metadata.size(), 1);
    }

    void metadataDomains()
    {
        const MetadataEntry sys =
            meta(u"s"_s, u"v"_s, MetadataEntry::Type::String, u"SYSTEM"_s, u"READONLY"_s);
        const ActionResult byTenant = m_actions->mergeMetadata(user("adminA"), Kind::VApp, u"db"_s, {sys});
        QCOMPARE(byTenant.error->httpStatus, 403);
        const ActionResult bySys = m_actions->mergeMetadata(user("sys"), Kind::VApp, u"db"_s, {sys});
        QVERIFY(bySys.ok());
        QVERIFY(finish(bySys.task));
        // A tenant can neither overwrite nor delete a SYSTEM entry.
        const ActionResult overwrite =
            m_actions->setMetadataValue(user("adminA"), Kind::VApp, u"db"_s, u"s"_s, meta({}, u"x"_s));
        QCOMPARE(overwrite.error->httpStatus, 403);
        QCOMPARE(m_actions->deleteMetadata(user("adminA"), Kind::VApp, u"db"_s, u"s"_s).error->httpStatus,
                 403);
        const MetadataEntry bad =
            meta(u"b"_s, u"v"_s, MetadataEntry::Type::String, u"GENERAL"_s, u"PRIVATE"_s);
        const ActionResult invalid = m_actions->mergeMetadata(user("sys"), Kind::VApp, u"db"_s, {bad});
        QCOMPARE(invalid.error->httpStatus, 400);
        QCOMPARE(invalid.error->minorCode, u"BAD_REQUEST"_s);
    }

    // ---- instantiate ----

    void instantiateCreatesAnUnresolvedVAppThatResolves()
    {
        InstantiateParams p;
        p.name = u"fresh"_s;
        p.description = u"made here"_s;
        p.templateId = u"tpl-a"_s;
        const ActionResult r = m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, p);
        QVERIFY(r.ok());
        QVERIFY(!r.newVAppId.isEmpty());
        VApp *fresh = m_cloud->vapps.find(r.newVAppId);
        QVERIFY(fresh);
        // At once: status 0 with a running task (osm__vapp-instantiate-queued-task.xml).
        QVERIFY(fresh->creating);
        QCOMPARE(m_cloud->vappStatus(*fresh), Status::Unresolved);
        QCOMPARE(fresh->name, u"fresh"_s);
        QCOMPARE(fresh->description, u"made here"_s);
        QCOMPARE(fresh->ownerUserId, u"adminA"_s);
        QCOMPARE(fresh->vmIds.size(), 2);
        QCOMPARE(r.task->operationName, u"vdcInstantiateVapp"_s);
        QCOMPARE(r.task->operation, u"Creating Virtual Application fresh(%1)"_s.arg(r.newVAppId));
        QCOMPARE(r.task->ownerId, r.newVAppId);
        QCOMPARE(r.task->lockedVAppId, r.newVAppId);
        // Busy while it is being created.
        QCOMPARE(m_actions->powerOff(user("adminA"), Kind::VApp, r.newVAppId).error->minorCode,
                 u"BUSY_ENTITY"_s);

        QSet<QString> ips;
        QSet<QString> ids;
        for (const QString &id : std::as_const(fresh->vmIds)) {
            const Vm *v = m_cloud->vms.find(id);
            QVERIFY(v);
            QVERIFY(id != u"tvm-1" && id != u"tvm-2"); // new ids, not the template's
            ids.insert(id);
            QCOMPARE(v->vappId, r.newVAppId);
            QCOMPARE(v->nics.size(), 1);
            QCOMPARE(v->nics[0].networkName, u"net-a"_s);
            const quint32 ip = QHostAddress(v->nics[0].ipAddress).toIPv4Address();
            QVERIFY(ip >= QHostAddress(u"10.0.0.11"_s).toIPv4Address()); // .10 is taken by vm-db
            QVERIFY(ip <= QHostAddress(u"10.0.0.13"_s).toIPv4Address());
            ips.insert(v->nics[0].ipAddress);
            QVERIFY(v->nics[0].macAddress.startsWith(u"00:50:56:"_s));
            QVERIFY(!v->computerName.contains(u' '));
        }
        QCOMPARE(ids.size(), 2);
        QCOMPARE(ips.size(), 2);
        QCOMPARE(m_cloud->vmsOf(*fresh).first()->name, u"node 1"_s);

        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"success"_s);
        QVERIFY(!fresh->creating);
        QCOMPARE(m_cloud->vappStatus(*fresh), Status::PoweredOn); // powerOn defaults to true
        QVERIFY(fresh->deployed);
    }

    void instantiatePoweredOff()
    {
        InstantiateParams p;
        p.name = u"cold"_s;
        p.templateId = u"tpl-a"_s;
        p.deploy = false;
        p.powerOn = false;
        const ActionResult r = m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, p);
        QVERIFY(finish(r.task));
        const VApp *cold = m_cloud->vapps.find(r.newVAppId);
        QCOMPARE(m_cloud->vappStatus(*cold), Status::PoweredOff);
        QVERIFY(!cold->deployed);
    }

    void instantiateRefusals()
    {
        InstantiateParams dup;
        dup.name = u"Web"_s;
        dup.templateId = u"tpl-a"_s;
        const ActionResult d = m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, dup);
        QCOMPARE(d.error->httpStatus, 400);
        QCOMPARE(d.error->minorCode, u"DUPLICATE_NAME"_s);
        QCOMPARE(d.error->message, u"The VCD entity Web already exists."_s);

        InstantiateParams foreign;
        foreign.name = u"x"_s;
        foreign.templateId = u"tpl-b"_s; // another org's unpublished template
        const ActionResult f = m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, foreign);
        QCOMPARE(f.error->httpStatus, 403);
        QCOMPARE(f.error->message,
                 u"No access to entity \"(com.vmware.vcloud.entity.vapptemplate:tpl-b)\"."_s);
        // Once published, it may be used.
        m_cloud->catalogs.find(u"cat-b"_s)->published = true;
        QVERIFY(m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, foreign).ok());

        m_cloud->vdcs.find(u"vdc-a"_s)->storageLimitMb = 1;
        InstantiateParams big;
        big.name = u"big"_s;
        big.templateId = u"tpl-a"_s;
        const ActionResult q = m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, big);
        QCOMPARE(q.error->httpStatus, 400);
        QCOMPARE(q.error->message, u"The requested operation will exceed the vDC's storage quota."_s);
        QCOMPARE(m_cloud->vapps.size(), 5); // four seeded + the published-template one
    }

    void canceledInstantiationFails()
    {
        m_tasks->setTaskDuration(5000);
        InstantiateParams p;
        p.name = u"doomed"_s;
        p.templateId = u"tpl-a"_s;
        const ActionResult r = m_actions->instantiateVAppTemplate(user("adminA"), u"vdc-a"_s, p);
        const ActionResult c = m_actions->cancelTask(user("adminA"), r.task->id);
        QVERIFY(c.ok());
        QCOMPARE(c.task, r.task);
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"canceled"_s);
        const VApp *v = m_cloud->vapps.find(r.newVAppId);
        QVERIFY(!v->creating);
        QCOMPARE(m_cloud->vappStatus(*v), Status::FailedCreation);
    }

    // ---- console ticket ----

    void mksTicketOnlyWhenOn()
    {
        const ActionResult r = m_actions->acquireMksTicket(user("userA"), u"vm-web1"_s);
        QVERIFY(r.ok());
        QVERIFY(!r.task); // synchronous
        QVERIFY(r.mksTicket);
        QVERIFY(!r.mksTicket->ticket.isEmpty());
        QVERIFY(!r.mksTicket->host.isEmpty());
        QCOMPARE(r.mksTicket->port, 902);
        QVERIFY(r.mksTicket->vmx.endsWith(u".vmx"_s));
        const ActionResult off = m_actions->acquireMksTicket(user("userA"), u"vm-db"_s);
        QCOMPARE(off.error->httpStatus, 400);
        QCOMPARE(off.error->message,
                 u"The requested operation could not be executed since VM \"vm-db\" is not powered on."_s);
        QCOMPARE(m_actions->acquireMksTicket(user("userA"), u"web"_s).error->httpStatus, 403); // a vApp id
    }

    // ---- cancel ----

    void cancelTaskSkipsTheEffect()
    {
        m_tasks->setTaskDuration(5000);
        const ActionResult r = m_actions->powerOff(user("userA"), Kind::VApp, u"web"_s);
        // Another vApp user may not cancel it; an org admin may.
        User other = user("userA");
        other.id = u"userA2"_s;
        QCOMPARE(m_actions->cancelTask(other, r.task->id).error->httpStatus, 403);
        QCOMPARE(m_actions->cancelTask(user("adminB"), r.task->id).error->httpStatus, 403);
        const ActionResult c = m_actions->cancelTask(user("adminA"), r.task->id);
        QVERIFY(c.ok());
        QVERIFY(r.task->cancelRequested);
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"canceled"_s);
        QCOMPARE(vm("vm-web1").status, Status::PoweredOn);
        // The lock is released with the task.
        QVERIFY(!m_cloud->busyTaskOf(u"web"_s));
        const ActionResult again = m_actions->cancelTask(user("adminA"), r.task->id);
        QCOMPARE(again.error->httpStatus, 400);
        QCOMPARE(again.error->minorCode, u"BAD_REQUEST"_s);
    }

    // ---- fault hook ----

    void errorRateMakesTasksFail()
    {
        m_actions->setTaskErrorRate(1.0, 42);
        const ActionResult r = m_actions->powerOff(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(r.ok());
        QVERIFY(finish(r.task));
        QCOMPARE(r.task->status, u"error"_s);
        QCOMPARE(r.task->error->majorCode, 500);
        QCOMPARE(vm("vm-web1").status, Status::PoweredOn);
        m_actions->setTaskErrorRate(0, 42);
        const ActionResult ok = m_actions->powerOff(user("adminA"), Kind::VApp, u"web"_s);
        QVERIFY(finish(ok.task));
        QCOMPARE(ok.task->status, u"success"_s);
    }
};

QTEST_GUILESS_MAIN(TestActionEngine)
#include "tst_actionengine.moc"
