#include "sim/actionengine.h"

#include "sim/xmlutil.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd::sim {

// ---- message vocabulary ---------------------------------------------------------------------------
//
// Real wordings, with where they were seen:
//  * 403 for an unknown or invisible entity: `No access to entity "(com.vmware.vcloud.entity.vapp:…)".`
//    (a real capture, docs/VCD-API.md §3.9); §5 (403 is also the answer for unknown entities).
//  * missing rights: `Either you need some or all of the following rights [ORG_VDC_VM_VM_AFFINITY_EDIT] to
//    perform operations [VAPP_VM_EDIT_AFFINITY_RULE] for $OP_ID or the target entity is invalid` and
//    `… rights [Base] … operations [VAPP_VM_VIEW] … target entity is invalid` (quoted in go-vcloud-director's
//    vm_affinity_rule.go comment and in cloud-provider-for-cloud-director's IsVmNotAvailable). The right and
//    operation identifiers used below for delete/rename/metadata/instantiate are approximations in that
//    style; the real server also puts "[ request-id ]" first, which the HTTP layer adds.
//  * BUSY_ENTITY (400): `The entity Ref: com.vmware.vcloud.entity.vm:… is busy completing an operation
//    VAPP_UPDATE_VM. VAPP_UPDATE_VM(com.vmware.vcloud.entity.task:…)` (go-vcloud-director issue #616, 10.x).
//  * `The requested operation could not be executed since vApp "X" is not running.` (undeploy/power off of
//    a stopped or empty vApp: terraform-provider-vcd tryUndeploy comment, vcd migration tool constant).
//  * `The requested operation could not be executed since VM "X" is not powered on.` (ansible-module-
//    vcloud-director issue #31, power off of a powered-off VM).
//  * `The requested operation could not be executed since vApp "X" does not have any powered on VMs.`
//    (vcloud-rest spec, reset of a stopped vApp).
//  * `The requested operation could not be executed on vApp "X". Stop the vApp and try again.` (delete of a
//    deployed vApp: vcloud-rest error mapping; Zettagrid MCP changelog).
//  * `The VCD entity X already exists.` with DUPLICATE_NAME (VAppManagerImpl.convertDuplicateNameException
//    stack trace quoted in OSM RO tests).
//  * `The requested operation will exceed the vDC's storage quota.` (a real capture; docs/VCD-API.md §5).
//  * `Parameter forceCustomization is not supported for vApps.` (vcloud-java client error constant).
//  * VMware Tools missing on shutdown/undeploy: the message of a real failed undeploy task (docs/VCD-API.md
//  §5);
//    on a VM reboot/shutdown: `null - Cannot complete operation because VMware Tools is not running in this
//    virtual machine.` (vcd-cli pull request #172 output).
// Approximations (no public capture found): "is not powered off", "is not suspended", "is already
// deployed", "does not have a snapshot", the VM flavour of "Stop the … and try again", the metadata domain
// messages, the missing-metadata-key message and the VM-quota message.

namespace {

constexpr int kPowerOnOp = 0;
constexpr int kPowerOffOp = 1;
constexpr int kRebootOp = 2;
constexpr int kResetOp = 3;
constexpr int kShutdownOp = 4;
constexpr int kSuspendOp = 5;
constexpr int kDiscardOp = 6;

QString entityRef(Kind kind, const QString &id)
{
    // "urn:vcloud:vapp:{id}" → "com.vmware.vcloud.entity.vapp:{id}"
    return u"com.vmware.vcloud.entity."_s + urnOf(kind, id).mid(11);
}

// The words real task texts use for the owner ("Starting Virtual Application web(…)").
QString kindWord(Kind kind)
{
    switch (kind) {
    case Kind::VApp:
        return u"Virtual Application"_s;
    case Kind::Vm:
        return u"Virtual Machine"_s;
    case Kind::Vdc:
        return u"Virtual DataCenter"_s;
    case Kind::VAppTemplate:
        return u"Virtual Application Template"_s;
    case Kind::Catalog:
        return u"Catalog"_s;
    case Kind::CatalogItem:
        return u"Catalog Item"_s;
    case Kind::Media:
        return u"Media"_s;
    case Kind::Network:
        return u"Network"_s;
    case Kind::EdgeGateway:
        return u"Edge Gateway"_s;
    case Kind::Org:
        return u"Organization"_s;
    case Kind::Task:
        return u"Task"_s;
    case Kind::User:
        return u"User"_s;
    }
    return {};
}

// How error messages name the subject: `vApp "web"`, `VM "db-1"`.
QString subject(Kind kind, const QString &name)
{
    return (kind == Kind::Vm ? u"VM \"%1\""_s : u"vApp \"%1\""_s).arg(name);
}

ActionError noAccess(Kind kind, const QString &id)
{
    return {403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
            u"No access to entity \"(%1)\"."_s.arg(entityRef(kind, id))};
}

ActionError missingRights(const QString &rights, const QString &operations, Kind kind, const QString &id)
{
    return {
        403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
        u"Either you need some or all of the following rights [%1] to perform operations [%2] for %3 or the "
        u"target entity is invalid."_s.arg(rights, operations, urnOf(kind, id))};
}

ActionError badRequest(const QString &message)
{
    return {400, u"BAD_REQUEST"_s, message};
}

ActionResult failed(ActionError error)
{
    ActionResult r;
    r.error = std::move(error);
    return r;
}

// vappUpdateVm → VAPP_UPDATE_VM, the form BUSY_ENTITY messages use.
QString upperSnake(const QString &operationName)
{
    QString out;
    for (const QChar c : operationName) {
        if (c.isUpper() && !out.isEmpty())
            out += u'_';
        out += c.toUpper();
    }
    return out;
}

bool isOn(const Vm &vm)
{
    return vm.status == Status::PoweredOn;
}

Entity *findEntity(Cloud &cloud, Kind kind, const QString &id, QString *orgId = nullptr)
{
    auto org = [&](const QString &o) {
        if (orgId)
            *orgId = o;
    };
    switch (kind) {
    case Kind::Org:
        if (Org *e = cloud.orgs.find(id)) {
            org(e->id);
            return e;
        }
        return nullptr;
    case Kind::Vdc:
        if (Vdc *e = cloud.vdcs.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::VApp:
        if (VApp *e = cloud.vapps.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::Vm:
        if (Vm *e = cloud.vms.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::Catalog:
        if (Catalog *e = cloud.catalogs.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::CatalogItem:
        if (CatalogItem *e = cloud.catalogItems.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::VAppTemplate:
        if (VAppTemplate *e = cloud.templates.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::Media:
        if (Media *e = cloud.media.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::Network:
        if (Network *e = cloud.networks.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::EdgeGateway:
        if (EdgeGateway *e = cloud.edges.find(id)) {
            org(e->orgId);
            return e;
        }
        return nullptr;
    case Kind::Task:
    case Kind::User:
        return nullptr; // no actions or metadata on these through this engine
    }
    return nullptr;
}

// Snapshot size as a plausible figure: 10 % of the disks, plus the memory when it was included.
qint64 snapshotSize(const Vm &vm, bool memory)
{
    qint64 mb = 0;
    for (const Disk &d : vm.disks)
        mb += d.sizeMb / 10;
    if (memory)
        mb += vm.memoryMb;
    return mb * 1024 * 1024;
}

// Rights identifiers for the refusals (approximations in the real message's style, see the top).
struct RightsPair
{
    QString rights;
    QString operations;
};
RightsPair deleteRights(Kind kind)
{
    return kind == Kind::Vm ? RightsPair{u"VAPP_VM_DELETE"_s, u"VAPP_DELETE_VM"_s}
                            : RightsPair{u"VAPP_DELETE"_s, u"VDC_DELETE_VAPP"_s};
}
RightsPair editRights(Kind kind)
{
    return kind == Kind::Vm ? RightsPair{u"VAPP_VM_EDIT_PROPERTIES"_s, u"VAPP_UPDATE_VM"_s}
                            : RightsPair{u"VAPP_EDIT_PROPERTIES"_s, u"VDC_UPDATE_VAPP"_s};
}

// pyvcloud's MetadataDomain note: only GENERAL+READWRITE, SYSTEM+PRIVATE and SYSTEM+READONLY are accepted
// (docs/VCD-API.md §3.10).
bool validDomain(const MetadataEntry &e)
{
    if (e.domain == u"GENERAL")
        return e.visibility == u"READWRITE";
    if (e.domain == u"SYSTEM")
        return e.visibility == u"PRIVATE" || e.visibility == u"READONLY";
    return false;
}

} // namespace

QString undeployPowerActionName(UndeployPowerAction action)
{
    switch (action) {
    case UndeployPowerAction::PowerOff:
        return u"powerOff"_s;
    case UndeployPowerAction::Suspend:
        return u"suspend"_s;
    case UndeployPowerAction::Shutdown:
        return u"shutdown"_s;
    case UndeployPowerAction::Force:
        return u"force"_s;
    case UndeployPowerAction::Default:
        return u"default"_s;
    }
    return u"powerOff"_s;
}

struct ActionEngine::Target
{
    Kind kind = Kind::VApp;
    QString id;
    Entity *entity = nullptr;
    VApp *vapp = nullptr; // the vApp itself, or the VM's vApp
    Vm *vm = nullptr;
    QString orgId;
    QString lockVAppId; // the vApp whose one-operation-at-a-time lock applies; empty for other kinds
};

struct ActionEngine::Verb
{
    QString operationName; // vappPowerOff
    QString running;       // "Powering Off"  — the text while queued/running
    QString done;          // "Powered Off"   — the text once finished (real servers switch tense)
};

ActionEngine::ActionEngine(Cloud &cloud, TaskEngine &tasks)
    : m_cloud(cloud)
    , m_tasks(tasks)
{}

void ActionEngine::setTaskErrorRate(double p, quint64 seed)
{
    m_errorRate = std::clamp(p, 0.0, 1.0);
    m_faults.seed(quint32(seed ^ (seed >> 32)));
}

// ---- common steps -------------------------------------------------------------------------------------

std::optional<ActionError> ActionEngine::resolve(const User &user, Kind kind, const QString &id,
                                                 Target &out) const
{
    out = Target{};
    out.kind = kind;
    out.id = id;
    out.entity = findEntity(m_cloud, kind, id, &out.orgId);
    // Unknown and invisible look the same: a tenant must not learn what other orgs hold (docs/VCD-API.md §5).
    if (!out.entity || !canSeeOrg(user, out.orgId))
        return noAccess(kind, id);
    if (kind == Kind::VApp) {
        out.vapp = static_cast<VApp *>(out.entity);
        out.lockVAppId = id;
    } else if (kind == Kind::Vm) {
        out.vm = static_cast<Vm *>(out.entity);
        out.vapp = m_cloud.vapps.find(out.vm->vappId);
        out.lockVAppId = out.vm->vappId;
    }
    return std::nullopt;
}

std::optional<ActionError> ActionEngine::checkBusy(const Target &target) const
{
    const Task *busy = m_cloud.busyTaskOf(target.lockVAppId);
    if (!busy)
        return std::nullopt;
    const QString op = upperSnake(busy->operationName);
    return ActionError{400, u"BUSY_ENTITY"_s,
                       u"The entity Ref: %1 is busy completing an operation %2. %2(%3)"_s.arg(
                           entityRef(target.kind, target.id), op, entityRef(Kind::Task, busy->id))};
}

QList<Vm *> ActionEngine::vmsOf(const Target &target) const
{
    QList<Vm *> out;
    if (target.vm) {
        out.append(target.vm);
    } else if (target.vapp) {
        for (const QString &id : target.vapp->vmIds)
            if (Vm *vm = m_cloud.vms.find(id))
                out.append(vm);
    }
    return out;
}

ActionResult ActionEngine::startTask(const User &user, const Target &target, const Verb &verb,
                                     TaskEngine::Effect onSuccess, std::optional<TaskError> failure,
                                     TaskEngine::Effect onFinish)
{
    auto text = [&](const QString &verbText) {
        return u"%1 %2 %3(%4)"_s.arg(verbText, kindWord(target.kind), target.entity->name, target.id);
    };
    Task t;
    t.id = m_cloud.newUuid();
    t.operationName = verb.operationName;
    t.operation = text(verb.running);
    t.ownerKind = target.kind;
    t.ownerId = target.id;
    t.ownerName = target.entity->name;
    t.orgId = target.orgId;
    t.userId = user.id;
    t.lockedVAppId = target.lockVAppId;
    if (failure) {
        t.error = std::move(failure);
    } else if (m_errorRate > 0 && m_faults.generateDouble() < m_errorRate) {
        t.error = TaskError{500, u"INTERNAL_SERVER_ERROR"_s,
                            u"Unable to perform this action. Contact your cloud administrator."_s};
    }
    const QString taskId = t.id;
    const QString doneText = text(verb.done);
    Task &task = m_tasks.start(std::move(t), std::move(onSuccess),
                               [taskId, doneText, onFinish = std::move(onFinish)](Cloud &cloud) {
                                   // Finished tasks read in the past tense, whatever their outcome
                                   // ("Stopped Virtual Application …" on an error task, libcloud fixture).
                                   if (Task *done = cloud.tasks.find(taskId))
                                       done->operation = doneText;
                                   if (onFinish)
                                       onFinish(cloud);
                               });
    ActionResult r;
    r.task = &task;
    return r;
}

// ---- power ---------------------------------------------------------------------------------------------

namespace {

struct PowerSummary
{
    bool anyOn = false;
    bool allOn = true;
    bool anyOff = false;
    bool anySuspended = false;
    bool anyDeployed = false;
};

} // namespace

static PowerSummary summarize(const QList<Vm *> &vms, const VApp *emptyVApp)
{
    PowerSummary s;
    if (vms.isEmpty()) {
        // A vApp without VMs carries its own status (cloud.h).
        const int st = emptyVApp ? emptyVApp->status : Status::PoweredOff;
        s.anyOn = st == Status::PoweredOn;
        s.allOn = s.anyOn;
        s.anyOff = st == Status::PoweredOff || st == Status::Resolved;
        s.anySuspended = st == Status::Suspended;
        s.anyDeployed = emptyVApp && emptyVApp->deployed;
        return s;
    }
    for (const Vm *vm : vms) {
        s.anyOn |= vm->status == Status::PoweredOn;
        s.allOn &= vm->status == Status::PoweredOn;
        s.anyOff |= vm->status == Status::PoweredOff;
        s.anySuspended |= vm->status == Status::Suspended;
        s.anyDeployed |= vm->deployed;
    }
    return s;
}

// Applies one power transition to the VMs still present (ids captured when the action was accepted) or,
// for a vApp without VMs, to the vApp's own status.
static void applyPower(Cloud &cloud, const QString &vappId, const QStringList &vmIds, int op)
{
    auto transition = [op](int status, bool &deployed) {
        switch (op) {
        case kPowerOnOp:
            if (status == Status::PoweredOff || status == Status::Suspended) { // from suspended = resume
                deployed = true;
                return int(Status::PoweredOn);
            }
            return status;
        case kPowerOffOp:
        case kShutdownOp:
            // Deployment survives a power off: only undeploy releases it ("Partially Powered Off",
            // see the William Lam article quoted in docs/VCD-API.md §5 sources).
            return status == Status::PoweredOn ? int(Status::PoweredOff) : status;
        case kSuspendOp:
            return status == Status::PoweredOn ? int(Status::Suspended) : status;
        case kDiscardOp:
            return status == Status::Suspended ? int(Status::PoweredOff) : status;
        default:
            return status; // reboot, reset: the machine stays on
        }
    };
    VApp *vapp = cloud.vapps.find(vappId);
    if (vmIds.isEmpty()) {
        if (vapp)
            vapp->status = transition(vapp->status, vapp->deployed);
        return;
    }
    for (const QString &id : vmIds) {
        Vm *vm = cloud.vms.find(id);
        if (!vm)
            continue;
        const int before = vm->status;
        vm->status = transition(vm->status, vm->deployed);
        if (op == kPowerOnOp && before != vm->status)
            vm->needsCustomization = false; // customization runs at first power-on
    }
    if (vapp) {
        bool any = false;
        for (const QString &id : std::as_const(vapp->vmIds))
            if (const Vm *vm = cloud.vms.find(id); vm && vm->deployed)
                any = true;
        if (!vapp->vmIds.isEmpty())
            vapp->deployed = any;
    }
}

static QStringList idsOf(const QList<Vm *> &vms)
{
    QStringList ids;
    for (const Vm *vm : vms)
        ids.append(vm->id);
    return ids;
}

static bool toolsRunning(const Vm &vm)
{
    return vm.toolsStatus == u"toolsOk" || vm.toolsStatus == u"toolsOld";
}

ActionResult ActionEngine::power(const User &user, Kind kind, const QString &id, int op)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canPower(user))
        return failed(missingRights(u"VAPP_POWER_OPERATIONS"_s, upperSnake(u"vappPowerOn"_s), kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);

    const QList<Vm *> vms = vmsOf(t);
    const PowerSummary s = summarize(vms, t.vm ? nullptr : t.vapp);
    const QString who = subject(kind, t.entity->name);
    const QString prefix = u"The requested operation could not be executed since "_s;
    const bool isVm = kind == Kind::Vm;

    Verb verb;
    std::optional<TaskError> failure;
    switch (op) {
    case kPowerOnOp:
        if (!s.anyOff && !s.anySuspended)
            return failed(badRequest(prefix + who + u" is not powered off."));
        // "A powerOn request to a vApp or virtual machine that is undeployed forces deployment" (vCloud API
        // Programming Guide 1.0, p. 82) — and the captured power-on task is a vappDeploy
        // (docs/VCD-API.md §3.8).
        verb = s.anyDeployed ? Verb{u"vappPowerOn"_s, u"Starting"_s, u"Started"_s}
                             : Verb{u"vappDeploy"_s, u"Starting"_s, u"Started"_s};
        break;
    case kPowerOffOp:
    case kShutdownOp:
    case kSuspendOp:
        if (!s.anyOn)
            return failed(
                badRequest(prefix + who + (isVm ? u" is not powered on."_s : u" is not running."_s)));
        if (op == kPowerOffOp)
            verb = {u"vappPowerOff"_s, u"Powering Off"_s, u"Powered Off"_s}; // POST-PowerOffVApp example
        else if (op == kShutdownOp)
            verb = {u"vappShutdownGuest"_s, u"Shutting down"_s, u"Shut down"_s}; // vcd-cli PR #172 output
        else
            verb = {u"vappSuspend"_s, u"Suspending"_s, u"Suspended"_s};
        break;
    case kRebootOp:
    case kResetOp:
        if (!s.anyOn)
            return failed(badRequest(
                prefix + who + (isVm ? u" is not powered on."_s : u" does not have any powered on VMs."_s)));
        verb = op == kRebootOp ? Verb{u"vappRebootGuest"_s, u"Rebooting"_s, u"Rebooted"_s}
                               : Verb{u"vappReset"_s, u"Resetting"_s, u"Reset"_s};
        break;
    case kDiscardOp:
        if (!s.anySuspended)
            return failed(badRequest(prefix + who + u" is not suspended."));
        verb = {u"vappDiscardSuspendedState"_s, u"Discarding suspended state of"_s,
                u"Discarded suspended state of"_s};
        break;
    default:
        return failed(badRequest(u"Unsupported operation."_s));
    }

    // Guest operations need VMware Tools; without them the task fails (vcd-cli PR #172 output).
    if (op == kRebootOp || op == kShutdownOp) {
        for (const Vm *vm : vms) {
            if (isOn(*vm) && !toolsRunning(*vm)) {
                failure = TaskError{
                    500, u"INTERNAL_SERVER_ERROR"_s,
                    u"null\n - Cannot complete operation because VMware Tools is not running in this "
                    u"virtual machine."_s};
                break;
            }
        }
    }

    const QString vappId = t.vapp ? t.vapp->id : QString();
    const QStringList vmIds = idsOf(vms);
    return startTask(
        user, t, verb, [vappId, vmIds, op](Cloud &cloud) { applyPower(cloud, vappId, vmIds, op); }, failure);
}

ActionResult ActionEngine::powerOn(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kPowerOnOp);
}
ActionResult ActionEngine::powerOff(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kPowerOffOp);
}
ActionResult ActionEngine::reboot(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kRebootOp);
}
ActionResult ActionEngine::reset(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kResetOp);
}
ActionResult ActionEngine::shutdown(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kShutdownOp);
}
ActionResult ActionEngine::suspend(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kSuspendOp);
}
ActionResult ActionEngine::discardSuspendedState(const User &user, Kind kind, const QString &id)
{
    return power(user, kind, id, kDiscardOp);
}

ActionResult ActionEngine::deploy(const User &user, Kind kind, const QString &id, const DeployParams &params)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canPower(user))
        return failed(missingRights(u"VAPP_POWER_OPERATIONS"_s, u"VAPP_DEPLOY"_s, kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);
    if (kind == Kind::VApp && params.forceCustomization)
        return failed(badRequest(u"Parameter forceCustomization is not supported for vApps."_s));
    const QList<Vm *> vms = vmsOf(t);
    const PowerSummary s = summarize(vms, t.vm ? nullptr : t.vapp);
    const bool deployed = t.vm ? t.vm->deployed : (t.vapp->deployed || s.anyDeployed);
    if (deployed && (!params.powerOn || s.allOn))
        return failed(badRequest(u"The requested operation could not be executed since "_s +
                                 subject(kind, t.entity->name) + u" is already deployed."));

    const QString vappId = t.vapp ? t.vapp->id : QString();
    const QStringList vmIds = idsOf(vms);
    const bool isVm = kind == Kind::Vm;
    auto effect = [vappId, vmIds, params, isVm](Cloud &cloud) {
        for (const QString &vmId : vmIds) {
            if (Vm *vm = cloud.vms.find(vmId)) {
                vm->deployed = true;
                if (isVm && params.forceCustomization)
                    vm->needsCustomization = true; // customization runs again at this power-on
            }
        }
        if (VApp *vapp = cloud.vapps.find(vappId)) {
            vapp->deployed = true;
            if (params.leaseSeconds > 0)
                vapp->leaseSeconds = params.leaseSeconds;
        }
        if (params.powerOn)
            applyPower(cloud, vappId, vmIds, kPowerOnOp);
    };
    return startTask(user, t, Verb{u"vappDeploy"_s, u"Starting"_s, u"Started"_s}, effect);
}

ActionResult ActionEngine::undeploy(const User &user, Kind kind, const QString &id,
                                    const UndeployParams &params)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canPower(user))
        return failed(missingRights(u"VAPP_POWER_OPERATIONS"_s, u"VAPP_UNDEPLOY"_s, kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);
    const QList<Vm *> vms = vmsOf(t);
    const PowerSummary s = summarize(vms, t.vm ? nullptr : t.vapp);
    const bool deployed = t.vm ? t.vm->deployed : (t.vapp->deployed || s.anyDeployed);
    if (!deployed && !s.anyOn)
        return failed(badRequest(u"The requested operation could not be executed since "_s +
                                 subject(kind, t.entity->name) + u" is not running."));

    std::optional<TaskError> failure;
    if (params.powerAction == UndeployPowerAction::Shutdown) {
        for (const Vm *vm : vms) {
            if (isOn(*vm) && !toolsRunning(*vm)) {
                // Wording of the real failed undeploy (docs/VCD-API.md §5).
                const QString vmRef = u"%1 (%2)"_s.arg(vm->name, vm->id);
                failure = TaskError{
                    500, u"INTERNAL_SERVER_ERROR"_s,
                    u"Error in powering off or suspending virtual machines. Contact the Administrator if the "
                    u"problem "
                    u"persists.  - MultipleExceptions have occurred  - Error on power off or suspend.  - "
                    u"Failed to "
                    u"shutdown guest os for the VM \"%1\" as required VM tools were found unavailable.  - "
                    u"Cannot "
                    u"complete operation because VMware Tools is not running in this virtual machine."_s.arg(
                        vmRef)};
                break;
            }
        }
    }
    const bool suspend = params.powerAction == UndeployPowerAction::Suspend;
    // operationNames of the Extension SDK's task list and the captured undeploy tasks
    // (real captures; docs/VCD-API.md §3.8).
    const Verb verb = suspend ? Verb{u"vappUndeploySuspend"_s, u"Suspending"_s, u"Suspended"_s}
                              : Verb{u"vappUndeployPowerOff"_s, u"Stopping"_s, u"Stopped"_s};
    const QString vappId = t.vapp ? t.vapp->id : QString();
    const QStringList vmIds = idsOf(vms);
    const bool wholeVApp = kind == Kind::VApp;
    auto effect = [vappId, vmIds, suspend, wholeVApp](Cloud &cloud) {
        for (const QString &vmId : vmIds) {
            if (Vm *vm = cloud.vms.find(vmId)) {
                if (vm->status == Status::PoweredOn)
                    vm->status = suspend ? Status::Suspended : Status::PoweredOff;
                vm->deployed = false;
            }
        }
        if (VApp *vapp = cloud.vapps.find(vappId)) {
            if (vapp->vmIds.isEmpty() && wholeVApp) {
                if (vapp->status == Status::PoweredOn)
                    vapp->status = suspend ? Status::Suspended : Status::PoweredOff;
                vapp->deployed = false;
            } else {
                bool any = false;
                for (const QString &id : std::as_const(vapp->vmIds))
                    if (const Vm *vm = cloud.vms.find(id); vm && vm->deployed)
                        any = true;
                vapp->deployed = any;
            }
        }
    };
    return startTask(user, t, verb, effect, failure);
}

// ---- snapshots -----------------------------------------------------------------------------------------

ActionResult ActionEngine::createSnapshot(const User &user, Kind kind, const QString &id,
                                          const SnapshotParams &params)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canPower(user)) // vApp users may snapshot (cloud.h rights)
        return failed(missingRights(u"VAPP_SNAPSHOT_OPERATIONS"_s, u"VAPP_CREATE_SNAPSHOT"_s, kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);
    const QString vappId = t.vapp ? t.vapp->id : QString();
    const QStringList vmIds = idsOf(vmsOf(t));
    const bool wholeVApp = kind == Kind::VApp;
    auto effect = [vappId, vmIds, params, wholeVApp](Cloud &cloud) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString name = params.name.isEmpty() ? u"Snapshot"_s : params.name;
        qint64 total = 0;
        bool anyOn = false;
        // One snapshot per entity: a new one replaces the old (docs/VCD-API.md §5, "existing user snapshots
        // are removed first").
        for (const QString &vmId : vmIds) {
            Vm *vm = cloud.vms.find(vmId);
            if (!vm)
                continue;
            const bool on = vm->status == Status::PoweredOn;
            anyOn |= on;
            Snapshot snap{name, params.description,  now,           snapshotSize(*vm, params.memory && on),
                          on,   params.memory && on, params.quiesce};
            total += snap.sizeBytes;
            vm->snapshot = snap;
        }
        if (wholeVApp) {
            if (VApp *vapp = cloud.vapps.find(vappId))
                vapp->snapshot = Snapshot{name,  params.description,     now,           total,
                                          anyOn, params.memory && anyOn, params.quiesce};
        }
    };
    // Task text as captured: "Creating Snapshot Virtual Machine …" (docs/VCD-API.md §3.8).
    return startTask(user, t, Verb{u"vappCreateSnapshot"_s, u"Creating Snapshot"_s, u"Created Snapshot"_s},
                     effect);
}

ActionResult ActionEngine::revertToCurrentSnapshot(const User &user, Kind kind, const QString &id)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canPower(user))
        return failed(missingRights(u"VAPP_SNAPSHOT_OPERATIONS"_s, u"VAPP_REVERT_TO_SNAPSHOT"_s, kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);
    const QList<Vm *> vms = vmsOf(t);
    bool hasSnapshot = t.vm ? t.vm->snapshot.has_value() : t.vapp->snapshot.has_value();
    if (!t.vm)
        for (const Vm *vm : vms)
            hasSnapshot |= vm->snapshot.has_value();
    if (!hasSnapshot)
        return failed(badRequest(u"The requested operation could not be executed since "_s +
                                 subject(kind, t.entity->name) + u" does not have a snapshot."));
    const QString vappId = t.vapp ? t.vapp->id : QString();
    const QStringList vmIds = idsOf(vms);
    auto effect = [vappId, vmIds](Cloud &cloud) {
        for (const QString &vmId : vmIds) {
            Vm *vm = cloud.vms.find(vmId);
            if (!vm || !vm->snapshot)
                continue;
            // A memory snapshot brings the machine back running; a disk-only one leaves it powered off.
            if (vm->snapshot->memory && vm->snapshot->poweredOn) {
                vm->status = Status::PoweredOn;
                vm->deployed = true;
            } else if (vm->status != Status::PoweredOff) {
                vm->status = Status::PoweredOff;
            }
        }
        if (VApp *vapp = cloud.vapps.find(vappId); vapp && !vapp->vmIds.isEmpty()) {
            bool any = false;
            for (const QString &id : std::as_const(vapp->vmIds))
                if (const Vm *vm = cloud.vms.find(id); vm && vm->deployed)
                    any = true;
            vapp->deployed = any;
        }
    };
    return startTask(user, t,
                     Verb{u"vappRevertToCurrentSnapshot"_s, u"Reverting to current Snapshot"_s,
                          u"Reverted to current Snapshot"_s},
                     effect);
}

ActionResult ActionEngine::removeAllSnapshots(const User &user, Kind kind, const QString &id)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canPower(user))
        return failed(missingRights(u"VAPP_SNAPSHOT_OPERATIONS"_s, u"VAPP_REMOVE_ALL_SNAPSHOTS"_s, kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);
    const QString vappId = t.vapp ? t.vapp->id : QString();
    const QStringList vmIds = idsOf(vmsOf(t));
    const bool wholeVApp = kind == Kind::VApp;
    auto effect = [vappId, vmIds, wholeVApp](Cloud &cloud) {
        for (const QString &vmId : vmIds)
            if (Vm *vm = cloud.vms.find(vmId))
                vm->snapshot.reset();
        if (wholeVApp)
            if (VApp *vapp = cloud.vapps.find(vappId))
                vapp->snapshot.reset();
    };
    return startTask(
        user, t, Verb{u"vappRemoveAllSnapshots"_s, u"Removing all Snapshots"_s, u"Removed all Snapshots"_s},
        effect);
}

// ---- delete and update ---------------------------------------------------------------------------------

ActionResult ActionEngine::deleteEntity(const User &user, Kind kind, const QString &id)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canDelete(user)) {
        const RightsPair r = deleteRights(kind);
        return failed(missingRights(r.rights, r.operations, kind, id));
    }
    if (auto e = checkBusy(t))
        return failed(*e);
    const QList<Vm *> vms = vmsOf(t);
    const PowerSummary s = summarize(vms, t.vm ? nullptr : t.vapp);
    const bool deployed = t.vm ? t.vm->deployed : (t.vapp->deployed || s.anyDeployed);
    // A vApp must be stopped *and* undeployed: a powered-off but deployed vApp is still refused.
    if (deployed || s.anyOn)
        return failed(badRequest(
            u"The requested operation could not be executed on "_s + subject(kind, t.entity->name) +
            (kind == Kind::Vm ? u". Stop the VM and try again."_s : u". Stop the vApp and try again."_s)));
    const QString vappId = t.vapp ? t.vapp->id : QString();
    if (kind == Kind::VApp) {
        auto effect = [vappId](Cloud &cloud) {
            VApp *vapp = cloud.vapps.find(vappId);
            if (!vapp)
                return;
            const QStringList vmIds = vapp->vmIds;
            for (const QString &vmId : vmIds)
                cloud.vms.remove(vmId);
            cloud.vapps.remove(vappId);
        };
        return startTask(user, t, Verb{u"vdcDeleteVapp"_s, u"Deleting"_s, u"Deleted"_s}, effect);
    }
    auto effect = [vappId, vmId = id](Cloud &cloud) {
        cloud.vms.remove(vmId);
        if (VApp *vapp = cloud.vapps.find(vappId))
            vapp->vmIds.removeAll(vmId);
    };
    // No captured VM-delete task; VCD removes a VM through a vApp recomposition.
    return startTask(user, t, Verb{u"vdcRecomposeVapp"_s, u"Deleting"_s, u"Deleted"_s}, effect);
}

ActionResult ActionEngine::update(const User &user, Kind kind, const QString &id, const EntityUpdate &params)
{
    Target t;
    if (kind != Kind::VApp && kind != Kind::Vm)
        return failed(noAccess(kind, id));
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canEdit(user)) {
        const RightsPair r = editRights(kind);
        return failed(missingRights(r.rights, r.operations, kind, id));
    }
    if (params.kind != kind)
        return failed(badRequest(kind == Kind::Vm ? u"The request body must be a Vm element."_s
                                                  : u"The request body must be a VApp element."_s));
    const QString name = params.name.trimmed();
    if (name.isEmpty())
        return failed(badRequest(u"The name of the entity must not be empty."_s));
    if (auto e = checkBusy(t))
        return failed(*e);
    // Names are unique per VDC for vApps and per vApp for VMs.
    if (kind == Kind::VApp) {
        for (const VApp *other : m_cloud.vappsOf(t.vapp->vdcId))
            if (other->id != id && other->name.compare(name, Qt::CaseInsensitive) == 0)
                return failed({400, u"DUPLICATE_NAME"_s, u"The VCD entity %1 already exists."_s.arg(name)});
    } else if (t.vapp) {
        for (const Vm *other : m_cloud.vmsOf(*t.vapp))
            if (other->id != id && other->name.compare(name, Qt::CaseInsensitive) == 0)
                return failed({400, u"DUPLICATE_NAME"_s, u"The VCD entity %1 already exists."_s.arg(name)});
    }
    auto effect = [kind, id, name, description = params.description](Cloud &cloud) {
        Entity *e = findEntity(cloud, kind, id);
        if (!e)
            return;
        e->name = name;
        if (description)
            e->description = *description;
    };
    // vappUpdateVm as in a captured reconfigure task and the BUSY_ENTITY message; vdcUpdateVapp from the
    // Extension SDK's task list.
    const Verb verb = kind == Kind::Vm ? Verb{u"vappUpdateVm"_s, u"Updating"_s, u"Updated"_s}
                                       : Verb{u"vdcUpdateVapp"_s, u"Updating"_s, u"Updated"_s};
    return startTask(user, t, verb, effect);
}

ActionResult ActionEngine::reconfigureHardware(const User &user, const QString &vmId, std::optional<int> cpus,
                                               std::optional<qint64> memoryMb)
{
    Target t;
    if (auto e = resolve(user, Kind::Vm, vmId, t))
        return failed(*e);
    if (!canEdit(user)) {
        const RightsPair r = editRights(Kind::Vm);
        return failed(missingRights(r.rights, r.operations, Kind::Vm, vmId));
    }
    if ((cpus && (*cpus < 1 || *cpus > 128)) || (memoryMb && (*memoryMb < 4 || *memoryMb > 6 * 1024 * 1024)))
        return failed(badRequest(u"The requested virtual hardware is out of range."_s));
    if (auto e = checkBusy(t))
        return failed(*e);
    auto effect = [vmId, cpus, memoryMb](Cloud &cloud) {
        Vm *vm = cloud.vms.find(vmId);
        if (!vm)
            return;
        if (cpus)
            vm->cpus = *cpus;
        if (memoryMb)
            vm->memoryMb = *memoryMb;
    };
    return startTask(user, t, Verb{u"vappUpdateVm"_s, u"Updating"_s, u"Updated"_s}, effect);
}

ActionResult ActionEngine::reconfigureSection(const User &user, const QString &vmId,
                                              std::optional<QList<Nic>> nics,
                                              std::optional<QString> computerName)
{
    Target t;
    if (auto e = resolve(user, Kind::Vm, vmId, t))
        return failed(*e);
    if (!canEdit(user)) {
        const RightsPair r = editRights(Kind::Vm);
        return failed(missingRights(r.rights, r.operations, Kind::Vm, vmId));
    }
    if (nics) {
        for (const Nic &n : *nics) {
            if (n.networkName.isEmpty())
                return failed(badRequest(u"Every NetworkConnection needs a network name."_s));
            if (n.allocationMode != u"DHCP" && n.allocationMode != u"POOL" && n.allocationMode != u"MANUAL" &&
                n.allocationMode != u"NONE")
                return failed(badRequest(u"Invalid IpAddressAllocationMode %1."_s.arg(n.allocationMode)));
        }
    }
    if (auto e = checkBusy(t))
        return failed(*e);
    auto effect = [vmId, nics, computerName](Cloud &cloud) {
        Vm *vm = cloud.vms.find(vmId);
        if (!vm)
            return;
        if (nics) {
            QList<Nic> merged;
            for (const Nic &n : *nics) {
                Nic next = n;
                // Keep what the body left out (MAC, adapter) from the NIC with the same index.
                for (const Nic &old : vm->nics)
                    if (old.index == n.index) {
                        if (next.macAddress.isEmpty())
                            next.macAddress = old.macAddress;
                        next.adapterType = old.adapterType;
                    }
                merged.append(next);
            }
            vm->nics = merged;
        }
        if (computerName && !computerName->isEmpty())
            vm->computerName = *computerName;
    };
    return startTask(user, t, Verb{u"vappUpdateVm"_s, u"Updating"_s, u"Updated"_s}, effect);
}

// ---- metadata ------------------------------------------------------------------------------------------

ActionResult ActionEngine::mergeMetadata(const User &user, Kind kind, const QString &id,
                                         const QList<MetadataEntry> &entries)
{
    Target t;
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canEdit(user))
        return failed(missingRights(u"METADATA_EDIT"_s, u"METADATA_UPDATE"_s, kind, id));
    for (const MetadataEntry &entry : entries) {
        if (entry.key.trimmed().isEmpty())
            return failed(badRequest(u"The metadata key must not be empty."_s));
        if (!validDomain(entry))
            return failed(badRequest(u"The metadata domain %1 does not allow visibility %2."_s.arg(
                entry.domain, entry.visibility)));
        if (entry.domain == u"SYSTEM" && !isSystemAdmin(user))
            return failed(missingRights(u"METADATA_SYSTEM_EDIT"_s, u"METADATA_UPDATE"_s, kind, id));
        for (const MetadataEntry &old : std::as_const(t.entity->metadata))
            if (old.key == entry.key && old.domain == u"SYSTEM" && !isSystemAdmin(user))
                return failed(missingRights(u"METADATA_SYSTEM_EDIT"_s, u"METADATA_UPDATE"_s, kind, id));
    }
    if (auto e = checkBusy(t))
        return failed(*e);
    auto effect = [kind, id, entries](Cloud &cloud) {
        Entity *e = findEntity(cloud, kind, id);
        if (!e)
            return;
        for (const MetadataEntry &entry : entries) {
            auto it = std::find_if(e->metadata.begin(), e->metadata.end(),
                                   [&](const MetadataEntry &m) { return m.key == entry.key; });
            if (it != e->metadata.end())
                *it = entry;
            else
                e->metadata.append(entry);
        }
    };
    // operationName metadataUpdate as in docs/VCD-API.md §3.10.
    return startTask(
        user, t, Verb{u"metadataUpdate"_s, u"Updating metadata for"_s, u"Updated metadata for"_s}, effect);
}

ActionResult ActionEngine::setMetadataValue(const User &user, Kind kind, const QString &id,
                                            const QString &key, const MetadataEntry &entry)
{
    MetadataEntry e = entry;
    e.key = key;
    return mergeMetadata(user, kind, id, {e});
}

ActionResult ActionEngine::deleteMetadata(const User &user, Kind kind, const QString &id, const QString &key)
{
    Target t;
    if (auto e = resolve(user, kind, id, t))
        return failed(*e);
    if (!canEdit(user))
        return failed(missingRights(u"METADATA_EDIT"_s, u"METADATA_DELETE"_s, kind, id));
    const auto it = std::find_if(t.entity->metadata.cbegin(), t.entity->metadata.cend(),
                                 [&](const MetadataEntry &m) { return m.key == key; });
    if (it == t.entity->metadata.cend())
        return failed(
            {403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
             u"The metadata entry with key \"%1\" does not exist on %2."_s.arg(key, entityRef(kind, id))});
    if (it->domain == u"SYSTEM" && !isSystemAdmin(user))
        return failed(missingRights(u"METADATA_SYSTEM_EDIT"_s, u"METADATA_DELETE"_s, kind, id));
    if (auto e = checkBusy(t))
        return failed(*e);
    auto effect = [kind, id, key](Cloud &cloud) {
        if (Entity *e = findEntity(cloud, kind, id))
            e->metadata.removeIf([&](const MetadataEntry &m) { return m.key == key; });
    };
    return startTask(user, t, Verb{u"metadataUpdate"_s, u"Deleting metadata of"_s, u"Deleted metadata of"_s},
                     effect);
}

// ---- instantiate ---------------------------------------------------------------------------------------

QString ActionEngine::freeIp(const Network &network) const
{
    if (network.rangeStart.isEmpty() || network.rangeEnd.isEmpty())
        return {};
    QSet<QString> used;
    for (const Vm *vm : m_cloud.vms.rows()) {
        if (vm->orgId != network.orgId)
            continue;
        for (const Nic &nic : vm->nics)
            if (nic.networkName == network.name && !nic.ipAddress.isEmpty())
                used.insert(nic.ipAddress);
    }
    const quint32 first = QHostAddress(network.rangeStart).toIPv4Address();
    const quint32 last = QHostAddress(network.rangeEnd).toIPv4Address();
    if (first == 0 || last < first)
        return {};
    for (quint32 a = first; a <= last && a >= first; ++a) {
        const QString ip = QHostAddress(a).toString();
        if (ip != network.gateway && !used.contains(ip))
            return ip;
    }
    return {}; // pool exhausted: the NIC gets no address, as a real pool would leave it
}

QString ActionEngine::newMac()
{
    // VMware's OUI; the rest from the deterministic id sequence so a replay gives the same MACs.
    const QString hex = m_cloud.newUuid().remove(u'-');
    return u"00:50:56:%1:%2:%3"_s.arg(hex.mid(0, 2), hex.mid(2, 2), hex.mid(4, 2));
}

ActionResult ActionEngine::instantiateVAppTemplate(const User &user, const QString &vdcId,
                                                   const InstantiateParams &params)
{
    Vdc *vdc = m_cloud.vdcs.find(vdcId);
    if (!vdc || !canSeeOrg(user, vdc->orgId))
        return failed(noAccess(Kind::Vdc, vdcId));
    if (!canEdit(user))
        return failed(
            missingRights(u"VAPP_TEMPLATE_INSTANTIATE"_s, u"VDC_INSTANTIATE_VAPP"_s, Kind::Vdc, vdcId));
    const QString name = params.name.trimmed();
    if (name.isEmpty())
        return failed(badRequest(u"The name of the vApp must not be empty."_s));

    // The template must be in the user's org or shared through a published catalog.
    VAppTemplate *tpl = m_cloud.templates.find(params.templateId);
    bool visible = tpl && (isSystemAdmin(user) || tpl->orgId == user.orgId);
    if (tpl && !visible)
        if (const Catalog *cat = m_cloud.catalogs.find(tpl->catalogId))
            visible = cat->published;
    if (!visible)
        return failed(noAccess(Kind::VAppTemplate, params.templateId));
    if (tpl->status != Status::PoweredOff && tpl->status != Status::Resolved)
        return failed(
            badRequest(u"The requested operation could not be executed since vApp template \"%1\" is "
                       u"not ready."_s.arg(tpl->name)));

    for (const VApp *other : m_cloud.vappsOf(vdcId))
        if (other->name.compare(name, Qt::CaseInsensitive) == 0)
            return failed({400, u"DUPLICATE_NAME"_s, u"The VCD entity %1 already exists."_s.arg(name)});

    const Cloud::VdcUsage usage = m_cloud.vdcUsage(vdcId);
    if (vdc->vmQuota > 0 && usage.vms + tpl->vms.size() > vdc->vmQuota)
        return failed(badRequest(u"The requested operation will exceed the vDC's VM quota."_s));
    qint64 needMb = 0;
    for (const TemplateVm &tv : tpl->vms)
        needMb += tv.diskMb;
    if (vdc->storageLimitMb > 0 && usage.storageUsedMb + needMb > vdc->storageLimitMb)
        return failed(badRequest(u"The requested operation will exceed the vDC's storage quota."_s));

    // Network: the one the request names, else the VDC's first, else none.
    const Network *net = nullptr;
    for (const Network *n : m_cloud.networks.rows()) {
        const bool usable = n->vdcId == vdcId || (n->orgId == vdc->orgId && n->shared);
        if (!usable)
            continue;
        if (!params.networkName.isEmpty() && n->name == params.networkName) {
            net = n;
            break;
        }
        if (!net && n->vdcId == vdcId)
            net = n;
    }
    if (!params.networkName.isEmpty() && (!net || net->name != params.networkName))
        return failed(badRequest(
            u"The network \"%1\" does not exist in the vDC \"%2\"."_s.arg(params.networkName, vdc->name)));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    VApp vapp;
    vapp.id = m_cloud.newUuid();
    vapp.seq = m_cloud.nextSeq();
    vapp.name = name;
    vapp.description = params.description;
    vapp.created = now;
    vapp.vdcId = vdcId;
    vapp.orgId = vdc->orgId;
    vapp.ownerUserId = user.id;
    vapp.deployed = false;
    vapp.status = Status::Unresolved;
    vapp.creating = true; // status 0 with an embedded task (docs/VCD-API.md §3.5)
    if (net)
        vapp.networkNames.append(net->name);
    const QString vappId = vapp.id;

    int localId = 0;
    for (const TemplateVm &tv : tpl->vms) {
        Vm vm;
        vm.id = m_cloud.newUuid();
        vm.seq = m_cloud.nextSeq();
        vm.name = tv.name;
        vm.created = now;
        vm.vappId = vappId;
        vm.vdcId = vdcId;
        vm.orgId = vdc->orgId;
        vm.status = Status::Unresolved;
        vm.deployed = false;
        vm.osType = tv.osType;
        vm.guestOs = tv.guestOs;
        vm.osTypeId = tv.osTypeId;
        vm.cpus = tv.cpus;
        vm.memoryMb = tv.memoryMb;
        Disk disk;
        disk.sizeMb = tv.diskMb;
        disk.storageProfile = vdc->storageProfileName;
        vm.disks.append(disk);
        Nic nic;
        nic.index = 0;
        nic.macAddress = newMac();
        if (net) {
            nic.networkName = net->name;
            nic.ipAddress = freeIp(*net);
            nic.allocationMode = nic.ipAddress.isEmpty() ? u"DHCP"_s : u"POOL"_s;
        } else {
            nic.networkName = u"none"_s;
            nic.connected = false;
            nic.allocationMode = u"NONE"_s;
        }
        vm.nics.append(nic);
        QString computer = tv.name;
        computer.replace(QRegularExpression(u"[^A-Za-z0-9-]"_s), u"-"_s);
        vm.computerName = computer.left(15);
        vm.storageProfile = vdc->storageProfileName;
        vm.localId = ++localId;
        vm.needsCustomization = true;
        vapp.vmIds.append(vm.id);
        m_cloud.vms.insert(std::move(vm));
    }
    VApp &inserted = m_cloud.vapps.insert(std::move(vapp));

    Target t;
    t.kind = Kind::VApp;
    t.id = vappId;
    t.entity = &inserted;
    t.vapp = &inserted;
    t.orgId = inserted.orgId;
    t.lockVAppId = vappId;

    const bool powerOn = params.powerOn;
    const bool deploy = params.deploy || params.powerOn;
    auto onSuccess = [vappId, powerOn, deploy](Cloud &cloud) {
        VApp *v = cloud.vapps.find(vappId);
        if (!v)
            return;
        v->creating = false;
        v->deployed = deploy;
        v->status = powerOn ? Status::PoweredOn : Status::PoweredOff;
        for (const QString &vmId : std::as_const(v->vmIds)) {
            if (Vm *vm = cloud.vms.find(vmId)) {
                vm->status = powerOn ? Status::PoweredOn : Status::PoweredOff;
                vm->deployed = deploy;
                if (powerOn)
                    vm->needsCustomization = false;
            }
        }
    };
    auto onFinish = [vappId](Cloud &cloud) {
        VApp *v = cloud.vapps.find(vappId);
        if (!v || !v->creating)
            return; // succeeded
        // Error or cancel: the vApp stays, marked as a failed creation.
        v->creating = false;
        v->status = Status::FailedCreation;
        for (const QString &vmId : std::as_const(v->vmIds))
            if (Vm *vm = cloud.vms.find(vmId))
                vm->status = Status::FailedCreation;
    };
    // "Creating Virtual Application X(id)" / vdcInstantiateVapp (docs/VCD-API.md §3.5).
    ActionResult r = startTask(user, t, Verb{u"vdcInstantiateVapp"_s, u"Creating"_s, u"Created"_s}, onSuccess,
                               std::nullopt, onFinish);
    r.newVAppId = vappId;
    return r;
}

// ---- console and tasks ---------------------------------------------------------------------------------

ActionResult ActionEngine::acquireMksTicket(const User &user, const QString &vmId)
{
    Target t;
    if (auto e = resolve(user, Kind::Vm, vmId, t))
        return failed(*e);
    if (!canPower(user))
        return failed(
            missingRights(u"VAPP_CONSOLE_ACCESS"_s, u"VAPP_VM_ACQUIRE_MKS_TICKET"_s, Kind::Vm, vmId));
    if (!isOn(*t.vm))
        return failed(badRequest(
            u"The requested operation could not be executed since VM \"%1\" is not powered on."_s.arg(
                t.vm->name)));
    MksTicket ticket;
    ticket.host = u"esx-%1.sim.local"_s.arg(qHash(t.vm->vdcId) % 8 + 1, 2, 10, QLatin1Char('0'));
    ticket.port = 902;
    ticket.ticket = m_cloud.newUuid().remove(u'-');
    ticket.vmx = u"[datastore1] %1 (%2)/%1.vmx"_s.arg(t.vm->name, t.vm->id);
    ActionResult r;
    r.mksTicket = ticket;
    return r;
}

ActionResult ActionEngine::cancelTask(const User &user, const QString &taskId)
{
    Task *task = m_cloud.tasks.find(taskId);
    if (!task || !canSeeOrg(user, task->orgId))
        return failed(noAccess(Kind::Task, taskId));
    // A vApp user may cancel only what they started.
    if (user.role == Role::VAppUser && task->userId != user.id)
        return failed(missingRights(u"TASK_CANCEL"_s, u"TASK_CANCEL"_s, Kind::Task, taskId));
    QString why;
    if (!m_tasks.cancel(taskId, &why))
        return failed(badRequest(why));
    ActionResult r;
    r.task = task;
    return r;
}

} // namespace vcd::sim
