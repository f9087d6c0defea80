#pragma once

// The explorer's main window (docs/ARCHITECTURE.md, "How data walks"): the inventory tree over
// InventoryModel, a read-only details pane for the selected row, and a status bar with each connection's
// state and the last load error.
//
//   ExplorerWindow window;
//   window.addConnection(session, u"prod"_s); // the session logs in before or after; not owned
//   window.show();
//
// Loading is lazy: expanding a row loads its children (InventoryModel::fetchMore). A load that failed
// collapses its row again, so expanding it once more retries; the row's context menu offers
// Retry/Refresh too. When a connection's session logs in, its row is expanded (and a failed load of
// it retried).

#include <QList>
#include <QMainWindow>
#include <QModelIndex>
#include <QPersistentModelIndex>
#include <QPointer>

class QLabel;
class QMenu;
class QTreeView;
class QTreeWidget;

namespace vcd {

class InventoryModel;
class Session;

class ExplorerWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit ExplorerWindow(QWidget *parent = nullptr);
    ~ExplorerWindow() override;

    // Adds a top-level row for `session` (not owned; the row goes away when the session is
    // destroyed). Returns the row's index in model().
    QModelIndex addConnection(Session *session, const QString &label);

    InventoryModel *model() const { return m_model; }
    QTreeView *inventoryView() const { return m_view; }
    // Two columns, property and value: the selected row's query-record attributes (for a connection:
    // its URL, org, user, API version and state).
    QTreeWidget *detailsView() const { return m_details; }
    // The permanent part of the status bar: every connection and its state.
    QString connectionStatusText() const;

    // Forgets the row's children and loads them again, expanding the row (Retry / Refresh).
    void reload(const QModelIndex &index);
    // The context menu for a row (the caller owns it); empty when nothing applies. Public so that a
    // test can trigger its actions without running the menu's own event loop.
    QMenu *createContextMenu(const QModelIndex &index);

private:
    struct Connection
    {
        QPointer<Session> session;
        QString label;
    };

    void showDetails(const QModelIndex &index);
    void onLoadStateChanged(const QModelIndex &index, int state);
    void onLoggedIn(Session *session);
    void updateConnectionStatus();
    void showContextMenu(const QPoint &pos);

    InventoryModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QTreeWidget *m_details = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QList<Connection> m_connections;
    QPersistentModelIndex m_errorIndex; // the row the status bar's error message is about
};

} // namespace vcd
