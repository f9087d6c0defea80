// ExchangeFilterModel: text, method, status class and connection criteria, alone and together.

#include "core/connections/connectionregistry.h"
#include "core/console/exchangefiltermodel.h"
#include "core/console/exchangelogmodel.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"
#include "core/profiles/profile.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestExchangeFilterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filtersByEveryCriterion();
};

void TestExchangeFilterModel::filtersByEveryCriterion()
{
    ConnectionRegistry registry;
    Session lab, prod;
    Profile p1, p2;
    p1.id = u"lab"_s;
    p1.name = u"Lab"_s;
    p2.id = u"prod"_s;
    p2.name = u"Production"_s;
    registry.adopt(p1, &lab);
    registry.adopt(p2, &prod);
    ExchangeLogModel log(&registry);
    auto add = [](Session &s, const QByteArray &method, int status, const QString &path) {
        Exchange e;
        e.method = method;
        e.status = status;
        e.url = QUrl(u"https://vcd.example.com"_s + path);
        s.requestLog()->append(e);
    };
    add(lab, "GET", 200, u"/api/org"_s);
    add(prod, "POST", 202, u"/api/vApp/vm-1/power/action/powerOn"_s);
    add(prod, "GET", 404, u"/api/vdc/missing"_s);
    add(lab, "GET", 0, u"/api/query"_s);
    add(lab, "DELETE", 503, u"/api/session"_s);
    log.flush();

    ExchangeFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&log);
    QCOMPARE(filter.rowCount(), 5);
    auto path = [&](int row) { return filter.index(row, ExchangeLogModel::PathColumn).data().toString(); };

    filter.setText(u"POWERON"_s); // case-insensitive
    QCOMPARE(filter.rowCount(), 1);
    filter.setText(u"404"_s); // the status is searchable text too
    QCOMPARE(filter.rowCount(), 1);
    filter.setText(u"production"_s); // and the connection's name
    QCOMPARE(filter.rowCount(), 2);
    filter.setText({});

    filter.setMethods({u"GET"_s});
    QCOMPARE(filter.rowCount(), 3);
    filter.setStatusClasses({4, 5, 0});
    QCOMPARE(filter.rowCount(), 2); // the 404 and the unanswered GET
    filter.setConnectionId(u"prod"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(path(0), u"/api/vdc/missing"_s);

    filter.setMethods({});
    filter.setStatusClasses({});
    filter.setConnectionId({});
    QCOMPARE(filter.rowCount(), 5);

    // New rows go through the filter as they arrive.
    filter.setMethods({u"POST"_s});
    add(lab, "POST", 201, u"/api/vdc/1/action/instantiateVAppTemplate"_s);
    add(lab, "GET", 200, u"/api/task/1"_s);
    log.flush();
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(path(1), u"/api/vdc/1/action/instantiateVAppTemplate"_s);
}

QTEST_GUILESS_MAIN(TestExchangeFilterModel)
#include "tst_exchangefiltermodel.moc"
