// ActionPanel in the real window on the simulator's demo cloud: a button per action of its group, each
// bound to ActionController's QAction (same object name stem, same enabled state and tooltip); with no
// selection it says so and offers nothing; a VM shows the power, lifecycle, snapshot and manage
// buttons, the ones the server does not offer now greyed out with the reason as tooltip and a hint
// under them; a VDC shows only "New vApp" under its heading; several rows are titled by their count;
// Undeploy carries its power-action menu beside its label.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "explorerrig.h"
#include "ui/actions/actioncontroller.h"
#include "ui/actions/actionpanel.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

using vcd::test::settled;

const QList<Action> kPanelActions = {Action::PowerOn,
                                     Action::PowerOff,
                                     Action::Shutdown,
                                     Action::Reboot,
                                     Action::Reset,
                                     Action::Suspend,
                                     Action::DiscardSuspendedState,
                                     Action::Deploy,
                                     Action::Undeploy,
                                     Action::InstantiateVAppTemplate,
                                     Action::CreateSnapshot,
                                     Action::RevertToCurrentSnapshot,
                                     Action::RemoveAllSnapshots,
                                     Action::Edit,
                                     Action::Delete,
                                     Action::AcquireMksTicket};

} // namespace

class TestActionPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void buttonPerActionBoundToIt();
    void nothingSelectedOffersNothing();
    void vmShowsItsActionsWithReasons();
    void vdcOffersANewVAppOnly();
    void severalRowsTitledByTheirCount();

private:
    QModelIndex open(const QStringList &path);
    void select(const QModelIndex &index);
    bool waitForDetails(const QModelIndex &index);
    QLabel *heading(const QString &text) const;

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<test::ExplorerRig> m_rig;
    Explorer *m_explorer = nullptr;
    ActionPanel *m_panel = nullptr;
};

void TestActionPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_actionpanel"_s); // its own settings folder: tests run side by side
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    m_rig = std::make_unique<test::ExplorerRig>(m_sim.get());
    m_explorer = m_rig->explorer();
    QVERIFY(m_rig->show());
    m_panel = m_explorer->window()->findChild<ActionPanel *>(u"actionPanel"_s);
    QVERIFY(m_panel);
}

void TestActionPanel::cleanupTestCase()
{
    m_rig.reset(); // closes every connection, then the window
    m_explorer = nullptr;
    m_sim.reset();
}

QModelIndex TestActionPanel::open(const QStringList &path)
{
    InventoryModel *model = m_explorer->window()->model();
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    Connection *demo = m_explorer->registry()->connections().value(0);
    if (!demo)
        return {};
    QModelIndex at = model->connectionIndex(demo->session());
    for (const QString &name : path) {
        panel->view()->expand(panel->viewIndex(at));
        if (!QTest::qWaitFor([&] { return settled(at); }, kWaitMs))
            return {};
        QModelIndex found;
        for (int r = 0; r < model->rowCount(at) && !found.isValid(); ++r)
            if (model->index(r, 0, at).data().toString() == name)
                found = model->index(r, 0, at);
        if (!found.isValid())
            return {};
        at = found;
    }
    return at;
}

void TestActionPanel::select(const QModelIndex &index)
{
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    panel->setCurrentIndex(index);
    panel->view()->setFocus();
}

bool TestActionPanel::waitForDetails(const QModelIndex &index)
{
    return QTest::qWaitFor(
        [&] {
            return LoadState(index.data(InventoryModel::DetailsStateRole).toInt()) == LoadState::Loaded &&
                   m_explorer->actions()->subjectOf(index).detailsRead &&
                   !m_explorer->actions()->action(Action::Edit)->toolTip().contains(u"Reading"_s);
        },
        kWaitMs);
}

QLabel *TestActionPanel::heading(const QString &text) const
{
    for (QLabel *l : m_panel->findChildren<QLabel *>(QString(), Qt::FindDirectChildrenOnly))
        if (l->text() == text)
            return l;
    return nullptr;
}

void TestActionPanel::buttonPerActionBoundToIt()
{
    ActionController *actions = m_explorer->actions();
    for (Action a : kPanelActions) {
        QToolButton *b = m_panel->button(a);
        QVERIFY2(b, qPrintable(ActionController::stem(a)));
        QCOMPARE(b->objectName(), ActionController::stem(a) + u"Button"_s);
        QCOMPARE(m_panel->findChild<QToolButton *>(b->objectName()), b);
        QCOMPARE(b->defaultAction(), actions->action(a));
        QCOMPARE(b->text(), actions->action(a)->text());
    }
    // Metadata has its own tab, not a button here.
    QCOMPARE(m_panel->button(Action::SetMetadata), nullptr);
    // Undeploy: a menu of the power actions to take first, opened from the arrow beside the label.
    QToolButton *undeploy = m_panel->button(Action::Undeploy);
    QCOMPARE(undeploy->popupMode(), QToolButton::MenuButtonPopup);
    // (Through its QAction: the button shows the menu of its default action.)
    QMenu *menu = undeploy->defaultAction()->menu();
    QVERIFY(menu);
    QStringList entries;
    for (const QAction *a : menu->actions())
        entries << a->text();
    QVERIFY2(entries.size() >= 4 && entries.contains(u"Power off, then undeploy"_s),
             qPrintable(entries.join(u", "_s)));
    QCOMPARE(m_panel->button(Action::PowerOff)->popupMode(), QToolButton::DelayedPopup);
}

void TestActionPanel::nothingSelectedOffersNothing()
{
    QCOMPARE(m_explorer->actions()->selection().size(), 0);
    QCOMPARE(m_panel->title(), u"Select a row to see what can be done with it."_s);
    QCOMPARE(m_panel->findChild<QLabel *>(u"actionPanelTitle"_s)->text(), m_panel->title());
    for (Action a : kPanelActions)
        QVERIFY2(m_panel->button(a)->isHidden(), qPrintable(ActionController::stem(a)));
    for (const QString &h : {u"Power"_s, u"Lifecycle"_s, u"Snapshot"_s, u"Manage"_s}) {
        QVERIFY2(heading(h), qPrintable(h));
        QVERIFY2(heading(h)->isHidden(), qPrintable(h));
    }
    QVERIFY(m_panel->findChild<QLabel *>(u"actionPanelHint"_s)->isHidden());
}

void TestActionPanel::vmShowsItsActionsWithReasons()
{
    QVERIFY(m_explorer->openDemo());
    const QModelIndex vm = open({u"acme-corp"_s, u"acme-prod-vdc"_s, u"web-frontend"_s, u"web-01"_s});
    QVERIFY(vm.isValid());
    QCOMPARE(vm.data(InventoryModel::StatusRole).toString(), u"POWERED_ON"_s);
    select(vm);
    QVERIFY(waitForDetails(vm));
    QCOMPARE(m_panel->title(), u"web-01"_s);
    for (Action a : {Action::PowerOn, Action::PowerOff, Action::Shutdown, Action::Undeploy,
                     Action::CreateSnapshot, Action::Edit, Action::Delete, Action::AcquireMksTicket})
        QVERIFY2(!m_panel->button(a)->isHidden(), qPrintable(ActionController::stem(a)));
    QToolButton *powerOff = m_panel->button(Action::PowerOff);
    QVERIFY(powerOff->isEnabled());
    // Already on: Power on is there but greyed out, and its tooltip says why.
    QToolButton *powerOn = m_panel->button(Action::PowerOn);
    QVERIFY(!powerOn->isEnabled());
    QVERIFY2(powerOn->toolTip().contains(u"already powered on"_s), qPrintable(powerOn->toolTip()));
    QCOMPARE(powerOn->toolTip(), m_explorer->actions()->action(Action::PowerOn)->toolTip());
    QLabel *hint = m_panel->findChild<QLabel *>(u"actionPanelHint"_s);
    QVERIFY(!hint->isHidden());
    QVERIFY2(hint->text().contains(u"hover one to see why"_s), qPrintable(hint->text()));
    for (const QString &h : {u"Power"_s, u"Lifecycle"_s, u"Snapshot"_s, u"Manage"_s})
        QVERIFY2(!heading(h)->isHidden(), qPrintable(h));
    // The button follows its action when the verdict changes.
    QAction *action = m_explorer->actions()->action(Action::PowerOff);
    action->setEnabled(false);
    QVERIFY(!powerOff->isEnabled());
    action->setEnabled(true);
    QVERIFY(powerOff->isEnabled());
}

void TestActionPanel::vdcOffersANewVAppOnly()
{
    if (m_explorer->registry()->count() == 0)
        QVERIFY(m_explorer->openDemo());
    const QModelIndex vdc = open({u"acme-corp"_s, u"acme-prod-vdc"_s});
    QVERIFY(vdc.isValid());
    select(vdc);
    QVERIFY(waitForDetails(vdc));
    QCOMPARE(m_panel->title(), u"acme-prod-vdc"_s);
    QToolButton *newVApp = m_panel->button(Action::InstantiateVAppTemplate);
    QVERIFY(!newVApp->isHidden());
    QVERIFY(newVApp->isEnabled());
    for (Action a : kPanelActions) {
        if (a != Action::InstantiateVAppTemplate)
            QVERIFY2(m_panel->button(a)->isHidden(), qPrintable(ActionController::stem(a)));
    }
    // Headings only above groups with something in them; nothing greyed out, so no hint.
    QVERIFY(!heading(u"Lifecycle"_s)->isHidden());
    for (const QString &h : {u"Power"_s, u"Snapshot"_s, u"Manage"_s})
        QVERIFY2(heading(h)->isHidden(), qPrintable(h));
    QVERIFY(m_panel->findChild<QLabel *>(u"actionPanelHint"_s)->isHidden());
}

void TestActionPanel::severalRowsTitledByTheirCount()
{
    if (m_explorer->registry()->count() == 0)
        QVERIFY(m_explorer->openDemo());
    const QModelIndex a = open({u"acme-corp"_s, u"acme-prod-vdc"_s, u"web-frontend"_s, u"web-01"_s});
    const QModelIndex b = open({u"acme-corp"_s, u"acme-prod-vdc"_s, u"web-frontend"_s, u"web-02"_s});
    QVERIFY(a.isValid() && b.isValid());
    select(a);
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    panel->view()->selectionModel()->select(panel->viewIndex(b),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_COMPARE(m_panel->title(), u"2 selected"_s);
    QVERIFY(!m_panel->button(Action::PowerOff)->isHidden());
    // Back to one row: its name again.
    select(b);
    QTRY_COMPARE(m_panel->title(), u"web-02"_s);
}

QTEST_MAIN(TestActionPanel)
#include "tst_actionpanel.moc"
