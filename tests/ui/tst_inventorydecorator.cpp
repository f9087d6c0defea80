// InventoryDecorator over a real InventoryModel loaded from the simulator's demo cloud: an icon per
// kind of row with the power state as an overlay, a spinner that turns while a row loads, a failed
// load's sentence (red, with a retry hint) in the Status column, statuses in people's words, the
// connection's colour label as its row's tint and its state as its status, and blank cells in the
// columns KindColumns leaves out for a kind of row.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"
#include "ui/common/colorlabel.h"
#include "ui/common/icons.h"
#include "ui/inventory/inventorydecorator.h"
#include "ui/inventory/kindcolumns.h"

#include <QIcon>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using Kind = InventoryNode::Kind;
using LoadState = InventoryNode::LoadState;
using Overlay = Icons::Overlay;

namespace {

constexpr int kWaitMs = 30000;

LoadState loadState(const QModelIndex &index)
{
    return LoadState(index.data(InventoryModel::LoadStateRole).toInt());
}

bool done(const QModelIndex &index)
{
    const LoadState s = loadState(index);
    return s == LoadState::Loaded || s == LoadState::Empty || s == LoadState::Failed;
}

QModelIndex childNamed(const QAbstractItemModel *model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model->rowCount(parent); ++r)
        if (model->index(r, 0, parent).data().toString() == name)
            return model->index(r, 0, parent);
    return {};
}

QModelIndex childWithStatus(const QAbstractItemModel *model, const QModelIndex &parent, const QString &status)
{
    for (int r = 0; r < model->rowCount(parent); ++r)
        if (model->index(r, 0, parent).data(InventoryModel::StatusRole).toString() == status)
            return model->index(r, 0, parent);
    return {};
}

QImage imageOf(const QVariant &decoration)
{
    return decoration.value<QIcon>()
        .pixmap(QSize(24, 24), 1.0)
        .toImage()
        .convertToFormat(QImage::Format_ARGB32);
}

QImage imageOf(const QIcon &icon)
{
    return imageOf(QVariant::fromValue(icon));
}

} // namespace

class TestInventoryDecorator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void iconNamesPerKind();
    void iconPerKindWithPowerOverlays();
    void statusesInPeoplesWords();
    void spinnerTurnsWhileARowLoads();
    void failedLoadIsSaidInTheStatusColumn();
    void connectionTintAndState();
    void columnsBlankWhereKindColumnsSaySo();
    void withoutAnInventoryModelItPassesThrough();

private:
    QModelIndex load(const QModelIndex &parent, const QString &name);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<Session> m_session;
    ConnectionRegistry m_registry;
    InventoryModel m_model;
    std::unique_ptr<InventoryDecorator> m_decorator;
    Connection *m_connection = nullptr;
    QModelIndex m_org;
    QModelIndex m_prodVdc;
};

void TestInventoryDecorator::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    // The decorator exists before the connection, as in the window: it follows profile changes.
    m_decorator = std::make_unique<InventoryDecorator>(&m_registry);
    m_decorator->setSourceModel(&m_model);
    m_session = test::logIn(*m_sim, u"orgadmin"_s, u"acme-corp"_s);
    QVERIFY(m_session);
    Profile profile;
    profile.name = u"acme"_s;
    profile.colorLabel = u"red"_s;
    m_connection = m_registry.adopt(profile, m_session.get());
    QVERIFY(m_connection);
    const QModelIndex conn = m_model.addConnection(m_session.get(), u"acme"_s);
    m_org = load(conn, u"acme-corp"_s);
    QVERIFY(m_org.isValid());
    m_prodVdc = load(m_org, u"acme-prod-vdc"_s);
    QVERIFY(m_prodVdc.isValid());
}

void TestInventoryDecorator::cleanupTestCase()
{
    m_decorator.reset();
    m_registry.closeAll();
    m_session.reset();
    m_sim.reset();
}

// Loads `parent`'s children and returns the one named `name`.
QModelIndex TestInventoryDecorator::load(const QModelIndex &parent, const QString &name)
{
    if (m_model.canFetchMore(parent))
        m_model.fetchMore(parent);
    if (!QTest::qWaitFor([&] { return done(parent); }, kWaitMs))
        return {};
    return childNamed(&m_model, parent, name);
}

void TestInventoryDecorator::iconNamesPerKind()
{
    QCOMPARE(InventoryDecorator::iconName(int(Kind::Connection)), u"connection"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::Org)), u"org"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::Vdc)), u"vdc"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::VApp)), u"vapp"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::Vm)), u"vm"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::Catalog)), u"catalog"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::CatalogItem)), u"template"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::CatalogItem), true), u"media"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::Network)), u"network"_s);
    QCOMPARE(InventoryDecorator::iconName(int(Kind::EdgeGateway)), u"edge"_s);
    for (Kind k : {Kind::CatalogFolder, Kind::NetworkFolder, Kind::EdgeFolder})
        QCOMPARE(InventoryDecorator::iconName(int(k)), u"folder"_s);
    QVERIFY(InventoryDecorator::iconName(int(Kind::Root)).isEmpty());
    // Every name is an icon of the set.
    for (int k = int(Kind::Connection); k <= int(Kind::EdgeGateway); ++k)
        QVERIFY2(Icons::exists(InventoryDecorator::iconName(k)), qPrintable(InventoryDecorator::iconName(k)));
}

void TestInventoryDecorator::iconPerKindWithPowerOverlays()
{
    const QPalette pal = m_decorator->palette();
    auto decoration = [this](const QModelIndex &source, int column = 0) {
        return m_decorator->data(m_decorator->mapFromSource(source.siblingAtColumn(column)),
                                 Qt::DecorationRole);
    };
    auto expect = [&pal](const QString &name, Overlay overlay) {
        return imageOf(Icons::entity(name, overlay, pal));
    };

    const QModelIndex conn = m_model.connectionIndex(m_session.get());
    QCOMPARE(imageOf(decoration(conn)), expect(u"connection"_s, Overlay::None));
    QCOMPARE(imageOf(decoration(m_org)), expect(u"org"_s, Overlay::None));
    QCOMPARE(imageOf(decoration(m_prodVdc)), expect(u"vdc"_s, Overlay::None));
    // Folders (catalogs under the org, networks and edges under the VDC).
    QVERIFY(m_model.rowCount(m_org) > 0);
    QCOMPARE(imageOf(decoration(m_model.index(0, 0, m_org))), expect(u"folder"_s, Overlay::None));
    // Only the name column carries an icon.
    QVERIFY(decoration(m_prodVdc, InventoryModel::StatusColumn).isNull());

    // vApps: running, and mixed (one VM of the pool is off).
    const QModelIndex web = load(m_prodVdc, u"web-frontend"_s);
    QVERIFY(web.isValid());
    QCOMPARE(web.data(InventoryModel::StatusRole).toString(), u"POWERED_ON"_s);
    QCOMPARE(imageOf(decoration(web)), expect(u"vapp"_s, Overlay::On));
    const QModelIndex k8s = childNamed(&m_model, m_prodVdc, u"k8s-workers"_s);
    QCOMPARE(k8s.data(InventoryModel::StatusRole).toString(), u"MIXED"_s);
    QCOMPARE(imageOf(decoration(k8s)), expect(u"vapp"_s, Overlay::Partial));
    QVERIFY(imageOf(decoration(k8s)) != imageOf(decoration(web)));

    // VMs: on and off.
    load(k8s, QString());
    const QModelIndex on = childWithStatus(&m_model, k8s, u"POWERED_ON"_s);
    const QModelIndex off = childWithStatus(&m_model, k8s, u"POWERED_OFF"_s);
    QVERIFY(on.isValid() && off.isValid());
    QCOMPARE(imageOf(decoration(on)), expect(u"vm"_s, Overlay::On));
    QCOMPARE(imageOf(decoration(off)), expect(u"vm"_s, Overlay::Off));
    QVERIFY(imageOf(decoration(on)) != imageOf(decoration(off)));
    QVERIFY(imageOf(decoration(on)) != expect(u"vm"_s, Overlay::None));

    // A VM held by a task shows busy, whatever its power state.
    InventoryNode *node = m_model.nodeFromIndex(on);
    node->runningTasks.append(Task{});
    QCOMPARE(imageOf(decoration(on)), expect(u"vm"_s, Overlay::Busy));
    QCOMPARE(m_decorator->data(m_decorator->mapFromSource(on.siblingAtColumn(InventoryModel::StatusColumn)))
                 .toString(),
             u"Busy"_s);
    node->runningTasks.clear();
    QCOMPARE(imageOf(decoration(on)), expect(u"vm"_s, Overlay::On));

    // Icons follow the palette they are told about.
    QPalette dark = pal;
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    m_decorator->setPalette(dark);
    QCOMPARE(imageOf(decoration(on)), imageOf(Icons::entity(u"vm"_s, Overlay::On, dark)));
    QVERIFY(imageOf(decoration(on)) != expect(u"vm"_s, Overlay::On));
    m_decorator->setPalette(pal);
}

void TestInventoryDecorator::statusesInPeoplesWords()
{
    auto status = [this](const QModelIndex &source) {
        return m_decorator
            ->data(m_decorator->mapFromSource(source.siblingAtColumn(InventoryModel::StatusColumn)))
            .toString();
    };
    const QModelIndex web = load(m_prodVdc, u"web-frontend"_s);
    QCOMPARE(status(web), u"Powered on"_s);
    const QModelIndex k8s = childNamed(&m_model, m_prodVdc, u"k8s-workers"_s);
    QCOMPARE(status(k8s), u"Mixed (children differ)"_s);
    load(k8s, QString());
    QCOMPARE(status(childWithStatus(&m_model, k8s, u"POWERED_OFF"_s)), u"Powered off"_s);
    // The model itself keeps the server's name (sorting, filtering); only the decorator translates.
    QCOMPARE(web.siblingAtColumn(InventoryModel::StatusColumn).data().toString(), u"POWERED_ON"_s);

    // Suspended, in the dev VDC.
    const QModelIndex dev = load(m_org, u"acme-dev-vdc"_s);
    QVERIFY(dev.isValid());
    const QModelIndex qa = load(dev, u"qa-env"_s);
    QVERIFY(qa.isValid());
    QCOMPARE(status(qa), u"Suspended"_s);
    QCOMPARE(imageOf(m_decorator->data(m_decorator->mapFromSource(qa), Qt::DecorationRole)),
             imageOf(Icons::entity(u"vapp"_s, Overlay::Suspended, m_decorator->palette())));

    // A VDC: "Ready" rather than READY, or its enabled state in words.
    const QString vdcStatus = status(m_prodVdc);
    QVERIFY2(vdcStatus == u"Ready"_s || vdcStatus == u"Enabled"_s, qPrintable(vdcStatus));
}

void TestInventoryDecorator::spinnerTurnsWhileARowLoads()
{
    const QModelIndex dev = load(m_org, u"acme-dev-vdc"_s);
    QVERIFY(dev.isValid());
    const QModelIndex sandbox = childNamed(&m_model, dev, u"dev-sandbox"_s);
    QVERIFY(sandbox.isValid());
    QVERIFY(!m_decorator->isAnimating());

    // A slow server: the vApp's VMs take a while to come.
    sim::Faults slow;
    slow.latencyMs = 600;
    m_sim->setFaults(slow);
    QSignalSpy changed(m_decorator.get(), &QAbstractItemModel::dataChanged);
    m_model.fetchMore(sandbox);
    QCOMPARE(loadState(sandbox), LoadState::Loading);
    QVERIFY(m_decorator->isAnimating());
    const QModelIndex row = m_decorator->mapFromSource(sandbox);
    const int first = m_decorator->spinnerFrame();
    QCOMPARE(imageOf(m_decorator->data(row, Qt::DecorationRole)),
             imageOf(Icons::spinner(first, m_decorator->palette())));
    // The spinner steps, and each step repaints the loading row's icon.
    QTRY_VERIFY_WITH_TIMEOUT(m_decorator->spinnerFrame() != first, 2000);
    const QImage later = imageOf(m_decorator->data(row, Qt::DecorationRole));
    QCOMPARE(later, imageOf(Icons::spinner(m_decorator->spinnerFrame(), m_decorator->palette())));
    QVERIFY(later != imageOf(Icons::spinner(first, m_decorator->palette())));
    bool repainted = false;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const auto roles = args.at(2).value<QList<int>>();
        repainted = repainted || (args.at(0).toModelIndex() == row && roles.contains(Qt::DecorationRole));
    }
    QVERIFY(repainted);

    m_sim->setFaults({});
    QTRY_VERIFY_WITH_TIMEOUT(done(sandbox), kWaitMs);
    // Loaded: the spinner stops and the vApp's own icon is back.
    QVERIFY(!m_decorator->isAnimating());
    QCOMPARE(sandbox.data(InventoryModel::StatusRole).toString(), u"POWERED_OFF"_s);
    QCOMPARE(imageOf(m_decorator->data(row, Qt::DecorationRole)),
             imageOf(Icons::entity(u"vapp"_s, Overlay::Off, m_decorator->palette())));
}

void TestInventoryDecorator::failedLoadIsSaidInTheStatusColumn()
{
    // A connection whose session never logged in: its load fails.
    Session offline;
    InventoryModel model;
    InventoryDecorator decorator(nullptr);
    decorator.setSourceModel(&model);
    const QModelIndex conn = model.addConnection(&offline, u"offline"_s);
    const QModelIndex row = decorator.mapFromSource(conn);
    // Not connected: the connection's icon says so before anything is loaded.
    QCOMPARE(imageOf(decorator.data(row, Qt::DecorationRole)),
             imageOf(Icons::entity(u"connection"_s, Overlay::Off, decorator.palette())));

    model.fetchMore(conn);
    QTRY_COMPARE_WITH_TIMEOUT(loadState(conn), LoadState::Failed, kWaitMs);
    const QString error = conn.data(InventoryModel::ErrorRole).toString();
    QVERIFY(!error.isEmpty());
    const QModelIndex status = row.siblingAtColumn(InventoryModel::StatusColumn);
    QCOMPARE(decorator.data(status).toString(), u"Failed: %1"_s.arg(error));
    QCOMPARE(decorator.data(status, Qt::ForegroundRole).value<QColor>(), QColor(0xd6, 0x33, 0x2f));
    // The name column keeps its colour; the tooltip says what to do.
    QVERIFY(!decorator.data(row, Qt::ForegroundRole).value<QColor>().isValid() ||
            decorator.data(row, Qt::ForegroundRole).value<QColor>() != QColor(0xd6, 0x33, 0x2f));
    const QString tip = decorator.data(row, Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(error) && tip.contains(u"Retry"_s), qPrintable(tip));
    QCOMPARE(imageOf(decorator.data(row, Qt::DecorationRole)),
             imageOf(Icons::entity(u"connection"_s, Overlay::Failed, decorator.palette())));
    QVERIFY(!decorator.isAnimating());
}

void TestInventoryDecorator::connectionTintAndState()
{
    const QModelIndex conn = m_model.connectionIndex(m_session.get());
    const QModelIndex row = m_decorator->mapFromSource(conn);
    QCOMPARE(m_decorator->data(row, Qt::BackgroundRole).value<QColor>(),
             ColorLabel::tint(ColorLabel::Label::Red, m_decorator->palette()));
    QVERIFY(ColorLabel::tint(ColorLabel::Label::Red, m_decorator->palette()).isValid());
    QCOMPARE(m_decorator->data(row.siblingAtColumn(InventoryModel::StatusColumn)).toString(),
             Connection::stateText(Connection::State::Connected));
    // Only the connection's row is tinted.
    QVERIFY(!m_decorator->data(m_decorator->mapFromSource(m_org), Qt::BackgroundRole).isValid());

    // The profile's colour changes while connected: the row repaints in the new tint.
    QSignalSpy changed(m_decorator.get(), &QAbstractItemModel::dataChanged);
    Profile green = m_connection->profile();
    green.colorLabel = u"green"_s;
    m_connection->setProfile(green);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toModelIndex(), row);
    QCOMPARE(m_decorator->data(row, Qt::BackgroundRole).value<QColor>(),
             ColorLabel::tint(ColorLabel::Label::Green, m_decorator->palette()));
    // No label: no tint.
    Profile none = green;
    none.colorLabel.clear();
    m_connection->setProfile(none);
    QVERIFY(!m_decorator->data(row, Qt::BackgroundRole).isValid());
    Profile red = none;
    red.colorLabel = u"red"_s;
    m_connection->setProfile(red);
}

void TestInventoryDecorator::columnsBlankWhereKindColumnsSaySo()
{
    const QModelIndex web = load(m_prodVdc, u"web-frontend"_s);
    load(web, QString());
    QVERIFY(m_model.rowCount(web) > 0);
    const QModelIndex vm = m_model.index(0, 0, web);
    auto cell = [this](const QModelIndex &source, int column, int role = Qt::DisplayRole) {
        return m_decorator->data(m_decorator->mapFromSource(source.siblingAtColumn(column)), role);
    };
    const QString guestOs = vm.siblingAtColumn(InventoryModel::GuestOsColumn).data().toString();
    QVERIFY(!guestOs.isEmpty());
    // No KindColumns: every column shows.
    QCOMPARE(cell(vm, InventoryModel::GuestOsColumn).toString(), guestOs);

    KindColumns columns;
    columns.reset();
    m_decorator->setKindColumns(&columns);
    QCOMPARE(cell(vm, InventoryModel::GuestOsColumn).toString(), guestOs);
    columns.setShown(Kind::Vm, InventoryModel::GuestOsColumn, false);
    QVERIFY(!cell(vm, InventoryModel::GuestOsColumn).isValid());
    QVERIFY(!cell(vm, InventoryModel::GuestOsColumn, Qt::ToolTipRole).isValid());
    QVERIFY(!cell(vm, InventoryModel::GuestOsColumn, Qt::EditRole).isValid());
    // Other columns of the row, and the name, still show; other roles of the hidden cell pass.
    QCOMPARE(cell(vm, InventoryModel::NameColumn).toString(), vm.data().toString());
    QVERIFY(!cell(vm, InventoryModel::TypeColumn).toString().isEmpty());
    // The name column shows even when a kind is told to hide it.
    columns.setShown(Kind::Vm, InventoryModel::NameColumn, false);
    QCOMPARE(cell(vm, InventoryModel::NameColumn).toString(), vm.data().toString());

    // A VDC's defaults leave out what means nothing for it (guest OS, IP), though the model may say.
    QVERIFY(!cell(m_prodVdc, InventoryModel::GuestOsColumn).isValid());
    QVERIFY(!cell(m_prodVdc, InventoryModel::IpColumn).isValid());
    QCOMPARE(cell(m_prodVdc, InventoryModel::TypeColumn).toString(),
             m_prodVdc.siblingAtColumn(InventoryModel::TypeColumn).data().toString());

    columns.reset();
    QCOMPARE(cell(vm, InventoryModel::GuestOsColumn).toString(), guestOs);
    m_decorator->setKindColumns(nullptr);
}

void TestInventoryDecorator::withoutAnInventoryModelItPassesThrough()
{
    QStandardItemModel plain;
    plain.appendRow(new QStandardItem(u"plain"_s));
    InventoryDecorator decorator(nullptr);
    decorator.setSourceModel(&plain);
    QVERIFY(!decorator.inventoryModel());
    QCOMPARE(decorator.data(decorator.index(0, 0)).toString(), u"plain"_s);
    QVERIFY(!decorator.data(decorator.index(0, 0), Qt::DecorationRole).isValid());
}

QTEST_MAIN(TestInventoryDecorator)
#include "tst_inventorydecorator.moc"
