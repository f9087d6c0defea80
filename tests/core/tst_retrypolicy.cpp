// RetryPolicy: the table (method × status / network error), Retry-After in seconds and as an HTTP
// date, exponential back-off with jitter from a fixed random source, at most three tries.

#include "core/net/retrypolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;

using namespace vcd;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private:
    static RetryPolicy::RandomSource fixed(double v)
    {
        return [v] { return v; };
    }

private Q_SLOTS:
    void table_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("networkError");
        QTest::addColumn<bool>("retried");

        const QList<QByteArray> methods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
        const QList<int> retryStatuses = {429, 502, 503, 504};
        const QList<int> finalStatuses = {200, 201, 202, 204, 400, 401, 403, 404, 405, 406, 409, 500, 501};
        for (const QByteArray &m : methods) {
            const bool get = m == "GET";
            for (int s : retryStatuses)
                QTest::addRow("%s %d", m.constData(), s) << m << s << int(QNetworkReply::NoError) << get;
            for (int s : finalStatuses)
                QTest::addRow("%s %d", m.constData(), s) << m << s << int(QNetworkReply::NoError) << false;
            const QList<QPair<QNetworkReply::NetworkError, bool>> net = {
                {QNetworkReply::ConnectionRefusedError, true},
                {QNetworkReply::RemoteHostClosedError, true},
                {QNetworkReply::TimeoutError, true},
                {QNetworkReply::TemporaryNetworkFailureError, true},
                {QNetworkReply::ProxyTimeoutError, true},
                {QNetworkReply::HostNotFoundError, false},
                {QNetworkReply::SslHandshakeFailedError, false},
                {QNetworkReply::OperationCanceledError, false},
                {QNetworkReply::ProtocolFailure, false},
            };
            for (const auto &[err, retried] : net)
                QTest::addRow("%s neterr %d", m.constData(), int(err))
                    << m << 0 << int(err) << (get && retried);
        }
        // A body cut after a "200" status line: the transport error decides.
        QTest::addRow("GET 200 cut") << QByteArray("GET") << 200 << int(QNetworkReply::RemoteHostClosedError)
                                     << true;
        QTest::addRow("POST 200 cut")
            << QByteArray("POST") << 200 << int(QNetworkReply::RemoteHostClosedError) << false;
        QTest::addRow("get lower case") << QByteArray("get") << 503 << int(QNetworkReply::NoError) << true;
    }
    void table()
    {
        QFETCH(QByteArray, method);
        QFETCH(int, status);
        QFETCH(int, networkError);
        QFETCH(bool, retried);
        const auto d = RetryPolicy::delayBeforeRetry(
            method, status, QNetworkReply::NetworkError(networkError), {}, 1, fixed(0.5));
        QCOMPARE(d.has_value(), retried);
        if (retried)
            QVERIFY(*d > 0);
    }

    void retryAfterSeconds()
    {
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, "1", 1, fixed(0.9)), 1000);
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 429, QNetworkReply::NoError, " 7 ", 1, fixed(0.9)),
                 7000);
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 429, QNetworkReply::NoError, "0", 2, fixed(0.9)), 0);
        // Longer than a person would wait: no retry, the call fails and says so.
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, "3600", 1, fixed(0.9)),
                 std::nullopt);
        // Unreadable: back-off instead.
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, "soon", 1, fixed(1.0)),
                 RetryPolicy::backoffMs(1, 1.0));
        // Never for a POST, whatever the server says.
        QCOMPARE(RetryPolicy::delayBeforeRetry("POST", 503, QNetworkReply::NoError, "1", 1, fixed(0.5)),
                 std::nullopt);
    }

    void retryAfterDate()
    {
        const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
        QCOMPARE(RetryPolicy::parseRetryAfterMs("Wed, 21 Oct 2015 07:28:05 GMT", now), 5000);
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 429, QNetworkReply::NoError,
                                               "Wed, 21 Oct 2015 07:28:03 GMT", 1, fixed(0.5), now),
                 3000);
        // A date in the past: at once.
        QCOMPARE(RetryPolicy::parseRetryAfterMs("Wed, 21 Oct 2015 07:27:00 GMT", now), 0);
        QCOMPARE(RetryPolicy::parseRetryAfterMs("not a date", now), std::nullopt);
        QCOMPARE(RetryPolicy::parseRetryAfterMs("", now), std::nullopt);
        QCOMPARE(RetryPolicy::parseRetryAfterMs("-5", now), std::nullopt);
    }

    void backoffGrowth()
    {
        // Equal jitter: half fixed, half random — with random 0 the fixed half, with 1 the full step.
        QCOMPARE(RetryPolicy::backoffMs(1, 0.0), RetryPolicy::kBaseDelayMs / 2);
        QCOMPARE(RetryPolicy::backoffMs(1, 1.0), RetryPolicy::kBaseDelayMs);
        QCOMPARE(RetryPolicy::backoffMs(2, 1.0), RetryPolicy::kBaseDelayMs * 2);
        QCOMPARE(RetryPolicy::backoffMs(3, 1.0), RetryPolicy::kBaseDelayMs * 4);
        int previous = 0;
        for (int attempt = 1; attempt <= 10; ++attempt) {
            const int d = RetryPolicy::backoffMs(attempt, 0.5);
            QVERIFY2(d >= previous, qPrintable(u"attempt %1: %2 < %3"_s.arg(attempt).arg(d).arg(previous)));
            QVERIFY(d <= RetryPolicy::kMaxDelayMs);
            previous = d;
        }
        QCOMPARE(RetryPolicy::backoffMs(30, 1.0), RetryPolicy::kMaxDelayMs); // capped, no overflow
        // Through the pure function with the same random source.
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 502, QNetworkReply::NoError, {}, 1, fixed(0.25)),
                 RetryPolicy::backoffMs(1, 0.25));
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 504, QNetworkReply::NoError, {}, 2, fixed(0.25)),
                 RetryPolicy::backoffMs(2, 0.25));
        QVERIFY(*RetryPolicy::delayBeforeRetry("GET", 504, QNetworkReply::NoError, {}, 2, fixed(0.25)) >
                *RetryPolicy::delayBeforeRetry("GET", 504, QNetworkReply::NoError, {}, 1, fixed(0.25)));
    }

    void atMostThreeTries()
    {
        QCOMPARE(RetryPolicy::kMaxAttempts, 3);
        QVERIFY(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, {}, 1, fixed(0.5)));
        QVERIFY(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, {}, 2, fixed(0.5)));
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, {}, 3, fixed(0.5)),
                 std::nullopt);
        QCOMPARE(RetryPolicy::delayBeforeRetry("GET", 503, QNetworkReply::NoError, {}, 0, fixed(0.5)),
                 std::nullopt);
    }

    void defaultRandomSourceStaysInRange()
    {
        for (int i = 0; i < 50; ++i) {
            const auto d = RetryPolicy::delayBeforeRetry("GET", 502, QNetworkReply::NoError, {}, 2);
            QVERIFY(d);
            QVERIFY(*d >= RetryPolicy::kBaseDelayMs); // attempt 2: step 500, half fixed = 250
            QVERIFY(*d <= RetryPolicy::kBaseDelayMs * 2);
        }
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
