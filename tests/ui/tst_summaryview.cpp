// SummaryView over a real InventoryModel against the simulator's demo cloud, with a few entities
// given known values first: a VM's CPUs, memory, disks, NICs, guest OS, tools, snapshot and console;
// a vApp's VMs, networks, lease and owner; a VDC's capacity bars, quotas and storage profile bars;
// a connection's URL, org and user; an org's counts; a failed load and a body still being read.

#include "common/simfixture.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "sim/cloud.h"
#include "ui/inventory/capacitybar.h"
#include "ui/inventory/summaryview.h"

#include <QGroupBox>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

bool done(const QModelIndex &index)
{
    const auto s = LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == LoadState::Loaded || s == LoadState::Empty || s == LoadState::Failed;
}

QModelIndex childNamed(const QAbstractItemModel *model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model->rowCount(parent); ++r)
        if (model->index(r, 0, parent).data().toString() == name)
            return model->index(r, 0, parent);
    return {};
}

QStringList barTexts(const SummaryView &view)
{
    QStringList out;
    for (const CapacityBar *b : view.findChildren<CapacityBar *>())
        out << b->text();
    return out;
}

} // namespace

class TestSummaryView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void vmComputeDisksNicsToolsSnapshotConsole();
    void vmFromItsRecordWhileTheBodyIsRead();
    void poweredOffVmHasNoConsole();
    void vappVmsNetworksLeaseOwner();
    void vdcCapacityQuotasAndStorageProfiles();
    void connectionAndOrg();
    void failedLoadIsShown();
    void rebuiltOnlyWhenWhatItShowsChanged();

private:
    QModelIndex load(const QModelIndex &parent, const QString &name);
    bool readDetails(const QModelIndex &index);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<Session> m_session;
    InventoryModel m_model;
    QModelIndex m_org;
    QModelIndex m_vdc;
    QModelIndex m_vapp;
    QString m_vmName;
    QString m_offVmName;
    QString m_owner;
};

void TestSummaryView::initTestCase()
{
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    // Known values for one VM, its vApp and its VDC.
    m_sim->withCloud([this](sim::Cloud &c) {
        QString vdcId;
        for (sim::Vdc *d : c.vdcs.rows())
            if (d->name == u"acme-prod-vdc") {
                d->vmQuota = 50;
                d->networkQuota = 20;
                d->vCpuInMhz = 2400;
                vdcId = d->id;
            }
        for (sim::VApp *a : c.vapps.rows()) {
            if (a->name != u"web-frontend" || a->vdcId != vdcId)
                continue;
            a->leaseSeconds = 7 * 86400;
            if (const sim::User *u = c.users.find(a->ownerUserId))
                m_owner = u->name;
            sim::Vm *vm = c.vms.find(a->vmIds.first());
            m_vmName = vm->name;
            vm->status = sim::Status::PoweredOn;
            vm->cpus = 4;
            vm->coresPerSocket = 2;
            vm->memoryMb = 6144;
            vm->guestOs = u"Test OS (64-bit)"_s;
            vm->computerName = u"web-test"_s;
            vm->toolsStatus = u"toolsOld"_s;
            vm->toolsVersion = u"11333"_s;
            vm->hardwareVersion = u"vmx-21"_s;
            sim::Disk d1;
            d1.instanceId = 2000;
            d1.sizeMb = 20480;
            sim::Disk d2;
            d2.instanceId = 2001;
            d2.sizeMb = 1024 * 1024;
            vm->disks = {d1, d2};
            QList<sim::Nic> nics;
            sim::Nic n0 = vm->nics.isEmpty() ? sim::Nic{} : vm->nics.first();
            n0.index = 0;
            n0.ipAddress = u"10.10.0.77"_s;
            n0.connected = true;
            sim::Nic n1 = n0;
            n1.index = 1;
            n1.ipAddress.clear();
            n1.networkName.clear();
            n1.connected = false;
            n1.allocationMode = u"NONE"_s;
            n1.macAddress = u"00:50:56:01:02:03"_s;
            vm->nics = {n0, n1};
            sim::Snapshot s;
            s.created = QDateTime(QDate(2026, 3, 4), QTime(10, 30), Qt::UTC);
            s.sizeBytes = 2LL * 1024 * 1024 * 1024;
            vm->snapshot = s;
            sim::Vm *off = c.vms.find(a->vmIds.last());
            off->status = sim::Status::PoweredOff;
            off->snapshot.reset();
            m_offVmName = off->name;
        }
    });
    QVERIFY(!m_vmName.isEmpty() && !m_offVmName.isEmpty() && m_vmName != m_offVmName);
    m_session = test::logIn(*m_sim, u"orgadmin"_s, u"acme-corp"_s);
    QVERIFY(m_session);
    const QModelIndex conn = m_model.addConnection(m_session.get(), u"acme"_s);
    m_org = load(conn, u"acme-corp"_s);
    QVERIFY(m_org.isValid());
    m_vdc = load(m_org, u"acme-prod-vdc"_s);
    QVERIFY(m_vdc.isValid());
    m_vapp = load(m_vdc, u"web-frontend"_s);
    QVERIFY(m_vapp.isValid());
    QVERIFY(load(m_vapp, m_vmName).isValid());
}

void TestSummaryView::cleanupTestCase()
{
    m_session.reset();
    m_sim.reset();
}

QModelIndex TestSummaryView::load(const QModelIndex &parent, const QString &name)
{
    if (m_model.canFetchMore(parent))
        m_model.fetchMore(parent);
    if (!QTest::qWaitFor([&] { return done(parent); }, kWaitMs))
        return {};
    return childNamed(&m_model, parent, name);
}

bool TestSummaryView::readDetails(const QModelIndex &index)
{
    m_model.loadDetails(index);
    return QTest::qWaitFor(
        [&] { return LoadState(index.data(InventoryModel::DetailsStateRole).toInt()) == LoadState::Loaded; },
        kWaitMs);
}

void TestSummaryView::vmComputeDisksNicsToolsSnapshotConsole()
{
    const QModelIndex vm = childNamed(&m_model, m_vapp, m_vmName);
    QVERIFY(readDetails(vm));
    SummaryView view(&m_model);
    view.setCurrent(vm);
    QCOMPARE(view.groupTitles(), (QStringList{u"General"_s, u"Compute"_s, u"Disks (2)"_s,
                                              u"Network adapters (2)"_s, u"Snapshot and console"_s}));
    QCOMPARE(view.field(u"Name"_s), m_vmName);
    QCOMPARE(view.field(u"Status"_s), u"Powered on"_s);
    QCOMPARE(view.field(u"Guest OS"_s), u"Test OS (64-bit)"_s);
    QCOMPARE(view.field(u"Computer name"_s), u"web-test"_s);
    // A tenant's VM body and record carry the tools' version only.
    QCOMPARE(view.field(u"VMware Tools"_s), u"version 11333"_s);
    QCOMPARE(view.field(u"Hardware version"_s), u"vmx-21"_s);
    QCOMPARE(view.field(u"CPUs"_s), u"4 (2 cores per socket)"_s);
    QCOMPARE(view.field(u"Memory"_s), u"6 GB"_s);
    // Names a user knows: never the API's own words.
    for (const QString &label : view.labels())
        QVERIFY2(!label.contains(u"is"_s + u"Local"_s) && !label.contains(u'_'), qPrintable(label));

    // Disks with their size in units people read and their bus.
    QStringList disks;
    for (const QString &label : view.labels())
        if (view.field(label).contains(u" · SCSI"_s) || view.field(label).endsWith(u"B"_s))
            disks << view.field(label);
    QVERIFY2(disks.filter(u"20 GB"_s).size() == 1 && disks.filter(u"1 TB"_s).size() == 1,
             qPrintable(disks.join(u" | "_s)));

    // NICs: the primary one with its IP and network, the other said to have none.
    const QString primary = view.field(u"NIC 0 (primary)"_s);
    QVERIFY2(primary.startsWith(u"10.10.0.77 · on "_s), qPrintable(primary));
    const QString second = view.field(u"NIC 1"_s);
    QVERIFY2(second.startsWith(u"no IP · not connected to a network"_s), qPrintable(second));
    QVERIFY2(second.contains(u"00:50:56:01:02:03"_s) && second.endsWith(u"disconnected"_s),
             qPrintable(second));

    const QString snapshot = view.field(u"Snapshot"_s);
    QVERIFY2(snapshot.startsWith(u"taken "_s) && snapshot.contains(u"GB"_s) && snapshot.contains(u"26"_s),
             qPrintable(snapshot));
    QCOMPARE(view.field(u"Console"_s), u"available (Actions › Open console)"_s);

    // Where the record says how the tools run (an admin's query), that in words, with the version.
    InventoryNode *node = m_model.nodeFromIndex(vm);
    const QueryRecord record = node->record;
    node->record.attributes.append({u"vmToolsStatus"_s, u"toolsOld"_s});
    view.setCurrent(vm);
    QCOMPARE(view.field(u"VMware Tools"_s), u"running, out of date (version 11333)"_s);
    node->record.attributes.last().second = u"toolsNotInstalled"_s;
    node->record.attributes.append({u"x"_s, u"y"_s}); // a change the view notices
    view.setCurrent(vm);
    QCOMPARE(view.field(u"VMware Tools"_s), u"not installed"_s);
    node->record = record;
}

void TestSummaryView::vmFromItsRecordWhileTheBodyIsRead()
{
    // A VM nobody selected yet: what its query record says, and that the body is being read.
    const QModelIndex vapp = childNamed(&m_model, m_vdc, u"db-cluster"_s);
    QVERIFY(vapp.isValid());
    load(vapp, QString());
    QVERIFY(m_model.rowCount(vapp) > 0);
    const QModelIndex vm = m_model.index(0, 0, vapp);
    SummaryView view(&m_model);
    view.setCurrent(vm);
    QCOMPARE(view.field(u"Name"_s), vm.data().toString());
    QVERIFY(!view.field(u"Guest OS"_s).isEmpty());
    QCOMPARE(view.field(u"CPUs"_s), u"4"_s);
    QCOMPARE(view.field(u"Memory"_s), u"16 GB"_s);
    QVERIFY(!view.groupTitles().contains(u"Snapshot and console"_s));

    m_model.loadDetails(vm);
    view.setCurrent(vm);
    QVERIFY(view.groupTitles().contains(u"Details"_s));
    QCOMPARE(view.field(u"Reading"_s), u"reading the entity from the server…"_s);
    QTRY_COMPARE_WITH_TIMEOUT(LoadState(vm.data(InventoryModel::DetailsStateRole).toInt()), LoadState::Loaded,
                              kWaitMs);
    view.setCurrent(vm);
    QVERIFY(!view.groupTitles().contains(u"Details"_s));
    QVERIFY(view.groupTitles().contains(u"Snapshot and console"_s));
}

void TestSummaryView::poweredOffVmHasNoConsole()
{
    const QModelIndex vm = childNamed(&m_model, m_vapp, m_offVmName);
    QVERIFY(readDetails(vm));
    SummaryView view(&m_model);
    view.setCurrent(vm);
    QCOMPARE(view.field(u"Status"_s), u"Powered off"_s);
    QCOMPARE(view.field(u"Console"_s), u"only while the VM is powered on"_s);
    QCOMPARE(view.field(u"Snapshot"_s), u"none"_s);
}

void TestSummaryView::vappVmsNetworksLeaseOwner()
{
    QVERIFY(readDetails(m_vapp));
    SummaryView view(&m_model);
    view.setCurrent(m_vapp);
    const QStringList groups = view.groupTitles();
    QCOMPARE(groups.first(), u"General"_s);
    QVERIFY2(groups.contains(u"Lease"_s) && groups.contains(u"VMs (3)"_s) && groups.contains(u"Networks"_s) &&
                 groups.contains(u"Snapshot"_s),
             qPrintable(groups.join(u", "_s)));
    QCOMPARE(view.field(u"Name"_s), u"web-frontend"_s);
    QCOMPARE(view.field(u"Owner"_s), m_owner);
    QVERIFY(!m_owner.isEmpty());
    QCOMPARE(view.field(u"Deployed"_s), u"yes"_s);
    QCOMPARE(view.field(u"Runtime lease"_s), u"7 day(s)"_s);
    QCOMPARE(view.field(u"Storage lease"_s), u"never expires"_s);
    QCOMPARE(view.field(u"Description"_s), u"Public web shop front end behind the edge load balancer"_s);
    // Each VM on a line of its own: its state in words, its IPs, its guest OS.
    const QString vm = view.field(m_vmName);
    QVERIFY2(vm.startsWith(u"Powered on · 10.10.0.77"_s) && vm.endsWith(u"Test OS (64-bit)"_s),
             qPrintable(vm));
    QVERIFY2(view.field(m_offVmName).startsWith(u"Powered off"_s), qPrintable(view.field(m_offVmName)));
    // The vApp's network, said as how it connects to what.
    bool network = false;
    for (const QString &label : view.labels())
        network = network || view.field(label).contains(u" to acme-web-net"_s);
    QVERIFY2(network, qPrintable(view.labels().join(u", "_s)));
}

void TestSummaryView::vdcCapacityQuotasAndStorageProfiles()
{
    QVERIFY(readDetails(m_vdc));
    SummaryView view(&m_model);
    view.setCurrent(m_vdc);
    QCOMPARE(view.groupTitles(),
             (QStringList{u"General"_s, u"Capacity"_s, u"Storage profiles"_s, u"Quotas"_s}));
    QCOMPARE(view.field(u"Name"_s), u"acme-prod-vdc"_s);
    QCOMPARE(view.field(u"Allocation model"_s), u"AllocationPool"_s);
    QCOMPARE(view.field(u"VMs"_s), u"50"_s);
    QCOMPARE(view.field(u"Networks"_s).right(9), u"of 20 used"_s.right(9));
    QCOMPARE(view.field(u"vCPU speed"_s), u"2.4 GHz"_s);
    const QStringList bars = barTexts(view);
    QVERIFY2(bars.size() >= 3, qPrintable(bars.join(u'\n')));
    QVERIFY2(bars.at(0).startsWith(u"CPU: "_s) && bars.at(0).contains(u"Hz used"_s), qPrintable(bars.at(0)));
    QVERIFY2(bars.at(1).startsWith(u"Memory: "_s) && bars.at(1).contains(u"B used"_s),
             qPrintable(bars.at(1)));
    QVERIFY2(bars.at(2).startsWith(u"Storage: "_s), qPrintable(bars.at(2)));
    // The bars' sentences are the view's fields too (screen readers, tests).
    QCOMPARE(view.field(u"CPU"_s), bars.at(0));
    // The storage profile is read on its own: a placeholder, then its bar.
    QTRY_VERIFY_WITH_TIMEOUT(barTexts(view).filter(u"Gold SSD"_s).size() == 1, kWaitMs);
    const QString gold = barTexts(view).filter(u"Gold SSD"_s).first();
    QVERIFY2(gold.contains(u" used"_s) && gold.contains(u"B"_s), qPrintable(gold));
    QVERIFY(view.labels().contains(gold.section(u':', 0, 0)));
}

void TestSummaryView::connectionAndOrg()
{
    SummaryView view(&m_model);
    view.setCurrent(m_model.connectionIndex(m_session.get()));
    QCOMPARE(view.groupTitles(), QStringList{u"Connection"_s});
    QCOMPARE(view.field(u"Name"_s), u"acme"_s);
    QCOMPARE(view.field(u"URL"_s), m_sim->baseUrl().toDisplayString());
    QCOMPARE(view.field(u"Organization"_s), u"acme-corp"_s);
    QCOMPARE(view.field(u"User"_s), u"orgadmin"_s);
    QCOMPARE(view.field(u"API version"_s), m_session->apiVersion());
    QVERIFY(!view.field(u"API version"_s).isEmpty());

    view.setCurrent(m_org);
    QCOMPARE(view.groupTitles(), QStringList{u"General"_s});
    QCOMPARE(view.field(u"Name"_s), u"acme-corp"_s);
    QCOMPARE(view.field(u"Full name"_s), u"Acme Corporation"_s);
    QCOMPARE(view.field(u"VDCs"_s), u"2"_s);

    // A folder: how many rows it holds.
    const QModelIndex folder = m_model.index(0, 0, m_vdc);
    QVERIFY(m_model.nodeFromIndex(folder)->isFolder());
    load(folder, QString());
    view.setCurrent(folder);
    QCOMPARE(view.field(u"Items"_s), QString::number(m_model.rowCount(folder)));
    QVERIFY(view.field(u"Status"_s).isEmpty());

    // Nothing selected: nothing shown.
    view.setCurrent(QModelIndex());
    QVERIFY(view.groupTitles().isEmpty());
    QVERIFY(view.labels().isEmpty());
}

void TestSummaryView::failedLoadIsShown()
{
    Session offline;
    InventoryModel model;
    const QModelIndex conn = model.addConnection(&offline, u"offline"_s);
    model.fetchMore(conn);
    QTRY_VERIFY_WITH_TIMEOUT(done(conn), kWaitMs);
    SummaryView view(&model);
    view.setCurrent(conn);
    QVERIFY(view.groupTitles().contains(u"Loading its contents"_s));
    QCOMPARE(view.field(u"Error"_s), conn.data(InventoryModel::ErrorRole).toString());
    QVERIFY(!view.field(u"Error"_s).isEmpty());
}

void TestSummaryView::rebuiltOnlyWhenWhatItShowsChanged()
{
    QVERIFY(readDetails(m_vapp));
    SummaryView view(&m_model);
    view.setCurrent(m_vapp);
    const QGroupBox *first = view.findChildren<QGroupBox *>().value(0);
    QVERIFY(first);
    // The row changed for another reason (or another column of it is current): the same widgets.
    view.setCurrent(m_vapp.siblingAtColumn(InventoryModel::StatusColumn));
    QCOMPARE(view.findChildren<QGroupBox *>().value(0), first);
    QCOMPARE(view.field(u"Name"_s), u"web-frontend"_s);
    // Another entity: rebuilt, and nothing of the first remains.
    view.setCurrent(m_vdc);
    QCOMPARE(view.field(u"Name"_s), u"acme-prod-vdc"_s);
    QVERIFY(view.field(u"Runtime lease"_s).isEmpty());
    QCOMPARE(view.findChildren<QGroupBox *>().size(), view.groupTitles().size());
}

QTEST_MAIN(TestSummaryView)
#include "tst_summaryview.moc"
