#pragma once

// The simulator's in-memory cloud: plain value structs held in Tables, owned by one Cloud.
// Everything here lives on the simulator's thread; nothing is shared with core/ (a server must not
// reuse the client's types, or bugs would hide on both sides).
//
// Ids are bare UUID strings (the "{uuid}" of docs/VCD-API.md §3.1); URNs and hrefs are made from them when a
// representation is written (see sim/xmlutil.h). Every entity carries a creation sequence number `seq`:
// an unsorted query returns rows in that order, as a real server returns "database-ID order"
// (docs/VCD-API.md §4).

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace vcd::sim {

using namespace Qt::StringLiterals;

enum class Kind {
    Org,
    Vdc,
    VApp,
    Vm,
    Catalog,
    CatalogItem,
    VAppTemplate,
    Media,
    Network,
    EdgeGateway,
    Task,
    User,
};

// Resource status codes shared by vApp, VM, vApp template and media (docs/VCD-API.md §3.5).
namespace Status {
constexpr int FailedCreation = -1;
constexpr int Unresolved = 0;
constexpr int Resolved = 1;
constexpr int Deployed = 2;
constexpr int Suspended = 3;
constexpr int PoweredOn = 4;
constexpr int WaitingForInput = 5;
constexpr int Unknown = 6;
constexpr int PoweredOff = 8;
constexpr int Mixed = 10;
} // namespace Status

// The name a query record uses for a status code ("POWERED_ON"), docs/VCD-API.md §3.5.
QString statusName(int code);

struct MetadataEntry
{
    enum class Type { String, Number, Boolean, DateTime };
    QString key;
    Type type = Type::String;
    QString value;                       // lexical form: "42", "true", "2024-05-01T10:00:00.000Z"
    QString domain = u"GENERAL"_s;       // GENERAL or SYSTEM
    QString visibility = u"READWRITE"_s; // READWRITE, READONLY, PRIVATE
};
QString metadataTypeName(MetadataEntry::Type type); // "MetadataStringValue", …

struct Entity
{
    QString id; // bare UUID
    quint64 seq = 0;
    QString name;
    QString description;
    QDateTime created; // UTC
    QList<MetadataEntry> metadata;
};

enum class Role { SystemAdministrator, OrgAdministrator, VAppUser };
QString roleName(Role role); // "System Administrator", "Organization Administrator", "vApp User"

struct User : Entity
{
    QString orgId;
    Role role = Role::VAppUser;
    QString password; // the demo password, "demo"
    QString apiToken; // an API (refresh) token this user may exchange at /oauth/…/token
    QString fullName;
};

struct Org : Entity
{
    QString fullName;
    bool enabled = true;
    bool isSystem = false; // the provider org, literally named "System"
};

struct Vdc : Entity
{
    QString orgId;
    QString allocationModel = u"AllocationVApp"_s; // AllocationVApp, AllocationPool, ReservationPool, Flex
    int status = 1;                                // VDC codes: 1 READY
    bool enabled = true;
    qint64 cpuAllocatedMhz = 0;
    qint64 cpuLimitMhz = 0;
    qint64 cpuReservedMhz = 0;
    qint64 memoryAllocatedMb = 0;
    qint64 memoryLimitMb = 0;
    qint64 memoryReservedMb = 0;
    qint64 storageLimitMb = 0;
    int vCpuInMhz = 2000;
    int vmQuota = 0; // 0 = unlimited
    int networkQuota = 20;
    QString providerVdcName;
    QString storageProfileId;
    QString storageProfileName = u"Standard"_s;
};

struct Disk
{
    int instanceId = 2000;
    qint64 sizeMb = 0;
    QString busType = u"paravirtual"_s; // rasd:ResourceSubType of the controller
    QString storageProfile;
};

struct Nic
{
    int index = 0;
    QString networkName;
    QString ipAddress; // empty when none allocated
    QString macAddress;
    bool connected = true;
    QString allocationMode = u"POOL"_s; // DHCP, POOL, MANUAL, NONE
    QString adapterType = u"VMXNET3"_s;
};

struct Snapshot
{
    QString name;
    QString description;
    QDateTime created;
    qint64 sizeBytes = 0;
    bool poweredOn = false;
    bool memory = false;
    bool quiesce = false;
};

struct Vm : Entity
{
    QString vappId;
    QString vdcId;
    QString orgId;
    int status = Status::PoweredOff;
    bool deployed = false;
    QString osType = u"ubuntu64Guest"_s;          // vmw:osType
    QString guestOs = u"Ubuntu Linux (64-bit)"_s; // ovf:Description of the OS section
    int osTypeId = 94;                            // ovf:id of the OS section (CIM OS code)
    int cpus = 2;
    int coresPerSocket = 1;
    qint64 memoryMb = 4096;
    QList<Disk> disks;
    QList<Nic> nics;
    QString toolsStatus = u"toolsOk"_s; // toolsOk, toolsOld, toolsNotRunning, toolsNotInstalled
    QString toolsVersion = u"12352"_s;
    std::optional<Snapshot> snapshot;
    QString hardwareVersion = u"vmx-19"_s;
    QString computerName;
    QString storageProfile = u"Standard"_s;
    int localId = 0; // VAppScopedLocalId
    bool needsCustomization = false;
};

struct VApp : Entity
{
    QString vdcId;
    QString orgId;
    QString ownerUserId;
    QStringList vmIds; // children in order
    bool deployed = false;
    // Only used when the vApp has no VM or while it is being created (Unresolved);
    // otherwise Cloud::vappStatus() derives the status from the VMs.
    int status = Status::PoweredOff;
    bool creating = false; // instantiation in progress: status 0 with an embedded task
    std::optional<Snapshot> snapshot;
    QStringList networkNames;
    int leaseSeconds = 0; // deployment lease, 0 = never expires
};

struct Catalog : Entity
{
    QString orgId;
    QString ownerUserId;
    bool published = false;
    QStringList itemIds;
};

struct TemplateVm
{
    QString id; // bare UUID, served at /api/vAppTemplate/vm-{id}
    QString name;
    QString osType = u"ubuntu64Guest"_s;
    QString guestOs = u"Ubuntu Linux (64-bit)"_s;
    int osTypeId = 94;
    int cpus = 2;
    qint64 memoryMb = 4096;
    qint64 diskMb = 20480;
};

struct VAppTemplate : Entity
{
    QString orgId;
    QString vdcId;
    QString catalogId;
    QString catalogItemId;
    QString ownerUserId;
    int status = Status::PoweredOff; // 8 = ready
    bool goldMaster = false;
    QList<TemplateVm> vms;
    qint64 storageKb = 0;
};

struct Media : Entity
{
    QString orgId;
    QString vdcId;
    QString catalogId;
    QString catalogItemId;
    QString ownerUserId;
    int status = Status::Resolved;
    QString imageType = u"iso"_s;
    qint64 sizeBytes = 0;
};

struct CatalogItem : Entity
{
    QString catalogId;
    QString orgId;
    Kind entityKind = Kind::VAppTemplate; // VAppTemplate or Media
    QString entityId;
    qint64 size = 0;
};

struct Network : Entity
{
    QString orgId;
    QString vdcId;
    QString fenceMode = u"natRouted"_s; // isolated, bridged, natRouted, direct
    QString gateway;
    QString netmask = u"255.255.255.0"_s;
    QString dns1;
    QString dns2;
    QString dnsSuffix;
    QString rangeStart;
    QString rangeEnd;
    QString edgeGatewayId; // for natRouted
    bool shared = false;
    int status = 1;
};

struct EdgeGateway : Entity
{
    QString orgId;
    QString vdcId;
    QString backingConfig = u"compact"_s; // compact, full, full4, x-large
    bool haEnabled = false;
    QString uplinkNetworkName = u"ext-uplink"_s;
    QString uplinkIp;
    int status = 1;
};

struct TaskError
{
    int majorCode = 500;
    QString minorCode = u"INTERNAL_SERVER_ERROR"_s;
    QString message;
};

struct Task : Entity
{
    // name is always "task" (docs/VCD-API.md §3.8); `operation` is the human text.
    QString operationName;        // vappPowerOn, vdcDeleteVapp, …
    QString operation;            // "Starting Virtual Application web (…)"
    QString status = u"queued"_s; // queued, preRunning, running, success, error, aborted, canceled
    int progress = 0;
    Kind ownerKind = Kind::VApp;
    QString ownerId;
    QString ownerName;
    QString orgId;
    QString userId;
    QDateTime startTime;
    QDateTime endTime;
    QDateTime expiryTime;
    bool cancelRequested = false;
    bool cancellable = true;
    std::optional<TaskError> error;
    QString details;
    qint64 durationMs = 0; // how long it runs once started
    // The vApp whose one-operation-at-a-time lock this task holds (BUSY_ENTITY), if any.
    QString lockedVAppId;

    bool isFinished() const;
};

// A keyed table that also remembers creation order (query results come back in that order).
template<class T> class Table
{
public:
    T *find(const QString &id) const
    {
        auto it = m_byId.find(id);
        return it == m_byId.end() ? nullptr : it->second.get();
    }
    T &insert(T value)
    {
        auto owned = std::make_unique<T>(std::move(value));
        T *raw = owned.get();
        if (auto old = m_byId.find(raw->id); old != m_byId.end()) {
            std::erase(m_order, old->second.get());
            m_byId.erase(old);
        }
        m_byId.emplace(raw->id, std::move(owned));
        m_order.push_back(raw);
        return *raw;
    }
    bool remove(const QString &id)
    {
        auto it = m_byId.find(id);
        if (it == m_byId.end())
            return false;
        std::erase(m_order, it->second.get());
        m_byId.erase(it);
        return true;
    }
    // Rows in creation order.
    const std::vector<T *> &rows() const { return m_order; }
    qsizetype size() const { return qsizetype(m_order.size()); }
    void clear()
    {
        m_order.clear();
        m_byId.clear();
    }

private:
    // std::unordered_map, not QHash: QHash's implicit sharing needs copyable values.
    std::unordered_map<QString, std::unique_ptr<T>> m_byId;
    std::vector<T *> m_order;
};

// What one product release (--product) plays: its API versions and their deprecated flags
// (docs/VCD-API.md §1.2).
struct ApiVersionInfo
{
    QString version; // "36.1"
    bool deprecated = false;
};

struct Product
{
    QString name;                   // "10.6"
    QList<ApiVersionInfo> versions; // in the order the server lists them
    bool supports(const QString &version) const;
    QString highest() const;    // highest non-deprecated
    static QStringList names(); // 5.1, 5.5, 9.5, 10.3, 10.4, 10.5, 10.6
    static std::optional<Product> byName(const QString &name);
};

// Compares dotted API versions as numbers ("5.10" > "5.9"), never as floats (docs/VCD-API.md §1.1).
int compareVersions(const QString &a, const QString &b);

class Cloud
{
public:
    Cloud();

    Table<Org> orgs;
    Table<User> users;
    Table<Vdc> vdcs;
    Table<VApp> vapps;
    Table<Vm> vms;
    Table<Catalog> catalogs;
    Table<CatalogItem> catalogItems;
    Table<VAppTemplate> templates;
    Table<Media> media;
    Table<Network> networks;
    Table<EdgeGateway> edges;
    Table<Task> tasks;

    // Seed of the generator that made this cloud; newUuid() continues that sequence so that a run
    // that performs the same actions gets the same ids.
    quint64 seed = 1;
    QString newUuid();
    quint64 nextSeq() { return ++m_seq; }
    // The two counters a scenario file must save and restore to continue the same sequences.
    quint64 seqCounter() const { return m_seq; }
    quint64 uuidCounter() const { return m_uuidCounter; }
    void restoreCounters(quint64 seq, quint64 uuids)
    {
        m_seq = seq;
        m_uuidCounter = uuids;
    }

    // Whatever may change entities bumps this (Router for every request but GET and HEAD, each task
    // step, VcdSimulator::withCloud): derived figures cached across requests are keyed on it.
    quint64 epoch() const { return m_epoch; }
    void touch() { ++m_epoch; }

    // Derived state.
    int vappStatus(const VApp &vapp) const; // from its VMs (MIXED when they differ)
    const Org *systemOrg() const;
    const Org *orgByName(const QString &name) const; // case-insensitive, as VCD compares org names
    const User *userByName(const QString &orgId, const QString &name) const;
    QList<const Vm *> vmsOf(const VApp &vapp) const;
    QList<const Vdc *> vdcsOf(const QString &orgId) const;
    QList<const VApp *> vappsOf(const QString &vdcId) const;

    // Usage of a VDC, computed from its VMs (running VMs count toward CPU/memory use).
    struct VdcUsage
    {
        qint64 cpuUsedMhz = 0;
        qint64 memoryUsedMb = 0;
        qint64 storageUsedMb = 0;
        int vapps = 0;
        int vms = 0;
        int runningVms = 0;
    };
    VdcUsage vdcUsage(const QString &vdcId) const;
    // Every VDC's usage in one pass over the vApps: what a query page of VDCs needs, where asking
    // vdcUsage() per row walked all vApps once for each VDC.
    QHash<QString, VdcUsage> vdcUsages() const;

    // Running (unfinished) task that holds the lock of a vApp, or nullptr.
    const Task *busyTaskOf(const QString &vappId) const;

private:
    quint64 m_seq = 0;
    quint64 m_uuidCounter = 0;
    quint64 m_epoch = 0;
};

// ---- rights (docs/VCD-API.md §4 tenant vs admin; issue #2 point 4) ----
// A System administrator sees every org; everyone else only their own org.
bool canSeeOrg(const User &user, const QString &orgId);
bool isSystemAdmin(const User &user);
// vApp users may power (and snapshot) but not delete, rename or edit metadata.
bool canPower(const User &user);
bool canDelete(const User &user);
bool canEdit(const User &user); // rename, description, metadata writes, instantiate, snapshots
bool canRunAdminQueries(const User &user);

} // namespace vcd::sim
