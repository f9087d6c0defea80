#include "core/model/inventorynode.h"

#include "core/net/session.h"
#include "core/services/queryjob.h"
#include "core/services/queryservice.h"

namespace vcd {

InventoryNode::InventoryNode(Kind kind, InventoryNode *parent)
    : m_kind(kind)
    , m_parent(parent)
{}

InventoryNode::~InventoryNode() = default;

int InventoryNode::row() const
{
    if (!m_parent)
        return 0;
    const auto &siblings = m_parent->m_children;
    for (size_t i = 0; i < siblings.size(); ++i) {
        if (siblings[i].get() == this)
            return int(i);
    }
    return 0;
}

InventoryNode *InventoryNode::child(int row) const
{
    if (row < 0 || row >= int(m_children.size()))
        return nullptr;
    return m_children[size_t(row)].get();
}

InventoryNode *InventoryNode::appendChild(std::unique_ptr<InventoryNode> child)
{
    m_children.push_back(std::move(child));
    return m_children.back().get();
}

std::unique_ptr<InventoryNode> InventoryNode::takeChild(int row)
{
    if (row < 0 || row >= int(m_children.size()))
        return nullptr;
    auto it = m_children.begin() + row;
    std::unique_ptr<InventoryNode> taken = std::move(*it);
    m_children.erase(it);
    return taken;
}

InventoryNode *InventoryNode::connection()
{
    InventoryNode *n = this;
    while (n && n->m_kind != Kind::Connection)
        n = n->m_parent;
    return n;
}

} // namespace vcd
