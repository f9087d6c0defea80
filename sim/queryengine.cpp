#include "sim/queryengine.h"

#include "sim/recordwriter.h"

#include <QHash>
#include <QSet>
#include <QXmlStreamWriter>

#include <algorithm>
#include <bit>
#include <functional>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace vcd::sim {

// Cloud-wide figures, built lazily (only when an attribute that needs one is evaluated, so a plain
// page of VMs never pays for them) and kept while the cloud's epoch stays the same.
struct QueryEngine::Aggregates
{
    struct OrgCounts
    {
        int vdcs = 0;
        int catalogs = 0;
        int vapps = 0;
    };
    struct VdcCounts
    {
        int templates = 0;
        int media = 0;
        int deployedVApps = 0;
        int networks = 0;
    };

    quint64 epoch = 0;
    std::optional<QHash<QString, Cloud::VdcUsage>> usage;
    std::optional<QHash<QString, OrgCounts>> orgCounts;
    std::optional<QHash<QString, VdcCounts>> vdcCounts;
    std::optional<QHash<QString, int>> edgeNetworks;
    std::optional<QHash<QString, int>> usedIps; // key: orgId + '/' + network name
};

namespace {

// ---- per-request evaluation context ----
struct Eval
{
    using OrgCounts = QueryEngine::Aggregates::OrgCounts;
    using VdcCounts = QueryEngine::Aggregates::VdcCounts;

    const RenderContext &ctx;
    const Cloud &cloud;
    QueryEngine::Aggregates &shared;

    struct VAppAgg
    {
        int vms = 0;
        int cpus = 0;
        qint64 memoryMb = 0;
        qint64 storageMb = 0;
    };

    // Per request: one pass over the tasks, cheap next to the figures above.
    std::optional<QSet<QString>> busy;

    // vApp lock holders (docs/VCD-API.md §5 BUSY_ENTITY): one pass over the tasks instead of
    // Cloud::busyTaskOf per row.
    bool vappBusy(const QString &vappId)
    {
        if (!busy) {
            busy.emplace();
            for (const Task *t : cloud.tasks.rows())
                if (!t->lockedVAppId.isEmpty() && !t->isFinished())
                    busy->insert(t->lockedVAppId);
        }
        return busy->contains(vappId);
    }

    Cloud::VdcUsage vdcUsage(const QString &vdcId)
    {
        if (!shared.usage)
            shared.usage = cloud.vdcUsages();
        return shared.usage->value(vdcId);
    }

    OrgCounts org(const QString &orgId)
    {
        auto &counts = shared.orgCounts;
        if (!counts) {
            counts.emplace();
            for (const Vdc *v : cloud.vdcs.rows())
                ++(*counts)[v->orgId].vdcs;
            for (const Catalog *c : cloud.catalogs.rows())
                ++(*counts)[c->orgId].catalogs;
            for (const VApp *a : cloud.vapps.rows())
                ++(*counts)[a->orgId].vapps;
        }
        return counts->value(orgId);
    }

    VdcCounts vdc(const QString &vdcId)
    {
        auto &counts = shared.vdcCounts;
        if (!counts) {
            counts.emplace();
            for (const VAppTemplate *t : cloud.templates.rows())
                ++(*counts)[t->vdcId].templates;
            for (const Media *m : cloud.media.rows())
                ++(*counts)[m->vdcId].media;
            for (const VApp *a : cloud.vapps.rows())
                if (a->deployed)
                    ++(*counts)[a->vdcId].deployedVApps;
            for (const Network *n : cloud.networks.rows())
                ++(*counts)[n->vdcId].networks;
        }
        return counts->value(vdcId);
    }

    int orgNetworksOfEdge(const QString &edgeId)
    {
        auto &counts = shared.edgeNetworks;
        if (!counts) {
            counts.emplace();
            for (const Network *n : cloud.networks.rows())
                if (!n->edgeGatewayId.isEmpty())
                    ++(*counts)[n->edgeGatewayId];
        }
        return counts->value(edgeId);
    }

    int usedIpCount(const Network &n)
    {
        auto &counts = shared.usedIps;
        if (!counts) {
            counts.emplace();
            for (const Vm *vm : cloud.vms.rows())
                for (const Nic &nic : vm->nics)
                    if (!nic.ipAddress.isEmpty())
                        ++(*counts)[vm->orgId + u'/' + nic.networkName];
        }
        return counts->value(n.orgId + u'/' + n.name);
    }

    VAppAgg agg(const VApp &a) const
    {
        VAppAgg r;
        for (const QString &id : a.vmIds) {
            const Vm *vm = cloud.vms.find(id);
            if (!vm)
                continue;
            ++r.vms;
            r.cpus += vm->cpus;
            r.memoryMb += vm->memoryMb;
            for (const Disk &d : vm->disks)
                r.storageMb += d.sizeMb;
        }
        return r;
    }

    QString vdcName(const QString &id) const
    {
        const Vdc *v = cloud.vdcs.find(id);
        return v ? v->name : QString();
    }
    bool vdcEnabled(const QString &id) const
    {
        const Vdc *v = cloud.vdcs.find(id);
        return v && v->enabled;
    }
    QString orgName(const QString &id) const
    {
        const Org *o = cloud.orgs.find(id);
        return o ? o->name : QString();
    }
    QString userName(const QString &id) const
    {
        const User *u = cloud.users.find(id);
        return u ? u->name : QString();
    }
    const VApp *vapp(const QString &id) const { return cloud.vapps.find(id); }
    const Catalog *catalog(const QString &id) const { return cloud.catalogs.find(id); }
};

// ---- type table ----

using Getter = std::function<FieldValue(const Entity &, Eval &)>;

struct FieldDef
{
    QString name;
    FieldType type;
    Getter get;
};

using Collector = std::function<void(Eval &, std::vector<const Entity *> &)>;

struct TypeDef
{
    QString name;             // query type, e.g. "vm"
    QString recordElement;    // VMRecord
    QString referencesRoot;   // VMReferences (queryReferenceView.xsd)
    QString referenceElement; // VMReference
    Kind kind = Kind::Org;
    bool adminOnly = false;
    bool adminVdcView = false; // adminOrgVdc: hrefs and media type of the admin view
    std::vector<FieldDef> fields;
    Collector collect;

    QString href(const QString &baseUrl, const QString &id) const
    {
        return adminVdcView ? apiRoot(baseUrl) + u"/admin/vdc/" + id : hrefOf(baseUrl, kind, id);
    }
    QString entityMediaType() const { return adminVdcView ? Mt::adminVdc : mediaTypeOf(kind); }
    int fieldIndex(const QString &attr) const
    {
        for (size_t i = 0; i < fields.size(); ++i)
            if (fields[i].name == attr)
                return int(i);
        return -1;
    }
};

template<class T> class FieldList
{
public:
    FieldList &add(const char *name, FieldType type, FieldValue (*get)(const T &, Eval &))
    {
        m_list.push_back({QString::fromLatin1(name), type,
                          [get](const Entity &e, Eval &ev) { return get(static_cast<const T &>(e), ev); }});
        return *this;
    }
    std::vector<FieldDef> take() { return std::move(m_list); }

private:
    std::vector<FieldDef> m_list;
};

constexpr auto S = FieldType::String;
constexpr auto I = FieldType::Int;
constexpr auto L = FieldType::Long;
constexpr auto B = FieldType::Boolean;
constexpr auto D = FieldType::DateTime;
constexpr auto R = FieldType::Ref;

FieldValue str(const QString &s)
{
    return FieldValue::string(s);
}
FieldValue opt(const QString &s)
{
    return FieldValue::optString(s);
}
FieldValue num(qint64 n)
{
    return FieldValue::integer(n);
}
FieldValue yes(bool b)
{
    return FieldValue::boolean(b);
}
FieldValue date(const QDateTime &d)
{
    return FieldValue::dateTime(d);
}
FieldValue ref(Kind k, const QString &id)
{
    return FieldValue::ref(k, id);
}

// "vapp" in urn:vcloud:vapp:… — the objectType/entityType spelling of query records.
QString urnKind(Kind kind)
{
    const QString urn = urnOf(kind, QString());
    return urn.mid(11, urn.size() - 12);
}

// VDC and edge status codes (docs/VCD-API.md §3.4): query records carry the name.
QString vdcStatusName(int code)
{
    switch (code) {
    case -1:
        return u"FAILED_CREATION"_s;
    case 0:
        return u"NOT_READY"_s;
    case 1:
        return u"READY"_s;
    case 3:
        return u"UNRECOGNIZED"_s;
    default:
        return u"UNKNOWN"_s;
    }
}

FieldValue hardwareVersion(const QString &hw)
{
    // The record's hardwareVersion is an xs:int: "vmx-19" → 19.
    bool ok = false;
    const int n = hw.mid(hw.lastIndexOf(u'-') + 1).toInt(&ok);
    return ok ? num(n) : FieldValue{};
}

int prefixLength(const QString &netmask)
{
    int bits = 0;
    for (const QString &part : netmask.split(u'.'))
        bits += std::popcount(unsigned(part.toUInt()) & 0xFFu);
    return bits;
}

qint64 ipv4(const QString &ip)
{
    const QStringList p = ip.split(u'.');
    if (p.size() != 4)
        return -1;
    qint64 v = 0;
    for (const QString &x : p)
        v = v * 256 + x.toUInt();
    return v;
}

QString ownerOfEntityName(Kind kind, const QString &id, const Cloud &cloud, QString *ownerId, QString *vdcId,
                          int *status)
{
    if (kind == Kind::Media) {
        if (const Media *m = cloud.media.find(id)) {
            *ownerId = m->ownerUserId;
            *vdcId = m->vdcId;
            *status = m->status;
            return m->name;
        }
    } else if (const VAppTemplate *t = cloud.templates.find(id)) {
        *ownerId = t->ownerUserId;
        *vdcId = t->vdcId;
        *status = t->status;
        return t->name;
    }
    return {};
}

// Rows of the user's own organization, in creation order (docs/VCD-API.md §4: tenant queries).
template<class T> Collector orgScoped(const Table<T> Cloud::*table)
{
    return [table](Eval &ev, std::vector<const Entity *> &out) {
        if (!ev.ctx.user)
            return;
        const QString orgId = ev.ctx.user->orgId;
        const auto &rows = (ev.cloud.*table).rows();
        out.reserve(rows.size());
        for (const T *r : rows)
            if (r->orgId == orgId)
                out.push_back(r);
    };
}

// orgVdcNetwork and edgeGateway are listed among the admin queries, visible to the SysAdmin too
// (docs/VCD-API.md §4): for a System administrator they cover every organization, for anyone else their own.
template<class T> Collector orgScopedOrSystem(const Table<T> Cloud::*table)
{
    return [table](Eval &ev, std::vector<const Entity *> &out) {
        if (!ev.ctx.user)
            return;
        const bool all = isSystemAdmin(*ev.ctx.user);
        const QString orgId = ev.ctx.user->orgId;
        const auto &rows = (ev.cloud.*table).rows();
        out.reserve(rows.size());
        for (const T *r : rows)
            if (all || r->orgId == orgId)
                out.push_back(r);
    };
}

template<class T> Collector everything(const Table<T> Cloud::*table)
{
    return [table](Eval &ev, std::vector<const Entity *> &out) {
        const auto &rows = (ev.cloud.*table).rows();
        out.assign(rows.begin(), rows.end());
    };
}

std::vector<FieldDef> vdcFields(bool admin)
{
    FieldList<Vdc> f;
    f.add("name", S, [](const Vdc &v, Eval &) { return str(v.name); })
        .add("description", S, [](const Vdc &v, Eval &) { return opt(v.description); })
        .add("isEnabled", B, [](const Vdc &v, Eval &) { return yes(v.enabled); })
        .add("cpuAllocationMhz", L, [](const Vdc &v, Eval &) { return num(v.cpuAllocatedMhz); })
        .add("cpuLimitMhz", L, [](const Vdc &v, Eval &) { return num(v.cpuLimitMhz); })
        .add("cpuUsedMhz", L, [](const Vdc &v, Eval &ev) { return num(ev.vdcUsage(v.id).cpuUsedMhz); });
    if (!admin)
        f.add("cpuReservedMhz", L, [](const Vdc &v, Eval &) { return num(v.cpuReservedMhz); });
    f.add("memoryAllocationMB", L, [](const Vdc &v, Eval &) { return num(v.memoryAllocatedMb); })
        .add("memoryLimitMB", L, [](const Vdc &v, Eval &) { return num(v.memoryLimitMb); })
        .add("memoryUsedMB", L, [](const Vdc &v, Eval &ev) { return num(ev.vdcUsage(v.id).memoryUsedMb); });
    if (!admin)
        f.add("memoryReservedMB", L, [](const Vdc &v, Eval &) { return num(v.memoryReservedMb); });
    f.add("storageAllocationMB", L, [](const Vdc &v, Eval &) { return num(v.storageLimitMb); })
        .add("storageLimitMB", L, [](const Vdc &v, Eval &) { return num(v.storageLimitMb); })
        .add("storageUsedMB", L, [](const Vdc &v, Eval &ev) { return num(ev.vdcUsage(v.id).storageUsedMb); })
        .add("providerVdcName", S, [](const Vdc &v, Eval &) { return opt(v.providerVdcName); })
        .add("orgName", S, [](const Vdc &v, Eval &ev) { return opt(ev.orgName(v.orgId)); });
    if (admin)
        f.add("org", R, [](const Vdc &v, Eval &) { return ref(Kind::Org, v.orgId); });
    f.add("numberOfVApps", I, [](const Vdc &v, Eval &ev) { return num(ev.vdcUsage(v.id).vapps); })
        .add("numberOfMedia", I, [](const Vdc &v, Eval &ev) { return num(ev.vdc(v.id).media); })
        .add("numberOfDisks", I, [](const Vdc &, Eval &) { return num(0); })
        .add("numberOfVAppTemplates", I, [](const Vdc &v, Eval &ev) { return num(ev.vdc(v.id).templates); })
        .add("isSystemVdc", B, [](const Vdc &, Eval &) { return yes(false); })
        .add("isBusy", B, [](const Vdc &, Eval &) { return yes(false); })
        .add("status", S, [](const Vdc &v, Eval &) { return str(vdcStatusName(v.status)); })
        .add("numberOfStorageProfiles", I, [](const Vdc &, Eval &) { return num(1); })
        .add("numberOfVMs", I, [](const Vdc &v, Eval &ev) { return num(ev.vdcUsage(v.id).vms); })
        .add("numberOfRunningVMs", I,
             [](const Vdc &v, Eval &ev) { return num(ev.vdcUsage(v.id).runningVms); })
        .add("numberOfDeployedVApps", I,
             [](const Vdc &v, Eval &ev) { return num(ev.vdc(v.id).deployedVApps); });
    if (admin)
        f.add("usedNetworksInVdc", I, [](const Vdc &v, Eval &ev) { return num(ev.vdc(v.id).networks); });
    f.add("isThinProvisioned", B, [](const Vdc &, Eval &) {
         return yes(true);
     }).add("isFastProvisioned", B, [](const Vdc &, Eval &) { return yes(false); });
    return f.take();
}

std::vector<FieldDef> vappFields(bool admin)
{
    FieldList<VApp> f;
    f.add("name", S, [](const VApp &a, Eval &) { return str(a.name); });
    if (admin)
        f.add("org", R, [](const VApp &a, Eval &) { return ref(Kind::Org, a.orgId); });
    f.add("vdc", R, [](const VApp &a, Eval &) {
         return ref(Kind::Vdc, a.vdcId);
     }).add("vdcName", S, [](const VApp &a, Eval &ev) { return opt(ev.vdcName(a.vdcId)); });
    if (admin)
        f.add("isVdcEnabled", B, [](const VApp &a, Eval &ev) { return yes(ev.vdcEnabled(a.vdcId)); });
    f.add("description", S, [](const VApp &a, Eval &) { return opt(a.description); });
    if (!admin)
        f.add("isPublic", B, [](const VApp &, Eval &) { return yes(false); });
    f.add("isEnabled", B, [](const VApp &, Eval &) { return yes(true); })
        .add("isBusy", B, [](const VApp &a, Eval &ev) { return yes(ev.vappBusy(a.id)); })
        .add("creationDate", D, [](const VApp &a, Eval &) { return date(a.created); })
        .add("status", S, [](const VApp &a, Eval &ev) { return str(statusName(ev.cloud.vappStatus(a))); })
        .add("ownerName", S, [](const VApp &a, Eval &ev) { return opt(ev.userName(a.ownerUserId)); });
    if (admin)
        f.add("storageKB", L, [](const VApp &a, Eval &ev) { return num(ev.agg(a).storageMb * 1024); })
            .add("numberOfVMs", I, [](const VApp &a, Eval &ev) { return num(ev.agg(a).vms); })
            .add("cpuAllocationMhz", I, [](const VApp &a, Eval &ev) {
                const Vdc *v = ev.cloud.vdcs.find(a.vdcId);
                return num(qint64(ev.agg(a).cpus) * (v ? v->vCpuInMhz : 2000));
            });
    f.add("memoryAllocationMB", I, [](const VApp &a, Eval &ev) { return num(ev.agg(a).memoryMb); })
        .add("isDeployed", B, [](const VApp &a, Eval &) { return yes(a.deployed); })
        .add("isInMaintenanceMode", B, [](const VApp &, Eval &) { return yes(false); })
        .add("isAutoNature", B, [](const VApp &, Eval &) { return yes(false); })
        .add("isExpired", B, [](const VApp &, Eval &) { return yes(false); })
        .add("numberOfCpus", I, [](const VApp &a, Eval &ev) { return num(ev.agg(a).cpus); });
    if (!admin)
        f.add("snapshot", B, [](const VApp &a, Eval &) {
             return yes(a.snapshot.has_value());
         }).add("snapshotCreated", D, [](const VApp &a, Eval &) {
            return a.snapshot ? date(a.snapshot->created) : FieldValue{};
        });
    f.add("totalStorageAllocatedMb", L, [](const VApp &a, Eval &ev) { return num(ev.agg(a).storageMb); });
    return f.take();
}

qint64 vmStorageMb(const Vm &vm)
{
    qint64 mb = 0;
    for (const Disk &d : vm.disks)
        mb += d.sizeMb;
    return mb;
}

FieldValue vmOwnerName(const Vm &vm, Eval &ev)
{
    const VApp *a = ev.vapp(vm.vappId);
    return a ? opt(ev.userName(a->ownerUserId)) : FieldValue{};
}

std::vector<FieldDef> vmFields(bool admin)
{
    FieldList<Vm> f;
    f.add("name", S, [](const Vm &v, Eval &) { return str(v.name); })
        .add("containerName", S,
             [](const Vm &v, Eval &ev) {
                 const VApp *a = ev.vapp(v.vappId);
                 return a ? str(a->name) : FieldValue{};
             })
        .add("container", R, [](const Vm &v, Eval &) { return ref(Kind::VApp, v.vappId); });
    if (!admin)
        f.add("ownerName", S, vmOwnerName).add("owner", R, [](const Vm &v, Eval &ev) {
            const VApp *a = ev.vapp(v.vappId);
            return a ? ref(Kind::User, a->ownerUserId) : FieldValue{};
        });
    f.add("vdcName", S, [](const Vm &v, Eval &ev) { return opt(ev.vdcName(v.vdcId)); })
        .add("vdc", R, [](const Vm &v, Eval &) { return ref(Kind::Vdc, v.vdcId); })
        .add("description", S, [](const Vm &v, Eval &) { return opt(v.description); })
        .add("vappScopedLocalId", S,
             [](const Vm &v, Eval &) {
                 return v.localId > 0 ? str(QString::number(v.localId)) : FieldValue{};
             })
        .add("status", S, [](const Vm &v, Eval &) { return str(statusName(v.status)); })
        .add("isVAppTemplate", B, [](const Vm &, Eval &) { return yes(false); })
        .add("isDeleted", B, [](const Vm &, Eval &) { return yes(false); })
        .add("guestOs", S, [](const Vm &v, Eval &) { return opt(v.guestOs); })
        .add("numberOfCpus", I, [](const Vm &v, Eval &) { return num(v.cpus); })
        .add("memoryMB", I, [](const Vm &v, Eval &) { return num(v.memoryMb); })
        .add("networkName", S,
             [](const Vm &v, Eval &) {
                 return v.nics.isEmpty() ? FieldValue{} : opt(v.nics.first().networkName);
             })
        .add("ipAddress", S, [](const Vm &v, Eval &) {
            return v.nics.isEmpty() ? FieldValue{} : opt(v.nics.first().ipAddress);
        });
    if (!admin)
        f.add("isBusy", B, [](const Vm &v, Eval &ev) { return yes(ev.vappBusy(v.vappId)); });
    f.add("isDeployed", B, [](const Vm &v, Eval &) { return yes(v.deployed); })
        .add("isPublished", B, [](const Vm &, Eval &) { return yes(false); })
        .add("hardwareVersion", I, [](const Vm &v, Eval &) { return hardwareVersion(v.hardwareVersion); });
    if (admin) {
        f.add("isVdcEnabled", B, [](const Vm &v, Eval &ev) { return yes(ev.vdcEnabled(v.vdcId)); })
            .add("vmToolsVersion", I,
                 [](const Vm &v, Eval &) {
                     bool ok = false;
                     const int n = v.toolsVersion.toInt(&ok);
                     return ok ? num(n) : FieldValue{};
                 })
            // Placement details only a provider sees (docs/VCD-API.md §4 admin records), made up
            // deterministically from the creation sequence.
            .add("hostName", S,
                 [](const Vm &v, Eval &) {
                     return str(u"esx-"_s + QString::number(v.seq % 8 + 1).rightJustified(2, u'0') +
                                u".sim.local"_s);
                 })
            .add("datastoreName", S,
                 [](const Vm &v, Eval &) { return str(u"datastore-"_s + QString::number(v.seq % 4 + 1)); })
            .add("moref", S,
                 [](const Vm &v, Eval &) { return str(u"vm-"_s + QString::number(1000 + v.seq)); })
            .add("org", R, [](const Vm &v, Eval &) { return ref(Kind::Org, v.orgId); })
            .add("vmNameInVc", S, [](const Vm &v, Eval &) { return str(v.name + u" ("_s + v.id + u')'); });
    } else {
        f.add("vmToolsStatus", S, [](const Vm &v, Eval &) { return opt(v.toolsStatus); })
            .add("isInMaintenanceMode", B, [](const Vm &, Eval &) { return yes(false); })
            .add("snapshot", B, [](const Vm &v, Eval &) { return yes(v.snapshot.has_value()); })
            .add("snapshotCreated", D,
                 [](const Vm &v, Eval &) { return v.snapshot ? date(v.snapshot->created) : FieldValue{}; })
            .add("totalStorageAllocatedMb", L, [](const Vm &v, Eval &) { return num(vmStorageMb(v)); });
    }
    f.add("isAutoNature", B, [](const Vm &, Eval &) { return yes(false); })
        .add("storageProfileName", S, [](const Vm &v, Eval &) { return opt(v.storageProfile); })
        .add("dateCreated", D, [](const Vm &v, Eval &) { return date(v.created); })
        .add("isExpired", B, [](const Vm &, Eval &) { return yes(false); });
    return f.take();
}

std::vector<FieldDef> orgFields()
{
    FieldList<Org> f;
    f.add("name", S, [](const Org &o, Eval &) { return str(o.name); })
        .add("displayName", S, [](const Org &o, Eval &) { return opt(o.fullName); })
        .add("isEnabled", B, [](const Org &o, Eval &) { return yes(o.enabled); })
        .add("isReadOnly", B, [](const Org &, Eval &) { return yes(false); })
        .add("canPublishCatalogs", B, [](const Org &o, Eval &) { return yes(!o.isSystem); })
        .add("canPublishExternally", B, [](const Org &, Eval &) { return yes(false); })
        .add("deployedVMQuota", I, [](const Org &, Eval &) { return num(0); })
        .add("storedVMQuota", I, [](const Org &, Eval &) { return num(0); })
        .add("numberOfCatalogs", I, [](const Org &o, Eval &ev) { return num(ev.org(o.id).catalogs); })
        .add("numberOfVdcs", I, [](const Org &o, Eval &ev) { return num(ev.org(o.id).vdcs); })
        .add("numberOfVApps", I, [](const Org &o, Eval &ev) { return num(ev.org(o.id).vapps); })
        .add("numberOfGroups", I, [](const Org &, Eval &) { return num(0); })
        .add("numberOfDisks", I, [](const Org &, Eval &) { return num(0); });
    return f.take();
}

int catalogCount(const Catalog &c, Eval &ev, Kind kind)
{
    int n = 0;
    for (const QString &id : c.itemIds)
        if (const CatalogItem *i = ev.cloud.catalogItems.find(id); i && i->entityKind == kind)
            ++n;
    return n;
}

// The AdminCatalogRecord (SysAdmin) adds `org` and calls the template count numberOfTemplates.
std::vector<FieldDef> catalogFields(bool admin)
{
    FieldList<Catalog> f;
    if (admin)
        f.add("org", R, [](const Catalog &c, Eval &) { return ref(Kind::Org, c.orgId); });
    f.add("name", S, [](const Catalog &c, Eval &) { return str(c.name); })
        .add("description", S, [](const Catalog &c, Eval &) { return opt(c.description); })
        .add("isPublished", B, [](const Catalog &c, Eval &) { return yes(c.published); })
        .add("isShared", B, [](const Catalog &, Eval &) { return yes(false); })
        .add("creationDate", D, [](const Catalog &c, Eval &) { return date(c.created); })
        .add("orgName", S, [](const Catalog &c, Eval &ev) { return opt(ev.orgName(c.orgId)); })
        .add("ownerName", S, [](const Catalog &c, Eval &ev) { return opt(ev.userName(c.ownerUserId)); })
        .add("owner", R, [](const Catalog &c, Eval &) { return ref(Kind::User, c.ownerUserId); })
        .add(admin ? "numberOfTemplates" : "numberOfVAppTemplates", I,
             [](const Catalog &c, Eval &ev) { return num(catalogCount(c, ev, Kind::VAppTemplate)); })
        .add("numberOfMedia", I,
             [](const Catalog &c, Eval &ev) { return num(catalogCount(c, ev, Kind::Media)); })
        .add("isLocal", B, [](const Catalog &, Eval &) { return yes(true); });
    return f.take();
}

struct ItemEntity
{
    QString name;
    QString ownerId;
    QString vdcId;
    int status = 0;
};

ItemEntity itemEntity(const CatalogItem &i, Eval &ev)
{
    ItemEntity e;
    e.name = ownerOfEntityName(i.entityKind, i.entityId, ev.cloud, &e.ownerId, &e.vdcId, &e.status);
    return e;
}

std::vector<FieldDef> catalogItemFields(bool admin)
{
    FieldList<CatalogItem> f;
    if (admin)
        f.add("org", R, [](const CatalogItem &i, Eval &ev) {
            const Catalog *c = ev.catalog(i.catalogId);
            return c ? ref(Kind::Org, c->orgId) : FieldValue{};
        });
    f.add("name", S, [](const CatalogItem &i, Eval &) { return str(i.name); })
        .add("entity", R, [](const CatalogItem &i, Eval &) { return ref(i.entityKind, i.entityId); })
        .add("entityName", S, [](const CatalogItem &i, Eval &ev) { return opt(itemEntity(i, ev).name); })
        .add("entityType", S, [](const CatalogItem &i, Eval &) { return str(urnKind(i.entityKind)); })
        .add("catalog", R, [](const CatalogItem &i, Eval &) { return ref(Kind::Catalog, i.catalogId); })
        .add("catalogName", S,
             [](const CatalogItem &i, Eval &ev) {
                 const Catalog *c = ev.catalog(i.catalogId);
                 return c ? str(c->name) : FieldValue{};
             })
        .add("ownerName", S,
             [](const CatalogItem &i, Eval &ev) { return opt(ev.userName(itemEntity(i, ev).ownerId)); })
        .add("owner", R,
             [](const CatalogItem &i, Eval &ev) { return ref(Kind::User, itemEntity(i, ev).ownerId); })
        .add("isPublished", B,
             [](const CatalogItem &i, Eval &ev) {
                 const Catalog *c = ev.catalog(i.catalogId);
                 return yes(c && c->published);
             })
        .add("vdc", R, [](const CatalogItem &i, Eval &ev) { return ref(Kind::Vdc, itemEntity(i, ev).vdcId); })
        .add("vdcName", S,
             [](const CatalogItem &i, Eval &ev) { return opt(ev.vdcName(itemEntity(i, ev).vdcId)); })
        .add("isVdcEnabled", B,
             [](const CatalogItem &i, Eval &ev) { return yes(ev.vdcEnabled(itemEntity(i, ev).vdcId)); })
        .add("creationDate", D, [](const CatalogItem &i, Eval &) { return date(i.created); })
        .add("isExpired", B, [](const CatalogItem &, Eval &) { return yes(false); })
        .add("status", S,
             [](const CatalogItem &i, Eval &ev) { return str(statusName(itemEntity(i, ev).status)); });
    return f.take();
}

std::vector<FieldDef> templateFields()
{
    FieldList<VAppTemplate> f;
    f.add("name", S, [](const VAppTemplate &t, Eval &) { return str(t.name); })
        .add("ownerName", S, [](const VAppTemplate &t, Eval &ev) { return opt(ev.userName(t.ownerUserId)); })
        .add("catalogName", S,
             [](const VAppTemplate &t, Eval &ev) {
                 const Catalog *c = ev.catalog(t.catalogId);
                 return c ? str(c->name) : FieldValue{};
             })
        .add("isPublished", B,
             [](const VAppTemplate &t, Eval &ev) {
                 const Catalog *c = ev.catalog(t.catalogId);
                 return yes(c && c->published);
             })
        .add("description", S, [](const VAppTemplate &t, Eval &) { return opt(t.description); })
        .add("vdc", R, [](const VAppTemplate &t, Eval &) { return ref(Kind::Vdc, t.vdcId); })
        .add("vdcName", S, [](const VAppTemplate &t, Eval &ev) { return opt(ev.vdcName(t.vdcId)); })
        .add("org", R, [](const VAppTemplate &t, Eval &) { return ref(Kind::Org, t.orgId); })
        .add("creationDate", D, [](const VAppTemplate &t, Eval &) { return date(t.created); })
        .add("isBusy", B, [](const VAppTemplate &, Eval &) { return yes(false); })
        .add("isGoldMaster", B, [](const VAppTemplate &t, Eval &) { return yes(t.goldMaster); })
        .add("isEnabled", B, [](const VAppTemplate &, Eval &) { return yes(true); })
        .add("status", S, [](const VAppTemplate &t, Eval &) { return str(statusName(t.status)); })
        .add("isDeployed", B, [](const VAppTemplate &, Eval &) { return yes(false); })
        .add("isExpired", B, [](const VAppTemplate &, Eval &) { return yes(false); })
        .add("storageProfileName", S, [](const VAppTemplate &t, Eval &ev) {
            const Vdc *v = ev.cloud.vdcs.find(t.vdcId);
            return v ? opt(v->storageProfileName) : FieldValue{};
        });
    return f.take();
}

std::vector<FieldDef> mediaFields()
{
    FieldList<Media> f;
    f.add("name", S, [](const Media &m, Eval &) { return str(m.name); })
        .add("ownerName", S, [](const Media &m, Eval &ev) { return opt(ev.userName(m.ownerUserId)); })
        .add("owner", R, [](const Media &m, Eval &) { return ref(Kind::User, m.ownerUserId); })
        .add("catalogName", S,
             [](const Media &m, Eval &ev) {
                 const Catalog *c = ev.catalog(m.catalogId);
                 return c ? str(c->name) : FieldValue{};
             })
        .add("catalog", R, [](const Media &m, Eval &) { return ref(Kind::Catalog, m.catalogId); })
        .add("catalogItem", R, [](const Media &m, Eval &) { return ref(Kind::CatalogItem, m.catalogItemId); })
        .add("isPublished", B,
             [](const Media &m, Eval &ev) {
                 const Catalog *c = ev.catalog(m.catalogId);
                 return yes(c && c->published);
             })
        .add("vdc", R, [](const Media &m, Eval &) { return ref(Kind::Vdc, m.vdcId); })
        .add("vdcName", S, [](const Media &m, Eval &ev) { return opt(ev.vdcName(m.vdcId)); })
        .add("org", R, [](const Media &m, Eval &) { return ref(Kind::Org, m.orgId); })
        .add("creationDate", D, [](const Media &m, Eval &) { return date(m.created); })
        .add("isBusy", B, [](const Media &, Eval &) { return yes(false); })
        .add("storageB", L, [](const Media &m, Eval &) { return num(m.sizeBytes); })
        .add("status", S, [](const Media &m, Eval &) { return str(statusName(m.status)); })
        .add("storageProfileName", S, [](const Media &m, Eval &ev) {
            const Vdc *v = ev.cloud.vdcs.find(m.vdcId);
            return v ? opt(v->storageProfileName) : FieldValue{};
        });
    return f.take();
}

std::vector<FieldDef> networkFields()
{
    FieldList<Network> f;
    f.add("name", S, [](const Network &n, Eval &) { return str(n.name); })
        .add("defaultGateway", S, [](const Network &n, Eval &) { return opt(n.gateway); })
        .add("netmask", S, [](const Network &n, Eval &) { return opt(n.netmask); })
        .add("subnetPrefixLength", I,
             [](const Network &n, Eval &) {
                 return n.netmask.isEmpty() ? FieldValue{} : num(prefixLength(n.netmask));
             })
        .add("dns1", S, [](const Network &n, Eval &) { return opt(n.dns1); })
        .add("dns2", S, [](const Network &n, Eval &) { return opt(n.dns2); })
        .add("dnsSuffix", S, [](const Network &n, Eval &) { return opt(n.dnsSuffix); })
        // linkType: 0 direct (bridged), 1 routed, 2 isolated.
        .add("linkType", I,
             [](const Network &n, Eval &) {
                 return num(n.fenceMode == u"natRouted"_s ? 1 : (n.fenceMode == u"isolated"_s ? 2 : 0));
             })
        .add("connectedTo", S,
             [](const Network &n, Eval &ev) {
                 const EdgeGateway *e =
                     n.edgeGatewayId.isEmpty() ? nullptr : ev.cloud.edges.find(n.edgeGatewayId);
                 return e ? str(e->name) : FieldValue{};
             })
        .add("vdc", R, [](const Network &n, Eval &) { return ref(Kind::Vdc, n.vdcId); })
        .add("vdcName", S, [](const Network &n, Eval &ev) { return opt(ev.vdcName(n.vdcId)); })
        .add("isBusy", B, [](const Network &, Eval &) { return yes(false); })
        .add("isShared", B, [](const Network &n, Eval &) { return yes(n.shared); })
        .add("isIpScopeInherited", B, [](const Network &, Eval &) { return yes(false); })
        .add("usedIpCount", I, [](const Network &n, Eval &ev) { return num(ev.usedIpCount(n)); })
        .add("totalIpCount", I, [](const Network &n, Eval &) {
            const qint64 a = ipv4(n.rangeStart);
            const qint64 b = ipv4(n.rangeEnd);
            return num(a >= 0 && b >= a ? b - a + 1 : 0);
        });
    return f.take();
}

std::vector<FieldDef> edgeFields()
{
    FieldList<EdgeGateway> f;
    f.add("name", S, [](const EdgeGateway &e, Eval &) { return str(e.name); })
        .add("vdc", R, [](const EdgeGateway &e, Eval &) { return ref(Kind::Vdc, e.vdcId); })
        .add("orgVdcName", S, [](const EdgeGateway &e, Eval &ev) { return opt(ev.vdcName(e.vdcId)); })
        .add("orgName", S, [](const EdgeGateway &e, Eval &ev) { return opt(ev.orgName(e.orgId)); })
        .add("numberOfExtNetworks", I,
             [](const EdgeGateway &e, Eval &) { return num(e.uplinkNetworkName.isEmpty() ? 0 : 1); })
        .add("numberOfOrgNetworks", I,
             [](const EdgeGateway &e, Eval &ev) { return num(ev.orgNetworksOfEdge(e.id)); })
        .add("isBusy", B, [](const EdgeGateway &, Eval &) { return yes(false); })
        .add("edgeGatewayType", S, [](const EdgeGateway &, Eval &) { return str(u"NSXV_BACKED"_s); })
        .add("gatewayStatus", S, [](const EdgeGateway &e, Eval &) { return str(vdcStatusName(e.status)); })
        .add("haStatus", S,
             [](const EdgeGateway &e, Eval &) { return str(e.haEnabled ? u"UP"_s : u"DISABLED"_s); })
        .add("advancedNetworkingEnabled", B, [](const EdgeGateway &, Eval &) { return yes(true); })
        .add("distributedRoutingEnabled", B, [](const EdgeGateway &, Eval &) { return yes(false); });
    return f.take();
}

std::vector<FieldDef> taskFields(bool admin)
{
    FieldList<Task> f;
    // A TaskRecord's name is the operation name (vappPowerOn…); operationFull is the human text.
    f.add("name", S, [](const Task &t, Eval &) {
         return str(t.operationName.isEmpty() ? t.name : t.operationName);
     }).add("operationFull", S, [](const Task &t, Eval &) { return opt(t.operation); });
    // AdminTaskRecord has no message attribute (queryRecordView.xsd).
    if (!admin)
        f.add("message", S,
              [](const Task &t, Eval &) { return t.error ? opt(t.error->message) : FieldValue{}; });
    f.add("status", S, [](const Task &t, Eval &) { return str(t.status); })
        .add("progress", I, [](const Task &t, Eval &) { return num(t.progress); })
        .add("startDate", D, [](const Task &t, Eval &) { return date(t.startTime); })
        .add("endDate", D,
             [](const Task &t, Eval &) { return t.isFinished() ? date(t.endTime) : FieldValue{}; })
        .add("object", R, [](const Task &t, Eval &) { return ref(t.ownerKind, t.ownerId); })
        .add("objectType", S, [](const Task &t, Eval &) { return str(urnKind(t.ownerKind)); })
        .add("objectName", S, [](const Task &t, Eval &) { return opt(t.ownerName); })
        .add("ownerName", S, [](const Task &t, Eval &ev) { return opt(ev.userName(t.userId)); })
        .add("org", R, [](const Task &t, Eval &) { return ref(Kind::Org, t.orgId); })
        .add("orgName", S, [](const Task &t, Eval &ev) { return opt(ev.orgName(t.orgId)); })
        .add("serviceNamespace", S, [](const Task &, Eval &) { return str(u"com.vmware.vcloud"_s); });
    return f.take();
}

std::vector<TypeDef> buildTypes()
{
    std::vector<TypeDef> t;
    auto add = [&t](const char *name, const char *record, const char *refs, Kind kind, bool admin,
                    std::vector<FieldDef> fields, Collector collect) -> TypeDef & {
        TypeDef d;
        d.name = QString::fromLatin1(name);
        d.recordElement = QString::fromLatin1(record);
        d.referencesRoot = QString::fromLatin1(refs) + u"References"_s;
        d.referenceElement = QString::fromLatin1(refs) + u"Reference"_s;
        d.kind = kind;
        d.adminOnly = admin;
        d.fields = std::move(fields);
        d.collect = std::move(collect);
        t.push_back(std::move(d));
        return t.back();
    };
    // A System administrator sees every org; anyone else only their own (docs/VCD-API.md §3.3).
    add("organization", "OrgRecord", "Org", Kind::Org, false, orgFields(),
        [](Eval &ev, std::vector<const Entity *> &out) {
            for (const Org *o : ev.cloud.orgs.rows())
                if (ev.ctx.user && canSeeOrg(*ev.ctx.user, o->id))
                    out.push_back(o);
        });
    add("orgVdc", "OrgVdcRecord", "OrgVdc", Kind::Vdc, false, vdcFields(false), orgScoped(&Cloud::vdcs));
    add("adminOrgVdc", "AdminVdcRecord", "AdminVdc", Kind::Vdc, true, vdcFields(true),
        everything(&Cloud::vdcs))
        .adminVdcView = true;
    add("vApp", "VAppRecord", "VApp", Kind::VApp, false, vappFields(false), orgScoped(&Cloud::vapps));
    // The XSD has no AdminVApp/AdminVM references: the admin queries answer with VApp/VM references.
    add("adminVApp", "AdminVAppRecord", "VApp", Kind::VApp, true, vappFields(true),
        everything(&Cloud::vapps));
    add("vm", "VMRecord", "VM", Kind::Vm, false, vmFields(false), orgScoped(&Cloud::vms));
    add("adminVM", "AdminVMRecord", "VM", Kind::Vm, true, vmFields(true), everything(&Cloud::vms));
    add("catalog", "CatalogRecord", "Catalog", Kind::Catalog, false, catalogFields(false),
        orgScoped(&Cloud::catalogs));
    add("adminCatalog", "AdminCatalogRecord", "Catalog", Kind::Catalog, true, catalogFields(true),
        everything(&Cloud::catalogs));
    add("catalogItem", "CatalogItemRecord", "CatalogItem", Kind::CatalogItem, false, catalogItemFields(false),
        orgScoped(&Cloud::catalogItems));
    add("adminCatalogItem", "AdminCatalogItemRecord", "CatalogItem", Kind::CatalogItem, true,
        catalogItemFields(true), everything(&Cloud::catalogItems));
    add("vAppTemplate", "VAppTemplateRecord", "VAppTemplate", Kind::VAppTemplate, false, templateFields(),
        orgScoped(&Cloud::templates));
    add("media", "MediaRecord", "Media", Kind::Media, false, mediaFields(), orgScoped(&Cloud::media));
    add("orgVdcNetwork", "OrgVdcNetworkRecord", "OrgVdcNetwork", Kind::Network, false, networkFields(),
        orgScopedOrSystem(&Cloud::networks));
    add("edgeGateway", "EdgeGatewayRecord", "EdgeGateway", Kind::EdgeGateway, false, edgeFields(),
        orgScopedOrSystem(&Cloud::edges));
    add("task", "TaskRecord", "Task", Kind::Task, false, taskFields(false), orgScoped(&Cloud::tasks));
    // The System administrator's view of every org's tasks (AdminTaskRecord, same attributes).
    add("adminTask", "AdminTaskRecord", "Task", Kind::Task, true, taskFields(true),
        everything(&Cloud::tasks));
    return t;
}

const std::vector<TypeDef> &typeTable()
{
    static const std::vector<TypeDef> table = buildTypes();
    return table;
}

const TypeDef *findType(const QString &name)
{
    for (const TypeDef &d : typeTable())
        if (d.name == name)
            return &d;
    return nullptr;
}

// ---- request parameters ----

struct Param
{
    QString key;
    QByteArray raw; // as received, still percent-encoded
    QString value;  // decoded once, '+' as space (servlet form decoding)
};

QString decodeComponent(QByteArray s)
{
    s.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(s));
}

QList<Param> parseQuery(const QByteArray &raw)
{
    QList<Param> out;
    for (const QByteArray &part : raw.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        Param p;
        p.key = decodeComponent(eq < 0 ? part : part.left(eq));
        p.raw = eq < 0 ? QByteArray() : part.mid(eq + 1);
        p.value = decodeComponent(p.raw);
        out.append(p);
    }
    return out;
}

const Param *findParam(const QList<Param> &params, QStringView key)
{
    for (const Param &p : params)
        if (p.key == key)
            return &p;
    return nullptr;
}

QueryResponse failure(int status, const QString &minor, const QString &message)
{
    QueryResponse r;
    r.httpStatus = status;
    r.minorErrorCode = minor;
    r.errorMessage = message;
    return r;
}

QueryResponse badRequest(const QString &message)
{
    return failure(400, u"BAD_REQUEST"_s, message);
}

enum class Format { Records, References, IdRecords };

QString formatName(Format f)
{
    switch (f) {
    case Format::Records:
        return u"records"_s;
    case Format::References:
        return u"references"_s;
    case Format::IdRecords:
        return u"idrecords"_s;
    }
    return {};
}

QString formatMediaType(Format f)
{
    switch (f) {
    case Format::Records:
        return Mt::queryRecords;
    case Format::References:
        return Mt::queryReferences;
    case Format::IdRecords:
        return Mt::queryIdRecords;
    }
    return {};
}

bool parsePositive(const Param *p, int fallback, int *out)
{
    if (!p) {
        *out = fallback;
        return true;
    }
    bool ok = false;
    const int n = p->value.trimmed().toInt(&ok);
    if (!ok || n < 1)
        return false;
    *out = n;
    return true;
}

class RowAccessor final : public QueryFilter::Accessor
{
public:
    RowAccessor(const TypeDef &def, Eval &ev)
        : m_def(def)
        , m_ev(ev)
    {}
    void setRow(const Entity *row) { m_row = row; }
    FieldValue value(int field) const override
    {
        if (field < int(m_def.fields.size()))
            return m_def.fields[size_t(field)].get(*m_row, m_ev);
        return FieldValue::ref(m_def.kind, m_row->id); // the href / id pseudo attributes
    }
    const QList<MetadataEntry> &metadata() const override { return m_row->metadata; }

private:
    const TypeDef &m_def;
    Eval &m_ev;
    const Entity *m_row = nullptr;
};

struct SortKey
{
    int field;
    FieldType type;
    bool descending;
};

struct MetadataSelector
{
    QString domain;
    QString key;
};

std::optional<MetadataSelector> metadataSelector(const QString &s)
{
    if (!s.startsWith(u"metadata:"_s) && !s.startsWith(u"metadata@"_s))
        return std::nullopt;
    MetadataSelector m{u"GENERAL"_s, {}};
    const qsizetype colon = s.indexOf(u':');
    if (colon < 0)
        return MetadataSelector{};
    if (s[8] == u'@')
        m.domain = s.mid(9, colon - 9).toUpper();
    m.key = s.mid(colon + 1);
    return m;
}

} // namespace

// ---- engine ----

QueryEngine::QueryEngine(const Cloud &cloud)
    : m_cloud(cloud)
{}

void QueryEngine::warm() const
{
    m_aggregates = std::make_shared<Aggregates>();
    m_aggregates->epoch = m_cloud.epoch();
    const RenderContext ctx;
    Eval ev{ctx, m_cloud, *m_aggregates, {}};
    ev.vdcUsage({});
    ev.org({});
    ev.vdc({});
    ev.orgNetworksOfEdge({});
    ev.usedIpCount(Network{});
}

QStringList QueryEngine::types()
{
    QStringList out;
    for (const TypeDef &d : typeTable())
        out.append(d.name);
    return out;
}

bool QueryEngine::isAdminType(const QString &type)
{
    const TypeDef *d = findType(type);
    return d && d->adminOnly;
}

QueryResponse QueryEngine::queryList(const RenderContext &ctx) const
{
    const bool admin = ctx.user && canRunAdminQueries(*ctx.user);
    const QString query = apiRoot(ctx.baseUrl) + u"/query"_s;
    QueryResponse r;
    QXmlStreamWriter w(&r.body);
    w.writeStartDocument(u"1.0"_s, true);
    writeStandardNamespaces(w);
    w.writeStartElement(Ns::vcloud, u"QueryList"_s);
    w.writeAttribute(u"href"_s, query);
    w.writeAttribute(u"type"_s, Mt::queryList);
    for (const TypeDef &d : typeTable()) {
        if (d.adminOnly && !admin)
            continue; // the list names only the queries this user may run
        for (Format f : {Format::Records, Format::References, Format::IdRecords})
            writeLink(w, u"down"_s, query + u"?type="_s + d.name + u"&format="_s + formatName(f),
                      formatMediaType(f), d.name);
    }
    w.writeEndElement();
    w.writeEndDocument();
    r.contentType = Mt::queryList + u";version="_s + ctx.apiVersion;
    return r;
}

QueryResponse QueryEngine::run(const RenderContext &ctx, const QByteArray &rawQueryString) const
{
    const QList<Param> params = parseQuery(rawQueryString);
    const Param *typeParam = findParam(params, u"type");
    if (!typeParam)
        return queryList(ctx);

    const QString &typeName = typeParam->value;
    const TypeDef *def = findType(typeName);
    if (!def)
        return badRequest(u"Unknown query type \""_s + typeName +
                          u"\" (type names are case-sensitive; valid types: "_s + types().join(u", "_s) +
                          u")."_s);
    if (def->adminOnly && !(ctx.user && canRunAdminQueries(*ctx.user)))
        return failure(403, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s,
                       u"Access to the query \""_s + typeName +
                           u"\" is forbidden: it is available to System administrators only."_s);

    Format format = Format::Records;
    if (const Param *p = findParam(params, u"format")) {
        if (p->value == u"records"_s)
            format = Format::Records;
        else if (p->value == u"references"_s)
            format = Format::References;
        else if (p->value == u"idrecords"_s)
            format = Format::IdRecords;
        else
            return badRequest(u"Unknown query format \""_s + p->value +
                              u"\"; use records, references or idrecords."_s);
    }

    int page = 1;
    int pageSize = kDefaultPageSize;
    if (!parsePositive(findParam(params, u"page"), 1, &page))
        return badRequest(u"The page parameter must be a positive integer, got \""_s +
                          findParam(params, u"page")->value + u"\"."_s);
    if (!parsePositive(findParam(params, u"pageSize"), kDefaultPageSize, &pageSize))
        return badRequest(u"The pageSize parameter must be a positive integer, got \""_s +
                          findParam(params, u"pageSize")->value + u"\"."_s);
    pageSize = std::min(pageSize, kMaxPageSize); // docs/VCD-API.md §4: maximum 128

    const int hrefField = int(def->fields.size());
    const int idField = hrefField + 1;
    const auto resolve = [&](const QString &name, FieldType *type) -> int {
        if (name == u"href"_s || name == u"id"_s) {
            *type = FieldType::Ref;
            return name == u"href"_s ? hrefField : idField;
        }
        const int i = def->fieldIndex(name);
        if (i >= 0)
            *type = def->fields[size_t(i)].type;
        return i;
    };

    // Filter decoding depends on the API version (docs/VCD-API.md §4).
    QueryFilter filter;
    if (const Param *p = findParam(params, u"filter"); p && !p->value.isEmpty()) {
        QueryFilter::Encoding enc = QueryFilter::Encoding::Plain;
        if (ctx.atLeast(u"35.0"_s))
            enc = QueryFilter::Encoding::Backslash;
        else if (const Param *fe = findParam(params, u"filterEncoded");
                 fe && fe->value.compare(u"true"_s, Qt::CaseInsensitive) == 0)
            enc = QueryFilter::Encoding::DoubleEncoded;
        QString error;
        auto parsed = QueryFilter::parse(p->value, enc, resolve, ctx.baseUrl, &error);
        if (!parsed)
            return badRequest(error + u" (query type \""_s + typeName + u"\", filter \""_s + p->value +
                              u"\")"_s);
        filter = *parsed;
    }

    std::vector<SortKey> sortKeys;
    for (const Param &p : params) {
        const bool asc = p.key == u"sortAsc"_s;
        if (!asc && p.key != u"sortDesc"_s)
            continue;
        FieldType type = FieldType::String;
        const int field = resolve(p.value, &type);
        if (field < 0)
            return badRequest(u"Cannot sort by \""_s + p.value + u"\": query type \""_s + typeName +
                              u"\" has no such attribute."_s);
        sortKeys.push_back({field, type, !asc});
    }

    // fields=a,b: only those attributes (href is always kept; idrecords keep id); metadata:key adds
    // the entry as a Metadata child.
    std::optional<std::vector<int>> selected;
    std::vector<MetadataSelector> metaSelected;
    if (const Param *p = findParam(params, u"fields"); p && !p->value.trimmed().isEmpty()) {
        selected.emplace();
        for (const QString &raw : p->value.split(u',', Qt::SkipEmptyParts)) {
            const QString name = raw.trimmed();
            if (auto m = metadataSelector(name)) {
                if (m->key.isEmpty() || (m->domain != u"GENERAL"_s && m->domain != u"SYSTEM"_s))
                    return badRequest(u"Bad metadata field \""_s + name +
                                      u"\"; use metadata:key or metadata@SYSTEM:key."_s);
                metaSelected.push_back(*m);
                continue;
            }
            if (name == u"href"_s || name == u"id"_s)
                continue;
            const int i = def->fieldIndex(name);
            if (i < 0)
                return badRequest(u"Unknown field \""_s + name + u"\" for query type \""_s + typeName +
                                  u"\"."_s);
            selected->push_back(i);
        }
        std::sort(selected->begin(), selected->end());
        selected->erase(std::unique(selected->begin(), selected->end()), selected->end());
    }

    // Rows in creation ("database-ID") order, scoped to what the user may see, then filtered.
    if (!m_aggregates || m_aggregates->epoch != m_cloud.epoch()) {
        m_aggregates = std::make_shared<Aggregates>();
        m_aggregates->epoch = m_cloud.epoch();
    }
    Eval ev{ctx, m_cloud, *m_aggregates, {}};
    std::vector<const Entity *> rows;
    def->collect(ev, rows);
    RowAccessor acc(*def, ev);
    if (!filter.isEmpty()) {
        std::erase_if(rows, [&](const Entity *e) {
            acc.setRow(e);
            return !filter.matches(acc);
        });
    }
    if (!sortKeys.empty()) {
        // Keys are computed once per row into one flat array; string keys become
        // "casefolded\0original" so that a plain comparison gives the case-insensitive order with a
        // case-sensitive tie-break, and absent values sort first, without folding inside the comparator.
        const size_t nk = sortKeys.size();
        std::vector<FieldValue> keys;
        keys.reserve(rows.size() * nk);
        for (const Entity *e : rows) {
            acc.setRow(e);
            for (const SortKey &s : sortKeys) {
                FieldValue v = acc.value(s.field);
                if (v.present && s.type == FieldType::String)
                    v.text = v.text.toCaseFolded() + QChar(u'\0') + v.text;
                keys.push_back(std::move(v));
            }
        }
        std::vector<quint32> order(rows.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = quint32(i);
        std::stable_sort(order.begin(), order.end(), [&](quint32 a, quint32 b) {
            for (size_t k = 0; k < nk; ++k) {
                const FieldValue &x = keys[a * nk + k];
                const FieldValue &y = keys[b * nk + k];
                int c;
                if (!x.present || !y.present)
                    c = int(x.present) - int(y.present);
                else if (sortKeys[k].type == FieldType::String || sortKeys[k].type == FieldType::Ref)
                    c = x.text.compare(y.text);
                else
                    c = x.number < y.number ? -1 : (x.number > y.number ? 1 : 0);
                if (sortKeys[k].descending)
                    c = -c;
                if (c)
                    return c < 0;
            }
            return false;
        });
        std::vector<const Entity *> sorted;
        sorted.reserve(rows.size());
        for (quint32 i : order)
            sorted.push_back(rows[i]);
        rows = std::move(sorted);
    }

    const qint64 total = qint64(rows.size());
    const int pageCount = std::max<qint64>(1, (total + pageSize - 1) / pageSize);
    if (page > pageCount)
        return badRequest(u"The requested page "_s + QString::number(page) +
                          u" is out of range: the query has "_s + QString::number(pageCount) +
                          (pageCount == 1 ? u" page"_s : u" pages"_s) + u" of "_s +
                          QString::number(pageSize) + u" ("_s + QString::number(total) + u" results)."_s);
    const qsizetype first = qsizetype(page - 1) * pageSize;
    const qsizetype last = std::min<qsizetype>(first + pageSize, total);

    // hrefs repeat the other parameters as the client sent them (still encoded).
    QString extra;
    for (const Param &p : params) {
        if (p.key == u"type"_s || p.key == u"page"_s || p.key == u"pageSize"_s || p.key == u"format"_s)
            continue;
        extra += u'&' + p.key + u'=' + QString::fromUtf8(p.raw);
    }
    const QString queryBase = apiRoot(ctx.baseUrl) + u"/query?type="_s + typeName;
    const auto pageHref = [&](int pg, Format f) {
        return QString(queryBase + u"&page="_s + QString::number(pg) + u"&pageSize="_s +
                       QString::number(pageSize) + u"&format="_s + formatName(f) + extra);
    };

    QueryResponse r;
    r.contentType = formatMediaType(format) + u";version="_s + ctx.apiVersion;
    QXmlStreamWriter w(&r.body);
    w.writeStartDocument(u"1.0"_s, true);
    writeStandardNamespaces(w);
    w.writeStartElement(Ns::vcloud,
                        format == Format::References ? def->referencesRoot : u"QueryResultRecords"_s);
    w.writeAttribute(u"href"_s, pageHref(page, format));
    w.writeAttribute(u"type"_s, formatMediaType(format));
    w.writeAttribute(u"name"_s, typeName);
    w.writeAttribute(u"page"_s, QString::number(page));
    w.writeAttribute(u"pageSize"_s, QString::number(pageSize));
    w.writeAttribute(u"total"_s, QString::number(total));
    for (Format f : {Format::Records, Format::References, Format::IdRecords})
        if (f != format)
            writeLink(w, u"alternate"_s, pageHref(page, f), formatMediaType(f));
    if (pageCount > 1) {
        const QString mt = formatMediaType(format);
        if (page > 1) {
            writeLink(w, u"firstPage"_s, pageHref(1, format), mt);
            writeLink(w, u"previousPage"_s, pageHref(page - 1, format), mt);
        }
        if (page < pageCount) {
            writeLink(w, u"nextPage"_s, pageHref(page + 1, format), mt);
            writeLink(w, u"lastPage"_s, pageHref(pageCount, format), mt);
        }
    }

    const bool urn = format == Format::IdRecords;
    if (format != Format::References && metaSelected.empty()) {
        // Plain records: the root's start tag is closed and the writer let go, the records are
        // appended as bytes (RecordWriter: the same bytes, a fraction of the work), then the end.
        w.writeCharacters(QString());
        w.device()->close();
        r.body.reserve(r.body.size() +
                       (last - first) * 64 *
                           qsizetype(selected ? selected->size() + 1 : def->fields.size() + 1));
        RecordWriter out(&r.body);
        for (qsizetype i = first; i < last; ++i) {
            const Entity *e = rows[size_t(i)];
            out.startEmptyElement(def->recordElement);
            out.attribute(u"href"_s, def->href(ctx.baseUrl, e->id));
            if (urn)
                out.attribute(u"id"_s, urnOf(def->kind, e->id));
            const auto writeField = [&](size_t f) {
                const FieldDef &fd = def->fields[f];
                const FieldValue v = fd.get(*e, ev);
                if (v.present)
                    out.attribute(fd.name, fieldLexical(v, fd.type, ctx.baseUrl, urn));
            };
            if (selected) {
                for (int f : *selected)
                    writeField(size_t(f));
            } else {
                for (size_t f = 0; f < def->fields.size(); ++f)
                    writeField(f);
            }
            out.endEmptyElement();
        }
        // What writeEndElement() + writeEndDocument() write.
        r.body += "</QueryResultRecords>\n";
        return r;
    }
    for (qsizetype i = first; i < last; ++i) {
        const Entity *e = rows[size_t(i)];
        acc.setRow(e);
        if (format == Format::References) {
            w.writeEmptyElement(Ns::vcloud, def->referenceElement);
            w.writeAttribute(u"href"_s, def->href(ctx.baseUrl, e->id));
            w.writeAttribute(u"id"_s, urnOf(def->kind, e->id));
            w.writeAttribute(u"type"_s, def->entityMediaType());
            w.writeAttribute(u"name"_s, acc.value(0).text);
            continue;
        }
        std::vector<const MetadataEntry *> meta;
        for (const MetadataSelector &m : metaSelected)
            for (const MetadataEntry &entry : e->metadata)
                if (entry.key == m.key && entry.domain == m.domain)
                    meta.push_back(&entry);
        if (meta.empty())
            w.writeEmptyElement(Ns::vcloud, def->recordElement);
        else
            w.writeStartElement(Ns::vcloud, def->recordElement);
        w.writeAttribute(u"href"_s, def->href(ctx.baseUrl, e->id));
        if (urn)
            w.writeAttribute(u"id"_s, urnOf(def->kind, e->id));
        const auto writeField = [&](size_t f) {
            const FieldDef &fd = def->fields[f];
            const FieldValue v = fd.get(*e, ev);
            if (v.present)
                w.writeAttribute(fd.name, fieldLexical(v, fd.type, ctx.baseUrl, urn));
        };
        if (selected) {
            for (int f : *selected)
                writeField(size_t(f));
        } else {
            for (size_t f = 0; f < def->fields.size(); ++f)
                writeField(f);
        }
        if (!meta.empty()) {
            w.writeStartElement(Ns::vcloud, u"Metadata"_s);
            for (const MetadataEntry *entry : meta) {
                w.writeStartElement(Ns::vcloud, u"MetadataEntry"_s);
                if (entry->domain != u"GENERAL"_s) {
                    w.writeStartElement(Ns::vcloud, u"Domain"_s);
                    w.writeAttribute(u"visibility"_s, entry->visibility);
                    w.writeCharacters(entry->domain);
                    w.writeEndElement();
                }
                w.writeTextElement(Ns::vcloud, u"Key"_s, entry->key);
                w.writeStartElement(Ns::vcloud, u"TypedValue"_s);
                w.writeAttribute(Ns::xsi, u"type"_s, metadataTypeName(entry->type));
                w.writeTextElement(Ns::vcloud, u"Value"_s, entry->value);
                w.writeEndElement(); // TypedValue
                w.writeEndElement(); // MetadataEntry
            }
            w.writeEndElement(); // Metadata
            w.writeEndElement(); // record
        }
    }
    w.writeEndElement();
    w.writeEndDocument();
    return r;
}

} // namespace vcd::sim
