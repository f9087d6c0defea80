// RequestRenderer: golden curl / Python / PowerShell strings for a GET with a token and a POST with
// an XML body full of quotes; placeholders vs reveal; secret extra headers; quoting proved by running
// the shell (bash) and Python (python3, with a stand-in `requests` module) on the output.

#include "core/net/requestlog.h"
#include "core/net/requestrenderer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

// What the Session appends for a GET /api/org with the legacy token; stored through a RequestLog so
// the test renders exactly what the console would.
Exchange loggedGet()
{
    Exchange e;
    e.method = "GET";
    e.url = QUrl(u"https://vcd.example.com/api/org"_s);
    e.requestHeaders = {{"Accept", "application/*+xml;version=37.2"},
                        {"x-vcloud-authorization", "a3f1c9e07b2d4e5f8a6b1c2d3e4f5a6b"},
                        {"Accept-Encoding", "gzip, deflate"},
                        {"Host", "vcd.example.com"},
                        {"Connection", "Keep-Alive"}};
    e.status = 200;
    RequestLog log;
    return *log.entry(log.append(e));
}

const QByteArray kXmlBody =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\">\n"
    "  <Value>Bob's \"prod\" vApp: $HOME `id` \\ caf\xc3\xa9 it\xe2\x80\x99s</Value>\n"
    "</MetadataValue>\n";

Exchange loggedPost()
{
    Exchange e;
    e.method = "POST";
    e.url = QUrl(u"https://vcd.example.com/api/vApp/vapp-7f3c/metadata/owner?note=a%20b"_s);
    e.requestHeaders = {{"Accept", "application/*+xml;version=37.2"},
                        {"Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"},
                        {"X-VMWARE-VCLOUD-TOKEN-TYPE", "Bearer"},
                        {"Content-Type", "application/vnd.vmware.vcloud.metadata.value+xml"},
                        {"Content-Length", QByteArray::number(kXmlBody.size())}};
    e.requestBody = kXmlBody;
    RequestLog log;
    return *log.entry(log.append(e));
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args, const QByteArray &input = {},
        const QList<QPair<QString, QString>> &env = {})
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const auto &[k, v] : env)
        e.insert(k, v);
    p.setProcessEnvironment(e);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString bash()
{
    return QStandardPaths::findExecutable(u"bash"_s);
}
QString python3()
{
    return QStandardPaths::findExecutable(u"python3"_s);
}

// Runs a Python snippet with a stand-in `requests` module that prints what it was asked to send:
// a JSON line {method, url, headers, verify} and the body as hex.
const char kFakeRequests[] = R"PY(
import sys, types, json
src = sys.stdin.read()
m = types.ModuleType("requests")
class R:
    status_code = 299
    text = "fake"
def request(method, url, headers=None, data=None, verify=True):
    print(json.dumps({"method": method, "url": url, "headers": headers, "verify": verify}))
    print((data or b"").hex())
    return R()
m.request = request
sys.modules["requests"] = m
exec(compile(src, "snippet", "exec"), {"__name__": "__main__"})
)PY";

} // namespace

class TestRequestRenderer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void curlGetGolden()
    {
        QCOMPARE(RequestRenderer::curl(loggedGet()), u"# needs VCD_TOKEN in the environment\n"
                                                     "curl -X GET https://vcd.example.com/api/org \\\n"
                                                     "  -H 'Accept: application/*+xml;version=37.2' \\\n"
                                                     "  -H \"x-vcloud-authorization: ${VCD_TOKEN}\"\n"_s);
    }

    void pythonGetGolden()
    {
        QCOMPARE(RequestRenderer::python(loggedGet()),
                 u"# needs VCD_TOKEN in the environment\n"
                 "import os, requests\n"
                 "\n"
                 "response = requests.request(\n"
                 "    \"GET\",\n"
                 "    \"https://vcd.example.com/api/org\",\n"
                 "    headers={\n"
                 "        \"Accept\": \"application/*+xml;version=37.2\",\n"
                 "        \"x-vcloud-authorization\": os.environ[\"VCD_TOKEN\"],\n"
                 "    },\n"
                 ")\n"
                 "print(response.status_code)\n"
                 "print(response.text)\n"_s);
    }

    void powershellGetGolden()
    {
        QCOMPARE(RequestRenderer::powershell(loggedGet()),
                 u"# needs VCD_TOKEN in the environment\n"
                 "$headers = @{\n"
                 "    'Accept' = 'application/*+xml;version=37.2'\n"
                 "    'x-vcloud-authorization' = $env:VCD_TOKEN\n"
                 "}\n"
                 "$response = Invoke-RestMethod -Method 'GET' -Uri 'https://vcd.example.com/api/org' "
                 "-Headers $headers\n"
                 "if ($response -is [xml]) { $response.OuterXml } else { $response }\n"_s);
    }

    void curlPostGolden()
    {
        QCOMPARE(RequestRenderer::curl(loggedPost()),
                 u"# needs VCD_TOKEN in the environment\n"
                 "curl -X POST 'https://vcd.example.com/api/vApp/vapp-7f3c/metadata/owner?note=a%20b' \\\n"
                 "  -H 'Accept: application/*+xml;version=37.2' \\\n"
                 "  -H \"Authorization: Bearer ${VCD_TOKEN}\" \\\n"
                 "  -H 'X-VMWARE-VCLOUD-TOKEN-TYPE: Bearer' \\\n"
                 "  -H 'Content-Type: application/vnd.vmware.vcloud.metadata.value+xml' \\\n"
                 "  --data-binary '<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\">\n"
                 "  <Value>Bob'\\''s \"prod\" vApp: $HOME `id` \\ caf\u00e9 it\u2019s</Value>\n"
                 "</MetadataValue>\n"
                 "'\n"_s);
    }

    void pythonPostGolden()
    {
        QCOMPARE(
            RequestRenderer::python(loggedPost()),
            u"# needs VCD_TOKEN in the environment\n"
            "import os, requests\n"
            "\n"
            "response = requests.request(\n"
            "    \"POST\",\n"
            "    \"https://vcd.example.com/api/vApp/vapp-7f3c/metadata/owner?note=a%20b\",\n"
            "    headers={\n"
            "        \"Accept\": \"application/*+xml;version=37.2\",\n"
            "        \"Authorization\": \"Bearer \" + os.environ[\"VCD_TOKEN\"],\n"
            "        \"X-VMWARE-VCLOUD-TOKEN-TYPE\": \"Bearer\",\n"
            "        \"Content-Type\": \"application/vnd.vmware.vcloud.metadata.value+xml\",\n"
            "    },\n"
            "    data=(\n"
            "        \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-8\\\"?>\\n\"\n"
            "        \"<MetadataValue xmlns=\\\"http://www.vmware.com/vcloud/v1.5\\\">\\n\"\n"
            "        \"  <Value>Bob's \\\"prod\\\" vApp: $HOME `id` \\\\ caf\\xe9 it\\u2019s</Value>\\n\"\n"
            "        \"</MetadataValue>\\n\"\n"
            "    ).encode(\"utf-8\"),\n"
            ")\n"
            "print(response.status_code)\n"
            "print(response.text)\n"_s);
    }

    void powershellPostGolden()
    {
        QCOMPARE(RequestRenderer::powershell(loggedPost()),
                 u"# needs VCD_TOKEN in the environment\n"
                 "$headers = @{\n"
                 "    'Accept' = 'application/*+xml;version=37.2'\n"
                 "    'Authorization' = ('Bearer ' + $env:VCD_TOKEN)\n"
                 "    'X-VMWARE-VCLOUD-TOKEN-TYPE' = 'Bearer'\n"
                 "}\n"
                 "$body = [System.Text.Encoding]::UTF8.GetBytes((@(\n"
                 "    '<?xml version=\"1.0\" encoding=\"UTF-8\"?>'\n"
                 "    '<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\">'\n"
                 "    '  <Value>Bob''s \"prod\" vApp: $HOME `id` \\ caf\u00e9 it\u2019\u2019s</Value>'\n"
                 "    '</MetadataValue>'\n"
                 "    ''\n"
                 ") -join \"`n\"))\n"
                 "$response = Invoke-RestMethod -Method 'POST' -Uri "
                 "'https://vcd.example.com/api/vApp/vapp-7f3c/metadata/owner?note=a%20b' -Headers $headers "
                 "-ContentType 'application/vnd.vmware.vcloud.metadata.value+xml' -Body $body\n"
                 "if ($response -is [xml]) { $response.OuterXml } else { $response }\n"_s);
    }

    void revealInlinesQuotedValues()
    {
        RenderOptions reveal;
        reveal.reveal = true;
        reveal.revealedHeaders = {
            {"X-VCLOUD-AUTHORIZATION", "it's \"q\" $x"}}; // name matched case-insensitively
        const Exchange e = loggedGet();
        const QString curl = RequestRenderer::curl(e, reveal);
        QVERIFY2(curl.contains(u"-H 'x-vcloud-authorization: it'\\''s \"q\" $x'"_s), qPrintable(curl));
        QVERIFY2(!curl.contains(u"VCD_TOKEN"_s), qPrintable(curl));
        const QString py = RequestRenderer::python(e, reveal);
        QVERIFY2(py.contains(u"\"x-vcloud-authorization\": \"it's \\\"q\\\" $x\",\n"_s), qPrintable(py));
        QVERIFY2(!py.contains(u"os.environ"_s), qPrintable(py));
        const QString ps = RequestRenderer::powershell(e, reveal);
        QVERIFY2(ps.contains(u"'x-vcloud-authorization' = 'it''s \"q\" $x'\n"_s), qPrintable(ps));
        QVERIFY2(!ps.contains(u"$env:"_s), qPrintable(ps));

        // The revealed values are used only with reveal set.
        reveal.reveal = false;
        QCOMPARE(RequestRenderer::curl(e, reveal), RequestRenderer::curl(e));
        QVERIFY(!RequestRenderer::python(e, reveal).contains(u"it's"_s));
    }

    void secretExtraHeaderPlaceholder()
    {
        RequestLog log;
        log.setSecretHeaderNames({"x-id-sec"});
        Exchange raw = loggedGet();
        raw.requestHeaders.append(qMakePair(QByteArray("X-Id-Sec"), QByteArray("gateway-secret")));
        const Exchange e = *log.entry(log.append(raw));
        const QString curl = RequestRenderer::curl(e);
        QVERIFY2(curl.startsWith(u"# needs VCD_TOKEN, VCD_HEADER_X_ID_SEC in the environment\n"_s),
                 qPrintable(curl));
        QVERIFY2(curl.contains(u"-H \"X-Id-Sec: ${VCD_HEADER_X_ID_SEC}\""_s), qPrintable(curl));
        QVERIFY(RequestRenderer::python(e).contains(u"\"X-Id-Sec\": os.environ[\"VCD_HEADER_X_ID_SEC\"],"_s));
        QVERIFY(RequestRenderer::powershell(e).contains(u"'X-Id-Sec' = $env:VCD_HEADER_X_ID_SEC\n"_s));
        QVERIFY(!QString(curl + RequestRenderer::python(e) + RequestRenderer::powershell(e))
                     .contains(u"gateway-secret"_s));

        // Reveal only the token: the other secret header keeps its placeholder.
        RenderOptions reveal;
        reveal.reveal = true;
        reveal.revealedHeaders = {{"x-vcloud-authorization", "tok"}};
        const QString partly = RequestRenderer::curl(e, reveal);
        QVERIFY2(partly.startsWith(u"# needs VCD_HEADER_X_ID_SEC in the environment\n"_s),
                 qPrintable(partly));
        QVERIFY(partly.contains(u"-H 'x-vcloud-authorization: tok'"_s));
    }

    void placeholderVariables_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("variable");
        QTest::newRow("legacy token")
            << QByteArray("x-vcloud-authorization") << QByteArray("<redacted>") << u"VCD_TOKEN"_s;
        QTest::newRow("access token")
            << QByteArray("X-VMWARE-VCLOUD-ACCESS-TOKEN") << QByteArray("<redacted>") << u"VCD_TOKEN"_s;
        QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer <redacted>")
                                << u"VCD_TOKEN"_s;
        QTest::newRow("basic") << QByteArray("Authorization") << QByteArray("Basic <redacted>")
                               << u"VCD_HEADER_AUTHORIZATION"_s;
        QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("<redacted>") << u"VCD_HEADER_COOKIE"_s;
        QTest::newRow("extra") << QByteArray("x-id-sec") << QByteArray("<redacted>")
                               << u"VCD_HEADER_X_ID_SEC"_s;
        QTest::newRow("odd chars") << QByteArray("X.Api Key2") << QByteArray("<redacted>")
                                   << u"VCD_HEADER_X_API_KEY2"_s;
    }

    void placeholderVariables()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(QString, variable);
        QCOMPARE(RequestRenderer::placeholderVariable(name, value), variable);
    }

    void managedHeadersAreSkipped()
    {
        const Exchange e = loggedGet();
        for (const QString &text :
             {RequestRenderer::curl(e), RequestRenderer::python(e), RequestRenderer::powershell(e)}) {
            QVERIFY2(!text.contains(u"Accept-Encoding"_s, Qt::CaseInsensitive), qPrintable(text));
            QVERIFY2(!text.contains(u"Host"_s, Qt::CaseInsensitive), qPrintable(text));
            QVERIFY2(!text.contains(u"Connection"_s, Qt::CaseInsensitive), qPrintable(text));
        }
        QVERIFY(!RequestRenderer::curl(loggedPost()).contains(u"Content-Length"_s));
        QVERIFY(RequestRenderer::isManagedHeader("content-LENGTH"));
        QVERIFY(!RequestRenderer::isManagedHeader("Accept"));
    }

    void curlAsksForCompressionOnlyWhenTheAnswerCameCompressed()
    {
        Exchange e = loggedGet();
        QVERIFY(!RequestRenderer::curl(e).contains(u"--compressed"_s));
        e.responseHeaders = {{"Content-Encoding", "identity"}};
        QVERIFY(!RequestRenderer::curl(e).contains(u"--compressed"_s));
        e.responseHeaders = {{"content-encoding", "gzip"}};
        QVERIFY(RequestRenderer::curl(e).contains(u"  --compressed\n"_s));
        // Python requests and PowerShell decode by themselves and need no flag.
        QCOMPARE(RequestRenderer::python(e), RequestRenderer::python(loggedGet()));
        QCOMPARE(RequestRenderer::powershell(e), RequestRenderer::powershell(loggedGet()));
    }

    void insecureOnlyWhenAsked()
    {
        const Exchange e = loggedGet();
        QVERIFY(!RequestRenderer::curl(e).contains(u"insecure"_s));
        QVERIFY(!RequestRenderer::python(e).contains(u"verify"_s));
        QVERIFY(!RequestRenderer::powershell(e).contains(u"SkipCertificateCheck"_s));
        RenderOptions o;
        o.insecure = true;
        QVERIFY(RequestRenderer::curl(e, o).contains(u"  --insecure\n"_s));
        QVERIFY(RequestRenderer::python(e, o).contains(u"    verify=False,\n"_s));
        QVERIFY(RequestRenderer::powershell(e, o).contains(u"-Headers $headers -SkipCertificateCheck\n"_s));
    }

    void specialRequests()
    {
        Exchange head;
        head.method = "HEAD";
        head.url = QUrl(u"https://vcd.example.com/api/versions"_s);
        head.requestHeaders = {{"X-Empty", ""}, {"X-Dup", "a"}, {"x-dup", "b"}};
        const QString curl = RequestRenderer::curl(head);
        QVERIFY2(curl.startsWith(u"curl --head https://vcd.example.com/api/versions \\\n"_s),
                 qPrintable(curl));
        QVERIFY2(curl.contains(u"-H 'X-Empty;'"_s), qPrintable(curl)); // curl's syntax for an empty value
        // Repeated names are merged as HTTP allows (RFC 9110 §5.3), the same in every language.
        QVERIFY2(curl.contains(u"-H 'X-Dup: a, b'"_s), qPrintable(curl));
        QVERIFY(RequestRenderer::python(head).contains(u"\"X-Dup\": \"a, b\",\n"_s));

        Exchange odd;
        odd.method = "PROPFIND";
        odd.url = QUrl(u"https://vcd.example.com/x"_s);
        QVERIFY(RequestRenderer::powershell(odd).contains(u"Invoke-RestMethod -CustomMethod 'PROPFIND'"_s));
        QVERIFY(RequestRenderer::powershell(odd).startsWith(u"$headers = @{}\n"_s));
        QVERIFY(RequestRenderer::python(odd).contains(u"    headers={},\n"_s));
    }

    void notesForTruncatedAndRedactedBodies()
    {
        RequestLog log(5, 60);
        Exchange e;
        e.method = "POST";
        e.url = QUrl(u"https://vcd.example.com/oauth/provider/token"_s);
        e.requestHeaders = {{"Content-Type", "application/x-www-form-urlencoded"}};
        e.requestBody = "grant_type=refresh_token&refresh_token=rt-0123456789&pad=" + QByteArray(100, 'x');
        const Exchange stored = *log.entry(log.append(e));
        const QString curl = RequestRenderer::curl(stored);
        QVERIFY2(curl.contains(u"# the request log cut the body at 60 bytes"_s), qPrintable(curl));
        QVERIFY2(curl.contains(u"# <redacted> in the URL or body stands for a secret"_s), qPrintable(curl));
        QVERIFY2(
            curl.contains(u"--data-binary 'grant_type=refresh_token&refresh_token=<redacted>&pad=xxxxxx'"_s),
            qPrintable(curl));
    }

    void shellQuoting_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("safe") << QByteArray("https://h.example/api/org");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("apostrophes") << QByteArray("it's 'quoted' ''");
        QTest::newRow("shell specials") << QByteArray("$HOME `id` $(id) \\ \" ! * ? ~ & ; | < > # %");
        QTest::newRow("newlines") << QByteArray("a\nb\r\n\tc\n");
        QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9 \xe2\x80\x99");
    }

    void shellQuoting()
    {
        QFETCH(QByteArray, text);
        const QString quoted = RequestRenderer::shellQuote(text);
        QVERIFY(!bash().isEmpty());
        const Run r = run(bash(), {u"-c"_s, u"printf '%s' "_s + quoted});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, text);
    }

    void shellHeaderWithPlaceholderEvaluates()
    {
        // A header whose literal part holds shell specials falls back to '…'"${VAR}"'…'.
        RequestLog log;
        log.setKnownSecrets({"s3cr3tvalue"});
        Exchange raw;
        raw.method = "GET";
        raw.url = QUrl(u"https://vcd.example.com/api/org"_s);
        raw.requestHeaders = {{"X-Debug", "cost $5 `x` 'y' s3cr3tvalue!"},
                              {"Authorization", "Bearer tok-123456"}};
        const Exchange e = *log.entry(log.append(raw));
        const QString curl = RequestRenderer::curl(e);
        // Replace "curl" by a printer of its arguments and let bash evaluate the quoting.
        const QString printer = u"curl() { printf '[%s]\\n' \"$@\"; }\n"_s + curl;
        const Run r = run(bash(), {u"-c"_s, printer}, {},
                          {{u"VCD_TOKEN"_s, u"T0K"_s}, {u"VCD_HEADER_X_DEBUG"_s, u"S$CRET"_s}});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("[X-Debug: cost $5 `x` 'y' S$CRET!]\n"), r.out.constData());
        QVERIFY2(r.out.contains("[Authorization: Bearer T0K]\n"), r.out.constData());
    }

    void binaryBodies()
    {
        QByteArray bytes;
        for (int i = 0; i < 256; ++i)
            bytes.append(char(i));
        bytes += "'%s\\n%%";
        Exchange e;
        e.method = "PUT";
        e.url = QUrl(u"https://vcd.example.com/transfer/upload"_s);
        e.requestBody = bytes;

        // curl: printf … | curl --data-binary @- ; without a Content-Type curl would invent one.
        const QString curl = RequestRenderer::curl(e);
        QVERIFY2(curl.startsWith(u"printf '"_s), qPrintable(curl));
        QVERIFY(curl.contains(u"  --data-binary @-\n"_s));
        QVERIFY(curl.contains(u"-H 'Content-Type:'"_s));
        const QString printer = u"curl() { cat; }\n"_s + curl;
        const Run r = run(bash(), {u"-c"_s, printer});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, bytes);

        // PowerShell: base64 of the exact bytes.
        const QString ps = RequestRenderer::powershell(e);
        QVERIFY(ps.contains(u"$body = [System.Convert]::FromBase64String('"_s +
                            QString::fromLatin1(bytes.toBase64()) + u"')\n"_s));
        QVERIFY(ps.contains(u"-Method 'PUT'"_s));
    }

    void largeTextBodyGoesThroughStdin()
    {
        // One exec() argument is limited to 128 KiB on Linux: big bodies are piped through printf.
        QByteArray big;
        while (big.size() < 200 * 1000)
            big += "<Item name='x'>$y</Item>\n";
        Exchange e;
        e.method = "POST";
        e.url = QUrl(u"https://vcd.example.com/api/x"_s);
        e.requestHeaders = {{"Content-Type", "application/xml"}};
        e.requestBody = big;
        const QString curl = RequestRenderer::curl(e);
        QVERIFY(curl.startsWith(u"printf '%s' '"_s));
        // The script itself is too big for `bash -c`, so bash reads it from stdin.
        const Run r = run(bash(), {u"-s"_s}, QString(u"curl() { cat; }\n"_s + curl).toUtf8());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.size(), big.size());
        QCOMPARE(r.out, big);
    }

    void pythonSnippetsParse()
    {
        const QString py = python3();
        if (py.isEmpty()) {
            qInfo("python3 not installed: the Python syntax check did not run");
            return;
        }
        Exchange bin;
        bin.method = "PUT";
        bin.url = QUrl(u"https://vcd.example.com/u"_s);
        bin.requestBody = QByteArray("\x00\x01\xff\"\\'", 6);
        RenderOptions reveal;
        reveal.reveal = true;
        reveal.revealedHeaders = {{"x-vcloud-authorization", "x\"y'z\\"}};
        for (const QString &snippet :
             {RequestRenderer::python(loggedGet()), RequestRenderer::python(loggedPost()),
              RequestRenderer::python(bin), RequestRenderer::python(loggedGet(), reveal)}) {
            const Run r =
                run(py, {u"-c"_s, u"import ast,sys; ast.parse(sys.stdin.read())"_s}, snippet.toUtf8());
            QVERIFY2(r.exitCode == 0, QByteArray(r.err + '\n' + snippet.toUtf8()).constData());
        }
    }

    void pythonSnippetSendsTheSameRequest()
    {
        const QString py = python3();
        if (py.isEmpty()) {
            qInfo("python3 not installed: the Python execution check did not run");
            return;
        }
        const Exchange post = loggedPost();
        const Run r = run(py, {u"-c"_s, QString::fromUtf8(kFakeRequests)},
                          RequestRenderer::python(post).toUtf8(), {{u"VCD_TOKEN"_s, u"T0K"_s}});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY(lines.size() >= 4);
        const QJsonObject call = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(call.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(call.value(u"url"_s).toString(), QString::fromLatin1(post.url.toEncoded()));
        QCOMPARE(call.value(u"verify"_s).toBool(), true);
        const QJsonObject headers = call.value(u"headers"_s).toObject();
        QCOMPARE(headers.value(u"Authorization"_s).toString(), u"Bearer T0K"_s);
        QCOMPARE(headers.value(u"Accept"_s).toString(), u"application/*+xml;version=37.2"_s);
        QCOMPARE(QByteArray::fromHex(lines.at(1)), kXmlBody);
        QCOMPARE(lines.at(2), QByteArray("299"));

        QByteArray bytes;
        for (int i = 255; i >= 0; --i)
            bytes.append(char(i));
        Exchange bin;
        bin.method = "PUT";
        bin.url = QUrl(u"https://vcd.example.com/u"_s);
        bin.requestBody = bytes;
        const Run b =
            run(py, {u"-c"_s, QString::fromUtf8(kFakeRequests)}, RequestRenderer::python(bin).toUtf8());
        QVERIFY2(b.exitCode == 0, b.err.constData());
        QCOMPARE(QByteArray::fromHex(b.out.split('\n').at(1)), bytes);
    }

    void literals()
    {
        QCOMPARE(RequestRenderer::pythonLiteral(u"a\"b\\c\nd\u00e9\u2019\U0001F600\x01"_s),
                 u"\"a\\\"b\\\\c\\nd\\xe9\\u2019\\U0001f600\\x01\""_s);
        QCOMPARE(RequestRenderer::powershellLiteral(u"it's \u2018x\u2019 $y `z"_s),
                 u"'it''s \u2018\u2018x\u2019\u2019 $y `z'"_s);
        QCOMPARE(RequestRenderer::shellQuote("it's"), u"'it'\\''s'"_s);
        QCOMPARE(RequestRenderer::shellQuote("GET"), u"GET"_s);
    }
};

QTEST_GUILESS_MAIN(TestRequestRenderer)
#include "tst_requestrenderer.moc"
