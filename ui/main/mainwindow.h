#pragma once

// The window's shell: menus, toolbar, docks, status bar and the remembered layout, around the
// explorer's central panel (InventoryPanel over InventoryModel). It owns no feature of its own: the
// connect dialog, the action panels, the task pane and the API console add their menu entries,
// toolbar buttons and docks through menu(), toolBar() and addDockPanel(); the window keeps the
// layout they end up in.
//
//   ConnectionRegistry registry;
//   MainWindow window(&registry);
//   window.addDockPanel(console, Qt::BottomDockWidgetArea, QKeySequence(u"Ctrl+Shift+A"_s));
//   window.restoreLayout(); // after every dock is added, so their places are restored too
//   window.show();
//
// Every connection of the registry is a top-level row of the model (in the registry's order) and an
// entry of the status bar.

#include <QHash>
#include <QKeySequence>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QMessageBox;
class QToolBar;

namespace vcd {

class Connection;
class ConnectionRegistry;
class ConnectionStatusEntry;
class InventoryModel;
class InventoryPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Menu { File, Edit, View, Actions, Window, Help };
    Q_ENUM(Menu)
    // Actions the shell itself offers; features add their own to the menus.
    enum class StandardAction { Connect, Disconnect, Refresh, Quit, ResetLayout, About };
    Q_ENUM(StandardAction)

    explicit MainWindow(ConnectionRegistry *registry, QWidget *parent = nullptr);
    ~MainWindow() override;

    ConnectionRegistry *registry() const { return m_registry; }
    InventoryModel *model() const { return m_model; }
    InventoryPanel *inventoryPanel() const { return m_panel; }

    QMenu *menu(Menu which) const { return m_menus.value(which); }
    QToolBar *toolBar() const { return m_toolBar; }
    QAction *standardAction(StandardAction which) const { return m_actions.value(which); }

    // Adds a dock (it needs an objectName: the layout is remembered by it) with its toggle in the
    // Window menu, under `shortcut` when given. Hidden docks stay hidden until toggled.
    void addDockPanel(QDockWidget *dock, Qt::DockWidgetArea area, const QKeySequence &shortcut = {});
    QList<QDockWidget *> dockPanels() const { return m_docks; }

    // The connection the user is working in: the one of the current row, else the only one.
    Connection *currentConnection() const;
    // Makes the connection's row current and visible, and the window active (the same profile
    // connected twice, the quick switcher's jump).
    void focusConnection(Connection *connection);

    // Geometry, dock places and toolbar state from the settings (after every dock was added); saved
    // again when the window closes.
    void restoreLayout();
    void saveLayout() const;
    void resetLayout();

    // The permanent part of the status bar: every connection's entry (ConnectionStatusEntry), as text.
    QString connectionStatusText() const;
    ConnectionStatusEntry *statusEntry(Connection *connection) const
    {
        return m_statusEntries.value(connection);
    }

    // The About box (non-modal, deleted on close); returned for tests.
    QMessageBox *showAbout();

Q_SIGNALS:
    // File › Connect… (Ctrl+L): the app opens the connect dialog.
    void connectRequested();
    // A connection's status-bar entry offered Reconnect (it needs a password).
    void reconnectRequested(vcd::Connection *connection);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createMenus();
    QAction *addStandardAction(StandardAction which, Menu menu, const QString &text,
                               const QKeySequence &shortcut, const QString &objectName);
    void onConnectionAdded(Connection *connection);
    void onConnectionRemoved(Connection *connection);
    void updateConnectionStatus();
    void updateActions();

    ConnectionRegistry *m_registry = nullptr;
    InventoryModel *m_model = nullptr;
    InventoryPanel *m_panel = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLabel *m_noConnectionLabel = nullptr;
    QHash<Connection *, ConnectionStatusEntry *> m_statusEntries;
    QHash<Menu, QMenu *> m_menus;
    QHash<StandardAction, QAction *> m_actions;
    QList<QDockWidget *> m_docks;
    QByteArray m_defaultState;      // the layout before restoreLayout(), for "Reset layout"
    bool m_sizeDocksOnShow = false; // no remembered layout: docks get their default share when shown

    void sizeDocksByDefault();
};

} // namespace vcd
