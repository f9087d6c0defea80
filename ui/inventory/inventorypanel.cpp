#include "ui/inventory/inventorypanel.h"

#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/inventorysearch.h"
#include "core/net/session.h"
#include "ui/common/icons.h"
#include "ui/common/uisettings.h"
#include "ui/inventory/detailstabs.h"
#include "ui/inventory/inventorydecorator.h"
#include "ui/inventory/inventoryfilter.h"
#include "ui/inventory/kindcolumns.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using LoadState = InventoryNode::LoadState;

// Settings keys, declared once.
constexpr QLatin1String kHeaderKey{"inventory/header"};
constexpr QLatin1String kSplitterKey{"inventory/splitter"};
constexpr QLatin1String kRightSplitterKey{"inventory/detailsSplitter"};

// Beyond this many matches the filter does not expand every match's ancestors (the user narrows
// further); below it, every match is shown.
constexpr int kExpandMatchesLimit = 300;
// Rows selected together have their links read too (an action on several rows needs each one's), but
// not a whole select-all of thousands: one GET each, and those beyond this wait until they are current.
constexpr int kSelectionReadLimit = 100;

bool looksLikeIp(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (!c.isDigit() && c != u'.' && c != u'*')
            return false;
    }
    return text.contains(u'.');
}

} // namespace

InventoryPanel::InventoryPanel(InventoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_columns = new KindColumns(this);
    m_decorator = new InventoryDecorator(nullptr, this);
    m_decorator->setKindColumns(m_columns);
    m_decorator->setSourceModel(m_model);
    m_filter = new InventoryFilter(this);
    m_filter->setSourceModel(m_decorator);

    m_filterEdit = new QLineEdit;
    m_filterEdit->setObjectName(u"filterEdit"_s);
    m_filterEdit->setAccessibleName(tr("Filter"));
    m_filterEdit->setPlaceholderText(tr("Filter loaded rows (Ctrl+F) — Enter searches every connection"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->addAction(Icons::action(u"filter"_s, palette()), QLineEdit::LeadingPosition);
    m_filterEdit->setToolTip(tr("Type to narrow the loaded rows to those whose name (or IP address) contains "
                                "the text, with their parents. Press Enter to search every open connection, "
                                "loaded or not."));
    m_filterInfo = new QLabel;
    m_filterInfo->setObjectName(u"filterInfo"_s);
    m_filterInfo->setAccessibleName(tr("Filter result"));
    m_filterInfo->setVisible(false);

    m_view = new QTreeView;
    m_view->setObjectName(u"inventoryView"_s);
    m_view->setAccessibleName(tr("Inventory"));
    m_view->setModel(m_filter);
    // Rows of one tree are alike; uniform heights keep huge levels (thousands of VMs) cheap to lay out.
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(InventoryModel::NameColumn, Qt::AscendingOrder);
    m_view->setIconSize(QSize(20, 20));
    m_view->installEventFilter(this);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->setSectionsMovable(true);
    const std::pair<int, int> widths[] = {
        {InventoryModel::NameColumn, 280},    {InventoryModel::StatusColumn, 150},
        {InventoryModel::TypeColumn, 100},    {InventoryModel::CpusColumn, 50},
        {InventoryModel::MemoryColumn, 100},  {InventoryModel::IpColumn, 120},
        {InventoryModel::GuestOsColumn, 190}, {InventoryModel::ContentsColumn, 80},
    };
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    connect(header, &QWidget::customContextMenuRequested, this, &InventoryPanel::showHeaderMenu);
    connect(m_columns, &KindColumns::changed, this, [this] {
        applyKindColumns();
        saveColumns();
    });

    // Cloud-wide search results (Enter in the filter box).
    m_search = new InventorySearch(this);
    m_searchBox = new QWidget;
    m_searchBox->setObjectName(u"searchBox"_s);
    m_searchLabel = new QLabel;
    m_searchLabel->setObjectName(u"searchLabel"_s);
    auto *closeSearch = new QToolButton;
    closeSearch->setObjectName(u"closeSearchButton"_s);
    closeSearch->setText(tr("Close"));
    closeSearch->setToolTip(tr("Hide the search results"));
    closeSearch->setAccessibleName(tr("Close search results"));
    closeSearch->setAutoRaise(true);
    m_searchView = new QTreeView;
    m_searchView->setObjectName(u"searchResults"_s);
    m_searchView->setAccessibleName(tr("Search results"));
    m_searchView->setModel(m_search);
    m_searchView->setRootIsDecorated(false);
    m_searchView->setUniformRowHeights(true);
    m_searchView->setAlternatingRowColors(true);
    m_searchView->header()->resizeSection(InventorySearch::NameColumn, 200);
    m_searchView->header()->resizeSection(InventorySearch::PathColumn, 260);
    auto *searchHead = new QHBoxLayout;
    searchHead->setContentsMargins(0, 0, 0, 0);
    searchHead->addWidget(m_searchLabel, 1);
    searchHead->addWidget(closeSearch);
    auto *searchLayout = new QVBoxLayout(m_searchBox);
    searchLayout->setContentsMargins(0, 0, 0, 0);
    searchLayout->addLayout(searchHead);
    searchLayout->addWidget(m_searchView);
    m_searchBox->setVisible(false);
    connect(closeSearch, &QToolButton::clicked, this, [this] {
        m_search->cancel();
        m_searchBox->setVisible(false);
    });
    connect(m_searchView, &QTreeView::activated, this, [this](const QModelIndex &i) { revealHit(i.row()); });
    connect(m_search, &InventorySearch::rowsInserted, this, [this] {
        m_searchLabel->setText(tr("%n hit(s) in every open connection — Enter or double-click reveals one",
                                  nullptr, m_search->rowCount()));
    });
    connect(m_search, &InventorySearch::finished, this, [this](int hits) {
        m_searchLabel->setText(hits == 0 ? tr("No VM or vApp matches “%1”.").arg(m_filterEdit->text())
                                         : tr("%n hit(s) in every open connection — Enter or double-click "
                                              "reveals one",
                                              nullptr, hits));
    });
    connect(m_search, &InventorySearch::failed, this, [this](const QString &message) {
        m_searchLabel->setText(tr("The search failed: %1").arg(message));
    });

    auto *treeSplitter = new QSplitter(Qt::Vertical);
    treeSplitter->setObjectName(u"treeSplitter"_s);
    treeSplitter->addWidget(m_view);
    treeSplitter->addWidget(m_searchBox);
    treeSplitter->setStretchFactor(0, 3);
    treeSplitter->setStretchFactor(1, 1);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_filterInfo);
    leftLayout->addLayout(filterRow);
    leftLayout->addWidget(treeSplitter, 1);

    m_details = new DetailsTabs(m_model);
    m_rightSplitter = new QSplitter(Qt::Horizontal);
    m_rightSplitter->setObjectName(u"detailsSplitter"_s);
    m_rightSplitter->addWidget(m_details);
    m_rightSplitter->setChildrenCollapsible(false);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(u"inventorySplitter"_s);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_rightSplitter);
    // Half and half: the details and the action panel need about as much width as the tree's columns.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(0); // coalesces the keystrokes of one event-loop turn, adds no delay
    connect(m_filterTimer, &QTimer::timeout, this, &InventoryPanel::applyFilter);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterEdit, &QLineEdit::returnPressed, this, [this] { runSearch(m_filterEdit->text()); });

    // Details are read when a row becomes current (one GET of that entity), not while browsing.
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InventoryPanel::selectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this](const QItemSelection &selected) {
                int reads = 0;
                for (const QModelIndex &v : selected.indexes()) {
                    if (v.column() != 0 || reads >= kSelectionReadLimit)
                        continue;
                    const QModelIndex i = m_filter->mapToInventory(v);
                    if (LoadState(m_model->data(i, InventoryModel::DetailsStateRole).toInt()) ==
                        LoadState::NotLoaded) {
                        m_model->loadDetails(i);
                        ++reads;
                    }
                }
            });
    connect(m_model, &InventoryModel::loadStateChanged, this,
            [this](const QModelIndex &index, InventoryNode::LoadState state) {
                onLoadStateChanged(index, int(state));
            });
    connect(m_model, &InventoryModel::revealed, this, [this](const QModelIndex &index) {
        // The hit is shown in its place in the whole tree: the filter gives way (applied at once, not on
        // the next turn, so the row can be made current now); the search results stay listed.
        if (m_filter->isFiltering()) {
            const QSignalBlocker block(m_filterEdit);
            m_filterEdit->clear();
            applyFilter();
        }
        setCurrentIndex(index);
        // Rows the reveal loaded may still be settling in the proxies: make sure the path is open.
        const QPersistentModelIndex target(index);
        QTimer::singleShot(0, this, [this, target] {
            if (target.isValid() && currentIndex() == QModelIndex(target))
                setCurrentIndex(target);
        });
        Q_EMIT statusMessage(tr("Revealed %1.").arg(index.data().toString()), 5000);
    });
    connect(m_model, &InventoryModel::revealFailed, this,
            [this](const QString &message) { Q_EMIT statusMessage(message, 8000); });
    connect(m_view, &QWidget::customContextMenuRequested, this, &InventoryPanel::showContextMenu);
    restoreColumns();
}

InventoryPanel::~InventoryPanel()
{
    saveColumns();
}

void InventoryPanel::setRegistry(ConnectionRegistry *registry)
{
    m_registry = registry;
    auto *old = m_decorator;
    m_decorator = new InventoryDecorator(registry, this);
    m_decorator->setKindColumns(m_columns);
    m_decorator->setSourceModel(m_model);
    m_decorator->setPalette(m_view->palette());
    m_filter->setSourceModel(m_decorator);
    delete old;
}

void InventoryPanel::setActionRunner(ActionRunner *runner)
{
    m_details->setActionRunner(runner);
}

void InventoryPanel::setActionPanel(QWidget *panel)
{
    // Scrolls rather than clips when the window is short (the last group and the hint stay reachable).
    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"actionPanelScroll"_s);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Wide enough for the longest action's label whatever the selection shows (a VDC shows one button,
    // a VM sixteen): the splitter does not shift as the selection changes.
    scroll->setMinimumWidth(std::max(230, panel->minimumSizeHint().width()));
    m_rightSplitter->addWidget(scroll);
    m_rightSplitter->setStretchFactor(0, 3);
    m_rightSplitter->setStretchFactor(1, 0);
    UiSettings settings;
    if (!m_rightSplitter->restoreState(settings.value(kRightSplitterKey).toByteArray()))
        m_rightSplitter->setSizes({1000, 380});
}

QModelIndex InventoryPanel::viewIndex(const QModelIndex &inventoryIndex) const
{
    if (!inventoryIndex.isValid())
        return QModelIndex();
    if (inventoryIndex.model() == m_filter)
        return inventoryIndex;
    return m_filter->mapFromInventory(inventoryIndex);
}

QModelIndex InventoryPanel::currentIndex() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_filter->mapToInventory(current.siblingAtColumn(0)) : QModelIndex();
}

QModelIndexList InventoryPanel::selectedIndexes() const
{
    QModelIndexList out;
    const QModelIndex current = currentIndex();
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(0);
    if (current.isValid() && m_view->selectionModel()->isSelected(m_view->currentIndex().siblingAtColumn(0)))
        out << current;
    for (const QModelIndex &r : rows) {
        const QModelIndex i = m_filter->mapToInventory(r);
        if (!out.contains(i))
            out << i;
    }
    if (out.isEmpty() && current.isValid())
        out << current;
    return out;
}

void InventoryPanel::setCurrentIndex(const QModelIndex &inventoryIndex)
{
    const QModelIndex v = viewIndex(inventoryIndex);
    if (!v.isValid())
        return;
    for (QModelIndex p = v.parent(); p.isValid(); p = p.parent())
        m_view->expand(p);
    m_view->setCurrentIndex(v);
    m_view->scrollTo(v);
}

void InventoryPanel::onCurrentChanged(const QModelIndex &viewCurrent)
{
    const QModelIndex current =
        viewCurrent.isValid() ? m_filter->mapToInventory(viewCurrent.siblingAtColumn(0)) : QModelIndex();
    if (current.isValid() &&
        LoadState(m_model->data(current, InventoryModel::DetailsStateRole).toInt()) == LoadState::NotLoaded)
        m_model->loadDetails(current);
    m_details->setCurrent(current);
    Q_EMIT currentChanged(current);
}

void InventoryPanel::connectionLoggedIn(Session *session)
{
    const QModelIndex index = m_model->connectionIndex(session);
    if (!index.isValid())
        return;
    m_search->addSession(session, index.data().toString());
    // The first login shows the orgs at once; a load that failed while logged out is retried.
    const auto state = LoadState(m_model->data(index, InventoryModel::LoadStateRole).toInt());
    const QModelIndex v = viewIndex(index);
    if (state == LoadState::Failed)
        reload(index);
    else if (state == LoadState::NotLoaded && v.isValid() && !m_view->isExpanded(v))
        m_view->expand(v);
}

void InventoryPanel::onLoadStateChanged(const QModelIndex &index, int state)
{
    const QString name = m_model->data(index.siblingAtColumn(InventoryModel::NameColumn)).toString();
    switch (LoadState(state)) {
    case LoadState::Failed: {
        const QString error = m_model->data(index, InventoryModel::ErrorRole).toString();
        // Collapsed, the row can be expanded again, which retries (canFetchMore holds for Failed).
        m_view->collapse(viewIndex(index));
        m_errorIndex = index;
        setRetryWidget(index, true);
        Q_EMIT statusMessage(
            tr("Loading %1 failed: %2 (expand it again or press Retry on the row)").arg(name, error), 0);
        break;
    }
    case LoadState::Loaded:
    case LoadState::Empty:
        setRetryWidget(index, false);
        if (m_errorIndex.isValid() && m_errorIndex == index) {
            Q_EMIT statusMessage(QString(), 0);
            m_errorIndex = QPersistentModelIndex();
        }
        break;
    case LoadState::NotLoaded:
    case LoadState::Loading:
        setRetryWidget(index, false);
        break;
    }
}

void InventoryPanel::setRetryWidget(const QModelIndex &inventoryIndex, bool failed)
{
    const QModelIndex cell =
        viewIndex(inventoryIndex.siblingAtColumn(0)).siblingAtColumn(InventoryModel::TypeColumn);
    const QPersistentModelIndex key(inventoryIndex.siblingAtColumn(0));
    if (!failed) {
        if (m_retryRows.removeAll(key) > 0 && cell.isValid())
            m_view->setIndexWidget(cell, nullptr);
        return;
    }
    if (!cell.isValid() || m_retryRows.contains(key))
        return;
    auto *retry = new QToolButton;
    retry->setObjectName(u"retryButton"_s);
    retry->setText(tr("Retry"));
    retry->setToolTip(tr("Load this row's children again"));
    retry->setAccessibleName(tr("Retry loading %1").arg(inventoryIndex.data().toString()));
    retry->setIcon(Icons::action(u"refresh"_s, palette()));
    retry->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    retry->setAutoRaise(true);
    connect(retry, &QToolButton::clicked, this, [this, key] {
        if (key.isValid())
            reload(key);
    });
    m_view->setIndexWidget(cell, retry);
    m_retryRows.append(key);
}

void InventoryPanel::reload(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QModelIndex row =
        (index.model() == m_filter ? m_filter->mapToInventory(index) : index).siblingAtColumn(0);
    m_model->refresh(row);
    m_view->expand(viewIndex(row));
    // expand() only fetches while the view lays the row out; ask directly too (a no-op when the
    // load already started).
    if (m_model->canFetchMore(row))
        m_model->fetchMore(row);
}

QMenu *InventoryPanel::createContextMenu(const QModelIndex &index)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(u"rowMenu"_s);
    if (!index.isValid())
        return menu;
    const QModelIndex inv = index.model() == m_filter ? m_filter->mapToInventory(index) : index;
    const QPersistentModelIndex row(inv.siblingAtColumn(0));
    const auto kind = InventoryNode::Kind(m_model->data(row, InventoryModel::KindRole).toInt());
    if (kind == InventoryNode::Kind::Root)
        return menu; // a VM has no children, but Refresh re-reads the VM itself
    const auto state = LoadState(m_model->data(row, InventoryModel::LoadStateRole).toInt());
    QAction *action = menu->addAction(state == LoadState::Failed ? tr("Retry") : tr("Refresh"));
    action->setObjectName(state == LoadState::Failed ? u"retryAction"_s : u"refreshAction"_s);
    action->setIcon(Icons::action(u"refresh"_s, palette()));
    connect(action, &QAction::triggered, this, [this, row] {
        if (row.isValid())
            reload(row);
    });
    Q_EMIT contextMenuRequested(menu, row);
    return menu;
}

void InventoryPanel::showContextMenu(const QPoint &pos)
{
    QMenu *menu = createContextMenu(m_view->indexAt(pos));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (menu->isEmpty()) {
        delete menu;
        return;
    }
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void InventoryPanel::showHeaderMenu(const QPoint &pos)
{
    QMenu *menu = createHeaderMenu();
    menu->popup(m_view->header()->mapToGlobal(pos));
}

QMenu *InventoryPanel::createHeaderMenu()
{
    // Which columns show, chosen per kind of row and remembered (KindColumns). The kind of the current
    // row comes first, as the choice one most likely wants to make; every kind is one submenu below.
    auto *menu = new QMenu(this);
    menu->setObjectName(u"columnsMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const auto fill = [this](QMenu *into, InventoryNode::Kind kind) {
        for (int c = 1; c < m_filter->columnCount(); ++c) {
            QAction *a = into->addAction(m_filter->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(m_columns->shows(kind, c));
            connect(a, &QAction::toggled, this,
                    [this, kind, c](bool on) { m_columns->setShown(kind, c, on); });
        }
    };
    const QModelIndex current = currentIndex();
    const auto currentKind =
        current.isValid() ? std::optional(InventoryNode::Kind(current.data(InventoryModel::KindRole).toInt()))
                          : std::nullopt;
    if (currentKind) {
        menu->addSection(tr("Columns for %1").arg(KindColumns::kindTitle(*currentKind)));
        fill(menu, *currentKind);
        menu->addSeparator();
    }
    for (InventoryNode::Kind kind : KindColumns::kinds()) {
        QMenu *sub = menu->addMenu(tr("Columns for %1").arg(KindColumns::kindTitle(kind)));
        sub->setObjectName(u"columnsMenu-%1"_s.arg(int(kind)));
        fill(sub, kind);
    }
    menu->addSeparator();
    QAction *reset = menu->addAction(tr("Reset columns"));
    reset->setObjectName(u"resetColumnsAction"_s);
    reset->setToolTip(tr("Every kind of row back to its default columns"));
    connect(reset, &QAction::triggered, m_columns, &KindColumns::reset);
    return menu;
}

void InventoryPanel::applyKindColumns()
{
    // The header shows what some kind uses; the cells repaint (the decorator blanks the others). A
    // sort by a column whose values changed is redone.
    QHeaderView *header = m_view->header();
    for (int c = 1; c < m_filter->columnCount(); ++c) {
        const bool shown = m_columns->anyShows(c);
        if (header->isSectionHidden(c) == shown) {
            header->setSectionHidden(c, !shown);
            if (shown && header->sectionSize(c) < header->minimumSectionSize() * 2)
                header->resizeSection(c, 100);
        }
    }
    if (header->sortIndicatorSection() > 0)
        m_filter->invalidate();
    m_view->viewport()->update();
}

void InventoryPanel::restoreColumns()
{
    UiSettings settings;
    const QByteArray state = settings.value(kHeaderKey).toByteArray();
    if (!state.isEmpty())
        m_view->header()->restoreState(state);
    // Widths and order from the header's state; which columns show from the choice per kind.
    applyKindColumns();
    const QByteArray split = settings.value(kSplitterKey).toByteArray();
    // Nothing remembered: half and half (sizes are weights until the splitter is laid out). Left to the
    // size hints, the tree's many columns would take most of the width from the details.
    if (split.isEmpty() || !m_splitter->restoreState(split))
        m_splitter->setSizes({1000, 1000});
}

void InventoryPanel::saveColumns() const
{
    UiSettings settings;
    settings.setValue(kHeaderKey, m_view->header()->saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
    if (m_rightSplitter->count() > 1)
        settings.setValue(kRightSplitterKey, m_rightSplitter->saveState());
}

void InventoryPanel::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void InventoryPanel::applyFilter()
{
    const QString text = m_filterEdit->text();
    m_filter->setFilterText(text);
    if (!m_filter->isFiltering()) {
        m_filterInfo->setVisible(false);
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            m_view->scrollTo(current);
        return;
    }
    // Show what matched: open the ancestors of every match while there are few enough to look at.
    const QModelIndexList matches = m_filter->matches(kExpandMatchesLimit + 1);
    if (matches.size() <= kExpandMatchesLimit) {
        for (const QModelIndex &m : matches) {
            for (QModelIndex p = m.parent(); p.isValid() && !m_view->isExpanded(p); p = p.parent())
                m_view->expand(p);
        }
        m_filterInfo->setText(tr("%n match(es)", nullptr, int(matches.size())));
    } else {
        m_filterInfo->setText(tr("more than %1 matches").arg(kExpandMatchesLimit));
    }
    m_filterInfo->setVisible(true);
}

void InventoryPanel::runSearch(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return;
    // Every connection of the tree that is logged in.
    for (int r = 0; r < m_model->rowCount(); ++r) {
        auto *session = qobject_cast<Session *>(
            m_model->index(r, 0).data(InventoryModel::SessionRole).value<QObject *>());
        if (session && session->isConnected() && !m_search->sessions().contains(session))
            m_search->addSession(session, m_model->index(r, 0).data().toString());
    }
    SearchCriteria criteria;
    if (looksLikeIp(t)) {
        criteria.ipAddress = t;
        criteria.vapps = false;
    } else {
        // Contains, as the filter box matches; the user's own wildcards are kept as typed.
        criteria.name = t.contains(u'*') || t.contains(u'?') ? t : u'*' + t + u'*';
    }
    m_searchLabel->setText(tr("Searching every open connection for “%1”…").arg(t));
    m_searchBox->setVisible(true);
    m_search->start(criteria);
}

void InventoryPanel::revealHit(int row)
{
    if (row < 0 || row >= m_search->rowCount())
        return;
    const InventorySearch::Hit &hit = m_search->hit(row);
    Q_EMIT statusMessage(tr("Revealing %1…").arg(hit.name), 0);
    m_model->reveal(hit.session, hit.hrefPath);
}

bool InventoryPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && currentIndex().isValid()) {
            m_details->showDetails();
            Q_EMIT detailsRequested(currentIndex());
            return true;
        }
    }
    if (watched == m_view && event->type() == QEvent::PaletteChange) {
        m_decorator->setPalette(m_view->palette());
        m_view->viewport()->update();
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace vcd
