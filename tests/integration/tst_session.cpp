// Session against vcd-sim (issue #3 items 1–7): versions → login → org list → logout for every
// product, with password and API token, as System and as a tenant; extra login headers; faults
// (latency, 503 then success, dropped GET retried, dropped POST not retried); session expiry with
// and without a stored secret; a POST meeting 401; version mismatch (pin, and a fake server offering
// only 0.9); TLS (trust once, pin for profile, refuse, pin mismatch, CA file); a redirect to another
// host (credentials never follow); logout aborting calls in flight.

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "sim/xmlutil.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

using namespace vcd;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;

namespace {

constexpr int kWaitMs = 20000;

SessionSettings adminOf(const VcdSimulator &sim)
{
    return test::sessionSettings(sim.baseUrl(), u"administrator"_s, u"System"_s);
}

QString apiTokenOf(VcdSimulator &sim, const QString &orgName, const QString &user)
{
    QString token;
    sim.withCloud([&](sim::Cloud &cloud) {
        if (const sim::Org *org = cloud.orgByName(orgName))
            if (const sim::User *u = cloud.userByName(org->id, user))
                token = u->apiToken;
    });
    return token;
}

struct LoginOutcome
{
    bool ok = false;
    bool answered = false;
    ApiError error;
};

LoginOutcome loginAndWait(Session &session, const SessionSettings &settings, const QString &secret)
{
    QSignalSpy ok(&session, &Session::loggedIn);
    QSignalSpy failed(&session, &Session::loginFailed);
    session.login(settings, secret);
    LoginOutcome out;
    out.answered = QTest::qWaitFor([&] { return ok.count() + failed.count() > 0; }, kWaitMs);
    out.ok = ok.count() == 1 && failed.isEmpty();
    if (!failed.isEmpty())
        out.error = failed.first().first().value<ApiError>();
    return out;
}

// The test reads results after finished(), so it keeps its calls (they auto-delete by default).
ApiCall *kept(ApiCall *call)
{
    if (call)
        call->setAutoDelete(false);
    return call;
}

bool waitFinished(ApiCall *call, int ms = kWaitMs)
{
    return call && QTest::qWaitFor([call] { return call->isFinished(); }, ms);
}

QList<Session::State> statesOf(const QSignalSpy &spy)
{
    QList<Session::State> out;
    for (const auto &args : spy)
        out << args.first().value<Session::State>();
    return out;
}

struct Fetched
{
    int status = 0;
    QByteArray body;
};

// A GET through `session`, waited for.
Fetched fetchVia(Session &session, const QUrl &url)
{
    ApiCall *call = kept(session.get(url));
    Fetched f;
    if (waitFinished(call)) {
        f.status = call->status();
        f.body = call->body();
    }
    delete call;
    return f;
}

int countLogins(const RequestLog &log)
{
    int n = 0;
    for (const Exchange &e : log.entries())
        if (e.method == "POST" &&
            (e.url.path().endsWith(u"/sessions") || e.url.path().endsWith(u"/sessions/provider") ||
             e.url.path().endsWith(u"/token")))
            ++n;
    return n;
}

// A tiny HTTP/1.1 responder for what the simulator cannot be: a server offering only API 0.9, a
// server that redirects elsewhere, and the "elsewhere" that records what reaches it.
class TinyHttpServer : public QObject
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const
        {
            for (const auto &h : headers)
                if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                    return h.second;
            return {};
        }
    };
    using Handler = std::function<QByteArray(const Request &)>;

    explicit TinyHttpServer(Handler handler)
        : m_handler(std::move(handler))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                s->setParent(this);
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    bool listen(const QHostAddress &address) { return m_server.listen(address, 0); }
    QUrl url(const QString &path = QString()) const
    {
        return QUrl(u"http://%1:%2%3"_s.arg(m_server.serverAddress().toString())
                        .arg(m_server.serverPort())
                        .arg(path));
    }
    static QByteArray response(int status, const QByteArray &reason,
                               const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        for (const auto &h : headers)
            out += h.first + ": " + h.second + "\r\n";
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        return out;
    }

    QList<Request> received;
    int connections = 0;

private:
    void onRead(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            if (line.left(colon).trimmed().compare("Content-Length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buf.size() < end + 4 + length)
            return;
        r.body = buf.mid(end + 4, length);
        buf.clear();
        received << r;
        s->write(m_handler(r));
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray versionsXml(const QStringList &versions, const QUrl &base)
{
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<SupportedVersions xmlns=\"http://www.vmware.com/vcloud/versions\">";
    for (const QString &v : versions)
        xml += "<VersionInfo><Version>" + v.toLatin1() + "</Version><LoginUrl>" + base.toString().toLatin1() +
               "/api/sessions</LoginUrl></VersionInfo>";
    return xml + "</SupportedVersions>";
}

// A session logged in to a simulator that then waits `latencyMs` before each answer, and `n` GETs of
// the org list sent on it at once.
struct BusySession
{
    BusySession(int latencyMs, int n, int deadlineMs = 0)
        : sim(test::startSimulator())
    {
        if (!sim)
            return;
        SessionSettings settings = adminOf(*sim);
        if (deadlineMs > 0)
            settings.deadlineMs = deadlineMs;
        if (!loginAndWait(session, settings, u"demo"_s).ok)
            return;
        sim->setFaults({latencyMs, 0, 0.0, 0.0, 0, 0});
        before = session.requestLog()->entries().size();
        for (int i = 0; i < n; ++i)
            calls << kept(session.get(session.orgListHref()));
    }
    // The tries logged since the calls were made.
    QList<Exchange> tries() const { return session.requestLog()->entries().mid(before); }

    std::unique_ptr<VcdSimulator> sim;
    Session session;
    qsizetype before = 0;
    QList<ApiCall *> calls; // empty when the simulator or the login failed
};

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ------------------------------------------------------------------ the whole cycle

    void fullCycle_data()
    {
        QTest::addColumn<QString>("product");
        QTest::addColumn<bool>("provider");
        QTest::addColumn<bool>("apiToken");
        QTest::addColumn<QString>("version");
        QTest::addColumn<Session::LoginFlow>("flow");
        const QList<std::pair<QString, QString>> products = {
            {u"5.1"_s, u"5.1"_s},   {u"5.5"_s, u"5.5"_s},   {u"9.5"_s, u"31.0"_s},  {u"10.3"_s, u"36.3"_s},
            {u"10.4"_s, u"37.2"_s}, {u"10.5"_s, u"38.1"_s}, {u"10.6"_s, u"39.1"_s},
        };
        for (const auto &[product, version] : products) {
            const bool cloudapi = Session::compareVersions(version, u"33.0") >= 0;
            const bool tokens = Session::compareVersions(version, u"36.1") >= 0;
            const auto pwFlow = cloudapi ? Session::LoginFlow::CloudApi : Session::LoginFlow::Legacy;
            for (bool provider : {true, false}) {
                const char *who = provider ? "System" : "tenant";
                QTest::addRow("%s %s password", qPrintable(product), who)
                    << product << provider << false << version << pwFlow;
                if (tokens)
                    QTest::addRow("%s %s token", qPrintable(product), who)
                        << product << provider << true << version << Session::LoginFlow::ApiToken;
            }
        }
    }
    void fullCycle()
    {
        QFETCH(QString, product);
        QFETCH(bool, provider);
        QFETCH(bool, apiToken);
        QFETCH(QString, version);
        QFETCH(Session::LoginFlow, flow);

        SimConfig cfg;
        cfg.product = product;
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        const QString org = provider ? u"System"_s : u"acme-corp"_s;
        const QString user = provider ? u"administrator"_s : u"orgadmin"_s;
        SessionSettings settings = test::sessionSettings(sim->baseUrl(), user, org);
        QString secret = u"demo"_s;
        if (apiToken) {
            settings.authKind = SessionSettings::AuthKind::ApiToken;
            secret = apiTokenOf(*sim, org, user);
            QVERIFY(!secret.isEmpty());
        }

        Session session;
        QSignalSpy states(&session, &Session::stateChanged);
        const LoginOutcome out = loginAndWait(session, settings, secret);
        QVERIFY2(out.ok, qPrintable(out.error.userMessage() + u'\n' + out.error.details()));
        QCOMPARE(session.state(), Session::State::Connected);
        QCOMPARE(statesOf(states),
                 (QList<Session::State>{Session::State::Negotiating, Session::State::Authenticating,
                                        Session::State::Connected}));
        QCOMPARE(session.apiVersion(), version);
        QCOMPARE(session.loginFlow(), flow);
        QCOMPARE(session.sessionInfo().user, user);
        QVERIFY(session.sessionInfo().org.compare(org, Qt::CaseInsensitive) == 0);
        QVERIFY(!session.currentTokenHeader().first.isEmpty());
        QVERIFY(session.queryHref().isValid());

        // The org list through its link.
        const QUrl orgList = session.orgListHref();
        QVERIFY(orgList.isValid());
        ApiCall *call = kept(session.get(orgList));
        QVERIFY(waitFinished(call));
        QVERIFY2(call->succeeded(), qPrintable(call->error().details()));
        QCOMPARE(call->status(), 200);
        const ReadResult<OrgList> orgs = XmlReaders::readOrgList(call->body());
        QVERIFY2(orgs.ok(), qPrintable(orgs.error.toString()));
        QStringList names;
        for (const EntityRef &o : orgs->orgs)
            names << o.name;
        QVERIFY(names.contains(u"acme-corp"_s));
        if (provider)
            QVERIFY2(names.contains(u"globex"_s) && names.contains(u"northwind"_s),
                     qPrintable(names.join(u',')));
        else
            QCOMPARE(names, QStringList{u"acme-corp"_s});

        // Nothing secret in the log: the token we used and the secret never appear.
        const QByteArray token = session.currentTokenHeader().second.split(' ').last();
        QVERIFY(token.size() > 8);
        for (const Exchange &e : session.requestLog()->entries()) {
            for (const auto &h : e.requestHeaders + e.responseHeaders) {
                QVERIFY2(!h.second.contains(token), h.first.constData());
                if (apiToken)
                    QVERIFY(!h.second.contains(secret.toUtf8()));
            }
            QVERIFY(!e.responseBody.contains(token));
            if (apiToken)
                QVERIFY(!e.requestBody.contains(secret.toUtf8()));
        }

        // Logout: the right endpoint, then Disconnected with the token gone.
        QSignalSpy loggedOut(&session, &Session::loggedOut);
        session.logout();
        QCOMPARE(session.state(), Session::State::LoggingOut);
        QTRY_COMPARE_WITH_TIMEOUT(loggedOut.count(), 1, kWaitMs);
        QCOMPARE(session.state(), Session::State::Disconnected);
        QVERIFY(session.currentTokenHeader().first.isEmpty());
        QVERIFY(!session.hasSecret());
        const Exchange last = session.requestLog()->entries().last();
        QCOMPARE(last.method, QByteArray("DELETE"));
        const bool cloudapiLogout =
            flow != Session::LoginFlow::Legacy && Session::compareVersions(version, u"36.0") >= 0;
        QCOMPARE(last.url.path(), cloudapiLogout ? u"/cloudapi/1.0.0/sessions/current"_s : u"/api/session"_s);
        QCOMPARE(last.status, 204);

        // The server session is gone: the old token is refused.
        ApiCall *after = kept(session.get(orgList));
        QVERIFY(waitFinished(after));
        QCOMPARE(after->error().kind(), ApiError::Kind::Auth);
    }

    void callsDeleteThemselvesAfterFinished()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        QPointer<ApiCall> call = session.get(session.orgListHref());
        int status = 0;
        QByteArray body;
        connect(call, &ApiCall::finished, this, [&] {
            status = call->status();
            body = call->body();
        });
        QTRY_VERIFY_WITH_TIMEOUT(call.isNull(), kWaitMs);
        QCOMPARE(status, 200);
        QVERIFY(XmlReaders::readOrgList(body).ok());
    }

    void wrongPassword()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        const LoginOutcome out = loginAndWait(session, adminOf(*sim), u"wrong"_s);
        QVERIFY(out.answered);
        QVERIFY(!out.ok);
        QCOMPARE(out.error.kind(), ApiError::Kind::Auth);
        QCOMPARE(out.error.httpStatus(), 401);
        QVERIFY(out.error.userMessage().contains(u"administrator@System"_s));
        QCOMPARE(session.state(), Session::State::Disconnected);
    }

    void callsWhenNotLoggedIn()
    {
        Session session;
        ApiCall *call = kept(session.get(QUrl(u"http://127.0.0.1:1/api/org"_s)));
        QVERIFY(!call->isFinished()); // finished comes later, so the caller can connect
        QSignalSpy finished(call, &ApiCall::finished);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(call->error().kind(), ApiError::Kind::Auth);
    }

    // ------------------------------------------------------------------ extra headers

    void requiredLoginHeader_data()
    {
        QTest::addColumn<QString>("product");
        QTest::addColumn<bool>("apiToken");
        QTest::addRow("10.6 cloudapi") << u"10.6"_s << false;
        QTest::addRow("10.6 token") << u"10.6"_s << true;
        QTest::addRow("9.5 legacy") << u"9.5"_s << false;
    }
    void requiredLoginHeader()
    {
        QFETCH(QString, product);
        QFETCH(bool, apiToken);
        SimConfig cfg;
        cfg.product = product;
        cfg.requiredLoginHeaders = {{"X-Provider-Key", "k-42"}};
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        SessionSettings settings = test::sessionSettings(sim->baseUrl(), u"orgadmin"_s, u"globex"_s);
        QString secret = u"demo"_s;
        if (apiToken) {
            settings.authKind = SessionSettings::AuthKind::ApiToken;
            secret = apiTokenOf(*sim, u"globex"_s, u"orgadmin"_s);
        }

        {
            Session session;
            const LoginOutcome out = loginAndWait(session, settings, secret);
            QVERIFY(out.answered);
            QVERIFY(!out.ok);
            QCOMPARE(out.error.kind(), ApiError::Kind::Auth);
            QVERIFY2(out.error.userMessage().contains(u"extra headers"_s),
                     qPrintable(out.error.userMessage()));
        }

        settings.extraHeaders = {{"X-Provider-Key", "k-42", true}};
        Session session;
        const LoginOutcome out = loginAndWait(session, settings, secret);
        QVERIFY2(out.ok, qPrintable(out.error.userMessage()));
        ApiCall *call = kept(session.get(session.orgListHref()));
        QVERIFY(waitFinished(call));
        QVERIFY(call->succeeded());
        // Sent on every request, and redacted in the log because it is marked secret.
        for (const Exchange &e : session.requestLog()->entries()) {
            QVERIFY(!e.requestHeader("X-Provider-Key").isEmpty());
            QVERIFY(!e.requestHeader("X-Provider-Key").contains("k-42"));
        }
    }

    // ------------------------------------------------------------------ faults

    void latency()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->setFaults({300, 0, 0.0, 0.0, 0, 0});
        QElapsedTimer t;
        t.start();
        ApiCall *call = kept(session.get(session.orgListHref()));
        QVERIFY(waitFinished(call));
        QVERIFY(call->succeeded());
        QVERIFY2(t.elapsed() >= 280, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(call->attempts(), 1);
    }

    // ------------------------------------------------------------------ connections

    // Never more than six requests at a time (two wires of three, docs/ARCHITECTURE.md): the rest wait
    // in the session, first come first served, and go out as answers come back.
    void callsBeyondSixWaitForAFreeConnection()
    {
        BusySession busy(250, 10);
        QCOMPARE(busy.calls.size(), 10);
        for (ApiCall *c : std::as_const(busy.calls)) {
            QVERIFY(waitFinished(c));
            QVERIFY2(c->succeeded(), qPrintable(c->error().details()));
            QCOMPARE(c->attempts(), 1);
        }
        const QList<Exchange> tries = busy.tries();
        QCOMPARE(tries.size(), 10);
        // How many tries were on the wire when each one went out. An answer and the request that
        // takes its place are a moment apart; overlaps shorter than 50 ms are that moment, not
        // concurrency (each try lasts the 250 ms the server waits).
        int most = 0;
        for (const Exchange &e : tries) {
            const qint64 at = e.startedAt.toMSecsSinceEpoch();
            int running = 0;
            for (const Exchange &o : tries) {
                const qint64 start = o.startedAt.toMSecsSinceEpoch();
                if (start <= at && at < start + o.durationMs - 50)
                    ++running;
            }
            most = std::max(most, running);
        }
        QCOMPARE(most, 6);
        // The last four went out only when the first answers came back.
        qint64 firstEnd = std::numeric_limits<qint64>::max();
        for (qsizetype i = 0; i < 6; ++i)
            firstEnd = std::min(firstEnd, tries[i].startedAt.toMSecsSinceEpoch() + tries[i].durationMs);
        for (qsizetype i = 6; i < tries.size(); ++i)
            QVERIFY2(tries[i].startedAt.toMSecsSinceEpoch() >= firstEnd - 50, qPrintable(QString::number(i)));
    }

    // A call canceled while it waits for a connection finishes Canceled and never reaches the server;
    // the others are not held up by it.
    void waitingCallCanceled()
    {
        BusySession busy(200, 8);
        const QList<ApiCall *> &calls = busy.calls;
        QCOMPARE(calls.size(), 8);
        QSignalSpy canceled(calls[6], &ApiCall::finished);
        calls[6]->abort();
        QCOMPARE(canceled.count(), 1);
        QCOMPARE(calls[6]->error().kind(), ApiError::Kind::Canceled);
        for (ApiCall *c : std::as_const(calls)) {
            QVERIFY(waitFinished(c));
            if (c != calls[6])
                QVERIFY2(c->succeeded(), qPrintable(c->error().details()));
        }
        QCOMPARE(busy.tries().size(), 7);
    }

    // The deadline covers the wait for a connection: a call that cannot go out in time fails with
    // Deadline instead of waiting on.
    void deadlineWhileWaiting()
    {
        BusySession busy(1000, 12, 1500);
        QCOMPARE(busy.calls.size(), 12);
        // Six go out at once and take a second; the next six wait that second and then a second more,
        // past the 1.5 s deadline.
        int ok = 0;
        int late = 0;
        for (ApiCall *c : std::as_const(busy.calls)) {
            QVERIFY(waitFinished(c));
            if (c->succeeded())
                ++ok;
            else if (c->error().kind() == ApiError::Kind::Deadline)
                ++late;
        }
        QCOMPARE(ok, 6);
        QCOMPARE(late, 6);
    }

    void serviceUnavailableThenSuccess()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->setFaults({0, 0, 0.0, 0.0, 1, 0});
        ApiCall *call = kept(session.get(session.orgListHref()));
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(waitFinished(call));
        QVERIFY2(call->succeeded(), qPrintable(call->error().details()));
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(retrying.first().at(0).toInt(), 2);
        QCOMPARE(retrying.first().at(1).toInt(), 1000); // the simulator's Retry-After: 1
        const ApiError reason = retrying.first().at(2).value<ApiError>();
        QCOMPARE(reason.httpStatus(), 503);
        QCOMPARE(reason.minorCode(), u"SERVICE_UNAVAILABLE"_s);
        QCOMPARE(call->attempts(), 2);
        // Both tries are in the log, the second marked as a retry.
        const QList<Exchange> log = session.requestLog()->entries();
        QCOMPARE(log.at(log.size() - 2).status, 503);
        QCOMPARE(log.last().status, 200);
        QCOMPARE(log.last().attempt, 2);
    }

    void droppedGetIsRetried()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->setFaults({0, 0, 0.0, 0.0, 0, 1});
        ApiCall *call = kept(session.get(session.orgListHref()));
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(waitFinished(call));
        QVERIFY2(call->succeeded(), qPrintable(call->error().details()));
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(retrying.first().at(2).value<ApiError>().kind(), ApiError::Kind::Network);
        QVERIFY(XmlReaders::readOrgList(call->body()).ok());
    }

    void droppedPostIsNotRetried()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->setFaults({0, 0, 0.0, 0.0, 0, 1});
        const qint64 before = sim->requestCount();
        ApiCall *call = kept(session.post(session.orgListHref(), QByteArray("<x/>"), "application/xml"));
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(waitFinished(call));
        QVERIFY(!call->succeeded());
        QCOMPARE(call->error().kind(), ApiError::Kind::Network);
        QCOMPARE(retrying.count(), 0);
        QCOMPARE(call->attempts(), 1);
        QCOMPARE(sim->requestCount() - before, qint64(1));
        QVERIFY(!call->error().retryable());
    }

    void retriesGiveUpAfterThreeTries()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->setFaults({0, 0, 0.0, 0.0, 0, 5});
        const qint64 before = sim->requestCount();
        ApiCall *call = kept(session.get(session.orgListHref()));
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(waitFinished(call));
        QCOMPARE(call->error().kind(), ApiError::Kind::Network);
        QCOMPARE(retrying.count(), 2);
        QCOMPARE(call->attempts(), 3);
        QCOMPARE(sim->requestCount() - before, qint64(3));
    }

    void transferTimeout()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        SessionSettings settings = adminOf(*sim);
        settings.timeoutMs = 300;
        Session session;
        QVERIFY(loginAndWait(session, settings, u"demo"_s).ok);
        sim->setFaults({3000, 0, 0.0, 0.0, 0, 0});
        ApiCall *call = kept(session.get(session.orgListHref()));
        QSignalSpy retrying(call, &ApiCall::retrying);
        QVERIFY(waitFinished(call));
        QCOMPARE(call->error().kind(), ApiError::Kind::Timeout); // not "canceled": nobody canceled it
        QCOMPARE(retrying.count(), 2);                           // a timed-out GET is tried three times
        QCOMPARE(retrying.first().at(2).value<ApiError>().kind(), ApiError::Kind::Timeout);
    }

    void explicitProxy()
    {
        // A "proxy" that answers itself: proves the request went through it (absolute URI in the
        // request line) to a host that does not even resolve.
        TinyHttpServer proxy([](const TinyHttpServer::Request &r) {
            if (r.path == "http://vcd.invalid/api/versions")
                return TinyHttpServer::response(200, "OK", {}, versionsXml({u"0.9"_s}, QUrl()));
            return TinyHttpServer::response(502, "Bad Gateway", {}, {});
        });
        QVERIFY(proxy.listen(QHostAddress::LocalHost));
        SessionSettings settings = test::sessionSettings(QUrl(u"http://vcd.invalid"_s), u"u"_s, u"o"_s);
        settings.proxyMode = SessionSettings::ProxyMode::Explicit;
        settings.proxyHost = u"127.0.0.1"_s;
        settings.proxyPort = proxy.url().port();
        settings.allowInsecureHttp = true; // http:// to a host that is not loopback
        Session session;
        const LoginOutcome out = loginAndWait(session, settings, u"pw"_s);
        QCOMPARE(out.error.kind(), ApiError::Kind::VersionMismatch); // the proxy's answer was read
        QCOMPARE(proxy.received.size(), 1);

        settings.proxyMode = SessionSettings::ProxyMode::None; // directly: the host does not exist
        const LoginOutcome direct = loginAndWait(session, settings, u"pw"_s);
        QCOMPARE(direct.error.kind(), ApiError::Kind::Network);
        QCOMPARE(proxy.received.size(), 1);
    }

    // ------------------------------------------------------------------ expiry

    void expiryWithCallsInParallel()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->expireAllSessions();
        QSignalSpy states(&session, &Session::stateChanged);
        QList<ApiCall *> calls;
        for (int i = 0; i < 4; ++i)
            calls << kept(session.get(i % 2 ? session.queryHref() : session.orgListHref()));
        for (ApiCall *c : calls) {
            QVERIFY(waitFinished(c));
            QVERIFY2(c->succeeded(), qPrintable(c->error().details()));
        }
        QCOMPARE(countLogins(*session.requestLog()), 2); // one renewal for all of them
        QCOMPARE(statesOf(states).count(Session::State::Authenticating), 1);
        QCOMPARE(session.state(), Session::State::Connected);
    }

    void expiryWithStoredSecret()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        QCOMPARE(countLogins(*session.requestLog()), 1);
        const auto oldToken = session.currentTokenHeader();

        sim->expireAllSessions();
        QSignalSpy states(&session, &Session::stateChanged);
        QSignalSpy reauth(&session, &Session::reauthenticationRequired);
        ApiCall *call = kept(session.get(session.orgListHref()));
        QVERIFY(waitFinished(call));
        QVERIFY2(call->succeeded(), qPrintable(call->error().details()));
        QVERIFY(XmlReaders::readOrgList(call->body()).ok());
        QCOMPARE(statesOf(states),
                 (QList<Session::State>{Session::State::Expired, Session::State::Authenticating,
                                        Session::State::Connected}));
        QCOMPARE(reauth.count(), 0);
        QCOMPARE(countLogins(*session.requestLog()), 2); // exactly one extra login
        QVERIFY(session.currentTokenHeader() != oldToken);
        QCOMPARE(call->attempts(), 2); // the 401 try, then the replay
        QCOMPARE(session.requestLog()->entries().last().note, u"replayed after re-login"_s);

        // A second expiry later renews silently again (one renewal per expiry, not per session).
        sim->expireAllSessions();
        ApiCall *again = kept(session.get(session.orgListHref()));
        QVERIFY(waitFinished(again));
        QVERIFY(again->succeeded());
        QCOMPARE(countLogins(*session.requestLog()), 3);
    }

    void expiryWithoutStoredSecret()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        SessionSettings settings = test::sessionSettings(sim->baseUrl(), u"vappuser"_s, u"initech"_s);
        settings.keepSecretForReauthentication = false;
        Session session;
        QVERIFY(loginAndWait(session, settings, u"demo"_s).ok);
        QVERIFY(!session.hasSecret());

        sim->expireAllSessions();
        QSignalSpy reauth(&session, &Session::reauthenticationRequired);
        ApiCall *call = kept(session.get(session.orgListHref()));
        QTRY_COMPARE_WITH_TIMEOUT(reauth.count(), 1, kWaitMs);
        QCOMPARE(session.state(), Session::State::Expired);
        QVERIFY(!call->isFinished());                                // held, not failed
        ApiCall *meanwhile = kept(session.get(session.queryHref())); // issued while expired: held too
        QVERIFY(!meanwhile->isFinished());
        QCOMPARE(countLogins(*session.requestLog()), 1);

        QSignalSpy loggedIn(&session, &Session::loggedIn);
        session.provideSecret(u"demo"_s);
        QVERIFY(waitFinished(call));
        QVERIFY(waitFinished(meanwhile));
        QVERIFY2(call->succeeded(), qPrintable(call->error().details()));
        QVERIFY(meanwhile->succeeded());
        QCOMPARE(loggedIn.count(), 1);
        QCOMPARE(session.state(), Session::State::Connected);
        QVERIFY(!session.hasSecret()); // wiped again
        QCOMPARE(countLogins(*session.requestLog()), 2);
    }

    void expiryWithoutSecretThenLogoutFailsHeldCalls()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        SessionSettings settings = adminOf(*sim);
        settings.keepSecretForReauthentication = false;
        Session session;
        QVERIFY(loginAndWait(session, settings, u"demo"_s).ok);
        sim->expireAllSessions();
        QSignalSpy reauth(&session, &Session::reauthenticationRequired);
        ApiCall *call = kept(session.get(session.orgListHref()));
        QTRY_COMPARE_WITH_TIMEOUT(reauth.count(), 1, kWaitMs);
        session.logout();
        QVERIFY(call->isFinished());
        QCOMPARE(call->error().kind(), ApiError::Kind::Canceled);
        QCOMPARE(session.state(), Session::State::Disconnected);
    }

    void postMeeting401IsReportedNotReplayed()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);

        // A powered-on VM whose vApp is not busy.
        QString vmId;
        qsizetype tasksBefore = 0;
        sim->withCloud([&](sim::Cloud &cloud) {
            for (const sim::Vm *vm : cloud.vms.rows())
                if (vmId.isEmpty() && vm->status == sim::Status::PoweredOn && !cloud.busyTaskOf(vm->vappId))
                    vmId = vm->id;
            tasksBefore = cloud.tasks.size();
        });
        QVERIFY(!vmId.isEmpty());
        const QUrl powerOff(sim::hrefOf(sim->baseUrl().toString(), sim::Kind::Vm, vmId) +
                            u"/power/action/powerOff"_s);

        sim->expireAllSessions();
        QSignalSpy loggedIn(&session, &Session::loggedIn);
        ApiCall *post = kept(session.post(powerOff));
        QVERIFY(waitFinished(post));
        QCOMPARE(post->status(), 401);
        QCOMPARE(post->error().kind(), ApiError::Kind::Auth);
        QVERIFY(post->error().retryable());
        QCOMPARE(post->attempts(), 1); // not replayed
        // The session renews itself (secret kept), but the POST is not run behind our back.
        QTRY_COMPARE_WITH_TIMEOUT(loggedIn.count(), 1, kWaitMs);
        auto vmState = [&] {
            int status = 0;
            qsizetype tasks = 0;
            sim->withCloud([&](sim::Cloud &cloud) {
                status = cloud.vms.find(vmId)->status;
                tasks = cloud.tasks.size();
            });
            return std::make_pair(status, tasks);
        };
        QCOMPARE(vmState(), std::make_pair(int(sim::Status::PoweredOn), tasksBefore));

        // The user runs it again: once.
        ApiCall *again = kept(session.retry(post));
        QVERIFY(again);
        QVERIFY(again != post);
        QVERIFY(waitFinished(again));
        QVERIFY2(again->succeeded(), qPrintable(again->error().details()));
        QCOMPARE(again->status(), 202);
        QCOMPARE(vmState().second, tasksBefore + 1);
        // A call that did not fail retryably cannot be retried.
        QCOMPARE(session.retry(again), nullptr);
    }

    // ------------------------------------------------------------------ versions

    void pinnedVersion()
    {
        SimConfig cfg;
        cfg.product = u"10.4"_s;
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        SessionSettings settings = adminOf(*sim);
        settings.pinnedApiVersion = u"32.0"_s; // deprecated there, but asked for explicitly
        Session session;
        const LoginOutcome out = loginAndWait(session, settings, u"demo"_s);
        QVERIFY2(out.ok, qPrintable(out.error.userMessage()));
        QCOMPARE(session.apiVersion(), u"32.0"_s);
        QCOMPARE(session.loginFlow(), Session::LoginFlow::Legacy);
    }

    void pinnedVersionTheServerLacks()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        SessionSettings settings = adminOf(*sim);
        settings.pinnedApiVersion = u"31.0"_s;
        Session session;
        const LoginOutcome out = loginAndWait(session, settings, u"demo"_s);
        QVERIFY(out.answered);
        QCOMPARE(out.error.kind(), ApiError::Kind::VersionMismatch);
        const QString m = out.error.userMessage();
        QVERIFY2(m.contains(u"31.0"_s), qPrintable(m));
        QVERIFY2(m.contains(u"39.1"_s), qPrintable(m));     // the server's list
        QVERIFY2(m.contains(u"1.5, 5.1"_s), qPrintable(m)); // ours
        QCOMPARE(session.state(), Session::State::Disconnected);
    }

    void noCommonVersionWithAncientServer()
    {
        TinyHttpServer server([&](const TinyHttpServer::Request &r) {
            if (r.path == "/api/versions")
                return TinyHttpServer::response(
                    200, "OK", {{"Content-Type", "application/vnd.vmware.vcloud.supportedVersions+xml"}},
                    versionsXml({u"0.9"_s}, QUrl()));
            return TinyHttpServer::response(404, "Not Found", {}, {});
        });
        QVERIFY(server.listen(QHostAddress::LocalHost));
        Session session;
        const LoginOutcome out =
            loginAndWait(session, test::sessionSettings(server.url(), u"u"_s, u"o"_s), u"pw"_s);
        QVERIFY(out.answered);
        QCOMPARE(out.error.kind(), ApiError::Kind::VersionMismatch);
        QVERIFY2(out.error.userMessage().contains(u"0.9"_s), qPrintable(out.error.userMessage()));
        QVERIFY(out.error.userMessage().contains(u"39.1"_s));
        QCOMPARE(server.received.size(), 1); // no login was attempted
    }

    void chooseVersionRules()
    {
        SupportedVersions sv;
        auto add = [&](const char *v, bool deprecated) {
            VersionInfo i;
            i.version = QString::fromLatin1(v);
            i.deprecated = deprecated;
            sv.versions << i;
        };
        // The captured 9.5 reply shape: unsorted, 5.5 last and deprecated.
        add("20.0", true);
        add("27.0", false);
        add("29.0", true);
        add("31.0", false);
        add("5.5", true);
        add("40.0", false); // unknown to us
        ApiError e;
        QCOMPARE(Session::chooseVersion(sv, {}, &e), u"31.0"_s);
        QCOMPARE(Session::chooseVersion(sv, u"29.0"_s, &e), u"29.0"_s);
        QVERIFY(Session::compareVersions(u"5.10", u"5.9") > 0);
        QVERIFY(Session::compareVersions(u"37.0.0-alpha", u"37.0") == 0);
        SupportedVersions onlyDeprecated;
        onlyDeprecated.versions = {sv.versions.at(0)};
        QCOMPARE(Session::chooseVersion(onlyDeprecated, {}, &e), u"20.0"_s);
    }

    // ------------------------------------------------------------------ TLS

    void untrustedCertificate_data()
    {
        QTest::addColumn<Session::TrustAnswer>("answer");
        QTest::addRow("trust once") << Session::TrustAnswer::TrustOnce;
        QTest::addRow("pin for profile") << Session::TrustAnswer::PinForProfile;
        QTest::addRow("refuse") << Session::TrustAnswer::Refuse;
    }
    void untrustedCertificate()
    {
        QFETCH(Session::TrustAnswer, answer);
        SimConfig cfg;
        cfg.tls = true;
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        QCOMPARE(sim->baseUrl().scheme(), u"https"_s);

        Session session;
        QSignalSpy question(&session, &Session::certificateUntrusted);
        QSignalSpy pinned(&session, &Session::certificatePinned);
        QSignalSpy ok(&session, &Session::loggedIn);
        QSignalSpy failed(&session, &Session::loginFailed);
        session.login(adminOf(*sim), u"demo"_s);
        QTRY_COMPARE_WITH_TIMEOUT(question.count(), 1, kWaitMs);
        const QString sha = question.first().at(2).toString();
        QCOMPARE(sha, sim->certificateSha256());
        const auto chain = question.first().at(0).value<QList<QSslCertificate>>();
        QVERIFY(!chain.isEmpty());
        QCOMPARE(chain.first(), sim->certificate());
        QVERIFY(!question.first().at(1).value<QList<QSslError>>().isEmpty());
        QCOMPARE(session.state(), Session::State::Negotiating); // paused, nothing sent
        QCOMPARE(sim->requestCount(), qint64(0));

        session.answerCertificate(answer);
        QTRY_COMPARE_WITH_TIMEOUT(ok.count() + failed.count(), 1, kWaitMs);
        if (answer == Session::TrustAnswer::Refuse) {
            QCOMPARE(failed.first().first().value<ApiError>().kind(), ApiError::Kind::Tls);
            QCOMPARE(session.state(), Session::State::Disconnected);
            QCOMPARE(sim->requestCount(), qint64(0));
            QCOMPARE(pinned.count(), 0);
            return;
        }
        QCOMPARE(ok.count(), 1);
        ApiCall *call = kept(session.get(session.orgListHref()));
        QVERIFY(waitFinished(call));
        QVERIFY(call->succeeded());
        QCOMPARE(question.count(), 1);

        if (answer == Session::TrustAnswer::TrustOnce) {
            QCOMPARE(pinned.count(), 0);
            // Trusted for this Session's lifetime: a second login does not ask again...
            QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
            QCOMPARE(question.count(), 1);
            // ...but another Session does.
            Session other;
            QSignalSpy otherQuestion(&other, &Session::certificateUntrusted);
            other.login(adminOf(*sim), u"demo"_s);
            QTRY_COMPARE_WITH_TIMEOUT(otherQuestion.count(), 1, kWaitMs);
            other.answerCertificate(Session::TrustAnswer::Refuse);
            return;
        }
        QCOMPARE(pinned.count(), 1);
        QCOMPARE(pinned.first().first().toString(), sim->certificateSha256());

        // A second Session with that pin (stored any way: colons or not, any case) does not ask.
        for (const QString &pin : {sha, Session::normalizeFingerprint(sha).toLower()}) {
            Session second;
            QSignalSpy secondQuestion(&second, &Session::certificateUntrusted);
            SessionSettings settings = adminOf(*sim);
            settings.pinnedSha256 = {pin};
            const LoginOutcome out = loginAndWait(second, settings, u"demo"_s);
            QVERIFY2(out.ok, qPrintable(out.error.userMessage()));
            QCOMPARE(secondQuestion.count(), 0);
        }
    }

    void pinnedCertificateMismatch()
    {
        SimConfig cfg;
        cfg.tls = true;
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        SessionSettings settings = adminOf(*sim);
        settings.pinnedSha256 = {QString(u"AB:"_s.repeated(31) + u"AB"_s)};
        Session session;
        QSignalSpy question(&session, &Session::certificateUntrusted);
        const LoginOutcome out = loginAndWait(session, settings, u"demo"_s);
        QVERIFY(out.answered);
        QCOMPARE(out.error.kind(), ApiError::Kind::PinMismatch);
        QVERIFY2(out.error.userMessage().contains(u"intercept"_s), qPrintable(out.error.userMessage()));
        QVERIFY(out.error.userMessage().contains(sim->certificateSha256()));
        QCOMPARE(question.count(), 0);            // never asked
        QCOMPARE(sim->requestCount(), qint64(0)); // nothing reached the server
        QCOMPARE(session.state(), Session::State::Disconnected);
    }

    void caFileTrustsTheServer()
    {
        SimConfig cfg;
        cfg.tls = true;
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        QTemporaryDir dir;
        QFile ca(dir.filePath(u"ca.pem"_s));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(sim->certificate().toPem());
        ca.close();
        SessionSettings settings = adminOf(*sim);
        settings.caFile = ca.fileName();
        Session session;
        QSignalSpy question(&session, &Session::certificateUntrusted);
        const LoginOutcome out = loginAndWait(session, settings, u"demo"_s);
        QVERIFY2(out.ok, qPrintable(out.error.userMessage()));
        QCOMPARE(question.count(), 0);

        settings.caFile = dir.filePath(u"missing.pem"_s);
        const LoginOutcome bad = loginAndWait(session, settings, u"demo"_s);
        QCOMPARE(bad.error.kind(), ApiError::Kind::Tls);
    }

    // ------------------------------------------------------------------ redirects

    void redirectToAnotherHostIsNotFollowed()
    {
        // The elsewhere: 127.0.0.2 is loopback on Linux. It records whatever reaches it.
        TinyHttpServer elsewhere([](const TinyHttpServer::Request &) {
            return TinyHttpServer::response(200, "OK", {{"Content-Type", "text/plain"}}, "gotcha");
        });
        QVERIFY(elsewhere.listen(QHostAddress(u"127.0.0.2"_s)));

        // A minimal VCD 5.1 that logs in, then redirects its org list (and, on request, its login).
        bool redirectLogin = false;
        QUrl self;
        TinyHttpServer vcd([&](const TinyHttpServer::Request &r) -> QByteArray {
            const QByteArray xmlType = "application/vnd.vmware.vcloud.session+xml;version=5.1";
            if (r.path == "/api/versions")
                return TinyHttpServer::response(200, "OK", {}, versionsXml({u"5.1"_s}, self));
            if (r.path == "/api/sessions" && redirectLogin)
                return TinyHttpServer::response(
                    302, "Found", {{"Location", elsewhere.url(u"/api/sessions"_s).toEncoded()}}, {});
            const QByteArray session =
                "<Session xmlns=\"http://www.vmware.com/vcloud/v1.5\" user=\"u\" org=\"acme\" href=\"" +
                self.toEncoded() + "/api/session\" type=\"" + xmlType +
                "\"><Link rel=\"down\" type=\"application/vnd.vmware.vcloud.orgList+xml\" href=\"" +
                self.toEncoded() + "/api/org/\"/></Session>";
            if (r.path == "/api/sessions")
                return TinyHttpServer::response(
                    200, "OK", {{"Content-Type", xmlType}, {"x-vcloud-authorization", "tok-0123456789"}},
                    session);
            if (r.path == "/api/session")
                return TinyHttpServer::response(200, "OK", {{"Content-Type", xmlType}}, session);
            if (r.path == "/api/org/")
                return TinyHttpServer::response(
                    302, "Found", {{"Location", elsewhere.url(u"/api/org/"_s).toEncoded()}}, {});
            return TinyHttpServer::response(404, "Not Found", {}, {});
        });
        QVERIFY(vcd.listen(QHostAddress::LocalHost));
        self = vcd.url();

        Session session;
        const LoginOutcome out =
            loginAndWait(session, test::sessionSettings(self, u"u"_s, u"acme"_s), u"pw"_s);
        QVERIFY2(out.ok, qPrintable(out.error.userMessage() + u'\n' + out.error.details()));
        ApiCall *call = kept(session.get(session.orgListHref()));
        QVERIFY(waitFinished(call));
        QCOMPARE(call->error().kind(), ApiError::Kind::Redirect);
        QVERIFY(call->error().userMessage().contains(u"127.0.0.2"_s));
        QCOMPARE(call->attempts(), 1);
        // The token went to the server we chose, never to the other one.
        QCOMPARE(vcd.received.last().header("x-vcloud-authorization"), QByteArray("tok-0123456789"));
        QCOMPARE(elsewhere.connections, 0);
        QVERIFY(elsewhere.received.isEmpty());

        // A login redirected elsewhere: the Basic credentials stay home too.
        redirectLogin = true;
        Session second;
        const LoginOutcome redirected =
            loginAndWait(second, test::sessionSettings(self, u"u"_s, u"acme"_s), u"pw"_s);
        QVERIFY(redirected.answered);
        QCOMPARE(redirected.error.kind(), ApiError::Kind::Redirect);
        QVERIFY(elsewhere.received.isEmpty());
        QCOMPARE(elsewhere.connections, 0);
    }

    void linksToAnotherHostGetNoToken()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        ApiCall *call = kept(session.get(QUrl(u"http://127.0.0.2:9/api/org"_s)));
        QVERIFY(waitFinished(call));
        QCOMPARE(call->error().kind(), ApiError::Kind::Auth);
        QCOMPARE(call->attempts(), 0); // never sent
    }

    // ------------------------------------------------------------------ logout

    void logoutAbortsCallsInFlight()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        Session session;
        QVERIFY(loginAndWait(session, adminOf(*sim), u"demo"_s).ok);
        sim->setFaults({2000, 0, 0.0, 0.0, 0, 0});
        const qint64 before = sim->requestCount();
        ApiCall *a = kept(session.get(session.orgListHref()));
        ApiCall *b = kept(session.get(session.queryHref()));
        QSignalSpy aFinished(a, &ApiCall::finished);
        QTRY_COMPARE(sim->requestCount(), before + 2); // both reached the (slow) server
        QElapsedTimer t;
        t.start();
        QSignalSpy loggedOut(&session, &Session::loggedOut);
        session.logout();
        QTRY_VERIFY_WITH_TIMEOUT(a->isFinished() && b->isFinished(), 500);
        QVERIFY2(t.elapsed() < 500, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(aFinished.count(), 1);
        QCOMPARE(a->error().kind(), ApiError::Kind::Canceled);
        QCOMPARE(b->error().kind(), ApiError::Kind::Canceled);
        QCOMPARE(session.state(), Session::State::LoggingOut);
        QTRY_COMPARE_WITH_TIMEOUT(loggedOut.count(), 1, kWaitMs);
        QCOMPARE(session.state(), Session::State::Disconnected);
        QVERIFY(session.currentTokenHeader().first.isEmpty());
        QCOMPARE(aFinished.count(), 1); // exactly once
    }

    // ---- tenant views (issue #13, docs/VCD-API.md §6.1) ----

    void tenantViewPerProduct_data()
    {
        QTest::addColumn<QString>("product");
        for (const char *p : {"5.1", "9.5", "10.3", "10.6"})
            QTest::newRow(p) << QString::fromLatin1(p);
    }

    // A System administrator opens a tenant org "as the tenant sees it": a second Session sharing the
    // login (no second login), naming the tenant org, sending the tenant-context headers, and answered
    // by the server as inside that org.
    void tenantViewPerProduct()
    {
        QFETCH(QString, product);
        SimConfig cfg;
        cfg.product = product;
        auto sim = test::startSimulator(cfg);
        QVERIFY(sim);
        QString orgId, orgName;
        int orgCount = 0;
        sim->withCloud([&](sim::Cloud &c) {
            orgCount = int(c.orgs.size());
            for (const sim::Org *o : c.orgs.rows())
                if (!o->isSystem && orgId.isEmpty()) {
                    orgId = o->id;
                    orgName = o->name;
                }
        });
        Session provider;
        QVERIFY(loginAndWait(provider, adminOf(*sim), u"demo"_s).ok);
        const int loginsBefore = countLogins(*provider.requestLog());

        std::unique_ptr<Session> view(provider.openTenantView(u"urn:vcloud:org:"_s + orgId, orgName));
        QVERIFY(view);
        QVERIFY(view->isConnected());
        QVERIFY(view->isTenantView());
        QCOMPARE(view->provider(), &provider);
        QCOMPARE(view->tenantOrgId(), orgId); // the bare UUID, whatever form was given
        QCOMPARE(view->sessionInfo().org, orgName);
        QCOMPARE(view->sessionInfo().user, provider.sessionInfo().user);
        QCOMPARE(view->apiVersion(), provider.apiVersion());
        QCOMPARE(view->currentTokenHeader(), provider.currentTokenHeader());

        Fetched viewOrgs = fetchVia(*view, provider.orgListHref());
        QCOMPARE(viewOrgs.status, 200);
        const ReadResult<OrgList> list = XmlReaders::readOrgList(viewOrgs.body);
        QVERIFY(list.ok());
        QCOMPARE(list.value->orgs.size(), 1);
        QCOMPARE(list.value->orgs.first().name, orgName);
        // The provider itself is untouched.
        QCOMPARE(XmlReaders::readOrgList(fetchVia(provider, provider.orgListHref()).body).value->orgs.size(),
                 orgCount);
        // The headers travel on the view's calls only, and no login happened for it.
        const Exchange sent = view->requestLog()->entries().last(); // entries() is a copy
        QCOMPARE(sent.requestHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT"), orgId.toUtf8());
        QCOMPARE(sent.requestHeader("X-VMWARE-VCLOUD-AUTH-CONTEXT"), orgName.toUtf8());
        QVERIFY(provider.requestLog()
                    ->entries()
                    .last()
                    .requestHeader("X-VMWARE-VCLOUD-TENANT-CONTEXT")
                    .isEmpty());
        QCOMPARE(countLogins(*provider.requestLog()), loginsBefore);
        QCOMPARE(countLogins(*view->requestLog()), 0);

        // Dropping the view leaves the provider's session alive on the server.
        QSignalSpy viewOut(view.get(), &Session::loggedOut);
        view->logout();
        QVERIFY(viewOut.count() == 1 || viewOut.wait(kWaitMs));
        QCOMPARE(fetchVia(provider, provider.orgListHref()).status, 200);
    }

    void tenantViewFollowsItsProvider()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        const QString orgName = test::firstTenantOrg(*sim);
        QString orgId;
        sim->withCloud([&](sim::Cloud &c) { orgId = c.orgByName(orgName)->id; });
        Session provider;
        QVERIFY(loginAndWait(provider, adminOf(*sim), u"demo"_s).ok);
        std::unique_ptr<Session> view(provider.openTenantView(orgId, orgName));
        QVERIFY(view);

        // The shared login expires: the view's call meets 401, the provider renews once (silently, it
        // keeps the secret) and the view's held GET is replayed with the new token.
        sim->expireAllSessions();
        QSignalSpy providerRenewed(&provider, &Session::loggedIn);
        ApiCall *call = kept(view->get(provider.orgListHref()));
        QVERIFY(waitFinished(call));
        QVERIFY2(call->succeeded(), qPrintable(call->error().details()));
        QCOMPARE(XmlReaders::readOrgList(call->body()).value->orgs.size(), 1);
        QCOMPARE(providerRenewed.count(), 1);
        QCOMPARE(view->currentTokenHeader(), provider.currentTokenHeader());
        QCOMPARE(view->state(), Session::State::Connected);
        delete call;

        // The provider logs out: the view ends with it, its calls never reach the server.
        QSignalSpy viewOut(view.get(), &Session::loggedOut);
        QSignalSpy providerOut(&provider, &Session::loggedOut);
        provider.logout();
        QVERIFY(providerOut.count() == 1 || providerOut.wait(kWaitMs));
        QVERIFY(viewOut.count() == 1 || viewOut.wait(kWaitMs));
        QCOMPARE(view->state(), Session::State::Disconnected);
        QVERIFY(view->currentTokenHeader().first.isEmpty());
    }

    void tenantViewOnlyForTheProvider()
    {
        auto sim = test::startSimulator();
        QVERIFY(sim);
        const QString orgName = test::firstTenantOrg(*sim);
        QString orgId;
        sim->withCloud([&](sim::Cloud &c) { orgId = c.orgByName(orgName)->id; });
        Session tenant;
        QVERIFY(loginAndWait(tenant, test::sessionSettings(sim->baseUrl(), u"orgadmin"_s, orgName), u"demo"_s)
                    .ok);
        QVERIFY(!tenant.openTenantView(orgId, orgName)); // not the System org
        Session notLoggedIn;
        QVERIFY(!notLoggedIn.openTenantView(orgId, orgName));
        Session provider;
        QVERIFY(loginAndWait(provider, adminOf(*sim), u"demo"_s).ok);
        QVERIFY(!provider.openTenantView(QString(), orgName));
        std::unique_ptr<Session> view(provider.openTenantView(orgId, orgName));
        QVERIFY(view);
        QVERIFY(!view->openTenantView(orgId, orgName)); // no view of a view
        // A tenant that sends the headers for another org itself is refused by the server (403).
        QString otherId;
        sim->withCloud([&](sim::Cloud &c) {
            for (const sim::Org *o : c.orgs.rows())
                if (!o->isSystem && o->name != orgName && otherId.isEmpty())
                    otherId = o->id;
        });
        RequestSpec spec;
        spec.url = tenant.orgListHref();
        spec.headers = {{"X-VMWARE-VCLOUD-TENANT-CONTEXT", otherId.toUtf8()}};
        ApiCall *refused = kept(tenant.send(spec));
        QVERIFY(waitFinished(refused));
        QCOMPARE(refused->status(), 403);
        delete refused;
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
