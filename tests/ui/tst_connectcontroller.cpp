// ConnectController, the connect feature of the real window (Explorer) against vcd-sim in-process:
// two clouds connected at once and one disconnected, the others untouched; the quick switcher reaches a
// profile by typing alone (and opens the dialog on it when no secret is stored); an expired session
// without a stored secret asks in place — one prompt, the tree kept, the held loads continuing after
// the password — and "Later" leaves the connection waiting with Reconnect in its status-bar entry.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profilestore.h"
#include "sim/vcdsimulator.h"
#include "ui/common/uisettings.h"
#include "ui/connect/connectcontroller.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/passwordprompt.h"
#include "ui/connect/profileform.h"
#include "ui/connect/quickswitcher.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/connectionstatusentry.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
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
using LoadState = vcd::InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = test::kSimWaitMs;

QList<PasswordPrompt *> visiblePrompts()
{
    QList<PasswordPrompt *> prompts;
    const QList<QWidget *> all = QApplication::topLevelWidgets();
    for (QWidget *w : all)
        if (auto *p = qobject_cast<PasswordPrompt *>(w); p && p->isVisible())
            prompts << p;
    return prompts;
}

QStringList childNames(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList names;
    for (int r = 0; r < model->rowCount(parent); ++r)
        names << model->index(r, 0, parent).data().toString();
    return names;
}

QModelIndex childNamed(const QAbstractItemModel *model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model->rowCount(parent); ++r)
        if (model->index(r, 0, parent).data().toString() == name)
            return model->index(r, 0, parent);
    return {};
}

// The application as `vcd-explorer` assembles it, on a temporary profiles file and a memory secret store.
struct App
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<Explorer> explorer;

    App()
    {
        explorer = std::make_unique<Explorer>(
            Explorer::Options{.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
        window()->show();
        activate();
    }
    ~App() { explorer->registry()->closeAll(); }
    MainWindow *window() const { return explorer->window(); }
    ConnectController *controller() const { return explorer->connectController(); }
    void activate() const
    {
        window()->activateWindow();
        (void)QTest::qWaitForWindowActive(window());
    }
    // A stored profile for `sim`; with `secret`, remembered in the (memory) keychain.
    Profile store(const sim::VcdSimulator &sim, const QString &name, const QString &org, const QString &user,
                  const QString &secret = QString())
    {
        Profile p;
        p.name = name;
        p.url = sim.baseUrl();
        p.org = org;
        p.user = user;
        p.proxyMode = Profile::ProxyMode::None;
        p.rememberSecret = !secret.isEmpty();
        if (!secret.isEmpty()) {
            QSignalSpy written(&secrets, &SecretStore::secretWritten);
            secrets.writeSecret(p.secretKeyPassword(), secret);
            if (!written.wait(kWaitMs))
                qWarning() << "secret not written";
        }
        if (!explorer->profiles()->upsert(p) || !explorer->profiles()->save())
            qWarning() << "profile not saved";
        return p;
    }
    // Ctrl+K, the name typed, Enter: as a user switches.
    void switchTo(const QString &typed) const
    {
        activate();
        QTest::keyClick(window(), Qt::Key_K, Qt::ControlModifier);
        QuickSwitcher *s = controller()->switcher();
        QTRY_VERIFY(s->isVisible());
        auto *filter = s->findChild<QLineEdit *>(u"switcherFilter"_s);
        QVERIFY(filter && filter->hasFocus());
        QTest::keyClicks(filter, typed);
        QTest::keyClick(filter, Qt::Key_Return);
        QTRY_VERIFY(!s->isVisible());
    }
};

} // namespace

class TestConnectController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void twoCloudsAtOnceOneDisconnected();
    void switcherReachesAProfileByTyping();
    void switcherWithoutSecretOpensTheDialog();
    void expiryAsksInPlaceAndTheTreeContinues();
    void laterLeavesReconnect();
};

void TestConnectController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_connectcontroller"_s);
}

void TestConnectController::init()
{
    UiSettings().clear();
}

void TestConnectController::twoCloudsAtOnceOneDisconnected()
{
    auto first = test::startSimulator();
    auto second = test::startSimulator();
    QVERIFY(first && second);
    App app;
    const Profile acme = app.store(*first, u"Acme"_s, u"acme-corp"_s, u"orgadmin"_s, u"demo"_s);
    const Profile provider = app.store(*second, u"Provider"_s, u"System"_s, u"administrator"_s, u"demo"_s);
    app.controller()->connectProfile(acme.id);
    app.controller()->connectProfile(provider.id);
    ConnectionRegistry *registry = app.explorer->registry();
    QTRY_COMPARE_WITH_TIMEOUT(registry->count(), 2, kWaitMs);
    Connection *a = registry->find(acme.id);
    Connection *b = registry->find(provider.id);
    QVERIFY(a && b);
    QTRY_COMPARE_WITH_TIMEOUT(a->state(), Connection::State::Connected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(b->state(), Connection::State::Connected, kWaitMs);
    InventoryModel *model = app.window()->model();
    const QModelIndex bRow = model->connectionIndex(b->session());
    QTRY_VERIFY_WITH_TIMEOUT(childNames(model, bRow).contains(u"globex"_s), kWaitMs);
    QVERIFY(app.window()->connectionStatusText().contains(u"Acme: connected as orgadmin@acme-corp"_s));
    QVERIFY(app.window()->connectionStatusText().contains(u"Provider: connected as administrator@System"_s));

    // Disconnect on Acme's row: its session ends and its subtree goes; Provider stays as it was.
    app.window()->inventoryPanel()->setCurrentIndex(model->connectionIndex(a->session()));
    QAction *disconnect = app.window()->standardAction(MainWindow::StandardAction::Disconnect);
    QVERIFY(disconnect->isEnabled());
    disconnect->trigger();
    QTRY_COMPARE(registry->count(), 1);
    QCOMPARE(registry->connections().first(), b);
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(b->session()->isConnected());
    QVERIFY(childNames(model, model->connectionIndex(b->session())).contains(u"globex"_s));
    QTRY_VERIFY(!app.window()->connectionStatusText().contains(u"Acme"_s));
}

void TestConnectController::switcherReachesAProfileByTyping()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    const Profile acme = app.store(*sim, u"Acme production"_s, u"acme-corp"_s, u"orgadmin"_s, u"demo"_s);
    const Profile globex = app.store(*sim, u"Globex lab"_s, u"globex"_s, u"orgadmin"_s, u"demo"_s);

    // Typing part of a name and Enter connects it; nothing else is clicked.
    app.switchTo(u"glob"_s);
    ConnectionRegistry *registry = app.explorer->registry();
    QTRY_VERIFY_WITH_TIMEOUT(registry->find(globex.id), kWaitMs);
    Connection *g = registry->find(globex.id);
    QTRY_COMPARE_WITH_TIMEOUT(g->state(), Connection::State::Connected, kWaitMs);
    QCOMPARE(registry->count(), 1);
    QTRY_COMPARE(app.window()->inventoryPanel()->currentIndex(),
                 app.window()->model()->connectionIndex(g->session()));

    app.switchTo(u"acme"_s);
    QTRY_VERIFY_WITH_TIMEOUT(registry->find(acme.id), kWaitMs);
    Connection *a = registry->find(acme.id);
    QTRY_COMPARE_WITH_TIMEOUT(a->state(), Connection::State::Connected, kWaitMs);
    QTRY_COMPARE(app.window()->inventoryPanel()->currentIndex(),
                 app.window()->model()->connectionIndex(a->session()));

    // An open connection: Enter jumps to its row, no second login.
    const qint64 before = sim->requestCount();
    app.switchTo(u"globex"_s);
    QTRY_COMPARE(app.window()->inventoryPanel()->currentIndex(),
                 app.window()->model()->connectionIndex(g->session()));
    QCOMPARE(registry->count(), 2);
    QVERIFY(sim->requestCount() - before < 3);
}

void TestConnectController::switcherWithoutSecretOpensTheDialog()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    const Profile lab = app.store(*sim, u"Globex lab"_s, u"globex"_s, u"orgadmin"_s);
    app.switchTo(u"lab"_s);
    // No secret in the keychain: the dialog, on that profile, the password field ready.
    ConnectDialog *d = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((d = app.controller()->dialog()) && d->isVisible(), kWaitMs);
    QCOMPARE(d->form()->loadedProfile().id, lab.id);
    auto *secret = d->findChild<QLineEdit *>(u"secretEdit"_s);
    QTRY_COMPARE(d->focusWidget(), secret);
    QCOMPARE(app.explorer->registry()->count(), 0);
    // Typing it and Enter connects.
    QTest::keyClicks(secret, u"demo"_s);
    QTest::keyClick(secret, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    Connection *c = app.explorer->registry()->find(lab.id);
    QVERIFY(c);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
}

void TestConnectController::expiryAsksInPlaceAndTheTreeContinues()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    // Connected through the dialog with "remember" unticked: nothing is kept to renew silently.
    const Profile p = app.store(*sim, u"Provider"_s, u"System"_s, u"administrator"_s);
    ConnectDialog *d = app.controller()->showConnectDialog(p.id);
    QTest::keyClicks(d->findChild<QLineEdit *>(u"secretEdit"_s), u"demo"_s);
    QTest::mouseClick(d->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    Connection *c = app.explorer->registry()->find(p.id);
    QVERIFY(c);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    InventoryModel *model = app.window()->model();
    const QModelIndex row = model->connectionIndex(c->session());
    QTRY_VERIFY_WITH_TIMEOUT(childNames(model, row).contains(u"acme-corp"_s), kWaitMs);
    const QStringList orgs = childNames(model, row);

    // The server forgets idle sessions after a short while; the user opens two orgs after it did.
    sim->setSessionIdleTimeoutMs(1);
    sim->expireAllSessions();
    QTreeView *view = app.window()->inventoryPanel()->view();
    const QPersistentModelIndex acme = childNamed(model, row, u"acme-corp"_s);
    const QPersistentModelIndex globex = childNamed(model, row, u"globex"_s);
    QVERIFY(acme.isValid() && globex.isValid());
    view->expand(app.window()->inventoryPanel()->viewIndex(acme));
    view->expand(app.window()->inventoryPanel()->viewIndex(globex));

    // One prompt for the connection, not one per held call; the tree stays as it is.
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::NeedsPassword, kWaitMs);
    QTRY_COMPARE(visiblePrompts().size(), 1);
    PasswordPrompt *prompt = visiblePrompts().first();
    QCOMPARE(prompt, app.controller()->passwordPrompt(c));
    QVERIFY(!prompt->isModal());
    QCOMPARE(childNames(model, row), orgs);
    QVERIFY(app.window()->connectionStatusText().contains(u"needs password"_s));
    QCOMPARE(LoadState(acme.data(InventoryModel::LoadStateRole).toInt()), LoadState::Loading);

    // The password, Enter: the same connection continues, and the held loads finish.
    sim->setSessionIdleTimeoutMs(30 * 60 * 1000);
    auto *field = prompt->findChild<QLineEdit *>(u"secretField"_s);
    QTRY_VERIFY(field->hasFocus());
    QTest::keyClicks(field, u"demo"_s);
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    QTRY_VERIFY(visiblePrompts().isEmpty());
    QCOMPARE(app.explorer->registry()->find(p.id), c);
    QCOMPARE(model->connectionIndex(c->session()), QModelIndex(row));
    QTRY_COMPARE_WITH_TIMEOUT(LoadState(acme.data(InventoryModel::LoadStateRole).toInt()), LoadState::Loaded,
                              kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(LoadState(globex.data(InventoryModel::LoadStateRole).toInt()),
                              LoadState::Loaded, kWaitMs);
    QVERIFY(model->rowCount(acme) > 0);
    QVERIFY(app.window()->connectionStatusText().contains(u"Provider: connected"_s));
}

void TestConnectController::laterLeavesReconnect()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    App app;
    const Profile p = app.store(*sim, u"Acme"_s, u"acme-corp"_s, u"orgadmin"_s);
    ConnectDialog *d = app.controller()->showConnectDialog(p.id);
    QTest::keyClicks(d->findChild<QLineEdit *>(u"secretEdit"_s), u"demo"_s);
    QTest::mouseClick(d->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d->isVisible(), kWaitMs);
    Connection *c = app.explorer->registry()->find(p.id);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    InventoryModel *model = app.window()->model();
    const QModelIndex row = model->connectionIndex(c->session());
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(row) > 0, kWaitMs);

    sim->expireAllSessions();
    const QPersistentModelIndex vdc = model->index(0, 0, row);
    app.window()->inventoryPanel()->view()->expand(app.window()->inventoryPanel()->viewIndex(vdc));
    QTRY_COMPARE_WITH_TIMEOUT(visiblePrompts().size(), 1, kWaitMs);
    PasswordPrompt *prompt = visiblePrompts().first();

    // Later: no prompt, the connection waits with Reconnect in its status-bar entry.
    QTest::mouseClick(prompt->findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
    QTRY_VERIFY(visiblePrompts().isEmpty());
    QCOMPARE(c->state(), Connection::State::NeedsPassword);
    ConnectionStatusEntry *entry = app.window()->statusEntry(c);
    QVERIFY(entry);
    QTRY_VERIFY(entry->reconnectButton()->isVisible());
    QVERIFY(entry->text().contains(u"needs password"_s));
    // Another load while waiting does not ask again.
    app.window()->standardAction(MainWindow::StandardAction::Refresh)->trigger();
    QCoreApplication::processEvents();
    QVERIFY(visiblePrompts().isEmpty());

    // Reconnect asks again; the password continues the same connection.
    QTest::mouseClick(entry->reconnectButton(), Qt::LeftButton);
    QTRY_COMPARE(visiblePrompts().size(), 1);
    prompt = visiblePrompts().first();
    auto *field = prompt->findChild<QLineEdit *>(u"secretField"_s);
    QTest::keyClicks(field, u"demo"_s);
    QTest::mouseClick(prompt->findChild<QPushButton *>(u"loginButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::Connected, kWaitMs);
    QTRY_VERIFY(!entry->reconnectButton()->isVisible());
    QCOMPARE(app.explorer->registry()->count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(LoadState(vdc.data(InventoryModel::LoadStateRole).toInt()), LoadState::Loaded,
                              kWaitMs);
}

QTEST_MAIN(TestConnectController)
#include "tst_connectcontroller.moc"
