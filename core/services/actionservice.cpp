#include "core/services/actionservice.h"

#include "core/net/session.h"

using namespace Qt::StringLiterals;

namespace vcd {

ActionService::ActionService(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{}

ActionJob *ActionService::run(const ActionTarget &target, Action action, const ActionParams &params)
{
    auto *job = new ActionJob(m_session, action, target, params, this);
    job->m_busySchedule = m_busySchedule;
    job->m_maxBusyRetries = m_maxBusyRetries;
    job->start();
    return job;
}

ActionJob *ActionService::deploy(const ActionTarget &t, const DeployOptions &options)
{
    ActionParams p;
    p.deploy = options;
    return run(t, Action::Deploy, p);
}

ActionJob *ActionService::undeploy(const ActionTarget &t, UndeployPowerAction action)
{
    ActionParams p;
    p.undeploy = action;
    return run(t, Action::Undeploy, p);
}

ActionJob *ActionService::createSnapshot(const ActionTarget &t, const SnapshotOptions &options)
{
    ActionParams p;
    p.snapshot = options;
    return run(t, Action::CreateSnapshot, p);
}

ActionJob *ActionService::rename(const ActionTarget &t, const QString &newName,
                                 const std::optional<QString> &newDescription)
{
    ActionParams p;
    p.newName = newName;
    p.newDescription = newDescription;
    return run(t, Action::Edit, p);
}

ActionJob *ActionService::setMetadata(const ActionTarget &t, const MetadataEntry &entry)
{
    ActionParams p;
    p.metadata = entry;
    return run(t, Action::SetMetadata, p);
}

ActionJob *ActionService::deleteMetadata(const ActionTarget &t, const QString &key, MetadataDomain domain)
{
    ActionParams p;
    p.metadataKey = key;
    p.metadataDomain = domain;
    return run(t, Action::DeleteMetadata, p);
}

ActionJob *ActionService::instantiateVAppTemplate(const ActionTarget &vdc, const InstantiateOptions &options)
{
    ActionParams p;
    p.instantiate = options;
    return run(vdc, Action::InstantiateVAppTemplate, p);
}

QString ActionService::relOf(Action action)
{
    // Rel names as real servers send them (docs/VCD-API.md §3.2).
    switch (action) {
    case Action::PowerOn:
        return u"power:powerOn"_s;
    case Action::PowerOff:
        return u"power:powerOff"_s;
    case Action::Reboot:
        return u"power:reboot"_s;
    case Action::Reset:
        return u"power:reset"_s;
    case Action::Shutdown:
        return u"power:shutdown"_s;
    case Action::Suspend:
        return u"power:suspend"_s;
    case Action::DiscardSuspendedState:
        return u"discardState"_s;
    case Action::Deploy:
        return u"deploy"_s;
    case Action::Undeploy:
        return u"undeploy"_s;
    case Action::CreateSnapshot:
        return u"snapshot:create"_s;
    case Action::RevertToCurrentSnapshot:
        return u"snapshot:revertToCurrent"_s;
    case Action::RemoveAllSnapshots:
        return u"snapshot:removeAll"_s;
    case Action::Delete:
        return u"remove"_s;
    case Action::Edit:
        return u"edit"_s;
    case Action::SetMetadata:
    case Action::DeleteMetadata:
        return u"down"_s;
    case Action::InstantiateVAppTemplate:
        return u"add"_s;
    case Action::AcquireMksTicket:
        return u"screen:acquireMksTicket"_s;
    }
    return {};
}

std::optional<Link> ActionService::linkFor(Action action, const QList<Link> &links)
{
    const QString rel = relOf(action);
    switch (action) {
    case Action::Edit:
        // The entity's own edit link (its sections carry edit links of other types).
        if (auto l = findLink(links, rel, u".vApp+xml"))
            return l;
        return findLink(links, rel, u".vm+xml");
    case Action::SetMetadata:
    case Action::DeleteMetadata:
        return findLink(links, rel, u".metadata+xml");
    case Action::InstantiateVAppTemplate:
        return findLink(links, rel, u"instantiateVAppTemplateParams");
    default:
        return findLink(links, rel);
    }
}

QString ActionService::actionName(Action action)
{
    switch (action) {
    case Action::PowerOn:
        return tr("Power on");
    case Action::PowerOff:
        return tr("Power off");
    case Action::Reboot:
        return tr("Reboot");
    case Action::Reset:
        return tr("Reset");
    case Action::Shutdown:
        return tr("Shut down");
    case Action::Suspend:
        return tr("Suspend");
    case Action::DiscardSuspendedState:
        return tr("Discard suspended state");
    case Action::Deploy:
        return tr("Deploy");
    case Action::Undeploy:
        return tr("Undeploy");
    case Action::CreateSnapshot:
        return tr("Create snapshot");
    case Action::RevertToCurrentSnapshot:
        return tr("Revert to snapshot");
    case Action::RemoveAllSnapshots:
        return tr("Remove all snapshots");
    case Action::Delete:
        return tr("Delete");
    case Action::Edit:
        return tr("Rename");
    case Action::SetMetadata:
        return tr("Set metadata");
    case Action::DeleteMetadata:
        return tr("Delete metadata");
    case Action::InstantiateVAppTemplate:
        return tr("Create vApp from template");
    case Action::AcquireMksTicket:
        return tr("Open console");
    }
    return {};
}

} // namespace vcd
