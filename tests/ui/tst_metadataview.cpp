// MetadataView over a real InventoryModel against the simulator, on a vApp given typed entries first
// (text, number, yes/no, date and time; SYSTEM ones read-only and private): the list shows
// each with its type, domain and visibility in words; Add / Edit / Delete are offered only where the
// server's links allow (an org admin vs a vApp user, a read-only entry); the entry dialog refuses bad
// input with a reason; and each change is a real request that the simulator's cloud then holds.

#include "common/simfixture.h"
#include "core/model/inventorymodel.h"
#include "core/model/inventorynode.h"
#include "core/model/taskmodel.h"
#include "core/net/session.h"
#include "core/services/actionrunner.h"
#include "sim/cloud.h"
#include "ui/common/confirmation.h"
#include "ui/metadata/metadataentrydialog.h"
#include "ui/metadata/metadataview.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace vcd;
using namespace Qt::StringLiterals;
using LoadState = InventoryNode::LoadState;

namespace {

constexpr int kWaitMs = 30000;
const QString kVApp = u"monitoring"_s;

bool done(const QModelIndex &index)
{
    const auto s = LoadState(index.data(InventoryModel::LoadStateRole).toInt());
    return s == LoadState::Loaded || s == LoadState::Empty || s == LoadState::Failed;
}

QModelIndex childNamed(const QAbstractItemModel *model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model->rowCount(parent); ++r)
        if (model->index(r, 0, parent).data().toString() == name)
            return model->index(r, 0, parent);
    return {};
}

sim::MetadataEntry entry(const QString &key, sim::MetadataEntry::Type type, const QString &value,
                         const QString &visibility = u"READWRITE"_s, const QString &domain = u"GENERAL"_s)
{
    sim::MetadataEntry e;
    e.key = key;
    e.type = type;
    e.value = value;
    e.visibility = visibility;
    e.domain = domain;
    return e;
}

QTreeWidgetItem *item(MetadataView &view, const QString &key)
{
    const auto items = view.list()->findItems(key, Qt::MatchExactly, 0);
    return items.size() == 1 ? items.first() : nullptr;
}

QStringList row(const QTreeWidgetItem *item)
{
    QStringList out;
    for (int c = 0; c < item->columnCount(); ++c)
        out << item->text(c);
    return out;
}

QString stateText(MetadataView &view)
{
    return view.findChild<QLabel *>(u"metadataState"_s)->text();
}

QPushButton *saveButton(MetadataEntryDialog *dialog)
{
    for (QPushButton *b : dialog->findChildren<QPushButton *>())
        if (b->text().remove(u'&') == u"Save"_s)
            return b;
    return nullptr;
}

QString problemText(MetadataEntryDialog *dialog)
{
    const QLabel *problem = dialog->findChild<QLabel *>(u"metadataProblem"_s);
    return problem && !problem->isHidden() ? problem->text() : QString();
}

} // namespace

class TestMetadataView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listsTypedEntriesInWords();
    void buttonsFollowTheLinks();
    void aVAppUserMayOnlyRead();
    void badInputIsRefusedWithAReason();
    void addEditDeleteAreRealRequests();
    void rowsWithoutMetadataSaySo();

private:
    struct Side
    {
        std::unique_ptr<Session> session;
        QPersistentModelIndex vapp;
    };
    bool open(Side &side, const QString &user);
    QList<sim::MetadataEntry> cloudMetadata();
    // A view on `side`'s vApp with its list read.
    std::unique_ptr<MetadataView> readView(Side &side, ActionRunner *runner);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    InventoryModel m_model;
    TaskModel m_tasks;
    std::unique_ptr<ActionRunner> m_runner;
    Side m_admin;
    Side m_user;
};

void TestMetadataView::initTestCase()
{
    sim::SimConfig cfg;
    cfg.taskDurationMs = 50;
    m_sim = test::startSimulator(cfg);
    QVERIFY(m_sim);
    using T = sim::MetadataEntry::Type;
    bool found = false;
    m_sim->withCloud([&](sim::Cloud &c) {
        for (sim::VApp *a : c.vapps.rows())
            if (a->name == kVApp) {
                a->metadata = {entry(u"env"_s, T::String, u"production"_s),
                               entry(u"cost"_s, T::Number, u"4711"_s),
                               entry(u"backup"_s, T::Boolean, u"true"_s),
                               entry(u"reviewed"_s, T::DateTime, u"2026-03-04T10:30:00.000Z"_s),
                               // Visibility other than read-write belongs to the SYSTEM domain.
                               entry(u"locked"_s, T::String, u"fixed"_s, u"READONLY"_s, u"SYSTEM"_s),
                               entry(u"secret"_s, T::String, u"hidden"_s, u"PRIVATE"_s, u"SYSTEM"_s),
                               entry(u"tier"_s, T::String, u"gold"_s, u"READONLY"_s, u"SYSTEM"_s)};
                found = true;
            }
    });
    QVERIFY(found);
    m_runner = std::make_unique<ActionRunner>(&m_tasks);
    m_runner->setTrackerSchedule({50, 1.5, 200});
    QVERIFY(open(m_admin, u"orgadmin"_s));
    QVERIFY(open(m_user, u"vappuser"_s));
}

void TestMetadataView::cleanupTestCase()
{
    m_runner.reset();
    m_admin.session.reset();
    m_user.session.reset();
    m_sim.reset();
}

bool TestMetadataView::open(Side &side, const QString &user)
{
    side.session = test::logIn(*m_sim, user, u"acme-corp"_s);
    if (!side.session)
        return false;
    QModelIndex at = m_model.addConnection(side.session.get(), user);
    for (const QString &name : {u"acme-corp"_s, u"acme-prod-vdc"_s, kVApp}) {
        if (m_model.canFetchMore(at))
            m_model.fetchMore(at);
        if (!QTest::qWaitFor([&] { return done(at); }, kWaitMs))
            return false;
        at = childNamed(&m_model, at, name);
        if (!at.isValid())
            return false;
    }
    side.vapp = at;
    // The metadata link comes with the entity's body, read as on selection.
    m_model.loadDetails(at);
    return QTest::qWaitFor(
        [&] { return LoadState(at.data(InventoryModel::DetailsStateRole).toInt()) == LoadState::Loaded; },
        kWaitMs);
}

QList<sim::MetadataEntry> TestMetadataView::cloudMetadata()
{
    QList<sim::MetadataEntry> out;
    m_sim->withCloud([&](sim::Cloud &c) {
        for (const sim::VApp *a : c.vapps.rows())
            if (a->name == kVApp)
                out = a->metadata;
    });
    return out;
}

std::unique_ptr<MetadataView> TestMetadataView::readView(Side &side, ActionRunner *runner)
{
    auto view = std::make_unique<MetadataView>(&m_model);
    view->setActionRunner(runner);
    view->setCurrent(side.vapp);
    QSignalSpy loaded(view.get(), &MetadataView::loaded);
    view->activate();
    if (!view->isLoading() || !loaded.wait(kWaitMs))
        return nullptr;
    return view;
}

void TestMetadataView::listsTypedEntriesInWords()
{
    auto view = readView(m_admin, m_runner.get());
    QVERIFY(view);
    QTreeWidget *list = view->list();
    QCOMPARE(list->headerItem()->text(0), u"Key"_s);
    QCOMPARE(list->headerItem()->text(2), u"Type"_s);
    QCOMPARE(list->headerItem()->text(3), u"Domain"_s);
    QCOMPARE(list->headerItem()->text(4), u"Visibility"_s);
    // A private entry is not shown to a tenant: six of seven.
    QCOMPARE(list->topLevelItemCount(), 6);
    QVERIFY(!item(*view, u"secret"_s));
    QCOMPARE(row(item(*view, u"env"_s)),
             (QStringList{u"env"_s, u"production"_s, u"Text"_s, u"General"_s, u"read and write"_s}));
    QCOMPARE(row(item(*view, u"cost"_s)),
             (QStringList{u"cost"_s, u"4711"_s, u"Number"_s, u"General"_s, u"read and write"_s}));
    QCOMPARE(row(item(*view, u"backup"_s)),
             (QStringList{u"backup"_s, u"true"_s, u"Yes / no"_s, u"General"_s, u"read and write"_s}));
    QCOMPARE(row(item(*view, u"locked"_s)),
             (QStringList{u"locked"_s, u"fixed"_s, u"Text"_s, u"System"_s, u"read only"_s}));
    QCOMPARE(row(item(*view, u"tier"_s)),
             (QStringList{u"tier"_s, u"gold"_s, u"Text"_s, u"System"_s, u"read only"_s}));
    // A date reads as a date in the user's locale and time zone; the tooltip keeps what was sent.
    QTreeWidgetItem *reviewed = item(*view, u"reviewed"_s);
    QCOMPARE(reviewed->text(2), u"Date and time"_s);
    const QDateTime when(QDate(2026, 3, 4), QTime(10, 30), Qt::UTC);
    QCOMPARE(reviewed->text(1), QLocale().toString(when.toLocalTime(), QLocale::ShortFormat));
    QVERIFY(!reviewed->text(1).contains(u'T'));
    QCOMPARE(reviewed->toolTip(1), u"2026-03-04T10:30:00.000Z"_s);
    // The typed values, as read.
    QCOMPARE(view->metadata().entry(u"cost")->typedValue().toLongLong(), 4711);
    QCOMPARE(view->metadata().entry(u"backup")->typedValue().toBool(), true);
    QCOMPARE(view->metadata().entry(u"reviewed")->typedValue().toDateTime(), when);
    QVERIFY(stateText(*view).isEmpty());
}

void TestMetadataView::buttonsFollowTheLinks()
{
    auto view = readView(m_admin, m_runner.get());
    QVERIFY(view);
    QVERIFY(view->addButton()->isEnabled());
    QCOMPARE(view->addButton()->toolTip(), u"Add a typed entry"_s);
    // Nothing selected: nothing to edit.
    QVERIFY(!view->editButton()->isEnabled());
    QVERIFY(!view->deleteButton()->isEnabled());
    QCOMPARE(view->editButton()->toolTip(), u"Select an entry first."_s);
    QVERIFY(!view->editEntry());

    view->list()->setCurrentItem(item(*view, u"env"_s));
    QVERIFY(view->editButton()->isEnabled());
    QVERIFY(view->deleteButton()->isEnabled());
    // A read-only SYSTEM entry carries no edit / remove link for a tenant.
    for (const QString &key : {u"locked"_s, u"tier"_s}) {
        view->list()->setCurrentItem(item(*view, key));
        QVERIFY2(!view->editButton()->isEnabled() && !view->deleteButton()->isEnabled(), qPrintable(key));
        QCOMPARE(view->editButton()->toolTip(), u"Your role may not change this entry."_s);
        QCOMPARE(view->deleteButton()->toolTip(), u"Your role may not change this entry."_s);
        QVERIFY(!view->editEntry());
    }

    // Without an action runner nothing can be sent, whatever the links say.
    auto noRunner = readView(m_admin, nullptr);
    QVERIFY(noRunner);
    QVERIFY(!noRunner->addButton()->isEnabled());
    noRunner->list()->setCurrentItem(item(*noRunner, u"env"_s));
    QVERIFY(!noRunner->editButton()->isEnabled());
    QVERIFY(!noRunner->addEntry());
}

void TestMetadataView::aVAppUserMayOnlyRead()
{
    auto view = readView(m_user, m_runner.get());
    QVERIFY(view);
    QCOMPARE(view->list()->topLevelItemCount(), 6);
    QVERIFY(!view->addButton()->isEnabled());
    QCOMPARE(view->addButton()->toolTip(), u"Your role may not add metadata here."_s);
    QVERIFY(!view->addEntry());
    view->list()->setCurrentItem(item(*view, u"env"_s));
    QVERIFY(!view->editButton()->isEnabled());
    QVERIFY(!view->deleteButton()->isEnabled());
    QCOMPARE(view->editButton()->toolTip(), u"Your role may not change this entry."_s);
    // Clicking a disabled button sends nothing.
    Confirmation::setNextAnswer(true);
    view->deleteEntry();
    Confirmation::setNextAnswer(std::nullopt);
    QVERIFY(cloudMetadata().size() == 7);
}

void TestMetadataView::badInputIsRefusedWithAReason()
{
    auto view = readView(m_admin, m_runner.get());
    QVERIFY(view);
    QSignalSpy changed(view.get(), &MetadataView::changeFinished);
    MetadataEntryDialog *dialog = view->addEntry();
    QVERIFY(dialog);
    QVERIFY(!dialog->isModal() || dialog->isVisible()); // open(), never exec()
    QPushButton *save = saveButton(dialog);
    QVERIFY(save);

    // No key.
    QVERIFY(!save->isEnabled());
    QCOMPARE(problemText(dialog), u"Give the entry a key."_s);
    dialog->keyEdit()->setText(u"   "_s);
    QVERIFY(!save->isEnabled());
    QCOMPARE(problemText(dialog), u"Give the entry a key."_s);

    // A number that is not a whole number.
    dialog->keyEdit()->setText(u"replicas"_s);
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(int(MetadataType::Number)));
    for (const QString &bad : {u"twelve"_s, u"4.5"_s, u""_s, u"12a"_s}) {
        dialog->numberEdit()->setText(bad);
        QVERIFY2(!save->isEnabled(), qPrintable(bad));
        QCOMPARE(problemText(dialog), u"A number entry needs a whole number."_s);
    }
    dialog->numberEdit()->setText(u" -3 "_s);
    QVERIFY(save->isEnabled());
    QVERIFY(problemText(dialog).isEmpty());
    // Text accepts anything once there is a key.
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(int(MetadataType::String)));
    QVERIFY(save->isEnabled());

    // Cancel: nothing is sent.
    dialog->reject();
    QVERIFY(changed.isEmpty());
    QVERIFY(!view->isLoading());
    QCOMPARE(cloudMetadata().size(), 7);
}

void TestMetadataView::addEditDeleteAreRealRequests()
{
    auto view = readView(m_admin, m_runner.get());
    QVERIFY(view);
    QSignalSpy changed(view.get(), &MetadataView::changeFinished);
    QSignalSpy loaded(view.get(), &MetadataView::loaded);
    auto inCloud = [this](const QString &key) -> std::optional<sim::MetadataEntry> {
        for (const sim::MetadataEntry &e : cloudMetadata())
            if (e.key == key)
                return e;
        return std::nullopt;
    };

    // Add a date and time.
    MetadataEntryDialog *dialog = view->addEntry();
    QVERIFY(dialog);
    dialog->keyEdit()->setText(u"nextReview"_s);
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(int(MetadataType::DateTime)));
    const QDateTime when(QDate(2027, 1, 15), QTime(8, 0), Qt::UTC);
    dialog->dateTimeEdit()->setDateTime(when.toLocalTime());
    saveButton(dialog)->click();
    QVERIFY(changed.wait(kWaitMs));
    QVERIFY2(changed.last().at(1).toBool(), qPrintable(changed.last().at(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && item(*view, u"nextReview"_s), kWaitMs);
    QCOMPARE(item(*view, u"nextReview"_s)->text(2), u"Date and time"_s);
    QVERIFY(inCloud(u"nextReview"_s));
    QCOMPARE(inCloud(u"nextReview"_s)->type, sim::MetadataEntry::Type::DateTime);
    QCOMPARE(QDateTime::fromString(inCloud(u"nextReview"_s)->value, Qt::ISODateWithMs), when);

    // Edit a number: the key is fixed, the value changes.
    view->list()->setCurrentItem(item(*view, u"cost"_s));
    dialog = view->editEntry();
    QVERIFY(dialog);
    QVERIFY(dialog->keyEdit()->isReadOnly());
    QCOMPARE(dialog->numberEdit()->text(), u"4711"_s);
    dialog->numberEdit()->setText(u"42"_s);
    saveButton(dialog)->click();
    QVERIFY(changed.wait(kWaitMs));
    QVERIFY(changed.last().at(1).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(
        !view->isLoading() && item(*view, u"cost"_s) && item(*view, u"cost"_s)->text(1) == u"42"_s, kWaitMs);
    QCOMPARE(inCloud(u"cost"_s)->value, u"42"_s);
    QCOMPARE(inCloud(u"cost"_s)->type, sim::MetadataEntry::Type::Number);

    // Delete, answered No: nothing is sent.
    view->list()->setCurrentItem(item(*view, u"env"_s));
    const int before = int(changed.size());
    Confirmation::setNextAnswer(false);
    view->deleteEntry();
    QVERIFY(!view->isLoading());
    QCOMPARE(int(changed.size()), before);
    QVERIFY(inCloud(u"env"_s));
    // Answered Yes: gone from the cloud and from the list.
    view->list()->setCurrentItem(item(*view, u"env"_s));
    Confirmation::setNextAnswer(true);
    view->deleteEntry();
    QVERIFY(changed.wait(kWaitMs));
    QVERIFY(changed.last().at(1).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && !item(*view, u"env"_s) && item(*view, u"cost"_s), kWaitMs);
    QVERIFY(!inCloud(u"env"_s));
    // Each change was a task of its own.
    QVERIFY(m_tasks.rowCount() >= 3);
}

void TestMetadataView::rowsWithoutMetadataSaySo()
{
    MetadataView view(&m_model);
    view.setActionRunner(m_runner.get());
    view.activate();
    QCOMPARE(stateText(view), u"Select an entity to see its metadata."_s);
    QVERIFY(!view.addButton()->isEnabled());
    QCOMPARE(view.addButton()->toolTip(), u"Read the metadata first."_s);

    // A connection row is not an entity (DetailsTabs activates the shown tab after each selection).
    view.setCurrent(m_model.connectionIndex(m_admin.session.get()));
    view.activate();
    QCOMPARE(stateText(view), u"This row has no metadata of its own."_s);
    QVERIFY(!view.isLoading());

    // An entity whose body is not read yet: no link to follow yet.
    const QModelIndex vdc = m_admin.vapp.parent();
    QVERIFY(vdc.isValid());
    QCOMPARE(LoadState(vdc.data(InventoryModel::DetailsStateRole).toInt()), LoadState::NotLoaded);
    view.setCurrent(vdc);
    view.activate();
    QCOMPARE(stateText(view), u"Reading the entity…"_s);
    QVERIFY(!view.isLoading());

    // The vApp: read at once (the tab is shown, no activate() needed), and switching away clears it.
    QSignalSpy loaded(&view, &MetadataView::loaded);
    view.setCurrent(m_admin.vapp);
    QVERIFY(view.isLoading());
    QCOMPARE(stateText(view), u"Reading metadata…"_s);
    QVERIFY(loaded.wait(kWaitMs));
    QVERIFY(view.list()->topLevelItemCount() > 0);
    view.setCurrent(vdc);
    QCOMPARE(view.list()->topLevelItemCount(), 0);
    QVERIFY(view.metadata().entries.isEmpty());
    QVERIFY(!view.addButton()->isEnabled());
}

QTEST_MAIN(TestMetadataView)
#include "tst_metadataview.moc"
