#pragma once

// The inventory tree (docs/ARCHITECTURE.md, "How data walks"; shape in inventorynode.h), loaded lazily and in
// pages through QueryService (docs/VCD-API.md §4). No icons: the ui decorates through a proxy.
//
//   InventoryModel model;
//   model.addConnection(session, u"prod"_s);      // several connections side by side
//   view->setModel(&model);                        // expanding a row calls fetchMore()
//
// Loads. Everything arrives through LOADS: one QueryJob whose records are MERGED into the tree —
// a record whose entity already has a row updates that row in place (dataChanged), a new one is
// inserted where its name sorts, and when the load completes, rows of the covered parents that the
// server no longer returned are removed. Rows therefore survive a reload, and with them the view's
// expansion and selection (persistent indexes). Three flavours:
//  * fetchMore(parent): the parent's own children, filtered on the parent (`vdc==<href>` …);
//  * loadAll(index): everything below `index` with ONE paged query per kind, filtered on `index`
//    where the API allows it (every VM of a connection is ⌈n/128⌉ requests, never one per vApp);
//    records are routed to their parents by reference (`container`, `vdc`, `org`, `catalog`), and
//    a record whose parent has not arrived yet waits for it;
//  * refresh(index): reloads what is loaded below `index` — per parent when few are loaded, with
//    one loadAll-style query per kind otherwise.
// A node shows Loading while any load covering it runs, then Loaded / Empty, or Failed with the
// error (its rows stay; fetchMore() retries). A refresh, a removal, a logout or a destroyed session
// cancels the loads concerned: pages that would still arrive for them are dropped.
//
// Live updates: updateEntity() re-reads one entity with a query on its href and updates, inserts (a
// new vApp under its loaded VDC) or removes its row; watchTask() does that when a task ends.
//
// Details of one entity (its full body, the actions its links allow) are read only on request —
// loadDetails(), called by the view when a row is selected.

#include "core/keyedindex.h"
#include "core/model/inventorynode.h"
#include "core/services/actiontypes.h"
#include "core/services/queryjob.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>

#include <memory>
#include <unordered_map>
#include <vector>

namespace vcd {

class Session;
class TaskTracker;
struct Task;

class InventoryModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StatusColumn,
        TypeColumn,
        CpusColumn,
        MemoryColumn,
        IpColumn,
        GuestOsColumn,
        OwnerColumn,
        ContentsColumn, // what a container says it holds (VDCs of an org, VMs of a vApp …), as stated
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        HrefRole = Qt::UserRole + 1, // QUrl
        IdRole,                      // QString: the record's id, else the last segment of its href
        KindRole,                    // int(InventoryNode::Kind)
        StatusRole,                  // QString: the record's status name, e.g. "POWERED_ON"
        LoadStateRole,               // int(InventoryNode::LoadState)
        ErrorRole,                   // QString: why the last load failed
        AttributesRole,              // QVariantMap: every attribute of the query record
        SessionRole,                 // QObject* (vcd::Session) of the node's connection
        CountRole,        // qint64: children as the server counts them (record), else rows; -1 unknown
        CapabilitiesRole, // QStringList: rel of every link of the entity (after loadDetails)
        DetailsRole,      // QVariantMap: the entity's details (after loadDetails)
        DetailsStateRole, // int(InventoryNode::LoadState) of the details
        DetailsBodyRole,  // QByteArray: the entity's body as the server sent it (after loadDetails)
        LinksRole,        // QList<Link>: every link of that body — what may be done now
        BusyRole,         // bool: the body showed a task in progress (for a VM: or its vApp's)
    };
    Q_ENUM(Role)

    // Below this many loaded parents of one kind, refresh() reloads per parent; above, with one
    // query for the whole subtree.
    static constexpr int kRefreshPerParentLimit = 8;
    // Query pages in flight per query (QNetworkAccessManager's HTTP/1.1 connections per host).
    static constexpr int kConnectionsPerHost = 6;

    explicit InventoryModel(QObject *parent = nullptr);
    ~InventoryModel() override;

    // Adds a top-level row for `session` (not owned; the row goes away when the session is destroyed).
    // The session may log in later: a load before that fails and can be retried. A logout empties
    // the connection (its loads are canceled).
    QModelIndex addConnection(Session *session, const QString &label);
    void removeConnection(Session *session);
    QModelIndex connectionIndex(Session *session) const;

    // Reloads what is loaded below `index` (and `index` itself), keeping rows that still exist.
    void refresh(const QModelIndex &index);
    void refreshAll();
    // Loads everything below `index` (see above); subtreeLoaded(index) once every query ended.
    void loadAll(const QModelIndex &index);
    // Reads the details of one entity (GET of its href); detailsLoaded() when done.
    void loadDetails(const QModelIndex &index);
    // Re-reads one entity of `session`'s connection; see above.
    void updateEntity(Session *session, const QUrl &href);
    // Calls updateEntity() for the task's owner when the task ends (and for the VMs of a vApp).
    void watchTask(Session *session, TaskTracker *tracker);
    void taskFinished(Session *session, const Task &task);

    // Expands along `hrefPath` (the hrefs from an org down to the entity, as a search hit carries
    // them), loading each level as needed; revealed(index) when the last one has a row, or
    // revealFailed(message).
    void reveal(Session *session, const QList<QUrl> &hrefPath);

    // What an action runs on (ActionService): the entity's href, name, media type and the links of
    // its last read body; no links before loadDetails() answered.
    ActionTarget actionTarget(const QModelIndex &index) const;
    static bool isBusy(const InventoryNode *node);

    // The row of an entity of `session`'s connection, if loaded.
    QModelIndex indexForHref(Session *session, const QUrl &href) const;

    // Rows per query page (docs/VCD-API.md §4: the server caps it at 128).
    void setPageSize(int rows) { m_pageSize = rows > 0 ? rows : 1; }
    int pageSize() const { return m_pageSize; }
    // Loads running now (for tests, benchmarks and a busy indicator).
    int activeLoads() const { return int(m_loads.size()); }

    // The node behind an index (the invisible root for an invalid one).
    InventoryNode *nodeFromIndex(const QModelIndex &index) const;
    QModelIndex indexOfNode(const InventoryNode *node, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    // The base class's removeRows stays visible beside the private overload of the same name.
    using QAbstractItemModel::removeRows;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    // A node's load state changed (also visible as dataChanged on LoadStateRole).
    void loadStateChanged(const QModelIndex &index, vcd::InventoryNode::LoadState state);
    void subtreeLoaded(const QModelIndex &index, bool complete); // complete = no query failed
    void detailsLoaded(const QModelIndex &index);
    void revealed(const QModelIndex &index);
    void revealFailed(const QString &message);

private:
    struct Load;
    struct LoadAll;
    struct Reveal;
    enum class LoadMode { Parent, Subtree, Entity };

    Load *startLoad(LoadMode mode, InventoryNode *scope, InventoryNode::Kind kind,
                    const QUrl &entityHref = {});
    void registerParent(Load *load, InventoryNode *parent);
    void onPage(Load *load, const QueryPage &page);
    void onLoadEnded(Load *load, const ApiError *error);
    void finishLoad(Load *load);
    void markSeen(Load *load, InventoryNode *node);
    bool parentsMayStillCome(const Load *load) const;
    void completeDeferredLoads();
    void cancelLoad(Load *load);
    void cancelLoadsWithin(InventoryNode *node);
    void dropLoad(Load *load);
    InventoryNode *parentFor(InventoryNode *conn, InventoryNode::Kind kind, const QueryRecord &record,
                             QString *waitKey) const;
    void applyRecords(InventoryNode *parent, InventoryNode::Kind kind, QList<QueryRecord> records,
                      Load *load);
    void updateNode(InventoryNode *node, const QueryRecord &record);
    void nodeCreated(InventoryNode *node);
    void removeRows(InventoryNode *parent, int first, int last);
    void forgetSubtree(InventoryNode *node);
    void clearConnection(InventoryNode *conn);
    void adjustPending(InventoryNode *node, int delta);
    void settle(InventoryNode *node, InventoryNode::LoadState state);
    void emitStateIfChanged(InventoryNode *node, InventoryNode::LoadState before);
    void emitRowChanged(InventoryNode *node);
    void loadAllStep(LoadAll *op, Load *ended, bool ok);
    void revealStep(Reveal *op);
    void endReveal(Reveal *op, const QString &error);
    InventoryNode *connectionNode(Session *session) const;
    // The node of `conn` whose key (InventoryNode::keyOf) is `key`, or nullptr.
    InventoryNode *indexed(const InventoryNode *conn, QStringView key) const;
    void reloadParentsOf(InventoryNode *node, QSet<InventoryNode *> *seen);

    std::unique_ptr<InventoryNode> m_root;
    std::vector<std::unique_ptr<Load>> m_loads;
    std::vector<std::unique_ptr<LoadAll>> m_loadAlls;
    std::vector<std::unique_ptr<Reveal>> m_reveals;
    // Per connection: entity key (InventoryNode::key, see keyOf()) → node. Looked up and filled once or
    // twice per row of every page, hence not a QHash (core/keyedindex.h).
    struct NodeKey
    {
        const QString &operator()(const InventoryNode *node) const { return node->key; }
    };
    using NodeIndex = KeyedIndex<InventoryNode *, NodeKey>;
    std::unordered_map<const InventoryNode *, NodeIndex> m_index;
    quint32 m_loadSerial = 0; // the last Load::serial handed out
    int m_pageSize = 128;
    bool m_deferredCheckQueued = false;
};

} // namespace vcd
