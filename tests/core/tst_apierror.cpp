// ApiError: one error type from network errors, HTTP statuses and VCD Error bodies (XML and the
// cloudapi JSON, docs/VCD-API.md §3.9), request id extraction, success codes (§5).

#include "common/testdata.h"
#include "core/net/apierror.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

using namespace vcd;

namespace {

// Error bodies of the project's own test data (tests/data/bodies, docs/VCD-API.md §3.9).
QByteArray body(const QString &name)
{
    return vcd::test::TestData::own(u"bodies/"_s + name);
}

} // namespace

class TestApiError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void successCodes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("success");
        for (int s : {200, 201, 202, 204})
            QTest::addRow("%d", s) << s << true;
        for (int s : {0, 100, 203, 205, 206, 301, 302, 304, 400, 401, 403, 404, 500, 503})
            QTest::addRow("%d", s) << s << false;
    }
    void successCodes()
    {
        QFETCH(int, status);
        QFETCH(bool, success);
        QCOMPARE(ApiError::isSuccessStatus(status), success);
        const ApiError e = ApiError::fromHttp(status, {}, QByteArray());
        if (status >= 200 && status != 203 && status != 205 && status != 206)
            QCOMPARE(e.isError(), !success);
        if (success) {
            QCOMPARE(e.kind(), ApiError::Kind::None);
            QVERIFY(e.userMessage().isEmpty());
            QCOMPARE(e.httpStatus(), status);
        }
    }

    void networkErrors_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addRow("refused") << int(QNetworkReply::ConnectionRefusedError) << ApiError::Kind::Network;
        QTest::addRow("closed") << int(QNetworkReply::RemoteHostClosedError) << ApiError::Kind::Network;
        QTest::addRow("host not found") << int(QNetworkReply::HostNotFoundError) << ApiError::Kind::Network;
        QTest::addRow("timeout") << int(QNetworkReply::TimeoutError) << ApiError::Kind::Timeout;
        QTest::addRow("proxy timeout") << int(QNetworkReply::ProxyTimeoutError) << ApiError::Kind::Timeout;
        QTest::addRow("canceled") << int(QNetworkReply::OperationCanceledError) << ApiError::Kind::Canceled;
        QTest::addRow("tls") << int(QNetworkReply::SslHandshakeFailedError) << ApiError::Kind::Tls;
        QTest::addRow("insecure redirect")
            << int(QNetworkReply::InsecureRedirectError) << ApiError::Kind::Redirect;
        QTest::addRow("too many redirects")
            << int(QNetworkReply::TooManyRedirectsError) << ApiError::Kind::Redirect;
        QTest::addRow("proxy refused")
            << int(QNetworkReply::ProxyConnectionRefusedError) << ApiError::Kind::Network;
        QTest::addRow("unknown") << int(QNetworkReply::UnknownNetworkError) << ApiError::Kind::Network;
    }
    void networkErrors()
    {
        QFETCH(int, error);
        QFETCH(ApiError::Kind, kind);
        const ApiError e = ApiError::fromNetworkError(QNetworkReply::NetworkError(error), u"boom"_s);
        QCOMPARE(e.kind(), kind);
        QVERIFY(e.isError());
        QVERIFY(!e.userMessage().isEmpty());
        QVERIFY(e.userMessage().endsWith(u'.'));
        QVERIFY(e.details().contains(u"boom"_s));
        // Through fromReply with no status: the same.
        QCOMPARE(ApiError::fromReply(QNetworkReply::NetworkError(error), u"boom"_s, 0, {}, {}).kind(), kind);
    }

    void cutBodyIsNetworkEvenWith200()
    {
        // The headers said 200, then the connection was cut mid-body: not a success.
        const ApiError e = ApiError::fromReply(QNetworkReply::RemoteHostClosedError, u"closed"_s, 200, {},
                                               QByteArray("<Org"));
        QCOMPARE(e.kind(), ApiError::Kind::Network);
        QVERIFY(e.isError());
    }

    void noErrorWithSuccessStatus()
    {
        const ApiError e = ApiError::fromReply(QNetworkReply::NoError, {}, 202, {}, QByteArray("<Task/>"));
        QVERIFY(!e.isError());
    }

    void httpStatusesWithoutBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<QString>("contains");
        QTest::addRow("400") << 400 << ApiError::Kind::Http << u"invalid"_s;
        QTest::addRow("401") << 401 << ApiError::Kind::Auth << u"credentials"_s;
        QTest::addRow("403") << 403 << ApiError::Kind::Http << u"not allowed"_s;
        QTest::addRow("404") << 404 << ApiError::Kind::Http << u"not find"_s;
        QTest::addRow("406") << 406 << ApiError::Kind::Http << u"API version"_s;
        QTest::addRow("409") << 409 << ApiError::Kind::Http << u"busy"_s;
        QTest::addRow("429") << 429 << ApiError::Kind::Http << u"too many"_s;
        QTest::addRow("500") << 500 << ApiError::Kind::Http << u"internal"_s;
        QTest::addRow("503") << 503 << ApiError::Kind::Http << u"temporarily"_s;
        QTest::addRow("418") << 418 << ApiError::Kind::Http << u"refused"_s;
    }
    void httpStatusesWithoutBody()
    {
        QFETCH(int, status);
        QFETCH(ApiError::Kind, kind);
        QFETCH(QString, contains);
        // As QNetworkReply reports an HTTP error: a content/server error code plus the status.
        const ApiError e = ApiError::fromReply(QNetworkReply::ContentAccessDenied, u"denied"_s, status,
                                               {{"Content-Type", "text/plain"}}, QByteArray());
        QCOMPARE(e.kind(), kind);
        QCOMPARE(e.httpStatus(), status);
        QVERIFY2(e.userMessage().contains(contains, Qt::CaseInsensitive), qPrintable(e.userMessage()));
        QVERIFY2(e.userMessage().contains(QString::number(status)), qPrintable(e.userMessage()));
        QVERIFY(e.minorCode().isEmpty());
    }

    void xmlErrorBody403()
    {
        // Under an ns0: prefix, with a "[ id ]" message prefix that the header overrides.
        const QByteArray xml = body(u"error-403.xml"_s);
        QVERIFY(!xml.isEmpty());
        const ApiError e = ApiError::fromHttp(403, {{"x-vmware-vcloud-request-id", "req-123"}}, xml);
        QCOMPARE(e.kind(), ApiError::Kind::Vcd);
        QCOMPARE(e.httpStatus(), 403);
        QCOMPARE(e.minorCode(), u"ACCESS_TO_RESOURCE_IS_FORBIDDEN"_s);
        QVERIFY2(e.vcdMessage().startsWith(u"Either you need some or all of the following rights"_s),
                 qPrintable(e.vcdMessage()));
        QCOMPARE(e.requestId(), u"req-123"_s); // header wins, names compared case-insensitively
        QCOMPARE(e.userMessage(),
                 u"The server refused the request: you are not allowed to do this or the object no "
                 u"longer exists (403 ACCESS_TO_RESOURCE_IS_FORBIDDEN)."_s);
        QVERIFY(e.details().contains(u"[VAPP_VIEW]"_s));
        QVERIFY(e.details().contains(u"req-123"_s));
    }

    void xmlErrorBody400CarriesServerText()
    {
        const QByteArray xml = body(u"error-400.xml"_s);
        QVERIFY(!xml.isEmpty());
        const ApiError e = ApiError::fromHttp(400, {}, xml);
        QCOMPARE(e.kind(), ApiError::Kind::Vcd);
        QCOMPARE(e.minorCode(), u"BAD_REQUEST"_s);
        QVERIFY(!e.vcdMessage().isEmpty());
        // For a 400 the server's words say what to fix: they are part of the sentence.
        QVERIFY2(e.userMessage().contains(e.vcdMessage()), qPrintable(e.userMessage()));
        QVERIFY(e.userMessage().contains(u"(400 BAD_REQUEST)"_s));
    }

    void jsonErrorBodyAndRequestIdPrefix()
    {
        const QByteArray json = body(u"error-cloudapi.json"_s);
        QVERIFY(!json.isEmpty());
        const ApiError e = ApiError::fromHttp(401, {{"Content-Type", "application/json"}}, json);
        QCOMPARE(e.kind(), ApiError::Kind::Auth);
        QCOMPARE(e.minorCode(), u"NOT_AUTHENTICATED"_s);
        QCOMPARE(e.vcdMessage(), u"Login required: the session is missing or has expired."_s);
        // No header: the "[ id ]" prefix of the message.
        QCOMPARE(e.requestId(), u"12-2026-03-04-05-06-07-890--1f2e3d4c-5b6a-4789-8123-456789abcdef"_s);
        QVERIFY(e.userMessage().contains(u"401 NOT_AUTHENTICATED"_s));
    }

    void jsonError500()
    {
        const QByteArray body =
            R"({"minorErrorCode":"INTERNAL_SERVER_ERROR","message":"[ abc-1 ] Disk full.","stackTrace":null})";
        const ApiError e =
            ApiError::fromReply(QNetworkReply::InternalServerError, u"Internal"_s, 500, {}, body);
        QCOMPARE(e.kind(), ApiError::Kind::Vcd);
        QCOMPARE(e.requestId(), u"abc-1"_s);
        QVERIFY(e.userMessage().contains(u"Disk full."_s));
        QVERIFY(!e.userMessage().contains(u"abc-1"_s));
    }

    void garbageBodyIsHttp()
    {
        const ApiError e = ApiError::fromHttp(502, {}, QByteArray("<html><body>Bad gateway</body></html>"));
        QCOMPARE(e.kind(), ApiError::Kind::Http);
        QVERIFY(e.details().contains(u"Bad gateway"_s));
        const ApiError j = ApiError::fromHttp(400, {}, QByteArray(R"({"error":"invalid_grant"})"));
        QCOMPARE(j.kind(), ApiError::Kind::Http);
        QVERIFY(j.details().contains(u"invalid_grant"_s));
    }

    void madeErrors()
    {
        const ApiError e =
            ApiError::make(ApiError::Kind::VersionMismatch, u"No common version."_s, u"server: 0.9"_s);
        QCOMPARE(e.kind(), ApiError::Kind::VersionMismatch);
        QCOMPARE(e.userMessage(), u"No common version."_s);
        QVERIFY(e.details().contains(u"server: 0.9"_s));
        QVERIFY(!e.retryable());
        ApiError r = ApiError::fromHttp(401, {}, {});
        r.setRetryable(true);
        QVERIFY(r.retryable());
        const ApiError w = r.withUserMessage(ApiError::Kind::Auth, u"Log in again."_s);
        QCOMPARE(w.httpStatus(), 401);
        QCOMPARE(w.userMessage(), u"Log in again."_s);
        QVERIFY(w.retryable());
        // Every kind has a sentence of its own.
        QSet<QString> names;
        for (int k = int(ApiError::Kind::Network); k <= int(ApiError::Kind::TooLarge); ++k) {
            ApiError x = ApiError::fromNetworkError(QNetworkReply::UnknownNetworkError, {});
            x = x.withUserMessage(ApiError::Kind(k), QString());
            QVERIFY2(!x.userMessage().isEmpty(), qPrintable(ApiError::kindName(ApiError::Kind(k))));
            names.insert(ApiError::kindName(ApiError::Kind(k)));
        }
        QCOMPARE(names.size(), int(ApiError::Kind::TooLarge)); // each kind named apart
        QCOMPARE(ApiError::kindName(ApiError::Kind::Deadline), u"Deadline"_s);
        QCOMPARE(ApiError::kindName(ApiError::Kind::TooLarge), u"TooLarge"_s);
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
