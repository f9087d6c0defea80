// Presentation mode: larger fonts on the tree, the details and the console; the tree and the console
// side by side; Ctrl+= / Ctrl+- zoom; remembered in UiSettings and restored by the next window; the
// layout from before comes back when it is turned off.

#include "core/profiles/memorysecretstore.h"
#include "ui/common/uisettings.h"
#include "ui/console/apiconsole.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/console/presentationmode.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestPresentationMode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void largerFontsSideBySideAndBack();
    void rememberedForTheNextWindow();
};

void TestPresentationMode::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_presentationmode"_s);         // its own settings folder: tests run side by side
    UiSettings().remove(u"presentation"_s); // only our keys: other tests share the test-mode ui.ini
}

void TestPresentationMode::largerFontsSideBySideAndBack()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    MainWindow *window = explorer.window();
    window->show();
    QTest::qWait(10); // the remembered state is read on the first event-loop turn
    auto *feature = explorer.findChild<ApiConsoleFeature *>();
    PresentationMode *mode = feature->presentation();
    QTreeView *tree = window->inventoryPanel()->view();
    const qreal before = tree->font().pointSizeF();
    QVERIFY(!mode->isOn());

    QAction *toggle = window->findChild<QAction *>(u"presentationModeAction"_s);
    QVERIFY(toggle);
    QVERIFY(window->menu(MainWindow::Menu::View)->actions().contains(toggle));
    QVERIFY(toggle->shortcuts().contains(QKeySequence(u"F11"_s)));
    QVERIFY(toggle->shortcuts().contains(QKeySequence(u"Ctrl+Shift+P"_s)));
    toggle->trigger();
    QVERIFY(mode->isOn());
    QCOMPARE(tree->font().pointSizeF(), before + PresentationMode::kPresentationSteps);
    QCOMPARE(feature->console()->table()->font().pointSizeF(), before + PresentationMode::kPresentationSteps);
    QCOMPARE(window->dockWidgetArea(feature->dock()), Qt::RightDockWidgetArea);
    QVERIFY(feature->dock()->isVisible());
    QVERIFY(!window->toolBar()->isVisible());

    // Zoom on top.
    window->findChild<QAction *>(u"zoomInAction"_s)->trigger();
    window->findChild<QAction *>(u"zoomInAction"_s)->trigger();
    QCOMPARE(tree->font().pointSizeF(), before + PresentationMode::kPresentationSteps + 2);
    window->findChild<QAction *>(u"zoomOutAction"_s)->trigger();
    QCOMPARE(mode->zoom(), 1);
    QVERIFY(window->findChild<QAction *>(u"zoomInAction"_s)->shortcuts().contains(QKeySequence(u"Ctrl+="_s)));
    QVERIFY(
        window->findChild<QAction *>(u"zoomOutAction"_s)->shortcuts().contains(QKeySequence(u"Ctrl+-"_s)));

    // Off: the earlier layout and the normal size (plus the zoom the user chose).
    toggle->trigger();
    QVERIFY(!mode->isOn());
    QCOMPARE(tree->font().pointSizeF(), before + 1);
    QCOMPARE(window->dockWidgetArea(feature->dock()), Qt::BottomDockWidgetArea);
    QVERIFY(window->toolBar()->isVisible());
    window->findChild<QAction *>(u"zoomResetAction"_s)->trigger();
    QCOMPARE(tree->font().pointSizeF(), before);
}

void TestPresentationMode::rememberedForTheNextWindow()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    qreal normal = 0;
    {
        Explorer explorer({.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
        explorer.window()->show();
        QTest::qWait(10);
        normal = explorer.window()->inventoryPanel()->view()->font().pointSizeF();
        auto *mode = explorer.findChild<ApiConsoleFeature *>()->presentation();
        mode->setOn(true);
        mode->setZoom(2);
    }
    Explorer again({.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    again.window()->show();
    auto *mode = again.findChild<ApiConsoleFeature *>()->presentation();
    QTRY_VERIFY(mode->isOn());
    QCOMPARE(mode->zoom(), 2);
    QCOMPARE(again.window()->inventoryPanel()->view()->font().pointSizeF(),
             normal + PresentationMode::kPresentationSteps + 2);
    mode->setOn(false);
    mode->setZoom(0);
}

QTEST_MAIN(TestPresentationMode)
#include "tst_presentationmode.moc"
