#pragma once

// The explorer's central panel (docs/ARCHITECTURE.md, ui/inventory): a filter box over the inventory
// tree, the cloud-wide search results below it when asked for, and beside them the selected entity's
// details in tabs (DetailsTabs) and the action panel (ui/actions, put in by setActionPanel).
//
// Models: the view shows InventoryModel through InventoryDecorator (icons, tints, spinner, readable
// statuses) and InventoryFilter (filter and sort). The panel's own API speaks InventoryModel indexes
// (currentIndex(), reload(), createContextMenu(), contextMenuRequested); viewIndex() maps one to the
// view when a caller drives the view itself.
//
// Loading is lazy: expanding a row loads its children (InventoryModel::fetchMore). A load that failed
// collapses its row, shows the error sentence on the row with a Retry button, and expanding the row
// again retries too. A connection row is expanded when its session logs in.
//
//   InventoryPanel panel(&model);
//   panel.setRegistry(&registry);     // colour labels of the connections' profiles
//   connect(&panel, &InventoryPanel::statusMessage, statusBar(), &QStatusBar::showMessage);

#include <QModelIndex>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QToolButton;
class QTreeView;

namespace vcd {

class ActionRunner;
class ConnectionRegistry;
class DetailsTabs;
class InventoryDecorator;
class InventoryFilter;
class InventoryModel;
class InventorySearch;
class KindColumns;
class Session;

class InventoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InventoryPanel(InventoryModel *model, QWidget *parent = nullptr);
    ~InventoryPanel() override;

    InventoryModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    InventoryDecorator *decorator() const { return m_decorator; }
    InventoryFilter *filter() const { return m_filter; }
    DetailsTabs *details() const { return m_details; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QTreeView *searchResultsView() const { return m_searchView; }
    InventorySearch *search() const { return m_search; }
    KindColumns *kindColumns() const { return m_columns; }
    // The header's menu of columns per kind of row (what right-clicking the header opens).
    QMenu *createHeaderMenu();

    void setRegistry(ConnectionRegistry *registry);
    // For the Metadata tab's edits (each a real request with its task).
    void setActionRunner(ActionRunner *runner);
    // The action panel beside the details (ui/actions).
    void setActionPanel(QWidget *panel);

    // The current row (column 0 of InventoryModel), or invalid.
    QModelIndex currentIndex() const;
    // Every selected row (InventoryModel, column 0), the current one first.
    QModelIndexList selectedIndexes() const;
    // Makes an InventoryModel row current (and visible).
    void setCurrentIndex(const QModelIndex &inventoryIndex);
    // An InventoryModel index as the view's model knows it (invalid while filtered out).
    QModelIndex viewIndex(const QModelIndex &inventoryIndex) const;

    // Forgets the row's children and loads them again, expanding the row (Retry / Refresh).
    void reload(const QModelIndex &index);
    // The context menu for a row (the caller owns it); empty when nothing applies. Public so that a
    // test can trigger its actions without running the menu's own event loop.
    QMenu *createContextMenu(const QModelIndex &index);

    // Called by the window when a connection's session has logged in: its row opens.
    void connectionLoggedIn(Session *session);

    // Ctrl+F: the filter box takes the focus (its text selected).
    void focusFilter();
    // Enter in the filter box: the cloud-wide search over every connection of the model.
    void runSearch(const QString &text);
    // A search hit: expands the tree along its path and selects it.
    void revealHit(int row);

    // Column visibility and widths from / to UiSettings.
    void restoreColumns();
    void saveColumns() const;

Q_SIGNALS:
    // A sentence for the status bar (timeout 0 = until cleared); empty text clears it.
    void statusMessage(const QString &text, int timeoutMs);
    void currentChanged(const QModelIndex &index);
    void selectionChanged();
    // A row's context menu is being built (synchronously, from createContextMenu): features append their
    // entries to `menu` here (Export…, Copy as…, actions). `index` is the row's column 0.
    void contextMenuRequested(QMenu *menu, const QModelIndex &index);
    // Enter on a row: its details (the window may raise them).
    void detailsRequested(const QModelIndex &index);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onLoadStateChanged(const QModelIndex &index, int state);
    void showContextMenu(const QPoint &pos);
    void showHeaderMenu(const QPoint &pos);
    void onCurrentChanged(const QModelIndex &viewCurrent);
    void applyFilter();
    void setRetryWidget(const QModelIndex &inventoryIndex, bool failed);
    void applyKindColumns();

    InventoryModel *m_model = nullptr;
    InventoryDecorator *m_decorator = nullptr;
    InventoryFilter *m_filter = nullptr;
    InventorySearch *m_search = nullptr;
    KindColumns *m_columns = nullptr;
    QTreeView *m_view = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_filterInfo = nullptr;
    QWidget *m_searchBox = nullptr;
    QLabel *m_searchLabel = nullptr;
    QTreeView *m_searchView = nullptr;
    DetailsTabs *m_details = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QTimer *m_filterTimer = nullptr;
    QPointer<ConnectionRegistry> m_registry;
    QPersistentModelIndex m_errorIndex; // the row the status bar's error message is about
    QList<QPersistentModelIndex> m_retryRows;
};

} // namespace vcd
