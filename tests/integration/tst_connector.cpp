// Connector and its ConnectAttempts, the window's login walk without widgets, against vcd-sim over real
// HTTP(S): secrets gathered from the store (a secret extra header the server demands), a first login that
// fails leaves no connection, the same profile twice is the same connection, a certificate pinned by the
// user lands in the profile file, a changed certificate is refused before anything is sent, an expired
// session gets its password and keeps its held calls, Test connection reports and keeps nothing, the
// versions probe, API tokens and the API 5.1 legacy login, and logout wipes every secret the session held.

#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/connections/connector.h"
#include "core/net/session.h"
#include "core/profiles/memorysecretstore.h"
#include "core/profiles/profilesecrets.h"
#include "core/profiles/profilestore.h"
#include "sim/cloud.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using sim::SimConfig;
using sim::VcdSimulator;
using Outcome = ConnectAttempt::Outcome;

namespace {

constexpr int kWaitMs = test::kSimWaitMs;

Profile profileFor(const VcdSimulator &sim, const QString &user = u"administrator"_s,
                   const QString &org = u"System"_s)
{
    Profile p;
    p.name = org + u" admin"_s;
    p.url = sim.baseUrl();
    p.org = org;
    p.user = user;
    p.proxyMode = Profile::ProxyMode::None;
    p.transferTimeoutSeconds = 20;
    return p;
}

// Waits for the attempt's end; the attempt stays alive for the checks (deleted by the caller's scope).
Outcome waitFor(ConnectAttempt *attempt)
{
    attempt->setAutoDelete(false);
    (void)QTest::qWaitFor([attempt] { return attempt->isFinished(); }, kWaitMs);
    return attempt->outcome();
}

struct Rig
{
    QTemporaryDir dir;
    ProfileStore store{dir.filePath(u"profiles.ini"_s)};
    MemorySecretStore secrets;
    ConnectionRegistry registry;
    Connector connector{&registry, &store, &secrets};

    bool save(const Profile &p) { return store.upsert(p) && store.save(); }
    void storeSecrets(const Profile &p, const QString &login = QString())
    {
        bool done = false;
        ProfileSecrets::store(&secrets, p, {login, {}}, nullptr, &registry,
                              [&](const QStringList &) { done = true; });
        (void)QTest::qWaitFor([&] { return done; }, kWaitMs);
    }
};

} // namespace

class TestConnector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectsWithTypedSecret();
    void rememberedSecretComesFromTheStore();
    void noSecretAsksForOne();
    void wrongPasswordLeavesNoConnection();
    void sameProfileTwiceIsTheSameConnection();
    void requiredHeaderFromTheSecretStore();
    void pinnedCertificateIsStoredInTheProfile();
    void changedCertificateIsRefusedUnsent();
    void expiredSessionGetsItsPassword();
    void testConnectionReportsAndKeepsNothing();
    void probeVersionsListsWhatTheServerOffers();
    void apiTokenAndLegacyLogins_data();
    void apiTokenAndLegacyLogins();
    void cancelRemovesTheConnection();
    void logoutWipesSecretsOfTheSettings();
};

void TestConnector::connectsWithTypedSecret()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Rig rig;
    ConnectAttempt *a = rig.connector.connectProfile(profileFor(*sim), {u"demo"_s, {}});
    QSignalSpy stages(a, &ConnectAttempt::stageChanged);
    QCOMPARE(waitFor(a), Outcome::Connected);
    QList<ConnectAttempt::Stage> seen;
    for (const auto &args : stages)
        seen << args.first().value<ConnectAttempt::Stage>();
    QCOMPARE(seen,
             (QList<ConnectAttempt::Stage>{ConnectAttempt::Stage::Versions, ConnectAttempt::Stage::Login,
                                           ConnectAttempt::Stage::Session, ConnectAttempt::Stage::Done}));
    QVERIFY(a->connection());
    QCOMPARE(a->connection()->state(), Connection::State::Connected);
    QCOMPARE(rig.registry.count(), 1);
    QCOMPARE(a->connection()->serverRelease(), u"VMware Cloud Director 10.6"_s);
    // Not remembered: the session keeps no copy for a silent renewal, the window asks instead.
    QVERIFY(!a->connection()->session()->hasSecret());
    delete a;
}

void TestConnector::rememberedSecretComesFromTheStore()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Rig rig;
    Profile p = profileFor(*sim);
    p.rememberSecret = true;
    QVERIFY(rig.save(p));
    rig.storeSecrets(p, u"demo"_s);
    QVERIFY(rig.secrets.contains(p.secretKeyPassword()));
    ConnectAttempt *a = rig.connector.connectProfile(p);
    QCOMPARE(waitFor(a), Outcome::Connected);
    // Remembered: renewed silently with the copy in memory.
    QVERIFY(a->connection()->session()->hasSecret());
    delete a;
}

void TestConnector::noSecretAsksForOne()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Rig rig;
    ConnectAttempt *a = rig.connector.connectProfile(profileFor(*sim));
    QCOMPARE(waitFor(a), Outcome::NeedsSecret);
    QVERIFY(!a->secretProblem().isEmpty());
    QCOMPARE(rig.registry.count(), 0);
    QCOMPARE(sim->requestCount(), qint64(0));
    delete a;
}

void TestConnector::wrongPasswordLeavesNoConnection()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Rig rig;
    QSignalSpy removed(&rig.registry, &ConnectionRegistry::connectionRemoved);
    ConnectAttempt *a = rig.connector.connectProfile(profileFor(*sim), {u"wrong"_s, {}});
    QCOMPARE(waitFor(a), Outcome::Failed);
    QCOMPARE(a->error().kind(), ApiError::Kind::Auth);
    QVERIFY2(a->error().userMessage().contains(u"did not accept the credentials"_s),
             qPrintable(a->error().userMessage()));
    QCOMPARE(rig.registry.count(), 0);
    QCOMPARE(removed.count(), 1);
    QVERIFY(!a->connection());
    delete a;
}

void TestConnector::sameProfileTwiceIsTheSameConnection()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Rig rig;
    const Profile p = profileFor(*sim);
    ConnectAttempt *first = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(first), Outcome::Connected);
    const qint64 requests = sim->requestCount();
    ConnectAttempt *second = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(second), Outcome::AlreadyOpen);
    QCOMPARE(second->connection(), first->connection());
    QCOMPARE(rig.registry.count(), 1);
    QCOMPARE(sim->requestCount(), requests); // nothing sent, nothing asked
    delete first;
    delete second;
}

void TestConnector::requiredHeaderFromTheSecretStore()
{
    SimConfig cfg;
    cfg.requiredLoginHeaders = {{"x-id-sec", "s3cret-gateway-key"}};
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    Profile p = profileFor(*sim);
    p.extraHeaders = {{u"x-id-sec"_s, QString(), true}};
    QVERIFY(rig.save(p));

    // The value is in no store yet: the attempt says so before anything is sent.
    ConnectAttempt *missing = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(missing), Outcome::Failed);
    QVERIFY2(missing->error().userMessage().contains(u"x-id-sec"_s),
             qPrintable(missing->error().userMessage()));
    QCOMPARE(sim->requestCount(), qint64(0));
    delete missing;

    // A wrong value reaches the server, which refuses the login.
    Profile typed = p;
    typed.extraHeaders[0].value = u"wrong"_s;
    ConnectAttempt *wrong = rig.connector.connectProfile(typed, {u"demo"_s, {}});
    QCOMPARE(waitFor(wrong), Outcome::Failed);
    QCOMPARE(wrong->error().httpStatus(), 401);
    delete wrong;

    // In the secret store (never in the file): the login passes.
    typed.extraHeaders[0].value = u"s3cret-gateway-key"_s;
    rig.storeSecrets(typed);
    QVERIFY(rig.secrets.contains(p.secretKeyHeader(u"x-id-sec"_s)));
    ConnectAttempt *ok = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(ok), Outcome::Connected);
    delete ok;
    QFile file(rig.store.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("x-id-sec"));
    QVERIFY(!bytes.contains("s3cret-gateway-key"));
}

void TestConnector::pinnedCertificateIsStoredInTheProfile()
{
    SimConfig cfg;
    cfg.tls = true;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    Profile p = profileFor(*sim);
    QVERIFY(rig.save(p));
    QSignalSpy asked(&rig.connector, &Connector::certificateUntrusted);
    QSignalSpy stored(&rig.connector, &Connector::pinStored);
    connect(&rig.connector, &Connector::certificateUntrusted, this,
            [](Session *s) { s->answerCertificate(Session::TrustAnswer::PinForProfile); });
    ConnectAttempt *a = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(a), Outcome::Connected);
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().at(1).value<Profile>().id, p.id);
    QCOMPARE(asked.first().at(4).toString(), sim->certificateSha256());
    QCOMPARE(stored.count(), 1);
    // In the store, in the file, and in the open connection.
    QCOMPARE(rig.store.profile(p.id)->pinnedSha256, QStringList{sim->certificateSha256()});
    ProfileStore reread(rig.store.filePath());
    QVERIFY(reread.load());
    QCOMPARE(reread.profile(p.id)->pinnedSha256, QStringList{sim->certificateSha256()});
    QCOMPARE(a->connection()->profile().pinnedSha256, QStringList{sim->certificateSha256()});
    delete a;

    // The next connection with the stored profile does not ask.
    rig.registry.closeAll();
    QTRY_COMPARE(rig.registry.count(), 0);
    ConnectAttempt *again = rig.connector.connectProfile(*rig.store.profile(p.id), {u"demo"_s, {}});
    QCOMPARE(waitFor(again), Outcome::Connected);
    QCOMPARE(asked.count(), 1);
    delete again;
}

void TestConnector::changedCertificateIsRefusedUnsent()
{
    SimConfig cfg;
    cfg.tls = true;
    auto first = test::startSimulator(cfg);
    auto second = test::startSimulator(cfg); // another generated certificate
    QVERIFY(first && second);
    QVERIFY(first->certificateSha256() != second->certificateSha256());
    Rig rig;
    Profile p = profileFor(*second);
    p.pinnedSha256 = {first->certificateSha256()};
    QVERIFY(rig.save(p));
    QSignalSpy asked(&rig.connector, &Connector::certificateUntrusted);
    QSignalSpy mismatch(&rig.connector, &Connector::certificatePinMismatch);
    ConnectAttempt *a = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(a), Outcome::Failed);
    QCOMPARE(a->error().kind(), ApiError::Kind::PinMismatch);
    QCOMPARE(asked.count(), 0);
    QVERIFY(mismatch.count() >= 1);
    QCOMPARE(mismatch.first().at(3).toString(), second->certificateSha256());
    QCOMPARE(second->requestCount(), qint64(0));
    QCOMPARE(rig.registry.count(), 0);
    // The pin stays as it was: nothing trusts the new certificate behind the user's back.
    QCOMPARE(rig.store.profile(p.id)->pinnedSha256, QStringList{first->certificateSha256()});
    delete a;
}

void TestConnector::expiredSessionGetsItsPassword()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    Rig rig;
    const Profile p = profileFor(*sim);
    ConnectAttempt *a = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(a), Outcome::Connected);
    Connection *c = a->connection();
    delete a;

    sim->expireAllSessions();
    ApiCall *held = c->session()->get(c->session()->orgListHref());
    held->setAutoDelete(false);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), Connection::State::NeedsPassword, kWaitMs);
    QVERIFY(!held->isFinished());

    // A wrong password: still waiting, the call still held.
    ConnectAttempt *wrong = rig.connector.connectProfile(p, {u"nope"_s, {}});
    QCOMPARE(waitFor(wrong), Outcome::Failed);
    QCOMPARE(wrong->connection(), c);
    QTRY_COMPARE(c->state(), Connection::State::NeedsPassword);
    QCOMPARE(rig.registry.count(), 1); // a renewal that failed removes nothing
    QVERIFY(!held->isFinished());
    delete wrong;

    ConnectAttempt *right = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(right), Outcome::Connected);
    QCOMPARE(right->connection(), c);
    QTRY_VERIFY_WITH_TIMEOUT(held->isFinished(), kWaitMs);
    QVERIFY(held->succeeded());
    delete held;
    delete right;
}

void TestConnector::testConnectionReportsAndKeepsNothing()
{
    SimConfig cfg;
    cfg.product = u"10.4"_s;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    ConnectAttempt *a = rig.connector.testProfile(profileFor(*sim), {u"demo"_s, {}});
    QCOMPARE(waitFor(a), Outcome::Connected);
    const ConnectAttempt::Report &r = a->report();
    QVERIFY(r.serverVersions.contains(u"37.2"_s));
    QVERIFY(r.deprecatedVersions.contains(u"31.0"_s));
    QCOMPARE(r.chosenVersion, u"37.2"_s);
    QCOMPARE(r.flow, Session::LoginFlow::CloudApi);
    QCOMPARE(r.user, u"administrator"_s);
    QCOMPARE(r.serverRelease, u"VMware Cloud Director 10.4"_s);
    QCOMPARE(rig.registry.count(), 0);
    delete a;
    // The test session logs out on the server and goes.
    QTRY_VERIFY_WITH_TIMEOUT(rig.connector.findChildren<Session *>().isEmpty(), kWaitMs);

    ConnectAttempt *bad = rig.connector.testProfile(profileFor(*sim), {u"wrong"_s, {}});
    QCOMPARE(waitFor(bad), Outcome::Failed);
    QCOMPARE(bad->error().httpStatus(), 401);
    QVERIFY(bad->report().serverVersions.contains(u"37.2"_s)); // reached the versions, then failed
    delete bad;
}

void TestConnector::probeVersionsListsWhatTheServerOffers()
{
    SimConfig cfg;
    cfg.product = u"9.5"_s;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    ConnectAttempt *a = rig.connector.probeVersions(profileFor(*sim));
    QCOMPARE(waitFor(a), Outcome::Connected);
    QStringList versions;
    for (const VersionInfo &v : a->versions().versions)
        versions << v.version;
    QVERIFY(versions.contains(u"31.0"_s));
    QVERIFY(versions.contains(u"5.5"_s));
    QCOMPARE(rig.registry.count(), 0);
    delete a;
}

void TestConnector::apiTokenAndLegacyLogins_data()
{
    QTest::addColumn<QString>("product");
    QTest::addColumn<bool>("apiToken");
    QTest::addColumn<Session::LoginFlow>("flow");
    QTest::addRow("10.6 API token") << u"10.6"_s << true << Session::LoginFlow::ApiToken;
    QTest::addRow("5.1 legacy") << u"5.1"_s << false << Session::LoginFlow::Legacy;
}

void TestConnector::apiTokenAndLegacyLogins()
{
    QFETCH(QString, product);
    QFETCH(bool, apiToken);
    QFETCH(Session::LoginFlow, flow);
    SimConfig cfg;
    cfg.product = product;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    Profile p = profileFor(*sim, u"orgadmin"_s, u"acme-corp"_s);
    QString secret = u"demo"_s;
    if (apiToken) {
        p.authKind = Profile::AuthKind::ApiToken;
        p.user.clear();
        sim->withCloud([&](sim::Cloud &c) {
            secret = c.userByName(c.orgByName(u"acme-corp"_s)->id, u"orgadmin"_s)->apiToken;
        });
    }
    ConnectAttempt *a = rig.connector.connectProfile(p, {secret, {}});
    QCOMPARE(waitFor(a), Outcome::Connected);
    QCOMPARE(a->connection()->session()->loginFlow(), flow);
    QCOMPARE(a->connection()->session()->sessionInfo().user, u"orgadmin"_s);
    delete a;
}

void TestConnector::cancelRemovesTheConnection()
{
    SimConfig cfg;
    cfg.tls = true; // the certificate question holds the login where it can be canceled
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    QSignalSpy asked(&rig.connector, &Connector::certificateUntrusted);
    ConnectAttempt *a = rig.connector.connectProfile(profileFor(*sim), {u"demo"_s, {}});
    a->setAutoDelete(false);
    QTRY_COMPARE_WITH_TIMEOUT(asked.count(), 1, kWaitMs);
    QCOMPARE(rig.registry.count(), 1);
    a->cancel();
    QCOMPARE(a->outcome(), Outcome::Canceled);
    QCOMPARE(rig.registry.count(), 0);
    delete a;
}

void TestConnector::logoutWipesSecretsOfTheSettings()
{
    SimConfig cfg;
    cfg.requiredLoginHeaders = {{"x-id-sec", "gateway"}};
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    Rig rig;
    Profile p = profileFor(*sim);
    p.extraHeaders = {{u"x-id-sec"_s, u"gateway"_s, true}};
    ConnectAttempt *a = rig.connector.connectProfile(p, {u"demo"_s, {}});
    QCOMPARE(waitFor(a), Outcome::Connected);
    QPointer<Session> session = a->connection()->session();
    delete a;
    QCOMPARE(session->settings().extraHeaders.value(0).value, QByteArray("gateway"));
    QSignalSpy out(session.data(), &Session::loggedOut);
    session->logout();
    QTRY_COMPARE_WITH_TIMEOUT(out.count(), 1, kWaitMs);
    QVERIFY(session->settings().extraHeaders.value(0).value.isEmpty());
    QVERIFY(session->currentTokenHeader().second.isEmpty());
    QVERIFY(!session->hasSecret());
}

QTEST_GUILESS_MAIN(TestConnector)
#include "tst_connector.moc"
