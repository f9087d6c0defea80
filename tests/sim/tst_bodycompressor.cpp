// BodyCompressor and the simulator's gzip (docs/VCD-API.md §6 "Compression"): bodies of 64 KB and
// more are compressed for clients that accept gzip, smaller ones and other clients get them as
// they are, and QNetworkAccessManager (which asks for gzip unless told otherwise) decodes them.

#include "sim/bodycompressor.h"
#include "sim/vcdsimulator.h"

#include "common/httpclient.h"

#include <QTest>

#include <zlib.h>

using namespace Qt::StringLiterals;
using namespace vcd::sim;
using namespace vcd::test;

namespace {

QByteArray gunzip(const QByteArray &gz)
{
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return {};
    QByteArray out;
    char chunk[16384];
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gz.constData()));
    z.avail_in = uInt(gz.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef *>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof chunk - z.avail_out));
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}

} // namespace

class TestBodyCompressor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptsGzip_data();
    void acceptsGzip();
    void roundTrip();
    void overHttp();
};

void TestBodyCompressor::acceptsGzip_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("none") << QByteArray() << false;
    QTest::newRow("gzip") << QByteArray("gzip") << true;
    QTest::newRow("QNAM's") << QByteArray("gzip, deflate") << true;
    QTest::newRow("case and spaces") << QByteArray(" deflate ,  GZip ") << true;
    QTest::newRow("x-gzip") << QByteArray("x-gzip") << true;
    QTest::newRow("identity") << QByteArray("identity") << false;
    QTest::newRow("deflate only") << QByteArray("deflate, br") << false;
    QTest::newRow("refused") << QByteArray("gzip;q=0, identity") << false;
    QTest::newRow("weighted") << QByteArray("br;q=1.0, gzip;q=0.5") << true;
    QTest::newRow("star") << QByteArray("*") << true;
    QTest::newRow("star but not gzip") << QByteArray("*, gzip;q=0") << false;
}

void TestBodyCompressor::acceptsGzip()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, accepted);
    QCOMPARE(BodyCompressor::acceptsGzip(header), accepted);
}

void TestBodyCompressor::roundTrip()
{
    QByteArray body;
    for (int i = 0; i < 5000; ++i)
        body += "<VMRecord name=\"vm-" + QByteArray::number(i) + "\" status=\"POWERED_ON\"/>\n";
    const QByteArray gz = BodyCompressor::gzip(body);
    QVERIFY(!gz.isEmpty());
    QVERIFY(gz.startsWith("\x1f\x8b")); // the gzip magic (RFC 1952)
    QVERIFY(gz.size() < body.size() / 4);
    QCOMPARE(gunzip(gz), body);
    QCOMPARE(gunzip(BodyCompressor::gzip(QByteArray())), QByteArray());
    QVERIFY(!BodyCompressor::worthCompressing(64 * 1024 - 1));
    QVERIFY(BodyCompressor::worthCompressing(64 * 1024));
}

void TestBodyCompressor::overHttp()
{
    SimConfig cfg;
    cfg.scenario = u"generate"_s;
    cfg.orgs = 2;
    cfg.vappsPerVdc = 40;
    VcdSimulator sim(cfg);
    QString error;
    QVERIFY2(sim.start(&error), qPrintable(error));
    const QString base = sim.baseUrl().toString();

    HttpClient http;
    http.setApiVersion(u"37.2"_s);
    const HttpResult login =
        http.post(QUrl(base + u"/api/sessions"_s), {}, {},
                  {{"Authorization", basicAuth(u"administrator"_s, u"System"_s, u"demo"_s)}});
    QCOMPARE(login.status, 200);
    http.setDefaultHeader("x-vcloud-authorization", login.header("x-vcloud-authorization"));
    // 240 VMs with every attribute: a page of 128 is well over 64 KB.
    const QUrl page(base + u"/api/query?type=adminVM&page=1&pageSize=128"_s);

    const HttpResult plain = http.get(page, {{"Accept-Encoding", "identity"}});
    QCOMPARE(plain.status, 200);
    QVERIFY2(plain.body.size() >= BodyCompressor::kMinimumSize, QByteArray::number(plain.body.size()));
    QVERIFY(plain.header("Content-Encoding").isEmpty());

    // Asked for explicitly, QNAM hands the bytes over as they came.
    const HttpResult gz = http.get(page, {{"Accept-Encoding", "gzip"}});
    QCOMPARE(gz.status, 200);
    QCOMPARE(gz.header("Content-Encoding"), QByteArray("gzip"));
    QCOMPARE(gz.header("Content-Length").toLongLong(), gz.body.size());
    QVERIFY(gz.body.size() < plain.body.size() / 4);
    QCOMPARE(gunzip(gz.body), plain.body);
    QVERIFY(gz.header("Vary").contains("Accept-Encoding"));

    // Left to QNAM, it asks for gzip and decodes.
    const HttpResult decoded = http.get(page);
    QCOMPARE(decoded.status, 200);
    QCOMPARE(decoded.body, plain.body);

    // Below 64 KB nothing is compressed, whatever the client accepts.
    const HttpResult small =
        http.get(QUrl(base + u"/api/query?type=adminVM&page=1&pageSize=5"_s), {{"Accept-Encoding", "gzip"}});
    QCOMPARE(small.status, 200);
    QVERIFY(small.body.size() < BodyCompressor::kMinimumSize);
    QVERIFY(small.header("Content-Encoding").isEmpty());
    QVERIFY(small.body.startsWith("<?xml"));
}

QTEST_GUILESS_MAIN(TestBodyCompressor)
#include "tst_bodycompressor.moc"
