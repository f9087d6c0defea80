// Secrets audit (issue #12 item 7): log in with a password (cloudapi and legacy flows) and with an API
// token, each with a secret extra header; browse, act, let the session expire and log in again
// silently, export, save the profile, log out — with every vcd.* logging category on at every level.
// Then scan everything the client wrote or could show: the log messages, the request log entry by
// entry and every entry rendered as curl / Python / PowerShell, the settings file, the exported files,
// and (through the real vcd-explorer) a headless export's output. No password, API token, session
// token or JWT, secret header value or Basic credential may appear anywhere. Last, the app runs with
// core dumps off (the limit of the running vcd-explorer read from /proc).

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/model/inventoryexporter.h"
#include "core/model/inventorymodel.h"
#include "core/net/requestlog.h"
#include "core/net/requestrenderer.h"
#include "core/net/session.h"
#include "core/processhardening.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilestore.h"
#include "core/services/actionservice.h"
#include "core/services/tasktracker.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "sim/xmlutil.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;

namespace {

constexpr int kWaitMs = 30000;
const QString kPassword = u"Pw-7f3a9c41-Zq"_s;
const QByteArray kHeaderName = "X-Gateway-Key";
const QByteArray kHeaderValue = "gw-5ec4e7d2-key";

QStringList *g_messages = nullptr;
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

void capture(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (g_messages)
        g_messages->append(QString::fromLatin1(context.category ? context.category : "default") + u": "_s +
                           message);
}

// Every vcd.* category on at every level, whatever QT_LOGGING_RULES says (ctest turns debug off).
void everyVcdCategory(QLoggingCategory *category)
{
    if (g_previousFilter)
        g_previousFilter(category);
    if (qstrncmp(category->categoryName(), "vcd.", 4) == 0)
        for (QtMsgType t : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
            category->setEnabled(t, true);
}

QByteArray serialized(const Exchange &e)
{
    QByteArray out = e.method + ' ' + e.url.toEncoded() + '\n';
    for (const auto &h : e.requestHeaders)
        out += h.first + ": " + h.second + '\n';
    out += e.requestBody + '\n' + QByteArray::number(e.status) + ' ' + e.networkError.toUtf8() + '\n';
    for (const auto &h : e.responseHeaders)
        out += h.first + ": " + h.second + '\n';
    out += e.responseBody + '\n' + e.note.toUtf8() + ' ' + e.serverRequestId.toUtf8();
    return out;
}

// The places a secret must not be, by name, for the failure message.
using Haystacks = QList<QPair<QString, QByteArray>>;

QStringList leaks(const Haystacks &haystacks, const QList<QByteArray> &secrets)
{
    static const QRegularExpression jwt(u"eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\."_s);
    QStringList found;
    for (const auto &[where, text] : haystacks) {
        for (const QByteArray &secret : secrets)
            if (!secret.isEmpty() && text.contains(secret))
                found << where + u" contains a secret ("_s + QString::fromLatin1(secret.left(6)) + u"…)"_s;
        const auto m = jwt.match(QString::fromUtf8(text));
        if (m.hasMatch())
            found << where + u" contains a JWT ("_s + m.captured().left(12) + u"…)"_s;
    }
    return found;
}

} // namespace

class TestSecretsAudit : public QObject
{
    Q_OBJECT

private:
    QStringList m_messages;

private Q_SLOTS:
    void initTestCase()
    {
        g_messages = &m_messages;
        qInstallMessageHandler(capture);
        g_previousFilter = QLoggingCategory::installFilter(everyVcdCategory);
    }
    void cleanupTestCase()
    {
        QLoggingCategory::installFilter(g_previousFilter);
        qInstallMessageHandler(nullptr);
        g_messages = nullptr;
    }

    void wholeSessionLeaksNothing_data()
    {
        QTest::addColumn<QString>("product");
        QTest::addColumn<bool>("apiToken");
        QTest::addColumn<Session::LoginFlow>("flow");
        QTest::newRow("password, cloudapi JWT") << u"10.6"_s << false << Session::LoginFlow::CloudApi;
        QTest::newRow("API token") << u"10.6"_s << true << Session::LoginFlow::ApiToken;
        QTest::newRow("password, legacy token") << u"9.5"_s << false << Session::LoginFlow::Legacy;
    }
    void wholeSessionLeaksNothing()
    {
        QFETCH(QString, product);
        QFETCH(bool, apiToken);
        QFETCH(Session::LoginFlow, flow);
        m_messages.clear();

        SimConfig cfg = test::generatedCloud(1, 1, 3, 2);
        cfg.product = product;
        cfg.taskDurationMs = 100;
        cfg.requiredLoginHeaders = {{kHeaderName, kHeaderValue}};
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        QString token;
        sim->withCloud([&](sim::Cloud &c) {
            sim::User *u = const_cast<sim::User *>(c.userByName(c.systemOrg()->id, u"administrator"_s));
            u->password = kPassword;
            token = u->apiToken;
        });
        QVERIFY(!token.isEmpty());
        const QString secret = apiToken ? token : kPassword;

        SessionSettings settings = test::sessionSettings(sim->baseUrl(), u"administrator"_s, u"System"_s);
        settings.authKind =
            apiToken ? SessionSettings::AuthKind::ApiToken : SessionSettings::AuthKind::Password;
        settings.extraHeaders = {{kHeaderName, kHeaderValue, true}};
        Session session;
        QList<QByteArray> sessionTokens;
        connect(&session, &Session::loggedIn, this,
                [&] { sessionTokens << session.currentTokenHeader().second; });
        QSignalSpy loggedIn(&session, &Session::loggedIn);
        session.login(settings, secret);
        QVERIFY(loggedIn.wait(kWaitMs));
        QCOMPARE(session.loginFlow(), flow);

        // Browse.
        InventoryModel model;
        const QModelIndex conn = model.addConnection(&session, u"audit"_s);
        QSignalSpy loaded(&model, &InventoryModel::subtreeLoaded);
        model.loadAll(conn);
        QVERIFY(loaded.wait(kWaitMs));

        // Act: power a vApp off or on, and follow the task.
        QString vappId;
        sim->withCloud([&](sim::Cloud &c) { vappId = c.vapps.rows().front()->id; });
        const QUrl vappHref(sim::hrefOf(sim->baseUrl().toString(), sim::Kind::VApp, vappId));
        const auto vapp = XmlReaders::readVApp(test::fetch(session, vappHref).body);
        QVERIFY(vapp.ok());
        ActionService actions(&session);
        const ActionTarget target = ActionTarget::of(*vapp);
        ActionJob *job = ActionService::isAvailable(target, Action::PowerOff) ? actions.powerOff(target)
                                                                              : actions.powerOn(target);
        QSignalSpy accepted(job, &ActionJob::accepted);
        QVERIFY(accepted.wait(kWaitMs));
        TaskTracker tracker(&session);
        QSignalSpy taskDone(&tracker, &TaskTracker::finished);
        tracker.track(accepted.first().first().value<Task>());
        QVERIFY(taskDone.wait(kWaitMs));

        // Expiry, then the silent re-login with the secret kept in memory.
        sim->expireAllSessions();
        model.refreshAll();
        QVERIFY(QTest::qWaitFor([&] { return loggedIn.count() == 2; }, kWaitMs));
        QVERIFY(QTest::qWaitFor([&] { return model.activeLoads() == 0; }, kWaitMs));
        QCOMPARE(sessionTokens.size(), 2);
        QVERIFY(sessionTokens[0] != sessionTokens[1]);

        // Export, both formats.
        QTemporaryDir dir;
        QByteArray exported;
        for (const auto format : {InventoryExporter::Format::Csv, InventoryExporter::Format::Json}) {
            QBuffer buffer;
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            InventoryExporter exporter(&session);
            exporter.setFormat(format);
            QSignalSpy done(&exporter, &InventoryExporter::finished);
            QVERIFY(exporter.start(&buffer));
            QVERIFY(done.wait(kWaitMs));
            exported += buffer.data();
        }
        QVERIFY(exported.contains(vapp->name.toUtf8()));

        // The profile as the app saves it; its secrets go to the secret store only.
        Profile profile;
        profile.name = u"audit"_s;
        profile.url = sim->baseUrl();
        profile.org = u"System"_s;
        profile.user = u"administrator"_s;
        profile.authKind = apiToken ? Profile::AuthKind::ApiToken : Profile::AuthKind::Password;
        profile.extraHeaders = {{QString::fromLatin1(kHeaderName), QString::fromLatin1(kHeaderValue), true}};
        profile.rememberSecret = true;
        const QString iniPath = dir.filePath(u"profiles.ini"_s);
        {
            ProfileStore store(iniPath);
            QString error;
            QVERIFY2(store.upsert(profile, &error), qPrintable(error));
            QVERIFY2(store.save(&error), qPrintable(error));
            MemorySecretStore secrets;
            secrets.writeSecret(profile.secretKeyLogin(), secret);
            secrets.writeSecret(profile.secretKeyHeader(profile.extraHeaders.first().name),
                                QString::fromLatin1(kHeaderValue));
        }
        QFile ini(iniPath);
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray iniBytes = ini.readAll();
        QVERIFY(iniBytes.contains(kHeaderName)); // the header is there, its value is not

        // What the request log keeps, raw and as the console renders it (not revealed).
        const QList<Exchange> entries = session.requestLog()->entries();
        QVERIFY(entries.size() > 10);
        Haystacks haystacks;
        for (const Exchange &e : entries) {
            const QString where =
                u"request log #%1 %2 %3"_s.arg(e.id).arg(QString::fromLatin1(e.method), e.url.path());
            haystacks << qMakePair(where, serialized(e));
            haystacks << qMakePair(where + u" as curl"_s, RequestRenderer::curl(e).toUtf8());
            haystacks << qMakePair(where + u" as Python"_s, RequestRenderer::python(e).toUtf8());
            haystacks << qMakePair(where + u" as PowerShell"_s, RequestRenderer::powershell(e).toUtf8());
        }
        session.logout();
        QSignalSpy out(&session, &Session::loggedOut);
        QVERIFY(session.state() == Session::State::Disconnected || out.wait(kWaitMs));

        haystacks << qMakePair(u"the log messages"_s, m_messages.join(u'\n').toUtf8());
        haystacks << qMakePair(u"the settings file"_s, iniBytes);
        haystacks << qMakePair(u"the exported files"_s, exported);
        haystacks << qMakePair(u"the profile's JSON"_s, QJsonDocument(profile.toJson()).toJson());

        QList<QByteArray> secrets = {kPassword.toUtf8(),
                                     QUrl::toPercentEncoding(kPassword),
                                     token.toUtf8(),
                                     QUrl::toPercentEncoding(token),
                                     kHeaderValue,
                                     QByteArray("administrator@System:" + kPassword.toUtf8()).toBase64(),
                                     QByteArray("administrator@System:" + token.toUtf8()).toBase64()};
        for (const QByteArray &t : std::as_const(sessionTokens)) {
            QVERIFY(!t.isEmpty());
            secrets << t << t.mid(7); // "Bearer …" and the bare token
        }
        // The log did see the work: this is not an empty haystack.
        QVERIFY(m_messages.size() > 20);
        QVERIFY(m_messages.join(u'\n').contains(u"vcd.net"_s));
        const QStringList found = leaks(haystacks, secrets);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
    }

    void headlessExportLeaksNothingAndDumpsNoCore()
    {
#ifndef VCD_EXPLORER_EXECUTABLE
        QSKIP("vcd-explorer is not built");
#else
        SimConfig cfg = test::generatedCloud(1, 1, 2, 2);
        auto sim = test::startSimulator(cfg, test::SimThread::Own);
        QVERIFY(sim);
        sim->withCloud([&](sim::Cloud &c) {
            const_cast<sim::User *>(c.userByName(c.systemOrg()->id, u"administrator"_s))->password =
                kPassword;
        });
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
        env.insert(u"VCD_EXPLORER_SECRET"_s, kPassword);
        env.insert(u"QT_LOGGING_RULES"_s, u"vcd.*=true"_s);
        const QString file = dir.filePath(u"out.csv"_s);
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QString::fromUtf8(VCD_EXPLORER_EXECUTABLE),
                      {u"--export"_s, file, u"--url"_s, sim->baseUrl().toString(), u"--org"_s, u"System"_s,
                       u"--user"_s, u"administrator"_s, u"--verbose"_s});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
        QVERIFY2(output.contains("vcd."), output.constData()); // it did log
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList found =
            leaks({{u"vcd-explorer's output"_s, output}, {u"the exported file"_s, csv.readAll()}},
                  {kPassword.toUtf8(), QByteArray("administrator@System:" + kPassword.toUtf8()).toBase64()});
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));

        // While it runs (against a server that never answers), its core file limit is 0.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QProcess hanging;
        hanging.setProcessEnvironment(env);
        hanging.start(QString::fromUtf8(VCD_EXPLORER_EXECUTABLE),
                      {u"--export"_s, file, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(silent.serverPort()),
                       u"--org"_s, u"System"_s, u"--user"_s, u"administrator"_s});
        QVERIFY(hanging.waitForStarted());
        QVERIFY(
            QTest::qWaitFor([&] { return silent.hasPendingConnections(); }, kWaitMs)); // past main()'s start
        QFile limits(u"/proc/%1/limits"_s.arg(hanging.processId()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        const QByteArray text = limits.readAll();
        static const QRegularExpression coreLine(u"Max core file size\\s+0\\s+0\\s"_s);
        QVERIFY2(coreLine.match(QString::fromLatin1(text)).hasMatch(), text.constData());
        hanging.kill();
        QVERIFY(hanging.waitForFinished(10000));
#endif
    }

    void theScanFindsWhatItLooksFor()
    {
        // The audit can fail: a planted secret, and a JWT nobody told it about, are both found.
        const QByteArray jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
        const QStringList found =
            leaks({{u"a"_s, "x " + kHeaderValue + " y"}, {u"b"_s, "Bearer " + jwt}, {u"c"_s, "nothing here"}},
                  {kHeaderValue});
        QCOMPARE(found.size(), 2);
        QVERIFY(found[0].startsWith(u"a contains a secret"_s));
        QVERIFY(found[1].startsWith(u"b contains a JWT"_s));
    }

    void coreDumpsCanBeDisabled()
    {
        QString error;
        QVERIFY2(ProcessHardening::disableCoreDumps(&error), qPrintable(error));
        QVERIFY(ProcessHardening::coreDumpsDisabled());
    }
};

QTEST_GUILESS_MAIN(TestSecretsAudit)
#include "tst_secretsaudit.moc"
