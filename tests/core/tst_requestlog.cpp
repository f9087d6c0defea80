// RequestLog: the ring (capacity, eviction, signals, ids), body capping, and every redaction rule —
// credential headers, secret profile headers, user info, token request/response bodies, known
// secrets — plus the proof that nothing secret reaches a rendered command without reveal.

#include "core/net/requestlog.h"
#include "core/net/requestrenderer.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "a3f1c9e07b2d4e5f8a6b1c2d3e4f5a6b";
const QByteArray kPassword = "S3cr3t-pa55!";

Exchange makeExchange(const QByteArray &method = "GET",
                      const QString &url = u"https://vcd.example.com/api/org"_s)
{
    Exchange e;
    e.method = method;
    e.url = QUrl(url);
    e.status = 200;
    e.durationMs = 12;
    return e;
}

QByteArray allText(const Exchange &e)
{
    QByteArray out = e.url.toEncoded() + '\n' + e.url.toString().toUtf8() + '\n';
    for (const auto &h : e.requestHeaders)
        out += h.first + ": " + h.second + '\n';
    for (const auto &h : e.responseHeaders)
        out += h.first + ": " + h.second + '\n';
    out += e.requestBody + '\n' + e.responseBody + '\n' + e.networkError.toUtf8() + '\n' + e.note.toUtf8() +
           '\n' + e.serverRequestId.toUtf8() + '\n' + e.clientRequestId.toUtf8();
    return out;
}

QByteArray headerOf(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first == name)
            return h.second;
    return "<missing>";
}

} // namespace

class TestRequestLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        RequestLog log;
        QCOMPARE(log.capacity(), 500);
        QCOMPARE(log.bodyCap(), 1024 * 1024);
        QCOMPARE(log.size(), 0);
        QVERIFY(log.entries().isEmpty());
        QVERIFY(!log.entry(1).has_value());
    }

    void ringEvictsOldestAtCapacity()
    {
        RequestLog log(3);
        QSignalSpy appended(&log, &RequestLog::appended);
        QSignalSpy evicted(&log, &RequestLog::evicted);
        QList<int> order; // 1 = evicted, 2 = appended
        connect(&log, &RequestLog::evicted, this, [&] { order.append(1); });
        connect(&log, &RequestLog::appended, this, [&](quint64 id) {
            order.append(2);
            // The ring is already in its final state when appended fires.
            QVERIFY(log.size() <= 3);
            QVERIFY(log.entry(id).has_value());
        });

        for (int i = 1; i <= 3; ++i)
            QCOMPARE(log.append(makeExchange()), quint64(i));
        QCOMPARE(appended.size(), 3);
        QCOMPARE(evicted.size(), 0);

        QCOMPARE(log.append(makeExchange()), quint64(4));
        QCOMPARE(log.append(makeExchange()), quint64(5));
        QCOMPARE(appended.size(), 5);
        QCOMPARE(appended.last().at(0).value<quint64>(), quint64(5));
        QCOMPARE(evicted.size(), 2);
        QCOMPARE(evicted.at(0).at(0).toInt(), 1);
        QCOMPARE(order, (QList<int>{2, 2, 2, 1, 2, 1, 2}));

        QCOMPARE(log.size(), 3);
        const QList<Exchange> entries = log.entries();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).id, quint64(3));
        QCOMPARE(entries.at(2).id, quint64(5));
        QVERIFY(!log.entry(2).has_value());
        QCOMPARE(log.entry(4)->id, quint64(4));
        QVERIFY(!log.entry(6).has_value());
    }

    void shrinkingCapacityEvicts()
    {
        RequestLog log(10);
        for (int i = 0; i < 6; ++i)
            log.append(makeExchange());
        QSignalSpy evicted(&log, &RequestLog::evicted);
        log.setCapacity(2);
        QCOMPARE(evicted.size(), 1);
        QCOMPARE(evicted.at(0).at(0).toInt(), 4);
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.entries().first().id, quint64(5));
        log.setCapacity(0); // clamped: a log that keeps nothing would be useless to the console
        QCOMPARE(log.capacity(), 1);
        QCOMPARE(log.size(), 1);
    }

    void clearKeepsIdsIncreasing()
    {
        RequestLog log;
        log.append(makeExchange());
        log.append(makeExchange());
        QSignalSpy cleared(&log, &RequestLog::cleared);
        log.clear();
        QCOMPARE(cleared.size(), 1);
        QCOMPARE(log.size(), 0);
        QCOMPARE(log.append(makeExchange()), quint64(3));
        QCOMPARE(log.entry(3)->id, quint64(3));
    }

    void bodiesAreCapped()
    {
        RequestLog log(5, 16);
        Exchange e = makeExchange("POST");
        e.requestBody = QByteArray(40, 'q');
        e.responseBody = QByteArray(100, 'r');
        const quint64 id = log.append(e);
        const Exchange stored = *log.entry(id);
        QCOMPARE(stored.requestBody, QByteArray(16, 'q'));
        QVERIFY(stored.requestBodyTruncated);
        QCOMPARE(stored.responseBody, QByteArray(16, 'r'));
        QVERIFY(stored.responseBodyTruncated);
        QCOMPARE(stored.responseSize, 100); // the real size survives the cap

        Exchange small = makeExchange();
        small.responseBody = "0123456789abcdef"; // exactly the cap
        const Exchange s = *log.entry(log.append(small));
        QVERIFY(!s.responseBodyTruncated);
        QVERIFY(!s.requestBodyTruncated);
        QCOMPARE(s.responseBody, QByteArray("0123456789abcdef"));
        QCOMPARE(s.responseSize, 16);

        Exchange streamed = makeExchange(); // the caller counted a size it did not keep
        streamed.responseSize = 123456;
        QCOMPARE(log.entry(log.append(streamed))->responseSize, 123456);

        log.setBodyCap(4);
        Exchange later = makeExchange();
        later.responseBody = "abcdefgh";
        QCOMPARE(log.entry(log.append(later))->responseBody, QByteArray("abcd"));
    }

    void fillsIdsAndTime()
    {
        RequestLog log;
        Exchange e = makeExchange();
        e.requestHeaders = {{"X-VMWARE-VCLOUD-CLIENT-REQUEST-ID", "my-client-id"}};
        e.responseHeaders = {{"X-Vmware-Vcloud-Request-Id", "41-2025-03-12--abc"}};
        const Exchange stored = *log.entry(log.append(e));
        QCOMPARE(stored.serverRequestId, u"41-2025-03-12--abc"_s);
        QCOMPARE(stored.clientRequestId, u"my-client-id"_s);
        QVERIFY(stored.startedAt.isValid());
        QCOMPARE(stored.startedAt.timeSpec(), Qt::UTC);
    }

    void credentialHeadersAreRedacted_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("x-vcloud-authorization")
            << QByteArray("x-vcloud-authorization") << kToken << QByteArray("<redacted>");
        QTest::newRow("upper case") << QByteArray("X-VCLOUD-AUTHORIZATION") << kToken
                                    << QByteArray("<redacted>");
        QTest::newRow("access token") << QByteArray("X-VMWARE-VCLOUD-ACCESS-TOKEN")
                                      << QByteArray("eyJhbGciOi.x.y") << QByteArray("<redacted>");
        QTest::newRow("bearer keeps scheme")
            << QByteArray("Authorization") << QByteArray("Bearer eyJhbGciOi.x.y")
            << QByteArray("Bearer <redacted>");
        QTest::newRow("basic keeps scheme")
            << QByteArray("authorization") << QByteArray("Basic YWRtaW5pc3RyYXRvckBTeXN0ZW06ZGVtbw==")
            << QByteArray("Basic <redacted>");
        QTest::newRow("SIGN") << QByteArray("Authorization") << QByteArray("SIGN token=\"abc\",org=\"acme\"")
                              << QByteArray("SIGN <redacted>");
        QTest::newRow("no scheme") << QByteArray("Authorization") << QByteArray("justatoken")
                                   << QByteArray("<redacted>");
        QTest::newRow("proxy") << QByteArray("Proxy-Authorization") << QByteArray("Basic dXNlcjpwdw==")
                               << QByteArray("Basic <redacted>");
        QTest::newRow("cookie") << QByteArray("Cookie") << QByteArray("vcloud-token=" + kToken + "; other=1")
                                << QByteArray("<redacted>");
        QTest::newRow("set-cookie") << QByteArray("Set-Cookie")
                                    << QByteArray("vcloud-token=" + kToken + "; Secure; Path=/")
                                    << QByteArray("<redacted>");
        QTest::newRow("ordinary header stays")
            << QByteArray("Accept") << QByteArray("application/*+xml;version=37.2")
            << QByteArray("application/*+xml;version=37.2");
        QTest::newRow("token type stays")
            << QByteArray("X-VMWARE-VCLOUD-TOKEN-TYPE") << QByteArray("Bearer") << QByteArray("Bearer");
    }

    void credentialHeadersAreRedacted()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, expected);
        RequestLog log;
        Exchange e = makeExchange();
        e.requestHeaders = {{name, value}};
        e.responseHeaders = {{name, value}};
        const Exchange stored = *log.entry(log.append(e));
        QCOMPARE(stored.requestHeaders.size(), 1);
        QCOMPARE(stored.requestHeaders.first().first, name); // the name stays as sent
        QCOMPARE(stored.requestHeaders.first().second, expected);
        QCOMPARE(stored.responseHeaders.first().second, expected);
    }

    void secretProfileHeaders()
    {
        RequestLog log;
        QVERIFY(!log.isSecretHeader("x-id-sec"));
        log.setSecretHeaderNames({"X-Id-Sec", "x-api-key"});
        QVERIFY(log.isSecretHeader("X-ID-SEC"));
        QVERIFY(log.isSecretHeader("authorization")); // built-ins always apply
        Exchange e = makeExchange();
        e.requestHeaders = {
            {"x-id-sec", "gateway-secret-value"}, {"X-API-KEY", "k-123456"}, {"X-Tenant", "acme"}};
        const Exchange stored = *log.entry(log.append(e));
        QCOMPARE(headerOf(stored.requestHeaders, "x-id-sec"), QByteArray("<redacted>"));
        QCOMPARE(headerOf(stored.requestHeaders, "X-API-KEY"), QByteArray("<redacted>"));
        QCOMPARE(headerOf(stored.requestHeaders, "X-Tenant"), QByteArray("acme"));

        log.setSecretHeaderNames({}); // replaced, not added to
        Exchange again = makeExchange();
        again.requestHeaders = {{"x-api-key", "k-123456"}};
        QCOMPARE(log.entry(log.append(again))->requestHeaders.first().second, QByteArray("k-123456"));
    }

    void urlUserInfoIsStripped()
    {
        RequestLog log;
        Exchange e = makeExchange("GET", u"https://admin:hunter22@vcd.example.com:8443/api/org?page=2"_s);
        const Exchange stored = *log.entry(log.append(e));
        QCOMPARE(stored.url, QUrl(u"https://vcd.example.com:8443/api/org?page=2"_s));
        QVERIFY(stored.url.userInfo().isEmpty());
        QVERIFY(!allText(stored).contains("hunter22"));
    }

    void credentialQueryValuesAreRedacted()
    {
        RequestLog log;
        Exchange e =
            makeExchange("GET", u"https://vcd.example.com/cb?code=abcdef123&state=xyz&access_token=tok987"_s);
        const Exchange stored = *log.entry(log.append(e));
        const QByteArray url = stored.url.toEncoded();
        QVERIFY2(!url.contains("abcdef123"), url.constData());
        QVERIFY2(!url.contains("tok987"), url.constData());
        QVERIFY2(url.contains("state=xyz"), url.constData());
        QCOMPARE(QUrlQuery(stored.url).queryItemValue(u"code"_s, QUrl::FullyDecoded), u"<redacted>"_s);
    }

    void tokenRequestBodiesAreRedacted_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("refresh token") << u"https://vcd.example.com/oauth/provider/token"_s
                                       << QByteArray("application/x-www-form-urlencoded")
                                       << QByteArray("grant_type=refresh_token&refresh_token=rt-0123456789")
                                       << QByteArray("grant_type=refresh_token&refresh_token=<redacted>");
        QTest::newRow("jwt assertion, no content type")
            << u"https://vcd.example.com/oauth/tenant/acme/token"_s << QByteArray()
            << QByteArray(
                   "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ.abc.def")
            << QByteArray(
                   "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=<redacted>");
        QTest::newRow("password grant elsewhere")
            << u"https://idp.example.com/login"_s
            << QByteArray("application/x-www-form-urlencoded; charset=UTF-8")
            << QByteArray("username=alice&password=pa%26ss&client_id=c1&client_secret=cs-42")
            << QByteArray("username=alice&password=<redacted>&client_id=c1&client_secret=<redacted>");
        QTest::newRow("form-looking text outside oauth stays")
            << u"https://vcd.example.com/api/query"_s << QByteArray("text/plain")
            << QByteArray("password=visible-because-not-a-form")
            << QByteArray("password=visible-because-not-a-form");
    }

    void tokenRequestBodiesAreRedacted()
    {
        QFETCH(QString, url);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        RequestLog log;
        Exchange e = makeExchange("POST", url);
        if (!contentType.isEmpty())
            e.requestHeaders = {{"Content-Type", contentType}};
        e.requestBody = body;
        QCOMPARE(log.entry(log.append(e))->requestBody, expected);
    }

    void tokenResponseBodiesAreRedacted()
    {
        RequestLog log;
        Exchange e = makeExchange("POST", u"https://vcd.example.com/oauth/provider/token"_s);
        e.responseHeaders = {{"Content-Type", "application/json"}};
        // (No raw string literals here: moc's tokenizer trips over a backslash inside one.)
        e.responseBody = "{\n"
                         "  \"access_token\" : \"eyJhbGciOiJSUzI1NiJ9.payload.sig\",\n"
                         "  \"token_type\": \"Bearer\",\n"
                         "  \"expires_in\": 2592000,\n"
                         "  \"refresh_token\":\"rt-\\\"quoted\\\"-tail\",\n"
                         "  \"id_token\": \"idt\"\n"
                         "}";
        const Exchange stored = *log.entry(log.append(e));
        QCOMPARE(stored.responseBody, QByteArray("{\n"
                                                 "  \"access_token\" : \"<redacted>\",\n"
                                                 "  \"token_type\": \"Bearer\",\n"
                                                 "  \"expires_in\": 2592000,\n"
                                                 "  \"refresh_token\":\"<redacted>\",\n"
                                                 "  \"id_token\": \"<redacted>\"\n"
                                                 "}"));
        QCOMPARE(stored.responseSize, e.responseBody.size());
    }

    void jsonSecretsAnywhereAreRedacted()
    {
        // Not under /oauth/ and a JSON request body: the keys decide, not the URL.
        RequestLog log;
        Exchange e = makeExchange("POST", u"https://vcd.example.com/cloudapi/1.0.0/users"_s);
        e.requestBody = R"({"username":"bob","password":"Pa$$w0rd","Access_Token":"x"})";
        e.responseBody = "not json at all, \"password\" mentioned";
        const Exchange stored = *log.entry(log.append(e));
        QCOMPARE(stored.requestBody,
                 QByteArray(R"({"username":"bob","password":"<redacted>","Access_Token":"<redacted>"})"));
        QCOMPARE(stored.responseBody, e.responseBody);
    }

    void cappedTokenIsNotHalfExposed()
    {
        // The cap cuts through the token; redaction ran on the whole value first.
        RequestLog log(5, 30);
        Exchange e = makeExchange("POST", u"https://vcd.example.com/oauth/provider/token"_s);
        e.responseBody = R"({"access_token":"AAAAAAAAAABBBBBBBBBBCCCCCCCCCC"})";
        const Exchange stored = *log.entry(log.append(e));
        QVERIFY(stored.responseBodyTruncated);
        QVERIFY2(!stored.responseBody.contains("AAAA"), stored.responseBody.constData());
        QVERIFY(stored.responseBody.startsWith(R"({"access_token":"<redacted>")"));
    }

    void knownSecretsAreScrubbedEverywhere()
    {
        RequestLog log;
        log.setKnownSecrets({kToken, kPassword, "ab"}); // "ab" is too short to be scrubbed
        Exchange e = makeExchange(
            "POST", u"https://vcd.example.com/api/echo/"_s + QString::fromLatin1(kToken) + u"?q="_s +
                        QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(kPassword))));
        e.requestHeaders = {{"X-Debug", "token is " + kToken}};
        e.responseHeaders = {{"Location", "https://vcd.example.com/x/" + kToken}};
        e.requestBody = "<Password>" + kPassword + "</Password>";
        e.responseBody = "echo " + kToken + " and ab stays";
        e.networkError = u"failed for "_s + QString::fromLatin1(kToken);
        e.note = u"replayed with "_s + QString::fromLatin1(kPassword);
        const Exchange stored = *log.entry(log.append(e));
        const QByteArray text = allText(stored);
        QVERIFY2(!text.contains(kToken), text.constData());
        QVERIFY2(!text.contains(kPassword), text.constData());
        QVERIFY2(!text.contains(QUrl::toPercentEncoding(QString::fromLatin1(kPassword))), text.constData());
        QCOMPARE(stored.requestBody, QByteArray("<Password><redacted></Password>"));
        QCOMPARE(stored.responseBody, QByteArray("echo <redacted> and ab stays"));
        QCOMPARE(headerOf(stored.requestHeaders, "X-Debug"), QByteArray("token is <redacted>"));
    }

    void secretsOfTheExchangeAreScrubbedFromItsBodies()
    {
        // The token a login answer sets in its header must not survive if the body echoes it, and the
        // Basic password must not survive anywhere in that exchange — without setKnownSecrets.
        RequestLog log;
        Exchange e = makeExchange("POST", u"https://vcd.example.com/api/sessions"_s);
        e.requestHeaders = {
            {"Authorization", "Basic " + QByteArray("administrator@System:" + kPassword).toBase64()}};
        e.responseHeaders = {{"x-vcloud-authorization", kToken}};
        e.responseBody = "<Session token=\"" + kToken + "\" hint=\"" + kPassword + "\"/>";
        const Exchange stored = *log.entry(log.append(e));
        const QByteArray text = allText(stored);
        QVERIFY2(!text.contains(kToken), text.constData());
        QVERIFY2(!text.contains(kPassword), text.constData());
        QVERIFY2(!text.contains(QByteArray("administrator@System:" + kPassword).toBase64()),
                 text.constData());
    }

    void noSecretInRenderedOutputWithoutReveal()
    {
        RequestLog log;
        log.setSecretHeaderNames({"x-id-sec"});
        log.setKnownSecrets({kPassword});
        Exchange e = makeExchange("POST", u"https://user:"_s + QString::fromLatin1(kPassword) +
                                              u"@vcd.example.com/oauth/provider/token"_s);
        e.requestHeaders = {{"x-vcloud-authorization", kToken},
                            {"Authorization", "Bearer " + kToken},
                            {"x-id-sec", "gateway-secret-value"},
                            {"Cookie", "vcloud-token=" + kToken},
                            {"Content-Type", "application/x-www-form-urlencoded"}};
        e.requestBody = "grant_type=refresh_token&refresh_token=rt-0123456789&note=" + kPassword;
        const Exchange stored = *log.entry(log.append(e));
        const QList<QString> rendered = {RequestRenderer::curl(stored), RequestRenderer::python(stored),
                                         RequestRenderer::powershell(stored)};
        for (const QString &text : rendered) {
            QVERIFY2(!text.contains(QString::fromLatin1(kToken)), qPrintable(text));
            QVERIFY2(!text.contains(QString::fromLatin1(kPassword)), qPrintable(text));
            QVERIFY2(!text.contains(u"gateway-secret-value"_s), qPrintable(text));
            QVERIFY2(!text.contains(u"rt-0123456789"_s), qPrintable(text));
            QVERIFY2(text.contains(u"VCD_TOKEN"_s), qPrintable(text));
            QVERIFY2(text.contains(u"VCD_HEADER_X_ID_SEC"_s), qPrintable(text));
        }
        // Even "reveal" without the caller supplying values cannot bring a secret back.
        RenderOptions reveal;
        reveal.reveal = true;
        QVERIFY(!RequestRenderer::curl(stored, reveal).contains(QString::fromLatin1(kToken)));
    }
};

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_requestlog.moc"
