// The whole client cycle against vcd-sim for every release it plays (issue #3 "Done when"):
// versions → login → org list → query over several pages → action through its link → task to its
// end → logout; with a password and with an API token, as System and as a tenant, and with an extra
// required login header (a secret one, as the founding user's provider demanded).

#include "common/simfixture.h"
#include "core/api/xmlreaders.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/actionservice.h"
#include "core/services/queryservice.h"
#include "core/services/tasktracker.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"

#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 30000;

enum class Who { SystemPassword, TenantPassword, TenantApiToken };

} // namespace

class TestFullCycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cycle_data()
    {
        QTest::addColumn<QString>("product");
        QTest::addColumn<int>("who");
        for (const QString &p : sim::Product::names()) {
            QTest::newRow(qPrintable(p + u"/system-password"_s)) << p << int(Who::SystemPassword);
            QTest::newRow(qPrintable(p + u"/tenant-password"_s)) << p << int(Who::TenantPassword);
            // API tokens exist from API 36.1 (VCD 10.3.1).
            const auto prod = *sim::Product::byName(p);
            bool tokens = false;
            for (const auto &v : prod.versions)
                tokens = tokens || sim::compareVersions(v.version, u"36.1"_s) >= 0;
            if (tokens)
                QTest::newRow(qPrintable(p + u"/tenant-apitoken"_s)) << p << int(Who::TenantApiToken);
        }
    }

    void cycle()
    {
        QFETCH(QString, product);
        QFETCH(int, who);
        const Who as = Who(who);
        const QByteArray apiKey = QByteArray("key-id:key-secret").toBase64();

        sim::SimConfig cfg;
        cfg.product = product;
        cfg.requiredLoginHeaders.append({"x-id-sec", apiKey});
        sim::VcdSimulator simulator(cfg);
        QString err;
        QVERIFY2(simulator.start(&err), qPrintable(err));

        QString org = u"System"_s;
        QString user = u"administrator"_s;
        QString secret = u"demo"_s;
        if (as != Who::SystemPassword) {
            org = u"acme-corp"_s;
            user = u"orgadmin"_s;
        }
        if (as == Who::TenantApiToken) {
            simulator.withCloud(
                [&](sim::Cloud &c) { secret = c.userByName(c.orgByName(org)->id, user)->apiToken; });
        }

        SessionSettings settings;
        settings.url = simulator.baseUrl();
        settings.org = org;
        settings.user = user;
        settings.authKind = as == Who::TenantApiToken ? SessionSettings::AuthKind::ApiToken
                                                      : SessionSettings::AuthKind::Password;
        settings.extraHeaders.append({"x-id-sec", apiKey, true});
        settings.proxyMode = SessionSettings::ProxyMode::None;

        // versions → login
        Session session;
        QSignalSpy loggedIn(&session, &Session::loggedIn);
        QSignalSpy loginFailed(&session, &Session::loginFailed);
        session.login(settings, secret);
        QVERIFY(QTest::qWaitFor([&] { return loggedIn.count() + loginFailed.count() > 0; }, kWaitMs));
        QVERIFY2(loggedIn.count() == 1,
                 loginFailed.isEmpty()
                     ? "no answer"
                     : qPrintable(loginFailed.first().first().value<ApiError>().userMessage()));
        QVERIFY(session.isConnected());
        const auto prod = *sim::Product::byName(product);
        QVERIFY(prod.supports(session.apiVersion()));

        // org list
        const test::Fetched orgList = test::fetch(session, session.orgListHref());
        const auto orgs = XmlReaders::readOrgList(orgList.body);
        QCOMPARE(orgList.status, 200);
        QVERIFY(orgs.ok());
        QVERIFY(orgs->orgs.size() >= 1);

        // a query over several pages (small pages on purpose), delivered in order
        QueryService queries(&session);
        QueryParams params;
        params.type = as == Who::SystemPassword ? u"adminVM"_s : u"vm"_s;
        params.pageSize = 4;
        params.sortAsc = u"name"_s;
        QueryJob *job = queries.query(params);
        QSignalSpy pages(job, &QueryJob::pageReady);
        QSignalSpy done(job, &QueryJob::finished);
        QVERIFY(done.wait(kWaitMs));
        QVERIFY2(pages.count() >= 2, qPrintable(QString::number(pages.count())));
        for (int i = 0; i < pages.count(); ++i)
            QCOMPARE(pages.at(i).first().toInt(), i + 1);
        QCOMPARE(qint64(job->records().size()), job->total());

        // an idle, powered-on vApp
        QueryParams vapps;
        vapps.type = as == Who::SystemPassword ? u"adminVApp"_s : u"vApp"_s;
        vapps.filter = QueryFilterBuilder::equals(u"status"_s, u"POWERED_ON"_s);
        QueryJob *vjob = queries.query(vapps);
        QSignalSpy vdone(vjob, &QueryJob::finished);
        QVERIFY(vdone.wait(kWaitMs));
        QUrl vappHref;
        for (const QueryRecord &r : vjob->records())
            if (r.value(u"isBusy"_s) != u"true")
                vappHref = r.href();
        QVERIFY(vappHref.isValid());
        const auto vapp = XmlReaders::readVApp(test::fetch(session, vappHref).body);
        QVERIFY(vapp.ok());

        // action through its own link → task to its end
        ActionService actions(&session);
        ActionJob *action = actions.powerOff(ActionTarget::of(*vapp));
        QSignalSpy actionDone(action, &ActionJob::finished);
        QVERIFY(action->isDone() || actionDone.wait(kWaitMs));
        QVERIFY2(action->state() == ActionJob::State::Accepted, qPrintable(action->error().userMessage()));
        TaskTracker tracker(&session);
        TaskTracker::Schedule fast;
        fast.firstDelayMs = 20;
        fast.maxDelayMs = 100;
        tracker.setSchedule(fast);
        QSignalSpy taskDone(&tracker, &TaskTracker::finished);
        tracker.track(action->task());
        QVERIFY(taskDone.wait(kWaitMs));
        QCOMPARE(tracker.task().status, TaskStatus::Success);
        const auto after = XmlReaders::readVApp(test::fetch(session, vappHref).body);
        QVERIFY(after.ok());
        QCOMPARE(after->status, 8); // POWERED_OFF

        // the secret header never reached the request log
        for (const Exchange &e : session.requestLog()->entries())
            for (const auto &h : e.requestHeaders)
                QVERIFY(!h.second.contains(apiKey));

        // logout
        QSignalSpy loggedOut(&session, &Session::loggedOut);
        session.logout();
        QVERIFY(loggedOut.count() == 1 || loggedOut.wait(kWaitMs));
        QCOMPARE(session.state(), Session::State::Disconnected);
    }
};

QTEST_GUILESS_MAIN(TestFullCycle)
#include "tst_fullcycle.moc"
