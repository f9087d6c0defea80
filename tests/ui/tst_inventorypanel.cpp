// InventoryPanel against vcd-sim (in-process, port 0): the real QTreeView is expanded level by level
// (expanding calls InventoryModel::fetchMore) down to a VM, whose query attributes the details pane
// Summary must show; a connection whose session is not logged in fails visibly (status message, tooltip), is
// collapsed so that expanding retries, offers Retry in its context menu, and loads once logged in.

#include "common/simfixture.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "ui/inventory/detailstabs.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/inventory/summaryview.h"

#include <QAction>
#include <QHeaderView>
#include <QIcon>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;
using LoadState = vcd::InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

QStringList childNames(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList names;
    for (int r = 0; r < model->rowCount(parent); ++r)
        names << model->index(r, InventoryModel::NameColumn, parent).data().toString();
    return names;
}

QModelIndex childNamed(const QAbstractItemModel *model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, InventoryModel::NameColumn, parent);
        if (i.data().toString() == name)
            return i;
    }
    return QModelIndex();
}

LoadState loadState(const QModelIndex &index)
{
    return LoadState(index.data(InventoryModel::LoadStateRole).toInt());
}

bool isDone(const QModelIndex &index)
{
    const LoadState s = loadState(index);
    return s == LoadState::Loaded || s == LoadState::Empty || s == LoadState::Failed;
}

struct VmPath
{
    QString org, vdc, vapp, vm;
};

// A VM of `orgName` with its VDC and vApp names, from the simulator's own cloud.
VmPath someVm(VcdSimulator &sim, const QString &orgName)
{
    VmPath path;
    sim.withCloud([&](sim::Cloud &c) {
        QString orgId;
        for (const sim::Org *o : c.orgs.rows())
            if (o->name == orgName)
                orgId = o->id;
        for (const sim::Vm *vm : c.vms.rows()) {
            if (vm->orgId != orgId || !path.vm.isEmpty())
                continue;
            path.org = orgName;
            path.vm = vm->name;
            for (const sim::VApp *v : c.vapps.rows())
                if (v->id == vm->vappId)
                    path.vapp = v->name;
            for (const sim::Vdc *d : c.vdcs.rows())
                if (d->id == vm->vdcId)
                    path.vdc = d->name;
        }
    });
    return path;
}

} // namespace

class TestInventoryPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void browsesToAVmAndShowsItsDetails();
    void notLoggedInFailsVisiblyAndRetries();

private:
    std::unique_ptr<VcdSimulator> m_sim;
};

void TestInventoryPanel::initTestCase()
{
    m_sim = std::make_unique<VcdSimulator>(SimConfig{});
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
}

void TestInventoryPanel::cleanupTestCase()
{
    m_sim.reset();
}

void TestInventoryPanel::browsesToAVmAndShowsItsDetails()
{
    Session session;
    QVERIFY(test::logIn(session, *m_sim, u"administrator"_s, u"System"_s));
    const VmPath path = someVm(*m_sim, u"acme-corp"_s);
    QVERIFY(!path.vm.isEmpty() && !path.vapp.isEmpty() && !path.vdc.isEmpty());

    InventoryModel inventory;
    InventoryPanel window(&inventory);
    QSignalSpy messages(&window, &InventoryPanel::statusMessage);
    const QModelIndex connection = inventory.addConnection(&session, u"demo"_s);
    QVERIFY(connection.isValid());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QTreeView *view = window.view();
    // The view shows the model through the decorator and the filter; the panel speaks model indexes.
    const QAbstractItemModel *model = window.model();
    auto v = [&window](const QModelIndex &i) { return window.viewIndex(i); };
    // Sized for reading, not squeezed to the default 100 px.
    QVERIFY(view->header()->sectionSize(InventoryModel::NameColumn) >= 200);

    // Through the view, as a user's click on the expander does.
    view->expand(v(connection));
    QTRY_VERIFY_WITH_TIMEOUT(isDone(connection), kWaitMs);
    QCOMPARE(loadState(connection), LoadState::Loaded);
    QStringList orgs = childNames(model, connection);
    orgs.sort(Qt::CaseInsensitive);
    QCOMPARE(orgs, (QStringList{u"acme-corp"_s, u"globex"_s, u"initech"_s, u"northwind"_s, u"System"_s}));

    QModelIndex parent = connection;
    for (const QString &name : {path.org, path.vdc, path.vapp}) {
        const QModelIndex row = childNamed(model, parent, name);
        QVERIFY2(row.isValid(),
                 qPrintable(u"no row "_s + name + u" in "_s + childNames(model, parent).join(u", ")));
        view->expand(v(row));
        QVERIFY(view->isExpanded(v(row)));
        QTRY_VERIFY_WITH_TIMEOUT(isDone(row), kWaitMs);
        QCOMPARE(loadState(row), LoadState::Loaded);
        parent = row;
    }
    const QModelIndex vm = childNamed(model, parent, path.vm);
    QVERIFY2(vm.isValid(), qPrintable(childNames(model, parent).join(u", ")));
    QCOMPARE(vm.data(InventoryModel::KindRole).toInt(), int(InventoryNode::Kind::Vm));
    // Expanded all the way: the VM row is laid out in the view, with its kind's icon.
    view->scrollTo(v(vm));
    QVERIFY(view->visualRect(v(vm)).isValid());
    QVERIFY(!v(vm).data(Qt::DecorationRole).value<QIcon>().isNull());

    view->setCurrentIndex(v(vm).siblingAtColumn(InventoryModel::StatusColumn));
    QCOMPARE(window.currentIndex(), vm);
    // Selecting the row read the VM's own body: the Summary groups it for people.
    SummaryView *summary = window.details()->summary();
    QTRY_VERIFY_WITH_TIMEOUT(!summary->field(u"Guest OS"_s).isEmpty(), kWaitMs);
    QCOMPARE(summary->field(u"Name"_s), path.vm);
    QCOMPARE(summary->field(u"CPUs"_s).section(u' ', 0, 0),
             vm.siblingAtColumn(InventoryModel::CpusColumn).data().toString());
    QVERIFY(summary->groupTitles().contains(u"Compute"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!summary->field(u"Snapshot"_s).isEmpty(), kWaitMs); // from the VM's body
    QVERIFY(!summary->field(u"Console"_s).isEmpty());
    QVERIFY(vm.data(InventoryModel::CapabilitiesRole).toStringList().join(u' ').contains(u"power:"_s));

    // Refreshing everything keeps what the user opened and selected: the rows are merged, not
    // rebuilt, so the view's expansion and current row survive.
    const QPersistentModelIndex selected = view->currentIndex();
    QVERIFY(selected.isValid());
    QList<QPersistentModelIndex> opened;
    for (QModelIndex i = vm.parent(); i.isValid(); i = i.parent())
        opened << i;
    window.reload(connection);
    QTRY_VERIFY_WITH_TIMEOUT(window.model()->activeLoads() == 0, kWaitMs);
    QVERIFY(selected.isValid());
    QCOMPARE(QModelIndex(selected), view->currentIndex());
    for (const QPersistentModelIndex &i : std::as_const(opened)) {
        QVERIFY(i.isValid());
        QVERIFY2(view->isExpanded(v(i)), qPrintable(i.data().toString()));
    }

    // The connection row shows the session instead.
    window.setCurrentIndex(connection);
    QCOMPARE(summary->field(u"User"_s), u"administrator"_s);
    QCOMPARE(summary->field(u"API version"_s), session.apiVersion());
    QCOMPARE(window.currentIndex(), connection);
    QCOMPARE(messages.count(), 0); // nothing failed
}

void TestInventoryPanel::notLoggedInFailsVisiblyAndRetries()
{
    Session offline; // never logged in
    InventoryModel inventory;
    InventoryPanel window(&inventory);
    QSignalSpy messages(&window, &InventoryPanel::statusMessage);
    const QModelIndex connection = inventory.addConnection(&offline, u"offline"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QTreeView *view = window.view();
    view->expand(window.viewIndex(connection));
    QTRY_COMPARE_WITH_TIMEOUT(loadState(connection), LoadState::Failed, kWaitMs);
    const QString error = connection.data(InventoryModel::ErrorRole).toString();
    QVERIFY(!error.isEmpty());
    QCOMPARE(connection.data(Qt::ToolTipRole).toString(), error);
    QVERIFY(!messages.isEmpty());
    const QString message = messages.last().at(0).toString();
    QVERIFY2(message.contains(u"offline"_s) && message.contains(error), qPrintable(message));
    // The row says so, with a Retry button on it.
    QVERIFY(window.viewIndex(connection)
                .siblingAtColumn(InventoryModel::StatusColumn)
                .data()
                .toString()
                .contains(error));
    QVERIFY(view->indexWidget(window.viewIndex(connection).siblingAtColumn(InventoryModel::TypeColumn)));
    // Collapsed again, so that expanding it retries.
    QVERIFY(!view->isExpanded(window.viewIndex(connection)));
    QVERIFY(window.model()->canFetchMore(connection));

    // Expanding again retries (and fails again: still not logged in).
    QSignalSpy states(window.model(), &InventoryModel::loadStateChanged);
    view->expand(window.viewIndex(connection));
    QTRY_VERIFY_WITH_TIMEOUT(states.count() >= 2, kWaitMs);
    QCOMPARE(states.at(0).at(1).value<InventoryNode::LoadState>(), LoadState::Loading);
    QCOMPARE(states.at(1).at(1).value<InventoryNode::LoadState>(), LoadState::Failed);

    // The context menu offers Retry for the failed row.
    std::unique_ptr<QMenu> menu(window.createContextMenu(connection));
    auto *retry = menu->findChild<QAction *>(u"retryAction"_s);
    QVERIFY(retry);
    QCOMPARE(retry->text(), u"Retry"_s);
    states.clear();
    retry->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(states.count() >= 2, kWaitMs);
    QCOMPARE(states.last().at(1).value<InventoryNode::LoadState>(), LoadState::Failed);

    // Once logged in (the window tells the panel), the failed connection is retried.
    QVERIFY(test::logIn(offline, *m_sim, u"orgadmin"_s, u"globex"_s));
    window.connectionLoggedIn(&offline);
    QTRY_COMPARE_WITH_TIMEOUT(loadState(connection), LoadState::Loaded, kWaitMs);
    QCOMPARE(childNames(window.model(), connection), QStringList{u"globex"_s});
    QVERIFY(view->isExpanded(window.viewIndex(connection)));
    // The failure message is taken back once the row loaded.
    QTRY_VERIFY(messages.last().at(0).toString().isEmpty());

    // Features add their entries to a row's menu while it is built.
    QModelIndex askedFor;
    connect(&window, &InventoryPanel::contextMenuRequested, this,
            [&askedFor](QMenu *m, const QModelIndex &i) {
                askedFor = i;
                m->addAction(u"Export…"_s)->setObjectName(u"featureAction"_s);
            });
    // A loaded row offers Refresh, which reads the children again.
    std::unique_ptr<QMenu> menu2(window.createContextMenu(connection));
    QCOMPARE(askedFor, connection);
    QVERIFY(menu2->findChild<QAction *>(u"featureAction"_s));
    auto *refresh = menu2->findChild<QAction *>(u"refreshAction"_s);
    QVERIFY(refresh);
    states.clear();
    refresh->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(loadState(connection), LoadState::Loaded, kWaitMs);
    QVERIFY(states.count() >= 2);
    QCOMPARE(childNames(window.model(), connection), QStringList{u"globex"_s});
}

QTEST_MAIN(TestInventoryPanel)
#include "tst_inventorypanel.moc"
