#include "core/model/inventorynode.h"

#include "core/model/nodepool.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/sanitizedallocator.h"
#include "core/services/queryservice.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vcd {

InventoryNode::InventoryNode(Kind kind, InventoryNode *parent)
    : m_kind(kind)
    , m_parent(parent)
{
    for (Kind f : folderKinds(kind)) {
        auto folder = std::make_unique<InventoryNode>(f, this);
        folder->m_row = int(m_children.size());
        m_children.push_back(std::move(folder));
    }
    m_folderCount = int(m_children.size());
}

InventoryNode::~InventoryNode() = default;

#ifndef VCD_SANITIZED_ALLOCATOR
namespace {
// Never destroyed: a node deleted while statics are torn down must still find it.
NodePool &nodePool()
{
    static NodePool *pool = new NodePool(sizeof(InventoryNode));
    return *pool;
}
} // namespace
#endif

void *InventoryNode::operator new(std::size_t size)
{
#ifndef VCD_SANITIZED_ALLOCATOR
    if (size == sizeof(InventoryNode))
        return nodePool().allocate();
#endif
    return ::operator new(size);
}

void InventoryNode::operator delete(void *node, std::size_t size) noexcept
{
#ifndef VCD_SANITIZED_ALLOCATOR
    if (size == sizeof(InventoryNode)) {
        nodePool().release(node);
        return;
    }
#else
    Q_UNUSED(size);
#endif
    ::operator delete(node);
}

InventoryNode::Kind InventoryNode::queryChildKind(Kind kind)
{
    switch (kind) {
    case Kind::Connection:
        return Kind::Org;
    case Kind::Org:
        return Kind::Vdc;
    case Kind::Vdc:
        return Kind::VApp;
    case Kind::VApp:
        return Kind::Vm;
    case Kind::CatalogFolder:
        return Kind::Catalog;
    case Kind::Catalog:
        return Kind::CatalogItem;
    case Kind::NetworkFolder:
        return Kind::Network;
    case Kind::EdgeFolder:
        return Kind::EdgeGateway;
    case Kind::Root:
    case Kind::Vm:
    case Kind::CatalogItem:
    case Kind::Network:
    case Kind::EdgeGateway:
        break;
    }
    return Kind::Root;
}

std::vector<InventoryNode::Kind> InventoryNode::folderKinds(Kind kind)
{
    switch (kind) {
    case Kind::Org:
        return {Kind::CatalogFolder};
    case Kind::Vdc:
        return {Kind::NetworkFolder, Kind::EdgeFolder};
    default:
        return {};
    }
}

bool InventoryNode::isFolderKind(Kind kind)
{
    return kind == Kind::CatalogFolder || kind == Kind::NetworkFolder || kind == Kind::EdgeFolder;
}

InventoryNode *InventoryNode::child(int row) const
{
    if (row < 0 || row >= int(m_children.size()))
        return nullptr;
    return m_children[size_t(row)].get();
}

InventoryNode *InventoryNode::folder(Kind folderKind) const
{
    for (int i = 0; i < m_folderCount; ++i) {
        if (m_children[size_t(i)]->m_kind == folderKind)
            return m_children[size_t(i)].get();
    }
    return nullptr;
}

void InventoryNode::renumberFrom(int row)
{
    for (size_t i = size_t(std::max(row, 0)); i < m_children.size(); ++i)
        m_children[i]->m_row = int(i);
}

InventoryNode *InventoryNode::insertChild(int row, std::unique_ptr<InventoryNode> child)
{
    row = std::clamp(row, m_folderCount, int(m_children.size()));
    InventoryNode *raw = child.get();
    m_children.insert(m_children.begin() + row, std::move(child));
    renumberFrom(row);
    return raw;
}

void InventoryNode::insertChildren(int row, std::vector<std::unique_ptr<InventoryNode>> children)
{
    row = std::clamp(row, m_folderCount, int(m_children.size()));
    m_children.insert(m_children.begin() + row, std::make_move_iterator(children.begin()),
                      std::make_move_iterator(children.end()));
    renumberFrom(row);
}

std::unique_ptr<InventoryNode> InventoryNode::takeChild(int row)
{
    if (row < m_folderCount || row >= int(m_children.size()))
        return nullptr;
    auto it = m_children.begin() + row;
    std::unique_ptr<InventoryNode> taken = std::move(*it);
    m_children.erase(it);
    renumberFrom(row);
    return taken;
}

bool InventoryNode::nameLess(const QString &a, const QString &b)
{
    const int c = QString::compare(a, b, Qt::CaseInsensitive);
    return c != 0 ? c < 0 : a < b;
}

int InventoryNode::sortedRow(const QString &name) const
{
    const auto first = m_children.begin() + m_folderCount;
    // Fast path: names mostly arrive in order (sorted queries, creation order).
    if (first == m_children.end() || !nameLess(name, m_children.back()->name))
        return int(m_children.size());
    const auto it = std::upper_bound(
        first, m_children.end(), name,
        [](const QString &n, const std::unique_ptr<InventoryNode> &c) { return nameLess(n, c->name); });
    return int(it - m_children.begin());
}

InventoryNode *InventoryNode::connection()
{
    InventoryNode *n = this;
    while (n && n->m_kind != Kind::Connection)
        n = n->m_parent;
    return n;
}

bool InventoryNode::isWithin(const InventoryNode *ancestor) const
{
    for (const InventoryNode *n = this; n; n = n->m_parent) {
        if (n == ancestor)
            return true;
    }
    return false;
}

QString InventoryNode::keyOf(const QString &href)
{
    QStringView path(href);
    const qsizetype query = path.indexOf(u'?');
    if (query >= 0)
        path = path.left(query);
    while (path.endsWith(u'/'))
        path.chop(1);
    const QStringView last = path.mid(path.lastIndexOf(u'/') + 1);
    // Ids in hrefs are lowercase already (uuids): then one copy, not a copy and a lowercased one.
    for (const QChar c : last) {
        if (c.unicode() >= 0x80 || (c >= u'A' && c <= u'Z'))
            return last.toString().toLower();
    }
    return last.toString();
}

QString InventoryNode::keyOf(const QUrl &href)
{
    return keyOf(href.toString());
}

} // namespace vcd
