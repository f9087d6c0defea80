#pragma once

// Plain values the ActionService works with (docs/VCD-API.md §5): which action, on what (the entity's
// href and — above all — its Link list, §3.2), and the few parameters the request bodies carry.

#include "core/api/apitypes.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace vcd {

using namespace Qt::StringLiterals;

enum class Action {
    PowerOn,
    PowerOff,
    Reboot,
    Reset,
    Shutdown,
    Suspend,
    DiscardSuspendedState,
    Deploy,
    Undeploy,
    CreateSnapshot,
    RevertToCurrentSnapshot,
    RemoveAllSnapshots,
    Delete,
    Edit, // rename and/or change the description (PUT of the entity)
    SetMetadata,
    DeleteMetadata,
    InstantiateVAppTemplate, // on a Vdc
    AcquireMksTicket,        // on a powered-on VM; synchronous, no task
};

// What an action runs on: an entity as last read, with the links the server offered then.
struct ActionTarget
{
    QUrl href;
    QString type; // media type, e.g. application/vnd.vmware.vcloud.vApp+xml
    QString name;
    QList<Link> links;

    static ActionTarget of(const VApp &vapp) { return {vapp.href, vapp.type, vapp.name, vapp.links}; }
    static ActionTarget of(const Vm &vm) { return {vm.href, vm.type, vm.name, vm.links}; }
    static ActionTarget of(const Vdc &vdc) { return {vdc.href, vdc.type, vdc.name, vdc.links}; }
};

// DeployVAppParams (vApp.xsd): attributes only.
struct DeployOptions
{
    bool powerOn = true;
    std::optional<int> deploymentLeaseSeconds;
    bool forceCustomization = false; // VMs only; the server refuses it for vApps
};

// UndeployVAppParams/UndeployPowerAction (docs/VCD-API.md §5).
enum class UndeployPowerAction { PowerOff, Suspend, Shutdown, Force, Default };

// CreateSnapshotParams: existing user snapshots are removed first (docs/VCD-API.md §5).
struct SnapshotOptions
{
    QString name;
    QString description;
    bool memory = false;
    bool quiesce = false;
};

// InstantiateVAppTemplateParams (vApp.xsd InstantiateVAppTemplateParamsType).
struct InstantiateOptions
{
    QString name;
    QString description;
    QUrl templateHref; // Source: the vAppTemplate
    bool deploy = true;
    bool powerOn = false;
    std::optional<bool> linkedClone;
    // Optional InstantiationParams/NetworkConfigSection: join the vApp to an org VDC network.
    QString networkName;
    QUrl parentNetworkHref;
    QString fenceMode = u"bridged"_s;
    bool acceptAllEulas = true;
};

// Everything any action may need; only the part of the chosen action is read.
struct ActionParams
{
    DeployOptions deploy;
    UndeployPowerAction undeploy = UndeployPowerAction::PowerOff;
    SnapshotOptions snapshot;
    QString newName;                       // Edit
    std::optional<QString> newDescription; // Edit; nullopt = keep the current one
    MetadataEntry metadata;                // SetMetadata (key, value, type, domain, visibility)
    QString metadataKey;                   // DeleteMetadata
    MetadataDomain metadataDomain = MetadataDomain::General; // DeleteMetadata
    InstantiateOptions instantiate;
};

// The answer of screen:acquireMksTicket (mksTicket.xsd).
struct MksTicket
{
    QString host;
    QString vmx;
    QString ticket;
    int port = 0;
};

} // namespace vcd
