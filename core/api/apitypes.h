#pragma once

// Plain value types for the VCD API bodies the client reads (docs/VCD-API.md §1–§4). They carry no
// behaviour beyond small accessors; the readers in xmlreaders.h fill them. Numbers a body did not
// carry stay at their defaults (0, false, empty, std::nullopt), so a value type never claims more
// than the server said.

#include "core/api/entityref.h"
#include "core/api/link.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>

#include <initializer_list>
#include <optional>

namespace vcd {

// ---- versions and sessions (§1.1, §2.2, §2.3) ---------------------------------------------------

struct VersionInfo
{
    QString version; // "31.0", "5.5" — compare as version numbers, never as floats (§1.1)
    QUrl loginUrl;
    QUrl providerLoginUrl; // API >= 36 only
    bool deprecated = false;
};

struct SupportedVersions
{
    QList<VersionInfo> versions; // in server order (not sorted, §1.1)
    std::optional<VersionInfo> alphaVersion;
    QUrl schemaRoot;
};

struct AuthorizedLocation
{
    QString locationId;
    QString siteName;
    QString orgName;
    QUrl restApiEndpoint;
    QUrl uiEndpoint;
    QString authContext;
};

// XML Session (POST /api/sessions, GET /api/session) or cloudapi JSON Session.
struct SessionInfo
{
    QString user;
    QString org;
    QString userId; // URN (since 5.5) or the cloudapi user id
    QStringList roles;
    QUrl href;
    QString locationId;
    QList<Link> links;
    QList<AuthorizedLocation> authorizedLocations;
    // cloudapi only
    QString sessionId; // urn:vcloud:session:<uuid>
    QString orgId;
    QString operatingOrg;
    QString operatingOrgId;
    QString siteName;
    QString siteId;
    int sessionIdleTimeoutMinutes = 0;
};

// ---- errors (§3.9) --------------------------------------------------------------------------------

struct ApiErrorBody
{
    int majorErrorCode = 0; // = HTTP status
    QString minorErrorCode; // BAD_REQUEST, ACCESS_TO_RESOURCE_IS_FORBIDDEN, NOT_AUTHENTICATED...
    QString message;        // as sent, including a "[ request-id ]" prefix on newer servers
    QString vendorSpecificErrorCode;
    QString stackTrace;
    QString requestId; // parsed from the "[ id ]" message prefix, if any

    // The message without the "[ request-id ] " prefix, for showing to a person.
    QString text() const
    {
        if (message.startsWith(u'[')) {
            const qsizetype close = message.indexOf(u']');
            if (close > 0)
                return message.mid(close + 1).trimmed();
        }
        return message;
    }
};

// ---- tasks (§3.8) ---------------------------------------------------------------------------------

enum class TaskStatus { Unknown, Queued, PreRunning, Running, Success, Error, Aborted, Canceled };

struct Task
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    TaskStatus status = TaskStatus::Unknown;
    QString statusString;  // as sent
    QString operation;     // human text
    QString operationName; // machine name, e.g. vappPowerOff
    QString serviceNamespace;
    QString description;
    QString details;
    QDateTime startTime;
    QDateTime endTime;
    QDateTime expiryTime;
    bool cancelRequested = false;
    std::optional<int> progress; // 0..100 when the server reports it
    EntityRef owner;             // the entity the task acts on
    EntityRef user;
    EntityRef organization;
    std::optional<ApiErrorBody> error; // only on failure
    QList<Link> links;

    // Present only while the task can still be cancelled (§3.8).
    std::optional<Link> cancelLink() const { return findLink(links, u"task:cancel"); }
    bool isTerminal() const
    {
        return status == TaskStatus::Success || status == TaskStatus::Error ||
               status == TaskStatus::Aborted || status == TaskStatus::Canceled;
    }
};

struct TasksList
{
    QString name;
    QUrl href;
    QList<Link> links;
    QList<Task> tasks;
};

// ---- org list and org (§3.3) ----------------------------------------------------------------------

struct OrgList
{
    QUrl href;
    QList<EntityRef> orgs;
    QList<Link> links;
};

// Org, or AdminOrg (adminView). Below API 33.0 an Org lists its VDCs and catalogs as rel="down" links;
// from 33.0 it points at query links instead, and only AdminOrg still lists them (§3.3, §3.3.1).
struct Org
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    QString fullName;
    QString description;
    bool enabled = true;    // AdminOrg's (and 5.1+ Org's) IsEnabled
    bool adminView = false; // the root was AdminOrg
    QList<Link> links;
    // From the rel="down" links (1.5–32.0) or AdminOrg's Vdcs / Catalogs / Networks lists.
    QList<EntityRef> vdcs;
    QList<EntityRef> catalogs;
    QList<EntityRef> networks;
    QUrl tasksListHref;
    QUrl metadataHref;

    // The query link that lists this org's VDCs (catalogs): a rel="down" query.records link whose
    // href names the query type (orgVdc / adminOrgVdc; catalog / adminCatalog) — or, for an href
    // without a type parameter, one whose href mentions the kind, the way pyvcloud matches (§3.3.1).
    std::optional<Link> vdcQueryLink() const { return queryLink({u"orgVdc", u"adminOrgVdc"}, u"vdc"); }
    std::optional<Link> catalogQueryLink() const
    {
        return queryLink({u"catalog", u"adminCatalog"}, u"catalog");
    }
    // The children are listed in the body itself (below 33.0, or an AdminOrg): no query needed.
    bool listsChildren() const { return adminView || !vdcs.isEmpty() || !vdcQueryLink(); }

private:
    std::optional<Link> queryLink(std::initializer_list<QStringView> types, QStringView word) const
    {
        std::optional<Link> byWord;
        for (const Link &l : links) {
            if (l.rel != u"down" || !l.type.contains(u"query.records+xml", Qt::CaseInsensitive))
                continue;
            const QString type = QUrlQuery(l.href).queryItemValue(QString::fromUtf16(u"type"));
            for (QStringView t : types)
                if (type == t)
                    return l;
            if (type.isEmpty() && !byWord && l.href.toString().contains(word, Qt::CaseInsensitive))
                byWord = l;
        }
        return byWord;
    }
};

// ---- vdc (§3.4) -----------------------------------------------------------------------------------

struct CapacityWithUsage
{
    QString units; // MHz / MB
    qint64 allocated = 0;
    qint64 limit = 0;
    qint64 reserved = 0;
    qint64 used = 0;
    qint64 overhead = 0;
};

struct Vdc
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    int status = 0; // VDC codes, see vdcStatusName() in status.h
    QString description;
    QString allocationModel; // AllocationVApp, AllocationPool, ReservationPool, Flex
    CapacityWithUsage cpu;
    CapacityWithUsage memory;
    std::optional<CapacityWithUsage> storage; // StorageCapacity (older servers only)
    QList<EntityRef> resourceEntities;        // vApps, templates, media — `type` tells which
    QList<EntityRef> availableNetworks;
    QStringList supportedHardwareVersions;
    QList<EntityRef> storageProfiles;
    int nicQuota = 0;
    int networkQuota = 0;
    int usedNetworkCount = 0;
    int vmQuota = 0;
    bool enabled = false;
    qint64 vCpuInMhz = 0;
    QList<Task> tasks;
    QList<Link> links;

    QList<EntityRef> resourceEntitiesOfType(QStringView typeContains) const
    {
        QList<EntityRef> out;
        for (const EntityRef &r : resourceEntities) {
            if (r.type.contains(typeContains, Qt::CaseInsensitive))
                out.append(r);
        }
        return out;
    }
    QList<EntityRef> vApps() const { return resourceEntitiesOfType(u".vApp+"); }
    QList<EntityRef> vAppTemplates() const { return resourceEntitiesOfType(u".vAppTemplate+"); }
    QList<EntityRef> media() const { return resourceEntitiesOfType(u".media+"); }
};

// One storage profile of a VDC (GET of a VdcStorageProfiles reference, §3.4): its limit and, from
// servers that report it, what is used of it.
struct VdcStorageProfile
{
    QString name;
    QString id;
    QUrl href;
    bool enabled = false;
    bool isDefault = false;
    QString units;                       // MB
    qint64 limit = 0;                    // 0 = unlimited
    std::optional<qint64> storageUsedMb; // StorageUsedMB, newer servers only
    QList<Link> links;
};

// ---- vApp and VM (§3.5) ---------------------------------------------------------------------------

struct Snapshot
{
    QDateTime created;
    qint64 size = 0; // bytes
    bool poweredOn = false;
};

struct VmDisk
{
    QString instanceId;
    QString name; // rasd:ElementName, e.g. "Hard disk 1"
    qint64 sizeMb = 0;
    int busType = 0; // 5 = IDE, 6 = SCSI, 20 = SATA...
    QString busSubType;
    QUrl storageProfileHref;
};

struct VmNic
{
    int index = -1;
    QString network;
    QString ipAddress;
    QString externalIpAddress;
    QString macAddress;
    bool connected = false;
    QString allocationMode; // DHCP / POOL / MANUAL / NONE
    QString adapterType;
    bool primary = false;
};

struct Vm
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    int status = 0; // shared status table, see statusName() in status.h
    bool deployed = false;
    bool needsCustomization = false;
    QString description;
    QString osType;  // vmw:osType, e.g. centos64Guest
    QString guestOs; // the OS section's description, e.g. "CentOS 4/5/6 (64-bit)"
    int cpus = 0;
    int coresPerSocket = 0;
    qint64 memoryMb = 0;
    QList<VmDisk> disks;
    QList<VmNic> nics;
    int primaryNicIndex = -1;
    QString hardwareVersion; // vmx-09
    QString computerName;
    QString vAppScopedLocalId;
    QString vmToolsVersion;
    QString vmToolsStatus; // only query records carry it today; kept for symmetry
    std::optional<Snapshot> snapshot;
    EntityRef storageProfile;
    QDateTime dateCreated;
    bool memoryHotAddEnabled = false;
    bool cpuHotAddEnabled = false;
    QList<Task> tasks; // tasks in progress
    QList<Link> links;

    // IP addresses of all NICs, primary first.
    QStringList ipAddresses() const
    {
        QStringList out;
        for (const VmNic &n : nics) {
            if (n.ipAddress.isEmpty())
                continue;
            if (n.primary)
                out.prepend(n.ipAddress);
            else
                out.append(n.ipAddress);
        }
        return out;
    }
};

struct VAppNetworkConfig
{
    QString networkName;
    QString description;
    QString fenceMode;
    EntityRef parentNetwork;
    QString gateway;
    QString netmask;
    bool deployed = false;
};

struct VApp
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    int status = 0;
    bool deployed = false;
    bool ovfDescriptorUploaded = false;
    QString description;
    EntityRef owner; // Owner/User
    QDateTime dateCreated;
    bool inMaintenanceMode = false;
    qint64 deploymentLeaseSeconds = 0;
    qint64 storageLeaseSeconds = 0;
    std::optional<Snapshot> snapshot;
    QList<VAppNetworkConfig> networks;
    QList<Vm> vms;
    QList<Task> tasks; // tasks in progress
    QList<Link> links;
};

struct VAppTemplate
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    int status = 0; // 8 = ready
    bool goldMaster = false;
    bool ovfDescriptorUploaded = false;
    QString description;
    EntityRef owner;
    QDateTime dateCreated;
    qint64 storageLeaseSeconds = 0;
    bool customizeOnInstantiate = false;
    QList<Vm> vms; // template VMs (/api/vAppTemplate/vm-…)
    QList<Task> tasks;
    QList<Link> links;
};

// ---- catalogs and media (§3.6) --------------------------------------------------------------------

struct Catalog
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    QString description;
    EntityRef owner;
    QList<EntityRef> items;
    bool published = false;
    QDateTime dateCreated;
    int versionNumber = 0;
    QList<Task> tasks;
    QList<Link> links;
};

struct CatalogItem
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    QString description;
    EntityRef entity; // the vAppTemplate or media
    qint64 size = 0;
    QDateTime dateCreated;
    int versionNumber = 0;
    QList<Task> tasks;
    QList<Link> links;
};

struct Media
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    int status = 0;
    QString imageType; // iso / floppy
    qint64 size = 0;
    QString description;
    EntityRef owner;
    EntityRef storageProfile;
    QList<Task> tasks;
    QList<Link> links;
};

// ---- networks and edges (§3.7) --------------------------------------------------------------------

struct IpRange
{
    QString startAddress;
    QString endAddress;
};

struct IpScope
{
    bool inherited = false;
    QString gateway;
    QString netmask;
    int subnetPrefixLength = 0;
    QString dns1;
    QString dns2;
    QString dnsSuffix;
    bool enabled = false;
    QList<IpRange> ipRanges;
};

// OrgVdcNetwork (5.1+) and the older 1.5 OrgNetwork share this value.
struct OrgVdcNetwork
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    bool legacyOrgNetwork = false; // root was OrgNetwork (API 1.5)
    int status = 0;
    QString description;
    QList<IpScope> ipScopes;
    QString fenceMode; // isolated, bridged, natRouted, direct
    EntityRef parentNetwork;
    EntityRef edgeGateway;
    bool retainNetInfoAcrossDeployments = false;
    bool shared = false;
    QList<Task> tasks;
    QList<Link> links;

    // The first scope's values: what a details pane shows.
    QString gateway() const { return ipScopes.isEmpty() ? QString() : ipScopes.first().gateway; }
    QString netmask() const { return ipScopes.isEmpty() ? QString() : ipScopes.first().netmask; }
    QStringList dns() const
    {
        QStringList out;
        if (!ipScopes.isEmpty()) {
            for (const QString &d : {ipScopes.first().dns1, ipScopes.first().dns2})
                if (!d.isEmpty())
                    out.append(d);
        }
        return out;
    }
    QList<IpRange> ipRanges() const
    {
        return ipScopes.isEmpty() ? QList<IpRange>() : ipScopes.first().ipRanges;
    }
};

struct SubnetParticipation
{
    QString gateway;
    QString netmask;
    QString ipAddress;
    QList<IpRange> ipRanges;
};

struct GatewayInterface
{
    QString name;
    QString displayName;
    EntityRef network;
    QString interfaceType; // uplink / internal
    QList<SubnetParticipation> subnets;
    bool applyRateLimit = false;
    double inRateLimit = 0;
    double outRateLimit = 0;
    bool useForDefaultRoute = false;
};

// One service of EdgeGatewayServiceConfiguration (FirewallService, NatService, ...).
struct EdgeService
{
    QString name; // element name, e.g. "FirewallService"
    bool enabled = false;
    int ruleCount = 0; // rules / tunnels / routes / pools it holds
};

struct EdgeGateway
{
    QString name;
    QString id;
    QUrl href;
    QString type;
    int status = 0;
    QString description;
    QString gatewayBackingConfig; // compact / full / ...
    QList<GatewayInterface> interfaces;
    QList<EdgeService> services;
    bool haEnabled = false;
    bool useDefaultRouteForDnsRelay = false;
    QList<Task> tasks;
    QList<Link> links;
};

// ---- metadata (§3.10) -----------------------------------------------------------------------------

enum class MetadataType { String, Number, Boolean, DateTime };
enum class MetadataDomain { General, System };
enum class MetadataVisibility { ReadWrite, ReadOnly, Private };

struct MetadataEntry
{
    QString key;
    QString value; // as sent
    MetadataType type = MetadataType::String;
    MetadataDomain domain = MetadataDomain::General;
    MetadataVisibility visibility = MetadataVisibility::ReadWrite;
    QUrl href;
    QList<Link> links;

    // The value converted to its declared type (qint64 / bool / QDateTime / QString).
    QVariant typedValue() const
    {
        switch (type) {
        case MetadataType::Number: {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            return ok ? QVariant(n) : QVariant(value.toDouble());
        }
        case MetadataType::Boolean:
            return QVariant(value.compare(u"true", Qt::CaseInsensitive) == 0 || value == u"1");
        case MetadataType::DateTime:
            return QVariant(QDateTime::fromString(value, Qt::ISODateWithMs));
        case MetadataType::String:
            break;
        }
        return QVariant(value);
    }
};

struct Metadata
{
    QUrl href;
    QList<Link> links;
    QList<MetadataEntry> entries;

    std::optional<MetadataEntry> entry(QStringView key) const
    {
        for (const MetadataEntry &e : entries) {
            if (e.key == key)
                return e;
        }
        return std::nullopt;
    }
};

// ---- query service (§4) ---------------------------------------------------------------------------

// One *Record of a QueryResultRecords page. Record fields are attributes (§4); they are kept in
// server order so a generic table view can show them as they came.
struct QueryRecord
{
    QString elementName; // e.g. "VMRecord"
    QList<QPair<QString, QString>> attributes;
    QList<Link> links;
    QList<MetadataEntry> metadata;

    bool has(QStringView attribute) const
    {
        for (const auto &a : attributes) {
            if (a.first == attribute)
                return true;
        }
        return false;
    }
    QString value(QStringView attribute, const QString &fallback = QString()) const
    {
        for (const auto &a : attributes) {
            if (a.first == attribute)
                return a.second;
        }
        return fallback;
    }
    qint64 intValue(QStringView attribute, qint64 fallback = 0) const
    {
        bool ok = false;
        const qint64 n = value(attribute).toLongLong(&ok);
        return ok ? n : fallback;
    }
    bool boolValue(QStringView attribute, bool fallback = false) const
    {
        const QString v = value(attribute);
        if (v.isEmpty())
            return fallback;
        return v.compare(u"true", Qt::CaseInsensitive) == 0 || v == u"1";
    }
    QUrl href() const { return QUrl(value(u"href")); }
    QString name() const { return value(u"name"); }
    QString id() const { return value(u"id"); }
};

struct QueryPage
{
    QString name; // the query type, e.g. "vm"
    QString type; // media type
    QUrl href;
    qint64 total = 0;
    int page = 1;
    int pageSize = 0;
    QList<Link> links; // alternate formats + firstPage/previousPage/nextPage/lastPage
    QList<QueryRecord> records;

    std::optional<Link> firstPage() const { return findLink(links, u"firstPage"); }
    std::optional<Link> previousPage() const { return findLink(links, u"previousPage"); }
    std::optional<Link> nextPage() const { return findLink(links, u"nextPage"); }
    std::optional<Link> lastPage() const { return findLink(links, u"lastPage"); }
    int pageCount() const
    {
        return pageSize > 0 ? int((total + pageSize - 1) / pageSize) : (total > 0 ? 1 : 0);
    }
};

// format=references: a root such as VMReferences (or the generic References) with one
// *Reference child per row.
struct QueryReferencesPage
{
    QString rootName; // e.g. "VMReferences"
    QString name;
    QString type;
    QUrl href;
    qint64 total = 0;
    int page = 1;
    int pageSize = 0;
    QList<Link> links;
    QList<EntityRef> references;

    std::optional<Link> nextPage() const { return findLink(links, u"nextPage"); }
};

// cloudapi JSON list page {resultTotal, pageCount, page, pageSize, associations, values[]} (§4).
struct CloudApiPage
{
    qint64 resultTotal = 0;
    int pageCount = 0;
    int page = 1;
    int pageSize = 0;
    QJsonArray values;
};

} // namespace vcd
