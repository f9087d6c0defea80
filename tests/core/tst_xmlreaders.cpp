// Tests for core/api: the pure XML/JSON readers, checked against the project's own bodies
// (tests/data/bodies, written from docs/VCD-API.md, each with its expected values in a .facts file),
// against the real bodies of the optional external corpus when it is there (tests/CMakeLists.txt:
// VCD_TEST_CORPUS_DIR or VCD_FIXTURES_DIR), and against hand-made hostile input.

#include "common/testdata.h"
#include "common/xsdvalidator.h"
#include "core/api/status.h"
#include "core/api/xmlreaders.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <functional>
#include <optional>

using namespace vcd;
using vcd::test::TestData;
using vcd::test::XsdValidator;
using namespace Qt::StringLiterals;

namespace {

using Facts = QMap<QString, QString>;
using FactList = QList<QPair<QString, QString>>;

// A body of the project's own test data (tests/data/bodies).
QByteArray ownBody(const QString &file)
{
    return TestData::own(u"bodies/"_s + file);
}

QString b(bool v)
{
    return v ? u"true"_s : u"false"_s;
}

QString n(qint64 v)
{
    return QString::number(v);
}

QString dt(const QDateTime &d)
{
    return d.isValid() ? d.toString(Qt::ISODateWithMs) : QString();
}

QString url(const QUrl &u)
{
    return u.toString();
}

// ---- facts: a flat key=value view of every value type, used by the table and for equality -----

void refFacts(Facts &f, const QString &prefix, const EntityRef &r)
{
    f[prefix + u".name"_s] = r.name;
    f[prefix + u".href"_s] = url(r.href);
    f[prefix + u".type"_s] = r.type;
}

void linkFacts(Facts &f, const QString &prefix, const QList<Link> &links)
{
    f[prefix + u"links.count"_s] = n(links.size());
    QStringList rels;
    for (const Link &l : links)
        rels.append(l.rel);
    f[prefix + u"links.rels"_s] = rels.join(u',');
}

void errorFacts(Facts &f, const QString &prefix, const ApiErrorBody &e)
{
    f[prefix + u"majorErrorCode"_s] = n(e.majorErrorCode);
    f[prefix + u"minorErrorCode"_s] = e.minorErrorCode;
    f[prefix + u"message"_s] = e.message;
    f[prefix + u"vendorSpecificErrorCode"_s] = e.vendorSpecificErrorCode;
    f[prefix + u"stackTrace"_s] = e.stackTrace;
    f[prefix + u"requestId"_s] = e.requestId;
}

void taskFacts(Facts &f, const QString &p, const Task &t)
{
    f[p + u"name"_s] = t.name;
    f[p + u"id"_s] = t.id;
    f[p + u"href"_s] = url(t.href);
    f[p + u"status"_s] = t.statusString;
    f[p + u"statusEnum"_s] = taskStatusString(t.status);
    f[p + u"terminal"_s] = b(t.isTerminal());
    f[p + u"operation"_s] = t.operation;
    f[p + u"operationName"_s] = t.operationName;
    f[p + u"progress"_s] = t.progress ? n(*t.progress) : u"none"_s;
    f[p + u"startTime"_s] = dt(t.startTime);
    f[p + u"endTime"_s] = dt(t.endTime);
    f[p + u"cancelRequested"_s] = b(t.cancelRequested);
    f[p + u"cancelLink"_s] = t.cancelLink() ? url(t.cancelLink()->href) : u"none"_s;
    refFacts(f, p + u"owner"_s, t.owner);
    refFacts(f, p + u"user"_s, t.user);
    refFacts(f, p + u"organization"_s, t.organization);
    f[p + u"error"_s] = b(t.error.has_value());
    if (t.error)
        errorFacts(f, p + u"error."_s, *t.error);
    linkFacts(f, p, t.links);
}

void tasksFacts(Facts &f, const QString &p, const QList<Task> &tasks)
{
    f[p + u"tasks.count"_s] = n(tasks.size());
    for (qsizetype i = 0; i < tasks.size(); ++i)
        taskFacts(f, p + u"task[%1]."_s.arg(i), tasks.at(i));
}

void vmFacts(Facts &f, const QString &p, const Vm &v)
{
    f[p + u"name"_s] = v.name;
    f[p + u"id"_s] = v.id;
    f[p + u"href"_s] = url(v.href);
    f[p + u"status"_s] = n(v.status);
    f[p + u"statusName"_s] = statusName(v.status);
    f[p + u"deployed"_s] = b(v.deployed);
    f[p + u"description"_s] = v.description;
    f[p + u"osType"_s] = v.osType;
    f[p + u"guestOs"_s] = v.guestOs;
    f[p + u"cpus"_s] = n(v.cpus);
    f[p + u"coresPerSocket"_s] = n(v.coresPerSocket);
    f[p + u"memoryMb"_s] = n(v.memoryMb);
    f[p + u"disks.count"_s] = n(v.disks.size());
    QStringList disks;
    for (const VmDisk &d : v.disks)
        disks.append(u"%1:%2MB:bus%3"_s.arg(d.instanceId).arg(d.sizeMb).arg(d.busType));
    f[p + u"disks"_s] = disks.join(u',');
    f[p + u"nics.count"_s] = n(v.nics.size());
    for (qsizetype i = 0; i < v.nics.size(); ++i) {
        const VmNic &nic = v.nics.at(i);
        const QString q = p + u"nic[%1]."_s.arg(i);
        f[q + u"index"_s] = n(nic.index);
        f[q + u"network"_s] = nic.network;
        f[q + u"ip"_s] = nic.ipAddress;
        f[q + u"mac"_s] = nic.macAddress;
        f[q + u"connected"_s] = b(nic.connected);
        f[q + u"mode"_s] = nic.allocationMode;
        f[q + u"primary"_s] = b(nic.primary);
    }
    f[p + u"ips"_s] = v.ipAddresses().join(u',');
    f[p + u"hardwareVersion"_s] = v.hardwareVersion;
    f[p + u"computerName"_s] = v.computerName;
    f[p + u"toolsVersion"_s] = v.vmToolsVersion;
    f[p + u"snapshot"_s] = b(v.snapshot.has_value());
    refFacts(f, p + u"storageProfile"_s, v.storageProfile);
    f[p + u"dateCreated"_s] = dt(v.dateCreated);
    f[p + u"vAppScopedLocalId"_s] = v.vAppScopedLocalId;
    tasksFacts(f, p, v.tasks);
    linkFacts(f, p, v.links);
}

void networkFacts(Facts &f, const OrgVdcNetwork &v)
{
    f[u"name"_s] = v.name;
    f[u"id"_s] = v.id;
    f[u"href"_s] = url(v.href);
    f[u"status"_s] = n(v.status);
    f[u"legacyOrgNetwork"_s] = b(v.legacyOrgNetwork);
    f[u"description"_s] = v.description;
    f[u"fenceMode"_s] = v.fenceMode;
    f[u"gateway"_s] = v.gateway();
    f[u"netmask"_s] = v.netmask();
    f[u"dns"_s] = v.dns().join(u',');
    f[u"ipScopes.count"_s] = n(v.ipScopes.size());
    f[u"ranges.count"_s] = n(v.ipRanges().size());
    QStringList ranges;
    for (const IpRange &r : v.ipRanges())
        ranges.append(r.startAddress + u'-' + r.endAddress);
    f[u"ranges"_s] = ranges.join(u',');
    refFacts(f, u"parentNetwork"_s, v.parentNetwork);
    refFacts(f, u"edgeGateway"_s, v.edgeGateway);
    f[u"shared"_s] = b(v.shared);
    tasksFacts(f, QString(), v.tasks);
    linkFacts(f, QString(), v.links);
}

Facts facts(const AnyBody &any)
{
    Facts f;
    std::visit(
        [&f](const auto &v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, SupportedVersions>) {
                f[u"root"_s] = u"SupportedVersions"_s;
                f[u"versions.count"_s] = n(v.versions.size());
                int deprecated = 0;
                QStringList order;
                for (const VersionInfo &vi : v.versions) {
                    deprecated += vi.deprecated ? 1 : 0;
                    order.append(vi.version);
                    f[u"version[%1].deprecated"_s.arg(vi.version)] = b(vi.deprecated);
                    f[u"version[%1].loginUrl"_s.arg(vi.version)] = url(vi.loginUrl);
                    f[u"version[%1].providerLoginUrl"_s.arg(vi.version)] = url(vi.providerLoginUrl);
                }
                f[u"versions.deprecated"_s] = n(deprecated);
                f[u"versions"_s] = order.join(u',');
            } else if constexpr (std::is_same_v<T, SessionInfo>) {
                f[u"root"_s] = u"Session"_s;
                f[u"user"_s] = v.user;
                f[u"org"_s] = v.org;
                f[u"userId"_s] = v.userId;
                f[u"roles"_s] = v.roles.join(u'|');
                f[u"href"_s] = url(v.href);
                f[u"locationId"_s] = v.locationId;
                f[u"authorizedLocations.count"_s] = n(v.authorizedLocations.size());
                if (!v.authorizedLocations.isEmpty()) {
                    f[u"location[0].siteName"_s] = v.authorizedLocations.first().siteName;
                    f[u"location[0].restApiEndpoint"_s] = url(v.authorizedLocations.first().restApiEndpoint);
                }
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, OrgList>) {
                f[u"root"_s] = u"OrgList"_s;
                f[u"href"_s] = url(v.href);
                f[u"orgs.count"_s] = n(v.orgs.size());
                if (!v.orgs.isEmpty())
                    refFacts(f, u"org[0]"_s, v.orgs.first());
            } else if constexpr (std::is_same_v<T, Org>) {
                f[u"root"_s] = u"Org"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"fullName"_s] = v.fullName;
                f[u"vdcs.count"_s] = n(v.vdcs.size());
                f[u"catalogs.count"_s] = n(v.catalogs.size());
                f[u"networks.count"_s] = n(v.networks.size());
                if (!v.vdcs.isEmpty())
                    refFacts(f, u"vdc[0]"_s, v.vdcs.first());
                f[u"tasksListHref"_s] = url(v.tasksListHref);
                f[u"metadataHref"_s] = url(v.metadataHref);
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, Vdc>) {
                f[u"root"_s] = u"Vdc"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"status"_s] = n(v.status);
                f[u"statusName"_s] = vdcStatusName(v.status);
                f[u"description"_s] = v.description;
                f[u"allocationModel"_s] = v.allocationModel;
                for (const auto &[key, c] : {std::pair{u"cpu"_s, v.cpu}, std::pair{u"memory"_s, v.memory}}) {
                    f[key + u".units"_s] = c.units;
                    f[key + u".allocated"_s] = n(c.allocated);
                    f[key + u".limit"_s] = n(c.limit);
                    f[key + u".reserved"_s] = n(c.reserved);
                    f[key + u".used"_s] = n(c.used);
                    f[key + u".overhead"_s] = n(c.overhead);
                }
                f[u"storage"_s] =
                    v.storage ? u"%1/%2 %3"_s.arg(v.storage->used).arg(v.storage->limit).arg(v.storage->units)
                              : u"none"_s;
                f[u"resourceEntities.count"_s] = n(v.resourceEntities.size());
                f[u"vApps.count"_s] = n(v.vApps().size());
                f[u"vAppTemplates.count"_s] = n(v.vAppTemplates().size());
                f[u"media.count"_s] = n(v.media().size());
                f[u"availableNetworks.count"_s] = n(v.availableNetworks.size());
                f[u"storageProfiles.count"_s] = n(v.storageProfiles.size());
                f[u"hardwareVersions"_s] = v.supportedHardwareVersions.join(u',');
                f[u"nicQuota"_s] = n(v.nicQuota);
                f[u"networkQuota"_s] = n(v.networkQuota);
                f[u"usedNetworkCount"_s] = n(v.usedNetworkCount);
                f[u"vmQuota"_s] = n(v.vmQuota);
                f[u"enabled"_s] = b(v.enabled);
                f[u"vCpuInMhz"_s] = n(v.vCpuInMhz);
                tasksFacts(f, QString(), v.tasks);
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, VApp>) {
                f[u"root"_s] = u"VApp"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"status"_s] = n(v.status);
                f[u"statusName"_s] = statusName(v.status);
                f[u"deployed"_s] = b(v.deployed);
                f[u"description"_s] = v.description;
                refFacts(f, u"owner"_s, v.owner);
                f[u"dateCreated"_s] = dt(v.dateCreated);
                f[u"inMaintenanceMode"_s] = b(v.inMaintenanceMode);
                f[u"networks.count"_s] = n(v.networks.size());
                QStringList nets;
                for (const VAppNetworkConfig &c : v.networks)
                    nets.append(c.networkName + u':' + c.fenceMode + u':' + c.gateway);
                f[u"networks"_s] = nets.join(u',');
                f[u"snapshot"_s] = b(v.snapshot.has_value());
                f[u"vms.count"_s] = n(v.vms.size());
                for (qsizetype i = 0; i < v.vms.size(); ++i)
                    vmFacts(f, u"vm[%1]."_s.arg(i), v.vms.at(i));
                tasksFacts(f, QString(), v.tasks);
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, Vm>) {
                f[u"root"_s] = u"Vm"_s;
                vmFacts(f, QString(), v);
            } else if constexpr (std::is_same_v<T, VAppTemplate>) {
                f[u"root"_s] = u"VAppTemplate"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"status"_s] = n(v.status);
                f[u"goldMaster"_s] = b(v.goldMaster);
                f[u"description"_s] = v.description;
                refFacts(f, u"owner"_s, v.owner);
                f[u"dateCreated"_s] = dt(v.dateCreated);
                f[u"storageLeaseSeconds"_s] = n(v.storageLeaseSeconds);
                f[u"customizeOnInstantiate"_s] = b(v.customizeOnInstantiate);
                f[u"vms.count"_s] = n(v.vms.size());
                for (qsizetype i = 0; i < v.vms.size(); ++i)
                    vmFacts(f, u"vm[%1]."_s.arg(i), v.vms.at(i));
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, Catalog>) {
                f[u"root"_s] = u"Catalog"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"description"_s] = v.description;
                f[u"items.count"_s] = n(v.items.size());
                if (!v.items.isEmpty())
                    refFacts(f, u"item[0]"_s, v.items.first());
                f[u"published"_s] = b(v.published);
                f[u"dateCreated"_s] = dt(v.dateCreated);
                f[u"versionNumber"_s] = n(v.versionNumber);
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, CatalogItem>) {
                f[u"root"_s] = u"CatalogItem"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"size"_s] = n(v.size);
                refFacts(f, u"entity"_s, v.entity);
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, Media>) {
                f[u"root"_s] = u"Media"_s;
                f[u"name"_s] = v.name;
                f[u"href"_s] = url(v.href);
                f[u"status"_s] = n(v.status);
                f[u"imageType"_s] = v.imageType;
                f[u"size"_s] = n(v.size);
                refFacts(f, u"owner"_s, v.owner);
            } else if constexpr (std::is_same_v<T, OrgVdcNetwork>) {
                f[u"root"_s] = u"OrgVdcNetwork"_s;
                networkFacts(f, v);
            } else if constexpr (std::is_same_v<T, EdgeGateway>) {
                f[u"root"_s] = u"EdgeGateway"_s;
                f[u"name"_s] = v.name;
                f[u"id"_s] = v.id;
                f[u"href"_s] = url(v.href);
                f[u"status"_s] = n(v.status);
                f[u"backing"_s] = v.gatewayBackingConfig;
                f[u"interfaces.count"_s] = n(v.interfaces.size());
                QStringList ifs;
                for (const GatewayInterface &g : v.interfaces) {
                    ifs.append(g.name + u':' + g.interfaceType + u':' +
                               (g.subnets.isEmpty() ? QString() : g.subnets.first().ipAddress));
                }
                f[u"interfaces"_s] = ifs.join(u',');
                QStringList services;
                for (const EdgeService &s : v.services)
                    services.append(u"%1:%2:%3"_s.arg(s.name, b(s.enabled)).arg(s.ruleCount));
                f[u"services"_s] = services.join(u',');
                f[u"haEnabled"_s] = b(v.haEnabled);
                f[u"useDefaultRouteForDnsRelay"_s] = b(v.useDefaultRouteForDnsRelay);
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, Task>) {
                f[u"root"_s] = u"Task"_s;
                taskFacts(f, QString(), v);
            } else if constexpr (std::is_same_v<T, TasksList>) {
                f[u"root"_s] = u"TasksList"_s;
                tasksFacts(f, QString(), v.tasks);
            } else if constexpr (std::is_same_v<T, ApiErrorBody>) {
                f[u"root"_s] = u"Error"_s;
                errorFacts(f, QString(), v);
            } else if constexpr (std::is_same_v<T, Metadata>) {
                f[u"root"_s] = u"Metadata"_s;
                f[u"href"_s] = url(v.href);
                f[u"entries.count"_s] = n(v.entries.size());
                for (qsizetype i = 0; i < v.entries.size(); ++i) {
                    const MetadataEntry &e = v.entries.at(i);
                    const QString p = u"entry[%1]."_s.arg(i);
                    f[p + u"key"_s] = e.key;
                    f[p + u"value"_s] = e.value;
                    f[p + u"type"_s] = metadataXsiTypeName(e.type);
                    f[p + u"domain"_s] = metadataDomainString(e.domain);
                    f[p + u"visibility"_s] = metadataVisibilityString(e.visibility);
                    f[p + u"href"_s] = url(e.href);
                    linkFacts(f, p, e.links);
                }
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, MetadataEntry>) {
                f[u"root"_s] = u"MetadataValue"_s;
                f[u"value"_s] = v.value;
                f[u"type"_s] = metadataXsiTypeName(v.type);
                f[u"domain"_s] = metadataDomainString(v.domain);
                f[u"visibility"_s] = metadataVisibilityString(v.visibility);
            } else if constexpr (std::is_same_v<T, QueryPage>) {
                f[u"root"_s] = u"QueryResultRecords"_s;
                f[u"name"_s] = v.name;
                f[u"href"_s] = url(v.href);
                f[u"total"_s] = n(v.total);
                f[u"page"_s] = n(v.page);
                f[u"pageSize"_s] = n(v.pageSize);
                f[u"pageCount"_s] = n(v.pageCount());
                f[u"nextPage"_s] = b(v.nextPage().has_value());
                f[u"records.count"_s] = n(v.records.size());
                for (qsizetype i = 0; i < v.records.size(); ++i) {
                    const QueryRecord &r = v.records.at(i);
                    const QString p = u"record[%1]."_s.arg(i);
                    f[p + u"element"_s] = r.elementName;
                    f[p + u"attributes.count"_s] = n(r.attributes.size());
                    for (const auto &a : r.attributes)
                        f[p + a.first] = a.second;
                }
                linkFacts(f, QString(), v.links);
            } else if constexpr (std::is_same_v<T, QueryReferencesPage>) {
                f[u"root"_s] = v.rootName;
                f[u"total"_s] = n(v.total);
                f[u"references.count"_s] = n(v.references.size());
            }
        },
        any);
    return f;
}

// JSON bodies have no root element; the file name says which reader applies.
ReadResult<AnyBody> readJsonFixture(const QString &file, const QByteArray &body)
{
    if (file.contains(u"session")) {
        auto r = XmlReaders::readSessionJson(body);
        return r.ok() ? ReadResult<AnyBody>::success(AnyBody(*r.value))
                      : ReadResult<AnyBody>::failure(r.error);
    }
    if (file.contains(u"error")) {
        auto r = XmlReaders::readErrorJson(body);
        return r.ok() ? ReadResult<AnyBody>::success(AnyBody(*r.value))
                      : ReadResult<AnyBody>::failure(r.error);
    }
    auto r = XmlReaders::readCloudApiPageJson(body);
    if (!r.ok())
        return ReadResult<AnyBody>::failure(r.error);
    // A cloudapi page has no AnyBody alternative; report its numbers as a one-off QueryPage.
    QueryPage page;
    page.name = u"cloudapi"_s;
    page.total = r.value->resultTotal;
    page.page = r.value->page;
    page.pageSize = r.value->pageSize;
    for (const QJsonValue &v : std::as_const(r.value->values)) {
        Q_UNUSED(v)
        page.records.append(QueryRecord{});
    }
    return ReadResult<AnyBody>::success(AnyBody(page));
}

// Reads a fixture with the reader of its root. Error documents are *values* here (readError):
// readAny, like every typed reader, reports them as errors, which errorBodyDetection checks.
ReadResult<AnyBody> readFixtureBody(const QString &file, const QByteArray &body)
{
    if (file.endsWith(u".json"))
        return readJsonFixture(file, body);
    const RootElement root = XmlReaders::rootElement(body);
    if (root.namespaceUri == XmlReaders::vcloudNamespace() && root.name == u"Error") {
        auto r = XmlReaders::readError(body);
        return r.ok() ? ReadResult<AnyBody>::success(AnyBody(*r.value))
                      : ReadResult<AnyBody>::failure(r.error);
    }
    return XmlReaders::readAny(body);
}

// Rewrites a document with different prefixes for every namespace (vcloud -> ns0:, versions ->
// vv:, others -> pN:), no default namespace at all. Same infoset, different spelling.
QByteArray reprefix(const QByteArray &body)
{
    QXmlStreamReader in(body);
    QByteArray out;
    QXmlStreamWriter w(&out);
    QMap<QString, QString> prefixes;
    prefixes.insert(XmlReaders::vcloudNamespace(), u"ns0"_s);
    prefixes.insert(XmlReaders::versionsNamespace(), u"vv"_s);
    const auto prefixFor = [&prefixes](const QString &ns) {
        if (!prefixes.contains(ns))
            prefixes.insert(ns, u"p%1"_s.arg(prefixes.size()));
        return prefixes.value(ns);
    };
    bool rootDone = false;
    while (!in.atEnd()) {
        switch (in.readNext()) {
        case QXmlStreamReader::StartDocument:
            w.writeStartDocument();
            break;
        case QXmlStreamReader::StartElement: {
            const QString ns = in.namespaceUri().toString();
            if (!rootDone) {
                // Declare every namespace the document uses up front, under our prefixes.
                QXmlStreamReader scan(body);
                while (!scan.atEnd()) {
                    if (scan.readNext() == QXmlStreamReader::StartElement) {
                        if (!scan.namespaceUri().isEmpty())
                            prefixFor(scan.namespaceUri().toString());
                        for (const QXmlStreamAttribute &a : scan.attributes()) {
                            if (!a.namespaceUri().isEmpty())
                                prefixFor(a.namespaceUri().toString());
                        }
                    }
                }
                for (auto it = prefixes.cbegin(); it != prefixes.cend(); ++it)
                    w.writeNamespace(it.key(), it.value());
                rootDone = true;
            }
            if (ns.isEmpty())
                w.writeStartElement(in.name().toString());
            else
                w.writeStartElement(ns, in.name().toString());
            for (const QXmlStreamAttribute &a : in.attributes()) {
                if (a.namespaceUri().isEmpty())
                    w.writeAttribute(a.name().toString(), a.value().toString());
                else
                    w.writeAttribute(a.namespaceUri().toString(), a.name().toString(), a.value().toString());
            }
            break;
        }
        case QXmlStreamReader::EndElement:
            w.writeEndElement();
            break;
        case QXmlStreamReader::Characters:
            w.writeCharacters(in.text().toString());
            break;
        default:
            break;
        }
    }
    w.writeEndDocument();
    return out;
}

// Inserts `snippet` right after the root start tag.
QByteArray injectAfterRoot(const QByteArray &body, const QByteArray &snippet)
{
    QXmlStreamReader r(body);
    while (!r.atEnd()) {
        if (r.readNext() == QXmlStreamReader::StartElement) {
            const qint64 at = r.characterOffset();
            // characterOffset counts characters; the fixtures are ASCII up to the root tag.
            QByteArray out = body;
            out.insert(at, snippet);
            return out;
        }
    }
    return body;
}

// ---- the external corpus's expectation table: values read off its real bodies by hand ----------

struct Expectation
{
    QString file;
    FactList facts;
};

QList<Expectation> corpusExpectations()
{
    return {
        {u"broadcom-docs__cloudapi-session-example-v38.json"_s,
         {{u"root"_s, u"Session"_s},
          {u"user"_s, u"string"_s},
          {u"org"_s, u"string"_s},
          {u"roles"_s, u"string"_s}}},
        {u"gvcd-golden2020__supported-versions-vcd95.xml"_s,
         {{u"root"_s, u"SupportedVersions"_s},
          {u"versions.count"_s, u"13"_s},
          {u"versions.deprecated"_s, u"8"_s},
          {u"versions"_s, u"20.0,21.0,22.0,23.0,24.0,25.0,26.0,27.0,28.0,29.0,30.0,31.0,5.5"_s},
          {u"version[27.0].deprecated"_s, u"false"_s},
          {u"version[31.0].deprecated"_s, u"false"_s},
          {u"version[29.0].deprecated"_s, u"false"_s},
          {u"version[5.5].deprecated"_s, u"true"_s},
          {u"version[31.0].loginUrl"_s, u"https://192.168.1.109/api/sessions"_s},
          {u"version[31.0].providerLoginUrl"_s, QString()}}},
        {u"gvcd-golden__orglist.xml"_s,
         {{u"root"_s, u"OrgList"_s},
          {u"href"_s, u"https://192.168.1.109/api/org/"_s},
          {u"orgs.count"_s, u"1"_s},
          {u"org[0].name"_s, u"my-org"_s},
          {u"org[0].href"_s, u"https://192.168.1.109/api/org/c196c6f0-5c31-4929-a626-b29b2c9ff5ab"_s}}},
        {u"gvcd-golden__session.xml"_s,
         {{u"root"_s, u"Session"_s},
          {u"user"_s, u"test@test-forest.net"_s},
          {u"org"_s, u"my-org"_s},
          {u"userId"_s, u"urn:vcloud:user:8fd38079-b31c-4dfd-99f2-7073b3f7ec90"_s},
          {u"roles"_s, u"Organization Administrator"_s},
          {u"href"_s, u"https://192.168.1.109/api/session"_s},
          {u"locationId"_s, u"c196c6f0-5c31-4929-a626-b29b2c9ff5ab@cb33a646-6652-4628-95b0-24bd981783b6"_s},
          {u"links.count"_s, u"9"_s},
          {u"links.rels"_s, u"down,remove,down,down,down,entityResolver,down:extensibility,nsx,openapi"_s},
          {u"authorizedLocations.count"_s, u"1"_s},
          {u"location[0].siteName"_s, u"192.168.1.109"_s},
          {u"location[0].restApiEndpoint"_s, u"https://192.168.1.109"_s}}},
        {u"gvcd-golden__supported-versions.xml"_s,
         {{u"root"_s, u"SupportedVersions"_s},
          {u"versions.count"_s, u"19"_s},
          {u"versions.deprecated"_s, u"9"_s},
          {u"version[29.0].deprecated"_s, u"true"_s},
          {u"version[37.0].deprecated"_s, u"false"_s},
          {u"version[37.0].loginUrl"_s, u"https://192.168.1.109/cloudapi/1.0.0/sessions"_s},
          {u"version[37.0].providerLoginUrl"_s, u"https://192.168.1.109/cloudapi/1.0.0/sessions/provider"_s},
          {u"version[35.0].providerLoginUrl"_s, QString()}}},
        {u"gvcd2016__catalog.xml"_s,
         {{u"root"_s, u"Catalog"_s},
          {u"name"_s, u"Public Catalog"_s},
          {u"id"_s, u"urn:vcloud:catalog:e8a20fdf-8a78-440c-ac71-0420db59f854"_s},
          {u"href"_s, u"http://localhost:4444/api/catalog/e8a20fdf-8a78-440c-ac71-0420db59f854"_s},
          {u"description"_s, u"vCHS service catalog"_s},
          {u"items.count"_s, u"15"_s},
          {u"item[0].name"_s, u"W2K12-STD-64BIT"_s},
          {u"published"_s, u"true"_s},
          {u"dateCreated"_s, u"2013-10-15T01:14:22.370Z"_s},
          {u"versionNumber"_s, u"60"_s},
          {u"links.count"_s, u"1"_s}}},
        {u"gvcd2016__edgegateway.xml"_s,
         {{u"root"_s, u"EdgeGateway"_s},
          {u"name"_s, u"M916272752-5793"_s},
          {u"id"_s, u"urn:vcloud:gateway:00000000-0000-0000-0000-000000000000"_s},
          {u"status"_s, u"1"_s},
          {u"backing"_s, u"compact"_s},
          {u"interfaces.count"_s, u"3"_s},
          {u"services"_s, u"FirewallService:true:4,NatService:false:4,GatewayIpsecVpnService:true:2,"
                          u"StaticRoutingService:false:0,LoadBalancerService:false:0"_s},
          {u"haEnabled"_s, u"true"_s},
          {u"useDefaultRouteForDnsRelay"_s, u"true"_s},
          {u"links.count"_s, u"5"_s}}},
        {u"gvcd2016__error-handwritten.xml"_s,
         {{u"root"_s, u"Error"_s},
          {u"majorErrorCode"_s, u"500"_s},
          {u"minorErrorCode"_s, u"Server Error"_s},
          {u"message"_s, u"Error Message"_s},
          {u"vendorSpecificErrorCode"_s, u"NoSpecificError"_s},
          {u"stackTrace"_s, u"Hello my name is Stack Trace"_s},
          {u"requestId"_s, QString()}}},
        {u"gvcd2016__orgvdcnetwork.xml"_s,
         {{u"root"_s, u"OrgVdcNetwork"_s},
          {u"name"_s, u"networkName"_s},
          {u"id"_s, u"urn:vcloud:network:cb0f4c9e-1a46-49d4-9fcb-d228000a6bc1"_s},
          {u"status"_s, u"1"_s},
          {u"legacyOrgNetwork"_s, u"false"_s},
          {u"fenceMode"_s, u"natRouted"_s},
          {u"gateway"_s, u"192.168.109.1"_s},
          {u"netmask"_s, u"255.255.255.0"_s},
          {u"dns"_s, QString()},
          {u"ranges"_s, u"192.168.109.2-192.168.109.100"_s},
          {u"shared"_s, u"false"_s},
          {u"description"_s, u"This routed network was created with Create VDC."_s},
          {u"links.count"_s, u"3"_s}}},
        {u"gvcd2016__query-vm-records.xml"_s,
         {{u"root"_s, u"QueryResultRecords"_s},
          {u"name"_s, u"vm"_s},
          {u"total"_s, u"4"_s},
          {u"page"_s, u"1"_s},
          {u"pageSize"_s, u"25"_s},
          {u"pageCount"_s, u"1"_s},
          {u"nextPage"_s, u"false"_s},
          {u"records.count"_s, u"4"_s},
          {u"links.rels"_s, u"alternate,alternate"_s},
          {u"record[0].element"_s, u"VMRecord"_s},
          {u"record[0].name"_s, u"jenkins01"_s},
          {u"record[0].status"_s, u"POWERED_ON"_s},
          {u"record[0].numberOfCpus"_s, u"2"_s},
          {u"record[0].memoryMB"_s, u"2048"_s},
          {u"record[0].href"_s, u"http://localhost:4444/api/vApp/vm-66666666-6666-6666-6666-666666666666"_s},
          {u"record[3].isVAppTemplate"_s, u"true"_s},
          {u"record[3].catalogName"_s, u"DevOps"_s}}},
        {u"gvcd2016__task-success.xml"_s,
         {{u"root"_s, u"Task"_s},
          {u"status"_s, u"success"_s},
          {u"statusEnum"_s, u"success"_s},
          {u"terminal"_s, u"true"_s},
          {u"operationName"_s, u"vdcComposeVapp"_s},
          {u"progress"_s, u"100"_s},
          {u"owner.name"_s, u"Test API GO4"_s},
          {u"owner.href"_s, u"http://localhost:4444/api/vApp/vapp-fdb86157-2e1f-4889-9942-0463836d10e1"_s},
          {u"owner.type"_s, u"application/vnd.vmware.vcloud.vApp+xml"_s},
          {u"user.name"_s, u"frapposelli1@gts-vchs.com"_s},
          {u"organization.name"_s, u"M916272752-5793"_s},
          {u"startTime"_s, u"2014-11-10T09:09:16.627Z"_s},
          {u"endTime"_s, u"2014-11-10T09:09:31.483Z"_s},
          {u"error"_s, u"false"_s},
          {u"cancelLink"_s, u"none"_s}}},
        {u"gvcd2016__vapp.xml"_s,
         {{u"root"_s, u"VApp"_s},
          {u"name"_s, u"Test API GO4"_s},
          {u"status"_s, u"8"_s},
          {u"statusName"_s, u"POWERED_OFF"_s},
          {u"deployed"_s, u"false"_s},
          {u"description"_s, u"Test API GO4444!"_s},
          {u"owner.name"_s, u"frapposelli1@gts-vchs.com"_s},
          {u"dateCreated"_s, u"2014-11-06T22:24:43.913Z"_s},
          {u"networks.count"_s, u"2"_s},
          {u"networks"_s,
           u"M916272752-5793-default-isolated:bridged:192.168.99.1,none:isolated:196.254.254.254"_s},
          {u"links.count"_s, u"19"_s},
          {u"vms.count"_s, u"1"_s},
          {u"vm[0].name"_s, u"CentOS64-32bit"_s},
          {u"vm[0].status"_s, u"8"_s},
          {u"vm[0].cpus"_s, u"1"_s},
          {u"vm[0].coresPerSocket"_s, u"1"_s},
          {u"vm[0].memoryMb"_s, u"1024"_s},
          {u"vm[0].disks"_s, u"2000:20480MB:bus6"_s},
          {u"vm[0].nics.count"_s, u"1"_s},
          {u"vm[0].nic[0].network"_s, u"none"_s},
          {u"vm[0].nic[0].connected"_s, u"false"_s},
          {u"vm[0].nic[0].mode"_s, u"NONE"_s},
          {u"vm[0].nic[0].ip"_s, QString()},
          {u"vm[0].osType"_s, u"centosGuest"_s},
          {u"vm[0].guestOs"_s, u"CentOS 4/5/6 (32-bit)"_s},
          {u"vm[0].hardwareVersion"_s, u"vmx-09"_s},
          {u"vm[0].toolsVersion"_s, u"9283"_s},
          {u"vm[0].computerName"_s, u"cts-6.4-32bit"_s},
          {u"vm[0].storageProfile.name"_s, u"SSD-Accelerated"_s},
          {u"vm[0].links.count"_s, u"19"_s},
          {u"tasks.count"_s, u"0"_s}}},
        {u"gvcd2016__vapptemplate.xml"_s,
         {{u"root"_s, u"VAppTemplate"_s},
          {u"name"_s, u"CentOS64-32bit"_s},
          {u"id"_s, u"urn:vcloud:vapptemplate:40cb9721-5f1a-44f9-b5c3-98c5f518c4f5"_s},
          {u"status"_s, u"8"_s},
          {u"goldMaster"_s, u"false"_s},
          {u"owner.name"_s, u"system"_s},
          {u"vms.count"_s, u"1"_s},
          {u"vm[0].name"_s, u"CentOS64-32bit"_s},
          {u"vm[0].id"_s, u"urn:vcloud:vm:3a3934d2-1f3f-4782-a911-f143da27e88c"_s},
          {u"customizeOnInstantiate"_s, u"true"_s},
          {u"dateCreated"_s, u"2014-06-04T21:06:43.547Z"_s},
          {u"links.count"_s, u"8"_s}}},
        {u"gvcd2016__vdc.xml"_s,
         {{u"root"_s, u"Vdc"_s},
          {u"name"_s, u"organization vDC"_s},
          {u"href"_s, u"http://localhost:4444/api/vdc/00000000-0000-0000-0000-000000000001"_s},
          {u"status"_s, u"1"_s},
          {u"statusName"_s, u"READY"_s},
          {u"allocationModel"_s, u"AllocationVApp"_s},
          {u"cpu.units"_s, u"MHz"_s},
          {u"cpu.limit"_s, u"0"_s},
          {u"memory.units"_s, u"MB"_s},
          {u"storage"_s, u"none"_s},
          {u"resourceEntities.count"_s, u"3"_s},
          {u"vAppTemplates.count"_s, u"1"_s},
          {u"media.count"_s, u"2"_s},
          {u"vApps.count"_s, u"0"_s},
          {u"availableNetworks.count"_s, u"1"_s},
          {u"storageProfiles.count"_s, u"3"_s},
          {u"hardwareVersions"_s, u"vmx-04,vmx-07,vmx-08,vmx-09,vmx-10"_s},
          {u"networkQuota"_s, u"100"_s},
          {u"enabled"_s, u"true"_s},
          {u"links.count"_s, u"10"_s}}},
        {u"gvcd2016__vm.xml"_s,
         {{u"root"_s, u"Vm"_s},
          {u"name"_s, u"testvmxnet"_s},
          {u"status"_s, u"8"_s},
          {u"deployed"_s, u"false"_s},
          {u"cpus"_s, u"1"_s},
          {u"coresPerSocket"_s, u"1"_s},
          {u"memoryMb"_s, u"512"_s},
          {u"disks"_s, u"2000:65536MB:bus6"_s},
          {u"nics.count"_s, u"1"_s},
          {u"nic[0].index"_s, u"1"_s},
          {u"nic[0].ip"_s, u"10.40.0.11"_s},
          {u"nic[0].mac"_s, u"00:50:56:01:35:88"_s},
          {u"nic[0].network"_s, u"Development Network"_s},
          {u"nic[0].primary"_s, u"true"_s},
          {u"nic[0].mode"_s, u"POOL"_s},
          {u"ips"_s, u"10.40.0.11"_s},
          {u"osType"_s, u"centos64Guest"_s},
          {u"hardwareVersion"_s, u"vmx-09"_s},
          {u"computerName"_s, u"testvmxnet3"_s},
          {u"toolsVersion"_s, u"2147483647"_s},
          {u"storageProfile.name"_s, u"BASIC-Any"_s},
          {u"links.count"_s, u"18"_s}}},
        {u"libcloud__catalog.xml"_s,
         {{u"root"_s, u"Catalog"_s},
          {u"name"_s, u"Dev"_s},
          {u"items.count"_s, u"1"_s},
          {u"item[0].name"_s, u"VMMasterTemplate"_s},
          {u"item[0].href"_s, u"https://vm-vcloud/api/catalogItem/3132e037-759b-4627-9056-ca66466fa607"_s},
          {u"published"_s, u"false"_s},
          {u"links.count"_s, u"3"_s}}},
        {u"libcloud__catalogitem.xml"_s,
         {{u"root"_s, u"CatalogItem"_s},
          {u"name"_s, u"VMMasterTemplate"_s},
          {u"id"_s, u"urn:vcloud:catalogitem:3132e037-759b-4627-9056-ca66466fa607"_s},
          {u"entity.name"_s, u"ScrumVM_Master"_s},
          {u"entity.type"_s, u"application/vnd.vmware.vcloud.vAppTemplate+xml"_s},
          {u"entity.href"_s,
           u"https://vm-vcloud/api/vAppTemplate/vappTemplate-ac1bc027-bf8c-4050-8643-4971f691c158"_s},
          {u"size"_s, u"0"_s},
          {u"links.count"_s, u"4"_s}}},
        {u"libcloud__error-403.xml"_s,
         {{u"root"_s, u"Error"_s},
          {u"majorErrorCode"_s, u"403"_s},
          {u"minorErrorCode"_s, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s},
          {u"message"_s,
           u"No access to entity \"(com.vmware.vcloud.entity.vapp:474bdb3d-1286-4e3d-b07f-15bab487479b)\"."_s}}},
        {u"libcloud__metadata.xml"_s,
         {{u"root"_s, u"Metadata"_s},
          {u"href"_s, u"https://vm-vcloud/api/vApp/vapp-2e0d3db0-1d5d-4d9f-a885-8f81e929db7c/metadata"_s},
          {u"entries.count"_s, u"1"_s},
          {u"entry[0].key"_s, u"owners"_s},
          {u"entry[0].value"_s, u"msamia@netsuite.com"_s},
          {u"entry[0].type"_s, u"MetadataStringValue"_s},
          {u"entry[0].domain"_s, u"GENERAL"_s},
          {u"entry[0].visibility"_s, u"READWRITE"_s},
          {u"entry[0].links.count"_s, u"3"_s},
          {u"links.count"_s, u"2"_s}}},
        {u"libcloud__org.xml"_s,
         {{u"root"_s, u"Org"_s},
          {u"name"_s, u"MyOrg"_s},
          {u"id"_s, u"urn:vcloud:org:96726c78-4ae3-402f-b08b-7a78c6903d2a"_s},
          {u"fullName"_s, u"MyOrg Product Development"_s},
          {u"vdcs.count"_s, u"1"_s},
          {u"vdc[0].name"_s, u"MyVdc"_s},
          {u"catalogs.count"_s, u"1"_s},
          {u"networks.count"_s, u"1"_s},
          {u"tasksListHref"_s, u"https://vm-vcloud/api/tasksList/96726c78-4ae3-402f-b08b-7a78c6903d2a"_s},
          {u"links.count"_s, u"7"_s}}},
        {u"libcloud__orglist.xml"_s,
         {{u"root"_s, u"OrgList"_s}, {u"orgs.count"_s, u"1"_s}, {u"org[0].name"_s, u"MyOrg"_s}}},
        {u"libcloud__orgnetwork.xml"_s,
         {{u"root"_s, u"OrgVdcNetwork"_s},
          {u"name"_s, u"vCloud - Default"_s},
          {u"legacyOrgNetwork"_s, u"true"_s},
          {u"fenceMode"_s, u"bridged"_s},
          {u"gateway"_s, u"65.41.64.1"_s},
          {u"netmask"_s, u"255.255.252.0"_s},
          {u"dns"_s, u"65.41.42.113,65.41.42.114"_s},
          {u"ipScopes.count"_s, u"1"_s},
          {u"ranges.count"_s, u"7"_s}}},
        {u"libcloud__query-vm-records.xml"_s,
         {{u"root"_s, u"QueryResultRecords"_s},
          {u"name"_s, u"vm"_s},
          {u"total"_s, u"1"_s},
          {u"pageSize"_s, u"1"_s},
          {u"records.count"_s, u"1"_s},
          {u"record[0].name"_s, u"testVm2"_s},
          {u"record[0].status"_s, u"POWERED_OFF"_s},
          {u"record[0].guestOs"_s, u"Microsoft Windows 10 (64-bit)"_s},
          {u"links.count"_s, u"2"_s}}},
        {u"libcloud__session.xml"_s,
         {{u"root"_s, u"Session"_s},
          {u"user"_s, u"a"_s},
          {u"org"_s, u"MyOrg"_s},
          {u"roles"_s, QString()},
          {u"href"_s, u"https://vm-vcloud/api/session/"_s},
          {u"links.count"_s, u"4"_s}}},
        {u"libcloud__task-create-snapshot.xml"_s,
         {{u"root"_s, u"Task"_s},
          {u"status"_s, u"running"_s},
          {u"terminal"_s, u"false"_s},
          {u"operationName"_s, u"vappCreateSnapshot"_s},
          {u"progress"_s, u"none"_s},
          {u"owner.type"_s, u"application/vnd.vmware.vcloud.vm+xml"_s},
          {u"owner.name"_s, QString()},
          {u"cancelLink"_s,
           u"https://vcloud.example.com/api/task/fab4b26f-4f2e-4d49-ad01-ae9324bbfe48/action/cancel"_s},
          {u"startTime"_s, u"2013-02-14T13:10:11.652+02:00"_s}}},
        {u"libcloud__task-error-undeploy.xml"_s,
         {{u"root"_s, u"Task"_s},
          {u"status"_s, u"error"_s},
          {u"statusEnum"_s, u"error"_s},
          {u"terminal"_s, u"true"_s},
          {u"operationName"_s, u"vappUndeployPowerOff"_s},
          {u"owner.href"_s, u"https://vm-vcloud/api/vApp/vapp-21e95e3f-3e62-4d9e-9aa1-c2204fd79772"_s},
          {u"error"_s, u"true"_s},
          {u"error.majorErrorCode"_s, u"500"_s},
          {u"error.minorErrorCode"_s, u"INTERNAL_SERVER_ERROR"_s},
          {u"user.name"_s, u"labmanapi"_s},
          {u"organization.name"_s, u"MyOrg"_s},
          {u"endTime"_s, u"2012-02-07T05:25:55.416-05:00"_s}}},
        {u"libcloud__task-running-poweron.xml"_s,
         {{u"root"_s, u"Task"_s},
          {u"status"_s, u"running"_s},
          {u"operationName"_s, u"vappDeploy"_s},
          {u"owner.name"_s, u"testNode"_s},
          {u"cancelLink"_s,
           u"https://vm-vcloud/api/task/939d0f80-9f78-42ca-89a9-8a2dda320cac/action/cancel"_s},
          {u"error"_s, u"false"_s}}},
        {u"libcloud__vapp-poweredoff.xml"_s,
         {{u"root"_s, u"VApp"_s},
          {u"name"_s, u"undeployTest"_s},
          {u"status"_s, u"8"_s},
          {u"deployed"_s, u"false"_s},
          {u"vms.count"_s, u"1"_s},
          {u"vm[0].name"_s, u"mgalet-test2"_s},
          {u"vm[0].status"_s, u"8"_s},
          {u"tasks.count"_s, u"2"_s},
          {u"task[0].status"_s, u"error"_s},
          {u"task[0].error.majorErrorCode"_s, u"400"_s},
          {u"task[0].error.minorErrorCode"_s, u"BAD_REQUEST"_s},
          {u"task[0].owner.name"_s, u"mgalet-test2"_s},
          {u"task[1].operationName"_s, u"vappDeploy"_s}}},
        {u"libcloud__vapp-poweredon.xml"_s,
         {{u"root"_s, u"VApp"_s},
          {u"name"_s, u"testNode"_s},
          {u"id"_s, u"urn:vcloud:vapp:8c57a5b6-e61b-48ca-8a78-3b70ee65ef6a"_s},
          {u"status"_s, u"4"_s},
          {u"statusName"_s, u"POWERED_ON"_s},
          {u"deployed"_s, u"true"_s},
          {u"owner.name"_s, u"mgalet"_s},
          {u"networks"_s, u"vCloud - Default:bridged:65.41.64.1"_s},
          {u"links.count"_s, u"14"_s},
          {u"vms.count"_s, u"1"_s},
          {u"vm[0].name"_s, u"testVm"_s},
          {u"vm[0].status"_s, u"4"_s},
          {u"vm[0].cpus"_s, u"2"_s},
          {u"vm[0].memoryMb"_s, u"4096"_s},
          {u"vm[0].disks"_s, u"2000:61440MB:bus6"_s},
          {u"vm[0].nic[0].ip"_s, u"65.41.67.2"_s},
          {u"vm[0].nic[0].mac"_s, u"00:50:56:01:00:99"_s},
          {u"vm[0].nic[0].primary"_s, u"true"_s},
          {u"vm[0].osType"_s, u"rhel5_64Guest"_s},
          {u"vm[0].guestOs"_s, u"Red Hat Enterprise Linux 5 (64-bit)"_s},
          {u"vm[0].toolsVersion"_s, u"8290"_s},
          {u"vm[0].computerName"_s, u"mgalet-test2"_s},
          {u"vm[0].links.count"_s, u"14"_s}}},
        {u"libcloud__vdc.xml"_s,
         {{u"root"_s, u"Vdc"_s},
          {u"name"_s, u"MyVdc"_s},
          {u"id"_s, u"urn:vcloud:vdc:3d9ae28c-1de9-4307-8107-9356ff8ba6d0"_s},
          {u"status"_s, u"1"_s},
          {u"allocationModel"_s, u"AllocationPool"_s},
          {u"storage"_s, u"1984512/5120000 MB"_s},
          {u"cpu.allocated"_s, u"130000"_s},
          {u"cpu.limit"_s, u"160000"_s},
          {u"cpu.used"_s, u"0"_s},
          {u"memory.allocated"_s, u"527360"_s},
          {u"memory.limit"_s, u"527360"_s},
          {u"memory.used"_s, u"130752"_s},
          {u"resourceEntities.count"_s, u"5"_s},
          {u"vApps.count"_s, u"4"_s},
          {u"vAppTemplates.count"_s, u"1"_s},
          {u"vmQuota"_s, u"150"_s},
          {u"networkQuota"_s, u"1024"_s},
          {u"storageProfiles.count"_s, u"0"_s},
          {u"links.count"_s, u"10"_s}}},
        {u"libcloud__vm.xml"_s,
         {{u"root"_s, u"Vm"_s},
          {u"name"_s, u"testVm"_s},
          {u"href"_s, u"https://vm-vcloud/api/vApp/vm-test"_s},
          {u"status"_s, u"4"_s},
          {u"cpus"_s, u"2"_s},
          {u"memoryMb"_s, u"4096"_s},
          {u"disks.count"_s, u"4"_s},
          {u"disks"_s, u"2000:61440MB:bus6,2001:16384MB:bus6,2002:16384MB:bus6,2003:30720MB:bus6"_s},
          {u"nics.count"_s, u"1"_s},
          {u"nic[0].ip"_s, u"65.33.65.9"_s},
          {u"nic[0].mac"_s, u"00:50:56:01:00:d9"_s},
          {u"osType"_s, u"rhel5_64Guest"_s},
          {u"computerName"_s, u"ScrumVMMast-001"_s},
          {u"toolsVersion"_s, u"8290"_s},
          {u"tasks.count"_s, u"1"_s},
          {u"task[0].status"_s, u"error"_s},
          {u"task[0].operationName"_s, u"vappUpdateVm"_s},
          {u"task[0].error.minorErrorCode"_s, u"VIM_INVALID_DISK_PARAMETERS"_s},
          {u"links.count"_s, u"14"_s}}},
        {u"osm__orgvdcnetwork-create-response.xml"_s,
         {{u"root"_s, u"OrgVdcNetwork"_s},
          {u"name"_s, u"Test_network-25cb63aa-30e9-4de5-be76-1d6e00a2781a"_s},
          {u"href"_s, u"https://localhost/api/admin/network/df1956fa-da04-419e-a6a2-427b6f83788f"_s},
          {u"fenceMode"_s, u"bridged"_s},
          {u"gateway"_s, u"12.16.113.1"_s},
          {u"dns"_s, u"12.16.113.2"_s},
          {u"ranges"_s, u"12.168.113.3-12.168.113.52"_s},
          {u"parentNetwork.href"_s,
           u"https://localhost/api/admin/network/19b01b42-c862-4d0f-bcbf-d053e7396fc0"_s},
          {u"tasks.count"_s, u"1"_s},
          {u"task[0].status"_s, u"queued"_s},
          {u"task[0].operationName"_s, u"networkCreateOrgVdcNetwork"_s},
          {u"task[0].organization.name"_s, u"System"_s},
          {u"links.count"_s, u"6"_s}}},
        {u"osm__task-queued-undeploy.xml"_s,
         {{u"root"_s, u"Task"_s},
          {u"status"_s, u"queued"_s},
          {u"statusEnum"_s, u"queued"_s},
          {u"terminal"_s, u"false"_s},
          {u"operationName"_s, u"vappUndeployPowerOff"_s},
          {u"owner.href"_s, u"https://localhost/api/vApp/vapp-86d9dd50-9c07-4fc5-84ce-aefb5de7b8ed"_s},
          {u"user.name"_s, u"orgadmin"_s},
          {u"progress"_s, u"none"_s}}},
        {u"osm__task-success-poweroff.xml"_s,
         {{u"root"_s, u"Task"_s},
          {u"status"_s, u"success"_s},
          {u"operationName"_s, u"vappPowerOff"_s},
          {u"owner.name"_s, u"Test1_vm-fa13aee3-fb79-456f-8ce9-17f029ec4324"_s},
          {u"endTime"_s, u"2018-04-19T01:24:46.643-07:00"_s}}},
        {u"osm__vapp-instantiate-queued-task.xml"_s,
         {{u"root"_s, u"VApp"_s},
          {u"name"_s, u"Test1_vm-978d608b-07e4-4733-9c15-b66bc8ee310a"_s},
          {u"status"_s, u"0"_s},
          {u"statusName"_s, u"UNRESOLVED"_s},
          {u"deployed"_s, u"false"_s},
          {u"vms.count"_s, u"0"_s},
          {u"tasks.count"_s, u"1"_s},
          {u"task[0].status"_s, u"queued"_s},
          {u"task[0].progress"_s, u"1"_s},
          {u"task[0].operationName"_s, u"vdcInstantiateVapp"_s},
          {u"owner.name"_s, u"orgadmin"_s},
          {u"dateCreated"_s, u"2018-06-02T01:14:32.870-07:00"_s},
          {u"links.count"_s, u"6"_s}}},
        {u"osm__vapptemplate.xml"_s,
         {{u"root"_s, u"VAppTemplate"_s},
          {u"name"_s, u"Ubuntu_no_nic"_s},
          {u"status"_s, u"8"_s},
          {u"owner.name"_s, u"system"_s},
          {u"vms.count"_s, u"1"_s},
          {u"vm[0].name"_s, u"Ubuntu_no_nic"_s},
          {u"storageLeaseSeconds"_s, u"7776000"_s},
          {u"links.count"_s, u"11"_s}}},
        {u"osm__vdc.xml"_s,
         {{u"root"_s, u"Vdc"_s},
          {u"name"_s, u"Org3-VDC-PVDC1"_s},
          {u"status"_s, u"1"_s},
          {u"cpu.used"_s, u"2000"_s},
          {u"memory.used"_s, u"2048"_s},
          {u"memory.overhead"_s, u"71"_s},
          {u"resourceEntities.count"_s, u"9"_s},
          {u"vApps.count"_s, u"4"_s},
          {u"vAppTemplates.count"_s, u"5"_s},
          {u"availableNetworks.count"_s, u"5"_s},
          {u"storageProfiles.count"_s, u"2"_s},
          {u"hardwareVersions"_s, u"vmx-04,vmx-07,vmx-08,vmx-09,vmx-10,vmx-11"_s},
          {u"vCpuInMhz"_s, u"1000"_s},
          {u"networkQuota"_s, u"1000"_s},
          {u"links.count"_s, u"17"_s}}},
        {u"osm__vm.xml"_s,
         {{u"root"_s, u"Vm"_s},
          {u"name"_s, u"Ubuntu_no_nic"_s},
          {u"status"_s, u"4"_s},
          {u"deployed"_s, u"true"_s},
          {u"cpus"_s, u"1"_s},
          {u"memoryMb"_s, u"1024"_s},
          {u"disks"_s, u"2000:10240MB:bus6"_s},
          {u"nics.count"_s, u"1"_s},
          {u"nic[0].ip"_s, u"172.16.27.72"_s},
          {u"nic[0].mode"_s, u"DHCP"_s},
          {u"nic[0].mac"_s, u"00:50:56:01:14:1a"_s},
          {u"osType"_s, u"ubuntu64Guest"_s},
          {u"hardwareVersion"_s, u"vmx-11"_s},
          {u"computerName"_s, u"Ubuntunonic-001"_s},
          {u"storageProfile.name"_s, u"*"_s},
          {u"dateCreated"_s, u"2018-04-19T04:19:28.150-07:00"_s},
          {u"links.count"_s, u"25"_s}}},
        {u"rvsdk__edgegateway.xml"_s,
         {{u"root"_s, u"EdgeGateway"_s},
          {u"name"_s, u"164-935"_s},
          {u"id"_s, u"urn:vcloud:gateway:903c42ae-1682-456a-af1d-bc867e8dabbf"_s},
          {u"interfaces"_s,
           u"164-935-default-routed:internal:192.168.109.1,d0p2-ext:uplink:192.240.155.232"_s},
          {u"services"_s, u"FirewallService:true:4,NatService:true:6"_s},
          {u"haEnabled"_s, u"true"_s}}},
        {u"rvsdk__error-400.xml"_s,
         {{u"root"_s, u"Error"_s},
          {u"majorErrorCode"_s, u"400"_s},
          {u"minorErrorCode"_s, u"BAD_REQUEST"_s},
          {u"message"_s, u"The requested operation will exceed the vDC's storage quota."_s}}},
        {u"rvsdk__query-edgegateway-records.xml"_s,
         {{u"root"_s, u"QueryResultRecords"_s},
          {u"name"_s, u"edgeGateway"_s},
          {u"total"_s, u"1"_s},
          {u"records.count"_s, u"1"_s},
          {u"record[0].element"_s, u"EdgeGatewayRecord"_s},
          {u"record[0].name"_s, u"164-935"_s},
          {u"record[0].gatewayStatus"_s, u"READY"_s},
          {u"record[0].haStatus"_s, u"UP"_s},
          {u"record[0].taskDetails"_s, u"  Cannot update edge gateway \"164-935\""_s}}},
        {u"tfvcd-pr1298__cloudapi-error-401-not-authenticated-api38.json"_s,
         {{u"root"_s, u"Error"_s},
          {u"minorErrorCode"_s, u"NOT_AUTHENTICATED"_s},
          {u"requestId"_s, u"7-2024-08-06-22-50-04-825--8c18ce7b-b757-4f2d-8e46-c3a9972b79d1"_s},
          {u"stackTrace"_s, QString()}}},
        {u"vcfa-troubleshooting__cloudapi-page-empty-api40.json"_s,
         {{u"total"_s, u"0"_s},
          {u"page"_s, u"1"_s},
          {u"pageSize"_s, u"128"_s},
          {u"records.count"_s, u"0"_s}}},
    };
}

// ---- the bodies under test: the project's own, then the external corpus's ------------------------

// One body of one corpus. `xfail` is non-empty for a body that is expected not to parse, and says
// why (a request body, a root no reader of ours reads).
struct Body
{
    QString corpus; // "own" or "corpus"
    QString dir;
    QString file;
    QString xfail;

    QString row() const { return corpus + u'/' + file; }
    QString path() const { return QDir(dir).filePath(file); }
    QByteArray read() const
    {
        QFile f(path());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    bool isXml() const { return file.endsWith(u".xml"); }
    // Beside a body, NAME.facts holds its expected values and NAME.xfail its expected failure.
    QString sidecar(const QString &suffix) const
    {
        return QDir(dir).filePath(QFileInfo(file).completeBaseName() + suffix);
    }
};

// Real bodies of our workspace's corpus that no reader of ours reads (its folder is read-only, so
// the reasons live here rather than in .xfail files beside them).
QString corpusXfail(const QString &file)
{
    if (file == u"rvsdk__request-undeployvappparams.xml")
        return u"a request body (UndeployVAppParams): the client writes it, no reader reads it"_s;
    return {};
}

QList<Body> bodiesIn(const QString &corpus, const QString &dir)
{
    QList<Body> out;
    if (dir.isEmpty())
        return out;
    for (const QString &file : QDir(dir).entryList({u"*.xml"_s, u"*.json"_s}, QDir::Files, QDir::Name)) {
        Body b{corpus, dir, file, {}};
        QFile xfail(b.sidecar(u".xfail"_s));
        if (xfail.open(QIODevice::ReadOnly))
            b.xfail = QString::fromUtf8(xfail.readAll()).trimmed();
        else if (corpus == u"corpus")
            b.xfail = corpusXfail(file);
        out.append(b);
    }
    return out;
}

QList<Body> ownBodies()
{
    return bodiesIn(u"own"_s, TestData::ownPath(u"bodies"_s));
}

QList<Body> corpusBodies()
{
    return bodiesIn(u"corpus"_s, TestData::fixturesDir());
}

// Expected values: NAME.facts beside the body ("key = value" lines, '#' comments; an empty value
// is expected to be empty), else the corpus table. nullopt when there are none.
std::optional<FactList> expectationsFor(const Body &body)
{
    QFile f(body.sidecar(u".facts"_s));
    if (f.open(QIODevice::ReadOnly)) {
        FactList facts;
        for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
            const QString t = line.trimmed();
            if (t.isEmpty() || t.startsWith(u'#'))
                continue;
            const qsizetype eq = t.indexOf(u'=');
            if (eq <= 0)
                continue;
            facts.append({t.left(eq).trimmed(), t.mid(eq + 1).trimmed()});
        }
        return facts;
    }
    if (body.corpus == u"corpus") {
        for (const Expectation &e : corpusExpectations()) {
            if (e.file == body.file)
                return e.facts;
        }
    }
    return std::nullopt;
}

// Adds one row per body of both corpora that passes `keep`; when the external corpus is absent,
// one "corpus" row instead, which the test function skips through skipIfNoCorpus().
void addBodyRows(const std::function<bool(const Body &)> &keep = {})
{
    QTest::addColumn<Body>("body");
    for (const Body &b : ownBodies()) {
        if (!keep || keep(b))
            QTest::newRow(qPrintable(b.row())) << b;
    }
    const QList<Body> corpus = corpusBodies();
    if (corpus.isEmpty())
        QTest::newRow("corpus") << Body{u"corpus"_s, {}, {}, {}};
    for (const Body &b : corpus) {
        if (!keep || keep(b))
            QTest::newRow(qPrintable(b.row())) << b;
    }
}

#define SKIP_IF_NO_CORPUS(body)                                                                              \
    do {                                                                                                     \
        QString why_;                                                                                        \
        if ((body).file.isEmpty() && !TestData::fixturesAvailable(&why_))                                    \
            QSKIP(qPrintable(why_));                                                                         \
    } while (false)

bool parsable(const Body &b)
{
    return b.xfail.isEmpty();
}

// The fields any body of a given root must yield, whatever the file and the corpus.
void checkGenericInvariants(const QString &file, const AnyBody &any)
{
    const Facts f = facts(any);
    const QString root = f.value(u"root"_s);
    const auto nonEmpty = [&](const QString &key) {
        QVERIFY2(!f.value(key).isEmpty(), qPrintable(file + u": empty "_s + key));
    };
    if (root == u"SupportedVersions") {
        const auto &v = std::get<SupportedVersions>(any);
        QVERIFY2(!v.versions.isEmpty(), qPrintable(file));
        for (const VersionInfo &vi : v.versions) {
            QVERIFY2(!vi.version.isEmpty(), qPrintable(file));
            QVERIFY2(vi.loginUrl.isValid() && !vi.loginUrl.isEmpty(), qPrintable(file));
        }
    } else if (root == u"Session") {
        nonEmpty(u"user"_s);
        nonEmpty(u"org"_s);
    } else if (root == u"OrgList") {
        QVERIFY2(f.value(u"orgs.count"_s).toInt() > 0, qPrintable(file));
    } else if (root == u"Error") {
        nonEmpty(u"minorErrorCode"_s);
        nonEmpty(u"message"_s);
    } else if (root == u"Task") {
        nonEmpty(u"href"_s);
        QVERIFY2(f.value(u"statusEnum"_s) != u"unknown", qPrintable(file));
        nonEmpty(u"owner.href"_s);
    } else if (root == u"QueryResultRecords" && f.value(u"name"_s) == u"cloudapi") {
        QVERIFY2(f.value(u"records.count"_s).toLongLong() <= f.value(u"total"_s).toLongLong(),
                 qPrintable(file));
    } else if (root == u"QueryResultRecords") {
        nonEmpty(u"name"_s);
        QVERIFY2(f.value(u"records.count"_s).toLongLong() <= f.value(u"total"_s).toLongLong(),
                 qPrintable(file));
        QVERIFY2(f.value(u"records.count"_s).toLongLong() <= f.value(u"pageSize"_s).toLongLong(),
                 qPrintable(file));
    } else if (root == u"Metadata") {
        const auto &m = std::get<Metadata>(any);
        for (const MetadataEntry &e : m.entries)
            QVERIFY2(!e.key.isEmpty(), qPrintable(file));
    } else if (root != u"MetadataValue" && !root.endsWith(u"References") && root != u"TasksList" &&
               !root.isEmpty()) {
        // Every entity: name and href.
        nonEmpty(u"name"_s);
        nonEmpty(u"href"_s);
    }
    if (root == u"VApp") {
        const auto &v = std::get<VApp>(any);
        for (const Vm &vm : v.vms) {
            QVERIFY2(!vm.name.isEmpty() && !vm.href.isEmpty(), qPrintable(file));
            QVERIFY2(vm.cpus > 0 && vm.memoryMb > 0, qPrintable(file));
        }
    }
    if (root == u"Vm") {
        QVERIFY2(f.value(u"cpus"_s).toInt() > 0, qPrintable(file));
        QVERIFY2(f.value(u"memoryMb"_s).toInt() > 0, qPrintable(file));
    }
}

} // namespace

Q_DECLARE_METATYPE(Body)

class TestXmlReaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ownBodiesAreComplete();
    void ownBodiesValidateAgainstXsd_data();
    void ownBodiesValidateAgainstXsd();
    void everyBodyParses_data();
    void everyBodyParses();
    void bodyFields_data();
    void bodyFields();
    void malformedXmlGivesLineAndColumn_data();
    void malformedXmlGivesLineAndColumn();
    void malformedJsonGivesLineAndColumn();
    void prefixIndependence_data();
    void prefixIndependence();
    void prefixIndependenceHandWritten();
    void unknownElementsIgnored_data();
    void unknownElementsIgnored();
    void truncatedInputNeverCrashes_data();
    void truncatedInputNeverCrashes();
    void garbageNeverCrashes();
    void errorBodyDetection();
    void wrongRootNamesExpectedAndFound();
    void typedMetadataAndMetadataValue();
    void queryPagingLinksAndReferences();
    void tasksList();
    void mediaSnapshotAndHardwareFallback();
    void statusTables();
    // Sections read at their own href, project-owned bodies in tests/data/sections (issue #13).
    void sectionBodiesParse_data();
    void sectionBodiesParse();
    void snapshotSectionAlone();
    void virtualHardwareSectionAndItems();
    void networkConnectionSectionAlone();
    void guestCustomizationKeepsNoPassword();
    void osLeaseAndStartupSections();
    void productSectionsKeepNoPassword();
    void orgQueryLinksAndAdminOrg();
    void dtdIsRefused_data();
    void dtdIsRefused();
    void deepNestingIsReadWithoutRecursion();
};

void TestXmlReaders::ownBodiesAreComplete()
{
    // Every root a reader reads has a body of its own, and every own body either has expected
    // values or says why it does not parse.
    const QList<Body> bodies = ownBodies();
    QVERIFY2(!bodies.isEmpty(), qPrintable(TestData::ownPath(u"bodies"_s)));
    QSet<QString> roots;
    for (const Body &b : bodies) {
        if (b.isXml())
            roots.insert(XmlReaders::rootElement(b.read()).name);
        QVERIFY2(!b.xfail.isEmpty() || expectationsFor(b).has_value(),
                 qPrintable(u"no .facts (nor .xfail) for "_s + b.path()));
    }
    for (const QString &root : {u"SupportedVersions"_s,
                                u"Session"_s,
                                u"OrgList"_s,
                                u"Org"_s,
                                u"Vdc"_s,
                                u"VApp"_s,
                                u"Vm"_s,
                                u"VAppTemplate"_s,
                                u"Catalog"_s,
                                u"CatalogItem"_s,
                                u"Media"_s,
                                u"OrgVdcNetwork"_s,
                                u"OrgNetwork"_s,
                                u"EdgeGateway"_s,
                                u"Task"_s,
                                u"TasksList"_s,
                                u"Error"_s,
                                u"Metadata"_s,
                                u"MetadataValue"_s,
                                u"QueryResultRecords"_s,
                                u"VAppReferences"_s,
                                u"QueryList"_s,
                                u"MksTicket"_s})
        QVERIFY2(roots.contains(root), qPrintable(u"no own body with the root "_s + root));
}

void TestXmlReaders::ownBodiesValidateAgainstXsd_data()
{
    QString why;
    if (!XsdValidator::available(&why))
        QSKIP(qPrintable(why));
    QTest::addColumn<Body>("body");
    for (const Body &b : ownBodies()) {
        if (b.isXml())
            QTest::newRow(qPrintable(b.row())) << b;
    }
}

void TestXmlReaders::ownBodiesValidateAgainstXsd()
{
    // Our bodies are written from docs/VCD-API.md; where the official schemas are at hand they
    // prove the bodies are what a server may send (lenient: the two schema quirks of section 7).
    QFETCH(Body, body);
    const QByteArray xml = body.read();
    const bool versions = XmlReaders::rootElement(xml).namespaceUri == XmlReaders::versionsNamespace();
    QString errors;
    QVERIFY2(XsdValidator::validate(xml, &errors,
                                    versions ? XsdValidator::Schema::Versions : XsdValidator::Schema::Master,
                                    true),
             qPrintable(errors));
}

void TestXmlReaders::everyBodyParses_data()
{
    addBodyRows();
}

void TestXmlReaders::everyBodyParses()
{
    QFETCH(Body, body);
    SKIP_IF_NO_CORPUS(body);
    const QByteArray bytes = body.read();
    QVERIFY2(!bytes.isEmpty(), qPrintable(body.path()));

    const ReadResult<AnyBody> r = readFixtureBody(body.file, bytes);
    if (!body.xfail.isEmpty()) {
        // Expected not to parse; should it start to, the XPASS fails the test and the .xfail goes.
        QVERIFY2(r.error.kind != ReadError::Kind::Malformed, qPrintable(r.error.toString()));
        QEXPECT_FAIL("", qPrintable(body.xfail), Abort);
    }
    QVERIFY2(r.ok(), qPrintable(body.file + u": "_s + r.error.toString()));
    QCOMPARE(r.error.kind, ReadError::Kind::None);
    checkGenericInvariants(body.file, *r.value);

    // Links are readable from every XML body with a vcloud root.
    if (body.isXml() && XmlReaders::rootElement(bytes).name != u"Error") {
        const auto links = XmlReaders::readLinks(bytes);
        QVERIFY2(links.ok(), qPrintable(links.error.toString()));
        const Facts f = facts(*r.value);
        if (f.contains(u"links.count"_s))
            QCOMPARE(QString::number(links.value->size()), f.value(u"links.count"_s));
    }
}

void TestXmlReaders::bodyFields_data()
{
    addBodyRows(parsable);
}

void TestXmlReaders::bodyFields()
{
    QFETCH(Body, body);
    SKIP_IF_NO_CORPUS(body);
    // Any corpus may be tried (VCD_FIXTURES_DIR=...): a body without expected values still has to
    // parse (everyBodyParses), only its field check is skipped.
    const std::optional<FactList> expected = expectationsFor(body);
    if (!expected)
        QSKIP(qPrintable(u"no expected values for "_s + body.file + u" (add "_s +
                         QFileInfo(body.sidecar(u".facts"_s)).fileName() + u')'));
    const ReadResult<AnyBody> r = readFixtureBody(body.file, body.read());
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    const Facts f = facts(*r.value);
    for (const auto &[key, value] : *expected) {
        QVERIFY2(f.contains(key), qPrintable(u"no fact "_s + key));
        QVERIFY2(f.value(key) == value,
                 qPrintable(u"%1: got \"%2\", expected \"%3\""_s.arg(key, f.value(key), value)));
    }
}

void TestXmlReaders::malformedXmlGivesLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("line");

    QTest::newRow("empty") << QByteArray() << 1;
    QTest::newRow("not xml") << QByteArray("this is not XML") << 1;
    QTest::newRow("mismatched end tag")
        << QByteArray("<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\" status=\"running\">\n"
                      "  <Owner href=\"x\">\n"
                      "  </Task>\n")
        << 3;
    QTest::newRow("unterminated attribute")
        << QByteArray("<Vdc xmlns=\"http://www.vmware.com/vcloud/v1.5\"\n name=\"a>\n</Vdc>\n") << 3;
    QTest::newRow("undeclared prefix")
        << QByteArray("<?xml version=\"1.0\"?>\n<ns0:Task status=\"x\"/>") << 2;
    QTest::newRow("second root") << QByteArray(
                                        "<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>\n\n<Task/>")
                                 << 3;
    QTest::newRow("truncated")
        << QByteArray(
               "<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"a\">\n<Children>\n<Vm name=\"b\"")
        << 3;
    QTest::newRow("entity bomb")
        << QByteArray("<?xml version=\"1.0\"?>\n<!DOCTYPE Task [\n"
                      "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
                      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                      "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                      "]>\n"
                      "<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\" operation=\"&d;\"/>\n")
        << 7; // refused where the DTD ends, before any entity is expanded
}

void TestXmlReaders::malformedXmlGivesLineAndColumn()
{
    QFETCH(QByteArray, body);
    QFETCH(int, line);

    const auto check = [&](const ReadError &e) {
        QCOMPARE(e.kind, ReadError::Kind::Malformed);
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(e.line, qint64(line));
        QVERIFY(e.column >= 0);
        QVERIFY(e.toString().contains(u"line %1"_s.arg(line)));
    };
    // Whatever reader is asked, the answer is the same malformed error.
    const auto task = XmlReaders::readTask(body);
    QVERIFY(!task.ok());
    check(task.error);
    const auto any = XmlReaders::readAny(body);
    QVERIFY(!any.ok());
    check(any.error);
    const auto vdc = XmlReaders::readVdc(body);
    QVERIFY(!vdc.ok());
    check(vdc.error);
    QVERIFY(!XmlReaders::readLinks(body).ok());
}

void TestXmlReaders::malformedJsonGivesLineAndColumn()
{
    const QByteArray body = "{\n  \"minorErrorCode\": \"X\",\n  \"message\": oops\n}";
    const auto e = XmlReaders::readErrorJson(body);
    QVERIFY(!e.ok());
    QCOMPARE(e.error.kind, ReadError::Kind::Malformed);
    QCOMPARE(e.error.line, 3);
    QVERIFY(e.error.column > 1);

    const auto s = XmlReaders::readSessionJson("[1, 2]");
    QVERIFY(!s.ok());
    QCOMPARE(s.error.kind, ReadError::Kind::WrongShape);

    const auto p = XmlReaders::readCloudApiPageJson("");
    QVERIFY(!p.ok());
    QCOMPARE(p.error.kind, ReadError::Kind::Malformed);
}

void TestXmlReaders::prefixIndependence_data()
{
    addBodyRows([](const Body &b) { return b.isXml() && parsable(b); });
}

void TestXmlReaders::prefixIndependence()
{
    QFETCH(Body, body);
    SKIP_IF_NO_CORPUS(body);
    const QString file = body.file;
    const QByteArray original = body.read();
    const QByteArray renamed = reprefix(original);

    // The rewrite really changed the spelling: no default vcloud namespace is left.
    QVERIFY(!renamed.contains("xmlns=\"http://www.vmware.com/vcloud/v1.5\""));
    QVERIFY(renamed.contains("ns0:") || renamed.contains("vv:"));
    QCOMPARE(XmlReaders::rootElement(renamed).namespaceUri, XmlReaders::rootElement(original).namespaceUri);

    const auto a = readFixtureBody(file, original);
    const auto b = readFixtureBody(file, renamed);
    QVERIFY2(a.ok(), qPrintable(a.error.toString()));
    QVERIFY2(b.ok(), qPrintable(b.error.toString()));
    QCOMPARE(facts(*b.value), facts(*a.value));
}

void TestXmlReaders::prefixIndependenceHandWritten()
{
    // The same task with the default namespace, with a prefix, and with an unrelated default
    // namespace next to the prefixed vcloud one.
    const QByteArray plain =
        "<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\" status=\"running\" href=\"https://h/api/task/1\">"
        "<Owner href=\"https://h/api/vApp/vapp-1\" name=\"a\"/><Progress>42</Progress></Task>";
    const QByteArray prefixed =
        "<v:Task xmlns:v=\"http://www.vmware.com/vcloud/v1.5\" xmlns=\"urn:unrelated\" status=\"running\" "
        "href=\"https://h/api/task/1\"><v:Owner href=\"https://h/api/vApp/vapp-1\" name=\"a\"/>"
        "<Progress>7</Progress><v:Progress>42</v:Progress></v:Task>";
    const auto a = XmlReaders::readTask(plain);
    const auto b = XmlReaders::readTask(prefixed);
    QVERIFY(a.ok());
    QVERIFY(b.ok());
    QCOMPARE(a.value->progress, std::optional<int>(42));
    QCOMPARE(facts(*b.value), facts(*a.value));

    // Same local name, wrong namespace: not a Task.
    const auto wrong = XmlReaders::readTask("<Task xmlns=\"urn:unrelated\" status=\"running\"/>");
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error.kind, ReadError::Kind::WrongRoot);
}

void TestXmlReaders::unknownElementsIgnored_data()
{
    addBodyRows([](const Body &b) {
        return b.isXml() && parsable(b) && XmlReaders::rootElement(b.read()).name != u"Error";
    });
}

void TestXmlReaders::unknownElementsIgnored()
{
    QFETCH(Body, body);
    SKIP_IF_NO_CORPUS(body);
    const QString file = body.file;
    const QByteArray original = body.read();
    // A future section in the vcloud namespace whose children look like things we read (they must
    // not leak out of it), plus an element of a foreign namespace with the same local names.
    const QByteArray snippet =
        "<FutureSection xmlns=\"http://www.vmware.com/vcloud/v1.5\" answer=\"42\">"
        "<Link rel=\"bogus\" href=\"https://x/bogus\"/><Vm name=\"ghost\" status=\"4\"/>"
        "<Task status=\"error\"/><VersionInfo/><Name>ghost</Name><VMRecord name=\"ghost\"/>"
        "<MetadataEntry><Key>ghost</Key></MetadataEntry><Deep><Deeper><Deepest/></Deeper></Deep>"
        "</FutureSection>"
        "<Link xmlns=\"urn:other\" rel=\"bogus\" href=\"https://x/other\"/>"
        "<VMRecord xmlns=\"urn:other\" name=\"ghost\"/>"
        "<VersionInfo xmlns=\"urn:other\"><Version>99.0</Version></VersionInfo>";
    const QByteArray injected = injectAfterRoot(original, snippet);
    QVERIFY(injected.size() > original.size());

    const auto a = readFixtureBody(file, original);
    const auto b = readFixtureBody(file, injected);
    QVERIFY2(a.ok(), qPrintable(a.error.toString()));
    QVERIFY2(b.ok(), qPrintable(b.error.toString()));
    QCOMPARE(facts(*b.value), facts(*a.value));
}

void TestXmlReaders::truncatedInputNeverCrashes_data()
{
    addBodyRows();
}

void TestXmlReaders::truncatedInputNeverCrashes()
{
    QFETCH(Body, body);
    SKIP_IF_NO_CORPUS(body);
    const QString file = body.file;
    const QByteArray bytes = body.read();
    const bool json = file.endsWith(u".json");
    // Anything cut before the last closing bracket is incomplete, so it must be an error.
    const qsizetype end = bytes.lastIndexOf(json ? '}' : '>');
    QVERIFY(end > 0);
    // Every offset for small bodies, ~150 spread offsets (plus the last 32) for big ones.
    QList<qsizetype> offsets;
    const qsizetype step = qMax<qsizetype>(1, end / 150);
    for (qsizetype i = 0; i < end; i += step)
        offsets.append(i);
    for (qsizetype i = qMax<qsizetype>(0, end - 32); i < end; ++i)
        offsets.append(i);

    for (qsizetype k = 0; k < offsets.size(); ++k) {
        const qsizetype off = offsets.at(k);
        const QByteArray cut = bytes.left(off);
        const ReadResult<AnyBody> r = readFixtureBody(file, cut);
        QVERIFY2(!r.ok(), qPrintable(u"%1 cut at %2 was accepted"_s.arg(file).arg(off)));
        if (json) {
            QVERIFY(r.error.kind == ReadError::Kind::Malformed);
        } else {
            QCOMPARE(r.error.kind, ReadError::Kind::Malformed);
            QVERIFY(r.error.line >= 1);
            QVERIFY(!r.error.message.isEmpty());
            if (k % 4 != 0)
                continue;
            // The typed readers agree with readAny.
            QVERIFY(!XmlReaders::readVApp(cut).ok());
            QVERIFY(!XmlReaders::readQueryRecords(cut).ok());
            QVERIFY(!XmlReaders::readLinks(cut).ok());
        }
    }
}

void TestXmlReaders::garbageNeverCrashes()
{
    // A cheap mutation fuzz: flip bytes of a rich body; every reader must return, and a
    // success must still be a plausible value. The seed is fixed so a failure reproduces.
    const QByteArray body = ownBody(u"vapp.xml"_s);
    QVERIFY(!body.isEmpty());
    quint32 seed = 12345;
    const auto rnd = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    const char alphabet[] = "<>/=\"'&;:x \n\0]]";
    int failures = 0;
    for (int round = 0; round < 300; ++round) {
        QByteArray m = body;
        for (int k = 0; k < 4; ++k)
            m[qsizetype(rnd() % quint32(m.size()))] = alphabet[rnd() % (sizeof(alphabet) - 1)];
        const auto r = XmlReaders::readVApp(m);
        if (!r.ok()) {
            ++failures;
            QVERIFY(r.error.isError());
            QVERIFY(!r.error.message.isEmpty());
        }
        (void)XmlReaders::readAny(m);
        (void)XmlReaders::readVm(m);
        (void)XmlReaders::readLinks(m);
    }
    QVERIFY(failures > 0); // the mutations did break documents
}

void TestXmlReaders::errorBodyDetection()
{
    const QByteArray forbidden = ownBody(u"error-403.xml"_s);
    const QByteArray badRequest = ownBody(u"error-400.xml"_s);
    QVERIFY(!forbidden.isEmpty() && !badRequest.isEmpty());

    // Asking for an entity and getting an Error document (here under an ns0: prefix).
    const auto vapp = XmlReaders::readVApp(forbidden);
    QVERIFY(!vapp.ok());
    QCOMPARE(vapp.error.kind, ReadError::Kind::ApiError);
    QVERIFY(vapp.error.apiError.has_value());
    QCOMPARE(vapp.error.apiError->majorErrorCode, 403);
    QCOMPARE(vapp.error.apiError->minorErrorCode, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);
    QVERIFY(vapp.error.message.contains(u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s));

    const auto task = XmlReaders::readTask(badRequest);
    QCOMPARE(task.error.kind, ReadError::Kind::ApiError);
    QCOMPARE(task.error.apiError->majorErrorCode, 400);
    QCOMPARE(task.error.apiError->minorErrorCode, u"BAD_REQUEST"_s);

    QCOMPARE(XmlReaders::readAny(badRequest).error.kind, ReadError::Kind::ApiError);
    QCOMPARE(XmlReaders::readLinks(badRequest).error.kind, ReadError::Kind::ApiError);
    QCOMPARE(XmlReaders::readQueryRecords(forbidden).error.kind, ReadError::Kind::ApiError);

    // readError gives it as a value.
    const auto err = XmlReaders::readError(badRequest);
    QVERIFY(err.ok());
    QCOMPARE(err.value->message,
             u"The requested operation will exceed the VDC's storage quota: 120 GB requested, 40 GB left."_s);

    // A task that *contains* an Error is a task, not an error document.
    const auto failedTask = XmlReaders::readTask(ownBody(u"task-error.xml"_s));
    QVERIFY(failedTask.ok());
    QCOMPARE(failedTask.value->status, TaskStatus::Error);
    QVERIFY(failedTask.value->error.has_value());

    // An "Error" of another namespace is just a wrong root.
    const auto foreign = XmlReaders::readVApp("<Error xmlns=\"urn:other\" majorErrorCode=\"500\"/>");
    QCOMPARE(foreign.error.kind, ReadError::Kind::WrongRoot);
    QVERIFY(!foreign.error.apiError.has_value());

    // Request id prefix, XML and JSON.
    const auto withId = XmlReaders::readVdc("<Error xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
                                            "majorErrorCode=\"404\" minorErrorCode=\"NOT_FOUND\" "
                                            "message=\"[ 41-2025-abc ] No such VDC.\"/>");
    QCOMPARE(withId.error.kind, ReadError::Kind::ApiError);
    QCOMPARE(withId.error.apiError->requestId, u"41-2025-abc"_s);
    QCOMPARE(withId.error.apiError->text(), u"No such VDC."_s);

    const QByteArray jsonError = ownBody(u"error-cloudapi.json"_s);
    const auto je = XmlReaders::readErrorJson(jsonError);
    QVERIFY(je.ok());
    QCOMPARE(je.value->minorErrorCode, u"NOT_AUTHENTICATED"_s);
    QCOMPARE(je.value->text(), u"Login required: the session is missing or has expired."_s);
    QCOMPARE(je.value->requestId, u"12-2026-03-04-05-06-07-890--1f2e3d4c-5b6a-4789-8123-456789abcdef"_s);
    // The same body where a session or a page was expected is an API error.
    const auto js = XmlReaders::readSessionJson(jsonError);
    QCOMPARE(js.error.kind, ReadError::Kind::ApiError);
    QCOMPARE(js.error.apiError->minorErrorCode, u"NOT_AUTHENTICATED"_s);
    QCOMPARE(XmlReaders::readCloudApiPageJson(jsonError).error.kind, ReadError::Kind::ApiError);
    QCOMPARE(XmlReaders::requestIdFromMessage(u"no prefix"_s), QString());
}

void TestXmlReaders::wrongRootNamesExpectedAndFound()
{
    const QByteArray vdc = ownBody(u"vdc.xml"_s);
    const auto r = XmlReaders::readVApp(vdc);
    QVERIFY(!r.ok());
    QCOMPARE(r.error.kind, ReadError::Kind::WrongRoot);
    QCOMPARE(r.error.expected, u"{http://www.vmware.com/vcloud/v1.5}VApp"_s);
    QCOMPARE(r.error.found, u"{http://www.vmware.com/vcloud/v1.5}Vdc"_s);
    QCOMPARE(r.error.line, 4); // after the XML declaration and a two-line comment
    QVERIFY(r.error.message.contains(u"VApp"_s) && r.error.message.contains(u"Vdc"_s));

    const auto versions = XmlReaders::readSession(ownBody(u"supported-versions.xml"_s));
    QCOMPARE(versions.error.kind, ReadError::Kind::WrongRoot);
    QCOMPARE(versions.error.found, u"{http://www.vmware.com/vcloud/versions}SupportedVersions"_s);

    // OrgVdcNetwork's reader takes both network roots and says so.
    const auto net = XmlReaders::readOrgVdcNetwork(vdc);
    QVERIFY(net.error.expected.contains(u"OrgNetwork"_s));

    const RootElement none = XmlReaders::rootElement("garbage");
    QVERIFY(!none.isValid());
}

void TestXmlReaders::typedMetadataAndMetadataValue()
{
    const QByteArray body =
        "<Metadata xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "href=\"https://h/api/vApp/vapp-1/metadata\">"
        "<MetadataEntry><Domain visibility=\"READONLY\">SYSTEM</Domain><Key>cost</Key>"
        "<TypedValue xsi:type=\"MetadataNumberValue\"><Value>42</Value></TypedValue></MetadataEntry>"
        "<MetadataEntry><Key>ok</Key><TypedValue xsi:type=\"vc:MetadataBooleanValue\" "
        "xmlns:vc=\"http://www.vmware.com/vcloud/v1.5\"><Value>true</Value></TypedValue></MetadataEntry>"
        "<MetadataEntry><Key>when</Key><TypedValue xsi:type=\"MetadataDateTimeValue\">"
        "<Value>2024-01-02T03:04:05.000Z</Value></TypedValue></MetadataEntry>"
        "<MetadataEntry><Key>s</Key><TypedValue "
        "xsi:type=\"MetadataStringValue\"><Value>x</Value></TypedValue>"
        "</MetadataEntry></Metadata>";
    const auto m = XmlReaders::readMetadata(body);
    QVERIFY2(m.ok(), qPrintable(m.error.toString()));
    QCOMPARE(m.value->entries.size(), 4);
    const MetadataEntry cost = *m.value->entry(u"cost");
    QCOMPARE(cost.type, MetadataType::Number);
    QCOMPARE(cost.domain, MetadataDomain::System);
    QCOMPARE(cost.visibility, MetadataVisibility::ReadOnly);
    QCOMPARE(cost.typedValue(), QVariant(qint64(42)));
    QCOMPARE(m.value->entry(u"ok")->type, MetadataType::Boolean);
    QCOMPARE(m.value->entry(u"ok")->typedValue(), QVariant(true));
    QCOMPARE(m.value->entry(u"when")->type, MetadataType::DateTime);
    QCOMPARE(m.value->entry(u"when")->typedValue().toDateTime(),
             QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(m.value->entry(u"s")->type, MetadataType::String);
    QCOMPARE(m.value->entry(u"s")->domain, MetadataDomain::General);
    QVERIFY(!m.value->entry(u"missing").has_value());

    const auto v = XmlReaders::readMetadataValue(
        "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><Domain "
        "visibility=\"PRIVATE\">SYSTEM</Domain>"
        "<TypedValue xsi:type=\"MetadataNumberValue\"><Value>7</Value></TypedValue></MetadataValue>");
    QVERIFY(v.ok());
    QCOMPARE(v.value->value, u"7"_s);
    QCOMPARE(v.value->type, MetadataType::Number);
    QCOMPARE(v.value->visibility, MetadataVisibility::Private);
    QVERIFY(std::holds_alternative<MetadataEntry>(
        *XmlReaders::readAny(
             "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\"><Value>1</Value></MetadataValue>")
             .value));
}

void TestXmlReaders::queryPagingLinksAndReferences()
{
    // Hand-made second page of three, with a metadata-bearing record (shape from docs/VCD-API.md §4).
    const QByteArray body =
        "<QueryResultRecords xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"vApp\" page=\"2\" "
        "pageSize=\"2\" "
        "total=\"5\" href=\"https://h/api/query?type=vApp&amp;page=2\">"
        "<Link rel=\"firstPage\" href=\"https://h/api/query?type=vApp&amp;page=1\"/>"
        "<Link rel=\"previousPage\" href=\"https://h/api/query?type=vApp&amp;page=1\"/>"
        "<Link rel=\"nextPage\" href=\"https://h/api/query?type=vApp&amp;page=3\"/>"
        "<Link rel=\"lastPage\" href=\"https://h/api/query?type=vApp&amp;page=3\"/>"
        "<VAppRecord name=\"a\" status=\"POWERED_ON\" href=\"https://h/api/vApp/vapp-a\" isBusy=\"false\" "
        "numberOfVMs=\"3\"><Link rel=\"up\" "
        "href=\"https://h/api/vdc/1\"/><Metadata><MetadataEntry><Key>k</Key>"
        "<TypedValue xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:type=\"MetadataStringValue\">"
        "<Value>v</Value></TypedValue></MetadataEntry></Metadata></VAppRecord>"
        "<VAppRecord name=\"b\" status=\"POWERED_OFF\" href=\"https://h/api/vApp/vapp-b\"/>"
        "</QueryResultRecords>";
    const auto r = XmlReaders::readQueryRecords(body);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.value->page, 2);
    QCOMPARE(r.value->pageCount(), 3);
    QCOMPARE(r.value->nextPage()->href, QUrl(u"https://h/api/query?type=vApp&page=3"_s));
    QCOMPARE(r.value->previousPage()->href, QUrl(u"https://h/api/query?type=vApp&page=1"_s));
    QVERIFY(r.value->firstPage() && r.value->lastPage());
    QCOMPARE(r.value->records.size(), 2);
    const QueryRecord &a = r.value->records.first();
    QCOMPARE(a.elementName, u"VAppRecord"_s);
    QCOMPARE(a.attributes.first().first, u"name"_s); // server order kept
    QCOMPARE(a.intValue(u"numberOfVMs"), 3);
    QCOMPARE(a.boolValue(u"isBusy", true), false);
    QCOMPARE(a.href(), QUrl(u"https://h/api/vApp/vapp-a"_s));
    QCOMPARE(statusCodeFromName(a.value(u"status")), std::optional<int>(4));
    QCOMPARE(a.links.size(), 1);
    QCOMPARE(a.metadata.size(), 1);
    QCOMPARE(a.metadata.first().value, u"v"_s);
    QVERIFY(!a.has(u"missing"));
    QCOMPARE(a.value(u"missing", u"dflt"_s), u"dflt"_s);
    // Strings that repeat at the same position share one allocation (30,000 rows stay small);
    // different values do not.
    const QueryRecord &b = r.value->records.at(1);
    QCOMPARE(b.attributes.at(0).first, u"name"_s);
    QCOMPARE(b.attributes.at(0).first.constData(), a.attributes.at(0).first.constData());
    QCOMPARE(b.elementName.constData(), a.elementName.constData());
    QCOMPARE(b.value(u"name"), u"b"_s);
    QVERIFY(b.attributes.at(0).second.constData() != a.attributes.at(0).second.constData());

    const QByteArray refs =
        "<VMReferences xmlns=\"http://www.vmware.com/vcloud/v1.5\" total=\"2\" page=\"1\" pageSize=\"25\" "
        "name=\"vm\">"
        "<Link rel=\"alternate\" href=\"https://h/api/query?type=vm&amp;format=records\"/>"
        "<VMReference href=\"https://h/api/vApp/vm-1\" name=\"one\" id=\"urn:vcloud:vm:1\" "
        "type=\"application/vnd.vmware.vcloud.vm+xml\"/>"
        "<VMReference href=\"https://h/api/vApp/vm-2\" name=\"two\"/></VMReferences>";
    const auto q = XmlReaders::readQueryReferences(refs);
    QVERIFY2(q.ok(), qPrintable(q.error.toString()));
    QCOMPARE(q.value->rootName, u"VMReferences"_s);
    QCOMPARE(q.value->total, 2);
    QCOMPARE(q.value->references.size(), 2);
    QCOMPARE(q.value->references.first().id, u"urn:vcloud:vm:1"_s);
    QVERIFY(std::holds_alternative<QueryReferencesPage>(*XmlReaders::readAny(refs).value));
    QCOMPARE(XmlReaders::readQueryReferences(body).error.kind, ReadError::Kind::WrongRoot);
}

void TestXmlReaders::tasksList()
{
    const QByteArray body =
        "<TasksList xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"org\" "
        "href=\"https://h/api/tasksList/1\">"
        "<Task status=\"preRunning\" operationName=\"vappDeploy\" href=\"https://h/api/task/1\">"
        "<Owner href=\"https://h/api/vApp/vapp-1\"/></Task>"
        "<Task status=\"aborted\" href=\"https://h/api/task/2\"/><Task status=\"canceled\" "
        "href=\"https://h/api/task/3\"/>"
        "</TasksList>";
    const auto r = XmlReaders::readTasksList(body);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.value->tasks.size(), 3);
    QCOMPARE(r.value->tasks.at(0).status, TaskStatus::PreRunning);
    QVERIFY(!r.value->tasks.at(0).isTerminal());
    QCOMPARE(r.value->tasks.at(1).status, TaskStatus::Aborted);
    QCOMPARE(r.value->tasks.at(2).status, TaskStatus::Canceled);
    QVERIFY(r.value->tasks.at(2).isTerminal());
}

void TestXmlReaders::mediaSnapshotAndHardwareFallback()
{
    // No real Media body is public (docs/VCD-API.md §8); this one follows media.xsd.
    const auto media = XmlReaders::readMedia(
        "<Media xmlns=\"http://www.vmware.com/vcloud/v1.5\" status=\"1\" imageType=\"iso\" size=\"1048576\" "
        "name=\"os.iso\" id=\"urn:vcloud:media:1\" href=\"https://h/api/media/1\">"
        "<Link rel=\"up\" href=\"https://h/api/vdc/1\"/><Description>boot</Description>"
        "<Files><File name=\"x\"/></Files><Owner><User name=\"alice\" "
        "href=\"https://h/api/admin/user/1\"/></Owner>"
        "<VdcStorageProfile name=\"gold\" href=\"https://h/api/vdcStorageProfile/1\"/></Media>");
    QVERIFY2(media.ok(), qPrintable(media.error.toString()));
    QCOMPARE(media.value->imageType, u"iso"_s);
    QCOMPARE(media.value->size, 1048576);
    QCOMPARE(media.value->status, 1);
    QCOMPARE(media.value->owner.name, u"alice"_s);
    QCOMPARE(media.value->storageProfile.name, u"gold"_s);
    QCOMPARE(media.value->description, u"boot"_s);

    // A VM with a snapshot, memory given in GB units, and NICs only in the hardware section.
    const auto vm = XmlReaders::readVm(
        "<Vm xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
        "xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" "
        "xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\" "
        "name=\"v\" href=\"https://h/api/vAppTemplate/vm-1\" status=\"8\">"
        "<ovf:VirtualHardwareSection>"
        "<ovf:Item><rasd:ResourceType>4</rasd:ResourceType><rasd:AllocationUnits>byte * "
        "2^30</rasd:AllocationUnits>"
        "<rasd:VirtualQuantity>2</rasd:VirtualQuantity></ovf:Item>"
        "<ovf:Item><rasd:Address>00:50:56:aa:bb:cc</rasd:Address><rasd:AddressOnParent>0</"
        "rasd:AddressOnParent>"
        "<rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>"
        "<rasd:Connection xmlns:v=\"http://www.vmware.com/vcloud/v1.5\" v:ipAddress=\"10.0.0.5\" "
        "v:primaryNetworkConnection=\"true\" v:ipAddressingMode=\"MANUAL\">net-a</rasd:Connection>"
        "<rasd:ResourceType>10</rasd:ResourceType></ovf:Item>"
        "<ovf:Item><rasd:InstanceID>2001</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType>"
        "<rasd:VirtualQuantity>2147483648</rasd:VirtualQuantity><rasd:VirtualQuantityUnits>byte</"
        "rasd:VirtualQuantityUnits>"
        "</ovf:Item></ovf:VirtualHardwareSection>"
        "<SnapshotSection><ovf:Info/><Snapshot created=\"2024-05-06T07:08:09.000Z\" poweredOn=\"true\" "
        "size=\"4096\"/>"
        "</SnapshotSection></Vm>");
    QVERIFY2(vm.ok(), qPrintable(vm.error.toString()));
    QCOMPARE(vm.value->memoryMb, 2048);
    QCOMPARE(vm.value->disks.size(), 1);
    QCOMPARE(vm.value->disks.first().sizeMb, 2048);
    QCOMPARE(vm.value->nics.size(), 1);
    QCOMPARE(vm.value->nics.first().ipAddress, u"10.0.0.5"_s);
    QCOMPARE(vm.value->nics.first().network, u"net-a"_s);
    QCOMPARE(vm.value->nics.first().allocationMode, u"MANUAL"_s);
    QVERIFY(vm.value->nics.first().primary);
    QCOMPARE(vm.value->primaryNicIndex, 0);
    QVERIFY(vm.value->snapshot.has_value());
    QVERIFY(vm.value->snapshot->poweredOn);
    QCOMPARE(vm.value->snapshot->size, 4096);
    QCOMPARE(vm.value->snapshot->created, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));

    // AdminVdc is read by readVdc.
    const auto admin = XmlReaders::readVdc(
        "<AdminVdc xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"a\" href=\"https://h/api/admin/vdc/1\" "
        "status=\"0\"><AllocationModel>Flex</AllocationModel></AdminVdc>");
    QVERIFY(admin.ok());
    QCOMPARE(admin.value->allocationModel, u"Flex"_s);
    QCOMPARE(vdcStatusName(admin.value->status), u"NOT_READY"_s);
}

void TestXmlReaders::statusTables()
{
    QCOMPARE(statusName(4), u"POWERED_ON"_s);
    QCOMPARE(statusName(8), u"POWERED_OFF"_s);
    QCOMPARE(statusName(-1), u"FAILED_CREATION"_s);
    QCOMPARE(statusName(20), u"PARTIALLY_POWERED_OFF"_s);
    QCOMPARE(statusName(99), u"UNKNOWN_99"_s);
    QCOMPARE(statusText(4), u"Powered on"_s);
    QVERIFY(statusText(99).contains(u"99"_s));
    QCOMPARE(statusCodeFromName(u"POWERED_OFF"), std::optional<int>(8));
    QCOMPARE(statusCodeFromName(u"nope"), std::nullopt);
    for (int code = -1; code <= 21; ++code)
        QCOMPARE(statusCodeFromName(statusName(code)), std::optional<int>(code));
    QCOMPARE(vdcStatusName(0), u"NOT_READY"_s);
    QCOMPARE(vdcStatusName(1), u"READY"_s);
    QCOMPARE(vdcStatusText(1), u"Ready"_s);
    QCOMPARE(taskStatusFromString(u"preRunning"), TaskStatus::PreRunning);
    QCOMPARE(taskStatusFromString(u"SUCCESS"), TaskStatus::Success);
    QCOMPARE(taskStatusFromString(u"whatever"), TaskStatus::Unknown);
    QCOMPARE(taskStatusString(TaskStatus::PreRunning), u"preRunning"_s);
    QCOMPARE(taskStatusText(TaskStatus::Error), u"Failed"_s);
    QCOMPARE(metadataTypeFromXsiType(u"ns3:MetadataDateTimeValue"), MetadataType::DateTime);
    QCOMPARE(metadataXsiTypeName(MetadataType::Boolean), u"MetadataBooleanValue"_s);
    QCOMPARE(metadataDomainString(metadataDomainFromString(u"system")), u"SYSTEM"_s);
    QCOMPARE(metadataVisibilityString(metadataVisibilityFromString(u"READONLY")), u"READONLY"_s);
}

// ---- sections read on their own (issue #13) ----------------------------------------------------------

namespace {

// tests/data/sections: bodies written for these tests.
QByteArray sectionBody(const char *file)
{
    return TestData::own(u"sections/"_s + QString::fromLatin1(file));
}

} // namespace

void TestXmlReaders::sectionBodiesParse_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("root");
    const QDir dir(TestData::ownPath(u"sections"_s));
    const QStringList files = dir.entryList({u"*.xml"_s}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 10);
    for (const QString &f : files) {
        QFile in(dir.filePath(f));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QTest::newRow(qPrintable(f)) << dir.filePath(f) << XmlReaders::rootElement(in.readAll()).name;
    }
}

void TestXmlReaders::sectionBodiesParse()
{
    // Every section body a client GETs on its own has a reader that readAny dispatches to — the
    // standalone SnapshotSection once gave "No reader for root element".
    QFETCH(QString, file);
    QFETCH(QString, root);
    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const ReadResult<AnyBody> r = XmlReaders::readAny(in.readAll());
    QVERIFY2(r.ok(), qPrintable(root + u": "_s + r.error.toString()));
}

void TestXmlReaders::snapshotSectionAlone()
{
    const ReadResult<SnapshotSection> r = XmlReaders::readSnapshotSection(sectionBody("snapshotsection.xml"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(r.value->href.toString().endsWith(u"/snapshotSection"));
    QCOMPARE(r.value->info, u"Snapshot information section"_s);
    QVERIFY(r.value->snapshot.has_value());
    QCOMPARE(r.value->snapshot->size, qint64(4294967296));
    QVERIFY(r.value->snapshot->poweredOn);
    QCOMPARE(r.value->snapshot->created, QDateTime(QDate(2024, 3, 5), QTime(9, 15, 27), Qt::UTC));

    // A section without a snapshot says so.
    const QByteArray empty = "<SnapshotSection xmlns='http://www.vmware.com/vcloud/v1.5' "
                             "xmlns:ovf='http://schemas.dmtf.org/ovf/envelope/1'><ovf:Info>x</ovf:Info>"
                             "</SnapshotSection>";
    const ReadResult<SnapshotSection> e = XmlReaders::readSnapshotSection(empty);
    QVERIFY(e.ok());
    QVERIFY(!e.value->snapshot.has_value());
}

void TestXmlReaders::virtualHardwareSectionAndItems()
{
    const ReadResult<VirtualHardwareSection> r =
        XmlReaders::readVirtualHardwareSection(sectionBody("virtualhardwaresection.xml"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    const VirtualHardwareSection &hw = *r.value;
    QVERIFY(
        hw.href.toString().endsWith(u"/virtualHardwareSection/")); // the vcloud:href under a foreign prefix
    QCOMPARE(hw.hardwareVersion, u"vmx-19"_s);
    QCOMPARE(hw.virtualSystemIdentifier, u"build-agent-03"_s);
    QCOMPARE(hw.items.size(), 5);
    QVERIFY(hw.editLink().has_value());

    const RasdItem cpu = hw.itemsOfType(3).value(0);
    QCOMPARE(cpu.virtualQuantity, qint64(4));
    QCOMPARE(cpu.coresPerSocket, 2);
    QVERIFY(cpu.href.toString().endsWith(u"/virtualHardwareSection/cpu"));
    QVERIFY(findLink(cpu.links, u"edit").has_value());
    QCOMPARE(hw.itemsOfType(4).value(0).megabytes(), qint64(8192)); // 8 × 2^30 bytes
    const RasdItem disk = hw.itemsOfType(17).value(0);
    QCOMPARE(disk.megabytes(), qint64(61440)); // the capacity attribute wins over the byte quantity
    QCOMPARE(disk.parent, u"2"_s);
    QCOMPARE(disk.busType, 6);
    const RasdItem nic = hw.itemsOfType(10).value(0);
    QCOMPARE(nic.connection, u"build-net"_s);
    QCOMPARE(nic.ipAddress, u"10.20.0.31"_s);
    QCOMPARE(nic.ipAddressingMode, u"POOL"_s);
    QVERIFY(nic.primaryNetworkConnection);
    QCOMPARE(nic.address, u"00:50:56:01:0a:3c"_s);

    const ReadResult<RasdItem> memory = XmlReaders::readRasdItem(sectionBody("rasditem-memory.xml"));
    QVERIFY2(memory.ok(), qPrintable(memory.error.toString()));
    QCOMPARE(memory.value->resourceType, 4);
    QCOMPARE(memory.value->megabytes(), qint64(6144));
    QCOMPARE(memory.value->reservation, qint64(1024));
    QVERIFY(memory.value->href.toString().endsWith(u"/virtualHardwareSection/memory"));
    QVERIFY(findLink(memory.value->links, u"edit").has_value());

    const ReadResult<RasdItem> cpuItem = XmlReaders::readRasdItem(sectionBody("rasditem-cpu.xml"));
    QVERIFY2(cpuItem.ok(), qPrintable(cpuItem.error.toString()));
    QCOMPARE(cpuItem.value->resourceType, 3);
    QCOMPARE(cpuItem.value->virtualQuantity, qint64(4));
    QCOMPARE(cpuItem.value->coresPerSocket, 2);
    QVERIFY(cpuItem.value->href.toString().endsWith(u"/virtualHardwareSection/cpu"));

    const ReadResult<RasdItemsList> disks =
        XmlReaders::readRasdItemsList(sectionBody("rasditemslist-disks.xml"));
    QVERIFY2(disks.ok(), qPrintable(disks.error.toString()));
    QCOMPARE(disks.value->items.size(), 3);
    QCOMPARE(disks.value->items[0].resourceType, 6);
    QCOMPARE(disks.value->items[2].capacityMb.value_or(-1), qint64(102400));
    QCOMPARE(disks.value->items[1].storageProfileHref.path(),
             u"/api/vdcStorageProfile/5a7c0e52-3c1b-4d6f-8a0e-1f2b3c4d5e6f"_s);

    const ReadResult<RasdItemsList> nics =
        XmlReaders::readRasdItemsList(sectionBody("rasditemslist-networkcards.xml"));
    QVERIFY2(nics.ok(), qPrintable(nics.error.toString()));
    QCOMPARE(nics.value->items.size(), 2);
    QCOMPARE(nics.value->items[0].connection, u"build-net"_s);
    QCOMPARE(nics.value->items[0].ipAddressingMode, u"POOL"_s);
    QVERIFY(nics.value->items[0].primaryNetworkConnection);
    QVERIFY(!nics.value->items[1].primaryNetworkConnection);
    QCOMPARE(nics.value->items[1].resourceSubType, u"E1000E"_s);
}

void TestXmlReaders::networkConnectionSectionAlone()
{
    const ReadResult<NetworkConnectionSection> r =
        XmlReaders::readNetworkConnectionSection(sectionBody("networkconnectionsection.xml"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.value->primaryIndex, 1);
    QCOMPARE(r.value->connections.size(), 2);
    const VmNic &off = r.value->connections[0];
    QCOMPARE(off.network, u"backup-net"_s);
    QVERIFY(!off.connected);
    QVERIFY(!off.primary);
    QVERIFY(off.ipAddress.isEmpty());
    QCOMPARE(off.adapterType, u"E1000E"_s);
    const VmNic &on = r.value->connections[1];
    QVERIFY(on.primary);
    QCOMPARE(on.ipAddress, u"10.20.0.31"_s);
    QCOMPARE(on.externalIpAddress, u"203.0.113.31"_s);
    QCOMPARE(on.allocationMode, u"MANUAL"_s);
    QVERIFY(r.value->editLink().has_value());
}

void TestXmlReaders::guestCustomizationKeepsNoPassword()
{
    const QByteArray body = sectionBody("guestcustomizationsection.xml");
    const ReadResult<GuestCustomizationSection> r = XmlReaders::readGuestCustomizationSection(body);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    const GuestCustomizationSection &g = *r.value;
    QVERIFY(g.enabled);
    QVERIFY(g.changeSid);
    QVERIFY(g.joinDomainEnabled);
    QCOMPARE(g.domainName, u"corp.example.test"_s);
    QCOMPARE(g.domainUserName, u"joiner"_s);
    QVERIFY(g.adminPasswordEnabled);
    QVERIFY(!g.adminPasswordAuto);
    QVERIFY(g.hasAdminPassword);
    QCOMPARE(g.adminAutoLogonCount, 2);
    QVERIFY(g.hasCustomizationScript);
    QCOMPARE(g.computerName, u"BUILD-AGENT-03"_s);
    QCOMPARE(g.virtualMachineId, u"2b6c1f0e-7d1a-4e5e-9f31-0c4d2a9b7e11"_s);
    // The password reached the reader but no field holds it.
    QVERIFY(body.contains("placeholder-not-a-secret"));
    const QString everyText = g.domainName + g.domainUserName + g.computerName + g.virtualMachineId + g.info;
    QVERIFY(!everyText.contains(u"placeholder"));
}

void TestXmlReaders::osLeaseAndStartupSections()
{
    const ReadResult<OperatingSystemSection> os =
        XmlReaders::readOperatingSystemSection(sectionBody("operatingsystemsection.xml"));
    QVERIFY2(os.ok(), qPrintable(os.error.toString()));
    QCOMPARE(os.value->osId, 80);
    QCOMPARE(os.value->osType, u"rhel8_64Guest"_s);
    QCOMPARE(os.value->description, u"Red Hat Enterprise Linux 8 (64-bit)"_s);
    QVERIFY(os.value->href.toString().endsWith(u"/operatingSystemSection/"));
    QVERIFY(os.value->editLink().has_value());

    const ReadResult<LeaseSettingsSection> lease =
        XmlReaders::readLeaseSettingsSection(sectionBody("leasesettingssection.xml"));
    QVERIFY2(lease.ok(), qPrintable(lease.error.toString()));
    QCOMPARE(lease.value->deploymentLeaseSeconds, qint64(604800));
    QCOMPARE(lease.value->storageLeaseSeconds, qint64(2592000));
    QCOMPARE(lease.value->deploymentLeaseExpiration,
             QDateTime(QDate(2024, 3, 12), QTime(9, 15, 27), Qt::UTC));
    QVERIFY(lease.value->storageLeaseExpiration.isValid());

    const ReadResult<StartupSection> startup =
        XmlReaders::readStartupSection(sectionBody("startupsection.xml"));
    QVERIFY2(startup.ok(), qPrintable(startup.error.toString()));
    QCOMPARE(startup.value->items.size(), 2);
    const StartupItem &db = startup.value->items[0];
    QCOMPARE(db.id, u"db-01"_s);
    QCOMPARE(db.order, 0);
    QCOMPARE(db.startDelay, 60);
    QVERIFY(db.waitingForGuest);
    QCOMPARE(db.stopAction, u"guestShutdown"_s);
    QCOMPARE(db.stopDelay, 120);
    QCOMPARE(startup.value->items[1].id, u"app-01"_s);
    QVERIFY(!startup.value->items[1].waitingForGuest);
    QVERIFY(startup.value->editLink().has_value());
}

void TestXmlReaders::productSectionsKeepNoPassword()
{
    const ReadResult<ProductSectionList> r =
        XmlReaders::readProductSections(sectionBody("productsectionlist.xml"));
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.value->sections.size(), 1);
    const ProductSection &p = r.value->sections.first();
    QCOMPARE(p.className, u"com.example.shop"_s);
    QCOMPARE(p.instance, u"1"_s);
    QCOMPARE(p.product, u"Example Shop"_s);
    QCOMPARE(p.vendor, u"Example Ltd"_s);
    QCOMPARE(p.fullVersion, u"4.2.1-build7"_s);
    QCOMPARE(p.properties.size(), 3);
    QCOMPARE(p.properties[0].key, u"ip0"_s);
    QCOMPARE(p.properties[0].value, u"10.20.0.40"_s); // the configured value, not the empty default
    QCOMPARE(p.properties[0].label, u"Address"_s);
    QCOMPARE(p.properties[0].category, u"Network"_s);
    QVERIFY(p.properties[0].userConfigurable);
    QVERIFY(p.properties[1].password);
    QVERIFY(p.properties[1].value.isEmpty());
    QCOMPARE(p.properties[1].category, u"Access"_s);
    QCOMPARE(p.properties[2].type, u"boolean"_s);
    QCOMPARE(p.properties[2].value, u"false"_s);
    QVERIFY(findLink(r.value->links, u"up").has_value());
}

void TestXmlReaders::orgQueryLinksAndAdminOrg()
{
    // An API 33+ Org: no VDC or catalog links, query links instead (docs/VCD-API.md §3.3.1).
    const QByteArray org33 =
        "<Org xmlns='http://www.vmware.com/vcloud/v1.5' name='acme' id='urn:vcloud:org:1' "
        "href='https://h/api/org/1' type='application/vnd.vmware.vcloud.org+xml'>"
        "<Link rel='down' href='https://h/api/network/9' name='net' "
        "type='application/vnd.vmware.vcloud.orgNetwork+xml'/>"
        "<Link rel='down' "
        "href='https://h/api/query?type=catalog&amp;format=records&amp;filter=orgName%3D%3Dacme' "
        "type='application/vnd.vmware.vcloud.query.records+xml'/>"
        "<Link rel='down' "
        "href='https://h/api/query?type=orgVdc&amp;format=records&amp;filter=orgName%3D%3Dacme' "
        "type='application/vnd.vmware.vcloud.query.records+xml'/>"
        "<Description/><FullName>Acme</FullName></Org>";
    const ReadResult<Org> r = XmlReaders::readOrg(org33);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QVERIFY(r.value->vdcs.isEmpty());
    QVERIFY(!r.value->listsChildren());
    QCOMPARE(r.value->networks.size(), 1);
    QVERIFY(r.value->vdcQueryLink()->href.toString().contains(u"type=orgVdc"));
    QVERIFY(r.value->catalogQueryLink()->href.toString().contains(u"type=catalog"));
    // The href keeps the server's encoding, so following it asks exactly what the server meant.
    QVERIFY(r.value->vdcQueryLink()->href.toString(QUrl::FullyEncoded).contains(u"orgName%3D%3Dacme"));

    // An href without a type parameter is matched by the kind it mentions, as pyvcloud does.
    const QByteArray noType =
        "<Org xmlns='http://www.vmware.com/vcloud/v1.5' name='a' href='https://h/api/org/1'>"
        "<Link rel='down' href='https://h/api/org/1/vdcs/query' "
        "type='application/vnd.vmware.vcloud.query.records+xml'/></Org>";
    QVERIFY(XmlReaders::readOrg(noType).value->vdcQueryLink().has_value());
    QVERIFY(!XmlReaders::readOrg(noType).value->catalogQueryLink().has_value());

    // AdminOrg lists its children (and is read as the admin view of the same org).
    const QByteArray admin =
        "<AdminOrg xmlns='http://www.vmware.com/vcloud/v1.5' name='acme' href='https://h/api/admin/org/1' "
        "type='application/vnd.vmware.admin.organization+xml'>"
        "<Link rel='alternate' href='https://h/api/org/1' type='application/vnd.vmware.vcloud.org+xml'/>"
        "<Description/><FullName>Acme</FullName><IsEnabled>false</IsEnabled><Settings/>"
        "<Catalogs><CatalogReference href='https://h/api/admin/catalog/5' name='golden'/></Catalogs>"
        "<Vdcs><Vdc href='https://h/api/admin/vdc/7' name='acme-vdc'/><Vdc href='https://h/api/admin/vdc/8' "
        "name='acme-dr'/></Vdcs><Networks><Network href='https://h/api/admin/network/9' "
        "name='net'/></Networks>"
        "</AdminOrg>";
    const ReadResult<Org> a = XmlReaders::readOrg(admin);
    QVERIFY2(a.ok(), qPrintable(a.error.toString()));
    QVERIFY(a.value->adminView);
    QVERIFY(!a.value->enabled);
    QVERIFY(a.value->listsChildren());
    QCOMPARE(a.value->vdcs.size(), 2);
    QCOMPARE(a.value->vdcs[1].name, u"acme-dr"_s);
    QCOMPARE(a.value->catalogs.value(0).name, u"golden"_s);
    QCOMPARE(a.value->networks.size(), 1);
    QVERIFY(std::holds_alternative<Org>(*XmlReaders::readAny(admin).value));
}

// A DTD never comes in a VCD body, and it is the door to entity expansion (Qt limits each entity, not
// their sum): every reader refuses one, even a harmless one, before reading on.
void TestXmlReaders::dtdIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray harmless =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE SupportedVersions [<!ENTITY v \"36.0\">]>\n"
        "<SupportedVersions xmlns=\"http://www.vmware.com/vcloud/versions\"><VersionInfo>"
        "<Version>&v;</Version></VersionInfo></SupportedVersions>";
    QTest::newRow("internal entity") << harmless;
    QTest::newRow("external entity") << QByteArray(
        "<!DOCTYPE Session [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<Session xmlns=\"http://www.vmware.com/vcloud/v1.5\" user=\"&x;\"/>");
    QTest::newRow("declaration only")
        << QByteArray("<!DOCTYPE OrgList><OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>");
    QByteArray laughs = "<!DOCTYPE OrgList [<!ENTITY a0 \"" + QByteArray(4000, 'x') + "\">";
    for (int i = 1; i < 12; ++i)
        laughs += "<!ENTITY a" + QByteArray::number(i) + " \"" +
                  QByteArray("&a" + QByteArray::number(i - 1) + ";").repeated(100) + "\">";
    laughs += "]><OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\" href=\"&a11;\"/>";
    QTest::newRow("billion laughs") << laughs;
}

void TestXmlReaders::dtdIsRefused()
{
    QFETCH(QByteArray, body);
    QElapsedTimer t;
    t.start();
    const auto check = [](const ReadError &e) {
        QCOMPARE(e.kind, ReadError::Kind::Malformed);
        QVERIFY2(e.message.contains(u"DTD"_s), qPrintable(e.message));
    };
    check(XmlReaders::readSupportedVersions(body).error);
    check(XmlReaders::readSession(body).error);
    check(XmlReaders::readOrgList(body).error);
    check(XmlReaders::readAny(body).error);
    check(XmlReaders::readLinks(body).error);
    check(XmlReaders::readQueryReferences(body).error);
    QVERIFY(!XmlReaders::rootElement(body).isValid());
    QVERIFY(t.elapsed() < 1000);
}

void TestXmlReaders::deepNestingIsReadWithoutRecursion()
{
    const QByteArray deep = "<QueryResultRecords xmlns=\"http://www.vmware.com/vcloud/v1.5\" total=\"0\">" +
                            QByteArray("<x>").repeated(300000) + QByteArray("</x>").repeated(300000) +
                            "</QueryResultRecords>";
    QVERIFY(XmlReaders::readQueryRecords(deep).ok());
    QVERIFY(XmlReaders::readAny(deep).ok());
    // Truncated inside the nesting: malformed, with a position.
    const auto cut = XmlReaders::readQueryRecords(deep.left(deep.size() / 2));
    QCOMPARE(cut.error.kind, ReadError::Kind::Malformed);
    QVERIFY(cut.error.line > 0);
}

QTEST_GUILESS_MAIN(TestXmlReaders)
#include "tst_xmlreaders.moc"
