#include "core/model/inventorymodel.h"

#include "core/logging.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"

#include <QMetaEnum>

using namespace Qt::StringLiterals;

namespace vcd {

namespace {

using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;

Kind childKind(Kind parent)
{
    switch (parent) {
    case Kind::Root:
        return Kind::Connection;
    case Kind::Connection:
        return Kind::Org;
    case Kind::Org:
        return Kind::Vdc;
    case Kind::Vdc:
        return Kind::VApp;
    case Kind::VApp:
    case Kind::Vm:
        break;
    }
    return Kind::Vm;
}

// The query that lists a node's children (vcd-api.md §4). The tenant types are scoped to the user's
// own org; a System administrator needs the admin types to see into every org. The tenant orgVdc
// record has no `org` reference (only orgName), so a tenant filters VDCs by org name — it only sees
// its own org anyway.
QueryParams childQuery(const InventoryNode &node, bool admin)
{
    QueryParams p;
    const QString href = node.href.toString();
    switch (node.kind()) {
    case Kind::Connection:
        p.type = u"organization"_s;
        break;
    case Kind::Org:
        p.type = admin ? u"adminOrgVdc"_s : u"orgVdc"_s;
        p.filter = admin ? QueryFilterBuilder::equals(u"org"_s, href)
                         : QueryFilterBuilder::equals(u"orgName"_s, node.name);
        break;
    case Kind::Vdc:
        p.type = admin ? u"adminVApp"_s : u"vApp"_s;
        p.filter = QueryFilterBuilder::equals(u"vdc"_s, href);
        break;
    case Kind::VApp:
        p.type = admin ? u"adminVM"_s : u"vm"_s;
        p.filter = QueryFilterBuilder::equals(u"container"_s, href);
        break;
    case Kind::Root:
    case Kind::Vm:
        break;
    }
    // Stable order across pages: unsorted results come in database-id order (§4), but asking for
    // a sort keeps the rows readable and the paging deterministic.
    p.sortAsc = u"name"_s;
    return p;
}

QString kindText(Kind kind)
{
    switch (kind) {
    case Kind::Root:
        return QString();
    case Kind::Connection:
        return InventoryModel::tr("Connection");
    case Kind::Org:
        return InventoryModel::tr("Organization");
    case Kind::Vdc:
        return InventoryModel::tr("VDC");
    case Kind::VApp:
        return InventoryModel::tr("vApp");
    case Kind::Vm:
        return InventoryModel::tr("VM");
    }
    return QString();
}

QString nodeId(const InventoryNode &node)
{
    const QString id = node.record.id();
    if (!id.isEmpty())
        return id;
    return node.href.path().section(u'/', -1);
}

QString orgStatus(const QueryRecord &r)
{
    if (!r.has(u"isEnabled"))
        return QString();
    return r.value(u"isEnabled") == u"true" ? u"ENABLED"_s : u"DISABLED"_s;
}

} // namespace

InventoryModel::InventoryModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<InventoryNode>(Kind::Root, nullptr))
{}

InventoryModel::~InventoryModel()
{
    cancelLoads(m_root.get());
    for (const auto &c : m_root->children()) {
        if (c->queries)
            delete c->queries.data();
    }
}

InventoryNode *InventoryModel::nodeFromIndex(const QModelIndex &index) const
{
    if (index.isValid() && index.model() == this)
        return static_cast<InventoryNode *>(index.internalPointer());
    return m_root.get();
}

QModelIndex InventoryModel::indexOfNode(const InventoryNode *node, int column) const
{
    if (!node || node == m_root.get())
        return QModelIndex();
    return createIndex(node->row(), column, const_cast<InventoryNode *>(node));
}

QModelIndex InventoryModel::addConnection(Session *session, const QString &label)
{
    if (!session)
        return QModelIndex();
    if (const QModelIndex existing = connectionIndex(session); existing.isValid())
        return existing;
    auto node = std::make_unique<InventoryNode>(Kind::Connection, m_root.get());
    node->name = label;
    node->session = session;
    node->queries = new QueryService(session, this);
    const int row = m_root->childCount();
    beginInsertRows(QModelIndex(), row, row);
    InventoryNode *added = m_root->appendChild(std::move(node));
    endInsertRows();

    connect(session, &Session::stateChanged, this, [this, session] {
        if (const QModelIndex i = connectionIndex(session); i.isValid())
            emitRowChanged(nodeFromIndex(i));
    });
    // By the time destroyed() is emitted our QPointer is already null: remove the rows whose session
    // is gone.
    connect(session, &QObject::destroyed, this, [this] { removeConnection(nullptr); });
    qCDebug(lcModel) << "connection added:" << label;
    return indexOfNode(added);
}

void InventoryModel::removeConnection(Session *session)
{
    const QModelIndex i = connectionIndex(session);
    if (!i.isValid())
        return;
    InventoryNode *node = nodeFromIndex(i);
    cancelLoads(node);
    if (session)
        disconnect(session, nullptr, this, nullptr);
    QPointer<QueryService> service = node->queries;
    const int row = i.row();
    beginRemoveRows(QModelIndex(), row, row);
    std::unique_ptr<InventoryNode> gone = m_root->takeChild(row);
    endRemoveRows();
    // Later: this may run inside a signal of one of the service's jobs.
    if (service)
        service->deleteLater();
    qCDebug(lcModel) << "connection removed:" << gone->name;
}

QModelIndex InventoryModel::connectionIndex(Session *session) const
{
    for (const auto &c : m_root->children()) {
        // nullptr finds a connection whose session was destroyed.
        if (c->session.data() == session)
            return indexOfNode(c.get());
    }
    return QModelIndex();
}

void InventoryModel::refresh(const QModelIndex &index)
{
    InventoryNode *node = nodeFromIndex(index);
    if (node == m_root.get() || !node->isContainer())
        return;
    cancelLoads(node);
    removeChildren(node);
    node->errorText.clear();
    setLoadState(node, LoadState::NotLoaded);
}

QModelIndex InventoryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return QModelIndex();
    InventoryNode *p = nodeFromIndex(parent);
    InventoryNode *c = p->child(row);
    return c ? createIndex(row, column, c) : QModelIndex();
}

QModelIndex InventoryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    return indexOfNode(nodeFromIndex(child)->parent());
}

int InventoryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return nodeFromIndex(parent)->childCount();
}

int InventoryModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

bool InventoryModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const InventoryNode *node = nodeFromIndex(parent);
    if (node->childCount() > 0)
        return true;
    // Unknown until loaded: the expander is shown, expanding calls fetchMore().
    return node->isContainer() && node->loadState != LoadState::Loaded && node->loadState != LoadState::Empty;
}

bool InventoryModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const InventoryNode *node = nodeFromIndex(parent);
    return node != m_root.get() && node->isContainer() &&
           (node->loadState == LoadState::NotLoaded || node->loadState == LoadState::Failed);
}

void InventoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    startLoad(nodeFromIndex(parent));
}

void InventoryModel::startLoad(InventoryNode *node)
{
    InventoryNode *conn = node->connection();
    if (!conn || !conn->queries)
        return;
    // A retry after a failure starts from nothing (a failed load leaves no rows behind anyway).
    removeChildren(node);
    if (conn->session)
        conn->systemAdmin = conn->session->sessionInfo().org.compare(u"System", Qt::CaseInsensitive) == 0;
    QueryParams params = childQuery(*node, conn->systemAdmin);
    params.pageSize = m_pageSize;
    node->errorText.clear();

    QueryJob *job = conn->queries->query(params);
    node->job = job;
    m_loads.insert(job, node);
    connect(job, &QueryJob::pageReady, this, [this, job](int, const QueryPage &page) { onPage(job, page); });
    connect(job, &QueryJob::finished, this, [this, job] { onFinished(job); });
    connect(job, &QueryJob::failed, this, [this, job](const ApiError &error) { onFailed(job, error); });
    qCDebug(lcModel) << "loading" << params.type << "for" << node->name;
    setLoadState(node, LoadState::Loading);
}

void InventoryModel::onPage(QueryJob *job, const QueryPage &page)
{
    InventoryNode *node = m_loads.value(job);
    if (!node || page.records.isEmpty())
        return; // a load that was canceled (refresh, removal): drop it
    const Kind kind = childKind(node->kind());
    const int first = node->childCount();
    beginInsertRows(indexOfNode(node), first, first + int(page.records.size()) - 1);
    for (const QueryRecord &r : page.records) {
        auto child = std::make_unique<InventoryNode>(kind, node);
        child->name = r.name();
        child->href = r.href();
        child->status = kind == Kind::Org ? orgStatus(r) : r.value(u"status");
        child->record = r;
        node->appendChild(std::move(child));
    }
    endInsertRows();
}

void InventoryModel::onFinished(QueryJob *job)
{
    InventoryNode *node = m_loads.take(job);
    job->deleteLater();
    if (!node)
        return;
    node->job = nullptr;
    setLoadState(node, node->childCount() > 0 ? LoadState::Loaded : LoadState::Empty);
}

void InventoryModel::onFailed(QueryJob *job, const ApiError &error)
{
    InventoryNode *node = m_loads.take(job);
    job->deleteLater();
    if (!node)
        return;
    node->job = nullptr;
    qCWarning(lcModel) << "loading children of" << node->name << "failed:" << error.userMessage();
    removeChildren(node);
    node->errorText = error.userMessage();
    setLoadState(node, LoadState::Failed);
}

void InventoryModel::setLoadState(InventoryNode *node, InventoryNode::LoadState state)
{
    if (node->loadState == state)
        return;
    node->loadState = state;
    Q_EMIT loadStateChanged(indexOfNode(node), state);
    emitRowChanged(node);
}

void InventoryModel::cancelLoads(InventoryNode *node)
{
    if (QueryJob *job = node->job.data()) {
        m_loads.remove(job);
        job->cancel();
        // Later: we may be inside one of the job's own signals.
        job->deleteLater();
    }
    node->job = nullptr;
    for (const auto &c : node->children())
        cancelLoads(c.get());
}

void InventoryModel::removeChildren(InventoryNode *node)
{
    for (const auto &c : node->children())
        cancelLoads(c.get());
    if (node->childCount() == 0)
        return;
    beginRemoveRows(indexOfNode(node), 0, node->childCount() - 1);
    node->clearChildren();
    endRemoveRows();
}

void InventoryModel::emitRowChanged(InventoryNode *node)
{
    if (node == m_root.get())
        return;
    Q_EMIT dataChanged(indexOfNode(node, 0), indexOfNode(node, ColumnCount - 1));
}

QVariant InventoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const InventoryNode *node = nodeFromIndex(index);
    const QueryRecord &r = node->record;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    case HrefRole:
        return node->href;
    case IdRole:
        return nodeId(*node);
    case KindRole:
        return int(node->kind());
    case StatusRole:
        return node->status;
    case LoadStateRole:
        return int(node->loadState);
    case ErrorRole:
        return node->errorText;
    case AttributesRole: {
        QVariantMap map;
        for (const auto &a : r.attributes)
            map.insert(a.first, a.second);
        return map;
    }
    case SessionRole: {
        const InventoryNode *conn = const_cast<InventoryNode *>(node)->connection();
        return conn ? QVariant::fromValue<QObject *>(conn->session.data()) : QVariant();
    }
    default:
        return QVariant();
    }

    if (role == Qt::ToolTipRole)
        return node->loadState == LoadState::Failed ? QVariant(node->errorText) : QVariant();

    switch (Column(index.column())) {
    case NameColumn:
        return node->name;
    case StatusColumn:
        if (node->kind() == Kind::Connection && node->session) {
            const char *key = QMetaEnum::fromType<Session::State>().valueToKey(int(node->session->state()));
            return key ? QString::fromLatin1(key) : QString();
        }
        return node->status;
    case TypeColumn:
        return kindText(node->kind());
    case CpusColumn:
        return r.has(u"numberOfCpus") ? QVariant(r.intValue(u"numberOfCpus")) : QVariant();
    case MemoryColumn:
        if (r.has(u"memoryMB"))
            return r.intValue(u"memoryMB");
        return r.has(u"memoryAllocationMB") && node->kind() == Kind::VApp
                   ? QVariant(r.intValue(u"memoryAllocationMB"))
                   : QVariant();
    case IpColumn:
        return r.value(u"ipAddress");
    case GuestOsColumn:
        return r.value(u"guestOs");
    case OwnerColumn:
        if (r.has(u"ownerName"))
            return r.value(u"ownerName");
        // adminVM records carry no owner: it is the owner of the vApp (vcd-api.md §4 records).
        if (node->kind() == Kind::Vm && node->parent())
            return node->parent()->record.value(u"ownerName");
        return QString();
    case ColumnCount:
        break;
    }
    return QVariant();
}

QVariant InventoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case TypeColumn:
        return tr("Type");
    case CpusColumn:
        return tr("CPUs");
    case MemoryColumn:
        return tr("Memory (MB)");
    case IpColumn:
        return tr("IP address");
    case GuestOsColumn:
        return tr("Guest OS");
    case OwnerColumn:
        return tr("Owner");
    case ColumnCount:
        break;
    }
    return QVariant();
}

QHash<int, QByteArray> InventoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(HrefRole, "href");
    names.insert(IdRole, "id");
    names.insert(KindRole, "kind");
    names.insert(StatusRole, "status");
    names.insert(LoadStateRole, "loadState");
    names.insert(ErrorRole, "error");
    names.insert(AttributesRole, "attributes");
    names.insert(SessionRole, "session");
    return names;
}

} // namespace vcd
