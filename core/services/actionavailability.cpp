#include "core/services/actionavailability.h"

#include "core/api/status.h"
#include "core/services/actionservice.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// Entity status codes (docs/VCD-API.md §3.5).
constexpr int kFailedCreation = -1;
constexpr int kResolved = 1;
constexpr int kSuspended = 3;
constexpr int kPoweredOn = 4;
constexpr int kPoweredOff = 8;
constexpr int kMixed = 10;

QString tr(const char *text)
{
    return QCoreApplication::translate("vcd::ActionAvailability", text);
}

QString kindWord(ActionSubject::Kind kind)
{
    switch (kind) {
    case ActionSubject::Kind::VApp:
        return tr("vApp");
    case ActionSubject::Kind::Vm:
        return tr("VM");
    case ActionSubject::Kind::Vdc:
        return tr("VDC");
    case ActionSubject::Kind::Other:
        break;
    }
    return tr("item");
}

// What the user's role would have to allow, as a verb phrase: "Your role may not <verb> this vApp."
QString roleVerb(Action action)
{
    switch (action) {
    case Action::PowerOn:
        return tr("power on");
    case Action::PowerOff:
    case Action::Shutdown:
    case Action::Reboot:
    case Action::Reset:
    case Action::Suspend:
    case Action::DiscardSuspendedState:
        return tr("change the power state of");
    case Action::Deploy:
        return tr("deploy");
    case Action::Undeploy:
        return tr("undeploy");
    case Action::CreateSnapshot:
    case Action::RevertToCurrentSnapshot:
    case Action::RemoveAllSnapshots:
        return tr("manage snapshots of");
    case Action::Delete:
        return tr("delete");
    case Action::Edit:
        return tr("rename or describe");
    case Action::SetMetadata:
    case Action::DeleteMetadata:
        return tr("edit the metadata of");
    case Action::InstantiateVAppTemplate:
        return tr("create vApps in");
    case Action::AcquireMksTicket:
        return tr("open the console of");
    }
    return {};
}

// Why the state (not the role) rules the action out, or empty when the state allows it.
QString stateReason(Action action, const ActionSubject &s)
{
    if (!s.status)
        return {};
    const int st = *s.status;
    const bool on = st == kPoweredOn;
    const bool off = st == kPoweredOff || st == kResolved;
    const bool suspended = st == kSuspended;
    const bool mixed = st == kMixed;
    const bool vapp = s.kind == ActionSubject::Kind::VApp;
    switch (action) {
    case Action::PowerOn:
        return on ? tr("It is already powered on.") : QString();
    case Action::PowerOff:
        return off ? tr("It is already powered off.") : QString();
    case Action::Shutdown:
    case Action::Reboot:
    case Action::Reset:
    case Action::Suspend:
        if (on || mixed)
            return {};
        return suspended ? tr("It is suspended: power it on first.") : tr("It is not powered on.");
    case Action::DiscardSuspendedState:
        return suspended ? QString() : tr("Only a suspended machine has a suspended state to discard.");
    case Action::Deploy:
        return on ? tr("It is already deployed and running.") : QString();
    case Action::Undeploy:
        return off && !s.deployed ? tr("It is not deployed.") : QString();
    case Action::CreateSnapshot:
        return suspended ? tr("A suspended machine cannot be snapshotted: power it on or off first.")
                         : QString();
    case Action::RevertToCurrentSnapshot:
    case Action::RemoveAllSnapshots:
        return s.hasSnapshot ? QString() : tr("There is no snapshot.");
    case Action::Delete:
        if (st == kFailedCreation)
            return {};
        if (on || mixed || suspended)
            return vapp ? tr("A running vApp must be stopped first (power off or undeploy it).")
                        : tr("A running VM must be powered off first.");
        if (s.deployed)
            return vapp ? tr("The vApp is still deployed: undeploy it first.")
                        : tr("The VM is still deployed: undeploy it first.");
        return {};
    case Action::AcquireMksTicket:
        return on ? QString() : tr("The console is available only while the VM is powered on.");
    case Action::Edit:
    case Action::SetMetadata:
    case Action::DeleteMetadata:
    case Action::InstantiateVAppTemplate:
        return {};
    }
    return {};
}

} // namespace

QList<Action> ActionAvailability::actionsFor(ActionSubject::Kind kind)
{
    switch (kind) {
    case ActionSubject::Kind::VApp:
        return {Action::PowerOn,
                Action::PowerOff,
                Action::Shutdown,
                Action::Reboot,
                Action::Reset,
                Action::Suspend,
                Action::DiscardSuspendedState,
                Action::Deploy,
                Action::Undeploy,
                Action::CreateSnapshot,
                Action::RevertToCurrentSnapshot,
                Action::RemoveAllSnapshots,
                Action::Edit,
                Action::Delete};
    case ActionSubject::Kind::Vm:
        return {Action::PowerOn,
                Action::PowerOff,
                Action::Shutdown,
                Action::Reboot,
                Action::Reset,
                Action::Suspend,
                Action::DiscardSuspendedState,
                Action::Deploy,
                Action::Undeploy,
                Action::CreateSnapshot,
                Action::RevertToCurrentSnapshot,
                Action::RemoveAllSnapshots,
                Action::Edit,
                Action::Delete,
                Action::AcquireMksTicket};
    case ActionSubject::Kind::Vdc:
        return {Action::InstantiateVAppTemplate};
    case ActionSubject::Kind::Other:
        break;
    }
    return {};
}

ActionAvailability::Verdict ActionAvailability::check(Action action, const ActionSubject &s)
{
    if (!actionsFor(s.kind).contains(action) && action != Action::SetMetadata &&
        action != Action::DeleteMetadata)
        return {false, tr("Not available for this kind of item.")};
    if (!s.detailsRead)
        return {false, tr("Reading what the server allows…")};
    if (ActionService::linkFor(action, s.links))
        return {true, QString()};
    if (!s.runningTasks.isEmpty() || s.parentBusy) {
        const QString what = s.busyOperation.isEmpty() ? QString() : u" ("_s + s.busyOperation + u')';
        if (s.kind == ActionSubject::Kind::Vm && s.runningTasks.isEmpty())
            return {false, tr("The VM's vApp is busy with another task%1.").arg(what)};
        return {false, tr("The %1 is busy with another task%2.").arg(kindWord(s.kind), what)};
    }
    const QString state = stateReason(action, s);
    if (!state.isEmpty())
        return {false, state};
    return {false, tr("Your role may not %1 this %2.").arg(roleVerb(action), kindWord(s.kind))};
}

std::optional<int> ActionAvailability::statusCode(const QString &statusName)
{
    return statusCodeFromName(statusName);
}

} // namespace vcd
