// ExchangeLogModel: every connection's exchanges in one table, batched, bounded (rows and body bytes),
// pausable; checked with QAbstractItemModelTester.

#include "core/connections/connection.h"
#include "core/connections/connectionregistry.h"
#include "core/console/exchangelogmodel.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Profile profile(const QString &id, const QString &name, const QString &color = {})
{
    Profile p;
    p.id = id;
    p.name = name;
    p.colorLabel = color;
    return p;
}

Exchange exchange(const QByteArray &method, const QString &path, int status, const QByteArray &body = {})
{
    Exchange e;
    e.method = method;
    e.url = QUrl(u"https://vcd.example.com"_s + path);
    e.status = status;
    e.durationMs = 12;
    e.responseBody = body;
    e.requestHeaders = {{"Accept", "application/*+xml;version=38.0"},
                        {"x-vcloud-authorization", "abcdef123456"}};
    return e;
}

} // namespace

class TestExchangeLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gathersEveryConnectionInBatches();
    void keepsTheLastRowsAndABodyBudget();
    void pauseHoldsRowsUntilResume();
    void clearAndClosedConnections();
    void nothingSecretInAnyCell();
};

void TestExchangeLogModel::gathersEveryConnectionInBatches()
{
    ConnectionRegistry registry;
    Session a, b;
    // a logged something before the console existed: it is shown too.
    a.requestLog()->append(exchange("GET", u"/api/versions"_s, 200));
    registry.adopt(profile(u"p1"_s, u"Lab"_s, u"green"_s), &a);
    ExchangeLogModel model(&registry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    registry.adopt(profile(u"p2"_s, u"Production"_s, u"red"_s), &b);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 50; ++i) {
        a.requestLog()->append(exchange("GET", u"/api/org"_s, 200));
        b.requestLog()->append(exchange("POST", u"/api/vApp/vapp-1/power/action/powerOn"_s, 202));
    }
    QCOMPARE(model.rowCount(), 0); // queued: one insertion per flush, not one per exchange
    QTRY_COMPARE(model.rowCount(), 101);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.index(0, ExchangeLogModel::PathColumn).data().toString(), u"/api/versions"_s);
    QCOMPARE(model.index(1, ExchangeLogModel::ConnectionColumn).data().toString(), u"Lab"_s);
    QCOMPARE(model.index(2, ExchangeLogModel::ConnectionColumn).data().toString(), u"Production"_s);
    QCOMPARE(model.index(2, 0).data(ExchangeLogModel::ColorLabelRole).toString(), u"red"_s);
    QCOMPARE(model.index(2, ExchangeLogModel::MethodColumn).data().toString(), u"POST"_s);
    QCOMPARE(model.index(2, ExchangeLogModel::StatusColumn).data().toString(), u"202"_s);
    QCOMPARE(model.index(2, 0).data(ExchangeLogModel::StatusClassRole).toInt(), 2);
    QCOMPARE(model.index(2, 0).data(ExchangeLogModel::ConnectionIdRole).toString(), u"p2"_s);
    QCOMPARE(model.sessionOf(u"p2"_s), &b);
    // Sequences are the console's own and increase with the row.
    const quint64 s1 = model.index(1, 0).data(ExchangeLogModel::SequenceRole).toULongLong();
    const quint64 s2 = model.index(2, 0).data(ExchangeLogModel::SequenceRole).toULongLong();
    QVERIFY(s2 > s1);
    QCOMPARE(model.rowOfSequence(s2), 2);

    // A renamed connection renames its rows.
    Profile renamed = profile(u"p1"_s, u"Lab 2"_s, u"amber"_s);
    registry.find(u"p1"_s)->setProfile(renamed);
    QCOMPARE(model.index(1, ExchangeLogModel::ConnectionColumn).data().toString(), u"Lab 2"_s);
}

void TestExchangeLogModel::keepsTheLastRowsAndABodyBudget()
{
    ConnectionRegistry registry;
    Session s;
    registry.adopt(profile(u"p"_s, u"Lab"_s), &s);
    ExchangeLogModel model(&registry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(20);
    model.setBodyCap(1000);
    model.setBodyBudget(10 * 1000);
    s.requestLog()->setCapacity(1000);
    for (int i = 0; i < 30; ++i)
        s.requestLog()->append(
            exchange("GET", u"/api/query?page=%1"_s.arg(i + 1), 200, QByteArray(1500, 'x')));
    model.flush();
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.index(0, ExchangeLogModel::PathColumn).data().toString(), u"/api/query?page=11"_s);
    QCOMPARE(model.index(19, ExchangeLogModel::PathColumn).data().toString(), u"/api/query?page=30"_s);
    // Each body capped at 1000 bytes, and only ten of them fit the budget: the oldest lost theirs.
    const auto *newest = model.entry(19);
    QCOMPARE(newest->exchange.responseBody.size(), 1000);
    QVERIFY(newest->exchange.responseBodyTruncated);
    QCOMPARE(newest->exchange.responseSize, 1500); // the real size survives
    QVERIFY(model.bodyBytes() <= 10 * 1000);
    QVERIFY(model.entry(0)->bodiesDropped);
    QVERIFY(model.entry(0)->exchange.responseBody.isEmpty());
    QVERIFY(!model.entry(19)->bodiesDropped);
    // The dropped rows keep their line.
    QCOMPARE(model.index(0, ExchangeLogModel::StatusColumn).data().toString(), u"200"_s);

    // Shrinking evicts at once.
    model.setCapacity(5);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, ExchangeLogModel::PathColumn).data().toString(), u"/api/query?page=26"_s);
    QVERIFY(model.bodyBytes() <= 5 * 1000);
}

void TestExchangeLogModel::pauseHoldsRowsUntilResume()
{
    ConnectionRegistry registry;
    Session s;
    registry.adopt(profile(u"p"_s, u"Lab"_s), &s);
    ExchangeLogModel model(&registry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    s.requestLog()->append(exchange("GET", u"/api/org"_s, 200));
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QSignalSpy paused(&model, &ExchangeLogModel::pausedChanged);
    model.setPaused(true);
    QCOMPARE(paused.count(), 1);
    for (int i = 0; i < 3; ++i)
        s.requestLog()->append(exchange("GET", u"/api/vdc/%1"_s.arg(i), 200));
    model.flush();
    QTest::qWait(ExchangeLogModel::kFlushIntervalMs * 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.pendingCount(), 3);
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.pendingCount(), 0);
}

void TestExchangeLogModel::clearAndClosedConnections()
{
    ConnectionRegistry registry;
    Session s;
    Connection *c = registry.adopt(profile(u"p"_s, u"Lab"_s), &s);
    ExchangeLogModel model(&registry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    s.requestLog()->append(exchange("GET", u"/api/org"_s, 200));
    model.flush();
    registry.close(c);
    // The rows of a closed connection stay readable, with its name.
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ExchangeLogModel::ConnectionColumn).data().toString(), u"Lab"_s);
    QCOMPARE(model.sessionOf(u"p"_s), nullptr);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.bodyBytes(), 0);
}

void TestExchangeLogModel::nothingSecretInAnyCell()
{
    ConnectionRegistry registry;
    Session s;
    registry.adopt(profile(u"p"_s, u"Lab"_s), &s);
    ExchangeLogModel model(&registry);
    Exchange login = exchange("POST", u"/api/sessions"_s, 200);
    login.requestHeaders = {
        {"Authorization", "Basic " + QByteArray("administrator@System:s3cret-pw").toBase64()}};
    login.responseHeaders = {{"x-vcloud-authorization", "0123456789abcdef0123456789abcdef"}};
    s.requestLog()->append(login);
    model.flush();
    for (int c = 0; c < model.columnCount(); ++c)
        for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(ExchangeLogModel::SearchTextRole)}) {
            const QString text = model.index(0, c).data(role).toString();
            QVERIFY2(!text.contains(u"s3cret-pw"_s) && !text.contains(u"0123456789abcdef"_s),
                     qPrintable(text));
        }
    const Exchange &kept = model.entry(0)->exchange;
    QCOMPARE(kept.requestHeader("Authorization"), QByteArray("Basic <redacted>"));
    QCOMPARE(kept.responseHeaders.first().second, QByteArray("<redacted>"));
}

QTEST_GUILESS_MAIN(TestExchangeLogModel)
#include "tst_exchangelogmodel.moc"
