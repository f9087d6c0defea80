// The request composer ("Try it", Ctrl+T) in the assembled window against the simulator: a GET and a
// POST action through the connection's session, the task followed to its end, the entity's links
// with a body for actions, "Edit and resend" from the console, and the confirmation before a change
// to a connection labelled red.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/console/exchangelogmodel.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "sim/xmlutil.h"
#include "ui/common/confirmation.h"
#include "ui/console/apiconsole.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/console/exchangeview.h"
#include "ui/console/requestcomposer.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestRequestComposer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sendsAGet();
    void sendsAnActionAndFollowsItsTask();
    void editAndResendFromTheConsole();
    void redConnectionAsksFirst();
    void bodiesForActionLinks();

private:
    QUrl firstVmHref();

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Explorer> m_explorer;
    ApiConsoleFeature *m_feature = nullptr;
    Connection *m_demo = nullptr;
};

void TestRequestComposer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_requestcomposer"_s); // its own settings folder: tests run side by side
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
}

void TestRequestComposer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_secrets = std::make_unique<MemorySecretStore>();
    m_explorer = std::make_unique<Explorer>(
        Explorer::Options{.profilesPath = m_dir->filePath(u"profiles.ini"_s), .secrets = m_secrets.get()});
    m_explorer->setDemoStarter([this](QString *) -> std::optional<QUrl> { return m_sim->baseUrl(); });
    m_explorer->window()->show();
    m_feature = m_explorer->findChild<ApiConsoleFeature *>();
    QVERIFY(m_feature);
    m_demo = m_explorer->openDemo();
    QVERIFY(m_demo);
    QTRY_VERIFY_WITH_TIMEOUT(m_demo->session()->isConnected(), test::kSimWaitMs);
}

void TestRequestComposer::cleanup()
{
    Confirmation::setNextAnswer(std::nullopt);
    m_explorer.reset();
    m_secrets.reset();
    m_dir.reset();
}

QUrl TestRequestComposer::firstVmHref()
{
    QUrl href;
    m_sim->withCloud([&](sim::Cloud &c) {
        for (const sim::Vm *vm : c.vms.rows())
            if (href.isEmpty())
                href = QUrl(sim::hrefOf(m_sim->baseUrl().toString(), sim::Kind::Vm, vm->id));
    });
    return href;
}

void TestRequestComposer::sendsAGet()
{
    QAction *tryIt = m_explorer->window()->findChild<QAction *>(u"tryItAction"_s);
    QVERIFY(tryIt);
    QCOMPARE(tryIt->shortcut(), QKeySequence(u"Ctrl+T"_s));
    tryIt->trigger();
    RequestComposer *composer = m_feature->composer();
    QVERIFY(composer);
    QVERIFY(composer->isVisible());
    QCOMPARE(composer->connectionId(), m_demo->id());
    // Completion offers the hrefs the console has seen.
    QVERIFY(composer->completions().contains(m_demo->session()->orgListHref().toString()));

    composer->findChild<QComboBox *>(u"composerMethod"_s)->setCurrentText(u"GET"_s);
    composer->findChild<QLineEdit *>(u"composerPath"_s)->setText(u"/api/org"_s);
    const int rows = m_feature->log()->rowCount();
    QSignalSpy answered(composer, &RequestComposer::answered);
    composer->findChild<QPushButton *>(u"composerSend"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, test::kSimWaitMs);
    QCOMPARE(answered.first().first().toInt(), 200);
    QVERIFY(composer->responseView()->responseText()->toPlainText().contains(u"<OrgList"_s));
    QVERIFY(composer->statusText().contains(u"200"_s));
    // It went through the session, so the console shows it like any other call.
    QTRY_VERIFY(m_feature->log()->rowCount() > rows);
    const auto *last = m_feature->log()->entry(m_feature->log()->rowCount() - 1);
    QCOMPARE(last->exchange.url.path(), u"/api/org"_s);
    QVERIFY(last->exchange.requestHeader("Authorization").startsWith("Bearer"));
}

void TestRequestComposer::sendsAnActionAndFollowsItsTask()
{
    Session *session = m_demo->session();
    const QUrl vm = firstVmHref();
    QCOMPARE(test::fetch(*session, vm).status, 200); // the VM's GET, as a selection in the tree would log it
    RequestComposer *composer = m_feature->openComposer();
    composer->setEntity(vm);
    const QList<Link> links = composer->entityLinks();
    QVERIFY(!links.isEmpty());
    std::optional<Link> power = findLink(links, u"power:powerOn");
    if (!power)
        power = findLink(links, u"power:powerOff");
    QVERIFY(power);
    // Picking the link from the list fills method and path.
    auto *picker = composer->findChild<QComboBox *>(u"composerLinks"_s);
    int at = -1;
    for (int i = 0; i < picker->count(); ++i)
        if (picker->itemText(i).contains(power->rel))
            at = i;
    QVERIFY(at > 0);
    picker->setCurrentIndex(at);
    Q_EMIT picker->activated(at);
    QCOMPARE(composer->method(), u"POST"_s);
    QCOMPARE(composer->path(), QString::fromUtf8(power->href.toEncoded()));

    QSignalSpy answered(composer, &RequestComposer::answered);
    QSignalSpy taskEnded(composer, &RequestComposer::taskFinished);
    QVERIFY(composer->send());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, test::kSimWaitMs);
    QCOMPARE(answered.first().first().toInt(), 202);
    QVERIFY(composer->responseView()->responseText()->toPlainText().contains(u"<Task "_s));
    QVERIFY(composer->findChild<QLabel *>(u"composerTask"_s)->text().startsWith(u"Task "_s));
    QTRY_COMPARE_WITH_TIMEOUT(taskEnded.count(), 1, test::kSimWaitMs);
    QCOMPARE(taskEnded.first().first().toString(), u"success"_s);
    QVERIFY(composer->taskText().contains(u"success"_s));
}

void TestRequestComposer::editAndResendFromTheConsole()
{
    ApiConsole *console = m_feature->console();
    QTRY_VERIFY(console->selectLatest(
        [](const ExchangeLogModel::Entry &e) { return e.exchange.url.path().endsWith(u"/api/session"_s); }));
    std::unique_ptr<QMenu> menu(console->createContextMenu());
    QAction *resend = menu->findChild<QAction *>(u"contextEditAndResend"_s);
    QVERIFY(resend && resend->isEnabled());
    resend->trigger();
    RequestComposer *composer = m_feature->composer();
    QVERIFY(composer && composer->isVisible());
    QCOMPARE(composer->method(), u"GET"_s);
    QVERIFY(composer->path().endsWith(u"/api/session"_s));
    // Nothing secret is carried over: the session adds its own token when it sends.
    QVERIFY(
        !composer->findChild<QPlainTextEdit *>(u"composerHeaders"_s)->toPlainText().contains(u"redacted"_s));
    QSignalSpy answered(composer, &RequestComposer::answered);
    QVERIFY(composer->send());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, test::kSimWaitMs);
    QCOMPARE(answered.first().first().toInt(), 200);
}

void TestRequestComposer::redConnectionAsksFirst()
{
    Profile red = m_demo->profile();
    red.colorLabel = u"red"_s;
    m_demo->setProfile(red);
    RequestComposer *composer = m_feature->openComposer();
    composer->setMethod(u"POST"_s);
    composer->setPath(m_demo->session()->orgListHref().toString());
    QSignalSpy answered(composer, &RequestComposer::answered);
    // The POSTs in the console (the connection's own background reads may add other rows meanwhile).
    const auto posts = [this] {
        m_feature->log()->flush();
        int n = 0;
        for (int r = 0; r < m_feature->log()->rowCount(); ++r)
            if (const auto *e = m_feature->log()->entry(r); e && e->exchange.method == "POST")
                ++n;
        return n;
    };
    const int postsBefore = posts();

    QVERIFY(composer->send());
    // A real, non-blocking question naming the connection.
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = composer->findChild<QMessageBox *>(u"confirmationDialog"_s)) != nullptr);
    QVERIFY(box->text().contains(m_demo->label()));
    box->reject();
    QTRY_VERIFY(composer->statusText().contains(u"Not sent"_s));
    QTest::qWait(200);
    QCOMPARE(answered.count(), 0);
    QCOMPARE(posts(), postsBefore);

    // Confirmed: it is sent. A GET never asks.
    Confirmation::setNextAnswer(true);
    QVERIFY(composer->send());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 1, test::kSimWaitMs);
    composer->setMethod(u"GET"_s);
    QVERIFY(composer->send());
    QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 2, test::kSimWaitMs);
    QVERIFY(!composer->findChild<QMessageBox *>(u"confirmationDialog"_s) ||
            !composer->findChild<QMessageBox *>(u"confirmationDialog"_s)->isVisible());
}

void TestRequestComposer::bodiesForActionLinks()
{
    QByteArray type;
    Link deploy{u"deploy"_s, QUrl(u"https://h/api/vApp/vapp-1/action/deploy"_s), {}, {}, {}};
    QVERIFY(RequestComposer::bodyForLink(deploy, &type).contains("DeployVAppParams"));
    QVERIFY(type.contains("deployVAppParams"));
    QCOMPARE(RequestComposer::methodForRel(u"deploy"_s), u"POST"_s);
    Link snapshot{
        u"snapshot:create"_s, QUrl(u"https://h/api/vApp/vapp-1/action/createSnapshot"_s), {}, {}, {}};
    QVERIFY(RequestComposer::bodyForLink(snapshot, &type).contains("CreateSnapshotParams"));
    Link power{u"power:powerOn"_s, QUrl(u"https://h/api/vApp/vm-1/power/action/powerOn"_s), {}, {}, {}};
    QVERIFY(RequestComposer::bodyForLink(power, &type).isEmpty());
    QCOMPARE(RequestComposer::methodForRel(u"power:powerOn"_s), u"POST"_s);
    QCOMPARE(RequestComposer::methodForRel(u"remove"_s), u"DELETE"_s);
    QCOMPARE(RequestComposer::methodForRel(u"edit"_s), u"PUT"_s);
    QCOMPARE(RequestComposer::methodForRel(u"down"_s), u"GET"_s);
}

QTEST_MAIN(TestRequestComposer)
#include "tst_requestcomposer.moc"
