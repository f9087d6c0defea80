// InventoryFilter in the real window: typing in the filter box narrows the loaded rows to the matches
// and their ancestors (and opens them); clearing it brings every row back; Enter runs the cloud-wide
// search and choosing a hit reveals it in the tree, loading what is needed on the way. Sorting by a
// column keeps folders first and numbers in numeric order. Icons stay visible on a dark palette.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/inventorysearch.h"
#include "core/net/session.h"
#include "explorerrig.h"
#include "ui/common/icons.h"
#include "ui/inventory/inventoryfilter.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTest>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

using vcd::test::settled;

QStringList visibleNames(const QAbstractItemModel *m, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m->rowCount(parent); ++r) {
        const QModelIndex i = m->index(r, 0, parent);
        out << i.data().toString();
        out << visibleNames(m, i);
    }
    return out;
}

// The row named `name` anywhere below `parent` in the inventory model.
QModelIndex findInventoryRow(const QAbstractItemModel *m, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < m->rowCount(parent); ++r) {
        const QModelIndex i = m->index(r, 0, parent);
        if (i.data().toString() == name)
            return i;
        if (const QModelIndex below = findInventoryRow(m, i, name); below.isValid())
            return below;
    }
    return QModelIndex();
}

// The share of pixels in `image` that differ clearly from `background`.
double inkShare(const QImage &image, const QColor &background)
{
    qint64 ink = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.lightness() - background.lightness()) > 60)
                ++ink;
        }
    return double(ink) / double(image.width() * image.height());
}

} // namespace

class TestInventoryFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void filterNarrowsTheTree();
    void searchHitIsRevealed();
    void sortsByColumn();
    void darkPaletteKeepsIconsAndTextVisible();

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<test::ExplorerRig> m_rig;
    Explorer *m_explorer = nullptr;
    Connection *m_demo = nullptr;
};

void TestInventoryFilter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_inventoryfilter"_s); // its own settings folder: tests run side by side
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    m_rig = std::make_unique<test::ExplorerRig>(m_sim.get());
    m_explorer = m_rig->explorer();
    QVERIFY(m_rig->show());
    m_demo = m_rig->openDemo(); // logged in, the orgs loaded
    QVERIFY(m_demo);
}

void TestInventoryFilter::cleanupTestCase()
{
    m_rig.reset(); // closes every connection, then the window
    m_explorer = nullptr;
    m_sim.reset();
}

void TestInventoryFilter::filterNarrowsTheTree()
{
    InventoryModel *model = m_explorer->window()->model();
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    QAbstractItemModelTester tester(panel->filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Everything of acme-corp loaded.
    const QModelIndex conn = model->connectionIndex(m_demo->session());
    QModelIndex acme;
    for (int r = 0; r < model->rowCount(conn); ++r)
        if (model->index(r, 0, conn).data().toString() == u"acme-corp")
            acme = model->index(r, 0, conn);
    QVERIFY(acme.isValid());
    QSignalSpy loaded(model, &InventoryModel::subtreeLoaded);
    model->loadAll(acme);
    QVERIFY(loaded.wait(kWaitMs));
    const QStringList before = visibleNames(panel->filter());
    QVERIFY(before.contains(u"db-02"_s) && before.contains(u"k8s-worker-03"_s));

    // Ctrl+F (Edit › Filter) focuses the box; typing narrows the tree to matches and their ancestors.
    QAction *filterAction = m_explorer->window()->findChild<QAction *>(u"filterAction"_s);
    QVERIFY(filterAction);
    filterAction->trigger();
    QVERIFY(panel->filterEdit()->hasFocus());
    QTest::keyClicks(panel->filterEdit(), u"db-0"_s);
    QTRY_VERIFY(panel->filter()->isFiltering());
    const QStringList after = visibleNames(panel->filter());
    QVERIFY2(after.contains(u"db-01"_s) && after.contains(u"db-02"_s), qPrintable(after.join(u", ")));
    QVERIFY(after.contains(u"db-cluster"_s) && after.contains(u"acme-prod-vdc"_s) &&
            after.contains(u"acme-corp"_s));
    QVERIFY(!after.contains(u"k8s-worker-03"_s));
    QVERIFY(!after.contains(u"globex"_s));
    // The matches are shown: their ancestors opened.
    const QModelIndexList matches = panel->filter()->matches(10);
    QVERIFY(!matches.isEmpty());
    for (const QModelIndex &m : matches)
        QVERIFY(panel->view()->isExpanded(m.parent()));
    // An IP address matches too.
    panel->filterEdit()->setText(u"10.10.1."_s);
    QTRY_VERIFY(visibleNames(panel->filter()).contains(u"db-01"_s));
    // Cleared: every row is back.
    panel->filterEdit()->clear();
    // (Opening the matches' ancestors may have loaded more rows: every row from before is back.)
    QTRY_VERIFY(visibleNames(panel->filter()).size() >= before.size());
    const QStringList back = visibleNames(panel->filter());
    for (const QString &name : before)
        QVERIFY2(back.contains(name), qPrintable(name));

    // Whether a row has children: the model's answer with no filter (InventoryFilter::hasChildren), the
    // filter's with one — a vApp shown for its own name has none of its VMs below it.
    const auto proxyRow = [&](const QString &name) {
        return panel->viewIndex(findInventoryRow(model, acme, name));
    };
    QModelIndex cluster = proxyRow(u"db-cluster"_s);
    QVERIFY(cluster.isValid());
    QVERIFY(panel->filter()->hasChildren(cluster));
    QVERIFY(panel->filter()->rowCount(cluster) > 0);
    panel->filterEdit()->setText(u"db-cluster"_s);
    QTRY_VERIFY(panel->filter()->filterText() == u"db-cluster"_s);
    cluster = proxyRow(u"db-cluster"_s);
    QVERIFY(cluster.isValid());
    QVERIFY(!panel->filter()->hasChildren(cluster));
    QCOMPARE(panel->filter()->rowCount(cluster), 0);
    panel->filterEdit()->clear();
    QTRY_VERIFY(!panel->filter()->isFiltering());
}

void TestInventoryFilter::searchHitIsRevealed()
{
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    // A VM of an org nobody opened yet: the search finds it on the server.
    panel->filterEdit()->setText(u"pos-01"_s);
    QTest::keyClick(panel->filterEdit(), Qt::Key_Return);
    QTreeView *results = panel->searchResultsView();
    QTRY_VERIFY_WITH_TIMEOUT(results->isVisible() && panel->search()->rowCount() >= 1, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->search()->isRunning(), kWaitMs);
    int row = -1;
    for (int r = 0; r < panel->search()->rowCount(); ++r)
        if (panel->search()->hit(r).name == u"pos-01")
            row = r;
    QVERIFY(row >= 0);
    QSignalSpy revealed(m_explorer->window()->model(), &InventoryModel::revealed);
    panel->revealHit(row);
    QTRY_VERIFY_WITH_TIMEOUT(revealed.count() == 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(panel->currentIndex().data().toString(), u"pos-01"_s, kWaitMs);
    QTRY_VERIFY(panel->viewIndex(panel->currentIndex()).isValid() &&
                panel->view()->isExpanded(panel->viewIndex(panel->currentIndex()).parent()));
    const QModelIndex shown = panel->viewIndex(panel->currentIndex());
    QCOMPARE(shown.parent().data().toString(), u"legacy-pos"_s);
    panel->filterEdit()->clear();
}

void TestInventoryFilter::sortsByColumn()
{
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    InventoryModel *model = m_explorer->window()->model();
    panel->filterEdit()->clear();
    QTRY_VERIFY(!panel->filter()->isFiltering());
    const QModelIndex conn = model->connectionIndex(m_demo->session());
    QModelIndex vdc;
    for (int r = 0; r < model->rowCount(conn); ++r) {
        const QModelIndex org = model->index(r, 0, conn);
        for (int v = 0; v < model->rowCount(org); ++v)
            if (model->index(v, 0, org).data().toString() == u"acme-prod-vdc")
                vdc = model->index(v, 0, org);
    }
    QVERIFY(vdc.isValid());
    QVERIFY(settled(vdc));
    panel->view()->sortByColumn(InventoryModel::MemoryColumn, Qt::DescendingOrder);
    const QModelIndex shown = panel->viewIndex(vdc);
    const QAbstractItemModel *m = panel->filter();
    // Folders first, then vApps by memory, largest first, as numbers.
    QVERIFY2(InventoryNode::isFolderKind(
                 InventoryNode::Kind(m->index(0, 0, shown).data(InventoryModel::KindRole).toInt())),
             qPrintable(visibleNames(m, shown).join(u", ")));
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int r = 0; r < m->rowCount(shown); ++r) {
        const QModelIndex i = m->index(r, InventoryModel::MemoryColumn, shown);
        if (InventoryNode::Kind(i.siblingAtColumn(0).data(InventoryModel::KindRole).toInt()) !=
            InventoryNode::Kind::VApp)
            continue;
        const qint64 memory = i.data().toLongLong();
        QVERIFY(memory <= previous);
        previous = memory;
    }
    panel->view()->sortByColumn(InventoryModel::NameColumn, Qt::AscendingOrder);
}

void TestInventoryFilter::darkPaletteKeepsIconsAndTextVisible()
{
    // Rendered, not assumed: the tree grabbed with a dark palette shows its icons and text.
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    QApplication::setPalette(dark);
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    QTreeView *view = panel->view();
    view->selectionModel()->clear(); // the rows' own colours, not the selection's
    view->scrollToTop();
    QCoreApplication::processEvents();
    // The outline of every icon takes the palette's text colour: light on dark.
    for (const QString &name : {u"vm"_s, u"vapp"_s, u"org"_s, u"connection"_s}) {
        const QImage icon = Icons::render(name, dark.color(QPalette::Text), 24).toImage();
        QVERIFY2(inkShare(icon, dark.color(QPalette::Base)) > 0.05, qPrintable(name));
    }
    const QModelIndex first = panel->filter()->index(0, 0);
    const QRect rowRect = view->visualRect(first);
    QVERIFY(rowRect.isValid());
    const QImage grab = view->viewport()->grab(QRect(0, rowRect.top(), 260, rowRect.height() * 6)).toImage();
    QVERIFY2(grab.pixelColor(grab.width() - 5, 2).lightness() < 100, // the dark base, not a light one
             qPrintable(grab.pixelColor(grab.width() - 5, 2).name()));
    QVERIFY2(inkShare(grab, dark.color(QPalette::Base)) > 0.01, "no visible icon or text on the dark tree");
    // The icon of a row is drawn in the dark palette's colours, not the light one's.
    const QIcon icon = first.data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!icon.isNull());
    QVERIFY(inkShare(icon.pixmap(24).toImage(), dark.color(QPalette::Base)) > 0.05);
    QApplication::setPalette(light);
}

QTEST_MAIN(TestInventoryFilter)
#include "tst_inventoryfilter.moc"
