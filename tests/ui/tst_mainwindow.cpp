// MainWindow, the shell, against vcd-sim (in-process, port 0): every connection of the registry is a
// row and a status-bar entry; the menus and shortcuts a desktop user expects are there; Disconnect
// logs the session out on the server and removes only its row; docks added by features appear in the
// Window menu and their layout is remembered; the About box does not block.

#include "common/httpclient.h"
#include "common/simfixture.h"
#include "core/buildinfo.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "sim/vcdsimulator.h"
#include "ui/common/uisettings.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QHostInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::VcdSimulator;
using LoadState = vcd::InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

Profile profileFor(const VcdSimulator &sim, const QString &name, const QString &user, const QString &org)
{
    Profile p;
    p.name = name;
    p.url = sim.baseUrl();
    p.user = user;
    p.org = org;
    p.proxyMode = Profile::ProxyMode::None;
    return p;
}

QStringList topLevelNames(const QAbstractItemModel *model)
{
    QStringList names;
    for (int r = 0; r < model->rowCount(); ++r)
        names << model->index(r, 0).data().toString();
    return names;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void menusAndShortcuts();
    void connectionsAreRowsAndStatus();
    void unencryptedHttpIsShown();
    void disconnectLogsOutOneConnection();
    void docksAreListedAndLayoutRemembered();
    void aBottomDockLeavesTheTreeTheMainShare();
    void aboutDoesNotBlock();

private:
    std::unique_ptr<VcdSimulator> m_sim;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    UiSettings().clear();
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
}

void TestMainWindow::cleanupTestCase()
{
    UiSettings().clear();
    m_sim.reset();
}

void TestMainWindow::menusAndShortcuts()
{
    ConnectionRegistry registry;
    MainWindow window(&registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), u"VCD Explorer"_s);

    QStringList titles;
    const QList<QAction *> menus = window.menuBar()->actions();
    for (const QAction *a : menus)
        titles << a->text().remove(u'&');
    QCOMPARE(titles, (QStringList{u"File"_s, u"Edit"_s, u"View"_s, u"Actions"_s, u"Window"_s, u"Help"_s}));
    for (auto which : {MainWindow::Menu::File, MainWindow::Menu::Edit, MainWindow::Menu::View,
                       MainWindow::Menu::Actions, MainWindow::Menu::Window, MainWindow::Menu::Help})
        QVERIFY(window.menu(which));

    QCOMPARE(window.standardAction(MainWindow::StandardAction::Connect)->shortcut(),
             QKeySequence(u"Ctrl+L"_s));
    QCOMPARE(window.standardAction(MainWindow::StandardAction::Refresh)->shortcut(),
             QKeySequence(Qt::Key_F5));
    QCOMPARE(window.standardAction(MainWindow::StandardAction::Quit)->shortcut(), QKeySequence(u"Ctrl+Q"_s));
    // Nothing to disconnect yet.
    QVERIFY(!window.standardAction(MainWindow::StandardAction::Disconnect)->isEnabled());
    QCOMPARE(window.connectionStatusText(), u"No connection"_s);

    // Ctrl+L, typed, asks for the connect dialog.
    QSignalSpy connectAsked(&window, &MainWindow::connectRequested);
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(connectAsked.count(), 1);
    // The toolbar carries Connect and Refresh.
    QVERIFY(window.toolBar()->actions().contains(window.standardAction(MainWindow::StandardAction::Connect)));
    QVERIFY(window.toolBar()->actions().contains(window.standardAction(MainWindow::StandardAction::Refresh)));
    QVERIFY(!window.inventoryPanel()->view()->accessibleName().isEmpty());
}

void TestMainWindow::connectionsAreRowsAndStatus()
{
    ConnectionRegistry registry;
    auto adminSession = test::logIn(*m_sim, u"administrator"_s, u"System"_s);
    QVERIFY(adminSession);
    registry.adopt(profileFor(*m_sim, u"provider"_s, u"administrator"_s, u"System"_s), adminSession.get());

    MainWindow window(&registry); // a connection that existed before the window is shown too
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    Connection *tenant = registry.open(profileFor(*m_sim, u"globex"_s, u"orgadmin"_s, u"globex"_s));
    QCOMPARE(topLevelNames(window.model()), (QStringList{u"provider"_s, u"globex"_s}));
    QTRY_VERIFY(window.connectionStatusText().contains(u"globex: disconnected"_s));
    QVERIFY2(window.connectionStatusText().contains(u"provider: connected as administrator@System"_s),
             qPrintable(window.connectionStatusText()));

    // Logging in updates the entry and opens the row.
    tenant->session()->login(test::sessionSettings(m_sim->baseUrl(), u"orgadmin"_s, u"globex"_s), u"demo"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.connectionStatusText().contains(u"globex: connected as orgadmin@globex"_s), kWaitMs);
    const QModelIndex row = window.model()->connectionIndex(tenant->session());
    QTRY_COMPARE_WITH_TIMEOUT(LoadState(row.data(InventoryModel::LoadStateRole).toInt()), LoadState::Loaded,
                              kWaitMs);
    QVERIFY(window.inventoryPanel()->view()->isExpanded(window.inventoryPanel()->viewIndex(row)));

    // The row of a session that goes away goes with it.
    adminSession.reset();
    QTRY_COMPARE(topLevelNames(window.model()), QStringList{u"globex"_s});
    QTRY_VERIFY(!window.connectionStatusText().contains(u"provider"_s));
}

// A profile that opted in to plain http:// to a host that is not loopback (here this machine's own
// name: the address checks the name, not where it resolves) carries a warning in the status bar for as
// long as it is connected; over loopback there is none.
void TestMainWindow::unencryptedHttpIsShown()
{
    const QString host = QHostInfo::localHostName();
    const QList<QHostAddress> addresses = QHostInfo::fromName(host).addresses();
    QVERIFY2(!addresses.isEmpty(), qPrintable(u"this machine's name does not resolve: "_s + host));
    sim::SimConfig cfg;
    cfg.address = addresses.first();
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    QUrl url(u"http://x"_s);
    url.setHost(host);
    url.setPort(sim->baseUrl().port());

    ConnectionRegistry registry;
    MainWindow window(&registry);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Profile p = profileFor(*sim, u"lab"_s, u"orgadmin"_s, u"acme-corp"_s);
    p.url = url;
    p.allowInsecureHttp = true;
    Connection *lab = registry.open(p);
    Connection *safe = registry.open(profileFor(*m_sim, u"loop"_s, u"orgadmin"_s, u"acme-corp"_s));
    SessionSettings settings = test::sessionSettings(url, u"orgadmin"_s, u"acme-corp"_s);
    settings.allowInsecureHttp = true;
    lab->session()->login(settings, u"demo"_s);
    safe->session()->login(test::sessionSettings(m_sim->baseUrl(), u"orgadmin"_s, u"acme-corp"_s), u"demo"_s);
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionStatusText().contains(u"lab: connected"_s) &&
                                 window.connectionStatusText().contains(u"loop: connected"_s),
                             kWaitMs);
    const QStringList parts = window.connectionStatusText().split(u"  ·  "_s);
    QCOMPARE(parts.size(), 2);
    QVERIFY2(parts[0].contains(u"UNENCRYPTED"_s), qPrintable(parts[0]));
    QVERIFY2(!parts[1].contains(u"UNENCRYPTED"_s), qPrintable(parts[1]));

    // Logged out, the warning goes with the session.
    lab->session()->logout();
    QTRY_VERIFY_WITH_TIMEOUT(!window.connectionStatusText().contains(u"UNENCRYPTED"_s), kWaitMs);
}

void TestMainWindow::disconnectLogsOutOneConnection()
{
    ConnectionRegistry registry;
    MainWindow window(&registry);
    window.show();
    Connection *a = registry.open(profileFor(*m_sim, u"acme"_s, u"orgadmin"_s, u"acme-corp"_s));
    Connection *b = registry.open(profileFor(*m_sim, u"initech"_s, u"orgadmin"_s, u"initech"_s));
    // The same profile twice is the same connection.
    bool existed = false;
    QCOMPARE(registry.open(a->profile(), &existed), a);
    QVERIFY(existed);
    QCOMPARE(registry.count(), 2);

    QSignalSpy aIn(a->session(), &Session::loggedIn);
    QSignalSpy bIn(b->session(), &Session::loggedIn);
    a->session()->login(test::sessionSettings(m_sim->baseUrl(), u"orgadmin"_s, u"acme-corp"_s), u"demo"_s);
    b->session()->login(test::sessionSettings(m_sim->baseUrl(), u"orgadmin"_s, u"initech"_s), u"demo"_s);
    QVERIFY(aIn.wait(kWaitMs) || aIn.count() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(bIn.count(), 1, kWaitMs);
    const auto token = a->session()->currentTokenHeader();
    QVERIFY(!token.second.isEmpty());
    const QString version = a->session()->apiVersion();

    // Select a's row, then File › Disconnect.
    const QModelIndex aRow = window.model()->connectionIndex(a->session());
    window.inventoryPanel()->setCurrentIndex(aRow);
    QAction *disconnect = window.standardAction(MainWindow::StandardAction::Disconnect);
    QVERIFY(disconnect->isEnabled());
    QCOMPARE(window.currentConnection(), a);
    QSignalSpy removed(&registry, &ConnectionRegistry::connectionRemoved);
    disconnect->trigger();
    QCOMPARE(removed.count(), 1);
    QCOMPARE(topLevelNames(window.model()), QStringList{u"initech"_s});
    QCOMPARE(registry.connections(), QList<Connection *>{b});
    QVERIFY(b->session()->isConnected());

    // The server forgot the session: its token no longer opens anything.
    test::HttpClient http;
    http.setApiVersion(version);
    QTRY_COMPARE_WITH_TIMEOUT(http.get(QUrl(m_sim->baseUrl().toString() + u"/api/session"_s), {token}).status,
                              401, kWaitMs);
    QTRY_VERIFY(!window.connectionStatusText().contains(u"acme"_s));
}

void TestMainWindow::docksAreListedAndLayoutRemembered()
{
    UiSettings().clear();
    auto makeDock = [] {
        auto *dock = new QDockWidget(u"Test panel"_s);
        dock->setObjectName(u"testDock"_s);
        dock->setWidget(new QLabel(u"content"_s));
        return dock;
    };
    const QKeySequence shortcut(u"Ctrl+Shift+D"_s);
    {
        ConnectionRegistry registry;
        MainWindow window(&registry);
        QDockWidget *dock = makeDock();
        window.addDockPanel(dock, Qt::RightDockWidgetArea, shortcut);
        window.restoreLayout(); // nothing saved yet: the default layout stays
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(dock->isVisible());
        QAction *toggle = dock->toggleViewAction();
        QVERIFY(window.menu(MainWindow::Menu::Window)->actions().contains(toggle));
        QCOMPARE(toggle->shortcut(), shortcut);
        // The shortcut hides it, as the menu entry does.
        QTest::keySequence(&window, shortcut);
        QTRY_VERIFY(!dock->isVisible());
        window.close(); // saves the layout
    }
    {
        ConnectionRegistry registry;
        MainWindow window(&registry);
        QDockWidget *dock = makeDock();
        window.addDockPanel(dock, Qt::RightDockWidgetArea, shortcut);
        window.restoreLayout();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(!dock->isVisible(), "the hidden dock stays hidden after a restart");
        window.standardAction(MainWindow::StandardAction::ResetLayout)->trigger();
        QTRY_VERIFY(dock->isVisible());
    }
}

void TestMainWindow::aBottomDockLeavesTheTreeTheMainShare()
{
    // A dock whose content asks for a lot of height (as the API console's table and body viewer do)
    // gets about a third of the window on first start and after Reset layout, not most of it.
    UiSettings().clear();
    ConnectionRegistry registry;
    MainWindow window(&registry);
    auto *dock = new QDockWidget(u"Tall panel"_s);
    dock->setObjectName(u"tallDock"_s);
    auto *content = new QLabel(u"content"_s);
    content->setMinimumHeight(50);
    content->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    content->setText(QString(u"line\n"_s).repeated(60)); // a size hint of some 60 lines
    dock->setWidget(content);
    window.addDockPanel(dock, Qt::BottomDockWidgetArea, QKeySequence());
    window.restoreLayout();
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY2(dock->height() <= window.height() * 4 / 10, qPrintable(QString::number(dock->height())));
    QVERIFY(dock->height() >= 150);
    // The user makes it tall; Reset layout gives the tree its share back.
    window.resizeDocks({dock}, {600}, Qt::Vertical);
    QTRY_VERIFY(dock->height() > window.height() / 2);
    window.standardAction(MainWindow::StandardAction::ResetLayout)->trigger();
    QTRY_VERIFY2(dock->height() <= window.height() * 4 / 10, qPrintable(QString::number(dock->height())));
}

void TestMainWindow::aboutDoesNotBlock()
{
    ConnectionRegistry registry;
    MainWindow window(&registry);
    window.show();
    QPointer<QMessageBox> box = window.showAbout(); // returns at once: open(), not exec()
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    // What `vcd-explorer --version` prints: version, Qt and commit.
    QVERIFY(box->text().contains(buildVersion()));
    QVERIFY(box->informativeText().contains(QString::fromLatin1(qVersion())));
    QVERIFY(box->informativeText().contains(buildCommit()));
    box->close();
    QTRY_VERIFY(box.isNull()); // deleted on close
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
