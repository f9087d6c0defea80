#include "sim/scenario.h"
#include "sim/xmlutil.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace vcd::sim;

namespace {

GeneratorParams smallParams()
{
    GeneratorParams p;
    p.orgs = 3;
    p.vdcsPerOrg = 2;
    p.vappsPerVdc = 3;
    p.vmsPerVapp = 2;
    p.seed = 7;
    p.catalogsPerOrg = 2;
    p.templatesPerCatalog = 2;
    p.mediaPerCatalog = 1;
    p.networksPerVdc = 2;
    p.edgesPerVdc = 1;
    return p;
}

quint32 ipValue(const QString &ip)
{
    bool ok = false;
    const quint32 v = QHostAddress(ip).toIPv4Address(&ok);
    return ok ? v : 0;
}

QList<const Org *> tenantOrgs(const Cloud &c)
{
    QList<const Org *> out;
    for (const Org *o : c.orgs.rows())
        if (!o->isSystem)
            out.append(o);
    return out;
}

int countVmsWithStatus(const Cloud &c, int status)
{
    int n = 0;
    for (const Vm *vm : c.vms.rows())
        n += vm->status == status ? 1 : 0;
    return n;
}

// Every id the cloud hands out, with the kind its href is built for (storage profiles and template VMs
// have hrefs of their own shape).
struct IdUse
{
    QString id;
    QString href;
};

QList<IdUse> allIds(const Cloud &c)
{
    const QString base = u"https://vcd.example.com"_s;
    QList<IdUse> out;
    auto add = [&](const auto &table, Kind kind) {
        for (const auto *row : table.rows())
            out.append({row->id, hrefOf(base, kind, row->id)});
    };
    add(c.orgs, Kind::Org);
    add(c.users, Kind::User);
    add(c.vdcs, Kind::Vdc);
    add(c.vapps, Kind::VApp);
    add(c.vms, Kind::Vm);
    add(c.catalogs, Kind::Catalog);
    add(c.catalogItems, Kind::CatalogItem);
    add(c.templates, Kind::VAppTemplate);
    add(c.media, Kind::Media);
    add(c.networks, Kind::Network);
    add(c.edges, Kind::EdgeGateway);
    add(c.tasks, Kind::Task);
    for (const VAppTemplate *t : c.templates.rows())
        for (const TemplateVm &vm : t->vms)
            out.append({vm.id, templateVmHref(base, vm.id)});
    for (const Vdc *v : c.vdcs.rows())
        out.append({v->storageProfileId, base + u"/api/vdcStorageProfile/"_s + v->storageProfileId});
    return out;
}

} // namespace

class TestScenario : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generateIsDeterministic();
    void differentSeedsGiveDifferentIds();
    void generatorCounts_data();
    void generatorCounts();
    void generatorNamesStayUniqueBeyondNameTables();
    void generatorShapes();
    void generatorPowerMix();
    void demoIsDeterministic();
    void demoProperties();
    void demoTasks();
    void roundTripIsIdentical_data();
    void roundTripIsIdentical();
    void malformedJsonRejected_data();
    void malformedJsonRejected();
    void shortHandWrittenFileLoads();
    void nicIpsUniquePerNetworkAndInRange_data();
    void nicIpsUniquePerNetworkAndInRange();
    void idsAndHrefsUnique_data();
    void idsAndHrefsUnique();
    void saveAndLoad();
    void loadNamed();
    void generatorFlagsImplyGenerate();
    void vcdSimCommandLineScenario();
};

void TestScenario::generateIsDeterministic()
{
    Cloud a;
    Cloud b;
    Scenario::generate(a, smallParams());
    Scenario::generate(b, smallParams());
    const QByteArray ja = Scenario::toJson(a);
    QCOMPARE(ja, Scenario::toJson(b));
    QVERIFY(ja.size() > 10000);
    // Continuing after the generator also agrees.
    QCOMPARE(a.newUuid(), b.newUuid());
    QCOMPARE(a.nextSeq(), b.nextSeq());

    // Generating again into a used cloud replaces everything, counters included.
    a.orgs.clear();
    Scenario::demo(a);
    Scenario::generate(a, smallParams());
    QCOMPARE(Scenario::toJson(a), ja);
}

void TestScenario::differentSeedsGiveDifferentIds()
{
    GeneratorParams p = smallParams();
    Cloud a;
    Scenario::generate(a, p);
    p.seed = 8;
    Cloud b;
    Scenario::generate(b, p);
    QVERIFY(Scenario::toJson(a) != Scenario::toJson(b));
    QSet<QString> idsA;
    for (const auto &use : allIds(a))
        idsA.insert(use.id);
    for (const auto &use : allIds(b))
        QVERIFY2(!idsA.contains(use.id), qPrintable(use.id));
    // Same shape though: the seed changes ids and details, not the counts.
    QCOMPARE(a.vms.size(), b.vms.size());
    QCOMPARE(a.orgs.rows().at(1)->name, b.orgs.rows().at(1)->name);
}

void TestScenario::generatorCounts_data()
{
    QTest::addColumn<int>("orgs");
    QTest::addColumn<int>("vdcs");
    QTest::addColumn<int>("vapps");
    QTest::addColumn<int>("vms");
    QTest::addColumn<int>("catalogs");
    QTest::addColumn<int>("templates");
    QTest::addColumn<int>("media");
    QTest::addColumn<int>("networks");
    QTest::addColumn<int>("edges");
    QTest::newRow("small") << 3 << 2 << 3 << 2 << 2 << 2 << 1 << 2 << 1;
    QTest::newRow("defaults") << 4 << 1 << 4 << 3 << 1 << 3 << 2 << 2 << 1;
    QTest::newRow("minimal") << 1 << 1 << 1 << 1 << 0 << 0 << 0 << 0 << 0;
    QTest::newRow("wide") << 2 << 3 << 30 << 5 << 3 << 12 << 9 << 3 << 2;
    QTest::newRow("no tenants") << 0 << 1 << 1 << 1 << 1 << 1 << 1 << 1 << 1;
}

void TestScenario::generatorCounts()
{
    QFETCH(int, orgs);
    QFETCH(int, vdcs);
    QFETCH(int, vapps);
    QFETCH(int, vms);
    QFETCH(int, catalogs);
    QFETCH(int, templates);
    QFETCH(int, media);
    QFETCH(int, networks);
    QFETCH(int, edges);
    GeneratorParams p;
    p.orgs = orgs;
    p.vdcsPerOrg = vdcs;
    p.vappsPerVdc = vapps;
    p.vmsPerVapp = vms;
    p.catalogsPerOrg = catalogs;
    p.templatesPerCatalog = templates;
    p.mediaPerCatalog = media;
    p.networksPerVdc = networks;
    p.edgesPerVdc = edges;
    Cloud c;
    Scenario::generate(c, p);

    QCOMPARE(c.orgs.size(), 1 + orgs);
    QCOMPARE(c.users.size(), 1 + 2 * orgs);
    QCOMPARE(c.vdcs.size(), orgs * vdcs);
    QCOMPARE(c.vapps.size(), orgs * vdcs * vapps);
    QCOMPARE(c.vms.size(), orgs * vdcs * vapps * vms);
    QCOMPARE(c.catalogs.size(), orgs * catalogs);
    QCOMPARE(c.templates.size(), orgs * catalogs * templates);
    QCOMPARE(c.media.size(), orgs * catalogs * media);
    QCOMPARE(c.catalogItems.size(), orgs * catalogs * (templates + media));
    QCOMPARE(c.networks.size(), orgs * vdcs * networks);
    QCOMPARE(c.edges.size(), orgs * vdcs * edges);
    for (const VApp *a : c.vapps.rows())
        QCOMPARE(a->vmIds.size(), vms);
    for (const Catalog *cat : c.catalogs.rows())
        QCOMPARE(cat->itemIds.size(), templates + media);
}

void TestScenario::generatorNamesStayUniqueBeyondNameTables()
{
    GeneratorParams p;
    p.orgs = 30;        // more than the org name table holds
    p.vappsPerVdc = 50; // more than the vApp role table holds
    p.vmsPerVapp = 1;
    p.catalogsPerOrg = 5;
    p.templatesPerCatalog = 12;
    p.mediaPerCatalog = 9;
    p.networksPerVdc = 0;
    p.edgesPerVdc = 0;
    Cloud c;
    Scenario::generate(c, p);
    QSet<QString> orgNames;
    for (const Org *o : c.orgs.rows()) {
        QVERIFY2(!orgNames.contains(o->name.toLower()), qPrintable(o->name));
        orgNames.insert(o->name.toLower());
        QVERIFY(!o->fullName.isEmpty());
    }
    QVERIFY(c.orgByName(u"acme-corp"_s));
    for (const Vdc *v : c.vdcs.rows()) {
        QSet<QString> names;
        for (const VApp *a : c.vappsOf(v->id)) {
            QVERIFY2(!names.contains(a->name), qPrintable(a->name));
            names.insert(a->name);
        }
        QCOMPARE(names.size(), 50);
    }
    for (const Catalog *cat : c.catalogs.rows()) {
        QSet<QString> names;
        for (const QString &itemId : cat->itemIds) {
            const CatalogItem *item = c.catalogItems.find(itemId);
            QVERIFY(item);
            QVERIFY2(!names.contains(item->name), qPrintable(item->name));
            names.insert(item->name);
        }
    }
    // No network: a VM still has one NIC, not connected.
    const Vm *vm = c.vms.rows().front();
    QCOMPARE(vm->nics.size(), 1);
    QCOMPARE(vm->nics.front().networkName, u"none"_s);
    QVERIFY(!vm->nics.front().connected);
    QVERIFY(vm->nics.front().ipAddress.isEmpty());
}

void TestScenario::generatorShapes()
{
    Cloud c;
    Scenario::generate(c, smallParams());

    const Org *system = c.systemOrg();
    QVERIFY(system);
    QCOMPARE(system->name, u"System"_s);
    QVERIFY(c.vdcsOf(system->id).isEmpty());
    const User *admin = c.userByName(system->id, u"administrator"_s);
    QVERIFY(admin);
    QCOMPARE(admin->role, Role::SystemAdministrator);

    static const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]{32,}$"_s);
    QSet<QString> tokens;
    for (const User *u : c.users.rows()) {
        QCOMPARE(u->password, u"demo"_s);
        QVERIFY2(urlSafe.match(u->apiToken).hasMatch(), qPrintable(u->apiToken));
        QVERIFY(!tokens.contains(u->apiToken));
        tokens.insert(u->apiToken);
        QVERIFY(!u->fullName.isEmpty());
    }

    const auto tenants = tenantOrgs(c);
    QCOMPARE(tenants.size(), 3);
    for (const Org *o : tenants) {
        QCOMPARE(c.userByName(o->id, u"orgadmin"_s)->role, Role::OrgAdministrator);
        QCOMPARE(c.userByName(o->id, u"vappuser"_s)->role, Role::VAppUser);
        const auto vdcs = c.vdcsOf(o->id);
        QVERIFY(!vdcs.isEmpty());
        for (const Vdc *v : vdcs) {
            QVERIFY(!c.vappsOf(v->id).isEmpty());
            QVERIFY(!v->providerVdcName.isEmpty());
            QVERIFY(!v->storageProfileId.isEmpty());
            QVERIFY(v->storageLimitMb > 0);
            QVERIFY(v->cpuLimitMhz > 0);
            QVERIFY(v->memoryLimitMb >= v->memoryAllocatedMb);
            QVERIFY(v->memoryAllocatedMb >= v->memoryReservedMb);
        }
    }

    static const QRegularExpression mac(u"^00:50:56(:[0-9a-f]{2}){3}$"_s);
    QSet<QString> macs;
    quint64 lastSeq = 0;
    for (const VApp *a : c.vapps.rows()) {
        QVERIFY(a->seq > lastSeq);
        lastSeq = a->seq;
        QVERIFY(a->created.isValid());
        QCOMPARE(a->created.timeSpec(), Qt::UTC);
        QVERIFY(c.users.find(a->ownerUserId));
        QCOMPARE(a->status, c.vappStatus(*a));
        bool anyDeployed = false;
        for (const Vm *vm : c.vmsOf(*a)) {
            QCOMPARE(vm->vappId, a->id);
            QCOMPARE(vm->vdcId, a->vdcId);
            QVERIFY(vm->seq > a->seq);
            QVERIFY(vm->created > a->created);
            QCOMPARE(vm->deployed, vm->status == Status::PoweredOn || vm->status == Status::Suspended);
            anyDeployed = anyDeployed || vm->deployed;
            QVERIFY(vm->disks.size() >= 1 && vm->disks.size() <= 3);
            QVERIFY(vm->nics.size() >= 1 && vm->nics.size() <= 2);
            for (const Nic &nic : vm->nics) {
                QVERIFY2(mac.match(nic.macAddress).hasMatch(), qPrintable(nic.macAddress));
                QVERIFY(!macs.contains(nic.macAddress));
                macs.insert(nic.macAddress);
                QVERIFY(a->networkNames.contains(nic.networkName));
            }
            QVERIFY(!vm->computerName.isEmpty());
            QVERIFY(vm->localId >= 1);
            QVERIFY(!vm->osType.isEmpty() && !vm->guestOs.isEmpty());
            QVERIFY(!vm->toolsVersion.isEmpty());
            if (vm->status != Status::PoweredOn)
                QCOMPARE(vm->toolsStatus, u"toolsNotRunning"_s);
        }
        QCOMPARE(a->deployed, anyDeployed);
    }
    for (const Network *n : c.networks.rows()) {
        if (n->fenceMode == u"natRouted")
            QVERIFY(c.edges.find(n->edgeGatewayId));
        else
            QCOMPARE(n->fenceMode, u"isolated"_s);
    }
    for (const VAppTemplate *t : c.templates.rows()) {
        QVERIFY(!t->vms.isEmpty());
        const CatalogItem *item = c.catalogItems.find(t->catalogItemId);
        QVERIFY(item);
        QCOMPARE(item->entityKind, Kind::VAppTemplate);
        QCOMPARE(item->entityId, t->id);
    }
    for (const Media *m : c.media.rows()) {
        QCOMPARE(m->imageType, u"iso"_s);
        QVERIFY(m->sizeBytes > 0);
        QCOMPARE(c.catalogItems.find(m->catalogItemId)->entityId, m->id);
    }
}

void TestScenario::generatorPowerMix()
{
    GeneratorParams p;
    p.orgs = 4;
    p.vdcsPerOrg = 2;
    p.vappsPerVdc = 25;
    p.vmsPerVapp = 3;
    Cloud c;
    Scenario::generate(c, p);
    const int on = countVmsWithStatus(c, Status::PoweredOn);
    const int off = countVmsWithStatus(c, Status::PoweredOff);
    const int suspended = countVmsWithStatus(c, Status::Suspended);
    QCOMPARE(on + off + suspended, int(c.vms.size()));
    QVERIFY(on > c.vms.size() / 2);
    QVERIFY(off > 0);
    QVERIFY(suspended > 0);
    QVERIFY(suspended < off);

    int withSnapshot = 0;
    int withMetadata = 0;
    bool systemReadOnly = false;
    QSet<int> types;
    QSet<QString> guestOs;
    for (const Vm *vm : c.vms.rows()) {
        withSnapshot += vm->snapshot ? 1 : 0;
        withMetadata += vm->metadata.isEmpty() ? 0 : 1;
        guestOs.insert(vm->guestOs);
    }
    for (const VApp *a : c.vapps.rows()) {
        for (const MetadataEntry &m : a->metadata) {
            types.insert(int(m.type));
            systemReadOnly = systemReadOnly || (m.domain == u"SYSTEM" && m.visibility == u"READONLY");
        }
    }
    QVERIFY(withSnapshot > 0 && withSnapshot < c.vms.size() / 2);
    QVERIFY(withMetadata > 0 && withMetadata < c.vms.size() / 2);
    QCOMPARE(types.size(), 4);
    QVERIFY(systemReadOnly);
    QVERIFY2(guestOs.size() >= 5, qPrintable(QStringList(guestOs.values()).join(u", ")));
}

void TestScenario::demoIsDeterministic()
{
    Cloud a;
    Cloud b;
    Scenario::demo(a);
    Scenario::demo(b);
    QCOMPARE(Scenario::toJson(a), Scenario::toJson(b));
    QCOMPARE(a.seed, Scenario::demoSeed);
}

void TestScenario::demoProperties()
{
    Cloud c;
    Scenario::demo(c);

    const auto tenants = tenantOrgs(c);
    QVERIFY(tenants.size() >= 3 && tenants.size() <= 5);
    QVERIFY(c.orgByName(u"acme-corp"_s));
    QCOMPARE(c.orgByName(u"acme-corp"_s)->fullName, u"Acme Corporation"_s);
    QVERIFY(c.vms.size() >= 50 && c.vms.size() <= 70);
    QVERIFY(countVmsWithStatus(c, Status::PoweredOn) > c.vms.size() / 2);
    QVERIFY(countVmsWithStatus(c, Status::PoweredOff) >= 1);
    QVERIFY(countVmsWithStatus(c, Status::Suspended) >= 1);

    QSet<qsizetype> vdcCounts;
    for (const Org *o : tenants) {
        const auto vdcs = c.vdcsOf(o->id);
        QVERIFY(!vdcs.isEmpty() && vdcs.size() <= 2);
        vdcCounts.insert(vdcs.size());
        for (const Vdc *v : vdcs)
            QVERIFY2(!c.vappsOf(v->id).isEmpty(), qPrintable(v->name));
        for (const QString &name : {u"orgadmin"_s, u"vappuser"_s}) {
            const User *u = c.userByName(o->id, name);
            QVERIFY(u);
            QCOMPARE(u->password, u"demo"_s);
            QVERIFY(u->apiToken.size() >= 32);
        }
    }
    QCOMPARE(vdcCounts.size(), 2); // orgs with one and with two VDCs
    QVERIFY(c.vdcsOf(c.systemOrg()->id).isEmpty());
    QCOMPARE(c.userByName(c.systemOrg()->id, u"administrator"_s)->password, u"demo"_s);

    QSet<QString> vappNames;
    for (const VApp *a : c.vapps.rows())
        vappNames.insert(a->name);
    for (const QString &name : {u"web-frontend"_s, u"db-cluster"_s, u"k8s-workers"_s, u"jump-host"_s})
        QVERIFY2(vappNames.contains(name), qPrintable(name));
    bool mixed = false;
    for (const VApp *a : c.vapps.rows())
        mixed = mixed || c.vappStatus(*a) == Status::Mixed;
    QVERIFY(mixed);

    QSet<QString> templateNames;
    for (const VAppTemplate *t : c.templates.rows())
        templateNames.insert(t->name);
    QVERIFY(templateNames.contains(u"Ubuntu 22.04 LTS"_s));
    QVERIFY(templateNames.contains(u"Windows Server 2022 Std"_s));
    QVERIFY(!c.media.rows().empty());
    QVERIFY(c.media.rows().front()->name.endsWith(u".iso"_s));

    bool windows = false;
    for (const Vm *vm : c.vms.rows()) {
        if (vm->osType.startsWith(u"windows"_s)) {
            windows = true;
            QVERIFY(vm->computerName.size() <= 15);
        }
    }
    QVERIFY(windows);
    bool routed = false;
    bool isolated = false;
    for (const Network *n : c.networks.rows()) {
        routed = routed || (n->fenceMode == u"natRouted" && c.edges.find(n->edgeGatewayId));
        isolated = isolated || n->fenceMode == u"isolated";
    }
    QVERIFY(routed && isolated);
    int vappsWithMetadata = 0;
    for (const VApp *a : c.vapps.rows())
        vappsWithMetadata += a->metadata.isEmpty() ? 0 : 1;
    QVERIFY(vappsWithMetadata >= 3);
}

void TestScenario::demoTasks()
{
    Cloud c;
    Scenario::demo(c);

    QList<const Task *> running;
    QList<const Task *> failed;
    int succeeded = 0;
    for (const Task *t : c.tasks.rows()) {
        QCOMPARE(t->name, u"task"_s);
        QVERIFY(c.orgs.find(t->orgId));
        QVERIFY(c.users.find(t->userId));
        QVERIFY(t->startTime.isValid());
        QVERIFY(t->expiryTime > t->startTime);
        // "Starting Virtual Application web-frontend(<uuid>)"
        QVERIFY2(t->operation.endsWith(t->ownerName + u'(' + t->ownerId + u')'), qPrintable(t->operation));
        if (t->status == u"running")
            running.append(t);
        else if (t->status == u"error")
            failed.append(t);
        else if (t->status == u"success")
            ++succeeded;
        if (t->isFinished()) {
            QVERIFY(t->endTime > t->startTime);
            QVERIFY(!t->cancellable);
        }
    }
    QVERIFY(succeeded >= 2);

    QCOMPARE(running.size(), 1);
    const Task *busy = running.front();
    QCOMPARE(busy->operationName, u"vappDeploy"_s);
    QVERIFY(busy->progress > 0 && busy->progress < 100);
    QVERIFY(busy->cancellable);
    QVERIFY(busy->durationMs >= 5 * 60 * 1000);
    QVERIFY(!busy->endTime.isValid());
    const VApp *locked = c.vapps.find(busy->lockedVAppId);
    QVERIFY(locked);
    QCOMPARE(busy->ownerKind, Kind::VApp);
    QCOMPARE(busy->ownerId, locked->id);
    QCOMPARE(busy->operation, u"Starting Virtual Application "_s + locked->name + u'(' + locked->id + u')');
    QCOMPARE(c.busyTaskOf(locked->id), busy);
    QCOMPARE(busy->orgId, locked->orgId);

    QCOMPARE(failed.size(), 1);
    const Task *error = failed.front();
    QVERIFY(error->error);
    QCOMPARE(error->error->majorCode, 500);
    QCOMPARE(error->error->minorCode, u"INTERNAL_SERVER_ERROR"_s);
    QVERIFY(error->error->message.size() > 40);
    QVERIFY(error->lockedVAppId.isEmpty() || !c.busyTaskOf(error->lockedVAppId));
}

void TestScenario::roundTripIsIdentical_data()
{
    QTest::addColumn<bool>("useDemo");
    QTest::newRow("demo") << true;
    QTest::newRow("generated") << false;
}

void TestScenario::roundTripIsIdentical()
{
    QFETCH(bool, useDemo);
    Cloud original;
    if (useDemo)
        Scenario::demo(original);
    else
        Scenario::generate(original, smallParams());
    const QByteArray json = Scenario::toJson(original);

    Cloud loaded;
    QString error;
    QVERIFY2(Scenario::fromJson(loaded, json, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(Scenario::toJson(loaded), json);
    QCOMPARE(loaded.seed, original.seed);
    QCOMPARE(loaded.vms.size(), original.vms.size());
    // Row order is creation order, not hash order.
    for (qsizetype i = 0; i < original.vms.size(); ++i)
        QCOMPARE(loaded.vms.rows()[size_t(i)]->id, original.vms.rows()[size_t(i)]->id);
    // The counters came back too: the next id and seq are the ones the original would hand out.
    QCOMPARE(loaded.newUuid(), original.newUuid());
    QCOMPARE(loaded.nextSeq(), original.nextSeq());
}

void TestScenario::malformedJsonRejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    Cloud demo;
    Scenario::demo(demo);
    const QJsonObject good = QJsonDocument::fromJson(Scenario::toJson(demo)).object();
    auto edited = [&](const std::function<void(QJsonObject &)> &edit) {
        QJsonObject root = good;
        edit(root);
        return QJsonDocument(root).toJson();
    };
    auto editRow = [&](const QString &table, int row, const std::function<void(QJsonObject &)> &edit) {
        return edited([&](QJsonObject &root) {
            QJsonArray rows = root.value(table).toArray();
            QJsonObject o = rows.at(row).toObject();
            edit(o);
            rows.replace(row, o);
            root.insert(table, rows);
        });
    };

    QTest::newRow("empty") << QByteArray() << u"malformed JSON at line 1, column 1"_s;
    QTest::newRow("truncated") << QByteArray("{\n  \"orgs\": [\n") << u"malformed JSON at line 3"_s;
    QTest::newRow("array at top") << QByteArray("[1, 2]") << u"(top level): expected an object"_s;
    QTest::newRow("wrong format") << edited([](QJsonObject &r) { r.insert(u"format"_s, u"other"_s); })
                                  << u"format: expected \"vcd-sim-scenario\", found \"other\""_s;
    QTest::newRow("future version") << edited([](QJsonObject &r) { r.insert(u"version"_s, 99); })
                                    << u"version: this build reads version 1, found 99"_s;
    QTest::newRow("unknown top key") << edited([](QJsonObject &r) { r.insert(u"vappz"_s, QJsonArray()); })
                                     << u"(top level): unknown key \"vappz\""_s;
    QTest::newRow("seed as number") << edited([](QJsonObject &r) { r.insert(u"seed"_s, 5); })
                                    << u"seed: expected an unsigned 64-bit integer"_s;
    QTest::newRow("table not array") << edited([](QJsonObject &r) { r.insert(u"vms"_s, QJsonObject()); })
                                     << u"vms: expected an array of objects, found an object"_s;
    QTest::newRow("row not object") << edited([](QJsonObject &r) { r.insert(u"edges"_s, QJsonArray{1}); })
                                    << u"edges[0]: expected an object, found a number"_s;
    QTest::newRow("string for int") << editRow(u"vms"_s, 3, [](QJsonObject &o) {
        o.insert(u"cpus"_s, u"4"_s);
    }) << u"vms[3].cpus: expected an integer, found a string"_s;
    QTest::newRow("fraction for int")
        << editRow(u"vms"_s, 0, [](QJsonObject &o) { o.insert(u"memoryMb"_s, 1.5); })
        << u"vms[0].memoryMb: expected an integer, found a number"_s;
    QTest::newRow("nested") << editRow(u"vms"_s, 2, [](QJsonObject &o) {
        QJsonArray disks = o.value(u"disks"_s).toArray();
        QJsonObject d = disks.at(0).toObject();
        d.insert(u"sizeMb"_s, true);
        disks.replace(0, d);
        o.insert(u"disks"_s, disks);
    }) << u"vms[2].disks[0].sizeMb: expected an integer, found a boolean"_s;
    QTest::newRow("bad date") << editRow(u"tasks"_s, 0, [](QJsonObject &o) {
        o.insert(u"startTime"_s, u"yesterday"_s);
    }) << u"tasks[0].startTime: expected an ISO 8601 date-time"_s;
    QTest::newRow("bad enum") << editRow(u"users"_s, 0, [](QJsonObject &o) {
        o.insert(u"role"_s, u"Root"_s);
    }) << u"users[0].role: expected SystemAdministrator, OrgAdministrator or VAppUser"_s;
    QTest::newRow("unknown field") << editRow(u"orgs"_s, 1, [](QJsonObject &o) {
        o.insert(u"fulName"_s, u"x"_s);
    }) << u"orgs[1]: unknown key \"fulName\""_s;
    QTest::newRow("duplicate id") << edited([](QJsonObject &r) {
        QJsonArray rows = r.value(u"orgs"_s).toArray();
        rows.append(rows.at(1));
        r.insert(u"orgs"_s, rows);
    }) << u"orgs[5].id: duplicate id"_s;
    QTest::newRow("empty id") << editRow(u"networks"_s, 0, [](QJsonObject &o) { o.insert(u"id"_s, u""_s); })
                              << u"networks[0].id: must not be empty"_s;
    QTest::newRow("dangling vApp") << editRow(u"vms"_s, 4, [](QJsonObject &o) {
        o.insert(u"vappId"_s, u"nope"_s);
    }) << u"vms[4].vappId: no such entity: nope"_s;
    QTest::newRow("dangling child") << editRow(u"vapps"_s, 0, [](QJsonObject &o) {
        o.insert(u"vmIds"_s, QJsonArray{u"ghost"_s});
    }) << u"vapps[0].vmIds: no such VM: ghost"_s;
    QTest::newRow("optional not object")
        << editRow(u"vms"_s, 0, [](QJsonObject &o) { o.insert(u"snapshot"_s, u"yes"_s); })
        << u"vms[0].snapshot: expected an object or null, found a string"_s;
}

void TestScenario::malformedJsonRejected()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);

    Cloud c;
    Scenario::generate(c, smallParams());
    const QByteArray before = Scenario::toJson(c);
    QString error;
    QVERIFY(!Scenario::fromJson(c, json, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(u"got: "_s + error));
    QCOMPARE(Scenario::toJson(c), before); // untouched
    // A null error pointer is allowed.
    QVERIFY(!Scenario::fromJson(c, json, nullptr));
}

void TestScenario::shortHandWrittenFileLoads()
{
    // Absent fields keep their defaults and absent tables are empty; seq continues after the highest.
    const QByteArray json = R"({
        "format": "vcd-sim-scenario", "version": 1, "seed": "42",
        "orgs": [ {"id": "o1", "seq": 5, "name": "tiny", "fullName": "Tiny Ltd."} ],
        "users": [ {"id": "u1", "seq": 6, "name": "orgadmin", "orgId": "o1", "role": "OrgAdministrator",
                    "password": "demo"} ]
    })";
    Cloud c;
    QString error;
    QVERIFY2(Scenario::fromJson(c, json, &error), qPrintable(error));
    QCOMPARE(c.seed, quint64(42));
    QCOMPARE(c.orgs.size(), 1);
    QVERIFY(c.orgs.find(u"o1"_s)->enabled);
    QCOMPARE(c.userByName(u"o1"_s, u"OrgAdmin"_s)->role, Role::OrgAdministrator);
    QCOMPARE(c.vms.size(), 0);
    QCOMPARE(c.nextSeq(), quint64(7));
}

void TestScenario::nicIpsUniquePerNetworkAndInRange_data()
{
    QTest::addColumn<bool>("useDemo");
    QTest::newRow("demo") << true;
    QTest::newRow("generated") << false;
}

void TestScenario::nicIpsUniquePerNetworkAndInRange()
{
    QFETCH(bool, useDemo);
    Cloud c;
    if (useDemo) {
        Scenario::demo(c);
    } else {
        GeneratorParams p = smallParams();
        p.vappsPerVdc = 120; // more NICs than a /24 pool holds: the generator must widen the network
        Scenario::generate(c, p);
    }
    QHash<QString, QSet<QString>> ipsByNetwork;
    int nicsWithIp = 0;
    for (const Vm *vm : c.vms.rows()) {
        for (const Nic &nic : vm->nics) {
            if (nic.ipAddress.isEmpty())
                continue;
            ++nicsWithIp;
            const Network *net = nullptr;
            for (const Network *n : c.networks.rows())
                if (n->vdcId == vm->vdcId && n->name == nic.networkName)
                    net = n;
            QVERIFY2(net, qPrintable(nic.networkName));
            QVERIFY2(!ipsByNetwork[net->id].contains(nic.ipAddress), qPrintable(nic.ipAddress));
            ipsByNetwork[net->id].insert(nic.ipAddress);
            const quint32 ip = ipValue(nic.ipAddress);
            QVERIFY2(ip >= ipValue(net->rangeStart) && ip <= ipValue(net->rangeEnd),
                     qPrintable(nic.ipAddress + u" not in "_s + net->rangeStart + u'-' + net->rangeEnd));
            const quint32 mask = ipValue(net->netmask);
            QCOMPARE(ip & mask, ipValue(net->gateway) & mask);
        }
    }
    QVERIFY(nicsWithIp >= c.vms.size());
    // Networks of different VDCs do not overlap.
    QSet<quint32> subnets;
    for (const Network *n : c.networks.rows()) {
        const quint32 subnet = ipValue(n->gateway) & ipValue(n->netmask);
        QVERIFY2(!subnets.contains(subnet), qPrintable(n->name));
        subnets.insert(subnet);
    }
}

void TestScenario::idsAndHrefsUnique_data()
{
    QTest::addColumn<bool>("useDemo");
    QTest::newRow("demo") << true;
    QTest::newRow("generated") << false;
}

void TestScenario::idsAndHrefsUnique()
{
    QFETCH(bool, useDemo);
    Cloud c;
    if (useDemo)
        Scenario::demo(c);
    else
        Scenario::generate(c, smallParams());
    static const QRegularExpression uuid(
        u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
    QSet<QString> ids;
    QSet<QString> hrefs;
    const auto uses = allIds(c);
    for (const IdUse &use : uses) {
        QVERIFY2(uuid.match(use.id).hasMatch(), qPrintable(use.id));
        QVERIFY2(!ids.contains(use.id), qPrintable(use.id));
        ids.insert(use.id);
        QVERIFY(!hrefs.contains(use.href));
        hrefs.insert(use.href);
    }
    QVERIFY(uses.size() > c.vms.size());
    // Tokens are unique too (they are credentials).
    QSet<QString> tokens;
    for (const User *u : c.users.rows())
        tokens.insert(u->apiToken);
    QCOMPARE(tokens.size(), c.users.size());
}

void TestScenario::saveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"demo.json"_s);
    Cloud c;
    Scenario::demo(c);
    QString error;
    QVERIFY2(Scenario::save(c, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), Scenario::toJson(c));

    Cloud loaded;
    QVERIFY2(Scenario::load(loaded, path, &error), qPrintable(error));
    QCOMPARE(Scenario::toJson(loaded), Scenario::toJson(c));

    QVERIFY(!Scenario::load(loaded, dir.filePath(u"missing.json"_s), &error));
    QVERIFY2(error.contains(u"missing.json"_s), qPrintable(error));

    const QString broken = dir.filePath(u"broken.json"_s);
    QFile out(broken);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("{ \"format\": ");
    out.close();
    QVERIFY(!Scenario::load(loaded, broken, &error));
    QVERIFY2(error.startsWith(broken + u": malformed JSON"_s), qPrintable(error));
    QCOMPARE(Scenario::toJson(loaded), Scenario::toJson(c));

    QVERIFY(!Scenario::save(c, dir.filePath(u"no/such/dir/x.json"_s), &error));
    QVERIFY(error.contains(u"cannot write"_s));
}

void TestScenario::loadNamed()
{
    GeneratorParams p = smallParams();
    Cloud c;
    QString error;
    QVERIFY(Scenario::loadNamed(c, u"demo"_s, p, &error));
    Cloud demo;
    Scenario::demo(demo);
    QCOMPARE(Scenario::toJson(c), Scenario::toJson(demo));

    QVERIFY(Scenario::loadNamed(c, u"generate"_s, p, &error));
    QCOMPARE(c.vms.size(), 3 * 2 * 3 * 2);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.json"_s);
    QVERIFY(Scenario::save(demo, path, &error));
    QVERIFY(Scenario::loadNamed(c, path, p, &error));
    QCOMPARE(Scenario::toJson(c), Scenario::toJson(demo));

    QVERIFY(!Scenario::loadNamed(c, u"demoo"_s, p, &error));
    QVERIFY2(error.contains(u"\"demo\", \"generate\""_s), qPrintable(error));
}

void TestScenario::generatorFlagsImplyGenerate()
{
    QString error;
    // Nothing said: the demo. Generator flags alone: they mean the generator.
    QCOMPARE(Scenario::chooseScenario(std::nullopt, {}, &error).value_or(QString()), u"demo"_s);
    QCOMPARE(Scenario::chooseScenario(std::nullopt, {u"orgs"_s}, &error).value_or(QString()), u"generate"_s);
    QCOMPARE(Scenario::chooseScenario(u"generate"_s, {u"orgs"_s, u"seed"_s}, &error).value_or(QString()),
             u"generate"_s);
    QCOMPARE(Scenario::chooseScenario(u"cloud.json"_s, {}, &error).value_or(QString()), u"cloud.json"_s);
    QVERIFY(error.isEmpty());
    // With the demo or a file they would be ignored: an error that names them.
    QVERIFY(!Scenario::chooseScenario(u"demo"_s, {u"orgs"_s, u"vdcs-per-org"_s}, &error));
    QVERIFY2(error.contains(u"--orgs, --vdcs-per-org"_s) && error.contains(u"--scenario generate"_s),
             qPrintable(error));
    error.clear();
    QVERIFY(!Scenario::chooseScenario(u"cloud.json"_s, {u"seed"_s}, &error));
    QVERIFY(error.contains(u"cloud.json"_s));
}

void TestScenario::vcdSimCommandLineScenario()
{
    // The built vcd-sim: generator flags without --scenario generate the cloud they describe;
    // next to --scenario demo they fail with exit code 2 and the reason on stderr.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"cloud.json"_s);
    auto run = [](const QStringList &args, QByteArray *err) {
        QProcess p;
        p.start(QString::fromUtf8(VCD_SIM_EXECUTABLE), args);
        if (!p.waitForFinished(60000))
            return -1;
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QByteArray err;
    QCOMPARE(run({u"--orgs"_s, u"3"_s, u"--vdcs-per-org"_s, u"2"_s, u"--vapps-per-vdc"_s, u"1"_s,
                  u"--vms-per-vapp"_s, u"1"_s, u"--save-scenario"_s, file},
                 &err),
             0);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    Cloud cloud;
    QString loadError;
    QVERIFY2(Scenario::load(cloud, file, &loadError), qPrintable(loadError));
    QCOMPARE(cloud.orgs.size(), 4); // three tenant orgs and System: the generator ran
    QCOMPARE(cloud.vdcs.size(), 6);

    QCOMPARE(run({u"--scenario"_s, u"demo"_s, u"--orgs"_s, u"20"_s, u"--save-scenario"_s, file}, &err), 2);
    QVERIFY2(err.contains("--orgs only apply to --scenario generate"), err.constData());
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
