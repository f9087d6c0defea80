// RequestBuilder: Accept per API family and version (docs/VCD-API.md §1.3), token headers per kind
// (§2.1, §2.3, §6), extra headers on every request, user agent, a unique client request id,
// transfer timeout, redirect and HTTP/2 policy, CA file.

#include "core/net/requestbuilder.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

using namespace vcd;

namespace {

RequestSpec spec(const char *url, AcceptKind accept = AcceptKind::Auto, bool withToken = true)
{
    RequestSpec s;
    s.url = QUrl(QString::fromLatin1(url));
    s.accept = accept;
    s.withToken = withToken;
    return s;
}

} // namespace

class TestRequestBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptPerFamilyAndVersion_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("accept");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("api") << "https://vcd/api/org" << int(AcceptKind::Auto) << "37.2"
                             << QByteArray("application/*+xml;version=37.2");
        QTest::addRow("api 5.1") << "https://vcd/api/session" << int(AcceptKind::Auto) << "5.1"
                                 << QByteArray("application/*+xml;version=5.1");
        QTest::addRow("cloudapi") << "https://vcd/cloudapi/1.0.0/sessions" << int(AcceptKind::Auto) << "39.1"
                                  << QByteArray("application/json;version=39.1");
        QTest::addRow("oauth") << "https://vcd/oauth/provider/token" << int(AcceptKind::Auto) << "38.0"
                               << QByteArray("application/json;version=38.0");
        QTest::addRow("prefixed cloudapi")
            << "https://vcd/tenant-x/cloudapi/1.0.0/sessions" << int(AcceptKind::Auto) << "38.0"
            << QByteArray("application/json;version=38.0");
        QTest::addRow("explicit json") << "https://vcd/api/org" << int(AcceptKind::Json) << "36.0"
                                       << QByteArray("application/json;version=36.0");
        QTest::addRow("explicit xml") << "https://vcd/cloudapi/x" << int(AcceptKind::Xml) << "36.0"
                                      << QByteArray("application/*+xml;version=36.0");
        QTest::addRow("before negotiation")
            << "https://vcd/api/versions" << int(AcceptKind::Xml) << "" << QByteArray("application/*+xml");
    }
    void acceptPerFamilyAndVersion()
    {
        QFETCH(QString, url);
        QFETCH(int, accept);
        QFETCH(QString, version);
        QFETCH(QByteArray, expected);
        RequestBuilder b;
        b.setApiVersion(version);
        RequestSpec s;
        s.url = QUrl(url);
        s.accept = AcceptKind(accept);
        QCOMPARE(b.build(s).rawHeader("Accept"), expected);
    }

    void legacyToken()
    {
        RequestBuilder b;
        b.setApiVersion(u"31.0"_s);
        b.setToken(RequestBuilder::TokenKind::Legacy, "0123456789abcdef0123456789abcdef");
        const QNetworkRequest r = b.build(spec("https://vcd/api/org"));
        QCOMPARE(r.rawHeader("x-vcloud-authorization"), QByteArray("0123456789abcdef0123456789abcdef"));
        QVERIFY(!r.hasRawHeader("Authorization"));
        QVERIFY(!r.hasRawHeader("X-VMWARE-VCLOUD-TOKEN-TYPE"));
        QCOMPARE(b.tokenHeader().first, QByteArray("x-vcloud-authorization"));
    }

    void bearerToken()
    {
        RequestBuilder b;
        b.setApiVersion(u"38.0"_s);
        b.setToken(RequestBuilder::TokenKind::Bearer, "eyJhbGciOi.jwt.sig");
        const QNetworkRequest r = b.build(spec("https://vcd/api/org"));
        QCOMPARE(r.rawHeader("Authorization"), QByteArray("Bearer eyJhbGciOi.jwt.sig"));
        QCOMPARE(r.rawHeader("X-VMWARE-VCLOUD-TOKEN-TYPE"), QByteArray("Bearer"));
        QVERIFY(!r.hasRawHeader("x-vcloud-authorization"));
        QCOMPARE(b.tokenHeader(),
                 qMakePair(QByteArray("Authorization"), QByteArray("Bearer eyJhbGciOi.jwt.sig")));
    }

    void noTokenWhenNotWanted()
    {
        RequestBuilder b;
        b.setToken(RequestBuilder::TokenKind::Bearer, "jwt");
        const QNetworkRequest r = b.build(spec("https://vcd/api/versions", AcceptKind::Xml, false));
        QVERIFY(!r.hasRawHeader("Authorization"));
        QVERIFY(!r.hasRawHeader("X-VMWARE-VCLOUD-TOKEN-TYPE"));
    }

    void clearedToken()
    {
        RequestBuilder b;
        b.setToken(RequestBuilder::TokenKind::Legacy, "secret-token");
        b.clearToken();
        QCOMPARE(b.tokenKind(), RequestBuilder::TokenKind::None);
        QVERIFY(b.token().isEmpty());
        QVERIFY(b.tokenHeader().first.isEmpty());
        const QNetworkRequest r = b.build(spec("https://vcd/api/org"));
        QVERIFY(!r.hasRawHeader("x-vcloud-authorization"));
        QVERIFY(!r.hasRawHeader("Authorization"));
    }

    void extraHeadersOnEveryRequest()
    {
        SessionSettings s;
        s.extraHeaders = {{"X-Api-Key", "k-123", true}, {"X-Tenant-Hint", "acme", false}};
        RequestBuilder b(s);
        b.setToken(RequestBuilder::TokenKind::Bearer, "jwt");
        for (const char *url : {"https://vcd/api/versions", "https://vcd/cloudapi/1.0.0/sessions",
                                "https://vcd/api/org", "https://vcd/oauth/tenant/acme/token"}) {
            for (bool withToken : {false, true}) {
                const QNetworkRequest r = b.build(spec(url, AcceptKind::Auto, withToken));
                QCOMPARE(r.rawHeader("X-Api-Key"), QByteArray("k-123"));
                QCOMPARE(r.rawHeader("X-Tenant-Hint"), QByteArray("acme"));
            }
        }
    }

    void extraHeaderCannotReplaceTheToken()
    {
        SessionSettings s;
        s.extraHeaders = {{"Authorization", "Basic evil", false}};
        RequestBuilder b(s);
        b.setToken(RequestBuilder::TokenKind::Bearer, "jwt");
        QCOMPARE(b.build(spec("https://vcd/api/org")).rawHeader("Authorization"), QByteArray("Bearer jwt"));
    }

    void perCallHeadersAndBody()
    {
        RequestBuilder b;
        RequestSpec s = spec("https://vcd/api/sessions", AcceptKind::Xml, false);
        s.method = "POST";
        s.headers << qMakePair(QByteArray("Authorization"), RequestBuilder::basicAuthorization(
                                                                u"administrator"_s, u"System"_s, u"demo"_s));
        s.body = "<x/>";
        s.contentType = "application/vnd.vmware.vcloud.x+xml";
        const QNetworkRequest r = b.build(s);
        QCOMPARE(r.rawHeader("Authorization"), "Basic " + QByteArray("administrator@System:demo").toBase64());
        QCOMPARE(r.rawHeader("Content-Type"), QByteArray("application/vnd.vmware.vcloud.x+xml"));
    }

    void userAgent()
    {
        RequestBuilder b;
        const QByteArray ua = b.build(spec("https://vcd/api/org")).rawHeader("User-Agent");
        QCOMPARE(ua, QByteArray("vcd-explorer/" VCD_VERSION));
        QCOMPARE(RequestBuilder::userAgent(), ua);
        QVERIFY(ua.startsWith("vcd-explorer/"));
        QVERIFY(ua.size() > int(qstrlen("vcd-explorer/")));
    }

    void clientRequestIdIsFreshUuid()
    {
        RequestBuilder b;
        QSet<QByteArray> ids;
        for (int i = 0; i < 200; ++i) {
            const QByteArray id =
                b.build(spec("https://vcd/api/org")).rawHeader("X-VMWARE-VCLOUD-CLIENT-REQUEST-ID");
            QCOMPARE(id.size(), 36);
            QVERIFY(!QUuid::fromString(QString::fromLatin1(id)).isNull());
            ids.insert(id);
        }
        QCOMPARE(ids.size(), 200);
    }

    void timeout()
    {
        RequestBuilder b;
        QCOMPARE(b.build(spec("https://vcd/api/org")).transferTimeout(), 60000);
        SessionSettings s;
        s.timeoutMs = 1500;
        b.setSettings(s);
        QCOMPARE(b.build(spec("https://vcd/api/org")).transferTimeout(), 1500);
        s.timeoutMs = 0; // nonsense → the default, never "no timeout"
        b.setSettings(s);
        QCOMPARE(b.build(spec("https://vcd/api/org")).transferTimeout(), 60000);
    }

    void redirectHttp2AndCookiePolicy()
    {
        RequestBuilder b;
        const QNetworkRequest r = b.build(spec("https://vcd/api/org"));
        QCOMPARE(r.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
                 int(QNetworkRequest::UserVerifiedRedirectPolicy));
        QCOMPARE(r.attribute(QNetworkRequest::Http2AllowedAttribute).toBool(), false);
        QCOMPARE(r.attribute(QNetworkRequest::CookieLoadControlAttribute).toInt(),
                 int(QNetworkRequest::Manual));
        QCOMPARE(r.attribute(QNetworkRequest::CookieSaveControlAttribute).toInt(),
                 int(QNetworkRequest::Manual));
    }

    void caFile()
    {
        QTemporaryDir dir;
        SessionSettings s;
        s.caFile = dir.filePath(u"missing.pem"_s);
        RequestBuilder b;
        QString error;
        QVERIFY(!b.setSettings(s, &error));
        QVERIFY(error.contains(u"missing.pem"_s));

        // A real certificate (the fixture dir has none; use the system's own first CA if any, else
        // a file with garbage must fail).
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        if (!system.isEmpty()) {
            QFile f(dir.filePath(u"ca.pem"_s));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(system.first().toPem());
            f.close();
            s.caFile = f.fileName();
            QVERIFY(b.setSettings(s, &error));
            QVERIFY(b.sslConfiguration().caCertificates().contains(system.first()));
            QCOMPARE(b.build(spec("https://vcd/api/org")).sslConfiguration().caCertificates(),
                     b.sslConfiguration().caCertificates());
        }
        QFile g(dir.filePath(u"garbage.pem"_s));
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("not a certificate");
        g.close();
        s.caFile = g.fileName();
        QVERIFY(!b.setSettings(s, &error));
    }

    void pinsTrustNoCa()
    {
        SessionSettings s;
        s.pinnedSha256 = {u"AB:CD"_s};
        RequestBuilder b(s);
        // The pin alone decides: no CA, so every handshake reaches the synchronous sslErrors hook.
        QVERIFY(b.sslConfiguration().caCertificates().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "tst_requestbuilder.moc"
