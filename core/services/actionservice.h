#pragma once

// Runs actions on vApps, VMs and VDCs (docs/VCD-API.md §5) — always through the entity's OWN link
// (§3.2: the server emits only the actions allowed right now, and clients must take the URL from the
// link, never build it). When the link is absent the job fails at once with "not available in this
// state" and sends nothing.
//
//   action                   link (rel [, type contains])                 request
//   PowerOn … Suspend        power:powerOn, power:powerOff, power:reboot,  POST, no body
//                            power:reset, power:shutdown, power:suspend
//   DiscardSuspendedState    discardState                                  POST, no body
//   Deploy / Undeploy        deploy / undeploy                             POST DeployVAppParams /
//   UndeployVAppParams CreateSnapshot           snapshot:create                               POST
//   CreateSnapshotParams RevertToCurrentSnapshot  snapshot:revertToCurrent                      POST, no body
//   RemoveAllSnapshots       snapshot:removeAll                            POST, no body
//   Delete                   remove                                        DELETE
//   Edit (rename)            edit, .vApp+xml / .vm+xml                     GET the entity (fresh links and
//                                                                          description), then PUT a VApp/Vm
//                                                                          element with name + Description
//   SetMetadata              down, metadata+xml                            PUT <that href>/[SYSTEM/]<key>
//                                                                          MetadataValue (§3.10)
//   DeleteMetadata           down, metadata+xml                            DELETE <that href>/[SYSTEM/]<key>
//   InstantiateVAppTemplate  add, instantiateVAppTemplateParams (on a Vdc) POST InstantiateVAppTemplateParams
//   AcquireMksTicket         screen:acquireMksTicket (on a VM)             POST → MksTicket
//
// (The metadata key path is the one child URL the API documents below the metadata link, §3.10; a
// key that does not exist yet has no link of its own.)
//
// Every job hands back the Task to track (ActionJob::accepted) and waits out BUSY_ENTITY (see
// actionjob.h). Jobs are children of the service; delete them when done.

#include "core/services/actionjob.h"

#include <QObject>
#include <QPointer>

#include <algorithm>
#include <optional>

namespace vcd {

class Session;

class ActionService : public QObject
{
    Q_OBJECT
public:
    explicit ActionService(Session *session, QObject *parent = nullptr);

    // How a BUSY_ENTITY wait follows the blocking task (tests use milliseconds), and how many times
    // one job waits before giving up with the BUSY_ENTITY error.
    void setBusySchedule(const TaskTracker::Schedule &schedule) { m_busySchedule = schedule; }
    void setMaxBusyRetries(int retries) { m_maxBusyRetries = std::max(0, retries); }

    // The generic entry: every helper below calls it.
    ActionJob *run(const ActionTarget &target, Action action, const ActionParams &params = {});

    ActionJob *powerOn(const ActionTarget &t) { return run(t, Action::PowerOn); }
    ActionJob *powerOff(const ActionTarget &t) { return run(t, Action::PowerOff); }
    ActionJob *reboot(const ActionTarget &t) { return run(t, Action::Reboot); }
    ActionJob *reset(const ActionTarget &t) { return run(t, Action::Reset); }
    ActionJob *shutdown(const ActionTarget &t) { return run(t, Action::Shutdown); }
    ActionJob *suspend(const ActionTarget &t) { return run(t, Action::Suspend); }
    ActionJob *discardSuspendedState(const ActionTarget &t) { return run(t, Action::DiscardSuspendedState); }
    ActionJob *deploy(const ActionTarget &t, const DeployOptions &options = {});
    ActionJob *undeploy(const ActionTarget &t, UndeployPowerAction action = UndeployPowerAction::PowerOff);
    ActionJob *createSnapshot(const ActionTarget &t, const SnapshotOptions &options = {});
    ActionJob *revertToCurrentSnapshot(const ActionTarget &t)
    {
        return run(t, Action::RevertToCurrentSnapshot);
    }
    ActionJob *removeAllSnapshots(const ActionTarget &t) { return run(t, Action::RemoveAllSnapshots); }
    ActionJob *deleteEntity(const ActionTarget &t) { return run(t, Action::Delete); }
    ActionJob *rename(const ActionTarget &t, const QString &newName,
                      const std::optional<QString> &newDescription = std::nullopt);
    ActionJob *setMetadata(const ActionTarget &t, const MetadataEntry &entry);
    ActionJob *deleteMetadata(const ActionTarget &t, const QString &key,
                              MetadataDomain domain = MetadataDomain::General);
    ActionJob *instantiateVAppTemplate(const ActionTarget &vdc, const InstantiateOptions &options);
    ActionJob *acquireMksTicket(const ActionTarget &vm) { return run(vm, Action::AcquireMksTicket); }

    // The link an action runs through, if the entity offers it now — also what a UI asks to decide
    // whether to show the button.
    static std::optional<Link> linkFor(Action action, const QList<Link> &links);
    static bool isAvailable(const ActionTarget &target, Action action)
    {
        return linkFor(action, target.links).has_value();
    }
    static QString relOf(Action action);
    static QString actionName(Action action); // for people: "Power on", "Delete", …

private:
    QPointer<Session> m_session;
    TaskTracker::Schedule m_busySchedule;
    int m_maxBusyRetries = 5;
};

} // namespace vcd
