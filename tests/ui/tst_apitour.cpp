// Help › API tour on the demo cloud: five steps, each doing something in the window and pointing at
// the console entry it made, run to the end — starting the demo cloud itself when nothing is open.

#include "common/simfixture.h"
#include "core/console/exchangelogmodel.h"
#include "core/profiles/memorysecretstore.h"
#include "ui/console/apiconsole.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"
#include "ui/tour/apitour.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestApiTour : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runsToTheEnd();
};

void TestApiTour::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_apitour"_s); // its own settings folder: tests run side by side
}

void TestApiTour::runsToTheEnd()
{
    auto simulator = test::startSimulator();
    QVERIFY(simulator);
    QTemporaryDir dir;
    MemorySecretStore secrets;
    Explorer explorer({.profilesPath = dir.filePath(u"profiles.ini"_s), .secrets = &secrets});
    explorer.setDemoStarter([&](QString *) -> std::optional<QUrl> { return simulator->baseUrl(); });
    explorer.window()->show();

    QAction *action = explorer.window()->findChild<QAction *>(u"apiTourAction"_s);
    QVERIFY(action);
    QVERIFY(explorer.window()->menu(MainWindow::Menu::Help)->actions().contains(action));
    action->trigger();
    ApiTour *tour = explorer.window()->findChild<ApiTour *>(u"apiTour"_s);
    QVERIFY(tour);
    QVERIFY(tour->isVisible());
    QSignalSpy done(tour, &ApiTour::stepDone);
    QSignalSpy finished(tour, &ApiTour::finishedTour);
    auto *next = tour->findChild<QPushButton *>(u"tourNext"_s);
    ApiConsole *console = explorer.findChild<ApiConsoleFeature *>()->console();

    // What each step points at in the console.
    const QStringList expected = {u"/api/versions"_s, u"sessions"_s, u"type="_s, u"/api/query"_s,
                                  u"/power/action/"_s};
    for (int step = 0; step < ApiTour::kStepCount; ++step) {
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), step + 1, ApiTour::kStepTimeoutMs + 5000);
        QCOMPARE(tour->step(), step);
        QVERIFY(next->isEnabled());
        const QString pointer = tour->pointerText();
        QVERIFY2(pointer.contains(expected.at(step)), qPrintable(pointer));
        // The console has that very entry selected.
        const auto *entry = console->currentEntry();
        QVERIFY(entry);
        QVERIFY2(QString::fromUtf8(entry->exchange.url.toEncoded()).contains(expected.at(step)),
                 entry->exchange.url.toEncoded().constData());
        next->click();
    }
    QCOMPARE(finished.count(), 1);
    QVERIFY(tour->isFinished());
    QVERIFY(!next->isEnabled());
    // The action's task ran to its end: its polls are in the console after the POST.
    const auto *log = console->logModel();
    bool taskPolled = false;
    for (int r = 0; r < log->rowCount(); ++r)
        taskPolled = taskPolled || log->entry(r)->exchange.url.path().contains(u"/api/task/"_s);
    QVERIFY(taskPolled);
}

QTEST_MAIN(TestApiTour)
#include "tst_apitour.moc"
