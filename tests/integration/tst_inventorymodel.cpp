// InventoryModel against vcd-sim (issue #4): lazy loading, the tree matching the simulator's truth,
// paging, failure then retry, and late replies dropped after a removal or refresh. Every test runs
// QAbstractItemModelTester, which also walks the tree and calls fetchMore() on every fetchable node,
// so once it is attached the whole tree loads by itself — a good stress of concurrent loads.

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorysearch.h"
#include "core/net/apicall.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/actionservice.h"
#include "core/services/tasktracker.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 30000;

using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;

struct Env
{
    std::unique_ptr<sim::VcdSimulator> sim;
    std::unique_ptr<Session> session;
};

std::unique_ptr<Session> logIn(sim::VcdSimulator &simulator, const QString &org, const QString &user)
{
    SessionSettings settings;
    settings.url = simulator.baseUrl();
    settings.org = org;
    settings.user = user;
    settings.authKind = SessionSettings::AuthKind::Password;
    settings.proxyMode = SessionSettings::ProxyMode::None;
    auto session = std::make_unique<Session>();
    QSignalSpy loggedIn(session.get(), &Session::loggedIn);
    session->login(settings, u"demo"_s);
    if (!loggedIn.wait(kWaitMs) || !session->isConnected())
        return nullptr;
    return session;
}

LoadState stateOf(const QModelIndex &i)
{
    return LoadState(i.data(InventoryModel::LoadStateRole).toInt());
}

Kind kindOf(const QModelIndex &i)
{
    return Kind(i.data(InventoryModel::KindRole).toInt());
}

bool isDone(const QModelIndex &i)
{
    const LoadState s = stateOf(i);
    return s == LoadState::Loaded || s == LoadState::Empty;
}

bool waitDone(const QModelIndex &i)
{
    return QTest::qWaitFor([&] { return !i.isValid() || isDone(i) || stateOf(i) == LoadState::Failed; },
                           kWaitMs) &&
           i.isValid() && isDone(i);
}

// The bare UUID at the end of an href (…/vApp/vapp-<uuid>, …/admin/org/<uuid>).
QString uuidOf(const QModelIndex &i)
{
    return i.data(InventoryModel::HrefRole).toUrl().path().section(u'/', -1).right(36);
}

// Every container under `parent` has finished loading.
bool treeDone(const QAbstractItemModel &m, const QModelIndex &parent)
{
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex c = m.index(r, 0, parent);
        const Kind k = kindOf(c);
        const bool container = InventoryNode::queryChildKind(k) != Kind::Root;
        if (container && (!isDone(c) || !treeDone(m, c)))
            return false;
    }
    return true;
}

bool isFolder(const QModelIndex &i)
{
    return InventoryNode::isFolderKind(kindOf(i));
}

// The children the simulator holds for the entity behind `i` (orgs for a connection).
QSet<QString> truthChildren(sim::VcdSimulator &simulator, const QModelIndex &i, bool admin,
                            const QString &tenantOrg)
{
    QSet<QString> ids;
    const Kind kind = kindOf(i);
    // A folder lists what belongs to the entity above it.
    const QString id = isFolder(i) ? uuidOf(i.parent()) : uuidOf(i);
    simulator.withCloud([&](sim::Cloud &c) {
        switch (kind) {
        case Kind::Connection:
            for (const sim::Org *o : c.orgs.rows())
                if (admin || o->name == tenantOrg)
                    ids.insert(o->id);
            break;
        case Kind::Org:
            for (const sim::Vdc *v : c.vdcs.rows())
                if (v->orgId == id)
                    ids.insert(v->id);
            break;
        case Kind::Vdc:
            for (const sim::VApp *a : c.vapps.rows())
                if (a->vdcId == id)
                    ids.insert(a->id);
            break;
        case Kind::VApp:
            for (const sim::Vm *v : c.vms.rows())
                if (v->vappId == id)
                    ids.insert(v->id);
            break;
        case Kind::CatalogFolder:
            for (const sim::Catalog *x : c.catalogs.rows())
                if (x->orgId == id)
                    ids.insert(x->id);
            break;
        case Kind::Catalog:
            for (const sim::CatalogItem *x : c.catalogItems.rows())
                if (x->catalogId == id)
                    ids.insert(x->id);
            break;
        case Kind::NetworkFolder:
            for (const sim::Network *x : c.networks.rows())
                if (x->vdcId == id)
                    ids.insert(x->id);
            break;
        case Kind::EdgeFolder:
            for (const sim::EdgeGateway *x : c.edges.rows())
                if (x->vdcId == id)
                    ids.insert(x->id);
            break;
        default:
            break;
        }
    });
    return ids;
}

// The loaded (non-folder) children of `parent`.
QSet<QString> modelChildren(const QAbstractItemModel &m, const QModelIndex &parent)
{
    QSet<QString> ids;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex c = m.index(r, 0, parent);
        if (!isFolder(c))
            ids.insert(uuidOf(c));
    }
    return ids;
}

int loadedRows(const QAbstractItemModel &m, const QModelIndex &parent)
{
    return int(modelChildren(m, parent).size());
}

// Every container below `parent` holds exactly what the simulator holds; returns the number checked.
int compareTree(const QAbstractItemModel &m, const QModelIndex &parent, sim::VcdSimulator &simulator,
                bool admin, const QString &tenantOrg)
{
    int checked = 0;
    if (InventoryNode::queryChildKind(kindOf(parent)) != Kind::Root) {
        if (modelChildren(m, parent) != truthChildren(simulator, parent, admin, tenantOrg)) {
            qWarning() << "mismatch under" << parent.data().toString();
            return -1000000;
        }
        ++checked;
    }
    for (int r = 0; r < m.rowCount(parent); ++r)
        checked += compareTree(m, m.index(r, 0, parent), simulator, admin, tenantOrg);
    return checked;
}

QModelIndex findByName(const QAbstractItemModel &m, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex c = m.index(r, 0, parent);
        if (c.data().toString() == name)
            return c;
        if (const QModelIndex below = findByName(m, c, name); below.isValid())
            return below;
    }
    return QModelIndex();
}

} // namespace

class TestInventoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lazyLoading()
    {
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        auto session = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(session);

        InventoryModel model;
        const qsizetype requestsBefore = session->requestLog()->entries().size();
        const QModelIndex conn = model.addConnection(session.get(), u"demo"_s);
        QVERIFY(conn.isValid());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(conn.data().toString(), u"demo"_s);
        QCOMPARE(kindOf(conn), Kind::Connection);
        QCOMPARE(stateOf(conn), LoadState::NotLoaded);
        QVERIFY(model.hasChildren(conn));
        QVERIFY(model.canFetchMore(conn));
        QCOMPARE(model.rowCount(conn), 0);
        QCOMPARE(session->requestLog()->entries().size(), requestsBefore);
        QVERIFY(!model.canFetchMore(QModelIndex()));

        QSignalSpy states(&model, &InventoryModel::loadStateChanged);
        model.fetchMore(conn);
        QCOMPARE(stateOf(conn), LoadState::Loading);
        QVERIFY(!model.canFetchMore(conn)); // no second load while one runs
        QVERIFY(waitDone(conn));
        QCOMPARE(stateOf(conn), LoadState::Loaded);
        QVERIFY(model.rowCount(conn) > 0);
        QCOMPARE(session->requestLog()->entries().size(), requestsBefore + 1); // one query page
        // Only the orgs: nothing below them was asked for. Each org shows its Catalogs folder first.
        for (int r = 0; r < model.rowCount(conn); ++r) {
            const QModelIndex org = model.index(r, 0, conn);
            QCOMPARE(kindOf(org), Kind::Org);
            QCOMPARE(stateOf(org), LoadState::NotLoaded);
            QVERIFY(model.hasChildren(org));
            QVERIFY(model.canFetchMore(org));
            QCOMPARE(model.rowCount(org), 1);
            const QModelIndex folder = model.index(0, 0, org);
            QCOMPARE(kindOf(folder), Kind::CatalogFolder);
            QCOMPARE(folder.data().toString(), u"Catalogs"_s);
            QCOMPARE(stateOf(folder), LoadState::NotLoaded);
            QVERIFY(model.canFetchMore(folder));
        }
        QCOMPARE(states.count(), 2); // Loading, Loaded
        // Names in order.
        for (int r = 1; r < model.rowCount(conn); ++r)
            QVERIFY(!InventoryNode::nameLess(model.index(r, 0, conn).data().toString(),
                                             model.index(r - 1, 0, conn).data().toString()));

        // The tester walks every fetchable node: the whole tree loads and stays consistent.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitFor([&] { return treeDone(model, QModelIndex()); }, kWaitMs));
        QVERIFY(compareTree(model, conn, *simulator, true, QString()) > 20);
    }

    void expansion_data()
    {
        QTest::addColumn<QString>("org");
        QTest::addColumn<QString>("user");
        QTest::newRow("system") << u"System"_s << u"administrator"_s;
        QTest::newRow("tenant") << u"acme-corp"_s << u"orgadmin"_s;
    }

    void expansion()
    {
        QFETCH(QString, org);
        QFETCH(QString, user);
        const bool admin = org == u"System"_s;
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        auto session = logIn(*simulator, org, user);
        QVERIFY(session);

        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex conn = model.addConnection(session.get(), u"demo"_s);

        // Expand level by level as a view would (the tester may have started some loads already).
        QSet<int> kindsSeen;
        std::function<void(const QModelIndex &)> expand = [&](const QModelIndex &parent) {
            kindsSeen.insert(int(kindOf(parent)));
            if (InventoryNode::queryChildKind(kindOf(parent)) == Kind::Root)
                return;
            if (model.canFetchMore(parent))
                model.fetchMore(parent);
            QVERIFY2(waitDone(parent), qPrintable(parent.data(InventoryModel::ErrorRole).toString()));
            QCOMPARE(modelChildren(model, parent), truthChildren(*simulator, parent, admin, org));
            QCOMPARE(stateOf(parent), loadedRows(model, parent) > 0 ? LoadState::Loaded : LoadState::Empty);
            QCOMPARE(model.hasChildren(parent), model.rowCount(parent) > 0);
            for (int r = 0; r < model.rowCount(parent); ++r) {
                expand(model.index(r, 0, parent));
                if (QTest::currentTestFailed())
                    return;
            }
        };
        expand(conn);
        if (QTest::currentTestFailed())
            return;
        // Every kind of row exists in the demo cloud.
        for (Kind k :
             {Kind::Org, Kind::Vdc, Kind::VApp, Kind::Vm, Kind::CatalogFolder, Kind::Catalog,
              Kind::CatalogItem, Kind::NetworkFolder, Kind::Network, Kind::EdgeFolder, Kind::EdgeGateway})
            QVERIFY2(kindsSeen.contains(int(k)), qPrintable(QString::number(int(k))));

        // Columns of every VM against the simulator's record.
        int vmsSeen = 0;
        std::function<void(const QModelIndex &)> checkVms = [&](const QModelIndex &parent) {
            for (int r = 0; r < model.rowCount(parent); ++r) {
                const QModelIndex i = model.index(r, 0, parent);
                if (kindOf(i) != Kind::Vm) {
                    checkVms(i);
                    continue;
                }
                ++vmsSeen;
                simulator->withCloud([&](sim::Cloud &c) {
                    const sim::Vm *vm = c.vms.find(uuidOf(i));
                    QVERIFY(vm);
                    QCOMPARE(i.data().toString(), vm->name);
                    QCOMPARE(i.siblingAtColumn(InventoryModel::CpusColumn).data().toInt(), vm->cpus);
                    QCOMPARE(i.siblingAtColumn(InventoryModel::MemoryColumn).data().toLongLong(),
                             vm->memoryMb);
                    QCOMPARE(i.siblingAtColumn(InventoryModel::GuestOsColumn).data().toString(), vm->guestOs);
                    QCOMPARE(i.siblingAtColumn(InventoryModel::TypeColumn).data().toString(), u"VM"_s);
                    QVERIFY(!i.siblingAtColumn(InventoryModel::StatusColumn).data().toString().isEmpty());
                    QVERIFY(!i.siblingAtColumn(InventoryModel::OwnerColumn).data().toString().isEmpty());
                    if (!vm->nics.isEmpty())
                        QCOMPARE(i.siblingAtColumn(InventoryModel::IpColumn).data().toString(),
                                 vm->nics.first().ipAddress);
                });
                QCOMPARE(i.data(InventoryModel::StatusRole).toString(),
                         i.siblingAtColumn(InventoryModel::StatusColumn).data().toString());
                QVERIFY(!model.hasChildren(i));
                QVERIFY(!model.canFetchMore(i));
            }
        };
        checkVms(conn);
        QVERIFY(vmsSeen > 0);
        // A vApp's count comes from its record (admin) or from its loaded rows (tenant).
        const QModelIndex vapp = model.index(0, 0, model.parent(model.index(0, 0, QModelIndex())));
        Q_UNUSED(vapp)
    }

    void paging_data()
    {
        QTest::addColumn<int>("vapps");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("pages");
        QTest::newRow("small pages") << 7 << 2 << 4;
        QTest::newRow("server maximum") << 130 << 128 << 2;
    }

    void paging()
    {
        QFETCH(int, vapps);
        QFETCH(int, pageSize);
        QFETCH(int, pages);
        auto simulator = test::startSimulator(test::generatedCloud(1, 1, vapps, 1));
        QVERIFY(simulator);
        auto session = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(session);

        InventoryModel model;
        model.setPageSize(pageSize);
        QCOMPARE(model.pageSize(), pageSize);
        // Every insert from the start: the tester loads the VDC by itself, exactly once.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex conn = model.addConnection(session.get(), u"generated"_s);
        QVERIFY(waitDone(conn));

        // The generated org (not System) and its only VDC (after the Catalogs folder).
        QModelIndex vdc;
        for (int r = 0; r < model.rowCount(conn) && !vdc.isValid(); ++r) {
            const QModelIndex org = model.index(r, 0, conn);
            QVERIFY(waitDone(org));
            if (model.rowCount(org) > 1)
                vdc = model.index(1, 0, org);
        }
        QVERIFY(vdc.isValid());
        QCOMPARE(kindOf(vdc), Kind::Vdc);
        model.fetchMore(vdc); // as a view would; a no-op when the tester already started it
        QVERIFY(waitDone(vdc));
        QCOMPARE(loadedRows(model, vdc), vapps);
        QCOMPARE(model.rowCount(vdc), vapps + 2); // + Networks, Edge gateways
        QCOMPARE(modelChildren(model, vdc), truthChildren(*simulator, vdc, true, QString()));
        int batches = 0;
        int rows = 2;
        for (const auto &args : inserted) {
            if (args.at(0).value<QModelIndex>() == vdc) {
                ++batches;
                QCOMPARE(args.at(1).toInt(), rows); // appended in order
                rows = args.at(2).toInt() + 1;
            }
        }
        QCOMPARE(batches, pages);
        QCOMPARE(rows, vapps + 2);
    }

    void failureThenRetry()
    {
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        auto session = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(session);

        sim::Faults broken;
        broken.errorRate = 1.0; // more than the session's GET retries can hide
        simulator->setFaults(broken);

        InventoryModel model;
        // What a view would see the moment the load fails (the tester retries it right after).
        int failures = 0;
        QString errorText;
        bool couldRetry = false;
        bool stillExpandable = false;
        int rowsAtFailure = -1;
        connect(&model, &InventoryModel::loadStateChanged, this,
                [&](const QModelIndex &i, InventoryNode::LoadState state) {
                    if (state != LoadState::Failed)
                        return;
                    ++failures;
                    errorText = i.data(InventoryModel::ErrorRole).toString();
                    QCOMPARE(i.data(Qt::ToolTipRole).toString(), errorText);
                    couldRetry = model.canFetchMore(i);
                    stillExpandable = model.hasChildren(i);
                    rowsAtFailure = model.rowCount(i);
                });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex conn = model.addConnection(session.get(), u"demo"_s);
        model.fetchMore(conn);
        QTRY_VERIFY_WITH_TIMEOUT(failures > 0, kWaitMs);
        QVERIFY(!errorText.isEmpty());
        QVERIFY(couldRetry);
        QVERIFY(stillExpandable);
        QCOMPARE(rowsAtFailure, 0);

        simulator->setFaults({});
        model.fetchMore(conn); // a no-op when the tester retried already
        QVERIFY(waitDone(conn));
        QCOMPARE(stateOf(conn), LoadState::Loaded);
        QVERIFY(conn.data(InventoryModel::ErrorRole).toString().isEmpty());
        QCOMPARE(modelChildren(model, conn), truthChildren(*simulator, conn, true, QString()));
        QCOMPARE(model.rowCount(conn), int(modelChildren(model, conn).size()));

        // A refresh that fails keeps the rows (and says why); the next one succeeds.
        const QPersistentModelIndex firstOrg = model.index(0, 0, conn);
        const int orgs = model.rowCount(conn);
        simulator->setFaults(broken);
        failures = 0;
        model.refresh(conn);
        QTRY_VERIFY_WITH_TIMEOUT(failures > 0, kWaitMs);
        QCOMPARE(model.rowCount(conn), orgs);
        QVERIFY(firstOrg.isValid());
        simulator->setFaults({});
        model.refresh(conn);
        QVERIFY(waitDone(conn));
        QVERIFY(firstOrg.isValid());
        QCOMPARE(model.rowCount(conn), orgs);
    }

    // loadAll: the whole tree with one paged query per kind — no per-entity request.
    void loadAll_data()
    {
        QTest::addColumn<QString>("org");
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("orgsLate");
        QTest::newRow("system") << u"System"_s << u"administrator"_s << false;
        QTest::newRow("tenant") << u"tenant"_s << u"orgadmin"_s << false;
        // The org query (sent first) meets a 503 and is retried after a back-off: every other query
        // ends while its records still wait for the orgs they hang below.
        QTest::newRow("system, orgs late") << u"System"_s << u"administrator"_s << true;
        QTest::newRow("tenant, orgs late") << u"tenant"_s << u"orgadmin"_s << true;
    }

    void loadAll()
    {
        QFETCH(QString, org);
        QFETCH(QString, user);
        QFETCH(bool, orgsLate);
        const bool admin = org == u"System"_s;
        auto simulator = test::startSimulator(test::generatedCloud(2, 2, 6, 3));
        QVERIFY(simulator);
        const QString tenantOrg = test::firstTenantOrg(*simulator);
        auto session = logIn(*simulator, admin ? org : tenantOrg, user);
        QVERIFY(session);

        InventoryModel model;
        model.setPageSize(5);
        const QPersistentModelIndex conn = model.addConnection(session.get(), u"generated"_s);
        QSignalSpy loaded(&model, &InventoryModel::subtreeLoaded);
        const qsizetype before = session->requestLog()->entries().size();
        if (orgsLate) {
            sim::Faults faults;
            faults.fail503Next = 1;
            simulator->setFaults(faults);
        }
        model.loadAll(conn);
        QCOMPARE(stateOf(conn), LoadState::Loading);
        // Attached once the load runs (it would have fetched the connection lazily first); it then
        // fetches whatever row shows up NOT covered by the load — which the request count catches.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded.wait(kWaitMs));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().at(0).value<QModelIndex>(), QModelIndex(conn));
        QCOMPARE(loaded.first().at(1).toBool(), true);
        QCOMPARE(model.activeLoads(), 0);
        QVERIFY(treeDone(model, conn));
        QVERIFY(compareTree(model, conn, *simulator, admin, tenantOrg) > 10);

        // Only query pages, about as many as the records need (⌈n/5⌉ per kind, 8 kinds).
        qint64 records = 0;
        simulator->withCloud([&](sim::Cloud &c) {
            const auto count = [&](const auto &rows, const auto &mine) {
                qint64 n = 0;
                for (const auto *x : rows)
                    if (mine(x))
                        ++n;
                return (n + 4) / 5;
            };
            const auto inOrg = [&](const auto *x) {
                return admin || c.orgs.find(x->orgId)->name == tenantOrg;
            };
            records += count(c.orgs.rows(), [&](const sim::Org *o) { return admin || o->name == tenantOrg; });
            records +=
                count(c.vdcs.rows(), inOrg) + count(c.vapps.rows(), inOrg) + count(c.vms.rows(), inOrg);
            records += count(c.catalogs.rows(), inOrg) + count(c.catalogItems.rows(), inOrg);
            records += count(c.networks.rows(), inOrg) + count(c.edges.rows(), inOrg);
        });
        const auto entries = session->requestLog()->entries();
        int requests = 0;
        for (qsizetype i = before; i < entries.size(); ++i) {
            QVERIFY2(entries.at(i).url.path().endsWith(u"/api/query"),
                     qPrintable(entries.at(i).url.toString()));
            ++requests;
        }
        // Empty kinds still cost one page each.
        if (orgsLate)
            --requests; // the retried page
        QVERIFY2(requests <= records + 8,
                 qPrintable(QString::number(requests) + u" > "_s + QString::number(records)));

        // A subtree: one VDC, again everything below it.
        QModelIndex vdc;
        for (int r = 0; r < model.rowCount(conn) && !vdc.isValid(); ++r) {
            const QModelIndex o = model.index(r, 0, conn);
            for (int k = 0; k < model.rowCount(o) && !vdc.isValid(); ++k)
                if (kindOf(model.index(k, 0, o)) == Kind::Vdc)
                    vdc = model.index(k, 0, o);
        }
        QVERIFY(vdc.isValid());
        const QPersistentModelIndex someVm = model.index(0, 0, model.index(2, 0, vdc));
        QCOMPARE(kindOf(someVm), Kind::Vm);
        loaded.clear();
        model.loadAll(vdc);
        QVERIFY(loaded.wait(kWaitMs));
        QCOMPARE(loaded.first().at(1).toBool(), true);
        QVERIFY(someVm.isValid()); // merged, not rebuilt
        QVERIFY(compareTree(model, vdc, *simulator, admin, tenantOrg) > 3);
    }

    // Rows below a parent nobody has looked into arrive without signals, so no proxy above builds a
    // mapping for them; once anyone looks, every change below it is announced, and persistent
    // indexes follow.
    void unseenRowsComeWithoutSignals()
    {
        auto simulator = test::startSimulator(test::generatedCloud(1, 2, 4, 2));
        QVERIFY(simulator);
        auto session = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(session);
        InventoryModel model;
        const QPersistentModelIndex conn = model.addConnection(session.get(), u"generated"_s);
        QList<QPersistentModelIndex> insertedUnder;
        connect(&model, &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex &parent) { insertedUnder << parent; });
        QSignalSpy loaded(&model, &InventoryModel::subtreeLoaded);
        model.loadAll(conn);
        QVERIFY(loaded.wait(kWaitMs));
        QVERIFY(insertedUnder.contains(conn)); // the rows asked for are announced
        for (const QPersistentModelIndex &p : std::as_const(insertedUnder))
            QVERIFY2(kindOf(p) != Kind::VApp, qPrintable(p.data().toString()));
        // All there all the same, as anyone who looks finds them.
        QVERIFY(compareTree(model, conn, *simulator, true, QString()) > 5);

        // Looked into now: a vApp added on the server is announced below its VDC, and the rows the
        // caller holds move with it.
        QString vdcId, orgId, firstVApp;
        simulator->withCloud([&](sim::Cloud &c) {
            const sim::VApp *a = c.vapps.rows().front();
            vdcId = a->vdcId;
            orgId = a->orgId;
        });
        QModelIndex vdc;
        for (int r = 0; r < model.rowCount(conn) && !vdc.isValid(); ++r) {
            const QModelIndex o = model.index(r, 0, conn);
            for (int k = 0; k < model.rowCount(o); ++k)
                if (uuidOf(model.index(k, 0, o)) == vdcId)
                    vdc = model.index(k, 0, o);
        }
        QVERIFY(vdc.isValid());
        const int firstVAppRow = model.rowCount(vdc) - 4;
        const QPersistentModelIndex kept = model.index(firstVAppRow, 0, vdc);
        QCOMPARE(kindOf(kept), Kind::VApp);
        const QString keptName = kept.data().toString();
        simulator->withCloud([&](sim::Cloud &c) {
            sim::VApp fresh;
            fresh.name = u"0-new-vapp"_s; // sorts before every generated name
            fresh.orgId = orgId;
            fresh.vdcId = vdcId;
            fresh.id = c.newUuid();
            fresh.ownerUserId = c.users.rows().front()->id;
            c.vapps.insert(fresh);
        });
        insertedUnder.clear();
        model.refresh(conn);
        QVERIFY(QTest::qWaitFor([&] { return model.activeLoads() == 0; }, kWaitMs));
        QVERIFY(insertedUnder.contains(QPersistentModelIndex(vdc)));
        QVERIFY(kept.isValid());
        QCOMPARE(kept.data().toString(), keptName);
        QCOMPARE(kept.row(), firstVAppRow + 1);
        QCOMPARE(model.index(firstVAppRow, 0, vdc).data().toString(), u"0-new-vapp"_s);
    }

    // refresh: rows that still exist stay (with the view's selection and expansion), changed ones
    // update in place, deleted ones go, new ones appear where their name sorts.
    void refreshKeepsState_data()
    {
        QTest::addColumn<int>("vapps");
        QTest::newRow("per parent") << 3;
        QTest::newRow("one query per kind") << 12; // more loaded vApps than kRefreshPerParentLimit
    }

    void refreshKeepsState()
    {
        QFETCH(int, vapps);
        auto simulator = test::startSimulator(test::generatedCloud(1, 1, vapps, 2));
        QVERIFY(simulator);
        auto session = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(session);
        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QPersistentModelIndex conn = model.addConnection(session.get(), u"generated"_s);
        QVERIFY(QTest::qWaitFor([&] { return treeDone(model, QModelIndex()); }, kWaitMs));

        // Pick a VM to rename, a vApp to delete and add a new vApp with a VM.
        QString renamedId, deletedId, vdcId, orgId;
        simulator->withCloud([&](sim::Cloud &c) {
            sim::Vm *vm = c.vms.rows().front();
            renamedId = vm->id;
            vm->name = u"aaa-renamed"_s;
            sim::VApp *gone = c.vapps.rows().back();
            deletedId = gone->id;
            vdcId = gone->vdcId;
            orgId = gone->orgId;
        });
        const QPersistentModelIndex renamed = model.indexForHref(
            session.get(), QUrl(simulator->baseUrl().toString() + u"/api/vApp/vm-"_s + renamedId));
        QVERIFY(renamed.isValid());
        const QPersistentModelIndex deleted = model.indexForHref(
            session.get(), QUrl(simulator->baseUrl().toString() + u"/api/vApp/vapp-"_s + deletedId));
        QVERIFY(deleted.isValid());
        QCOMPARE(kindOf(deleted), Kind::VApp);
        const QPersistentModelIndex vdc = deleted.parent();
        const QPersistentModelIndex keptVApp = model.index(2, 0, vdc);
        QVERIFY(keptVApp.isValid() && keptVApp != deleted);
        // And one VM of a vApp that stays: its row goes while its sibling stays.
        QString goneVmId;
        simulator->withCloud([&](sim::Cloud &c) {
            for (sim::VApp *a : c.vapps.rows())
                if (a->id != deletedId && a->vmIds.size() == 2 && !a->vmIds.contains(renamedId) &&
                    goneVmId.isEmpty())
                    goneVmId = a->vmIds.back();
        });
        QVERIFY(!goneVmId.isEmpty());
        const QPersistentModelIndex goneVm = model.indexForHref(
            session.get(), QUrl(simulator->baseUrl().toString() + u"/api/vApp/vm-"_s + goneVmId));
        QVERIFY(goneVm.isValid());
        const QPersistentModelIndex goneVmsVApp = goneVm.parent();
        simulator->withCloud([&](sim::Cloud &c) {
            sim::Vm *vm = c.vms.find(goneVmId);
            c.vapps.find(vm->vappId)->vmIds.removeAll(goneVmId);
            c.vms.remove(goneVmId);
        });
        simulator->withCloud([&](sim::Cloud &c) {
            for (const sim::Vm *v : std::vector<sim::Vm *>(c.vms.rows().begin(), c.vms.rows().end()))
                if (v->vappId == deletedId)
                    c.vms.remove(v->id);
            c.vapps.remove(deletedId);
            sim::VApp fresh;
            fresh.name = u"0-new-vapp"_s;
            fresh.orgId = orgId;
            fresh.vdcId = vdcId;
            fresh.id = c.newUuid();
            fresh.ownerUserId = c.users.rows().front()->id;
            c.vapps.insert(fresh);
        });

        // Only the deleted vApp's rows may go (it, or its VMs first when their load ends first).
        int removals = 0;
        int strayRemovals = 0;
        connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [&](const QModelIndex &parent, int first, int last) {
                    ++removals;
                    for (int r = first; r <= last; ++r) {
                        const QModelIndex gone = model.index(r, 0, parent);
                        if (gone != deleted && gone.parent() != deleted && gone != goneVm)
                            ++strayRemovals;
                    }
                });
        model.refresh(conn);
        QVERIFY(QTest::qWaitFor([&] { return model.activeLoads() == 0; }, kWaitMs));
        QVERIFY(treeDone(model, QModelIndex()));
        QVERIFY(compareTree(model, conn, *simulator, true, QString()) > 2);
        QVERIFY(renamed.isValid());
        QCOMPARE(renamed.data().toString(), u"aaa-renamed"_s);
        QVERIFY(!deleted.isValid());
        QVERIFY(keptVApp.isValid());
        QVERIFY(!goneVm.isValid());
        QVERIFY(goneVmsVApp.isValid());
        QCOMPARE(model.rowCount(goneVmsVApp), 1);
        QVERIFY(removals >= 1);
        QCOMPARE(strayRemovals, 0);
        const QModelIndex fresh = findByName(model, vdc, u"0-new-vapp"_s);
        QVERIFY(fresh.isValid());
        QCOMPARE(fresh.row(), 2); // first after the two folders: names sort
    }

    void staleRepliesDropped()
    {
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        auto first = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(first);
        auto second = logIn(*simulator, u"acme-corp"_s, u"orgadmin"_s);
        QVERIFY(second);
        sim::Faults slow;
        slow.latencyMs = 150;
        simulator->setFaults(slow);

        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QPersistentModelIndex a = model.addConnection(first.get(), u"provider"_s);
        const QPersistentModelIndex b = model.addConnection(second.get(), u"tenant"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.connectionIndex(second.get()), QModelIndex(b));
        // The tester has already started both loads.
        QCOMPARE(stateOf(a), LoadState::Loading);
        QCOMPARE(stateOf(b), LoadState::Loading);

        model.removeConnection(first.get());
        QVERIFY(!a.isValid());
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.connectionIndex(first.get()).isValid());

        // The other connection finishes (after the removed one's replies would have arrived).
        QVERIFY(waitDone(b));
        QVERIFY(QTest::qWaitFor([&] { return treeDone(model, QModelIndex()); }, kWaitMs));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), u"tenant"_s);
        QCOMPARE(modelChildren(model, b), truthChildren(*simulator, b, false, u"acme-corp"_s));

        // Refresh twice in a row: the first refresh's pages are dropped; no row is duplicated.
        const QPersistentModelIndex org = model.index(0, 0, b);
        const int vdcs = loadedRows(model, org);
        QVERIFY(vdcs > 0);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.refresh(org);
        QVERIFY(stateOf(org) == LoadState::Loading);
        model.refresh(org);
        QVERIFY(QTest::qWaitFor([&] { return model.activeLoads() == 0; }, kWaitMs));
        QCOMPARE(loadedRows(model, org), vdcs);
        QCOMPARE(model.rowCount(org), vdcs + 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(modelChildren(model, org), truthChildren(*simulator, org, false, u"acme-corp"_s));

        // A logout empties the connection; replies still on their way are dropped.
        model.refresh(b);
        QVERIFY(model.activeLoads() > 0);
        inserted.clear();
        QSignalSpy loggedOut(second.get(), &Session::loggedOut);
        second->logout();
        QVERIFY(loggedOut.wait(kWaitMs));
        QCOMPARE(model.rowCount(b), 0);
        QVERIFY(stateOf(b) != LoadState::Loaded);
        // A request sent now (same 150 ms latency) answers after any reply the logout cut off would
        // have: once it is back, late pages had their chance.
        QVERIFY(!test::fetch(*first, first->orgListHref()).body.isEmpty());
        QCOMPARE(model.rowCount(b), 0);
        QCOMPARE(inserted.count(), 0);

        // A destroyed session takes its row with it, even while loading.
        second.reset();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!b.isValid());
    }

    // A task ends: the entity is re-read and its row updated in place; a new vApp from a template
    // appears under its VDC; a deleted entity's row goes.
    void updatesAfterTasks()
    {
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        simulator->setTaskDurationMs(50);
        auto session = logIn(*simulator, u"acme-corp"_s, u"orgadmin"_s);
        QVERIFY(session);
        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QPersistentModelIndex conn = model.addConnection(session.get(), u"acme"_s);
        QVERIFY(QTest::qWaitFor([&] { return treeDone(model, QModelIndex()); }, kWaitMs));

        // A powered-on VM.
        QPersistentModelIndex vmIndex;
        std::function<void(const QModelIndex &)> find = [&](const QModelIndex &p) {
            for (int r = 0; r < model.rowCount(p) && !vmIndex.isValid(); ++r) {
                const QModelIndex c = model.index(r, 0, p);
                if (kindOf(c) == Kind::Vm && c.data(InventoryModel::StatusRole).toString() == u"POWERED_ON"_s)
                    vmIndex = c;
                find(c);
            }
        };
        find(conn);
        QVERIFY(vmIndex.isValid());

        // Details on demand: the VM's body, and what its links allow now.
        QSignalSpy details(&model, &InventoryModel::detailsLoaded);
        const qsizetype before = session->requestLog()->entries().size();
        model.loadDetails(vmIndex);
        QCOMPARE(InventoryNode::LoadState(vmIndex.data(InventoryModel::DetailsStateRole).toInt()),
                 LoadState::Loading);
        QVERIFY(details.wait(kWaitMs));
        QCOMPARE(session->requestLog()->entries().size(), before + 1);
        QCOMPARE(session->requestLog()->entries().last().url, vmIndex.data(InventoryModel::HrefRole).toUrl());
        const QVariantMap d = vmIndex.data(InventoryModel::DetailsRole).toMap();
        QCOMPARE(d.value(u"cpus"_s).toInt(),
                 QModelIndex(vmIndex).siblingAtColumn(InventoryModel::CpusColumn).data().toInt());
        QVERIFY(vmIndex.data(InventoryModel::CapabilitiesRole).toStringList().contains(u"power:powerOff"_s));
        QVERIFY(!vmIndex.data(InventoryModel::CapabilitiesRole).toStringList().contains(u"power:powerOn"_s));

        // Power it off through the real action and task path.
        auto vmBody =
            XmlReaders::readVm(test::fetch(*session, vmIndex.data(InventoryModel::HrefRole).toUrl()).body);
        QVERIFY(vmBody);
        ActionService actions(session.get());
        TaskTracker tracker(session.get());
        tracker.setSchedule({20, 1.5, 200});
        model.watchTask(session.get(), &tracker);
        QSignalSpy removedRows(&model, &QAbstractItemModel::rowsRemoved);
        ActionJob *job = actions.powerOff(ActionTarget::of(*vmBody));
        connect(job, &ActionJob::accepted, &tracker, [&tracker](const Task &t) { tracker.track(t); });
        QTRY_COMPARE_WITH_TIMEOUT(vmIndex.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s,
                                  kWaitMs);
        QVERIFY(vmIndex.isValid());
        QCOMPARE(removedRows.count(), 0);

        // A new vApp from a template lands under its VDC, in name order.
        QString templateHref, vdcHref;
        simulator->withCloud([&](sim::Cloud &c) {
            for (const sim::VAppTemplate *t : c.templates.rows())
                if (c.orgs.find(t->orgId)->name == u"acme-corp"_s && templateHref.isEmpty()) {
                    templateHref =
                        simulator->baseUrl().toString() + u"/api/vAppTemplate/vappTemplate-"_s + t->id;
                    vdcHref = simulator->baseUrl().toString() + u"/api/vdc/"_s + t->vdcId;
                }
        });
        QVERIFY(!templateHref.isEmpty());
        auto vdcBody = XmlReaders::readVdc(test::fetch(*session, QUrl(vdcHref)).body);
        QVERIFY(vdcBody);
        const QPersistentModelIndex vdc = model.indexForHref(session.get(), QUrl(vdcHref));
        QVERIFY(vdc.isValid());
        const int vappsBefore = loadedRows(model, vdc);
        InstantiateOptions options;
        options.name = u"0000-from-template"_s;
        options.templateHref = QUrl(templateHref);
        options.deploy = false;
        TaskTracker tracker2(session.get());
        tracker2.setSchedule({20, 1.5, 200});
        model.watchTask(session.get(), &tracker2);
        ActionJob *inst = actions.instantiateVAppTemplate(ActionTarget::of(*vdcBody), options);
        connect(inst, &ActionJob::accepted, &tracker2, [&tracker2](const Task &t) { tracker2.track(t); });
        QTRY_COMPARE_WITH_TIMEOUT(loadedRows(model, vdc), vappsBefore + 1, kWaitMs);
        const QModelIndex created = findByName(model, vdc, u"0000-from-template"_s);
        QVERIFY(created.isValid());
        QCOMPARE(created.row(), 2); // first after the folders

        // Deleted behind our back: re-reading the entity removes its row.
        const QString createdHref = created.data(InventoryModel::HrefRole).toUrl().toString();
        simulator->withCloud([&](sim::Cloud &c) {
            const QString id = createdHref.section(u'/', -1).mid(5); // vapp-<uuid>
            for (const sim::Vm *v : std::vector<sim::Vm *>(c.vms.rows().begin(), c.vms.rows().end()))
                if (v->vappId == id)
                    c.vms.remove(v->id);
            c.vapps.remove(id);
        });
        model.updateEntity(session.get(), QUrl(createdHref));
        QTRY_COMPARE_WITH_TIMEOUT(loadedRows(model, vdc), vappsBefore, kWaitMs);
        QVERIFY(!model.indexForHref(session.get(), QUrl(createdHref)).isValid());
    }

    // reveal: from a search hit's href chain, expanding (loading) along the way.
    void reveal()
    {
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        auto session = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(session);
        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addConnection(session.get(), u"demo"_s);

        QList<QUrl> path;
        QString vmName;
        const QString base = simulator->baseUrl().toString() + u"/api"_s;
        simulator->withCloud([&](sim::Cloud &c) {
            const sim::Vm *vm = c.vms.rows().back();
            vmName = vm->name;
            path = {QUrl(base + u"/org/"_s + vm->orgId), QUrl(base + u"/vdc/"_s + vm->vdcId),
                    QUrl(base + u"/vApp/vapp-"_s + vm->vappId), QUrl(base + u"/vApp/vm-"_s + vm->id)};
        });
        QSignalSpy revealed(&model, &InventoryModel::revealed);
        QSignalSpy failed(&model, &InventoryModel::revealFailed);
        model.reveal(session.get(), path);
        QVERIFY(revealed.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        const QModelIndex hit = revealed.first().at(0).value<QModelIndex>();
        QCOMPARE(hit.data().toString(), vmName);
        QCOMPARE(InventoryNode::keyOf(hit.data(InventoryModel::HrefRole).toUrl()),
                 InventoryNode::keyOf(path.last()));
        QCOMPARE(InventoryNode::keyOf(hit.parent().data(InventoryModel::HrefRole).toUrl()),
                 InventoryNode::keyOf(path.at(2)));

        // Something that does not exist: a clear failure, no hang.
        QList<QUrl> bogus = path;
        bogus.last() = QUrl(base + u"/vApp/vm-00000000-0000-0000-0000-000000000000"_s);
        model.reveal(session.get(), bogus);
        QVERIFY(failed.count() == 1 || failed.wait(kWaitMs));
        QVERIFY(failed.first().at(0).toString().contains(u"no longer exists"_s));

        // From a cloud-wide search hit, in a fresh tree, for a tenant too: every hit the search
        // returns can be revealed, and the row is the hit's entity.
        for (const auto &[org, user] :
             {std::pair{u"System"_s, u"administrator"_s}, {u"globex"_s, u"orgadmin"_s}}) {
            auto searcher = logIn(*simulator, org, user);
            QVERIFY(searcher);
            InventoryModel tree;
            QAbstractItemModelTester treeTester(&tree,
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
            tree.addConnection(searcher.get(), u"tree"_s);
            InventorySearch search;
            search.addSession(searcher.get(), u"tree"_s);
            QSignalSpy searched(&search, &InventorySearch::finished);
            SearchCriteria criteria;
            // (Named copy: clang 14 cannot capture a structured binding.)
            simulator->withCloud([&, orgName = org](sim::Cloud &c) {
                for (const sim::Vm *vm : c.vms.rows())
                    if (orgName == u"System"_s || c.orgs.find(vm->orgId)->name == orgName)
                        criteria.name = vm->name.left(3);
            });
            QVERIFY(!criteria.name.isEmpty());
            search.start(criteria);
            QVERIFY(searched.wait(kWaitMs));
            QVERIFY(search.rowCount() > 0);
            for (int row = 0; row < search.rowCount(); ++row) {
                const InventorySearch::Hit &h = search.hit(row);
                QSignalSpy shown(&tree, &InventoryModel::revealed);
                QSignalSpy notShown(&tree, &InventoryModel::revealFailed);
                tree.reveal(searcher.get(), h.hrefPath);
                QVERIFY(shown.count() == 1 || shown.wait(kWaitMs));
                QCOMPARE(notShown.count(), 0);
                const QModelIndex at = shown.first().at(0).value<QModelIndex>();
                QCOMPARE(at.data().toString(), h.name);
                QCOMPARE(InventoryNode::keyOf(at.data(InventoryModel::HrefRole).toUrl()),
                         InventoryNode::keyOf(h.href));
            }
        }
    }

    // ---- issue #13: an org's children on every release, and a tenant view as its own connection ----

    void orgChildrenPerProduct_data()
    {
        QTest::addColumn<QString>("product");
        QTest::addColumn<QString>("org");
        QTest::addColumn<QString>("user");
        for (const char *p : {"5.1", "9.5", "10.3", "10.6"}) {
            QTest::addRow("%s-provider", p) << QString::fromLatin1(p) << u"System"_s << u"administrator"_s;
            QTest::addRow("%s-tenant", p) << QString::fromLatin1(p) << QString() << u"orgadmin"_s;
        }
    }

    // The model finds an org's VDCs and catalogs through queries, which work whether the Org body
    // links its children (up to API 32.0) or not (33.0 on, docs/VCD-API.md §3.3.1); and the Org body
    // read the SDK way — child links below 33.0, the query links from 33.0 — gives the same children.
    void orgChildrenPerProduct()
    {
        QFETCH(QString, product);
        QFETCH(QString, org);
        QFETCH(QString, user);
        sim::SimConfig cfg;
        cfg.product = product;
        auto simulator = test::startSimulator(cfg);
        QVERIFY(simulator);
        const QString tenantOrg = test::firstTenantOrg(*simulator);
        auto session = logIn(*simulator, org.isEmpty() ? tenantOrg : org, user);
        QVERIFY(session);
        const bool admin = !org.isEmpty();
        const bool queryLinks = Session::compareVersions(session->apiVersion(), u"33.0") >= 0;

        InventoryModel model;
        const QModelIndex conn = model.addConnection(session.get(), u"c"_s);
        model.fetchMore(conn);
        QVERIFY(waitDone(conn));
        QVERIFY(model.rowCount(conn) > 0);
        for (int r = 0; r < model.rowCount(conn); ++r) {
            const QModelIndex orgIndex = model.index(r, 0, conn);
            model.fetchMore(orgIndex);
            QVERIFY(waitDone(orgIndex));
            const QModelIndex catalogs = model.index(0, 0, orgIndex);
            QCOMPARE(kindOf(catalogs), Kind::CatalogFolder);
            model.fetchMore(catalogs);
            QVERIFY(waitDone(catalogs));
            const QSet<QString> vdcs = truthChildren(*simulator, orgIndex, admin, tenantOrg);
            const QSet<QString> cats = truthChildren(*simulator, catalogs, admin, tenantOrg);
            QCOMPARE(modelChildren(model, orgIndex), vdcs);
            QCOMPARE(modelChildren(model, catalogs), cats);

            // The Org body, and its children the way an SDK finds them.
            const test::Fetched body = test::fetch(*session, orgIndex.data(InventoryModel::HrefRole).toUrl());
            QCOMPARE(body.status, 200);
            const ReadResult<Org> o = XmlReaders::readOrg(body.body);
            QVERIFY2(o.ok(), qPrintable(o.error.toString()));
            QCOMPARE(o.value->listsChildren(), !queryLinks);
            for (const bool forVdcs : {true, false}) {
                QSet<QString> found;
                if (!queryLinks) {
                    for (const EntityRef &ref : forVdcs ? o.value->vdcs : o.value->catalogs)
                        found.insert(ref.href.path().section(u'/', -1));
                } else {
                    const std::optional<Link> link =
                        forVdcs ? o.value->vdcQueryLink() : o.value->catalogQueryLink();
                    QVERIFY(link);
                    QUrl next = link->href;
                    while (next.isValid()) { // every page
                        const test::Fetched page = test::fetch(*session, next);
                        QCOMPARE(page.status, 200);
                        const ReadResult<QueryPage> records = XmlReaders::readQueryRecords(page.body);
                        QVERIFY2(records.ok(), qPrintable(records.error.toString()));
                        for (const QueryRecord &rec : records.value->records)
                            found.insert(rec.href().path().section(u'/', -1));
                        next = records.value->nextPage() ? records.value->nextPage()->href : QUrl();
                    }
                }
                QCOMPARE(found, forVdcs ? vdcs : cats);
            }
        }
    }

    // A provider's tenant view (Session::openTenantView) is a connection row of its own that shows the
    // org as its users see it, next to the provider's row that shows every org.
    void tenantViewIsItsOwnConnection()
    {
        auto simulator = test::startSimulator({});
        QVERIFY(simulator);
        auto provider = logIn(*simulator, u"System"_s, u"administrator"_s);
        QVERIFY(provider);
        const QString orgName = test::firstTenantOrg(*simulator);
        QString orgId;
        int orgCount = 0;
        simulator->withCloud([&](sim::Cloud &c) {
            orgId = c.orgByName(orgName)->id;
            orgCount = int(c.orgs.size());
        });
        std::unique_ptr<Session> view(provider->openTenantView(orgId, orgName));
        QVERIFY(view);

        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex providerRow = model.addConnection(provider.get(), u"provider"_s);
        const QModelIndex tenantRow = model.addConnection(view.get(), orgName + u" (as tenant)"_s);
        QCOMPARE(model.rowCount(), 2);
        model.fetchMore(providerRow);
        model.fetchMore(tenantRow);
        QVERIFY(waitDone(providerRow));
        QVERIFY(waitDone(tenantRow));
        QCOMPARE(model.rowCount(providerRow), orgCount);
        QCOMPARE(model.rowCount(tenantRow), 1);
        const QModelIndex tenantOrg = model.index(0, 0, tenantRow);
        QCOMPARE(tenantOrg.data().toString(), orgName);
        // The whole subtree loads as the tenant sees it and matches the simulator.
        QVERIFY(QTest::qWaitFor([&] { return treeDone(model, tenantRow); }, kWaitMs));
        QVERIFY(compareTree(model, tenantRow, *simulator, false, orgName) > 3);
        // Every request of that row carried the tenant context.
        for (const Exchange &e : view->requestLog()->entries())
            QCOMPARE(e.requestHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT"), orgId.toUtf8());
    }
};

QTEST_GUILESS_MAIN(TestInventoryModel)
#include "tst_inventorymodel.moc"
