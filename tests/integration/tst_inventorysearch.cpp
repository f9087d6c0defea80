// InventorySearch against vcd-sim (issue #4 item 4): every criterion compared with the simulator's
// cloud (name prefix, wildcards, case, IP, typed metadata, status, AND), paths and href chains,
// System vs tenant, several connections, paging and the small first page, truncation, replaced and
// canceled searches dropping their replies, a failing connection, special characters under both
// filter encodings, the org-name cache, and time to first results on a 30,000-VM cloud.
// QAbstractItemModelTester watches every model.

#include "common/simfixture.h"
#include "core/model/inventorysearch.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "sim/cloud.h"
#include "sim/vcdsimulator.h"
#include "sim/xmlutil.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

using namespace vcd;
using namespace Qt::StringLiterals;
using vcd::sim::SimConfig;
using vcd::sim::VcdSimulator;

namespace {

constexpr int kWaitMs = 30000;

// One expected hit, from the simulator's cloud.
struct Expect
{
    QString kind;
    QString name;
    QStringList path;     // without the connection label
    QList<QUrl> hrefPath; // org, vdc[, vapp], self
};

using Pred = std::function<bool(const sim::Cloud &, const sim::Entity &, bool vm)>;

// Every VM and vApp of the visible orgs (all when orgName is empty) that `pred` accepts, by href.
QMap<QString, Expect> truth(VcdSimulator &sim, const Pred &pred, const QString &orgName = QString(),
                            bool vms = true, bool vapps = true)
{
    QMap<QString, Expect> out;
    const QString base = sim.baseUrl().toString();
    sim.withCloud([&](sim::Cloud &c) {
        auto orgOk = [&](const QString &orgId) {
            const sim::Org *o = c.orgs.find(orgId);
            return o && (orgName.isEmpty() || o->name == orgName);
        };
        if (vapps) {
            for (const sim::VApp *a : c.vapps.rows()) {
                if (!orgOk(a->orgId) || !pred(c, *a, false))
                    continue;
                const QString href = sim::hrefOf(base, sim::Kind::VApp, a->id);
                out.insert(href, Expect{u"vApp"_s,
                                        a->name,
                                        {c.orgs.find(a->orgId)->name, c.vdcs.find(a->vdcId)->name},
                                        {QUrl(sim::hrefOf(base, sim::Kind::Org, a->orgId)),
                                         QUrl(sim::hrefOf(base, sim::Kind::Vdc, a->vdcId)), QUrl(href)}});
            }
        }
        if (vms) {
            for (const sim::Vm *v : c.vms.rows()) {
                if (!orgOk(v->orgId) || !pred(c, *v, true))
                    continue;
                const QString href = sim::hrefOf(base, sim::Kind::Vm, v->id);
                out.insert(href, Expect{u"vm"_s,
                                        v->name,
                                        {c.orgs.find(v->orgId)->name, c.vdcs.find(v->vdcId)->name,
                                         c.vapps.find(v->vappId)->name},
                                        {QUrl(sim::hrefOf(base, sim::Kind::Org, v->orgId)),
                                         QUrl(sim::hrefOf(base, sim::Kind::Vdc, v->vdcId)),
                                         QUrl(sim::hrefOf(base, sim::Kind::VApp, v->vappId)), QUrl(href)}});
            }
        }
    });
    return out;
}

// An independent glob (Qt's wildcard conversion), case-insensitive, anchored.
bool globMatches(const QString &pattern, const QString &text)
{
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern),
                                QRegularExpression::CaseInsensitiveOption);
    return re.match(text).hasMatch();
}

int statusOf(const sim::Cloud &c, const sim::Entity &e, bool vm)
{
    return vm ? static_cast<const sim::Vm &>(e).status : c.vappStatus(static_cast<const sim::VApp &>(e));
}

struct Fixture
{
    std::unique_ptr<InventorySearch> search = std::make_unique<InventorySearch>();
    std::unique_ptr<QAbstractItemModelTester> tester = std::make_unique<QAbstractItemModelTester>(
        search.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished{search.get(), &InventorySearch::finished};
    QSignalSpy firstResults{search.get(), &InventorySearch::firstResults};
    QSignalSpy failed{search.get(), &InventorySearch::failed};
    QSignalSpy truncated{search.get(), &InventorySearch::truncated};
    QSignalSpy inserted{search.get(), &QAbstractItemModel::rowsInserted};

    bool run(const SearchCriteria &criteria)
    {
        finished.clear();
        firstResults.clear();
        failed.clear();
        truncated.clear();
        inserted.clear();
        search->start(criteria);
        return QTest::qWaitFor([&] { return finished.count() > 0; }, kWaitMs);
    }
};

// Compares every hit with the truth: same set, names, kinds, paths (label first) and href chains.
bool sameHits(const InventorySearch &search, const QMap<QString, Expect> &expected, const QString &label)
{
    bool ok = true;
    QSet<QString> seen;
    for (int row = 0; row < search.rowCount(); ++row) {
        const InventorySearch::Hit &h = search.hit(row);
        const QString href = h.href.toString();
        if (seen.contains(href)) {
            qWarning() << "duplicate hit" << href;
            ok = false;
        }
        seen.insert(href);
        const auto it = expected.find(href);
        if (it == expected.end()) {
            qWarning() << "unexpected hit" << h.kind << h.name << h.path;
            ok = false;
            continue;
        }
        const QStringList path = QStringList{label} + it->path;
        if (h.kind != it->kind || h.name != it->name || h.path != path || h.hrefPath != it->hrefPath ||
            h.connectionLabel != label) {
            qWarning() << "wrong hit" << h.kind << h.name << h.path << h.hrefPath << "expected" << it->kind
                       << it->name << path << it->hrefPath;
            ok = false;
        }
    }
    if (seen.size() != expected.size()) {
        qWarning() << "hits:" << seen.size() << "expected:" << expected.size();
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            if (!seen.contains(it.key()))
                qWarning() << "missing" << it->kind << it->name << it->path;
        ok = false;
    }
    return ok;
}

QList<Exchange> queries(const Session &s, const QString &type)
{
    QList<Exchange> out;
    for (const Exchange &e : s.requestLog()->entries())
        if (e.url.path().endsWith(u"/api/query") && e.url.query().contains(u"type=" + type + u'&'))
            out << e;
    return out;
}

QString queryParam(const Exchange &e, const QString &key)
{
    for (const QString &part : e.url.query().split(u'&'))
        if (part.startsWith(key + u'='))
            return part.mid(key.size() + 1);
    return {};
}

} // namespace

class TestInventorySearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void wildcardMatch();
    void filterText();
    void name_data();
    void name();
    void ipAddress();
    void metadata_data();
    void metadata();
    void status();
    void combined();
    void tenantSeesOwnOrgOnly();
    void twoConnections();
    void sessionRemovedTakesItsHits();
    void paging_data();
    void paging();
    void smallFirstPage();
    void maxResults();
    void replacedSearchDropsOldReplies();
    void canceledSearchDropsReplies();
    void failingConnection_data();
    void failingConnection();
    void specialCharacters_data();
    void specialCharacters();
    void orgNamesCached();
    void emptyCriteria();
    void firstResultsOnBigCloud();

private:
    std::unique_ptr<VcdSimulator> m_sim; // the demo cloud, shared by the read-only tests
    std::unique_ptr<Session> m_admin;    // administrator@System
};

void TestInventorySearch::initTestCase()
{
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    m_admin = test::logIn(*m_sim, u"administrator"_s, u"System"_s);
    QVERIFY(m_admin);
}

void TestInventorySearch::cleanupTestCase()
{
    m_admin.reset();
    m_sim.reset();
}

void TestInventorySearch::wildcardMatch()
{
    QVERIFY(InventorySearch::wildcardMatch(u"web-0?"_s, u"WEB-01"_s));
    QVERIFY(!InventorySearch::wildcardMatch(u"web-0?"_s, u"web-010"_s));
    QVERIFY(InventorySearch::wildcardMatch(u"*a.b(c)*"_s, u"x a.b(c) y"_s));
    QVERIFY(!InventorySearch::wildcardMatch(u"a.b"_s, u"axb"_s)); // '.' is literal
    QVERIFY(InventorySearch::wildcardMatch(u"k8s*01"_s, u"k8s-worker-01"_s));
    QVERIFY(!InventorySearch::wildcardMatch(u"k8s*01"_s, u"k8s-worker-011"_s));
}

void TestInventorySearch::filterText()
{
    auto text = [](const SearchCriteria &c, bool vm) {
        return InventorySearch::filterFor(c, vm).encode(u"39.0").filter;
    };
    QCOMPARE(text({.name = u"web"_s}, true), u"name==web*"_s);
    QCOMPARE(text({.name = u"w?b*"_s}, true), u"name==w*b*"_s);
    QCOMPARE(text({.name = u"*"_s}, true), QString());
    QCOMPARE(text({.ipAddress = u"10.0.0.1"_s}, true), u"ipAddress==10.0.0.1"_s);
    QCOMPARE(text({.ipAddress = u"10.0.0.1"_s}, false), QString()); // no IP on vApps
    QCOMPARE(text({.status = u"powered on"_s}, true), u"status==POWERED_ON"_s);
    QCOMPARE(text({.status = u"Suspended"_s}, true), u"status==SUSPENDED"_s);
    QCOMPARE(text({.name = u"db"_s, .metadataKey = u"env"_s, .metadataValue = u"42"_s}, true),
             u"name==db*;(metadata:env==STRING:42,metadata:env==NUMBER:42,"
             "metadata@SYSTEM:env==STRING:42,metadata@SYSTEM:env==NUMBER:42)"_s);
    QCOMPARE(text({.metadataKey = u"on"_s, .metadataValue = u"True"_s}, true),
             u"metadata:on==STRING:True,metadata:on==BOOLEAN:true,"
             "metadata@SYSTEM:on==STRING:True,metadata@SYSTEM:on==BOOLEAN:true"_s);
    QVERIFY(SearchCriteria{}.isEmpty());
    QVERIFY(SearchCriteria{.metadataValue = u"x"_s}.isEmpty());
    QVERIFY(!SearchCriteria{.status = u"POWERED_ON"_s}.isEmpty());
}

void TestInventorySearch::name_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("glob"); // what it must mean
    QTest::addColumn<bool>("someHits");
    QTest::newRow("prefix") << u"web"_s << u"web*"_s << true;
    QTest::newRow("prefix, other case") << u"WEB"_s << u"web*"_s << true;
    QTest::newRow("no contains without wildcard") << u"frontend"_s << u"frontend*"_s << false;
    QTest::newRow("wildcard in the middle") << u"k8s*01"_s << u"k8s*01"_s << true;
    QTest::newRow("contains, case-insensitive") << u"*DB*"_s << u"*db*"_s << true;
    QTest::newRow("question mark is one character") << u"db-0?"_s << u"db-0?"_s << true;
    QTest::newRow("question mark at the start") << u"?b-*"_s << u"?b-*"_s << true;
    QTest::newRow("suffix") << u"*-02"_s << u"*-02"_s << true;
}

void TestInventorySearch::name()
{
    QFETCH(QString, typed);
    QFETCH(QString, glob);
    QFETCH(bool, someHits);
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    QVERIFY(f.run({.name = typed}));
    const auto expected = truth(
        *m_sim, [&](const sim::Cloud &, const sim::Entity &e, bool) { return globMatches(glob, e.name); });
    QCOMPARE(expected.isEmpty(), !someHits);
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
    QCOMPARE(f.finished.first().at(0).toInt(), expected.size());
    QCOMPARE(f.firstResults.count(), someHits ? 1 : 0);
    QCOMPARE(f.failed.count(), 0);
    QVERIFY(!f.search->isRunning());
}

void TestInventorySearch::ipAddress()
{
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    QString oneIp;
    m_sim->withCloud([&](sim::Cloud &c) {
        for (const sim::Vm *v : c.vms.rows())
            if (oneIp.isEmpty() && !v->nics.isEmpty() && !v->nics.first().ipAddress.isEmpty())
                oneIp = v->nics.first().ipAddress;
    });
    QVERIFY(!oneIp.isEmpty());
    auto ipOf = [](const sim::Entity &e, bool vm) {
        const auto &v = static_cast<const sim::Vm &>(e);
        return vm && !v.nics.isEmpty() ? v.nics.first().ipAddress : QString();
    };

    // Exact: 10.10.0.1 must not find 10.10.0.10; only VMs although vApps are asked for too.
    QVERIFY(f.run({.ipAddress = oneIp}));
    auto expected = truth(
        *m_sim, [&](const sim::Cloud &, const sim::Entity &e, bool vm) { return ipOf(e, vm) == oneIp; });
    QCOMPARE(expected.size(), 1);
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
    QCOMPARE(f.search->data(f.search->index(0, InventorySearch::IpColumn)).toString(), oneIp);

    const QString prefix = oneIp.section(u'.', 0, 2) + u".*"_s;
    QVERIFY(f.run({.ipAddress = prefix}));
    expected = truth(*m_sim, [&](const sim::Cloud &, const sim::Entity &e, bool vm) {
        return vm && globMatches(prefix, ipOf(e, vm));
    });
    QVERIFY(expected.size() > 1);
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
}

void TestInventorySearch::metadata_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value"); // "<number>": a costCenter value taken from the cloud
    QTest::newRow("string") << u"environment"_s << u"production"_s;
    QTest::newRow("string on VMs") << u"patchGroup"_s << u"A"_s;
    QTest::newRow("number") << u"costCenter"_s << u"<number>"_s;
    QTest::newRow("boolean, other case") << u"backupEnabled"_s << u"TRUE"_s;
    QTest::newRow("SYSTEM domain") << u"provisionedBy"_s << u"terraform"_s;
    QTest::newRow("wildcard value") << u"environment"_s << u"PROD*"_s;
    QTest::newRow("key exists: string") << u"team"_s << QString();
    QTest::newRow("key exists: number") << u"slaTier"_s << QString();
    QTest::newRow("key exists: boolean") << u"monitored"_s << QString();
    QTest::newRow("key exists: date-time") << u"lastPatched"_s << QString();
}

void TestInventorySearch::metadata()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    if (value == u"<number>") {
        m_sim->withCloud([&](sim::Cloud &c) {
            for (const sim::VApp *a : c.vapps.rows())
                for (const sim::MetadataEntry &e : a->metadata)
                    if (e.key == key && value == u"<number>")
                        value = e.value;
        });
        QVERIFY(value != u"<number>");
    }
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    QVERIFY(f.run({.metadataKey = key, .metadataValue = value}));
    const auto expected = truth(*m_sim, [&](const sim::Cloud &, const sim::Entity &e, bool) {
        for (const sim::MetadataEntry &m : e.metadata) {
            if (m.key != key)
                continue;
            if (value.isEmpty())
                return true;
            using T = sim::MetadataEntry::Type;
            switch (m.type) {
            case T::String:
                return value.contains(u'*') ? globMatches(value, m.value) : m.value == value;
            case T::Number:
                return m.value == value;
            case T::Boolean:
                return m.value == value.toLower();
            case T::DateTime:
                return false;
            }
        }
        return false;
    });
    QVERIFY2(!expected.isEmpty(), "the demo cloud must have something to find");
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
    QCOMPARE(f.failed.count(), 0);
}

void TestInventorySearch::status()
{
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    const QList<QPair<QString, int>> rows = {{u"POWERED_OFF"_s, sim::Status::PoweredOff},
                                             {u"suspended"_s, sim::Status::Suspended},
                                             {u"Mixed"_s, sim::Status::Mixed}};
    for (const auto &[typed, code] : rows) {
        QVERIFY(f.run({.status = typed}));
        const int wanted = code; // clang 14 cannot capture a structured binding
        const auto expected = truth(*m_sim, [&](const sim::Cloud &c, const sim::Entity &e, bool vm) {
            return statusOf(c, e, vm) == wanted;
        });
        QVERIFY2(!expected.isEmpty(), qPrintable(typed));
        QVERIFY2(sameHits(*f.search, expected, u"demo"_s), qPrintable(typed));
        for (int row = 0; row < f.search->rowCount(); ++row)
            QCOMPARE(f.search->index(row, 0).data(InventorySearch::StatusRole).toString(),
                     sim::statusName(code));
    }
}

void TestInventorySearch::combined()
{
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    // AND of name, status and metadata; and of name and kind.
    QVERIFY(f.run({.name = u"*"_s,
                   .metadataKey = u"environment"_s,
                   .metadataValue = u"production"_s,
                   .status = u"POWERED_ON"_s}));
    auto expected = truth(*m_sim, [&](const sim::Cloud &c, const sim::Entity &e, bool vm) {
        bool env = false;
        for (const sim::MetadataEntry &m : e.metadata)
            env = env || (m.key == u"environment" && m.value == u"production");
        return env && statusOf(c, e, vm) == sim::Status::PoweredOn;
    });
    QVERIFY(!expected.isEmpty());
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));

    QVERIFY(f.run({.name = u"db"_s, .status = u"POWERED_ON"_s, .vapps = false}));
    expected = truth(*m_sim, [&](const sim::Cloud &c, const sim::Entity &e, bool vm) {
        return vm && e.name.startsWith(u"db", Qt::CaseInsensitive) &&
               statusOf(c, e, vm) == sim::Status::PoweredOn;
    });
    QVERIFY(!expected.isEmpty());
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
    QVERIFY(queries(*m_admin, u"adminVM"_s).size() > 0);
}

void TestInventorySearch::tenantSeesOwnOrgOnly()
{
    auto tenant = test::logIn(*m_sim, u"orgadmin"_s, u"GLOBEX"_s); // org names are case-insensitive at login
    QVERIFY(tenant);
    Fixture f;
    f.search->addSession(tenant.get(), u"globex"_s);
    QVERIFY(f.run({.name = u"mail"_s}));
    const auto mail = truth(
        *m_sim,
        [](const sim::Cloud &, const sim::Entity &e, bool) {
            return e.name.startsWith(u"mail", Qt::CaseInsensitive);
        },
        u"globex"_s);
    QCOMPARE(mail.size(), 1);
    QVERIFY(sameHits(*f.search, mail, u"globex"_s)); // canonical org name and org href filled in
    // The tenant types, never the admin ones.
    QVERIFY(!queries(*tenant, u"vApp"_s).isEmpty());
    QVERIFY(queries(*tenant, u"adminVApp"_s).isEmpty());

    // The System administrator finds the same name in two orgs.
    Fixture a;
    a.search->addSession(m_admin.get(), u"demo"_s);
    QVERIFY(a.run({.name = u"mail"_s}));
    const auto all = truth(*m_sim, [](const sim::Cloud &, const sim::Entity &e, bool) {
        return e.name.startsWith(u"mail", Qt::CaseInsensitive);
    });
    QCOMPARE(all.size(), 2);
    QVERIFY(sameHits(*a.search, all, u"demo"_s));
    QSet<QString> orgs;
    for (int row = 0; row < a.search->rowCount(); ++row)
        orgs.insert(a.search->hit(row).path.at(1));
    QCOMPARE(orgs, (QSet<QString>{u"globex"_s, u"northwind"_s}));
}

void TestInventorySearch::twoConnections()
{
    auto tenant = test::logIn(*m_sim, u"vappuser"_s, u"northwind"_s);
    QVERIFY(tenant);
    Fixture f;
    f.search->addSession(m_admin.get(), u"provider"_s);
    f.search->addSession(tenant.get(), u"nw"_s);
    QVERIFY(f.run({.name = u"mx-*"_s}));
    const auto all = truth(
        *m_sim, [](const sim::Cloud &, const sim::Entity &e, bool) { return e.name.startsWith(u"mx-"); });
    const auto nw = truth(
        *m_sim, [](const sim::Cloud &, const sim::Entity &e, bool) { return e.name.startsWith(u"mx-"); },
        u"northwind"_s);
    QCOMPARE(all.size(), 2);
    QCOMPARE(nw.size(), 1);
    QCOMPARE(f.search->rowCount(), all.size() + nw.size());
    int fromTenant = 0;
    for (int row = 0; row < f.search->rowCount(); ++row) {
        const InventorySearch::Hit &h = f.search->hit(row);
        const QModelIndex i = f.search->index(row, 0);
        const QString href = h.href.toString();
        if (h.connectionLabel == u"nw") {
            ++fromTenant;
            QCOMPARE(h.session, tenant.get());
            QCOMPARE(i.data(InventorySearch::SessionRole).value<QObject *>(), tenant.get());
            QVERIFY(nw.contains(href));
            QCOMPARE(h.path, QStringList{u"nw"_s} + nw[href].path);
            QCOMPARE(i.data(InventorySearch::HrefPathRole).value<QList<QUrl>>(), nw[href].hrefPath);
        } else {
            QCOMPARE(h.connectionLabel, u"provider"_s);
            QCOMPARE(h.session, m_admin.get());
            QVERIFY(all.contains(href));
            QCOMPARE(i.data(InventorySearch::PathRole).toStringList(),
                     QStringList{u"provider"_s} + all[href].path);
        }
        QCOMPARE(i.data(InventorySearch::PathRole).toStringList().first(), h.connectionLabel);
        QVERIFY(f.search->index(row, InventorySearch::PathColumn)
                    .data()
                    .toString()
                    .startsWith(h.connectionLabel + u" / "));
    }
    QCOMPARE(fromTenant, 1);
    QCOMPARE(f.finished.first().at(0).toInt(), 3);
}

void TestInventorySearch::sessionRemovedTakesItsHits()
{
    auto tenant = test::logIn(*m_sim, u"orgadmin"_s, u"northwind"_s);
    QVERIFY(tenant);
    Fixture f;
    f.search->addSession(m_admin.get(), u"provider"_s);
    f.search->addSession(tenant.get(), u"nw"_s);
    QVERIFY(f.run({.name = u"*"_s, .vms = false}));
    const int providerHits = int(truth(
                                     *m_sim, [](auto &, auto &, bool) { return true; }, {}, false, true)
                                     .size());
    const int tenantHits =
        int(truth(
                *m_sim, [](auto &, auto &, bool) { return true; }, u"northwind"_s, false, true)
                .size());
    QCOMPARE(f.search->rowCount(), providerHits + tenantHits);
    tenant.reset(); // destroyed: its rows go
    QCOMPARE(f.search->rowCount(), providerHits);
    QCOMPARE(f.search->sessions(), QList<Session *>{m_admin.get()});
    for (int row = 0; row < f.search->rowCount(); ++row)
        QCOMPARE(f.search->hit(row).connectionLabel, u"provider"_s);
}

void TestInventorySearch::paging_data()
{
    QTest::addColumn<int>("firstPage");
    QTest::newRow("no probe") << 0;
    QTest::newRow("probe of 1") << 1;
}

void TestInventorySearch::paging()
{
    QFETCH(int, firstPage);
    const SimConfig cfg = test::generatedCloud(2, 1, 12, 2, 11);
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"gen"_s);
    f.search->setPageSize(2);
    f.search->setFirstPageSize(firstPage);
    QVERIFY(f.run({.name = u"*"_s}));
    const auto expected = truth(*sim, [](auto &, auto &, bool) { return true; });
    QCOMPARE(expected.size(), 2 * 12 * 3);
    QVERIFY(sameHits(*f.search, expected, u"gen"_s));
    // One insertion per page, never more than a page.
    QVERIFY(f.inserted.count() >= expected.size() / 2);
    for (const auto &args : f.inserted) {
        const int n = args.at(2).toInt() - args.at(1).toInt() + 1;
        QVERIFY(n >= 1 && n <= 2);
    }
    const auto vmQueries = queries(*admin, u"adminVM"_s);
    QCOMPARE(vmQueries.size(), 2 * 12 * 2 / 2 + (firstPage > 0 ? 1 : 0));
    for (const Exchange &e : vmQueries)
        QCOMPARE(queryParam(e, u"pageSize"_s),
                 QString::number(firstPage > 0 && e.id == vmQueries.first().id ? 1 : 2));
}

void TestInventorySearch::smallFirstPage()
{
    const SimConfig cfg = test::generatedCloud(2, 1, 60, 2, 1);
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"gen"_s);
    QCOMPARE(f.search->firstPageSize(), InventorySearch::kDefaultFirstPageSize);
    QCOMPARE(f.search->pageSize(), 128);
    QVERIFY(f.run({.name = u"*"_s, .vapps = false}));
    const auto expected = truth(
        *sim, [](auto &, auto &, bool) { return true; }, {}, true, false);
    QCOMPARE(expected.size(), 240);
    QVERIFY(sameHits(*f.search, expected, u"gen"_s));
    // The first insertion is the small page; then the full pages (the probe's rows not repeated).
    QCOMPARE(f.inserted.first().at(2).toInt(), InventorySearch::kDefaultFirstPageSize - 1);
    const auto vm = queries(*admin, u"adminVM"_s);
    QStringList sizes;
    for (const Exchange &e : vm)
        sizes << queryParam(e, u"page"_s) + u'x' + queryParam(e, u"pageSize"_s);
    QCOMPARE(sizes, (QStringList{u"1x25"_s, u"1x128"_s, u"2x128"_s}));

    // Few enough for the probe: one request only.
    const QString ip = f.search->hit(0).ip;
    QVERIFY(!ip.isEmpty());
    QVERIFY(f.run({.ipAddress = ip}));
    QCOMPARE(f.search->rowCount(), 1);
    QCOMPARE(queries(*admin, u"adminVM"_s).size(), vm.size() + 1);
    QCOMPARE(queryParam(queries(*admin, u"adminVM"_s).last(), u"pageSize"_s), u"25"_s);
}

void TestInventorySearch::maxResults()
{
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    f.search->setMaxResults(5);
    f.search->setPageSize(4);
    f.search->setFirstPageSize(0);
    QVERIFY(f.run({.name = u"*"_s}));
    QCOMPARE(f.truncated.count(), 1);
    QCOMPARE(f.truncated.first().at(0).toInt(), 5);
    QCOMPARE(f.search->rowCount(), 5);
    QCOMPARE(f.finished.first().at(0).toInt(), 5);
    QVERIFY(f.search->isTruncated());
    QVERIFY(!f.search->isRunning());

    // Exactly as many hits as allowed is not truncated.
    const auto mail =
        truth(*m_sim, [](auto &, const sim::Entity &e, bool) { return e.name.startsWith(u"mail"); });
    f.search->setMaxResults(int(mail.size()));
    QVERIFY(f.run({.name = u"mail"_s}));
    QCOMPARE(f.truncated.count(), 0);
    QVERIFY(!f.search->isTruncated());
    QVERIFY(sameHits(*f.search, mail, u"demo"_s));
}

void TestInventorySearch::replacedSearchDropsOldReplies()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"demo"_s);
    sim::Faults faults;
    faults.latencyMs = 150;
    sim->setFaults(faults);

    // Search A reaches the server; then B replaces it. A's answers would come first (same latency,
    // sent earlier): every row inserted must still be B's.
    QStringList insertedNames;
    connect(f.search.get(), &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &, int first, int last) {
                for (int r = first; r <= last; ++r)
                    insertedNames << f.search->hit(r).name;
            });
    const qint64 before = sim->requestCount();
    f.search->start({.name = u"web"_s});
    QVERIFY(f.search->isRunning());
    QVERIFY(QTest::qWaitFor([&] { return sim->requestCount() >= before + 3; }, kWaitMs)); // org, VMs, vApps
    QVERIFY(f.run({.name = u"db"_s}));
    const auto expected =
        truth(*sim, [](auto &, const sim::Entity &e, bool) { return e.name.startsWith(u"db"); });
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
    QCOMPARE(f.finished.count(), 1);
    QCOMPARE(f.finished.first().at(0).toInt(), expected.size());
    QCOMPARE(f.firstResults.count(), 1);
    QVERIFY(!insertedNames.isEmpty());
    for (const QString &n : std::as_const(insertedNames))
        QVERIFY2(n.startsWith(u"db"), qPrintable(n));
}

void TestInventorySearch::canceledSearchDropsReplies()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"demo"_s);
    sim::Faults faults;
    faults.latencyMs = 150;
    sim->setFaults(faults);

    const qint64 before = sim->requestCount();
    f.search->start({.name = u"web"_s});
    QVERIFY(QTest::qWaitFor([&] { return sim->requestCount() >= before + 3; }, kWaitMs));
    f.search->cancel();
    QVERIFY(!f.search->isRunning());
    // A later search with the same latency: by its end the canceled answers would have arrived.
    QVERIFY(f.run({.name = u"kafka"_s}));
    const auto expected =
        truth(*sim, [](auto &, const sim::Entity &e, bool) { return e.name.startsWith(u"kafka"); });
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));
    QCOMPARE(f.finished.count(), 1);
    for (const auto &args : f.inserted)
        for (int r = args.at(1).toInt(); r <= args.at(2).toInt(); ++r)
            QVERIFY(f.search->hit(r).name.startsWith(u"kafka"));
}

void TestInventorySearch::failingConnection_data()
{
    QTest::addColumn<bool>("loggedIn");
    QTest::newRow("server errors") << true;
    QTest::newRow("not logged in") << false;
}

void TestInventorySearch::failingConnection()
{
    QFETCH(bool, loggedIn);
    auto broken = test::startSimulator();
    QVERIFY(broken);
    std::unique_ptr<Session> bad;
    if (loggedIn) {
        bad = test::logIn(*broken, u"administrator"_s, u"System"_s);
        QVERIFY(bad);
        sim::Faults faults;
        faults.errorRate = 1.0; // every request answers 500 or 503
        broken->setFaults(faults);
    } else {
        bad = std::make_unique<Session>();
    }
    Fixture f;
    f.search->addSession(bad.get(), u"broken"_s);
    f.search->addSession(m_admin.get(), u"good"_s);
    QVERIFY(f.run({.name = u"jump"_s}));
    QCOMPARE(f.failed.count(), 1); // once per connection, not per query
    QVERIFY2(f.failed.first().at(0).toString().startsWith(u"broken: "),
             qPrintable(f.failed.first().at(0).toString()));
    const auto expected =
        truth(*m_sim, [](auto &, const sim::Entity &e, bool) { return e.name.startsWith(u"jump"); });
    QVERIFY(!expected.isEmpty());
    QVERIFY(sameHits(*f.search, expected, u"good"_s));
    QCOMPARE(f.finished.first().at(0).toInt(), expected.size());
}

void TestInventorySearch::specialCharacters_data()
{
    QTest::addColumn<QString>("product");
    QTest::newRow("API 31 (double encoding)") << u"9.5"_s;
    QTest::newRow("API 39 (backslash escaping)") << u"10.6"_s;
}

void TestInventorySearch::specialCharacters()
{
    QFETCH(QString, product);
    SimConfig cfg;
    cfg.product = product;
    auto sim = test::startSimulator(cfg);
    QVERIFY(sim);
    const QString odd = u"odd,name(1);x\\y"_s;
    sim->withCloud([&](sim::Cloud &c) {
        const sim::Vdc *vdc = c.vdcs.rows().front();
        sim::VApp v;
        v.id = c.newUuid();
        v.seq = c.nextSeq();
        v.name = odd;
        v.created = QDateTime::currentDateTimeUtc();
        v.vdcId = vdc->id;
        v.orgId = vdc->orgId;
        for (const sim::User *u : c.users.rows())
            if (u->orgId == vdc->orgId)
                v.ownerUserId = u->id;
        c.vapps.insert(std::move(v));
    });
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"demo"_s);
    const auto expected = truth(*sim, [&](auto &, const sim::Entity &e, bool) { return e.name == odd; });
    QCOMPARE(expected.size(), 1);
    for (const QString &typed : {u"odd,name(1);"_s, u"ODD,NAME(1);X\\Y"_s, u"*name(1)*x?y"_s}) {
        QVERIFY(f.run({.name = typed}));
        QCOMPARE(f.failed.count(), 0);
        QVERIFY2(sameHits(*f.search, expected, u"demo"_s), qPrintable(typed));
    }
}

void TestInventorySearch::orgNamesCached()
{
    auto sim = test::startSimulator();
    QVERIFY(sim);
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"demo"_s);
    QVERIFY(f.run({.name = u"web"_s}));
    QCOMPARE(queries(*admin, u"organization"_s).size(), 1);
    // The second search knows the org names: every row is complete when inserted.
    bool complete = true;
    connect(f.search.get(), &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &, int first, int last) {
                for (int r = first; r <= last; ++r)
                    complete = complete && !f.search->hit(r).path.at(1).isEmpty();
            });
    QVERIFY(f.run({.name = u"db"_s}));
    QVERIFY(f.search->rowCount() > 0);
    QVERIFY(complete);
    QCOMPARE(queries(*admin, u"organization"_s).size(), 1);
    const auto expected =
        truth(*sim, [](auto &, const sim::Entity &e, bool) { return e.name.startsWith(u"db"); });
    QVERIFY(sameHits(*f.search, expected, u"demo"_s));

    // An org added later is looked up again (its hits name it).
    sim->withCloud([&](sim::Cloud &c) {
        sim::Org o;
        o.id = c.newUuid();
        o.seq = c.nextSeq();
        o.name = u"newco"_s;
        o.created = QDateTime::currentDateTimeUtc();
        const QString orgId = o.id;
        c.orgs.insert(std::move(o));
        sim::Vdc d;
        d.id = c.newUuid();
        d.seq = c.nextSeq();
        d.name = u"newco-vdc"_s;
        d.orgId = orgId;
        d.created = QDateTime::currentDateTimeUtc();
        const QString vdcId = d.id;
        c.vdcs.insert(std::move(d));
        sim::VApp v;
        v.id = c.newUuid();
        v.seq = c.nextSeq();
        v.name = u"db-newco"_s;
        v.created = QDateTime::currentDateTimeUtc();
        v.vdcId = vdcId;
        v.orgId = orgId;
        c.vapps.insert(std::move(v));
    });
    QVERIFY(f.run({.name = u"db"_s}));
    const auto withNew =
        truth(*sim, [](auto &, const sim::Entity &e, bool) { return e.name.startsWith(u"db"); });
    QCOMPARE(withNew.size(), expected.size() + 1);
    QVERIFY(sameHits(*f.search, withNew, u"demo"_s));
    QCOMPARE(queries(*admin, u"organization"_s).size(), 2);
}

void TestInventorySearch::emptyCriteria()
{
    Fixture f;
    f.search->addSession(m_admin.get(), u"demo"_s);
    const qint64 before = m_sim->requestCount();
    QVERIFY(f.run({}));
    QCOMPARE(f.finished.first().at(0).toInt(), 0);
    QVERIFY(f.run({.name = u"web"_s, .vms = false, .vapps = false}));
    QCOMPARE(f.finished.first().at(0).toInt(), 0);
    QVERIFY(f.run({.ipAddress = u"10.*"_s, .vms = false})); // IP is about VMs only
    QCOMPARE(f.finished.first().at(0).toInt(), 0);
    QCOMPARE(m_sim->requestCount(), before);
    QCOMPARE(f.search->rowCount(), 0);
}

void TestInventorySearch::firstResultsOnBigCloud()
{
    // 10 orgs × 1,000 vApps × 3 VMs = 30,000 VMs, served from the simulator's own thread.
    const SimConfig cfg = test::generatedCloud(10, 1, 1000, 3, 1);
    auto sim = test::startSimulator(cfg, test::SimThread::Own);
    QVERIFY(sim);
    int vms = 0;
    QString prefix;
    sim->withCloud([&](sim::Cloud &c) {
        vms = int(c.vms.size());
        prefix = c.vms.rows().at(c.vms.rows().size() / 2)->name.left(4);
    });
    QCOMPARE(vms, 30000);
    auto admin = test::logIn(*sim, u"administrator"_s, u"System"_s);
    QVERIFY(admin);
    Fixture f;
    f.search->addSession(admin.get(), u"big"_s);
    QElapsedTimer t;
    t.start();
    f.search->start({.name = prefix});
    QVERIFY(f.firstResults.wait(kWaitMs));
    const qint64 firstMs = t.elapsed();
    QVERIFY(QTest::qWaitFor([&] { return f.finished.count() > 0; }, kWaitMs));
    qInfo() << "first results after" << firstMs << "ms; all" << f.search->rowCount() << "hits (prefix"
            << prefix << ") after" << t.elapsed() << "ms";
    QVERIFY2(firstMs <= 300, qPrintable(QString::number(firstMs)));
    const auto expected = truth(*sim, [&](auto &, const sim::Entity &e, bool) {
        return e.name.startsWith(prefix, Qt::CaseInsensitive);
    });
    QVERIFY(!expected.isEmpty());
    if (expected.size() > InventorySearch::kDefaultMaxResults) {
        QCOMPARE(f.truncated.count(), 1);
        QCOMPARE(f.search->rowCount(), InventorySearch::kDefaultMaxResults);
    } else {
        QCOMPARE(f.truncated.count(), 0);
        QVERIFY(sameHits(*f.search, expected, u"big"_s));
    }
}

QTEST_GUILESS_MAIN(TestInventorySearch)
#include "tst_inventorysearch.moc"
