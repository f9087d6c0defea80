#include "ui/inventory/inventorydecorator.h"

#include "core/api/status.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "ui/common/colorlabel.h"
#include "ui/common/icons.h"
#include "ui/inventory/kindcolumns.h"

#include <QApplication>

using namespace Qt::StringLiterals;

namespace vcd {

using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;

InventoryDecorator::InventoryDecorator(ConnectionRegistry *registry, QObject *parent)
    : QIdentityProxyModel(parent)
    , m_registry(registry)
    , m_palette(QApplication::palette())
{
    m_spinner.setInterval(90);
    connect(&m_spinner, &QTimer::timeout, this, &InventoryDecorator::step);
    if (m_registry) {
        // A profile's colour changed while connected: repaint its row.
        connect(m_registry, &ConnectionRegistry::connectionAdded, this, [this](Connection *c) {
            connect(c, &Connection::profileChanged, this, [this, c] {
                if (InventoryModel *m = inventoryModel()) {
                    const QModelIndex row = mapFromSource(m->connectionIndex(c->session()));
                    if (row.isValid())
                        Q_EMIT dataChanged(row, row.siblingAtColumn(columnCount() - 1));
                }
            });
        });
    }
}

InventoryDecorator::~InventoryDecorator() = default;

void InventoryDecorator::setSourceModel(QAbstractItemModel *model)
{
    if (InventoryModel *old = inventoryModel())
        disconnect(old, nullptr, this, nullptr);
    QIdentityProxyModel::setSourceModel(model);
    m_loading.clear();
    if (InventoryModel *m = inventoryModel()) {
        connect(m, &InventoryModel::loadStateChanged, this,
                [this](const QModelIndex &index, InventoryNode::LoadState state) {
                    onLoadStateChanged(index, int(state));
                });
    }
}

InventoryModel *InventoryDecorator::inventoryModel() const
{
    return qobject_cast<InventoryModel *>(sourceModel());
}

void InventoryDecorator::setPalette(const QPalette &palette)
{
    m_palette = palette;
}

void InventoryDecorator::setKindColumns(const KindColumns *columns)
{
    m_columns = columns;
}

void InventoryDecorator::onLoadStateChanged(const QModelIndex &index, int state)
{
    const QPersistentModelIndex row(index.siblingAtColumn(0));
    if (LoadState(state) == LoadState::Loading)
        m_loading.insert(row);
    else
        m_loading.remove(row);
    if (!m_loading.isEmpty() && !m_spinner.isActive())
        m_spinner.start();
    else if (m_loading.isEmpty())
        m_spinner.stop();
}

void InventoryDecorator::step()
{
    m_frame = (m_frame + 1) % Icons::kSpinnerFrames;
    for (auto it = m_loading.begin(); it != m_loading.end();) {
        if (!it->isValid()) {
            it = m_loading.erase(it);
            continue;
        }
        const QModelIndex row = mapFromSource(*it);
        Q_EMIT dataChanged(row, row, {Qt::DecorationRole});
        ++it;
    }
    if (m_loading.isEmpty())
        m_spinner.stop();
}

QString InventoryDecorator::iconName(int kind, bool media)
{
    switch (Kind(kind)) {
    case Kind::Connection:
        return u"connection"_s;
    case Kind::Org:
        return u"org"_s;
    case Kind::Vdc:
        return u"vdc"_s;
    case Kind::VApp:
        return u"vapp"_s;
    case Kind::Vm:
        return u"vm"_s;
    case Kind::Catalog:
        return u"catalog"_s;
    case Kind::CatalogItem:
        return media ? u"media"_s : u"template"_s;
    case Kind::Network:
        return u"network"_s;
    case Kind::EdgeGateway:
        return u"edge"_s;
    case Kind::CatalogFolder:
    case Kind::NetworkFolder:
    case Kind::EdgeFolder:
        return u"folder"_s;
    case Kind::Root:
        break;
    }
    return {};
}

QVariant InventoryDecorator::data(const QModelIndex &index, int role) const
{
    InventoryModel *m = inventoryModel();
    if (!m || !index.isValid())
        return QIdentityProxyModel::data(index, role);
    const QModelIndex source = mapToSource(index);
    const InventoryNode *node = m->nodeFromIndex(source);
    // A column not chosen for this kind of row stays blank (and sorts as blank).
    if (m_columns && index.column() > 0 && !m_columns->shows(node->kind(), index.column()) &&
        (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::EditRole))
        return QVariant();
    switch (role) {
    case Qt::DecorationRole: {
        if (index.column() != InventoryModel::NameColumn)
            return QVariant();
        if (node->loadState() == LoadState::Loading && node->isContainer())
            return Icons::spinner(m_frame, m_palette);
        const bool media = node->kind() == Kind::CatalogItem &&
                           node->record.value(u"entityType").contains(u"media", Qt::CaseInsensitive);
        Icons::Overlay overlay = Icons::Overlay::None;
        if (node->loadState() == LoadState::Failed)
            overlay = Icons::Overlay::Failed;
        else if (node->kind() == Kind::Vm || node->kind() == Kind::VApp)
            overlay =
                InventoryModel::isBusy(node) ? Icons::Overlay::Busy : Icons::overlayForStatus(node->status);
        else if (node->kind() == Kind::Connection && node->session && !node->session->isConnected())
            overlay = Icons::Overlay::Off;
        return Icons::entity(iconName(int(node->kind()), media), overlay, m_palette);
    }
    case Qt::BackgroundRole: {
        if (node->kind() != Kind::Connection || !m_registry)
            return QVariant();
        const Connection *c = m_registry->forSession(node->session.data());
        const QColor tint = c ? ColorLabel::tint(ColorLabel::fromText(c->colorLabel()), m_palette) : QColor();
        return tint.isValid() ? QVariant(tint) : QVariant();
    }
    case Qt::DisplayRole:
        if (index.column() == InventoryModel::StatusColumn) {
            if (node->loadState() == LoadState::Failed)
                return tr("Failed: %1").arg(node->errorText);
            if (node->kind() == Kind::Connection) {
                const Connection *c = m_registry ? m_registry->forSession(node->session.data()) : nullptr;
                if (c)
                    return Connection::stateText(c->state());
                break;
            }
            if (node->kind() == Kind::Vm || node->kind() == Kind::VApp) {
                if (InventoryModel::isBusy(node))
                    return tr("Busy");
                if (const auto code = statusCodeFromName(node->status))
                    return statusText(*code);
            }
            if (node->status == u"READY")
                return tr("Ready");
            if (node->status == u"ENABLED")
                return tr("Enabled");
            if (node->status == u"DISABLED")
                return tr("Disabled");
        }
        break;
    case Qt::ToolTipRole:
        if (node->loadState() == LoadState::Failed)
            return tr("%1\nExpand the row again or use Retry to load it once more.").arg(node->errorText);
        break;
    case Qt::ForegroundRole:
        if (index.column() == InventoryModel::StatusColumn && node->loadState() == LoadState::Failed)
            return QColor(0xd6, 0x33, 0x2f);
        break;
    default:
        break;
    }
    return QIdentityProxyModel::data(index, role);
}

} // namespace vcd
