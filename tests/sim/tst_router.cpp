// The simulator's API over real HTTP (QNetworkAccessManager → vcd-sim in-process on port 0): users
// and rights, inventory, navigable representations that validate against the XSD, the query service,
// actions and tasks (issue #2 points 4–9).

#include "common/httpclient.h"
#include "common/xsdvalidator.h"
#include "sim/cloud.h"
#include "sim/scenario.h"
#include "sim/vcdsimulator.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace vcd::sim;
using namespace vcd::test;

namespace {

const QString kVersion = QStringLiteral("37.2");
const QString kVcloudNs = QStringLiteral("http://www.vmware.com/vcloud/v1.5");

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
    Api(VcdSimulator &sim, const QString &user, const QString &org) : m_sim(sim)
    {
        m_http.setApiVersion(kVersion);
        const HttpResult r = m_http.post(url(QStringLiteral("/api/sessions")), {}, {},
                                         {{"Authorization", basicAuth(user, org, QStringLiteral("demo"))}});
        m_ok = r.status == 200;
        m_http.setDefaultHeader("x-vcloud-authorization", r.header("x-vcloud-authorization"));
    }
    bool ok() const { return m_ok; }
    QUrl url(const QString &pathOrHref) const
    {
        return pathOrHref.startsWith(u"http") ? QUrl(pathOrHref) : QUrl(m_sim.baseUrl().toString() + pathOrHref);
    }
    HttpResult get(const QString &p) { return m_http.get(url(p)); }
    HttpResult post(const QString &p, const QByteArray &body = {}, const QByteArray &type = {})
    {
        return m_http.post(url(p), body, type);
    }
    HttpResult put(const QString &p, const QByteArray &body, const QByteArray &type) { return m_http.put(url(p), body, type); }
    HttpResult del(const QString &p) { return m_http.del(url(p)); }

    // Polls a task until it ends; returns its final status.
    QString waitTask(const QString &href, int timeoutMs = 10000)
    {
        QString status;
        (void)QTest::qWaitFor(
            [&] {
                status = rootAttr(get(href).body, QStringLiteral("status"));
                return status == u"success" || status == u"error" || status == u"aborted" || status == u"canceled";
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

private slots:
    void rightsAndVisibility()
    {
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api admin(*sim, QStringLiteral("administrator"), QStringLiteral("System"));
        Api orgadmin(*sim, QStringLiteral("orgadmin"), org);
        Api vappuser(*sim, QStringLiteral("vappuser"), org);
        QVERIFY(admin.ok() && orgadmin.ok() && vappuser.ok());

        int orgCount = 0;
        sim->withCloud([&](Cloud &c) { orgCount = int(c.orgs.size()); });
        const HttpResult all = admin.get(QStringLiteral("/api/org"));
        QCOMPARE(all.status, 200);
        QCOMPARE(recordHrefs(all.body, QStringLiteral("Org")).size(), orgCount);
        const HttpResult own = orgadmin.get(QStringLiteral("/api/org"));
        QCOMPARE(recordHrefs(own.body, QStringLiteral("Org")).size(), 1);

        // Another org's entity, and an unknown one: 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN.
        QString otherOrgHref;
        for (const QString &href : recordHrefs(all.body, QStringLiteral("Org")))
            if (!recordHrefs(own.body, QStringLiteral("Org")).contains(href))
                otherOrgHref = href;
        HttpResult r = orgadmin.get(otherOrgHref);
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.contains("ACCESS_TO_RESOURCE_IS_FORBIDDEN"));
        r = orgadmin.get(QStringLiteral("/api/vApp/vapp-00000000-0000-4000-8000-000000000000"));
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.contains("ACCESS_TO_RESOURCE_IS_FORBIDDEN"));

        // Admin queries are for the System administrator only.
        QCOMPARE(orgadmin.get(QStringLiteral("/api/query?type=adminVM")).status, 403);
        QCOMPARE(admin.get(QStringLiteral("/api/query?type=adminVM")).status, 200);

        // A vApp user may power but not delete.
        const HttpResult vapps = vappuser.get(QStringLiteral("/api/query?type=vApp&filter=status==POWERED_ON"));
        QCOMPARE(vapps.status, 200);
        const QStringList on = recordHrefs(vapps.body, QStringLiteral("VAppRecord"));
        QVERIFY(!on.isEmpty());
        const HttpResult vapp = vappuser.get(on.first());
        QVERIFY(!linkHref(vapp.body, QStringLiteral("power:powerOff")).isEmpty());
        QVERIFY(linkHref(vapp.body, QStringLiteral("remove")).isEmpty());
        QCOMPARE(vappuser.del(on.first()).status, 403);
        r = vappuser.post(linkHref(vapp.body, QStringLiteral("power:powerOff")));
        QCOMPARE(r.status, 202);
    }

    void everyTenantOrgHasAVdcWithAVApp()
    {
        auto sim = startSim();
        QVERIFY(sim);
        Api admin(*sim, QStringLiteral("administrator"), QStringLiteral("System"));
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
        Api orgadmin(*sim, QStringLiteral("orgadmin"), firstTenantOrg(*sim));
        QVERIFY(orgadmin.ok());
        const HttpResult vdcs = orgadmin.get(QStringLiteral("/api/query?type=orgVdc&pageSize=128"));
        QCOMPARE(vdcs.status, 200);
        QVERIFY(rootAttr(vdcs.body, QStringLiteral("total")).toInt() >= 1);
        const HttpResult vapps = orgadmin.get(QStringLiteral("/api/query?type=vApp&pageSize=128"));
        QCOMPARE(vapps.status, 200);
        QVERIFY(rootAttr(vapps.body, QStringLiteral("total")).toInt() >= 1);
    }

    void navigableRepresentationsValidate()
    {
        QString why;
        QVERIFY2(XsdValidator::available(&why), qPrintable(why));
        auto sim = startSim();
        QVERIFY(sim);
        Api admin(*sim, QStringLiteral("administrator"), QStringLiteral("System"));
        QVERIFY(admin.ok());

        // Walk from the Session along down links and entity references, validating every body.
        QStringList queue{sim->baseUrl().toString() + u"/api/session"_qs};
        QSet<QString> seen(queue.cbegin(), queue.cend());
        QSet<QString> rootsSeen;
        int fetched = 0;
        while (!queue.isEmpty() && fetched < 160) {
            const QString href = queue.takeFirst();
            const HttpResult r = admin.get(href);
            ++fetched;
            QVERIFY2(r.status == 200, qPrintable(href + u" → "_qs + QString::number(r.status)));
            QVERIFY2(r.header("Content-Type").contains(QByteArray(";version=" + kVersion.toLatin1())), qPrintable(href));
            QVERIFY(!r.header("X-VMWARE-VCLOUD-REQUEST-ID").isEmpty());
            const auto els = elements(r.body);
            QVERIFY2(!els.isEmpty(), qPrintable(href));
            const QString root = els.first().name;
            rootsSeen.insert(root);
            QString errors;
            const bool lenient = root == u"Session";
            QVERIFY2(XsdValidator::validate(r.body, &errors, XsdValidator::Schema::Master, lenient),
                     qPrintable(href + u"\n"_qs + errors));
            for (const auto &e : els) {
                const QString h = e.attrs.value(QLatin1String("href")).toString();
                const QString rel = e.attrs.value(QLatin1String("rel")).toString();
                const bool follow = (e.name == u"Link" && (rel == u"down" || rel == u"edgeGateways" ||
                                                           rel == u"orgVdcNetworks")) || e.name == u"Org" ||
                                    e.name == u"ResourceEntity" || e.name == u"CatalogItem" || e.name == u"Entity" ||
                                    (e.name == u"Vm" && &e != &els.first()) || e.name == u"Network" ||
                                    e.name == u"VdcStorageProfile" || (e.name == u"Link" && rel == u"alternate" &&
                                                                        e.attrs.value(QLatin1String("type")).contains(u"admin.vdc"));
                if (!follow || h.isEmpty() || !h.contains(u"/api/") ||
                    h.contains(u"/api/admin/extension") || h.contains(u"/api/entity") ||
                    h.contains(u"/api/extensibility") || h.contains(u"/api/query") || seen.contains(h) ||
                    (fetched + queue.size() > 220 && !h.contains(u"/admin/vdc")))
                    continue;
                seen.insert(h);
                queue.append(h);
            }
        }
        for (const char *expected : {"Session", "OrgList", "Org", "Vdc", "AdminVdc", "VApp", "Vm", "Catalog",
                                     "CatalogItem", "VAppTemplate", "Metadata", "VdcStorageProfile", "Owner", "VCloud"})
            QVERIFY2(rootsSeen.contains(QLatin1String(expected)),
                     qPrintable(u"never reached "_qs + QLatin1String(expected) + u"; saw "_qs +
                                QStringList(rootsSeen.cbegin(), rootsSeen.cend()).join(u',')));
    }

    void sameSeedSameInventory()
    {
        SimConfig cfg;
        cfg.scenario = QStringLiteral("generate");
        cfg.orgs = 2;
        cfg.vappsPerVdc = 5;
        cfg.seed = 7;
        auto a = startSim(cfg);
        auto b = startSim(cfg);
        cfg.seed = 8;
        auto c = startSim(cfg);
        QVERIFY(a && b && c);
        auto page = [](VcdSimulator &sim) {
            Api admin(sim, QStringLiteral("administrator"), QStringLiteral("System"));
            QByteArray body = admin.get(QStringLiteral("/api/query?type=adminVM&pageSize=128&sortAsc=name")).body;
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
        const QString file = dir.filePath(QStringLiteral("cloud.json"));
        Cloud cloud;
        Scenario::demo(cloud);
        cloud.vms.rows().front()->name = QStringLiteral("renamed-in-file");
        QString err;
        QVERIFY2(Scenario::save(cloud, file, &err), qPrintable(err));
        SimConfig cfg;
        cfg.scenario = file;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        Api admin(*sim, QStringLiteral("administrator"), QStringLiteral("System"));
        const HttpResult r = admin.get(QStringLiteral("/api/query?type=adminVM&filter=name==renamed-in-file"));
        QCOMPARE(r.status, 200);
        QCOMPARE(rootAttr(r.body, QStringLiteral("total")), QStringLiteral("1"));

        SimConfig broken;
        broken.scenario = dir.filePath(QStringLiteral("missing.json"));
        VcdSimulator bad(broken);
        QVERIFY(!bad.start(&err));
        QVERIFY(!err.isEmpty());
    }

    void queryPagingOverHttp()
    {
        SimConfig cfg;
        cfg.scenario = QStringLiteral("generate");
        cfg.orgs = 2;
        cfg.vappsPerVdc = 30; // 2 × 30 × 3 = 180 VMs
        auto sim = startSim(cfg);
        QVERIFY(sim);
        Api admin(*sim, QStringLiteral("administrator"), QStringLiteral("System"));
        HttpResult r = admin.get(QStringLiteral("/api/query?type=adminVM&format=records&pageSize=50"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("application/vnd.vmware.vcloud.query.records+xml;version="));
        QCOMPARE(rootAttr(r.body, QStringLiteral("total")), QStringLiteral("180"));
        QSet<QString> hrefs;
        int pages = 0;
        while (true) {
            ++pages;
            for (const QString &h : recordHrefs(r.body, QStringLiteral("AdminVMRecord")))
                hrefs.insert(h);
            const QString next = linkHref(r.body, QStringLiteral("nextPage"));
            if (next.isEmpty())
                break;
            r = admin.get(next);
            QCOMPARE(r.status, 200);
        }
        QCOMPARE(pages, 4);
        QCOMPARE(hrefs.size(), 180);

        r = admin.get(QStringLiteral("/api/query?type=adminVM"));
        QCOMPARE(rootAttr(r.body, QStringLiteral("pageSize")), QStringLiteral("25"));
        r = admin.get(QStringLiteral("/api/query?type=adminVM&pageSize=500"));
        QCOMPARE(rootAttr(r.body, QStringLiteral("pageSize")), QStringLiteral("128"));
        r = admin.get(QStringLiteral("/api/query?type=adminVM&filter=name==((("));
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Error"));
        r = admin.get(QStringLiteral("/api/query"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("QueryList"));
        r = admin.get(QStringLiteral("/api/query?type=adminVM&format=references&pageSize=5"));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("VMReferences"), r.body.left(400).constData());
    }

    void actionsThroughTheirLinks()
    {
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, QStringLiteral("orgadmin"), org);
        QVERIFY(api.ok());

        // A powered-on, idle vApp.
        const HttpResult list = api.get(QStringLiteral("/api/query?type=vApp&filter=status==POWERED_ON;isBusy==false"));
        QCOMPARE(list.status, 200);
        const QStringList on = recordHrefs(list.body, QStringLiteral("VAppRecord"));
        QVERIFY(!on.isEmpty());
        const QString vappHref = on.first();
        HttpResult vapp = api.get(vappHref);
        QVERIFY(linkHref(vapp.body, QStringLiteral("remove")).isEmpty()); // no remove while running
        QVERIFY(linkHref(vapp.body, QStringLiteral("power:powerOn")).isEmpty());

        // Power off through the link: 202, Location, Task.
        HttpResult r = api.post(linkHref(vapp.body, QStringLiteral("power:powerOff")));
        QCOMPARE(r.status, 202);
        const QString taskHref = QString::fromUtf8(r.header("Location"));
        QVERIFY(taskHref.contains(u"/api/task/"));
        QVERIFY(r.header("Content-Type").startsWith("application/vnd.vmware.vcloud.task+xml"));
        QCOMPARE(api.waitTask(taskHref), QStringLiteral("success"));
        vapp = api.get(vappHref);
        QCOMPARE(rootAttr(vapp.body, QStringLiteral("status")), QStringLiteral("8"));
        QVERIFY(!linkHref(vapp.body, QStringLiteral("power:powerOn")).isEmpty());

        // An invalid transition: 400 with an Error body.
        r = api.post(vappHref + u"/power/action/powerOff"_qs);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Error"));

        // Snapshot, then revert is offered.
        r = api.post(vappHref + u"/action/createSnapshot"_qs,
                     "<CreateSnapshotParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"before-upgrade\" memory=\"false\" quiesce=\"false\"><Description>test</Description></CreateSnapshotParams>",
                     "application/vnd.vmware.vcloud.createSnapshotParams+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        vapp = api.get(vappHref);
        QVERIFY(!linkHref(vapp.body, QStringLiteral("snapshot:revertToCurrent")).isEmpty());

        // Malformed body → 400 with a precise message.
        r = api.post(vappHref + u"/action/createSnapshot"_qs, "<CreateSnapshotParams", "application/xml");
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("line"));

        // Rename through PUT of the entity.
        r = api.put(vappHref,
                    "<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"renamed-by-test\"><Description>new</Description></VApp>",
                    "application/vnd.vmware.vcloud.vApp+xml");
        QCOMPARE(r.status, 202);
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        QCOMPARE(rootAttr(api.get(vappHref).body, QStringLiteral("name")), QStringLiteral("renamed-by-test"));

        // Typed metadata.
        r = api.put(vappHref + u"/metadata/cost-center"_qs,
                    "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><TypedValue xsi:type=\"MetadataNumberValue\"><Value>4711</Value></TypedValue></MetadataValue>",
                    "application/vnd.vmware.vcloud.metadata.value+xml");
        QCOMPARE(r.status, 202);
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        r = api.get(vappHref + u"/metadata"_qs);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("cost-center"));
        QVERIFY(r.body.contains("4711"));

        // Delete only once stopped (undeployed): first refused, then the remove link appears.
        QVERIFY(linkHref(api.get(vappHref).body, QStringLiteral("remove")).isEmpty());
        QCOMPARE(api.del(vappHref).status, 400);
        r = api.post(vappHref + u"/action/undeploy"_qs,
                     "<UndeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>",
                     "application/vnd.vmware.vcloud.undeployVAppParams+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        vapp = api.get(vappHref);
        QCOMPARE(rootAttr(vapp.body, QStringLiteral("deployed")), QStringLiteral("false"));
        QVERIFY(!linkHref(vapp.body, QStringLiteral("remove")).isEmpty());
        r = api.del(linkHref(vapp.body, QStringLiteral("remove")));
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        QCOMPARE(api.get(vappHref).status, 403);
    }

    void instantiateTemplateAndConsoleTicket()
    {
        auto sim = startSim();
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, QStringLiteral("orgadmin"), org);
        QVERIFY(api.ok());
        const HttpResult templates = api.get(QStringLiteral("/api/query?type=vAppTemplate"));
        const QStringList tHrefs = recordHrefs(templates.body, QStringLiteral("VAppTemplateRecord"));
        QVERIFY(!tHrefs.isEmpty());
        const HttpResult vdcs = api.get(QStringLiteral("/api/query?type=orgVdc"));
        const QStringList vdcHrefs = recordHrefs(vdcs.body, QStringLiteral("OrgVdcRecord"));
        QVERIFY(!vdcHrefs.isEmpty());
        const HttpResult vdc = api.get(vdcHrefs.first());
        QString instantiate;
        for (const auto &e : elements(vdc.body))
            if (e.name == u"Link" && e.attrs.value(QLatin1String("rel")) == u"add" &&
                e.attrs.value(QLatin1String("type")).contains(u"instantiateVAppTemplateParams"))
                instantiate = e.attrs.value(QLatin1String("href")).toString();
        QVERIFY(!instantiate.isEmpty());
        const QByteArray body =
            "<InstantiateVAppTemplateParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"from-template-test\" deploy=\"true\" powerOn=\"true\"><Description>by test</Description><Source href=\"" +
            tHrefs.first().toUtf8() + "\"/><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>";
        HttpResult r = api.post(instantiate, body, "application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml");
        QVERIFY2(r.status == 201 || r.status == 202, r.body.constData());
        QCOMPARE(rootAttr(r.body, QStringLiteral("status")), QStringLiteral("0"));
        const QString newHref = rootAttr(r.body, QStringLiteral("href"));
        QString taskHref;
        for (const auto &e : elements(r.body))
            if (e.name == u"Task")
                taskHref = e.attrs.value(QLatin1String("href")).toString();
        QVERIFY(!taskHref.isEmpty());
        QCOMPARE(api.waitTask(taskHref), QStringLiteral("success"));
        const HttpResult created = api.get(newHref);
        QCOMPARE(created.status, 200);
        QCOMPARE(rootAttr(created.body, QStringLiteral("status")), QStringLiteral("4"));
        // Same name again in that VDC: refused.
        r = api.post(instantiate, body, "application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml");
        QCOMPARE(r.status, 400);

        // reconfigureVm through the VM's own link: name and description change.
        const HttpResult vmDoc = api.get(vmHrefOf(created.body));
        const QString reconfigure = linkHref(vmDoc.body, QStringLiteral("reconfigureVm"));
        QVERIFY(!reconfigure.isEmpty());
        r = api.post(reconfigure,
                     "<Vm xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"reconfigured-vm\"><Description>d</Description></Vm>",
                     "application/vnd.vmware.vcloud.vm+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        QCOMPARE(rootAttr(api.get(vmHrefOf(created.body)).body, QStringLiteral("name")), QStringLiteral("reconfigured-vm"));

        // The VM's sections answer GET (and validate); PUT of the CPU item reconfigures the VM.
        const QString vmDocHref = vmHrefOf(created.body);
        for (const QString &section : {QStringLiteral("/virtualHardwareSection/"), QStringLiteral("/operatingSystemSection/"),
                                       QStringLiteral("/networkConnectionSection/"),
                                       QStringLiteral("/guestCustomizationSection/"),
                                       QStringLiteral("/virtualHardwareSection/cpu")}) {
            const HttpResult sec = api.get(vmDocHref + section);
            QVERIFY2(sec.status == 200, qPrintable(section));
            QString errors;
            QVERIFY2(XsdValidator::validate(sec.body, &errors), qPrintable(section + u"\n"_qs + errors));
        }
        const QByteArray cpuItem = api.get(vmDocHref + u"/virtualHardwareSection/cpu"_qs).body;
        QByteArray newItem = cpuItem;
        const QByteArray oldQuantity =
            QByteArray("VirtualQuantity>" + rootAttrText(cpuItem, QStringLiteral("VirtualQuantity")).toUtf8() + "<");
        newItem.replace(oldQuantity, QByteArray("VirtualQuantity>6<"));
        r = api.put(vmDocHref + u"/virtualHardwareSection/cpu"_qs, newItem, "application/vnd.vmware.vcloud.rasdItem+xml");
        QVERIFY2(r.status == 202, r.body.constData());
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        QCOMPARE(rootAttrText(api.get(vmDocHref + u"/virtualHardwareSection/cpu"_qs).body, QStringLiteral("VirtualQuantity")),
                 QStringLiteral("6"));

        // Console ticket only for a powered-on VM.
        QString vmHref;
        for (const auto &e : elements(created.body))
            if (e.name == u"Vm")
                vmHref = e.attrs.value(QLatin1String("href")).toString();
        QVERIFY(!vmHref.isEmpty());
        r = api.post(vmHref + u"/screen/action/acquireMksTicket"_qs);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("MksTicket"));
        r = api.post(vmHref + u"/power/action/powerOff"_qs);
        QCOMPARE(api.waitTask(QString::fromUtf8(r.header("Location"))), QStringLiteral("success"));
        QCOMPARE(api.post(vmHref + u"/screen/action/acquireMksTicket"_qs).status, 400);
    }

    void tasksRunBusyEntityAndCancel()
    {
        SimConfig cfg;
        cfg.taskDurationMs = 1500;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        const QString org = firstTenantOrg(*sim);
        Api api(*sim, QStringLiteral("orgadmin"), org);
        const HttpResult list = api.get(QStringLiteral("/api/query?type=vApp&filter=status==POWERED_ON;isBusy==false"));
        const QStringList on = recordHrefs(list.body, QStringLiteral("VAppRecord"));
        QVERIFY(on.size() >= 1);
        const QString vappHref = on.first();

        HttpResult r = api.post(vappHref + u"/power/action/powerOff"_qs);
        QCOMPARE(r.status, 202);
        const QString taskHref = QString::fromUtf8(r.header("Location"));

        // One operation at a time per vApp.
        r = api.post(vappHref + u"/power/action/reboot"_qs);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("BUSY_ENTITY"));

        // The task goes through its states; progress rises while it runs.
        HttpResult t = api.get(taskHref);
        QVERIFY(!linkHref(t.body, QStringLiteral("task:cancel")).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rootAttr((t = api.get(taskHref)).body, QStringLiteral("status")) == u"running", 5000);

        // Cancel through its link: 204, then canceled, and the vApp is still on.
        r = api.post(linkHref(t.body, QStringLiteral("task:cancel")));
        QCOMPARE(r.status, 204);
        QCOMPARE(api.waitTask(taskHref), QStringLiteral("canceled"));
        QCOMPARE(rootAttr(api.get(vappHref).body, QStringLiteral("status")), QStringLiteral("4"));
        t = api.get(taskHref);
        QVERIFY(linkHref(t.body, QStringLiteral("task:cancel")).isEmpty());

        // Tasks are queryable, and the demo history holds a failed one.
        r = api.get(QStringLiteral("/api/query?type=task&filter=status==error"));
        QCOMPARE(r.status, 200);
        Api admin(*sim, QStringLiteral("administrator"), QStringLiteral("System"));
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
