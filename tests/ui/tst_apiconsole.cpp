// The API console in the assembled window, against the simulator: it fills while browsing, filter and
// pause work, a selected entry shows pretty bodies, nothing secret shows anywhere (cells, details,
// clipboard) until revealed — and reveal turns itself off; a copied curl command runs against the
// simulator and gets the same answer (also for a gzip-compressed answer, shown decoded, copied with
// --compressed); the session saved as bash and Python runs and lists the same orgs.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangefiltermodel.h"
#include "core/console/exchangelogmodel.h"
#include "core/model/inventorymodel.h"
#include "core/net/apicall.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "sim/simconfig.h"
#include "ui/console/apiconsole.h"
#include "ui/console/apiconsolefeature.h"
#include "ui/console/exchangeview.h"
#include "ui/inventory/inventorypanel.h"
#include "ui/main/explorer.h"
#include "ui/main/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

struct ProcessRun
{
    int exitCode = -1;
    QByteArray out, err;
};

// Runs a program with the event loop turning (the simulator answers from this thread).
ProcessRun runProcess(const QString &program, const QStringList &args, const QHash<QString, QString> &env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (auto it = env.begin(); it != env.end(); ++it)
        e.insert(it.key(), it.value());
    for (const QString &proxy : {u"http_proxy"_s, u"https_proxy"_s, u"HTTP_PROXY"_s, u"HTTPS_PROXY"_s})
        e.remove(proxy);
    p.setProcessEnvironment(e);
    p.start(program, args);
    ProcessRun r;
    if (!p.waitForStarted(10000))
        return r;
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestApiConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void fillsWhileBrowsing();
    void filterAndPause();
    void autoScrollStopsWhenScrolledUp();
    void selectedEntryShowsPrettyBodies();
    void nothingSecretUntilRevealed();
    void copiedCurlRunsWithTheSameAnswer();
    void compressedAnswerShownDecodedAndCopiedCurlRuns();
    void savedSessionScriptsRun();

private:
    bool selectRow(const std::function<bool(const ExchangeLogModel::Entry &)> &match);

    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Explorer> m_explorer;
    ApiConsole *m_console = nullptr;
    Connection *m_demo = nullptr;
};

void TestApiConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(
        u"tst_apiconsole"_s); // its own settings folder: tests run side by side
    // A generated cloud whose vApps are big enough that their bodies pass the 64 KB at which the
    // server compresses (docs/VCD-API.md §6): the console must show them decoded and copy them runnable.
    sim::SimConfig config;
    config.scenario = u"generate"_s;
    config.vmsPerVapp = 8;
    m_sim = test::startSimulator(config);
    QVERIFY(m_sim);
}

void TestApiConsole::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_secrets = std::make_unique<MemorySecretStore>();
    m_explorer = std::make_unique<Explorer>(
        Explorer::Options{.profilesPath = m_dir->filePath(u"profiles.ini"_s), .secrets = m_secrets.get()});
    m_explorer->setDemoStarter([this](QString *) -> std::optional<QUrl> { return m_sim->baseUrl(); });
    m_explorer->window()->show();
    auto *feature = m_explorer->findChild<ApiConsoleFeature *>();
    QVERIFY(feature);
    m_console = feature->console();
    QVERIFY(m_console);
    QCOMPARE(m_explorer->window()->findChild<ApiConsole *>(u"apiConsole"_s), m_console);
    feature->showConsole();
    m_demo = m_explorer->openDemo();
    QVERIFY(m_demo);
    QTRY_VERIFY_WITH_TIMEOUT(m_demo->session()->isConnected(), test::kSimWaitMs);
    // The connection row opens on login and loads the orgs.
    const QModelIndex row = m_explorer->window()->model()->connectionIndex(m_demo->session());
    QTRY_VERIFY_WITH_TIMEOUT(m_explorer->window()->model()->rowCount(row) > 0, test::kSimWaitMs);
}

void TestApiConsole::cleanup()
{
    m_explorer.reset();
    m_secrets.reset();
    m_dir.reset();
}

bool TestApiConsole::selectRow(const std::function<bool(const ExchangeLogModel::Entry &)> &match)
{
    return m_console->selectLatest(match);
}

void TestApiConsole::fillsWhileBrowsing()
{
    QTableView *table = m_console->table();
    QTRY_VERIFY(table->model()->rowCount() >= 4);
    // The login's calls, in order, with their connection.
    QCOMPARE(table->model()->index(0, ExchangeLogModel::PathColumn).data().toString(), u"/api/versions"_s);
    QCOMPARE(table->model()->index(0, ExchangeLogModel::ConnectionColumn).data().toString(), m_demo->label());
    QCOMPARE(table->model()->index(0, ExchangeLogModel::StatusColumn).data().toString(), u"200"_s);
    QVERIFY(table->model()->index(0, ExchangeLogModel::StatusColumn).data(Qt::ForegroundRole).isValid());

    // Browsing adds rows: open the first org.
    const int before = m_console->logModel()->rowCount();
    QTreeView *tree = m_explorer->window()->inventoryPanel()->view();
    const QModelIndex org = tree->model()->index(0, 0, tree->model()->index(0, 0));
    tree->expand(org);
    QTRY_VERIFY_WITH_TIMEOUT(m_console->logModel()->rowCount() > before, test::kSimWaitMs);
    const QString last =
        table->model()->index(table->model()->rowCount() - 1, ExchangeLogModel::PathColumn).data().toString();
    QVERIFY2(last.startsWith(u"/api/"_s), qPrintable(last));
    QVERIFY(m_console->findChild<QLabel *>(u"consoleCountLabel"_s)->text().contains(u"exchange"_s));
}

void TestApiConsole::filterAndPause()
{
    QTableView *table = m_console->table();
    QTRY_VERIFY(table->model()->rowCount() >= 4);
    auto *text = m_console->findChild<QLineEdit *>(u"consoleFilterText"_s);
    QTest::keyClicks(text, u"versions"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, ExchangeLogModel::PathColumn).data().toString(), u"/api/versions"_s);
    text->clear();

    auto *method = m_console->findChild<QComboBox *>(u"consoleMethodFilter"_s);
    method->setCurrentIndex(method->findData(u"POST"_s));
    QCOMPARE(table->model()->rowCount(), 1); // the login
    method->setCurrentIndex(0);
    auto *status = m_console->findChild<QComboBox *>(u"consoleStatusFilter"_s);
    status->setCurrentIndex(3); // 4xx
    QCOMPARE(table->model()->rowCount(), 0);
    status->setCurrentIndex(0);
    auto *connection = m_console->findChild<QComboBox *>(u"consoleConnectionFilter"_s);
    QCOMPARE(connection->count(), 2); // all + the demo
    connection->setCurrentIndex(1);
    QCOMPARE(table->model()->rowCount(), m_console->logModel()->rowCount());
    connection->setCurrentIndex(0);

    // Pause: new calls wait; resume shows them.
    auto *pause = m_console->findChild<QToolButton *>(u"consolePauseButton"_s);
    pause->click();
    QVERIFY(m_console->logModel()->isPaused());
    const int shown = table->model()->rowCount();
    QCOMPARE(test::fetch(*m_demo->session(), m_demo->session()->orgListHref()).status, 200);
    QTest::qWait(ExchangeLogModel::kFlushIntervalMs * 3);
    QCOMPARE(table->model()->rowCount(), shown);
    QCOMPARE(m_console->logModel()->pendingCount(), 1);
    QTRY_VERIFY(m_console->findChild<QLabel *>(u"consoleCountLabel"_s)->text().contains(u"paused"_s));
    pause->click();
    QCOMPARE(table->model()->rowCount(), shown + 1);

    auto *clear = m_console->findChild<QToolButton *>(u"consoleClearButton"_s);
    clear->click();
    QCOMPARE(table->model()->rowCount(), 0);
}

void TestApiConsole::autoScrollStopsWhenScrolledUp()
{
    QTableView *table = m_console->table();
    m_console->window()->resize(1200, 700);
    // Enough rows to scroll.
    for (int i = 0; i < 40; ++i)
        m_demo->session()->get(m_demo->session()->orgListHref());
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 40, test::kSimWaitMs);
    QScrollBar *bar = table->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(m_console->isFollowing());
    bar->setValue(0); // the user scrolls up
    QVERIFY(!m_console->isFollowing());
    const int rows = table->model()->rowCount();
    for (int i = 0; i < 10; ++i)
        m_demo->session()->get(m_demo->session()->orgListHref());
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() >= rows + 10, test::kSimWaitMs);
    QTest::qWait(50);
    QCOMPARE(bar->value(), 0);     // stays where the user is reading
    bar->setValue(bar->maximum()); // back at the end: following again
    QVERIFY(m_console->isFollowing());
}

void TestApiConsole::selectedEntryShowsPrettyBodies()
{
    QTRY_VERIFY(selectRow(
        [](const ExchangeLogModel::Entry &e) { return e.exchange.url.path().endsWith(u"/api/session"_s); }));
    ExchangeView *view = m_console->details();
    const QString response = view->responseText()->toPlainText();
    QVERIFY2(response.startsWith(u"HTTP 200\n"_s), qPrintable(response.left(200)));
    QVERIFY(response.contains(u"\n<Session "_s));
    QVERIFY(response.contains(u"\n  <Link "_s)); // indented under its parent
    const QString request = view->requestText()->toPlainText();
    QVERIFY(request.startsWith(u"GET http://"_s));
    QVERIFY(request.contains(u"Accept: application/*+xml;version="_s));
    QVERIFY(view->timingText()->toPlainText().contains(u"Duration:"_s));
    // JSON (the cloudapi login answer) is indented too.
    QVERIFY(selectRow([](const ExchangeLogModel::Entry &e) { return e.exchange.method == "POST"; }));
    QVERIFY(view->responseText()->toPlainText().contains(u"{\n    \""_s));
}

void TestApiConsole::nothingSecretUntilRevealed()
{
    Session *session = m_demo->session();
    const QByteArray token = session->currentTokenHeader().second.split(' ').last();
    QVERIFY(token.size() > 16);
    const QByteArray basic = QByteArray("administrator@System:demo").toBase64();
    auto clean = [&](const QString &text) {
        return !text.contains(QString::fromLatin1(token)) && !text.contains(QString::fromLatin1(basic));
    };
    QTableView *table = m_console->table();
    QTRY_VERIFY(table->model()->rowCount() >= 4);
    auto *revealBanner = m_console->findChild<QLabel *>(u"consoleRevealBanner"_s);
    QVERIFY(revealBanner->isHidden());
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        for (int c = 0; c < table->model()->columnCount(); ++c)
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
                QVERIFY(clean(table->model()->index(r, c).data(role).toString()));
        table->setCurrentIndex(table->model()->index(r, 0));
        const ExchangeView *view = m_console->details();
        QVERIFY(clean(view->requestText()->toPlainText()));
        QVERIFY(clean(view->responseText()->toPlainText()));
        QVERIFY(clean(view->timingText()->toPlainText()));
        for (auto format : {ApiConsole::CopyFormat::Curl, ApiConsole::CopyFormat::Python,
                            ApiConsole::CopyFormat::PowerShell}) {
            QVERIFY(m_console->copyCurrent(format));
            QVERIFY(clean(QGuiApplication::clipboard()->text()));
        }
    }
    // The login's Basic credentials and the token it answered with read <redacted>.
    QVERIFY(selectRow([](const ExchangeLogModel::Entry &e) { return e.exchange.method == "POST"; }));
    QVERIFY(
        m_console->details()->requestText()->toPlainText().contains(u"Authorization: Basic <redacted>"_s));
    QVERIFY(selectRow(
        [](const ExchangeLogModel::Entry &e) { return e.exchange.url.path().endsWith(u"/api/session"_s); }));
    QVERIFY(m_console->details()->requestText()->toPlainText().contains(u"Bearer <redacted>"_s));
    m_console->copyCurrent(ApiConsole::CopyFormat::Curl);
    QVERIFY(QGuiApplication::clipboard()->text().contains(u"${VCD_TOKEN}"_s));

    // Reveal: an explicit toggle, a banner while on, the live token in the headers and the copy.
    m_console->setRevealTimeoutMs(300);
    m_console->findChild<QToolButton *>(u"consoleRevealButton"_s)->click();
    QVERIFY(m_console->isRevealed());
    QVERIFY(revealBanner->isVisible());
    QVERIFY(m_console->details()->requestText()->toPlainText().contains(QString::fromLatin1(token)));
    m_console->copyCurrent(ApiConsole::CopyFormat::Curl);
    QVERIFY(QGuiApplication::clipboard()->text().contains(QString::fromLatin1(token)));
    // …and it turns itself off.
    QTRY_VERIFY(!m_console->isRevealed());
    QVERIFY(revealBanner->isHidden());
    QVERIFY(clean(m_console->details()->requestText()->toPlainText()));
    QVERIFY(!m_console->findChild<QToolButton *>(u"consoleRevealButton"_s)->isChecked());
}

void TestApiConsole::copiedCurlRunsWithTheSameAnswer()
{
    const QString curl = QStandardPaths::findExecutable(u"curl"_s);
    QVERIFY2(!curl.isEmpty(), "curl is missing: run scripts/install-deps.sh");
    QVERIFY(selectRow(
        [](const ExchangeLogModel::Entry &e) { return e.exchange.url.path().endsWith(u"/api/session"_s); }));
    const ExchangeLogModel::Entry *entry = m_console->currentEntry();
    QVERIFY(entry);
    QVERIFY(m_console->findChild<QToolButton *>(u"consoleCopyButton"_s)
                ->menu()
                ->findChild<QAction *>(u"copyAsCurlAction"_s));
    m_console->findChild<QAction *>(u"copyAsCurlAction"_s)->trigger();
    const QString command = QGuiApplication::clipboard()->text();
    QVERIFY(command.startsWith(u"curl "_s) || command.contains(u"\ncurl "_s));
    const QByteArray token = m_demo->session()->currentTokenHeader().second.split(' ').last();
    const ProcessRun run =
        runProcess(u"bash"_s, {u"-c"_s, command.trimmed() + u" -sS -w '\\n%{http_code}'"_s},
                   {{u"VCD_TOKEN"_s, QString::fromLatin1(token)}});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const qsizetype nl = run.out.lastIndexOf('\n');
    QCOMPARE(run.out.mid(nl + 1), QByteArray::number(entry->exchange.status));
    QCOMPARE(run.out.left(nl), entry->exchange.responseBody);
}

void TestApiConsole::compressedAnswerShownDecodedAndCopiedCurlRuns()
{
    const QString curl = QStandardPaths::findExecutable(u"curl"_s);
    QVERIFY2(!curl.isEmpty(), "curl is missing: run scripts/install-deps.sh");
    // The session accepts gzip by default; the HTTP stack asks for it and decodes the answer. A vApp
    // of eight VMs is past the 64 KB at which the server compresses.
    ApiCall *query = m_demo->session()->get(QUrl(u"/api/query?type=adminVApp&pageSize=1"_s));
    QByteArray records; // read on finished: the call deletes itself afterwards
    connect(query, &ApiCall::finished, this, [&records, query] { records = query->body(); });
    QSignalSpy queried(query, &ApiCall::finished);
    QVERIFY(queried.wait(test::kSimWaitMs));
    const QRegularExpression vappHref(u"href=\"([^\"]*/api/vApp/vapp-[^\"]*)\""_s);
    const QRegularExpressionMatch m = vappHref.match(QString::fromUtf8(records));
    QVERIFY2(m.hasMatch(), records.left(400).constData());
    ApiCall *call = m_demo->session()->get(QUrl(m.captured(1)));
    QSignalSpy done(call, &ApiCall::finished);
    QVERIFY(done.wait(test::kSimWaitMs));
    QTRY_VERIFY(selectRow([](const ExchangeLogModel::Entry &e) {
        return e.exchange.url.path().contains(u"/api/vApp/vapp-"_s) &&
               ExchangeView::responseText(e.exchange).contains(u"Content-Encoding: gzip"_s);
    }));
    const ExchangeLogModel::Entry *entry = m_console->currentEntry();
    QVERIFY(entry);
    QVERIFY(entry->exchange.responseBody.size() >= 64 * 1024);
    const QString response = m_console->details()->responseText()->toPlainText();
    QVERIFY2(response.contains(u"Content-Encoding: gzip\n"_s), qPrintable(response.left(400)));
    QVERIFY(response.contains(u"\n<VApp "_s)); // decoded and pretty, not gzip bytes
    QVERIFY(m_console->details()->timingText()->toPlainText().contains(u"gzip"_s));

    QVERIFY(m_console->copyCurrent(ApiConsole::CopyFormat::Curl));
    const QString command = QGuiApplication::clipboard()->text();
    QVERIFY2(command.contains(u"--compressed"_s), qPrintable(command));
    const QByteArray token = m_demo->session()->currentTokenHeader().second.split(' ').last();
    const ProcessRun run =
        runProcess(u"bash"_s, {u"-c"_s, command.trimmed() + u" -sS -D /dev/stderr -w '\\n%{http_code}'"_s},
                   {{u"VCD_TOKEN"_s, QString::fromLatin1(token)}});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.toLower().contains("content-encoding: gzip"), run.err.constData()); // asked, got gzip
    const qsizetype nl = run.out.lastIndexOf('\n');
    QCOMPARE(run.out.mid(nl + 1), QByteArray::number(entry->exchange.status));
    QCOMPARE(run.out.left(nl), entry->exchange.responseBody);
}

void TestApiConsole::savedSessionScriptsRun()
{
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    QVERIFY2(!python.isEmpty(), "python3 is missing: run scripts/install-deps.sh");
    // The org list as the window got it.
    QTRY_VERIFY(selectRow([](const ExchangeLogModel::Entry &e) {
        return e.exchange.url.query().contains(u"Org"_s) ||
               e.exchange.url.query().contains(u"organization"_s);
    }));
    const QByteArray orgs = m_console->currentEntry()->exchange.responseBody;
    QVERIFY(!orgs.isEmpty());
    QStringList names;
    m_sim->withCloud([&](sim::Cloud &c) {
        for (const sim::Org *o : c.orgs.rows())
            names << o->name;
    });
    QVERIFY(names.size() > 1);

    QTemporaryDir dir;
    const std::pair<SessionScript::Language, QString> runs[] = {{SessionScript::Language::Bash, u"bash"_s},
                                                                {SessionScript::Language::Python, python}};
    for (const auto &[language, program] : runs) {
        const QString path = dir.filePath(u"demo."_s + SessionScript::fileSuffix(language));
        QString error;
        QVERIFY2(m_console->saveScript(language, false, path, &error), qPrintable(error));
        const ProcessRun run =
            runProcess(program, {path}, {{u"VCD_PASSWORD"_s, QString(Explorer::kDemoPassword)}});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("# logged in as administrator@System"));
        QVERIFY2(run.out.contains(orgs), run.out.left(3000).constData());
        for (const QString &name : std::as_const(names))
            QVERIFY(run.out.contains(name.toUtf8()));
        QVERIFY(run.out.contains("# logged out"));
    }
    // PowerShell is written too (checked for shape in tst_sessionscript).
    QVERIFY(m_console->saveScript(SessionScript::Language::PowerShell, false, dir.filePath(u"demo.ps1"_s)));
    QVERIFY(QFile::exists(dir.filePath(u"demo.ps1"_s)));
}

QTEST_MAIN(TestApiConsole)
#include "tst_apiconsole.moc"
