#pragma once

// One row of the inventory tree (docs/ARCHITECTURE.md, core/). Children are owned through
// std::unique_ptr (Qt's tree-model example); the parent pointer is a plain back reference.
//
// The shape (issue #4 item 1):
//
//   Connection ─ Org ─┬─ [Catalogs] ─ Catalog ─ CatalogItem (template or media)
//                     └─ Vdc ─┬─ [Networks] ─ Network
//                             ├─ [Edge gateways] ─ EdgeGateway
//                             └─ VApp ─ Vm
//
// The bracketed rows are folder nodes, created together with their parent and always first among
// its children. vApps (what users open most) stay one click below their VDC; networks and edges, which
// users open rarely, are one more click away instead of being mixed into a list of hundreds of vApps.
//
// Every container loads exactly ONE kind of child through queries (queryChildKind()); folders are
// not loaded, they exist. InventoryModel owns all bookkeeping; this class is plain data.

#include "core/api/apitypes.h"
#include "core/api/xmlreaders.h"

#include <QPointer>
#include <QString>
#include <QUrl>
#include <QVariantMap>

#include <memory>
#include <vector>

namespace vcd {

class ApiCall;
class QueryService;
class Session;

class InventoryNode
{
public:
    enum class Kind {
        Root,
        Connection,
        Org,
        Vdc,
        VApp,
        Vm,
        CatalogFolder,
        Catalog,
        CatalogItem,
        NetworkFolder,
        Network,
        EdgeFolder,
        EdgeGateway,
    };
    enum class LoadState { NotLoaded, Loading, Loaded, Failed, Empty };

    InventoryNode(Kind kind, InventoryNode *parent);
    ~InventoryNode();
    // From a NodePool (nodepool.h): a whole-tree load makes tens of thousands in a row.
    static void *operator new(std::size_t size);
    static void operator delete(void *node, std::size_t size) noexcept;
    InventoryNode(const InventoryNode &) = delete;
    InventoryNode &operator=(const InventoryNode &) = delete;

    Kind kind() const { return m_kind; }
    InventoryNode *parent() const { return m_parent; }
    // Position among the parent's children (0 for the root). Kept up to date on every insert and
    // removal, because views ask for it constantly and a VDC may hold thousands of vApps.
    int row() const { return m_row; }

    // The kind of child this node loads through queries; Kind::Root when it loads nothing (leaves,
    // and the invisible root whose connections are added by hand).
    static Kind queryChildKind(Kind kind);
    // The folder kinds created with a node of `kind`, in row order.
    static std::vector<Kind> folderKinds(Kind kind);
    static bool isFolderKind(Kind kind);
    bool isContainer() const { return queryChildKind(m_kind) != Kind::Root; }
    bool isFolder() const { return isFolderKind(m_kind); }
    // An entity the server knows (has an href): not the root, a connection or a folder.
    bool isEntity() const { return m_kind != Kind::Root && m_kind != Kind::Connection && !isFolder(); }

    int childCount() const { return int(m_children.size()); }
    InventoryNode *child(int row) const;
    const std::vector<std::unique_ptr<InventoryNode>> &children() const { return m_children; }
    // Folders come first; loaded children start here.
    int firstLoadedRow() const { return m_folderCount; }
    int loadedChildCount() const { return childCount() - m_folderCount; }
    InventoryNode *folder(Kind folderKind) const;

    InventoryNode *insertChild(int row, std::unique_ptr<InventoryNode> child);
    // Inserts a run of children at `row`, renumbering the rows after them once.
    void insertChildren(int row, std::vector<std::unique_ptr<InventoryNode>> children);
    std::unique_ptr<InventoryNode> takeChild(int row);
    // Row where a loaded child named `name` belongs (children kept in name order).
    int sortedRow(const QString &name) const;
    static bool nameLess(const QString &a, const QString &b);

    // The connection this node belongs to (itself for a connection; nullptr for the root).
    InventoryNode *connection();
    // True when `ancestor` is this node or one of its ancestors.
    bool isWithin(const InventoryNode *ancestor) const;

    // The identity of an entity in the index: the last path segment of its href, lowercased. The
    // admin and the tenant view of one entity (…/admin/vdc/<uuid>, …/vdc/<uuid>) share it, and so
    // do a record's href and the references other records hold to it (`vdc`, `container`, …).
    static QString keyOf(const QUrl &href);
    static QString keyOf(const QString &href);

    // The effective load state: Loading while any load covering this node runs.
    LoadState loadState() const { return pendingLoads > 0 ? LoadState::Loading : settledState; }

    // Filled from a query record (docs/VCD-API.md §4) for entity nodes; name = label for a connection.
    QString name;
    // As the server wrote it, sharing the record's string; QUrl(href) where a URL is needed (a
    // QUrl per row cost a parse and some 200 bytes for each of 100,000 rows).
    QString href;
    QString key;
    QString status;
    QueryRecord record;

    LoadState settledState = LoadState::NotLoaded; // the state when no load runs
    bool removing = false;                         // its row is being removed: no new load may start for it
    // Someone outside the model has learnt about this node's children: an index of one of them was
    // made, or their count (or whether there are any) was asked. Until then nobody can hold an index
    // below this node, so inserting or removing its children needs no signal (InventoryModel).
    mutable bool childrenObserved = false;
    int pendingLoads = 0;
    // The serial of the load that created this row (InventoryModel's Load; 0: made by hand): that load
    // counts it as delivered without keeping it in a set.
    quint32 bornIn = 0;
    QString errorText; // ApiError::userMessage() of the last failed load

    // Details of the entity read on selection (GET of its href).
    LoadState detailsState = LoadState::NotLoaded;
    QVariantMap details;
    QStringList capabilities; // rel of every Link of the entity body: what can be done right now
    QPointer<ApiCall> detailsCall;
    // The body exactly as the server sent it (the XML tab shows it), the links it carried (what the
    // action panels offer, docs/VCD-API.md §3.2), the value read from it (the Summary tab), and the
    // tasks in progress it embedded (docs/VCD-API.md §3.5: a busy entity shows its running task).
    // Kept only for rows that were selected, so a 30,000-VM tree carries none of it.
    QByteArray detailsBody;
    QList<Link> links;
    std::shared_ptr<const AnyBody> detailsValue;
    QList<Task> runningTasks;

    // Connection nodes only.
    QPointer<Session> session;
    QPointer<QueryService> queries;
    bool systemAdmin = false; // logged in to the System org: admin query types (docs/VCD-API.md §4)

private:
    void renumberFrom(int row);

    Kind m_kind;
    InventoryNode *m_parent;
    int m_folderCount = 0;
    int m_row = 0;
    std::vector<std::unique_ptr<InventoryNode>> m_children;
};

} // namespace vcd
