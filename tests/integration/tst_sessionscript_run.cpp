// SessionScript for real: a session browses the simulator, its log becomes a bash and a Python script,
// both run (curl, python3-requests) against the same simulator, log in by the connection's flow and
// print the very answers the session got.

#include "common/simfixture.h"
#include "core/console/sessionscript.h"
#include "core/net/requestlog.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using Language = SessionScript::Language;

namespace {

constexpr int kRunMs = 60000;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `program script` with the environment plus `env`, waiting with the event loop running (the
// simulator answers from this thread).
Run run(const QString &program, const QString &script, const QHash<QString, QString> &env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (auto it = env.begin(); it != env.end(); ++it)
        e.insert(it.key(), it.value());
    // The simulator is on loopback: no proxy may catch it.
    e.remove(u"http_proxy"_s);
    e.remove(u"https_proxy"_s);
    e.remove(u"HTTP_PROXY"_s);
    e.remove(u"HTTPS_PROXY"_s);
    p.setProcessEnvironment(e);
    p.start(program, {script});
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, kRunMs)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString write(QTemporaryDir &dir, const QString &name, const QString &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(text.toUtf8());
    return path;
}

} // namespace

class TestSessionScriptRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scriptsReplayTheSession_data();
    void scriptsReplayTheSession();

private:
    QString m_bash;
    QString m_python;
};

void TestSessionScriptRun::initTestCase()
{
    m_bash = QStandardPaths::findExecutable(u"bash"_s);
    QVERIFY(!m_bash.isEmpty());
    QVERIFY2(!QStandardPaths::findExecutable(u"curl"_s).isEmpty(),
             "curl is missing: run scripts/install-deps.sh");
    m_python = QStandardPaths::findExecutable(u"python3"_s);
    QVERIFY2(!m_python.isEmpty(), "python3 is missing: run scripts/install-deps.sh");
    QProcess probe;
    probe.start(m_python, {u"-c"_s, u"import requests"_s});
    QVERIFY(probe.waitForFinished(20000));
    QVERIFY2(probe.exitCode() == 0,
             "python3 cannot import requests: run scripts/install-deps.sh (python3-requests)");
}

void TestSessionScriptRun::scriptsReplayTheSession_data()
{
    QTest::addColumn<QString>("product");
    QTest::addColumn<QString>("org");
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("apiToken");
    QTest::addColumn<int>("flow");
    // 9.5 speaks up to API 31.0: the legacy /api/sessions login.
    QTest::newRow("legacy-system") << u"9.5"_s << u"System"_s << u"administrator"_s << false
                                   << int(Session::LoginFlow::Legacy);
    QTest::newRow("cloudapi-system") << u"10.6"_s << u"System"_s << u"administrator"_s << false
                                     << int(Session::LoginFlow::CloudApi);
    QTest::newRow("apitoken-tenant") << u"10.6"_s << u"acme-corp"_s << u"orgadmin"_s << true
                                     << int(Session::LoginFlow::ApiToken);
}

void TestSessionScriptRun::scriptsReplayTheSession()
{
    QFETCH(QString, product);
    QFETCH(QString, org);
    QFETCH(QString, user);
    QFETCH(bool, apiToken);
    QFETCH(int, flow);

    const QByteArray apiKey = QByteArray("key-id:key-secret").toBase64();
    sim::SimConfig cfg;
    cfg.product = product;
    cfg.requiredLoginHeaders.append({"x-id-sec", apiKey});
    auto simulator = test::startSimulator(cfg);
    QVERIFY(simulator);

    QString secret = u"demo"_s;
    if (apiToken)
        simulator->withCloud(
            [&](sim::Cloud &c) { secret = c.userByName(c.orgByName(org)->id, user)->apiToken; });
    SessionSettings settings = test::sessionSettings(simulator->baseUrl(), user, org);
    settings.authKind = apiToken ? SessionSettings::AuthKind::ApiToken : SessionSettings::AuthKind::Password;
    settings.extraHeaders.append({"x-id-sec", apiKey, true});
    Session session;
    QSignalSpy loggedIn(&session, &Session::loggedIn);
    session.login(settings, secret);
    QVERIFY(QTest::qWaitFor([&] { return loggedIn.count() == 1; }, test::kSimWaitMs));
    QCOMPARE(int(session.loginFlow()), flow);

    // Browse: the org list, then a typed query.
    const test::Fetched orgs = test::fetch(session, session.orgListHref());
    QCOMPARE(orgs.status, 200);
    QUrl query = session.queryHref();
    query.setQuery(
        u"type=%1&format=records&pageSize=5"_s.arg(org == u"System"_s ? u"adminVApp"_s : u"vApp"_s));
    const test::Fetched vapps = test::fetch(session, query);
    QCOMPARE(vapps.status, 200);

    const QList<Exchange> log = session.requestLog()->entries();
    const SessionScript::Login login = SessionScript::loginOf(session);
    QVERIFY(!login.extraHeaders.isEmpty());
    QVERIFY(login.extraHeaders.first().value.isEmpty()); // secret header values stay out of the script

    QTemporaryDir dir;
    const QHash<QString, QString> env = {{SessionScript::secretVariable(session.loginFlow()), secret},
                                         {u"VCD_HEADER_X_ID_SEC"_s, QString::fromLatin1(apiKey)}};
    const std::pair<Language, QString> runs[] = {{Language::Bash, m_bash}, {Language::Python, m_python}};
    for (const auto &[language, program] : runs) {
        const QString text = SessionScript::generate(language, login, log);
        const QString path = write(dir, u"session."_s + SessionScript::fileSuffix(language), text);
        QVERIFY(!path.isEmpty());
        const Run r = run(program, path, env);
        const QByteArray context =
            SessionScript::languageName(language).toUtf8() + ": " + r.err + "\n" + r.out.left(2000);
        QVERIFY2(r.exitCode == 0, context.constData());
        QVERIFY2(r.out.contains(QByteArray("# logged in as " + user.toUtf8() + '@' + org.toUtf8())),
                 context.constData());
        // The same answers: the org list and the query page, byte for byte.
        QVERIFY2(r.out.contains(orgs.body), context.constData());
        QVERIFY2(r.out.contains(vapps.body), context.constData());
        QVERIFY2(r.out.contains("2 GET /api/org"), context.constData());
        QVERIFY2(r.out.contains("# logged out"), context.constData());
        QVERIFY(text.contains(u"# Step 2: list organizations"_s));
        if (QByteArray(QTest::currentDataTag()) != "legacy-system")
            continue;
        // Without the secret the script stops before sending anything.
        const Run denied =
            run(program, path, {{SessionScript::secretVariable(session.loginFlow()), QString()}});
        QVERIFY(denied.exitCode != 0);
    }
}

QTEST_GUILESS_MAIN(TestSessionScriptRun)
#include "tst_sessionscript_run.moc"
