// QueryEngine: the simulator's GET /api/query (docs/VCD-API.md §4) — scoping, formats, paging, sorting,
// fields, filters (both encoding regimes) and schema validity of every type × format.

#include "common/xsdvalidator.h"
#include "sim/queryengine.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QUrl>
#include <QXmlStreamReader>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

namespace {

const QString kBase = u"https://vcd.example.test"_s;

struct Record
{
    QString element;
    QMap<QString, QString> attrs; // attributes, plus "metadata:<key>" → value of Metadata children
};

struct Parsed
{
    QString root;
    QMap<QString, QString> attrs;
    QList<QPair<QString, QString>> links; // rel, href
    QList<Record> records;

    QStringList names() const
    {
        QStringList out;
        for (const auto &r : records)
            out.append(r.attrs.value(u"name"_s));
        return out;
    }
    QStringList rels() const
    {
        QStringList out;
        for (const auto &l : links)
            out.append(l.first);
        return out;
    }
    QString link(const QString &rel) const
    {
        for (const auto &l : links)
            if (l.first == rel)
                return l.second;
        return {};
    }
};

Parsed parse(const QByteArray &xml)
{
    Parsed p;
    QXmlStreamReader r(xml);
    int depth = 0;
    QString metaKey;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            ++depth;
            QMap<QString, QString> attrs;
            for (const auto &a : r.attributes())
                attrs.insert(a.name().toString(), a.value().toString());
            if (depth == 1) {
                p.root = r.name().toString();
                p.attrs = attrs;
            } else if (depth == 2 && r.name() == u"Link") {
                p.links.append({attrs.value(u"rel"_s), attrs.value(u"href"_s)});
            } else if (depth == 2) {
                p.records.append({r.name().toString(), attrs});
            } else if (r.name() == u"Key") {
                metaKey = r.readElementText();
                --depth;
            } else if (r.name() == u"Value" && !p.records.isEmpty()) {
                p.records.last().attrs.insert(u"metadata:"_s + metaKey, r.readElementText());
                --depth;
            }
        } else if (r.isEndElement()) {
            --depth;
        }
    }
    if (r.hasError())
        qWarning() << "XML error" << r.errorString();
    return p;
}

template<class T> T &put(Cloud &c, Table<T> &table, T v, const QDateTime &created = {})
{
    v.id = c.newUuid();
    v.seq = c.nextSeq();
    v.created = created.isValid() ? created : QDateTime(QDate(2024, 1, 1), QTime(9, 0), Qt::UTC);
    return table.insert(std::move(v));
}

QDateTime utc(int day, int hour = 10)
{
    return QDateTime(QDate(2024, 5, day), QTime(hour, 0), Qt::UTC);
}

MetadataEntry meta(const QString &key, MetadataEntry::Type type, const QString &value,
                   const QString &domain = u"GENERAL"_s)
{
    MetadataEntry e;
    e.key = key;
    e.type = type;
    e.value = value;
    e.domain = domain;
    if (domain == u"SYSTEM"_s)
        e.visibility = u"READONLY"_s;
    return e;
}

// Record element → the attributes queryRecordView.xsd declares for its type (plus the base href,
// id, type). The record types allow any other attribute laxly, so validation alone would not catch
// an undeclared one.
QHash<QString, QSet<QString>> declaredRecordAttributes()
{
    QFile file(vcd::test::XsdValidator::schemaDir() + u"/etc/1.5/schemas/vcloud/queryRecordView.xsd"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QXmlStreamReader r(&file);
    QHash<QString, QString> elementType;
    QHash<QString, QSet<QString>> typeAttrs;
    QString currentType;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            const auto a = r.attributes();
            if (r.name() == u"element" && a.value(u"substitutionGroup"_s) == u"Record")
                elementType.insert(a.value(u"name"_s).toString(), a.value(u"type"_s).toString());
            else if (r.name() == u"complexType" && a.hasAttribute(u"name"_s))
                currentType = a.value(u"name"_s).toString();
            else if (r.name() == u"attribute" && !currentType.isEmpty())
                typeAttrs[currentType].insert(a.value(u"name"_s).toString());
        } else if (r.isEndElement() && r.name() == u"complexType") {
            currentType.clear();
        }
    }
    QHash<QString, QSet<QString>> out;
    for (auto it = elementType.cbegin(); it != elementType.cend(); ++it)
        out.insert(it.key(), typeAttrs.value(it.value()) + QSet<QString>{u"href"_s, u"id"_s, u"type"_s});
    return out;
}

QByteArray enc(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}

} // namespace

class TestQueryEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void typesAreKnown();
    void unknownTypeIsBadRequest();
    void missingTypeGivesQueryList();
    void queryListPerUser();
    void rowsPerUser_data();
    void rowsPerUser();
    void adminTypesForbiddenForTenants_data();
    void adminTypesForbiddenForTenants();
    void contentTypesAndRoot_data();
    void contentTypesAndRoot();
    void vmRecordValues();
    void idRecordsUseUrns();
    void referencesFormat();
    void orgVdcUsage();
    void figuresFollowTheCloudsEpoch();
    void otherRecordValues();

    void pagingLinksAndTotals();
    void pageBeyondLastIsBadRequest();
    void emptyResultHasOnePage();
    void pageSizeDefaultAndClamp();
    void badPagingParameters_data();
    void badPagingParameters();
    void linksKeepOtherParameters();

    void sorting_data();
    void sorting();
    void unknownSortAttribute();
    void fieldsSelection();
    void fieldsMetadata();
    void unknownField();

    void filters_data();
    void filters();
    void badFilters_data();
    void badFilters();
    void encodingBefore35DoubleEncoded();
    void encodingBefore35WithoutFlag();
    void encodingFrom35Backslash();
    void encodingFrom35IgnoresFilterEncoded();

    void schemaValid_data();
    void schemaValid();
    void schemaValidPagedAndMetadata();

    void timingOnLargeCloud();

private:
    QueryResponse q(const User *user, const QString &query, const QString &api = u"36.0"_s) const
    {
        return qRaw(user, query.toUtf8(), api);
    }
    QueryResponse qRaw(const User *user, const QByteArray &query, const QString &api = u"36.0"_s) const
    {
        RenderContext ctx;
        ctx.baseUrl = kBase;
        ctx.apiVersion = api;
        ctx.cloud = m_cloud.get();
        ctx.user = user;
        return QueryEngine(*m_cloud).run(ctx, query);
    }
    QStringList sortedNames(const QueryResponse &r) const
    {
        QStringList n = parse(r.body).names();
        n.sort();
        return n;
    }

    std::unique_ptr<Cloud> m_cloud;
    const User *m_admin = nullptr;
    const User *m_alice = nullptr;
    const User *m_bob = nullptr;
    QString m_acme, m_beta, m_acmeVdc, m_web, m_db, m_web01, m_big;
};

void TestQueryEngine::initTestCase()
{
    m_cloud = std::make_unique<Cloud>();
    Cloud &c = *m_cloud;
    Org sys;
    sys.name = u"System"_s;
    sys.isSystem = true;
    const QString sysId = put(c, c.orgs, sys).id;
    Org acme;
    acme.name = u"acme"_s;
    acme.fullName = u"ACME Corp"_s;
    m_acme = put(c, c.orgs, acme).id;
    Org beta;
    beta.name = u"beta"_s;
    m_beta = put(c, c.orgs, beta).id;

    auto user = [&](const QString &name, const QString &org, Role role) {
        User u;
        u.name = name;
        u.orgId = org;
        u.role = role;
        return &put(c, c.users, u);
    };
    m_admin = user(u"administrator"_s, sysId, Role::SystemAdministrator);
    m_alice = user(u"alice"_s, m_acme, Role::OrgAdministrator);
    m_bob = user(u"bob"_s, m_beta, Role::VAppUser);

    Vdc av;
    av.name = u"acme-vdc"_s;
    av.orgId = m_acme;
    av.cpuLimitMhz = 20000;
    av.memoryLimitMb = 65536;
    av.storageLimitMb = 1024000;
    av.providerVdcName = u"pvdc-1"_s;
    m_acmeVdc = put(c, c.vdcs, av).id;
    Vdc bv;
    bv.name = u"beta-vdc"_s;
    bv.orgId = m_beta;
    const QString betaVdc = put(c, c.vdcs, bv).id;

    auto vapp = [&](const QString &name, const QString &org, const QString &vdc, const QString &owner) {
        VApp a;
        a.name = name;
        a.orgId = org;
        a.vdcId = vdc;
        a.ownerUserId = owner;
        return &put(c, c.vapps, a, utc(1, 9));
    };
    auto vm = [&](VApp *a, const QString &name, int status, int cpus, qint64 mem, const QDateTime &created,
                  const QString &ip, QList<MetadataEntry> md = {}) {
        Vm v;
        v.name = name;
        v.vappId = a->id;
        v.vdcId = a->vdcId;
        v.orgId = a->orgId;
        v.status = status;
        v.deployed = status == Status::PoweredOn;
        a->deployed = a->deployed || v.deployed;
        v.cpus = cpus;
        v.memoryMb = mem;
        v.disks = {Disk{2000, 20480, u"paravirtual"_s, u"Standard"_s}};
        Nic nic;
        nic.networkName = u"acme-net"_s;
        nic.ipAddress = ip;
        v.nics = {nic};
        v.metadata = md;
        v.localId = int(a->vmIds.size()) + 1;
        Vm &stored = put(c, c.vms, v, created);
        a->vmIds.append(stored.id);
        return stored.id;
    };
    using T = MetadataEntry::Type;
    VApp *web = vapp(u"web"_s, m_acme, m_acmeVdc, m_alice->id);
    m_web = web->id;
    m_web01 = vm(web, u"web-01"_s, Status::PoweredOn, 2, 4096, utc(1), u"10.0.0.11"_s,
                 {meta(u"env"_s, T::String, u"prod"_s), meta(u"tier"_s, T::Number, u"1"_s),
                  meta(u"backup"_s, T::Boolean, u"true"_s, u"SYSTEM"_s),
                  meta(u"expires"_s, T::DateTime, u"2024-12-31T00:00:00.000Z"_s)});
    vm(web, u"web-02"_s, Status::PoweredOff, 1, 512, utc(2), QString(),
       {meta(u"env"_s, T::String, u"dev"_s), meta(u"tier"_s, T::Number, u"2"_s),
        meta(u"expires"_s, T::DateTime, u"2025-06-01T00:00:00.000Z"_s)});
    VApp *db = vapp(u"db"_s, m_acme, m_acmeVdc, m_alice->id);
    m_db = db->id;
    vm(db, u"db-01"_s, Status::PoweredOn, 4, 1024, utc(3), u"10.0.0.13"_s,
       {meta(u"env"_s, T::String, u"Prod"_s), meta(u"tier"_s, T::Number, u"3"_s)});
    vm(db, u"cache,01 (blue)"_s, Status::PoweredOff, 1, 2048, utc(4), QString());
    VApp *app = vapp(u"app"_s, m_beta, betaVdc, m_bob->id);
    vm(app, u"app-01"_s, Status::PoweredOn, 2, 2048, utc(5), u"192.168.1.5"_s);

    // Catalogs, templates, media.
    auto catalog = [&](const QString &name, const QString &org, const QString &owner) {
        Catalog k;
        k.name = name;
        k.orgId = org;
        k.ownerUserId = owner;
        return &put(c, c.catalogs, k);
    };
    auto item = [&](Catalog *k, const QString &name, Kind kind, const QString &entity) {
        CatalogItem i;
        i.name = name;
        i.catalogId = k->id;
        i.orgId = k->orgId;
        i.entityKind = kind;
        i.entityId = entity;
        CatalogItem &stored = put(c, c.catalogItems, i);
        k->itemIds.append(stored.id);
        return stored.id;
    };
    Catalog *acmeCat = catalog(u"acme-cat"_s, m_acme, m_alice->id);
    acmeCat->published = true;
    VAppTemplate tpl;
    tpl.name = u"ubuntu"_s;
    tpl.orgId = m_acme;
    tpl.vdcId = m_acmeVdc;
    tpl.catalogId = acmeCat->id;
    tpl.ownerUserId = m_alice->id;
    tpl.status = Status::PoweredOff;
    VAppTemplate &storedTpl = put(c, c.templates, tpl);
    storedTpl.catalogItemId = item(acmeCat, u"ubuntu"_s, Kind::VAppTemplate, storedTpl.id);
    Media iso;
    iso.name = u"tools.iso"_s;
    iso.orgId = m_acme;
    iso.vdcId = m_acmeVdc;
    iso.catalogId = acmeCat->id;
    iso.ownerUserId = m_alice->id;
    iso.sizeBytes = 1048576;
    Media &storedIso = put(c, c.media, iso);
    storedIso.catalogItemId = item(acmeCat, u"tools.iso"_s, Kind::Media, storedIso.id);
    Catalog *betaCat = catalog(u"beta-cat"_s, m_beta, m_bob->id);
    VAppTemplate btpl;
    btpl.name = u"centos"_s;
    btpl.orgId = m_beta;
    btpl.vdcId = betaVdc;
    btpl.catalogId = betaCat->id;
    VAppTemplate &storedBtpl = put(c, c.templates, btpl);
    storedBtpl.catalogItemId = item(betaCat, u"centos"_s, Kind::VAppTemplate, storedBtpl.id);

    // Networks and edges.
    EdgeGateway edge;
    edge.name = u"acme-edge"_s;
    edge.orgId = m_acme;
    edge.vdcId = m_acmeVdc;
    edge.haEnabled = true;
    const QString edgeId = put(c, c.edges, edge).id;
    EdgeGateway bedge;
    bedge.name = u"beta-edge"_s;
    bedge.orgId = m_beta;
    bedge.vdcId = betaVdc;
    put(c, c.edges, bedge);
    Network net;
    net.name = u"acme-net"_s;
    net.orgId = m_acme;
    net.vdcId = m_acmeVdc;
    net.gateway = u"10.0.0.1"_s;
    net.rangeStart = u"10.0.0.10"_s;
    net.rangeEnd = u"10.0.0.50"_s;
    net.edgeGatewayId = edgeId;
    put(c, c.networks, net);
    Network bnet;
    bnet.name = u"beta-net"_s;
    bnet.orgId = m_beta;
    bnet.vdcId = betaVdc;
    bnet.fenceMode = u"isolated"_s;
    put(c, c.networks, bnet);

    // Tasks: a running one locks "web" (its VMs are busy), a finished one does not.
    Task running;
    running.name = u"task"_s;
    running.operationName = u"vappPowerOn"_s;
    running.operation = u"Starting Virtual Application web"_s;
    running.status = u"running"_s;
    running.progress = 40;
    running.ownerKind = Kind::VApp;
    running.ownerId = m_web;
    running.ownerName = u"web"_s;
    running.orgId = m_acme;
    running.userId = m_alice->id;
    running.startTime = utc(6);
    running.lockedVAppId = m_web;
    put(c, c.tasks, running);
    Task done = running;
    done.operationName = u"vappPowerOff"_s;
    done.status = u"success"_s;
    done.progress = 100;
    done.ownerId = m_db;
    done.ownerName = u"db"_s;
    done.lockedVAppId = m_db;
    done.endTime = utc(6, 11);
    put(c, c.tasks, done);
    Task bt = done;
    bt.orgId = m_beta;
    bt.userId = m_bob->id;
    bt.operationName = u"vdcInstantiateVapp"_s;
    put(c, c.tasks, bt);

    // 60 more VMs for paging, in their own vApp of acme (kept out of the small-data tests by
    // filtering on container).
    VApp *big = vapp(u"big"_s, m_acme, m_acmeVdc, m_alice->id);
    m_big = big->id;
    for (int i = 0; i < 60; ++i)
        vm(big, u"big-%1"_s.arg(i, 3, 10, QChar(u'0')), Status::PoweredOff, 1, 256, utc(7), QString());
}

// Small-data filter: only the four VMs of "web" and "db".
static QString smallVms(const QString &web, const QString &db)
{
    return u"(container=="_s + urnOf(Kind::VApp, web) + u",container=="_s + urnOf(Kind::VApp, db) + u')';
}

void TestQueryEngine::typesAreKnown()
{
    const QStringList t = QueryEngine::types();
    for (const char *name : {"organization", "orgVdc", "vApp", "vm", "adminVApp", "adminVM", "catalog",
                             "catalogItem", "vAppTemplate", "media", "orgVdcNetwork", "edgeGateway", "task"})
        QVERIFY2(t.contains(QString::fromLatin1(name)), name);
    QVERIFY(QueryEngine::isAdminType(u"adminVM"_s));
    QVERIFY(!QueryEngine::isAdminType(u"vm"_s));
}

void TestQueryEngine::unknownTypeIsBadRequest()
{
    for (const QString &type : {u"VM"_s, u"virtualMachine"_s, u""_s}) {
        const auto r = q(m_alice, u"type="_s + type);
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.minorErrorCode, u"BAD_REQUEST"_s);
        QVERIFY2(r.errorMessage.contains(u'"' + type + u'"'), qPrintable(r.errorMessage));
        QVERIFY(r.body.isEmpty());
    }
}

void TestQueryEngine::missingTypeGivesQueryList()
{
    const auto r = q(m_alice, QString());
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.contentType, u"application/vnd.vmware.vcloud.query.queryList+xml;version=36.0"_s);
    QCOMPARE(parse(r.body).root, u"QueryList"_s);
}

void TestQueryEngine::queryListPerUser()
{
    RenderContext ctx{kBase, u"36.0"_s, m_cloud.get(), m_alice};
    const QueryEngine engine(*m_cloud);
    const Parsed tenant = parse(engine.queryList(ctx).body);
    ctx.user = m_admin;
    const Parsed admin = parse(engine.queryList(ctx).body);
    QCOMPARE(tenant.attrs.value(u"href"_s), kBase + u"/api/query"_s);
    QVERIFY(tenant.rels().count(u"down"_s) == tenant.links.size());
    QCOMPARE(admin.links.size(), QueryEngine::types().size() * 3);
    int adminTypes = 0;
    for (const QString &t : QueryEngine::types())
        adminTypes += QueryEngine::isAdminType(t) ? 1 : 0;
    QCOMPARE(tenant.links.size(), (QueryEngine::types().size() - adminTypes) * 3);
    QStringList hrefs;
    for (const auto &l : tenant.links)
        hrefs.append(l.second);
    QVERIFY(hrefs.contains(kBase + u"/api/query?type=vm&format=references"_s));
    QVERIFY(hrefs.contains(kBase + u"/api/query?type=vm&format=idrecords"_s));
    QVERIFY(!hrefs.contains(kBase + u"/api/query?type=adminVM&format=records"_s));
    // Media types per format.
    QVERIFY(engine.queryList(ctx).body.contains(
        "href=\"https://vcd.example.test/api/query?type=vm&amp;format=references\" "
        "type=\"application/vnd.vmware.vcloud.query.references+xml\" name=\"vm\""));
}

void TestQueryEngine::rowsPerUser_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("who");
    QTest::addColumn<QStringList>("expected");
    auto row = [](const char *type, const char *who, QStringList names) {
        names.sort();
        QTest::addRow("%s-%s", type, who) << QString::fromLatin1(type) << QString::fromLatin1(who) << names;
    };
    row("organization", "alice", {u"acme"_s});
    row("organization", "bob", {u"beta"_s});
    row("organization", "admin", {u"System"_s, u"acme"_s, u"beta"_s});
    row("orgVdc", "alice", {u"acme-vdc"_s});
    row("orgVdc", "bob", {u"beta-vdc"_s});
    row("orgVdc", "admin", {});
    row("adminOrgVdc", "admin", {u"acme-vdc"_s, u"beta-vdc"_s});
    row("vApp", "alice", {u"web"_s, u"db"_s, u"big"_s});
    row("vApp", "bob", {u"app"_s});
    row("vApp", "admin", {});
    row("adminVApp", "admin", {u"web"_s, u"db"_s, u"app"_s, u"big"_s});
    row("catalog", "alice", {u"acme-cat"_s});
    row("catalog", "bob", {u"beta-cat"_s});
    row("catalogItem", "alice", {u"ubuntu"_s, u"tools.iso"_s});
    row("catalogItem", "bob", {u"centos"_s});
    row("vAppTemplate", "alice", {u"ubuntu"_s});
    row("vAppTemplate", "bob", {u"centos"_s});
    row("media", "alice", {u"tools.iso"_s});
    row("media", "bob", {});
    row("orgVdcNetwork", "alice", {u"acme-net"_s});
    row("orgVdcNetwork", "bob", {u"beta-net"_s});
    row("edgeGateway", "alice", {u"acme-edge"_s});
    // Listed among the admin queries: the System administrator sees every org's (docs/VCD-API.md §4).
    row("edgeGateway", "admin", {u"acme-edge"_s, u"beta-edge"_s});
    row("orgVdcNetwork", "admin", {u"acme-net"_s, u"beta-net"_s});
    row("catalog", "admin", {});
    row("adminCatalog", "admin", {u"acme-cat"_s, u"beta-cat"_s});
    row("adminCatalogItem", "admin", {u"ubuntu"_s, u"tools.iso"_s, u"centos"_s});
    row("task", "alice", {u"vappPowerOn"_s, u"vappPowerOff"_s});
    row("task", "bob", {u"vdcInstantiateVapp"_s});
    row("task", "admin", {});
    row("vm", "bob", {u"app-01"_s});
    row("vm", "admin", {});
}

void TestQueryEngine::rowsPerUser()
{
    QFETCH(QString, type);
    QFETCH(QString, who);
    QFETCH(QStringList, expected);
    const User *u = who == u"alice"_s ? m_alice : (who == u"bob"_s ? m_bob : m_admin);
    const auto r = q(u, u"type="_s + type + u"&pageSize=128"_s);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(sortedNames(r), expected);
    QCOMPARE(parse(r.body).attrs.value(u"total"_s).toInt(), expected.size());
}

void TestQueryEngine::adminTypesForbiddenForTenants_data()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("adminVM") << u"adminVM"_s;
    QTest::newRow("adminVApp") << u"adminVApp"_s;
    QTest::newRow("adminOrgVdc") << u"adminOrgVdc"_s;
    QTest::newRow("adminCatalog") << u"adminCatalog"_s;
    QTest::newRow("adminCatalogItem") << u"adminCatalogItem"_s;
}

void TestQueryEngine::adminTypesForbiddenForTenants()
{
    QFETCH(QString, type);
    for (const User *u : {m_alice, m_bob}) {
        const auto r = q(u, u"type="_s + type);
        QCOMPARE(r.httpStatus, 403);
        QCOMPARE(r.minorErrorCode, u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);
        QVERIFY(!r.errorMessage.isEmpty());
    }
    QCOMPARE(q(nullptr, u"type="_s + type).httpStatus, 403);
    QCOMPARE(q(m_admin, u"type="_s + type).httpStatus, 200);
    // All VMs in the system, templates excluded (they are not in cloud.vms).
    if (type == u"adminVM"_s)
        QCOMPARE(parse(q(m_admin, u"type=adminVM&pageSize=1"_s).body).attrs.value(u"total"_s), u"65"_s);
}

void TestQueryEngine::contentTypesAndRoot_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("mediaType");
    QTest::addColumn<QString>("root");
    QTest::newRow("default") << QString() << u"application/vnd.vmware.vcloud.query.records+xml"_s
                             << u"QueryResultRecords"_s;
    QTest::newRow("records") << u"records"_s << u"application/vnd.vmware.vcloud.query.records+xml"_s
                             << u"QueryResultRecords"_s;
    QTest::newRow("references") << u"references"_s << u"application/vnd.vmware.vcloud.query.references+xml"_s
                                << u"VMReferences"_s;
    QTest::newRow("idrecords") << u"idrecords"_s << u"application/vnd.vmware.vcloud.query.idrecords+xml"_s
                               << u"QueryResultRecords"_s;
}

void TestQueryEngine::contentTypesAndRoot()
{
    QFETCH(QString, format);
    QFETCH(QString, mediaType);
    QFETCH(QString, root);
    const auto r =
        q(m_alice, u"type=vm"_s + (format.isEmpty() ? QString() : u"&format="_s + format), u"31.0"_s);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.contentType, mediaType + u";version=31.0"_s);
    QVERIFY(r.body.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"));
    const Parsed p = parse(r.body);
    QCOMPARE(p.root, root);
    QCOMPARE(p.attrs.value(u"name"_s), u"vm"_s);
    QCOMPARE(p.attrs.value(u"type"_s), mediaType);
    const QString fmt = format.isEmpty() ? u"records"_s : format;
    QCOMPARE(p.attrs.value(u"href"_s), kBase + u"/api/query?type=vm&page=1&pageSize=25&format="_s + fmt);
    // Two alternates, to the two other formats.
    QStringList alternates;
    for (const auto &l : p.links)
        if (l.first == u"alternate"_s)
            alternates.append(l.second.section(u"format="_s, 1));
    alternates.sort();
    QStringList others{u"idrecords"_s, u"records"_s, u"references"_s};
    others.removeAll(fmt);
    QCOMPARE(alternates, others);
    QVERIFY(r.body.contains("xmlns=\"http://www.vmware.com/vcloud/v1.5\""));
}

void TestQueryEngine::vmRecordValues()
{
    const auto r = q(m_alice, u"type=vm&filter=name==web-01"_s);
    const Parsed p = parse(r.body);
    QCOMPARE(p.records.size(), 1);
    const auto &a = p.records.first().attrs;
    QCOMPARE(p.records.first().element, u"VMRecord"_s);
    QCOMPARE(a.value(u"href"_s), kBase + u"/api/vApp/vm-"_s + m_web01);
    QVERIFY(!a.contains(u"id"_s));
    QCOMPARE(a.value(u"status"_s), u"POWERED_ON"_s);
    QCOMPARE(a.value(u"containerName"_s), u"web"_s);
    QCOMPARE(a.value(u"container"_s), kBase + u"/api/vApp/vapp-"_s + m_web);
    QCOMPARE(a.value(u"vdc"_s), kBase + u"/api/vdc/"_s + m_acmeVdc);
    QCOMPARE(a.value(u"vdcName"_s), u"acme-vdc"_s);
    QCOMPARE(a.value(u"numberOfCpus"_s), u"2"_s);
    QCOMPARE(a.value(u"memoryMB"_s), u"4096"_s);
    QCOMPARE(a.value(u"hardwareVersion"_s), u"19"_s);
    QCOMPARE(a.value(u"networkName"_s), u"acme-net"_s);
    QCOMPARE(a.value(u"ipAddress"_s), u"10.0.0.11"_s);
    QCOMPARE(a.value(u"isBusy"_s), u"true"_s); // its vApp is locked by a running task
    QCOMPARE(a.value(u"isDeployed"_s), u"true"_s);
    QCOMPARE(a.value(u"isVAppTemplate"_s), u"false"_s);
    QCOMPARE(a.value(u"dateCreated"_s), u"2024-05-01T10:00:00.000Z"_s);
    QCOMPARE(a.value(u"ownerName"_s), u"alice"_s);
    QCOMPARE(a.value(u"guestOs"_s), u"Ubuntu Linux (64-bit)"_s);
    QCOMPARE(a.value(u"vmToolsStatus"_s), u"toolsOk"_s);
    QCOMPARE(a.value(u"storageProfileName"_s), u"Standard"_s);
    QCOMPARE(a.value(u"snapshot"_s), u"false"_s);
    QCOMPARE(a.value(u"totalStorageAllocatedMb"_s), u"20480"_s);
    // db-01 is not busy: the task on db has finished.
    const auto db = parse(q(m_alice, u"type=vm&filter=name==db-01"_s).body).records.value(0).attrs;
    QCOMPARE(db.value(u"isBusy"_s), u"false"_s);

    const auto adm = parse(q(m_admin, u"type=adminVM&filter=name==web-01"_s).body).records.value(0).attrs;
    QCOMPARE(adm.value(u"org"_s), kBase + u"/api/org/"_s + m_acme);
    QVERIFY(!adm.value(u"hostName"_s).isEmpty());
    QCOMPARE(adm.value(u"vmToolsVersion"_s), u"12352"_s);
}

void TestQueryEngine::idRecordsUseUrns()
{
    const Parsed p = parse(q(m_alice, u"type=vm&format=idrecords&filter=name==web-01"_s).body);
    QCOMPARE(p.records.size(), 1);
    const auto &a = p.records.first().attrs;
    QCOMPARE(a.value(u"id"_s), u"urn:vcloud:vm:"_s + m_web01);
    QCOMPARE(a.value(u"href"_s), kBase + u"/api/vApp/vm-"_s + m_web01);
    QCOMPARE(a.value(u"container"_s), u"urn:vcloud:vapp:"_s + m_web);
    QCOMPARE(a.value(u"vdc"_s), u"urn:vcloud:vdc:"_s + m_acmeVdc);
}

void TestQueryEngine::referencesFormat()
{
    const Parsed p = parse(q(m_alice, u"type=vApp&format=references&sortAsc=name"_s).body);
    QCOMPARE(p.root, u"VAppReferences"_s);
    QCOMPARE(p.records.size(), 3);
    QCOMPARE(p.records.first().element, u"VAppReference"_s);
    const auto &a = p.records.first().attrs;
    QCOMPARE(a.value(u"name"_s), u"big"_s);
    QCOMPARE(a.value(u"type"_s), Mt::vApp);
    QCOMPARE(a.value(u"href"_s), kBase + u"/api/vApp/vapp-"_s + m_big);
    QCOMPARE(a.value(u"id"_s), u"urn:vcloud:vapp:"_s + m_big);
    QCOMPARE(a.size(), 4);

    const Parsed admin = parse(q(m_admin, u"type=adminOrgVdc&format=references"_s).body);
    QCOMPARE(admin.root, u"AdminVdcReferences"_s);
    QCOMPARE(admin.records.first().attrs.value(u"type"_s), Mt::adminVdc);
    QVERIFY(admin.records.first().attrs.value(u"href"_s).contains(u"/api/admin/vdc/"_s));
}

void TestQueryEngine::orgVdcUsage()
{
    const auto a = parse(q(m_alice, u"type=orgVdc"_s).body).records.value(0).attrs;
    const auto u = m_cloud->vdcUsage(m_acmeVdc);
    QCOMPARE(a.value(u"cpuUsedMhz"_s).toLongLong(), u.cpuUsedMhz);
    QCOMPARE(a.value(u"memoryUsedMB"_s).toLongLong(), u.memoryUsedMb);
    QCOMPARE(a.value(u"storageUsedMB"_s).toLongLong(), u.storageUsedMb);
    QCOMPARE(a.value(u"numberOfVMs"_s), u"64"_s);
    QCOMPARE(a.value(u"numberOfRunningVMs"_s), u"2"_s);
    QCOMPARE(a.value(u"numberOfVApps"_s), u"3"_s);
    QCOMPARE(a.value(u"cpuUsedMhz"_s), u"12000"_s); // (2 + 4) running vCPUs × 2000 MHz
    QCOMPARE(a.value(u"cpuLimitMhz"_s), u"20000"_s);
    QCOMPARE(a.value(u"orgName"_s), u"acme"_s);
    QCOMPARE(a.value(u"status"_s), u"READY"_s);
    QCOMPARE(a.value(u"numberOfVAppTemplates"_s), u"1"_s);
    QCOMPARE(a.value(u"numberOfMedia"_s), u"1"_s);
}

// One engine across requests keeps VDC usage, used IPs and counts while Cloud::epoch() stays put,
// and builds them again once something touched the cloud (Router, TaskEngine and withCloud do).
void TestQueryEngine::figuresFollowTheCloudsEpoch()
{
    const QueryEngine engine(*m_cloud);
    RenderContext ctx;
    ctx.baseUrl = kBase;
    ctx.apiVersion = u"36.0"_s;
    ctx.cloud = m_cloud.get();
    ctx.user = m_alice;
    const auto vdcFigures = [&] { return parse(engine.run(ctx, "type=orgVdc").body).records.value(0).attrs; };
    const auto usedIps = [&] {
        return parse(engine.run(ctx, "type=orgVdcNetwork").body)
            .records.value(0)
            .attrs.value(u"usedIpCount"_s);
    };
    QCOMPARE(vdcFigures().value(u"numberOfRunningVMs"_s), u"2"_s);
    QCOMPARE(usedIps(), u"2"_s);

    Vm *web02 = nullptr;
    for (Vm *v : m_cloud->vms.rows())
        if (v->name == u"web-02"_s)
            web02 = v;
    QVERIFY(web02);
    const int before = web02->status;
    const QList<Nic> nics = web02->nics;
    web02->status = Status::PoweredOn;
    QVERIFY(!web02->nics.isEmpty());
    web02->nics.first().ipAddress = u"10.0.0.12"_s;

    // Same epoch: the figures of the last build (whoever changes the cloud must touch it).
    QCOMPARE(vdcFigures().value(u"numberOfRunningVMs"_s), u"2"_s);
    m_cloud->touch();
    const auto after = vdcFigures();
    QCOMPARE(after.value(u"numberOfRunningVMs"_s), u"3"_s);
    QCOMPARE(after.value(u"cpuUsedMhz"_s), u"14000"_s); // (2 + 1 + 4) running vCPUs × 2000 MHz
    QCOMPARE(usedIps(), u"3"_s);

    web02->status = before;
    web02->nics = nics;
    m_cloud->touch();
    QCOMPARE(vdcFigures().value(u"numberOfRunningVMs"_s), u"2"_s);
}

void TestQueryEngine::otherRecordValues()
{
    const auto org = parse(q(m_alice, u"type=organization"_s).body).records.value(0).attrs;
    QCOMPARE(org.value(u"displayName"_s), u"ACME Corp"_s);
    QCOMPARE(org.value(u"numberOfVdcs"_s), u"1"_s);
    QCOMPARE(org.value(u"numberOfCatalogs"_s), u"1"_s);
    QCOMPARE(org.value(u"numberOfVApps"_s), u"3"_s);

    const auto vapp = parse(q(m_alice, u"type=vApp&filter=name==web"_s).body).records.value(0).attrs;
    QCOMPARE(vapp.value(u"status"_s), u"MIXED"_s);
    QCOMPARE(vapp.value(u"numberOfCpus"_s), u"3"_s);
    QCOMPARE(vapp.value(u"memoryAllocationMB"_s), u"4608"_s);
    QCOMPARE(vapp.value(u"isBusy"_s), u"true"_s);
    QCOMPARE(vapp.value(u"ownerName"_s), u"alice"_s);
    QCOMPARE(vapp.value(u"creationDate"_s), u"2024-05-01T09:00:00.000Z"_s);

    const auto net = parse(q(m_alice, u"type=orgVdcNetwork"_s).body).records.value(0).attrs;
    QCOMPARE(net.value(u"linkType"_s), u"1"_s);
    QCOMPARE(net.value(u"connectedTo"_s), u"acme-edge"_s);
    QCOMPARE(net.value(u"totalIpCount"_s), u"41"_s);
    QCOMPARE(net.value(u"usedIpCount"_s), u"2"_s);
    QCOMPARE(net.value(u"subnetPrefixLength"_s), u"24"_s);
    QCOMPARE(net.value(u"defaultGateway"_s), u"10.0.0.1"_s);

    const auto edge = parse(q(m_alice, u"type=edgeGateway"_s).body).records.value(0).attrs;
    QCOMPARE(edge.value(u"numberOfOrgNetworks"_s), u"1"_s);
    QCOMPARE(edge.value(u"numberOfExtNetworks"_s), u"1"_s);
    QCOMPARE(edge.value(u"gatewayStatus"_s), u"READY"_s);
    QCOMPARE(edge.value(u"haStatus"_s), u"UP"_s);
    QCOMPARE(edge.value(u"orgVdcName"_s), u"acme-vdc"_s);

    const auto task = parse(q(m_alice, u"type=task&filter=status==running"_s).body).records.value(0).attrs;
    QCOMPARE(task.value(u"name"_s), u"vappPowerOn"_s);
    QCOMPARE(task.value(u"progress"_s), u"40"_s);
    QCOMPARE(task.value(u"objectType"_s), u"vapp"_s);
    QCOMPARE(task.value(u"objectName"_s), u"web"_s);
    QCOMPARE(task.value(u"object"_s), kBase + u"/api/vApp/vapp-"_s + m_web);
    QCOMPARE(task.value(u"ownerName"_s), u"alice"_s);
    QCOMPARE(task.value(u"orgName"_s), u"acme"_s);
    QVERIFY(!task.contains(u"endDate"_s));
    QCOMPARE(task.value(u"startDate"_s), u"2024-05-06T10:00:00.000Z"_s);

    const auto item =
        parse(q(m_alice, u"type=catalogItem&filter=name==tools.iso"_s).body).records.value(0).attrs;
    QCOMPARE(item.value(u"entityType"_s), u"media"_s);
    QCOMPARE(item.value(u"catalogName"_s), u"acme-cat"_s);
    QCOMPARE(item.value(u"isPublished"_s), u"true"_s);
    QVERIFY(item.value(u"entity"_s).startsWith(kBase + u"/api/media/"_s));

    const auto catalog = parse(q(m_alice, u"type=catalog"_s).body).records.value(0).attrs;
    QCOMPARE(catalog.value(u"numberOfVAppTemplates"_s), u"1"_s);
    QCOMPARE(catalog.value(u"numberOfMedia"_s), u"1"_s);

    const auto media = parse(q(m_alice, u"type=media"_s).body).records.value(0).attrs;
    QCOMPARE(media.value(u"storageB"_s), u"1048576"_s);
    QCOMPARE(media.value(u"status"_s), u"RESOLVED"_s);
}

void TestQueryEngine::pagingLinksAndTotals()
{
    const QString base = u"type=vm&filter=container=="_s + m_big;
    const Parsed p1 = parse(q(m_alice, base).body);
    QCOMPARE(p1.attrs.value(u"total"_s), u"60"_s);
    QCOMPARE(p1.attrs.value(u"page"_s), u"1"_s);
    QCOMPARE(p1.attrs.value(u"pageSize"_s), u"25"_s);
    QCOMPARE(p1.records.size(), 25);
    QCOMPARE(p1.records.first().attrs.value(u"name"_s), u"big-000"_s); // creation order
    QCOMPARE(p1.rels(), (QStringList{u"alternate"_s, u"alternate"_s, u"nextPage"_s, u"lastPage"_s}));
    QVERIFY(p1.link(u"nextPage"_s).contains(u"&page=2&pageSize=25&format=records"_s));
    QVERIFY(p1.link(u"lastPage"_s).contains(u"&page=3&"_s));

    const Parsed p2 = parse(q(m_alice, base + u"&page=2"_s).body);
    QCOMPARE(p2.records.size(), 25);
    QCOMPARE(p2.records.first().attrs.value(u"name"_s), u"big-025"_s);
    QCOMPARE(p2.rels(), (QStringList{u"alternate"_s, u"alternate"_s, u"firstPage"_s, u"previousPage"_s,
                                     u"nextPage"_s, u"lastPage"_s}));
    QVERIFY(p2.link(u"previousPage"_s).contains(u"&page=1&"_s));
    QVERIFY(p2.link(u"nextPage"_s).contains(u"&page=3&"_s));

    const Parsed p3 = parse(q(m_alice, base + u"&page=3"_s).body);
    QCOMPARE(p3.records.size(), 10); // last, partial page
    QCOMPARE(p3.records.last().attrs.value(u"name"_s), u"big-059"_s);
    QCOMPARE(p3.rels(), (QStringList{u"alternate"_s, u"alternate"_s, u"firstPage"_s, u"previousPage"_s}));
    QCOMPARE(p3.attrs.value(u"page"_s), u"3"_s);

    const Parsed one = parse(q(m_alice, base + u"&pageSize=60"_s).body);
    QCOMPARE(one.records.size(), 60);
    QCOMPARE(one.rels(), (QStringList{u"alternate"_s, u"alternate"_s}));
}

void TestQueryEngine::pageBeyondLastIsBadRequest()
{
    const auto r = q(m_alice, u"type=vm&page=4&filter=container=="_s + m_big);
    QCOMPARE(r.httpStatus, 400);
    QCOMPARE(r.minorErrorCode, u"BAD_REQUEST"_s);
    QVERIFY2(r.errorMessage.contains(u"out of range"_s), qPrintable(r.errorMessage));
    QVERIFY2(r.errorMessage.contains(u"3 pages"_s), qPrintable(r.errorMessage));
}

void TestQueryEngine::emptyResultHasOnePage()
{
    const auto r = q(m_alice, u"type=vm&filter=name==nothing"_s);
    QCOMPARE(r.httpStatus, 200);
    const Parsed p = parse(r.body);
    QCOMPARE(p.attrs.value(u"total"_s), u"0"_s);
    QCOMPARE(p.records.size(), 0);
    QCOMPARE(p.rels(), (QStringList{u"alternate"_s, u"alternate"_s}));
    QCOMPARE(q(m_alice, u"type=vm&page=2&filter=name==nothing"_s).httpStatus, 400);
}

void TestQueryEngine::pageSizeDefaultAndClamp()
{
    QCOMPARE(parse(q(m_alice, u"type=vm"_s).body).records.size(), 25);
    const Parsed big = parse(q(m_alice, u"type=vm&pageSize=500"_s).body);
    QCOMPARE(big.attrs.value(u"pageSize"_s), u"128"_s); // clamped to the maximum
    QCOMPARE(big.records.size(), 64);
    const Parsed p = parse(q(m_alice, u"type=vm&pageSize=200&page=1&filter=container=="_s + m_big).body);
    QVERIFY(p.attrs.value(u"href"_s).contains(u"pageSize=128"_s));
}

void TestQueryEngine::badPagingParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("page=0") << u"type=vm&page=0"_s;
    QTest::newRow("page=-1") << u"type=vm&page=-1"_s;
    QTest::newRow("page=x") << u"type=vm&page=x"_s;
    QTest::newRow("pageSize=0") << u"type=vm&pageSize=0"_s;
    QTest::newRow("pageSize=abc") << u"type=vm&pageSize=abc"_s;
    QTest::newRow("format") << u"type=vm&format=json"_s;
}

void TestQueryEngine::badPagingParameters()
{
    QFETCH(QString, query);
    const auto r = q(m_alice, query);
    QCOMPARE(r.httpStatus, 400);
    QCOMPARE(r.minorErrorCode, u"BAD_REQUEST"_s);
    QVERIFY(!r.errorMessage.isEmpty());
}

void TestQueryEngine::linksKeepOtherParameters()
{
    const QByteArray filter = enc(u"name==big-0*"_s);
    const Parsed p =
        parse(qRaw(m_alice, "type=vm&pageSize=5&filter=" + filter + "&sortDesc=name&fields=name").body);
    const QString tail = u"&filter="_s + QString::fromUtf8(filter) + u"&sortDesc=name&fields=name"_s;
    QCOMPARE(p.attrs.value(u"href"_s),
             kBase + u"/api/query?type=vm&page=1&pageSize=5&format=records"_s + tail);
    QCOMPARE(p.link(u"nextPage"_s), kBase + u"/api/query?type=vm&page=2&pageSize=5&format=records"_s + tail);
    QCOMPARE(p.link(u"lastPage"_s), kBase + u"/api/query?type=vm&page=12&pageSize=5&format=records"_s + tail);
    QCOMPARE(p.records.first().attrs.value(u"name"_s), u"big-059"_s);
}

void TestQueryEngine::sorting_data()
{
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QStringList>("expected");
    const QStringList byName{u"cache,01 (blue)"_s, u"db-01"_s, u"web-01"_s, u"web-02"_s};
    QStringList reversed(byName.rbegin(), byName.rend());
    QTest::newRow("sortAsc=name") << u"sortAsc=name"_s << byName;
    QTest::newRow("sortDesc=name") << u"sortDesc=name"_s << reversed;
    // Numeric, not lexical: "512" would sort last as a string.
    const QStringList byMemory{u"web-02"_s, u"db-01"_s, u"cache,01 (blue)"_s, u"web-01"_s};
    QTest::newRow("sortAsc=memoryMB") << u"sortAsc=memoryMB"_s << byMemory;
    QTest::newRow("sortDesc=memoryMB")
        << u"sortDesc=memoryMB"_s << QStringList(byMemory.rbegin(), byMemory.rend());
    QTest::newRow("sortDesc=dateCreated")
        << u"sortDesc=dateCreated"_s
        << QStringList{u"cache,01 (blue)"_s, u"db-01"_s, u"web-02"_s, u"web-01"_s};
    // Two keys: status first (POWERED_OFF < POWERED_ON), then memory descending.
    QTest::newRow("two keys") << u"sortAsc=status&sortDesc=memoryMB"_s
                              << QStringList{u"cache,01 (blue)"_s, u"web-02"_s, u"web-01"_s, u"db-01"_s};
}

void TestQueryEngine::sorting()
{
    QFETCH(QString, sort);
    QFETCH(QStringList, expected);
    const auto r = q(m_alice, u"type=vm&"_s + sort + u"&filter="_s + smallVms(m_web, m_db));
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(parse(r.body).names(), expected);
}

void TestQueryEngine::unknownSortAttribute()
{
    for (const QString &s : {u"sortAsc=bogus"_s, u"sortDesc=Name"_s}) {
        const auto r = q(m_alice, u"type=vm&"_s + s);
        QCOMPARE(r.httpStatus, 400);
        QVERIFY2(r.errorMessage.contains(u"sort"_s), qPrintable(r.errorMessage));
    }
}

void TestQueryEngine::fieldsSelection()
{
    const Parsed p = parse(q(m_alice, u"type=vm&fields=name,status&filter=name==web-01"_s).body);
    QCOMPARE(p.records.first().attrs.keys(), (QStringList{u"href"_s, u"name"_s, u"status"_s}));
    const Parsed ids =
        parse(q(m_alice, u"type=vm&format=idrecords&fields=status,name&filter=name==web-01"_s).body);
    QCOMPARE(ids.records.first().attrs.keys(), (QStringList{u"href"_s, u"id"_s, u"name"_s, u"status"_s}));
    const Parsed c =
        parse(q(m_alice, u"type=vm&fields=container&format=idrecords&filter=name==web-01"_s).body);
    QCOMPARE(c.records.first().attrs.value(u"container"_s), urnOf(Kind::VApp, m_web));
}

void TestQueryEngine::fieldsMetadata()
{
    const Parsed p = parse(
        q(m_alice, u"type=vm&fields=name,metadata:env,metadata@SYSTEM:backup&filter=name==web-01"_s).body);
    const auto &a = p.records.first().attrs;
    QCOMPARE(a.value(u"metadata:env"_s), u"prod"_s);
    QCOMPARE(a.value(u"metadata:backup"_s), u"true"_s);
    QVERIFY(!a.contains(u"metadata:tier"_s));
    // Without fields=metadata:… no Metadata child.
    QVERIFY(!q(m_alice, u"type=vm&filter=name==web-01"_s).body.contains("Metadata"));
}

void TestQueryEngine::unknownField()
{
    const auto r = q(m_alice, u"type=vm&fields=name,bogus"_s);
    QCOMPARE(r.httpStatus, 400);
    QVERIFY(r.errorMessage.contains(u"bogus"_s));
}

void TestQueryEngine::filters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("expected");
    const QString web01 = u"web-01"_s, web02 = u"web-02"_s, db01 = u"db-01"_s, cache = u"cache,01 (blue)"_s;
    auto row = [](const char *tag, const QString &f, QStringList e) {
        e.sort();
        QTest::newRow(tag) << f << e;
    };
    row("==", u"name==web-01"_s, {web01});
    row("== is case-sensitive", u"name==WEB-01"_s, {});
    row("wildcard both ends, case-insensitive", u"name==*WEB*"_s, {web01, web02});
    row("wildcard suffix", u"name==Web*"_s, {web01, web02});
    row("wildcard prefix", u"name==*01"_s, {web01, db01});
    row("wildcard middle", u"name==w*2"_s, {web02});
    row("!=", u"name!=web-01"_s, {web02, db01, cache});
    row("=gt= int", u"memoryMB=gt=1024"_s, {web01, cache});
    row("=ge= int", u"memoryMB=ge=1024"_s, {web01, cache, db01});
    row("=lt= int", u"memoryMB=lt=1024"_s, {web02});
    row("=le= int", u"memoryMB=le=1024"_s, {web02, db01});
    row("AND", u"numberOfCpus==2;status==POWERED_ON"_s, {web01});
    row("OR", u"status==POWERED_OFF,numberOfCpus==4"_s, {web02, cache, db01});
    row("AND binds tighter", u"status==POWERED_OFF,numberOfCpus==4;memoryMB=gt=600"_s, {web02, cache, db01});
    row("parentheses", u"(status==POWERED_OFF,numberOfCpus==4);memoryMB=gt=600"_s, {cache, db01});
    row("nested parentheses", u"((name==web-01),(name==db-01;memoryMB==1024))"_s, {web01, db01});
    row("dateTime =lt=", u"dateCreated=lt=2024-05-02T00:00:00.000Z"_s, {web01});
    row("dateTime =ge= no millis", u"dateCreated=ge=2024-05-03T00:00:00Z"_s, {db01, cache});
    row("dateTime == offset", u"dateCreated==2024-05-01T12:00:00.000+02:00"_s, {web01});
    row("boolean", u"isDeployed==true"_s, {web01, db01});
    row("boolean false", u"isBusy==false"_s, {db01, cache});
    row("ref by href", u"container=="_s + kBase + u"/api/vApp/vapp-"_s, {}); // no id: nothing
    row("ip", u"ipAddress==10.0.0.11"_s, {web01});
    row("absent attribute !=", u"ipAddress!=10.0.0.11"_s, {web02, db01, cache});
    row("metadata string", u"metadata:env==prod"_s, {web01});
    row("metadata wildcard", u"metadata:env==*PROD*"_s, {web01, db01});
    row("metadata typed string", u"metadata:env==STRING:dev"_s, {web02});
    row("metadata number =ge=", u"metadata:tier=ge=NUMBER:2"_s, {web02, db01});
    row("metadata number untyped is a string", u"metadata:tier==2"_s, {});
    row("metadata number ==", u"metadata:tier==NUMBER:2"_s, {web02});
    row("metadata SYSTEM boolean", u"metadata@SYSTEM:backup==BOOLEAN:true"_s, {web01});
    row("metadata wrong domain", u"metadata:backup==BOOLEAN:true"_s, {});
    row("metadata dateTime", u"metadata:expires=lt=DATETIME:2025-01-01T00:00:00.000Z"_s, {web01});
    row("metadata !=", u"metadata:env!=prod"_s, {web02, db01, cache});
    row("metadata and attribute", u"metadata:tier=gt=NUMBER:1;status==POWERED_ON"_s, {db01});
}

void TestQueryEngine::filters()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, expected);
    // Combined with the small-data restriction; sent percent-encoded as a client would (API 36.0).
    const QByteArray f = enc(u"("_s + filter + u");"_s + smallVms(m_web, m_db));
    const auto r = qRaw(m_alice, "type=vm&pageSize=128&filter=" + f);
    QVERIFY2(r.httpStatus == 200, qPrintable(r.errorMessage));
    QCOMPARE(sortedNames(r), expected);
}

void TestQueryEngine::badFilters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("expect"); // a piece of the message
    QTest::newRow("no value") << u"name=="_s << u"position 7: expected a value"_s;
    QTest::newRow("bad operator") << u"name=x"_s << u"position 5: unknown operator"_s;
    QTest::newRow("=xx=") << u"name=xx=1"_s << u"position 5: unknown operator"_s;
    QTest::newRow("missing )") << u"(name==a"_s << u"missing ')'"_s;
    QTest::newRow("extra )") << u"name==a)"_s << u"position 8: unbalanced ')'"_s;
    QTest::newRow("leading ;") << u";name==a"_s << u"position 1: expected an attribute name"_s;
    QTest::newRow("trailing ;") << u"name==a;"_s << u"position 9: expected a condition"_s;
    QTest::newRow("no operator") << u"name"_s << u"expected an operator"_s;
    QTest::newRow("unknown attribute")
        << u"status==X;bogus==a"_s << u"position 11: unknown attribute \"bogus\""_s;
    QTest::newRow("attribute case") << u"Name==a"_s << u"unknown attribute \"Name\""_s;
    QTest::newRow("bad int") << u"memoryMB==abc"_s << u"not a valid int"_s;
    QTest::newRow("gt on string") << u"name=gt=abc"_s << u"needs a numeric or dateTime attribute"_s;
    QTest::newRow("gt on boolean") << u"isBusy=lt=true"_s << u"needs a numeric or dateTime attribute"_s;
    QTest::newRow("wildcard !=") << u"name!=*a*"_s << u"wildcards are not allowed with !="_s;
    QTest::newRow("wildcard int") << u"memoryMB==*5*"_s << u"wildcards need a string attribute"_s;
    QTest::newRow("bad boolean") << u"isDeployed==maybe"_s << u"not a boolean"_s;
    QTest::newRow("bad date") << u"dateCreated=lt=yesterday"_s << u"not a dateTime"_s;
    QTest::newRow("metadata no key") << u"metadata:==x"_s << u"expected a metadata key"_s;
    QTest::newRow("metadata domain") << u"metadata@FOO:k==x"_s << u"unknown metadata domain"_s;
    QTest::newRow("metadata bad number") << u"metadata:tier==NUMBER:two"_s << u"not a valid long"_s;
    QTest::newRow("metadata gt string")
        << u"metadata:env=gt=a"_s << u"needs a numeric or dateTime attribute"_s;
    QTest::newRow("dangling backslash") << u"name==a\\"_s << u"backslash"_s;
    QTest::newRow("unescaped ( in value") << u"name==web (1)"_s << u"position 11: unexpected '('"_s;
}

void TestQueryEngine::badFilters()
{
    QFETCH(QString, filter);
    QFETCH(QString, expect);
    const auto r = qRaw(m_alice, "type=vm&filter=" + enc(filter));
    QCOMPARE(r.httpStatus, 400);
    QCOMPARE(r.minorErrorCode, u"BAD_REQUEST"_s);
    QVERIFY2(r.errorMessage.contains(u"position"_s), qPrintable(r.errorMessage));
    QVERIFY2(r.errorMessage.contains(expect), qPrintable(r.errorMessage));
}

void TestQueryEngine::encodingBefore35DoubleEncoded()
{
    // pyvcloud before 35.0: each value percent-encoded, the whole filter encoded again, and
    // filterEncoded=true (docs/VCD-API.md §4). The comma and parentheses in the name survive.
    const QString value = QString::fromUtf8(enc(u"cache,01 (blue)"_s));
    QVERIFY(value.contains(u"%2C"_s));
    const QByteArray f = enc(u"name=="_s + value);
    const auto r = qRaw(m_alice, "type=vm&filterEncoded=true&filter=" + f, u"31.0"_s);
    QVERIFY2(r.httpStatus == 200, qPrintable(r.errorMessage));
    QCOMPARE(parse(r.body).names(), QStringList{u"cache,01 (blue)"_s});
    // Structure still works around double-encoded values.
    const QByteArray g = enc(u"(name=="_s + value + u",name==db-01);memoryMB=gt=1500"_s);
    const auto r2 = qRaw(m_alice, "type=vm&filterEncoded=true&filter=" + g, u"31.0"_s);
    QCOMPARE(parse(r2.body).names(), QStringList{u"cache,01 (blue)"_s});
    // A backslash has no escaping meaning before 35.0.
    const auto r3 =
        qRaw(m_alice, "type=vm&filterEncoded=true&filter=" + enc(u"name==cache\\,01"_s), u"31.0"_s);
    QCOMPARE(r3.httpStatus, 400);
}

void TestQueryEngine::encodingBefore35WithoutFlag()
{
    // Without filterEncoded the value is decoded once only: a comma in it splits the filter.
    const auto bad = qRaw(m_alice, "type=vm&filter=" + enc(u"name==cache,01 (blue)"_s), u"31.0"_s);
    QCOMPARE(bad.httpStatus, 400);
    const auto ok = qRaw(m_alice, "type=vm&filter=" + enc(u"name==db-01"_s), u"31.0"_s);
    QCOMPARE(parse(ok.body).names(), QStringList{u"db-01"_s});
    // An already-decoded %2C stays literal.
    const auto literal = qRaw(m_alice, "type=vm&filter=" + enc(u"name==cache%2C01"_s), u"31.0"_s);
    QCOMPARE(literal.httpStatus, 200);
    QCOMPARE(parse(literal.body).records.size(), 0);
}

void TestQueryEngine::encodingFrom35Backslash()
{
    // From 35.0: decode once; ( ) ; , inside values are backslash-escaped (pyvcloud sends %5C%2C).
    const QByteArray f = enc(u"name==cache\\,01 \\(blue\\)"_s);
    QVERIFY(f.contains("%5C%2C"));
    const auto r = qRaw(m_alice, "type=vm&filter=" + f, u"36.0"_s);
    QVERIFY2(r.httpStatus == 200, qPrintable(r.errorMessage));
    QCOMPARE(parse(r.body).names(), QStringList{u"cache,01 (blue)"_s});
    // An escaped '*' is literal, an unescaped one a wildcard.
    QCOMPARE(parse(qRaw(m_alice, "type=vm&filter=" + enc(u"name==cache\\*"_s)).body).records.size(), 0);
    QCOMPARE(parse(qRaw(m_alice, "type=vm&filter=" + enc(u"name==CACHE\\,*"_s)).body).names(),
             QStringList{u"cache,01 (blue)"_s});
    // The same at exactly 35.0.
    QCOMPARE(parse(qRaw(m_alice, "type=vm&filter=" + f, u"35.0"_s).body).records.size(), 1);
}

void TestQueryEngine::encodingFrom35IgnoresFilterEncoded()
{
    // A pre-35 style double-encoded value at 36.0: filterEncoded is ignored, "%2C" stays literal.
    const QByteArray f = enc(u"name=="_s + QString::fromUtf8(enc(u"cache,01 (blue)"_s)));
    const auto r = qRaw(m_alice, "type=vm&filterEncoded=true&filter=" + f, u"36.0"_s);
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(parse(r.body).records.size(), 0);
}

void TestQueryEngine::schemaValid_data()
{
    // Needs the official XSD set (the optional test corpus): the attribute lists come from it too.
    QString why;
    if (!vcd::test::XsdValidator::available(&why))
        QSKIP(qPrintable(why));
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("format");
    for (const QString &t : QueryEngine::types())
        for (const char *f : {"records", "references", "idrecords"})
            QTest::addRow("%s-%s", qPrintable(t), f) << t << QString::fromLatin1(f);
}

void TestQueryEngine::schemaValid()
{
    QFETCH(QString, type);
    QFETCH(QString, format);
    const User *u = QueryEngine::isAdminType(type) || type == u"organization"_s ? m_admin : m_alice;
    const auto r = q(u, u"type="_s + type + u"&format="_s + format + u"&pageSize=128"_s);
    QCOMPARE(r.httpStatus, 200);
    const Parsed p = parse(r.body);
    QVERIFY2(!p.records.isEmpty(), "validation needs at least one record");
    if (format != u"references"_s) {
        static const auto declared = declaredRecordAttributes();
        for (const Record &rec : p.records) {
            QVERIFY2(declared.contains(rec.element), qPrintable(rec.element));
            for (const QString &attr : rec.attrs.keys())
                QVERIFY2(declared.value(rec.element).contains(attr), qPrintable(rec.element + u'@' + attr));
        }
    }
    QString errors;
    QVERIFY2(vcd::test::XsdValidator::validate(r.body, &errors),
             qPrintable(errors + u'\n' + QString::fromUtf8(r.body)));
}

void TestQueryEngine::schemaValidPagedAndMetadata()
{
    QString why;
    if (!vcd::test::XsdValidator::available(&why))
        QSKIP(qPrintable(why));
    const auto paged = q(m_alice, u"type=vm&page=2&pageSize=10&fields=name,metadata:env,metadata:tier,"
                                  u"metadata:expires,metadata@SYSTEM:backup"_s);
    QString errors;
    QVERIFY2(vcd::test::XsdValidator::validate(paged.body, &errors), qPrintable(errors));
    const auto meta = q(m_alice, u"type=vm&fields=name,metadata:env,metadata:tier,metadata:expires,"
                                 u"metadata@SYSTEM:backup&filter="_s +
                                     smallVms(m_web, m_db));
    QVERIFY(meta.body.contains("MetadataNumberValue"));
    QVERIFY(meta.body.contains("<Domain visibility=\"READONLY\">SYSTEM</Domain>"));
    QVERIFY2(vcd::test::XsdValidator::validate(meta.body, &errors),
             qPrintable(errors + QString::fromUtf8(meta.body)));
    RenderContext ctx{kBase, u"36.0"_s, m_cloud.get(), m_admin};
    const auto list = QueryEngine(*m_cloud).queryList(ctx);
    QVERIFY2(vcd::test::XsdValidator::validate(list.body, &errors), qPrintable(errors));
}

void TestQueryEngine::timingOnLargeCloud()
{
    // 30,000 VMs in 3,000 vApps of one org: pages must come back in a few milliseconds. Timings are
    // printed, not asserted (the machine is shared); the results are.
    Cloud c;
    Org o;
    o.name = u"big"_s;
    const QString orgId = put(c, c.orgs, o).id;
    User u;
    u.name = u"u"_s;
    u.orgId = orgId;
    u.role = Role::OrgAdministrator;
    const User *user = &put(c, c.users, u);
    User a;
    a.name = u"admin"_s;
    a.role = Role::SystemAdministrator;
    const User *admin = &put(c, c.users, a);
    Vdc v;
    v.name = u"vdc"_s;
    v.orgId = orgId;
    const QString vdcId = put(c, c.vdcs, v).id;
    QString middleVApp;
    for (int i = 0; i < 3000; ++i) {
        VApp app;
        app.name = u"vapp-%1"_s.arg(i);
        app.orgId = orgId;
        app.vdcId = vdcId;
        VApp &stored = put(c, c.vapps, app);
        if (i == 1500)
            middleVApp = stored.id;
        for (int j = 0; j < 10; ++j) {
            Vm vm;
            vm.name = u"vm-%1-%2"_s.arg(i).arg(j);
            vm.vappId = stored.id;
            vm.vdcId = vdcId;
            vm.orgId = orgId;
            vm.status = (i + j) % 3 ? Status::PoweredOff : Status::PoweredOn;
            vm.nics = {Nic{0, u"net"_s, u"10.1.%1.%2"_s.arg(i % 250).arg(j), QString(), true, u"POOL"_s,
                           u"VMXNET3"_s}};
            stored.vmIds.append(put(c, c.vms, vm).id);
        }
    }
    RenderContext ctx{kBase, u"36.0"_s, &c, user};
    const QueryEngine engine(c);
    auto best = [&](const QByteArray &query, const User *who, QueryResponse *out) {
        ctx.user = who;
        qint64 bestNs = std::numeric_limits<qint64>::max();
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            *out = engine.run(ctx, query);
            bestNs = std::min(bestNs, t.nsecsElapsed());
        }
        qInfo("%-70s %8.2f ms", query.constData(), double(bestNs) / 1e6);
    };
    QueryResponse r;
    best("type=vm&page=100&pageSize=128", user, &r);
    QCOMPARE(parse(r.body).records.size(), 128);
    QCOMPARE(parse(r.body).attrs.value(u"total"_s), u"30000"_s);
    best("type=vm&pageSize=128&filter=container==" + enc(hrefOf(kBase, Kind::VApp, middleVApp)), user, &r);
    QCOMPARE(parse(r.body).records.size(), 10);
    best("type=vm&pageSize=128&format=idrecords&filter=status==POWERED_ON;name==*-1500-*", user, &r);
    QCOMPARE(parse(r.body).attrs.value(u"total"_s), u"4"_s);
    best("type=vm&pageSize=128&sortDesc=name", user, &r);
    QCOMPARE(parse(r.body).records.first().attrs.value(u"name"_s), u"vm-999-9"_s);
    best("type=adminVM&page=235&pageSize=128", admin, &r);
    QCOMPARE(parse(r.body).records.size(), 30000 - 234 * 128);
    best("type=vApp&pageSize=128&sortDesc=numberOfCpus&filter=isBusy==false", user, &r);
    QCOMPARE(parse(r.body).attrs.value(u"total"_s), u"3000"_s);
    best("type=orgVdc", user, &r);
    QCOMPARE(parse(r.body).records.value(0).attrs.value(u"numberOfVMs"_s), u"30000"_s);
}

QTEST_GUILESS_MAIN(TestQueryEngine)
#include "tst_queryengine.moc"
