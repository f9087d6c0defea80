// Export from the window: File › Export… and a row's context menu › Export… write CSV or JSON through
// InventoryExporter with progress; the file appears only when complete, with the expected rows; a
// canceled export leaves nothing behind.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/model/inventorymodel.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "ui/export/exportdialog.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void exportFromTheFileMenu();
    void exportASubtreeFromTheContextMenu();
    void cancelLeavesNoFile();

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Explorer> m_explorer;
    Connection *m_demo = nullptr;
    qint64 m_expectedRows = 0;
};

void TestExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_exportdialog"_s); // its own settings folder: tests run side by side
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    // What the System administrator sees: every VDC, vApp, VM and network.
    m_sim->withCloud([&](sim::Cloud &c) {
        m_expectedRows =
            c.vdcs.rows().size() + c.vapps.rows().size() + c.vms.rows().size() + c.networks.rows().size();
    });
    QVERIFY(m_expectedRows > 10);
}

void TestExportDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_secrets = std::make_unique<MemorySecretStore>();
    m_explorer = std::make_unique<Explorer>(
        Explorer::Options{.profilesPath = m_dir->filePath(u"profiles.ini"_s), .secrets = m_secrets.get()});
    m_explorer->setDemoStarter([this](QString *) -> std::optional<QUrl> { return m_sim->baseUrl(); });
    m_explorer->window()->show();
    m_demo = m_explorer->openDemo();
    QVERIFY(m_demo);
    QTRY_VERIFY_WITH_TIMEOUT(m_demo->session()->isConnected(), test::kSimWaitMs);
}

void TestExportDialog::cleanup()
{
    m_explorer.reset();
    m_secrets.reset();
    m_dir.reset();
}

void TestExportDialog::exportFromTheFileMenu()
{
    MainWindow *window = m_explorer->window();
    QAction *action = window->findChild<QAction *>(u"exportAction"_s);
    QVERIFY(action);
    QVERIFY(window->menu(MainWindow::Menu::File)->actions().contains(action));
    action->trigger();
    ExportDialog *dialog = window->findChild<ExportDialog *>(u"exportDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());

    const QString csv = m_dir->filePath(u"inventory.csv"_s);
    dialog->findChild<QLineEdit *>(u"exportPath"_s)->setText(csv);
    QSignalSpy exported(dialog, &ExportDialog::exported);
    QSignalSpy progress(dialog->exporter(), &InventoryExporter::progress);
    dialog->findChild<QPushButton *>(u"exportStart"_s)->click();
    QVERIFY(dialog->isRunning());
    QVERIFY(dialog->findChild<QPushButton *>(u"exportCancel"_s)->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, test::kSimWaitMs);
    QVERIFY(progress.count() > 0);
    QCOMPARE(exported.first().at(0).toLongLong(), m_expectedRows);
    QCOMPARE(exported.first().at(1).toString(), csv);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    // A header line, one line per row, and the final CRLF's empty remainder.
    QCOMPARE(lines.size() - 2, m_expectedRows);
    QVERIFY(lines.first().startsWith("kind,org,vdc"));
    const QString result = dialog->resultText();
    QVERIFY2(result.contains(QLocale().toString(m_expectedRows)) && result.contains(csv), qPrintable(result));
    auto *bar = dialog->findChild<QProgressBar *>(u"exportProgress"_s);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(!dialog->findChild<QPushButton *>(u"exportCancel"_s)->isEnabled());

    // JSON: the suffix follows the format.
    dialog->findChild<QComboBox *>(u"exportFormat"_s)->setCurrentIndex(1);
    QVERIFY(dialog->path().endsWith(u".json"_s));
    dialog->start();
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, test::kSimWaitMs);
    QFile json(dialog->path());
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject counts = QJsonDocument::fromJson(json.readAll()).object().value(u"counts"_s).toObject();
    QCOMPARE(counts.value(u"vms"_s).toInteger() + counts.value(u"vapps"_s).toInteger() +
                 counts.value(u"vdcs"_s).toInteger() + counts.value(u"networks"_s).toInteger(),
             m_expectedRows);
}

void TestExportDialog::exportASubtreeFromTheContextMenu()
{
    MainWindow *window = m_explorer->window();
    InventoryModel *model = window->model();
    const QModelIndex connection = model->connectionIndex(m_demo->session());
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(connection) > 0, test::kSimWaitMs);
    QModelIndex org;
    for (int r = 0; r < model->rowCount(connection); ++r)
        if (model->index(r, 0, connection).data().toString() == u"acme-corp"_s)
            org = model->index(r, 0, connection);
    QVERIFY(org.isValid());
    std::unique_ptr<QMenu> menu(window->inventoryPanel()->createContextMenu(org));
    QAction *exportAction = menu->findChild<QAction *>(u"contextExportAction"_s);
    QVERIFY(exportAction);
    exportAction->trigger();
    ExportDialog *dialog = window->findChild<ExportDialog *>(u"exportDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(u"acme-corp"_s));
    QCOMPARE(dialog->exporter()->scope(), InventoryExporter::Scope::Org);
    dialog->setPath(m_dir->filePath(u"acme.csv"_s));
    QSignalSpy exported(dialog, &ExportDialog::exported);
    QVERIFY(dialog->start());
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, test::kSimWaitMs);
    qint64 acmeRows = 0;
    m_sim->withCloud([&](sim::Cloud &c) {
        const QString id = c.orgByName(u"acme-corp"_s)->id;
        for (const auto *v : c.vdcs.rows())
            acmeRows += v->orgId == id;
        for (const auto *v : c.vapps.rows())
            acmeRows += v->orgId == id;
        for (const auto *v : c.vms.rows())
            acmeRows += v->orgId == id;
    });
    // Networks of the org's VDCs come on top of VDCs, vApps and VMs.
    QVERIFY(exported.first().at(0).toLongLong() >= acmeRows);
    QVERIFY(exported.first().at(0).toLongLong() < m_expectedRows);
}

void TestExportDialog::cancelLeavesNoFile()
{
    MainWindow *window = m_explorer->window();
    window->findChild<QAction *>(u"exportAction"_s)->trigger();
    ExportDialog *dialog = window->findChild<ExportDialog *>(u"exportDialog"_s);
    QVERIFY(dialog);
    const QString path = m_dir->filePath(u"never.csv"_s);
    dialog->setPath(path);
    QSignalSpy canceled(dialog, &ExportDialog::exportCanceled);
    QVERIFY(dialog->start());
    dialog->findChild<QPushButton *>(u"exportCancel"_s)->click();
    QTRY_COMPARE(canceled.count(), 1);
    QVERIFY(!QFile::exists(path));
    QVERIFY(dialog->resultText().contains(u"nothing was written"_s));
    // A path that cannot be written: a sentence, no crash.
    dialog->setPath(m_dir->filePath(u"no/such/folder/x.csv"_s));
    QVERIFY(!dialog->start());
    QVERIFY(dialog->resultText().contains(u"Cannot write"_s));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
