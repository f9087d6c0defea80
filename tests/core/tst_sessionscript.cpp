// SessionScript: the shape of the generated bash, Python and PowerShell scripts for each login flow
// (tests/integration/tst_sessionscript_run.cpp runs the bash and Python ones against the simulator).

#include "core/console/sessionscript.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace vcd;
using namespace Qt::StringLiterals;
using Language = SessionScript::Language;
using Flow = Session::LoginFlow;

namespace {

SessionScript::Login login(Flow flow, const QString &org = u"System"_s)
{
    SessionScript::Login l;
    l.baseUrl = QUrl(u"https://vcd.example.com"_s);
    l.apiVersion = u"38.0"_s;
    l.flow = flow;
    l.user = u"administrator"_s;
    l.org = org;
    l.extraHeaders = {{"x-id-sec", "", true}, {"x-tenant", "blue", false}};
    l.generatedAt = QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    return l;
}

QList<Exchange> recorded()
{
    auto make = [](const QByteArray &method, const QString &path, const QByteArray &accept) {
        Exchange e;
        e.method = method;
        e.url = QUrl(u"https://vcd.example.com"_s + path);
        e.status = 200;
        e.requestHeaders = {{"Accept", accept},
                            {"User-Agent", "vcd-explorer/0.1.0"},
                            {"x-id-sec", "<redacted>"},
                            {"x-tenant", "blue"},
                            {"Authorization", "Bearer <redacted>"},
                            {"X-VMWARE-VCLOUD-TOKEN-TYPE", "Bearer"},
                            {"X-VMWARE-VCLOUD-CLIENT-REQUEST-ID", "1234"}};
        return e;
    };
    QList<Exchange> list;
    list << make("GET", u"/api/versions"_s, "application/*+xml");
    list << make("POST", u"/cloudapi/1.0.0/sessions/provider"_s, "application/json;version=38.0");
    list << make("GET", u"/api/session"_s, "application/*+xml;version=38.0");
    list << make("GET", u"/api/org"_s, "application/*+xml;version=38.0");
    list << make("GET", u"/api/query?type=vm&page=2&pageSize=128"_s, "application/*+xml;version=38.0");
    Exchange power =
        make("POST", u"/api/vApp/vm-42/power/action/powerOn"_s, "application/*+xml;version=38.0");
    power.status = 202;
    list << power;
    Exchange snap =
        make("POST", u"/api/vApp/vapp-1/action/createSnapshot"_s, "application/*+xml;version=38.0");
    snap.requestHeaders << qMakePair(QByteArray("Content-Type"),
                                     QByteArray("application/vnd.vmware.vcloud.createSnapshotParams+xml"));
    snap.requestBody = "<CreateSnapshotParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name='it''s'/>";
    list << snap;
    return list;
}

} // namespace

class TestSessionScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepNames();
    void bashShape();
    void bashIsValidShell();
    void pythonShapeAndSyntax();
    void powershellShape();
    void loginPerFlow();
    void noSecretInAnyScript();
};

void TestSessionScript::stepNames()
{
    const QList<Exchange> r = recorded();
    QVERIFY(SessionScript::isLoginExchange(r.at(0)));
    QVERIFY(SessionScript::isLoginExchange(r.at(1)));
    QVERIFY(!SessionScript::isLoginExchange(r.at(2)));
    QCOMPARE(SessionScript::stepName(r.at(3)), u"list organizations"_s);
    QCOMPARE(SessionScript::stepName(r.at(4)), u"query vm records (page 2)"_s);
    QCOMPARE(SessionScript::stepName(r.at(5)), u"power on"_s);
    QCOMPARE(SessionScript::stepName(r.at(6)), u"create snapshot"_s);
    Exchange task;
    task.method = "GET";
    task.url = QUrl(u"https://h/api/task/9"_s);
    QCOMPARE(SessionScript::stepName(task), u"follow a task"_s);
}

void TestSessionScript::bashShape()
{
    const QString s = SessionScript::generate(Language::Bash, login(Flow::CloudApi), recorded());
    QVERIFY(s.startsWith(u"#!/usr/bin/env bash\n"_s));
    QVERIFY(s.contains(u"set -euo pipefail"_s));
    QVERIFY(s.contains(u"VCD_URL=\"${VCD_URL:-https://vcd.example.com}\""_s));
    QVERIFY(s.contains(u": \"${VCD_PASSWORD:?"_s));
    QVERIFY(s.contains(u": \"${VCD_HEADER_X_ID_SEC:?"_s));
    QVERIFY(s.contains(u"-H \"x-id-sec: ${VCD_HEADER_X_ID_SEC}\""_s));
    QVERIFY(s.contains(u"/cloudapi/1.0.0/sessions/provider"_s));
    QVERIFY(s.contains(u"-u \"administrator@System:${VCD_PASSWORD}\""_s));
    QVERIFY(s.contains(u"AUTH=(-H \"Authorization: Bearer ${VCD_TOKEN}\""_s));
    // The login exchanges are replaced by the script's own login; five steps follow.
    QVERIFY(s.contains(u"# Step 1: the session and its links"_s));
    QVERIFY(s.contains(u"# Step 2: list organizations"_s));
    QVERIFY(s.contains(u"# Step 4: power on"_s));
    QVERIFY(s.contains(u"# Step 5: create snapshot"_s));
    QVERIFY(!s.contains(u"# Step 6"_s));
    QVERIFY(s.contains(u"\"$VCD_URL/api/query?type=vm&page=2&pageSize=128\""_s));
    QVERIFY(s.contains(u"-H \"Accept: application/*+xml;version=${API_VERSION}\""_s));
    QVERIFY(s.contains(u"--data-binary '<CreateSnapshotParams"_s));
    // Headers the script sets itself or leaves to curl are not repeated per step.
    QVERIFY(!s.contains(u"User-Agent"_s));
    QVERIFY(!s.contains(u"CLIENT-REQUEST-ID"_s));
    QVERIFY(s.contains(u"DELETE \"$VCD_URL/cloudapi/1.0.0/sessions/current\""_s));
}

void TestSessionScript::bashIsValidShell()
{
    const QString bash = QStandardPaths::findExecutable(u"bash"_s);
    QVERIFY(!bash.isEmpty());
    for (Flow flow : {Flow::Legacy, Flow::CloudApi, Flow::ApiToken}) {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"s.sh"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(SessionScript::generate(Language::Bash, login(flow, u"acme"_s), recorded()).toUtf8());
        f.close();
        QProcess p;
        p.start(bash, {u"-n"_s, path});
        QVERIFY(p.waitForFinished(10000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
}

void TestSessionScript::pythonShapeAndSyntax()
{
    const QString s = SessionScript::generate(Language::Python, login(Flow::ApiToken, u"acme"_s), recorded());
    QVERIFY(s.startsWith(u"#!/usr/bin/env python3\n"_s));
    QVERIFY(s.contains(u"import requests"_s));
    QVERIFY(s.contains(u"SECRET = os.environ.get(\"VCD_API_TOKEN\")"_s));
    QVERIFY(s.contains(u"VCD_URL + \"/oauth/tenant/acme/token\""_s));
    QVERIFY(s.contains(u"\"refresh_token\": SECRET"_s));
    QVERIFY(s.contains(u"token = r.json().get(\"access_token\")"_s));
    QVERIFY(s.contains(u"session.headers[\"x-id-sec\"] = os.environ[\"VCD_HEADER_X_ID_SEC\"]"_s));
    QVERIFY(s.contains(u"session.headers[\"x-tenant\"] = \"blue\""_s));
    QVERIFY(s.contains(u"\"Accept\": \"application/*+xml;version=\" + API_VERSION"_s));
    QVERIFY(s.contains(u"# Step 2: list organizations"_s));
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    QVERIFY(!python.isEmpty());
    QProcess p;
    p.start(python, {u"-c"_s, u"import ast, sys; ast.parse(sys.stdin.read())"_s});
    QVERIFY(p.waitForStarted());
    p.write(s.toUtf8());
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}

void TestSessionScript::powershellShape()
{
    const QString s = SessionScript::generate(Language::PowerShell, login(Flow::Legacy), recorded());
    QVERIFY(s.contains(u"#Requires -Version 7.0"_s));
    QVERIFY(s.contains(u"$ErrorActionPreference = 'Stop'"_s));
    QVERIFY(s.contains(u"$Secret = $env:VCD_PASSWORD"_s));
    QVERIFY(s.contains(u"'x-id-sec' = $env:VCD_HEADER_X_ID_SEC"_s));
    QVERIFY(s.contains(
        u"[Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('administrator@System:' + $Secret))"_s));
    QVERIFY(s.contains(u"\"$VcdUrl/api/sessions\""_s));
    QVERIFY(s.contains(u"$Token = [string]$answer.Headers['x-vcloud-authorization']"_s));
    QVERIFY(s.contains(u"$Auth = @{ 'x-vcloud-authorization' = $Token }"_s));
    QVERIFY(s.contains(
        u"Invoke-Step '2 GET /api/org' 'GET' ($VcdUrl + '/api/org') @{'Accept' = ('application/*+xml;version=' + $ApiVersion)}"_s));
    // A single quote inside a body is doubled in a PowerShell literal.
    QVERIFY(s.contains(u"name=''it''''s''/>'"_s));
    // Legacy sessions log out through /api/session.
    QVERIFY(s.contains(u"-Method Delete -Uri \"$VcdUrl/api/session\""_s));
    // Balanced braces and parentheses (a cheap syntax check without pwsh).
    QCOMPARE(s.count(u'{'), s.count(u'}'));
    QCOMPARE(s.count(u'('), s.count(u')'));
}

void TestSessionScript::loginPerFlow()
{
    const QString legacy = SessionScript::generate(Language::Bash, login(Flow::Legacy), {});
    QVERIFY(legacy.contains(u"\"$VCD_URL/api/sessions\""_s));
    QVERIFY(legacy.contains(u"x-vcloud-authorization:"_s));
    QVERIFY(legacy.contains(u"AUTH=(-H \"x-vcloud-authorization: ${VCD_TOKEN}\")"_s));
    const QString tenant = SessionScript::generate(Language::Bash, login(Flow::CloudApi, u"acme"_s), {});
    QVERIFY(tenant.contains(u"\"$VCD_URL/cloudapi/1.0.0/sessions\""_s));
    QVERIFY(!tenant.contains(u"sessions/provider"_s));
    const QString token = SessionScript::generate(Language::Bash, login(Flow::ApiToken), {});
    QVERIFY(token.contains(u"\"$VCD_URL/oauth/provider/token\""_s));
    QVERIFY(token.contains(u"--data-urlencode \"refresh_token=${VCD_API_TOKEN}\""_s));
    SessionScript::Login old = login(Flow::CloudApi);
    old.apiVersion = u"35.0"_s; // cloudapi sessions are deleted through /api/session before 36.0
    QVERIFY(SessionScript::generate(Language::Python, old, {})
                .contains(u"session.delete(VCD_URL + \"/api/session\""_s));
}

void TestSessionScript::noSecretInAnyScript()
{
    SessionScript::Login l = login(Flow::CloudApi);
    for (Language language : {Language::Bash, Language::Python, Language::PowerShell}) {
        const QString s = SessionScript::generate(language, l, recorded());
        QVERIFY(!s.contains(u"<redacted>"_s)); // the token headers are the script's own
        QVERIFY(s.contains(u"VCD_PASSWORD"_s));
    }
}

QTEST_GUILESS_MAIN(TestSessionScript)
#include "tst_sessionscript.moc"
