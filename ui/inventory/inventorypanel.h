#pragma once

// The explorer's central panel: the inventory tree over InventoryModel and, beside it, the details of
// the selected row. Loading is lazy: expanding a row loads its children (InventoryModel::fetchMore).
// A load that failed collapses its row again, so expanding it once more retries; the row's context
// menu offers Retry / Refresh too. A connection row is expanded when its session logs in.
//
//   InventoryPanel panel(&model);
//   connect(&panel, &InventoryPanel::statusMessage, statusBar(), &QStatusBar::showMessage);

#include <QModelIndex>
#include <QPersistentModelIndex>
#include <QWidget>

class QMenu;
class QTreeView;
class QTreeWidget;

namespace vcd {

class InventoryModel;
class Session;

class InventoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InventoryPanel(InventoryModel *model, QWidget *parent = nullptr);
    ~InventoryPanel() override;

    InventoryModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    // Two columns, property and value: the selected row's query-record attributes and, once read, its
    // details (for a connection: URL, org, user, API version and state).
    QTreeWidget *detailsView() const { return m_details; }
    // The selected row (column 0), or invalid.
    QModelIndex currentIndex() const;

    // Forgets the row's children and loads them again, expanding the row (Retry / Refresh).
    void reload(const QModelIndex &index);
    // The context menu for a row (the caller owns it); empty when nothing applies. Public so that a
    // test can trigger its actions without running the menu's own event loop.
    QMenu *createContextMenu(const QModelIndex &index);

    // Called by the window when a connection's session has logged in: its row opens.
    void connectionLoggedIn(Session *session);

Q_SIGNALS:
    // A sentence for the status bar (timeout 0 = until cleared); empty text clears it.
    void statusMessage(const QString &text, int timeoutMs);
    void currentChanged(const QModelIndex &index);
    // A row's context menu is being built (synchronously, from createContextMenu): features append their
    // entries to `menu` here (Export…, Copy as…, actions). `index` is the row's column 0.
    void contextMenuRequested(QMenu *menu, const QModelIndex &index);

private:
    void showDetails(const QModelIndex &index);
    void onLoadStateChanged(const QModelIndex &index, int state);
    void showContextMenu(const QPoint &pos);

    InventoryModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QTreeWidget *m_details = nullptr;
    QPersistentModelIndex m_errorIndex; // the row the status bar's error message is about
};

} // namespace vcd
