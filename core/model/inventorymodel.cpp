#include "core/model/inventorymodel.h"

#include "core/api/status.h"
#include "core/api/xmlreaders.h"
#include "core/heapheadroom.h"
#include "core/logging.h"
#include "core/model/recordfields.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"
#include "core/services/tasktracker.h"

#include <QMetaEnum>

#include <algorithm>
#include <variant>

using namespace Qt::StringLiterals;

namespace vcd {

using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;

// One QueryJob merging its records into the tree (see the header).
struct InventoryModel::Load
{
    LoadMode mode = LoadMode::Parent;
    InventoryNode *conn = nullptr;
    InventoryNode *scope = nullptr; // Parent: the parent; Subtree: the subtree's root; Entity: conn
    Kind kind = Kind::Root;         // the kind of the records
    QUrl entityHref;                // Entity only
    QPointer<QueryJob> job;
    QSet<InventoryNode *> parents; // covered: pendingLoads counted, pruned at the end
    // Rows this load delivered: the ones it created carry its serial (InventoryNode::bornIn), the
    // others are in `seen`. A first load of a big tree creates every row, and the 40,000 set inserts
    // it spared were 5% of the GUI thread's time in W2.
    quint32 serial = 0;
    QSet<InventoryNode *> seen;
    // How many delivered rows each parent holds: a parent with no other loaded rows needs no scan for
    // rows the server stopped returning (finishLoad; 33,500 vApps at 100,000 VMs).
    QHash<InventoryNode *, int> seenPerParent;
    bool delivered(InventoryNode *n) const { return n->bornIn == serial || seen.contains(n); }
    QHash<QString, QList<QueryRecord>> waiting; // Subtree: records whose parent has not arrived yet
    bool entityFound = false;
    bool jobDone = false;  // the query ended; records still wait for parents another load brings
    bool reserved = false; // room made in the hashes for the query's total (first page)
    LoadAll *owner = nullptr;
};

struct InventoryModel::LoadAll
{
    InventoryNode *scope = nullptr;
    QSet<Load *> loads;
    bool complete = true;
};

struct InventoryModel::Reveal
{
    QPointer<Session> session;
    QList<QUrl> path;
    QSet<InventoryNode *> fetched; // containers this reveal asked to load
    bool done = false;
};

namespace {

bool isSettledLoaded(const InventoryNode *n)
{
    return n->settledState == LoadState::Loaded || n->settledState == LoadState::Empty;
}

QString queryType(Kind kind, bool admin)
{
    switch (kind) {
    case Kind::Org:
        return u"organization"_s;
    case Kind::Vdc:
        return admin ? u"adminOrgVdc"_s : u"orgVdc"_s;
    case Kind::VApp:
        return admin ? u"adminVApp"_s : u"vApp"_s;
    case Kind::Vm:
        return admin ? u"adminVM"_s : u"vm"_s;
    case Kind::Catalog:
        return admin ? u"adminCatalog"_s : u"catalog"_s;
    case Kind::CatalogItem:
        return admin ? u"adminCatalogItem"_s : u"catalogItem"_s;
    case Kind::Network:
        // Listed with the admin queries, visible to the SysAdmin across orgs (docs/VCD-API.md §4).
        return u"orgVdcNetwork"_s;
    case Kind::EdgeGateway:
        return u"edgeGateway"_s;
    default:
        return QString();
    }
}

// The filter restricting records of `kind` to the subtree of `scope` (docs/VCD-API.md §4), or an empty
// one when the record type has no attribute for it — then out-of-scope records are dropped on
// arrival. The tenant types see one org only, so an org scope needs no filter for them; where a
// tenant record has no `org` reference (OrgVdcRecord, CatalogRecord) its orgName is used.
QueryFilterBuilder scopeFilter(Kind kind, const InventoryNode *scope, bool admin)
{
    if (scope->isFolder())
        scope = scope->parent();
    const QString &href = scope->href;
    switch (scope->kind()) {
    case Kind::Org:
        switch (kind) {
        case Kind::Vdc:
        case Kind::Catalog:
            return admin ? QueryFilterBuilder::equals(u"org"_s, href)
                         : QueryFilterBuilder::equals(u"orgName"_s, scope->name);
        case Kind::VApp:
        case Kind::Vm:
        case Kind::CatalogItem:
            return admin ? QueryFilterBuilder::equals(u"org"_s, href) : QueryFilterBuilder();
        case Kind::EdgeGateway:
            return QueryFilterBuilder::equals(u"orgName"_s, scope->name);
        default:
            return QueryFilterBuilder();
        }
    case Kind::Vdc:
        return QueryFilterBuilder::equals(u"vdc"_s, href);
    case Kind::VApp:
        return QueryFilterBuilder::equals(u"container"_s, href);
    case Kind::Catalog:
        return QueryFilterBuilder::equals(u"catalog"_s, href);
    default:
        return QueryFilterBuilder();
    }
}

// The entity kind a record of `kind` hangs below (through a folder for catalogs, networks, edges).
Kind parentEntityKind(Kind kind)
{
    switch (kind) {
    case Kind::Vdc:
    case Kind::Catalog:
        return Kind::Org;
    case Kind::VApp:
    case Kind::Network:
    case Kind::EdgeGateway:
        return Kind::Vdc;
    case Kind::Vm:
        return Kind::VApp;
    case Kind::CatalogItem:
        return Kind::Catalog;
    default:
        return Kind::Root;
    }
}

bool isAncestorKind(Kind ancestor, Kind kind)
{
    for (Kind k = parentEntityKind(kind); k != Kind::Root; k = parentEntityKind(k)) {
        if (k == ancestor)
            return true;
    }
    return false;
}

// Every kind loaded somewhere below a node of `kind`.
void kindsBelow(Kind kind, QList<Kind> *out)
{
    const Kind child = InventoryNode::queryChildKind(kind);
    if (child != Kind::Root && !out->contains(child)) {
        out->append(child);
        kindsBelow(child, out);
    }
    for (Kind f : InventoryNode::folderKinds(kind))
        kindsBelow(f, out);
}

Kind kindFromHref(const QUrl &href)
{
    const QString path = href.path();
    const QString last = path.section(u'/', -1);
    const QString type = path.section(u'/', -2, -2);
    if (type == u"vApp") {
        if (last.startsWith(u"vm-"))
            return Kind::Vm;
        if (last.startsWith(u"vapp-"))
            return Kind::VApp;
    }
    if (type == u"vdc")
        return Kind::Vdc;
    if (type == u"org")
        return Kind::Org;
    if (type == u"catalog")
        return Kind::Catalog;
    if (type == u"catalogItem")
        return Kind::CatalogItem;
    if (type == u"network")
        return Kind::Network;
    if (type == u"edgeGateway")
        return Kind::EdgeGateway;
    return Kind::Root;
}

QString kindText(const InventoryNode &node)
{
    switch (node.kind()) {
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
    case Kind::CatalogFolder:
    case Kind::NetworkFolder:
    case Kind::EdgeFolder:
        return InventoryModel::tr("Folder");
    case Kind::Catalog:
        return InventoryModel::tr("Catalog");
    case Kind::CatalogItem: {
        const QString type = node.record.value(u"entityType");
        if (type.contains(u"vapptemplate", Qt::CaseInsensitive))
            return InventoryModel::tr("Template");
        if (type.contains(u"media", Qt::CaseInsensitive))
            return InventoryModel::tr("Media");
        return InventoryModel::tr("Catalog item");
    }
    case Kind::Network:
        return InventoryModel::tr("Network");
    case Kind::EdgeGateway:
        return InventoryModel::tr("Edge gateway");
    }
    return QString();
}

QString folderName(Kind kind)
{
    switch (kind) {
    case Kind::CatalogFolder:
        return InventoryModel::tr("Catalogs");
    case Kind::NetworkFolder:
        return InventoryModel::tr("Networks");
    case Kind::EdgeFolder:
        return InventoryModel::tr("Edge gateways");
    default:
        return QString();
    }
}

QString recordStatus(Kind kind, const QueryRecord &r)
{
    if (kind == Kind::Org || kind == Kind::Catalog) {
        if (!r.has(u"isEnabled"))
            return r.value(u"status");
        return r.value(u"isEnabled") == u"true" ? u"ENABLED"_s : u"DISABLED"_s;
    }
    if (kind == Kind::Network && !r.has(u"status"))
        return r.boolValue(u"isBusy") ? u"BUSY"_s : u"READY"_s;
    return r.value(u"status");
}

// The count a record states for the children of its row (-1 when it states none).
qint64 recordCount(Kind kind, const QueryRecord &r)
{
    const auto count = [&r](QStringView attr) { return r.has(attr) ? r.intValue(attr) : qint64(-1); };
    switch (kind) {
    case Kind::Org:
        return count(u"numberOfVdcs");
    case Kind::Vdc:
        return count(u"numberOfVApps");
    case Kind::VApp:
        return count(u"numberOfVMs");
    case Kind::Catalog:
        if (r.has(u"numberOfMedia"))
            return r.intValue(u"numberOfMedia") + r.intValue(u"numberOfVAppTemplates") +
                   r.intValue(u"numberOfTemplates");
        return -1;
    default:
        return -1;
    }
}

void put(QVariantMap &m, const QString &key, const QVariant &value)
{
    if (value.isValid() && !(value.typeId() == QMetaType::QString && value.toString().isEmpty()))
        m.insert(key, value);
}

// What the details pane shows for one entity body: the fields a query record lacks.
QVariantMap detailsOf(const AnyBody &body)
{
    QVariantMap m;
    std::visit(
        [&m](const auto &b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Vm>) {
                put(m, u"description"_s, b.description);
                put(m, u"computerName"_s, b.computerName);
                put(m, u"osType"_s, b.osType);
                put(m, u"guestOs"_s, b.guestOs);
                put(m, u"cpus"_s, b.cpus);
                put(m, u"coresPerSocket"_s, b.coresPerSocket);
                put(m, u"memoryMb"_s, b.memoryMb);
                put(m, u"hardwareVersion"_s, b.hardwareVersion);
                put(m, u"vmToolsVersion"_s, b.vmToolsVersion);
                put(m, u"ipAddresses"_s, b.ipAddresses());
                QStringList disks;
                for (const VmDisk &d : b.disks)
                    disks << d.name + u" ("_s + QString::number(d.sizeMb) + u" MB)"_s;
                put(m, u"disks"_s, disks);
                QStringList nics;
                for (const VmNic &n : b.nics)
                    nics << QString::number(n.index) + u": "_s + n.network + u' ' + n.ipAddress + u' ' +
                                n.macAddress;
                put(m, u"nics"_s, nics);
                put(m, u"storageProfile"_s, b.storageProfile.name);
                if (b.snapshot)
                    put(m, u"snapshot"_s, b.snapshot->created);
                put(m, u"created"_s, b.dateCreated);
                put(m, u"tasksRunning"_s, int(b.tasks.size()));
            } else if constexpr (std::is_same_v<T, VApp>) {
                put(m, u"description"_s, b.description);
                put(m, u"owner"_s, b.owner.name);
                put(m, u"deployed"_s, b.deployed);
                put(m, u"vms"_s, int(b.vms.size()));
                QStringList nets;
                for (const VAppNetworkConfig &n : b.networks)
                    nets << n.networkName + u" ("_s + n.fenceMode + u')';
                put(m, u"networks"_s, nets);
                put(m, u"deploymentLeaseSeconds"_s, b.deploymentLeaseSeconds);
                put(m, u"storageLeaseSeconds"_s, b.storageLeaseSeconds);
                if (b.snapshot)
                    put(m, u"snapshot"_s, b.snapshot->created);
                put(m, u"created"_s, b.dateCreated);
                put(m, u"tasksRunning"_s, int(b.tasks.size()));
            } else if constexpr (requires { b.description; }) {
                put(m, u"description"_s, b.description);
            }
        },
        body);
    return m;
}

} // namespace

InventoryModel::InventoryModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<InventoryNode>(Kind::Root, nullptr))
{
    m_root->childrenObserved = true; // connections come and go with their signals, whoever watches
}

InventoryModel::~InventoryModel()
{
    for (const auto &l : m_loads) {
        if (l->job) {
            l->job->cancel();
            delete l->job.data();
        }
    }
    for (const auto &c : m_root->children()) {
        if (c->queries)
            delete c->queries.data();
        if (c->session)
            disconnect(c->session.data(), nullptr, this, nullptr);
    }
}

// ---- connections ----

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
    node->parent()->childrenObserved = true; // an index of one of its children leaves the model
    return createIndex(node->row(), column, const_cast<InventoryNode *>(node));
}

InventoryNode *InventoryModel::connectionNode(Session *session) const
{
    for (const auto &c : m_root->children()) {
        // nullptr finds a connection whose session was destroyed.
        if (c->session.data() == session)
            return c.get();
    }
    return nullptr;
}

QModelIndex InventoryModel::connectionIndex(Session *session) const
{
    return indexOfNode(connectionNode(session));
}

QModelIndex InventoryModel::addConnection(Session *session, const QString &label)
{
    if (!session)
        return QModelIndex();
    if (InventoryNode *existing = connectionNode(session))
        return indexOfNode(existing);
    auto node = std::make_unique<InventoryNode>(Kind::Connection, m_root.get());
    node->name = label;
    node->session = session;
    node->queries = new QueryService(session, this);
    // QNetworkAccessManager opens at most 6 connections per host over HTTP/1.1; a loadAll runs a
    // few queries at once and the biggest (VMs) must be able to keep all of them busy on its own
    // once the smaller ones are done.
    node->queries->setMaxConcurrency(kConnectionsPerHost);
    const int row = m_root->childCount();
    beginInsertRows(QModelIndex(), row, row);
    InventoryNode *added = m_root->insertChild(row, std::move(node));
    endInsertRows();

    connect(session, &Session::stateChanged, this, [this, session](Session::State state) {
        InventoryNode *conn = connectionNode(session);
        if (!conn)
            return;
        // Going away: cancel first, so that the aborted calls do not show up as failed loads.
        if (state == Session::State::LoggingOut)
            cancelLoadsWithin(conn);
        emitRowChanged(conn);
    });
    // What was loaded belongs to the old login: drop it (and every reply still on its way).
    connect(session, &Session::loggedOut, this, [this, session] {
        if (InventoryNode *conn = connectionNode(session))
            clearConnection(conn);
    });
    // By the time destroyed() is emitted our QPointer is already null: remove the rows whose session
    // is gone.
    connect(session, &QObject::destroyed, this, [this] { removeConnection(nullptr); });
    qCDebug(lcModel) << "connection added:" << label;
    return indexOfNode(added);
}

void InventoryModel::removeConnection(Session *session)
{
    InventoryNode *conn = connectionNode(session);
    if (!conn)
        return;
    if (session)
        disconnect(session, nullptr, this, nullptr);
    QPointer<QueryService> service = conn->queries;
    const QString label = conn->name;
    removeRows(m_root.get(), conn->row(), conn->row());
    m_index.erase(conn);
    // Later: this may run inside a signal of one of the service's jobs.
    if (service)
        service->deleteLater();
    qCDebug(lcModel) << "connection removed:" << label;
}

void InventoryModel::clearConnection(InventoryNode *conn)
{
    cancelLoadsWithin(conn);
    if (conn->loadedChildCount() > 0)
        removeRows(conn, conn->firstLoadedRow(), conn->childCount() - 1);
    conn->errorText.clear();
    settle(conn, LoadState::NotLoaded);
}

// ---- loads ----

InventoryModel::Load *InventoryModel::startLoad(LoadMode mode, InventoryNode *scope, Kind kind,
                                                const QUrl &entityHref)
{
    InventoryNode *conn = scope->connection();
    if (!conn || !conn->queries || scope->removing)
        return nullptr;
    if (conn->session)
        conn->systemAdmin = conn->session->sessionInfo().org.compare(u"System", Qt::CaseInsensitive) == 0;

    QueryParams params;
    params.type = queryType(kind, conn->systemAdmin);
    params.pageSize = m_pageSize;
    params.keepResults = false; // the rows live in the tree
    params.fields = RecordFields::forTree(params.type);
    switch (mode) {
    case LoadMode::Parent:
        params.filter = scopeFilter(kind, scope, conn->systemAdmin);
        // One parent's children are few: sorting them costs the server little and makes the rows
        // arrive in their final order (appended, not inserted in the middle).
        params.sortAsc = u"name"_s;
        break;
    case LoadMode::Subtree:
        // No sort: unsorted results come in database-ID order (docs/VCD-API.md §4), which a server
        // pages cheaply; rows are put in name order per parent on arrival.
        params.filter = scopeFilter(kind, scope, conn->systemAdmin);
        break;
    case LoadMode::Entity:
        params.filter = QueryFilterBuilder::equals(u"href"_s, entityHref.toString());
        break;
    }

    auto load = std::make_unique<Load>();
    Load *l = load.get();
    l->mode = mode;
    l->conn = conn;
    l->scope = scope;
    l->kind = kind;
    l->entityHref = entityHref;
    l->serial = ++m_loadSerial;
    if (l->serial == 0) // after 4 billion loads: 0 means "no load" (InventoryNode::bornIn)
        l->serial = ++m_loadSerial;
    QueryJob *job = conn->queries->query(params);
    l->job = job;
    m_loads.push_back(std::move(load));

    connect(job, &QueryJob::pageReady, this, [this, job](int, const QueryPage &page) {
        for (const auto &x : m_loads) {
            if (x->job == job)
                return onPage(x.get(), page);
        }
    });
    connect(job, &QueryJob::finished, this, [this, job] {
        for (const auto &x : m_loads) {
            if (x->job == job)
                return onLoadEnded(x.get(), nullptr);
        }
    });
    connect(job, &QueryJob::failed, this, [this, job](const ApiError &error) {
        for (const auto &x : m_loads) {
            if (x->job == job)
                return onLoadEnded(x.get(), &error);
        }
    });

    if (mode == LoadMode::Parent) {
        registerParent(l, scope);
    } else if (mode == LoadMode::Subtree) {
        // Every container in scope that loads this kind is covered (and shown Loading).
        std::function<void(InventoryNode *)> walk = [&](InventoryNode *n) {
            if (InventoryNode::queryChildKind(n->kind()) == kind)
                registerParent(l, n);
            for (const auto &c : n->children())
                walk(c.get());
        };
        walk(scope);
    }
    qCDebug(lcModel) << "load" << int(mode) << params.type << "for" << scope->name;
    return l;
}

void InventoryModel::registerParent(Load *load, InventoryNode *parent)
{
    if (load->parents.contains(parent) || parent->removing)
        return;
    load->parents.insert(parent);
    adjustPending(parent, +1);
}

// The attribute whose href names the parent of a record of `kind` (parentFor); empty where the
// parent is found another way (an org by name, or the connection).
static QStringView referenceAttribute(Kind kind)
{
    switch (kind) {
    case Kind::CatalogItem:
        return u"catalog";
    case Kind::VApp:
    case Kind::Network:
    case Kind::EdgeGateway:
        return u"vdc";
    case Kind::Vm:
        return u"container";
    default:
        return {};
    }
}

InventoryNode *InventoryModel::indexed(const InventoryNode *conn, QStringView key) const
{
    const auto it = m_index.find(conn);
    return it == m_index.end() ? nullptr : it->second.value(key);
}

InventoryNode *InventoryModel::parentFor(InventoryNode *conn, Kind kind, const QueryRecord &r,
                                         QString *waitKey) const
{
    const auto byRef = [&](QStringView attr) -> InventoryNode * {
        const QString key = InventoryNode::keyOf(r.value(attr));
        *waitKey = key;
        return key.isEmpty() ? nullptr : indexed(conn, key);
    };
    const auto org = [&]() -> InventoryNode * {
        if (r.has(u"org"))
            return byRef(u"org");
        const QString name = r.value(u"orgName");
        *waitKey = u"name:"_s + name.toLower();
        for (int i = conn->firstLoadedRow(); i < conn->childCount(); ++i) {
            if (conn->child(i)->name.compare(name, Qt::CaseInsensitive) == 0)
                return conn->child(i);
        }
        return nullptr;
    };
    const auto inFolder = [](InventoryNode *n, Kind folder) { return n ? n->folder(folder) : nullptr; };
    switch (kind) {
    case Kind::Org:
        return conn;
    case Kind::Vdc:
        return org();
    case Kind::Catalog:
        return inFolder(org(), Kind::CatalogFolder);
    case Kind::CatalogItem:
        return byRef(u"catalog");
    case Kind::VApp:
        return byRef(u"vdc");
    case Kind::Vm:
        return byRef(u"container");
    case Kind::Network:
        return inFolder(byRef(u"vdc"), Kind::NetworkFolder);
    case Kind::EdgeGateway:
        return inFolder(byRef(u"vdc"), Kind::EdgeFolder);
    default:
        return nullptr;
    }
}

void InventoryModel::onPage(Load *load, const QueryPage &page)
{
    if (page.records.isEmpty())
        return;
    // A row costs the GUI thread some 1.1 KB: its node, its key, its entries in the index and the
    // seen sets (W2 at 30,000 VMs). Made ready at once, not page fault by page fault (HeapHeadroom).
    HeapHeadroom::expect(page.records.size() * 1100);
    if (!load->reserved && load->job) {
        // The first page tells how many rows come: make room in the hashes once, instead of
        // rehashing 100,000 entries in the middle of some later page (a GUI-thread stall). The
        // connection's index also takes what the other loads running on it still bring (vApps and
        // VMs load side by side): sized for this load alone, it grew past 131,072 entries at
        // 100,000 VMs, a 25–40 ms rehash in one event.
        load->reserved = true;
        const auto remaining = [](const Load &l) {
            return l.job && l.job->total() > 0 ? std::max<qint64>(0, l.job->total() - l.job->received()) : 0;
        };
        const qsizetype coming = qsizetype(std::min<qint64>(load->job->total(), 10'000'000));
        qint64 all = 0;
        for (const auto &l : m_loads)
            if (l->conn == load->conn)
                all += remaining(*l);
        NodeIndex &index = m_index[load->conn];
        // Capped: the table is populated when it is made, and a server may claim any total.
        index.reserve(index.size() + qsizetype(std::min<qint64>(std::max<qint64>(all, coming), 1'000'000)));
        // `seen` holds only rows that were there before the load: room for as many as are loaded.
        load->seen.reserve(std::min<qsizetype>(coming, index.size()));
    }
    if (load->mode == LoadMode::Parent) {
        applyRecords(load->scope, load->kind, page.records, load);
    } else {
        // Route each record to its parent, keeping the page's order per parent.
        std::vector<std::pair<InventoryNode *, QList<QueryRecord>>> groups;
        // The records of one parent come one after the other (database order): a record that names
        // the same parent as the one before (the very string, shared by the page's reader) reuses
        // what was found for it, instead of a key and an index lookup per VM.
        const QStringView refName = referenceAttribute(load->kind);
        QString lastRef;
        InventoryNode *lastParent = nullptr;
        for (const QueryRecord &r : page.records) {
            QString waitKey;
            InventoryNode *parent = nullptr;
            const QString ref = refName.isEmpty() ? QString() : r.value(refName);
            if (lastParent && !ref.isEmpty() && ref == lastRef) {
                parent = lastParent;
            } else {
                parent = parentFor(load->conn, load->kind, r, &waitKey);
                lastParent = refName.isEmpty() ? nullptr : parent;
                lastRef = ref;
            }
            if (load->mode == LoadMode::Entity) {
                load->entityFound = true;
                // Only where the user has looked already: a collapsed parent loads it when opened.
                if (!parent || !(isSettledLoaded(parent) || parent->pendingLoads > 0)) {
                    if (InventoryNode *existing = indexed(load->conn, InventoryNode::keyOf(r.value(u"href"))))
                        updateNode(existing, r);
                    continue;
                }
            } else if (!parent) {
                if (!waitKey.isEmpty())
                    load->waiting[waitKey].append(r);
                continue;
            } else if (!parent->isWithin(load->scope)) {
                continue; // the query could not be narrowed to the scope (no attribute for it)
            }
            // Records of one parent mostly come one after the other (database order).
            auto it = !groups.empty() && groups.back().first == parent
                          ? groups.end() - 1
                          : std::find_if(groups.begin(), groups.end(),
                                         [parent](const auto &g) { return g.first == parent; });
            if (it == groups.end())
                groups.emplace_back(parent, QList<QueryRecord>{r});
            else
                it->second.append(r);
        }
        for (auto &g : groups)
            applyRecords(g.first, load->kind, std::move(g.second), load);
    }
    for (const auto &r : m_reveals)
        revealStep(r.get());
    std::erase_if(m_reveals, [](const auto &r) { return r->done; });
}

void InventoryModel::applyRecords(InventoryNode *parent, Kind kind, QList<QueryRecord> records, Load *load)
{
    if (parent->removing)
        return;
    InventoryNode *conn = parent->connection();
    NodeIndex &index = m_index[conn];
    struct Fresh
    {
        QString key;
        QString href;
        QString name; // looked up once: the sort compares it again and again
        QueryRecord record;
    };
    std::vector<Fresh> fresh;
    fresh.reserve(size_t(records.size()));
    // Keys first, and the index's slots for them prefetched: the lookups below then find them in
    // the cache instead of waiting for memory one by one (KeyedIndex::prefetch).
    // The href as the server wrote it (no QUrl: the node keeps the string, see InventoryNode::href).
    std::vector<QString> hrefs(size_t(records.size()));
    std::vector<QString> keys(size_t(records.size()));
    for (qsizetype i = 0; i < records.size(); ++i) {
        hrefs[size_t(i)] = records[i].value(u"href");
        keys[size_t(i)] = InventoryNode::keyOf(hrefs[size_t(i)]);
        index.prefetch(keys[size_t(i)]);
    }
    for (qsizetype i = 0; i < records.size(); ++i) {
        QueryRecord &r = records[i];
        QString href = std::move(hrefs[size_t(i)]);
        QString key = std::move(keys[size_t(i)]);
        InventoryNode *existing = index.value(key);
        if (existing && existing->parent() != parent) {
            // Moved (a VM to another vApp): its old row goes.
            InventoryNode *old = existing->parent();
            removeRows(old, existing->row(), existing->row());
            existing = nullptr;
        }
        if (existing) {
            updateNode(existing, r);
            if (load)
                markSeen(load, existing);
        } else {
            QString name = r.name();
            fresh.push_back({std::move(key), std::move(href), std::move(name), std::move(r)});
        }
    }
    if (fresh.empty())
        return;
    // Mostly in order already (a parent's rows come in creation order, which is usually name order).
    const auto byName = [](const Fresh &a, const Fresh &b) {
        return InventoryNode::nameLess(a.name, b.name);
    };
    if (!std::is_sorted(fresh.begin(), fresh.end(), byName))
        std::stable_sort(fresh.begin(), fresh.end(), byName);

    // Subtree loads running for this connection cover the new nodes (and their folders) from the
    // start: a view that reacts to rowsInserted must already see them Loading, or it would fetch
    // them one by one. (Not visible yet, so no signal is due.)
    std::vector<Load *> subtree;
    for (const auto &l : m_loads) {
        if (l->mode == LoadMode::Subtree && l->conn == conn && parent->isWithin(l->scope))
            subtree.push_back(l.get());
    }
    const auto cover = [&subtree](InventoryNode *n) {
        for (Load *l : subtree) {
            if (InventoryNode::queryChildKind(n->kind()) == l->kind && !l->parents.contains(n)) {
                l->parents.insert(n);
                ++n->pendingLoads;
            }
        }
    };
    const auto make = [&](Fresh &f) {
        auto node = std::make_unique<InventoryNode>(kind, parent);
        node->name = std::move(f.name);
        if (load)
            node->bornIn = load->serial;
        node->href = std::move(f.href);
        node->key = std::move(f.key);
        node->status = recordStatus(kind, f.record);
        node->record = std::move(f.record);
        cover(node.get());
        for (const auto &c : node->children())
            cover(c.get());
        return node;
    };

    // Where each new row goes among the rows there now; equal positions form a run inserted with ONE
    // beginInsertRows (a page of a loadAll is mostly one run per parent, appended at its end).
    std::vector<int> at(fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i)
        at[i] = parent->sortedRow(fresh[i].name);
    std::vector<InventoryNode *> created;
    created.reserve(fresh.size());
    // Rows below a parent nobody has looked into go in without a signal: a whole-tree load would
    // otherwise have every proxy above build (and sort) a mapping for each of 10,000 vApps that no
    // view shows: 4.6 MB at 30,000 VMs (vcd-bench W5). No index below such a parent exists, so no
    // persistent index can go stale, and whoever asks later gets the rows as they are then.
    const bool notify = parent->childrenObserved;
    const QModelIndex parentIndex = notify ? indexOfNode(parent) : QModelIndex();
    // Runs from the last to the first, so that the positions of the earlier ones stay right.
    for (size_t end = fresh.size(); end > 0;) {
        size_t begin = end - 1;
        while (begin > 0 && at[begin - 1] == at[end - 1])
            --begin;
        const int row = at[begin];
        std::vector<std::unique_ptr<InventoryNode>> nodes;
        nodes.reserve(end - begin);
        for (size_t i = begin; i < end; ++i)
            nodes.push_back(make(fresh[i]));
        if (notify)
            beginInsertRows(parentIndex, row, row + int(nodes.size()) - 1);
        for (const auto &n : nodes)
            created.push_back(n.get());
        parent->insertChildren(row, std::move(nodes));
        if (notify)
            endInsertRows();
        end = begin;
    }
    for (InventoryNode *n : created)
        index.insert(n);
    if (load)
        load->seenPerParent[parent] += int(created.size());
    for (InventoryNode *n : created)
        nodeCreated(n);
}

void InventoryModel::updateNode(InventoryNode *node, const QueryRecord &record)
{
    node->record = record;
    node->name = record.name();
    node->status = recordStatus(node->kind(), record);
    emitRowChanged(node);
}

void InventoryModel::nodeCreated(InventoryNode *node)
{
    // Subtree loads running for this connection may hold records that waited for this node.
    std::vector<Load *> subtree;
    InventoryNode *conn = nullptr;
    for (const auto &l : m_loads) {
        if (l->mode != LoadMode::Subtree || l->waiting.isEmpty())
            continue;
        if (!conn)
            conn = node->connection();
        if (l->conn == conn)
            subtree.push_back(l.get());
    }
    for (Load *l : subtree) {
        if (l->waiting.isEmpty())
            continue;
        QList<QueryRecord> records = l->waiting.take(node->key);
        if (node->kind() == Kind::Org)
            records += l->waiting.take(u"name:"_s + node->name.toLower());
        if (records.isEmpty())
            continue;
        QString waitKey;
        InventoryNode *parent = parentFor(l->conn, l->kind, records.first(), &waitKey);
        if (parent && parent->isWithin(l->scope))
            applyRecords(parent, l->kind, std::move(records), l);
    }
}

bool InventoryModel::parentsMayStillCome(const Load *load) const
{
    if (load->waiting.isEmpty())
        return false;
    for (const auto &other : m_loads) {
        if (other.get() != load && other->conn == load->conn && isAncestorKind(other->kind, load->kind))
            return true;
    }
    return false;
}

void InventoryModel::completeDeferredLoads()
{
    // A load whose query ended with records waiting completes once no load that could still bring
    // their parents runs (VMs that came before their vApps, in a loadAll).
    for (bool again = true; again;) {
        again = false;
        for (const auto &l : m_loads) {
            if (l->jobDone && !parentsMayStillCome(l.get())) {
                onLoadEnded(l.get(), nullptr);
                again = true;
                break;
            }
        }
    }
}

void InventoryModel::onLoadEnded(Load *load, const ApiError *error)
{
    if (!error && !load->jobDone && parentsMayStillCome(load)) {
        load->jobDone = true;
        if (load->job)
            load->job->deleteLater();
        load->job = nullptr;
        return;
    }
    if (error) {
        qCWarning(lcModel) << "loading" << int(load->kind) << "for" << load->scope->name
                           << "failed:" << error->userMessage();
        for (InventoryNode *p : std::as_const(load->parents)) {
            const LoadState before = p->loadState();
            p->errorText = error->userMessage();
            p->settledState = LoadState::Failed;
            --p->pendingLoads;
            emitStateIfChanged(p, before);
        }
        load->parents.clear();
    } else {
        finishLoad(load);
    }
    if (!load->waiting.isEmpty())
        qCDebug(lcModel) << load->waiting.size() << "parents never arrived; their records are dropped";
    LoadAll *owner = load->owner;
    dropLoad(load);
    if (owner)
        loadAllStep(owner, load, error == nullptr);
    completeDeferredLoads();
    for (const auto &r : m_reveals)
        revealStep(r.get());
    std::erase_if(m_reveals, [](const auto &r) { return r->done; });
}

void InventoryModel::markSeen(Load *load, InventoryNode *node)
{
    if (node->bornIn == load->serial)
        return; // created by this load: counted when it was made
    const qsizetype before = load->seen.size();
    load->seen.insert(node);
    if (load->seen.size() != before)
        ++load->seenPerParent[node->parent()];
}

void InventoryModel::finishLoad(Load *load)
{
    if (load->mode == LoadMode::Entity && !load->entityFound) {
        // The server no longer knows it (deleted, or no longer visible): its row goes.
        const QString key = InventoryNode::keyOf(load->entityHref);
        if (InventoryNode *gone = indexed(load->conn, key))
            removeRows(gone->parent(), gone->row(), gone->row());
    }
    const QSet<InventoryNode *> parents = load->parents;
    load->parents.clear();
    for (InventoryNode *p : parents) {
        // Rows the server did not return any more: remove them, last first, in runs. When every
        // loaded row is one this load delivered, there is none.
        int row = load->seenPerParent.value(p) == p->loadedChildCount() ? -1 : p->childCount() - 1;
        while (row >= p->firstLoadedRow()) {
            if (load->delivered(p->child(row))) {
                --row;
                continue;
            }
            int first = row;
            while (first - 1 >= p->firstLoadedRow() && !load->delivered(p->child(first - 1)))
                --first;
            removeRows(p, first, row);
            row = first - 1;
        }
        const LoadState before = p->loadState();
        p->errorText.clear();
        p->settledState = p->loadedChildCount() > 0 ? LoadState::Loaded : LoadState::Empty;
        --p->pendingLoads;
        emitStateIfChanged(p, before);
    }
}

void InventoryModel::cancelLoad(Load *load)
{
    if (load->job)
        load->job->cancel();
    const QSet<InventoryNode *> parents = load->parents;
    load->parents.clear();
    for (InventoryNode *p : parents)
        adjustPending(p, -1);
    LoadAll *owner = load->owner;
    dropLoad(load);
    if (owner)
        loadAllStep(owner, load, false);
    // Not now: we may be in the middle of removing rows or of canceling a list of loads.
    if (!m_deferredCheckQueued) {
        m_deferredCheckQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_deferredCheckQueued = false;
                completeDeferredLoads();
            },
            Qt::QueuedConnection);
    }
}

void InventoryModel::dropLoad(Load *load)
{
    if (load->job) {
        // Later: we may be inside one of the job's own signals.
        load->job->deleteLater();
    }
    const auto it =
        std::find_if(m_loads.begin(), m_loads.end(), [load](const auto &l) { return l.get() == load; });
    if (it != m_loads.end())
        m_loads.erase(it);
}

void InventoryModel::cancelLoadsWithin(InventoryNode *node)
{
    std::vector<Load *> doomed;
    for (const auto &l : m_loads) {
        if (l->scope->isWithin(node) && (l->mode != LoadMode::Entity || l->conn == node))
            doomed.push_back(l.get());
    }
    for (Load *l : doomed) {
        // A signal emitted by an earlier cancel may have ended this one already.
        if (std::any_of(m_loads.begin(), m_loads.end(), [l](const auto &x) { return x.get() == l; }))
            cancelLoad(l);
    }
}

void InventoryModel::loadAllStep(LoadAll *op, Load *ended, bool ok)
{
    op->loads.remove(ended);
    op->complete = op->complete && ok;
    if (!op->loads.isEmpty())
        return;
    const QModelIndex index = indexOfNode(op->scope);
    const bool complete = op->complete;
    std::erase_if(m_loadAlls, [op](const auto &o) { return o.get() == op; });
    Q_EMIT subtreeLoaded(index, complete);
}

// ---- rows ----

void InventoryModel::removeRows(InventoryNode *parent, int first, int last)
{
    if (first > last)
        return;
    // Bookkeeping first: canceling a load emits state changes, which must not happen between
    // beginRemoveRows and endRemoveRows.
    for (int r = first; r <= last; ++r)
        forgetSubtree(parent->child(r));
    // As for insertions: no signal below a parent whose children nobody has seen.
    const bool notify = parent->childrenObserved;
    if (notify)
        beginRemoveRows(indexOfNode(parent), first, last);
    for (int r = last; r >= first; --r)
        parent->takeChild(r);
    if (notify)
        endRemoveRows();
}

void InventoryModel::forgetSubtree(InventoryNode *node)
{
    // First mark the doomed rows: canceling a load emits state changes, and a view (or the model
    // tester) reacting to them must not start a new load for a row that is about to go.
    std::function<void(InventoryNode *)> mark = [&](InventoryNode *n) {
        n->removing = true;
        for (const auto &c : n->children())
            mark(c.get());
    };
    mark(node);
    cancelLoadsWithin(node);
    for (const auto &op : m_loadAlls) {
        if (op->scope && op->scope->isWithin(node))
            op->scope = nullptr;
    }
    std::function<void(InventoryNode *)> forget = [&](InventoryNode *n) {
        if (InventoryNode *conn = n->connection(); conn && !n->key.isEmpty()) {
            auto &index = m_index[conn];
            if (index.value(n->key) == n)
                index.remove(n->key);
        }
        for (const auto &l : m_loads) {
            l->parents.remove(n);
            l->seenPerParent.remove(n);
            if (l->seen.remove(n) || n->bornIn == l->serial) {
                const auto it = l->seenPerParent.find(n->parent());
                if (it != l->seenPerParent.end())
                    --it.value();
            }
        }
        if (n->detailsCall)
            n->detailsCall->deleteLater();
        for (const auto &c : n->children())
            forget(c.get());
    };
    forget(node);
}

void InventoryModel::adjustPending(InventoryNode *node, int delta)
{
    const LoadState before = node->loadState();
    node->pendingLoads = std::max(0, node->pendingLoads + delta);
    emitStateIfChanged(node, before);
}

void InventoryModel::settle(InventoryNode *node, LoadState state)
{
    const LoadState before = node->loadState();
    node->settledState = state;
    emitStateIfChanged(node, before);
}

void InventoryModel::emitStateIfChanged(InventoryNode *node, LoadState before)
{
    const LoadState now = node->loadState();
    if (now == before || node == m_root.get())
        return;
    Q_EMIT loadStateChanged(indexOfNode(node), now);
    emitRowChanged(node);
}

void InventoryModel::emitRowChanged(InventoryNode *node)
{
    if (node == m_root.get())
        return;
    Q_EMIT dataChanged(indexOfNode(node, 0), indexOfNode(node, ColumnCount - 1));
}

// ---- public operations ----

void InventoryModel::refresh(const QModelIndex &index)
{
    InventoryNode *node = nodeFromIndex(index);
    if (node == m_root.get())
        return refreshAll();
    InventoryNode *conn = node->connection();
    if (!conn)
        return;
    // What was loaded (or was loading, or failed) below and at the node, per kind of child.
    QHash<int, QList<InventoryNode *>> loaded;
    std::function<void(InventoryNode *)> walk = [&](InventoryNode *n) {
        const Kind child = InventoryNode::queryChildKind(n->kind());
        if (child != Kind::Root && (n->settledState != LoadState::NotLoaded || n->pendingLoads > 0))
            loaded[int(child)].append(n);
        for (const auto &c : n->children())
            walk(c.get());
    };
    walk(node);
    cancelLoadsWithin(node);
    if (node->isEntity())
        startLoad(LoadMode::Entity, conn, node->kind(), QUrl(node->href));
    for (auto it = loaded.cbegin(); it != loaded.cend(); ++it) {
        if (it.value().size() <= kRefreshPerParentLimit) {
            for (InventoryNode *p : it.value())
                startLoad(LoadMode::Parent, p, Kind(it.key()));
        } else {
            startLoad(LoadMode::Subtree, node, Kind(it.key()));
        }
    }
}

void InventoryModel::refreshAll()
{
    for (const auto &c : m_root->children())
        refresh(indexOfNode(c.get()));
}

void InventoryModel::loadAll(const QModelIndex &index)
{
    InventoryNode *node = nodeFromIndex(index);
    node->childrenObserved = true; // as fetchMore(): the rows directly below are announced
    if (node == m_root.get()) {
        for (const auto &c : m_root->children())
            loadAll(indexOfNode(c.get()));
        return;
    }
    QList<Kind> kinds;
    kindsBelow(node->kind(), &kinds);
    if (kinds.isEmpty() || !node->connection()) {
        Q_EMIT subtreeLoaded(index, true);
        return;
    }
    cancelLoadsWithin(node);
    auto op = std::make_unique<LoadAll>();
    op->scope = node;
    LoadAll *raw = op.get();
    m_loadAlls.push_back(std::move(op));
    for (Kind k : kinds) {
        if (Load *l = startLoad(LoadMode::Subtree, node, k)) {
            l->owner = raw;
            raw->loads.insert(l);
        }
    }
    if (raw->loads.isEmpty()) {
        std::erase_if(m_loadAlls, [raw](const auto &o) { return o.get() == raw; });
        Q_EMIT subtreeLoaded(index, false);
    }
}

void InventoryModel::updateEntity(Session *session, const QUrl &href)
{
    InventoryNode *conn = connectionNode(session);
    if (!conn || href.isEmpty())
        return;
    InventoryNode *node = indexed(conn, InventoryNode::keyOf(href));
    const Kind kind = node ? node->kind() : kindFromHref(href);
    if (kind == Kind::Root || InventoryNode::isFolderKind(kind))
        return;
    startLoad(LoadMode::Entity, conn, kind, node ? QUrl(node->href) : href);
}

void InventoryModel::taskFinished(Session *session, const Task &task)
{
    InventoryNode *conn = connectionNode(session);
    if (!conn || task.owner.href.isEmpty())
        return;
    updateEntity(session, task.owner.href);
    InventoryNode *node = indexed(conn, InventoryNode::keyOf(task.owner.href));
    if (!node)
        return;
    // A vApp's operation changes its VMs; a VM's changes its vApp's status.
    if (node->kind() == Kind::VApp && isSettledLoaded(node))
        startLoad(LoadMode::Parent, node, Kind::Vm);
    if (node->kind() == Kind::Vm && node->parent() && node->parent()->kind() == Kind::VApp)
        updateEntity(session, QUrl(node->parent()->href));
    // Details that were read are stale now (links change with the state, docs/VCD-API.md §3.2): read
    // them again for the owner, its vApp and its VMs — only those somebody selected.
    QList<InventoryNode *> stale{node};
    if (node->kind() == Kind::Vm && node->parent())
        stale.append(node->parent());
    if (node->kind() == Kind::VApp) {
        for (const auto &c : node->children())
            stale.append(c.get());
    }
    for (InventoryNode *n : std::as_const(stale)) {
        if (n->detailsState == LoadState::Loaded || n->detailsState == LoadState::Failed)
            loadDetails(indexOfNode(n));
    }
}

void InventoryModel::watchTask(Session *session, TaskTracker *tracker)
{
    if (!tracker)
        return;
    connect(tracker, &TaskTracker::finished, this, [this, s = QPointer<Session>(session)](const Task &task) {
        if (s)
            taskFinished(s, task);
    });
}

void InventoryModel::loadDetails(const QModelIndex &index)
{
    InventoryNode *node = nodeFromIndex(index);
    InventoryNode *conn = node->connection();
    if (!node->isEntity() || !conn || !conn->session || node->href.isEmpty())
        return;
    if (node->detailsCall)
        node->detailsCall->deleteLater(); // a newer read replaces it
    ApiCall *call = conn->session->get(QUrl(node->href));
    node->detailsCall = call;
    node->detailsState = LoadState::Loading;
    emitRowChanged(node);
    const QString key = node->key;
    const QPointer<Session> session = conn->session;
    connect(call, &ApiCall::finished, this, [this, call, key, session] {
        InventoryNode *conn = connectionNode(session.data());
        InventoryNode *n = conn && session ? indexed(conn, key) : nullptr;
        if (!n || n->detailsCall != call)
            return; // the row went away, or a newer read replaced this one
        n->detailsCall = nullptr;
        if (call->error().isError()) {
            n->detailsState = LoadState::Failed;
            n->details = {{u"error"_s, call->error().userMessage()}};
        } else if (auto body = XmlReaders::readAny(call->body()); body) {
            n->details = detailsOf(*body);
            n->detailsBody = call->body();
            n->capabilities.clear();
            n->links.clear();
            n->runningTasks.clear();
            std::visit(
                [n](const auto &b) {
                    if constexpr (requires { b.links; })
                        n->links = b.links;
                    if constexpr (requires { b.tasks; }) {
                        for (const Task &t : b.tasks) {
                            if (!t.isTerminal())
                                n->runningTasks.append(t);
                        }
                    }
                },
                *body);
            for (const Link &l : std::as_const(n->links)) {
                if (!n->capabilities.contains(l.rel))
                    n->capabilities.append(l.rel);
            }
            n->detailsValue = std::make_shared<const AnyBody>(std::move(*body.value));
            n->detailsState = LoadState::Loaded;
        } else {
            n->detailsState = LoadState::Failed;
            n->detailsBody = call->body();
            n->details = {{u"error"_s, body.error.toString()}};
        }
        emitRowChanged(n);
        Q_EMIT detailsLoaded(indexOfNode(n));
    });
}

bool InventoryModel::isBusy(const InventoryNode *node)
{
    if (!node->runningTasks.isEmpty())
        return true;
    // A VM body does not embed the task of an operation on its vApp, which holds the VM all the same.
    return node->kind() == Kind::Vm && node->parent() && !node->parent()->runningTasks.isEmpty();
}

ActionTarget InventoryModel::actionTarget(const QModelIndex &index) const
{
    const InventoryNode *node = nodeFromIndex(index);
    ActionTarget t;
    if (!node->isEntity())
        return t;
    t.href = QUrl(node->href);
    t.name = node->name;
    t.links = node->links;
    if (node->detailsValue) {
        std::visit(
            [&t](const auto &b) {
                if constexpr (requires { t.type = b.type; })
                    t.type = b.type;
            },
            *node->detailsValue);
    }
    return t;
}

QModelIndex InventoryModel::indexForHref(Session *session, const QUrl &href) const
{
    InventoryNode *conn = connectionNode(session);
    if (!conn)
        return QModelIndex();
    return indexOfNode(indexed(conn, InventoryNode::keyOf(href)));
}

void InventoryModel::reveal(Session *session, const QList<QUrl> &hrefPath)
{
    auto op = std::make_unique<Reveal>();
    op->session = session;
    op->path = hrefPath;
    Reveal *raw = op.get();
    m_reveals.push_back(std::move(op));
    revealStep(raw);
    std::erase_if(m_reveals, [](const auto &r) { return r->done; });
}

void InventoryModel::endReveal(Reveal *op, const QString &error)
{
    op->done = true;
    if (!error.isEmpty())
        Q_EMIT revealFailed(error);
}

void InventoryModel::revealStep(Reveal *op)
{
    if (op->done)
        return;
    InventoryNode *conn = connectionNode(op->session.data());
    if (!conn || !op->session)
        return endReveal(op, tr("The connection is gone."));
    if (op->path.isEmpty())
        return endReveal(op, tr("Nothing to reveal."));
    InventoryNode *at = conn;
    for (const QUrl &href : std::as_const(op->path)) {
        if (InventoryNode *n = indexed(conn, InventoryNode::keyOf(href)); n && n->isWithin(at)) {
            at = n;
            continue;
        }
        // Not loaded (yet): the container that holds it must load.
        InventoryNode *container = at;
        switch (kindFromHref(href)) {
        case Kind::Catalog:
            container = at->folder(Kind::CatalogFolder);
            break;
        case Kind::Network:
            container = at->folder(Kind::NetworkFolder);
            break;
        case Kind::EdgeGateway:
            container = at->folder(Kind::EdgeFolder);
            break;
        default:
            break;
        }
        if (!container || !container->isContainer())
            return endReveal(op, tr("%1 is not in the tree.").arg(href.toString()));
        if (container->pendingLoads > 0)
            return; // wait for it
        if (op->fetched.contains(container) || isSettledLoaded(container)) {
            if (container->settledState == LoadState::Failed)
                return endReveal(op, container->errorText);
            return endReveal(op, tr("%1 no longer exists.").arg(href.toString()));
        }
        op->fetched.insert(container);
        startLoad(LoadMode::Parent, container, InventoryNode::queryChildKind(container->kind()));
        return;
    }
    op->done = true;
    Q_EMIT revealed(indexOfNode(at));
}

// ---- QAbstractItemModel ----

QModelIndex InventoryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return QModelIndex();
    InventoryNode *p = nodeFromIndex(parent);
    InventoryNode *c = p->child(row);
    if (!c)
        return QModelIndex();
    p->childrenObserved = true;
    return createIndex(row, column, c);
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
    const InventoryNode *node = nodeFromIndex(parent);
    node->childrenObserved = true;
    return node->childCount();
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
    node->childrenObserved = true; // a view remembers the answer (QTreeView's expander)
    if (node->childCount() > 0)
        return true;
    // Unknown until loaded: the expander is shown, expanding calls fetchMore().
    return node->isContainer() && !isSettledLoaded(node);
}

bool InventoryModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const InventoryNode *node = nodeFromIndex(parent);
    return node != m_root.get() && node->isContainer() && !node->removing &&
           (node->loadState() == LoadState::NotLoaded || node->loadState() == LoadState::Failed);
}

void InventoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    InventoryNode *node = nodeFromIndex(parent);
    node->childrenObserved = true; // whoever fetches the rows expects to hear of them
    startLoad(LoadMode::Parent, node, InventoryNode::queryChildKind(node->kind()));
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
        return QUrl(node->href);
    case IdRole: {
        const QString id = r.id();
        return id.isEmpty() ? QUrl(node->href).path().section(u'/', -1) : id;
    }
    case KindRole:
        return int(node->kind());
    case StatusRole:
        return node->status;
    case LoadStateRole:
        return int(node->loadState());
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
    case CountRole: {
        const qint64 stated = recordCount(node->kind(), r);
        if (stated >= 0)
            return stated;
        return isSettledLoaded(node) ? qint64(node->loadedChildCount()) : qint64(-1);
    }
    case CapabilitiesRole:
        return node->capabilities;
    case DetailsRole:
        return node->details;
    case DetailsStateRole:
        return int(node->detailsState);
    case DetailsBodyRole:
        return node->detailsBody;
    case LinksRole:
        return QVariant::fromValue(node->links);
    case BusyRole:
        return isBusy(node);
    default:
        return QVariant();
    }

    if (role == Qt::ToolTipRole)
        return node->loadState() == LoadState::Failed ? QVariant(node->errorText) : QVariant();

    switch (Column(index.column())) {
    case NameColumn:
        return node->isFolder() ? folderName(node->kind()) : node->name;
    case StatusColumn:
        if (node->kind() == Kind::Connection && node->session) {
            const char *key = QMetaEnum::fromType<Session::State>().valueToKey(int(node->session->state()));
            return key ? QString::fromLatin1(key) : QString();
        }
        return node->status;
    case TypeColumn:
        return kindText(*node);
    case CpusColumn:
        return r.has(u"numberOfCpus") ? QVariant(r.intValue(u"numberOfCpus")) : QVariant();
    case MemoryColumn:
        if (r.has(u"memoryMB"))
            return r.intValue(u"memoryMB");
        return r.has(u"memoryAllocationMB") && node->kind() == Kind::VApp
                   ? QVariant(r.intValue(u"memoryAllocationMB"))
                   : QVariant();
    case IpColumn:
        if (node->kind() == Kind::Network && r.has(u"defaultGateway"))
            return QString(r.value(u"defaultGateway") + u'/' +
                           r.value(u"subnetPrefixLength", r.value(u"netmask")));
        return r.value(u"ipAddress");
    case GuestOsColumn:
        return r.value(u"guestOs");
    case OwnerColumn:
        if (r.has(u"ownerName"))
            return r.value(u"ownerName");
        // adminVM records carry no owner: it is the owner of the vApp (docs/VCD-API.md §4 records).
        if (node->kind() == Kind::Vm && node->parent())
            return node->parent()->record.value(u"ownerName");
        return QString();
    case ContentsColumn: {
        // The record's own count, not the loaded rows: it is known before anything is expanded.
        const qint64 stated = recordCount(node->kind(), r);
        return stated >= 0 ? QVariant(stated) : QVariant();
    }
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
    case ContentsColumn:
        return tr("Contains");
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
    names.insert(CountRole, "count");
    names.insert(CapabilitiesRole, "capabilities");
    names.insert(DetailsRole, "details");
    names.insert(DetailsStateRole, "detailsState");
    names.insert(DetailsBodyRole, "detailsBody");
    names.insert(LinksRole, "links");
    names.insert(BusyRole, "busy");
    return names;
}

} // namespace vcd
