#pragma once

// The inventory tree (DESIGN.md §2 "Browse"): connections → orgs → VDCs → vApps → VMs, loaded lazily
// and in pages through QueryService (vcd-api.md §4). No icons: the ui decorates through a proxy.
//
//   InventoryModel model;
//   model.addConnection(session, u"prod"_s);      // several connections side by side
//   view->setModel(&model);                        // expanding a row calls fetchMore()
//
// fetchMore() only starts a query; rows arrive page by page (one beginInsertRows/endInsertRows per
// page) and the node ends Loaded or Empty, or Failed with the error text (fetchMore() again
// retries). A refresh or a removal cancels the node's query; pages that would still arrive for it
// are dropped.

#include "core/model/inventorynode.h"
#include "core/services/queryjob.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>

namespace vcd {

class Session;

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
    };
    Q_ENUM(Role)

    explicit InventoryModel(QObject *parent = nullptr);
    ~InventoryModel() override;

    // Adds a top-level row for `session` (not owned; the row goes away when the session is destroyed).
    // The session may log in later: a load before that fails and can be retried.
    QModelIndex addConnection(Session *session, const QString &label);
    void removeConnection(Session *session);
    QModelIndex connectionIndex(Session *session) const;

    // Forgets a node's children (canceling its load) so that the next fetchMore() reads them again.
    void refresh(const QModelIndex &index);

    // Rows per query page (vcd-api.md §4: the server caps it at 128).
    void setPageSize(int rows) { m_pageSize = rows > 0 ? rows : 1; }
    int pageSize() const { return m_pageSize; }

    // The node behind an index (the invisible root for an invalid one).
    InventoryNode *nodeFromIndex(const QModelIndex &index) const;
    QModelIndex indexOfNode(const InventoryNode *node, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    // A node's load state changed (also visible as dataChanged on LoadStateRole).
    void loadStateChanged(const QModelIndex &index, vcd::InventoryNode::LoadState state);

private:
    void startLoad(InventoryNode *node);
    void onPage(QueryJob *job, const QueryPage &page);
    void onFinished(QueryJob *job);
    void onFailed(QueryJob *job, const ApiError &error);
    void setLoadState(InventoryNode *node, InventoryNode::LoadState state);
    void cancelLoads(InventoryNode *node); // the node and its whole subtree
    void removeChildren(InventoryNode *node);
    void emitRowChanged(InventoryNode *node);

    std::unique_ptr<InventoryNode> m_root;
    QHash<QueryJob *, InventoryNode *> m_loads;
    int m_pageSize = 128;
};

} // namespace vcd
