#pragma once

// One row of the inventory tree (DESIGN.md §1 core/model): a connection, an org, a VDC, a vApp or a
// VM. Children are owned through std::unique_ptr (Qt's tree-model example); the parent pointer is
// a plain back reference. A container node loads its children lazily through one QueryJob at a
// time; the job is tracked here so that a refresh or a removal can cancel it and late pages are
// dropped (InventoryModel owns the bookkeeping, this class is plain data).

#include "core/api/apitypes.h"

#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>
#include <vector>

namespace vcd {

class QueryJob;
class QueryService;
class Session;

class InventoryNode
{
public:
    enum class Kind { Root, Connection, Org, Vdc, VApp, Vm };
    enum class LoadState { NotLoaded, Loading, Loaded, Failed, Empty };

    InventoryNode(Kind kind, InventoryNode *parent);
    ~InventoryNode();
    InventoryNode(const InventoryNode &) = delete;
    InventoryNode &operator=(const InventoryNode &) = delete;

    Kind kind() const { return m_kind; }
    InventoryNode *parent() const { return m_parent; }
    // Position among the parent's children (0 for the root).
    int row() const;

    // Every kind but a VM has children to load; the invisible root holds connections directly.
    bool isContainer() const { return m_kind != Kind::Vm; }

    int childCount() const { return int(m_children.size()); }
    InventoryNode *child(int row) const;
    InventoryNode *appendChild(std::unique_ptr<InventoryNode> child);
    std::unique_ptr<InventoryNode> takeChild(int row);
    void clearChildren() { m_children.clear(); }
    const std::vector<std::unique_ptr<InventoryNode>> &children() const { return m_children; }

    // The connection this node belongs to (itself for a connection; nullptr for the root).
    InventoryNode *connection();

    // Filled from a query record (vcd-api.md §4) for entity nodes; name = label for a connection.
    QString name;
    QUrl href;
    QString status;
    QueryRecord record;

    LoadState loadState = LoadState::NotLoaded;
    QString errorText; // ApiError::userMessage() of the last failed load

    // Connection nodes only.
    QPointer<Session> session;
    QPointer<QueryService> queries;
    bool systemAdmin = false; // logged in to the System org: admin query types (vcd-api.md §4)

    // The load in flight for this node's children, if any.
    QPointer<QueryJob> job;

private:
    Kind m_kind;
    InventoryNode *m_parent;
    std::vector<std::unique_ptr<InventoryNode>> m_children;
};

} // namespace vcd
