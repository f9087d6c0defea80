#pragma once

// Value types of the sections a client GETs on their own, at the section's href under a vApp or VM
// (docs/VCD-API.md §3.11): …/snapshotSection, …/virtualHardwareSection/ (and its items: cpu, memory,
// disks, networkCards, media), …/networkConnectionSection/, …/guestCustomizationSection/,
// …/operatingSystemSection/, …/leaseSettingsSection/, …/startupSection/, …/productSections/.
// The readers in xmlreaders.h fill them; what a body did not carry stays at its default.

#include "core/api/apitypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace vcd {

// Every section is a resource of its own: its href (the URL it was read from) and its links
// (rel="edit" when the caller may PUT it back).
struct SectionHeader
{
    QUrl href;
    QString type;
    QString info; // ovf:Info, the section's one-line description
    QList<Link> links;

    std::optional<Link> editLink() const { return findLink(links, u"edit"); }
};

struct SnapshotSection : SectionHeader
{
    std::optional<Snapshot> snapshot; // the VM's or vApp's one snapshot, when there is one
};

// One ovf:Item of a VirtualHardwareSection (or a RasdItemsList, or a lone Item): a CIM
// ResourceAllocationSettingData (docs/VCD-API.md §3.5 resource types).
struct RasdItem
{
    QUrl href; // items that are resources of their own (cpu, memory) carry it
    QString type;
    int resourceType = 0; // 3 CPU, 4 memory, 5 IDE, 6 SCSI, 10 NIC, 14 floppy, 15 CD, 17 disk, 20 SATA
    QString resourceSubType;
    QString instanceId;
    QString parent; // InstanceID of the controller a disk hangs on
    QString elementName;
    QString description;
    QString address;
    QString addressOnParent;
    bool automaticAllocation = false;
    qint64 virtualQuantity = 0;
    QString virtualQuantityUnits;
    QString allocationUnits;
    qint64 reservation = 0;
    qint64 limit = 0;
    qint64 weight = 0;
    // NIC: rasd:Connection text (the network) and its vcloud attributes.
    QString connection;
    QString ipAddress;
    QString ipAddressingMode;
    bool primaryNetworkConnection = false;
    // Disk: rasd:HostResource's vcloud attributes (capacity in MB).
    std::optional<qint64> capacityMb;
    int busType = 0;
    QString busSubType;
    QUrl storageProfileHref;
    int coresPerSocket = 0; // vmw:CoresPerSocket on the CPU item
    QList<Link> links;

    // The amount in MB for memory (any allocation units) and disks (capacity or quantity).
    qint64 megabytes() const;
};

struct VirtualHardwareSection : SectionHeader
{
    QString virtualSystemIdentifier;
    QString hardwareVersion; // vssd:VirtualSystemType, e.g. vmx-19
    QList<RasdItem> items;

    QList<RasdItem> itemsOfType(int resourceType) const
    {
        QList<RasdItem> out;
        for (const RasdItem &i : items)
            if (i.resourceType == resourceType)
                out.append(i);
        return out;
    }
};

// GET …/virtualHardwareSection/disks, /networkCards, /media: the items of those kinds.
struct RasdItemsList
{
    QUrl href;
    QString type;
    QList<Link> links;
    QList<RasdItem> items;
};

struct NetworkConnectionSection : SectionHeader
{
    int primaryIndex = -1;
    QList<VmNic> connections; // `primary` set on the one whose index is primaryIndex
};

struct GuestCustomizationSection : SectionHeader
{
    bool enabled = false;
    bool changeSid = false;
    QString virtualMachineId;
    bool joinDomainEnabled = false;
    bool useOrgSettings = false;
    QString domainName;
    QString domainUserName;
    bool adminPasswordEnabled = false;
    bool adminPasswordAuto = false;
    // Whether the body carried an AdminPassword. The password itself is never kept: nothing here
    // shows it, and a value type that holds it would end up in a log or a details pane.
    bool hasAdminPassword = false;
    bool adminAutoLogonEnabled = false;
    int adminAutoLogonCount = 0;
    bool resetPasswordRequired = false;
    QString computerName;
    bool hasCustomizationScript = false;
};

struct OperatingSystemSection : SectionHeader
{
    int osId = 0;        // ovf:id, the CIM operating system code
    QString osType;      // vmw:osType, e.g. ubuntu64Guest
    QString description; // ovf:Description, e.g. "Ubuntu Linux (64-bit)"
};

struct LeaseSettingsSection : SectionHeader
{
    qint64 deploymentLeaseSeconds = 0; // 0 = never expires
    qint64 storageLeaseSeconds = 0;
    QDateTime deploymentLeaseExpiration;
    QDateTime storageLeaseExpiration;
};

struct StartupItem
{
    QString id; // the VM's name inside the vApp
    int order = 0;
    QString startAction; // powerOn / none
    int startDelay = 0;  // seconds
    bool waitingForGuest = false;
    QString stopAction; // powerOff / guestShutdown
    int stopDelay = 0;
};

struct StartupSection : SectionHeader
{
    QList<StartupItem> items;
};

struct ProductProperty
{
    QString key;
    QString type; // string, int, boolean, …
    QString value;
    QString label;
    QString description;
    QString category; // the ovf:Category the property follows, if any
    bool userConfigurable = false;
    bool password = false; // a password property's value is never kept (see GuestCustomizationSection)
};

struct ProductSection
{
    QString info;
    QString className; // ovf:class
    QString instance;  // ovf:instance
    QString product;
    QString vendor;
    QString version;
    QString fullVersion;
    QList<ProductProperty> properties;
};

// GET …/productSections/ (ProductSectionList).
struct ProductSectionList
{
    QUrl href;
    QString type;
    QList<Link> links;
    QList<ProductSection> sections;
};

} // namespace vcd
