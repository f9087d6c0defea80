#include "ui/connect/connectiontintdelegate.h"

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "ui/common/colorlabel.h"

namespace vcd {

ConnectionTintDelegate::ConnectionTintDelegate(ConnectionRegistry *registry, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_registry(registry)
{}

QColor ConnectionTintDelegate::tintFor(const QModelIndex &index, const QPalette &palette) const
{
    // Only a connection's own row: its subtree would drown the colour and the selection in it.
    if (!index.isValid() || index.parent().isValid())
        return QColor();
    const QObject *session = index.siblingAtColumn(0).data(InventoryModel::SessionRole).value<QObject *>();
    if (!session)
        return QColor();
    const QList<Connection *> connections = m_registry->connections();
    for (const Connection *c : connections)
        if (c->session() == session)
            return ColorLabel::tint(ColorLabel::fromText(c->colorLabel()), palette);
    return QColor();
}

void ConnectionTintDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (const QColor tint = tintFor(index, option->palette); tint.isValid())
        option->backgroundBrush = tint;
}

} // namespace vcd
