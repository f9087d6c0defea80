// ConnectionTintDelegate in the real window against vcd-sim: a red-labelled connection's top-level row
// is tinted red (in a light and a dark palette), its children are not, and an unlabelled connection's
// row keeps the default background; a label changed on the open connection shows.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/profiles/memorysecretstore.h"
#include "sim/vcdsimulator.h"
#include "ui/common/colorlabel.h"
#include "ui/connect/connectiontintdelegate.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestConnectionTintDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void redRowIsTinted();
};

void TestConnectionTintDelegate::redRowIsTinted()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    QTemporaryDir dir;
    MemorySecretStore secrets;
    Explorer explorer(
        Explorer::Options{.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    explorer.window()->show();
    auto profile = [&](const QString &name, const QString &org, const QString &label) {
        Profile p;
        p.name = name;
        p.url = sim->baseUrl();
        p.org = org;
        p.user = u"orgadmin"_s;
        p.colorLabel = label;
        return p;
    };
    ConnectionRegistry *registry = explorer.registry();
    Connection *prod = registry->open(profile(u"Acme production"_s, u"acme-corp"_s, u"red"_s));
    Connection *lab = registry->open(profile(u"Globex lab"_s, u"globex"_s, QString()));
    prod->session()->login(test::sessionSettings(sim->baseUrl(), u"orgadmin"_s, u"acme-corp"_s), u"demo"_s);
    QTreeView *view = explorer.window()->inventoryPanel()->view();
    auto *delegate = qobject_cast<ConnectionTintDelegate *>(view->itemDelegate());
    QVERIFY(delegate);
    InventoryModel *model = explorer.window()->model();
    const QModelIndex prodRow = model->connectionIndex(prod->session());
    const QModelIndex labRow = model->connectionIndex(lab->session());

    for (const QPalette &palette : {QPalette(Qt::white), QPalette(QColor(45, 45, 48))}) {
        const QColor red = ColorLabel::tint(ColorLabel::Label::Red, palette);
        QVERIFY(red.isValid());
        QCOMPARE(delegate->tintFor(prodRow, palette), red);
        QCOMPARE(delegate->tintFor(prodRow.siblingAtColumn(1), palette), red); // the whole row
        QVERIFY(!delegate->tintFor(labRow, palette).isValid());
    }
    // Its orgs are not tinted.
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(prodRow) > 0, test::kSimWaitMs);
    QVERIFY(!delegate->tintFor(model->index(0, 0, prodRow), view->palette()).isValid());

    // Relabelled while open: green now.
    Profile p = prod->profile();
    p.colorLabel = u"green"_s;
    prod->setProfile(p);
    QCOMPARE(delegate->tintFor(prodRow, view->palette()),
             ColorLabel::tint(ColorLabel::Label::Green, view->palette()));
    registry->closeAll();
}

QTEST_MAIN(TestConnectionTintDelegate)
#include "tst_connectiontintdelegate.moc"
