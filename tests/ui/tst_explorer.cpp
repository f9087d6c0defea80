// Explorer, the assembled application: its stores and window, the demo cloud started through the hook
// (once, however often it is asked for), and the files it uses sitting in the app's config folder.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profilestore.h"
#include "ui/common/uisettings.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestExplorer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void assemblesTheWindow();
    void demoCloudThroughTheHook();
    void withoutHookTheDemoIsExplained();
};

void TestExplorer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_explorer"_s); // its own settings folder: tests run side by side
}

void TestExplorer::assemblesTheWindow()
{
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = QString(), .secrets = &secrets});
    QVERIFY(explorer.window());
    QCOMPARE(explorer.window()->registry(), explorer.registry());
    QCOMPARE(explorer.secrets(), &secrets);
    // Profiles and the window's settings live side by side in the app's config folder, where the
    // headless export looks too.
    const QString config = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QCOMPARE(explorer.profiles()->filePath(), config + u"/profiles.ini"_s);
    QCOMPARE(Explorer::defaultProfilesPath(), config + u"/profiles.ini"_s);
    QCOMPARE(UiSettings::filePath(), config + u"/ui.ini"_s);
    QVERIFY(config.contains(u"qttest"_s)); // test mode: never the user's files
}

void TestExplorer::demoCloudThroughTheHook()
{
    auto simulator = test::startSimulator();
    QVERIFY(simulator);
    QTemporaryDir dir;
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    int starts = 0;
    explorer.setDemoStarter([&](QString *) -> std::optional<QUrl> {
        ++starts;
        return simulator->baseUrl();
    });
    QVERIFY(explorer.canStartDemo());
    QString error;
    Connection *demo = explorer.openDemo(&error);
    QVERIFY2(demo, qPrintable(error));
    QCOMPARE(demo->id(), QString(Explorer::kDemoProfileId));
    QTRY_VERIFY_WITH_TIMEOUT(demo->session()->isConnected(), test::kSimWaitMs);
    QCOMPARE(demo->session()->sessionInfo().user, u"administrator"_s);
    QVERIFY(explorer.window()->model()->connectionIndex(demo->session()).isValid());
    // Asked again: the same connection, no second simulator.
    QCOMPARE(explorer.openDemo(), demo);
    QCOMPARE(starts, 1);
    // Closed and asked again: a new connection to the same simulator.
    explorer.registry()->close(demo);
    Connection *again = explorer.openDemo();
    QVERIFY(again);
    QCOMPARE(starts, 1);
    QTRY_VERIFY_WITH_TIMEOUT(again->session()->isConnected(), test::kSimWaitMs);
    explorer.registry()->closeAll();
}

void TestExplorer::withoutHookTheDemoIsExplained()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    QVERIFY(!explorer.canStartDemo());
    QString error;
    QCOMPARE(explorer.openDemo(&error), nullptr);
    QVERIFY(!error.isEmpty());
    QCOMPARE(explorer.registry()->count(), 0);
}

QTEST_MAIN(TestExplorer)
#include "tst_explorer.moc"
