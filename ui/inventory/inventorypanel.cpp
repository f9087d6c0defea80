#include "ui/inventory/inventorypanel.h"

#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"

#include <QHeaderView>
#include <QMenu>
#include <QSplitter>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using LoadState = InventoryNode::LoadState;

QString sessionStateText(Session::State state)
{
    switch (state) {
    case Session::State::Disconnected:
        return InventoryPanel::tr("not logged in");
    case Session::State::Negotiating:
        return InventoryPanel::tr("connecting…");
    case Session::State::Authenticating:
        return InventoryPanel::tr("logging in…");
    case Session::State::Connected:
        return InventoryPanel::tr("connected");
    case Session::State::Expired:
        return InventoryPanel::tr("session expired");
    case Session::State::LoggingOut:
        return InventoryPanel::tr("logging out…");
    }
    return QString();
}

QString valueText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QUrl)
        return value.toUrl().toDisplayString();
    return value.toString();
}

} // namespace

InventoryPanel::InventoryPanel(InventoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_view = new QTreeView;
    m_view->setObjectName(u"inventoryView"_s);
    m_view->setAccessibleName(tr("Inventory"));
    m_view->setModel(m_model);
    // Rows of one tree are alike; uniform heights keep huge levels (thousands of VMs) cheap to lay out.
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const std::pair<int, int> widths[] = {
        {InventoryModel::NameColumn, 280},    {InventoryModel::StatusColumn, 130},
        {InventoryModel::TypeColumn, 100},    {InventoryModel::CpusColumn, 50},
        {InventoryModel::MemoryColumn, 100},  {InventoryModel::IpColumn, 120},
        {InventoryModel::GuestOsColumn, 190},
    };
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);

    m_details = new QTreeWidget;
    m_details->setObjectName(u"detailsView"_s);
    m_details->setAccessibleName(tr("Details"));
    m_details->setColumnCount(2);
    m_details->setHeaderLabels({tr("Property"), tr("Value")});
    m_details->setRootIsDecorated(false);
    m_details->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_details->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_details->header()->resizeSection(0, 170);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(u"inventorySplitter"_s);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    // Details are read when a row becomes current (one GET of that entity), not while browsing.
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() &&
                    LoadState(m_model->data(current.siblingAtColumn(0), InventoryModel::DetailsStateRole)
                                  .toInt()) == LoadState::NotLoaded)
                    m_model->loadDetails(current.siblingAtColumn(0));
                showDetails(current);
                Q_EMIT currentChanged(current.siblingAtColumn(0));
            });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex current = m_view->currentIndex();
                if (current.isValid() && current.parent() == topLeft.parent() &&
                    current.row() >= topLeft.row() && current.row() <= bottomRight.row())
                    showDetails(current);
            });
    connect(m_model, &InventoryModel::loadStateChanged, this,
            [this](const QModelIndex &index, InventoryNode::LoadState state) {
                onLoadStateChanged(index, int(state));
            });
    connect(m_view, &QWidget::customContextMenuRequested, this, &InventoryPanel::showContextMenu);
}

InventoryPanel::~InventoryPanel() = default;

QModelIndex InventoryPanel::currentIndex() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.siblingAtColumn(0) : QModelIndex();
}

void InventoryPanel::connectionLoggedIn(Session *session)
{
    const QModelIndex index = m_model->connectionIndex(session);
    if (!index.isValid())
        return;
    // The first login shows the orgs at once; a load that failed while logged out is retried.
    const auto state = LoadState(m_model->data(index, InventoryModel::LoadStateRole).toInt());
    if (state == LoadState::Failed)
        reload(index);
    else if (state == LoadState::NotLoaded && !m_view->isExpanded(index))
        m_view->expand(index);
}

void InventoryPanel::onLoadStateChanged(const QModelIndex &index, int state)
{
    const QString name = m_model->data(index.siblingAtColumn(InventoryModel::NameColumn)).toString();
    switch (LoadState(state)) {
    case LoadState::Failed: {
        const QString error = m_model->data(index, InventoryModel::ErrorRole).toString();
        // Collapsed, the row can be expanded again, which retries (canFetchMore holds for Failed).
        m_view->collapse(index);
        m_errorIndex = index;
        Q_EMIT statusMessage(
            tr("Loading %1 failed: %2 (expand it again or right-click › Retry)").arg(name, error), 0);
        break;
    }
    case LoadState::Loaded:
    case LoadState::Empty:
        if (m_errorIndex.isValid() && m_errorIndex == index) {
            Q_EMIT statusMessage(QString(), 0);
            m_errorIndex = QPersistentModelIndex();
        }
        break;
    case LoadState::NotLoaded:
    case LoadState::Loading:
        break;
    }
}

void InventoryPanel::reload(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QModelIndex row = index.siblingAtColumn(0);
    m_model->refresh(row);
    m_view->expand(row);
    // expand() only fetches while the view lays the row out; ask directly too (a no-op when the
    // load already started).
    if (m_model->canFetchMore(row))
        m_model->fetchMore(row);
}

QMenu *InventoryPanel::createContextMenu(const QModelIndex &index)
{
    auto *menu = new QMenu(this);
    if (!index.isValid())
        return menu;
    const QPersistentModelIndex row(index.siblingAtColumn(0));
    const auto kind = InventoryNode::Kind(m_model->data(row, InventoryModel::KindRole).toInt());
    if (kind == InventoryNode::Kind::Root)
        return menu; // a VM has no children, but Refresh re-reads the VM itself
    const auto state = LoadState(m_model->data(row, InventoryModel::LoadStateRole).toInt());
    QAction *action = menu->addAction(state == LoadState::Failed ? tr("Retry") : tr("Refresh"));
    action->setObjectName(state == LoadState::Failed ? u"retryAction"_s : u"refreshAction"_s);
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

void InventoryPanel::showDetails(const QModelIndex &index)
{
    m_details->clear();
    if (!index.isValid())
        return;
    const QModelIndex row = index.siblingAtColumn(0);
    QList<QTreeWidgetItem *> items;
    auto add = [&items](const QString &key, const QString &value) {
        auto *item = new QTreeWidgetItem({key, value});
        item->setToolTip(1, value);
        items << item;
    };
    const auto kind = InventoryNode::Kind(m_model->data(row, InventoryModel::KindRole).toInt());
    if (kind == InventoryNode::Kind::Connection) {
        if (auto *session =
                qobject_cast<Session *>(m_model->data(row, InventoryModel::SessionRole).value<QObject *>())) {
            const SessionSettings &s = session->settings();
            add(tr("URL"), s.url.toDisplayString());
            add(tr("Organization"), s.org);
            add(tr("User"), s.user);
            add(tr("State"), sessionStateText(session->state()));
            add(tr("API version"), session->apiVersion());
        }
    } else {
        const QVariantMap attributes = m_model->data(row, InventoryModel::AttributesRole).toMap();
        for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
            add(it.key(), valueText(it.value()));
        switch (LoadState(m_model->data(row, InventoryModel::DetailsStateRole).toInt())) {
        case LoadState::Loading:
            add(tr("Details"), tr("reading…"));
            break;
        case LoadState::Loaded:
        case LoadState::Failed: {
            const QVariantMap details = m_model->data(row, InventoryModel::DetailsRole).toMap();
            for (auto it = details.cbegin(); it != details.cend(); ++it)
                add(tr("details: %1").arg(it.key()), valueText(it.value()));
            const QStringList actions = m_model->data(row, InventoryModel::CapabilitiesRole).toStringList();
            if (!actions.isEmpty())
                add(tr("Links"), actions.join(u", "));
            break;
        }
        case LoadState::NotLoaded:
        case LoadState::Empty:
            break;
        }
    }
    if (LoadState(m_model->data(row, InventoryModel::LoadStateRole).toInt()) == LoadState::Failed)
        add(tr("Load error"), m_model->data(row, InventoryModel::ErrorRole).toString());
    m_details->addTopLevelItems(items);
}

} // namespace vcd
