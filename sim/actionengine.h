#pragma once

// The simulator's actions on vApps and VMs (docs/VCD-API.md §5): each checks visibility, rights, the
// one-operation-at-a-time lock and the power state the way a real server does, and either answers with an
// Error (ActionError → the router writes an Error document) or creates a Task that TaskEngine drives and
// whose effect lands in the Cloud when the task succeeds.
//
// Messages: where a real server's wording was found in public sources it is used verbatim (the source is
// named next to it in actionengine.cpp); the rest are faithful approximations, marked as such there.
// Messages carry no "[ request-id ]" prefix: the HTTP layer knows the request id and prepends it
// (docs/VCD-API.md §3.9).

#include "sim/cloud.h"
#include "sim/taskengine.h"

#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <optional>

namespace vcd::sim {

using namespace Qt::StringLiterals;

struct ActionError
{
    int httpStatus = 400;
    QString minorCode = u"BAD_REQUEST"_s;
    QString message;
};

// The data of an MksTicket (screen:acquireMksTicket) answer.
struct MksTicket
{
    QString host;
    int port = 902;
    QString ticket;
    QString vmx;
};

struct ActionResult
{
    const Task *task = nullptr; // the task created (or, for cancelTask, the task canceled)
    std::optional<ActionError> error;
    QString newVAppId;                  // instantiateVAppTemplate
    std::optional<MksTicket> mksTicket; // acquireMksTicket (synchronous, no task)

    bool ok() const { return !error.has_value(); }
};

// ---- request parameters (filled by RequestParser from the request bodies) ----

// DeployVAppParams (vApp.xsd DeployVAppParamsType): powerOn defaults to true.
struct DeployParams
{
    bool powerOn = true;
    int leaseSeconds = 0; // deploymentLeaseSeconds; 0 = organisation default
    bool forceCustomization = false;
};

enum class UndeployPowerAction { PowerOff, Suspend, Shutdown, Force, Default };
QString undeployPowerActionName(UndeployPowerAction action); // "powerOff", …

// UndeployVAppParams: a missing or empty UndeployPowerAction means powerOff (vApp.xsd).
struct UndeployParams
{
    UndeployPowerAction powerAction = UndeployPowerAction::PowerOff;
};

// CreateSnapshotParams (vApp.xsd CreateSnapshotParamsType).
struct SnapshotParams
{
    QString name;
    QString description;
    bool memory = false;
    bool quiesce = false;
};

// InstantiateVAppTemplateParams (vApp.xsd InstantiateVAppTemplateParamsType); deploy and powerOn default
// to true as the schema documents.
struct InstantiateParams
{
    QString name;
    QString description;
    bool deploy = true;
    bool powerOn = true;
    bool linkedClone = false;
    QString templateId;  // bare UUID taken from Source href
    QString networkName; // from InstantiationParams/NetworkConfigSection/NetworkConfig@networkName, if any
    bool allEulasAccepted = false;
    bool isSourceDelete = false;
};

// PUT of a VApp or Vm element: rename and/or change the description.
struct EntityUpdate
{
    Kind kind = Kind::VApp; // root element found: VApp or Vm
    QString name;
    std::optional<QString> description; // absent Description element = unchanged
};

class ActionEngine
{
public:
    ActionEngine(Cloud &cloud, TaskEngine &tasks);

    // Power (docs/VCD-API.md §5). `kind` is Kind::VApp or Kind::Vm.
    ActionResult powerOn(const User &user, Kind kind, const QString &id);
    ActionResult powerOff(const User &user, Kind kind, const QString &id);
    ActionResult reboot(const User &user, Kind kind, const QString &id);
    ActionResult reset(const User &user, Kind kind, const QString &id);
    ActionResult shutdown(const User &user, Kind kind, const QString &id);
    ActionResult suspend(const User &user, Kind kind, const QString &id);
    ActionResult discardSuspendedState(const User &user, Kind kind, const QString &id);
    ActionResult deploy(const User &user, Kind kind, const QString &id, const DeployParams &params);
    ActionResult undeploy(const User &user, Kind kind, const QString &id, const UndeployParams &params);

    // Snapshots: one per entity; a new one replaces the old.
    ActionResult createSnapshot(const User &user, Kind kind, const QString &id, const SnapshotParams &params);
    ActionResult revertToCurrentSnapshot(const User &user, Kind kind, const QString &id);
    ActionResult removeAllSnapshots(const User &user, Kind kind, const QString &id);

    // DELETE of a vApp (with its VMs) or a VM; only when stopped and undeployed.
    ActionResult deleteEntity(const User &user, Kind kind, const QString &id);
    // PUT of the entity: name and description.
    ActionResult update(const User &user, Kind kind, const QString &id, const EntityUpdate &params);
    // PUT of a VM's virtualHardwareSection/cpu or /memory item (rasd:VirtualQuantity).
    ActionResult reconfigureHardware(const User &user, const QString &vmId, std::optional<int> cpus,
                                     std::optional<qint64> memoryMb);
    // PUT of a VM's networkConnectionSection (NICs) or guestCustomizationSection (computer name).
    ActionResult reconfigureSection(const User &user, const QString &vmId, std::optional<QList<Nic>> nics,
                                    std::optional<QString> computerName);

    // Metadata (docs/VCD-API.md §3.10) on any entity kind that carries metadata.
    ActionResult mergeMetadata(const User &user, Kind kind, const QString &id,
                               const QList<MetadataEntry> &entries);
    ActionResult setMetadataValue(const User &user, Kind kind, const QString &id, const QString &key,
                                  const MetadataEntry &entry);
    // An unknown key answers 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN: the legacy API answers 403 for anything
    // that does not exist (docs/VCD-API.md §5), and a missing metadata key is treated the same way.
    ActionResult deleteMetadata(const User &user, Kind kind, const QString &id, const QString &key);

    // POST /api/vdc/{id}/action/instantiateVAppTemplate: the VApp exists at once (creating, status 0)
    // and resolves when its task succeeds.
    ActionResult instantiateVAppTemplate(const User &user, const QString &vdcId,
                                         const InstantiateParams &params);

    // Synchronous: only for a powered-on VM.
    ActionResult acquireMksTicket(const User &user, const QString &vmId);

    // POST /api/task/{id}/action/cancel (204 on success; the result's task is the task canceled).
    ActionResult cancelTask(const User &user, const QString &taskId);

    // Fault hook: each new task fails (status error, 500 INTERNAL_SERVER_ERROR) with probability p,
    // drawn from a generator seeded with `seed` so a run is reproducible. p = 0 turns it off.
    void setTaskErrorRate(double p, quint64 seed);

private:
    struct Target;
    struct Verb;

    std::optional<ActionError> resolve(const User &user, Kind kind, const QString &id, Target &out) const;
    std::optional<ActionError> checkBusy(const Target &target) const;
    ActionResult startTask(const User &user, const Target &target, const Verb &verb,
                           TaskEngine::Effect onSuccess, std::optional<TaskError> failure = std::nullopt,
                           TaskEngine::Effect onFinish = {});
    ActionResult power(const User &user, Kind kind, const QString &id, int op);
    QList<Vm *> vmsOf(const Target &target) const;
    QString freeIp(const Network &network) const;
    QString newMac();

    Cloud &m_cloud;
    TaskEngine &m_tasks;
    double m_errorRate = 0;
    QRandomGenerator m_faults;
};

} // namespace vcd::sim
