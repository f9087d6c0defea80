// DeployWizard on the simulator's demo cloud, made directly on a row of the real window's inventory:
// template → VDC → name → network and power, each step's Next offered only once the step is complete
// (a template chosen; the VDC read and allowing instantiation; a name that is not blank); the VDC the
// user stood on is preselected and read for its networks ("No network" first, the first network
// chosen); Finish (Create vApp) emits deployRequested() with the session, the connection, the VDC
// read and the options as chosen — and starts nothing itself — then closes; accept() refuses an
// incomplete wizard; a vApp user's VDC (no `add` link) is refused with the reason.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"
#include "core/services/actionservice.h"
#include "explorerrig.h"
#include "ui/actions/deploywizard.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

using vcd::test::settled;

struct Request
{
    int count = 0;
    QPointer<Session> session;
    QString connection;
    ActionTarget vdc;
    InstantiateOptions options;
};

} // namespace

class TestDeployWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void stepByStepFromAVdc();
    void acceptRefusesAnIncompleteWizard();
    void vappUserMayNotCreateVApps();

private:
    Connection *connectAs(const QString &user, const QString &org);
    QModelIndex open(Connection *connection, const QStringList &path);
    DeployWizard *openWizard(const QModelIndex &start, Request *request);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<test::ExplorerRig> m_rig;
    Explorer *m_explorer = nullptr;
    Connection *m_admin = nullptr;
};

void TestDeployWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_deploywizard"_s); // its own settings folder: tests run side by side
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    m_rig = std::make_unique<test::ExplorerRig>(m_sim.get());
    m_explorer = m_rig->explorer();
    QVERIFY(m_rig->show());
    m_admin = connectAs(u"administrator"_s, u"System"_s);
    QVERIFY(m_admin);
}

void TestDeployWizard::cleanupTestCase()
{
    m_rig.reset(); // closes every connection, then the window
    m_explorer = nullptr;
    m_sim.reset();
}

Connection *TestDeployWizard::connectAs(const QString &user, const QString &org)
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
    return c;
}

QModelIndex TestDeployWizard::open(Connection *connection, const QStringList &path)
{
    InventoryModel *model = m_explorer->window()->model();
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    QModelIndex at = model->connectionIndex(connection->session());
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

DeployWizard *TestDeployWizard::openWizard(const QModelIndex &start, Request *request)
{
    auto *wizard = new DeployWizard(m_explorer->window()->model(), start, m_explorer->window());
    connect(wizard, &DeployWizard::deployRequested, this,
            [request](Session *session, const QString &connection, const ActionTarget &vdc,
                      const InstantiateOptions &options) {
                ++request->count;
                request->session = session;
                request->connection = connection;
                request->vdc = vdc;
                request->options = options;
            });
    wizard->open(); // returns at once
    return wizard;
}

void TestDeployWizard::stepByStepFromAVdc()
{
    const QModelIndex vdc = open(m_admin, {u"acme-corp"_s, u"acme-prod-vdc"_s});
    QVERIFY(vdc.isValid());
    Request request;
    QPointer<DeployWizard> wizard = openWizard(vdc, &request);
    QVERIFY(wizard->isVisible());
    QCOMPARE(wizard->objectName(), u"deployWizard"_s);
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    QAbstractButton *finish = wizard->button(QWizard::FinishButton);
    QCOMPARE(finish->text(), u"Create vApp"_s);

    // Step 1: the templates of the catalogs; Next once one is chosen.
    QCOMPARE(wizard->currentId(), int(DeployWizard::TemplatePage));
    auto *templates = wizard->findChild<QListWidget *>(u"templateList"_s);
    QCOMPARE(templates, wizard->templateList());
    QTRY_VERIFY_WITH_TIMEOUT(templates->count() > 0, kWaitMs);
    QVERIFY(!next->isEnabled());
    const QList<QListWidgetItem *> ubuntu = templates->findItems(u"Ubuntu"_s, Qt::MatchStartsWith);
    QVERIFY(!ubuntu.isEmpty());
    templates->setCurrentItem(ubuntu.first());
    QVERIFY(next->isEnabled());
    const QUrl templateHref = ubuntu.first()->data(Qt::UserRole).toUrl();
    QVERIFY(templateHref.isValid());
    QTest::mouseClick(next, Qt::LeftButton);

    // Step 2: the VDC the user stood on, read for its links and networks.
    QCOMPARE(wizard->currentId(), int(DeployWizard::VdcPage));
    auto *vdcs = wizard->findChild<QListWidget *>(u"vdcList"_s);
    QTRY_VERIFY_WITH_TIMEOUT(vdcs->currentItem() && vdcs->currentItem()->text() == u"acme-prod-vdc"_s,
                             kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->vdcReady(), kWaitMs);
    QVERIFY(next->isEnabled());
    auto *state = wizard->findChild<QLabel *>(u"vdcState"_s);
    QVERIFY2(state->text().contains(u"network(s) available"_s), qPrintable(state->text()));
    QTest::mouseClick(next, Qt::LeftButton);

    // Step 3: a name that is not blank.
    QCOMPARE(wizard->currentId(), int(DeployWizard::NamePage));
    auto *name = wizard->findChild<QLineEdit *>(u"vappNameEdit"_s);
    QVERIFY(!next->isEnabled());
    QTest::keyClicks(name, u"   "_s);
    QVERIFY(!next->isEnabled());
    QTest::keyClicks(name, u"unit-vapp "_s);
    QVERIFY(next->isEnabled());
    wizard->findChild<QLineEdit *>(u"vappDescriptionEdit"_s)->setText(u"made by a test"_s);
    QTest::mouseClick(next, Qt::LeftButton);

    // Step 4: "No network" first, the VDC's first network chosen; power on by default.
    QCOMPARE(wizard->currentId(), int(DeployWizard::NetworkPage));
    auto *network = wizard->findChild<QComboBox *>(u"networkBox"_s);
    QVERIFY(network->count() > 1);
    QVERIFY(network->itemData(0).toUrl().isEmpty());
    QCOMPARE(network->currentIndex(), 1);
    auto *powerOn = wizard->findChild<QCheckBox *>(u"powerOnCheck"_s);
    QVERIFY(powerOn->isChecked());
    QTest::keyClick(powerOn, Qt::Key_Space);
    QVERIFY(!powerOn->isChecked());
    const QString networkName = network->currentText();
    const QUrl networkHref = network->currentData().toUrl();
    QVERIFY(finish->isVisible() && finish->isEnabled());

    const int tasksBefore = m_explorer->tasks()->rowCount();
    QTest::mouseClick(finish, Qt::LeftButton);
    QCOMPARE(request.count, 1);
    QCOMPARE(request.session.data(), m_admin->session());
    QCOMPARE(request.connection,
             m_explorer->window()->model()->connectionIndex(m_admin->session()).data().toString());
    QCOMPARE(request.vdc.name, u"acme-prod-vdc"_s);
    QCOMPARE(InventoryNode::keyOf(request.vdc.href),
             InventoryNode::keyOf(vdc.data(InventoryModel::HrefRole).toUrl()));
    // The tenant body of the VDC: it carries the instantiate link.
    QVERIFY(ActionService::isAvailable(request.vdc, Action::InstantiateVAppTemplate));
    QCOMPARE(request.options.name, u"unit-vapp"_s);
    QCOMPARE(request.options.description, u"made by a test"_s);
    QCOMPARE(request.options.templateHref, templateHref);
    QCOMPARE(request.options.networkName, networkName);
    QCOMPARE(request.options.parentNetworkHref, networkHref);
    QVERIFY(!request.options.powerOn);
    QVERIFY(request.options.deploy);
    // The wizard only asks: nothing runs until someone acts on the request.
    QCOMPARE(m_explorer->tasks()->rowCount(), tasksBefore);
    QTRY_VERIFY(wizard.isNull());
}

void TestDeployWizard::acceptRefusesAnIncompleteWizard()
{
    const QModelIndex vdc = open(m_admin, {u"acme-corp"_s, u"acme-prod-vdc"_s});
    QVERIFY(vdc.isValid());
    Request request;
    QPointer<DeployWizard> wizard = openWizard(vdc, &request);
    // Nothing chosen yet.
    wizard->accept();
    QCOMPARE(request.count, 0);
    QVERIFY(wizard->isVisible());
    // Template and VDC, but no name yet.
    QTRY_VERIFY_WITH_TIMEOUT(wizard->templateList()->count() > 0, kWaitMs);
    wizard->templateList()->setCurrentRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->vdcReady(), kWaitMs);
    wizard->accept();
    QCOMPARE(request.count, 0);
    QVERIFY(wizard->isVisible());
    // "No network": the options carry none.
    wizard->networkBox()->setCurrentIndex(0);
    wizard->nameEdit()->setText(u"x"_s);
    QVERIFY(wizard->options().networkName.isEmpty());
    QVERIFY(wizard->options().parentNetworkHref.isEmpty());
    wizard->accept();
    QCOMPARE(request.count, 1);
    QVERIFY(request.options.networkName.isEmpty());
    QTRY_VERIFY(wizard.isNull());
}

void TestDeployWizard::vappUserMayNotCreateVApps()
{
    Connection *user = connectAs(u"vappuser"_s, u"acme-corp"_s);
    QVERIFY(user);
    const QModelIndex vdc = open(user, {u"acme-corp"_s, u"acme-dev-vdc"_s});
    QVERIFY(vdc.isValid());
    Request request;
    QPointer<DeployWizard> wizard = openWizard(vdc, &request);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->templateList()->count() > 0, kWaitMs);
    wizard->templateList()->setCurrentRow(0);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(DeployWizard::VdcPage));
    auto *state = wizard->findChild<QLabel *>(u"vdcState"_s);
    QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(u"may not create vApps in acme-dev-vdc"_s), kWaitMs);
    QVERIFY(!wizard->vdcReady());
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    wizard->accept();
    QCOMPARE(request.count, 0);
    wizard->reject();
    QTRY_VERIFY(wizard.isNull());
}

QTEST_MAIN(TestDeployWizard)
#include "tst_deploywizard.moc"
