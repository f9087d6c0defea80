// ExchangeView: request, response and timing of one exchange — bodies pretty, secrets as logged unless
// a revealed value is handed in, a dropped or capped body said so.

#include "core/net/exchange.h"
#include "ui/console/exchangeview.h"

#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTest>

using namespace vcd;
using namespace Qt::StringLiterals;

class TestExchangeView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsPrettyBodiesAndTiming();
    void revealsOnlyWhatItIsGiven();
    void saysWhatIsMissing();
};

namespace {

Exchange sample()
{
    Exchange e;
    e.method = "GET";
    e.url = QUrl(u"https://vcd.example.com/api/org/"_s);
    e.status = 200;
    e.durationMs = 42;
    e.attempt = 2;
    e.note = u"retry after 503"_s;
    e.requestHeaders = {{"Accept", "application/*+xml;version=38.0"}, {"Authorization", "Bearer <redacted>"}};
    e.responseHeaders = {{"Content-Type", "application/vnd.vmware.vcloud.orgList+xml;version=38.0"}};
    e.responseBody = R"(<OrgList xmlns="http://www.vmware.com/vcloud/v1.5"><Org name="acme"/></OrgList>)";
    e.responseSize = e.responseBody.size();
    return e;
}

} // namespace

void TestExchangeView::showsPrettyBodiesAndTiming()
{
    ExchangeView view;
    view.setExchange(sample(), u"Lab"_s, false);
    QCOMPARE(view.tabs()->count(), 3);
    const QString response = view.responseText()->toPlainText();
    QVERIFY(response.startsWith(u"HTTP 200\nContent-Type: application/vnd.vmware.vcloud.orgList+xml"_s));
    QVERIFY(response.contains(u"\n  <Org name=\"acme\"/>"_s));
    QVERIFY(view.requestText()->toPlainText().startsWith(u"GET https://vcd.example.com/api/org/\n"_s));
    const QString timing = view.timingText()->toPlainText();
    QVERIFY(timing.contains(u"Connection: Lab"_s));
    QVERIFY(timing.contains(u"42 ms"_s));
    QVERIFY(timing.contains(u"Attempt: 2"_s));
    QVERIFY(timing.contains(u"retry after 503"_s));
    QVERIFY(!timing.contains(u"compressed"_s));
    Exchange gzipped = sample();
    gzipped.responseHeaders.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
    gzipped.responseHeaders.append(qMakePair(QByteArray("Content-Length"), QByteArray("2048")));
    QVERIFY(ExchangeView::timingText(gzipped, u"Lab"_s).contains(u"Sent gzip-compressed: 2"_s));
    view.clear();
    QVERIFY(view.responseText()->toPlainText().isEmpty());
}

void TestExchangeView::revealsOnlyWhatItIsGiven()
{
    ExchangeView view;
    view.setExchange(sample(), u"Lab"_s, false);
    QVERIFY(view.requestText()->toPlainText().contains(u"Authorization: Bearer <redacted>"_s));
    view.setExchange(sample(), u"Lab"_s, false, {{"authorization", "Bearer live-token-123"}});
    QVERIFY(view.requestText()->toPlainText().contains(u"Authorization: Bearer live-token-123"_s));
    // A header that was not redacted is never replaced.
    view.setExchange(sample(), u"Lab"_s, false, {{"Accept", "something else"}});
    QVERIFY(view.requestText()->toPlainText().contains(u"Accept: application/*+xml;version=38.0"_s));
}

void TestExchangeView::saysWhatIsMissing()
{
    Exchange e = sample();
    e.responseBodyTruncated = true;
    e.responseSize = 10 * 1024 * 1024;
    QVERIFY(ExchangeView::responseText(e).contains(u"[the console keeps the first"_s));
    QVERIFY(ExchangeView::responseText(e, true).contains(u"memory budget"_s));
    e.status = 0;
    e.networkError = u"Connection refused"_s;
    QVERIFY(ExchangeView::responseText(e).startsWith(u"No answer: Connection refused"_s));
}

QTEST_MAIN(TestExchangeView)
#include "tst_exchangeview.moc"
