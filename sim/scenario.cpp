#include "sim/scenario.h"

#include <QDate>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>
#include <QTime>
#include <QVarLengthArray>

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>
#include <vector>

using namespace Qt::StringLiterals;

namespace vcd::sim {

namespace {

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness: splitmix64, independent of Qt's generators so a Qt upgrade cannot change
// a scenario. It only picks names, sizes and states; ids always come from Cloud::newUuid().
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed ^ 0x5DEECE66DA3B1F27ull)
    {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi].
    int between(int lo, int hi) { return lo + int(next() % quint64(hi - lo + 1)); }
    bool percent(int p) { return int(next() % 100) < p; }
    template<class T> const T &pick(const std::vector<T> &v) { return v[size_t(next() % v.size())]; }

private:
    quint64 m_state;
};

// Every scenario starts its clock here; later dates are this plus seeded offsets, never wall time.
qint64 epochMs()
{
    static const qint64 ms = QDateTime(QDate(2023, 1, 9), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
    return ms;
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString ipString(quint32 ip)
{
    char16_t buf[16];
    int n = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
        const unsigned octet = (ip >> shift) & 0xFFu;
        if (octet >= 100)
            buf[n++] = char16_t(u'0' + octet / 100);
        if (octet >= 10)
            buf[n++] = char16_t(u'0' + (octet / 10) % 10);
        buf[n++] = char16_t(u'0' + octet % 10);
        if (shift)
            buf[n++] = u'.';
    }
    return QString(reinterpret_cast<const QChar *>(buf), n);
}

quint32 ipFromOctets(unsigned a, unsigned b, unsigned c, unsigned d)
{
    return (a << 24) | (b << 16) | (c << 8) | d;
}

// VMware's OUI; VCD hands out MACs from 00:50:56 (docs/VCD-API.md §3.5 NetworkConnection/MACAddress).
QString macString(quint32 low24)
{
    static constexpr char16_t hex[] = u"0123456789abcdef";
    char16_t buf[17] = {u'0', u'0', u':', u'5', u'0', u':', u'5', u'6'};
    int n = 8;
    for (int shift = 16; shift >= 0; shift -= 8) {
        const unsigned byte = (low24 >> shift) & 0xFFu;
        buf[n++] = u':';
        buf[n++] = hex[byte >> 4];
        buf[n++] = hex[byte & 0xF];
    }
    return QString(reinterpret_cast<const QChar *>(buf), n);
}

QString twoDigits(int n)
{
    if (n >= 0 && n < 10) {
        const char16_t buf[2] = {u'0', char16_t(u'0' + n)};
        return QString(reinterpret_cast<const QChar *>(buf), 2);
    }
    return QString::number(n);
}

MetadataEntry metadataEntry(const QString &key, MetadataEntry::Type type, const QString &value,
                            bool systemReadOnly = false)
{
    MetadataEntry e;
    e.key = key;
    e.type = type;
    e.value = value;
    if (systemReadOnly) { // SYSTEM+READONLY: one of the accepted domain/visibility pairs (docs/VCD-API.md
                          // §3.10)
        e.domain = u"SYSTEM"_s;
        e.visibility = u"READONLY"_s;
    }
    return e;
}

QString netmaskFor(quint32 blockSize)
{
    return ipString(~(blockSize - 1));
}

// ---------------------------------------------------------------------------------------------------
// Name tables. QStrings made from literals share static data, so every VM that copies one costs nothing.

enum class Os { Ubuntu, Rhel8, Rhel9, Debian11, Debian12, Photon, WinSrv2019, WinSrv2022 };

struct OsInfo
{
    QString osType;  // vmw:osType
    QString guestOs; // OperatingSystemSection ovf:Description
    int osTypeId;    // CIM_OperatingSystem.OsType (ovf:id)
    bool windows;
};

const OsInfo &osInfo(Os os)
{
    // Newer Windows Server releases have no CIM code of their own; the latest Windows Server code is used.
    static const std::vector<OsInfo> table = {
        {u"ubuntu64Guest"_s, u"Ubuntu Linux (64-bit)"_s, 94, false},
        {u"rhel8_64Guest"_s, u"Red Hat Enterprise Linux 8 (64-bit)"_s, 80, false},
        {u"rhel9_64Guest"_s, u"Red Hat Enterprise Linux 9 (64-bit)"_s, 80, false},
        {u"debian11_64Guest"_s, u"Debian GNU/Linux 11 (64-bit)"_s, 96, false},
        {u"debian12_64Guest"_s, u"Debian GNU/Linux 12 (64-bit)"_s, 96, false},
        {u"vmwarePhoton64Guest"_s, u"VMware Photon OS (64-bit)"_s, 36, false},
        {u"windows2019srv_64Guest"_s, u"Microsoft Windows Server 2019 (64-bit)"_s, 112, true},
        {u"windows2019srvNext_64Guest"_s, u"Microsoft Windows Server 2022 (64-bit)"_s, 112, true},
    };
    return table[size_t(os)];
}

// A vApp "kind" for the generator: its name, the base name of its VMs and their usual shape.
struct AppRole
{
    QString vapp;
    QString vmBase;
    Os os;
    int cpus;
    int memoryGb;
    QString description;
};

const std::vector<AppRole> &appRoles()
{
    static const std::vector<AppRole> roles = {
        {u"web-frontend"_s, u"web"_s, Os::Ubuntu, 2, 4, u"Public web tier behind the edge load balancer"_s},
        {u"db-cluster"_s, u"db"_s, Os::Rhel9, 4, 16, u"PostgreSQL primary and replicas"_s},
        {u"k8s-workers"_s, u"k8s-worker"_s, Os::Ubuntu, 4, 16, u"Kubernetes worker nodes"_s},
        {u"jump-host"_s, u"jump"_s, Os::WinSrv2022, 2, 4, u"Administrative jump host"_s},
        {u"api-gateway"_s, u"api"_s, Os::Ubuntu, 2, 4, u"REST API gateway"_s},
        {u"ad-domain"_s, u"dc"_s, Os::WinSrv2019, 2, 8, u"Active Directory domain controllers"_s},
        {u"k8s-masters"_s, u"k8s-master"_s, Os::Ubuntu, 2, 8, u"Kubernetes control plane"_s},
        {u"monitoring"_s, u"mon"_s, Os::Ubuntu, 2, 8, u"Prometheus and Grafana"_s},
        {u"file-server"_s, u"fs"_s, Os::WinSrv2022, 2, 8, u"SMB file shares"_s},
        {u"mail-relay"_s, u"mx"_s, Os::Debian12, 1, 2, u"Outbound SMTP relay"_s},
        {u"ci-runners"_s, u"runner"_s, Os::Ubuntu, 4, 8, u"CI build runners"_s},
        {u"log-stack"_s, u"elk"_s, Os::Rhel8, 4, 16, u"Central log collection"_s},
        {u"erp-app"_s, u"erp"_s, Os::WinSrv2019, 4, 16, u"ERP application servers"_s},
        {u"cache-redis"_s, u"redis"_s, Os::Debian12, 2, 8, u"Redis cache"_s},
        {u"mq-broker"_s, u"mq"_s, Os::Rhel8, 2, 8, u"RabbitMQ message broker"_s},
        {u"crm-app"_s, u"crm"_s, Os::WinSrv2022, 4, 8, u"CRM application"_s},
        {u"analytics"_s, u"etl"_s, Os::Rhel9, 8, 32, u"Nightly ETL and reporting"_s},
        {u"vpn-gateway"_s, u"vpn"_s, Os::Photon, 1, 2, u"Site-to-site VPN endpoint"_s},
        {u"backup-proxy"_s, u"bkp"_s, Os::WinSrv2019, 2, 4, u"Backup proxy"_s},
        {u"container-host"_s, u"docker"_s, Os::Photon, 4, 8, u"Container host"_s},
        {u"sftp-gateway"_s, u"sftp"_s, Os::Debian11, 1, 2, u"Partner file exchange"_s},
        {u"dns-resolvers"_s, u"ns"_s, Os::Debian12, 1, 2, u"Internal DNS resolvers"_s},
    };
    return roles;
}

struct OrgName
{
    QString name;
    QString fullName;
};

const std::vector<OrgName> &orgNames()
{
    static const std::vector<OrgName> names = {
        {u"acme-corp"_s, u"Acme Corporation"_s},
        {u"globex"_s, u"Globex Logistics"_s},
        {u"initech-finance"_s, u"Initech Financial Services"_s},
        {u"northwind-retail"_s, u"Northwind Retail"_s},
        {u"umbrella-health"_s, u"Umbrella Health Systems"_s},
        {u"stark-industries"_s, u"Stark Industries"_s},
        {u"wayne-enterprises"_s, u"Wayne Enterprises"_s},
        {u"hooli"_s, u"Hooli Inc."_s},
        {u"vandelay-import"_s, u"Vandelay Industries"_s},
        {u"soylent-foods"_s, u"Soylent Foods"_s},
        {u"cyberdyne"_s, u"Cyberdyne Systems"_s},
        {u"tyrell-corp"_s, u"Tyrell Corporation"_s},
        {u"wonka-industries"_s, u"Wonka Industries"_s},
        {u"aperture-labs"_s, u"Aperture Laboratories"_s},
        {u"massive-dynamic"_s, u"Massive Dynamic"_s},
        {u"oscorp"_s, u"Oscorp Technologies"_s},
        {u"dunder-mifflin"_s, u"Dunder Mifflin Paper"_s},
        {u"pied-piper"_s, u"Pied Piper"_s},
        {u"contoso"_s, u"Contoso Ltd."_s},
        {u"fabrikam"_s, u"Fabrikam Inc."_s},
        {u"tailspin-toys"_s, u"Tailspin Toys"_s},
        {u"woodgrove-bank"_s, u"Woodgrove Bank"_s},
        {u"adventure-works"_s, u"Adventure Works Cycles"_s},
        {u"blue-yonder-air"_s, u"Blue Yonder Airlines"_s},
    };
    return names;
}

const std::vector<QString> &personNames()
{
    static const std::vector<QString> names = {
        u"Alice Moreno"_s, u"Ben Ortiz"_s,     u"Chloe Nguyen"_s, u"Daniel Okafor"_s, u"Emma Lindqvist"_s,
        u"Farid Haddad"_s, u"Grace Kim"_s,     u"Hugo Martens"_s, u"Isabel Costa"_s,  u"Jonas Weber"_s,
        u"Keiko Tanaka"_s, u"Liam O'Brien"_s,  u"Maya Patel"_s,   u"Noah Fischer"_s,  u"Olivia Rossi"_s,
        u"Pavel Novak"_s,  u"Quinn Adebayo"_s, u"Rosa Jimenez"_s, u"Samir Khan"_s,    u"Tessa Vermeer"_s,
    };
    return names;
}

const std::vector<QString> &vdcEnvironments()
{
    static const std::vector<QString> envs = {u"prod"_s, u"dev"_s, u"test"_s, u"staging"_s, u"dr"_s};
    return envs;
}

struct TemplateInfo
{
    QString name;
    QString description;
    Os os;
    int cpus;
    int memoryGb;
    int diskGb;
    QStringList vmNames;
};

const std::vector<TemplateInfo> &templateInfos()
{
    static const std::vector<TemplateInfo> infos = {
        {u"Ubuntu 22.04 LTS"_s,
         u"Ubuntu Server 22.04.4 LTS, cloud-init enabled"_s,
         Os::Ubuntu,
         2,
         4,
         20,
         {u"ubuntu-2204"_s}},
        {u"Windows Server 2022 Std"_s,
         u"Windows Server 2022 Standard, sysprepped, latest CU"_s,
         Os::WinSrv2022,
         2,
         8,
         80,
         {u"win2022-std"_s}},
        {u"RHEL 9.3"_s,
         u"Red Hat Enterprise Linux 9.3, minimal install"_s,
         Os::Rhel9,
         2,
         4,
         40,
         {u"rhel-93"_s}},
        {u"Debian 12 Bookworm"_s,
         u"Debian 12 netinst base with open-vm-tools"_s,
         Os::Debian12,
         1,
         2,
         16,
         {u"debian-12"_s}},
        {u"Windows Server 2019 Datacenter"_s,
         u"Windows Server 2019 Datacenter, sysprepped"_s,
         Os::WinSrv2019,
         4,
         8,
         80,
         {u"win2019-dc"_s}},
        {u"Photon OS 5.0"_s, u"VMware Photon OS 5.0 container host"_s, Os::Photon, 2, 2, 16, {u"photon-5"_s}},
        {u"LAMP Stack (Debian 12)"_s,
         u"Apache/PHP front end and MariaDB back end"_s,
         Os::Debian12,
         2,
         4,
         20,
         {u"lamp-web"_s, u"lamp-db"_s}},
        {u"RHEL 8.9"_s,
         u"Red Hat Enterprise Linux 8.9, minimal install"_s,
         Os::Rhel8,
         2,
         4,
         40,
         {u"rhel-89"_s}},
        {u"Kubernetes Node 1.28"_s,
         u"Ubuntu 22.04 with containerd and kubeadm"_s,
         Os::Ubuntu,
         4,
         8,
         40,
         {u"k8s-node"_s}},
    };
    return infos;
}

const TemplateInfo &templateInfo(const QString &name)
{
    for (const auto &t : templateInfos())
        if (t.name == name)
            return t;
    Q_ASSERT_X(false, "templateInfo", "unknown template name");
    return templateInfos().front();
}

struct MediaInfo
{
    QString name;
    qint64 sizeBytes;
    QString description;
};

const std::vector<MediaInfo> &mediaInfos()
{
    static const std::vector<MediaInfo> infos = {
        {u"ubuntu-22.04.4-live-server-amd64.iso"_s, 2104408064, u"Ubuntu Server 22.04.4 installer"_s},
        {u"en-us_windows_server_2022_x64_dvd.iso"_s, 5365624832, u"Windows Server 2022 installation media"_s},
        {u"VMware-tools-windows-12.3.5.iso"_s, 118489088, u"VMware Tools for Windows"_s},
        {u"rhel-9.3-x86_64-dvd.iso"_s, 10726932480, u"RHEL 9.3 binary DVD"_s},
        {u"debian-12.5.0-amd64-netinst.iso"_s, 659554304, u"Debian 12 network installer"_s},
        {u"virtio-win-0.1.240.iso"_s, 627519488, u"VirtIO drivers"_s},
        {u"SW_DVD9_SQL_Svr_Standard_Edtn_2019.iso"_s, 1497786368, u"SQL Server 2019 Standard"_s},
    };
    return infos;
}

const MediaInfo &mediaInfo(const QString &name)
{
    for (const auto &m : mediaInfos())
        if (m.name == name)
            return m;
    Q_ASSERT_X(false, "mediaInfo", "unknown media name");
    return mediaInfos().front();
}

// ---------------------------------------------------------------------------------------------------
// Builder: the one place that makes entities, used by both the generator and the demo, so both give
// the same believable shapes (ids, seq, dates, IPs, MACs, disks, tools …).

enum class Power { On, Off, Suspended, Mixed };

struct VmSpec
{
    QString name;
    Os os;
    int cpus;
    int memoryGb;
};

struct NetSlot
{
    Network *net = nullptr;
    quint32 next = 0; // next free address of the static pool
    quint32 last = 0;
};

struct VdcSlot
{
    Vdc *vdc = nullptr;
    const Org *org = nullptr;
    std::vector<NetSlot> nets;
    std::vector<const EdgeGateway *> edges;
    qint64 cpuMhz = 0; // sums over its VMs, to size the VDC afterwards
    qint64 memoryMb = 0;
    qint64 storageMb = 0;
};

class Builder
{
public:
    Builder(Cloud &cloud, quint64 seed)
        : m_cloud(cloud)
        , m_rng(seed)
        , m_clockMs(epochMs())
    {
        m_macBase = quint32(m_rng.next() & 0x3FFFFFu);
    }

    Rng &rng() { return m_rng; }
    QDateTime now() const { return utcFromMs(m_clockMs); }
    // Advances the scenario clock by a seeded amount and returns it.
    QDateTime tick(int minSeconds, int maxSeconds)
    {
        // One draw per statement: the order of evaluation inside an expression is unspecified, and a
        // scenario must not depend on the compiler.
        m_clockMs += qint64(m_rng.between(minSeconds, maxSeconds)) * 1000;
        m_clockMs += m_rng.between(0, 999);
        return utcFromMs(m_clockMs);
    }

    template<class T> void stamp(T &e, const QString &name, int minSeconds = 60, int maxSeconds = 1200)
    {
        e.id = m_cloud.newUuid();
        e.seq = m_cloud.nextSeq();
        e.name = name;
        e.created = tick(minSeconds, maxSeconds);
    }

    Org &addOrg(const QString &name, const QString &fullName, bool isSystem = false)
    {
        Org o;
        stamp(o, name, 3600, 86400);
        o.fullName = fullName;
        o.isSystem = isSystem;
        o.description =
            isSystem ? u"Provider organization"_s : u"Production and development workloads of "_s + fullName;
        return m_cloud.orgs.insert(std::move(o));
    }

    User &addUser(const Org &org, const QString &name, const QString &fullName, Role role)
    {
        User u;
        stamp(u, name, 30, 600);
        u.orgId = org.id;
        u.role = role;
        u.password = u"demo"_s;
        u.fullName = fullName;
        u.apiToken = token();
        return m_cloud.users.insert(std::move(u));
    }

    VdcSlot addVdc(const Org &org, const QString &name, const QString &allocationModel,
                   const QString &providerVdcName, const QString &storageProfileName)
    {
        Vdc v;
        stamp(v, name, 600, 7200);
        v.orgId = org.id;
        v.description = allocationModel == u"AllocationVApp"    ? u"Pay-as-you-go capacity"_s
                        : allocationModel == u"ReservationPool" ? u"Dedicated reserved capacity"_s
                        : allocationModel == u"Flex"            ? u"Flexible allocation"_s
                                                                : u"Allocated pool capacity"_s;
        v.allocationModel = allocationModel;
        v.vCpuInMhz = allocationModel == u"AllocationVApp" ? 2000 : allocationModel == u"Flex" ? 2400 : 2600;
        v.providerVdcName = providerVdcName;
        v.storageProfileId = m_cloud.newUuid();
        v.storageProfileName = storageProfileName;
        VdcSlot slot;
        slot.vdc = &m_cloud.vdcs.insert(std::move(v));
        slot.org = &org;
        return slot;
    }

    const EdgeGateway &addEdge(VdcSlot &slot, const QString &name, const QString &backing)
    {
        EdgeGateway e;
        stamp(e, name);
        e.orgId = slot.org->id;
        e.vdcId = slot.vdc->id;
        e.description = u"North-south routing, NAT and firewall for "_s + slot.vdc->name;
        e.backingConfig = backing;
        e.haEnabled = backing != u"compact";
        // Uplinks come from documentation ranges (RFC 5737), then shared address space (RFC 6598).
        const quint32 n = m_edgeCount++;
        static const quint32 docNets[] = {ipFromOctets(203, 0, 113, 0), ipFromOctets(198, 51, 100, 0),
                                          ipFromOctets(192, 0, 2, 0)};
        e.uplinkIp = n < 3 * 240 ? ipString(docNets[n / 240] + 10 + n % 240)
                                 : ipString(ipFromOctets(100, 64, 0, 0) + 10 + (n - 3 * 240) % 4000000);
        const EdgeGateway &ref = m_cloud.edges.insert(std::move(e));
        slot.edges.push_back(&ref);
        return ref;
    }

    // A network on [base, base + blockSize): gateway .1, static pool from .10 to a few below the top.
    const Network &addNetwork(VdcSlot &slot, const QString &name, const EdgeGateway *edge, quint32 base,
                              quint32 blockSize, const QString &dnsSuffix)
    {
        Network n;
        stamp(n, name);
        n.orgId = slot.org->id;
        n.vdcId = slot.vdc->id;
        n.fenceMode = edge ? u"natRouted"_s : u"isolated"_s;
        n.edgeGatewayId = edge ? edge->id : QString();
        n.description = edge ? u"Routed through "_s + edge->name : u"Isolated back-end segment"_s;
        n.gateway = ipString(base + 1);
        n.netmask = netmaskFor(blockSize);
        n.dns1 = edge ? n.gateway : ipString(base + 2);
        n.dns2 = edge ? u"1.1.1.1"_s : QString();
        n.dnsSuffix = dnsSuffix;
        n.rangeStart = ipString(base + 10);
        n.rangeEnd = ipString(base + blockSize - 6);
        NetSlot ns;
        ns.net = &m_cloud.networks.insert(std::move(n));
        ns.next = base + 10;
        ns.last = base + blockSize - 6;
        slot.nets.push_back(ns);
        return *ns.net;
    }

    Catalog &addCatalog(const Org &org, const QString &name, const QString &description, const User &owner,
                        bool published)
    {
        Catalog c;
        stamp(c, name);
        c.orgId = org.id;
        c.ownerUserId = owner.id;
        c.description = description;
        c.published = published;
        return m_cloud.catalogs.insert(std::move(c));
    }

    VAppTemplate &addTemplate(Catalog &catalog, const VdcSlot &slot, const User &owner,
                              const TemplateInfo &info, const QString &name)
    {
        VAppTemplate t;
        stamp(t, name);
        t.orgId = catalog.orgId;
        t.vdcId = slot.vdc->id;
        t.catalogId = catalog.id;
        t.ownerUserId = owner.id;
        t.description = info.description;
        t.status = Status::PoweredOff; // 8: ready (docs/VCD-API.md §3.6)
        const OsInfo &os = osInfo(info.os);
        for (const auto &vmName : info.vmNames) {
            TemplateVm vm;
            vm.id = m_cloud.newUuid();
            vm.name = vmName;
            vm.osType = os.osType;
            vm.guestOs = os.guestOs;
            vm.osTypeId = os.osTypeId;
            vm.cpus = info.cpus;
            vm.memoryMb = qint64(info.memoryGb) * 1024;
            vm.diskMb = qint64(info.diskGb) * 1024;
            t.storageKb += vm.diskMb * 1024;
            t.vms.append(vm);
        }
        VAppTemplate &ref = m_cloud.templates.insert(std::move(t));
        ref.catalogItemId =
            addCatalogItem(catalog, Kind::VAppTemplate, ref.id, name, ref.description, ref.storageKb * 1024);
        return ref;
    }

    Media &addMedia(Catalog &catalog, const VdcSlot &slot, const User &owner, const MediaInfo &info,
                    const QString &name)
    {
        Media m;
        stamp(m, name);
        m.orgId = catalog.orgId;
        m.vdcId = slot.vdc->id;
        m.catalogId = catalog.id;
        m.ownerUserId = owner.id;
        m.description = info.description;
        m.status = Status::Resolved;
        m.imageType = u"iso"_s;
        m.sizeBytes = info.sizeBytes;
        Media &ref = m_cloud.media.insert(std::move(m));
        ref.catalogItemId =
            addCatalogItem(catalog, Kind::Media, ref.id, name, ref.description, ref.sizeBytes);
        return ref;
    }

    // A vApp with its VMs; NIC 0 of every VM sits on nets[primaryNet], some VMs get a second NIC on
    // nets[secondaryNet] (-1: none).
    VApp &addVApp(VdcSlot &slot, const QString &name, const QString &description, const User &owner,
                  Power power, const std::vector<VmSpec> &vms, int primaryNet, int secondaryNet,
                  int metadataPercent = 30)
    {
        VApp a;
        stamp(a, name, 300, 3600);
        a.vdcId = slot.vdc->id;
        a.orgId = slot.org->id;
        a.ownerUserId = owner.id;
        a.description = description;
        if (primaryNet >= 0 && size_t(primaryNet) < slot.nets.size())
            a.networkNames.append(slot.nets[size_t(primaryNet)].net->name);
        else
            primaryNet = -1;
        if (secondaryNet >= 0 && size_t(secondaryNet) < slot.nets.size() && secondaryNet != primaryNet)
            a.networkNames.append(slot.nets[size_t(secondaryNet)].net->name);
        else
            secondaryNet = -1;
        a.leaseSeconds = m_rng.percent(20) ? 7 * 24 * 3600 : 0;
        if (m_rng.percent(metadataPercent))
            a.metadata = vappMetadata(a.created);
        VApp &vapp = m_cloud.vapps.insert(std::move(a));

        int firstStatus = -100;
        bool mixed = false;
        for (size_t i = 0; i < vms.size(); ++i) {
            int status = Status::PoweredOn;
            switch (power) {
            case Power::On:
                status = Status::PoweredOn;
                break;
            case Power::Off:
                status = Status::PoweredOff;
                break;
            case Power::Suspended:
                status = Status::Suspended;
                break;
            case Power::Mixed:
                status = (i + 1 == vms.size() && vms.size() > 1) ? Status::PoweredOff : Status::PoweredOn;
                break;
            }
            const Vm &vm = addVm(vapp, slot, vms[i], status, int(i) + 1, primaryNet, secondaryNet);
            vapp.vmIds.append(vm.id);
            vapp.deployed = vapp.deployed || vm.deployed;
            if (firstStatus == -100)
                firstStatus = status;
            else if (firstStatus != status)
                mixed = true;
        }
        vapp.status = mixed ? Status::Mixed : firstStatus == -100 ? Status::PoweredOff : firstStatus;
        if (m_rng.percent(4)) {
            Snapshot s;
            s.name = u"snapshot"_s;
            s.description = u"Before quarterly patching"_s;
            s.created =
                utcFromMs(vapp.created.toMSecsSinceEpoch() + qint64(m_rng.between(3600, 30 * 86400)) * 1000);
            s.sizeBytes = qint64(m_rng.between(2, 40)) * 1024 * 1024 * 1024;
            s.poweredOn = vapp.deployed;
            vapp.snapshot = s;
        }
        return vapp;
    }

    // The VDC's capacity follows from what it holds, the way a provider sizes it for the tenant.
    void finishVdc(const VdcSlot &slot)
    {
        Vdc &v = *slot.vdc;
        auto roundUp = [](qint64 value, qint64 step) {
            return std::max<qint64>(step, (value + step - 1) / step * step);
        };
        const qint64 cpu = slot.cpuMhz;
        const qint64 mem = slot.memoryMb;
        if (v.allocationModel == u"AllocationVApp") {
            v.cpuAllocatedMhz = 0;
            v.cpuLimitMhz = roundUp(cpu * 3 / 2, 10000);
            v.cpuReservedMhz = 0;
            v.memoryAllocatedMb = 0;
            v.memoryLimitMb = roundUp(mem * 3 / 2, 16384);
            v.memoryReservedMb = 0;
        } else if (v.allocationModel == u"ReservationPool") {
            v.cpuAllocatedMhz = v.cpuLimitMhz = v.cpuReservedMhz = roundUp(cpu * 6 / 5, 10000);
            v.memoryAllocatedMb = v.memoryLimitMb = v.memoryReservedMb = roundUp(mem * 6 / 5, 16384);
        } else if (v.allocationModel == u"Flex") {
            v.cpuAllocatedMhz = roundUp(cpu * 13 / 10, 10000);
            v.cpuLimitMhz = v.cpuAllocatedMhz * 3 / 2;
            v.cpuReservedMhz = v.cpuAllocatedMhz / 4;
            v.memoryAllocatedMb = roundUp(mem * 13 / 10, 16384);
            v.memoryLimitMb = v.memoryAllocatedMb * 3 / 2;
            v.memoryReservedMb = v.memoryAllocatedMb / 4;
        } else { // AllocationPool: 50 % guaranteed
            v.cpuAllocatedMhz = v.cpuLimitMhz = roundUp(cpu * 5 / 4, 10000);
            v.cpuReservedMhz = v.cpuAllocatedMhz / 2;
            v.memoryAllocatedMb = v.memoryLimitMb = roundUp(mem * 5 / 4, 16384);
            v.memoryReservedMb = v.memoryAllocatedMb / 2;
        }
        v.storageLimitMb = roundUp(slot.storageMb * 7 / 5, 102400);
    }

    Task &addTask(const QString &operationName, const QString &verb, const QString &ownerType, Kind ownerKind,
                  const QString &ownerId, const QString &ownerName, const QString &orgId, const User &user,
                  const QString &status, qint64 durationMs)
    {
        Task t;
        const QDateTime start = tick(600, 7200);
        t.id = m_cloud.newUuid();
        t.seq = m_cloud.nextSeq();
        t.name = u"task"_s; // docs/VCD-API.md §3.8
        t.created = start;
        t.operationName = operationName;
        // Real servers: "<Verb> <Type> <name>(<uuid>)" (docs/VCD-API.md §3.8, fixtures libcloud__task-*).
        t.operation = verb + u' ' + ownerType + u' ' + ownerName + u'(' + ownerId + u')';
        t.status = status;
        t.ownerKind = ownerKind;
        t.ownerId = ownerId;
        t.ownerName = ownerName;
        t.orgId = orgId;
        t.userId = user.id;
        t.startTime = start;
        t.expiryTime = start.addDays(90); // servers keep task records for 90 days
        t.durationMs = durationMs;
        if (t.isFinished()) {
            t.endTime = utcFromMs(start.toMSecsSinceEpoch() + durationMs);
            t.progress = status == u"success" ? 100 : 0;
            t.cancellable = false;
        }
        return m_cloud.tasks.insert(std::move(t));
    }

private:
    QString token()
    {
        // 43 url-safe characters, the length of a base64url-encoded 32-byte secret.
        static constexpr char16_t alphabet[] =
            u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char16_t buf[43];
        for (auto &ch : buf)
            ch = alphabet[m_rng.next() % 64];
        return QString(reinterpret_cast<const QChar *>(buf), 43);
    }

    QString addCatalogItem(Catalog &catalog, Kind kind, const QString &entityId, const QString &name,
                           const QString &description, qint64 size)
    {
        CatalogItem item;
        stamp(item, name, 1, 30);
        item.catalogId = catalog.id;
        item.orgId = catalog.orgId;
        item.description = description;
        item.entityKind = kind;
        item.entityId = entityId;
        item.size = size;
        const QString id = m_cloud.catalogItems.insert(std::move(item)).id;
        catalog.itemIds.append(id);
        return id;
    }

    const Vm &addVm(VApp &vapp, VdcSlot &slot, const VmSpec &spec, int status, int localId, int primaryNet,
                    int secondaryNet)
    {
        static const QString toolsOk = u"toolsOk"_s;
        static const QString toolsOld = u"toolsOld"_s;
        static const QString toolsNotRunning = u"toolsNotRunning"_s;
        static const QString toolsNotInstalled = u"toolsNotInstalled"_s;
        static const QString toolsCurrent = u"12384"_s;  // 12.3.0
        static const QString toolsPrevious = u"12352"_s; // 12.2.0
        static const QString toolsOutdated = u"11365"_s; // 11.3.5
        static const std::vector<QString> hwVersions = {u"vmx-19"_s, u"vmx-19"_s, u"vmx-19"_s,
                                                        u"vmx-17"_s, u"vmx-15"_s, u"vmx-14"_s};
        static const QString lsiSas = u"lsilogicsas"_s;
        static const QString paravirtual = u"paravirtual"_s;
        static const QString e1000e = u"E1000E"_s;
        static const QString vmxnet3 = u"VMXNET3"_s;
        static const QString pool = u"POOL"_s;
        static const QString manual = u"MANUAL"_s;
        static const QString none = u"NONE"_s;
        static const QString noneNetwork = u"none"_s;

        const OsInfo &os = osInfo(spec.os);
        Vm vm;
        stamp(vm, spec.name, 5, 90);
        vm.vappId = vapp.id;
        vm.vdcId = slot.vdc->id;
        vm.orgId = slot.org->id;
        vm.status = status;
        vm.deployed = status == Status::PoweredOn || status == Status::Suspended;
        vm.osType = os.osType;
        vm.guestOs = os.guestOs;
        vm.osTypeId = os.osTypeId;
        vm.cpus = spec.cpus;
        vm.coresPerSocket = spec.cpus >= 4 && m_rng.percent(50) ? 2 : 1;
        vm.memoryMb = qint64(spec.memoryGb) * 1024;
        vm.hardwareVersion = m_rng.pick(hwVersions);
        vm.storageProfile = slot.vdc->storageProfileName;
        vm.localId = localId;
        // Windows NetBIOS names stop at 15 characters.
        vm.computerName = os.windows ? spec.name.left(15) : spec.name;

        const int diskRoll = m_rng.between(0, 99);
        const int diskCount = diskRoll < 50 ? 1 : diskRoll < 85 ? 2 : 3;
        for (int d = 0; d < diskCount; ++d) {
            Disk disk;
            disk.instanceId = 2000 + d;
            if (d == 0)
                disk.sizeMb =
                    os.windows ? qint64(m_rng.between(3, 5)) * 20480 : qint64(m_rng.between(1, 4)) * 16384;
            else
                disk.sizeMb = qint64(51200) << m_rng.between(0, 3);
            disk.busType = os.windows ? lsiSas : paravirtual;
            disk.storageProfile = vm.storageProfile;
            slot.storageMb += disk.sizeMb;
            vm.disks.append(disk);
        }

        auto addNic = [&](int netIndex) {
            Nic nic;
            nic.index = int(vm.nics.size());
            nic.macAddress = macString((m_macBase + m_nicCount++) & 0xFFFFFFu);
            nic.adapterType = os.windows && m_rng.percent(30) ? e1000e : vmxnet3;
            if (netIndex < 0) {
                nic.networkName = noneNetwork;
                nic.connected = false;
                nic.allocationMode = none;
            } else {
                NetSlot &ns = slot.nets[size_t(netIndex)];
                nic.networkName = ns.net->name;
                if (ns.next <= ns.last) {
                    nic.ipAddress = ipString(ns.next++);
                    nic.allocationMode = m_rng.percent(8) ? manual : pool;
                } else {
                    nic.allocationMode = u"DHCP"_s; // pool exhausted: the guest asks DHCP
                }
            }
            vm.nics.append(nic);
        };
        addNic(primaryNet);
        if (secondaryNet >= 0 && m_rng.percent(30))
            addNic(secondaryNet);

        if (status == Status::PoweredOn) {
            const int roll = m_rng.between(0, 99);
            vm.toolsStatus = roll < 85 ? toolsOk : roll < 97 ? toolsOld : toolsNotInstalled;
        } else {
            vm.toolsStatus = toolsNotRunning;
        }
        vm.toolsVersion = vm.toolsStatus == toolsNotInstalled ? u"0"_s
                          : vm.toolsStatus == toolsOld        ? toolsOutdated
                          : m_rng.percent(70)                 ? toolsCurrent
                                                              : toolsPrevious;
        if (m_rng.percent(10)) {
            Snapshot s;
            s.name = u"snapshot"_s;
            s.description = m_rng.percent(50) ? u"Before OS upgrade"_s : u"Pre-change checkpoint"_s;
            s.created =
                utcFromMs(vm.created.toMSecsSinceEpoch() + qint64(m_rng.between(3600, 60 * 86400)) * 1000);
            s.sizeBytes = qint64(m_rng.between(256, 8192)) * 1024 * 1024;
            s.poweredOn = status == Status::PoweredOn;
            s.memory = s.poweredOn && m_rng.percent(50);
            s.quiesce = s.poweredOn && !s.memory && m_rng.percent(50);
            vm.snapshot = s;
        }
        if (m_rng.percent(15))
            vm.metadata = vmMetadata(vm.created);

        slot.cpuMhz += qint64(vm.cpus) * slot.vdc->vCpuInMhz;
        slot.memoryMb += vm.memoryMb;
        return m_cloud.vms.insert(std::move(vm));
    }

    QString dateIn(const QDateTime &after, int maxDays)
    {
        return xmlDate(
            utcFromMs(after.toMSecsSinceEpoch() + qint64(m_rng.between(1, maxDays * 24)) * 3600 * 1000));
    }

    static QString xmlDate(const QDateTime &dt) { return dt.toString(Qt::ISODateWithMs); }

    QList<MetadataEntry> vappMetadata(const QDateTime &created)
    {
        static const std::vector<QString> envs = {u"production"_s, u"production"_s, u"staging"_s,
                                                  u"development"_s, u"test"_s};
        static const std::vector<QString> teams = {u"platform"_s, u"payments"_s,       u"data"_s,
                                                   u"web"_s,      u"infrastructure"_s, u"security"_s};
        using T = MetadataEntry::Type;
        QList<MetadataEntry> md;
        md.append(metadataEntry(u"environment"_s, T::String, m_rng.pick(envs)));
        md.append(metadataEntry(u"costCenter"_s, T::Number, QString::number(m_rng.between(4100, 4999))));
        md.append(metadataEntry(u"backupEnabled"_s, T::Boolean, m_rng.percent(75) ? u"true"_s : u"false"_s));
        if (m_rng.percent(50))
            md.append(metadataEntry(u"team"_s, T::String, m_rng.pick(teams)));
        if (m_rng.percent(40))
            md.append(metadataEntry(u"lastReviewed"_s, T::DateTime, dateIn(created, 120)));
        if (m_rng.percent(15)) // written by the provider's automation; tenants may only read it (§3.10)
            md.append(metadataEntry(u"provisionedBy"_s, T::String,
                                    m_rng.percent(50) ? u"terraform"_s : u"vcd-portal"_s, true));
        return md;
    }

    QList<MetadataEntry> vmMetadata(const QDateTime &created)
    {
        static const std::vector<QString> groups = {u"A"_s, u"B"_s, u"C"_s};
        using T = MetadataEntry::Type;
        QList<MetadataEntry> md;
        md.append(metadataEntry(u"patchGroup"_s, T::String, m_rng.pick(groups)));
        md.append(metadataEntry(u"lastPatched"_s, T::DateTime, dateIn(created, 90)));
        if (m_rng.percent(60))
            md.append(metadataEntry(u"monitored"_s, T::Boolean, m_rng.percent(80) ? u"true"_s : u"false"_s));
        if (m_rng.percent(40))
            md.append(metadataEntry(u"slaTier"_s, T::Number, QString::number(m_rng.between(1, 3))));
        if (m_rng.percent(10))
            md.append(metadataEntry(u"vcd.licenseKeyId"_s, T::String,
                                    QString::number(m_rng.between(100000, 999999)), true));
        return md;
    }

    Cloud &m_cloud;
    Rng m_rng;
    qint64 m_clockMs;
    quint32 m_macBase = 0;
    quint32 m_nicCount = 0;
    quint32 m_edgeCount = 0;
};

void resetCloud(Cloud &cloud, quint64 seed)
{
    cloud = Cloud();
    cloud.seed = seed;
}

Org &addSystemOrg(Builder &b)
{
    Org &system = b.addOrg(u"System"_s, u"System Organization"_s, true);
    b.addUser(system, u"administrator"_s, u"Cloud Administrator"_s, Role::SystemAdministrator);
    return system;
}

GeneratorParams clamped(GeneratorParams p)
{
    p.orgs = std::max(0, p.orgs);
    p.vdcsPerOrg = std::max(1, p.vdcsPerOrg);
    p.vappsPerVdc = std::max(1, p.vappsPerVdc);
    p.vmsPerVapp = std::max(1, p.vmsPerVapp);
    p.catalogsPerOrg = std::max(0, p.catalogsPerOrg);
    p.templatesPerCatalog = std::max(0, p.templatesPerCatalog);
    p.mediaPerCatalog = std::max(0, p.mediaPerCatalog);
    p.networksPerVdc = std::max(0, p.networksPerVdc);
    p.edgesPerVdc = std::max(0, p.edgesPerVdc);
    return p;
}

// "name", then "name-2", "name-3" … when a table has to be cycled.
QString cycled(const QString &name, qsizetype round)
{
    return round == 0 ? name : name + u'-' + QString::number(round + 1);
}

// Same for display names ("Ubuntu 22.04 LTS", "Ubuntu 22.04 LTS (2)") and file names (before ".iso").
QString cycledTitle(const QString &name, qsizetype round)
{
    return round == 0 ? name : name + u" ("_s + QString::number(round + 1) + u')';
}

QString cycledFile(const QString &name, qsizetype round)
{
    if (round == 0)
        return name;
    const qsizetype dot = name.lastIndexOf(u'.');
    const QString suffix = u'-' + QString::number(round + 1);
    return dot < 0 ? QString(name + suffix) : QString(name.left(dot) + suffix + name.mid(dot));
}

Power rollPower(Rng &rng)
{
    const int r = rng.between(0, 99);
    return r < 74 ? Power::On : r < 90 ? Power::Off : r < 96 ? Power::Suspended : Power::Mixed;
}

} // namespace

// ---------------------------------------------------------------------------------------------------
// Generator

void Scenario::generate(Cloud &cloud, const GeneratorParams &params)
{
    const GeneratorParams p = clamped(params);
    resetCloud(cloud, p.seed);
    Builder b(cloud, p.seed);
    addSystemOrg(b);

    const auto &roles = appRoles();
    const auto &names = orgNames();
    const auto &people = personNames();
    const auto &envs = vdcEnvironments();
    static const std::vector<QString> models = {u"AllocationPool"_s, u"AllocationVApp"_s, u"Flex"_s,
                                                u"ReservationPool"_s, u"AllocationPool"_s};
    static const std::vector<QString> pvdcs = {u"pvdc-gold-01"_s, u"pvdc-gold-02"_s, u"pvdc-silver-01"_s,
                                               u"pvdc-bronze-01"_s};
    static const std::vector<QString> profiles = {u"Gold SSD"_s, u"Gold SSD"_s, u"Silver"_s, u"Bronze HDD"_s};
    static const std::vector<QString> catalogNames = {u"templates"_s, u"iso-library"_s, u"golden-images"_s,
                                                      u"shared-apps"_s};

    // Every network gets an aligned block big enough for one NIC per VM of its VDC plus the reserved
    // head (.0–.9) and tail; blocks are laid out one after the other from 10.0.0.0.
    const qint64 perNetwork = qint64(p.vappsPerVdc) * p.vmsPerVapp;
    quint32 block = 256;
    while (qint64(block) - 16 < perNetwork && block < (1u << 23))
        block <<= 1;
    const quint32 firstBase = ipFromOctets(10, 0, 0, 0);
    quint64 networkIndex = 0;

    auto vmSpecsFor = [&](const AppRole &role, int count) {
        std::vector<VmSpec> specs;
        specs.reserve(size_t(count));
        static const std::vector<Os> linuxAlternatives = {Os::Ubuntu, Os::Debian12, Os::Rhel9, Os::Debian11,
                                                          Os::Rhel8};
        for (int v = 0; v < count; ++v) {
            Os os = role.os;
            if (!osInfo(os).windows && b.rng().percent(20))
                os = b.rng().pick(linuxAlternatives);
            else if (osInfo(os).windows && b.rng().percent(25))
                os = os == Os::WinSrv2019 ? Os::WinSrv2022 : Os::WinSrv2019;
            specs.push_back({role.vmBase + u'-' + twoDigits(v + 1), os, role.cpus, role.memoryGb});
        }
        return specs;
    };

    for (int o = 0; o < p.orgs; ++o) {
        const OrgName &on = names[size_t(o) % names.size()];
        const qsizetype round = o / qsizetype(names.size());
        const QString orgName = cycled(on.name, round);
        const QString fullName =
            round == 0 ? on.fullName : on.fullName + u" Unit "_s + QString::number(round + 1);
        Org &org = b.addOrg(orgName, fullName);
        const User &admin =
            b.addUser(org, u"orgadmin"_s, people[size_t(2 * o) % people.size()], Role::OrgAdministrator);
        const User &vappUser =
            b.addUser(org, u"vappuser"_s, people[size_t(2 * o + 1) % people.size()], Role::VAppUser);
        const QString dnsSuffix = orgName + u".internal"_s;

        std::vector<VdcSlot> vdcSlots;
        for (int d = 0; d < p.vdcsPerOrg; ++d) {
            const QString env = d < qsizetype(envs.size()) ? envs[size_t(d)] : u"vdc"_s + twoDigits(d + 1);
            const QString prefix = orgName + u'-' + env;
            const size_t tier = size_t(b.rng().between(0, int(pvdcs.size()) - 1));
            VdcSlot slot = b.addVdc(org, prefix + u"-vdc"_s, models[size_t(o + d) % models.size()],
                                    pvdcs[tier], profiles[tier]);
            for (int e = 0; e < p.edgesPerVdc; ++e)
                b.addEdge(slot, prefix + u"-edge-"_s + twoDigits(e + 1),
                          b.rng().percent(70) ? u"compact"_s : u"full"_s);
            for (int n = 0; n < p.networksPerVdc; ++n) {
                // Alternate routed and isolated, routed ones spread over the VDC's edges.
                const EdgeGateway *edge = (n % 2 == 0 && !slot.edges.empty())
                                              ? slot.edges[size_t(n / 2) % slot.edges.size()]
                                              : nullptr;
                const quint32 base = firstBase + quint32((networkIndex++ * block) % (1u << 24));
                b.addNetwork(slot, prefix + (edge ? u"-routed-"_s : u"-isolated-"_s) + twoDigits(n + 1), edge,
                             base, block, dnsSuffix);
            }
            const int nets = int(slot.nets.size());
            const size_t roleOffset = size_t(o * 3 + d * 5);
            for (int a = 0; a < p.vappsPerVdc; ++a) {
                const AppRole &role = roles[(size_t(a) + roleOffset) % roles.size()];
                const int round = a / int(roles.size());
                const QString name = role.vapp + u'-' + twoDigits(round + 1);
                const int primary = nets > 0 ? a % nets : -1;
                const int secondary = nets > 1 ? (a + 1) % nets : -1;
                const Power power = rollPower(b.rng());
                const std::vector<VmSpec> specs = vmSpecsFor(role, p.vmsPerVapp);
                b.addVApp(slot, name, role.description, a % 3 == 2 ? vappUser : admin, power, specs, primary,
                          secondary);
            }
            b.finishVdc(slot);
            vdcSlots.push_back(slot);
        }

        const auto &tinfos = templateInfos();
        const auto &minfos = mediaInfos();
        for (int c = 0; c < p.catalogsPerOrg; ++c) {
            const QString catalogName =
                cycled(catalogNames[size_t(c) % catalogNames.size()], c / qsizetype(catalogNames.size()));
            Catalog &catalog = b.addCatalog(
                org, catalogName, u"Templates and installation media of "_s + fullName, admin, c == 0);
            const VdcSlot &home = vdcSlots[size_t(c) % vdcSlots.size()];
            for (int t = 0; t < p.templatesPerCatalog; ++t) {
                const size_t i = size_t(t + c);
                const TemplateInfo &info = tinfos[i % tinfos.size()];
                VAppTemplate &tpl = b.addTemplate(catalog, home, admin, info,
                                                  cycledTitle(info.name, qsizetype(i / tinfos.size())));
                tpl.goldMaster = t == 0;
            }
            for (int m = 0; m < p.mediaPerCatalog; ++m) {
                const size_t i = size_t(m + c);
                const MediaInfo &info = minfos[i % minfos.size()];
                b.addMedia(catalog, home, admin, info, cycledFile(info.name, qsizetype(i / minfos.size())));
            }
        }

        // A short history per org (docs/VCD-API.md §3.8): metadata written on its first vApp, and its last
        // vApp started when it is running now.
        const auto &vappRows = cloud.vapps.rows();
        const VApp *first = nullptr;
        const VApp *last = nullptr;
        for (auto it = vappRows.rbegin(); it != vappRows.rend() && (*it)->orgId == org.id; ++it) {
            if (!last)
                last = *it;
            first = *it;
        }
        if (first)
            b.addTask(u"metadataUpdate"_s, u"Updated metadata of"_s, u"Virtual Application"_s, Kind::VApp,
                      first->id, first->name, org.id, admin, u"success"_s,
                      qint64(b.rng().between(1, 4)) * 1000);
        if (last && last != first && last->deployed)
            b.addTask(u"vappDeploy"_s, u"Started"_s, u"Virtual Application"_s, Kind::VApp, last->id,
                      last->name, org.id, vappUser, u"success"_s, qint64(b.rng().between(5, 60)) * 1000);
    }
}

// ---------------------------------------------------------------------------------------------------
// Demo

void Scenario::demo(Cloud &cloud)
{
    resetCloud(cloud, demoSeed);
    Builder b(cloud, demoSeed);
    addSystemOrg(b);

    struct Tenant
    {
        Org *org;
        const User *admin;
        const User *user;
    };
    auto tenant = [&](const QString &name, const QString &fullName, const QString &adminName,
                      const QString &userName) {
        Org &org = b.addOrg(name, fullName);
        const User &admin = b.addUser(org, u"orgadmin"_s, adminName, Role::OrgAdministrator);
        const User &user = b.addUser(org, u"vappuser"_s, userName, Role::VAppUser);
        return Tenant{&org, &admin, &user};
    };
    auto vms = [](const QString &base, int count, Os os, int cpus, int memoryGb) {
        std::vector<VmSpec> out;
        for (int i = 0; i < count; ++i)
            out.push_back({count == 1 ? base : base + u'-' + twoDigits(i + 1), os, cpus, memoryGb});
        return out;
    };
    auto join = [](std::vector<VmSpec> a, const std::vector<VmSpec> &more) {
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    // Two /24s per VDC: 10.<org>.<2·vdc>.0 routed, 10.<org>.<2·vdc+1>.0 isolated.
    auto routed = [&](VdcSlot &slot, const QString &name, const QString &edgeName, const QString &backing,
                      quint32 base, const QString &suffix) {
        const EdgeGateway &edge = b.addEdge(slot, edgeName, backing);
        b.addNetwork(slot, name, &edge, base, 256, suffix);
    };
    auto catalogOf = [&](const Tenant &t, const VdcSlot &home, const QString &name,
                         const QStringList &templates, const QStringList &isos) {
        Catalog &catalog = b.addCatalog(
            *t.org, name, u"Templates and installation media of "_s + t.org->fullName, *t.admin, false);
        bool gold = true;
        for (const auto &tpl : templates) {
            b.addTemplate(catalog, home, *t.admin, templateInfo(tpl), tpl).goldMaster = gold;
            gold = false;
        }
        for (const auto &iso : isos)
            b.addMedia(catalog, home, *t.admin, mediaInfo(iso), iso);
    };

    // ---- acme-corp: production pool + pay-as-you-go dev VDC, 18 VMs
    const Tenant acme = tenant(u"acme-corp"_s, u"Acme Corporation"_s, u"Alice Moreno"_s, u"Ben Ortiz"_s);
    VdcSlot acmeProd =
        b.addVdc(*acme.org, u"acme-prod-vdc"_s, u"AllocationPool"_s, u"pvdc-gold-01"_s, u"Gold SSD"_s);
    routed(acmeProd, u"acme-web-net"_s, u"acme-edge-01"_s, u"full"_s, ipFromOctets(10, 10, 0, 0),
           u"acme.internal"_s);
    b.addNetwork(acmeProd, u"acme-db-net"_s, nullptr, ipFromOctets(10, 10, 1, 0), 256, u"acme.internal"_s);
    const VApp &acmeWeb = b.addVApp(
        acmeProd, u"web-frontend"_s, u"Public web shop front end behind the edge load balancer"_s,
        *acme.admin, Power::On,
        join(vms(u"web"_s, 2, Os::Ubuntu, 2, 4), vms(u"web-lb"_s, 1, Os::Photon, 1, 2)), 0, -1, 100);
    const VApp &acmeDb = b.addVApp(
        acmeProd, u"db-cluster"_s, u"PostgreSQL 15 primary, replica and arbiter"_s, *acme.admin, Power::On,
        join(vms(u"db"_s, 2, Os::Rhel9, 4, 16), vms(u"db-arbiter"_s, 1, Os::Rhel9, 1, 2)), 1, 0, 100);
    b.addVApp(acmeProd, u"k8s-workers"_s, u"Kubernetes worker pool (one node drained)"_s, *acme.admin,
              Power::Mixed, vms(u"k8s-worker"_s, 4, Os::Ubuntu, 4, 16), 0, 1);
    b.addVApp(acmeProd, u"monitoring"_s, u"Prometheus and Grafana"_s, *acme.user, Power::On,
              join(vms(u"prometheus"_s, 1, Os::Ubuntu, 2, 8), vms(u"grafana"_s, 1, Os::Ubuntu, 2, 4)), 0, -1);
    b.finishVdc(acmeProd);
    VdcSlot acmeDev =
        b.addVdc(*acme.org, u"acme-dev-vdc"_s, u"AllocationVApp"_s, u"pvdc-silver-01"_s, u"Silver"_s);
    routed(acmeDev, u"acme-dev-net"_s, u"acme-dev-edge"_s, u"compact"_s, ipFromOctets(10, 10, 2, 0),
           u"dev.acme.internal"_s);
    b.addNetwork(acmeDev, u"acme-lab-net"_s, nullptr, ipFromOctets(10, 10, 3, 0), 256,
                 u"dev.acme.internal"_s);
    b.addVApp(acmeDev, u"jump-host"_s, u"RDP jump host for administrators"_s, *acme.admin, Power::On,
              vms(u"jump-01"_s, 1, Os::WinSrv2022, 2, 4), 0, -1);
    b.addVApp(acmeDev, u"ci-runners"_s, u"GitLab CI runners"_s, *acme.user, Power::On,
              vms(u"runner"_s, 2, Os::Ubuntu, 4, 8), 0, 1);
    const VApp &acmeSandbox = b.addVApp(
        acmeDev, u"dev-sandbox"_s, u"Developer sandbox, powered off outside office hours"_s, *acme.user,
        Power::Off,
        join(vms(u"sandbox-01"_s, 1, Os::Debian12, 2, 4), vms(u"sandbox-02"_s, 1, Os::WinSrv2019, 2, 8)), 1,
        -1);
    b.addVApp(acmeDev, u"qa-env"_s, u"QA environment, suspended between test runs"_s, *acme.user,
              Power::Suspended, vms(u"qa-01"_s, 1, Os::Ubuntu, 2, 4), 0, -1);
    b.finishVdc(acmeDev);
    catalogOf(acme, acmeProd, u"acme-templates"_s,
              {u"Ubuntu 22.04 LTS"_s, u"Windows Server 2022 Std"_s, u"RHEL 9.3"_s, u"Photon OS 5.0"_s},
              {u"ubuntu-22.04.4-live-server-amd64.iso"_s});
    catalogOf(acme, acmeDev, u"acme-iso"_s, {},
              {u"en-us_windows_server_2022_x64_dvd.iso"_s, u"VMware-tools-windows-12.3.5.iso"_s});

    // ---- globex: one Flex VDC, 12 VMs
    const Tenant globex = tenant(u"globex"_s, u"Globex Logistics"_s, u"Chloe Nguyen"_s, u"Daniel Okafor"_s);
    VdcSlot globexVdc =
        b.addVdc(*globex.org, u"globex-vdc-01"_s, u"Flex"_s, u"pvdc-gold-01"_s, u"Gold SSD"_s);
    routed(globexVdc, u"globex-routed"_s, u"globex-edge"_s, u"compact"_s, ipFromOctets(10, 20, 0, 0),
           u"globex.lan"_s);
    b.addNetwork(globexVdc, u"globex-backend"_s, nullptr, ipFromOctets(10, 20, 1, 0), 256, u"globex.lan"_s);
    b.addVApp(globexVdc, u"tracking-api"_s, u"Shipment tracking API"_s, *globex.admin, Power::On,
              join(vms(u"api"_s, 2, Os::Ubuntu, 2, 4), vms(u"api-cache"_s, 1, Os::Debian12, 2, 8)), 0, 1,
              100);
    b.addVApp(globexVdc, u"warehouse-erp"_s, u"Warehouse ERP application and SQL Server"_s, *globex.admin,
              Power::On,
              join(vms(u"erp-app"_s, 1, Os::WinSrv2019, 4, 16), vms(u"erp-sql"_s, 1, Os::WinSrv2019, 8, 32)),
              1, -1);
    b.addVApp(globexVdc, u"edi-gateway"_s, u"EDI exchange with carriers"_s, *globex.user, Power::On,
              vms(u"edi-01"_s, 1, Os::Rhel8, 2, 4), 0, -1);
    const VApp &globexReporting =
        b.addVApp(globexVdc, u"reporting"_s, u"Monthly reporting servers"_s, *globex.user, Power::Suspended,
                  vms(u"report"_s, 2, Os::WinSrv2022, 4, 8), 1, -1, 100);
    b.addVApp(globexVdc, u"file-server"_s, u"Department file shares"_s, *globex.admin, Power::On,
              vms(u"fs-01"_s, 1, Os::WinSrv2022, 2, 8), 1, -1);
    b.addVApp(globexVdc, u"ad-domain"_s, u"Active Directory for globex.lan"_s, *globex.admin, Power::On,
              vms(u"dc"_s, 2, Os::WinSrv2019, 2, 4), 1, -1);
    b.addVApp(globexVdc, u"mail-relay"_s, u"Outbound SMTP relay"_s, *globex.admin, Power::On,
              vms(u"mx-01"_s, 1, Os::Debian12, 1, 2), 0, -1);
    b.finishVdc(globexVdc);
    catalogOf(globex, globexVdc, u"globex-catalog"_s,
              {u"Windows Server 2019 Datacenter"_s, u"Ubuntu 22.04 LTS"_s},
              {u"en-us_windows_server_2022_x64_dvd.iso"_s});

    // ---- initech: reserved core VDC + DR pool, 14 VMs
    const Tenant initech =
        tenant(u"initech"_s, u"Initech Financial Services"_s, u"Emma Lindqvist"_s, u"Farid Haddad"_s);
    VdcSlot initechCore =
        b.addVdc(*initech.org, u"initech-core-vdc"_s, u"ReservationPool"_s, u"pvdc-gold-02"_s, u"Gold SSD"_s);
    routed(initechCore, u"initech-dmz"_s, u"initech-edge-01"_s, u"full"_s, ipFromOctets(10, 30, 0, 0),
           u"corp.initech.com"_s);
    b.addNetwork(initechCore, u"initech-core"_s, nullptr, ipFromOctets(10, 30, 1, 0), 256,
                 u"corp.initech.com"_s);
    const VApp &initechBanking = b.addVApp(
        initechCore, u"core-banking"_s, u"Core banking application tier and database"_s, *initech.admin,
        Power::On, join(vms(u"cb-app"_s, 2, Os::Rhel9, 4, 16), vms(u"cb-db"_s, 1, Os::Rhel9, 8, 64)), 1, 0,
        100);
    b.addVApp(initechCore, u"tps-reports"_s, u"TPS report generation"_s, *initech.user, Power::On,
              vms(u"tps"_s, 2, Os::WinSrv2019, 2, 8), 1, -1);
    b.addVApp(initechCore, u"ad-domain"_s, u"Active Directory for corp.initech.com"_s, *initech.admin,
              Power::On, vms(u"dc"_s, 2, Os::WinSrv2022, 2, 4), 1, -1);
    b.addVApp(initechCore, u"jump-host"_s, u"Privileged access workstation"_s, *initech.admin, Power::On,
              vms(u"jump-01"_s, 1, Os::WinSrv2022, 2, 4), 0, 1);
    b.addVApp(initechCore, u"kafka"_s, u"Event streaming cluster"_s, *initech.admin, Power::On,
              vms(u"kafka"_s, 3, Os::Rhel8, 4, 16), 1, -1);
    b.finishVdc(initechCore);
    VdcSlot initechDr =
        b.addVdc(*initech.org, u"initech-dr-vdc"_s, u"AllocationPool"_s, u"pvdc-silver-01"_s, u"Silver"_s);
    routed(initechDr, u"initech-dr-net"_s, u"initech-dr-edge"_s, u"compact"_s, ipFromOctets(10, 30, 2, 0),
           u"corp.initech.com"_s);
    b.addVApp(initechDr, u"dr-replica"_s, u"Cold standby of core-banking"_s, *initech.admin, Power::Off,
              join(vms(u"cb-app-dr"_s, 1, Os::Rhel9, 4, 16), vms(u"cb-db-dr"_s, 1, Os::Rhel9, 8, 64)), 0, -1);
    b.addVApp(initechDr, u"backup-proxy"_s, u"Veeam backup proxy"_s, *initech.admin, Power::On,
              vms(u"veeam-proxy-01"_s, 1, Os::WinSrv2019, 4, 8), 0, -1);
    b.finishVdc(initechDr);
    catalogOf(initech, initechCore, u"initech-golden-images"_s,
              {u"RHEL 9.3"_s, u"Windows Server 2022 Std"_s, u"Debian 12 Bookworm"_s},
              {u"rhel-9.3-x86_64-dvd.iso"_s});

    // ---- northwind: one pay-as-you-go VDC, 16 VMs
    const Tenant northwind = tenant(u"northwind"_s, u"Northwind Retail"_s, u"Grace Kim"_s, u"Hugo Martens"_s);
    VdcSlot nwVdc =
        b.addVdc(*northwind.org, u"northwind-vdc"_s, u"AllocationVApp"_s, u"pvdc-silver-01"_s, u"Silver"_s);
    routed(nwVdc, u"nw-shop-net"_s, u"nw-edge"_s, u"compact"_s, ipFromOctets(10, 40, 0, 0),
           u"northwind.local"_s);
    b.addNetwork(nwVdc, u"nw-internal"_s, nullptr, ipFromOctets(10, 40, 1, 0), 256, u"northwind.local"_s);
    b.addVApp(nwVdc, u"web-shop"_s, u"Online shop"_s, *northwind.admin, Power::On,
              join(vms(u"shop-web"_s, 3, Os::Ubuntu, 2, 4), vms(u"shop-lb"_s, 1, Os::Photon, 1, 2)), 0, 1,
              100);
    b.addVApp(nwVdc, u"payments"_s, u"Payment service (PCI zone)"_s, *northwind.admin, Power::On,
              vms(u"pay"_s, 2, Os::Rhel9, 2, 8), 1, -1);
    b.addVApp(nwVdc, u"inventory-db"_s, u"Inventory database"_s, *northwind.admin, Power::On,
              vms(u"inv-db"_s, 2, Os::Debian12, 4, 16), 1, -1);
    b.addVApp(nwVdc, u"k8s-masters"_s, u"Kubernetes control plane"_s, *northwind.admin, Power::On,
              vms(u"k8s-master"_s, 3, Os::Ubuntu, 2, 8), 0, 1);
    const VApp &nwAnalytics =
        b.addVApp(nwVdc, u"analytics"_s, u"Nightly ETL, started on demand"_s, *northwind.user, Power::Off,
                  vms(u"etl"_s, 2, Os::Rhel9, 8, 32), 1, -1, 100);
    b.addVApp(nwVdc, u"legacy-pos"_s, u"Point-of-sale back office (legacy)"_s, *northwind.user,
              Power::Suspended, vms(u"pos-01"_s, 1, Os::WinSrv2019, 2, 4), 1, -1);
    b.addVApp(nwVdc, u"mail-relay"_s, u"Outbound SMTP relay (replaced, kept for rollback)"_s,
              *northwind.admin, Power::Off, vms(u"mx-01"_s, 1, Os::Debian12, 1, 2), 0, -1);
    b.addVApp(nwVdc, u"vpn-gateway"_s, u"Site-to-site VPN to the stores"_s, *northwind.admin, Power::On,
              vms(u"vpn-01"_s, 1, Os::Photon, 1, 2), 0, -1);
    b.finishVdc(nwVdc);
    catalogOf(northwind, nwVdc, u"northwind-templates"_s,
              {u"Ubuntu 22.04 LTS"_s, u"LAMP Stack (Debian 12)"_s, u"Debian 12 Bookworm"_s},
              {u"debian-12.5.0-amd64-netinst.iso"_s});

    // ---- task history, oldest first, then the one still running (docs/VCD-API.md §3.8)
    const QString vappType = u"Virtual Application"_s;
    const Vm *web01 = cloud.vms.find(acmeWeb.vmIds.first());
    b.addTask(u"vappUpdateVm"_s, u"Updated"_s, u"Virtual Machine"_s, Kind::Vm, web01->id, web01->name,
              acme.org->id, *acme.admin, u"success"_s, 7'400);
    const Vm *db01 = cloud.vms.find(acmeDb.vmIds.first());
    b.addTask(u"vappCreateSnapshot"_s, u"Created Snapshot"_s, u"Virtual Machine"_s, Kind::Vm, db01->id,
              db01->name, acme.org->id, *acme.admin, u"success"_s, 12'500);
    b.addTask(u"vappUndeployPowerOff"_s, u"Powered Off"_s, vappType, Kind::VApp, acmeSandbox.id,
              acmeSandbox.name, acme.org->id, *acme.user, u"success"_s, 21'300);
    b.addTask(u"metadataUpdate"_s, u"Updated metadata of"_s, vappType, Kind::VApp, initechBanking.id,
              initechBanking.name, initech.org->id, *initech.admin, u"success"_s, 1'800);
    {
        Task &failed =
            b.addTask(u"vappUndeployPowerOff"_s, u"Stopping"_s, vappType, Kind::VApp, globexReporting.id,
                      globexReporting.name, globex.org->id, *globex.user, u"error"_s, 48'200);
        const Vm *report = cloud.vms.find(globexReporting.vmIds.first());
        TaskError e;
        e.majorCode = 500;
        e.minorCode = u"INTERNAL_SERVER_ERROR"_s;
        e.message = u"Error in powering off or suspending virtual machines. Contact the Administrator if the "
                    "problem persists. - Failed to shut down the guest OS of VM \""_s +
                    report->name + u" ("_s + report->id +
                    u")\": VMware Tools is not running in this virtual machine."_s;
        failed.error = e;
        failed.details = e.message;
    }
    {
        // Kept running for ten minutes of simulated time so the vApp stays busy (BUSY_ENTITY) and the
        // task can be watched and cancelled.
        Task &busy =
            b.addTask(u"vappDeploy"_s, u"Starting"_s, vappType, Kind::VApp, nwAnalytics.id, nwAnalytics.name,
                      northwind.org->id, *northwind.user, u"running"_s, 10 * 60 * 1000);
        busy.progress = 40;
        busy.cancellable = true;
        busy.lockedVAppId = nwAnalytics.id;
    }
}

// ---------------------------------------------------------------------------------------------------
// JSON scenario files
//
// One field list per struct, walked by both the writer and the reader, so a field cannot be written
// without being read back (the round-trip test would not catch a field whose demo value is the default).

namespace {

template<class T, class U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

template<class V, class E> void entityFields(V &v, E &e)
{
    v("id", e.id);
    v("seq", e.seq);
    v("name", e.name);
    v("description", e.description);
    v("created", e.created);
    v("metadata", e.metadata);
}

template<class V, Is<MetadataEntry> T> void fields(V &v, T &m)
{
    v("key", m.key);
    v("type", m.type);
    v("value", m.value);
    v("domain", m.domain);
    v("visibility", m.visibility);
}

template<class V, Is<User> T> void fields(V &v, T &u)
{
    entityFields(v, u);
    v("orgId", u.orgId);
    v("role", u.role);
    v("password", u.password);
    v("apiToken", u.apiToken);
    v("fullName", u.fullName);
}

template<class V, Is<Org> T> void fields(V &v, T &o)
{
    entityFields(v, o);
    v("fullName", o.fullName);
    v("enabled", o.enabled);
    v("isSystem", o.isSystem);
}

template<class V, Is<Vdc> T> void fields(V &v, T &d)
{
    entityFields(v, d);
    v("orgId", d.orgId);
    v("allocationModel", d.allocationModel);
    v("status", d.status);
    v("enabled", d.enabled);
    v("cpuAllocatedMhz", d.cpuAllocatedMhz);
    v("cpuLimitMhz", d.cpuLimitMhz);
    v("cpuReservedMhz", d.cpuReservedMhz);
    v("memoryAllocatedMb", d.memoryAllocatedMb);
    v("memoryLimitMb", d.memoryLimitMb);
    v("memoryReservedMb", d.memoryReservedMb);
    v("storageLimitMb", d.storageLimitMb);
    v("vCpuInMhz", d.vCpuInMhz);
    v("vmQuota", d.vmQuota);
    v("networkQuota", d.networkQuota);
    v("providerVdcName", d.providerVdcName);
    v("storageProfileId", d.storageProfileId);
    v("storageProfileName", d.storageProfileName);
}

template<class V, Is<Disk> T> void fields(V &v, T &d)
{
    v("instanceId", d.instanceId);
    v("sizeMb", d.sizeMb);
    v("busType", d.busType);
    v("storageProfile", d.storageProfile);
}

template<class V, Is<Nic> T> void fields(V &v, T &n)
{
    v("index", n.index);
    v("networkName", n.networkName);
    v("ipAddress", n.ipAddress);
    v("macAddress", n.macAddress);
    v("connected", n.connected);
    v("allocationMode", n.allocationMode);
    v("adapterType", n.adapterType);
}

template<class V, Is<Snapshot> T> void fields(V &v, T &s)
{
    v("name", s.name);
    v("description", s.description);
    v("created", s.created);
    v("sizeBytes", s.sizeBytes);
    v("poweredOn", s.poweredOn);
    v("memory", s.memory);
    v("quiesce", s.quiesce);
}

template<class V, Is<Vm> T> void fields(V &v, T &m)
{
    entityFields(v, m);
    v("vappId", m.vappId);
    v("vdcId", m.vdcId);
    v("orgId", m.orgId);
    v("status", m.status);
    v("deployed", m.deployed);
    v("osType", m.osType);
    v("guestOs", m.guestOs);
    v("osTypeId", m.osTypeId);
    v("cpus", m.cpus);
    v("coresPerSocket", m.coresPerSocket);
    v("memoryMb", m.memoryMb);
    v("disks", m.disks);
    v("nics", m.nics);
    v("toolsStatus", m.toolsStatus);
    v("toolsVersion", m.toolsVersion);
    v("snapshot", m.snapshot);
    v("hardwareVersion", m.hardwareVersion);
    v("computerName", m.computerName);
    v("storageProfile", m.storageProfile);
    v("localId", m.localId);
    v("needsCustomization", m.needsCustomization);
}

template<class V, Is<VApp> T> void fields(V &v, T &a)
{
    entityFields(v, a);
    v("vdcId", a.vdcId);
    v("orgId", a.orgId);
    v("ownerUserId", a.ownerUserId);
    v("vmIds", a.vmIds);
    v("deployed", a.deployed);
    v("status", a.status);
    v("creating", a.creating);
    v("snapshot", a.snapshot);
    v("networkNames", a.networkNames);
    v("leaseSeconds", a.leaseSeconds);
}

template<class V, Is<Catalog> T> void fields(V &v, T &c)
{
    entityFields(v, c);
    v("orgId", c.orgId);
    v("ownerUserId", c.ownerUserId);
    v("published", c.published);
    v("itemIds", c.itemIds);
}

template<class V, Is<TemplateVm> T> void fields(V &v, T &t)
{
    v("id", t.id);
    v("name", t.name);
    v("osType", t.osType);
    v("guestOs", t.guestOs);
    v("osTypeId", t.osTypeId);
    v("cpus", t.cpus);
    v("memoryMb", t.memoryMb);
    v("diskMb", t.diskMb);
}

template<class V, Is<VAppTemplate> T> void fields(V &v, T &t)
{
    entityFields(v, t);
    v("orgId", t.orgId);
    v("vdcId", t.vdcId);
    v("catalogId", t.catalogId);
    v("catalogItemId", t.catalogItemId);
    v("ownerUserId", t.ownerUserId);
    v("status", t.status);
    v("goldMaster", t.goldMaster);
    v("vms", t.vms);
    v("storageKb", t.storageKb);
}

template<class V, Is<Media> T> void fields(V &v, T &m)
{
    entityFields(v, m);
    v("orgId", m.orgId);
    v("vdcId", m.vdcId);
    v("catalogId", m.catalogId);
    v("catalogItemId", m.catalogItemId);
    v("ownerUserId", m.ownerUserId);
    v("status", m.status);
    v("imageType", m.imageType);
    v("sizeBytes", m.sizeBytes);
}

template<class V, Is<CatalogItem> T> void fields(V &v, T &c)
{
    entityFields(v, c);
    v("catalogId", c.catalogId);
    v("orgId", c.orgId);
    v("entityKind", c.entityKind);
    v("entityId", c.entityId);
    v("size", c.size);
}

template<class V, Is<Network> T> void fields(V &v, T &n)
{
    entityFields(v, n);
    v("orgId", n.orgId);
    v("vdcId", n.vdcId);
    v("fenceMode", n.fenceMode);
    v("gateway", n.gateway);
    v("netmask", n.netmask);
    v("dns1", n.dns1);
    v("dns2", n.dns2);
    v("dnsSuffix", n.dnsSuffix);
    v("rangeStart", n.rangeStart);
    v("rangeEnd", n.rangeEnd);
    v("edgeGatewayId", n.edgeGatewayId);
    v("shared", n.shared);
    v("status", n.status);
}

template<class V, Is<EdgeGateway> T> void fields(V &v, T &e)
{
    entityFields(v, e);
    v("orgId", e.orgId);
    v("vdcId", e.vdcId);
    v("backingConfig", e.backingConfig);
    v("haEnabled", e.haEnabled);
    v("uplinkNetworkName", e.uplinkNetworkName);
    v("uplinkIp", e.uplinkIp);
    v("status", e.status);
}

template<class V, Is<TaskError> T> void fields(V &v, T &e)
{
    v("majorCode", e.majorCode);
    v("minorCode", e.minorCode);
    v("message", e.message);
}

template<class V, Is<Task> T> void fields(V &v, T &t)
{
    entityFields(v, t);
    v("operationName", t.operationName);
    v("operation", t.operation);
    v("status", t.status);
    v("progress", t.progress);
    v("ownerKind", t.ownerKind);
    v("ownerId", t.ownerId);
    v("ownerName", t.ownerName);
    v("orgId", t.orgId);
    v("userId", t.userId);
    v("startTime", t.startTime);
    v("endTime", t.endTime);
    v("expiryTime", t.expiryTime);
    v("cancelRequested", t.cancelRequested);
    v("cancellable", t.cancellable);
    v("error", t.error);
    v("details", t.details);
    v("durationMs", t.durationMs);
    v("lockedVAppId", t.lockedVAppId);
}

// Enum spellings in the file.
struct KindName
{
    Kind kind;
    const char *name;
};
constexpr KindName kKindNames[] = {
    {Kind::Org, "org"},
    {Kind::Vdc, "vdc"},
    {Kind::VApp, "vApp"},
    {Kind::Vm, "vm"},
    {Kind::Catalog, "catalog"},
    {Kind::CatalogItem, "catalogItem"},
    {Kind::VAppTemplate, "vAppTemplate"},
    {Kind::Media, "media"},
    {Kind::Network, "network"},
    {Kind::EdgeGateway, "edgeGateway"},
    {Kind::Task, "task"},
    {Kind::User, "user"},
};
constexpr const char *roleNames[] = {"SystemAdministrator", "OrgAdministrator", "VAppUser"};
constexpr const char *metadataTypeNames[] = {"string", "number", "boolean", "dateTime"};

QString jsonDate(const QDateTime &dt)
{
    return dt.isValid() ? dt.toUTC().toString(Qt::ISODateWithMs) : QString();
}

class JsonWriter
{
public:
    QJsonObject object;

    void operator()(const char *key, const QString &s) { object.insert(QLatin1String(key), s); }
    void operator()(const char *key, const QStringList &l)
    {
        object.insert(QLatin1String(key), QJsonArray::fromStringList(l));
    }
    void operator()(const char *key, bool b) { object.insert(QLatin1String(key), b); }
    void operator()(const char *key, int i) { object.insert(QLatin1String(key), i); }
    void operator()(const char *key, qint64 i) { object.insert(QLatin1String(key), i); }
    void operator()(const char *key, quint64 u) { object.insert(QLatin1String(key), qint64(u)); }
    void operator()(const char *key, const QDateTime &dt) { object.insert(QLatin1String(key), jsonDate(dt)); }
    void operator()(const char *key, Kind k)
    {
        for (const auto &kn : kKindNames)
            if (kn.kind == k)
                object.insert(QLatin1String(key), QLatin1String(kn.name));
    }
    void operator()(const char *key, Role r)
    {
        object.insert(QLatin1String(key), QLatin1String(roleNames[int(r)]));
    }
    void operator()(const char *key, MetadataEntry::Type t)
    {
        object.insert(QLatin1String(key), QLatin1String(metadataTypeNames[int(t)]));
    }
    template<class T> void operator()(const char *key, const QList<T> &list)
    {
        QJsonArray array;
        for (const T &item : list)
            array.append(objectOf(item));
        object.insert(QLatin1String(key), array);
    }
    template<class T> void operator()(const char *key, const std::optional<T> &value)
    {
        object.insert(QLatin1String(key),
                      value ? QJsonValue(objectOf(*value)) : QJsonValue(QJsonValue::Null));
    }

    template<class T> static QJsonObject objectOf(const T &value)
    {
        JsonWriter w;
        fields(w, value);
        return w.object;
    }
};

template<class T> QJsonArray tableToJson(const Table<T> &table)
{
    QJsonArray array;
    for (const T *row : table.rows())
        array.append(JsonWriter::objectOf(*row));
    return array;
}

// Reads one JSON object into a struct; the first problem ends the reading and is reported with its path
// ("vms[3].disks[0].sizeMb: expected an integer").
class JsonReader
{
public:
    JsonReader(const QJsonObject &object, QString path, QString *error)
        : m_object(object)
        , m_path(std::move(path))
        , m_error(error)
    {}

    bool failed() const { return !m_error->isEmpty(); }

    void operator()(const char *key, QString &s)
    {
        if (const auto v = take(key)) {
            if (!v->isString())
                return fail(key, "a string", *v);
            s = v->toString();
        }
    }
    void operator()(const char *key, QStringList &l)
    {
        if (const auto v = take(key)) {
            if (!v->isArray())
                return fail(key, "an array of strings", *v);
            const QJsonArray array = v->toArray();
            QStringList out;
            out.reserve(array.size());
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (!array.at(i).isString())
                    return fail(key, "an array of strings", array.at(i), i);
                out.append(array.at(i).toString());
            }
            l = out;
        }
    }
    void operator()(const char *key, bool &b)
    {
        if (const auto v = take(key)) {
            if (!v->isBool())
                return fail(key, "true or false", *v);
            b = v->toBool();
        }
    }
    void operator()(const char *key, int &i) { integer(key, i); }
    void operator()(const char *key, qint64 &i) { integer(key, i); }
    void operator()(const char *key, quint64 &u) { integer(key, u); }
    void operator()(const char *key, QDateTime &dt)
    {
        if (const auto v = take(key)) {
            if (!v->isString())
                return fail(key, "a date-time string", *v);
            const QString s = v->toString();
            if (s.isEmpty()) {
                dt = QDateTime();
                return;
            }
            const QDateTime parsed = QDateTime::fromString(s, Qt::ISODateWithMs);
            if (!parsed.isValid())
                return fail(key, "an ISO 8601 date-time such as \"2024-05-01T10:00:00.000Z\"", *v);
            dt = parsed.toUTC();
        }
    }
    void operator()(const char *key, Kind &k)
    {
        if (const auto v = take(key)) {
            for (const auto &kn : kKindNames) {
                if (v->toString() == QLatin1String(kn.name)) {
                    k = kn.kind;
                    return;
                }
            }
            fail(key,
                 "an entity kind (org, vdc, vApp, vm, catalog, catalogItem, vAppTemplate, media, network, "
                 "edgeGateway, task, user)",
                 *v);
        }
    }
    void operator()(const char *key, Role &r)
    {
        if (const auto v = take(key)) {
            for (int i = 0; i < 3; ++i) {
                if (v->toString() == QLatin1String(roleNames[i])) {
                    r = Role(i);
                    return;
                }
            }
            fail(key, "SystemAdministrator, OrgAdministrator or VAppUser", *v);
        }
    }
    void operator()(const char *key, MetadataEntry::Type &t)
    {
        if (const auto v = take(key)) {
            for (int i = 0; i < 4; ++i) {
                if (v->toString() == QLatin1String(metadataTypeNames[i])) {
                    t = MetadataEntry::Type(i);
                    return;
                }
            }
            fail(key, "string, number, boolean or dateTime", *v);
        }
    }
    template<class T> void operator()(const char *key, QList<T> &list)
    {
        if (const auto v = take(key)) {
            if (!v->isArray())
                return fail(key, "an array of objects", *v);
            const QJsonArray array = v->toArray();
            QList<T> out;
            out.reserve(array.size());
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString path = childPath(key) + u'[' + QString::number(i) + u']';
                if (!array.at(i).isObject()) {
                    *m_error = path + u": expected an object, found "_s + typeName(array.at(i));
                    return;
                }
                T item;
                if (!read(array.at(i).toObject(), path, m_error, item))
                    return;
                out.append(std::move(item));
            }
            list = std::move(out);
        }
    }
    template<class T> void operator()(const char *key, std::optional<T> &value)
    {
        if (const auto v = take(key)) {
            if (v->isNull()) {
                value.reset();
                return;
            }
            if (!v->isObject())
                return fail(key, "an object or null", *v);
            T item;
            if (read(v->toObject(), childPath(key), m_error, item))
                value = std::move(item);
        }
    }

    // Reads `object` into `out` with every key checked; false (and *error set) on the first problem.
    template<class T> static bool read(const QJsonObject &object, const QString &path, QString *error, T &out)
    {
        JsonReader r(object, path, error);
        fields(r, out);
        r.rejectUnknownKeys();
        return !r.failed();
    }

    static QString typeName(const QJsonValue &v)
    {
        switch (v.type()) {
        case QJsonValue::Null:
            return u"null"_s;
        case QJsonValue::Bool:
            return u"a boolean"_s;
        case QJsonValue::Double:
            return u"a number"_s;
        case QJsonValue::String:
            return u"a string"_s;
        case QJsonValue::Array:
            return u"an array"_s;
        case QJsonValue::Object:
            return u"an object"_s;
        case QJsonValue::Undefined:
            break;
        }
        return u"nothing"_s;
    }

private:
    std::optional<QJsonValue> take(const char *key)
    {
        if (failed())
            return std::nullopt;
        m_known.append(key);
        const auto it = m_object.constFind(QLatin1String(key));
        if (it == m_object.constEnd())
            return std::nullopt; // absent: the field keeps its default (hand-written files may be short)
        return it.value();
    }

    template<class I> void integer(const char *key, I &out)
    {
        if (const auto v = take(key)) {
            const double d = v->toDouble();
            // Doubles hold integers exactly up to 2^53, far beyond any size or counter in a cloud.
            if (!v->isDouble() || std::floor(d) != d || d < double(std::numeric_limits<I>::min()) ||
                d > double(std::numeric_limits<I>::max()) || std::fabs(d) > 9007199254740992.0)
                return fail(key, "an integer", *v);
            out = I(d);
        }
    }

    void rejectUnknownKeys()
    {
        if (failed())
            return;
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            bool known = false;
            for (const char *k : m_known)
                known = known || it.key() == QLatin1String(k);
            if (!known) {
                *m_error = childPath(nullptr) + u": unknown key \""_s + it.key() + u'"';
                return;
            }
        }
    }

    QString childPath(const char *key) const
    {
        if (!key)
            return m_path.isEmpty() ? u"(top level)"_s : m_path;
        return m_path.isEmpty() ? QString::fromLatin1(key) : m_path + u'.' + QLatin1String(key);
    }

    void fail(const char *key, const char *expected, const QJsonValue &found, qsizetype index = -1)
    {
        QString where = childPath(key);
        if (index >= 0)
            where += u'[' + QString::number(index) + u']';
        *m_error = where + u": expected "_s + QLatin1String(expected) + u", found "_s + typeName(found);
    }

    const QJsonObject &m_object;
    QString m_path;
    QString *m_error;
    QVarLengthArray<const char *, 32> m_known;
};

template<class T>
bool tableFromJson(const QJsonObject &root, const char *key, Table<T> &table, QString *error)
{
    const auto it = root.constFind(QLatin1String(key));
    if (it == root.constEnd())
        return true; // an absent table is an empty one
    if (!it->isArray()) {
        *error = QLatin1String(key) + u": expected an array of objects, found "_s + JsonReader::typeName(*it);
        return false;
    }
    const QJsonArray array = it->toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QLatin1String(key) + u'[' + QString::number(i) + u']';
        if (!array.at(i).isObject()) {
            *error = path + u": expected an object, found "_s + JsonReader::typeName(array.at(i));
            return false;
        }
        T row;
        if (!JsonReader::read(array.at(i).toObject(), path, error, row))
            return false;
        if (row.id.isEmpty()) {
            *error = path + u".id: must not be empty"_s;
            return false;
        }
        if (table.find(row.id)) {
            *error = path + u".id: duplicate id "_s + row.id;
            return false;
        }
        table.insert(std::move(row));
    }
    return true;
}

// Checks that the ids an entity names exist; `optional` ids may be empty.
class RefChecker
{
public:
    explicit RefChecker(QString *error)
        : m_error(error)
    {}

    template<class T, class Target>
    bool check(const char *tableName, const Table<T> &table, const char *field, QString (*get)(const T &),
               const Table<Target> &target, bool optional = false)
    {
        const auto &rows = table.rows();
        for (size_t i = 0; i < rows.size(); ++i) {
            const QString id = get(*rows[i]);
            if ((optional && id.isEmpty()) || target.find(id))
                continue;
            *m_error = QLatin1String(tableName) + u'[' + QString::number(i) + u"]."_s + QLatin1String(field) +
                       (id.isEmpty() ? u": must not be empty"_s : u": no such entity: "_s + id);
            return false;
        }
        return true;
    }

private:
    QString *m_error;
};

bool checkReferences(const Cloud &c, QString *error)
{
    RefChecker r(error);
    bool ok =
        r.check(
            "users", c.users, "orgId", +[](const User &u) { return u.orgId; }, c.orgs) &&
        r.check(
            "vdcs", c.vdcs, "orgId", +[](const Vdc &v) { return v.orgId; }, c.orgs) &&
        r.check(
            "vapps", c.vapps, "vdcId", +[](const VApp &a) { return a.vdcId; }, c.vdcs) &&
        r.check(
            "vapps", c.vapps, "orgId", +[](const VApp &a) { return a.orgId; }, c.orgs) &&
        r.check(
            "vms", c.vms, "vappId", +[](const Vm &m) { return m.vappId; }, c.vapps) &&
        r.check(
            "vms", c.vms, "vdcId", +[](const Vm &m) { return m.vdcId; }, c.vdcs) &&
        r.check(
            "vms", c.vms, "orgId", +[](const Vm &m) { return m.orgId; }, c.orgs) &&
        r.check(
            "catalogs", c.catalogs, "orgId", +[](const Catalog &x) { return x.orgId; }, c.orgs) &&
        r.check(
            "catalogItems", c.catalogItems, "catalogId", +[](const CatalogItem &x) { return x.catalogId; },
            c.catalogs) &&
        r.check(
            "templates", c.templates, "orgId", +[](const VAppTemplate &x) { return x.orgId; }, c.orgs) &&
        r.check(
            "templates", c.templates, "catalogId", +[](const VAppTemplate &x) { return x.catalogId; },
            c.catalogs, true) &&
        r.check(
            "media", c.media, "orgId", +[](const Media &x) { return x.orgId; }, c.orgs) &&
        r.check(
            "media", c.media, "catalogId", +[](const Media &x) { return x.catalogId; }, c.catalogs, true) &&
        r.check(
            "networks", c.networks, "orgId", +[](const Network &x) { return x.orgId; }, c.orgs) &&
        r.check(
            "networks", c.networks, "vdcId", +[](const Network &x) { return x.vdcId; }, c.vdcs, true) &&
        r.check(
            "networks", c.networks, "edgeGatewayId", +[](const Network &x) { return x.edgeGatewayId; },
            c.edges, true) &&
        r.check(
            "edges", c.edges, "orgId", +[](const EdgeGateway &x) { return x.orgId; }, c.orgs) &&
        r.check(
            "edges", c.edges, "vdcId", +[](const EdgeGateway &x) { return x.vdcId; }, c.vdcs) &&
        r.check(
            "tasks", c.tasks, "orgId", +[](const Task &x) { return x.orgId; }, c.orgs, true);
    if (!ok)
        return false;

    // Lists of children and catalog entries.
    const auto &vapps = c.vapps.rows();
    for (size_t i = 0; i < vapps.size(); ++i) {
        for (const auto &vmId : vapps[i]->vmIds) {
            if (!c.vms.find(vmId)) {
                *error = u"vapps["_s + QString::number(i) + u"].vmIds: no such VM: "_s + vmId;
                return false;
            }
        }
    }
    const auto &catalogs = c.catalogs.rows();
    for (size_t i = 0; i < catalogs.size(); ++i) {
        for (const auto &itemId : catalogs[i]->itemIds) {
            if (!c.catalogItems.find(itemId)) {
                *error =
                    u"catalogs["_s + QString::number(i) + u"].itemIds: no such catalog item: "_s + itemId;
                return false;
            }
        }
    }
    const auto &items = c.catalogItems.rows();
    for (size_t i = 0; i < items.size(); ++i) {
        const CatalogItem &item = *items[i];
        const bool found = item.entityKind == Kind::VAppTemplate ? c.templates.find(item.entityId) != nullptr
                           : item.entityKind == Kind::Media      ? c.media.find(item.entityId) != nullptr
                                                                 : false;
        if (!found) {
            *error = u"catalogItems["_s + QString::number(i) + u"].entityId: no vAppTemplate or media "_s +
                     item.entityId;
            return false;
        }
    }
    return true;
}

QString lineAndColumn(const QByteArray &json, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json.at(i) == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return u"line "_s + QString::number(line) + u", column "_s + QString::number(column);
}

constexpr char kFormatName[] = "vcd-sim-scenario";

} // namespace

QByteArray Scenario::toJson(const Cloud &cloud)
{
    QJsonObject root;
    root.insert(u"format"_s, QLatin1String(kFormatName));
    root.insert(u"version"_s, kFormatVersion);
    // As a string: a 64-bit seed does not fit a JSON number (a double) exactly.
    root.insert(u"seed"_s, QString::number(cloud.seed));
    root.insert(u"seqCounter"_s, qint64(cloud.seqCounter()));
    root.insert(u"uuidCounter"_s, qint64(cloud.uuidCounter()));
    root.insert(u"orgs"_s, tableToJson(cloud.orgs));
    root.insert(u"users"_s, tableToJson(cloud.users));
    root.insert(u"vdcs"_s, tableToJson(cloud.vdcs));
    root.insert(u"vapps"_s, tableToJson(cloud.vapps));
    root.insert(u"vms"_s, tableToJson(cloud.vms));
    root.insert(u"catalogs"_s, tableToJson(cloud.catalogs));
    root.insert(u"catalogItems"_s, tableToJson(cloud.catalogItems));
    root.insert(u"templates"_s, tableToJson(cloud.templates));
    root.insert(u"media"_s, tableToJson(cloud.media));
    root.insert(u"networks"_s, tableToJson(cloud.networks));
    root.insert(u"edges"_s, tableToJson(cloud.edges));
    root.insert(u"tasks"_s, tableToJson(cloud.tasks));
    // QJsonObject keeps its keys sorted, so the output is byte-stable.
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool Scenario::fromJson(Cloud &cloud, const QByteArray &json, QString *error)
{
    QString message;
    auto failWith = [&](const QString &m) {
        if (error)
            *error = m;
        return false;
    };

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failWith(u"malformed JSON at "_s + lineAndColumn(json, parseError.offset) + u": "_s +
                        parseError.errorString());
    if (!doc.isObject())
        return failWith(u"(top level): expected an object with the scenario's tables"_s);
    const QJsonObject root = doc.object();

    static const QStringList topKeys = {
        u"format"_s,    u"version"_s, u"seed"_s,     u"seqCounter"_s, u"uuidCounter"_s, u"orgs"_s,
        u"users"_s,     u"vdcs"_s,    u"vapps"_s,    u"vms"_s,        u"catalogs"_s,    u"catalogItems"_s,
        u"templates"_s, u"media"_s,   u"networks"_s, u"edges"_s,      u"tasks"_s};
    for (auto it = root.constBegin(); it != root.constEnd(); ++it)
        if (!topKeys.contains(it.key()))
            return failWith(u"(top level): unknown key \""_s + it.key() + u'"');
    if (root.value(u"format"_s).toString() != QLatin1String(kFormatName))
        return failWith(u"format: expected \""_s + QLatin1String(kFormatName) + u"\", found "_s +
                        (root.value(u"format"_s).isString() ? u'"' + root.value(u"format"_s).toString() + u'"'
                                                            : JsonReader::typeName(root.value(u"format"_s))));
    const QJsonValue version = root.value(u"version"_s);
    if (!version.isDouble() || version.toDouble() != kFormatVersion)
        return failWith(
            u"version: this build reads version "_s + QString::number(kFormatVersion) + u", found "_s +
            (version.isDouble() ? QString::number(version.toDouble()) : JsonReader::typeName(version)));

    Cloud loaded;
    if (const QJsonValue seed = root.value(u"seed"_s); !seed.isUndefined()) {
        bool ok = false;
        loaded.seed = seed.toString().toULongLong(&ok);
        if (!seed.isString() || !ok)
            return failWith(u"seed: expected an unsigned 64-bit integer as a decimal string, found "_s +
                            JsonReader::typeName(seed));
    }
    quint64 seqCounter = 0;
    quint64 uuidCounter = 0;
    {
        JsonReader counters(root, QString(), &message); // reads just these two keys of the root
        counters("seqCounter", seqCounter);
        counters("uuidCounter", uuidCounter);
        if (counters.failed())
            return failWith(message);
    }

    const bool tablesOk = tableFromJson(root, "orgs", loaded.orgs, &message) &&
                          tableFromJson(root, "users", loaded.users, &message) &&
                          tableFromJson(root, "vdcs", loaded.vdcs, &message) &&
                          tableFromJson(root, "vapps", loaded.vapps, &message) &&
                          tableFromJson(root, "vms", loaded.vms, &message) &&
                          tableFromJson(root, "catalogs", loaded.catalogs, &message) &&
                          tableFromJson(root, "catalogItems", loaded.catalogItems, &message) &&
                          tableFromJson(root, "templates", loaded.templates, &message) &&
                          tableFromJson(root, "media", loaded.media, &message) &&
                          tableFromJson(root, "networks", loaded.networks, &message) &&
                          tableFromJson(root, "edges", loaded.edges, &message) &&
                          tableFromJson(root, "tasks", loaded.tasks, &message);
    if (!tablesOk || !checkReferences(loaded, &message))
        return failWith(message);

    // A short hand-written file may leave the counters out: seq then continues after the highest one.
    quint64 maxSeq = 0;
    auto seqOf = [&maxSeq](const auto &table) {
        for (const auto *row : table.rows())
            maxSeq = std::max(maxSeq, row->seq);
    };
    seqOf(loaded.orgs);
    seqOf(loaded.users);
    seqOf(loaded.vdcs);
    seqOf(loaded.vapps);
    seqOf(loaded.vms);
    seqOf(loaded.catalogs);
    seqOf(loaded.catalogItems);
    seqOf(loaded.templates);
    seqOf(loaded.media);
    seqOf(loaded.networks);
    seqOf(loaded.edges);
    seqOf(loaded.tasks);
    // A scenario restores the cloud exactly, counters included: newUuid() must continue the same
    // sequence, or the next entity created would get the id of one that already exists.
    loaded.restoreCounters(std::max(seqCounter, maxSeq), uuidCounter);

    cloud = std::move(loaded);
    return true;
}

bool Scenario::save(const Cloud &cloud, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = path + u": cannot write: "_s + file.errorString();
        return false;
    }
    const QByteArray json = toJson(cloud);
    if (file.write(json) != json.size() || !file.commit()) {
        if (error)
            *error = path + u": cannot write: "_s + file.errorString();
        file.cancelWriting();
        return false;
    }
    return true;
}

bool Scenario::load(Cloud &cloud, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + u": cannot read: "_s + file.errorString();
        return false;
    }
    QString message;
    if (!fromJson(cloud, file.readAll(), &message)) {
        if (error)
            *error = path + u": "_s + message;
        return false;
    }
    return true;
}

std::optional<QString> Scenario::chooseScenario(const std::optional<QString> &scenarioOption,
                                                const QStringList &generatorFlagsGiven, QString *error)
{
    if (!scenarioOption)
        return generatorFlagsGiven.isEmpty() ? u"demo"_s : u"generate"_s;
    if (generatorFlagsGiven.isEmpty() || scenarioOption->compare(u"generate"_s, Qt::CaseInsensitive) == 0)
        return *scenarioOption;
    if (error) {
        QStringList flags;
        for (const QString &f : generatorFlagsGiven)
            flags.append(u"--"_s + f);
        *error = flags.join(u", "_s) + u" only apply to --scenario generate (the generator), not to "_s +
                 u"--scenario "_s + *scenarioOption + u"; drop them or use --scenario generate"_s;
    }
    return std::nullopt;
}

bool Scenario::loadNamed(Cloud &cloud, const QString &nameOrPath, const GeneratorParams &params,
                         QString *error)
{
    if (nameOrPath.compare(u"demo"_s, Qt::CaseInsensitive) == 0) {
        demo(cloud);
        return true;
    }
    if (nameOrPath.compare(u"generate"_s, Qt::CaseInsensitive) == 0) {
        generate(cloud, params);
        return true;
    }
    if (!QFile::exists(nameOrPath)) {
        if (error)
            *error = u"unknown scenario \""_s + nameOrPath +
                     u"\": expected \"demo\", \"generate\" or the path of a JSON scenario file"_s;
        return false;
    }
    return load(cloud, nameOrPath, error);
}

} // namespace vcd::sim
