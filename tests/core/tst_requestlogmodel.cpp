// RequestLogModel over a RequestLog: rows follow appends, evictions and clear, checked by
// QAbstractItemModelTester; the columns show what the API console lists.

#include "core/net/requestlog.h"
#include "core/net/requestlogmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

namespace {

Exchange exchange(const QString &path, int status = 200)
{
    Exchange e;
    e.method = "GET";
    e.url = QUrl(u"https://vcd.example.com"_s + path);
    e.status = status;
    e.durationMs = 42;
    e.responseBody = "12345";
    e.responseHeaders = {{"X-VMWARE-VCLOUD-REQUEST-ID", "req-" + path.toUtf8()}};
    e.startedAt = QDateTime(QDate(2025, 3, 12), QTime(10, 11, 12, 345), Qt::UTC);
    return e;
}

} // namespace

class TestRequestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheLog()
    {
        RequestLog log(3);
        log.append(exchange(u"/api/versions"_s));
        RequestLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1); // existing entries are shown at once
        QCOMPARE(model.columnCount(), int(RequestLogModel::ColumnCount));

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        log.append(exchange(u"/api/org"_s));
        log.append(exchange(u"/api/query?type=vm&page=2"_s, 0));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.size(), 2);

        log.append(exchange(u"/api/vApp/vapp-1"_s, 404)); // evicts /api/versions
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), 0);
        QCOMPARE(model.index(0, RequestLogModel::PathColumn).data().toString(), u"/api/org"_s);
        QCOMPARE(model.index(2, RequestLogModel::PathColumn).data().toString(), u"/api/vApp/vapp-1"_s);
        QCOMPARE(model.exchangeId(2), quint64(4));
        QCOMPARE(model.index(2, 0).data(RequestLogModel::ExchangeIdRole).value<quint64>(), quint64(4));

        log.setCapacity(1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.exchangeId(0), quint64(4));

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        log.clear();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 0);
        log.append(exchange(u"/api/org"_s));
        QCOMPARE(model.rowCount(), 1);
    }

    void columns()
    {
        RequestLog log;
        RequestLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        log.append(exchange(u"/api/query?type=vm&page=2"_s));
        Exchange failed = exchange(u"/api/org"_s, 0);
        failed.networkError = u"Connection refused"_s;
        log.append(failed);

        auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(0, RequestLogModel::TimeColumn).toString(),
                 QDateTime(QDate(2025, 3, 12), QTime(10, 11, 12, 345), Qt::UTC)
                     .toLocalTime()
                     .toString(u"HH:mm:ss.zzz"_s));
        QCOMPARE(cell(0, RequestLogModel::MethodColumn).toString(), u"GET"_s);
        QCOMPARE(cell(0, RequestLogModel::PathColumn).toString(), u"/api/query?type=vm&page=2"_s);
        QCOMPARE(cell(0, RequestLogModel::StatusColumn).toInt(), 200);
        QCOMPARE(cell(0, RequestLogModel::DurationColumn).toLongLong(), 42);
        QCOMPARE(cell(0, RequestLogModel::SizeColumn).toLongLong(), 5);
        QCOMPARE(cell(0, RequestLogModel::RequestIdColumn).toString(), u"req-/api/query?type=vm&page=2"_s);
        QCOMPARE(cell(1, RequestLogModel::StatusColumn, RequestLogModel::StatusRole).toInt(), 0);
        QCOMPARE(cell(1, RequestLogModel::StatusColumn, Qt::ToolTipRole).toString(), u"Connection refused"_s);
        QVERIFY(!cell(1, RequestLogModel::StatusColumn).toString().isEmpty());
        QCOMPARE(model.headerData(RequestLogModel::PathColumn, Qt::Horizontal).toString(), u"Path"_s);
        QVERIFY(!model.index(0, 0).parent().isValid());
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    }

    void survivesTheLogGoingAway()
    {
        auto *log = new RequestLog;
        log->append(exchange(u"/api/org"_s));
        RequestLogModel model(log);
        delete log;
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.index(0, RequestLogModel::PathColumn).data().isValid());
    }
};

QTEST_GUILESS_MAIN(TestRequestLogModel)
#include "tst_requestlogmodel.moc"
