// RecordFields: the attribute lists the tree, the search and the export ask for (fields=,
// docs/VCD-API.md §4). Against vcd-sim: the server knows every attribute named (an unknown one would
// make it refuse the list and cost a second request), answers with exactly those (and href), and
// the pages shrink. That the tree and the export still show the same values is checked by
// tst_inventorymodel and tst_inventoryexporter against the simulator's truth.

#include "common/simfixture.h"
#include "core/model/recordfields.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/services/queryservice.h"
#include "sim/vcdsimulator.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 30000;

int queryRequestsSince(const Session &session, quint64 after)
{
    int n = 0;
    for (const Exchange &e : session.requestLog()->entries())
        if (e.id > after && e.url.path().endsWith(u"/api/query"))
            ++n;
    return n;
}

} // namespace

class TestRecordFields : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void serverKnowsEveryField_data();
    void serverKnowsEveryField();
    void pagesShrink();
    void otherTypesAskForEverything();

private:
    std::unique_ptr<sim::VcdSimulator> m_sim;
    std::unique_ptr<Session> m_admin;
    std::unique_ptr<Session> m_tenant;
};

void TestRecordFields::initTestCase()
{
    m_sim = test::startSimulator();
    QVERIFY(m_sim);
    m_admin = test::logIn(*m_sim, u"administrator"_s, u"System"_s);
    m_tenant = test::logIn(*m_sim, u"orgadmin"_s, u"acme-corp"_s);
    QVERIFY(m_admin && m_tenant);
}

void TestRecordFields::serverKnowsEveryField_data()
{
    QTest::addColumn<QString>("purpose");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("admin");
    const QList<QPair<QString, bool>> treeAndSearch{
        {u"adminVM"_s, true}, {u"adminVApp"_s, true}, {u"vm"_s, false}, {u"vApp"_s, false}};
    for (const QString &purpose : {u"tree"_s, u"search"_s})
        for (const auto &[type, admin] : treeAndSearch)
            QTest::newRow(qPrintable(purpose + u' ' + type)) << purpose << type << admin;
    const QList<QPair<QString, bool>> exported{
        {u"adminOrgVdc"_s, true}, {u"adminVApp"_s, true}, {u"adminVM"_s, true}, {u"orgVdcNetwork"_s, true},
        {u"orgVdc"_s, false},     {u"vApp"_s, false},     {u"vm"_s, false},     {u"orgVdcNetwork"_s, false}};
    for (const auto &[type, admin] : exported)
        QTest::newRow(qPrintable(u"export "_s + type + (admin ? u" (admin)"_s : u" (tenant)"_s)))
            << u"export"_s << type << admin;
}

void TestRecordFields::serverKnowsEveryField()
{
    QFETCH(QString, purpose);
    QFETCH(QString, type);
    QFETCH(bool, admin);
    const QStringList fields = purpose == u"tree"     ? RecordFields::forTree(type)
                               : purpose == u"search" ? RecordFields::forSearch(type)
                                                      : RecordFields::forExport(type);
    QVERIFY(!fields.isEmpty());
    Session &session = admin ? *m_admin : *m_tenant;
    QueryService service(&session);
    QueryParams p;
    p.type = type;
    p.fields = fields;
    const quint64 before = session.requestLog()->entries().last().id;
    QueryJob *job = service.query(p);
    QSignalSpy finished(job, &QueryJob::finished);
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(!job->records().isEmpty());
    // Not refused (no second request without fields).
    QCOMPARE(queryRequestsSince(session, before), job->lastPage());

    QSet<QString> allowed(fields.begin(), fields.end());
    allowed.insert(u"href"_s);
    QSet<QString> seen;
    for (const QueryRecord &r : job->records()) {
        for (const auto &a : r.attributes) {
            QVERIFY2(allowed.contains(a.first), qPrintable(a.first + u" was not asked for"_s));
            seen.insert(a.first);
        }
    }
    // Every field asked for is one the server has (the demo cloud has a value for each somewhere).
    QCOMPARE(seen, allowed);
}

void TestRecordFields::pagesShrink()
{
    // The tree's VM page is well under half the size of the page of every attribute.
    const auto pageBytes = [this](const QStringList &fields) -> qint64 {
        QueryService service(m_admin.get());
        QueryParams p;
        p.type = u"adminVM"_s;
        p.fields = fields;
        const quint64 before = m_admin->requestLog()->entries().last().id;
        QueryJob *job = service.query(p);
        QSignalSpy finished(job, &QueryJob::finished);
        if (!finished.wait(kWaitMs))
            return -1;
        qint64 bytes = 0;
        for (const Exchange &e : m_admin->requestLog()->entries())
            if (e.id > before)
                bytes += e.responseSize;
        return bytes;
    };
    const qint64 all = pageBytes({});
    const qint64 tree = pageBytes(RecordFields::forTree(u"adminVM"_s));
    QVERIFY(all > 0 && tree > 0);
    QVERIFY2(tree * 100 < all * 45, qPrintable(u"%1 of %2 bytes"_s.arg(tree).arg(all)));
}

void TestRecordFields::otherTypesAskForEverything()
{
    // The small kinds stay whole, so that the window shows all of them.
    for (const QString &type : {u"organization"_s, u"adminCatalog"_s, u"catalogItem"_s, u"edgeGateway"_s})
        QVERIFY(RecordFields::forTree(type).isEmpty());
    QVERIFY(RecordFields::forSearch(u"organization"_s).isEmpty());
    QVERIFY(RecordFields::forExport(u"task"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestRecordFields)
#include "tst_recordfields.moc"
