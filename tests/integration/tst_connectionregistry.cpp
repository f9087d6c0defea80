// ConnectionRegistry and Connection against vcd-sim (in-process, port 0): one Connection per profile,
// adopted Sessions, removal when a Session dies, close() that logs out on the server before the
// connection goes, and the user-facing states including "needs password" after an expiry.

#include "common/httpclient.h"
#include "common/simfixture.h"
#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/net/session.h"
#include "sim/vcdsimulator.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;
using State = vcd::Connection::State;

namespace {

constexpr int kWaitMs = 30000;

Profile profileFor(const sim::VcdSimulator &sim, const QString &name, const QString &user, const QString &org)
{
    Profile p;
    p.name = name;
    p.url = sim.baseUrl();
    p.user = user;
    p.org = org;
    p.proxyMode = Profile::ProxyMode::None;
    p.colorLabel = u"red"_s;
    return p;
}

} // namespace

class TestConnectionRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void oneConnectionPerProfile();
    void adoptedSessionTakesItsConnectionAlong();
    void closeLogsOutOnTheServer();
    void statesFollowTheSession();

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
};

void TestConnectionRegistry::initTestCase()
{
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
}

void TestConnectionRegistry::cleanupTestCase()
{
    m_sim.reset();
}

void TestConnectionRegistry::oneConnectionPerProfile()
{
    ConnectionRegistry registry;
    QSignalSpy added(&registry, &ConnectionRegistry::connectionAdded);
    const Profile p = profileFor(*m_sim, u"acme"_s, u"orgadmin"_s, u"acme-corp"_s);
    bool existed = true;
    Connection *c = registry.open(p, &existed);
    QVERIFY(c);
    QVERIFY(!existed);
    QCOMPARE(c->id(), p.id);
    QCOMPARE(c->label(), u"acme"_s);
    QCOMPARE(c->colorLabel(), u"red"_s);
    QVERIFY(c->session());
    QCOMPARE(c->state(), State::Disconnected);
    QCOMPARE(registry.open(p, &existed), c);
    QVERIFY(existed);
    QCOMPARE(added.count(), 1);

    Connection *d = registry.open(profileFor(*m_sim, u"globex"_s, u"orgadmin"_s, u"globex"_s));
    QCOMPARE(registry.connections(), (QList<Connection *>{c, d}));
    QCOMPARE(registry.find(p.id), c);
    QCOMPARE(registry.forSession(d->session()), d);
    QCOMPARE(registry.find(u"nope"_s), nullptr);

    // A profile edited while open: the label follows at once.
    Profile renamed = p;
    renamed.name = u"acme (prod)"_s;
    QSignalSpy changed(c, &Connection::profileChanged);
    c->setProfile(renamed);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(c->label(), u"acme (prod)"_s);
}

void TestConnectionRegistry::adoptedSessionTakesItsConnectionAlong()
{
    ConnectionRegistry registry;
    auto session = std::make_unique<Session>();
    Connection *c =
        registry.adopt(profileFor(*m_sim, u"demo"_s, u"administrator"_s, u"System"_s), session.get());
    QCOMPARE(c->session(), session.get());
    QSignalSpy removed(&registry, &ConnectionRegistry::connectionRemoved);
    QPointer<Connection> guard(c);
    session.reset();
    QCOMPARE(removed.count(), 1);
    QCOMPARE(registry.count(), 0);
    QTRY_VERIFY(guard.isNull()); // deleted later, not under the receivers' feet
}

void TestConnectionRegistry::closeLogsOutOnTheServer()
{
    ConnectionRegistry registry;
    Connection *c = registry.open(profileFor(*m_sim, u"initech"_s, u"orgadmin"_s, u"initech"_s));
    QSignalSpy in(c->session(), &Session::loggedIn);
    c->session()->login(test::sessionSettings(m_sim->baseUrl(), u"orgadmin"_s, u"initech"_s), u"demo"_s);
    QTRY_COMPARE_WITH_TIMEOUT(in.count(), 1, kWaitMs);
    const auto token = c->session()->currentTokenHeader();
    const QString version = c->session()->apiVersion();

    QPointer<Connection> guard(c);
    bool stillReadable = false;
    connect(&registry, &ConnectionRegistry::connectionRemoved, this,
            [&](Connection *removed) { stillReadable = removed == c && removed->label() == u"initech"_s; });
    registry.close(c);
    QVERIFY(stillReadable);
    QCOMPARE(registry.count(), 0);
    QTRY_VERIFY(guard.isNull());

    test::HttpClient http;
    http.setApiVersion(version);
    QTRY_COMPARE_WITH_TIMEOUT(http.get(QUrl(m_sim->baseUrl().toString() + u"/api/session"_s), {token}).status,
                              401, kWaitMs);
}

void TestConnectionRegistry::statesFollowTheSession()
{
    ConnectionRegistry registry;
    Connection *c = registry.open(profileFor(*m_sim, u"northwind"_s, u"orgadmin"_s, u"northwind"_s));
    QSignalSpy states(c, &Connection::stateChanged);
    SessionSettings settings = test::sessionSettings(m_sim->baseUrl(), u"orgadmin"_s, u"northwind"_s);
    // No secret kept: an expiry must ask the user.
    settings.keepSecretForReauthentication = false;
    c->session()->login(settings, u"demo"_s);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Connected, kWaitMs);
    QCOMPARE(states.first().at(0).value<State>(), State::Connecting);

    m_sim->expireAllSessions();
    // The next call meets the 401; with no secret in memory the connection needs a password.
    ApiCall *call = c->session()->get(c->session()->orgListHref());
    Q_UNUSED(call);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::NeedsPassword, kWaitMs);
    QVERIFY(c->needsPassword());
    QCOMPARE(Connection::stateText(State::NeedsPassword), u"needs password"_s);

    states.clear();
    c->session()->provideSecret(u"demo"_s);
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Connected, kWaitMs);
    QVERIFY(!states.isEmpty());
    QCOMPARE(states.first().at(0).value<State>(), State::Renewing);

    registry.close(c);
}

QTEST_MAIN(TestConnectionRegistry)
#include "tst_connectionregistry.moc"
