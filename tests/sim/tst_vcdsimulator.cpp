// VcdSimulator over real HTTP: serving, the vcd-sim executable, TLS, products and versions, every
// login flow by version, required login headers, idle expiry, faults and bad input (issue #2 points
// 1, 2, 3, 10, 11).

#include "common/httpclient.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

using namespace vcd::sim;
using namespace vcd::test;

namespace {

std::unique_ptr<VcdSimulator> startSim(SimConfig cfg = {}, bool thread = false)
{
    auto sim = std::make_unique<VcdSimulator>(cfg);
    QString err;
    const bool ok = thread ? sim->startInThread(&err) : sim->start(&err);
    if (!ok)
        qWarning() << "simulator did not start:" << err;
    return ok ? std::move(sim) : nullptr;
}

QUrl at(const VcdSimulator &sim, const QString &path)
{
    return QUrl(sim.baseUrl().toString() + path);
}

struct TenantNames
{
    QString org;
    QString orgAdminToken;
    QString adminToken;
};

TenantNames tenantOf(VcdSimulator &sim)
{
    TenantNames t;
    sim.withCloud([&](Cloud &cloud) {
        for (const Org *o : cloud.orgs.rows()) {
            if (!o->isSystem && t.org.isEmpty()) {
                t.org = o->name;
                if (const User *u = cloud.userByName(o->id, u"orgadmin"_s))
                    t.orgAdminToken = u->apiToken;
            }
        }
        if (const Org *sys = cloud.systemOrg())
            if (const User *u = cloud.userByName(sys->id, u"administrator"_s))
                t.adminToken = u->apiToken;
    });
    return t;
}

QString highestBelow(const Product &p, const QString &limit)
{
    QString best;
    for (const auto &v : p.versions)
        if (compareVersions(v.version, limit) < 0 && (best.isEmpty() || compareVersions(v.version, best) > 0))
            best = v.version;
    return best;
}

QString highestAny(const Product &p)
{
    QString best;
    for (const auto &v : p.versions)
        if (best.isEmpty() || compareVersions(v.version, best) > 0)
            best = v.version;
    return best;
}

QByteArray formBody(const QString &token)
{
    return "grant_type=refresh_token&refresh_token=" + QUrl::toPercentEncoding(token);
}

} // namespace

class TestVcdSimulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesOnPortZeroWithKeepAlive()
    {
        auto sim = startSim();
        QVERIFY(sim);
        QVERIFY(sim->port() != 0);
        QCOMPARE(sim->baseUrl().host(), u"127.0.0.1"_s);

        // Two requests on one connection: HTTP/1.1 keep-alive.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, sim->port());
        QVERIFY(socket.waitForConnected(5000) || socket.state() == QAbstractSocket::ConnectedState);
        QByteArray received;
        for (int i = 0; i < 2; ++i) {
            socket.write("GET /api/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).count("HTTP/1.1 200 OK") == i + 1 &&
                                         received.trimmed().endsWith("</SupportedVersions>"),
                                     5000);
            QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        }
        QVERIFY(received.contains("Connection: keep-alive"));
    }

    // The query engine keeps VDC figures across requests (QueryEngine::Aggregates); a change made
    // through the library, or by a task an API call started, shows in the next query all the same.
    void queryFiguresFollowChanges()
    {
        auto sim = startSim();
        QVERIFY(sim);
        sim->setTaskDurationMs(300); // the VM changes at a task step, after the POST was answered
        HttpClient http;
        http.setApiVersion(u"37.0"_s); // the legacy login, still offered below 38.0
        const HttpResult login =
            http.post(at(*sim, u"/api/sessions"_s), {}, {},
                      {{"Authorization", basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
        QCOMPARE(login.status, 200);
        http.setDefaultHeader("x-vcloud-authorization", login.header("x-vcloud-authorization"));

        QString vdcId;
        QString offVmId;
        sim->withCloud([&](Cloud &c) {
            for (const Vm *vm : c.vms.rows()) {
                if (vm->status == Status::PoweredOff && vm->deployed == false) {
                    vdcId = vm->vdcId;
                    offVmId = vm->id;
                    break;
                }
            }
        });
        QVERIFY(!offVmId.isEmpty());
        const auto running = [&] {
            const HttpResult r =
                http.get(at(*sim, u"/api/query?type=adminOrgVdc&fields=numberOfRunningVMs&filter=id=="_s +
                                      u"urn:vcloud:vdc:"_s + vdcId));
            const QRegularExpression re(u"numberOfRunningVMs=\"(\\d+)\""_s);
            const auto m = re.match(QString::fromUtf8(r.body));
            return m.hasMatch() ? m.captured(1).toInt() : -1;
        };
        const int before = running();
        QVERIFY(before >= 0);

        // Through the library.
        sim->withCloud([&](Cloud &c) { c.vms.find(offVmId)->status = Status::PoweredOn; });
        QCOMPARE(running(), before + 1);
        sim->withCloud([&](Cloud &c) { c.vms.find(offVmId)->status = Status::PoweredOff; });
        QCOMPARE(running(), before);

        // Through the API: the power-on task's steps change the VM.
        const HttpResult on = http.post(at(*sim, u"/api/vApp/vm-"_s + offVmId + u"/power/action/powerOn"_s));
        QCOMPARE(on.status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(running(), before + 1, 10000);
    }

    void workerThreadMode()
    {
        auto sim = startSim({}, true);
        QVERIFY(sim);
        HttpClient http;
        QCOMPARE(http.get(at(*sim, u"/api/versions"_s)).status, 200);
        int vms = 0;
        sim->withCloud([&](Cloud &c) { vms = int(c.vms.size()); });
        QVERIFY(vms > 0);
        sim->stop();
        QVERIFY(!sim->isRunning());
    }

    void executableReadyLineReadyFileAndSigterm()
    {
        QTemporaryDir dir;
        const QString readyFile = dir.filePath(u"ready"_s);
        QProcess proc;
        proc.start(QString::fromUtf8(VCD_SIM_EXECUTABLE),
                   {u"--port"_s, u"0"_s, u"--ready-file"_s, readyFile, u"--task-seconds"_s, u"0"_s});
        QVERIFY(proc.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(proc.canReadLine(), 20000);
        const QString line = QString::fromUtf8(proc.readLine()).trimmed();
        const QRegularExpression re(u"^vcd-sim ready: (http://127\\.0\\.0\\.1:\\d+) .*password demo"_s);
        const auto m = re.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        QFile f(readyFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), m.captured(1));

        HttpClient http;
        QCOMPARE(http.get(QUrl(m.captured(1) + u"/api/versions"_s)).status, 200);

        proc.terminate(); // SIGTERM: clean shutdown
        QVERIFY(proc.waitForFinished(10000));
        QCOMPARE(proc.exitStatus(), QProcess::NormalExit);
        QCOMPARE(proc.exitCode(), 0);
    }

    void helpDocumentsEveryOption()
    {
        QProcess proc;
        proc.start(QString::fromUtf8(VCD_SIM_EXECUTABLE), {u"--help"_s});
        QVERIFY(proc.waitForFinished(10000));
        const QString help = QString::fromUtf8(proc.readAllStandardOutput());
        for (const char *opt :
             {"--listen",         "--port",         "--ready-file",   "--tls",
              "--cert",           "--key",          "--product",      "--session-idle-timeout",
              "--require-header", "--task-seconds", "--latency",      "--jitter",
              "--error-rate",     "--drop-rate",    "--control",      "--scenario",
              "--save-scenario",  "--orgs",         "--vdcs-per-org", "--vapps-per-vdc",
              "--vms-per-vapp",   "--seed"})
            QVERIFY2(help.contains(QLatin1String(opt)), opt);
        QVERIFY(help.contains(u"administrator@System"));
        QVERIFY(help.contains(u"\"demo\""));
        for (const QString &p : Product::names())
            QVERIFY(help.contains(p));
    }

    void tlsWithGeneratedCertificate()
    {
        SimConfig cfg;
        cfg.tls = true;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        QCOMPARE(sim->baseUrl().scheme(), u"https"_s);
        QVERIFY(!sim->certificate().isNull());
        QCOMPARE(sim->certificateSha256().size(), 32 * 3 - 1);

        HttpClient untrusting;
        const HttpResult refused = untrusting.get(at(*sim, u"/api/versions"_s));
        QCOMPARE(refused.status, 0);
        QVERIFY2(!refused.sslErrors.isEmpty(), qPrintable(refused.errorString));

        HttpClient trusting;
        trusting.setCaCertificates({sim->certificate()});
        const HttpResult ok = trusting.get(at(*sim, u"/api/versions"_s));
        QCOMPARE(ok.status, 200);
        QVERIFY(ok.body.contains("SupportedVersions"));
    }

    void versionsPerProduct_data()
    {
        QTest::addColumn<QString>("product");
        for (const QString &p : Product::names())
            QTest::newRow(qPrintable(p)) << p;
    }
    void versionsPerProduct()
    {
        QFETCH(QString, product);
        SimConfig cfg;
        cfg.product = product;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        const Product prod = *Product::byName(product);
        HttpClient http;
        const HttpResult r = http.get(at(*sim, u"/api/versions"_s));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.header("X-VMWARE-VCLOUD-REQUEST-ID").isEmpty());

        QXmlStreamReader xml(r.body);
        QStringList versions;
        QMap<QString, QString> login, provider, deprecated;
        QString current;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            QCOMPARE(xml.namespaceUri().toString(), u"http://www.vmware.com/vcloud/versions"_s);
            if (xml.name() == u"VersionInfo") {
                current.clear();
                deprecated.insert(QString::number(versions.size()),
                                  xml.attributes().value(QLatin1String("deprecated")).toString());
            } else if (xml.name() == u"Version") {
                current = xml.readElementText();
                versions.append(current);
            } else if (xml.name() == u"LoginUrl") {
                login.insert(current, xml.readElementText());
            } else if (xml.name() == u"ProviderLoginUrl") {
                provider.insert(current, xml.readElementText());
            }
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(versions.size(), prod.versions.size());
        for (int i = 0; i < versions.size(); ++i) {
            QCOMPARE(versions[i], prod.versions[i].version);
            const bool newer = compareVersions(versions[i], u"36.0"_s) >= 0;
            QVERIFY2(
                login.value(versions[i]).endsWith(newer ? u"/cloudapi/1.0.0/sessions"_s : u"/api/sessions"_s),
                qPrintable(versions[i]));
            QCOMPARE(provider.contains(versions[i]), newer);
            if (newer)
                QVERIFY(provider.value(versions[i]).endsWith(u"/cloudapi/1.0.0/sessions/provider"));
            if (prod.versions[i].deprecated)
                QCOMPARE(deprecated.value(QString::number(i)), u"true"_s);
        }
    }

    void unsupportedAcceptVersionIs406()
    {
        auto sim = startSim();
        QVERIFY(sim);
        HttpClient http;
        http.setDefaultHeader("Accept", "application/*+xml;version=5.1"); // 10.6 dropped 5.1
        HttpResult r = http.post(at(*sim, u"/api/sessions"_s), {}, {},
                                 {{"Authorization", basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
        QCOMPARE(r.status, 406);
        QVERIFY(r.body.contains("Unknown API version: 5.1"));
        QVERIFY(r.body.contains("Supported API versions are: "));
        QVERIFY(r.body.contains("majorErrorCode=\"406\""));

        http.setDefaultHeader("Accept", "application/*+xml");
        r = http.get(at(*sim, u"/api/org"_s));
        QCOMPARE(r.status, 406);
        QVERIFY(r.body.contains("Invalid API version requested"));
    }

    void loginFlowsPerProduct_data() { versionsPerProduct_data(); }
    void loginFlowsPerProduct()
    {
        QFETCH(QString, product);
        SimConfig cfg;
        cfg.product = product;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        const Product prod = *Product::byName(product);
        const TenantNames tenant = tenantOf(*sim);
        QVERIFY(!tenant.org.isEmpty());
        const QByteArray adminBasic = basicAuth(u"administrator"_s, u"System"_s, u"demo"_s);
        const QByteArray tenantBasic = basicAuth(u"orgadmin"_s, tenant.org, u"demo"_s);

        // Legacy login with the newest version below 38.0 that the release offers.
        const QString legacy = highestBelow(prod, u"38.0"_s);
        if (!legacy.isEmpty()) {
            HttpClient http;
            http.setApiVersion(legacy);
            HttpResult r = http.post(at(*sim, u"/api/sessions"_s), {}, {}, {{"Authorization", adminBasic}});
            QCOMPARE(r.status, 200);
            QVERIFY(r.header("Content-Type")
                        .startsWith(QByteArray("application/vnd.vmware.vcloud.session+xml;version=" +
                                               legacy.toLatin1())));
            const QByteArray token = r.header("x-vcloud-authorization");
            QCOMPARE(token.size(), 32);
            QVERIFY(r.body.contains("user=\"administrator\""));
            http.setDefaultHeader("x-vcloud-authorization", token);
            QCOMPARE(http.get(at(*sim, u"/api/org"_s)).status, 200);
            QCOMPARE(http.get(at(*sim, u"/api/session"_s)).status, 200);
            QCOMPARE(http.del(at(*sim, u"/api/session"_s)).status, 204);
            QCOMPARE(http.get(at(*sim, u"/api/org"_s)).status, 401);

            // Bad credentials: 401, empty body, a challenge.
            http.removeDefaultHeader("x-vcloud-authorization");
            r = http.post(at(*sim, u"/api/sessions"_s), {}, {},
                          {{"Authorization", basicAuth(u"administrator"_s, u"System"_s, u"wrong"_s)}});
            QCOMPARE(r.status, 401);
            QVERIFY(r.body.isEmpty());
            QVERIFY(r.header("WWW-Authenticate").contains("Basic realm=\"vCloud\""));
        }
        const QString top = highestAny(prod);
        if (compareVersions(top, u"38.0"_s) >= 0) {
            HttpClient http;
            http.setApiVersion(top);
            const HttpResult r =
                http.post(at(*sim, u"/api/sessions"_s), {}, {}, {{"Authorization", adminBasic}});
            QCOMPARE(r.status, 405); // refused from 38.0 on
            QVERIFY(r.body.contains("/cloudapi/1.0.0/sessions"));
        }

        // cloudapi sessions from 33.0.
        const bool hasCloudapi = compareVersions(top, u"33.0"_s) >= 0;
        {
            HttpClient http;
            http.setDefaultHeader("Accept", "application/json;version=" + top.toLatin1());
            HttpResult r = http.post(at(*sim, u"/cloudapi/1.0.0/sessions/provider"_s), {}, {},
                                     {{"Authorization", adminBasic}});
            if (!hasCloudapi) {
                QCOMPARE(r.status, 404);
            } else {
                QCOMPARE(r.status, 200);
                const QByteArray jwt = r.header("X-VMWARE-VCLOUD-ACCESS-TOKEN");
                QCOMPARE(jwt.count('.'), 2);
                const QJsonObject session = QJsonDocument::fromJson(r.body).object();
                QVERIFY(session.value(u"id").toString().startsWith(u"urn:vcloud:session:"));
                QCOMPARE(session.value(u"user").toObject().value(u"name").toString(), u"administrator"_s);

                // The JWT works on /api too (docs/VCD-API.md §2.3).
                HttpClient api;
                api.setApiVersion(top);
                api.setDefaultHeader("Authorization", "Bearer " + jwt);
                const HttpResult s = api.get(at(*sim, u"/api/session"_s));
                QCOMPARE(s.status, 200);
                QVERIFY(s.body.contains("<Session"));

                // Tenants use /sessions; a System user there is refused, and a tenant on /provider.
                r = http.post(at(*sim, u"/cloudapi/1.0.0/sessions"_s), {}, {},
                              {{"Authorization", adminBasic}});
                QCOMPARE(r.status, 401);
                r = http.post(at(*sim, u"/cloudapi/1.0.0/sessions/provider"_s), {}, {},
                              {{"Authorization", tenantBasic}});
                QCOMPARE(r.status, 401);
                r = http.post(at(*sim, u"/cloudapi/1.0.0/sessions"_s), {}, {},
                              {{"Authorization", tenantBasic}});
                QCOMPARE(r.status, 200);

                // Logout through cloudapi.
                http.setDefaultHeader("Authorization", "Bearer " + jwt);
                QCOMPARE(http.del(at(*sim, u"/cloudapi/1.0.0/sessions/current"_s)).status, 204);
                QCOMPARE(api.get(at(*sim, u"/api/session"_s)).status, 401);
            }
        }

        // API tokens from 36.1.
        {
            HttpClient http;
            const bool hasTokens = compareVersions(top, u"36.1"_s) >= 0;
            HttpResult r = http.post(at(*sim, u"/oauth/tenant/"_s + tenant.org + u"/token"_s),
                                     formBody(tenant.orgAdminToken), "application/x-www-form-urlencoded");
            if (!hasTokens) {
                QCOMPARE(r.status, 404);
            } else {
                QCOMPARE(r.status, 200);
                const QJsonObject o = QJsonDocument::fromJson(r.body).object();
                QCOMPARE(o.value(u"token_type").toString(), u"Bearer"_s);
                const QByteArray access = o.value(u"access_token").toString().toLatin1();
                QVERIFY(!access.isEmpty());
                HttpClient api;
                api.setApiVersion(top);
                api.setDefaultHeader("Authorization", "Bearer " + access);
                const HttpResult s = api.get(at(*sim, u"/api/session"_s));
                QCOMPARE(s.status, 200);
                QVERIFY(s.body.contains("user=\"orgadmin\""));

                r = http.post(at(*sim, u"/oauth/provider/token"_s), formBody(tenant.adminToken),
                              "application/x-www-form-urlencoded");
                QCOMPARE(r.status, 200);
                r = http.post(at(*sim, u"/oauth/tenant/"_s + tenant.org + u"/token"_s),
                              formBody(u"not-a-token"_s), "application/x-www-form-urlencoded");
                QCOMPARE(r.status, 400);
                QVERIFY(r.body.contains("invalid_grant"));
            }
        }
    }

    void requiredLoginHeader()
    {
        SimConfig cfg;
        const QByteArray key = QByteArray("apikey:apisecret").toBase64();
        cfg.requiredLoginHeaders.append({"x-id-sec", key});
        auto sim = startSim(cfg);
        QVERIFY(sim);
        HttpClient http;
        http.setDefaultHeader("Accept", "application/json;version=39.0");
        const QByteArray basic = basicAuth(u"administrator"_s, u"System"_s, u"demo"_s);
        QCOMPARE(
            http.post(at(*sim, u"/cloudapi/1.0.0/sessions/provider"_s), {}, {}, {{"Authorization", basic}})
                .status,
            401);
        QCOMPARE(http.post(at(*sim, u"/cloudapi/1.0.0/sessions/provider"_s), {}, {},
                           {{"Authorization", basic}, {"x-id-sec", "wrong"}})
                     .status,
                 401);
        QCOMPARE(http.post(at(*sim, u"/cloudapi/1.0.0/sessions/provider"_s), {}, {},
                           {{"Authorization", basic}, {"x-id-sec", key}})
                     .status,
                 200);
        http.setApiVersion(u"37.2"_s);
        QCOMPARE(http.post(at(*sim, u"/api/sessions"_s), {}, {}, {{"Authorization", basic}}).status, 401);
        QCOMPARE(
            http.post(at(*sim, u"/api/sessions"_s), {}, {}, {{"Authorization", basic}, {"x-id-sec", key}})
                .status,
            200);
    }

    void idleSessionExpires()
    {
        auto sim = startSim();
        QVERIFY(sim);
        HttpClient http;
        http.setApiVersion(u"37.2"_s);
        const HttpResult login =
            http.post(at(*sim, u"/api/sessions"_s), {}, {},
                      {{"Authorization", basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
        QCOMPARE(login.status, 200);
        http.setDefaultHeader("x-vcloud-authorization", login.header("x-vcloud-authorization"));
        QCOMPARE(http.get(at(*sim, u"/api/org"_s)).status, 200);
        sim->setSessionIdleTimeoutMs(1);
        HttpResult expired;
        QTRY_VERIFY_WITH_TIMEOUT((expired = http.get(at(*sim, u"/api/org"_s))).status == 401, 5000);
        QVERIFY(expired.body.isEmpty()); // as observed on real servers (docs/VCD-API.md §2.6)
    }

    void faultsLatencyErrorsDrops()
    {
        auto sim = startSim();
        QVERIFY(sim);
        HttpClient http;
        const QUrl versions = at(*sim, u"/api/versions"_s);

        Faults f;
        f.latencyMs = 150;
        sim->setFaults(f);
        HttpResult r = http.get(versions);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.elapsedMs >= 140, qPrintable(QString::number(r.elapsedMs)));

        f = {};
        f.errorRate = 1.0;
        sim->setFaults(f);
        r = http.get(versions);
        QVERIFY(r.status == 500 || r.status == 503);
        QVERIFY(r.body.contains("<Error"));
        QVERIFY(r.body.contains("injected fault"));

        f = {};
        f.fail503Next = 1;
        sim->setFaults(f);
        r = http.get(versions);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("1"));
        QCOMPARE(http.get(versions).status, 200);

        f = {};
        f.dropNext = 1;
        sim->setFaults(f);
        r = http.get(versions);
        QVERIFY2(r.error != QNetworkReply::NoError, qPrintable(QString::number(r.status)));
        QCOMPARE(http.get(versions).status, 200);

        f = {};
        f.dropRate = 1.0;
        sim->setFaults(f);
        QVERIFY(http.get(versions).error != QNetworkReply::NoError);
        sim->setFaults({});
        QCOMPARE(http.get(versions).status, 200);
    }

    void controlEndpointOnlyWhenAsked()
    {
        auto plain = startSim();
        QVERIFY(plain);
        HttpClient http;
        QCOMPARE(http.get(at(*plain, u"/control/faults"_s)).status, 404);

        SimConfig cfg;
        cfg.control = true;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        const QList<QPair<QByteArray, QByteArray>> token = {{"X-VCD-SIM-CONTROL-TOKEN", sim->controlToken()}};
        QCOMPARE(sim->controlToken().size(), 32); // 128 random bits, hex
        HttpResult r =
            http.put(at(*sim, u"/control/faults"_s), R"({"fail503Next":1})", "application/json", token);
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"fail503Next").toInt(), 1);
        QCOMPARE(http.get(at(*sim, u"/api/versions"_s)).status, 503);
        QCOMPARE(http.get(at(*sim, u"/api/versions"_s)).status, 200);
        QCOMPARE(http.put(at(*sim, u"/control/faults"_s), "{nope", "application/json", token).status, 400);
    }

    void controlEndpointNeedsTokenAndJson()
    {
        SimConfig cfg;
        cfg.control = true;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        HttpClient http;
        const QByteArray body = R"({"fail503Next":5})";
        // No token, a wrong one, one of the wrong length: 401, and nothing changed.
        QCOMPARE(http.get(at(*sim, u"/control/faults"_s)).status, 401);
        QCOMPARE(http.put(at(*sim, u"/control/faults"_s), body, "application/json").status, 401);
        QByteArray wrong = sim->controlToken();
        wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
        QCOMPARE(http.put(at(*sim, u"/control/faults"_s), body, "application/json",
                          {{"X-VCD-SIM-CONTROL-TOKEN", wrong}})
                     .status,
                 401);
        QCOMPARE(http.post(at(*sim, u"/control/expire-sessions"_s), {}, "application/json",
                           {{"X-VCD-SIM-CONTROL-TOKEN", sim->controlToken().left(8)}})
                     .status,
                 401);
        // The token but a "simple" content type, as a cross-site form post would send: 415.
        const QList<QPair<QByteArray, QByteArray>> token = {{"X-VCD-SIM-CONTROL-TOKEN", sim->controlToken()}};
        QCOMPARE(http.put(at(*sim, u"/control/faults"_s), body, "text/plain", token).status, 415);
        QCOMPARE(
            http.put(at(*sim, u"/control/faults"_s), body, "application/x-www-form-urlencoded", token).status,
            415);
        QCOMPARE(sim->faults().fail503Next, 0);
        QCOMPARE(
            http.put(at(*sim, u"/control/faults"_s), body, "application/json; charset=utf-8", token).status,
            200);
        QCOMPARE(sim->faults().fail503Next, 5);

        // Two simulators, two tokens.
        auto other = startSim(cfg);
        QVERIFY(other);
        QVERIFY(other->controlToken() != sim->controlToken());
    }

    void executableControlTokenInReadyFile()
    {
        QTemporaryDir dir;
        const QString readyFile = dir.filePath(u"ready"_s);
        QProcess proc;
        proc.start(QString::fromUtf8(VCD_SIM_EXECUTABLE),
                   {u"--port"_s, u"0"_s, u"--ready-file"_s, readyFile, u"--control"_s});
        QVERIFY(proc.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += proc.readAllStandardOutput()).contains("control token: "), 20000);
        const QRegularExpression re(u"control token: ([0-9a-f]{32}) "_s);
        const auto m = re.match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        QFile f(readyFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QVERIFY(lines.value(0).startsWith("http://127.0.0.1:"));
        QCOMPARE(lines.value(1), "control-token=" + m.captured(1).toLatin1());

        HttpClient http;
        const QUrl faults(QString::fromUtf8(lines.value(0)) + u"/control/faults"_s);
        QCOMPARE(http.get(faults).status, 401);
        QCOMPARE(http.get(faults, {{"X-VCD-SIM-CONTROL-TOKEN", m.captured(1).toLatin1()}}).status, 200);
        proc.terminate();
        QVERIFY(proc.waitForFinished(10000));
    }

    void badInputGetsErrorsAndServiceGoesOn()
    {
        SimConfig cfg;
        auto sim = startSim(cfg);
        QVERIFY(sim);
        HttpClient http;
        http.setApiVersion(u"37.2"_s);
        // Malformed Basic header.
        HttpResult r =
            http.post(at(*sim, u"/api/sessions"_s), {}, {}, {{"Authorization", "Basic !!!notbase64"}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("<Error"));
        r = http.post(at(*sim, u"/api/sessions"_s), {}, {},
                      {{"Authorization", "Basic " + QByteArray("no-org-here").toBase64()}});
        QCOMPARE(r.status, 400);
        // Missing credentials on login → 403.
        QCOMPARE(http.post(at(*sim, u"/api/sessions"_s)).status, 403);

        const HttpResult login =
            http.post(at(*sim, u"/api/sessions"_s), {}, {},
                      {{"Authorization", basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
        QCOMPARE(login.status, 200);
        http.setDefaultHeader("x-vcloud-authorization", login.header("x-vcloud-authorization"));

        // Unknown path → 404 with an Error body.
        r = http.get(at(*sim, u"/api/nothing/here"_s));
        QCOMPARE(r.status, 404);
        QVERIFY(r.body.contains("<Error"));
        r = http.get(at(*sim, u"/elsewhere"_s));
        QCOMPARE(r.status, 404);

        // Body over 10 MB → 413.
        r = http.post(at(*sim, u"/api/query"_s), QByteArray(10 * 1024 * 1024 + 10, 'x'), "application/xml");
        QCOMPARE(r.status, 413);
        QVERIFY(r.body.contains("<Error"));

        // Path tricks, sent raw so that no client normalises them.
        for (const QByteArray &path :
             {QByteArray("/api/../etc/passwd"), QByteArray("/api/%2e%2e/%2e%2e/etc/passwd"),
              QByteArray("/api//org"), QByteArray("/api/org/%00")}) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, sim->port());
            QVERIFY(socket.waitForConnected(5000) || socket.state() == QAbstractSocket::ConnectedState);
            socket.write("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            QByteArray answer;
            QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("</Error>") ||
                                         socket.state() == QAbstractSocket::UnconnectedState,
                                     5000);
            answer += socket.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 404"),
                     path.constData());
            QVERIFY2(!answer.contains("root:"), path.constData());
        }

        // The server still serves everybody.
        QCOMPARE(http.get(at(*sim, u"/api/org"_s)).status, 200);
        HttpClient other;
        QCOMPARE(other.get(at(*sim, u"/api/versions"_s)).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestVcdSimulator)
#include "tst_vcdsimulator.moc"
