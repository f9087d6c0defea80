// HttpRequestReader: requests read as bytes arrive, in any split, within limits; every refusal with its
// status before the rest of the request is buffered.

#include "sim/httprequestreader.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace vcd::sim;
using State = HttpRequestReader::State;

namespace {

HttpRequestReader::Limits smallLimits()
{
    HttpRequestReader::Limits l;
    l.maxHeaderBytes = 1024;
    l.maxBodyBytes = 4096;
    return l;
}

QByteArray header(const HttpRequestReader::Request &r, const QByteArray &name)
{
    for (const auto &h : r.headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

} // namespace

class TestHttpRequestReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void simpleGetInOneGo()
    {
        HttpRequestReader reader;
        QCOMPARE(reader.state(), State::Idle);
        QCOMPARE(
            reader.feed("GET /api/org?page=2 HTTP/1.1\r\nHost: x\r\nAccept:  application/*+xml \r\n\r\n"),
            State::Complete);
        const auto r = reader.takeRequest();
        QCOMPARE(r.method, "GET");
        QCOMPARE(r.target, "/api/org?page=2");
        QCOMPARE(r.minorVersion, 1);
        QVERIFY(r.keepAlive);
        QCOMPARE(header(r, "accept"), "application/*+xml"); // optional whitespace trimmed
        QVERIFY(r.body.isEmpty());
        QCOMPARE(reader.state(), State::Idle);
    }

    void anySplitGivesTheSameRequest()
    {
        const QByteArray wire = "POST /api/vApp/vapp-1/action/deploy HTTP/1.1\r\nHost: x\r\n"
                                "Content-Length: 11\r\nContent-Type: application/xml\r\n\r\nhello world";
        for (int chunk : {1, 2, 3, 7, 64}) {
            HttpRequestReader reader;
            State s = State::Idle;
            for (qsizetype i = 0; i < wire.size(); i += chunk) {
                s = reader.feed(QByteArrayView(wire).sliced(i, std::min<qsizetype>(chunk, wire.size() - i)));
                if (i + chunk < wire.size())
                    QVERIFY2(s == State::Head || s == State::Body, qPrintable(QString::number(chunk)));
            }
            QCOMPARE(s, State::Complete);
            const auto r = reader.takeRequest();
            QCOMPARE(r.body, "hello world");
            QCOMPARE(r.method, "POST");
        }
    }

    void chunkedBody()
    {
        HttpRequestReader reader;
        QCOMPARE(reader.feed("PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n"),
                 State::Body);
        QCOMPARE(reader.feed("6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"), State::Complete);
        QCOMPARE(reader.takeRequest().body, "hello world");
    }

    void keepAliveAndPipelining()
    {
        HttpRequestReader reader;
        QCOMPARE(reader.feed(
                     "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\nGET /c HTTP/1.0\r\n"
                     "\r\n"),
                 State::Complete);
        QCOMPARE(reader.takeRequest().target, "/a");
        QCOMPARE(reader.feed({}), State::Complete);
        const auto b = reader.takeRequest();
        QCOMPARE(b.target, "/b");
        QVERIFY(!b.keepAlive);
        QCOMPARE(reader.feed({}), State::Complete);
        const auto c = reader.takeRequest();
        QCOMPARE(c.minorVersion, 0);
        QVERIFY(!c.keepAlive); // HTTP/1.0 closes unless asked otherwise
        QCOMPARE(reader.feed({}), State::Idle);
    }

    void expectContinue()
    {
        HttpRequestReader reader;
        QCOMPARE(reader.feed("POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"),
                 State::Body);
        QVERIFY(reader.expectsContinue());
        reader.continueSent();
        QVERIFY(!reader.expectsContinue());
        QCOMPARE(reader.feed("abc"), State::Complete);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        const QByteArray big(2000, 'a');
        QTest::newRow("head over the cap, unfinished") << "GET / HTTP/1.1\r\nX-Big: " + big << 431;
        QTest::newRow("head over the cap, finished") << "GET / HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n" << 431;
        QTest::newRow("many small fields")
            << "GET / HTTP/1.1\r\n" + QByteArray("A: b\r\n").repeated(300) << 431;
        QTest::newRow("content-length over the cap")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 4097\r\n\r\n") << 413;
        QTest::newRow("content-length absurd")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") << 413;
        QTest::newRow("chunks over the cap")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + QByteArray(2048, 'x') +
                   "\r\n801\r\n"
            << 413;
        QTest::newRow("trailers over the cap")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" +
                   QByteArray("T: v\r\n").repeated(200)
            << 431;
        QTest::newRow("bare CR in a value")
            << QByteArray("GET / HTTP/1.1\r\nX-VMWARE-VCLOUD-CLIENT-REQUEST-ID: a\rSet-Cookie: x\r\n\r\n")
            << 400;
        QTest::newRow("NUL in a value") << QByteArray("GET / HTTP/1.1\r\nX: a") + '\0' + "b\r\n\r\n" << 400;
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nX : a\r\n\r\n") << 400;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nnonsense\r\n\r\n") << 400;
        QTest::newRow("CL and TE")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
            << 400;
        QTest::newRow("conflicting CL")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n") << 400;
        QTest::newRow("CL not a number")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n") << 400;
        QTest::newRow("gzip coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
                                     << 501;
        QTest::newRow("bad chunk size")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
        QTest::newRow("chunk without CRLF")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab") << 400;
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) +
                                        "\r\n\r\n"
                                 << 400;
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("control in target") << QByteArray("GET /a\x01 HTTP/1.1\r\n\r\n") << 400;
    }
    void refusals()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        HttpRequestReader reader(smallLimits());
        QCOMPARE(reader.feed(wire), State::Failed);
        QCOMPARE(reader.errorStatus(), status);
        QVERIFY(!reader.errorMessage().isEmpty());
        // Failed is final: more bytes change nothing and are not kept.
        QCOMPARE(reader.feed("GET / HTTP/1.1\r\n\r\n"), State::Failed);
    }

    void refusedBeforeTheRestArrives()
    {
        // 413 as soon as the head is read: the body is never waited for.
        HttpRequestReader reader(smallLimits());
        QCOMPARE(reader.feed("POST / HTTP/1.1\r\nContent-Length: 500000000\r\n\r\n"), State::Failed);
        QCOMPARE(reader.errorStatus(), 413);
        // 431 after the cap even though the head never ends.
        HttpRequestReader slow(smallLimits());
        QCOMPARE(slow.feed("GET / HTTP/1.1\r\nX: "), State::Head);
        State s = State::Head;
        int fed = 0;
        while (s == State::Head && fed < 100000) {
            s = slow.feed(QByteArray(100, 'a'));
            fed += 100;
        }
        QCOMPARE(s, State::Failed);
        QCOMPARE(slow.errorStatus(), 431);
        QVERIFY(fed <= 1100);
        // An endless chunked body stops at the cap.
        HttpRequestReader endless(smallLimits());
        QCOMPARE(endless.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), State::Body);
        fed = 0;
        s = State::Body;
        while (s == State::Body && fed < 100000) {
            s = endless.feed(QByteArray("100\r\n" + QByteArray(256, 'y') + "\r\n"));
            fed += 256;
        }
        QCOMPARE(s, State::Failed);
        QCOMPARE(endless.errorStatus(), 413);
        QVERIFY(fed <= 4096 + 256);
    }

    void leadingEmptyLinesAreIgnored()
    {
        HttpRequestReader reader;
        QCOMPARE(reader.feed("\r\n\r\n"), State::Idle);
        QCOMPARE(reader.feed("GET / HTTP/1.1\n\n"), State::Complete); // bare LF line ends are accepted
        QVERIFY(!reader.hasPartialRequest());
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestReader)
#include "tst_httprequestreader.moc"
