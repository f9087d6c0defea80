// ActionController through the real window (Explorer) against the in-process simulator: whole journeys
// as a user makes them — expand to a VM, power it off from the action panel, watch the task pane and
// the row change; a vApp user sees Delete disabled with the reason; snapshot create (with the replace
// warning) → revert → remove; rename with F2; delete a stopped vApp after the confirmation that names
// it; a vApp from a template through the wizard; an action that meets a busy vApp waits and runs
// after; a long task canceled from the task pane. No dialog blocks: each is found by objectName and
// answered, or answered ahead through Confirmation::setNextAnswer.

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profile.h"
#include "core/services/actionbatch.h"
#include "core/services/actionrunner.h"
#include "core/services/actionservice.h"
#include "ui/actions/actioncontroller.h"
#include "ui/actions/actionpanel.h"
#include "ui/actions/consoleticketdialog.h"
#include "ui/actions/deploywizard.h"
#include "ui/actions/renamedialog.h"
#include "ui/common/confirmation.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"
#include "ui/tasks/taskpane.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

bool settled(const QModelIndex &i)
{
    const auto s = LoadState(i.data(InventoryModel::LoadStateRole).toInt());
    return s == LoadState::Loaded || s == LoadState::Empty;
}

// The open message box with this objectName (Confirmation's), or nullptr.
QMessageBox *openConfirmation()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *box = qobject_cast<QMessageBox *>(w);
            box && box->isVisible() && box->objectName() == u"confirmationDialog")
            return box;
    }
    return nullptr;
}

} // namespace

class TestActionController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void powerOffFromThePanel();
    void vappUserSeesDeleteDisabledWithTheReason();
    void snapshotCreateRevertRemove();
    void renameWithF2();
    void deleteAStoppedVAppAfterConfirmation();
    void deployFromATemplateThroughTheWizard();
    void busyVAppWaitsThenRuns();
    void cancelALongTask();
    void openAnOrgAsItsTenant();
    void severalRowsRunWithOneSummary();
    void consoleTicketShowsItsUrls();

private:
    Connection *connectAs(const QString &user, const QString &org);
    QModelIndex open(const QStringList &path);
    void select(const QModelIndex &index);
    bool waitForDetails(const QModelIndex &index);
    QString vmWithSnapshot(QString *vapp, QString *vdc);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;
    MemorySecretStore m_secrets;
    std::unique_ptr<Explorer> m_explorer;
    Connection *m_connection = nullptr;
};

void TestActionController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_actioncontroller"_s); // its own settings folder: tests run side by side
    sim::SimConfig cfg;
    cfg.taskDurationMs = 300;
    m_sim = test::startSimulator(cfg);
    QVERIFY(m_sim);
}

void TestActionController::cleanupTestCase()
{
    m_sim.reset();
}

void TestActionController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_explorer = std::make_unique<Explorer>(
        Explorer::Options{.profilesPath = m_dir->filePath(u"profiles.ini"_s), .secrets = &m_secrets});
    // Tasks and busy waits followed in milliseconds.
    m_explorer->runner()->setTrackerSchedule({50, 1.5, 200});
    m_explorer->runner()->setBusySchedule({50, 1.5, 200});
    m_explorer->window()->resize(1400, 900);
    m_explorer->window()->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_explorer->window()));
}

void TestActionController::cleanup()
{
    Confirmation::setNextAnswer(std::nullopt);
    m_sim->setTaskDurationMs(300);
    if (m_explorer)
        m_explorer->registry()->closeAll();
    m_explorer.reset();
    m_connection = nullptr;
}

Connection *TestActionController::connectAs(const QString &user, const QString &org)
{
    Profile p;
    p.id = user + u'@' + org;
    p.name = p.id;
    p.url = m_sim->baseUrl();
    p.org = org;
    p.user = user;
    p.proxyMode = Profile::ProxyMode::None;
    Connection *c = m_explorer->registry()->open(p);
    c->session()->login(p.toSessionSettings(), u"demo"_s);
    const QModelIndex row = m_explorer->window()->model()->connectionIndex(c->session());
    if (!QTest::qWaitFor([&] { return c->session()->isConnected() && settled(row); }, kWaitMs))
        return nullptr;
    m_connection = c;
    return c;
}

QModelIndex TestActionController::open(const QStringList &path)
{
    InventoryModel *model = m_explorer->window()->model();
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    QModelIndex at = model->connectionIndex(m_connection->session());
    for (const QString &name : path) {
        panel->view()->expand(panel->viewIndex(at));
        if (!QTest::qWaitFor([&] { return settled(at); }, kWaitMs))
            return {};
        QModelIndex found;
        for (int r = 0; r < model->rowCount(at) && !found.isValid(); ++r) {
            const QModelIndex i = model->index(r, 0, at);
            if (i.data().toString() == name)
                found = i;
            // Folders (Networks, Catalogs) are looked through for what they hold.
        }
        if (!found.isValid())
            return {};
        at = found;
    }
    return at;
}

void TestActionController::select(const QModelIndex &index)
{
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    panel->setCurrentIndex(index);
    panel->view()->setFocus();
}

bool TestActionController::waitForDetails(const QModelIndex &index)
{
    return QTest::qWaitFor(
        [&] {
            // Read, and the actions updated from it (they say "Reading…" until then).
            return LoadState(index.data(InventoryModel::DetailsStateRole).toInt()) == LoadState::Loaded &&
                   m_explorer->actions()->subjectOf(index).detailsRead &&
                   !m_explorer->actions()->action(Action::Edit)->toolTip().contains(u"Reading"_s);
        },
        kWaitMs);
}

QString TestActionController::vmWithSnapshot(QString *vapp, QString *vdc)
{
    QString vm;
    m_sim->withCloud([&](sim::Cloud &c) {
        const sim::Org *acme = c.orgByName(u"acme-corp"_s);
        for (const sim::Vm *v : c.vms.rows()) {
            if (v->orgId != acme->id || !v->snapshot || !vm.isEmpty())
                continue;
            vm = v->name;
            *vapp = c.vapps.find(v->vappId)->name;
            *vdc = c.vdcs.find(v->vdcId)->name;
        }
    });
    return vm;
}

void TestActionController::powerOffFromThePanel()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex vm = open({u"acme-corp"_s, u"acme-prod-vdc"_s, u"web-frontend"_s, u"web-01"_s});
    QVERIFY(vm.isValid());
    QCOMPARE(vm.data(InventoryModel::StatusRole).toString(), u"POWERED_ON"_s);
    select(vm);
    QVERIFY(waitForDetails(vm));
    auto *panel = m_explorer->window()->findChild<ActionPanel *>(u"actionPanel"_s);
    QVERIFY(panel);
    QCOMPARE(panel->title(), u"web-01"_s);
    QToolButton *powerOff = panel->button(Action::PowerOff);
    QVERIFY(powerOff->isVisible());
    QVERIFY(powerOff->isEnabled());
    // Already on: Power on is offered disabled, saying why.
    QVERIFY(!panel->button(Action::PowerOn)->isEnabled());
    QVERIFY2(panel->button(Action::PowerOn)->toolTip().contains(u"already powered on"_s),
             qPrintable(panel->button(Action::PowerOn)->toolTip()));
    const QIcon before =
        m_explorer->window()->inventoryPanel()->viewIndex(vm).data(Qt::DecorationRole).value<QIcon>();

    TaskPane *pane = m_explorer->taskPane();
    QVERIFY(!pane->isVisible());
    m_sim->setTaskDurationMs(1500);
    QTest::mouseClick(powerOff, Qt::LeftButton);
    // The task pane shows itself with the running task and its progress.
    QTRY_VERIFY_WITH_TIMEOUT(pane->isVisible(), kWaitMs);
    TaskModel *tasks = m_explorer->tasks();
    QCOMPARE(tasks->rowCount(), 1);
    const QModelIndex row = tasks->index(0, 0);
    QCOMPARE(row.data().toString(), u"Power off"_s);
    QCOMPARE(tasks->index(0, TaskModel::TargetColumn).data().toString(), u"web-01"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        TaskModel::State(row.data(TaskModel::StateRole).toInt()) == TaskModel::State::Running, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(row.data(TaskModel::ProgressRole).toInt() > 0, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(TaskModel::State(row.data(TaskModel::StateRole).toInt()),
                              TaskModel::State::Succeeded, kWaitMs);
    // The row changed in place: status, icon; nothing collapsed.
    QTRY_COMPARE_WITH_TIMEOUT(vm.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s, kWaitMs);
    const QModelIndex shown = m_explorer->window()->inventoryPanel()->viewIndex(vm);
    QCOMPARE(shown.siblingAtColumn(InventoryModel::StatusColumn).data().toString(), u"Powered off"_s);
    const QIcon after = shown.data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(before.pixmap(24).toImage() != after.pixmap(24).toImage());
    QVERIFY(m_explorer->window()->inventoryPanel()->view()->isExpanded(shown.parent()));
    // The re-read links now offer Power on.
    QTRY_VERIFY_WITH_TIMEOUT(panel->button(Action::PowerOn)->isEnabled(), kWaitMs);
}

void TestActionController::vappUserSeesDeleteDisabledWithTheReason()
{
    QVERIFY(connectAs(u"vappuser"_s, u"acme-corp"_s));
    const QModelIndex vapp = open({u"acme-corp"_s, u"acme-dev-vdc"_s, u"dev-sandbox"_s});
    QVERIFY(vapp.isValid());
    select(vapp);
    QVERIFY(waitForDetails(vapp));
    QAction *del = m_explorer->actions()->action(Action::Delete);
    QVERIFY(!del->isEnabled());
    QVERIFY2(del->toolTip().contains(u"Your role may not delete this vApp"_s), qPrintable(del->toolTip()));
    // Power is allowed to a vApp user.
    QVERIFY(m_explorer->actions()->action(Action::PowerOn)->isEnabled());
    // The same in the row's context menu.
    std::unique_ptr<QMenu> menu(m_explorer->window()->inventoryPanel()->createContextMenu(vapp));
    QVERIFY(menu->actions().contains(del));
    // And Del does nothing.
    QTest::keyClick(m_explorer->window()->inventoryPanel()->view(), Qt::Key_Delete);
    QVERIFY(!openConfirmation());
}

void TestActionController::snapshotCreateRevertRemove()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    QString vappName;
    QString vdcName;
    const QString vmName = vmWithSnapshot(&vappName, &vdcName);
    QVERIFY(!vmName.isEmpty());
    const QModelIndex vm = open({u"acme-corp"_s, vdcName, vappName, vmName});
    QVERIFY(vm.isValid());
    select(vm);
    QVERIFY(waitForDetails(vm));
    ActionController *actions = m_explorer->actions();

    // Create: the confirmation warns that the one snapshot VCD keeps is replaced, with its date.
    QVERIFY(actions->action(Action::CreateSnapshot)->isEnabled());
    actions->action(Action::CreateSnapshot)->trigger();
    QMessageBox *box = openConfirmation();
    QVERIFY(box);
    QVERIFY2(box->informativeText().contains(u"one snapshot per VM"_s) &&
                 box->informativeText().contains(u"replaces the one from"_s),
             qPrintable(box->informativeText()));
    const QByteArray before = vm.data(InventoryModel::DetailsBodyRole).toByteArray();
    box->findChild<QPushButton *>(u"acceptButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(actions->lastBatch() && actions->lastBatch()->isDone(), kWaitMs);
    QCOMPARE(actions->lastBatch()->failedCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        waitForDetails(vm) && vm.data(InventoryModel::DetailsBodyRole).toByteArray() != before, kWaitMs);

    // Revert, then remove: both ask first (the answer given ahead), both run through their links.
    QTRY_VERIFY_WITH_TIMEOUT(actions->action(Action::RevertToCurrentSnapshot)->isEnabled(), kWaitMs);
    Confirmation::setNextAnswer(true);
    actions->action(Action::RevertToCurrentSnapshot)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(actions->lastBatch() &&
                                 actions->lastBatch()->action() == Action::RevertToCurrentSnapshot &&
                                 actions->lastBatch()->isDone(),
                             kWaitMs);
    QCOMPARE(actions->lastBatch()->failedCount(), 0);
    QVERIFY(waitForDetails(vm));
    QTRY_VERIFY_WITH_TIMEOUT(actions->action(Action::RemoveAllSnapshots)->isEnabled(), kWaitMs);
    Confirmation::setNextAnswer(true);
    actions->action(Action::RemoveAllSnapshots)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(actions->lastBatch() &&
                                 actions->lastBatch()->action() == Action::RemoveAllSnapshots &&
                                 actions->lastBatch()->isDone(),
                             kWaitMs);
    QCOMPARE(actions->lastBatch()->failedCount(), 0);
    // No snapshot left: revert and remove are disabled, saying why.
    QTRY_VERIFY_WITH_TIMEOUT(
        waitForDetails(vm) && !actions->action(Action::RemoveAllSnapshots)->isEnabled() &&
            actions->action(Action::RemoveAllSnapshots)->toolTip().contains(u"no snapshot"_s),
        kWaitMs);
}

void TestActionController::renameWithF2()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex vm = open({u"acme-corp"_s, u"acme-dev-vdc"_s, u"qa-env"_s, u"qa-01"_s});
    QVERIFY(vm.isValid());
    select(vm);
    QVERIFY(waitForDetails(vm));
    QTest::keyClick(m_explorer->window()->inventoryPanel()->view(), Qt::Key_F2);
    RenameDialog *dialog = m_explorer->actions()->renameDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->nameEdit()->text(), u"qa-01"_s);
    dialog->nameEdit()->setText(u"qa-01-renamed"_s);
    dialog->findChild<QPushButton *>(u"okButton"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(vm.data().toString(), u"qa-01-renamed"_s, kWaitMs);
}

void TestActionController::deleteAStoppedVAppAfterConfirmation()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex vdc = open({u"northwind"_s, u"northwind-vdc"_s});
    const QModelIndex vapp = open({u"northwind"_s, u"northwind-vdc"_s, u"mail-relay"_s});
    QVERIFY(vapp.isValid());
    const QPersistentModelIndex keep(vapp);
    select(vapp);
    QVERIFY(waitForDetails(vapp));
    QVERIFY(m_explorer->actions()->action(Action::Delete)->isEnabled());
    QTest::keyClick(m_explorer->window()->inventoryPanel()->view(), Qt::Key_Delete);
    QMessageBox *box = openConfirmation();
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"mail-relay"_s), qPrintable(box->text()));
    box->findChild<QPushButton *>(u"acceptButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!keep.isValid(), kWaitMs);
    QStringList names;
    for (int r = 0; r < vdc.model()->rowCount(vdc); ++r)
        names << vdc.model()->index(r, 0, vdc).data().toString();
    QVERIFY(!names.contains(u"mail-relay"_s));
    QVERIFY(names.contains(u"web-shop"_s));

    // A running vApp offers no Delete, and says it must be stopped first.
    const QModelIndex running = open({u"northwind"_s, u"northwind-vdc"_s, u"web-shop"_s});
    select(running);
    QVERIFY(waitForDetails(running));
    QAction *del = m_explorer->actions()->action(Action::Delete);
    QVERIFY(!del->isEnabled());
    QVERIFY2(del->toolTip().contains(u"must be stopped first"_s), qPrintable(del->toolTip()));
}

void TestActionController::deployFromATemplateThroughTheWizard()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex vdc = open({u"acme-corp"_s, u"acme-prod-vdc"_s});
    QVERIFY(vdc.isValid());
    // Its vApps are loaded (the user opened it), so the new one has a place to appear.
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    panel->view()->expand(panel->viewIndex(vdc));
    QTRY_VERIFY_WITH_TIMEOUT(settled(vdc), kWaitMs);
    select(vdc);
    QVERIFY(waitForDetails(vdc));
    QAction *newVApp = m_explorer->actions()->action(Action::InstantiateVAppTemplate);
    QVERIFY(newVApp->isEnabled());
    newVApp->trigger();
    DeployWizard *wizard = m_explorer->actions()->deployWizard();
    QVERIFY(wizard);
    // Step 1: the template.
    QTRY_VERIFY_WITH_TIMEOUT(wizard->templateList()->count() > 0, kWaitMs);
    const QList<QListWidgetItem *> ubuntu =
        wizard->templateList()->findItems(u"Ubuntu"_s, Qt::MatchStartsWith);
    QVERIFY(!ubuntu.isEmpty());
    wizard->templateList()->setCurrentItem(ubuntu.first());
    wizard->next();
    // Step 2: the VDC (the one the user stood on), read for its links and networks.
    QCOMPARE(wizard->currentId(), int(DeployWizard::VdcPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->vdcList()->currentItem() &&
                                 wizard->vdcList()->currentItem()->text() == u"acme-prod-vdc"_s,
                             kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->vdcReady(), kWaitMs);
    wizard->next();
    // Step 3: the name. Step 4: network and power.
    QCOMPARE(wizard->currentId(), int(DeployWizard::NamePage));
    wizard->nameEdit()->setText(u"journey-vapp"_s);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(DeployWizard::NetworkPage));
    QVERIFY(wizard->networkBox()->count() > 1);
    wizard->powerOnCheck()->setChecked(false);
    wizard->accept();
    QTRY_VERIFY_WITH_TIMEOUT(
        m_explorer->actions()->lastBatch() && m_explorer->actions()->lastBatch()->isDone(), kWaitMs);
    QCOMPARE(m_explorer->actions()->lastBatch()->failedCount(), 0);
    // The new vApp appears under its VDC.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int r = 0; r < vdc.model()->rowCount(vdc); ++r)
                if (vdc.model()->index(r, 0, vdc).data().toString() == u"journey-vapp")
                    return true;
            return false;
        }(),
        kWaitMs);
}

void TestActionController::busyVAppWaitsThenRuns()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex vm = open({u"globex"_s, u"globex-vdc-01"_s, u"ad-domain"_s, u"dc-01"_s});
    QVERIFY(vm.isValid());
    select(vm);
    QVERIFY(waitForDetails(vm));
    QVERIFY(m_explorer->actions()->action(Action::PowerOff)->isEnabled());

    // Someone else (another client) reboots the vApp: it is busy for a while.
    m_sim->setTaskDurationMs(1500);
    auto other = test::logIn(*m_sim, u"orgadmin"_s, u"globex"_s);
    QVERIFY(other);
    const QUrl vappHref = vm.parent().data(InventoryModel::HrefRole).toUrl();
    const test::Fetched body = test::fetch(*other, vappHref);
    auto vapp = XmlReaders::readVApp(body.body);
    QVERIFY(vapp);
    ActionService service(other.get());
    ActionJob *reboot = service.reboot(ActionTarget::of(*vapp));
    QSignalSpy accepted(reboot, &ActionJob::accepted);
    QVERIFY(accepted.wait(kWaitMs));

    // Our power off (the VM's links were read before) meets BUSY_ENTITY: the pane says it waits…
    m_explorer->actions()->action(Action::PowerOff)->trigger();
    TaskModel *tasks = m_explorer->tasks();
    QTRY_VERIFY_WITH_TIMEOUT(tasks->rowCount() == 1 &&
                                 TaskModel::State(tasks->index(0, 0).data(TaskModel::StateRole).toInt()) ==
                                     TaskModel::State::WaitingForBusyEntity,
                             kWaitMs);
    QVERIFY2(tasks->index(0, TaskModel::StateColumn).data().toString().contains(u"waiting: entity busy"_s),
             qPrintable(tasks->index(0, TaskModel::StateColumn).data().toString()));
    QVERIFY(tasks->index(0, 0).data(TaskModel::CanCancelRole).toBool());
    // … and runs once the reboot ended.
    QTRY_COMPARE_WITH_TIMEOUT(TaskModel::State(tasks->index(0, 0).data(TaskModel::StateRole).toInt()),
                              TaskModel::State::Succeeded, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(vm.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s, kWaitMs);
}

void TestActionController::cancelALongTask()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex vm = open({u"initech"_s, u"initech-dr-vdc"_s, u"dr-replica"_s, u"cb-app-dr"_s});
    QVERIFY(vm.isValid());
    select(vm);
    QVERIFY(waitForDetails(vm));
    m_sim->setTaskDurationMs(60000);
    m_explorer->actions()->action(Action::PowerOn)->trigger();
    TaskModel *tasks = m_explorer->tasks();
    TaskPane *pane = m_explorer->taskPane();
    QTRY_VERIFY_WITH_TIMEOUT(tasks->rowCount() == 1 &&
                                 TaskModel::State(tasks->index(0, 0).data(TaskModel::StateRole).toInt()) ==
                                     TaskModel::State::Running &&
                                 tasks->index(0, 0).data(TaskModel::TaskHrefRole).toUrl().isValid(),
                             kWaitMs);
    pane->view()->setCurrentIndex(tasks->index(0, 0));
    QTRY_VERIFY_WITH_TIMEOUT(pane->cancelButton()->isEnabled(), kWaitMs);
    QTest::mouseClick(pane->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(TaskModel::State(tasks->index(0, 0).data(TaskModel::StateRole).toInt()),
                              TaskModel::State::Canceled, kWaitMs);
    QVERIFY(!pane->cancelButton()->isEnabled());
    QCOMPARE(vm.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s);
}

void TestActionController::openAnOrgAsItsTenant()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    const QModelIndex org = open({u"globex"_s});
    QVERIFY(org.isValid());
    select(org);
    QAction *tenant = m_explorer->window()->findChild<QAction *>(u"openAsTenantAction"_s);
    QVERIFY(tenant);
    QTRY_VERIFY(tenant->isEnabled());
    // Offered on the org's row menu too.
    std::unique_ptr<QMenu> menu(m_explorer->window()->inventoryPanel()->createContextMenu(org));
    QVERIFY(menu->actions().contains(tenant));
    tenant->trigger();
    ConnectionRegistry *registry = m_explorer->registry();
    QCOMPARE(registry->count(), 2);
    Connection *view = registry->connections().last();
    QVERIFY(view->session()->isTenantView());
    InventoryModel *model = m_explorer->window()->model();
    const QModelIndex row = model->connectionIndex(view->session());
    QVERIFY(row.isValid());
    // It loads as the tenant sees it: only its own org.
    QTRY_VERIFY_WITH_TIMEOUT(settled(row), kWaitMs);
    QCOMPARE(model->rowCount(row), 1);
    QCOMPARE(model->index(0, 0, row).data().toString(), u"globex"_s);
    // Not offered for a row of the view itself (no view of a view), nor for the System org.
    select(model->index(0, 0, row));
    QTRY_VERIFY(!tenant->isEnabled());
}

void TestActionController::severalRowsRunWithOneSummary()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    // Two powered-on VMs of different vApps of one VDC, and a third that is already off.
    QString vdcName;
    QList<QPair<QString, QString>> on; // vApp, VM
    m_sim->withCloud([&](sim::Cloud &c) {
        const sim::Org *acme = c.orgByName(u"acme-corp"_s);
        for (const sim::Vm *v : c.vms.rows()) {
            if (v->orgId != acme->id || v->status != sim::Status::PoweredOn)
                continue;
            const QString vdc = c.vdcs.find(v->vdcId)->name;
            const QString vapp = c.vapps.find(v->vappId)->name;
            if (vdcName.isEmpty())
                vdcName = vdc;
            if (vdc == vdcName && on.size() < 2 && (on.isEmpty() || on.first().first != vapp))
                on.append({vapp, v->name});
        }
    });
    QCOMPARE(on.size(), 2);
    const QModelIndex a = open({u"acme-corp"_s, vdcName, on[0].first, on[0].second});
    const QModelIndex b = open({u"acme-corp"_s, vdcName, on[1].first, on[1].second});
    QVERIFY(a.isValid() && b.isValid());
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    select(a);
    // The second joins the selection (Ctrl+click): its links are read though it never becomes current.
    panel->view()->selectionModel()->select(panel->viewIndex(b),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(panel->selectedIndexes().size(), 2);
    QVERIFY(waitForDetails(a));
    QTRY_VERIFY_WITH_TIMEOUT(m_explorer->actions()->subjectOf(b).detailsRead, kWaitMs);
    QAction *powerOff = m_explorer->actions()->action(Action::PowerOff);
    QTRY_VERIFY_WITH_TIMEOUT(powerOff->isEnabled(), kWaitMs);
    QSignalSpy status(m_explorer->actions(), &ActionController::statusMessage);
    powerOff->trigger();
    ActionBatch *batch = m_explorer->actions()->lastBatch();
    QVERIFY(batch);
    QTRY_COMPARE_WITH_TIMEOUT(m_explorer->tasks()->rowCount(), 2, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(batch->isDone(), kWaitMs);
    QCOMPARE(batch->failedCount(), 0);
    // One summary for the whole batch, in the status bar.
    QStringList messages;
    for (const QList<QVariant> &m : std::as_const(status))
        messages << m.first().toString();
    QVERIFY2(messages.contains(batch->summary()), qPrintable(messages.join(u" | "_s)));
    QVERIFY2(batch->summary().contains(u"2 of 2 succeeded"_s), qPrintable(batch->summary()));
    QTRY_COMPARE_WITH_TIMEOUT(a.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(b.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s, kWaitMs);
}

void TestActionController::consoleTicketShowsItsUrls()
{
    QVERIFY(connectAs(u"administrator"_s, u"System"_s));
    // A powered-on VM (the journeys before may have stopped some).
    QStringList path;
    m_sim->withCloud([&](sim::Cloud &c) {
        const sim::Org *acme = c.orgByName(u"acme-corp"_s);
        for (const sim::Vm *v : c.vms.rows()) {
            if (path.isEmpty() && v->orgId == acme->id && v->status == sim::Status::PoweredOn)
                path = {acme->name, c.vdcs.find(v->vdcId)->name, c.vapps.find(v->vappId)->name, v->name};
        }
    });
    QVERIFY(!path.isEmpty());
    const QModelIndex vm = open(path);
    QVERIFY(vm.isValid());
    select(vm);
    QVERIFY(waitForDetails(vm));
    QAction *console = m_explorer->actions()->action(Action::AcquireMksTicket);
    QVERIFY(console->isEnabled());
    console->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(m_explorer->actions()->consoleDialog(), kWaitMs);
    ConsoleTicketDialog *dialog = m_explorer->actions()->consoleDialog();
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->ticket().ticket.isEmpty());
    auto *url = dialog->findChild<QLineEdit *>(u"webMksUrl"_s);
    QVERIFY(url);
    QVERIFY2(url->text().startsWith(u"wss://"_s) && url->text().endsWith(dialog->ticket().ticket),
             qPrintable(url->text()));
    // Copy puts exactly the URL on the clipboard.
    QTest::mouseClick(dialog->findChild<QToolButton *>(u"webMksUrlCopy"_s), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), url->text());
    dialog->findChild<QPushButton *>(u"closeButton"_s)->click();
    QTRY_VERIFY(!m_explorer->actions()->consoleDialog() ||
                !m_explorer->actions()->consoleDialog()->isVisible());
}

QTEST_MAIN(TestActionController)
#include "tst_actioncontroller.moc"
