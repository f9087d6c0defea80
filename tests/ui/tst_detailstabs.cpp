// DetailsTabs in the real window on the simulator's demo cloud: the XML tab shows the selected entity's
// body as the server sent it (pretty-printed, searchable); the Metadata tab lists typed entries and
// edits them through real requests (each a task in the task pane); a VDC's Summary shows capacity
// bars with units and one per storage profile.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/services/actionrunner.h"
#include "explorerrig.h"
#include "ui/common/confirmation.h"
#include "ui/inventory/capacitybar.h"
#include "ui/inventory/detailstabs.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/inventory/summaryview.h"
#include "ui/inventory/xmlview.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"
#include "ui/metadata/metadataentrydialog.h"
#include "ui/metadata/metadataview.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;

using vcd::test::settled;

} // namespace

class TestDetailsTabs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void xmlTabShowsTheBody();
    void editTypedMetadata();
    void vdcSummaryShowsCapacity();
    void prettyPrintKeepsWhatTheServerSent();

private:
    QModelIndex open(const QStringList &path);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<test::ExplorerRig> m_rig;
    Explorer *m_explorer = nullptr;
    Connection *m_demo = nullptr;
};

void TestDetailsTabs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_detailstabs"_s); // its own settings folder: tests run side by side
    sim::SimConfig cfg;
    cfg.taskDurationMs = 100;
    m_sim = test::startSimulator(cfg);
    QVERIFY(m_sim);
    m_rig = std::make_unique<test::ExplorerRig>(m_sim.get());
    m_explorer = m_rig->explorer();
    m_explorer->runner()->setTrackerSchedule({50, 1.5, 200});
    QVERIFY(m_rig->show());
    m_demo = m_rig->openDemo(); // logged in, the orgs loaded
    QVERIFY(m_demo);
}

void TestDetailsTabs::cleanupTestCase()
{
    m_rig.reset(); // closes every connection, then the window
    m_explorer = nullptr;
    m_sim.reset();
}

QModelIndex TestDetailsTabs::open(const QStringList &path)
{
    InventoryModel *model = m_explorer->window()->model();
    InventoryPanel *panel = m_explorer->window()->inventoryPanel();
    QModelIndex at = model->connectionIndex(m_demo->session());
    for (const QString &name : path) {
        panel->view()->expand(panel->viewIndex(at));
        if (!QTest::qWaitFor([&] { return settled(at); }, kWaitMs))
            return {};
        QModelIndex found;
        for (int r = 0; r < model->rowCount(at) && !found.isValid(); ++r)
            if (model->index(r, 0, at).data().toString() == name)
                found = model->index(r, 0, at);
        if (!found.isValid())
            return {};
        at = found;
    }
    panel->setCurrentIndex(at);
    return at;
}

void TestDetailsTabs::xmlTabShowsTheBody()
{
    const QModelIndex vm = open({u"globex"_s, u"globex-vdc-01"_s, u"tracking-api"_s, u"api-01"_s});
    QVERIFY(vm.isValid());
    DetailsTabs *tabs = m_explorer->window()->inventoryPanel()->details();
    tabs->setCurrentWidget(tabs->xml());
    XmlView *xml = tabs->xml();
    QTRY_VERIFY_WITH_TIMEOUT(xml->text().contains(u"<Vm"_s), kWaitMs);
    const QByteArray body = vm.data(InventoryModel::DetailsBodyRole).toByteArray();
    QVERIFY(!body.isEmpty());
    // Indented two spaces a level, one element per line, every element and attribute the server sent.
    QVERIFY(xml->text().count(u'\n') >= body.trimmed().count('\n'));
    QVERIFY(xml->text().contains(u"\n  <Link "_s));
    QVERIFY(xml->text().contains(u"name=\"api-01\""_s));
    QVERIFY(xml->text().contains(u"power:powerOff"_s));
    // Find: Ctrl+F in the tab focuses the find box; a hit is selected, a miss said.
    QVERIFY(xml->find(u"NetworkConnectionSection"_s));
    QCOMPARE(xml->editor()->textCursor().selectedText(), u"NetworkConnectionSection"_s);
    QVERIFY(!xml->find(u"no-such-text-anywhere"_s));
}

void TestDetailsTabs::editTypedMetadata()
{
    const QModelIndex vapp = open({u"acme-corp"_s, u"acme-prod-vdc"_s, u"web-frontend"_s});
    QVERIFY(vapp.isValid());
    DetailsTabs *tabs = m_explorer->window()->inventoryPanel()->details();
    MetadataView *view = tabs->metadata();
    tabs->setCurrentWidget(view);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && view->addButton()->isEnabled(), kWaitMs);

    // Add a Number entry.
    MetadataEntryDialog *dialog = view->addEntry();
    QVERIFY(dialog);
    dialog->keyEdit()->setText(u"journeyCost"_s);
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(int(MetadataType::Number)));
    dialog->numberEdit()->setText(u"not a number"_s); // the validator refuses it
    QVERIFY(!dialog->findChild<QPushButton *>(u"saveButton"_s)->isEnabled() ||
            dialog->numberEdit()->text().isEmpty());
    dialog->numberEdit()->setText(u"4711"_s);
    QVERIFY(dialog->findChild<QPushButton *>(u"saveButton"_s)->isEnabled());
    QSignalSpy changed(view, &MetadataView::changeFinished);
    dialog->findChild<QPushButton *>(u"saveButton"_s)->click();
    QVERIFY(changed.wait(kWaitMs));
    QVERIFY2(changed.last().at(1).toBool(), qPrintable(changed.last().at(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(view->metadata().entry(u"journeyCost").has_value(), kWaitMs);
    QCOMPARE(view->metadata().entry(u"journeyCost")->type, MetadataType::Number);
    QCOMPARE(view->metadata().entry(u"journeyCost")->value, u"4711"_s);
    // The change was a task of its own in the task pane.
    QVERIFY(m_explorer->tasks()->rowCount() >= 1);
    QCOMPARE(m_explorer->tasks()->index(0, 0).data().toString(), u"Set metadata"_s);

    // Edit it into a Boolean, then delete it.
    const auto items = view->list()->findItems(u"journeyCost"_s, Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    view->list()->setCurrentItem(items.first());
    QVERIFY(view->editButton()->isEnabled());
    dialog = view->editEntry();
    QVERIFY(dialog);
    QVERIFY(dialog->keyEdit()->isReadOnly());
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(int(MetadataType::Boolean)));
    dialog->booleanBox()->setCurrentIndex(0);
    dialog->findChild<QPushButton *>(u"saveButton"_s)->click();
    QVERIFY(changed.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(view->metadata().entry(u"journeyCost") &&
                                 view->metadata().entry(u"journeyCost")->type == MetadataType::Boolean,
                             kWaitMs);
    QCOMPARE(view->metadata().entry(u"journeyCost")->value, u"true"_s);

    const auto again = view->list()->findItems(u"journeyCost"_s, Qt::MatchExactly);
    view->list()->setCurrentItem(again.first());
    Confirmation::setNextAnswer(true);
    view->deleteEntry();
    QVERIFY(changed.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && !view->metadata().entry(u"journeyCost").has_value(),
                             kWaitMs);
}

void TestDetailsTabs::vdcSummaryShowsCapacity()
{
    const QModelIndex vdc = open({u"acme-corp"_s, u"acme-prod-vdc"_s});
    QVERIFY(vdc.isValid());
    DetailsTabs *tabs = m_explorer->window()->inventoryPanel()->details();
    tabs->setCurrentWidget(tabs->summary());
    SummaryView *summary = tabs->summary();
    QTRY_VERIFY_WITH_TIMEOUT(summary->groupTitles().contains(u"Storage profiles"_s), kWaitMs);
    QVERIFY(summary->groupTitles().contains(u"Capacity"_s));
    const QList<CapacityBar *> bars = summary->findChildren<CapacityBar *>();
    QStringList texts;
    for (const CapacityBar *b : bars)
        texts << b->text();
    const QString all = texts.join(u'\n');
    QVERIFY2(all.contains(u"CPU: "_s) && all.contains(u"Hz used"_s), qPrintable(all));
    QVERIFY2(all.contains(u"Memory: "_s) && all.contains(u"B used"_s), qPrintable(all));
    QVERIFY2(all.contains(u"Storage: "_s), qPrintable(all));
    // One bar per storage profile once its own small GET answered (Gold SSD in the demo).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const CapacityBar *b : summary->findChildren<CapacityBar *>())
                if (b->text().startsWith(u"Gold SSD"_s))
                    return true;
            return false;
        }(),
        kWaitMs);
    QCOMPARE(CapacityBar::amount(2048, u"MB"_s), u"2 GB"_s);
    QCOMPARE(CapacityBar::amount(2400, u"MHz"_s), u"2.4 GHz"_s);
    QCOMPARE(CapacityBar::amount(3 * 1024 * 1024, u"MB"_s), u"3 TB"_s);
}

void TestDetailsTabs::prettyPrintKeepsWhatTheServerSent()
{
    const QByteArray body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:Root xmlns:a=\"urn:x\" "
                            "k=\"v\"><a:Child>text</a:Child></a:Root>";
    const QString pretty = XmlView::prettyPrinted(body);
    QVERIFY(pretty.startsWith(u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"_s));
    QVERIFY(pretty.contains(u"<a:Root xmlns:a=\"urn:x\" k=\"v\">"_s));
    QVERIFY(pretty.contains(u"\n  <a:Child>text</a:Child>"_s));
    // Not XML: shown as it came.
    QCOMPARE(XmlView::prettyPrinted("not <xml"), u"not <xml"_s);
}

QTEST_MAIN(TestDetailsTabs)
#include "tst_detailstabs.moc"
