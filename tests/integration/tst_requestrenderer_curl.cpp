// The curl a RequestRenderer writes, run against the simulator, gets the same answer as the request
// it was made from: log in (docs/VCD-API.md §2.1), GET /api/org through QNetworkAccessManager, log that
// exchange in a RequestLog, render it as curl (revealed, and with the ${VCD_TOKEN} placeholder),
// run it with bash and compare status and body. Talks only to 127.0.0.1.

#include "common/httpclient.h"
#include "core/net/requestlog.h"
#include "core/net/requestrenderer.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kAccept = "application/*+xml;version=37.2";

struct CurlResult
{
    bool ran = false;
    int status = 0;
    QByteArray body;
    QByteArray stderrText;
};

// curl's own path (from CMake) is put first on PATH so the rendered "curl …" runs exactly that one.
bool haveCurl()
{
    const QFileInfo curl(QString::fromUtf8(VCD_CURL));
    return curl.isFile() && curl.isExecutable();
}

// Runs a rendered command with bash, asking curl to append "\n<status>" to the body. Waits with
// QSignalSpy so the event loop keeps turning (the simulator may need it).
CurlResult runCurl(const QString &command, const QList<QPair<QString, QString>> &env = {})
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"PATH"_s, QFileInfo(QString::fromUtf8(VCD_CURL)).absolutePath() + u':' + e.value(u"PATH"_s));
    e.remove(u"VCD_TOKEN"_s);
    for (const auto &[k, v] : env)
        e.insert(k, v);
    // Never let a proxy of the test machine stand between curl and 127.0.0.1.
    for (const QString &k : {u"http_proxy"_s, u"https_proxy"_s, u"HTTP_PROXY"_s, u"HTTPS_PROXY"_s,
                             u"ALL_PROXY"_s, u"all_proxy"_s})
        e.remove(k);
    p.setProcessEnvironment(e);
    const QString script = command.trimmed() + u" -s -S -w '\\n%{http_code}'"_s;
    QSignalSpy finished(&p, &QProcess::finished);
    p.start(u"bash"_s, {u"-c"_s, script});
    CurlResult r;
    if (!p.waitForStarted(10000) || !(finished.size() > 0 || finished.wait(30000)))
        return r;
    r.ran = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    const QByteArray out = p.readAllStandardOutput();
    r.stderrText = p.readAllStandardError();
    const qsizetype nl = out.lastIndexOf('\n');
    if (nl >= 0) {
        r.body = out.left(nl);
        r.status = out.mid(nl + 1).toInt();
    }
    return r;
}

} // namespace

class TestRequestRendererCurl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A worker thread serves, so the blocking parts of this test never starve the server.
        QString err;
        m_sim = std::make_unique<sim::VcdSimulator>();
        QVERIFY2(m_sim->startInThread(&err), qPrintable(err));
        QCOMPARE(m_sim->baseUrl().host(), u"127.0.0.1"_s);
    }

    void cleanupTestCase()
    {
        if (m_sim)
            m_sim->stop();
    }

    void curlReproducesTheResponse()
    {
        test::HttpClient http;
        const QUrl login(m_sim->baseUrl().toString() + u"/api/sessions"_s);
        const test::HttpResult session =
            http.post(login, {}, {},
                      {{"Accept", kAccept},
                       {"Authorization", test::basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
        QCOMPARE(session.status, 200);
        const QByteArray token = session.header("x-vcloud-authorization");
        QVERIFY(!token.isEmpty());

        // The request as the Session would send it, and its answer through QNAM.
        const QUrl orgs(m_sim->baseUrl().toString() + u"/api/org"_s);
        const QList<QPair<QByteArray, QByteArray>> headers = {{"Accept", kAccept},
                                                              {"x-vcloud-authorization", token}};
        const test::HttpResult viaQnam = http.get(orgs, headers);
        QCOMPARE(viaQnam.status, 200);
        QVERIFY(viaQnam.body.contains("OrgList"));

        Exchange raw;
        raw.method = "GET";
        raw.url = orgs;
        raw.requestHeaders = headers;
        raw.status = viaQnam.status;
        raw.responseHeaders = viaQnam.headers;
        raw.responseBody = viaQnam.body;
        raw.durationMs = viaQnam.elapsedMs;
        RequestLog log;
        log.setKnownSecrets({token});
        const Exchange logged = *log.entry(log.append(raw));
        QCOMPARE(logged.requestHeader("x-vcloud-authorization"), QByteArray(kRedacted));

        const QString placeholder = RequestRenderer::curl(logged);
        QVERIFY(!placeholder.contains(QString::fromLatin1(token)));
        QVERIFY(placeholder.contains(u"${VCD_TOKEN}"_s));
        RenderOptions reveal;
        reveal.reveal = true;
        reveal.revealedHeaders = {{"x-vcloud-authorization", token}};
        const QString revealed = RequestRenderer::curl(logged, reveal);
        QVERIFY(revealed.contains(QString::fromLatin1(token)));

        if (!haveCurl()) {
            qInfo("curl is not installed: the rendered commands were checked but not run");
            return;
        }

        const CurlResult withToken = runCurl(revealed);
        QVERIFY2(withToken.ran, withToken.stderrText.constData());
        QCOMPARE(withToken.status, viaQnam.status);
        QCOMPARE(withToken.body, viaQnam.body);

        const CurlResult withEnv = runCurl(placeholder, {{u"VCD_TOKEN"_s, QString::fromLatin1(token)}});
        QVERIFY2(withEnv.ran, withEnv.stderrText.constData());
        QCOMPARE(withEnv.status, viaQnam.status);
        QCOMPARE(withEnv.body, viaQnam.body);

        // Without the variable the placeholder sends an empty token, and the server refuses it — the
        // command really depends on the environment, not on anything baked in.
        const CurlResult withoutEnv = runCurl(placeholder);
        QVERIFY2(withoutEnv.ran, withoutEnv.stderrText.constData());
        QCOMPARE(withoutEnv.status, 401);
    }

    void curlSendsTheBodyByteForByte()
    {
        // A PUT of a metadata value full of quotes, shell specials and UTF-8: QNAM and curl both get
        // the same status, and what the server stored afterwards is exactly the text curl sent (the
        // answers themselves are tasks with fresh ids, so the stored value is the proof).
        test::HttpClient http;
        const test::HttpResult session =
            http.post(QUrl(m_sim->baseUrl().toString() + u"/api/sessions"_s), {}, {},
                      {{"Accept", kAccept},
                       {"Authorization", test::basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
        QCOMPARE(session.status, 200);
        const QByteArray token = session.header("x-vcloud-authorization");

        QString vappId;
        m_sim->withCloud([&](sim::Cloud &cloud) {
            const auto vapps = cloud.vapps.rows();
            if (!vapps.empty())
                vappId = vapps.front()->id;
        });
        QVERIFY(!vappId.isEmpty());
        const QUrl url(m_sim->baseUrl().toString() + u"/api/vApp/vapp-"_s + vappId +
                       u"/metadata/renderer-test"_s);
        const QList<QPair<QByteArray, QByteArray>> headers = {
            {"Accept", kAccept},
            {"x-vcloud-authorization", token},
            {"Content-Type", "application/vnd.vmware.vcloud.metadata.value+xml"}};
        auto bodyWith = [](const QByteArray &value) -> QByteArray {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\" "
                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                   "  <TypedValue xsi:type=\"MetadataStringValue\">\n"
                   "    <Value>" +
                   value +
                   "</Value>\n"
                   "  </TypedValue>\n"
                   "</MetadataValue>\n";
        };
        auto storedValue = [&]() -> QString {
            const test::HttpResult r = http.get(url, headers.mid(0, 2));
            QXmlStreamReader xml(r.body);
            while (xml.readNextStartElement() || !xml.atEnd()) {
                if (xml.isStartElement() && xml.name() == u"Value")
                    return xml.readElementText();
                if (xml.hasError())
                    break;
                xml.readNext();
            }
            return {};
        };

        const test::HttpResult viaQnam = http.send("PUT", url, bodyWith("set by QNAM"), headers);
        QVERIFY2(viaQnam.status >= 200 && viaQnam.status < 300, viaQnam.body.constData());
        QTRY_COMPARE(storedValue(), u"set by QNAM"_s);

        const QByteArray tricky = "it's \"quoted\" $HOME `id` \\ caf\xc3\xa9 &amp; 100%";
        Exchange raw;
        raw.method = "PUT";
        raw.url = url;
        raw.requestHeaders = headers;
        raw.requestBody = bodyWith(tricky);
        raw.status = viaQnam.status;
        RequestLog log;
        const Exchange logged = *log.entry(log.append(raw));
        QCOMPARE(logged.requestBody, raw.requestBody);

        if (!haveCurl()) {
            qInfo("curl is not installed: the rendered command was not run");
            return;
        }
        const CurlResult r =
            runCurl(RequestRenderer::curl(logged), {{u"VCD_TOKEN"_s, QString::fromLatin1(token)}});
        QVERIFY2(r.ran, r.stderrText.constData());
        QCOMPARE(r.status, viaQnam.status);
        QTRY_COMPARE(storedValue(), u"it's \"quoted\" $HOME `id` \\ caf\u00e9 & 100%"_s);
    }

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
};

QTEST_GUILESS_MAIN(TestRequestRendererCurl)
#include "tst_requestrenderer_curl.moc"
