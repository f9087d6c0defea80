// Tests for Profile: safe defaults, validation (one table row per rule), the JSON form and its
// round trip, and the secret keys derived from the profile id.

#include "core/profiles/profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile validProfile()
{
    Profile p;
    p.name = u"Lab"_s;
    p.url = QUrl(u"https://vcd.example.com"_s);
    p.org = u"acme"_s;
    p.user = u"alice"_s;
    return p;
}

// Every field away from its default, so a round trip that forgets one shows it.
Profile fullProfile()
{
    Profile p = validProfile();
    p.authKind = Profile::AuthKind::ApiToken;
    p.pinnedApiVersion = u"36.0"_s;
    p.extraHeaders = {{u"X-Tenant-Hint"_s, u"blue"_s, false}, {u"X-Gateway-Key"_s, QString(), true}};
    p.pinnedSha256 = {QString(64, u'a'), QString(64, u'0')};
    p.caFile = u"/etc/ssl/lab-ca.pem"_s;
    p.verifyPeer = false;
    p.allowInsecureHttp = true;
    p.proxyMode = Profile::ProxyMode::Explicit;
    p.proxyHost = u"proxy.example.com"_s;
    p.proxyPort = 3128;
    p.proxyUser = u"bob"_s;
    p.colorLabel = u"#d9534f"_s;
    p.transferTimeoutSeconds = 120;
    p.rememberSecret = true;
    return p;
}

} // namespace

class TestProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreSafe()
    {
        const Profile a;
        const Profile b;
        QVERIFY(!QUuid::fromString(a.id).isNull());
        QVERIFY(a.id != b.id);
        QVERIFY(!a.id.startsWith(u'{'));
        QCOMPARE(a.verifyPeer, true);
        QCOMPARE(a.transferTimeoutSeconds, 60);
        QCOMPARE(a.proxyMode, Profile::ProxyMode::System);
        QCOMPARE(a.authKind, Profile::AuthKind::Password);
        QVERIFY(a.pinnedApiVersion.isEmpty());
        QCOMPARE(a.rememberSecret, false);
        QCOMPARE(a.allowInsecureHttp, false);
        // A copy is the same profile, not a new one.
        const Profile c = a;
        QCOMPARE(c.id, a.id);
    }

    void validate_data()
    {
        QTest::addColumn<Profile>("profile");
        QTest::addColumn<QString>("expectedFragment"); // empty = valid

        QTest::newRow("valid") << validProfile() << QString();
        QTest::newRow("full profile") << fullProfile() << QString();
        Profile p = validProfile();
        p.url = QUrl(u"http://localhost:8443"_s);
        QTest::newRow("http allowed (simulator)") << p << QString();
        p.url = QUrl(u"http://vcd.example.com"_s);
        QTest::newRow("http to another host") << p << u"unencrypted http://"_s;
        p.allowInsecureHttp = true;
        QTest::newRow("http to another host, allowed") << p << QString();
        p = validProfile();
        p.url = QUrl(u"ftp://vcd.example.com"_s);
        QTest::newRow("bad scheme") << p << u"https://"_s;
        p = validProfile();
        p.url = QUrl();
        QTest::newRow("no url") << p << u"not a valid URL"_s;
        p = validProfile();
        p.url = QUrl(u"https://alice:pw@vcd.example.com"_s);
        QTest::newRow("credentials in url") << p << u"must not contain a user name or password"_s;
        p = validProfile();
        p.name = u"  "_s;
        QTest::newRow("empty name") << p << u"needs a name"_s;
        p = validProfile();
        p.org.clear();
        QTest::newRow("empty org") << p << u"organisation is empty"_s;
        p = validProfile();
        p.user.clear();
        QTest::newRow("empty user with password") << p << u"user name is empty"_s;
        p.authKind = Profile::AuthKind::ApiToken;
        QTest::newRow("empty user with API token") << p << QString();
        p = validProfile();
        p.id = u"not-a-uuid"_s;
        QTest::newRow("bad id") << p << u"identifier"_s;
        p = validProfile();
        p.pinnedApiVersion = u"latest"_s;
        QTest::newRow("bad pinned version") << p << u"pinned API version"_s;
        p = validProfile();
        p.extraHeaders = {{u"X Bad"_s, u"v"_s, false}};
        QTest::newRow("header name with space") << p << u"not a valid HTTP header name"_s;
        p.extraHeaders = {{u"X-A:b"_s, u"v"_s, false}};
        QTest::newRow("header name with colon") << p << u"not a valid HTTP header name"_s;
        p.extraHeaders = {{QString(), u"v"_s, false}};
        QTest::newRow("empty header name") << p << u"not a valid HTTP header name"_s;
        p.extraHeaders = {{u"X-Dup"_s, u"1"_s, false}, {u"x-dup"_s, u"2"_s, true}};
        QTest::newRow("duplicate header (any case)") << p << u"more than once"_s;
        p.extraHeaders = {{u"Authorization"_s, u"Basic x"_s, true}};
        QTest::newRow("reserved header") << p << u"cannot be overridden"_s;
        p.extraHeaders = {{u"X-Inject"_s, u"a\r\nHost: evil"_s, false}};
        QTest::newRow("header value with newline") << p << u"single line"_s;
        p = validProfile();
        p.pinnedSha256 = {u"abcd"_s};
        QTest::newRow("short fingerprint") << p << u"not a SHA-256 fingerprint"_s;
        p = validProfile();
        p.proxyMode = Profile::ProxyMode::Explicit;
        QTest::newRow("explicit proxy without host") << p << u"proxy host is empty"_s;
        p.proxyHost = u"proxy"_s;
        p.proxyPort = 70000;
        QTest::newRow("proxy port out of range") << p << u"between 1 and 65535"_s;
        p = validProfile();
        p.colorLabel = u"#12345"_s;
        QTest::newRow("bad colour") << p << u"not a colour"_s;
        p.colorLabel = u"red"_s;
        QTest::newRow("colour name") << p << QString();
        p = validProfile();
        p.transferTimeoutSeconds = 0;
        QTest::newRow("zero timeout") << p << u"transfer timeout"_s;
    }

    void validate()
    {
        QFETCH(Profile, profile);
        QFETCH(QString, expectedFragment);
        const QStringList problems = profile.validate();
        if (expectedFragment.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u" | "_s)));
        } else {
            QVERIFY2(problems.join(u" | "_s).contains(expectedFragment), qPrintable(problems.join(u" | "_s)));
        }
    }

    void headerNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << u"X-Api-Key"_s << true;
        QTest::newRow("all tchar symbols") << u"!#$%&'*+-.^_`|~09azAZ"_s << true;
        QTest::newRow("space") << u"X Key"_s << false;
        QTest::newRow("colon") << u"X:Key"_s << false;
        QTest::newRow("parenthesis") << u"X(Key)"_s << false;
        QTest::newRow("non-ascii") << u"X-Schlüssel"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void headerNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Profile::isValidHeaderName(name), valid);
    }

    void normalizeSha256()
    {
        const QString hex = u"ab"_s.repeated(32);
        QCOMPARE(Profile::normalizeSha256(hex), hex);
        QCOMPARE(Profile::normalizeSha256(QStringList(32, u"AB"_s).join(u':')), hex);
        QCOMPARE(Profile::normalizeSha256(u"ab"_s.repeated(31)), QString());
        QCOMPARE(Profile::normalizeSha256(u"zz"_s.repeated(32)), QString());
    }

    void jsonRoundTrip()
    {
        const Profile original = fullProfile();
        const QByteArray bytes = QJsonDocument(original.toJson()).toJson();
        QString error;
        const std::optional<Profile> back =
            Profile::fromJson(QJsonDocument::fromJson(bytes).object(), &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(back->toJson(), original.toJson());
        QVERIFY(*back == original);
    }

    void jsonNeverCarriesSecretHeaderValue()
    {
        Profile p = validProfile();
        p.extraHeaders = {{u"X-Gateway-Key"_s, u"S3cr3t-header-value"_s, true},
                          {u"X-Plain"_s, u"plain-value"_s, false}};
        const QByteArray bytes = QJsonDocument(p.toJson()).toJson();
        QVERIFY(!bytes.contains("S3cr3t-header-value"));
        QVERIFY(bytes.contains("plain-value"));
        QVERIFY(bytes.contains("X-Gateway-Key"));

        const std::optional<Profile> back = Profile::fromJson(p.toJson());
        QVERIFY(back.has_value());
        QCOMPARE(back->extraHeaders.size(), 2);
        QCOMPARE(back->extraHeaders.at(0).secret, true);
        QVERIFY(back->extraHeaders.at(0).value.isEmpty());
        QCOMPARE(back->extraHeaders.at(1).value, u"plain-value"_s);
    }

    void jsonDropsSecretValueFromFile()
    {
        // A hand-made file that puts a value on a secret header: the value is not trusted or kept.
        QJsonObject o = validProfile().toJson();
        o.insert(u"headers"_s,
                 QJsonArray{QJsonObject{{u"name"_s, u"X-K"_s}, {u"secret"_s, true}, {u"value"_s, u"v"_s}}});
        const std::optional<Profile> p = Profile::fromJson(o);
        QVERIFY(p.has_value());
        QCOMPARE(p->extraHeaders.size(), 1);
        QVERIFY(p->extraHeaders.at(0).value.isEmpty());
    }

    void jsonStripsUrlCredentials()
    {
        Profile p = validProfile();
        p.url = QUrl(u"https://alice:hunter2@vcd.example.com/"_s);
        const QByteArray bytes = QJsonDocument(p.toJson()).toJson();
        QVERIFY(!bytes.contains("hunter2"));
        QVERIFY(bytes.contains("vcd.example.com"));
    }

    void jsonMissingIdGetsNewOne()
    {
        QJsonObject o = validProfile().toJson();
        o.remove(u"id"_s);
        const std::optional<Profile> p = Profile::fromJson(o);
        QVERIFY(p.has_value());
        QVERIFY(!QUuid::fromString(p->id).isNull());
        QVERIFY(p->validate().isEmpty());
    }

    void jsonErrors_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expectedFragment");
        QTest::newRow("name not a string") << u"name"_s << QJsonValue(5) << u"\"name\""_s;
        QTest::newRow("bad id") << u"id"_s << QJsonValue(u"nope"_s) << u"identifier"_s;
        QTest::newRow("unknown auth") << u"auth"_s << QJsonValue(u"kerberos"_s) << u"kerberos"_s;
        QTest::newRow("headers not a list") << u"headers"_s << QJsonValue(u"X: y"_s) << u"\"headers\""_s;
        QTest::newRow("header not an object") << u"headers"_s << QJsonValue(QJsonArray{1}) << u"header"_s;
        QTest::newRow("tls not an object") << u"tls"_s << QJsonValue(true) << u"\"tls\""_s;
        QTest::newRow("verifyPeer not a flag")
            << u"tls"_s << QJsonValue(QJsonObject{{u"verifyPeer"_s, u"no"_s}}) << u"verifyPeer"_s;
        QTest::newRow("unknown proxy mode")
            << u"proxy"_s << QJsonValue(QJsonObject{{u"mode"_s, u"socks9"_s}}) << u"socks9"_s;
        QTest::newRow("port not a number")
            << u"proxy"_s << QJsonValue(QJsonObject{{u"port"_s, u"80"_s}}) << u"port"_s;
        QTest::newRow("timeout fractional")
            << u"transferTimeoutSeconds"_s << QJsonValue(1.5) << u"transferTimeoutSeconds"_s;
    }

    void jsonErrors()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expectedFragment);
        QJsonObject o = validProfile().toJson();
        o.insert(key, value);
        QString error;
        QVERIFY(!Profile::fromJson(o, &error).has_value());
        QVERIFY2(error.contains(expectedFragment), qPrintable(error));
    }

    void secretKeys()
    {
        Profile p = validProfile();
        p.extraHeaders = {{u"X-Gateway-Key"_s, QString(), true}, {u"X-Plain"_s, u"v"_s, false}};
        QCOMPARE(p.secretKeyPassword(), u"vcd-explorer/"_s + p.id + u"/password"_s);
        QCOMPARE(p.secretKeyApiToken(), u"vcd-explorer/"_s + p.id + u"/api-token"_s);
        QCOMPARE(p.secretKeyProxyPassword(), u"vcd-explorer/"_s + p.id + u"/proxy-password"_s);
        QCOMPARE(p.secretKeyHeader(u"X-Gateway-Key"_s),
                 u"vcd-explorer/"_s + p.id + u"/header/x-gateway-key"_s);
        // Header names are case-insensitive (RFC 7230 §3.2), so their keys are too.
        QCOMPARE(p.secretKeyHeader(u"x-GATEWAY-key"_s), p.secretKeyHeader(u"X-Gateway-Key"_s));
        QCOMPARE(p.secretKeyLogin(), p.secretKeyPassword());
        p.authKind = Profile::AuthKind::ApiToken;
        QCOMPARE(p.secretKeyLogin(), p.secretKeyApiToken());

        const QStringList keys = p.secretKeys();
        QVERIFY(keys.contains(p.secretKeyPassword()));
        QVERIFY(keys.contains(p.secretKeyApiToken()));
        QVERIFY(keys.contains(p.secretKeyProxyPassword()));
        QVERIFY(keys.contains(p.secretKeyHeader(u"X-Gateway-Key"_s)));
        QVERIFY(!keys.contains(p.secretKeyHeader(u"X-Plain"_s)));

        const Profile other = validProfile();
        QVERIFY(other.secretKeyPassword() != p.secretKeyPassword());
    }

    void withoutSecretValues()
    {
        Profile p = validProfile();
        p.extraHeaders = {{u"X-K"_s, u"secret"_s, true}, {u"X-P"_s, u"plain"_s, false}};
        const Profile stripped = p.withoutSecretValues();
        QVERIFY(stripped.extraHeaders.at(0).value.isEmpty());
        QCOMPARE(stripped.extraHeaders.at(1).value, u"plain"_s);
        QCOMPARE(p.extraHeaders.at(0).value, u"secret"_s); // the original is untouched
    }

    void enumNames()
    {
        for (auto kind : {Profile::AuthKind::Password, Profile::AuthKind::ApiToken})
            QCOMPARE(Profile::authKindFromString(Profile::authKindToString(kind)), kind);
        for (auto mode : {Profile::ProxyMode::System, Profile::ProxyMode::None, Profile::ProxyMode::Explicit})
            QCOMPARE(Profile::proxyModeFromString(Profile::proxyModeToString(mode)), mode);
        QVERIFY(!Profile::authKindFromString(u"Password"_s).has_value());
    }

    void toSessionSettings()
    {
        Profile p = validProfile();
        p.authKind = Profile::AuthKind::ApiToken;
        p.pinnedApiVersion = u"37.2"_s;
        p.extraHeaders = {
            {u"x-id-sec"_s, {}, true}, {u"X-Plain"_s, u"plain"_s, false}, {u"X-Missing"_s, {}, true}};
        p.pinnedSha256 = {u"AB:CD"_s};
        p.proxyMode = Profile::ProxyMode::Explicit;
        p.proxyHost = u"proxy.example.com"_s;
        p.proxyPort = 3128;
        p.transferTimeoutSeconds = 42;
        const SessionSettings s =
            p.toSessionSettings({{u"X-ID-SEC"_s, u"a2V5OnNlY3JldA=="_s}}, u"proxy-pw"_s);
        QCOMPARE(s.url, p.url);
        QCOMPARE(s.org, p.org);
        QCOMPARE(s.user, p.user);
        QCOMPARE(s.authKind, SessionSettings::AuthKind::ApiToken);
        QCOMPARE(s.pinnedApiVersion, u"37.2"_s);
        // The secret header gets its value from the secret store; one without a value is left out.
        QCOMPARE(s.extraHeaders.size(), 2);
        QCOMPARE(s.extraHeaders.at(0).name, QByteArray("x-id-sec"));
        QCOMPARE(s.extraHeaders.at(0).value, QByteArray("a2V5OnNlY3JldA=="));
        QVERIFY(s.extraHeaders.at(0).secret);
        QCOMPARE(s.extraHeaders.at(1).value, QByteArray("plain"));
        QVERIFY(!s.extraHeaders.at(1).secret);
        QCOMPARE(s.pinnedSha256, p.pinnedSha256);
        QCOMPARE(s.proxyMode, SessionSettings::ProxyMode::Explicit);
        QCOMPARE(s.proxyHost, u"proxy.example.com"_s);
        QCOMPARE(s.proxyPort, quint16(3128));
        QCOMPARE(s.proxyPassword, u"proxy-pw"_s);
        QCOMPARE(s.timeoutMs, 42000);
        QVERIFY(!s.allowInsecureHttp);
        QVERIFY(!p.isInsecureTransport());
        p.url = QUrl(u"http://vcd.example.com"_s);
        QVERIFY(p.isInsecureTransport());
        QVERIFY(!p.toSessionSettings().allowInsecureHttp); // never on by itself
        p.allowInsecureHttp = true;
        QVERIFY(p.toSessionSettings().allowInsecureHttp);
        QVERIFY(p.toSessionSettings().isInsecureTransport());
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
