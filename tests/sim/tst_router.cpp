// The simulator's API over real HTTP (QNetworkAccessManager → vcd-sim in-process on port 0): users
// and rights, inventory, navigable representations that validate against the XSD, the query service,
// actions and tasks (issue #2 points 4–9).

#include "common/httpclient.h"
#include "common/xmlshape.h"
#include "common/xsdvalidator.h"
#include "sim/cloud.h"
#include "sim/scenario.h"
#include "sim/vcdsimulator.h"

#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

using namespace vcd::sim;
using namespace vcd::test;

namespace {

const QString kVersion = u"37.2"_s;
const QString kVcloudNs = u"http://www.vmware.com/vcloud/v1.5"_s;

struct Element
{
    QString name;
    QXmlStreamAttributes attrs;
};

// Every element of a body (namespace-aware: only the vcloud namespace counts).
QList<Element> elements(const QByteArray &xml)
{
    QList<Element> out;
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        if (r.readNext() == QXmlStreamReader::StartElement && r.namespaceUri() == kVcloudNs)
            out.append({r.name().toString(), r.attributes()});
    }
    return out;
}

QString linkHref(const QByteArray &xml, const QString &rel)
{
    for (const auto &e : elements(xml))
        if (e.name == u"Link" && e.attrs.value(QLatin1String("rel")) == rel)
            return e.attrs.value(QLatin1String("href")).toString();
    return {};
}

QString rootAttr(const QByteArray &xml, const QString &attr)
{
    const auto all = elements(xml);
    return all.isEmpty() ? QString() : all.first().attrs.value(attr).toString();
}

QStringList recordHrefs(const QByteArray &xml, const QString &recordName)
{
    QStringList out;
    for (const auto &e : elements(xml))
        if (e.name == recordName)
            out.append(e.attrs.value(QLatin1String("href")).toString());
    return out;
}

class Api
{
public:
    Api(VcdSimulator &sim, const QString &user, const QString &org, const QString &version = kVersion)
        : m_sim(sim)
    {
        m_http.setApiVersion(version);
        if (compareVersions(version, u"38.0"_s) >= 0) {
            // /api/sessions is gone from 38.0: the cloudapi login, and its JWT as Bearer (§2.3).
            const QString path = org.compare(u"System"_s, Qt::CaseInsensitive) == 0
                                     ? u"/cloudapi/1.0.0/sessions/provider"_s
                                     : u"/cloudapi/1.0.0/sessions"_s;
            const HttpResult r =
                m_http.post(url(path), {}, {},
                            {{"Authorization", basicAuth(user, org, u"demo"_s)},
                             {"Accept", QByteArray("application/json;version=" + version.toLatin1())}});
            m_ok = r.status == 200;
            m_http.setDefaultHeader("Authorization", "Bearer " + r.header("X-VMWARE-VCLOUD-ACCESS-TOKEN"));
            return;
        }
        const HttpResult r = m_http.post(url(u"/api/sessions"_s), {}, {},
                                         {{"Authorization", basicAuth(user, org, u"demo"_s)}});
        m_ok = r.status == 200;
        m_http.setDefaultHeader("x-vcloud-authorization", r.header("x-vcloud-authorization"));
    }
    bool ok() const { return m_ok; }
    QUrl url(const QString &pathOrHref) const
    {
        return pathOrHref.startsWith(u"http") ? QUrl(pathOrHref)
                                              : QUrl(m_sim.baseUrl().toString() + pathOrHref);
    }
    HttpResult get(const QString &p) { return m_http.get(url(p)); }
    HttpResult post(const QString &p, const QByteArray &body = {}, const QByteArray &type = {})
    {
        return m_http.post(url(p), body, type);
    }
    HttpResult put(const QString &p, const QByteArray &body, const QByteArray &type)
    {
        return m_http.put(url(p), body, type);
    }
    HttpResult del(const QString &p) { return m_http.del(url(p)); }
    void setHeader(const QByteArray &name, const QByteArray &value) { m_http.setDefaultHeader(name, value); }

    // Polls a task until it ends; returns its final status.
    QString waitTask(const QString &href, int timeoutMs = 10000)
    {
        QString status;
        (void)QTest::qWaitFor(
            [&] {
                status = rootAttr(get(href).body, u"status"_s);
                return status == u"success" || status == u"error" || status == u"aborted" ||
                       status == u"canceled";
            },
            timeoutMs);
        return status;
    }

private:
    VcdSimulator &m_sim;
    HttpClient m_http;
    bool m_ok = false;
};

std::unique_ptr<VcdSimulator> startSim(SimConfig cfg = {})
{
    auto sim = std::make_unique<VcdSimulator>(cfg);
    QString err;
    if (!sim->start(&err)) {
        qWarning() << err;
        return nullptr;
    }
    return sim;
}

// Text of the first element with this local name, in any namespace.
QString rootAttrText(const QByteArray &xml, const QString &localName)
{
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == localName)
            return r.readElementText();
    return {};
}

QString vmHrefOf(const QByteArray &vappXml)
{
    for (const auto &e : elements(vappXml))
        if (e.name == u"Vm")
            return e.attrs.value(QLatin1String("href")).toString();
    return {};
}

QString firstTenantOrg(VcdSimulator &sim)
{
    QString name;
    sim.withCloud([&](Cloud &c) {
        for (const Org *o : c.orgs.rows())
            if (!o->isSystem && name.isEmpty())
                name = o->name;
    });
    return name;
}

} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rightsAndVisibility()
    {
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api admin(*sim, u"administrator"_s, u"System"_s);
        Api orgadmin(*sim, u"orgadmin"_s, org);
        Api vappuser(*sim, u"vappuser"_s, org);
        QVERIFY(admin.ok() && orgadmin.ok() && vappuser.ok());

        int orgCount = 0;
        sim->withCloud([&](Cloud &c) { orgCount = int(c.orgs.size()); });
        const HttpResult all = admin.get(u"/api/org"_s);
        QCOMPARE(all.status, 200);
        QCOMPARE(recordHrefs(all.body, u"Org"_s).size(), orgCount);
        const HttpResult own = orgadmin.get(u"/api/org"_s);
        QCOMPARE(recordHrefs(own.body, u"Org"_s).size(), 1);

        // Another org's entity, and an unknown one: 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN.
        QString otherOrgHref;
        for (const QString &href : recordHrefs(all.body, u"Org"_s))
            if (!recordHrefs(own.body, u"Org"_s).contains(href))
                otherOrgHref = href;
        HttpResult r = orgadmin.get(otherOrgHref);
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.contains("ACCESS_TO_RESOURCE_IS_FORBIDDEN"));
        r = orgadmin.get(u"/api/vApp/vapp-00000000-0000-4000-8000-000000000000"_s);
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.contains("ACCESS_TO_RESOURCE_IS_FORBIDDEN"));

        // Admin queries are for the System administrator only.
        QCOMPARE(orgadmin.get(u"/api/query?type=adminVM"_s).status, 403);
        QCOMPARE(admin.get(u"/api/query?type=adminVM"_s).status, 200);

        // A vApp user may power but not delete.
        const HttpResult vapps = vappuser.get(u"/api/query?type=vApp&filter=status==POWERED_ON"_s);
        QCOMPARE(vapps.status, 200);
        const QStringList on = recordHrefs(vapps.body, u"VAppRecord"_s);
        QVERIFY(!on.isEmpty());
        const HttpResult vapp = vappuser.get(on.first());
        QVERIFY(!linkHref(vapp.body, u"power:powerOff"_s).isEmpty());
        QVERIFY(linkHref(vapp.body, u"remove"_s).isEmpty());
        QCOMPARE(vappuser.del(on.first()).status, 403);
        r = vappuser.post(linkHref(vapp.body, u"power:powerOff"_s));
        QCOMPARE(r.status, 202);
    }

    void everyTenantOrgHasAVdcWithAVApp()
    {
        auto sim = startSim();
        QVERIFY(sim);
        Api admin(*sim, u"administrator"_s, u"System"_s);
        QVERIFY(admin.ok());
        sim->withCloud([&](Cloud &c) {
            for (const Org *o : c.orgs.rows()) {
                if (o->isSystem)
                    continue;
                const auto vdcs = c.vdcsOf(o->id);
                QVERIFY2(!vdcs.isEmpty(), qPrintable(o->name));
                bool anyVApp = false;
                for (const Vdc *v : vdcs)
                    anyVApp = anyVApp || !c.vappsOf(v->id).isEmpty();
                QVERIFY2(anyVApp, qPrintable(o->name));
            }
        });
        // Over HTTP too: a tenant's own VDCs and vApps.
        Api orgadmin(*sim, u"orgadmin"_s, firstTenantOrg(*sim));
        QVERIFY(orgadmin.ok());
        const HttpResult vdcs = orgadmin.get(u"/api/query?type=orgVdc&pageSize=128"_s);
        QCOMPARE(vdcs.status, 200);
        QVERIFY(rootAttr(vdcs.body, u"total"_s).toInt() >= 1);
        const HttpResult vapps = orgadmin.get(u"/api/query?type=vApp&pageSize=128"_s);
        QCOMPARE(vapps.status, 200);
        QVERIFY(rootAttr(vapps.body, u"total"_s).toInt() >= 1);
    }

    void navigableRepresentationsValidate()
    {
        // The walk and its checks always run; the XSD validation of each body needs the optional
        // corpus, and its absence is reported as a skip once the walk is done.
        QString why;
        const bool xsd = XsdValidator::available(&why);
        auto sim = startSim();
        QVERIFY(sim);
        Api admin(*sim, u"administrator"_s, u"System"_s);
        QVERIFY(admin.ok());

        // Walk from the Session along down links and entity references, validating every body.
        QStringList queue{sim->baseUrl().toString() + u"/api/session"_s};
        QSet<QString> seen(queue.cbegin(), queue.cend());
        QSet<QString> rootsSeen;
        QHash<QString, int> validatedPerRoot;
        int fetched = 0;
        while (!queue.isEmpty() && fetched < 260) {
            const QString href = queue.takeFirst();
            const HttpResult r = admin.get(href);
            ++fetched;
            QVERIFY2(r.status == 200, qPrintable(href + u" → "_s + QString::number(r.status)));
            QVERIFY2(r.header("Content-Type").contains(QByteArray(";version=" + kVersion.toLatin1())),
                     qPrintable(href));
            QVERIFY(!r.header("X-VMWARE-VCLOUD-REQUEST-ID").isEmpty());
            const auto els = elements(r.body);
            QVERIFY2(!els.isEmpty(), qPrintable(href));
            const QString root = els.first().name;
            rootsSeen.insert(root);
            // Every kind of body is validated, the first dozen of each: one xmllint run per body is
            // what this walk costs, and the 100th Metadata body says nothing the first did not.
            if (xsd && ++validatedPerRoot[root] <= 12) {
                QString errors;
                const bool lenient = root == u"Session";
                QVERIFY2(XsdValidator::validate(r.body, &errors, XsdValidator::Schema::Master, lenient),
                         qPrintable(href + u"\n"_s + errors));
            }
            for (const auto &e : els) {
                const QString h = e.attrs.value(QLatin1String("href")).toString();
                const QString rel = e.attrs.value(QLatin1String("rel")).toString();
                const QString type = e.attrs.value(QLatin1String("type")).toString();
                // From API 33.0 an Org lists no VDCs or catalogs (§3.3.1): they are reached through the
                // AdminOrg (its alternate), whose Vdcs/Catalogs lists lead to the admin views, and the
                // tenant Vdc through a vApp's up link.
                const bool follow =
                    (e.name == u"Link" &&
                     (rel == u"down" || rel == u"edgeGateways" || rel == u"orgVdcNetworks")) ||
                    e.name == u"Org" || e.name == u"ResourceEntity" || e.name == u"CatalogItem" ||
                    e.name == u"Entity" || (e.name == u"Vm" && &e != &els.first()) || e.name == u"Network" ||
                    e.name == u"VdcStorageProfile" || (e.name == u"Vdc" && root == u"AdminOrg") ||
                    e.name == u"CatalogReference" ||
                    (e.name == u"Link" && rel == u"up" && type.endsWith(u".vdc+xml")) ||
                    (e.name == u"Link" && rel == u"alternate" &&
                     (type.contains(u"admin.vdc") || type.contains(u"admin.organization")));
                if (!follow || h.isEmpty() || !h.contains(u"/api/") || h.contains(u"/api/admin/extension") ||
                    h.contains(u"/api/entity") || h.contains(u"/api/extensibility") ||
                    h.contains(u"/api/query") || seen.contains(h) ||
                    (fetched + queue.size() > 320 && !h.contains(u"/admin/vdc")))
                    continue;
                seen.insert(h);
                queue.append(h);
            }
        }
        for (const char *expected : {"Session", "OrgList", "Org", "AdminOrg", "Vdc", "AdminVdc", "VApp", "Vm",
                                     "AdminCatalog", "CatalogItem", "VAppTemplate", "Metadata",
                                     "VdcStorageProfile", "Owner", "VCloud", "ProductSectionList"})
            QVERIFY2(rootsSeen.contains(QLatin1String(expected)),
                     qPrintable(u"never reached "_s + QLatin1String(expected) + u"; saw "_s +
                                QStringList(rootsSeen.cbegin(), rootsSeen.cend()).join(u',')));
        if (!xsd)
            QSKIP(qPrintable(u"%1 bodies walked, not validated against the XSD: "_s.arg(fetched) + why));
    }

    void orgChildrenPerProduct_data()
    {
        QTest::addColumn<QString>("product");
        QTest::addColumn<QString>("version");
        for (const auto &[product, version] : {std::pair{"5.1", "5.1"}, std::pair{"9.5", "31.0"},
                                               std::pair{"10.3", "36.3"}, std::pair{"10.6", "39.1"}})
            QTest::newRow(product) << QString::fromLatin1(product) << QString::fromLatin1(version);
    }

    // The Org's shape per release (§3.3.1): child links up to 32.0, query links from 33.0 that lead to
    // exactly the org's VDCs and catalogs, followed as given and the way pyvcloud does (percent-decoded);
    // AdminOrg lists them at every version.
    void orgChildrenPerProduct()
    {
        QFETCH(QString, product);
        QFETCH(QString, version);
        SimConfig cfg;
        cfg.product = product;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        const QString orgName = firstTenantOrg(*sim);
        QString orgId;
        QSet<QString> vdcNames, catalogNames;
        sim->withCloud([&](Cloud &c) {
            orgId = c.orgByName(orgName)->id;
            for (const Vdc *v : c.vdcsOf(orgId))
                vdcNames.insert(v->name);
            for (const Catalog *cat : c.catalogs.rows())
                if (cat->orgId == orgId)
                    catalogNames.insert(cat->name);
        });
        QVERIFY(!vdcNames.isEmpty() && !catalogNames.isEmpty());
        const bool queryLinks = compareVersions(version, u"33.0"_s) >= 0;
        for (const auto &[user, org] :
             {std::pair{u"administrator"_s, u"System"_s}, std::pair{u"orgadmin"_s, orgName}}) {
            Api api(*sim, user, org, version);
            QVERIFY2(api.ok(), qPrintable(user));
            const HttpResult orgBody = api.get(u"/api/org/"_s + orgId);
            QCOMPARE(orgBody.status, 200);
            QSet<QString> linkedVdcs, linkedCatalogs;
            QStringList queryHrefs;
            for (const auto &e : elements(orgBody.body)) {
                if (e.name != u"Link" || e.attrs.value(QLatin1String("rel")) != u"down")
                    continue;
                const QString type = e.attrs.value(QLatin1String("type")).toString();
                const QString name = e.attrs.value(QLatin1String("name")).toString();
                if (type == u"application/vnd.vmware.vcloud.vdc+xml")
                    linkedVdcs.insert(name);
                else if (type == u"application/vnd.vmware.vcloud.catalog+xml")
                    linkedCatalogs.insert(name);
                else if (type == u"application/vnd.vmware.vcloud.query.records+xml")
                    queryHrefs.append(e.attrs.value(QLatin1String("href")).toString());
            }
            if (!queryLinks) {
                QCOMPARE(linkedVdcs, vdcNames);
                QCOMPARE(linkedCatalogs, catalogNames);
                QVERIFY(queryHrefs.isEmpty());
                continue;
            }
            QVERIFY(linkedVdcs.isEmpty() && linkedCatalogs.isEmpty());
            QCOMPARE(queryHrefs.size(), 2);
            for (const QString &word : {u"vdc"_s, u"catalog"_s}) {
                // pyvcloud: the first query link whose lower-cased href contains the word (§3.3.1).
                QString href;
                for (const QString &h : queryHrefs)
                    if (href.isEmpty() && h.toLower().contains(word))
                        href = h;
                QVERIFY2(!href.isEmpty(), qPrintable(word));
                const QSet<QString> &expected = word == u"vdc" ? vdcNames : catalogNames;
                for (const QString &asSent : {href, QUrl::fromPercentEncoding(href.toUtf8())}) {
                    const HttpResult records = api.get(asSent);
                    QVERIFY2(records.status == 200,
                             qPrintable(asSent + u"\n"_s + QString::fromUtf8(records.body)));
                    QSet<QString> names;
                    for (const auto &e : elements(records.body))
                        if (e.name.endsWith(u"Record"))
                            names.insert(e.attrs.value(QLatin1String("name")).toString());
                    QCOMPARE(names, expected);
                }
            }
        }
        // AdminOrg lists its children at every version.
        Api admin(*sim, u"administrator"_s, u"System"_s, version);
        const HttpResult adminOrg = admin.get(u"/api/admin/org/"_s + orgId);
        QCOMPARE(adminOrg.status, 200);
        QSet<QString> adminVdcs;
        for (const auto &e : elements(adminOrg.body))
            if (e.name == u"Vdc")
                adminVdcs.insert(e.attrs.value(QLatin1String("name")).toString());
        QCOMPARE(adminVdcs, vdcNames);
    }

    void tenantContextPerProduct_data() { orgChildrenPerProduct_data(); }

    // X-VMWARE-VCLOUD-TENANT-CONTEXT / -AUTH-CONTEXT (§6.1): a System administrator is answered as
    // inside the org; a tenant naming another org is refused with 403.
    void tenantContextPerProduct()
    {
        QFETCH(QString, product);
        QFETCH(QString, version);
        SimConfig cfg;
        cfg.product = product;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        QString orgName, orgId, otherName, otherId;
        int vdcCount = 0;
        sim->withCloud([&](Cloud &c) {
            for (const Org *o : c.orgs.rows()) {
                if (o->isSystem)
                    continue;
                if (orgName.isEmpty()) {
                    orgName = o->name;
                    orgId = o->id;
                    vdcCount = int(c.vdcsOf(o->id).size());
                } else if (otherName.isEmpty()) {
                    otherName = o->name;
                    otherId = o->id;
                }
            }
        });
        Api provider(*sim, u"administrator"_s, u"System"_s, version);
        QVERIFY(provider.ok());
        QVERIFY(recordHrefs(provider.get(u"/api/org"_s).body, u"Org"_s).size() > 2);
        QCOMPARE(rootAttr(provider.get(u"/api/query?type=orgVdc"_s).body, u"total"_s), u"0"_s);

        provider.setHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT", orgId.toUtf8());
        provider.setHeader("X-VMWARE-VCLOUD-AUTH-CONTEXT", orgName.toUtf8());
        const QStringList orgs = recordHrefs(provider.get(u"/api/org"_s).body, u"Org"_s);
        QCOMPARE(orgs.size(), 1);
        QVERIFY(orgs.first().endsWith(orgId));
        QCOMPARE(rootAttr(provider.get(u"/api/query?type=orgVdc"_s).body, u"total"_s).toInt(), vdcCount);
        QCOMPARE(provider.get(u"/api/query?type=adminVM"_s).status, 403); // as the tenant: no admin queries
        QCOMPARE(provider.get(u"/api/org/"_s + otherId).status, 403);
        // The session stays the provider's own.
        QCOMPARE(rootAttr(provider.get(u"/api/session"_s).body, u"org"_s), u"System"_s);
        if (compareVersions(version, u"33.0"_s) >= 0)
            QVERIFY(provider.get(u"/api/org/"_s + orgId).body.contains("type=orgVdc&amp;"));
        // Names that disagree, or an org that does not exist: refused.
        provider.setHeader("X-VMWARE-VCLOUD-AUTH-CONTEXT", otherName.toUtf8());
        QCOMPARE(provider.get(u"/api/org"_s).status, 403);
        provider.setHeader("X-VMWARE-VCLOUD-AUTH-CONTEXT", orgName.toUtf8());
        provider.setHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT", "00000000-0000-4000-8000-000000000000");
        QCOMPARE(provider.get(u"/api/org"_s).status, 403);

        Api tenant(*sim, u"orgadmin"_s, orgName, version);
        QVERIFY(tenant.ok());
        tenant.setHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT", otherId.toUtf8());
        const HttpResult refused = tenant.get(u"/api/org"_s);
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.body.contains("ACCESS_TO_RESOURCE_IS_FORBIDDEN"));
        tenant.setHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT", orgId.toUtf8()); // its own org: as without
        QCOMPARE(tenant.get(u"/api/org"_s).status, 200);
    }

    // Every section a client GETs on its own answers at its href (with or without the trailing slash)
    // and validates (§3.11).
    void sectionsAtTheirOwnHrefs()
    {
        QString why;
        const bool xsd = XsdValidator::available(&why);
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, u"orgadmin"_s, org);
        QVERIFY(api.ok());
        const QStringList vapps = recordHrefs(api.get(u"/api/query?type=vApp"_s).body, u"VAppRecord"_s);
        QVERIFY(!vapps.isEmpty());
        const QString vapp = vapps.first();
        const QString vm = vmHrefOf(api.get(vapp).body);
        QVERIFY(!vm.isEmpty());
        const struct
        {
            QString href;
            QString root;
        } sections[] = {
            {vapp + u"/leaseSettingsSection/"_s, u"LeaseSettingsSection"_s},
            {vapp + u"/startupSection/"_s, u"StartupSection"_s},
            {vapp + u"/snapshotSection"_s, u"SnapshotSection"_s},
            {vapp + u"/productSections/"_s, u"ProductSectionList"_s},
            {vm + u"/snapshotSection"_s, u"SnapshotSection"_s},
            {vm + u"/snapshotSection/"_s, u"SnapshotSection"_s},
            {vm + u"/virtualHardwareSection/"_s, u"VirtualHardwareSection"_s},
            {vm + u"/virtualHardwareSection/cpu"_s, u"Item"_s},
            {vm + u"/virtualHardwareSection/memory"_s, u"Item"_s},
            {vm + u"/virtualHardwareSection/disks"_s, u"RasdItemsList"_s},
            {vm + u"/virtualHardwareSection/networkCards"_s, u"RasdItemsList"_s},
            {vm + u"/virtualHardwareSection/media"_s, u"RasdItemsList"_s},
            {vm + u"/networkConnectionSection/"_s, u"NetworkConnectionSection"_s},
            {vm + u"/guestCustomizationSection/"_s, u"GuestCustomizationSection"_s},
            {vm + u"/operatingSystemSection/"_s, u"OperatingSystemSection"_s},
            {vm + u"/runtimeInfoSection/"_s, u"RuntimeInfoSection"_s},
            {vm + u"/productSections/"_s, u"ProductSectionList"_s},
        };
        for (const auto &sec : sections) {
            const HttpResult r = api.get(sec.href);
            QVERIFY2(r.status == 200, qPrintable(sec.href + u" → "_s + QString::number(r.status)));
            QXmlStreamReader x(r.body);
            while (!x.atEnd() && x.readNext() != QXmlStreamReader::StartElement) {
            }
            QCOMPARE(x.name().toString(), sec.root);
            // The shape of our own section bodies (tests/data/sections) always; the official XSD
            // where the optional corpus provides it.
            const QStringList shape = vcd::test::XmlShape::references().check(r.body);
            QVERIFY2(shape.isEmpty(), qPrintable(sec.href + u"\n"_s + shape.join(u'\n')));
            QString errors;
            if (xsd)
                QVERIFY2(XsdValidator::validate(r.body, &errors), qPrintable(sec.href + u"\n"_s + errors));
        }
        // The item lists hold exactly their kinds: a disk list starts with the controller, NICs only NICs.
        const QByteArray disks = api.get(vm + u"/virtualHardwareSection/disks"_s).body;
        QVERIFY(disks.contains("<rasd:ResourceType>6</rasd:ResourceType>"));
        QVERIFY(disks.contains("<rasd:ResourceType>17</rasd:ResourceType>"));
        QVERIFY(!disks.contains("<rasd:ResourceType>10</rasd:ResourceType>"));
        const QByteArray nics = api.get(vm + u"/virtualHardwareSection/networkCards"_s).body;
        QVERIFY(nics.contains("<rasd:ResourceType>10</rasd:ResourceType>"));
        QVERIFY(!nics.contains("<rasd:ResourceType>17</rasd:ResourceType>"));
        if (!xsd)
            QSKIP(qPrintable(u"sections checked, not validated against the XSD: "_s + why));
    }

    void sameSeedSameInventory()
    {
        SimConfig cfg;
        cfg.scenario = u"generate"_s;
        cfg.orgs = 2;
        cfg.vappsPerVdc = 5;
        cfg.seed = 7;
        auto a = startSim(cfg);
        auto b = startSim(cfg);
        cfg.seed = 8;
        auto c = startSim(cfg);
        QVERIFY(a && b && c);
        auto page = [](VcdSimulator &sim) {
            Api admin(sim, u"administrator"_s, u"System"_s);
            QByteArray body = admin.get(u"/api/query?type=adminVM&pageSize=128&sortAsc=name"_s).body;
            return body.replace(sim.baseUrl().toString().toUtf8(), "BASE");
        };
        const QByteArray pa = page(*a);
        QVERIFY(pa.contains("AdminVMRecord"));
        QCOMPARE(pa, page(*b));
        QVERIFY(pa != page(*c));
        QByteArray ja, jb;
        a->withCloud([&](Cloud &cl) { ja = Scenario::toJson(cl); });
        b->withCloud([&](Cloud &cl) { jb = Scenario::toJson(cl); });
        QCOMPARE(ja, jb);
    }

    void scenarioFileIsServed()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"cloud.json"_s);
        Cloud cloud;
        Scenario::demo(cloud);
        cloud.vms.rows().front()->name = u"renamed-in-file"_s;
        QString err;
        QVERIFY2(Scenario::save(cloud, file, &err), qPrintable(err));
        SimConfig cfg;
        cfg.scenario = file;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        Api admin(*sim, u"administrator"_s, u"System"_s);
        const HttpResult r = admin.get(u"/api/query?type=adminVM&filter=name==renamed-in-file"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(rootAttr(r.body, u"total"_s), u"1"_s);

        SimConfig broken;
        broken.scenario = dir.filePath(u"missing.json"_s);
        VcdSimulator bad(broken);
        QVERIFY(!bad.start(&err));
        QVERIFY(!err.isEmpty());
    }

    void queryPagingOverHttp()
    {
        SimConfig cfg;
        cfg.scenario = u"generate"_s;
        cfg.orgs = 2;
        cfg.vappsPerVdc = 30; // 2 × 30 × 3 = 180 VMs
        auto sim = startSim(cfg);
        QVERIFY(sim);
        Api admin(*sim, u"administrator"_s, u"System"_s);
        HttpResult r = admin.get(u"/api/query?type=adminVM&format=records&pageSize=50"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(
            r.header("Content-Type").startsWith("application/vnd.vmware.vcloud.query.records+xml;version="));
        QCOMPARE(rootAttr(r.body, u"total"_s), u"180"_s);
        QSet<QString> hrefs;
        int pages = 0;
        while (true) {
            ++pages;
            for (const QString &h : recordHrefs(r.body, u"AdminVMRecord"_s))
                hrefs.insert(h);
            const QString next = linkHref(r.body, u"nextPage"_s);
            if (next.isEmpty())
                break;
            r = admin.get(next);
            QCOMPARE(r.status, 200);
        }
        QCOMPARE(pages, 4);
        QCOMPARE(hrefs.size(), 180);

        r = admin.get(u"/api/query?type=adminVM"_s);
        QCOMPARE(rootAttr(r.body, u"pageSize"_s), u"25"_s);
        r = admin.get(u"/api/query?type=adminVM&pageSize=500"_s);
        QCOMPARE(rootAttr(r.body, u"pageSize"_s), u"128"_s);
        r = admin.get(u"/api/query?type=adminVM&filter=name==((("_s);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Error"));
        r = admin.get(u"/api/query"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("QueryList"));
        r = admin.get(u"/api/query?type=adminVM&format=references&pageSize=5"_s);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("VMReferences"), r.body.left(400).constData());
    }

    void actionsThroughTheirLinks()
    {
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, u"orgadmin"_s, org);
        QVERIFY(api.ok());

        // A powered-on, idle vApp.
        const HttpResult list = api.get(u"/api/query?type=vApp&filter=status==POWERED_ON;isBusy==false"_s);
        QCOMPARE(list.status, 200);
        const QStringList on = recordHrefs(list.body, u"VAppRecord"_s);
        QVERIFY(!on.isEmpty());
        const QString vappHref = on.first();
        HttpResult vapp = api.get(vappHref);
        QVERIFY(linkHref(vapp.body, u"remove"_s).isEmpty()); // no remove while running
        QVERIFY(linkHref(vapp.body, u"power:powerOn"_s).isEmpty());

        // Power off through the link: 202, Location, Task.
        HttpResult r = api.post(linkHref(vapp.body, u"power:powerOff"_s));
        QCOMPARE(r.status, 202);
        const QString taskHref = QString::fromUtf8(r.header("Location"));
        QVERIFY(taskHref.contains(u"/api/task/"));
        QVERIFY(r.header("Content-Type").startsWith("application/vnd.vmware.vcloud.task+xml"));
        QCOMPARE(api.waitTask(taskHref), u"success"_s);
        vapp = api.get(vappHref);
        QCOMPARE(rootAttr(vapp.body, u"status"_s), u"8"_s);
        QVERIFY(!linkHref(vapp.body, u"power:powerOn"_s).isEmpty());

        // An invalid transition: 400 with an Error body.
        r = api.post(vappHref + u"/power/action/powerOff"_s);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Error"));

        // Snapshot, then revert is offered.
        r = api.post(
            vappHref + u"/action/createSnapshot"_s,
            "<CreateSnapshotParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"before-upgrade\" "
            "memory=\"false\" quiesce=\"false\"><Description>test</Description></CreateSnapshotParams>",
            "application/vnd.vmware.vcloud.createSnapshotParams+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        vapp = api.get(vappHref);
        QVERIFY(!linkHref(vapp.body, u"snapshot:revertToCurrent"_s).isEmpty());

        // Malformed body → 400 with a precise message.
        r = api.post(vappHref + u"/action/createSnapshot"_s, "<CreateSnapshotParams", "application/xml");
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("line"));

        // Rename through PUT of the entity.
        r = api.put(vappHref,
                    "<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
                    "name=\"renamed-by-test\"><Description>new</Description></VApp>",
                    "application/vnd.vmware.vcloud.vApp+xml");
        QCOMPARE(r.status, 202);
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        QCOMPARE(rootAttr(api.get(vappHref).body, u"name"_s), u"renamed-by-test"_s);

        // Typed metadata.
        r = api.put(vappHref + u"/metadata/cost-center"_s,
                    "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><TypedValue "
                    "xsi:type=\"MetadataNumberValue\"><Value>4711</Value></TypedValue></MetadataValue>",
                    "application/vnd.vmware.vcloud.metadata.value+xml");
        QCOMPARE(r.status, 202);
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        r = api.get(vappHref + u"/metadata"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("cost-center"));
        QVERIFY(r.body.contains("4711"));

        // Delete only once stopped (undeployed): first refused, then the remove link appears.
        QVERIFY(linkHref(api.get(vappHref).body, u"remove"_s).isEmpty());
        QCOMPARE(api.del(vappHref).status, 400);
        r = api.post(vappHref + u"/action/undeploy"_s,
                     "<UndeployVAppParams "
                     "xmlns=\"http://www.vmware.com/vcloud/v1.5\"><UndeployPowerAction>powerOff</"
                     "UndeployPowerAction></UndeployVAppParams>",
                     "application/vnd.vmware.vcloud.undeployVAppParams+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        vapp = api.get(vappHref);
        QCOMPARE(rootAttr(vapp.body, u"deployed"_s), u"false"_s);
        QVERIFY(!linkHref(vapp.body, u"remove"_s).isEmpty());
        r = api.del(linkHref(vapp.body, u"remove"_s));
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        QCOMPARE(api.get(vappHref).status, 403);
    }

    void instantiateTemplateAndConsoleTicket()
    {
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, u"orgadmin"_s, org);
        QVERIFY(api.ok());
        const HttpResult templates = api.get(u"/api/query?type=vAppTemplate"_s);
        const QStringList tHrefs = recordHrefs(templates.body, u"VAppTemplateRecord"_s);
        QVERIFY(!tHrefs.isEmpty());
        const HttpResult vdcs = api.get(u"/api/query?type=orgVdc"_s);
        const QStringList vdcHrefs = recordHrefs(vdcs.body, u"OrgVdcRecord"_s);
        QVERIFY(!vdcHrefs.isEmpty());
        const HttpResult vdc = api.get(vdcHrefs.first());
        QString instantiate;
        for (const auto &e : elements(vdc.body))
            if (e.name == u"Link" && e.attrs.value(QLatin1String("rel")) == u"add" &&
                e.attrs.value(QLatin1String("type")).contains(u"instantiateVAppTemplateParams"))
                instantiate = e.attrs.value(QLatin1String("href")).toString();
        QVERIFY(!instantiate.isEmpty());
        const QByteArray body =
            "<InstantiateVAppTemplateParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
            "name=\"from-template-test\" deploy=\"true\" powerOn=\"true\"><Description>by "
            "test</Description><Source href=\"" +
            tHrefs.first().toUtf8() +
            "\"/><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>";
        HttpResult r =
            api.post(instantiate, body, "application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml");
        QVERIFY2(r.status == 201 || r.status == 202, r.body.constData());
        QCOMPARE(rootAttr(r.body, u"status"_s), u"0"_s);
        const QString newHref = rootAttr(r.body, u"href"_s);
        QString taskHref;
        for (const auto &e : elements(r.body))
            if (e.name == u"Task")
                taskHref = e.attrs.value(QLatin1String("href")).toString();
        QVERIFY(!taskHref.isEmpty());
        QCOMPARE(api.waitTask(taskHref), u"success"_s);
        const HttpResult created = api.get(newHref);
        QCOMPARE(created.status, 200);
        QCOMPARE(rootAttr(created.body, u"status"_s), u"4"_s);
        // Same name again in that VDC: refused.
        r = api.post(instantiate, body, "application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml");
        QCOMPARE(r.status, 400);

        // reconfigureVm through the VM's own link: name and description change.
        const HttpResult vmDoc = api.get(vmHrefOf(created.body));
        const QString reconfigure = linkHref(vmDoc.body, u"reconfigureVm"_s);
        QVERIFY(!reconfigure.isEmpty());
        r = api.post(reconfigure,
                     "<Vm xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
                     "name=\"reconfigured-vm\"><Description>d</Description></Vm>",
                     "application/vnd.vmware.vcloud.vm+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        QCOMPARE(rootAttr(api.get(vmHrefOf(created.body)).body, u"name"_s), u"reconfigured-vm"_s);

        // The VM's sections answer GET (and validate where the XSD set is); PUT of the CPU item
        // reconfigures the VM.
        const bool xsd = XsdValidator::available();
        const QString vmDocHref = vmHrefOf(created.body);
        for (const QString &section :
             {u"/virtualHardwareSection/"_s, u"/operatingSystemSection/"_s, u"/networkConnectionSection/"_s,
              u"/guestCustomizationSection/"_s, u"/virtualHardwareSection/cpu"_s}) {
            const HttpResult sec = api.get(vmDocHref + section);
            QVERIFY2(sec.status == 200, qPrintable(section));
            QString errors;
            QVERIFY2(!xsd || XsdValidator::validate(sec.body, &errors),
                     qPrintable(section + u"\n"_s + errors));
        }
        const QByteArray cpuItem = api.get(vmDocHref + u"/virtualHardwareSection/cpu"_s).body;
        QByteArray newItem = cpuItem;
        const QByteArray oldQuantity =
            QByteArray("VirtualQuantity>" + rootAttrText(cpuItem, u"VirtualQuantity"_s).toUtf8() + "<");
        newItem.replace(oldQuantity, QByteArray("VirtualQuantity>6<"));
        r = api.put(vmDocHref + u"/virtualHardwareSection/cpu"_s, newItem,
                    "application/vnd.vmware.vcloud.rasdItem+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        QCOMPARE(
            rootAttrText(api.get(vmDocHref + u"/virtualHardwareSection/cpu"_s).body, u"VirtualQuantity"_s),
            u"6"_s);

        // Console ticket only for a powered-on VM.
        QString vmHref;
        for (const auto &e : elements(created.body))
            if (e.name == u"Vm")
                vmHref = e.attrs.value(QLatin1String("href")).toString();
        QVERIFY(!vmHref.isEmpty());
        r = api.post(vmHref + u"/screen/action/acquireMksTicket"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("MksTicket"));
        r = api.post(vmHref + u"/power/action/powerOff"_s);
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), u"success"_s);
        QCOMPARE(api.post(vmHref + u"/screen/action/acquireMksTicket"_s).status, 400);
        QString why;
        if (!XsdValidator::available(&why))
            QSKIP(qPrintable(u"VM sections not validated against the XSD: "_s + why));
    }

    void tasksRunBusyEntityAndCancel()
    {
        SimConfig cfg;
        cfg.taskDurationMs = 1500;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, u"orgadmin"_s, org);
        const HttpResult list = api.get(u"/api/query?type=vApp&filter=status==POWERED_ON;isBusy==false"_s);
        const QStringList on = recordHrefs(list.body, u"VAppRecord"_s);
        QVERIFY(on.size() >= 1);
        const QString vappHref = on.first();

        HttpResult r = api.post(vappHref + u"/power/action/powerOff"_s);
        QCOMPARE(r.status, 202);
        const QString taskHref = QString::fromUtf8(r.header("Location"));

        // One operation at a time per vApp.
        r = api.post(vappHref + u"/power/action/reboot"_s);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("BUSY_ENTITY"));

        // The task goes through its states; progress rises while it runs.
        HttpResult t = api.get(taskHref);
        QVERIFY(!linkHref(t.body, u"task:cancel"_s).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rootAttr((t = api.get(taskHref)).body, u"status"_s) == u"running", 5000);

        // Cancel through its link: 204, then canceled, and the vApp is still on.
        r = api.post(linkHref(t.body, u"task:cancel"_s));
        QCOMPARE(r.status, 204);
        QCOMPARE(api.waitTask(taskHref), u"canceled"_s);
        QCOMPARE(rootAttr(api.get(vappHref).body, u"status"_s), u"4"_s);
        t = api.get(taskHref);
        QVERIFY(linkHref(t.body, u"task:cancel"_s).isEmpty());

        // Tasks are queryable, and the demo history holds a failed one.
        r = api.get(u"/api/query?type=task&filter=status==error"_s);
        QCOMPARE(r.status, 200);
        Api admin(*sim, u"administrator"_s, u"System"_s);
        int failed = 0;
        sim->withCloud([&](Cloud &c) {
            for (const Task *task : c.tasks.rows())
                failed += task->status == u"error";
        });
        QVERIFY(failed >= 1);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
