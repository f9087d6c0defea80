#include "core/api/xmlreaders.h"

#include "core/api/queryrecordsscanner.h"
#include "core/api/status.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QXmlStreamReader>

#include <initializer_list>
#include <utility>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// Namespace URIs (docs/VCD-API.md §1.1, §3.1). Prefixes are never looked at.
constexpr QStringView kVcloud = u"http://www.vmware.com/vcloud/v1.5";
constexpr QStringView kVersions = u"http://www.vmware.com/vcloud/versions";
constexpr QStringView kOvf = u"http://schemas.dmtf.org/ovf/envelope/1";
constexpr QStringView kRasd =
    u"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
constexpr QStringView kVssd =
    u"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
constexpr QStringView kVmw = u"http://www.vmware.com/schema/ovf";
constexpr QStringView kXsi = u"http://www.w3.org/2001/XMLSchema-instance";

QString clark(QStringView ns, QStringView local)
{
    return u'{' + ns.toString() + u'}' + local.toString();
}

bool parseBool(QStringView s, bool fallback = false)
{
    const QStringView t = s.trimmed();
    if (t.compare(u"true", Qt::CaseInsensitive) == 0 || t == u"1")
        return true;
    if (t.compare(u"false", Qt::CaseInsensitive) == 0 || t == u"0")
        return false;
    return fallback;
}

qint64 parseInt(QStringView s, qint64 fallback = 0)
{
    bool ok = false;
    const qint64 n = s.trimmed().toLongLong(&ok);
    if (ok)
        return n;
    // Some numbers come as "1024.0" (rate limits) or with a fraction; keep the integral part.
    const double d = s.trimmed().toDouble(&ok);
    // Guard the conversion: a double outside qint64's range is undefined behaviour to convert.
    if (!ok || !(d > -9.0e18 && d < 9.0e18))
        return fallback;
    return qint64(d);
}

QDateTime parseDateTime(QStringView s)
{
    return QDateTime::fromString(s.trimmed().toString(), Qt::ISODateWithMs);
}

// A thin cursor over QXmlStreamReader. Every read* function below is called with the reader on a
// start element and returns with it on the matching end element, so callers can loop with
// next() without bookkeeping.
class Parser
{
public:
    explicit Parser(const QByteArray &body)
        : m_x(body)
    {}

    QXmlStreamReader &xml() { return m_x; }

    bool toRoot()
    {
        while (!m_x.atEnd()) {
            const QXmlStreamReader::TokenType token = m_x.readNext();
            if (token == QXmlStreamReader::StartElement)
                return true;
            if (token == QXmlStreamReader::DTD) {
                // VCD bodies never carry a DTD, and a DTD is how entity expansion ("billion laughs":
                // Qt caps each entity, not their sum) gets in: stop before anything is declared.
                m_x.raiseError(u"a DTD (<!DOCTYPE>) is not accepted in a server answer"_s);
                return false;
            }
        }
        return false;
    }

    // Reads to the end so that garbage after the root, or a truncated tail, is still reported.
    void drain()
    {
        while (!m_x.atEnd())
            m_x.readNext();
    }

    bool hasError() const { return m_x.hasError(); }

    ReadError malformed() const
    {
        ReadError e;
        e.kind = ReadError::Kind::Malformed;
        e.message = m_x.hasError() ? m_x.errorString() : u"No root element"_s;
        e.line = m_x.lineNumber();
        e.column = m_x.columnNumber();
        return e;
    }

    bool is(QStringView ns, QStringView local) const
    {
        return m_x.namespaceUri() == ns && m_x.name() == local;
    }
    bool vc(QStringView local) const { return is(kVcloud, local); }
    bool next() { return m_x.readNextStartElement(); }
    void skip() { m_x.skipCurrentElement(); }
    QStringView name() const { return m_x.name(); }
    QStringView ns() const { return m_x.namespaceUri(); }

    QString text() { return m_x.readElementText(QXmlStreamReader::SkipChildElements).trimmed(); }
    bool boolText() { return parseBool(text()); }
    qint64 intText() { return parseInt(text()); }
    QDateTime dateText() { return parseDateTime(text()); }

    // An attribute in no namespace, or in the vcloud namespace (ovf sections carry vcloud:href,
    // vcloud:type, vcloud:ipAddress... under whatever prefix the server picked).
    QString attr(QStringView local) const
    {
        const QXmlStreamAttributes attrs = m_x.attributes();
        for (const QXmlStreamAttribute &a : attrs) {
            if (a.name() == local && (a.namespaceUri().isEmpty() || a.namespaceUri() == kVcloud))
                return a.value().toString();
        }
        return QString();
    }
    QString attrNs(QStringView nsUri, QStringView local) const
    {
        const QXmlStreamAttributes attrs = m_x.attributes();
        for (const QXmlStreamAttribute &a : attrs) {
            if (a.name() == local && a.namespaceUri() == nsUri)
                return a.value().toString();
        }
        return QString();
    }
    bool hasAttr(QStringView local) const
    {
        const QXmlStreamAttributes attrs = m_x.attributes();
        for (const QXmlStreamAttribute &a : attrs) {
            if (a.name() == local && (a.namespaceUri().isEmpty() || a.namespaceUri() == kVcloud))
                return true;
        }
        return false;
    }

private:
    QXmlStreamReader m_x;
};

// ---- small pieces ----------------------------------------------------------------------------------

Link readLink(Parser &p)
{
    Link l;
    l.rel = p.attr(u"rel");
    l.href = QUrl(p.attr(u"href"));
    l.type = p.attr(u"type");
    l.name = p.attr(u"name");
    l.id = p.attr(u"id");
    p.skip();
    return l;
}

EntityRef refFromAttributes(const Parser &p)
{
    EntityRef r;
    r.href = QUrl(p.attr(u"href"));
    r.type = p.attr(u"type");
    r.name = p.attr(u"name");
    r.id = p.attr(u"id");
    return r;
}

EntityRef readRef(Parser &p)
{
    EntityRef r = refFromAttributes(p);
    p.skip();
    return r;
}

template<class T> void readEntityAttributes(const Parser &p, T &e)
{
    e.name = p.attr(u"name");
    e.id = p.attr(u"id");
    e.href = QUrl(p.attr(u"href"));
    e.type = p.attr(u"type");
}

// <Owner><User .../></Owner>
EntityRef readOwner(Parser &p)
{
    EntityRef user;
    while (p.next()) {
        if (p.vc(u"User"))
            user = readRef(p);
        else
            p.skip();
    }
    return user;
}

QString requestIdOf(const QString &message)
{
    // Newer servers prefix messages with "[ <request id> ]" (docs/VCD-API.md §3.9).
    const QStringView m = QStringView(message).trimmed();
    if (!m.startsWith(u'['))
        return QString();
    const qsizetype close = m.indexOf(u']');
    if (close < 0)
        return QString();
    return m.mid(1, close - 1).trimmed().toString();
}

ApiErrorBody readErrorBody(Parser &p)
{
    ApiErrorBody e;
    e.majorErrorCode = int(parseInt(p.attr(u"majorErrorCode")));
    e.minorErrorCode = p.attr(u"minorErrorCode");
    e.message = p.attr(u"message");
    e.vendorSpecificErrorCode = p.attr(u"vendorSpecificErrorCode");
    e.stackTrace = p.attr(u"stackTrace");
    e.requestId = requestIdOf(e.message);
    p.skip();
    return e;
}

Task readTaskBody(Parser &p)
{
    Task t;
    readEntityAttributes(p, t);
    t.statusString = p.attr(u"status");
    t.status = taskStatusFromString(t.statusString);
    t.operation = p.attr(u"operation");
    t.operationName = p.attr(u"operationName");
    t.serviceNamespace = p.attr(u"serviceNamespace");
    t.startTime = parseDateTime(p.attr(u"startTime"));
    t.endTime = parseDateTime(p.attr(u"endTime"));
    t.expiryTime = parseDateTime(p.attr(u"expiryTime"));
    t.cancelRequested = parseBool(p.attr(u"cancelRequested"));
    while (p.next()) {
        if (p.vc(u"Link"))
            t.links.append(readLink(p));
        else if (p.vc(u"Description"))
            t.description = p.text();
        else if (p.vc(u"Owner"))
            t.owner = readRef(p);
        else if (p.vc(u"Error"))
            t.error = readErrorBody(p);
        else if (p.vc(u"User"))
            t.user = readRef(p);
        else if (p.vc(u"Organization"))
            t.organization = readRef(p);
        else if (p.vc(u"Progress")) {
            bool ok = false;
            const int n = p.text().toInt(&ok);
            if (ok)
                t.progress = n;
        } else if (p.vc(u"Details"))
            t.details = p.text();
        else
            p.skip();
    }
    return t;
}

QList<Task> readTasksInProgress(Parser &p)
{
    QList<Task> tasks;
    while (p.next()) {
        if (p.vc(u"Task"))
            tasks.append(readTaskBody(p));
        else
            p.skip();
    }
    return tasks;
}

QList<EntityRef> readRefList(Parser &p, QStringView childName)
{
    QList<EntityRef> refs;
    while (p.next()) {
        if (p.vc(childName))
            refs.append(readRef(p));
        else
            p.skip();
    }
    return refs;
}

Snapshot readSnapshotAttributes(Parser &p)
{
    Snapshot s;
    s.created = parseDateTime(p.attr(u"created"));
    s.size = parseInt(p.attr(u"size"));
    s.poweredOn = parseBool(p.attr(u"poweredOn"));
    p.skip();
    return s;
}

std::optional<Snapshot> readSnapshotSection(Parser &p)
{
    std::optional<Snapshot> snap;
    while (p.next()) {
        if (p.vc(u"Snapshot"))
            snap = readSnapshotAttributes(p);
        else
            p.skip();
    }
    return snap;
}

QList<IpRange> readIpRanges(Parser &p)
{
    QList<IpRange> ranges;
    while (p.next()) {
        if (p.vc(u"IpRange")) {
            IpRange r;
            while (p.next()) {
                if (p.vc(u"StartAddress"))
                    r.startAddress = p.text();
                else if (p.vc(u"EndAddress"))
                    r.endAddress = p.text();
                else
                    p.skip();
            }
            ranges.append(r);
        } else {
            p.skip();
        }
    }
    return ranges;
}

IpScope readIpScope(Parser &p)
{
    IpScope s;
    while (p.next()) {
        if (p.vc(u"IsInherited"))
            s.inherited = p.boolText();
        else if (p.vc(u"Gateway"))
            s.gateway = p.text();
        else if (p.vc(u"Netmask"))
            s.netmask = p.text();
        else if (p.vc(u"SubnetPrefixLength"))
            s.subnetPrefixLength = int(p.intText());
        else if (p.vc(u"Dns1"))
            s.dns1 = p.text();
        else if (p.vc(u"Dns2"))
            s.dns2 = p.text();
        else if (p.vc(u"DnsSuffix"))
            s.dnsSuffix = p.text();
        else if (p.vc(u"IsEnabled"))
            s.enabled = p.boolText();
        else if (p.vc(u"IpRanges"))
            s.ipRanges = readIpRanges(p);
        else
            p.skip();
    }
    return s;
}

// Network Configuration: 5.1+ wraps scopes in IpScopes, 1.5 has IpScope directly (§3.7).
struct NetworkConfiguration
{
    QList<IpScope> ipScopes;
    EntityRef parentNetwork;
    QString fenceMode;
    bool retainNetInfo = false;
};

NetworkConfiguration readNetworkConfiguration(Parser &p)
{
    NetworkConfiguration c;
    while (p.next()) {
        if (p.vc(u"IpScopes")) {
            while (p.next()) {
                if (p.vc(u"IpScope"))
                    c.ipScopes.append(readIpScope(p));
                else
                    p.skip();
            }
        } else if (p.vc(u"IpScope")) {
            c.ipScopes.append(readIpScope(p));
        } else if (p.vc(u"ParentNetwork")) {
            c.parentNetwork = readRef(p);
        } else if (p.vc(u"FenceMode")) {
            c.fenceMode = p.text();
        } else if (p.vc(u"RetainNetInfoAcrossDeployments")) {
            c.retainNetInfo = p.boolText();
        } else {
            p.skip();
        }
    }
    return c;
}

// ---- versions and session ---------------------------------------------------------------------------

VersionInfo readVersionInfo(Parser &p)
{
    VersionInfo v;
    v.deprecated = parseBool(p.attr(u"deprecated"));
    while (p.next()) {
        if (p.is(kVersions, u"Version"))
            v.version = p.text();
        else if (p.is(kVersions, u"LoginUrl"))
            v.loginUrl = QUrl(p.text());
        else if (p.is(kVersions, u"ProviderLoginUrl"))
            v.providerLoginUrl = QUrl(p.text());
        else
            p.skip(); // MediaTypeMapping (only < 5.7, deprecated in 33.0)
    }
    return v;
}

void readSupportedVersionsBody(Parser &p, SupportedVersions &out)
{
    while (p.next()) {
        if (p.is(kVersions, u"VersionInfo"))
            out.versions.append(readVersionInfo(p));
        else if (p.is(kVersions, u"AlphaVersion"))
            out.alphaVersion = readVersionInfo(p);
        else if (p.is(kVersions, u"SchemaRoot"))
            out.schemaRoot = QUrl(p.text());
        else
            p.skip();
    }
}

void readSessionBody(Parser &p, SessionInfo &s)
{
    s.user = p.attr(u"user");
    s.org = p.attr(u"org");
    s.userId = p.attr(u"userId");
    s.href = QUrl(p.attr(u"href"));
    s.locationId = p.attr(u"locationId");
    const QStringList roles = p.attr(u"roles").split(u',', Qt::SkipEmptyParts);
    for (const QString &r : roles) {
        const QString t = r.trimmed();
        if (!t.isEmpty())
            s.roles.append(t);
    }
    while (p.next()) {
        if (p.vc(u"Link")) {
            s.links.append(readLink(p));
        } else if (p.vc(u"AuthorizedLocations")) {
            while (p.next()) {
                if (!p.vc(u"Location")) {
                    p.skip();
                    continue;
                }
                AuthorizedLocation loc;
                while (p.next()) {
                    if (p.vc(u"LocationId"))
                        loc.locationId = p.text();
                    else if (p.vc(u"SiteName"))
                        loc.siteName = p.text();
                    else if (p.vc(u"OrgName"))
                        loc.orgName = p.text();
                    else if (p.vc(u"RestApiEndpoint"))
                        loc.restApiEndpoint = QUrl(p.text());
                    else if (p.vc(u"UIEndpoint"))
                        loc.uiEndpoint = QUrl(p.text());
                    else if (p.vc(u"AuthContext"))
                        loc.authContext = p.text();
                    else
                        p.skip();
                }
                s.authorizedLocations.append(loc);
            }
        } else {
            p.skip();
        }
    }
}

// ---- org ---------------------------------------------------------------------------------------------

void readOrgListBody(Parser &p, OrgList &out)
{
    out.href = QUrl(p.attr(u"href"));
    while (p.next()) {
        if (p.vc(u"Org"))
            out.orgs.append(readRef(p));
        else if (p.vc(u"Link"))
            out.links.append(readLink(p));
        else
            p.skip();
    }
}

void readOrgBody(Parser &p, Org &o)
{
    readEntityAttributes(p, o);
    o.adminView = p.name() == u"AdminOrg";
    while (p.next()) {
        if (p.vc(u"Link"))
            o.links.append(readLink(p));
        else if (p.vc(u"Description"))
            o.description = p.text();
        else if (p.vc(u"FullName"))
            o.fullName = p.text();
        else if (p.vc(u"IsEnabled"))
            o.enabled = p.boolText();
        else if (p.vc(u"Catalogs")) // AdminOrg lists its children at every version (§3.3.1)
            o.catalogs += readRefList(p, u"CatalogReference");
        else if (p.vc(u"Vdcs"))
            o.vdcs += readRefList(p, u"Vdc");
        else if (p.vc(u"Networks"))
            o.networks += readRefList(p, u"Network");
        else
            p.skip();
    }
    // Up to 9.x an org lists its children as rel="down" links, told apart by media type (§3.3).
    // An AdminOrg lists them as elements (read above); its down links are only the tasks list and
    // the metadata, which both views share.
    for (const Link &l : std::as_const(o.links)) {
        if (l.rel != u"down")
            continue;
        const EntityRef ref{l.href, l.type, l.name, l.id};
        if (o.adminView && !l.type.contains(u".tasksList+xml", Qt::CaseInsensitive) &&
            !l.type.contains(u".metadata+xml", Qt::CaseInsensitive))
            continue;
        if (l.type.contains(u".vdc+xml", Qt::CaseInsensitive))
            o.vdcs.append(ref);
        else if (l.type.contains(u".catalog+xml", Qt::CaseInsensitive))
            o.catalogs.append(ref);
        else if (l.type.contains(u".orgNetwork+xml", Qt::CaseInsensitive) ||
                 l.type.contains(u".orgVdcNetwork+xml", Qt::CaseInsensitive) ||
                 l.type.contains(u".network+xml", Qt::CaseInsensitive))
            o.networks.append(ref);
        else if (l.type.contains(u".tasksList+xml", Qt::CaseInsensitive))
            o.tasksListHref = l.href;
        else if (l.type.contains(u".metadata+xml", Qt::CaseInsensitive))
            o.metadataHref = l.href;
    }
}

// ---- vdc ---------------------------------------------------------------------------------------------

CapacityWithUsage readCapacity(Parser &p)
{
    CapacityWithUsage c;
    while (p.next()) {
        if (p.vc(u"Units"))
            c.units = p.text();
        else if (p.vc(u"Allocated"))
            c.allocated = p.intText();
        else if (p.vc(u"Limit"))
            c.limit = p.intText();
        else if (p.vc(u"Reserved"))
            c.reserved = p.intText();
        else if (p.vc(u"Used"))
            c.used = p.intText();
        else if (p.vc(u"Overhead"))
            c.overhead = p.intText();
        else
            p.skip();
    }
    return c;
}

void readVdcBody(Parser &p, Vdc &v)
{
    readEntityAttributes(p, v);
    v.status = int(parseInt(p.attr(u"status")));
    while (p.next()) {
        if (p.vc(u"Link")) {
            v.links.append(readLink(p));
        } else if (p.vc(u"Description")) {
            v.description = p.text();
        } else if (p.vc(u"Tasks")) {
            v.tasks = readTasksInProgress(p);
        } else if (p.vc(u"AllocationModel")) {
            v.allocationModel = p.text();
        } else if (p.vc(u"StorageCapacity")) {
            v.storage = readCapacity(p);
        } else if (p.vc(u"ComputeCapacity")) {
            while (p.next()) {
                if (p.vc(u"Cpu"))
                    v.cpu = readCapacity(p);
                else if (p.vc(u"Memory"))
                    v.memory = readCapacity(p);
                else
                    p.skip();
            }
        } else if (p.vc(u"ResourceEntities")) {
            v.resourceEntities = readRefList(p, u"ResourceEntity");
        } else if (p.vc(u"AvailableNetworks")) {
            v.availableNetworks = readRefList(p, u"Network");
        } else if (p.vc(u"Capabilities")) {
            while (p.next()) {
                if (!p.vc(u"SupportedHardwareVersions")) {
                    p.skip();
                    continue;
                }
                while (p.next()) {
                    if (!p.vc(u"SupportedHardwareVersion")) {
                        p.skip();
                        continue;
                    }
                    // Older servers put the version in the text, newer ones make it a reference
                    // with a name attribute.
                    const QString name = p.attr(u"name");
                    const QString text = p.text();
                    v.supportedHardwareVersions.append(text.isEmpty() ? name : text);
                }
            }
        } else if (p.vc(u"NicQuota")) {
            v.nicQuota = int(p.intText());
        } else if (p.vc(u"NetworkQuota")) {
            v.networkQuota = int(p.intText());
        } else if (p.vc(u"UsedNetworkCount")) {
            v.usedNetworkCount = int(p.intText());
        } else if (p.vc(u"VmQuota")) {
            v.vmQuota = int(p.intText());
        } else if (p.vc(u"IsEnabled")) {
            v.enabled = p.boolText();
        } else if (p.vc(u"VdcStorageProfiles")) {
            v.storageProfiles = readRefList(p, u"VdcStorageProfile");
        } else if (p.vc(u"VCpuInMhz2") || p.vc(u"VCpuInMhz")) {
            v.vCpuInMhz = p.intText();
        } else {
            p.skip();
        }
    }
}

// ---- vm ----------------------------------------------------------------------------------------------

// rasd:AllocationUnits such as "byte * 2^20" -> the factor to MB (§3.5).
qint64 toMegabytes(qint64 quantity, QStringView units)
{
    const QStringView u = units.trimmed();
    const qsizetype caret = u.indexOf(u'^');
    if (caret >= 0) {
        const int exponent = int(parseInt(u.mid(caret + 1), 20));
        if (exponent >= 20)
            return quantity << qMin(exponent - 20, 40);
        return quantity >> qMin(20 - exponent, 40);
    }
    if (u.compare(u"byte", Qt::CaseInsensitive) == 0 || u.compare(u"bytes", Qt::CaseInsensitive) == 0)
        return quantity / (1024 * 1024);
    if (u.startsWith(u"G", Qt::CaseInsensitive))
        return quantity * 1024;
    return quantity; // MB, MegaBytes, or nothing: VCD's default unit for memory is MB
}

struct HardwareItem
{
    int resourceType = 0;
    qint64 virtualQuantity = 0;
    QString virtualQuantityUnits;
    QString allocationUnits;
    QString instanceId;
    QString elementName;
    QString address;
    QString addressOnParent;
    bool automaticAllocation = false;
    QString connection;
    QString connectionIp;
    QString connectionMode;
    bool connectionPrimary = false;
    QString resourceSubType;
    qint64 capacityMb = -1;
    int busType = 0;
    QString busSubType;
    QUrl storageProfileHref;
    int coresPerSocket = 0;
};

// One child of an ovf:Item into `it` (the reader stays on the child's end element).
void readHardwareItemChild(Parser &p, HardwareItem &it)
{
    {
        if (p.ns() == kRasd) {
            const QStringView n = p.name();
            if (n == u"ResourceType") {
                it.resourceType = int(p.intText());
            } else if (n == u"VirtualQuantity") {
                it.virtualQuantity = p.intText();
            } else if (n == u"VirtualQuantityUnits") {
                it.virtualQuantityUnits = p.text();
            } else if (n == u"AllocationUnits") {
                it.allocationUnits = p.text();
            } else if (n == u"InstanceID") {
                it.instanceId = p.text();
            } else if (n == u"ElementName") {
                it.elementName = p.text();
            } else if (n == u"Address") {
                it.address = p.text();
            } else if (n == u"AddressOnParent") {
                it.addressOnParent = p.text();
            } else if (n == u"AutomaticAllocation") {
                it.automaticAllocation = p.boolText();
            } else if (n == u"ResourceSubType") {
                it.resourceSubType = p.text();
            } else if (n == u"Connection") {
                it.connectionIp = p.attr(u"ipAddress");
                it.connectionMode = p.attr(u"ipAddressingMode");
                it.connectionPrimary = parseBool(p.attr(u"primaryNetworkConnection"));
                it.connection = p.text();
            } else if (n == u"HostResource") {
                if (p.hasAttr(u"capacity"))
                    it.capacityMb = parseInt(p.attr(u"capacity"));
                it.busType = int(parseInt(p.attr(u"busType")));
                it.busSubType = p.attr(u"busSubType");
                it.storageProfileHref = QUrl(p.attr(u"storageProfileHref"));
                p.skip();
            } else {
                p.skip();
            }
        } else if (p.is(kVmw, u"CoresPerSocket")) {
            it.coresPerSocket = int(p.intText());
        } else {
            p.skip();
        }
    }
}

HardwareItem readHardwareItem(Parser &p)
{
    HardwareItem it;
    while (p.next())
        readHardwareItemChild(p, it);
    return it;
}

void readVirtualHardwareSection(Parser &p, Vm &vm, QList<VmNic> &hardwareNics)
{
    while (p.next()) {
        if (p.is(kOvf, u"System")) {
            while (p.next()) {
                if (p.is(kVssd, u"VirtualSystemType"))
                    vm.hardwareVersion = p.text();
                else
                    p.skip();
            }
        } else if (p.is(kOvf, u"Item")) {
            const HardwareItem it = readHardwareItem(p);
            switch (it.resourceType) {
            case 3: // CPU
                vm.cpus = int(it.virtualQuantity);
                if (it.coresPerSocket > 0)
                    vm.coresPerSocket = it.coresPerSocket;
                break;
            case 4: // memory
                vm.memoryMb = toMegabytes(it.virtualQuantity, it.allocationUnits);
                break;
            case 17: { // disk
                VmDisk d;
                d.instanceId = it.instanceId;
                d.name = it.elementName;
                d.sizeMb = it.capacityMb >= 0 ? it.capacityMb
                                              : toMegabytes(it.virtualQuantity, it.virtualQuantityUnits);
                d.busType = it.busType;
                d.busSubType = it.busSubType;
                d.storageProfileHref = it.storageProfileHref;
                vm.disks.append(d);
                break;
            }
            case 10: { // NIC; NetworkConnectionSection is the better source, this is the fallback
                VmNic n;
                n.index = int(parseInt(it.addressOnParent, -1));
                n.network = it.connection;
                n.ipAddress = it.connectionIp;
                n.macAddress = it.address;
                n.allocationMode = it.connectionMode;
                n.primary = it.connectionPrimary;
                n.adapterType = it.resourceSubType;
                n.connected = it.automaticAllocation;
                hardwareNics.append(n);
                break;
            }
            default:
                break;
            }
        } else {
            p.skip();
        }
    }
}

VmNic readNetworkConnection(Parser &p)
{
    VmNic n;
    n.network = p.attr(u"network");
    while (p.next()) {
        if (p.vc(u"NetworkConnectionIndex"))
            n.index = int(parseInt(p.text(), -1));
        else if (p.vc(u"IpAddress"))
            n.ipAddress = p.text();
        else if (p.vc(u"ExternalIpAddress"))
            n.externalIpAddress = p.text();
        else if (p.vc(u"IsConnected"))
            n.connected = p.boolText();
        else if (p.vc(u"MACAddress"))
            n.macAddress = p.text();
        else if (p.vc(u"IpAddressAllocationMode"))
            n.allocationMode = p.text();
        else if (p.vc(u"NetworkAdapterType"))
            n.adapterType = p.text();
        else
            p.skip();
    }
    return n;
}

void readNetworkConnectionSection(Parser &p, Vm &vm)
{
    // A body may repeat the section (seen in a published fixture); the last one wins.
    vm.nics.clear();
    vm.primaryNicIndex = -1;
    while (p.next()) {
        if (p.vc(u"PrimaryNetworkConnectionIndex")) {
            vm.primaryNicIndex = int(parseInt(p.text(), -1));
        } else if (p.vc(u"NetworkConnection")) {
            vm.nics.append(readNetworkConnection(p));
        } else {
            p.skip();
        }
    }
    for (VmNic &n : vm.nics)
        n.primary = n.index >= 0 && n.index == vm.primaryNicIndex;
}

void readVmBody(Parser &p, Vm &vm)
{
    readEntityAttributes(p, vm);
    vm.status = int(parseInt(p.attr(u"status")));
    vm.deployed = parseBool(p.attr(u"deployed"));
    vm.needsCustomization = parseBool(p.attr(u"needsCustomization"));
    QList<VmNic> hardwareNics;
    bool sawConnectionSection = false;
    while (p.next()) {
        if (p.vc(u"Link")) {
            vm.links.append(readLink(p));
        } else if (p.vc(u"Description")) {
            vm.description = p.text();
        } else if (p.vc(u"Tasks")) {
            vm.tasks = readTasksInProgress(p);
        } else if (p.is(kOvf, u"VirtualHardwareSection")) {
            readVirtualHardwareSection(p, vm, hardwareNics);
        } else if (p.is(kOvf, u"OperatingSystemSection")) {
            vm.osType = p.attrNs(kVmw, u"osType");
            while (p.next()) {
                if (p.is(kOvf, u"Description"))
                    vm.guestOs = p.text();
                else
                    p.skip();
            }
        } else if (p.vc(u"NetworkConnectionSection")) {
            sawConnectionSection = true;
            readNetworkConnectionSection(p, vm);
        } else if (p.vc(u"GuestCustomizationSection")) {
            while (p.next()) {
                if (p.vc(u"ComputerName"))
                    vm.computerName = p.text();
                else
                    p.skip();
            }
        } else if (p.vc(u"RuntimeInfoSection")) {
            while (p.next()) {
                if (p.vc(u"VMWareTools")) {
                    vm.vmToolsVersion = p.attr(u"version");
                    vm.vmToolsStatus = p.attr(u"status");
                    p.skip();
                } else {
                    p.skip();
                }
            }
        } else if (p.vc(u"SnapshotSection")) {
            vm.snapshot = readSnapshotSection(p);
        } else if (p.vc(u"DateCreated")) {
            vm.dateCreated = p.dateText();
        } else if (p.vc(u"VAppScopedLocalId")) {
            vm.vAppScopedLocalId = p.text();
        } else if (p.vc(u"VmCapabilities")) {
            while (p.next()) {
                if (p.vc(u"MemoryHotAddEnabled"))
                    vm.memoryHotAddEnabled = p.boolText();
                else if (p.vc(u"CpuHotAddEnabled"))
                    vm.cpuHotAddEnabled = p.boolText();
                else
                    p.skip();
            }
        } else if (p.vc(u"StorageProfile")) {
            vm.storageProfile = readRef(p);
        } else {
            p.skip();
        }
    }
    if (!sawConnectionSection && !hardwareNics.isEmpty()) {
        vm.nics = hardwareNics;
        for (const VmNic &n : std::as_const(vm.nics)) {
            if (n.primary)
                vm.primaryNicIndex = n.index;
        }
    }
}

QList<Vm> readChildrenVms(Parser &p)
{
    QList<Vm> vms;
    while (p.next()) {
        if (p.vc(u"Vm")) {
            Vm vm;
            readVmBody(p, vm);
            vms.append(vm);
        } else {
            p.skip();
        }
    }
    return vms;
}

// ---- vApp and template ---------------------------------------------------------------------------------

void readVAppBody(Parser &p, VApp &a)
{
    readEntityAttributes(p, a);
    a.status = int(parseInt(p.attr(u"status")));
    a.deployed = parseBool(p.attr(u"deployed"));
    a.ovfDescriptorUploaded = parseBool(p.attr(u"ovfDescriptorUploaded"));
    while (p.next()) {
        if (p.vc(u"Link")) {
            a.links.append(readLink(p));
        } else if (p.vc(u"Description")) {
            a.description = p.text();
        } else if (p.vc(u"Tasks")) {
            a.tasks = readTasksInProgress(p);
        } else if (p.vc(u"LeaseSettingsSection")) {
            while (p.next()) {
                if (p.vc(u"DeploymentLeaseInSeconds"))
                    a.deploymentLeaseSeconds = p.intText();
                else if (p.vc(u"StorageLeaseInSeconds"))
                    a.storageLeaseSeconds = p.intText();
                else
                    p.skip();
            }
        } else if (p.vc(u"NetworkConfigSection")) {
            while (p.next()) {
                if (!p.vc(u"NetworkConfig")) {
                    p.skip();
                    continue;
                }
                VAppNetworkConfig nc;
                nc.networkName = p.attr(u"networkName");
                while (p.next()) {
                    if (p.vc(u"Description")) {
                        nc.description = p.text();
                    } else if (p.vc(u"Configuration")) {
                        const NetworkConfiguration c = readNetworkConfiguration(p);
                        nc.fenceMode = c.fenceMode;
                        nc.parentNetwork = c.parentNetwork;
                        if (!c.ipScopes.isEmpty()) {
                            nc.gateway = c.ipScopes.first().gateway;
                            nc.netmask = c.ipScopes.first().netmask;
                        }
                    } else if (p.vc(u"IsDeployed")) {
                        nc.deployed = p.boolText();
                    } else {
                        p.skip();
                    }
                }
                a.networks.append(nc);
            }
        } else if (p.vc(u"SnapshotSection")) {
            a.snapshot = readSnapshotSection(p);
        } else if (p.vc(u"DateCreated")) {
            a.dateCreated = p.dateText();
        } else if (p.vc(u"Owner")) {
            a.owner = readOwner(p);
        } else if (p.vc(u"InMaintenanceMode")) {
            a.inMaintenanceMode = p.boolText();
        } else if (p.vc(u"Children")) {
            a.vms = readChildrenVms(p);
        } else {
            p.skip();
        }
    }
}

void readVAppTemplateBody(Parser &p, VAppTemplate &t)
{
    readEntityAttributes(p, t);
    t.status = int(parseInt(p.attr(u"status")));
    t.goldMaster = parseBool(p.attr(u"goldMaster"));
    t.ovfDescriptorUploaded = parseBool(p.attr(u"ovfDescriptorUploaded"));
    while (p.next()) {
        if (p.vc(u"Link")) {
            t.links.append(readLink(p));
        } else if (p.vc(u"Description")) {
            t.description = p.text();
        } else if (p.vc(u"Tasks")) {
            t.tasks = readTasksInProgress(p);
        } else if (p.vc(u"Owner")) {
            t.owner = readOwner(p);
        } else if (p.vc(u"Children")) {
            t.vms = readChildrenVms(p);
        } else if (p.vc(u"LeaseSettingsSection")) {
            while (p.next()) {
                if (p.vc(u"StorageLeaseInSeconds"))
                    t.storageLeaseSeconds = p.intText();
                else
                    p.skip();
            }
        } else if (p.vc(u"CustomizationSection")) {
            while (p.next()) {
                if (p.vc(u"CustomizeOnInstantiate"))
                    t.customizeOnInstantiate = p.boolText();
                else
                    p.skip();
            }
        } else if (p.vc(u"DateCreated")) {
            t.dateCreated = p.dateText();
        } else {
            p.skip();
        }
    }
}

// ---- catalogs and media ----------------------------------------------------------------------------------

void readCatalogBody(Parser &p, Catalog &c)
{
    readEntityAttributes(p, c);
    while (p.next()) {
        if (p.vc(u"Link"))
            c.links.append(readLink(p));
        else if (p.vc(u"Description"))
            c.description = p.text();
        else if (p.vc(u"Tasks"))
            c.tasks = readTasksInProgress(p);
        else if (p.vc(u"Owner"))
            c.owner = readOwner(p);
        else if (p.vc(u"CatalogItems"))
            c.items = readRefList(p, u"CatalogItem");
        else if (p.vc(u"IsPublished"))
            c.published = p.boolText();
        else if (p.vc(u"DateCreated"))
            c.dateCreated = p.dateText();
        else if (p.vc(u"VersionNumber"))
            c.versionNumber = int(p.intText());
        else
            p.skip();
    }
}

void readCatalogItemBody(Parser &p, CatalogItem &c)
{
    readEntityAttributes(p, c);
    c.size = parseInt(p.attr(u"size"));
    while (p.next()) {
        if (p.vc(u"Link"))
            c.links.append(readLink(p));
        else if (p.vc(u"Description"))
            c.description = p.text();
        else if (p.vc(u"Tasks"))
            c.tasks = readTasksInProgress(p);
        else if (p.vc(u"Entity"))
            c.entity = readRef(p);
        else if (p.vc(u"DateCreated"))
            c.dateCreated = p.dateText();
        else if (p.vc(u"VersionNumber"))
            c.versionNumber = int(p.intText());
        else
            p.skip();
    }
}

void readMediaBody(Parser &p, Media &m)
{
    readEntityAttributes(p, m);
    m.status = int(parseInt(p.attr(u"status")));
    m.imageType = p.attr(u"imageType");
    m.size = parseInt(p.attr(u"size"));
    while (p.next()) {
        if (p.vc(u"Link"))
            m.links.append(readLink(p));
        else if (p.vc(u"Description"))
            m.description = p.text();
        else if (p.vc(u"Tasks"))
            m.tasks = readTasksInProgress(p);
        else if (p.vc(u"Owner"))
            m.owner = readOwner(p);
        else if (p.vc(u"VdcStorageProfile"))
            m.storageProfile = readRef(p);
        else
            p.skip();
    }
}

// ---- networks and edges ----------------------------------------------------------------------------------

void readOrgVdcNetworkBody(Parser &p, OrgVdcNetwork &n)
{
    readEntityAttributes(p, n);
    n.legacyOrgNetwork = p.name() == u"OrgNetwork";
    n.status = int(parseInt(p.attr(u"status")));
    while (p.next()) {
        if (p.vc(u"Link")) {
            n.links.append(readLink(p));
        } else if (p.vc(u"Description")) {
            n.description = p.text();
        } else if (p.vc(u"Tasks")) {
            n.tasks = readTasksInProgress(p);
        } else if (p.vc(u"Configuration")) {
            const NetworkConfiguration c = readNetworkConfiguration(p);
            n.ipScopes = c.ipScopes;
            n.parentNetwork = c.parentNetwork;
            n.fenceMode = c.fenceMode;
            n.retainNetInfoAcrossDeployments = c.retainNetInfo;
        } else if (p.vc(u"EdgeGateway")) {
            n.edgeGateway = readRef(p);
        } else if (p.vc(u"IsShared")) {
            n.shared = p.boolText();
        } else {
            p.skip();
        }
    }
}

SubnetParticipation readSubnetParticipation(Parser &p)
{
    SubnetParticipation s;
    while (p.next()) {
        if (p.vc(u"Gateway"))
            s.gateway = p.text();
        else if (p.vc(u"Netmask"))
            s.netmask = p.text();
        else if (p.vc(u"IpAddress"))
            s.ipAddress = p.text();
        else if (p.vc(u"IpRanges"))
            s.ipRanges = readIpRanges(p);
        else
            p.skip();
    }
    return s;
}

GatewayInterface readGatewayInterface(Parser &p)
{
    GatewayInterface g;
    while (p.next()) {
        if (p.vc(u"Name"))
            g.name = p.text();
        else if (p.vc(u"DisplayName"))
            g.displayName = p.text();
        else if (p.vc(u"Network"))
            g.network = readRef(p);
        else if (p.vc(u"InterfaceType"))
            g.interfaceType = p.text();
        else if (p.vc(u"SubnetParticipation"))
            g.subnets.append(readSubnetParticipation(p));
        else if (p.vc(u"ApplyRateLimit"))
            g.applyRateLimit = p.boolText();
        else if (p.vc(u"InRateLimit"))
            g.inRateLimit = p.text().toDouble();
        else if (p.vc(u"OutRateLimit"))
            g.outRateLimit = p.text().toDouble();
        else if (p.vc(u"UseForDefaultRoute"))
            g.useForDefaultRoute = p.boolText();
        else
            p.skip();
    }
    return g;
}

EdgeService readEdgeService(Parser &p)
{
    EdgeService s;
    s.name = p.name().toString();
    while (p.next()) {
        const QStringView n = p.name();
        if (p.vc(u"IsEnabled")) {
            s.enabled = p.boolText();
        } else {
            if (p.ns() == kVcloud && (n.endsWith(u"Rule") || n == u"Tunnel" || n == u"StaticRoute" ||
                                      n == u"Pool" || n == u"VirtualServer"))
                ++s.ruleCount;
            p.skip();
        }
    }
    return s;
}

void readEdgeGatewayBody(Parser &p, EdgeGateway &g)
{
    readEntityAttributes(p, g);
    g.status = int(parseInt(p.attr(u"status")));
    while (p.next()) {
        if (p.vc(u"Link")) {
            g.links.append(readLink(p));
        } else if (p.vc(u"Description")) {
            g.description = p.text();
        } else if (p.vc(u"Tasks")) {
            g.tasks = readTasksInProgress(p);
        } else if (p.vc(u"Configuration")) {
            while (p.next()) {
                if (p.vc(u"GatewayBackingConfig")) {
                    g.gatewayBackingConfig = p.text();
                } else if (p.vc(u"GatewayInterfaces")) {
                    while (p.next()) {
                        if (p.vc(u"GatewayInterface"))
                            g.interfaces.append(readGatewayInterface(p));
                        else
                            p.skip();
                    }
                } else if (p.vc(u"EdgeGatewayServiceConfiguration")) {
                    while (p.next()) {
                        if (p.ns() == kVcloud && p.name().endsWith(u"Service"))
                            g.services.append(readEdgeService(p));
                        else
                            p.skip();
                    }
                } else if (p.vc(u"HaEnabled")) {
                    g.haEnabled = p.boolText();
                } else if (p.vc(u"UseDefaultRouteForDnsRelay")) {
                    g.useDefaultRouteForDnsRelay = p.boolText();
                } else {
                    p.skip();
                }
            }
        } else {
            p.skip();
        }
    }
}

// ---- metadata
// ----------------------------------------------------------------------------------------------

// Fills the parts shared by MetadataEntry and MetadataValue: Domain, Key, Value (1.5 style) and
// TypedValue (5.1+, typed by xsi:type) (§3.10).
void readMetadataChild(Parser &p, MetadataEntry &e)
{
    if (p.vc(u"Link")) {
        e.links.append(readLink(p));
    } else if (p.vc(u"Domain")) {
        e.visibility = metadataVisibilityFromString(p.attr(u"visibility"));
        e.domain = metadataDomainFromString(p.text());
    } else if (p.vc(u"Key")) {
        e.key = p.text();
    } else if (p.vc(u"Value")) {
        e.value = p.text();
    } else if (p.vc(u"TypedValue")) {
        e.type = metadataTypeFromXsiType(p.attrNs(kXsi, u"type"));
        while (p.next()) {
            if (p.vc(u"Value"))
                e.value = p.text();
            else
                p.skip();
        }
    } else {
        p.skip();
    }
}

MetadataEntry readMetadataEntry(Parser &p)
{
    MetadataEntry e;
    e.href = QUrl(p.attr(u"href"));
    while (p.next())
        readMetadataChild(p, e);
    return e;
}

void readMetadataBody(Parser &p, Metadata &m)
{
    m.href = QUrl(p.attr(u"href"));
    while (p.next()) {
        if (p.vc(u"Link"))
            m.links.append(readLink(p));
        else if (p.vc(u"MetadataEntry"))
            m.entries.append(readMetadataEntry(p));
        else
            p.skip();
    }
}

void readMetadataValueBody(Parser &p, MetadataEntry &e)
{
    e.href = QUrl(p.attr(u"href"));
    while (p.next())
        readMetadataChild(p, e);
}

// ---- query service
// -------------------------------------------------------------------------------------------

template<class Page> void readContainerAttributes(const Parser &p, Page &page)
{
    page.name = p.attr(u"name");
    page.type = p.attr(u"type");
    page.href = QUrl(p.attr(u"href"));
    page.total = parseInt(p.attr(u"total"));
    page.page = int(parseInt(p.attr(u"page"), 1));
    page.pageSize = int(parseInt(p.attr(u"pageSize")));
}

// Records of one page repeat the same attribute names in the same order, and many values (status,
// true/false, the VDC, the guest OS…) repeat from one record to the next. Reusing the previous
// record's string at the same position when it is equal shares one allocation (implicit sharing)
// instead of making thousands: a 30,000-VM tree holds about a million attribute strings otherwise.
struct RecordStrings
{
    QString element;
    std::vector<QString> names;
    std::vector<QString> values;

    static const QString &reuse(QString &slot, QStringView text)
    {
        if (slot != text)
            slot = text.toString();
        return slot;
    }
};

QueryRecord readQueryRecord(Parser &p, RecordStrings &shared)
{
    QueryRecord r;
    r.elementName = RecordStrings::reuse(shared.element, p.name());
    const QXmlStreamAttributes attrs = p.xml().attributes();
    r.attributes.reserve(attrs.size());
    if (shared.names.size() < size_t(attrs.size())) {
        shared.names.resize(size_t(attrs.size()));
        shared.values.resize(size_t(attrs.size()));
    }
    for (qsizetype i = 0; i < attrs.size(); ++i) {
        const QXmlStreamAttribute &a = attrs.at(i);
        r.attributes.append({RecordStrings::reuse(shared.names[size_t(i)], a.name()),
                             RecordStrings::reuse(shared.values[size_t(i)], a.value())});
    }
    while (p.next()) {
        if (p.vc(u"Link")) {
            r.links.append(readLink(p));
        } else if (p.vc(u"Metadata")) {
            while (p.next()) {
                if (p.vc(u"MetadataEntry"))
                    r.metadata.append(readMetadataEntry(p));
                else
                    p.skip();
            }
        } else {
            p.skip();
        }
    }
    return r;
}

void readQueryRecordsBody(Parser &p, QueryPage &page)
{
    readContainerAttributes(p, page);
    RecordStrings shared;
    while (p.next()) {
        if (p.vc(u"Link"))
            page.links.append(readLink(p));
        else if (p.ns() == kVcloud && p.name().endsWith(u"Record"))
            page.records.append(readQueryRecord(p, shared)); // VMRecord, OrgVdcRecord, ... every record type
        else
            p.skip();
    }
}

void readQueryReferencesBody(Parser &p, QueryReferencesPage &page)
{
    page.rootName = p.name().toString();
    readContainerAttributes(p, page);
    while (p.next()) {
        if (p.vc(u"Link"))
            page.links.append(readLink(p));
        else if (p.ns() == kVcloud && p.name().endsWith(u"Reference"))
            page.references.append(readRef(p)); // VMReference, OrgReference, ...
        else
            p.skip();
    }
}

// ---- sections read on their own (§3.11)
// ------------------------------------------------------------------------------

// href/type (plain or vcloud:-qualified: ovf sections carry vcloud:href), ovf:Info and Link children
// are common to every section; `child` handles the rest of the children.
template<class Section, class Child> void readSectionBody(Parser &p, Section &sec, Child child)
{
    sec.href = QUrl(p.attr(u"href"));
    sec.type = p.attr(u"type");
    while (p.next()) {
        if (p.is(kOvf, u"Info"))
            sec.info = p.text();
        else if (p.vc(u"Link"))
            sec.links.append(readLink(p));
        else
            child(p, sec);
    }
}

RasdItem toRasdItem(const HardwareItem &h)
{
    RasdItem r;
    r.resourceType = h.resourceType;
    r.resourceSubType = h.resourceSubType;
    r.instanceId = h.instanceId;
    r.elementName = h.elementName;
    r.address = h.address;
    r.addressOnParent = h.addressOnParent;
    r.automaticAllocation = h.automaticAllocation;
    r.virtualQuantity = h.virtualQuantity;
    r.virtualQuantityUnits = h.virtualQuantityUnits;
    r.allocationUnits = h.allocationUnits;
    r.connection = h.connection;
    r.ipAddress = h.connectionIp;
    r.ipAddressingMode = h.connectionMode;
    r.primaryNetworkConnection = h.connectionPrimary;
    if (h.capacityMb >= 0)
        r.capacityMb = h.capacityMb;
    r.busType = h.busType;
    r.busSubType = h.busSubType;
    r.storageProfileHref = h.storageProfileHref;
    r.coresPerSocket = h.coresPerSocket;
    return r;
}

// One ovf:Item or vcloud:Item: the shared hardware-item reader plus what only a standalone item
// needs (its href, links, description, parent, reservation/limit/weight).
RasdItem readRasdItem(Parser &p)
{
    const QUrl href(p.attr(u"href"));
    const QString type = p.attr(u"type");
    QList<Link> links;
    QString description, parent;
    qint64 reservation = 0, limit = 0, weight = 0;
    HardwareItem h;
    while (p.next()) {
        if (p.vc(u"Link")) {
            links.append(readLink(p));
        } else if (p.ns() == kRasd && p.name() == u"Description") {
            description = p.text();
        } else if (p.ns() == kRasd && p.name() == u"Parent") {
            parent = p.text();
        } else if (p.ns() == kRasd && p.name() == u"Reservation") {
            reservation = p.intText();
        } else if (p.ns() == kRasd && p.name() == u"Limit") {
            limit = p.intText();
        } else if (p.ns() == kRasd && p.name() == u"Weight") {
            weight = p.intText();
        } else {
            readHardwareItemChild(p, h);
        }
    }
    RasdItem r = toRasdItem(h);
    r.href = href;
    r.type = type;
    r.links = links;
    r.description = description;
    r.parent = parent;
    r.reservation = reservation;
    r.limit = limit;
    r.weight = weight;
    return r;
}

void readVirtualHardwareSectionBody(Parser &p, VirtualHardwareSection &sec)
{
    readSectionBody(p, sec, [](Parser &q, VirtualHardwareSection &s) {
        if (q.is(kOvf, u"System")) {
            while (q.next()) {
                if (q.is(kVssd, u"VirtualSystemType"))
                    s.hardwareVersion = q.text();
                else if (q.is(kVssd, u"VirtualSystemIdentifier"))
                    s.virtualSystemIdentifier = q.text();
                else
                    q.skip();
            }
        } else if (q.is(kOvf, u"Item")) {
            s.items.append(readRasdItem(q));
        } else {
            q.skip();
        }
    });
}

void readRasdItemsListBody(Parser &p, RasdItemsList &list)
{
    list.href = QUrl(p.attr(u"href"));
    list.type = p.attr(u"type");
    while (p.next()) {
        if (p.vc(u"Link"))
            list.links.append(readLink(p));
        else if (p.vc(u"Item") || p.is(kOvf, u"Item"))
            list.items.append(readRasdItem(p));
        else
            p.skip();
    }
}

void readNetworkConnectionSectionBody(Parser &p, NetworkConnectionSection &sec)
{
    readSectionBody(p, sec, [](Parser &q, NetworkConnectionSection &s) {
        if (q.vc(u"PrimaryNetworkConnectionIndex")) {
            s.primaryIndex = int(parseInt(q.text(), -1));
        } else if (q.vc(u"NetworkConnection")) {
            s.connections.append(readNetworkConnection(q));
        } else {
            q.skip();
        }
    });
    for (VmNic &n : sec.connections)
        n.primary = n.index >= 0 && n.index == sec.primaryIndex;
}

void readGuestCustomizationSectionBody(Parser &p, GuestCustomizationSection &sec)
{
    readSectionBody(p, sec, [](Parser &q, GuestCustomizationSection &s) {
        const QStringView n = q.name();
        if (q.ns() != kVcloud) {
            q.skip();
        } else if (n == u"Enabled") {
            s.enabled = q.boolText();
        } else if (n == u"ChangeSid") {
            s.changeSid = q.boolText();
        } else if (n == u"VirtualMachineId") {
            s.virtualMachineId = q.text();
        } else if (n == u"JoinDomainEnabled") {
            s.joinDomainEnabled = q.boolText();
        } else if (n == u"UseOrgSettings") {
            s.useOrgSettings = q.boolText();
        } else if (n == u"DomainName") {
            s.domainName = q.text();
        } else if (n == u"DomainUserName") {
            s.domainUserName = q.text();
        } else if (n == u"AdminPasswordEnabled") {
            s.adminPasswordEnabled = q.boolText();
        } else if (n == u"AdminPasswordAuto") {
            s.adminPasswordAuto = q.boolText();
        } else if (n == u"AdminPassword") {
            // Read past, never kept (see sectiontypes.h).
            s.hasAdminPassword = !q.text().isEmpty();
        } else if (n == u"AdminAutoLogonEnabled") {
            s.adminAutoLogonEnabled = q.boolText();
        } else if (n == u"AdminAutoLogonCount") {
            s.adminAutoLogonCount = int(q.intText());
        } else if (n == u"ResetPasswordRequired") {
            s.resetPasswordRequired = q.boolText();
        } else if (n == u"CustomizationScript") {
            s.hasCustomizationScript = !q.text().isEmpty();
        } else if (n == u"ComputerName") {
            s.computerName = q.text();
        } else {
            q.skip();
        }
    });
}

void readOperatingSystemSectionBody(Parser &p, OperatingSystemSection &sec)
{
    sec.osId = int(parseInt(p.attrNs(kOvf, u"id")));
    sec.osType = p.attrNs(kVmw, u"osType");
    readSectionBody(p, sec, [](Parser &q, OperatingSystemSection &s) {
        if (q.is(kOvf, u"Description"))
            s.description = q.text();
        else
            q.skip();
    });
}

void readLeaseSettingsSectionBody(Parser &p, LeaseSettingsSection &sec)
{
    readSectionBody(p, sec, [](Parser &q, LeaseSettingsSection &s) {
        if (q.vc(u"DeploymentLeaseInSeconds"))
            s.deploymentLeaseSeconds = q.intText();
        else if (q.vc(u"StorageLeaseInSeconds"))
            s.storageLeaseSeconds = q.intText();
        else if (q.vc(u"DeploymentLeaseExpiration"))
            s.deploymentLeaseExpiration = q.dateText();
        else if (q.vc(u"StorageLeaseExpiration"))
            s.storageLeaseExpiration = q.dateText();
        else
            q.skip();
    });
}

void readStartupSectionBody(Parser &p, StartupSection &sec)
{
    readSectionBody(p, sec, [](Parser &q, StartupSection &s) {
        if (!q.is(kOvf, u"Item")) {
            q.skip();
            return;
        }
        StartupItem it;
        it.id = q.attrNs(kOvf, u"id");
        it.order = int(parseInt(q.attrNs(kOvf, u"order")));
        it.startAction = q.attrNs(kOvf, u"startAction");
        it.startDelay = int(parseInt(q.attrNs(kOvf, u"startDelay")));
        it.waitingForGuest = parseBool(q.attrNs(kOvf, u"waitingForGuest"));
        it.stopAction = q.attrNs(kOvf, u"stopAction");
        it.stopDelay = int(parseInt(q.attrNs(kOvf, u"stopDelay")));
        q.skip();
        s.items.append(it);
    });
}

ProductSection readProductSection(Parser &p)
{
    ProductSection sec;
    sec.className = p.attrNs(kOvf, u"class");
    sec.instance = p.attrNs(kOvf, u"instance");
    QString category;
    while (p.next()) {
        if (p.ns() != kOvf) {
            p.skip();
            continue;
        }
        const QStringView n = p.name();
        if (n == u"Info") {
            sec.info = p.text();
        } else if (n == u"Product") {
            sec.product = p.text();
        } else if (n == u"Vendor") {
            sec.vendor = p.text();
        } else if (n == u"Version") {
            sec.version = p.text();
        } else if (n == u"FullVersion") {
            sec.fullVersion = p.text();
        } else if (n == u"Category") {
            category = p.text();
        } else if (n == u"Property") {
            ProductProperty prop;
            prop.key = p.attrNs(kOvf, u"key");
            prop.type = p.attrNs(kOvf, u"type");
            prop.userConfigurable = parseBool(p.attrNs(kOvf, u"userConfigurable"));
            prop.password = parseBool(p.attrNs(kOvf, u"password"));
            prop.value = p.attrNs(kOvf, u"value");
            prop.category = category;
            while (p.next()) {
                if (p.is(kOvf, u"Label"))
                    prop.label = p.text();
                else if (p.is(kOvf, u"Description"))
                    prop.description = p.text();
                else if (p.is(kOvf, u"Value")) {
                    // A configured value (ovf:Value ovf:value="…") overrides the default.
                    prop.value = p.attrNs(kOvf, u"value");
                    p.skip();
                } else
                    p.skip();
            }
            if (prop.password)
                prop.value.clear(); // never kept (see sectiontypes.h)
            sec.properties.append(prop);
        } else {
            p.skip();
        }
    }
    return sec;
}

void readProductSectionListBody(Parser &p, ProductSectionList &list)
{
    list.href = QUrl(p.attr(u"href"));
    list.type = p.attr(u"type");
    while (p.next()) {
        if (p.vc(u"Link"))
            list.links.append(readLink(p));
        else if (p.is(kOvf, u"ProductSection"))
            list.sections.append(readProductSection(p));
        else
            p.skip();
    }
}

// ---- the shared frame of every XML reader
// ---------------------------------------------------------------------

struct RootName
{
    QStringView ns;
    QStringView local;
};

ReadError apiErrorFrom(const ApiErrorBody &body, qint64 line, qint64 column)
{
    ReadError e;
    e.kind = ReadError::Kind::ApiError;
    e.line = line;
    e.column = column;
    e.apiError = body;
    e.message = body.minorErrorCode.isEmpty()
                    ? body.message
                    : u"%1 (%2): %3"_s.arg(body.minorErrorCode).arg(body.majorErrorCode).arg(body.message);
    return e;
}

// Opens the body, checks the root, runs `fill` on it and checks well-formedness to the end.
// An Error root is turned into ReadError::ApiError unless the caller asked for Error itself.
template<class T, class Fill>
ReadResult<T> readRoot(const QByteArray &body, std::initializer_list<RootName> accepted, Fill fill)
{
    Parser p(body);
    if (!p.toRoot())
        return ReadResult<T>::failure(p.malformed());

    const qint64 rootLine = p.xml().lineNumber();
    const qint64 rootColumn = p.xml().columnNumber();
    bool match = false;
    for (const RootName &r : accepted) {
        if (p.is(r.ns, r.local)) {
            match = true;
            break;
        }
    }

    if (!match && p.vc(u"Error")) {
        const ApiErrorBody err = readErrorBody(p);
        p.drain();
        if (p.hasError())
            return ReadResult<T>::failure(p.malformed());
        return ReadResult<T>::failure(apiErrorFrom(err, rootLine, rootColumn));
    }
    if (!match) {
        ReadError e;
        e.kind = ReadError::Kind::WrongRoot;
        e.line = rootLine;
        e.column = rootColumn;
        e.found = clark(p.ns(), p.name());
        QStringList expected;
        for (const RootName &r : accepted)
            expected.append(clark(r.ns, r.local));
        e.expected = expected.join(u" or "_s);
        e.message = u"Expected root element %1, found %2"_s.arg(e.expected, e.found);
        p.drain();
        if (p.hasError())
            return ReadResult<T>::failure(p.malformed());
        return ReadResult<T>::failure(e);
    }

    T value{};
    fill(p, value);
    p.drain();
    if (p.hasError())
        return ReadResult<T>::failure(p.malformed());
    return ReadResult<T>::success(std::move(value));
}

// ---- JSON
// --------------------------------------------------------------------------------------------------------

// QJsonParseError only gives an offset; turn it into line/column like the XML readers do.
ReadError jsonMalformed(const QByteArray &body, const QJsonParseError &err)
{
    ReadError e;
    e.kind = ReadError::Kind::Malformed;
    e.message = err.errorString();
    const qsizetype offset = qBound(qsizetype(0), qsizetype(err.offset), body.size());
    e.line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (body.at(i) == '\n') {
            ++e.line;
            lineStart = i + 1;
        }
    }
    e.column = offset - lineStart + 1;
    return e;
}

std::optional<QJsonObject> parseJsonObject(const QByteArray &body, ReadError &error)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError) {
        error = jsonMalformed(body, err);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        error.kind = ReadError::Kind::WrongShape;
        error.message = u"Expected a JSON object"_s;
        return std::nullopt;
    }
    return doc.object();
}

// The cloudapi error shape: {"minorErrorCode", "message", "stackTrace", optional "majorErrorCode"}.
bool looksLikeJsonError(const QJsonObject &o)
{
    return o.contains(u"minorErrorCode") && o.contains(u"message");
}

ApiErrorBody errorFromJson(const QJsonObject &o)
{
    ApiErrorBody e;
    const QJsonValue major = o.value(u"majorErrorCode");
    e.majorErrorCode = major.isString() ? int(parseInt(major.toString())) : major.toInt();
    e.minorErrorCode = o.value(u"minorErrorCode").toString();
    e.message = o.value(u"message").toString();
    e.vendorSpecificErrorCode = o.value(u"vendorSpecificErrorCode").toString();
    e.stackTrace = o.value(u"stackTrace").toString(); // null -> empty
    e.requestId = requestIdOf(e.message);
    return e;
}

} // namespace

// ---- public API
// ------------------------------------------------------------------------------------------------------

qint64 RasdItem::megabytes() const
{
    if (capacityMb)
        return *capacityMb;
    return toMegabytes(virtualQuantity, resourceType == 17 ? virtualQuantityUnits : allocationUnits);
}

QString XmlReaders::vcloudNamespace()
{
    return kVcloud.toString();
}

QString XmlReaders::versionsNamespace()
{
    return kVersions.toString();
}

QString XmlReaders::requestIdFromMessage(const QString &message)
{
    return requestIdOf(message);
}

RootElement XmlReaders::rootElement(const QByteArray &body)
{
    Parser p(body);
    if (!p.toRoot() || p.hasError())
        return {};
    return {p.ns().toString(), p.name().toString()};
}

ReadResult<SupportedVersions> XmlReaders::readSupportedVersions(const QByteArray &body)
{
    return readRoot<SupportedVersions>(body, {{kVersions, u"SupportedVersions"}}, readSupportedVersionsBody);
}

ReadResult<SessionInfo> XmlReaders::readSession(const QByteArray &body)
{
    return readRoot<SessionInfo>(body, {{kVcloud, u"Session"}}, readSessionBody);
}

ReadResult<SessionInfo> XmlReaders::readSessionJson(const QByteArray &body)
{
    ReadError error;
    const std::optional<QJsonObject> o = parseJsonObject(body, error);
    if (!o)
        return ReadResult<SessionInfo>::failure(error);
    if (looksLikeJsonError(*o) && !o->contains(u"user"))
        return ReadResult<SessionInfo>::failure(apiErrorFrom(errorFromJson(*o), 0, 0));
    if (!o->contains(u"user") && !o->contains(u"id")) {
        error.kind = ReadError::Kind::WrongShape;
        error.message = u"Expected a cloudapi Session object (id, user, org)"_s;
        return ReadResult<SessionInfo>::failure(error);
    }
    // cloudapi Session (§2.3): names and ids come as {name, id} pairs.
    SessionInfo s;
    s.sessionId = o->value(u"id").toString();
    const QJsonObject user = o->value(u"user").toObject();
    s.user = user.value(u"name").toString();
    s.userId = user.value(u"id").toString();
    const QJsonObject org = o->value(u"org").toObject();
    s.org = org.value(u"name").toString();
    s.orgId = org.value(u"id").toString();
    const QJsonObject operatingOrg = o->value(u"operatingOrg").toObject();
    s.operatingOrg = operatingOrg.value(u"name").toString();
    s.operatingOrgId = operatingOrg.value(u"id").toString();
    const QJsonObject site = o->value(u"site").toObject();
    s.siteName = site.value(u"name").toString();
    s.siteId = site.value(u"id").toString();
    s.locationId = o->value(u"location").toString();
    s.sessionIdleTimeoutMinutes = o->value(u"sessionIdleTimeoutMinutes").toInt();
    // `roles` is deprecated since 35.0 in favour of `roleRefs`; take whichever is there.
    const QJsonArray roles = o->value(u"roles").toArray();
    for (const QJsonValue &r : roles) {
        if (r.isString())
            s.roles.append(r.toString());
    }
    if (s.roles.isEmpty()) {
        const QJsonArray roleRefs = o->value(u"roleRefs").toArray();
        for (const QJsonValue &r : roleRefs) {
            const QString name = r.toObject().value(u"name").toString();
            if (!name.isEmpty())
                s.roles.append(name);
        }
    }
    return ReadResult<SessionInfo>::success(std::move(s));
}

ReadResult<OrgList> XmlReaders::readOrgList(const QByteArray &body)
{
    return readRoot<OrgList>(body, {{kVcloud, u"OrgList"}}, readOrgListBody);
}

ReadResult<Org> XmlReaders::readOrg(const QByteArray &body)
{
    return readRoot<Org>(body, {{kVcloud, u"Org"}, {kVcloud, u"AdminOrg"}}, readOrgBody);
}

ReadResult<SnapshotSection> XmlReaders::readSnapshotSection(const QByteArray &body)
{
    return readRoot<SnapshotSection>(body, {{kVcloud, u"SnapshotSection"}},
                                     [](Parser &p, SnapshotSection &sec) {
                                         readSectionBody(p, sec, [](Parser &q, SnapshotSection &s) {
                                             if (q.vc(u"Snapshot"))
                                                 s.snapshot = readSnapshotAttributes(q);
                                             else
                                                 q.skip();
                                         });
                                     });
}

ReadResult<VirtualHardwareSection> XmlReaders::readVirtualHardwareSection(const QByteArray &body)
{
    return readRoot<VirtualHardwareSection>(body, {{kOvf, u"VirtualHardwareSection"}},
                                            readVirtualHardwareSectionBody);
}

ReadResult<RasdItem> XmlReaders::readRasdItem(const QByteArray &body)
{
    // GET …/virtualHardwareSection/cpu answers the vCloud Item element (vApp.xsd); accept the ovf
    // one too, as re-serialisers keep it.
    return readRoot<RasdItem>(body, {{kVcloud, u"Item"}, {kOvf, u"Item"}},
                              [](Parser &p, RasdItem &item) { item = vcd::readRasdItem(p); });
}

ReadResult<RasdItemsList> XmlReaders::readRasdItemsList(const QByteArray &body)
{
    return readRoot<RasdItemsList>(body, {{kVcloud, u"RasdItemsList"}}, readRasdItemsListBody);
}

ReadResult<NetworkConnectionSection> XmlReaders::readNetworkConnectionSection(const QByteArray &body)
{
    return readRoot<NetworkConnectionSection>(body, {{kVcloud, u"NetworkConnectionSection"}},
                                              readNetworkConnectionSectionBody);
}

ReadResult<GuestCustomizationSection> XmlReaders::readGuestCustomizationSection(const QByteArray &body)
{
    return readRoot<GuestCustomizationSection>(body, {{kVcloud, u"GuestCustomizationSection"}},
                                               readGuestCustomizationSectionBody);
}

ReadResult<OperatingSystemSection> XmlReaders::readOperatingSystemSection(const QByteArray &body)
{
    return readRoot<OperatingSystemSection>(body, {{kOvf, u"OperatingSystemSection"}},
                                            readOperatingSystemSectionBody);
}

ReadResult<LeaseSettingsSection> XmlReaders::readLeaseSettingsSection(const QByteArray &body)
{
    return readRoot<LeaseSettingsSection>(body, {{kVcloud, u"LeaseSettingsSection"}},
                                          readLeaseSettingsSectionBody);
}

ReadResult<StartupSection> XmlReaders::readStartupSection(const QByteArray &body)
{
    return readRoot<StartupSection>(body, {{kOvf, u"StartupSection"}}, readStartupSectionBody);
}

ReadResult<ProductSectionList> XmlReaders::readProductSections(const QByteArray &body)
{
    return readRoot<ProductSectionList>(body, {{kVcloud, u"ProductSectionList"}}, readProductSectionListBody);
}

ReadResult<Vdc> XmlReaders::readVdc(const QByteArray &body)
{
    return readRoot<Vdc>(body, {{kVcloud, u"Vdc"}, {kVcloud, u"AdminVdc"}}, readVdcBody);
}

ReadResult<VdcStorageProfile> XmlReaders::readVdcStorageProfile(const QByteArray &body)
{
    return readRoot<VdcStorageProfile>(
        body, {{kVcloud, u"VdcStorageProfile"}, {kVcloud, u"AdminVdcStorageProfile"}},
        [](Parser &p, VdcStorageProfile &v) {
            v.name = p.attr(u"name");
            v.id = p.attr(u"id");
            v.href = QUrl(p.attr(u"href"));
            while (p.next()) {
                if (p.vc(u"Link"))
                    v.links.append(readLink(p));
                else if (p.vc(u"Enabled"))
                    v.enabled = p.text() == u"true";
                else if (p.vc(u"Default"))
                    v.isDefault = p.text() == u"true";
                else if (p.vc(u"Units"))
                    v.units = p.text();
                else if (p.vc(u"Limit"))
                    v.limit = parseInt(p.text());
                else if (p.vc(u"StorageUsedMB"))
                    v.storageUsedMb = parseInt(p.text());
                else
                    p.skip();
            }
        });
}

ReadResult<VApp> XmlReaders::readVApp(const QByteArray &body)
{
    return readRoot<VApp>(body, {{kVcloud, u"VApp"}}, readVAppBody);
}

ReadResult<Vm> XmlReaders::readVm(const QByteArray &body)
{
    return readRoot<Vm>(body, {{kVcloud, u"Vm"}}, readVmBody);
}

ReadResult<VAppTemplate> XmlReaders::readVAppTemplate(const QByteArray &body)
{
    return readRoot<VAppTemplate>(body, {{kVcloud, u"VAppTemplate"}}, readVAppTemplateBody);
}

ReadResult<Catalog> XmlReaders::readCatalog(const QByteArray &body)
{
    return readRoot<Catalog>(body, {{kVcloud, u"Catalog"}, {kVcloud, u"AdminCatalog"}}, readCatalogBody);
}

ReadResult<CatalogItem> XmlReaders::readCatalogItem(const QByteArray &body)
{
    return readRoot<CatalogItem>(body, {{kVcloud, u"CatalogItem"}}, readCatalogItemBody);
}

ReadResult<Media> XmlReaders::readMedia(const QByteArray &body)
{
    return readRoot<Media>(body, {{kVcloud, u"Media"}}, readMediaBody);
}

ReadResult<OrgVdcNetwork> XmlReaders::readOrgVdcNetwork(const QByteArray &body)
{
    return readRoot<OrgVdcNetwork>(body, {{kVcloud, u"OrgVdcNetwork"}, {kVcloud, u"OrgNetwork"}},
                                   readOrgVdcNetworkBody);
}

ReadResult<EdgeGateway> XmlReaders::readEdgeGateway(const QByteArray &body)
{
    return readRoot<EdgeGateway>(body, {{kVcloud, u"EdgeGateway"}}, readEdgeGatewayBody);
}

ReadResult<Task> XmlReaders::readTask(const QByteArray &body)
{
    return readRoot<Task>(body, {{kVcloud, u"Task"}}, [](Parser &p, Task &t) { t = readTaskBody(p); });
}

ReadResult<TasksList> XmlReaders::readTasksList(const QByteArray &body)
{
    return readRoot<TasksList>(body, {{kVcloud, u"TasksList"}}, [](Parser &p, TasksList &l) {
        l.name = p.attr(u"name");
        l.href = QUrl(p.attr(u"href"));
        while (p.next()) {
            if (p.vc(u"Link"))
                l.links.append(readLink(p));
            else if (p.vc(u"Task"))
                l.tasks.append(readTaskBody(p));
            else
                p.skip();
        }
    });
}

ReadResult<ApiErrorBody> XmlReaders::readError(const QByteArray &body)
{
    return readRoot<ApiErrorBody>(body, {{kVcloud, u"Error"}},
                                  [](Parser &p, ApiErrorBody &e) { e = readErrorBody(p); });
}

ReadResult<ApiErrorBody> XmlReaders::readErrorJson(const QByteArray &body)
{
    ReadError error;
    const std::optional<QJsonObject> o = parseJsonObject(body, error);
    if (!o)
        return ReadResult<ApiErrorBody>::failure(error);
    if (!looksLikeJsonError(*o)) {
        error.kind = ReadError::Kind::WrongShape;
        error.message = u"Expected a cloudapi error object (minorErrorCode, message)"_s;
        return ReadResult<ApiErrorBody>::failure(error);
    }
    return ReadResult<ApiErrorBody>::success(errorFromJson(*o));
}

ReadResult<Metadata> XmlReaders::readMetadata(const QByteArray &body)
{
    return readRoot<Metadata>(body, {{kVcloud, u"Metadata"}}, readMetadataBody);
}

ReadResult<MetadataEntry> XmlReaders::readMetadataValue(const QByteArray &body)
{
    return readRoot<MetadataEntry>(body, {{kVcloud, u"MetadataValue"}, {kVcloud, u"MetadataEntry"}},
                                   [](Parser &p, MetadataEntry &e) {
                                       if (p.name() == u"MetadataEntry")
                                           e = readMetadataEntry(p);
                                       else
                                           readMetadataValueBody(p, e);
                                   });
}

ReadResult<QueryPage> XmlReaders::readQueryRecords(const QByteArray &body)
{
    // The plain pages a server sends take the fast path; everything else, errors included, the
    // general reader below.
    if (auto page = QueryRecordsScanner::scan(body))
        return ReadResult<QueryPage>::success(std::move(*page));
    return readQueryRecordsGeneral(body);
}

ReadResult<QueryPage> XmlReaders::readQueryRecordsGeneral(const QByteArray &body)
{
    return readRoot<QueryPage>(body, {{kVcloud, u"QueryResultRecords"}}, readQueryRecordsBody);
}

ReadResult<QueryReferencesPage> XmlReaders::readQueryReferences(const QByteArray &body)
{
    // The references format has one root per type (VMReferences, OrgVdcReferences, ...) in the
    // substitution group of References; check the name family here rather than list them all.
    Parser p(body);
    if (!p.toRoot())
        return ReadResult<QueryReferencesPage>::failure(p.malformed());
    const QString local = p.name().toString();
    if (p.ns() == kVcloud && local.endsWith(u"References"))
        return readRoot<QueryReferencesPage>(body, {{kVcloud, local}}, readQueryReferencesBody);
    ReadResult<QueryReferencesPage> r =
        readRoot<QueryReferencesPage>(body, {{kVcloud, u"QueryResultReferences"}}, readQueryReferencesBody);
    if (r.error.kind == ReadError::Kind::WrongRoot) {
        r.error.expected = clark(kVcloud, u"*References");
        r.error.message = u"Expected root element %1, found %2"_s.arg(r.error.expected, r.error.found);
    }
    return r;
}

ReadResult<CloudApiPage> XmlReaders::readCloudApiPageJson(const QByteArray &body)
{
    ReadError error;
    const std::optional<QJsonObject> o = parseJsonObject(body, error);
    if (!o)
        return ReadResult<CloudApiPage>::failure(error);
    if (looksLikeJsonError(*o))
        return ReadResult<CloudApiPage>::failure(apiErrorFrom(errorFromJson(*o), 0, 0));
    if (!o->contains(u"values")) {
        error.kind = ReadError::Kind::WrongShape;
        error.message = u"Expected a cloudapi page object (resultTotal, values)"_s;
        return ReadResult<CloudApiPage>::failure(error);
    }
    CloudApiPage page;
    page.resultTotal = qint64(o->value(u"resultTotal").toDouble());
    page.pageCount = o->value(u"pageCount").toInt();
    page.page = o->value(u"page").toInt(1);
    page.pageSize = o->value(u"pageSize").toInt();
    page.values = o->value(u"values").toArray();
    return ReadResult<CloudApiPage>::success(std::move(page));
}

ReadResult<QList<Link>> XmlReaders::readLinks(const QByteArray &body)
{
    Parser p(body);
    if (!p.toRoot())
        return ReadResult<QList<Link>>::failure(p.malformed());
    // Any root is accepted except Error, which readRoot turns into ReadError::ApiError when it is
    // not in the accepted list.
    const QString ns = p.ns().toString();
    const QString local = p.name().toString();
    if (p.vc(u"Error"))
        return readRoot<QList<Link>>(body, {}, [](Parser &, QList<Link> &) {});
    return readRoot<QList<Link>>(body, {{ns, local}}, [](Parser &q, QList<Link> &links) {
        while (q.next()) {
            if (q.vc(u"Link"))
                links.append(readLink(q));
            else
                q.skip();
        }
    });
}

ReadResult<AnyBody> XmlReaders::readAny(const QByteArray &body)
{
    const auto wrap = [](auto result) -> ReadResult<AnyBody> {
        if (!result.ok())
            return ReadResult<AnyBody>::failure(result.error);
        return ReadResult<AnyBody>::success(AnyBody(std::move(*result.value)));
    };

    Parser p(body);
    if (!p.toRoot())
        return ReadResult<AnyBody>::failure(p.malformed());
    const QString ns = p.ns().toString();
    const QString n = p.name().toString();
    const qint64 rootLine = p.xml().lineNumber();
    const qint64 rootColumn = p.xml().columnNumber();

    if (ns == kVersions && n == u"SupportedVersions")
        return wrap(readSupportedVersions(body));
    if (ns == kOvf) {
        if (n == u"VirtualHardwareSection")
            return wrap(readVirtualHardwareSection(body));
        if (n == u"OperatingSystemSection")
            return wrap(readOperatingSystemSection(body));
        if (n == u"StartupSection")
            return wrap(readStartupSection(body));
        if (n == u"Item")
            return wrap(readRasdItem(body));
    }
    if (ns == kVcloud) {
        if (n == u"Session")
            return wrap(readSession(body));
        if (n == u"OrgList")
            return wrap(readOrgList(body));
        if (n == u"Org" || n == u"AdminOrg")
            return wrap(readOrg(body));
        if (n == u"SnapshotSection")
            return wrap(readSnapshotSection(body));
        if (n == u"NetworkConnectionSection")
            return wrap(readNetworkConnectionSection(body));
        if (n == u"GuestCustomizationSection")
            return wrap(readGuestCustomizationSection(body));
        if (n == u"LeaseSettingsSection")
            return wrap(readLeaseSettingsSection(body));
        if (n == u"RasdItemsList")
            return wrap(readRasdItemsList(body));
        if (n == u"ProductSectionList")
            return wrap(readProductSections(body));
        if (n == u"Item")
            return wrap(readRasdItem(body));
        if (n == u"Vdc" || n == u"AdminVdc")
            return wrap(readVdc(body));
        if (n == u"VApp")
            return wrap(readVApp(body));
        if (n == u"Vm")
            return wrap(readVm(body));
        if (n == u"VAppTemplate")
            return wrap(readVAppTemplate(body));
        if (n == u"Catalog" || n == u"AdminCatalog")
            return wrap(readCatalog(body));
        if (n == u"CatalogItem")
            return wrap(readCatalogItem(body));
        if (n == u"Media")
            return wrap(readMedia(body));
        if (n == u"OrgVdcNetwork" || n == u"OrgNetwork")
            return wrap(readOrgVdcNetwork(body));
        if (n == u"EdgeGateway")
            return wrap(readEdgeGateway(body));
        if (n == u"Task")
            return wrap(readTask(body));
        if (n == u"TasksList")
            return wrap(readTasksList(body));
        if (n == u"Error") {
            // Same contract as every reader: an Error document is an error.
            const ReadResult<ApiErrorBody> e = readError(body);
            if (!e.ok())
                return ReadResult<AnyBody>::failure(e.error);
            return ReadResult<AnyBody>::failure(apiErrorFrom(*e.value, rootLine, rootColumn));
        }
        if (n == u"Metadata")
            return wrap(readMetadata(body));
        if (n == u"MetadataValue")
            return wrap(readMetadataValue(body));
        if (n == u"QueryResultRecords")
            return wrap(readQueryRecords(body));
        if (n.endsWith(u"References"))
            return wrap(readQueryReferences(body));
    }

    ReadError e;
    e.kind = ReadError::Kind::WrongRoot;
    e.line = rootLine;
    e.column = rootColumn;
    e.found = clark(ns, n);
    e.expected = u"a VCD entity, list, query or error root"_s;
    e.message = u"No reader for root element %1"_s.arg(e.found);
    p.drain();
    if (p.hasError())
        return ReadResult<AnyBody>::failure(p.malformed());
    return ReadResult<AnyBody>::failure(e);
}

} // namespace vcd
