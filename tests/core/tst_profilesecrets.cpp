// ProfileSecrets, the one place a profile's secrets are gathered and stored (window and headless export
// alike), against a MemorySecretStore: what comes from the store, what the caller already has, what is
// missing and why, what is written, deleted and forgotten; answers always on a later turn.

#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profile.h"
#include "core/profiles/profilesecrets.h"

#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile providerProfile()
{
    Profile p;
    p.name = u"provider"_s;
    p.url = QUrl(u"https://vcd.example.com"_s);
    p.org = u"System"_s;
    p.user = u"administrator"_s;
    p.extraHeaders = {{u"x-id-sec"_s, QString(), true}, {u"x-tenant"_s, u"acme"_s, false}};
    return p;
}

QByteArray headerValue(const SessionSettings &s, const QByteArray &name)
{
    for (const ExtraHeader &h : s.extraHeaders)
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    return {};
}

// Runs a store request to the end and answers its callback's problems.
QStringList storeAndWait(MemorySecretStore &store, const Profile &p, const ProfileSecrets::Secrets &secrets,
                         const Profile *previous = nullptr)
{
    std::optional<QStringList> result;
    QObject context;
    ProfileSecrets::store(&store, p, secrets, previous, &context,
                          [&](QStringList problems) { result = problems; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
        return {u"no answer"_s};
    return *result;
}

// Runs a gathering to the end; the secrets are copied out for the checks (the Gathered is wiped after).
struct Copy
{
    bool answered = false;
    SessionSettings settings;
    QString loginSecret;
    QString loginSecretProblem;
    QStringList missing;
    bool keychainUnavailable = false;
};

Copy gatherAndWait(MemorySecretStore &store, const Profile &p, const ProfileSecrets::Options &options = {})
{
    Copy c;
    QObject context;
    bool inside = true;
    bool calledInside = false;
    ProfileSecrets::gather(&store, p, options, &context, [&](ProfileSecrets::Gathered &g) {
        calledInside = inside;
        c.answered = true;
        c.settings = g.settings;
        c.loginSecret = g.loginSecret;
        c.loginSecretProblem = g.loginSecretProblem;
        c.missing = g.missing;
        c.keychainUnavailable = g.keychainUnavailable;
    });
    inside = false;
    if (!QTest::qWaitFor([&] { return c.answered; }, 5000) || calledInside)
        c.answered = false;
    return c;
}

} // namespace

class TestProfileSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gathersEverySecretFromTheStore();
    void whatTheCallerHasWins();
    void missingSecretsAreNamed();
    void noKeychainIsSaid();
    void storeWritesAndDeletes();
    void staleKeysAreDeleted();
    void forgetRemovesEverything();
    void deadContextGetsNoCallback();
};

void TestProfileSecrets::gathersEverySecretFromTheStore()
{
    MemorySecretStore store;
    Profile p = providerProfile();
    p.rememberSecret = true;
    p.proxyMode = Profile::ProxyMode::Explicit;
    p.proxyHost = u"proxy.example.com"_s;
    p.proxyPort = 3128;
    p.proxyUser = u"squid"_s;
    p.extraHeaders[0].value = u"gateway-key-1"_s;
    QVERIFY(storeAndWait(store, p, {u"pa55word"_s, u"proxy-pw"_s}).isEmpty());
    QVERIFY(store.contains(p.secretKeyHeader(u"x-id-sec"_s)));

    // The profile as the store keeps it: no header value.
    const Copy c = gatherAndWait(store, p.withoutSecretValues());
    QVERIFY(c.answered);
    QCOMPARE(c.loginSecret, u"pa55word"_s);
    QVERIFY(c.loginSecretProblem.isEmpty());
    QVERIFY(c.missing.isEmpty());
    QCOMPARE(headerValue(c.settings, "x-id-sec"), QByteArray("gateway-key-1"));
    QCOMPARE(headerValue(c.settings, "x-tenant"), QByteArray("acme"));
    QCOMPARE(c.settings.proxyPassword, u"proxy-pw"_s);
    QCOMPARE(c.settings.url, p.url);
    QCOMPARE(c.settings.user, p.user);
}

void TestProfileSecrets::whatTheCallerHasWins()
{
    MemorySecretStore store;
    Profile p = providerProfile();
    p.rememberSecret = true;
    p.extraHeaders[0].value = u"stored-key"_s;
    QVERIFY(storeAndWait(store, p, {u"stored-password"_s, {}}).isEmpty());

    p.extraHeaders[0].value = u"typed-key"_s;
    const Copy c = gatherAndWait(store, p, {u"typed-password"_s, {}, true});
    QVERIFY(c.answered);
    QCOMPARE(c.loginSecret, u"typed-password"_s);
    QCOMPARE(headerValue(c.settings, "x-id-sec"), QByteArray("typed-key"));
}

void TestProfileSecrets::missingSecretsAreNamed()
{
    MemorySecretStore store;
    Profile p = providerProfile(); // does not remember its secret; nothing stored
    const Copy c = gatherAndWait(store, p);
    QVERIFY(c.answered);
    QVERIFY(c.loginSecret.isEmpty());
    QVERIFY2(c.loginSecretProblem.contains(u"does not keep"_s), qPrintable(c.loginSecretProblem));
    QCOMPARE(c.missing.size(), 1);
    QVERIFY2(c.missing.first().contains(u"x-id-sec"_s), qPrintable(c.missing.first()));
    // A secret header without a value is left out rather than sent empty.
    QVERIFY(headerValue(c.settings, "x-id-sec").isEmpty());

    p.rememberSecret = true;
    const Copy remembered = gatherAndWait(store, p);
    QVERIFY2(remembered.loginSecretProblem.contains(u"keychain holds none"_s),
             qPrintable(remembered.loginSecretProblem));

    // Reading the versions needs no login secret: none is asked for, none is missed.
    const Copy probe = gatherAndWait(store, p, {{}, {}, false});
    QVERIFY(probe.loginSecretProblem.isEmpty());
}

void TestProfileSecrets::noKeychainIsSaid()
{
    MemorySecretStore store;
    store.setBackendReachable(false);
    Profile p = providerProfile();
    p.rememberSecret = true;
    const Copy c = gatherAndWait(store, p);
    QVERIFY(c.answered);
    QVERIFY(c.keychainUnavailable);
    QVERIFY2(c.loginSecretProblem.contains(u"no keychain"_s), qPrintable(c.loginSecretProblem));

    p.extraHeaders[0].value = u"k"_s;
    const QStringList problems = storeAndWait(store, p, {u"pw"_s, {}});
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(u"No keychain"_s), qPrintable(problems.first()));
    QVERIFY(store.keys().isEmpty());
}

void TestProfileSecrets::storeWritesAndDeletes()
{
    MemorySecretStore store;
    Profile p = providerProfile();
    p.rememberSecret = true;
    QVERIFY(storeAndWait(store, p, {u"pw"_s, {}}).isEmpty());
    QVERIFY(store.contains(p.secretKeyPassword()));
    QVERIFY(!store.contains(p.secretKeyHeader(u"x-id-sec"_s))); // no value carried: nothing written

    // Switching to an API token replaces the password.
    p.authKind = Profile::AuthKind::ApiToken;
    QVERIFY(storeAndWait(store, p, {u"token"_s, {}}).isEmpty());
    QVERIFY(store.contains(p.secretKeyApiToken()));
    QVERIFY(!store.contains(p.secretKeyPassword()));

    // Unticking "remember" removes the copy.
    p.rememberSecret = false;
    QVERIFY(storeAndWait(store, p, {u"ignored"_s, {}}).isEmpty());
    QVERIFY(!store.contains(p.secretKeyApiToken()));
    QVERIFY(!store.contains(p.secretKeyPassword()));
}

void TestProfileSecrets::staleKeysAreDeleted()
{
    MemorySecretStore store;
    Profile before = providerProfile();
    before.extraHeaders[0].value = u"old"_s;
    QVERIFY(storeAndWait(store, before, {}).isEmpty());
    QVERIFY(store.contains(before.secretKeyHeader(u"x-id-sec"_s)));

    Profile after = before.withoutSecretValues();
    after.extraHeaders[0].name = u"x-api-key"_s;
    after.extraHeaders[0].value = u"new"_s;
    QVERIFY(storeAndWait(store, after, {}, &before).isEmpty());
    QVERIFY(!store.contains(before.secretKeyHeader(u"x-id-sec"_s)));
    QVERIFY(store.contains(after.secretKeyHeader(u"x-api-key"_s)));
}

void TestProfileSecrets::forgetRemovesEverything()
{
    MemorySecretStore store;
    Profile p = providerProfile();
    p.rememberSecret = true;
    p.extraHeaders[0].value = u"k"_s;
    QVERIFY(storeAndWait(store, p, {u"pw"_s, {}}).isEmpty());
    QCOMPARE(store.keys().size(), 2);
    std::optional<QStringList> result;
    QObject context;
    ProfileSecrets::forget(&store, p, &context, [&](QStringList problems) { result = problems; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->isEmpty());
    QVERIFY(store.keys().isEmpty());
}

void TestProfileSecrets::deadContextGetsNoCallback()
{
    MemorySecretStore store;
    bool called = false;
    auto *context = new QObject;
    ProfileSecrets::gather(&store, providerProfile(), {}, context,
                           [&](ProfileSecrets::Gathered &) { called = true; });
    delete context;
    // A later request to the same store is answered after the first one (the store keeps order).
    const Copy c = gatherAndWait(store, providerProfile());
    QVERIFY(c.answered);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestProfileSecrets)
#include "tst_profilesecrets.moc"
