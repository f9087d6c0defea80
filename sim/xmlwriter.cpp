#include "sim/xmlwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>
#include <QXmlStreamWriter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {

// ---- small writing helpers ----

// One output document. The buffer is declared before the writer that points at it.
class Doc
{
public:
    Doc()
        : w(&m_buf)
    {
        w.setAutoFormatting(true);
        w.setAutoFormattingIndent(4);
        w.writeStartDocument(u"1.0"_s, true); // <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    }
    QByteArray finish()
    {
        w.writeEndDocument();
        return m_buf;
    }

private:
    QByteArray m_buf;

public:
    QXmlStreamWriter w;
};

QString boolText(bool v)
{
    return v ? u"true"_s : u"false"_s;
}
QString num(qint64 v)
{
    return QString::number(v);
}

void start(QXmlStreamWriter &w, const QString &name)
{
    w.writeStartElement(Ns::vcloud, name);
}

// Root element: the namespace declarations are queued first so that they land on the root element and
// the vcloud namespace becomes the default one (no prefix), as on real servers.
void startRoot(QXmlStreamWriter &w, const QString &name)
{
    writeStandardNamespaces(w);
    w.writeStartElement(Ns::vcloud, name);
}

void startElement(QXmlStreamWriter &w, const QString &name, bool root)
{
    if (root)
        startRoot(w, name);
    else
        start(w, name);
}

// Empty values come out as <Name/>, as on real servers.
void text(QXmlStreamWriter &w, const QString &name, const QString &value)
{
    if (value.isEmpty())
        w.writeEmptyElement(Ns::vcloud, name);
    else
        w.writeTextElement(Ns::vcloud, name, value);
}

void attr(QXmlStreamWriter &w, const QString &name, const QString &value)
{
    w.writeAttribute(name, value);
}

// A ReferenceType element (href required; id, name, type optional).
void reference(QXmlStreamWriter &w, const QString &element, const QString &href, const QString &type,
               const QString &name = {}, const QString &id = {})
{
    w.writeEmptyElement(Ns::vcloud, element);
    attr(w, u"href"_s, href);
    if (!id.isEmpty())
        attr(w, u"id"_s, id);
    if (!name.isEmpty())
        attr(w, u"name"_s, name);
    if (!type.isEmpty())
        attr(w, u"type"_s, type);
}

// name/id/href/type of an EntityType.
void entityAttrs(QXmlStreamWriter &w, const QString &name, const QString &urn, const QString &href,
                 const QString &type)
{
    attr(w, u"name"_s, name);
    if (!urn.isEmpty())
        attr(w, u"id"_s, urn);
    attr(w, u"href"_s, href);
    attr(w, u"type"_s, type);
}

void description(QXmlStreamWriter &w, const QString &desc, bool always)
{
    if (always || !desc.isEmpty())
        text(w, u"Description"_s, desc);
}

// ovf:Info is required in every section (ovf:Section_Type).
void info(QXmlStreamWriter &w, const QString &value)
{
    w.writeTextElement(Ns::ovf, u"Info"_s, value);
}

// A section in the vcloud namespace: href/type are declared attributes, ovf:required="false" as real servers.
void startVcloudSection(QXmlStreamWriter &w, const QString &name, const QString &href, const QString &type,
                        const QString &infoText)
{
    start(w, name);
    attr(w, u"href"_s, href);
    attr(w, u"type"_s, type);
    w.writeAttribute(Ns::ovf, u"required"_s, u"false"_s);
    info(w, infoText);
}

// A section in the ovf namespace (or one without declared href/type): real servers put vcloud:href and
// vcloud:type on it, declaring the vcloud prefix on that element.
void startForeignSection(QXmlStreamWriter &w, const QString &ns, const QString &name, const QString &href,
                         const QString &type)
{
    w.writeStartElement(ns, name);
    w.writeNamespace(Ns::vcloud, u"vcloud"_s);
    w.writeAttribute(Ns::vcloud, u"href"_s, href);
    w.writeAttribute(Ns::vcloud, u"type"_s, type);
}

QString siteId(const RenderContext &ctx)
{
    // A stable site UUID for the multisite attributes: derived from the cloud's seed, so it never changes
    // between requests of one run.
    const quint64 seed = ctx.cloud ? ctx.cloud->seed : 0;
    return QUuid::createUuidV5(QUuid(), u"vcd-sim-site-"_s + QString::number(seed))
        .toString(QUuid::WithoutBraces);
}

QString storageProfileHref(const QString &baseUrl, const QString &id)
{
    return apiRoot(baseUrl) + u"/vdcStorageProfile/" + id;
}

const QString mtVdcStorageProfile = u"application/vnd.vmware.vcloud.vdcStorageProfile+xml"_s;

void ownerElement(QXmlStreamWriter &w, const RenderContext &ctx, const QString &userId)
{
    const User *u = ctx.cloud ? ctx.cloud->users.find(userId) : nullptr;
    if (!u)
        return; // OwnerType requires a User
    start(w, u"Owner"_s);
    attr(w, u"type"_s, Mt::owner);
    reference(w, u"User"_s, hrefOf(ctx.baseUrl, Kind::User, u->id), Mt::user, u->name);
    w.writeEndElement();
}

QString entityName(const RenderContext &ctx, Kind kind, const QString &id)
{
    if (!ctx.cloud)
        return {};
    const Cloud &c = *ctx.cloud;
    auto nameOf = [](const auto *e) { return e ? e->name : QString(); };
    switch (kind) {
    case Kind::Org:
        return nameOf(c.orgs.find(id));
    case Kind::Vdc:
        return nameOf(c.vdcs.find(id));
    case Kind::VApp:
        return nameOf(c.vapps.find(id));
    case Kind::Vm:
        return nameOf(c.vms.find(id));
    case Kind::Catalog:
        return nameOf(c.catalogs.find(id));
    case Kind::CatalogItem:
        return nameOf(c.catalogItems.find(id));
    case Kind::VAppTemplate:
        return nameOf(c.templates.find(id));
    case Kind::Media:
        return nameOf(c.media.find(id));
    case Kind::Network:
        return nameOf(c.networks.find(id));
    case Kind::EdgeGateway:
        return nameOf(c.edges.find(id));
    case Kind::Task:
        return nameOf(c.tasks.find(id));
    case Kind::User:
        return nameOf(c.users.find(id));
    }
    return {};
}

// ---- Task ----

void writeTask(QXmlStreamWriter &w, const RenderContext &ctx, const Task &t, bool root)
{
    const QString href = hrefOf(ctx.baseUrl, Kind::Task, t.id);
    startElement(w, u"Task"_s, root);
    if (ctx.atLeast(u"5.1"_s))
        attr(w, u"cancelRequested"_s, boolText(t.cancelRequested));
    if (t.isFinished() && t.endTime.isValid())
        attr(w, u"endTime"_s, xmlDateTime(t.endTime));
    if (t.expiryTime.isValid())
        attr(w, u"expiryTime"_s, xmlDateTime(t.expiryTime));
    attr(w, u"operation"_s, t.operation);
    attr(w, u"operationName"_s, t.operationName);
    if (ctx.atLeast(u"5.1"_s))
        attr(w, u"serviceNamespace"_s, u"com.vmware.vcloud"_s);
    if (t.startTime.isValid())
        attr(w, u"startTime"_s, xmlDateTime(t.startTime));
    attr(w, u"status"_s, t.status);
    entityAttrs(w, u"task"_s, urnOf(Kind::Task, t.id), href, Mt::task); // name is always "task" (§3.8)

    if (!t.isFinished() && t.cancellable)
        writeLink(w, u"task:cancel"_s, href + u"/action/cancel");

    if (!t.ownerId.isEmpty()) {
        QString ownerName = t.ownerName;
        if (ownerName.isEmpty())
            ownerName = entityName(ctx, t.ownerKind, t.ownerId);
        reference(w, u"Owner"_s, hrefOf(ctx.baseUrl, t.ownerKind, t.ownerId), mediaTypeOf(t.ownerKind),
                  ownerName);
    }
    if (t.error) {
        w.writeEmptyElement(Ns::vcloud, u"Error"_s);
        attr(w, u"majorErrorCode"_s, QString::number(t.error->majorCode));
        attr(w, u"message"_s, t.error->message);
        attr(w, u"minorErrorCode"_s, t.error->minorCode);
    }
    if (ctx.atLeast(u"1.5"_s)) {
        if (!t.userId.isEmpty())
            reference(w, u"User"_s, hrefOf(ctx.baseUrl, Kind::User, t.userId), Mt::user,
                      entityName(ctx, Kind::User, t.userId));
        if (!t.orgId.isEmpty())
            reference(w, u"Organization"_s, hrefOf(ctx.baseUrl, Kind::Org, t.orgId), Mt::org,
                      entityName(ctx, Kind::Org, t.orgId));
        // Progress while the task runs, and the final value (100 on success) once it was set (§3.8).
        if (!t.isFinished() || t.progress > 0)
            text(w, u"Progress"_s, QString::number(t.progress));
    }
    if (ctx.atLeast(u"5.1"_s))
        text(w, u"Details"_s, t.details);
    w.writeEndElement();
}

// ---- vApp / VM ----

void powerLink(QXmlStreamWriter &w, const QString &href, const QString &action)
{
    writeLink(w, u"power:"_s + action, href + u"/power/action/" + action);
}

// The state- and rights-dependent action links of a vApp or VM (docs/VCD-API.md §3.2, §5).
void writeActionLinks(QXmlStreamWriter &w, const RenderContext &ctx, const QString &href, int status,
                      bool deployed, bool hasSnapshot, bool isVm)
{
    if (!ctx.user)
        return;
    const User &u = *ctx.user;
    const bool off = status == Status::PoweredOff || status == Status::Resolved;
    const bool on = status == Status::PoweredOn;
    const bool suspended = status == Status::Suspended;
    const bool mixed = status == Status::Mixed;

    if (canPower(u)) {
        if (off || suspended || mixed)
            powerLink(w, href, u"powerOn"_s);
        if (on || suspended || mixed)
            powerLink(w, href, u"powerOff"_s);
        if (on || mixed) {
            powerLink(w, href, u"reboot"_s);
            powerLink(w, href, u"reset"_s);
            powerLink(w, href, u"shutdown"_s);
            powerLink(w, href, u"suspend"_s);
        }
        if (off || mixed)
            writeLink(w, u"deploy"_s, href + u"/action/deploy", Mt::deployVAppParams);
        if (on || suspended || mixed || (deployed && off))
            writeLink(w, u"undeploy"_s, href + u"/action/undeploy", Mt::undeployVAppParams);
        if (suspended)
            writeLink(w, u"discardState"_s, href + u"/action/discardSuspendedState");
        if (isVm && on)
            writeLink(w, u"screen:acquireMksTicket"_s, href + u"/screen/action/acquireMksTicket",
                      Mt::mksTicket);
        // Snapshots: a real server offers create on running and stopped machines alike (osm__vm.xml);
        // revert/remove only when there is a snapshot.
        if (ctx.atLeast(u"5.1"_s)) {
            if (off || on || mixed)
                writeLink(w, u"snapshot:create"_s, href + u"/action/createSnapshot",
                          Mt::createSnapshotParams);
            if (hasSnapshot) {
                writeLink(w, u"snapshot:revertToCurrent"_s, href + u"/action/revertToCurrentSnapshot");
                writeLink(w, u"snapshot:removeAll"_s, href + u"/action/removeAllSnapshots");
            }
        }
    }
    if (canEdit(u)) {
        writeLink(w, u"edit"_s, href, isVm ? Mt::vm : Mt::vApp);
        if (isVm)
            writeLink(w, u"reconfigureVm"_s, href + u"/action/reconfigureVm", Mt::vm);
    }
    // No remove while anything runs (§3.2: a powered-on vApp shows no remove), nor while still
    // deployed: the server refuses to delete a powered-off but deployed vApp ("Stop the vApp").
    if (canDelete(u) && !deployed && (off || status == Status::FailedCreation))
        writeLink(w, u"remove"_s, href);
}

void writeRasdText(QXmlStreamWriter &w, const QString &name, const QString &value)
{
    w.writeTextElement(Ns::rasd, name, value);
}

struct HardwareSpec
{
    QString href;       // entity href; section hrefs hang below it
    QString systemName; // vssd:VirtualSystemIdentifier
    QString hardwareVersion;
    int cpus = 1;
    int coresPerSocket = 1;
    qint64 memoryMb = 0;
    QList<Disk> disks;
    QList<Nic> nics;
    bool editable = false;
};

// ovf:VirtualHardwareSection. rasd children follow the CIM schema's (alphabetical) sequence.
void writeVirtualHardware(QXmlStreamWriter &w, const RenderContext &ctx, const HardwareSpec &hw)
{
    const QString sectionHref = hw.href + u"/virtualHardwareSection/";
    const QString rasdItemType = u"application/vnd.vmware.vcloud.rasdItem+xml"_s;
    startForeignSection(w, Ns::ovf, u"VirtualHardwareSection"_s, sectionHref,
                        u"application/vnd.vmware.vcloud.virtualHardwareSection+xml"_s);
    w.writeAttribute(Ns::ovf, u"transport"_s, QString());
    info(w, u"Virtual hardware requirements"_s);

    w.writeStartElement(Ns::ovf, u"System"_s);
    w.writeTextElement(Ns::vssd, u"ElementName"_s, u"Virtual Hardware Family"_s);
    w.writeTextElement(Ns::vssd, u"InstanceID"_s, u"0"_s);
    w.writeTextElement(Ns::vssd, u"VirtualSystemIdentifier"_s, hw.systemName);
    w.writeTextElement(Ns::vssd, u"VirtualSystemType"_s, hw.hardwareVersion);
    w.writeEndElement();

    // Instance ids: NICs 1.., then the SCSI controller, CPU and memory (unique, close to a real server's).
    const int nicCount = int(hw.nics.size());
    const int controllerId = nicCount + 2;
    const int cpuId = nicCount + 3;
    const int memoryId = nicCount + 4;

    for (qsizetype i = 0; i < hw.nics.size(); ++i) {
        const Nic &nic = hw.nics[i];
        w.writeStartElement(Ns::ovf, u"Item"_s);
        if (!nic.macAddress.isEmpty())
            writeRasdText(w, u"Address"_s, nic.macAddress);
        writeRasdText(w, u"AddressOnParent"_s, QString::number(nic.index));
        writeRasdText(w, u"AutomaticAllocation"_s, boolText(nic.connected));
        w.writeStartElement(Ns::rasd, u"Connection"_s);
        w.writeAttribute(Ns::vcloud, u"ipAddressingMode"_s, nic.allocationMode);
        if (!nic.ipAddress.isEmpty())
            w.writeAttribute(Ns::vcloud, u"ipAddress"_s, nic.ipAddress);
        w.writeAttribute(Ns::vcloud, u"primaryNetworkConnection"_s, boolText(i == 0));
        w.writeCharacters(nic.networkName.isEmpty() ? u"none"_s : nic.networkName);
        w.writeEndElement();
        writeRasdText(w, u"Description"_s,
                      nic.adapterType + u" ethernet adapter on \"" +
                          (nic.networkName.isEmpty() ? u"none"_s : nic.networkName) + u'"');
        writeRasdText(w, u"ElementName"_s, u"Network adapter "_s + QString::number(nic.index));
        writeRasdText(w, u"InstanceID"_s, QString::number(i + 1));
        writeRasdText(w, u"ResourceSubType"_s, nic.adapterType);
        writeRasdText(w, u"ResourceType"_s, u"10"_s);
        w.writeEndElement();
    }

    const QString busSubType = hw.disks.isEmpty() ? u"lsilogicsas"_s : hw.disks.first().busType;
    w.writeStartElement(Ns::ovf, u"Item"_s);
    writeRasdText(w, u"Address"_s, u"0"_s);
    writeRasdText(w, u"Description"_s, u"SCSI Controller"_s);
    writeRasdText(w, u"ElementName"_s, u"SCSI Controller 0"_s);
    writeRasdText(w, u"InstanceID"_s, QString::number(controllerId));
    writeRasdText(w, u"ResourceSubType"_s, busSubType);
    writeRasdText(w, u"ResourceType"_s, u"6"_s);
    w.writeEndElement();

    for (qsizetype i = 0; i < hw.disks.size(); ++i) {
        const Disk &d = hw.disks[i];
        w.writeStartElement(Ns::ovf, u"Item"_s);
        writeRasdText(w, u"AddressOnParent"_s, QString::number(i));
        writeRasdText(w, u"Description"_s, u"Hard disk"_s);
        writeRasdText(w, u"ElementName"_s, u"Hard disk "_s + QString::number(i + 1));
        w.writeEmptyElement(Ns::rasd, u"HostResource"_s);
        w.writeAttribute(Ns::vcloud, u"capacity"_s, num(d.sizeMb));
        w.writeAttribute(Ns::vcloud, u"busSubType"_s, d.busType);
        w.writeAttribute(Ns::vcloud, u"busType"_s, u"6"_s);
        if (ctx.atLeast(u"5.1"_s))
            w.writeAttribute(Ns::vcloud, u"storageProfileOverrideVmDefault"_s,
                             boolText(!d.storageProfile.isEmpty()));
        writeRasdText(w, u"InstanceID"_s, QString::number(d.instanceId));
        writeRasdText(w, u"Parent"_s, QString::number(controllerId));
        writeRasdText(w, u"ResourceType"_s, u"17"_s);
        writeRasdText(w, u"VirtualQuantity"_s, num(d.sizeMb * 1024 * 1024));
        writeRasdText(w, u"VirtualQuantityUnits"_s, u"byte"_s);
        w.writeEndElement();
    }

    w.writeStartElement(Ns::ovf, u"Item"_s);
    w.writeAttribute(Ns::vcloud, u"href"_s, sectionHref + u"cpu");
    w.writeAttribute(Ns::vcloud, u"type"_s, rasdItemType);
    writeRasdText(w, u"AllocationUnits"_s, u"hertz * 10^6"_s);
    writeRasdText(w, u"Description"_s, u"Number of Virtual CPUs"_s);
    writeRasdText(w, u"ElementName"_s, QString::number(hw.cpus) + u" virtual CPU(s)");
    writeRasdText(w, u"InstanceID"_s, QString::number(cpuId));
    writeRasdText(w, u"Reservation"_s, u"0"_s);
    writeRasdText(w, u"ResourceType"_s, u"3"_s);
    writeRasdText(w, u"VirtualQuantity"_s, QString::number(hw.cpus));
    writeRasdText(w, u"Weight"_s, u"0"_s);
    if (ctx.atLeast(u"5.1"_s)) {
        w.writeStartElement(Ns::vmw, u"CoresPerSocket"_s);
        w.writeAttribute(Ns::ovf, u"required"_s, u"false"_s);
        w.writeCharacters(QString::number(hw.coresPerSocket));
        w.writeEndElement();
    }
    if (hw.editable)
        writeLink(w, u"edit"_s, sectionHref + u"cpu", rasdItemType);
    w.writeEndElement();

    w.writeStartElement(Ns::ovf, u"Item"_s);
    w.writeAttribute(Ns::vcloud, u"href"_s, sectionHref + u"memory");
    w.writeAttribute(Ns::vcloud, u"type"_s, rasdItemType);
    writeRasdText(w, u"AllocationUnits"_s, u"byte * 2^20"_s);
    writeRasdText(w, u"Description"_s, u"Memory Size"_s);
    writeRasdText(w, u"ElementName"_s, num(hw.memoryMb) + u" MB of memory");
    writeRasdText(w, u"InstanceID"_s, QString::number(memoryId));
    writeRasdText(w, u"Reservation"_s, u"0"_s);
    writeRasdText(w, u"ResourceType"_s, u"4"_s);
    writeRasdText(w, u"VirtualQuantity"_s, num(hw.memoryMb));
    writeRasdText(w, u"Weight"_s, u"0"_s);
    if (hw.editable)
        writeLink(w, u"edit"_s, sectionHref + u"memory", rasdItemType);
    w.writeEndElement();

    if (hw.editable)
        writeLink(w, u"edit"_s, sectionHref, u"application/vnd.vmware.vcloud.virtualHardwareSection+xml"_s);
    w.writeEndElement(); // VirtualHardwareSection
}

void writeOsSection(QXmlStreamWriter &w, const QString &href, int osTypeId, const QString &osType,
                    const QString &guestOs, bool editable)
{
    const QString sectionHref = href + u"/operatingSystemSection/";
    const QString type = u"application/vnd.vmware.vcloud.operatingSystemSection+xml"_s;
    startForeignSection(w, Ns::ovf, u"OperatingSystemSection"_s, sectionHref, type);
    w.writeAttribute(Ns::ovf, u"id"_s, QString::number(osTypeId));
    w.writeAttribute(Ns::vmw, u"osType"_s, osType);
    info(w, u"Specifies the operating system installed"_s);
    w.writeTextElement(Ns::ovf, u"Description"_s, guestOs);
    if (editable)
        writeLink(w, u"edit"_s, sectionHref, type);
    w.writeEndElement();
}

void writeNetworkConnectionSection(QXmlStreamWriter &w, const RenderContext &ctx, const QString &href,
                                   const QList<Nic> &nics, bool editable)
{
    const QString sectionHref = href + u"/networkConnectionSection/";
    const QString type = u"application/vnd.vmware.vcloud.networkConnectionSection+xml"_s;
    startVcloudSection(w, u"NetworkConnectionSection"_s, sectionHref, type,
                       u"Specifies the available VM network connections"_s);
    if (!nics.isEmpty())
        text(w, u"PrimaryNetworkConnectionIndex"_s, QString::number(nics.first().index));
    for (const Nic &nic : nics) {
        start(w, u"NetworkConnection"_s);
        attr(w, u"needsCustomization"_s, u"false"_s);
        attr(w, u"network"_s, nic.networkName.isEmpty() ? u"none"_s : nic.networkName);
        text(w, u"NetworkConnectionIndex"_s, QString::number(nic.index));
        if (!nic.ipAddress.isEmpty())
            text(w, u"IpAddress"_s, nic.ipAddress);
        text(w, u"IsConnected"_s, boolText(nic.connected));
        if (!nic.macAddress.isEmpty())
            text(w, u"MACAddress"_s, nic.macAddress);
        text(w, u"IpAddressAllocationMode"_s, nic.allocationMode);
        if (ctx.atLeast(u"5.11"_s))
            text(w, u"NetworkAdapterType"_s, nic.adapterType);
        w.writeEndElement();
    }
    if (editable)
        writeLink(w, u"edit"_s, sectionHref, type);
    w.writeEndElement();
}

void writeGuestCustomization(QXmlStreamWriter &w, const RenderContext &ctx, const QString &href,
                             const QString &vmId, const QString &computerName, bool editable)
{
    const QString sectionHref = href + u"/guestCustomizationSection/";
    const QString type = u"application/vnd.vmware.vcloud.guestCustomizationSection+xml"_s;
    startVcloudSection(w, u"GuestCustomizationSection"_s, sectionHref, type,
                       u"Specifies Guest OS Customization Settings"_s);
    text(w, u"Enabled"_s, u"true"_s);
    text(w, u"ChangeSid"_s, u"false"_s);
    text(w, u"VirtualMachineId"_s, vmId);
    text(w, u"JoinDomainEnabled"_s, u"false"_s);
    text(w, u"UseOrgSettings"_s, u"false"_s);
    text(w, u"AdminPasswordEnabled"_s, u"false"_s);
    text(w, u"AdminPasswordAuto"_s, u"true"_s);
    if (ctx.atLeast(u"5.5"_s)) {
        text(w, u"AdminAutoLogonEnabled"_s, u"false"_s);
        text(w, u"AdminAutoLogonCount"_s, u"0"_s);
    }
    text(w, u"ResetPasswordRequired"_s, u"false"_s);
    if (!computerName.isEmpty())
        text(w, u"ComputerName"_s, computerName);
    if (editable)
        writeLink(w, u"edit"_s, sectionHref, type);
    w.writeEndElement();
}

void writeSnapshotSection(QXmlStreamWriter &w, const QString &href, const std::optional<Snapshot> &snapshot)
{
    startVcloudSection(w, u"SnapshotSection"_s, href + u"/snapshotSection",
                       u"application/vnd.vmware.vcloud.snapshotSection+xml"_s,
                       u"Snapshot information section"_s);
    if (snapshot) {
        start(w, u"Snapshot"_s);
        attr(w, u"created"_s, xmlDateTime(snapshot->created));
        attr(w, u"poweredOn"_s, boolText(snapshot->poweredOn));
        attr(w, u"size"_s, num(snapshot->sizeBytes));
        w.writeEndElement();
    }
    w.writeEndElement();
}

// The task a vApp/VM shows in <Tasks> while it is busy (docs/VCD-API.md §3.5): the lock holder of its vApp.
const Task *busyTask(const RenderContext &ctx, const QString &vappId)
{
    return ctx.cloud ? ctx.cloud->busyTaskOf(vappId) : nullptr;
}

void writeTasksInProgress(QXmlStreamWriter &w, const RenderContext &ctx, const Task *task)
{
    if (!task)
        return;
    start(w, u"Tasks"_s);
    writeTask(w, ctx, *task, false);
    w.writeEndElement();
}

void writeVm(QXmlStreamWriter &w, const RenderContext &ctx, const Vm &vm, bool root)
{
    const QString href = hrefOf(ctx.baseUrl, Kind::Vm, vm.id);
    const Task *busy = busyTask(ctx, vm.vappId);
    const bool editable = !busy && ctx.user && canEdit(*ctx.user);

    startElement(w, u"Vm"_s, root);
    attr(w, u"needsCustomization"_s, boolText(vm.needsCustomization));
    if (ctx.atLeast(u"5.1"_s))
        attr(w, u"nestedHypervisorEnabled"_s, u"false"_s);
    attr(w, u"deployed"_s, boolText(vm.deployed));
    attr(w, u"status"_s, QString::number(vm.status));
    entityAttrs(w, vm.name, urnOf(Kind::Vm, vm.id), href, Mt::vm);

    // While the vApp holds a running task no action is offered (one operation at a time, BUSY_ENTITY).
    if (!busy)
        writeActionLinks(w, ctx, href, vm.status, vm.deployed, vm.snapshot.has_value(), true);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    writeLink(w, u"down"_s, href + u"/productSections/",
              u"application/vnd.vmware.vcloud.productSections+xml"_s);
    if (!vm.vappId.isEmpty())
        writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::VApp, vm.vappId), Mt::vApp);
    description(w, vm.description, true);
    // Only the VM's own task is embedded in the VM; a vApp-level task shows on the vApp.
    if (busy && busy->ownerKind == Kind::Vm && busy->ownerId == vm.id)
        writeTasksInProgress(w, ctx, busy);

    HardwareSpec hw;
    hw.href = href;
    hw.systemName = vm.name;
    hw.hardwareVersion = vm.hardwareVersion;
    hw.cpus = vm.cpus;
    hw.coresPerSocket = vm.coresPerSocket;
    hw.memoryMb = vm.memoryMb;
    hw.disks = vm.disks;
    hw.nics = vm.nics;
    hw.editable = editable;
    writeVirtualHardware(w, ctx, hw);
    writeOsSection(w, href, vm.osTypeId, vm.osType, vm.guestOs, editable);
    writeNetworkConnectionSection(w, ctx, href, vm.nics, editable);
    writeGuestCustomization(w, ctx, href, vm.id, vm.computerName, editable);

    // RuntimeInfoSection (1.5+): VMware Tools version, when tools are installed at all.
    if (ctx.atLeast(u"1.5"_s)) {
        startForeignSection(w, Ns::vcloud, u"RuntimeInfoSection"_s, href + u"/runtimeInfoSection",
                            u"application/vnd.vmware.vcloud.virtualHardwareSection+xml"_s);
        info(w, u"Specifies Runtime info"_s);
        if (vm.toolsStatus != u"toolsNotInstalled" && !vm.toolsVersion.isEmpty()) {
            w.writeEmptyElement(Ns::vcloud, u"VMWareTools"_s);
            attr(w, u"version"_s, vm.toolsVersion);
        }
        w.writeEndElement();
    }
    if (ctx.atLeast(u"5.1"_s)) {
        writeSnapshotSection(w, href, vm.snapshot);
        if (vm.created.isValid())
            text(w, u"DateCreated"_s, xmlDateTime(vm.created));
    }
    text(w, u"VAppScopedLocalId"_s, vm.localId > 0 ? QString::number(vm.localId) : vm.name);
    if (ctx.atLeast(u"5.1"_s)) {
        const QString capHref = href + u"/vmCapabilities/";
        const QString capType = u"application/vnd.vmware.vcloud.vmCapabilitiesSection+xml"_s;
        start(w, u"VmCapabilities"_s);
        attr(w, u"href"_s, capHref);
        attr(w, u"type"_s, capType);
        if (editable)
            writeLink(w, u"edit"_s, capHref, capType);
        text(w, u"MemoryHotAddEnabled"_s, u"false"_s);
        text(w, u"CpuHotAddEnabled"_s, u"false"_s);
        w.writeEndElement();

        const Vdc *vdc = ctx.cloud ? ctx.cloud->vdcs.find(vm.vdcId) : nullptr;
        if (vdc && !vdc->storageProfileId.isEmpty())
            reference(w, u"StorageProfile"_s, storageProfileHref(ctx.baseUrl, vdc->storageProfileId),
                      mtVdcStorageProfile,
                      vm.storageProfile.isEmpty() ? vdc->storageProfileName : vm.storageProfile);
    }
    w.writeEndElement();
}

// NetworkConfigurationType for a vApp network bridged to the org network of the same name.
void writeVAppNetworkConfig(QXmlStreamWriter &w, const RenderContext &ctx, const VApp &vapp,
                            const QString &networkName)
{
    const Network *orgNet = nullptr;
    if (ctx.cloud) {
        for (const Network *n : ctx.cloud->networks.rows())
            if (n->orgId == vapp.orgId && n->name == networkName) {
                orgNet = n;
                break;
            }
    }
    start(w, u"NetworkConfig"_s);
    attr(w, u"networkName"_s, networkName);
    text(w, u"Description"_s, orgNet ? orgNet->description : QString());
    start(w, u"Configuration"_s);
    const bool scopes = ctx.atLeast(u"5.1"_s); // IpScope was replaced by IpScopes in 5.1
    if (scopes)
        start(w, u"IpScopes"_s);
    start(w, u"IpScope"_s);
    text(w, u"IsInherited"_s, u"true"_s);
    if (orgNet) {
        if (!orgNet->gateway.isEmpty())
            text(w, u"Gateway"_s, orgNet->gateway);
        if (!orgNet->netmask.isEmpty())
            text(w, u"Netmask"_s, orgNet->netmask);
        if (!orgNet->dns1.isEmpty())
            text(w, u"Dns1"_s, orgNet->dns1);
        if (!orgNet->dns2.isEmpty())
            text(w, u"Dns2"_s, orgNet->dns2);
        if (!orgNet->dnsSuffix.isEmpty())
            text(w, u"DnsSuffix"_s, orgNet->dnsSuffix);
    }
    if (scopes)
        text(w, u"IsEnabled"_s, u"true"_s);
    w.writeEndElement(); // IpScope
    if (scopes)
        w.writeEndElement(); // IpScopes
    if (orgNet)
        reference(w, u"ParentNetwork"_s, hrefOf(ctx.baseUrl, Kind::Network, orgNet->id),
                  mediaTypeOf(Kind::Network), orgNet->name, orgNet->id);
    text(w, u"FenceMode"_s, orgNet ? u"bridged"_s : u"isolated"_s);
    text(w, u"RetainNetInfoAcrossDeployments"_s, u"false"_s);
    w.writeEndElement(); // Configuration
    text(w, u"IsDeployed"_s, boolText(vapp.deployed));
    w.writeEndElement(); // NetworkConfig
}

void writeVApp(QXmlStreamWriter &w, const RenderContext &ctx, const VApp &vapp)
{
    const QString href = hrefOf(ctx.baseUrl, Kind::VApp, vapp.id);
    const int status = ctx.cloud ? ctx.cloud->vappStatus(vapp) : vapp.status;
    const Task *busy = busyTask(ctx, vapp.id);
    const bool creating = vapp.creating;
    const bool editable = !busy && !creating && ctx.user && canEdit(*ctx.user);
    const QList<const Vm *> vms = ctx.cloud ? ctx.cloud->vmsOf(vapp) : QList<const Vm *>();
    const bool anySnapshot =
        vapp.snapshot.has_value() ||
        std::any_of(vms.cbegin(), vms.cend(), [](const Vm *v) { return v->snapshot.has_value(); });

    startRoot(w, u"VApp"_s);
    attr(w, u"ovfDescriptorUploaded"_s, u"true"_s);
    attr(w, u"deployed"_s, boolText(vapp.deployed));
    attr(w, u"status"_s, QString::number(status));
    entityAttrs(w, vapp.name, urnOf(Kind::VApp, vapp.id), href, Mt::vApp);

    if (!busy && !creating)
        writeActionLinks(w, ctx, href, status, vapp.deployed, anySnapshot, false);
    if (!vapp.vdcId.isEmpty())
        writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Vdc, vapp.vdcId), Mt::vdc);
    writeLink(w, u"down"_s, href + u"/owner", Mt::owner);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    writeLink(w, u"down"_s, href + u"/productSections/",
              u"application/vnd.vmware.vcloud.productSections+xml"_s);
    description(w, vapp.description, true);
    writeTasksInProgress(w, ctx, busy);

    // A vApp being instantiated shows only its task, dates and owner (osm__vapp-instantiate-queued-task.xml).
    if (!creating) {
        const QString leaseHref = href + u"/leaseSettingsSection/";
        const QString leaseType = u"application/vnd.vmware.vcloud.leaseSettingsSection+xml"_s;
        startVcloudSection(w, u"LeaseSettingsSection"_s, leaseHref, leaseType, u"Lease settings section"_s);
        if (editable)
            writeLink(w, u"edit"_s, leaseHref, leaseType);
        text(w, u"DeploymentLeaseInSeconds"_s, QString::number(vapp.leaseSeconds));
        text(w, u"StorageLeaseInSeconds"_s, u"0"_s);
        w.writeEndElement();

        const QString startupHref = href + u"/startupSection/";
        const QString startupType = u"application/vnd.vmware.vcloud.startupSection+xml"_s;
        startForeignSection(w, Ns::ovf, u"StartupSection"_s, startupHref, startupType);
        info(w, u"VApp startup section"_s);
        int order = 0;
        for (const Vm *vm : vms) {
            w.writeEmptyElement(Ns::ovf, u"Item"_s);
            w.writeAttribute(Ns::ovf, u"id"_s, vm->name);
            w.writeAttribute(Ns::ovf, u"order"_s, QString::number(order++));
            w.writeAttribute(Ns::ovf, u"startAction"_s, u"powerOn"_s);
            w.writeAttribute(Ns::ovf, u"startDelay"_s, u"0"_s);
            w.writeAttribute(Ns::ovf, u"stopAction"_s, u"powerOff"_s);
            w.writeAttribute(Ns::ovf, u"stopDelay"_s, u"0"_s);
        }
        if (editable)
            writeLink(w, u"edit"_s, startupHref, startupType);
        w.writeEndElement();

        startForeignSection(w, Ns::ovf, u"NetworkSection"_s, href + u"/networkSection/",
                            u"application/vnd.vmware.vcloud.networkSection+xml"_s);
        info(w, u"The list of logical networks"_s);
        for (const QString &net : vapp.networkNames) {
            w.writeStartElement(Ns::ovf, u"Network"_s);
            w.writeAttribute(Ns::ovf, u"name"_s, net);
            w.writeEmptyElement(Ns::ovf, u"Description"_s);
            w.writeEndElement();
        }
        w.writeEndElement();

        const QString netCfgHref = href + u"/networkConfigSection/";
        const QString netCfgType = u"application/vnd.vmware.vcloud.networkConfigSection+xml"_s;
        startVcloudSection(w, u"NetworkConfigSection"_s, netCfgHref, netCfgType,
                           u"The configuration parameters for logical networks"_s);
        if (editable)
            writeLink(w, u"edit"_s, netCfgHref, netCfgType);
        for (const QString &net : vapp.networkNames)
            writeVAppNetworkConfig(w, ctx, vapp, net);
        w.writeEndElement();

        if (ctx.atLeast(u"5.1"_s))
            writeSnapshotSection(w, href, vapp.snapshot);
    }
    if (ctx.atLeast(u"5.1"_s) && vapp.created.isValid())
        text(w, u"DateCreated"_s, xmlDateTime(vapp.created));
    ownerElement(w, ctx, vapp.ownerUserId);
    text(w, u"InMaintenanceMode"_s, u"false"_s);
    if (!creating && !vms.isEmpty()) {
        start(w, u"Children"_s);
        for (const Vm *vm : vms)
            writeVm(w, ctx, *vm, false);
        w.writeEndElement();
    }
    w.writeEndElement();
}

// ---- vApp template ----

void writeTemplateVm(QXmlStreamWriter &w, const RenderContext &ctx, const VAppTemplate &tmpl,
                     const TemplateVm &vm, bool root)
{
    const QString href = templateVmHref(ctx.baseUrl, vm.id);
    startElement(w, root ? u"VAppTemplate"_s : u"Vm"_s, root);
    if (ctx.atLeast(u"1.5"_s))
        attr(w, u"goldMaster"_s, boolText(tmpl.goldMaster));
    attr(w, u"status"_s, QString::number(tmpl.status));
    entityAttrs(w, vm.name, urnOf(Kind::Vm, vm.id), href, Mt::vm);
    writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::VAppTemplate, tmpl.id), Mt::vAppTemplate);
    // No metadata link: the simulator keeps no metadata for a template's VMs and would not serve it.
    description(w, QString(), true);

    writeNetworkConnectionSection(w, ctx, href, {}, false);
    writeGuestCustomization(w, ctx, href, vm.id, QString(), false);
    HardwareSpec hw;
    hw.href = href;
    hw.systemName = vm.name;
    hw.hardwareVersion = u"vmx-19"_s;
    hw.cpus = vm.cpus;
    hw.coresPerSocket = 1;
    hw.memoryMb = vm.memoryMb;
    Disk disk;
    disk.sizeMb = vm.diskMb;
    hw.disks = {disk};
    writeVirtualHardware(w, ctx, hw);
    writeOsSection(w, href, vm.osTypeId, vm.osType, vm.guestOs, false);
    text(w, u"VAppScopedLocalId"_s, vm.name);
    if (ctx.atLeast(u"5.1"_s) && tmpl.created.isValid())
        text(w, u"DateCreated"_s, xmlDateTime(tmpl.created));
    w.writeEndElement();
}

// ---- metadata ----

void writeTypedValue(QXmlStreamWriter &w, const RenderContext &ctx, const MetadataEntry &e)
{
    if (ctx.atLeast(u"5.1"_s)) {
        start(w, u"TypedValue"_s);
        w.writeAttribute(Ns::xsi, u"type"_s, metadataTypeName(e.type));
        text(w, u"Value"_s, e.value);
        w.writeEndElement();
    } else {
        text(w, u"Value"_s, e.value); // 1.5: untyped Key/Value
    }
}

void writeDomain(QXmlStreamWriter &w, const RenderContext &ctx, const MetadataEntry &e)
{
    // Domain came with 5.1; GENERAL is the default and real servers leave it out.
    if (!ctx.atLeast(u"5.1"_s) || e.domain.isEmpty() || e.domain == u"GENERAL")
        return;
    start(w, u"Domain"_s);
    attr(w, u"visibility"_s, e.visibility);
    w.writeCharacters(e.domain);
    w.writeEndElement();
}

bool canWriteEntry(const RenderContext &ctx, const MetadataEntry &e)
{
    if (!ctx.user || !canEdit(*ctx.user))
        return false;
    return e.visibility == u"READWRITE" || isSystemAdmin(*ctx.user);
}

} // namespace

// ============================== public ==============================

QByteArray XmlWriter::supportedVersions(const Product &product, const QString &baseUrl)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    // The deprecated flag exists since 20.0: products that list 20.0-era versions set it on every entry
    // (including their 5.5 entry), older products never (docs/VCD-API.md §1.1).
    const bool withDeprecated =
        std::any_of(product.versions.cbegin(), product.versions.cend(),
                    [](const ApiVersionInfo &v) { return compareVersions(v.version, u"20.0"_s) >= 0; });
    w.writeDefaultNamespace(Ns::versions);
    w.writeNamespace(Ns::vcloud, u"ns2"_s);
    w.writeNamespace(Ns::ovf, u"ovf"_s);
    w.writeNamespace(Ns::vssd, u"vssd"_s);
    w.writeNamespace(Ns::common, u"common"_s);
    w.writeNamespace(Ns::rasd, u"rasd"_s);
    w.writeNamespace(Ns::vmw, u"vmw"_s);
    w.writeNamespace(Ns::ovfenv, u"ovfenv"_s);
    w.writeNamespace(Ns::vmext, u"vmext"_s);
    w.writeStartElement(Ns::versions, u"SupportedVersions"_s);
    const QString schemaBase = baseUrl + u"/api/v1.5/schema/";
    for (const ApiVersionInfo &v : product.versions) {
        w.writeStartElement(Ns::versions, u"VersionInfo"_s);
        if (withDeprecated)
            w.writeAttribute(u"deprecated"_s, boolText(v.deprecated));
        w.writeTextElement(Ns::versions, u"Version"_s, v.version);
        if (compareVersions(v.version, u"36.0"_s) >= 0) {
            // From 36.0 LoginUrl is the tenant cloudapi login and providers use ProviderLoginUrl (§1.1).
            w.writeTextElement(Ns::versions, u"LoginUrl"_s, baseUrl + u"/cloudapi/1.0.0/sessions");
            w.writeTextElement(Ns::versions, u"ProviderLoginUrl"_s,
                               baseUrl + u"/cloudapi/1.0.0/sessions/provider");
        } else {
            w.writeTextElement(Ns::versions, u"LoginUrl"_s, baseUrl + u"/api/sessions");
        }
        // MediaTypeMapping only appears below 5.7 (and is deprecated in 33.0); a few suffice.
        if (compareVersions(v.version, u"5.7"_s) < 0) {
            const struct
            {
                const char16_t *mediaType;
                const char16_t *typeName;
                const char16_t *schema;
            } mappings[] = {
                {u"application/vnd.vmware.vcloud.error+xml", u"ErrorType", u"common.xsd"},
                {u"application/vnd.vmware.vcloud.session+xml", u"SessionType", u"session.xsd"},
                {u"application/vnd.vmware.vcloud.task+xml", u"TaskType", u"task.xsd"},
            };
            for (const auto &m : mappings) {
                w.writeStartElement(Ns::versions, u"MediaTypeMapping"_s);
                w.writeTextElement(Ns::versions, u"MediaType"_s, QString::fromUtf16(m.mediaType));
                w.writeTextElement(Ns::versions, u"ComplexTypeName"_s, QString::fromUtf16(m.typeName));
                w.writeTextElement(Ns::versions, u"SchemaLocation"_s,
                                   schemaBase + QString::fromUtf16(m.schema));
                w.writeEndElement();
            }
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::session(const RenderContext &ctx, const User &user, const Org &org)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString api = apiRoot(ctx.baseUrl);
    const bool multisite = ctx.atLeast(u"30.0"_s);
    const QString locationId = org.id + u'@' + siteId(ctx);

    startRoot(w, u"Session"_s);
    if (multisite)
        attr(w, u"locationId"_s, locationId);
    attr(w, u"org"_s, org.name);
    if (ctx.atLeast(u"5.7"_s))
        attr(w, u"roles"_s, roleName(user.role));
    attr(w, u"user"_s, user.name);
    if (ctx.atLeast(u"5.5"_s))
        attr(w, u"userId"_s, urnOf(Kind::User, user.id));
    attr(w, u"href"_s, api + u"/session");
    attr(w, u"type"_s, Mt::session);

    writeLink(w, u"down"_s, api + u"/org/", Mt::orgList);
    writeLink(w, u"remove"_s, api + u"/session");
    // The admin root is offered to administrators (an org admin gets it too, gvcd-golden__session.xml);
    // the extension root only to the system administrator (docs/VCD-API.md §2.2).
    if (canEdit(user))
        writeLink(w, u"down"_s, api + u"/admin/", u"application/vnd.vmware.admin.vcloud+xml"_s);
    if (isSystemAdmin(user))
        writeLink(w, u"down"_s, api + u"/admin/extension",
                  u"application/vnd.vmware.admin.vmwExtension+xml"_s);
    writeLink(w, u"down"_s, hrefOf(ctx.baseUrl, Kind::Org, org.id), Mt::org, org.name);
    writeLink(w, u"down"_s, api + u"/query", Mt::queryList);
    writeLink(w, u"entityResolver"_s, api + u"/entity/", u"application/vnd.vmware.vcloud.entity+xml"_s);
    if (ctx.atLeast(u"5.1"_s))
        writeLink(w, u"down:extensibility"_s, api + u"/extensibility",
                  u"application/vnd.vmware.vcloud.apiextensibility+xml"_s);
    if (multisite) {
        writeLink(w, u"nsx"_s, ctx.baseUrl + u"/network", u"application/xml"_s);
        writeLink(w, u"openapi"_s, ctx.baseUrl + u"/cloudapi", u"application/json"_s);
        // AuthorizedLocations as a 9.5 server sends them (without the `name` the schema demands, §7).
        start(w, u"AuthorizedLocations"_s);
        start(w, u"Location"_s);
        const QString host = QUrl(ctx.baseUrl).host();
        text(w, u"LocationId"_s, locationId);
        text(w, u"SiteName"_s, host);
        text(w, u"OrgName"_s, org.name);
        text(w, u"RestApiEndpoint"_s, ctx.baseUrl);
        text(w, u"UIEndpoint"_s, ctx.baseUrl);
        text(w, u"AuthContext"_s, org.name);
        w.writeEndElement();
        w.writeEndElement();
    }
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::orgList(const RenderContext &ctx, const QList<const Org *> &orgs)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    startRoot(w, u"OrgList"_s);
    attr(w, u"href"_s, apiRoot(ctx.baseUrl) + u"/org/");
    attr(w, u"type"_s, Mt::orgList);
    for (const Org *o : orgs)
        reference(w, u"Org"_s, hrefOf(ctx.baseUrl, Kind::Org, o->id), Mt::org, o->name);
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::org(const RenderContext &ctx, const Org &org)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::Org, org.id);
    // From API 33.0 an Org no longer lists its VDCs and catalogs; it carries query links that name the
    // kind instead, and clients follow those (docs/VCD-API.md §3.3.1). Networks stay links.
    const bool queryLinks = ctx.atLeast(u"33.0"_s);
    startRoot(w, u"Org"_s);
    entityAttrs(w, org.name, urnOf(Kind::Org, org.id), href, Mt::org);
    if (ctx.cloud && !queryLinks) {
        for (const Vdc *v : ctx.cloud->vdcsOf(org.id))
            writeLink(w, u"down"_s, hrefOf(ctx.baseUrl, Kind::Vdc, v->id), Mt::vdc, v->name);
    }
    writeLink(w, u"down"_s, apiRoot(ctx.baseUrl) + u"/tasksList/" + org.id, Mt::tasksList);
    if (ctx.cloud) {
        if (!queryLinks) {
            for (const Catalog *c : ctx.cloud->catalogs.rows())
                if (c->orgId == org.id)
                    writeLink(w, u"down"_s, hrefOf(ctx.baseUrl, Kind::Catalog, c->id), Mt::catalog, c->name);
        }
        for (const Network *n : ctx.cloud->networks.rows())
            if (n->orgId == org.id)
                // The org links its networks at /api/network/{id} as orgNetwork (docs/VCD-API.md §3.3,
                // libcloud__org.xml), not at the admin path — on 10.x servers too (§3.3.1).
                writeLink(w, u"down"_s, apiRoot(ctx.baseUrl) + u"/network/" + n->id, Mt::orgNetwork, n->name);
    }
    if (queryLinks) {
        // The VDC link comes first: pyvcloud takes the first query link whose href contains "vdc" (§3.3.1).
        writeLink(w, u"down"_s, orgChildrenQueryHref(ctx, org, Kind::Vdc), Mt::queryRecords,
                  orgChildrenQueryType(ctx, Kind::Vdc));
        writeLink(w, u"down"_s, orgChildrenQueryHref(ctx, org, Kind::Catalog), Mt::queryRecords,
                  orgChildrenQueryType(ctx, Kind::Catalog));
        if (ctx.user && canEdit(*ctx.user))
            writeLink(w, u"alternate"_s, adminOrgHref(ctx.baseUrl, org.id), Mt::adminOrg);
    }
    writeLink(w, u"down"_s, metadataHref(ctx.baseUrl, Kind::Org, org.id), Mt::metadata);
    description(w, org.description, true);
    text(w, u"FullName"_s, org.fullName.isEmpty() ? org.name : org.fullName);
    w.writeEndElement();
    return d.finish();
}

QString XmlWriter::adminOrgHref(const QString &baseUrl, const QString &orgId)
{
    return apiRoot(baseUrl) + u"/admin/org/" + orgId;
}

QString XmlWriter::orgChildrenQueryType(const RenderContext &ctx, Kind kind)
{
    // A provider outside any tenant context gets the admin queries (its tenant queries would only see the
    // System org); everyone else the tenant ones (docs/VCD-API.md §3.3.1, §4).
    const bool admin = ctx.user && isSystemAdmin(*ctx.user);
    if (kind == Kind::Vdc)
        return admin ? u"adminOrgVdc"_s : u"orgVdc"_s;
    return admin ? u"adminCatalog"_s : u"catalog"_s;
}

QString XmlWriter::orgChildrenQueryHref(const RenderContext &ctx, const Org &org, Kind kind)
{
    const QString type = orgChildrenQueryType(ctx, kind);
    const bool admin = type.startsWith(u"admin");
    // The admin records carry an `org` reference; the tenant OrgVdcRecord and CatalogRecord only the
    // org's name (and real servers refuse an `org` filter from tenants, docs/VCD-API.md §3.3.1).
    const QString condition =
        admin ? u"org=="_s + hrefOf(ctx.baseUrl, Kind::Org, org.id) : u"orgName=="_s + org.name;
    return apiRoot(ctx.baseUrl) + u"/query?type="_s + type + u"&format=records&filter="_s +
           QString::fromLatin1(QUrl::toPercentEncoding(condition));
}

QByteArray XmlWriter::adminOrg(const RenderContext &ctx, const Org &org)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = adminOrgHref(ctx.baseUrl, org.id);
    startRoot(w, u"AdminOrg"_s);
    entityAttrs(w, org.name, urnOf(Kind::Org, org.id), href, Mt::adminOrg);
    writeLink(w, u"alternate"_s, hrefOf(ctx.baseUrl, Kind::Org, org.id), Mt::org);
    writeLink(w, u"down"_s, apiRoot(ctx.baseUrl) + u"/tasksList/" + org.id, Mt::tasksList);
    writeLink(w, u"down"_s, metadataHref(ctx.baseUrl, Kind::Org, org.id), Mt::metadata);
    description(w, org.description, true);
    text(w, u"FullName"_s, org.fullName.isEmpty() ? org.name : org.fullName);
    text(w, u"IsEnabled"_s, boolText(org.enabled));
    // AdminOrg keeps listing its children at every API version (docs/VCD-API.md §3.3.1).
    start(w, u"Settings"_s);
    attr(w, u"href"_s, href + u"/settings");
    attr(w, u"type"_s, u"application/vnd.vmware.admin.orgSettings+xml"_s);
    w.writeEndElement();
    if (ctx.cloud) {
        start(w, u"Catalogs"_s);
        for (const Catalog *c : ctx.cloud->catalogs.rows())
            if (c->orgId == org.id)
                reference(w, u"CatalogReference"_s, apiRoot(ctx.baseUrl) + u"/admin/catalog/" + c->id,
                          u"application/vnd.vmware.admin.catalog+xml"_s, c->name);
        w.writeEndElement();
        start(w, u"Vdcs"_s);
        for (const Vdc *v : ctx.cloud->vdcsOf(org.id))
            reference(w, u"Vdc"_s, apiRoot(ctx.baseUrl) + u"/admin/vdc/" + v->id, Mt::adminVdc, v->name);
        w.writeEndElement();
        start(w, u"Networks"_s);
        for (const Network *n : ctx.cloud->networks.rows())
            if (n->orgId == org.id)
                reference(w, u"Network"_s, apiRoot(ctx.baseUrl) + u"/admin/network/" + n->id,
                          u"application/vnd.vmware.admin.network+xml"_s, n->name);
        w.writeEndElement();
    }
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::productSections(const RenderContext &ctx, const QString &entityHref)
{
    Q_UNUSED(ctx);
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString type = u"application/vnd.vmware.vcloud.productSections+xml"_s;
    startRoot(w, u"ProductSectionList"_s);
    attr(w, u"href"_s, entityHref + u"/productSections/");
    attr(w, u"type"_s, type);
    writeLink(w, u"up"_s, entityHref, entityHref.contains(u"/vm-") ? Mt::vm : Mt::vApp);
    // The simulator keeps no OVF properties: one product section with its required Info, as a vApp
    // that was never given any answers.
    w.writeStartElement(Ns::ovf, u"ProductSection"_s);
    w.writeAttribute(Ns::ovf, u"required"_s, u"false"_s);
    info(w, u"Information about the installed software"_s);
    w.writeEndElement();
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::vdc(const RenderContext &ctx, const Vdc &vdc)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::Vdc, vdc.id);
    const QString adminHref = apiRoot(ctx.baseUrl) + u"/admin/vdc/" + vdc.id;
    const Cloud::VdcUsage usage = ctx.cloud ? ctx.cloud->vdcUsage(vdc.id) : Cloud::VdcUsage();
    const bool editor = ctx.user && canEdit(*ctx.user);

    startRoot(w, u"Vdc"_s);
    attr(w, u"status"_s, QString::number(vdc.status));
    entityAttrs(w, vdc.name, urnOf(Kind::Vdc, vdc.id), href, Mt::vdc);

    writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Org, vdc.orgId), Mt::org);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    if (editor)
        writeLink(w, u"add"_s, href + u"/action/instantiateVAppTemplate", Mt::instantiateVAppTemplateParams);
    if (ctx.atLeast(u"5.1"_s)) {
        // Edge gateways and org VDC networks are listed through query-record links (docs/VCD-API.md §3.4).
        writeLink(w, u"edgeGateways"_s, adminHref + u"/edgeGateways", Mt::queryRecords);
        writeLink(w, u"orgVdcNetworks"_s, adminHref + u"/networks", Mt::queryRecords);
    }
    if (editor)
        writeLink(w, u"alternate"_s, adminHref, Mt::adminVdc);
    description(w, vdc.description, false);
    text(w, u"AllocationModel"_s, vdc.allocationModel);

    if (!ctx.atLeast(u"5.1"_s)) {
        // StorageCapacity existed only before storage profiles (removed in 5.1).
        start(w, u"StorageCapacity"_s);
        text(w, u"Units"_s, u"MB"_s);
        text(w, u"Allocated"_s, num(vdc.storageLimitMb));
        text(w, u"Limit"_s, num(vdc.storageLimitMb));
        text(w, u"Used"_s, num(usage.storageUsedMb));
        text(w, u"Overhead"_s, u"0"_s);
        w.writeEndElement();
    }
    auto capacity = [&](const QString &name, const QString &units, qint64 allocated, qint64 limit,
                        qint64 reserved, qint64 used) {
        start(w, name);
        text(w, u"Units"_s, units);
        text(w, u"Allocated"_s, num(allocated));
        text(w, u"Limit"_s, num(limit));
        if (ctx.atLeast(u"5.1"_s))
            text(w, u"Reserved"_s, num(reserved));
        text(w, u"Used"_s, num(used));
        text(w, u"Overhead"_s, u"0"_s);
        w.writeEndElement();
    };
    start(w, u"ComputeCapacity"_s);
    capacity(u"Cpu"_s, u"MHz"_s, vdc.cpuAllocatedMhz, vdc.cpuLimitMhz, vdc.cpuReservedMhz, usage.cpuUsedMhz);
    capacity(u"Memory"_s, u"MB"_s, vdc.memoryAllocatedMb, vdc.memoryLimitMb, vdc.memoryReservedMb,
             usage.memoryUsedMb);
    w.writeEndElement();

    start(w, u"ResourceEntities"_s);
    int usedNetworks = 0;
    if (ctx.cloud) {
        const Cloud &c = *ctx.cloud;
        for (const VApp *a : c.vappsOf(vdc.id))
            reference(w, u"ResourceEntity"_s, hrefOf(ctx.baseUrl, Kind::VApp, a->id), Mt::vApp, a->name);
        for (const VAppTemplate *t : c.templates.rows())
            if (t->vdcId == vdc.id)
                reference(w, u"ResourceEntity"_s, hrefOf(ctx.baseUrl, Kind::VAppTemplate, t->id),
                          Mt::vAppTemplate, t->name);
        for (const Media *m : c.media.rows())
            if (m->vdcId == vdc.id)
                reference(w, u"ResourceEntity"_s, hrefOf(ctx.baseUrl, Kind::Media, m->id), Mt::media,
                          m->name);
    }
    w.writeEndElement();

    start(w, u"AvailableNetworks"_s);
    if (ctx.cloud) {
        for (const Network *n : ctx.cloud->networks.rows())
            if (n->vdcId == vdc.id) {
                ++usedNetworks;
                // As real VDC bodies list them: /api/network/{id}, network+xml (gvcd2016__vdc.xml).
                reference(w, u"Network"_s, apiRoot(ctx.baseUrl) + u"/network/" + n->id,
                          u"application/vnd.vmware.vcloud.network+xml"_s, n->name);
            }
    }
    w.writeEndElement();

    start(w, u"Capabilities"_s);
    start(w, u"SupportedHardwareVersions"_s);
    for (const char16_t *hv : {u"vmx-04", u"vmx-07", u"vmx-08", u"vmx-09", u"vmx-10", u"vmx-11", u"vmx-13",
                               u"vmx-14", u"vmx-15", u"vmx-17", u"vmx-19"})
        text(w, u"SupportedHardwareVersion"_s, QString::fromUtf16(hv));
    w.writeEndElement();
    w.writeEndElement();

    text(w, u"NicQuota"_s, u"0"_s);
    text(w, u"NetworkQuota"_s, QString::number(vdc.networkQuota));
    if (ctx.atLeast(u"5.1"_s))
        text(w, u"UsedNetworkCount"_s, QString::number(usedNetworks));
    text(w, u"VmQuota"_s, QString::number(vdc.vmQuota));
    text(w, u"IsEnabled"_s, boolText(vdc.enabled));
    if (ctx.atLeast(u"5.1"_s)) {
        start(w, u"VdcStorageProfiles"_s);
        if (!vdc.storageProfileId.isEmpty())
            reference(w, u"VdcStorageProfile"_s, storageProfileHref(ctx.baseUrl, vdc.storageProfileId),
                      mtVdcStorageProfile, vdc.storageProfileName);
        w.writeEndElement();
    }
    if (ctx.atLeast(u"5.7"_s))
        text(w, u"VCpuInMhz2"_s, num(vdc.vCpuInMhz));
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::vapp(const RenderContext &ctx, const VApp &vapp)
{
    Doc d;
    writeVApp(d.w, ctx, vapp);
    return d.finish();
}

QByteArray XmlWriter::vm(const RenderContext &ctx, const Vm &vm)
{
    Doc d;
    writeVm(d.w, ctx, vm, true);
    return d.finish();
}

QByteArray XmlWriter::vappTemplate(const RenderContext &ctx, const VAppTemplate &tmpl)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::VAppTemplate, tmpl.id);
    startRoot(w, u"VAppTemplate"_s);
    attr(w, u"goldMaster"_s, boolText(tmpl.goldMaster));
    attr(w, u"ovfDescriptorUploaded"_s, u"true"_s);
    attr(w, u"status"_s, QString::number(tmpl.status));
    entityAttrs(w, tmpl.name, urnOf(Kind::VAppTemplate, tmpl.id), href, Mt::vAppTemplate);

    if (!tmpl.vdcId.isEmpty())
        writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Vdc, tmpl.vdcId), Mt::vdc);
    if (!tmpl.catalogItemId.isEmpty())
        writeLink(w, u"catalogItem"_s, hrefOf(ctx.baseUrl, Kind::CatalogItem, tmpl.catalogItemId),
                  Mt::catalogItem);
    writeLink(w, u"down"_s, href + u"/owner", Mt::owner);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    if (ctx.user && canEdit(*ctx.user))
        writeLink(w, u"edit"_s, href, Mt::vAppTemplate);
    if (ctx.user && canDelete(*ctx.user))
        writeLink(w, u"remove"_s, href);
    description(w, tmpl.description, true);
    ownerElement(w, ctx, tmpl.ownerUserId);
    if (!tmpl.vms.isEmpty()) {
        start(w, u"Children"_s);
        for (const TemplateVm &vm : tmpl.vms)
            writeTemplateVm(w, ctx, tmpl, vm, false);
        w.writeEndElement();
    }
    startForeignSection(w, Ns::ovf, u"NetworkSection"_s, href + u"/networkSection/",
                        u"application/vnd.vmware.vcloud.networkSection+xml"_s);
    info(w, u"The list of logical networks"_s);
    w.writeEndElement();
    const QString custHref = href + u"/customizationSection/";
    startVcloudSection(w, u"CustomizationSection"_s, custHref,
                       u"application/vnd.vmware.vcloud.customizationSection+xml"_s,
                       u"VApp template customization section"_s);
    text(w, u"CustomizeOnInstantiate"_s, u"true"_s);
    w.writeEndElement();
    if (ctx.atLeast(u"5.1"_s)) {
        const Vdc *vdc = ctx.cloud ? ctx.cloud->vdcs.find(tmpl.vdcId) : nullptr;
        if (vdc)
            text(w, u"DefaultStorageProfile"_s, vdc->storageProfileName);
        if (tmpl.created.isValid())
            text(w, u"DateCreated"_s, xmlDateTime(tmpl.created));
    }
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::templateVm(const RenderContext &ctx, const VAppTemplate &tmpl, const TemplateVm &vm)
{
    Doc d;
    writeTemplateVm(d.w, ctx, tmpl, vm, true);
    return d.finish();
}

QByteArray XmlWriter::catalog(const RenderContext &ctx, const Catalog &catalog)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::Catalog, catalog.id);
    startRoot(w, u"Catalog"_s);
    entityAttrs(w, catalog.name, urnOf(Kind::Catalog, catalog.id), href, Mt::catalog);
    writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Org, catalog.orgId), Mt::org);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    if (ctx.user && canEdit(*ctx.user))
        writeLink(w, u"add"_s, href + u"/catalogItems", Mt::catalogItem);
    description(w, catalog.description, false);
    ownerElement(w, ctx, catalog.ownerUserId);
    start(w, u"CatalogItems"_s);
    for (const QString &itemId : catalog.itemIds) {
        const CatalogItem *item = ctx.cloud ? ctx.cloud->catalogItems.find(itemId) : nullptr;
        reference(w, u"CatalogItem"_s, hrefOf(ctx.baseUrl, Kind::CatalogItem, itemId), Mt::catalogItem,
                  item ? item->name : QString(), urnOf(Kind::CatalogItem, itemId));
    }
    w.writeEndElement();
    text(w, u"IsPublished"_s, boolText(catalog.published));
    if (ctx.atLeast(u"5.1"_s) && catalog.created.isValid())
        text(w, u"DateCreated"_s, xmlDateTime(catalog.created));
    if (ctx.atLeast(u"5.5"_s))
        text(w, u"VersionNumber"_s, QString::number(catalog.itemIds.size() + 1));
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::catalogItem(const RenderContext &ctx, const CatalogItem &item)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::CatalogItem, item.id);
    startRoot(w, u"CatalogItem"_s);
    if (ctx.atLeast(u"5.5"_s))
        attr(w, u"size"_s, num(item.size));
    entityAttrs(w, item.name, urnOf(Kind::CatalogItem, item.id), href, Mt::catalogItem);
    writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Catalog, item.catalogId), Mt::catalog);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    if (ctx.user && canEdit(*ctx.user))
        writeLink(w, u"edit"_s, href, Mt::catalogItem);
    if (ctx.user && canDelete(*ctx.user))
        writeLink(w, u"remove"_s, href);
    description(w, item.description, false);
    reference(w, u"Entity"_s, hrefOf(ctx.baseUrl, item.entityKind, item.entityId),
              mediaTypeOf(item.entityKind), entityName(ctx, item.entityKind, item.entityId));
    if (ctx.atLeast(u"5.1"_s) && item.created.isValid())
        text(w, u"DateCreated"_s, xmlDateTime(item.created));
    if (ctx.atLeast(u"5.5"_s))
        text(w, u"VersionNumber"_s, u"1"_s);
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::media(const RenderContext &ctx, const Media &media)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::Media, media.id);
    startRoot(w, u"Media"_s);
    attr(w, u"imageType"_s, media.imageType);
    attr(w, u"size"_s, num(media.sizeBytes));
    attr(w, u"status"_s, QString::number(media.status));
    entityAttrs(w, media.name, urnOf(Kind::Media, media.id), href, Mt::media);
    if (!media.vdcId.isEmpty())
        writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Vdc, media.vdcId), Mt::vdc);
    if (!media.catalogItemId.isEmpty())
        writeLink(w, u"catalogItem"_s, hrefOf(ctx.baseUrl, Kind::CatalogItem, media.catalogItemId),
                  Mt::catalogItem);
    writeLink(w, u"down"_s, href + u"/owner", Mt::owner);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    if (ctx.user && canEdit(*ctx.user))
        writeLink(w, u"edit"_s, href, Mt::media);
    if (ctx.user && canDelete(*ctx.user))
        writeLink(w, u"remove"_s, href);
    description(w, media.description, false);
    ownerElement(w, ctx, media.ownerUserId);
    if (ctx.atLeast(u"5.1"_s)) {
        const Vdc *vdc = ctx.cloud ? ctx.cloud->vdcs.find(media.vdcId) : nullptr;
        if (vdc && !vdc->storageProfileId.isEmpty())
            reference(w, u"VdcStorageProfile"_s, storageProfileHref(ctx.baseUrl, vdc->storageProfileId),
                      mtVdcStorageProfile, vdc->storageProfileName);
    }
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::orgVdcNetwork(const RenderContext &ctx, const Network &network)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::Network, network.id);
    startRoot(w, u"OrgVdcNetwork"_s);
    attr(w, u"status"_s, QString::number(network.status));
    entityAttrs(w, network.name, urnOf(Kind::Network, network.id), href, Mt::orgVdcNetwork);
    if (!network.vdcId.isEmpty())
        writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Vdc, network.vdcId), Mt::vdc);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    if (ctx.user && canEdit(*ctx.user))
        writeLink(w, u"edit"_s, href, Mt::orgVdcNetwork);
    description(w, network.description, false);

    start(w, u"Configuration"_s);
    start(w, u"IpScopes"_s);
    start(w, u"IpScope"_s);
    text(w, u"IsInherited"_s, u"false"_s);
    if (!network.gateway.isEmpty())
        text(w, u"Gateway"_s, network.gateway);
    if (!network.netmask.isEmpty())
        text(w, u"Netmask"_s, network.netmask);
    if (!network.dns1.isEmpty())
        text(w, u"Dns1"_s, network.dns1);
    if (!network.dns2.isEmpty())
        text(w, u"Dns2"_s, network.dns2);
    if (!network.dnsSuffix.isEmpty())
        text(w, u"DnsSuffix"_s, network.dnsSuffix);
    text(w, u"IsEnabled"_s, u"true"_s);
    if (!network.rangeStart.isEmpty() && !network.rangeEnd.isEmpty()) {
        start(w, u"IpRanges"_s);
        start(w, u"IpRange"_s);
        text(w, u"StartAddress"_s, network.rangeStart);
        text(w, u"EndAddress"_s, network.rangeEnd);
        w.writeEndElement();
        w.writeEndElement();
    }
    w.writeEndElement(); // IpScope
    w.writeEndElement(); // IpScopes
    text(w, u"FenceMode"_s, network.fenceMode);
    text(w, u"RetainNetInfoAcrossDeployments"_s, u"false"_s);
    w.writeEndElement(); // Configuration

    if (network.fenceMode == u"natRouted" && !network.edgeGatewayId.isEmpty())
        reference(w, u"EdgeGateway"_s, hrefOf(ctx.baseUrl, Kind::EdgeGateway, network.edgeGatewayId),
                  Mt::edgeGateway, entityName(ctx, Kind::EdgeGateway, network.edgeGatewayId));
    text(w, u"IsShared"_s, boolText(network.shared));
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::edgeGateway(const RenderContext &ctx, const EdgeGateway &edge)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = hrefOf(ctx.baseUrl, Kind::EdgeGateway, edge.id);
    startRoot(w, u"EdgeGateway"_s);
    attr(w, u"status"_s, QString::number(edge.status));
    entityAttrs(w, edge.name, urnOf(Kind::EdgeGateway, edge.id), href, Mt::edgeGateway);
    if (!edge.vdcId.isEmpty())
        writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, Kind::Vdc, edge.vdcId), Mt::vdc);
    writeLink(w, u"down"_s, href + u"/metadata", Mt::metadata);
    description(w, edge.description, false);

    start(w, u"Configuration"_s);
    text(w, u"GatewayBackingConfig"_s, edge.backingConfig);
    start(w, u"GatewayInterfaces"_s);
    // The uplink to the external network (no entity of its own in the simulator, so no Network reference).
    start(w, u"GatewayInterface"_s);
    text(w, u"Name"_s, edge.uplinkNetworkName);
    text(w, u"DisplayName"_s, edge.uplinkNetworkName);
    text(w, u"InterfaceType"_s, u"uplink"_s);
    if (!edge.uplinkIp.isEmpty()) {
        QStringList octets = edge.uplinkIp.split(u'.');
        if (octets.size() == 4)
            octets[3] = u"1"_s;
        start(w, u"SubnetParticipation"_s);
        text(w, u"Gateway"_s, octets.join(u'.'));
        text(w, u"Netmask"_s, u"255.255.255.0"_s);
        text(w, u"IpAddress"_s, edge.uplinkIp);
        w.writeEndElement();
    }
    text(w, u"ApplyRateLimit"_s, u"false"_s);
    text(w, u"UseForDefaultRoute"_s, u"true"_s);
    w.writeEndElement();
    // One internal interface per routed org VDC network attached to this edge.
    if (ctx.cloud) {
        for (const Network *n : ctx.cloud->networks.rows()) {
            if (n->edgeGatewayId != edge.id)
                continue;
            start(w, u"GatewayInterface"_s);
            text(w, u"Name"_s, n->name);
            text(w, u"DisplayName"_s, n->name);
            reference(w, u"Network"_s, hrefOf(ctx.baseUrl, Kind::Network, n->id),
                      u"application/vnd.vmware.admin.network+xml"_s, n->name);
            text(w, u"InterfaceType"_s, u"internal"_s);
            if (!n->gateway.isEmpty()) {
                start(w, u"SubnetParticipation"_s);
                text(w, u"Gateway"_s, n->gateway);
                if (!n->netmask.isEmpty())
                    text(w, u"Netmask"_s, n->netmask);
                text(w, u"IpAddress"_s, n->gateway);
                w.writeEndElement();
            }
            text(w, u"ApplyRateLimit"_s, u"false"_s);
            text(w, u"UseForDefaultRoute"_s, u"false"_s);
            w.writeEndElement();
        }
    }
    w.writeEndElement(); // GatewayInterfaces
    start(w, u"EdgeGatewayServiceConfiguration"_s);
    start(w, u"FirewallService"_s);
    text(w, u"IsEnabled"_s, u"true"_s);
    text(w, u"DefaultAction"_s, u"drop"_s);
    text(w, u"LogDefaultAction"_s, u"false"_s);
    w.writeEndElement();
    w.writeEndElement();
    text(w, u"HaEnabled"_s, boolText(edge.haEnabled));
    text(w, u"UseDefaultRouteForDnsRelay"_s, u"false"_s);
    w.writeEndElement(); // Configuration
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::task(const RenderContext &ctx, const Task &task)
{
    Doc d;
    writeTask(d.w, ctx, task, true);
    return d.finish();
}

QByteArray XmlWriter::tasksList(const RenderContext &ctx, const Org &org, const QList<const Task *> &tasks)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    startRoot(w, u"TasksList"_s);
    entityAttrs(w, org.name, QString(), apiRoot(ctx.baseUrl) + u"/tasksList/" + org.id, Mt::tasksList);
    for (const Task *t : tasks)
        writeTask(w, ctx, *t, false);
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::error(int majorCode, const QString &minorCode, const QString &message,
                            const QString &requestId)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    startRoot(w, u"Error"_s);
    attr(w, u"majorErrorCode"_s, QString::number(majorCode));
    attr(w, u"message"_s, requestId.isEmpty() ? message : QString(u"[ " + requestId + u" ] " + message));
    attr(w, u"minorErrorCode"_s, minorCode);
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::errorJson(const QString &minorCode, const QString &message, const QString &requestId)
{
    // Built by hand to keep the field order of a real reply (minorErrorCode, message, stackTrace);
    // QJsonObject would sort the keys. Each value is escaped by QJsonDocument.
    auto quoted = [](const QString &s) {
        QByteArray a = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
        return a.mid(1, a.size() - 2); // strip [ ]
    };
    const QString fullMessage = requestId.isEmpty() ? message : QString(u"[ " + requestId + u" ] " + message);
    return "{\"minorErrorCode\":" + quoted(minorCode) + ",\"message\":" + quoted(fullMessage) +
           ",\"stackTrace\":null}";
}

bool XmlWriter::metadataVisible(const User *user, const MetadataEntry &entry)
{
    if (entry.visibility != u"PRIVATE")
        return true;
    return user && isSystemAdmin(*user);
}

QString XmlWriter::metadataHref(const QString &baseUrl, Kind ownerKind, const QString &ownerId)
{
    return hrefOf(baseUrl, ownerKind, ownerId) + u"/metadata";
}

QString XmlWriter::metadataEntryHref(const QString &baseUrl, Kind ownerKind, const QString &ownerId,
                                     const MetadataEntry &entry)
{
    const QString key = QString::fromLatin1(QUrl::toPercentEncoding(entry.key));
    if (entry.domain == u"SYSTEM")
        return metadataHref(baseUrl, ownerKind, ownerId) + u"/SYSTEM/" + key;
    return metadataHref(baseUrl, ownerKind, ownerId) + u'/' + key;
}

QByteArray XmlWriter::metadata(const RenderContext &ctx, Kind ownerKind, const QString &ownerId,
                               const QList<MetadataEntry> &entries)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString href = metadataHref(ctx.baseUrl, ownerKind, ownerId);
    startRoot(w, u"Metadata"_s);
    attr(w, u"href"_s, href);
    attr(w, u"type"_s, Mt::metadata);
    writeLink(w, u"up"_s, hrefOf(ctx.baseUrl, ownerKind, ownerId), mediaTypeOf(ownerKind));
    if (ctx.user && canEdit(*ctx.user))
        writeLink(w, u"add"_s, href, Mt::metadata);
    for (const MetadataEntry &e : entries) {
        if (!metadataVisible(ctx.user, e))
            continue;
        const QString entryHref = metadataEntryHref(ctx.baseUrl, ownerKind, ownerId, e);
        start(w, u"MetadataEntry"_s);
        attr(w, u"href"_s, entryHref);
        attr(w, u"type"_s, Mt::metadataValue);
        writeLink(w, u"up"_s, href, Mt::metadata);
        if (canWriteEntry(ctx, e)) {
            writeLink(w, u"edit"_s, entryHref, Mt::metadataValue);
            writeLink(w, u"remove"_s, entryHref);
        }
        writeDomain(w, ctx, e);
        text(w, u"Key"_s, e.key);
        writeTypedValue(w, ctx, e);
        w.writeEndElement();
    }
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::metadataValue(const RenderContext &ctx, Kind ownerKind, const QString &ownerId,
                                    const MetadataEntry &entry)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    const QString entryHref = metadataEntryHref(ctx.baseUrl, ownerKind, ownerId, entry);
    startRoot(w, u"MetadataValue"_s);
    attr(w, u"href"_s, entryHref);
    attr(w, u"type"_s, Mt::metadataValue);
    writeLink(w, u"up"_s, metadataHref(ctx.baseUrl, ownerKind, ownerId), Mt::metadata);
    if (canWriteEntry(ctx, entry)) {
        writeLink(w, u"edit"_s, entryHref, Mt::metadataValue);
        writeLink(w, u"remove"_s, entryHref);
    }
    writeDomain(w, ctx, entry);
    writeTypedValue(w, ctx, entry);
    w.writeEndElement();
    return d.finish();
}

QByteArray XmlWriter::mksTicket(const RenderContext &ctx, const Vm &vm, const QString &ticket, int port)
{
    Doc d;
    QXmlStreamWriter &w = d.w;
    // MksTicketType is not a resource: no href/type/Link (the schema allows no unqualified attributes).
    startRoot(w, u"MksTicket"_s);
    text(w, u"Host"_s, QUrl(ctx.baseUrl).host());
    text(w, u"Vmx"_s, u"[datastore1] "_s + vm.name + u'/' + vm.name + u".vmx");
    text(w, u"Ticket"_s, ticket);
    text(w, u"Port"_s, QString::number(port));
    w.writeEndElement();
    return d.finish();
}

} // namespace vcd::sim
