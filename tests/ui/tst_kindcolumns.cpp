// KindColumns: the columns the tree shows per kind of row. Defaults that fit each kind; a choice is
// remembered in ui.ini and read back by a new instance (a new window); unreadable entries are ignored
// and lose nothing else; reset brings the defaults back. In the real panel against vcd-sim: a column
// not chosen for a kind is blank on that kind's rows only, the header's menu changes the choice, the
// header hides a column no kind uses, and a new panel remembers it.

#include "common/simfixture.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "sim/vcdsimulator.h"
#include "ui/common/uisettings.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/inventory/kindcolumns.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;
using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

bool isDone(const QModelIndex &index)
{
    const auto s = LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == LoadState::Loaded || s == LoadState::Empty || s == LoadState::Failed;
}

QModelIndex firstOfKind(const QAbstractItemModel *model, const QModelIndex &parent, Kind kind)
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        if (Kind(i.data(InventoryModel::KindRole).toInt()) == kind)
            return i;
    }
    return {};
}

QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions())
        if (a->text() == text)
            return a;
    return nullptr;
}

} // namespace

class TestKindColumns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaultsFitEachKind();
    void aChoiceIsRememberedAndResettable();
    void unreadableEntriesAreIgnored();
    void thePanelShowsEachKindItsColumns();

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
};

void TestKindColumns::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
}

void TestKindColumns::init()
{
    UiSettings().clear();
}

void TestKindColumns::defaultsFitEachKind()
{
    const KindColumns columns;
    QVERIFY(columns.shows(Kind::Vm, InventoryModel::NameColumn));
    QVERIFY(columns.shows(Kind::Vm, InventoryModel::GuestOsColumn));
    QVERIFY(columns.shows(Kind::Vm, InventoryModel::IpColumn));
    QVERIFY(!columns.shows(Kind::Vm, InventoryModel::ContentsColumn));
    QVERIFY(columns.shows(Kind::Vdc, InventoryModel::ContentsColumn));
    QVERIFY(!columns.shows(Kind::Vdc, InventoryModel::GuestOsColumn));
    QVERIFY(!columns.shows(Kind::Vdc, InventoryModel::CpusColumn));
    QVERIFY(columns.shows(Kind::Network, InventoryModel::IpColumn)); // the gateway and prefix
    // The three folder kinds share one choice.
    QCOMPARE(columns.shows(Kind::NetworkFolder, InventoryModel::StatusColumn),
             columns.shows(Kind::CatalogFolder, InventoryModel::StatusColumn));
    for (int c = 1; c < InventoryModel::ColumnCount; ++c)
        QVERIFY2(columns.anyShows(c), qPrintable(QString::number(c)));
}

void TestKindColumns::aChoiceIsRememberedAndResettable()
{
    {
        KindColumns columns;
        QSignalSpy changed(&columns, &KindColumns::changed);
        columns.setShown(Kind::Vm, InventoryModel::GuestOsColumn, false);
        columns.setShown(Kind::Vdc, InventoryModel::OwnerColumn, true);
        columns.setShown(Kind::Vdc, InventoryModel::OwnerColumn, true); // no change, no signal
        QCOMPARE(changed.count(), 2);
        // The name cannot be hidden.
        columns.setShown(Kind::Vm, InventoryModel::NameColumn, false);
        QVERIFY(columns.shows(Kind::Vm, InventoryModel::NameColumn));
        QCOMPARE(changed.count(), 2);
    }
    {
        KindColumns columns; // as a new window reads it
        QVERIFY(!columns.shows(Kind::Vm, InventoryModel::GuestOsColumn));
        QVERIFY(columns.shows(Kind::Vm, InventoryModel::IpColumn));
        QVERIFY(columns.shows(Kind::Vdc, InventoryModel::OwnerColumn));
        // Guest OS is a VM's column only: no kind shows it now.
        QVERIFY(!columns.anyShows(InventoryModel::GuestOsColumn));
        // Every column off for a kind is a choice too.
        for (int c = 1; c < InventoryModel::ColumnCount; ++c)
            columns.setShown(Kind::EdgeGateway, c, false);
    }
    {
        KindColumns columns;
        for (int c = 1; c < InventoryModel::ColumnCount; ++c)
            QVERIFY(!columns.shows(Kind::EdgeGateway, c));
        QSignalSpy changed(&columns, &KindColumns::changed);
        columns.reset();
        QCOMPARE(changed.count(), 1);
        QVERIFY(columns.shows(Kind::Vm, InventoryModel::GuestOsColumn));
        QVERIFY(!columns.shows(Kind::Vdc, InventoryModel::OwnerColumn));
    }
    QVERIFY(KindColumns().shows(Kind::Vm, InventoryModel::GuestOsColumn));
}

void TestKindColumns::unreadableEntriesAreIgnored()
{
    {
        UiSettings settings;
        settings.setValue(u"inventory/columns/vm"_s, u"status, nonsense,,cpus,42"_s);
    }
    const KindColumns columns;
    QVERIFY(columns.shows(Kind::Vm, InventoryModel::StatusColumn));
    QVERIFY(columns.shows(Kind::Vm, InventoryModel::CpusColumn));
    QVERIFY(!columns.shows(Kind::Vm, InventoryModel::GuestOsColumn));
    // Other kinds keep their defaults.
    QVERIFY(columns.shows(Kind::Vdc, InventoryModel::ContentsColumn));
}

void TestKindColumns::thePanelShowsEachKindItsColumns()
{
    Session session;
    QVERIFY(test::logIn(session, *m_sim, u"administrator"_s, u"System"_s));
    InventoryModel inventory;
    const QModelIndex connection = inventory.addConnection(&session, u"demo"_s);
    auto panel = std::make_unique<InventoryPanel>(&inventory);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
    QTreeView *view = panel->view();

    // Down to a VDC and one of its vApps' VMs (the demo cloud's names).
    QModelIndex parent = connection;
    QModelIndex vdc;
    for (const QString &name : {u"acme-corp"_s, u"acme-prod-vdc"_s, u"db-cluster"_s}) {
        view->expand(panel->viewIndex(parent));
        QTRY_VERIFY_WITH_TIMEOUT(isDone(parent), kWaitMs);
        QModelIndex next;
        for (int r = 0; r < inventory.rowCount(parent); ++r)
            if (inventory.index(r, 0, parent).data().toString() == name)
                next = inventory.index(r, 0, parent);
        QVERIFY2(next.isValid(), qPrintable(name));
        if (name == u"acme-prod-vdc")
            vdc = next;
        parent = next;
    }
    view->expand(panel->viewIndex(parent));
    QTRY_VERIFY_WITH_TIMEOUT(isDone(parent), kWaitMs);
    const QModelIndex vm = firstOfKind(&inventory, parent, Kind::Vm);
    QVERIFY(vm.isValid());
    auto cell = [&](const QModelIndex &row, int column) {
        return panel->viewIndex(row).siblingAtColumn(column).data();
    };
    // The model has the VM's guest OS; the VDC's row shows no guest OS but its count of vApps.
    QVERIFY(!vm.siblingAtColumn(InventoryModel::GuestOsColumn).data().toString().isEmpty());
    QCOMPARE(cell(vm, InventoryModel::GuestOsColumn),
             vm.siblingAtColumn(InventoryModel::GuestOsColumn).data());
    QVERIFY(!cell(vdc, InventoryModel::GuestOsColumn).isValid());
    QVERIFY(cell(vdc, InventoryModel::ContentsColumn).toLongLong() >= 1);
    QVERIFY(!cell(vm, InventoryModel::ContentsColumn).isValid());
    QVERIFY(!view->header()->isSectionHidden(InventoryModel::GuestOsColumn));

    // The header's menu: with the VM current, its first section is the VMs' columns.
    panel->setCurrentIndex(vm);
    std::unique_ptr<QMenu> menu(panel->createHeaderMenu());
    QAction *guestOs = actionNamed(menu.get(), u"Guest OS"_s);
    QVERIFY(guestOs && guestOs->isCheckable() && guestOs->isChecked());
    guestOs->toggle();
    QVERIFY(!cell(vm, InventoryModel::GuestOsColumn).isValid());
    // No kind shows it any more: the header hides it.
    QVERIFY(view->header()->isSectionHidden(InventoryModel::GuestOsColumn));
    // The VDCs' submenu adds Owner to VDC rows, and leaves VM rows alone.
    QMenu *vdcs = menu->findChild<QMenu *>(u"columnsMenu-%1"_s.arg(int(Kind::Vdc)));
    QVERIFY(vdcs);
    QAction *cpus = actionNamed(vdcs, u"CPUs"_s);
    QVERIFY(cpus && !cpus->isChecked());
    QVERIFY(!cell(vm, InventoryModel::CpusColumn).toString().isEmpty());
    menu.reset();

    // Remembered: a new panel (a new window) shows the same choice.
    panel.reset();
    InventoryPanel again(&inventory);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(again.view()->header()->isSectionHidden(InventoryModel::GuestOsColumn));
    QVERIFY(!again.viewIndex(vm).siblingAtColumn(InventoryModel::GuestOsColumn).data().isValid());
    QVERIFY(!again.kindColumns()->shows(Kind::Vm, InventoryModel::GuestOsColumn));

    // Reset columns: back to the defaults, the header shows the column again.
    std::unique_ptr<QMenu> second(again.createHeaderMenu());
    QAction *reset = second->findChild<QAction *>(u"resetColumnsAction"_s);
    QVERIFY(reset);
    reset->trigger();
    QVERIFY(!again.view()->header()->isSectionHidden(InventoryModel::GuestOsColumn));
    QCOMPARE(again.viewIndex(vm).siblingAtColumn(InventoryModel::GuestOsColumn).data(),
             vm.siblingAtColumn(InventoryModel::GuestOsColumn).data());
}

QTEST_MAIN(TestKindColumns)
#include "tst_kindcolumns.moc"
