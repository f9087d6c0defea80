#include "ui/main/mainwindow.h"

#include "core/buildinfo.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "ui/common/uisettings.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/connectionstatusentry.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

// Settings keys, declared once.
constexpr QLatin1String kGeometryKey{"window/geometry"};
constexpr QLatin1String kStateKey{"window/state"};
// Bumped when the set of docks changes shape, so an old saved state is not forced onto new docks.
constexpr int kStateVersion = 1;

} // namespace

MainWindow::MainWindow(ConnectionRegistry *registry, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(registry)
    , m_model(new InventoryModel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("VCD Explorer"));
    setDockNestingEnabled(true);

    m_panel = new InventoryPanel(m_model);
    setCentralWidget(m_panel);
    connect(m_panel, &InventoryPanel::statusMessage, this, [this](const QString &text, int timeoutMs) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(text, timeoutMs);
    });
    connect(m_panel, &InventoryPanel::currentChanged, this, &MainWindow::updateActions);

    m_toolBar = new QToolBar(tr("Main toolbar"));
    m_toolBar->setObjectName(u"mainToolBar"_s);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addToolBar(Qt::TopToolBarArea, m_toolBar);

    createMenus();

    m_noConnectionLabel = new QLabel(tr("No connection"));
    m_noConnectionLabel->setObjectName(u"connectionStatus"_s);
    m_noConnectionLabel->setAccessibleName(tr("Connections"));
    statusBar()->addPermanentWidget(m_noConnectionLabel);

    resize(1280, 800);

    connect(m_registry, &ConnectionRegistry::connectionAdded, this, &MainWindow::onConnectionAdded);
    connect(m_registry, &ConnectionRegistry::connectionRemoved, this, &MainWindow::onConnectionRemoved);
    const QList<Connection *> existing = m_registry->connections();
    for (Connection *c : existing)
        onConnectionAdded(c);
    updateConnectionStatus();
    updateActions();
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::addStandardAction(StandardAction which, Menu menu, const QString &text,
                                       const QKeySequence &shortcut, const QString &objectName)
{
    auto *action = new QAction(text, this);
    action->setObjectName(objectName);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    m_menus.value(menu)->addAction(action);
    m_actions.insert(which, action);
    return action;
}

void MainWindow::createMenus()
{
    const std::pair<Menu, QString> menus[] = {
        {Menu::File, tr("&File")},       {Menu::Edit, tr("&Edit")},     {Menu::View, tr("&View")},
        {Menu::Actions, tr("&Actions")}, {Menu::Window, tr("&Window")}, {Menu::Help, tr("&Help")},
    };
    const QString names[] = {u"fileMenu"_s,    u"editMenu"_s,   u"viewMenu"_s,
                             u"actionsMenu"_s, u"windowMenu"_s, u"helpMenu"_s};
    int i = 0;
    for (const auto &[which, title] : menus) {
        QMenu *m = menuBar()->addMenu(title);
        m->setObjectName(names[i++]);
        m_menus.insert(which, m);
    }

    QAction *connectAction = addStandardAction(StandardAction::Connect, Menu::File, tr("&Connect…"),
                                               QKeySequence(u"Ctrl+L"_s), u"connectAction"_s);
    connectAction->setToolTip(tr("Connect to a cloud with a saved profile, or create one (Ctrl+L)"));
    connect(connectAction, &QAction::triggered, this, &MainWindow::connectRequested);
    m_toolBar->addAction(connectAction);

    QAction *disconnectAction = addStandardAction(StandardAction::Disconnect, Menu::File, tr("&Disconnect"),
                                                  QKeySequence(), u"disconnectAction"_s);
    disconnectAction->setToolTip(tr("Log out of the selected connection and remove it from the tree"));
    connect(disconnectAction, &QAction::triggered, this, [this] {
        if (Connection *c = currentConnection())
            m_registry->close(c);
    });
    m_menus.value(Menu::File)->addSeparator();

    QAction *quit = addStandardAction(StandardAction::Quit, Menu::File, tr("&Quit"),
                                      QKeySequence(u"Ctrl+Q"_s), u"quitAction"_s);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QAction *refresh = addStandardAction(StandardAction::Refresh, Menu::View, tr("&Refresh"),
                                         QKeySequence::Refresh, u"refreshAction"_s);
    refresh->setToolTip(tr("Read the selected row and what is loaded below it again (F5)"));
    connect(refresh, &QAction::triggered, this, [this] {
        const QModelIndex current = m_panel->currentIndex();
        if (current.isValid())
            m_panel->reload(current);
        else
            m_model->refreshAll();
    });
    m_toolBar->addAction(refresh);

    m_menus.value(Menu::Window)->addSeparator();
    QAction *reset = addStandardAction(StandardAction::ResetLayout, Menu::Window, tr("&Reset layout"),
                                       QKeySequence(), u"resetLayoutAction"_s);
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);

    QAction *about = addStandardAction(StandardAction::About, Menu::Help, tr("&About VCD Explorer"),
                                       QKeySequence(), u"aboutAction"_s);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { showAbout(); });
    QAction *aboutQt = m_menus.value(Menu::Help)->addAction(tr("About &Qt"));
    aboutQt->setObjectName(u"aboutQtAction"_s);
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::addDockPanel(QDockWidget *dock, Qt::DockWidgetArea area, const QKeySequence &shortcut)
{
    Q_ASSERT_X(!dock->objectName().isEmpty(), "MainWindow::addDockPanel",
               "the layout is saved by objectName");
    addDockWidget(area, dock);
    m_docks.append(dock);
    QAction *toggle = dock->toggleViewAction();
    if (!shortcut.isEmpty())
        toggle->setShortcut(shortcut);
    // Docks go above the separator that precedes "Reset layout".
    QMenu *window = m_menus.value(Menu::Window);
    window->insertAction(m_actions.value(StandardAction::ResetLayout), toggle);
    const QList<QAction *> actions = window->actions();
    const qsizetype separatorAt = actions.indexOf(m_actions.value(StandardAction::ResetLayout)) - 1;
    if (separatorAt >= 0 && !actions.at(separatorAt)->isSeparator())
        window->insertSeparator(m_actions.value(StandardAction::ResetLayout));
}

Connection *MainWindow::currentConnection() const
{
    const QModelIndex current = m_panel->currentIndex();
    if (current.isValid()) {
        QModelIndex top = current;
        while (top.parent().isValid())
            top = top.parent();
        auto *session = qobject_cast<Session *>(top.data(InventoryModel::SessionRole).value<QObject *>());
        if (Connection *c = m_registry->forSession(session))
            return c;
    }
    return m_registry->count() == 1 ? m_registry->connections().constFirst() : nullptr;
}

void MainWindow::focusConnection(Connection *connection)
{
    if (!connection || !connection->session())
        return;
    const QModelIndex row = m_model->connectionIndex(connection->session());
    if (row.isValid()) {
        // The view shows the model through the panel's filter and decoration: its own index, not the
        // model's.
        m_panel->setCurrentIndex(row);
        m_panel->view()->scrollTo(m_panel->viewIndex(row));
        m_panel->view()->setFocus();
    }
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
}

void MainWindow::onConnectionAdded(Connection *connection)
{
    Session *session = connection->session();
    if (!session)
        return;
    m_model->addConnection(session, connection->label());
    connect(connection, &Connection::stateChanged, this, [this] {
        updateConnectionStatus();
        updateActions();
    });
    connect(session, &Session::loggedIn, this, [this, session] { m_panel->connectionLoggedIn(session); });
    if (session->isConnected())
        m_panel->connectionLoggedIn(session);

    // Its entry in the status bar, in the registry's order (entries are appended as they come).
    auto *entry = new ConnectionStatusEntry(connection);
    connect(entry, &ConnectionStatusEntry::reconnectRequested, this, &MainWindow::reconnectRequested);
    connect(entry, &ConnectionStatusEntry::activated, this, &MainWindow::focusConnection);
    m_statusEntries.insert(connection, entry);
    statusBar()->addPermanentWidget(entry);
    updateConnectionStatus();
    updateActions();
}

void MainWindow::onConnectionRemoved(Connection *connection)
{
    if (Session *session = connection->session())
        m_model->removeConnection(session);
    disconnect(connection, nullptr, this, nullptr);
    if (connection->session())
        disconnect(connection->session(), nullptr, this, nullptr);
    if (ConnectionStatusEntry *entry = m_statusEntries.take(connection)) {
        statusBar()->removeWidget(entry);
        entry->deleteLater();
    }
    updateConnectionStatus();
    updateActions();
}

void MainWindow::updateConnectionStatus()
{
    m_noConnectionLabel->setVisible(m_statusEntries.isEmpty());
}

void MainWindow::updateActions()
{
    m_actions.value(StandardAction::Disconnect)->setEnabled(currentConnection() != nullptr);
}

QString MainWindow::connectionStatusText() const
{
    QStringList parts;
    const QList<Connection *> all = m_registry->connections();
    for (Connection *c : all)
        if (const ConnectionStatusEntry *entry = m_statusEntries.value(c))
            parts << entry->text();
    return parts.isEmpty() ? m_noConnectionLabel->text() : parts.join(u"  ·  "_s);
}

void MainWindow::restoreLayout()
{
    m_defaultState = saveState(kStateVersion);
    UiSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value(kStateKey).toByteArray();
    // A state from another layout version (or a corrupt one) is ignored; the default stays.
    m_sizeDocksOnShow = state.isEmpty() || !restoreState(state, kStateVersion);
}

void MainWindow::sizeDocksByDefault()
{
    // A dock's size hint is its whole content (the console's table, its body viewer): left to it, a
    // bottom dock takes most of the window on first start. The tree stays the main thing.
    QList<QDockWidget *> bottom;
    QList<int> heights;
    for (QDockWidget *dock : std::as_const(m_docks)) {
        if (dock->isVisible() && !dock->isFloating() && dockWidgetArea(dock) == Qt::BottomDockWidgetArea) {
            bottom << dock;
            heights << std::max(180, height() * 3 / 10);
        }
    }
    if (!bottom.isEmpty())
        resizeDocks(bottom, heights, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_sizeDocksOnShow) {
        m_sizeDocksOnShow = false;
        // After the first layout, when the window has its real height.
        QTimer::singleShot(0, this, [this] { sizeDocksByDefault(); });
    }
}

void MainWindow::saveLayout() const
{
    UiSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kStateVersion));
}

void MainWindow::resetLayout()
{
    if (!m_defaultState.isEmpty())
        restoreState(m_defaultState, kStateVersion);
    sizeDocksByDefault();
}

QMessageBox *MainWindow::showAbout()
{
    auto *box = new QMessageBox(this);
    box->setObjectName(u"aboutDialog"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About VCD Explorer"));
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setText(tr("<h3>VCD Explorer %1</h3>").arg(buildVersion()));
    // The same lines as `vcd-explorer --version`, so a bug report says the same from either.
    box->setInformativeText(tr("A desktop explorer for VMware Cloud Director, API 5.1 to 39.x.") +
                            u"<pre>"_s + buildInfoText().toHtmlEscaped() + u"</pre>"_s);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setStandardButtons(QMessageBox::Close);
    box->open();
    return box;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace vcd
