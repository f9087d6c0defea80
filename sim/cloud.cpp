#include "sim/cloud.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd::sim {

QString statusName(int code)
{
    switch (code) {
    case -1:
        return u"FAILED_CREATION"_s;
    case 0:
        return u"UNRESOLVED"_s;
    case 1:
        return u"RESOLVED"_s;
    case 2:
        return u"DEPLOYED"_s;
    case 3:
        return u"SUSPENDED"_s;
    case 4:
        return u"POWERED_ON"_s;
    case 5:
        return u"WAITING_FOR_INPUT"_s;
    case 6:
        return u"UNKNOWN"_s;
    case 7:
        return u"UNRECOGNIZED"_s;
    case 8:
        return u"POWERED_OFF"_s;
    case 9:
        return u"INCONSISTENT_STATE"_s;
    case 10:
        return u"MIXED"_s;
    default:
        return u"UNKNOWN"_s;
    }
}

QString metadataTypeName(MetadataEntry::Type type)
{
    switch (type) {
    case MetadataEntry::Type::String:
        return u"MetadataStringValue"_s;
    case MetadataEntry::Type::Number:
        return u"MetadataNumberValue"_s;
    case MetadataEntry::Type::Boolean:
        return u"MetadataBooleanValue"_s;
    case MetadataEntry::Type::DateTime:
        return u"MetadataDateTimeValue"_s;
    }
    return u"MetadataStringValue"_s;
}

QString roleName(Role role)
{
    switch (role) {
    case Role::SystemAdministrator:
        return u"System Administrator"_s;
    case Role::OrgAdministrator:
        return u"Organization Administrator"_s;
    case Role::VAppUser:
        return u"vApp User"_s;
    }
    return {};
}

bool Task::isFinished() const
{
    return status == u"success" || status == u"error" || status == u"aborted" || status == u"canceled";
}

// ---- products ----

int compareVersions(const QString &a, const QString &b)
{
    const auto pa = a.split(u'.');
    const auto pb = b.split(u'.');
    for (qsizetype i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const int x = i < pa.size() ? pa[i].toInt() : 0;
        const int y = i < pb.size() ? pb[i].toInt() : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

bool Product::supports(const QString &version) const
{
    return std::any_of(versions.cbegin(), versions.cend(),
                       [&](const ApiVersionInfo &v) { return compareVersions(v.version, version) == 0; });
}

QString Product::highest() const
{
    QString best;
    for (const auto &v : versions) {
        if (!v.deprecated && (best.isEmpty() || compareVersions(v.version, best) > 0))
            best = v.version;
    }
    return best;
}

QStringList Product::names()
{
    return {u"5.1"_s, u"5.5"_s, u"9.5"_s, u"10.3"_s, u"10.4"_s, u"10.5"_s, u"10.6"_s};
}

std::optional<Product> Product::byName(const QString &name)
{
    // Version lists follow docs/VCD-API.md §1.2: old releases list few versions and no deprecated flag;
    // 9.5 lists 20.0–31.0 with 20–26/29 deprecated and 5.5 last (as the captured reply does);
    // 10.x drop the oldest and deprecate the next ones.
    auto list = [](std::initializer_list<const char *> deprecated,
                   std::initializer_list<const char *> current) {
        QList<ApiVersionInfo> out;
        for (const char *v : deprecated)
            out.append({QString::fromLatin1(v), true});
        for (const char *v : current)
            out.append({QString::fromLatin1(v), false});
        return out;
    };
    Product p;
    p.name = name;
    if (name == u"5.1") {
        p.versions = list({}, {"1.5", "5.1"});
    } else if (name == u"5.5") {
        p.versions = list({}, {"1.5", "5.1", "5.5"});
    } else if (name == u"9.5") {
        p.versions = list({"20.0", "21.0", "22.0", "23.0", "24.0", "25.0", "26.0"}, {"27.0", "28.0"});
        p.versions.append({u"29.0"_s, true});
        p.versions.append({u"30.0"_s, false});
        p.versions.append({u"31.0"_s, false});
        p.versions.append({u"5.5"_s, true});
    } else if (name == u"10.3") {
        p.versions = list({"31.0", "32.0"}, {"33.0", "34.0", "35.0", "35.2", "36.0", "36.1", "36.2", "36.3"});
    } else if (name == u"10.4") {
        p.versions = list({"31.0", "32.0", "33.0"},
                          {"34.0", "35.0", "35.2", "36.0", "36.1", "36.2", "36.3", "37.0", "37.1", "37.2"});
    } else if (name == u"10.5") {
        p.versions = list({"33.0", "34.0", "35.0", "35.2"},
                          {"36.0", "36.1", "36.2", "36.3", "37.0", "37.1", "37.2", "38.0", "38.1"});
    } else if (name == u"10.6") {
        p.versions = list({"35.0", "35.2", "36.0", "36.1"},
                          {"36.2", "36.3", "37.0", "37.1", "37.2", "38.0", "38.1", "39.0", "39.1"});
    } else {
        return std::nullopt;
    }
    return p;
}

// ---- cloud ----

Cloud::Cloud() = default;

QString Cloud::newUuid()
{
    // Deterministic: splitmix64 over (seed, counter), so ids never depend on wall time or on the
    // order other subsystems drew random numbers — and cheap, since a 30,000-VM cloud draws ~40,000.
    auto mix = [](quint64 z) {
        z += 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    };
    ++m_uuidCounter;
    quint64 hi = mix(seed ^ mix(m_uuidCounter));
    quint64 lo = mix(hi ^ m_uuidCounter);
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    char out[36];
    int p = 0;
    auto put = [&](quint64 v, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i)
            out[p++] = hex[(v >> (i * 4)) & 0xF];
    };
    put(hi >> 32, 8);
    out[p++] = '-';
    put((hi >> 16) & 0xFFFF, 4);
    out[p++] = '-';
    put(hi & 0xFFFF, 4);
    out[p++] = '-';
    put(lo >> 48, 4);
    out[p++] = '-';
    put(lo & 0xFFFFFFFFFFFFull, 12);
    return QString::fromLatin1(out, 36);
}

int Cloud::vappStatus(const VApp &vapp) const
{
    if (vapp.creating)
        return Status::Unresolved;
    int status = -100;
    for (const auto &id : vapp.vmIds) {
        const Vm *vm = vms.find(id);
        if (!vm)
            continue;
        if (status == -100)
            status = vm->status;
        else if (status != vm->status)
            return Status::Mixed;
    }
    return status == -100 ? vapp.status : status;
}

const Org *Cloud::systemOrg() const
{
    for (const Org *o : orgs.rows())
        if (o->isSystem)
            return o;
    return nullptr;
}

const Org *Cloud::orgByName(const QString &name) const
{
    for (const Org *o : orgs.rows())
        if (o->name.compare(name, Qt::CaseInsensitive) == 0)
            return o;
    return nullptr;
}

const User *Cloud::userByName(const QString &orgId, const QString &name) const
{
    for (const User *u : users.rows())
        if (u->orgId == orgId && u->name.compare(name, Qt::CaseInsensitive) == 0)
            return u;
    return nullptr;
}

QList<const Vm *> Cloud::vmsOf(const VApp &vapp) const
{
    QList<const Vm *> out;
    for (const auto &id : vapp.vmIds)
        if (const Vm *vm = vms.find(id))
            out.append(vm);
    return out;
}

QList<const Vdc *> Cloud::vdcsOf(const QString &orgId) const
{
    QList<const Vdc *> out;
    for (const Vdc *v : vdcs.rows())
        if (v->orgId == orgId)
            out.append(v);
    return out;
}

QList<const VApp *> Cloud::vappsOf(const QString &vdcId) const
{
    QList<const VApp *> out;
    for (const VApp *v : vapps.rows())
        if (v->vdcId == vdcId)
            out.append(v);
    return out;
}

namespace {

void addVApp(const Cloud &cloud, const VApp &a, int mhz, Cloud::VdcUsage *u)
{
    ++u->vapps;
    for (const auto &id : a.vmIds) {
        const Vm *vm = cloud.vms.find(id);
        if (!vm)
            continue;
        ++u->vms;
        for (const auto &d : vm->disks)
            u->storageUsedMb += d.sizeMb;
        if (vm->status == Status::PoweredOn) {
            ++u->runningVms;
            u->cpuUsedMhz += qint64(vm->cpus) * mhz;
            u->memoryUsedMb += vm->memoryMb;
        }
    }
}

int vCpuMhz(const Cloud &cloud, const QString &vdcId)
{
    const Vdc *vdc = cloud.vdcs.find(vdcId);
    return vdc ? vdc->vCpuInMhz : 2000;
}

} // namespace

Cloud::VdcUsage Cloud::vdcUsage(const QString &vdcId) const
{
    VdcUsage u;
    const int mhz = vCpuMhz(*this, vdcId);
    for (const VApp *a : vapps.rows())
        if (a->vdcId == vdcId)
            addVApp(*this, *a, mhz, &u);
    return u;
}

QHash<QString, Cloud::VdcUsage> Cloud::vdcUsages() const
{
    QHash<QString, VdcUsage> all;
    all.reserve(vdcs.rows().size());
    for (const Vdc *v : vdcs.rows())
        all.insert(v->id, VdcUsage{});
    for (const VApp *a : vapps.rows()) {
        const auto it = all.find(a->vdcId);
        if (it != all.end())
            addVApp(*this, *a, vCpuMhz(*this, a->vdcId), &it.value());
    }
    return all;
}

const Task *Cloud::busyTaskOf(const QString &vappId) const
{
    if (vappId.isEmpty())
        return nullptr;
    // Newest first: the lock holder is almost always among the last tasks.
    const auto &rows = tasks.rows();
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        if ((*it)->lockedVAppId == vappId && !(*it)->isFinished())
            return *it;
    return nullptr;
}

// ---- rights ----

bool isSystemAdmin(const User &user)
{
    return user.role == Role::SystemAdministrator;
}
bool canSeeOrg(const User &user, const QString &orgId)
{
    return isSystemAdmin(user) || user.orgId == orgId;
}
bool canPower(const User &)
{
    return true;
}
bool canDelete(const User &user)
{
    return user.role != Role::VAppUser;
}
bool canEdit(const User &user)
{
    return user.role != Role::VAppUser;
}
bool canRunAdminQueries(const User &user)
{
    return isSystemAdmin(user);
}

} // namespace vcd::sim
