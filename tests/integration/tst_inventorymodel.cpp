// InventoryModel against vcd-sim (issue #4): lazy loading, the tree matching the simulator's truth,
// paging, failure then retry, and late replies dropped after a removal or refresh. Every test runs
// QAbstractItemModelTester, which also walks the tree and calls fetchMore() on every fetchable node,
// so once it is attached the whole tree loads by itself — a good stress of concurrent loads.

#include "core/model/inventorymodel.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
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

std::unique_ptr<sim::VcdSimulator> startSim(const sim::SimConfig &cfg)
{
    auto simulator = std::make_unique<sim::VcdSimulator>(cfg);
    QString err;
    if (!simulator->start(&err)) {
        qWarning() << err;
        return nullptr;
    }
    return simulator;
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
        if (kindOf(c) != Kind::Vm && (!isDone(c) || !treeDone(m, c)))
            return false;
    }
    return true;
}

// The children the simulator holds for the entity behind `i` (orgs for a connection).
QSet<QString> truthChildren(sim::VcdSimulator &simulator, const QModelIndex &i, bool admin,
                            const QString &tenantOrg)
{
    QSet<QString> ids;
    const Kind kind = kindOf(i);
    const QString id = uuidOf(i);
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
        case Kind::Root:
        case Kind::Vm:
            break;
        }
    });
    return ids;
}

QSet<QString> modelChildren(const QAbstractItemModel &m, const QModelIndex &parent)
{
    QSet<QString> ids;
    for (int r = 0; r < m.rowCount(parent); ++r)
        ids.insert(uuidOf(m.index(r, 0, parent)));
    return ids;
}

} // namespace

class TestInventoryModel : public QObject
{
    Q_OBJECT

private slots:
    void lazyLoading()
    {
        auto simulator = startSim({});
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
        // Only the orgs: nothing below them was asked for.
        for (int r = 0; r < model.rowCount(conn); ++r) {
            const QModelIndex org = model.index(r, 0, conn);
            QCOMPARE(kindOf(org), Kind::Org);
            QCOMPARE(stateOf(org), LoadState::NotLoaded);
            QVERIFY(model.hasChildren(org));
            QVERIFY(model.canFetchMore(org));
            QCOMPARE(model.rowCount(org), 0);
        }
        QCOMPARE(states.count(), 2); // Loading, Loaded

        // The tester walks every fetchable node: the whole tree loads and stays consistent.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitFor([&] { return treeDone(model, QModelIndex()); }, kWaitMs));
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
        auto simulator = startSim({});
        QVERIFY(simulator);
        auto session = logIn(*simulator, org, user);
        QVERIFY(session);

        InventoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex conn = model.addConnection(session.get(), u"demo"_s);

        // Expand level by level as a view would (the tester may have started some loads already).
        std::function<void(const QModelIndex &)> expand = [&](const QModelIndex &parent) {
            if (kindOf(parent) == Kind::Vm)
                return;
            if (model.canFetchMore(parent))
                model.fetchMore(parent);
            QVERIFY2(waitDone(parent), qPrintable(parent.data(InventoryModel::ErrorRole).toString()));
            QCOMPARE(modelChildren(model, parent), truthChildren(*simulator, parent, admin, org));
            QCOMPARE(stateOf(parent), model.rowCount(parent) > 0 ? LoadState::Loaded : LoadState::Empty);
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

        // Columns of one VM against the simulator's record.
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
        sim::SimConfig cfg;
        cfg.scenario = u"generate"_s;
        cfg.orgs = 1;
        cfg.vdcsPerOrg = 1;
        cfg.vappsPerVdc = vapps;
        cfg.vmsPerVapp = 1;
        cfg.seed = 7;
        auto simulator = startSim(cfg);
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

        // The generated org (not System) and its only VDC.
        QModelIndex vdc;
        for (int r = 0; r < model.rowCount(conn) && !vdc.isValid(); ++r) {
            const QModelIndex org = model.index(r, 0, conn);
            QVERIFY(waitDone(org));
            if (model.rowCount(org) > 0)
                vdc = model.index(0, 0, org);
        }
        QVERIFY(vdc.isValid());
        model.fetchMore(vdc); // as a view would; a no-op when the tester already started it
        QVERIFY(waitDone(vdc));
        QCOMPARE(model.rowCount(vdc), vapps);
        QCOMPARE(modelChildren(model, vdc).size(), vapps);
        QCOMPARE(modelChildren(model, vdc), truthChildren(*simulator, vdc, true, QString()));
        int batches = 0;
        int rows = 0;
        for (const auto &args : inserted) {
            if (args.at(0).value<QModelIndex>() == vdc) {
                ++batches;
                QCOMPARE(args.at(1).toInt(), rows); // appended in order
                rows = args.at(2).toInt() + 1;
            }
        }
        QCOMPARE(batches, pages);
        QCOMPARE(rows, vapps);
    }

    void failureThenRetry()
    {
        auto simulator = startSim({});
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

        // The tester retries a failed node as soon as it sees it change (as fetchMore() again would).
        simulator->setFaults({});
        model.fetchMore(conn);
        QVERIFY(waitDone(conn));
        QCOMPARE(stateOf(conn), LoadState::Loaded);
        QVERIFY(conn.data(InventoryModel::ErrorRole).toString().isEmpty());
        QCOMPARE(modelChildren(model, conn), truthChildren(*simulator, conn, true, QString()));
        QCOMPARE(model.rowCount(conn), int(modelChildren(model, conn).size()));
    }

    void removeConnectionMidLoad()
    {
        auto simulator = startSim({});
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

        // Refresh, and refresh again mid-load: the rows go, the old pages are dropped. (The tester
        // starts the load again as soon as it sees the node change.)
        const QPersistentModelIndex org = model.index(0, 0, b);
        const int vdcs = model.rowCount(org);
        QVERIFY(vdcs > 0);
        model.refresh(org);
        QCOMPARE(model.rowCount(org), 0);
        QVERIFY(stateOf(org) == LoadState::NotLoaded || stateOf(org) == LoadState::Loading);
        model.fetchMore(org);
        QCOMPARE(stateOf(org), LoadState::Loading);
        model.refresh(org);
        QCOMPARE(model.rowCount(org), 0);
        model.fetchMore(org);
        QVERIFY(waitDone(org));
        QCOMPARE(model.rowCount(org), vdcs);
        QCOMPARE(modelChildren(model, org), truthChildren(*simulator, org, false, u"acme-corp"_s));

        // A destroyed session takes its row with it, even while loading.
        model.refresh(b);
        model.fetchMore(b);
        second.reset();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!b.isValid());
    }
};

QTEST_GUILESS_MAIN(TestInventoryModel)
#include "tst_inventorymodel.moc"
